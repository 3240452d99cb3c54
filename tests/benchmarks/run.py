"""Benchmarks for the foundation: ``python -m tests.benchmarks.run`` (needs ``.[bench]``).

Inputs come from the seeded generator in ``coder.demo.pdfgen``; every figure is the
median of several runs, and baselines (raw PyMuPDF, pdfminer.six) run in the same
process on the same file, since these machines are noisy. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

from coder.analysis.segments import segment_header, segment_rows
from coder.analysis.tables import write_table
from coder.coding.ingest import import_pdf
from coder.coding.locate import DocumentGeometry
from coder.coding.operations import code_text, new_text_coding
from coder.demo.pdfgen import review_pdf
from coder.project import coders, codes, codings
from coder.project.clock import utc_now
from coder.project.store import Project


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def raw_words(path: Path) -> None:
    with pymupdf.open(path) as doc:
        for page in doc:
            page.get_text("words")


def pdfminer_text(path: Path) -> None:
    from pdfminer.high_level import extract_pages

    for _ in extract_pages(str(path)):
        pass


def bench_import(tmp: Path, pdf: Path, repeat: int) -> dict[str, float]:
    counter = iter(range(1000))

    def ours() -> None:
        with Project.create(tmp / f"import-{next(counter)}.rcproj") as project:
            outcome = import_pdf(project, pdf, "bench")
            assert outcome.status == "imported", outcome.message

    raw = statistics.median(timed(lambda: raw_words(pdf), repeat))
    mine = statistics.median(timed(ours, repeat))
    miner = statistics.median(timed(lambda: pdfminer_text(pdf), 1))
    return {"raw": raw, "ours": mine, "pdfminer": miner}


def bench_commit(tmp: Path, pdf: Path, n: int) -> list[float]:
    with Project.create(tmp / "commit.rcproj") as project:
        doc = import_pdf(project, pdf, "bench").document
        with project.write():
            coder = coders.ensure_coder(project, "bench")
            code = codes.ensure_path(project, "Bench/Code", coder.id)
        geometry = DocumentGeometry(project, doc.id)
        rng = random.Random(7)
        spans = []
        for _ in range(n):
            start = rng.randrange(0, len(geometry.text) - 400)
            spans.append((start, start + rng.randint(20, 400)))
        times = []
        for start, end in spans:
            t = time.perf_counter()
            code_text(project, doc.id, code, coder.id, start, end)
            times.append(time.perf_counter() - t)
    return times


def bench_export(tmp: Path, pdf: Path, n: int, repeat: int) -> float:
    path = tmp / "export.rcproj"
    with Project.create(path) as project:
        doc = import_pdf(project, pdf, "bench").document
        geometry = DocumentGeometry(project, doc.id)
        rng = random.Random(11)
        with project.write():
            coder = coders.ensure_coder(project, "bench")
            code_ids = [
                codes.ensure_path(project, f"Area {i // 10}/Theme {i}", coder.id) for i in range(50)
            ]
            now = utc_now()
            batch = []
            for _ in range(n):
                start = rng.randrange(0, len(geometry.text) - 400)
                batch.append(
                    new_text_coding(
                        geometry,
                        rng.choice(code_ids),
                        coder.id,
                        start,
                        start + rng.randint(20, 400),
                        None,
                        now,
                    )
                )
            codings.insert_codings(project, batch)
    out = tmp / "segments.csv"

    def export() -> None:
        with Project.open(path, read_only=True) as project:
            write_table(out, segment_header(project), segment_rows(project))

    return statistics.median(timed(export, repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--codings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        pdf = tmp / "review-300.pdf"
        pdf.write_bytes(review_pdf(300, args.pages, "Benchmark review"))
        imp = bench_import(tmp, pdf, args.repeat)
        commits = bench_commit(tmp, pdf, 500)
        export = bench_export(tmp, pdf, args.codings, args.repeat)
    commits_ms = sorted(t * 1000 for t in commits)
    p95 = commits_ms[int(len(commits_ms) * 0.95) - 1]
    print(f"Machine: {os.cpu_count()} cores; PyMuPDF {pymupdf.__version__}\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| import {args.pages}-page PDF (extract + store) | {imp['ours']:.2f} s | |")
    print(f'| raw PyMuPDF `get_text("words")`, same file | {imp["raw"]:.2f} s | |')
    print(f"| pdfminer.six `extract_pages`, same file | {imp['pdfminer']:.2f} s | |")
    print(f"| import / raw PyMuPDF | {imp['ours'] / imp['raw']:.2f} × | ≤ 2.0 × |")
    print(f"| pdfminer.six / import | {imp['pdfminer'] / imp['ours']:.1f} × | ≥ 20 × |")
    print(f"| one coding committed, median | {statistics.median(commits_ms):.2f} ms | ≤ 5 ms |")
    print(f"| one coding committed, p95 | {p95:.2f} ms | ≤ 20 ms |")
    print(f"| export {args.codings:,} codings to CSV | {export:.2f} s | ≤ 3 s |")


if __name__ == "__main__":
    main()
