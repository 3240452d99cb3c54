"""Compare detected structure with a corpus's truth: precision and recall."""

from __future__ import annotations

from dataclasses import dataclass

from coder.pdf.extract import ExtractedDocument
from coder.structure.model import Heading, Paragraph, Structure
from tests.pdfkit import LaidWord
from tests.structure.corpus import Corpus


def offsets(doc: ExtractedDocument, laid: LaidWord) -> tuple[int, int]:
    """The document offsets of the extracted word laid out as ``laid``."""
    base = sum(len(p.text) + 1 for p in doc.pages[: laid.page - 1])
    words = doc.pages[laid.page - 1].words
    for i in range(words.count):
        box = words.box(i)
        if abs(box[0] - laid.rect[0]) < 0.5 and abs(box[1] - laid.rect[1]) < 0.5:
            start, end, _ = words.span(i)
            return base + start, base + end
    raise AssertionError(f"word {laid} was not extracted")


def true_structure(corpus: Corpus, doc: ExtractedDocument) -> Structure:
    headings = tuple(
        Heading(
            offsets(doc, h.first)[0],
            offsets(doc, h.last)[1],
            h.first.page,
            h.level,
            h.number,
            h.title,
            h.kind,
        )
        for h in corpus.headings
    )
    paragraphs = tuple(
        Paragraph(offsets(doc, p.first)[0], offsets(doc, p.last)[1], p.first.page, p.number)
        for p in corpus.paragraphs
    )
    return Structure(headings, paragraphs)


@dataclass(frozen=True)
class Score:
    found: int
    true: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.true if self.true else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(self.found + other.found, self.true + other.true, self.matched + other.matched)


def score(found: tuple, truth: tuple) -> Score:
    return Score(len(found), len(truth), len(set(found) & set(truth)))
