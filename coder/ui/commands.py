"""One ``QUndoCommand`` per user action. Each calls core functions and nothing else.

``run_first`` performs the action when the user asks for it (errors become a message,
and the command is not pushed); ``undo`` restores the rows as they were, and a later
``redo`` restores the rows the action produced, so ids stay the same throughout.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from coder.coding import edits, reviews
from coder.coding.changes import ChangeSet
from coder.coding.codebooks import load_codebook
from coder.coding.edits import Snapshot
from coder.coding.operations import add_memo, code_area, code_text
from coder.coding.recoding import undo_load
from coder.errors import CoderError
from coder.ids import CodeId, DocumentId
from coder.project import codes
from coder.project.records import Rect


class CoreCommand(QUndoCommand):
    def __init__(self, session, text: str) -> None:  # session: ProjectSession
        super().__init__(text)
        self.session = session
        self._ran = False

    # subclasses implement these three
    def do(self) -> ChangeSet:
        raise NotImplementedError

    def undo_(self) -> ChangeSet:
        raise NotImplementedError

    def redo_(self) -> ChangeSet:
        raise NotImplementedError

    def run_first(self) -> bool:
        try:
            changes = self.do()
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            return False
        self._ran = True
        self.session.changed.emit(changes)
        return True

    def redo(self) -> None:
        if self._ran:  # QUndoStack.push calls redo(): the action already ran
            self._ran = False
            return
        self._guard(self.redo_)

    def undo(self) -> None:
        self._guard(self.undo_)

    def _guard(self, fn: Callable[[], ChangeSet]) -> None:
        try:
            changes = fn()
        except CoderError as exc:
            self.session.failed.emit(str(exc))
            return
        self.session.changed.emit(changes)


class _SnapshotCommand(CoreCommand):
    """An edit whose undo restores a snapshot, and whose redo runs the edit again."""

    def __init__(self, session, text: str, action: Callable[[], Snapshot]) -> None:
        super().__init__(session, text)
        self._action = action
        self._snapshot: Snapshot | None = None

    def do(self) -> ChangeSet:
        self._snapshot = self._action()
        return _everything()

    def undo_(self) -> ChangeSet:
        assert self._snapshot is not None
        edits.restore(self.session.project, self._snapshot, self.session.coder_id())
        return _everything()

    def redo_(self) -> ChangeSet:
        return self.do()


def _everything() -> ChangeSet:
    return ChangeSet(updated={"code": [], "coding": [], "memo": []})


class _CreateCodingCommand(CoreCommand):
    """Creating a coding: undo deletes it, redo restores the same coding."""

    def __init__(self, session, text: str, action: Callable[[], ChangeSet]) -> None:
        super().__init__(session, text)
        self._action = action
        self._ids: list[str] = []
        self._deleted: Snapshot | None = None

    def do(self) -> ChangeSet:
        changes = self._action()
        self._ids = changes.created.get("coding", [])
        if not self._ids:
            raise CoderError("this passage already has that code from you")
        return changes

    def undo_(self) -> ChangeSet:
        self._deleted = edits.delete_codings(
            self.session.project, self._ids, self.session.coder_id()
        )
        return ChangeSet(deleted={"coding": list(self._ids)})

    def redo_(self) -> ChangeSet:
        assert self._deleted is not None
        return edits.restore(self.session.project, self._deleted, self.session.coder_id())


def code_text_command(
    session, document_id: DocumentId, code_id: CodeId, start: int, end: int, code_name: str
) -> CoreCommand:
    return _CreateCodingCommand(
        session,
        f"Code with '{code_name}'",
        lambda: code_text(session.project, document_id, code_id, session.coder_id(), start, end),
    )


def code_area_command(
    session, document_id: DocumentId, code_id: CodeId, page: int, rect: Rect, code_name: str
) -> CoreCommand:
    return _CreateCodingCommand(
        session,
        f"Code area with '{code_name}'",
        lambda: code_area(session.project, document_id, code_id, session.coder_id(), page, rect),
    )


def delete_codings_command(session, coding_ids: list[str]) -> CoreCommand:
    return _SnapshotCommand(
        session,
        "Delete coding",
        lambda: edits.delete_codings(session.project, coding_ids, session.coder_id()),
    )


def set_effect_command(session, coding_ids: list[str], effect: str | None) -> CoreCommand:
    return _SnapshotCommand(
        session,
        f"Set effect: {effect or 'none'}",
        lambda: edits.set_effect(session.project, coding_ids, effect, session.coder_id()),
    )


def update_code_command(session, code_id: CodeId, label: str, **fields: str) -> CoreCommand:
    return _SnapshotCommand(
        session,
        label,
        lambda: edits.update_code(session.project, code_id, session.coder_id(), **fields),
    )


def move_code_command(
    session, code_id: CodeId, parent_id: CodeId | None, position: int
) -> CoreCommand:
    return _SnapshotCommand(
        session,
        "Move code",
        lambda: edits.move_code(session.project, code_id, parent_id, position, session.coder_id()),
    )


def merge_code_command(session, source: CodeId, target: CodeId) -> CoreCommand:
    return _SnapshotCommand(
        session,
        "Merge codes",
        lambda: edits.merge_code(session.project, source, target, session.coder_id()),
    )


def delete_code_command(session, code_id: CodeId, keep_codings: bool) -> CoreCommand:
    return _SnapshotCommand(
        session,
        "Delete code",
        lambda: edits.delete_code(session.project, code_id, keep_codings, session.coder_id()),
    )


class AddCodeCommand(CoreCommand):
    """A new code; redo brings back the same code (same id)."""

    def __init__(self, session, name: str, parent_id: CodeId | None) -> None:
        super().__init__(session, f"New code '{name}'")
        self._name, self._parent = name, parent_id
        self.code_id: CodeId | None = None
        self._snapshot: Snapshot | None = None

    def do(self) -> ChangeSet:
        self.code_id, self._snapshot = edits.add_code(
            self.session.project,
            self._name,
            self._parent,
            self.session.coder_id(),
            code_id=self.code_id,
        )
        return ChangeSet(created={"code": [self.code_id]})

    def undo_(self) -> ChangeSet:
        assert self._snapshot is not None
        return edits.restore(self.session.project, self._snapshot, self.session.coder_id())

    def redo_(self) -> ChangeSet:
        return self.do()


class AddMemoCommand(CoreCommand):
    def __init__(self, session, target_kind: str, target_id: str | None, text: str) -> None:
        super().__init__(session, "Add memo")
        self._args = (target_kind, target_id, text)
        self._memo_id: str | None = None
        self._deleted: Snapshot | None = None

    def do(self) -> ChangeSet:
        self._memo_id = add_memo(self.session.project, *self._args, self.session.coder_id())
        return ChangeSet(created={"memo": [self._memo_id]})

    def undo_(self) -> ChangeSet:
        assert self._memo_id is not None
        self._deleted = edits.delete_memos(
            self.session.project, [self._memo_id], self.session.coder_id()
        )
        return ChangeSet(deleted={"memo": [self._memo_id]})

    def redo_(self) -> ChangeSet:
        assert self._deleted is not None
        return edits.restore(self.session.project, self._deleted, self.session.coder_id())


class _ReviewCommand(CoreCommand):
    """A review edit whose undo restores the reviews, values and documents it touched."""

    def __init__(self, session, text: str, action) -> None:
        super().__init__(session, text)
        self._action = action
        self._snapshot = None

    def do(self) -> ChangeSet:
        self._snapshot = self._action()
        return ChangeSet(updated={"review": []})

    def undo_(self) -> ChangeSet:
        reviews.restore(self.session.project, self._snapshot, self.session.coder_id())
        return ChangeSet(updated={"review": []})

    def redo_(self) -> ChangeSet:
        return self.do()


def set_attribute_command(
    session, review_id: str, attribute_id: str, value, label: str
) -> CoreCommand:
    return _ReviewCommand(
        session,
        f"Set {label}",
        lambda: reviews.set_attribute(
            session.project, review_id, attribute_id, value, session.coder_id()
        ),
    )


def rename_review_command(session, review_id: str, name: str) -> CoreCommand:
    return _ReviewCommand(
        session,
        "Rename review",
        lambda: reviews.rename_review(session.project, review_id, name, session.coder_id()),
    )


def group_documents_command(session, document_ids: list[str]) -> CoreCommand:
    return _ReviewCommand(
        session,
        "Group documents into one review",
        lambda: reviews.group_documents(session.project, document_ids, session.coder_id()),
    )


def separate_document_command(session, document_id: str) -> CoreCommand:
    return _ReviewCommand(
        session,
        "Make the document a review of its own",
        lambda: reviews.separate_document(session.project, document_id, session.coder_id()),
    )


def edit_memo_command(session, memo_id: str, text: str) -> CoreCommand:
    return _SnapshotCommand(
        session,
        "Edit memo",
        lambda: edits.edit_memo(session.project, memo_id, text, session.coder_id()),
    )


def delete_memo_command(session, memo_id: str) -> CoreCommand:
    return _SnapshotCommand(
        session,
        "Delete memo",
        lambda: edits.delete_memos(session.project, [memo_id], session.coder_id()),
    )


class LoadCodebookCommand(CoreCommand):
    """Loading a codebook file: undo removes the codes it added and restores the
    definitions it filled in; redo loads it again (the file's ids, so the same codes)."""

    def __init__(self, session, codebook) -> None:
        super().__init__(session, f"Load codebook '{codebook.title}'")
        self._codebook = codebook
        self._snapshot: Snapshot | None = None
        self.report = None

    def do(self) -> ChangeSet:
        project = self.session.project
        before = [c.id for c in codes.list_codes(project)]
        kept = edits.snapshot(project, before, [])
        self.report = load_codebook(project, self._codebook, self.session.coder_id())
        had = set(before)
        added = [c.id for c in codes.list_codes(project) if c.id not in had]
        depth = codes.code_tree(project)
        added.sort(key=lambda c: len(depth.names(c)), reverse=True)  # children first
        self._snapshot = Snapshot(codes=kept.codes, created_codes=tuple(added))
        return ChangeSet(created={"code": added})

    def undo_(self) -> ChangeSet:
        assert self._snapshot is not None and self.report is not None
        undo_load(
            self.session.project, self._snapshot, self.report.flagged, self.session.coder_id()
        )
        return _everything()

    def redo_(self) -> ChangeSet:
        return self.do()


def code_hits_command(session, code_id, found, code_name: str) -> CoreCommand:
    """Code every search hit (``found``: document id -> ranges) as one undoable step."""
    from coder.coding.autocode import code_matches

    return _CreateCodingCommand(
        session,
        f"Code {sum(len(v) for v in found.values())} hits with '{code_name}'",
        lambda: code_matches(session.project, code_id, session.coder_id(), found),
    )
