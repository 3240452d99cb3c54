"""Pooled-analysis benchmarks: ``python -m tests.benchmarks.analysis`` (offscreen Qt).

* pooled segments export: 10 projects × 10,000 codings, to CSV;
* the review × code matrix of 500 reviews × 200 codes;
* a search across 500 documents of 60 pages: a phrase in a tenth of them, and a common
  phrase (the panel stops at its first 1,000 hits);
* the analysis view opening on that project.

Documents are made from ten seeded 60-page PDFs, each extracted once and stored 500 times
under distinct hashes (the stored model is exactly what an import writes), so that the
set-up takes a minute, not an hour.
"""

from __future__ import annotations

import dataclasses
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("REVIEW_CODER_NAME", "bench")  # the app would ask, and wait

from coder.analysis.pool import Pool, open_pool
from coder.analysis.search import search
from coder.analysis.tables import write_table
from coder.codebook.attribute_set import load_attribute_set
from coder.codebook.files import shipped_dir
from coder.coding.ingest import store_extracted
from coder.coding.locate import geometry_for
from coder.coding.operations import new_text_coding
from coder.coding.reviews import add_attributes, list_attributes, set_attribute
from coder.demo.pdfgen import review_pdf
from coder.pdf.extract import extract_pdf
from coder.project import coders, codes, codings, documents
from coder.project.clock import utc_now
from coder.project.store import Project
from coder.text.matcher import phrase_query

TYPES = ["DHR", "CSPR", "SAR", "MAPPA SCR"]


def sources(n: int = 10, pages: int = 60):
    out = []
    for i in range(n):
        data = review_pdf(900 + i, pages, f"Benchmark review {i}")
        out.append(extract_pdf(data, f"review-{i}.pdf"))
    return out


def make_project(
    path: Path,
    docs: int,
    n_codes: int,
    n_codings: int,
    extracted,
    seed: int,
    attributes: bool = True,
) -> None:
    rng = random.Random(seed)
    with Project.create(path) as project:
        with project.write():
            coder = coders.ensure_coder(project, "bench")
            code_ids = [
                codes.ensure_path(project, f"Area {i // 20}/Theme {i}", coder.id)
                for i in range(n_codes)
            ]
        if attributes:
            add_attributes(
                project, load_attribute_set(shipped_dir() / "review-attributes.yaml"), coder.id
            )
        kind = (
            next(a for a in list_attributes(project) if a.name == "review type")
            if attributes
            else None
        )
        for d in range(docs):
            src = extracted[d % len(extracted)]
            unique = dataclasses.replace(
                src, sha256=f"{seed:04d}{d:060d}", file_name=f"review-{d}.pdf", title=f"Review {d}"
            )
            outcome = store_extracted(project, unique, "bench")
            if kind is not None:
                set_attribute(
                    project, outcome.document.review_id, kind.id, TYPES[d % len(TYPES)], coder.id
                )
        doc_ids = [d.id for d in documents.list_documents(project)]
        now = utc_now()
        batch = []
        for _ in range(n_codings):
            geometry = geometry_for(project, rng.choice(doc_ids))
            start = rng.randrange(0, len(geometry.text) - 400)
            batch.append(
                new_text_coding(
                    geometry,
                    rng.choice(code_ids),
                    coder.id,
                    start,
                    start + rng.randint(20, 300),
                    None,
                    now,
                )
            )
        with project.write():
            codings.insert_codings(project, batch)


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rc-analysis-") as folder:  # removed at the end
        data = Path(folder) / "data"  # the app's data folder (settings), unless one is named
        data.mkdir()
        os.environ.setdefault("REVIEW_CODER_DATA", str(data))
        run(Path(folder))


def run(tmp: Path) -> None:
    extracted = sources()
    pooled = []
    for i in range(10):
        path = tmp / f"team-{i}.rcproj"
        make_project(path, 5, 50, 10_000, extracted, seed=i)
        pooled.append(path)

    def pooled_export() -> None:
        pool, projects = open_pool(pooled)
        try:
            header, rows = pool.segments()
            write_table(tmp / "pooled.csv", header, rows)
        finally:
            for p in projects:
                p.close()

    log("10 projects made")
    export_s = timed(pooled_export)
    log("pooled export timed")
    big = tmp / "big.rcproj"
    make_project(big, 500, 200, 20_000, extracted, seed=99)
    log("the 500-document project made")
    with Project.open(big, read_only=True) as project:
        # a fresh pool each time: reading the project's codings is part of the answer
        matrix_s = timed(lambda: Pool([project]).matrix(binary=True, rollup=True))
        rare = phrase_query("Benchmark review 3")
        common = phrase_query("coercive control")
        rare_n = len(search(project, rare))
        rare_s = timed(lambda: search(project, rare), 5)
        common_s = timed(lambda: search(project, common, limit=1000), 5)
    from coder.ui.app import make_app
    from coder.ui.main_window import MainWindow

    log("core timed")
    app = make_app()
    window = MainWindow()
    window.open_project(big)
    t = time.perf_counter()
    window.analyses.show_analysis()
    app.processEvents()
    view_s = time.perf_counter() - t
    window.close()
    ms = 1000
    print(f"Machine: {os.cpu_count()} cores\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| pooled segments export, 10 projects × 10,000 codings, to CSV | {export_s:.2f} s "
        "| ≤ 3 s |"
    )
    print(
        "| matrix of 500 reviews × 200 codes, 20,000 codings (binary, rolled up; reading the "
        f"project included) | {matrix_s * ms:.0f} ms | ≤ 1 s |"
    )
    print(
        f"| search across 500 documents of 60 pages, phrase in {rare_n // 1} hits | "
        f"{rare_s * ms:.0f} ms | ≤ 200 ms |"
    )
    print(
        f"| search for a phrase in every document (first 1,000 hits) | {common_s * ms:.0f} ms "
        "| ≤ 200 ms |"
    )
    print(f"| analysis view opens on that project (20,000 codings) | {view_s:.2f} s | ≤ 1 s |")


if __name__ == "__main__":
    main()
