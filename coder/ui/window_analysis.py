"""The main window's analysis actions: analysis views, search across documents, theme
reports and exports. A mixin of ``MainWindow``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from coder.analysis.pool import Pool
from coder.analysis.tables import write_table
from coder.errors import CoderError
from coder.ui import commands, file_dialogs
from coder.ui.analysis_view import AnalysisDialog
from coder.ui.code_hits_dialog import CodeHitsDialog
from coder.ui.quick_code import QuickCodeDialog


class AnalysisActions:
    def show_analysis(self) -> AnalysisDialog | None:
        if self.session is None:
            return None
        self.analysis = AnalysisDialog(self.session, self)
        self.analysis.excerptActivated.connect(self.go_to_coding)
        self.analysis.show()
        return self.analysis

    def go_to_coding(self, document_id: str, coding_id: str) -> None:
        if self.doc is None or self.doc.id != document_id:
            self.open_document(document_id)
        assert self.doc is not None
        coding = next((c for c in self.doc.codings if c.id == coding_id), None)
        if coding is not None:
            self.view.reveal_coding(coding)

    def show_search(self) -> None:
        if self.search is not None:
            self.search_dock.show()
            self.search_dock.raise_()
            self.search.edit.setFocus()

    def go_to_hit(self, hit) -> None:
        if self.doc is None or self.doc.id != hit.document_id:
            self.open_document(hit.document_id)
        self.view.select_range(hit.start, hit.end)
        self.view.reveal(hit.start, hit.end)

    def code_all_hits(
        self, code_id: str | None = None, confirm: bool = True, extent: str = "hit"
    ) -> bool:
        """Code every hit of the search panel with a code (chosen with the quick-code box
        unless given), after saying how many hits in how many documents and asking whether
        to code each hit, its sentence or its paragraph (``extent`` without ``confirm``)."""
        if self.session is None or self.search is None or not self.search.hits:
            return False
        if code_id is None:
            dialog = QuickCodeDialog(self.codebook.code_paths(), self.session.recent_codes, self)
            self.quick_dialog = dialog
            if not dialog.exec() or not dialog.chosen:
                return False
            code_id = dialog.chosen
        hits = self.search.hits
        found: dict[str, list[tuple[int, int]]] = {}
        for h in hits:
            found.setdefault(h.document_id, []).append((h.start, h.end))
        name = self.codebook.label_of(code_id)
        if confirm:
            ask = CodeHitsDialog(len(hits), len(found), name, self)
            self.code_hits_dialog = ask
            if not ask.exec():
                return False
            extent = ask.extent()
        command = commands.code_hits_command(self.session, code_id, found, name, extent)
        if not self.session.push(command):
            return False
        message = f"Coded {command.result.added} with '{name}'"
        if command.result is not None and command.result.skipped:
            skipped = command.result.skipped
            message += f"; {skipped} hits skipped, inside a coding of it by you"
        self.statusBar().showMessage(message, 10000)
        return True

    def report_dialog(self) -> None:
        code_id = self.codebook.current_code() if self.codebook else None
        if self.session is None or code_id is None:
            self.statusBar().showMessage("Select a code in the codebook first", 5000)
            return
        path, _ = file_dialogs.getSaveFileName(
            self, "Theme report", str(Path.home()), "Web page (*.html);;PDF document (*.pdf)"
        )
        if path:
            self.write_report(code_id, Path(path))

    def write_report(self, code_id: str, path: Path) -> int:
        from coder.analysis.report import write_report

        try:
            n = write_report(Pool([self.session.project]), self.codebook.path_of(code_id), path)
        except CoderError as exc:
            QMessageBox.warning(self, "Theme report", str(exc))
            return 0
        self.statusBar().showMessage(f"Wrote {n} excerpts to {path}", 8000)
        return n

    def export_dialog(self) -> None:
        if self.session is None:
            return
        path, _ = file_dialogs.getSaveFileName(
            self,
            "Export coded data (one row per coding)",
            str(Path.home()),
            "Excel workbook, text kept as text, for Excel (*.xlsx);;"
            "CSV, faithful UTF-8, for pandas and R (*.csv)",
        )
        if path:
            self.export_segments(Path(path))

    def export_segments(self, path: Path) -> int:
        from coder.analysis.disclosure import guarded_segments, write_beside

        try:
            header, rows, found = guarded_segments(Pool([self.session.project]), path)
            n = write_table(path, header, rows)
            write_beside(found, path)
        except CoderError as exc:
            QMessageBox.warning(self, "Export", str(exc))
            return 0
        self.statusBar().showMessage(f"Wrote {n} codings to {path}", 8000)
        return n
