"""File → Import / Export a REFI-QDA project (.qdpx). A mixin of ``MainWindow``; the work
runs on a background job, and a report says what was not carried over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import ImportReport, import_qdpx
from coder.project.store import Project
from coder.ui import file_dialogs
from coder.ui.jobs import Job


def _export(path: Path, out: Path) -> dict:
    with Project.open(path, read_only=True) as project:
        return export_qdpx(project, out)


class ExchangeActions:
    def export_qdpx_dialog(self) -> None:
        if self.session is None:
            return
        default = Path.home() / f"{Path(self.session.project.path).stem}.qdpx"
        path, _ = file_dialogs.getSaveFileName(
            self, "Export as a REFI-QDA project", str(default), "REFI-QDA project (*.qdpx)"
        )
        if path:
            self.export_qdpx(Path(path if path.endswith(".qdpx") else path + ".qdpx"))

    def export_qdpx(self, out: Path) -> Job | None:
        if self.session is None:
            return None
        source = Path(self.session.project.path)
        self.statusBar().showMessage(f"Writing {out.name}…")
        self.exchange_job = Job(lambda: _export(source, out), self)
        self.exchange_job.done.connect(
            lambda c: self.statusBar().showMessage(
                f"Wrote {out}: {c['documents']} documents, {c['codes']} codes, "
                f"{c['codings']} codings, {c['memos']} memos"
                + (f"; not exported: {', '.join(c['not_exported'])}" if c["not_exported"] else ""),
                10000,
            )
        )
        self.exchange_job.failed.connect(lambda m: QMessageBox.warning(self, "Export", m))
        self.exchange_job.start()
        return self.exchange_job

    def import_qdpx_dialog(self) -> None:
        path, _ = file_dialogs.getOpenFileName(
            self,
            "Import a REFI-QDA project",
            str(Path.home()),
            "REFI-QDA project (*.qdpx *.qde *.xml)",
        )
        if not path:
            return
        out, _ = file_dialogs.getSaveFileName(
            self,
            "Save the imported project as",
            str(Path(path).with_suffix(".rcproj")),
            "Review Coder project (*.rcproj)",
        )
        if out:
            self.import_qdpx(Path(path), Path(out if out.endswith(".rcproj") else out + ".rcproj"))

    def import_qdpx(self, path: Path, out: Path) -> Job:
        who = self.ask_coder()
        self.statusBar().showMessage(f"Importing {path.name}…")
        self.exchange_job = Job(lambda: import_qdpx(path, out, who), self)
        self.exchange_job.done.connect(lambda report: self._imported(report, out))
        self.exchange_job.failed.connect(lambda m: QMessageBox.warning(self, "Import", m))
        self.exchange_job.start()
        return self.exchange_job

    def _imported(self, report: ImportReport, out: Path) -> None:
        counts = report.counts
        summary = ", ".join(
            f"{counts[k]} {k}"
            for k in ("documents", "codes", "codings", "coders", "reviews", "attributes", "memos")
            if counts.get(k)
        )
        self.import_report = box = QMessageBox(self)
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
        self.open_project(out)
