from __future__ import annotations

from pathlib import Path

import pytest

from coder.coding.ingest import import_pdf
from coder.project import documents
from coder.project.store import Project
from tests.recommendations.corpus import Report, corpus


@pytest.fixture(scope="session")
def reports() -> list[Report]:
    return corpus()


@pytest.fixture
def corpus_project(tmp_path: Path, reports: list[Report]):
    """A project holding the three corpus reports (structure detected at import), with
    document id by report name."""
    path = tmp_path / "recs.rcproj"
    project = Project.create(path, name="Recommendations", user="Ann")
    ids = {}
    for r in reports:
        pdf = tmp_path / f"{r.name}.pdf"
        pdf.write_bytes(r.data)
        import_pdf(project, pdf, "Ann")
        ids[r.name] = next(
            d.id for d in documents.list_documents(project) if d.file_name == pdf.name
        )
    yield project, ids
    project.close()
