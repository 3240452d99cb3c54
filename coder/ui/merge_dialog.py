"""Merge projects…: choose the inputs and the new file, read the report of what would
happen, then merge. Nothing is written until Merge is pressed; inputs are only read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from coder.errors import CoderError
from coder.progress import Part, Progress
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_report import summary_lines, write_report
from coder.teamwork.merge_write import write_merge
from coder.ui import file_dialogs
from coder.ui.jobs import ProgressJob
from coder.ui.screen_fit import fit_size


def _plan_report(paths: list[Path], progress: Progress) -> dict:
    with plan_merge(paths, progress) as plan:
        return plan.report


def _merge(paths: list[Path], out: Path, progress: Progress) -> dict:
    with plan_merge(paths, Part(progress, 0, 2)) as plan:
        progress.step(1, 2)  # planned: the last moment to stop before writing
        write_merge(plan, out)
        return plan.report


class MergeDialog(QDialog):
    merged = Signal(str)  # the new project's path

    def __init__(self, inputs: list[str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge projects")
        self.report: dict | None = None
        self.job: ProgressJob | None = None
        self.inputs = QListWidget()
        self.inputs.setAccessibleName("Projects to merge")
        for path in inputs or []:
            self.inputs.addItem(path)
        add = QPushButton("&Add projects…")
        add.clicked.connect(self._add)
        remove = QPushButton("&Remove")
        remove.clicked.connect(self._remove)
        self.out = QLineEdit(placeholderText="The merged project: a new .rcproj file")
        self.out.setAccessibleName("Merged project file")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        self.check_button = QPushButton("&Check")
        self.check_button.clicked.connect(self.check)
        self.merge_button = QPushButton("&Merge")
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self.merge)
        self.save_report_button = QPushButton("&Save report…")
        self.save_report_button.setEnabled(False)
        self.save_report_button.clicked.connect(self._save_report)
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setAccessibleName("Merge report")
        self.text.setPlaceholderText(
            "Add the projects to merge and press Check: the report of what the merge would "
            "do appears here before anything is written."
        )
        self.status = QLabel()
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()
        out_row = QHBoxLayout()
        out_row.addWidget(self.out)
        out_row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for b in (self.check_button, self.save_report_button, self.merge_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Projects to merge (they are only read)"))
        layout.addWidget(self.inputs)
        layout.addLayout(row)
        layout.addWidget(QLabel("Merged project"))
        layout.addLayout(out_row)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        fit_size(self, 720, 560)

    def paths(self) -> list[Path]:
        return [Path(self.inputs.item(i).text()) for i in range(self.inputs.count())]

    def _add(self) -> None:
        files, _ = file_dialogs.getOpenFileNames(
            self, "Projects to merge", str(Path.home()), "Review Coder projects (*.rcproj)"
        )
        for f in files:
            self.inputs.addItem(f)
        self._invalidate()

    def _remove(self) -> None:
        for item in self.inputs.selectedItems():
            self.inputs.takeItem(self.inputs.row(item))
        self._invalidate()

    def _browse(self) -> None:
        path, _ = file_dialogs.getSaveFileName(
            self, "Merged project", str(Path.home() / "merged.rcproj"), "Projects (*.rcproj)"
        )
        if path:
            self.out.setText(path if path.endswith(".rcproj") else path + ".rcproj")

    def _invalidate(self) -> None:
        """The inputs changed: the report shown (and the last merge's line) no longer holds."""
        self.report = None
        self.text.clear()
        self.status.clear()
        self.merge_button.setEnabled(False)
        self.save_report_button.setEnabled(False)

    def _busy(self, message: str) -> None:
        self.status.setText(message)
        for b in (self.check_button, self.merge_button):
            b.setEnabled(False)

    def _run(self, fn, label: str, on_done) -> ProgressJob:
        self.job = ProgressJob(fn, label, self)
        self.job.done.connect(on_done)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self.job.start()
        return self.job

    def check(self) -> ProgressJob | None:
        paths = self.paths()
        if not paths:
            self.status.setText("Add at least one project")
            return None
        self._busy("Reading the projects…")
        return self._run(
            lambda progress: _plan_report(paths, progress), "Reading the projects…", self._checked
        )

    def _checked(self, report: dict) -> None:
        self.report = report
        self.text.setPlainText("\n".join(summary_lines(report)))
        self.status.setText("Nothing has been written. Press Merge to write the merged project.")
        self.check_button.setEnabled(True)
        self.merge_button.setEnabled(True)
        self.save_report_button.setEnabled(True)

    def merge(self) -> ProgressJob | None:
        out = self.out.text().strip()
        if not out:
            self.status.setText("Choose the merged project's file first")
            return None
        if not out.endswith(".rcproj"):
            self.status.setText("The merged project's name must end in .rcproj")
            return None
        if Path(out).exists():
            self.status.setText(f"{out} already exists; choose a new file name")
            return None
        paths = self.paths()
        self._busy("Merging…")
        return self._run(
            lambda progress: _merge(paths, Path(out), progress),
            "Merging…",
            lambda r: self._merged(r, out),
        )

    def _merged(self, report: dict, out: str) -> None:
        self.report = report
        self.text.setPlainText("\n".join([*summary_lines(report), f"wrote {out}"]))
        self.status.setText(f"Merged into {out}")
        self.check_button.setEnabled(True)
        self.merged.emit(out)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.check_button.setEnabled(True)

    def _cancelled(self) -> None:
        self.status.setText("Cancelled: nothing was written")
        self.check_button.setEnabled(True)
        self.merge_button.setEnabled(self.report is not None)

    def _save_report(self) -> None:
        if self.report is None:
            return
        path, _ = file_dialogs.getSaveFileName(
            self,
            "Save the merge report",
            str(Path.home() / "merge-report.html"),
            "Web page (*.html);;JSON (*.json)",
        )
        if path:
            try:
                write_report(self.report, Path(path))
            except CoderError as exc:
                self.status.setText(str(exc))
                return
            self.status.setText(f"Report saved to {path}")
