"""The open project, seen from the UI: the one place that runs edits and pushes undo
commands, and tells the views what changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from coder.errors import ProjectLockedError
from coder.ids import CoderId
from coder.project import coders
from coder.project.edit import Changes
from coder.project.store import Project


class ProjectSession(QObject):
    """Holds the open ``Project``, the coder, and the undo stack."""

    changed = Signal(object)  # Changes: views refresh only for the kinds it names
    reloaded = Signal()  # another program changed the file: refresh everything
    failed = Signal(str)  # a one-line message for the status bar / a dialog
    recentChanged = Signal()  # the codes the number keys apply

    def __init__(
        self,
        project: Project,
        coder_name: str,
        lock_message: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.lock_message = lock_message
        self.undo_stack = QUndoStack(self)
        self.recent_codes: list[str] = []
        self._coder_name = coder_name
        self._coder_id: CoderId | None = None
        self._data_version = project.data_version()
        self._watch = QTimer(self)
        self._watch.setInterval(1000)
        self._watch.timeout.connect(self.check_external_changes)
        self._watch.start()

    @classmethod
    def open(cls, path: str | Path, coder_name: str) -> ProjectSession:
        """Open for writing, or read-only (with the reason kept) when someone else writes."""
        try:
            project = Project.open(path, user=coder_name)
            message = ""
        except ProjectLockedError as exc:
            project = Project.open(path, read_only=True)
            message = str(exc)
        return cls(project, coder_name, message)

    @property
    def read_only(self) -> bool:
        return self.project.read_only

    @property
    def coder_name(self) -> str:
        return self._coder_name

    def set_coder_name(self, name: str) -> None:
        self._coder_name = name
        self._coder_id = None
        self.changed.emit(Changes.of(coder=[name]))

    def coder_id(self) -> CoderId | None:
        """The current coder's id, created on first use (None while read-only)."""
        if self._coder_id is None and not self.read_only:
            with self.project.write():
                self._coder_id = coders.ensure_coder(self.project, self._coder_name).id
        elif self._coder_id is None:
            found = coders.find_coder(self.project, self._coder_name)
            self._coder_id = found.id if found else None
        return self._coder_id

    def push(self, command: QUndoCommand) -> bool:
        """Run a command's action now and, if it worked, put it on the undo stack."""
        from coder.ui.commands import EditCommand

        assert isinstance(command, EditCommand)
        if not command.run_first():
            return False
        self.undo_stack.push(command)
        return True

    def note_code_used(self, code_id: str) -> None:
        recent = [code_id, *[c for c in self.recent_codes if c != code_id]][:9]
        if recent != self.recent_codes:
            self.recent_codes = recent
            self.recentChanged.emit()

    def check_external_changes(self) -> None:
        try:
            version = self.project.data_version()
        except Exception:  # closed under us: nothing to watch
            return
        if version != self._data_version:
            self._data_version = version
            self.project.cache.clear()
            self.reloaded.emit()

    def close(self) -> None:
        self._watch.stop()
        self.undo_stack.clear()
        self.project.close()
