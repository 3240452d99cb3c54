"""The undo commands. Every core mutation returns an ``Edit`` (``coder.project.edit``), so
one command serves them all: ``EditCommand`` runs the mutation once when the user asks
(an error becomes a message and nothing is pushed), and undo and redo put the edit's
``before`` and ``after`` rows back through the repositories, with the same UUIDs.

A gesture on several items (dropping N codes) is one ``EditCommand`` whose action runs
every step in one transaction and returns the sum of their edits: one undo step.
``ProjectSession.push`` is the one place that pushes commands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from coder.coding import edits, reviews
from coder.coding.codebooks import load_codebook
from coder.coding.operations import add_memo, code_area, code_text
from coder.errors import CoderError
from coder.ids import CodeId, DocumentId
from coder.project import edit as core_edit
from coder.project.edit import Edit
from coder.project.records import Rect


class EditCommand(QUndoCommand):
    """One user action as one undo step: ``action`` is a core mutation returning an
    ``Edit`` (or a report carrying one as ``.edit``, kept as ``result``). With ``empty``,
    an action that changed nothing is refused with that message and not pushed."""

    def __init__(
        self, session, text: str, action: Callable[[], Any], empty: str | None = None
    ) -> None:  # session: ProjectSession
        super().__init__(text)
        self.session = session
        self._ran = False
        self._action = action
        self._empty = empty
        self.result: Any = None
        self.edit: Edit | None = None

    def run_first(self) -> bool:
        """Run the action (``ProjectSession.push`` calls this before pushing)."""
        try:
            changes = self.do()
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            return False
        self._ran = True
        self.session.changed.emit(changes)
        return True

    def do(self) -> core_edit.Changes:
        self.result = self._action()
        self.edit = self.result if isinstance(self.result, Edit) else self.result.edit
        if self._empty and not self.edit:
            raise CoderError(self._empty)
        return self.edit.changes

    def redo(self) -> None:
        if self._ran:  # QUndoStack.push calls redo(): the action already ran
            self._ran = False
            return
        assert self.edit is not None
        self._apply(self.edit, "redo")

    def undo(self) -> None:
        assert self.edit is not None
        self._apply(self.edit.inverse(), "undo")

    def _apply(self, edit: Edit, how: str) -> None:
        try:
            changes = core_edit.apply(
                self.session.project, edit, self.session.coder_id(), f"{how}: {self.text()}"
            )
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            return
        self.session.changed.emit(changes)


def all_of(session, steps: Sequence[Callable[[], Edit]]) -> Callable[[], Edit]:
    """An action running ``steps`` in one transaction and returning their summed edit:
    all of them happen, or (when one fails) none."""

    def run() -> Edit:
        total = Edit()
        with session.project.write():
            for step in steps:
                total = total + step()
        return total

    return run


# -- codings --------------------------------------------------------------------------------


def code_text_command(
    session, document_id: DocumentId, code_id: CodeId, start: int, end: int, code_name: str
) -> EditCommand:
    return EditCommand(
        session,
        f"Code with '{code_name}'",
        lambda: code_text(session.project, document_id, code_id, session.coder_id(), start, end),
        empty="this passage already has that code from you",
    )


def code_area_command(
    session, document_id: DocumentId, code_id: CodeId, page: int, rect: Rect, code_name: str
) -> EditCommand:
    return EditCommand(
        session,
        f"Code area with '{code_name}'",
        lambda: code_area(session.project, document_id, code_id, session.coder_id(), page, rect),
    )


def code_hits_command(session, code_id, found, code_name: str, extent: str = "hit") -> EditCommand:
    """Code every search hit (``found``: document id -> ranges), each widened to ``extent``
    (hit, sentence or paragraph), as one undoable step. The command's ``result`` is the
    ``CodedHits``: how many were added, and how many skipped as inside a coding of the code
    by this coder already."""
    from coder.coding.autocode import code_matches
    from coder.text.extent import check_extent

    extent_ = check_extent(extent)

    def action():
        done = code_matches(session.project, code_id, session.coder_id(), found, None, extent_)
        if not done.added:
            raise CoderError(
                f"every hit is inside a coding of '{code_name}' by you already "
                f"({done.skipped} skipped)"
            )
        return done

    return EditCommand(
        session, f"Code {sum(len(v) for v in found.values())} hits with '{code_name}'", action
    )


def delete_codings_command(session, coding_ids: list[str]) -> EditCommand:
    return EditCommand(
        session,
        "Delete coding",
        lambda: edits.delete_codings(session.project, coding_ids, session.coder_id()),
    )


def set_effect_command(session, coding_ids: list[str], effect: str | None) -> EditCommand:
    return EditCommand(
        session,
        f"Set effect: {effect or 'none'}",
        lambda: edits.set_effect(session.project, coding_ids, effect, session.coder_id()),
    )


# -- codes ----------------------------------------------------------------------------------


def add_code_command(session, name: str, parent_id: CodeId | None) -> EditCommand:
    """A new code; ``command.edit.created("code")`` names it."""
    return EditCommand(
        session,
        f"New code '{name}'",
        lambda: edits.add_code(session.project, name, parent_id, session.coder_id()),
    )


def update_code_command(session, code_id: CodeId, label: str, **fields: str) -> EditCommand:
    return EditCommand(
        session,
        label,
        lambda: edits.update_code(session.project, code_id, session.coder_id(), **fields),
    )


def move_codes_command(session, moves: Sequence[tuple[CodeId, CodeId | None, int]]) -> EditCommand:
    """Move codes (code, new parent, position), in order, as one undo step."""
    steps = [
        lambda c=c, p=p, i=i: edits.move_code(session.project, c, p, i, session.coder_id())
        for c, p, i in moves
    ]
    text = "Move code" if len(moves) == 1 else f"Move {len(moves)} codes"
    return EditCommand(session, text, all_of(session, steps))


def merge_code_command(session, source: CodeId, target: CodeId) -> EditCommand:
    return EditCommand(
        session,
        "Merge codes",
        lambda: edits.merge_code(session.project, source, target, session.coder_id()),
    )


def delete_code_command(session, code_id: CodeId, keep_codings: bool) -> EditCommand:
    return EditCommand(
        session,
        "Delete code",
        lambda: edits.delete_code(session.project, code_id, keep_codings, session.coder_id()),
    )


def load_codebook_command(session, codebook) -> EditCommand:
    """Loading a codebook file; ``command.result`` is its ``LoadReport``."""
    return EditCommand(
        session,
        f"Load codebook '{codebook.title}'",
        lambda: load_codebook(session.project, codebook, session.coder_id()),
    )


# -- memos ----------------------------------------------------------------------------------


def add_memo_command(session, target_kind: str, target_id: str | None, text: str) -> EditCommand:
    return EditCommand(
        session,
        "Add memo",
        lambda: add_memo(session.project, target_kind, target_id, text, session.coder_id()),
    )


def edit_memo_command(session, memo_id: str, text: str) -> EditCommand:
    return EditCommand(
        session,
        "Edit memo",
        lambda: edits.edit_memo(session.project, memo_id, text, session.coder_id()),
    )


def delete_memo_command(session, memo_id: str) -> EditCommand:
    return EditCommand(
        session,
        "Delete memo",
        lambda: edits.delete_memos(session.project, [memo_id], session.coder_id()),
    )


# -- reviews ------------------------------------------------------------------------------


def set_attribute_command(
    session, review_id: str, attribute_id: str, value, label: str
) -> EditCommand:
    return EditCommand(
        session,
        f"Set {label}",
        lambda: reviews.set_attribute(
            session.project, review_id, attribute_id, value, session.coder_id()
        ),
    )


def set_provenance_command(session, review_id: str, value) -> EditCommand:
    return EditCommand(
        session,
        "Set where the review came from",
        lambda: reviews.set_provenance(session.project, review_id, value, session.coder_id()),
    )


def rename_review_command(session, review_id: str, name: str) -> EditCommand:
    return EditCommand(
        session,
        "Rename review",
        lambda: reviews.rename_review(session.project, review_id, name, session.coder_id()),
    )


def group_documents_command(session, document_ids: list[str]) -> EditCommand:
    return EditCommand(
        session,
        "Group documents into one review",
        lambda: reviews.group_documents(session.project, document_ids, session.coder_id()),
    )


def separate_document_command(session, document_id: str) -> EditCommand:
    return EditCommand(
        session,
        "Make the document a review of its own",
        lambda: reviews.separate_document(session.project, document_id, session.coder_id()),
    )
