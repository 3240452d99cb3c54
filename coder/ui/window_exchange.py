"""File → Import / Export a REFI-QDA project (.qdpx). The work runs on a background job
with progress and Cancel, and a report says what was not carried over."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import ImportReport, import_qdpx
from coder.progress import Progress
from coder.project.store import Project
from coder.ui import file_dialogs
from coder.ui.jobs import ProgressJob
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


def _export(path: Path, out: Path, progress: Progress) -> dict:
    with Project.open(path, read_only=True) as project:
        return export_qdpx(project, out, progress)


class ExchangeActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.import_qdpx_act = self.action(
            "Import a REFI-QDA project (.qdpx)…", self.import_qdpx_dialog
        )
        self.export_qdpx_act = self.action(
            "Export as a REFI-QDA project (.qdpx)…", self.export_qdpx_dialog
        )
        #: the import or export running (the last one started)
        self.job: ProgressJob | None = None
        #: the report of the last import
        self.import_report: QMessageBox | None = None

    def update_actions(self) -> None:
        self.export_qdpx_act.setEnabled(self.session is not None)

    def export_qdpx_dialog(self) -> None:
        if self.session is None:
            return
        default = Path.home() / f"{Path(self.session.project.path).stem}.qdpx"
        path, _ = file_dialogs.getSaveFileName(
            self.window, "Export as a REFI-QDA project", str(default), "REFI-QDA project (*.qdpx)"
        )
        if path:
            self.export_qdpx(Path(path if path.endswith(".qdpx") else path + ".qdpx"))

    def export_qdpx(self, out: Path) -> ProgressJob | None:
        if self.session is None:
            return None
        source = Path(self.session.project.path)
        self.status(f"Writing {out.name}…", 0)
        job = self.job = ProgressJob(
            lambda progress: _export(source, out, progress), f"Writing {out.name}…", self.window
        )
        job.done.connect(
            lambda c: self.status(
                f"Wrote {out}: {c['documents']} documents, {c['codes']} codes, "
                f"{c['codings']} codings, {c['memos']} memos"
                + (f"; not exported: {', '.join(c['not_exported'])}" if c["not_exported"] else ""),
                10000,
            )
        )
        job.failed.connect(lambda m: QMessageBox.warning(self.window, "Export", m))
        job.cancelled.connect(lambda: self.status(f"Cancelled: {out.name} was not written", 10000))
        job.start()
        return job

    def import_qdpx_dialog(self) -> None:
        path, _ = file_dialogs.getOpenFileName(
            self.window,
            "Import a REFI-QDA project",
            str(Path.home()),
            "REFI-QDA project (*.qdpx *.qde *.xml)",
        )
        if not path:
            return
        out, _ = file_dialogs.getSaveFileName(
            self.window,
            "Save the imported project as",
            str(Path(path).with_suffix(".rcproj")),
            "Review Coder project (*.rcproj)",
        )
        if out:
            self.import_qdpx(Path(path), Path(out if out.endswith(".rcproj") else out + ".rcproj"))

    def import_qdpx(self, path: Path, out: Path) -> ProgressJob:
        who = self.window.projects.ask_coder()
        self.status(f"Importing {path.name}…", 0)
        job = self.job = ProgressJob(
            lambda progress: import_qdpx(path, out, who, progress),
            f"Importing {path.name}…",
            self.window,
        )
        job.done.connect(lambda report: self._imported(report, out))
        job.failed.connect(lambda m: QMessageBox.warning(self.window, "Import", m))
        job.cancelled.connect(lambda: self.status(f"Cancelled: {out.name} was not written", 10000))
        job.start()
        return job

    def _imported(self, report: ImportReport, out: Path) -> None:
        counts = report.counts
        summary = ", ".join(
            f"{counts[k]} {k}"
            for k in ("documents", "codes", "codings", "coders", "reviews", "attributes", "memos")
            if counts.get(k)
        )
        self.import_report = box = QMessageBox(self.window)
        box.setWindowTitle("Imported")
        box.setText(
            f"Created {out.name} from '{report.name}' ({report.origin or 'unknown origin'}): "
            f"{summary or 'nothing'}."
            + (
                f" {len(report.not_imported)} item(s) were not carried over: see Details."
                if report.not_imported
                else " Everything was carried over."
            )
        )
        if report.not_imported:
            box.setDetailedText("\n".join(report.not_imported))
        box.open()
        self.window.open_project(out)
