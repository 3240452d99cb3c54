"""What the window shows with no project open, and the About text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from coder._version import __version__
from coder.ui import settings

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


def source_location() -> Path:
    """Where this version's complete source is: inside the bundle (``source/``), or the
    source tree the package runs from."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "source"
    return Path(__file__).resolve().parents[2]


def about_text() -> str:
    return (
        f"<h3>Review Coder {__version__}</h3>"
        "<p>Qualitative coding of published case reviews for police learning.</p>"
        "<p>Free software under the GNU Affero General Public License, version 3 or later "
        "(see LICENSE): you may use, study, share and change it; if you share it, or let "
        "others use a changed version over a network, you must offer them its source.</p>"
        f"<p>The complete source of this version is in <code>{source_location()}</code>.</p>"
    )


class StartPage(QWidget):
    """What the window shows with no project open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        title = QLabel(
            "<h2>Review Coder</h2><p>Code published case reviews for police learning.</p>"
        )
        demo = QPushButton("Open the demo project")
        new = QPushButton("New project…")
        open_ = QPushButton("Open…")
        demo.clicked.connect(lambda: window.projects.open_demo())
        new.clicked.connect(lambda: window.projects.new_project())
        open_.clicked.connect(lambda: window.projects.open_dialog())
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent projects")
        self.recent.itemActivated.connect(lambda item: window.open_project(item.text()))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        for b in (demo, new, open_):
            b.setMinimumWidth(240)
            layout.addWidget(b, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(QLabel("Recent projects:"))
        layout.addWidget(self.recent)
        layout.addStretch(2)

    def refresh(self) -> None:
        self.recent.clear()
        self.recent.addItems(settings.recent_projects())
