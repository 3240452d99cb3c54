"""Structure detection: ``python -m tests.benchmarks.structure`` (needs ``.[bench]``).

Measures, in one run on the same seeded files (``coder.demo.pdfgen``, whose reports have
numbered sections and paragraphs):
- importing a 300-page review (extract, detect the structure, store) against raw PyMuPDF
  ``get_text("words")`` of the same file, and the detection step alone;
- detecting on demand the structure of 100 stored documents of 60 pages (ten reports,
  each stored under ten hashes), with the line fonts stored, and as after an upgrade from
  a project without them (each PDF read again for its fonts).
Each figure is the median of ``--repeat`` runs (the import and its baseline
interleaved). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pymupdf

from coder.coding.ingest import import_pdf, store_extracted
from coder.coding.structure import detect_document, detect_extracted
from coder.demo.pdfgen import review_pdf
from coder.pdf.extract import extract_pdf, sha256_of
from coder.project import documents
from coder.project.store import Project


def timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def raw_words(path: Path) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text("words")


def bench_import(tmp: Path, pages: int, repeat: int) -> dict[str, float]:
    pdf = tmp / "review.pdf"
    pdf.write_bytes(review_pdf(300, pages, "Benchmark review"))
    counter = iter(range(1000))

    def ours() -> None:
        with Project.create(tmp / f"import-{next(counter)}.rcproj") as project:
            outcome = import_pdf(project, pdf, "bench")
            assert outcome.status == "imported", outcome.message

    extracted = extract_pdf(pdf.read_bytes(), pdf.name)
    found = detect_extracted(extracted)
    raw, mine = [], []
    for _ in range(repeat):  # interleaved, so that load on a shared machine hits both
        raw.append(timed(lambda: raw_words(pdf), 1))
        mine.append(timed(ours, 1))
    return {
        "raw": statistics.median(raw),
        "import": statistics.median(mine),
        "detect": timed(lambda: detect_extracted(extracted), repeat),
        "headings": len(found.headings),
        "paragraphs": len(found.paragraphs),
    }


def stored_project(path: Path, n_docs: int, pages: int) -> list[str]:
    sources = [
        extract_pdf(review_pdf(900 + i, pages, f"Benchmark review {i}"), f"review-{i}.pdf")
        for i in range(10)
    ]
    with Project.create(path) as project:
        for i in range(n_docs):
            doc = sources[i % 10]
            copy = replace(doc, sha256=sha256_of(doc.data + str(i).encode()), title=f"R {i}")
            store_extracted(project, copy, "bench")
        return [d.id for d in documents.list_documents(project)]


def bench_on_demand(tmp: Path, n_docs: int, pages: int, repeat: int) -> dict[str, float]:
    path = tmp / "many.rcproj"
    ids = stored_project(path, n_docs, pages)

    def detect_all() -> None:
        with Project.open(path) as project:
            for doc_id in ids:
                detect_document(project, doc_id)

    def forget() -> None:
        with Project.open(path) as project, project.write():
            project.conn.execute("UPDATE pages SET line_styles = NULL")

    stored = timed(detect_all, repeat)
    times = []
    for _ in range(repeat):
        forget()
        t = time.perf_counter()
        detect_all()  # the fonts are missing: each PDF is read again
        times.append(time.perf_counter() - t)
    return {"stored": stored, "upgrade": statistics.median(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        imp = bench_import(tmp, args.pages, args.repeat)
        many = bench_on_demand(tmp, args.documents, 60, args.repeat)
    print(f"Machine: {os.cpu_count()} cores; PyMuPDF {pymupdf.__version__}\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| import a {args.pages}-page review with structure detection (extract, detect, "
        f"store) | {imp['import']:.2f} s | |"
    )
    print(f'| raw PyMuPDF `get_text("words")`, same file | {imp["raw"]:.2f} s | |')
    print(f"| import ÷ raw PyMuPDF | {imp['import'] / imp['raw']:.2f} × | ≤ 2.5 × |")
    print(
        f"| of which detection ({imp['headings']} headings, {imp['paragraphs']} paragraphs) "
        f"| {imp['detect']:.2f} s | |"
    )
    print(
        f"| detection on demand, {args.documents} stored documents of 60 pages "
        f"| {many['stored']:.2f} s | ≤ 10 s |"
    )
    print(
        f"| the same after an upgrade (fonts read again from each PDF) "
        f"| {many['upgrade']:.2f} s | |"
    )


if __name__ == "__main__":
    main()
