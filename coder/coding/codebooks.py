"""Codebooks meet projects: loading a codebook file into a project, and exporting a
project's codebook.

The one matching rule wherever codes meet (loading codebooks, pooled exports, merges): a
code matches by id, then by path. Loading never duplicates a code: it adds the codes the
project lacks (with the file's ids, so two projects made from one codebook share ids),
and fills in definition fields the project leaves empty; it never renames, moves,
recolours or overwrites what a project already has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coder.codebook.model import DEFINITION_FIELDS, Codebook, CodeSpec
from coder.codebook.paths import join_path
from coder.ids import CodeId, CoderId
from coder.project import changelog, codes
from coder.project.clock import utc_now
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
    """Load a codebook into the project, in one transaction."""
    report = LoadReport(warnings=list(codebook.warnings))
    with project.write():
        now = utc_now()
        for spec in codebook.codes:
            _load(project, spec, None, (), report, coder_id, now)
    return report


def _load(
    project: Project,
    spec: CodeSpec,
    parent_id: CodeId | None,
    parents: tuple[str, ...],
    report: LoadReport,
    coder_id: CoderId | None,
    now: str,
) -> None:
    path = join_path([*parents, spec.name])
    existing = codes.get_code(project, spec.id)
    if existing is not None:
        report.matched_by_id.append(path)
    else:
        tree = codes.code_tree(project)
        siblings = tree.children.get(parent_id, [])
        by_path = next((c for c in siblings if tree.name[c] == spec.name), None)
        if by_path is not None:
            existing = codes.get_code(project, by_path)
            report.matched_by_path.append(path)
    if existing is None:
        code = codes.create_code(
            project,
            spec.name,
            parent_id,
            coder_id,
            spec.colour,
            spec.definition,
            code_id=CodeId(spec.id),
        )
        project.conn.execute(
            "UPDATE codes SET when_to_use = ?, when_not_to_use = ?, example = ?, codable = ? "
            "WHERE id = ?",
            [spec.when_to_use, spec.when_not_to_use, spec.example, int(spec.codable), code.id],
        )
        report.created.append(path)
        code_id = code.id
    else:
        code_id = existing.id
        empty = {
            f: getattr(spec, f)
            for f in DEFINITION_FIELDS
            if getattr(spec, f) and not getattr(existing, _attr(f))
        }
        if empty:
            sets = ", ".join(f"{_FIELD_COLUMN[f]} = ?" for f in empty)
            project.conn.execute(
                f"UPDATE codes SET {sets}, modified_at = ? WHERE id = ?",
                [*empty.values(), now, code_id],
            )
            changelog.log(
                project,
                coder_id,
                "update",
                "code",
                code_id,
                f"definitions of '{spec.name}' filled in from a codebook",
                {_FIELD_COLUMN[f]: v for f, v in empty.items()},
                at=now,
            )
            report.filled.append(path)
    for child in spec.children:
        _load(project, child, code_id, (*parents, spec.name), report, coder_id, now)


def _attr(field_name: str) -> str:
    return "description" if field_name == "definition" else field_name


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
