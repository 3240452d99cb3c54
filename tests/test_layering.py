"""Run-time twin of the import-linter contract: the core imports without Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import coder


def test_core_modules_import_without_qt():
    names = [
        m.name
        for m in pkgutil.walk_packages(coder.__path__, "coder.")
        if not m.name.startswith("coder.ui") and m.name != "coder.__main__"
    ]
    assert "coder.project.store" in names
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
