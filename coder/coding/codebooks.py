"""Codebooks meet projects: loading a codebook file into a project, and exporting a
project's codebook.

The one matching rule wherever codes meet (loading codebooks, pooled exports, merges): a
code matches by id, then by path. Loading never duplicates a code: it adds the codes the
project lacks (with the file's ids, so two projects made from one codebook share ids),
and fills in definition fields the project leaves empty; it never renames, moves,
recolours or overwrites what a project already has.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from coder.codebook.model import DEFINITION_FIELDS, Codebook, CodeSpec
from coder.codebook.paths import join_path
from coder.codebook.tree import PALETTE
from coder.ids import CodeId, CoderId
from coder.project import changelog, codes, links, recode
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.records import Code
from coder.project.store import Project

_FIELD_COLUMN = {
    "definition": "description",
    "when_to_use": "when_to_use",
    "when_not_to_use": "when_not_to_use",
    "example": "example",
}


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)  # paths
    matched_by_id: list[str] = field(default_factory=list)
    matched_by_path: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)  # paths whose empty definitions were filled
    warnings: list[str] = field(default_factory=list)
    #: path of a split code: how many of its codings were flagged to recode
    to_recode: dict[str, int] = field(default_factory=dict)
    #: paths of codes under the file's codes that the file no longer has: kept
    not_in_file: list[str] = field(default_factory=list)
    #: the codings flagged to recode by this load (undoing the load removes the flags)
    flagged: list[str] = field(default_factory=list)
    #: what the load changed: the codes it added or filled in, the flags it made
    edit: Edit = field(default_factory=Edit)

    def summary(self) -> str:
        text = (
            f"{len(self.created)} codes added, "
            f"{len(self.matched_by_id) + len(self.matched_by_path)} already there "
            f"({len(self.matched_by_path)} matched by path), "
            f"{len(self.filled)} definitions filled in"
        )
        flagged = sum(self.to_recode.values())
        if flagged:
            text += f", {flagged} codings of split codes flagged to recode"
        if self.not_in_file:
            text += f", {len(self.not_in_file)} codes not in the file kept"
        return text


def load_codebook(project: Project, codebook: Codebook, coder_id: CoderId | None) -> LoadReport:
    """Load a codebook into the project, in one transaction.

    The project's codes are read once into an index that grows as codes are added, so the
    time grows with the size of the codebook, not with its square; the new codes go in
    with one statement. Raises InvalidInputError from the writer (never for a parsed file).
    """
    report = LoadReport(warnings=list(codebook.warnings))
    with project.write():
        now = utc_now()
        record = Recorder(project)
        had = codes.list_codes(project)
        record.read(codes.TABLE, [c.id for c in had])
        index = _CodeIndex(had)
        new: list[Code] = []
        # depth first, parents before children, in the file's order (an explicit stack:
        # a deep codebook must not hit Python's recursion limit)
        Inherited = tuple[bool | None, bool | None]
        stack: list[tuple[CodeSpec, CodeId | None, tuple[str, ...], Inherited]] = [
            (spec, None, (), (None, None)) for spec in reversed(codebook.codes)
        ]
        settings_for: list[tuple[CodeId, bool | None, bool | None]] = []
        touched: set[str] = set()  # codes written after they were matched
        while stack:
            spec, parent_id, parents, inherited = stack.pop()
            path = join_path([*parents, spec.name])
            settings = (
                inherited[0] if spec.judgement is None else spec.judgement,
                inherited[1] if spec.effect is None else spec.effect,
            )
            existing = index.by_id.get(spec.id)
            if existing is not None:
                report.matched_by_id.append(path)
            else:
                existing = index.by_place.get((parent_id, spec.name))
                if existing is not None:
                    report.matched_by_path.append(path)
            if existing is None:
                code = index.add(spec, parent_id, now)
                new.append(code)
                report.created.append(path)
            else:
                code = existing
                empty = {
                    _FIELD_COLUMN[f]: getattr(spec, f)
                    for f in DEFINITION_FIELDS
                    if getattr(spec, f) and not getattr(existing, _FIELD_COLUMN[f])
                }
                if empty:
                    touched.add(existing.id)
                    codes.fill_definitions(project, existing, empty, coder_id, now)
                    index.replace(replace(existing, **empty))
                    report.filled.append(path)
                # A code that sits elsewhere in the project (moved by a later version of
                # the file) does not inherit the file's setting from its parent there: it
                # gets it written. Settings a project has are never overwritten.
                unset = existing.takes_judgement is None and existing.takes_effect is None
                own = (spec.judgement, spec.effect) if existing.parent_id == parent_id else settings
                if unset and own != (None, None):
                    touched.add(existing.id)
                    settings_for.append((existing.id, *own))
            children = [
                (child, code.id, (*parents, spec.name), settings) for child in spec.children
            ]
            stack.extend(reversed(children))
        codes.add_codes(project, new, coder_id, now)
        for code_id, judgement, effect in settings_for:
            links.set_code_settings(project, code_id, judgement, effect)
        _flag_splits(project, codebook, report, coder_id, now)
        # the new codes as written (``add_codes`` stamps them ``now``, as ``index.add``
        # did), without reading them back; one the file matched again since is read back
        record.inserted(codes.TABLE, [c for c in new if c.id not in touched])
        record.created(codes.TABLE, [c.id for c in new if c.id in touched])
        record.created(recode.TABLE, report.flagged)
        report.edit = record.edit()
    return report


def _flag_splits(
    project: Project, codebook: Codebook, report: LoadReport, coder_id: CoderId | None, now: str
) -> None:
    """Flag the codings of codes the file says were split, and list the project's codes
    under the file's that the file no longer has (kept, never deleted)."""
    tree = codes.code_tree(project)
    walked = [spec for _, spec in codebook.walk()]
    for spec in walked:
        if not (spec.split_into and spec.id in tree.parent):
            continue
        flagged = recode.flag(project, spec.id, spec.split_into, now)
        if flagged:
            report.to_recode[tree.path(spec.id)] = len(flagged)
            report.flagged.extend(flagged)
            changelog.log(
                project,
                coder_id,
                "update",
                "code",
                spec.id,
                f"{len(flagged)} codings of '{spec.name}' flagged to recode: the code was split",
                {"split_into": spec.split_into},
                at=now,
            )
    in_file = {spec.id for spec in walked}
    for top in (spec.id for spec in codebook.codes if spec.id in tree.parent):
        report.not_in_file.extend(tree.path(c) for c in tree.descendants(top) if c not in in_file)


class _CodeIndex:
    """The project's codes by id and by (parent, name), with each parent's next position."""

    def __init__(self, existing: list[Code]) -> None:
        self.by_id: dict[str, Code] = {c.id: c for c in existing}
        self.by_place: dict[tuple[str | None, str], Code] = {
            (c.parent_id, c.name): c for c in existing
        }
        self.next_position: dict[str | None, int] = {}
        for c in existing:
            self.next_position[c.parent_id] = max(
                self.next_position.get(c.parent_id, 0), c.position + 1
            )

    def add(self, spec: CodeSpec, parent_id: CodeId | None, now: str) -> Code:
        """A new code for ``spec`` at the end of its siblings, as ``create_code`` makes one
        and ``add_codes`` stores it (created and modified ``now``)."""
        position = self.next_position.get(parent_id, 0)
        self.next_position[parent_id] = position + 1
        code = Code(
            CodeId(spec.id),
            parent_id,
            spec.name,
            spec.colour or PALETTE[len(self.by_id) % len(PALETTE)],
            spec.definition,
            position,
            spec.codable,
            spec.when_to_use,
            spec.when_not_to_use,
            spec.example,
            spec.judgement,
            spec.effect,
            now,
            now,
        )
        self.replace(code)
        return code

    def replace(self, code: Code) -> None:
        self.by_id[code.id] = code
        self.by_place[(code.parent_id, code.name)] = code


def project_codebook(project: Project, title: str | None = None) -> Codebook:
    """The project's codebook as a file would carry it."""
    all_codes = codes.list_codes(project)
    specs = {
        c.id: CodeSpec(
            c.id,
            c.name,
            c.colour,
            c.description,
            c.when_to_use,
            c.when_not_to_use,
            c.example,
            c.codable,
            judgement=c.takes_judgement,
            effect=c.takes_effect,
        )
        for c in all_codes
    }
    roots: list[CodeSpec] = []
    for c in sorted(all_codes, key=lambda c: (c.position, c.name)):
        (specs[c.parent_id].children if c.parent_id in specs else roots).append(specs[c.id])
    return Codebook(
        title or project.meta("name") or "Codebook",
        roots,
        source=f"exported from the project '{project.meta('name')}'",
    )
