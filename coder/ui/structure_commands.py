"""The undoable structure corrections: one ``QUndoCommand`` kind, calling core functions."""

from __future__ import annotations

from collections.abc import Callable

from coder.coding import structure as ops
from coder.project.edit import Changes
from coder.ui.commands import CoreCommand


class CorrectStructureCommand(CoreCommand):
    """A correction (a section's kind, a merged heading, a marked paragraph): undo removes
    it, redo puts the same correction back."""

    def __init__(
        self,
        session,
        text: str,
        document_id: str,
        action: Callable[[], ops.StructureEdit],
    ) -> None:
        super().__init__(session, text)
        self.document_id = document_id
        self._action = action
        self.edit: ops.StructureEdit | None = None

    def _changes(self) -> Changes:
        return Changes.of(structure=[self.document_id])

    def do(self) -> Changes:
        self.edit = self._action()
        return self._changes()

    def undo_(self) -> Changes:
        assert self.edit is not None
        ops.undo_correction(self.session.project, self.edit)
        return self._changes()

    def redo_(self) -> Changes:
        assert self.edit is not None
        ops.redo_correction(self.session.project, self.edit)
        return self._changes()
