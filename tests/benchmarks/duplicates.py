"""Duplicate-suggestion benchmark: ``python -m tests.benchmarks.duplicates``.

1,000 documents of 60 pages (about 155,000 characters each, seeded text from a review
vocabulary), among them 10 pairs with the same text and 10 executive summaries (4 pages)
taken from their reports. Timed: ``suggest_duplicates`` on the project file, from reading
the stored texts to the sorted suggestions. Baseline, in the same run: reading the same
texts and hashing each with SHA-256 (what catches byte-identical files today).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from coder.analysis.duplicates import suggest_duplicates
from coder.coding.ingest import store_text
from coder.project import duplicates as dup_repo
from coder.project.store import Project
from tests.benchmarks.analysis import log, timed
from tests.samplekit import paragraph

DOCS, PAGES, PAIRS, SUMMARIES = 1_000, 60, 10, 10


def build(path: Path) -> tuple[int, int]:
    """The project; returns (documents, characters stored)."""
    chars = 0
    with Project.create(path, user="bench") as project:
        texts: list[str] = []
        for d in range(DOCS - PAIRS - SUMMARIES):
            texts.append("\n\f".join(paragraph(d * 1000 + p, 400) for p in range(PAGES)))
        for i in range(PAIRS):  # the same text again (a republished copy)
            texts.append(texts[i])
        for i in range(SUMMARIES):  # four pages of a report: its executive summary
            pages = texts[100 + i].split("\n\f")
            texts.append("\n\f".join(pages[10:14]))
        for n, text in enumerate(texts):
            store_text(
                project,
                f"Review {n}",
                f"review-{n}.txt",
                f"{n}".encode() + text.encode(),
                text,
                "bench",
            )
            chars += len(text)
            if n % 200 == 0:
                log(f"{n} documents stored")
    return len(texts), chars


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rc-duplicates-") as folder:  # removed at the end
        run(Path(folder))


def run(tmp: Path) -> None:
    path = tmp / "sample.rcproj"
    docs, chars = build(path)
    with Project.open(path, read_only=True) as project:

        def baseline() -> None:
            for _, text in dup_repo.texts(project):
                hashlib.sha256(text.encode("utf-8")).digest()

        found = suggest_duplicates(project)
        suggest_s = timed(lambda: suggest_duplicates(project))
        base_s = timed(baseline)
    kinds = [s.kind for s in found]
    log("timed")
    print(f"Machine: {os.cpu_count()} cores\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| duplicate suggestions, {docs:,} documents of {PAGES} pages "
        f"({chars / 1e6:.0f} M characters; {kinds.count('same text')} same-text and "
        f"{kinds.count('contained')} contained pairs found of {PAIRS} and {SUMMARIES} planted) "
        f"| {suggest_s:.2f} s | ≤ 10 s |"
    )
    print(f"| baseline: read the same texts and SHA-256 each | {base_s:.2f} s | |")


if __name__ == "__main__":
    main()
