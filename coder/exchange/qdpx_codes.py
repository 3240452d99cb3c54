"""REFI-QDA users and codebook into coders and codes (part of ``qdpx_import``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from coder.codebook.model import CodeSpec
from coder.codebook.qdc import split_description
from coder.exchange.qde_read import QProject
from coder.exchange.qdpx_names import (
    EFFECT_CODES,
    EFFECT_FOLDER,
    EFFECT_NAME,
    JUDGEMENT_CODES,
    JUDGEMENT_FOLDER,
    JUDGEMENT_NAME,
)
from coder.exchange.qdpx_report import IMPORTED, READ_AS_EFFECTS, ImportReport
from coder.ids import CodeId, CoderId
from coder.project import coders, codes
from coder.project.clock import utc_now
from coder.project.records import Code, Coder
from coder.project.store import Project

_RGB = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass
class CodeMaps:
    """What the file's code GUIDs became: codes, effects and judgements; and the codes'
    notes, as (code, note GUID), to be written with the other memos."""

    code: dict[str, str] = field(default_factory=dict)
    effect: dict[str, str] = field(
        default_factory=lambda: {v[0]: k for k, v in EFFECT_CODES.items()}
    )
    judgement: dict[str, str] = field(
        default_factory=lambda: {v[0]: k for k, v in JUDGEMENT_CODES.items()}
    )
    notes: list[tuple[str, str]] = field(default_factory=list)


def import_users(project: Project, q: QProject, report: ImportReport) -> dict[str, str]:
    """The file's users as coders (a name taken twice gets a number): by user GUID."""
    coder_of: dict[str, str] = {}
    taken: set[str] = set()
    for guid, name in q.users.items():
        name = " ".join(name.split()) or guid[:8]
        while name.casefold() in taken:
            name += " (2)"
        taken.add(name.casefold())
        coders.add_coder(project, Coder(CoderId(guid), name), utc_now())
        coder_of[guid] = guid
        report.counts["coders"] += 1
    return coder_of


def import_codes(
    project: Project, q: QProject, report: ImportReport, missing: Callable[[str], None]
) -> CodeMaps:
    """The file's codebook as codes, but for the ``Effect`` and ``Judgement`` folders,
    whose codes are read back as the codings' effect and judgement."""
    maps = CodeMaps()
    now = utc_now()
    position: dict[str, int] = defaultdict(int)
    # the effect folder (ours by its GUID, or any top-level folder named so): its codes
    # are read back as the codings' effect, not as codes
    folders = {EFFECT_FOLDER} | {
        c.guid for c in q.codes if c.parent is None and c.name == EFFECT_NAME and not c.codable
    }
    # the judgement folder likewise: its codes are the codings' judgement
    judged = {JUDGEMENT_FOLDER} | {
        c.guid for c in q.codes if c.parent is None and c.name == JUDGEMENT_NAME and not c.codable
    }
    for c in q.codes:
        if c.guid in folders or c.guid in judged:
            report.account("Code", READ_AS_EFFECTS)
            continue
        if c.parent in folders:
            effect = "supports" if "support" in c.name.lower() else "hinders"
            maps.effect[c.guid] = effect
            report.account("Code", READ_AS_EFFECTS)
            continue
        if c.parent in judged:
            good = "good" in c.name.lower()
            maps.judgement[c.guid] = "good_practice" if good else "missed_opportunity"
            report.account("Code", READ_AS_EFFECTS)
            continue
        parent_id = CodeId(maps.code[c.parent]) if c.parent in maps.code else None
        name = codes.free_sibling_name(project, c.name, parent_id)
        if name != c.name:
            missing(f"code '{c.name}': another code has that name there; kept as '{name}'")
        spec = CodeSpec(c.guid, name)
        if c.description:
            split_description(c.description, spec)
        colour = c.colour.lower() if c.colour and _RGB.match(c.colour) else "#888888"
        code = Code(
            CodeId(c.guid),
            parent_id,
            name,
            colour,
            spec.definition,
            position[parent_id or ""],
            c.codable,
            spec.when_to_use,
            spec.when_not_to_use,
            spec.example,
        )
        codes.add_codes(project, [code], None, now)  # logged, as the app adds codes
        position[parent_id or ""] += 1
        maps.code[c.guid] = c.guid
        report.counts["codes"] += 1
        report.account("Code", IMPORTED)
        maps.notes.extend((c.guid, note) for note in c.notes)
    return maps
