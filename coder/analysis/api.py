"""The Python API for analysts: pandas DataFrames over one project or several pooled.

    >>> import coder
    >>> with coder.pool(["team-a.rcproj", "team-b.rcproj"]) as p:
    ...     matrix = p.matrix(binary=True)

Projects are opened read-only. Codes match across projects by id, then by path.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coder.analysis.pool import Pool, open_pool
from coder.project import documents as doc_repo
from coder.project.store import Project


class Analysis:
    """DataFrames over a pool of projects. Use as a context manager, or call ``close()``."""

    def __init__(self, pool: Pool, projects: list[Project]) -> None:
        self.pool = pool
        self._projects = projects

    def __enter__(self) -> Analysis:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for project in self._projects:
            project.close()

    @staticmethod
    def _frame(header: list[str], rows: Iterable[Any]):
        import pandas as pd

        return pd.DataFrame(list(rows), columns=header)

    def segments(self):
        """One row per coding (the segments export, with ``project`` and ``attr:`` columns)."""
        header, rows = self.pool.segments()
        return self._frame(header, rows)

    def documents(self):
        """One row per document: project, id, title, file name, SHA-256, pages, review."""
        rows = []
        for label, project in zip(self.pool.labels, self.pool.projects, strict=True):
            for d in doc_repo.list_documents(project):
                rows.append([label, d.id, d.title, d.file_name, d.sha256, d.pages, d.review_id])
        return self._frame(
            ["project", "document_id", "title", "file_name", "sha256", "pages", "review_id"], rows
        )

    def reviews(self):
        """One row per unit (review, or document with unit='document') with its attributes."""
        header, rows = self.pool.matrix()
        keep = 3 + len(self.pool.attribute_names)
        return self._frame(header[:keep], [r[:keep] for r in rows])

    def codes(self):
        """The pooled codebook: id, path, definition, codings, units."""
        header, rows = self.pool.codebook()
        return self._frame(header, rows)

    def matrix(self, binary: bool = False, rollup: bool = False):
        """Units × codes: counts (or 0/1), sub-codes in their parents with ``rollup``."""
        header, rows = self.pool.matrix(binary=binary, rollup=rollup)
        return self._frame(header, rows)

    def crosstab(self, attribute: str, rollup: bool = False):
        header, rows = self.pool.crosstab(attribute, rollup)
        return self._frame(header, rows)

    def cooccurrence(self, rollup: bool = False):
        header, rows = self.pool.cooccurrence(rollup)
        return self._frame(header, rows)

    # -- case data (see coder.analysis.casedata_counts) ---------------------------------

    def _case(self, kind: str):
        from coder.analysis.casedata_counts import pooled_table

        coders = sorted(self.pool.coders) if self.pool.coders else None
        table = pooled_table(self.pool.projects, kind, coders, self.pool.labels)
        return self._frame(table.header, table.rows)

    def people(self):
        """One row per person: ``project`` then the columns of ``people.csv``."""
        return self._case("person")

    def relationships(self):
        """One row per relationship: ``project`` then the columns of ``relationships.csv``."""
        return self._case("relationship")

    def contacts(self):
        """One row per police contact: ``project`` then the columns of ``contacts.csv``."""
        return self._case("police contact")

    def person_counts(self, group: str | None = None, fields: list[str] | None = None):
        """People with each value of each choice field, with the denominators (README)."""
        from coder.analysis.casedata_counts import person_counts

        coders = sorted(self.pool.coders) if self.pool.coders else None
        table = person_counts(self.pool.projects, group, fields, coders)
        return self._frame(table.header, table.rows)

    def contact_counts(self):
        """Police contacts per review by contact type and practice judgement."""
        from coder.analysis.casedata_counts import contact_counts

        coders = sorted(self.pool.coders) if self.pool.coders else None
        table = contact_counts(self.pool.projects, coders)
        return self._frame(table.header, table.rows)


def open_project(
    path: str | Path, coders: Iterable[str] | None = None, unit: str = "review"
) -> Analysis:
    """One project, read-only."""
    return pool([path], coders, unit)


def pool(
    paths: Iterable[str | Path], coders: Iterable[str] | None = None, unit: str = "review"
) -> Analysis:
    """Several projects pooled, read-only."""
    p, projects = open_pool(list(paths), coders, unit)
    return Analysis(p, projects)
