"""The PySide6 desktop app: a thin front end over the Qt-free core. Only this package
imports Qt."""
