"""Frameworks meet projects: importing a framework file (its categories and the mapping of
codes to them) and writing one out.

A framework is matched by id, then by name; importing it replaces that framework's
categories and mapping with the file's, in one transaction. Codes the file maps that the
project lacks are reported and left out; nothing else in the project changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coder.codebook.framework_file import CategorySpec, FrameworkSpec
from coder.ids import CategoryId, CodeId, CoderId, FrameworkId
from coder.project import changelog, codes
from coder.project import frameworks as repo
from coder.project.clock import utc_now
from coder.project.edit import Edit, Recorder
from coder.project.store import Project


@dataclass
class FrameworkReport:
    name: str
    status: str
    replaced: bool  # the project had this framework already
    categories: int = 0
    mapped: int = 0  # (category, code) pairs
    missing_codes: list[str] = field(default_factory=list)  # ids the project lacks
    edit: Edit = field(default_factory=Edit)  # what the import changed

    def summary(self) -> str:
        text = (
            f"framework '{self.name}' ({self.status}) {'replaced' if self.replaced else 'added'}: "
            f"{self.categories} categories, {self.mapped} codes mapped"
        )
        if self.missing_codes:
            text += f"; {len(self.missing_codes)} mapped codes are not in the project (left out)"
        if not self.categories:
            text += "; no categories yet: enter them in the file and import it again"
        return text


def import_framework(
    project: Project, spec: FrameworkSpec, coder_id: CoderId | None
) -> FrameworkReport:
    """Add the framework, or replace the one with its id (else its name)."""
    with project.write():
        record = Recorder(project)
        known = set(codes.code_tree(project).parent)
        existing = repo.find_framework(project, spec.id) or repo.find_framework(project, spec.name)
        report = FrameworkReport(spec.name, spec.status, existing is not None)
        fid = FrameworkId(existing.id if existing else spec.id)
        categories = []
        for i, c in enumerate(spec.categories):
            present = [CodeId(code) for code in c.codes if code in known]
            report.missing_codes.extend(code for code in c.codes if code not in known)
            report.mapped += len(present)
            categories.append(
                repo.Category(CategoryId(c.id), fid, c.name, c.description, i, tuple(present))
            )
        report.categories = len(categories)
        now = utc_now()
        framework = repo.Framework(
            fid, spec.name, spec.citation, spec.status, spec.description, tuple(categories)
        )
        record.read(repo.FRAMEWORKS, [fid], dependents=True)
        repo.replace_framework(project, framework, now)
        record.created(repo.FRAMEWORKS, [fid])
        record.created(repo.CATEGORIES, [c.id for c in categories])
        record.created(repo.MAPPINGS, [(c.id, code) for c in categories for code in c.codes])
        changelog.log(
            project,
            coder_id,
            "update" if existing else "create",
            "framework",
            fid,
            report.summary(),
            {"categories": len(categories), "mapped": report.mapped},
            at=now,
        )
        report.edit = record.edit()
    return report


def framework_spec(project: Project, name_or_id: str) -> FrameworkSpec | None:
    """The project's framework as a file would carry it, or None."""
    found = repo.find_framework(project, name_or_id)
    if found is None:
        return None
    return FrameworkSpec(
        found.id,
        found.name,
        found.citation,
        found.status,
        found.description,
        [CategorySpec(c.id, c.name, c.description, list(c.codes)) for c in found.categories],
    )


def remove_framework(project: Project, framework_id: str, coder_id: CoderId | None) -> Edit:
    """Remove a framework with its categories and mapping (the codes stay)."""
    with project.write():
        found = repo.find_framework(project, framework_id)
        if found is None:
            return Edit()
        record = Recorder(project)
        record.read(repo.FRAMEWORKS, [found.id], dependents=True)
        repo.delete_framework(project, found.id)
        changelog.log(
            project, coder_id, "delete", "framework", found.id, f"framework '{found.name}' removed"
        )
        return record.edit()
