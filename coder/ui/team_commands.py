"""Undoable teamwork actions: assignments, progress marks and adjudication steps."""

from __future__ import annotations

from coder.coding.changes import ChangeSet
from coder.ids import CoderId, DocumentId
from coder.project import assignments, coders
from coder.teamwork import consensus
from coder.ui.commands import CoreCommand


def _changed() -> ChangeSet:
    return ChangeSet(updated={"assignment": []})


class _AssignmentCommand(CoreCommand):
    """Writes assignment rows; undo and redo put back the rows as they were and became."""

    field = ""  # the column this action changes, and its undo and redo put back

    def __init__(self, session, text: str, pairs: list[tuple[str, str]]) -> None:
        super().__init__(session, text)
        self.pairs = pairs
        self._before: assignments.Rows = []
        self._after: assignments.Rows = []

    def apply(self) -> None:
        raise NotImplementedError

    def do(self) -> ChangeSet:
        project = self.session.project
        self._before = assignments.snapshot(project, self.pairs)
        self.apply()
        self._after = assignments.snapshot(project, self.pairs)
        return _changed()

    def undo_(self) -> ChangeSet:
        assignments.restore(self.session.project, self._before, self.session.coder_id(), self.field)
        return _changed()

    def redo_(self) -> ChangeSet:
        assignments.restore(self.session.project, self._after, self.session.coder_id(), self.field)
        return _changed()


class StatusCommand(_AssignmentCommand):
    field = "status"

    def __init__(self, session, document_id: str, status: str) -> None:
        label = assignments.STATUS_LABELS.get(status, status)
        super().__init__(session, f"mark {label}", [(document_id, "")])
        self.document_id = document_id
        self.status = status

    def do(self) -> ChangeSet:
        self.pairs = [(self.document_id, self.session.coder_id())]
        return super().do()

    def apply(self) -> None:
        assignments.set_status(
            self.session.project,
            DocumentId(self.document_id),
            CoderId(self.session.coder_id()),
            self.status,
        )


class AssignCommand(_AssignmentCommand):
    field = "assigned"

    def __init__(
        self, session, document_ids: list[str], coder_names: list[str], assigned: bool = True
    ) -> None:
        verb = "assign" if assigned else "unassign"
        super().__init__(session, f"{verb} {len(document_ids)} documents", [])
        self.document_ids = document_ids
        self.coder_names = coder_names
        self.assigned = assigned

    def do(self) -> ChangeSet:
        project = self.session.project
        with project.write():
            self.coder_ids = [coders.ensure_coder(project, n).id for n in self.coder_names]
        self.pairs = [(d, c) for d in self.document_ids for c in self.coder_ids]
        return super().do()

    def apply(self) -> None:
        assignments.assign(
            self.session.project,
            [DocumentId(d) for d in self.document_ids],
            self.coder_ids,
            self.session.coder_id(),
            self.assigned,
        )


class AdjudicationCommand(CoreCommand):
    """Building the consensus layer, or accepting / rejecting one disagreement."""

    def __init__(self, session, text: str, action) -> None:
        super().__init__(session, text)
        self._action = action
        self._decision: consensus.Decision | None = None

    def do(self) -> ChangeSet:
        self._decision = self._action()
        return ChangeSet(updated={"coding": [], "adjudication": []})

    def undo_(self) -> ChangeSet:
        assert self._decision is not None
        consensus.revert(self.session.project, self._decision, self.session.coder_id())
        return ChangeSet(updated={"coding": [], "adjudication": []})

    def redo_(self) -> ChangeSet:
        assert self._decision is not None
        consensus.reapply(self.session.project, self._decision, self.session.coder_id())
        return ChangeSet(updated={"coding": [], "adjudication": []})


def build_consensus_command(session, names: list[str], overlap: float) -> CoreCommand:
    project = session.project
    return AdjudicationCommand(
        session,
        "build the consensus layer",
        lambda: consensus.build_consensus(project, names, overlap, session.coder_id()),
    )


def decide_command(session, coding_id: str, accept: bool) -> CoreCommand:
    project = session.project
    return AdjudicationCommand(
        session,
        "accept into consensus" if accept else "reject from consensus",
        lambda: consensus.decide(project, coding_id, accept, session.coder_id()),
    )
