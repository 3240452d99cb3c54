"""Build the one-folder app with PyInstaller: ``python packaging/build.py``.

Needs ``pip install pyinstaller`` in the project's environment. The result is
``dist/review-coder/`` (on macOS also ``dist/Review Coder.app``); the script prints its
size. Windows and macOS builds run the same command on those systems; see the README.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    if shutil.which("pyinstaller") is None and not _has_module("PyInstaller"):
        print("build: install PyInstaller first: pip install pyinstaller", file=sys.stderr)
        return 2
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--distpath",
        str(ROOT / "dist"),
        "--workpath",
        str(ROOT / "build"),
        str(ROOT / "packaging" / "review-coder.spec"),
    ]
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode:
        return result.returncode
    bundle = ROOT / "dist" / "review-coder"
    print(f"built {bundle} ({folder_size(bundle) / 2**20:.0f} MB)")
    return 0


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    raise SystemExit(main())
