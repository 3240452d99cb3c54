"""Undo commands for case data: every edit returns the rows of the records it touched
before and after, so undo puts ``before`` back and redo ``after``, with the same UUIDs."""

from __future__ import annotations

from collections.abc import Callable

from coder.coding import casedata
from coder.coding.casedata import CaseEdit
from coder.coding.changes import ChangeSet
from coder.ui.commands import CoreCommand


class CaseEditCommand(CoreCommand):
    """One case-data edit (add, set a field, delete, link a passage) as one undoable step."""

    def __init__(self, session, text: str, action: Callable[[], CaseEdit]) -> None:
        super().__init__(session, text)
        self._action = action
        self.edit: CaseEdit | None = None

    def do(self) -> ChangeSet:
        self.edit = self._action()
        return self.edit.changes

    def undo_(self) -> ChangeSet:
        assert self.edit is not None
        return casedata.apply_rows(
            self.session.project, self.edit.before, self.session.coder_id(), f"undo: {self.text()}"
        )

    def redo_(self) -> ChangeSet:
        assert self.edit is not None
        return casedata.apply_rows(
            self.session.project, self.edit.after, self.session.coder_id(), f"redo: {self.text()}"
        )
