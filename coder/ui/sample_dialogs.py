"""The sample's windows besides screening (``screening_dialogs``): the duplicate
suggestions to confirm, and the flow diagram. Each decision is one core call; Qt only
shows and asks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from coder.analysis.duplicates import Suggestion, suggest_duplicates
from coder.analysis.flow import sample_flow, write_flow_csv
from coder.analysis.flow_svg import flow_svg, write_flow_png
from coder.atomic import write_bytes
from coder.coding.duplicates import LABELS, decide
from coder.errors import CoderError
from coder.pdf.render import svg_to_png
from coder.project.store import Project
from coder.ui.commands import EditCommand
from coder.ui.jobs import Job
from coder.ui.screen_fit import fit_size

SUGGESTION_COLUMNS = ("kind", "keep", "other", "resemblance", "containment")


def _suggest(path: str, progress) -> list[Suggestion]:
    with Project.open(path, read_only=True) as project:
        return suggest_duplicates(project, progress)


class DuplicatesDialog(QDialog):
    """Suggested pairs, computed on a worker (with progress and Cancel); each confirmed by a
    person as the same review, a duplicate, or different."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Duplicate suggestions")
        fit_size(self, 860, 420)
        self.suggestions: list[Suggestion] = []
        self._cancelled = False
        self.table = QTableWidget(0, len(SUGGESTION_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(SUGGESTION_COLUMNS))
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Suggested pairs")
        self.summary = QLabel("Looking for documents with nearly the same text…")
        self.progress = QProgressBar()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.buttons = {}
        row = QHBoxLayout()
        for decision, label in (
            ("same_review", "&Same review"),
            ("duplicate", "&Duplicate: remove the other"),
            ("different", "Di&fferent"),
        ):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
            button.setEnabled(False)
            self.buttons[decision] = button
            row.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout.addLayout(progress_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.job: Job | None = None
        self.compute()

    def compute(self) -> Job:
        path = str(self.session.project.path)
        self.progress.setRange(0, 0)  # busy: the worker says only when it is done
        self._cancelled = False
        self.job = Job(lambda: _suggest(path, lambda n: not self._cancelled), self)
        self.job.done.connect(self._show)
        self.job.failed.connect(self.summary.setText)
        self.job.start()
        return self.job

    def cancel(self) -> None:
        self._cancelled = True
        self.summary.setText("Cancelled: nothing was looked at")

    def _show(self, found: list[Suggestion]) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.cancel_button.setEnabled(False)
        if self._cancelled:
            return
        self.suggestions = found
        self.table.setRowCount(len(found))
        for r, s in enumerate(found):
            for c, value in enumerate(
                (
                    s.kind,
                    s.first_title,
                    s.second_title,
                    f"{s.resemblance:.2f}",
                    f"{s.containment:.2f}",
                )
            ):
                self.table.setItem(r, c, QTableWidgetItem(value))
        if found:
            self.table.selectRow(0)
        writable = not self.session.read_only
        for button in self.buttons.values():
            button.setEnabled(bool(found) and writable)
        self.summary.setText(
            f"{len(found)} pairs to look at; nothing changes until you decide"
            if found
            else "No pairs with nearly the same text"
        )

    def decide(self, decision: str) -> bool:
        row = self.table.currentRow()
        if not (0 <= row < len(self.suggestions)):
            return False
        s = self.suggestions[row]
        done = self.session.push(
            EditCommand(
                self.session,
                f"'{s.first_title}' and '{s.second_title}': {LABELS[decision]}",
                lambda: decide(
                    self.session.project, s.first, s.second, decision, self.session.coder_name
                ),
            )
        )
        if not done:
            return False
        del self.suggestions[row]
        self.table.removeRow(row)
        for button in self.buttons.values():
            button.setEnabled(bool(self.suggestions))
        self.summary.setText(f"{len(self.suggestions)} pairs left to look at")
        return True


class FlowDialog(QDialog):
    """The flow diagram, as drawn for the SVG, with Save buttons for SVG, PNG and CSV."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Flow diagram")
        fit_size(self, 820, 760)
        project = session.project
        self.flow = sample_flow(project)
        self.svg = flow_svg(self.flow, project.meta("name") or "")
        self.png = svg_to_png(self.svg.encode("utf-8"), zoom=1.0)
        picture = QLabel()
        picture.setAccessibleName("Flow diagram")
        pixmap = QPixmap()
        pixmap.loadFromData(self.png, "PNG")
        picture.setPixmap(pixmap)
        scroll = QScrollArea()
        scroll.setWidget(picture)
        w = self.flow.whole
        self.summary = QLabel(
            f"Identified {w.identified_total}, duplicates removed {w.duplicates_removed}, "
            f"screened {w.screened}, excluded {w.excluded_total}, awaiting {w.awaiting}, "
            f"included {w.included}"
        )
        self.summary.setAccessibleName("Flow numbers")
        save = QPushButton("&Save as SVG, PNG and CSV…")
        save.clicked.connect(self.save_dialog)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(save)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    def save_dialog(self) -> None:
        default = Path(self.session.project.path).with_name("flow.svg")
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the flow diagram", str(default), "SVG image (*.svg)"
        )
        if path:
            self.save(Path(path).with_suffix(".svg"))

    def save(self, svg_path: Path) -> None:
        try:
            write_bytes(svg_path, self.svg.encode("utf-8"))
            write_flow_png(self.svg, svg_path.with_suffix(".png"))
            write_flow_csv(self.flow, svg_path.with_suffix(".csv"))
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            return
        self.summary.setText(f"Saved {svg_path.name}, its PNG and its CSV beside it")
