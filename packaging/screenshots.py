"""Screenshots of the main window on the demo project, for the README.

    python packaging/screenshots.py

With no display it starts itself again under a virtual X server (Debian's ``xvfb``
package: ``xvfb-run``), so the app runs on the real xcb platform, not offscreen. It opens
the demo project (made in a scratch data folder), selects a passage and a code, and saves
what the X screen shows to resources/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "screenshots"


def main() -> int:
    if not os.environ.get("DISPLAY"):
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            print("no display and no xvfb-run: install Debian's xvfb package", file=sys.stderr)
            return 2
        command = [xvfb, "-a", "-s", "-screen 0 1440x900x24", sys.executable, __file__]
        return subprocess.run(command, check=False).returncode
    os.environ.setdefault("REVIEW_CODER_DATA", tempfile.mkdtemp(prefix="rc-shots-"))
    os.environ.setdefault("REVIEW_CODER_NAME", "Demo coder")
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from coder.project import codes
    from coder.ui.app import make_app
    from coder.ui.main_window import MainWindow

    app = make_app()
    window = MainWindow()
    window.resize(1440, 900)
    window.move(0, 0)
    window.show()
    window.open_demo()
    OUT.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def grab(name: str, area: tuple[int, int, int, int] = (0, 0, 1440, 900)) -> None:
        app.processEvents()
        path = OUT / name
        QGuiApplication.primaryScreen().grabWindow(0).copy(*area).save(str(path))
        shots.append(path)

    def stage_one() -> None:
        view = window.page_view
        view.fit_width()
        view.go_to_page(2)
        code = codes.find_by_path(
            window.session.project, "Identifying and managing risk/History and linking incidents"
        )
        window.codebook.select_code(code)
        # the number-key legend above the page: the codes "used" most recently
        for path in (
            "Collaborative working/Information sharing",
            "Victim engagement and care/Voice and lived experience",
            "Identifying and managing risk/History and linking incidents",
        ):
            window.session.note_code_used(codes.find_by_path(window.session.project, path))
        text = window.doc.text
        start = text.index("Previous incidents were not linked")
        end = text.index(".", start) + 1
        view.select_range(start, end)
        view.reveal(start, end, flash=False)
        QTimer.singleShot(1500, lambda: (grab("main-window.png"), stage_two()))

    def stage_two() -> None:
        dialog_shown = []

        def shoot_dialog() -> None:
            dialog = window.coding.quick_dialog
            dialog.edit.setText("link")
            dialog.move(520, 240)
            QTimer.singleShot(
                600, lambda: (grab("quick-code.png", (260, 150, 940, 520)), dialog.reject())
            )
            dialog_shown.append(True)

        QTimer.singleShot(300, shoot_dialog)
        window.coding.quick_code()
        QTimer.singleShot(300, stage_three)

    def stage_three() -> None:
        window.review_dock.raise_()
        window.code_dock.raise_()
        window.memo_dock.raise_()
        QTimer.singleShot(800, lambda: (grab("review-and-definition.png"), stage_four()))

    def stage_four() -> None:
        """A second coder's reading of the demo reviews, compared in the agreement view."""
        from coder.coding.operations import code_text
        from coder.project import assignments, coders, codings, documents

        project = window.session.project
        with project.write():
            first = coders.find_coder(project, "Demo coder").id
            second = coders.ensure_coder(project, "Second coder").id
        for doc in documents.list_documents(project):
            mine = [
                c for c in codings.list_codings(project, document_id=doc.id) if c.kind == "text"
            ]
            length = len(documents.document_text(project, doc.id))
            for n, c in enumerate(mine):
                if n % 7 == 3:
                    continue  # passages the second coder did not code
                shift = 0 if n % 6 else 12  # and some read a little differently
                code_text(
                    project,
                    doc.id,
                    c.code_id,
                    second,
                    c.char_start,
                    min(c.char_end + shift, length),
                )
            for who in (first, second):
                assignments.set_status(project, doc.id, who, "done")
        window._on_reloaded()
        window.team.set_stripes_by_coder(True)
        dialog = window.team.show_agreement()
        dialog.level.setCurrentText("segment")
        dialog.resize(900, 560)
        dialog.move(520, 300)
        dialog.compute()
        QTimer.singleShot(2500, lambda: (grab("agreement.png"), window.close()))

    QTimer.singleShot(2500, stage_one)
    app.exec()
    for path in shots:
        print(path.relative_to(ROOT))
    return 0 if len(shots) == 4 else 1


if __name__ == "__main__":
    raise SystemExit(main())
