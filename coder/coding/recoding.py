"""Settling the codings of a code a newer codebook split: recode each to one of the codes
the split made, or keep it where it is. Nothing is moved without someone deciding."""

from __future__ import annotations

from dataclasses import dataclass, replace

from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CodeId, CoderId, CodingId, DocumentId
from coder.project import changelog, codes, codings, recode
from coder.project.clock import utc_now
from coder.project.edit import Changes, Edit, Recorder
from coder.project.records import Coding
from coder.project.store import Project


@dataclass(frozen=True)
class ToRecode:
    """A flagged coding with what a person needs to decide: where it is, what it says,
    and the codes it may go to."""

    coding_id: CodingId
    document_id: DocumentId
    page: int
    quote: str
    code_id: CodeId
    code_path: str
    choices: tuple[tuple[CodeId, str], ...]  # (code id, path) of the codes the split made


def to_recode(project: Project) -> list[ToRecode]:
    """Every open flag, oldest first."""
    tree = codes.code_tree(project)
    out = []
    for flag in recode.open_flags(project):
        coding = codings.get_coding(project, flag.coding_id)
        if coding is None:
            continue
        choices = tuple((c, tree.path(c)) for c in flag.split_into if c in tree.parent)
        out.append(
            ToRecode(
                flag.coding_id,
                coding.document_id,
                coding.page_start,
                coding.quote,
                flag.code_id,
                tree.path(flag.code_id),
                choices,
            )
        )
    return out


def recode_codings(
    project: Project, coding_ids: list[str], code_id: str, coder_id: CoderId | None
) -> Edit:
    """Move codings to ``code_id`` (their flags are then settled: the coding is no longer on
    the split code). Refused when this coder already has the same passage on that code."""
    with project.write():
        code = codes.get_code(project, code_id)
        if code is None:
            raise NotFoundError(f"no code with id {code_id}")
        if not code.codable:
            raise InvalidInputError(f"'{code.name}' is a folder, not a code that can be applied")
        record = Recorder(project)
        if len(record.read(codings.TABLE, coding_ids)) != len(set(coding_ids)):
            raise NotFoundError("a coding to recode is no longer in the project")
        now = utc_now()
        for coding_id in coding_ids:
            c = codings.get_coding(project, coding_id)
            assert c is not None
            if c.kind == "text" and codings.has_text_range(project, _moved(c, code_id)):
                raise InvalidInputError(
                    f"this passage is already coded '{code.name}' by the same coder; "
                    "keep it where it is or delete it"
                )
            codings.set_field(project, [coding_id], "code_id", code_id, now)
            changelog.log(
                project,
                coder_id,
                "update",
                "coding",
                coding_id,
                f"recoded to '{code.name}'",
                {"code_id": code_id},
                at=now,
            )
        return record.edit()


def _moved(c: Coding, code_id: str) -> Coding:
    return replace(c, code_id=CodeId(code_id))


def keep_where_they_are(project: Project, coding_ids: list[str], coder_id: CoderId | None) -> Edit:
    """Settle flags by keeping the codings on the split code."""
    with project.write():
        record = Recorder(project)
        record.read(recode.TABLE, coding_ids)
        changed = recode.set_resolved(project, coding_ids, True)
        now = utc_now()
        for coding_id in changed:
            changelog.log(
                project,
                coder_id,
                "update",
                "coding",
                coding_id,
                "kept on its code after a split",
                {"recode_resolved": True},
                at=now,
            )
        return record.edit(Changes.of(coding=changed) if changed else None)
