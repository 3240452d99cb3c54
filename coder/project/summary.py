"""What ``review-coder info`` reports."""

from __future__ import annotations

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
