"""The SQLite project file (``*.rcproj``): schema, migrations, transactions and repositories."""

from coder.project.store import Project

__all__ = ["Project"]
