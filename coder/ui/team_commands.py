"""Undoable teamwork actions: assignments, progress marks and adjudication steps. Each is
an ``EditCommand`` over a core mutation that returns an ``Edit``."""

from __future__ import annotations

from coder.ids import CoderId, DocumentId
from coder.project import assignments, coders
from coder.teamwork import consensus
from coder.ui.commands import EditCommand


def status_command(session, document_id: str, status: str) -> EditCommand:
    """The current coder marks their progress on a document."""
    label = assignments.STATUS_LABELS.get(status, status)
    return EditCommand(
        session,
        f"mark {label}",
        lambda: assignments.set_status(
            session.project, DocumentId(document_id), CoderId(session.coder_id()), status
        ),
    )


def assign_command(
    session, document_ids: list[str], coder_names: list[str], assigned: bool = True
) -> EditCommand:
    """Assign (or unassign) documents to coders, named (a new name is a new coder)."""
    verb = "assign" if assigned else "unassign"

    def run():
        project = session.project
        with project.write():
            ids = [coders.ensure_coder(project, n).id for n in coder_names]
            return assignments.assign(
                project, [DocumentId(d) for d in document_ids], ids, session.coder_id(), assigned
            )

    return EditCommand(session, f"{verb} {len(document_ids)} documents", run)


def build_consensus_command(session, names: list[str], overlap: float) -> EditCommand:
    return EditCommand(
        session,
        "build the consensus layer",
        lambda: consensus.build_consensus(session.project, names, overlap, session.coder_id()),
    )


def decide_command(session, coding_id: str, accept: bool) -> EditCommand:
    return EditCommand(
        session,
        "accept into consensus" if accept else "reject from consensus",
        lambda: consensus.decide(session.project, coding_id, accept, session.coder_id()),
    )
