"""Build a sample in tests: a candidates CSV and review PDFs whose text is known."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.pdfkit import PdfBuilder

HEADER = [
    "title",
    "url",
    "repository",
    "retrieved_on",
    "publication_status",
    "published_on",
    "file",
    "review type",
    "publication year",
]

_TEXT = (
    "officers attended the address after a call from a neighbour reporting shouting and "
    "the risk assessment recorded a standard grade although previous incidents were known "
    "to the force the safeguarding referral was not made and the multi agency meeting did "
    "not hear about the history of controlling behaviour by the partner who had been "
    "arrested twice before the health visitor noted bruising the school raised concerns "
    "about attendance the housing officer was not told children were present supervision "
    "of the decision was absent the review panel found that learning from earlier reviews "
    "had not been embedded in training and that information sharing between agencies "
    "depended on individual officers rather than systems"
)
_WORDS = _TEXT.split()


def paragraph(seed: int, words: int = 120) -> str:
    """Text made of plausible review words, different for each seed."""
    rng = random.Random(seed)
    return " ".join(rng.choice(_WORDS) for _ in range(words)) + f" case {seed}."


def lines_of(text: str, width: int = 80) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(line)
    return out


def pdf_of(pages: list[str], title: str = "", producer: str = "") -> bytes:
    """A PDF with one text per page (wrapped); the metadata title and producer as given,
    so that the same text can be saved under different bytes."""
    b = PdfBuilder()
    for text in pages:
        b.page()
        for i, line in enumerate(lines_of(text)[:50]):
            b.line(60, 80 + 14 * i, line, size=10)
    b.doc.set_metadata({"title": title, "producer": producer})
    return b.tobytes()


def write_candidates(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path
