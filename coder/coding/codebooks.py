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
from coder.project import codes
from coder.project.clock import utc_now
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

    def summary(self) -> str:
        return (
            f"{len(self.created)} codes added, "
            f"{len(self.matched_by_id) + len(self.matched_by_path)} already there "
            f"({len(self.matched_by_path)} matched by path), "
            f"{len(self.filled)} definitions filled in"
        )


def load_codebook(project: Project, codebook: Codebook, coder_id: CoderId | None) -> LoadReport:
    """Load a codebook into the project, in one transaction.

    The project's codes are read once into an index that grows as codes are added, so the
    time grows with the size of the codebook, not with its square; the new codes go in
    with one statement. Raises InvalidInputError from the writer (never for a parsed file).
    """
    report = LoadReport(warnings=list(codebook.warnings))
    with project.write():
        now = utc_now()
        index = _CodeIndex(codes.list_codes(project))
        new: list[Code] = []
        # depth first, parents before children, in the file's order (an explicit stack:
        # a deep codebook must not hit Python's recursion limit)
        stack: list[tuple[CodeSpec, CodeId | None, tuple[str, ...]]] = [
            (spec, None, ()) for spec in reversed(codebook.codes)
        ]
        while stack:
            spec, parent_id, parents = stack.pop()
            path = join_path([*parents, spec.name])
            existing = index.by_id.get(spec.id)
            if existing is not None:
                report.matched_by_id.append(path)
            else:
                existing = index.by_place.get((parent_id, spec.name))
                if existing is not None:
                    report.matched_by_path.append(path)
            if existing is None:
                code = index.add(spec, parent_id)
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
                    codes.fill_definitions(project, existing, empty, coder_id, now)
                    index.replace(replace(existing, **empty))
                    report.filled.append(path)
            children = [(child, code.id, (*parents, spec.name)) for child in spec.children]
            stack.extend(reversed(children))
        codes.add_codes(project, new, coder_id, now)
    return report


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

    def add(self, spec: CodeSpec, parent_id: CodeId | None) -> Code:
        """A new code for ``spec`` at the end of its siblings, as ``create_code`` makes one."""
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
