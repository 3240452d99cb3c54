"""What ``review-coder info`` reports, and the row counts an export reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coder.project import documents
from coder.project.store import Project


def project_info(project: Project) -> dict[str, Any]:
    with project.read():
        conn = project.conn
        docs = []
        for d in documents.list_documents(project):
            docs.append(
                {
                    "id": d.id,
                    "title": d.title,
                    "file_name": d.file_name,
                    "sha256": d.sha256,
                    "pages": d.pages,
                    "pages_without_text": documents.pages_without_text(project, d.id),
                }
            )

        def count(table: str) -> int:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

        return {
            "name": project.meta("name"),
            "project_id": project.meta("id"),
            "schema_version": project.schema_version,
            "documents": docs,
            "reviews": count("reviews"),
            "codes": count("codes"),
            "codings": count("codings"),
            "coders": count("coders"),
            "memos": count("memos"),
        }


@dataclass(frozen=True, slots=True)
class RowCounts:
    """How many of each kind of thing a project holds (what an export says it wrote, and
    what it could not carry)."""

    documents: int
    codes: int
    codings: int
    memos: int
    assignments: int
    adjudications: int
    coding_flags: int
    open_recode_flags: int  # codings flagged to recode, not resolved yet
    frameworks: int


def row_counts(project: Project) -> RowCounts:
    def count(sql: str) -> int:
        return project.conn.execute(sql).fetchone()[0]

    return RowCounts(
        documents=count("SELECT count(*) FROM documents"),
        codes=count("SELECT count(*) FROM codes"),
        codings=count("SELECT count(*) FROM codings"),
        memos=count("SELECT count(*) FROM memos"),
        assignments=count("SELECT count(*) FROM assignments"),
        adjudications=count("SELECT count(*) FROM adjudications"),
        coding_flags=count("SELECT count(*) FROM coding_flags"),
        open_recode_flags=count("SELECT count(*) FROM recode_flags WHERE resolved = 0"),
        frameworks=count("SELECT count(*) FROM frameworks"),
    )
