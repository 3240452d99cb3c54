"""The main window's Analysis menu: analysis views, search across documents (and coding
every hit), theme reports and exports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from coder.analysis.pool import Pool
from coder.analysis.search import Hit
from coder.ids import CodeId
from coder.progress import Progress
from coder.project.store import Project
from coder.ui import commands, file_dialogs
from coder.ui.analysis_view import AnalysisDialog
from coder.ui.code_hits_dialog import CodeHitsDialog
from coder.ui.jobs import ProgressJob
from coder.ui.quick_code import QuickCodeDialog
from coder.ui.session import ProjectSession
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from coder.ui.main_window import MainWindow


class AnalysisActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        a = self.action
        self.analysis_act = a("&Analysis views…", self.show_analysis, "F9")
        self.search_all_act = a("&Search all documents", self.show_search, "Ctrl+Shift+F")
        self.report_act = a("&Theme report for the selected code…", self.report_dialog)
        self.export_act = a("&Export coded data…", self.export_dialog)
        #: the analysis views while open (closed with the project they read)
        self.dialog: AnalysisDialog | None = None
        self.quick_dialog: QuickCodeDialog | None = None
        self.code_hits_dialog: CodeHitsDialog | None = None
        #: the theme report or segments export running (the last one started)
        self.export_job: ProgressJob | None = None

    def menu_actions(self) -> list[QAction]:
        return [self.analysis_act, self.search_all_act, self.report_act, self.export_act]

    def installed(self, session: ProjectSession) -> None:
        search = self.window.search
        assert search is not None
        search.hitActivated.connect(self.go_to_hit)
        search.codeAllRequested.connect(lambda: self.code_all_hits())

    def closing(self) -> None:
        if self.dialog is not None:  # it reads the project being closed
            self.dialog.close()
            self.dialog = None

    def show_analysis(self) -> AnalysisDialog | None:
        if self.session is None:
            return None
        self.dialog = AnalysisDialog(self.session, self.window)
        self.dialog.excerptActivated.connect(self.window.go_to_coding)
        self.dialog.show()
        return self.dialog

    def show_search(self) -> None:
        window = self.window
        if window.search is not None:
            window.search_dock.show()
            window.search_dock.raise_()
            window.search.edit.setFocus()

    def go_to_hit(self, hit: Hit) -> None:
        self.window.go_to_range(hit.document_id, hit.start, hit.end, select=True)

    def code_all_hits(
        self, code_id: str | None = None, confirm: bool = True, extent: str = "hit"
    ) -> bool:
        """Code every hit of the search panel with a code (chosen with the quick-code box
        unless given), after saying how many hits in how many documents and asking whether
        to code each hit, its sentence or its paragraph (``extent`` without ``confirm``)."""
        session, search, codebook = self.session, self.window.search, self.window.codebook
        if session is None or search is None or codebook is None or not search.hits:
            return False
        if code_id is None:
            dialog = QuickCodeDialog(codebook.code_paths(), session.recent_codes, self.window)
            self.quick_dialog = dialog
            if not dialog.exec() or not dialog.chosen:
                return False
            code_id = dialog.chosen
        hits = search.hits
        found: dict[str, list[tuple[int, int]]] = {}
        for h in hits:
            found.setdefault(h.document_id, []).append((h.start, h.end))
        name = codebook.label_of(CodeId(code_id))
        if confirm:
            ask = CodeHitsDialog(len(hits), len(found), name, self.window)
            self.code_hits_dialog = ask
            if not ask.exec():
                return False
            extent = ask.extent()
        command = commands.code_hits_command(session, code_id, found, name, extent)
        if not session.push(command):
            return False
        assert command.result is not None  # pushed: the command ran
        added, skipped = command.result.added, command.result.skipped
        message = f"Coded {_hits(added)} with '{name}'"
        if skipped:
            message += f"; {_hits(skipped)} skipped, already inside a coding of it by you"
        self.status(message, 10000)
        return True

    def report_dialog(self) -> None:
        codebook = self.window.codebook
        code_id = codebook.current_code() if codebook else None
        if self.session is None or code_id is None:
            self.status("Select a code in the codebook first")
            return
        path, _ = file_dialogs.getSaveFileName(
            self.window, "Theme report", str(Path.home()), "Web page (*.html);;PDF document (*.pdf)"
        )
        if path:
            self.write_report(code_id, Path(path))

    def write_report(self, code_id: str, path: Path) -> ProgressJob | None:
        """Write the theme report on a job (its own read-only connection), with progress
        and Cancel; the job's ``done`` carries the number of excerpts."""
        session, codebook = self.session, self.window.codebook
        if session is None or codebook is None:
            return None
        source = Path(session.project.path)
        code_path = codebook.path_of(CodeId(code_id))

        def report(progress: Progress) -> int:
            from coder.analysis.report import write_report

            with Project.open(source, read_only=True) as project:
                return write_report(Pool([project]), code_path, path, progress=progress)

        return self._run_export(
            report,
            f"Writing the theme report {path.name}…",
            "Theme report",
            lambda n: f"Wrote {n} excerpts to {path}",
            path,
        )

    def _run_export(
        self,
        fn: Callable[[Progress], int],
        label: str,
        title: str,
        wrote: Callable[[int], str],
        path: Path,
    ) -> ProgressJob:
        self.export_job = job = ProgressJob(fn, label, self.window)
        job.done.connect(lambda n: self.status(wrote(n), 8000))
        job.failed.connect(lambda message: QMessageBox.warning(self.window, title, message))
        job.cancelled.connect(lambda: self.status(f"Cancelled: {path.name} was not written", 8000))
        job.start()
        return job

    def export_dialog(self) -> None:
        if self.session is None:
            return
        path, _ = file_dialogs.getSaveFileName(
            self.window,
            "Export coded data (one row per coding)",
            str(Path.home()),
            "Excel workbook, text kept as text, for Excel (*.xlsx);;"
            "CSV, faithful UTF-8, for pandas and R (*.csv)",
        )
        if path:
            self.export_segments(Path(path))

    def export_segments(self, path: Path) -> ProgressJob | None:
        """Write the segments export on a job, with progress and Cancel; the job's
        ``done`` carries the number of rows."""
        if self.session is None:
            return None
        source = Path(self.session.project.path)

        def export(progress: Progress) -> int:
            from coder.analysis.segments_export import write_segments

            with Project.open(source, read_only=True) as project:
                return write_segments(Pool([project]), path, progress)

        return self._run_export(
            export,
            f"Exporting to {path.name}…",
            "Export",
            lambda n: f"Wrote {n} codings to {path}",
            path,
        )


def _hits(n: int) -> str:
    return f"{n} hit" if n == 1 else f"{n} hits"
