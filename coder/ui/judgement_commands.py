"""Undo commands for judgements, explains links and recoding split codes. Each calls core
functions only (``coder.coding.judgements``, ``coder.coding.recoding``)."""

from __future__ import annotations

from coder.codebook.framework_file import FrameworkSpec
from coder.coding.changes import ChangeSet
from coder.coding.frameworks import framework_spec, import_framework, remove_framework
from coder.coding.judgements import JUDGEMENT_TEXT, link_explains, set_judgement, unlink
from coder.coding.recoding import keep_where_they_are, recode_codings
from coder.errors import CoderError
from coder.ui.commands import CoreCommand, _SnapshotCommand


def _codings() -> ChangeSet:
    return ChangeSet(updated={"coding": []})


def set_judgement_command(session, coding_ids: list[str], judgement: str | None) -> CoreCommand:
    text = JUDGEMENT_TEXT.get(judgement or "", "neither")
    return _SnapshotCommand(
        session,
        f"Set judgement: {text}",
        lambda: set_judgement(session.project, coding_ids, judgement, session.coder_id()),
    )


class ExplainsCommand(CoreCommand):
    """Factor codings explain a practice coding: undo removes the links, redo makes them
    again with the same ids."""

    def __init__(self, session, factor_ids: list[str], practice_id: str) -> None:
        super().__init__(session, "Link: explains")
        self.factor_ids = factor_ids
        self.practice_id = practice_id
        self.link_ids: list[str] = []

    def do(self) -> ChangeSet:
        self.link_ids = list(
            link_explains(
                self.session.project, self.factor_ids, self.practice_id, self.session.coder_id()
            )
        )
        if not self.link_ids:
            raise CoderError("that coding already explains this one")
        return _codings()

    def undo_(self) -> ChangeSet:
        unlink(self.session.project, self.link_ids, self.session.coder_id())
        return _codings()

    def redo_(self) -> ChangeSet:
        link_explains(
            self.session.project,
            self.factor_ids,
            self.practice_id,
            self.session.coder_id(),
            self.link_ids,
        )
        return _codings()


def unlink_command(session, link_ids: list[str]) -> CoreCommand:
    return _SnapshotCommand(
        session,
        "Remove explains link",
        lambda: unlink(session.project, link_ids, session.coder_id()),
    )


def recode_command(session, coding_ids: list[str], code_id: str, code_name: str) -> CoreCommand:
    return _SnapshotCommand(
        session,
        f"Recode to '{code_name}'",
        lambda: recode_codings(session.project, coding_ids, code_id, session.coder_id()),
    )


class KeepCommand(CoreCommand):
    """Keep flagged codings on the split code; undo flags them again."""

    def __init__(self, session, coding_ids: list[str]) -> None:
        super().__init__(session, "Keep on this code")
        self.coding_ids = coding_ids
        self.changed: list[str] = []

    def do(self) -> ChangeSet:
        self.changed = keep_where_they_are(
            self.session.project, self.coding_ids, self.session.coder_id()
        )
        return _codings()

    def undo_(self) -> ChangeSet:
        keep_where_they_are(self.session.project, self.changed, self.session.coder_id(), False)
        return _codings()

    def redo_(self) -> ChangeSet:
        keep_where_they_are(self.session.project, self.changed, self.session.coder_id())
        return _codings()


class LoadFrameworkCommand(CoreCommand):
    """Loading a framework file: undo puts back the framework it replaced, or removes it."""

    def __init__(self, session, spec: FrameworkSpec) -> None:
        super().__init__(session, f"Load framework '{spec.name}'")
        self.spec = spec
        self.before: FrameworkSpec | None = None
        self.report = None

    def do(self) -> ChangeSet:
        project = self.session.project
        self.before = framework_spec(project, self.spec.id) or framework_spec(
            project, self.spec.name
        )
        self.report = import_framework(project, self.spec, self.session.coder_id())
        return ChangeSet(updated={"framework": []})

    def undo_(self) -> ChangeSet:
        project = self.session.project
        if self.before is None:
            remove_framework(project, self.spec.id, self.session.coder_id())
        else:
            import_framework(project, self.before, self.session.coder_id())
        return ChangeSet(updated={"framework": []})

    def redo_(self) -> ChangeSet:
        return self.do()
