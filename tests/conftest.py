from __future__ import annotations

from pathlib import Path

import pytest

from coder.project.store import Project
from tests.pdfkit import PdfBuilder


@pytest.fixture
def project(tmp_path: Path):
    """A new project file on disk, closed after the test."""
    p = Project.create(tmp_path / "test.rcproj", name="Test project", user="tester")
    yield p
    p.close()


def sample_pdf() -> tuple[bytes, PdfBuilder]:
    """Three pages: a paragraph, two columns on a page rotated by 90°, a page without text."""
    b = PdfBuilder()
    b.page()
    b.line(72, 100, "Officers attended and completed a DASH risk")
    b.line(72, 114, "assessment with Zoë and Łukasz present.")
    b.line(72, 170, "Siobhán Ó Súilleabháin said the ‘risk’ was “high” — the officer agreed.")
    b.line(72, 220, "The risk assessment was not repeated at the end of the")
    b.page()
    b.line(72, 100, "page. Column one speaks of MARAC referral")
    b.line(72, 114, "and information sharing.")
    b.line(320, 100, "Column two notes a second risk assessment")
    b.line(320, 114, "made by the supervisor.")
    b.page()
    b.rect((72, 72, 400, 300))
    return b.tobytes(rotate={2: 90}), b


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, PdfBuilder]:
    data, builder = sample_pdf()
    path = tmp_path / "sample review.pdf"
    path.write_bytes(data)
    return path, builder
