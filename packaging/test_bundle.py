"""Build the Linux bundle and start it with a clean environment (no project Python on
PATH, no PYTHONPATH, a fresh HOME). Slow, so not in the default test run: .ci/run runs it
when RC_BUILD_BUNDLE=1 (see the README, "Installable app")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "review-coder" / "review-coder"


def _clean_env(home: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "REVIEW_CODER_DATA": str(home / "data"),
        "REVIEW_CODER_NAME": "Bundle test",
        "LANG": "C.UTF-8",
    }


def test_the_linux_bundle_builds_and_starts_without_the_project_environment(tmp_path):
    if os.environ.get("RC_SKIP_BUILD") != "1":
        build = subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "build.py")],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        assert build.returncode == 0, build.stderr[-2000:]
    assert BUNDLE.exists()
    env = _clean_env(tmp_path)
    version = subprocess.run(
        [str(BUNDLE), "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert version.returncode == 0, version.stderr[-2000:]
    from coder import __version__

    assert version.stdout.strip() == f"review-coder {__version__}"
    demo = subprocess.run(
        [str(BUNDLE), "demo", "--quit-after", "4"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert demo.returncode == 0, demo.stderr[-2000:]
    assert (tmp_path / "data" / "demo.rcproj").exists()
    info = subprocess.run(
        [str(BUNDLE), "info", str(tmp_path / "data" / "demo.rcproj"), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert info.returncode == 0, info.stderr[-2000:]
    facts = json.loads(info.stdout)
    assert (len(facts["documents"]), facts["codes"], facts["codings"]) == (3, 45, 383)
    platforms = {
        p.name
        for p in (
            BUNDLE.parent / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms"
        ).iterdir()
    }
    assert {"libqxcb.so", "libqoffscreen.so"} <= platforms
    # the AGPL's source travels with the program, where the About dialog says it is
    source = BUNDLE.parent / "_internal" / "source"
    assert (source / "coder" / "launcher.py").exists() and (source / "LICENSE").exists()
