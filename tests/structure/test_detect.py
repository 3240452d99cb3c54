"""Detection against the known truth of review-like PDFs made here (tests/structure/corpus.py)."""

from __future__ import annotations

import pytest

from coder.coding.structure import detect_extracted
from coder.pdf.extract import extract_pdf
from coder.structure.detect import split_number
from coder.structure.model import Structure, inherit_kinds
from tests.structure.corpus import CORPUS
from tests.structure.truth import Score, score, true_structure


@pytest.fixture(scope="module")
def measured():
    rows = []
    for make in CORPUS:
        corpus = make()
        doc = extract_pdf(corpus.data, "review.pdf")
        found = detect_extracted(doc)
        found = Structure(inherit_kinds(found.headings), found.paragraphs)
        truth = true_structure(corpus, doc)
        rows.append(
            (
                corpus.name,
                score(found.headings, truth.headings),
                score(found.paragraphs, truth.paragraphs),
                truth,
                corpus,
            )
        )
    return rows


def test_every_heading_and_numbered_paragraph_is_found_with_its_range(measured, capsys):
    """A heading counts as found only with its exact range, page, level, number, title and
    section kind; a paragraph with its exact range, page and number."""
    headings = paragraphs = Score(0, 0, 0)
    with capsys.disabled():
        print("\nstructure detection against the truth (precision / recall):")
        for name, h, p, _, _ in measured:
            print(
                f"  {name}: headings {h.precision:.3f} / {h.recall:.3f} ({h.matched} of "
                f"{h.true}, {h.found} found); paragraphs {p.precision:.3f} / {p.recall:.3f} "
                f"({p.matched} of {p.true}, {p.found} found)"
            )
            headings, paragraphs = headings + h, paragraphs + p
        print(
            f"  all: headings {headings.precision:.3f} / {headings.recall:.3f}, "
            f"paragraphs {paragraphs.precision:.3f} / {paragraphs.recall:.3f}"
        )
    for _, h, p, _, _ in measured:
        assert h.precision >= 0.95 and h.recall >= 0.95
        assert p.precision >= 0.95 and p.recall >= 0.95


def test_the_corpus_has_what_it_claims(measured):
    """The truth itself: layouts with wrapped headings, paragraphs that run across pages
    or columns, two levels, numbers with and without a full stop."""
    truths = [m[3] for m in measured]
    corpora = [m[4] for m in measured]
    assert all(len(t.headings) >= 15 and len(t.paragraphs) >= 25 for t in truths)
    assert sum(p.first.page != p.last.page for c in corpora for p in c.paragraphs) >= 2
    assert all(any(h.first.rect[1] != h.last.rect[1] for h in c.headings) for c in corpora)
    assert {h.level for t in truths for h in t.headings} == {1, 2}
    kinds = {h.kind for t in truths for h in t.headings}
    assert kinds >= {"introduction", "chronology", "analysis", "findings", "recommendations"}


def test_contents_headers_and_footers_are_not_structure():
    for make in CORPUS:
        corpus = make()
        doc = extract_pdf(corpus.data, "review.pdf")
        found = detect_extracted(doc)
        contents_page = 2
        assert not [h for h in found.headings if h.page == contents_page]
        assert not [p for p in found.paragraphs if p.page == contents_page]
        for h in found.headings:
            assert "Page" not in doc.text[h.start : h.end]
            assert "OFFICIAL" not in doc.text[h.start : h.end]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.12 Officers attended", ("5.12", "Officers attended")),
        ("5.12. Officers", ("5.12", "Officers")),
        ("12. The panel", ("12", "The panel")),
        ("5.12.3 Text", ("5.12.3", "Text")),
        ("2021 was a year", ("", "2021 was a year")),
        ("12/03/2021 Police", ("", "12/03/2021 Police")),
        ("Officers 5.12", ("", "Officers 5.12")),
    ],
)
def test_numbers(text, expected):
    assert split_number(text) == expected
