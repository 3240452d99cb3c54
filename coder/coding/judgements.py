"""Practice judgement apart from systems influence.

A systems approach asks two questions of an excerpt: what happened in practice (good
practice, a missed opportunity, or neither stated: the coding's ``judgement``) and what in
the policing environment explains it (a factor that supported or hindered practice: the
coding's ``effect``). A factor coding *explains* the practice codings it accounts for.

Which codes take a judgement and which an effect is set per code group in the codebook
(``judgement: true`` / ``effect: true``); a code inherits its nearest ancestor's setting,
and a code with no setting anywhere on its path takes both, so that projects made before
the settings existed keep offering what they did.
"""

from __future__ import annotations

from coder.codebook.tree import CodeTree
from coder.errors import InvalidInputError, NotFoundError
from coder.ids import CoderId, CodingId, LinkId, new_id
from coder.project import changelog, codings, links
from coder.project.clock import utc_now
from coder.project.edit import Changes, Edit, Recorder
from coder.project.records import CodingLink
from coder.project.store import Project

JUDGEMENTS = ("good_practice", "missed_opportunity")
JUDGEMENT_TEXT = {"good_practice": "good practice", "missed_opportunity": "missed opportunity"}
_SPELLINGS = {
    "good_practice": "good_practice",
    "good practice": "good_practice",
    "good-practice": "good_practice",
    "missed_opportunity": "missed_opportunity",
    "missed opportunity": "missed_opportunity",
    "missed-opportunity": "missed_opportunity",
}


def check_judgement(judgement: str | None) -> str | None:
    """``good_practice``, ``missed_opportunity`` (spaces or hyphens accepted), or None for
    neither / not stated (``None``, ``""``, ``neither``)."""
    if judgement is None or judgement.strip().lower() in ("", "neither", "none", "not stated"):
        return None
    found = _SPELLINGS.get(judgement.strip().lower())
    if found is None:
        raise InvalidInputError(
            f"judgement must be 'good practice', 'missed opportunity' or 'neither', "
            f"not '{judgement}'"
        )
    return found


def applies(
    tree: CodeTree, own: dict[str, tuple[bool | None, bool | None]], code_id: str
) -> tuple[bool, bool]:
    """(takes a judgement, takes an effect) for a code: its own setting, else its nearest
    ancestor's; a code with no setting on its whole path takes both."""
    chain = [code_id, *tree.ancestors(code_id)]
    judgement = next((own[c][0] for c in chain if c in own and own[c][0] is not None), None)
    effect = next((own[c][1] for c in chain if c in own and own[c][1] is not None), None)
    if judgement is None and effect is None:
        return True, True
    return bool(judgement), bool(effect)


def set_judgement(
    project: Project, coding_ids: list[str], judgement: str | None, coder_id: CoderId | None
) -> Edit:
    """Set the judgement of codings (None: neither)."""
    judgement = check_judgement(judgement)
    with project.write():
        record = Recorder(project)
        before = record.read(codings.TABLE, coding_ids)
        if len(before) != len(set(coding_ids)):
            raise NotFoundError("a coding to judge is no longer in the project")
        now = utc_now()
        codings.set_field(project, [c.id for c in before], "judgement", judgement, now)
        text = JUDGEMENT_TEXT.get(judgement or "", "neither")
        changelog.log_detailed(
            project,
            [
                (coder_id, "update", "coding", c.id, f"judgement: {text}", {"judgement": judgement})
                for c in before
            ],
            at=now,
        )
        return record.edit()


def link_explains(
    project: Project, factor_ids: list[str], practice_id: str, coder_id: CoderId | None
) -> Edit:
    """Record that each of ``factor_ids`` explains the coding ``practice_id``;
    ``edit.created("coding_link")`` names the new links. Links that exist already are
    left as they are (the edit is empty when all do)."""
    made: list[CodingLink] = []
    with project.write():
        record = Recorder(project)
        known = {c.id for c in codings.TABLE.by_keys(project, [(i,) for i in factor_ids])}
        if codings.get_coding(project, practice_id) is None or any(
            f not in known for f in factor_ids
        ):
            raise NotFoundError("a coding to link is no longer in the project")
        if practice_id in factor_ids:
            raise InvalidInputError("a coding cannot explain itself")
        now = utc_now()
        for factor in factor_ids:
            if links.find_link(project, factor, practice_id):
                continue
            link = CodingLink(
                LinkId(new_id()), CodingId(factor), CodingId(practice_id), "explains", coder_id, now
            )
            links.insert_link(project, link)
            changelog.log(
                project,
                coder_id,
                "create",
                "coding_link",
                link.id,
                "coding explains another",
                {"from": factor, "to": practice_id},
                at=now,
            )
            made.append(link)
        record.created(links.TABLE, [k.id for k in made])
        touched = Changes.of(coding=[practice_id, *(k.from_coding_id for k in made)])
        return record.edit(touched if made else None)


def unlink(project: Project, link_ids: list[str], coder_id: CoderId | None) -> Edit:
    """Remove explains links (those already gone are skipped)."""
    with project.write():
        record = Recorder(project)
        gone = record.read(links.TABLE, link_ids)
        links.TABLE.delete(project, [(k.id,) for k in gone])
        now = utc_now()
        for link in gone:
            changelog.log(
                project,
                coder_id,
                "delete",
                "coding_link",
                link.id,
                "explains link removed",
                {"from": link.from_coding_id, "to": link.to_coding_id},
                at=now,
            )
        ends = [c for k in gone for c in (k.from_coding_id, k.to_coding_id)]
        return record.edit(Changes.of(coding=ends) if gone else None)
