"""Undo commands for judgements, explains links, recoding split codes and frameworks. Each
calls core functions only (``coder.coding.judgements``, ``coder.coding.recoding``)."""

from __future__ import annotations

from coder.codebook.framework_file import FrameworkSpec
from coder.coding.frameworks import import_framework
from coder.coding.judgements import JUDGEMENT_TEXT, link_explains, set_judgement, unlink
from coder.coding.recoding import keep_where_they_are, recode_codings
from coder.ui.commands import EditCommand


def set_judgement_command(session, coding_ids: list[str], judgement: str | None) -> EditCommand:
    text = JUDGEMENT_TEXT.get(judgement or "", "neither")
    return EditCommand(
        session,
        f"Set judgement: {text}",
        lambda: set_judgement(session.project, coding_ids, judgement, session.coder_id()),
    )


def explains_command(session, factor_ids: list[str], practice_id: str) -> EditCommand:
    """Factor codings explain a practice coding."""
    return EditCommand(
        session,
        "Link: explains",
        lambda: link_explains(session.project, factor_ids, practice_id, session.coder_id()),
        empty="that coding already explains this one",
    )


def unlink_command(session, link_ids: list[str]) -> EditCommand:
    return EditCommand(
        session,
        "Remove explains link",
        lambda: unlink(session.project, link_ids, session.coder_id()),
    )


def recode_command(session, coding_ids: list[str], code_id: str, code_name: str) -> EditCommand:
    return EditCommand(
        session,
        f"Recode to '{code_name}'",
        lambda: recode_codings(session.project, coding_ids, code_id, session.coder_id()),
    )


def keep_command(session, coding_ids: list[str]) -> EditCommand:
    """Keep flagged codings on the split code."""
    return EditCommand(
        session,
        "Keep on this code",
        lambda: keep_where_they_are(session.project, coding_ids, session.coder_id()),
    )


def load_framework_command(session, spec: FrameworkSpec) -> EditCommand:
    """Loading a framework file (adding it, or replacing the one with its id or name);
    ``command.result`` is its report."""
    return EditCommand(
        session,
        f"Load framework '{spec.name}'",
        lambda: import_framework(session.project, spec, session.coder_id()),
    )
