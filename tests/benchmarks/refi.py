"""REFI-QDA import benchmark: ``python -m tests.benchmarks.refi``.

A project of 25 seeded review PDFs (30 pages each) with 10,000 text codings, exported as a
``.qdpx`` by Review Coder, is imported into a new project file. The file is made to read
as NVivo writes (``origin`` NVivo, and a plain-text interview with an emoji), so that
positions are converted from UTF-16 units: the costly path, where each position used to
rescan its whole text. The same documents with a quarter and a half of the codings are
imported in the same run, to show how the time grows with the input; the baseline, also in
the same run, is what any import must do at least: open the archive, parse
``project.qde`` and extract every PDF with PyMuPDF. Each figure is the median of 3 runs.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from coder.coding.ingest import store_extracted, store_text
from coder.coding.locate import geometry_for
from coder.coding.operations import new_text_coding
from coder.demo.pdfgen import review_pdf
from coder.exchange.archive import QdpxArchive
from coder.exchange.qde_read import read_qde
from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import import_qdpx
from coder.pdf.extract import extract_pdf
from coder.project import coders, codes, codings, documents
from coder.project.clock import utc_now
from coder.project.store import Project

DOCUMENTS = 25
PAGES = 30
CODINGS = 10_000
TARGET = 10.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def median(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def make_project(path: Path, pdfs: list[bytes], n_codings: int, seed: int) -> None:
    """The documents, 50 codes and ``n_codings`` text codings at seeded places, a fifth of
    them with an effect."""
    rng = random.Random(seed)
    with Project.create(path, name="REFI benchmark") as project:
        with project.write():
            coder = coders.ensure_coder(project, "bench")
            code_ids = [
                codes.ensure_path(project, f"Area {i // 10}/Theme {i}", coder.id) for i in range(50)
            ]
        for i, data in enumerate(pdfs):
            store_extracted(project, extract_pdf(data, f"review-{i}.pdf"), "bench")
        notes = "Interview notes\r\nThe officer 👮 said the DASH form was late.\r\n"
        store_text(project, "Interview", "interview.txt", notes.encode(), notes, "bench")
        doc_ids = [d.id for d in documents.list_documents(project) if d.kind == "pdf"]
        now = utc_now()
        batch, seen = [], set()
        while len(batch) < n_codings:
            doc = doc_ids[len(batch) % len(doc_ids)]
            geometry = geometry_for(project, doc)
            start = rng.randrange(0, len(geometry.text) - 400)
            effect = rng.choice([None, None, None, None, "supports", "hinders"])
            coding = new_text_coding(
                geometry,
                rng.choice(code_ids),
                coder.id,
                start,
                start + rng.randint(20, 300),
                effect,
                now,
            )
            key = (coding.document_id, coding.code_id, coding.char_start, coding.char_end)
            if key not in seen:
                seen.add(key)
                batch.append(coding)
        with project.write():
            codings.insert_codings(project, batch)


def as_nvivo(ours: Path, out: Path) -> None:
    """Our export, said to come from NVivo (which counts UTF-16 units: the same numbers
    here, since only the uncoded interview has a character beyond the BMP)."""
    with zipfile.ZipFile(ours) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for name in z.namelist():
            data = z.read(name)
            if name == "project.qde":
                data = re.sub(rb'origin="[^"]*"', b'origin="NVivo 14"', data, count=1)
            w.writestr(name, data)


def baseline(archive_path: Path) -> None:
    """Open the archive, parse the project document, extract every PDF."""
    with QdpxArchive(archive_path) as archive:
        q = read_qde(archive.qde(), archive.qde_name)
        for source in q.sources:
            data = archive.source(source.path)
            assert data is not None
            if source.kind == "pdf":
                extract_pdf(data, source.path)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rc-refi-") as folder:  # removed at the end
        run(Path(folder))


def run(tmp: Path) -> None:
    pdfs = [review_pdf(500 + i, PAGES, f"Benchmark review {i}") for i in range(DOCUMENTS)]
    log(f"{DOCUMENTS} PDFs of {PAGES} pages made")
    sizes = [CODINGS // 4, CODINGS // 2, CODINGS]
    archives = {}
    for n in sizes:
        project = tmp / f"source-{n}.rcproj"
        make_project(project, pdfs, n, seed=n)
        archives[n] = tmp / f"export-{n}.qdpx"
        with Project.open(project, read_only=True) as p:
            export_qdpx(p, tmp / "ours.qdpx")
        as_nvivo(tmp / "ours.qdpx", archives[n])
    log("projects made and exported")
    runs = iter(range(100))

    def importer(n: int) -> Callable[[], object]:
        def run() -> None:
            report = import_qdpx(archives[n], tmp / f"import-{next(runs)}.rcproj", "bench")
            assert report.counts["codings"] == n, report.counts
            assert report.not_imported == [], report.not_imported[:3]
            assert report.unit == "utf16", report.unit

        return run

    base = median(lambda: baseline(archives[CODINGS]))
    results = {n: median(importer(n)) for n in sizes}
    log("timed")
    size = archives[CODINGS].stat().st_size / 2**20
    print(f"Machine: {os.cpu_count()} cores\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    for n in sizes:
        target = f"≤ {TARGET:.0f} s" if n == CODINGS else ""
        print(
            f"| `.qdpx` import, {DOCUMENTS} documents of {PAGES} pages, {n:,} codings "
            f"| {results[n]:.2f} s | {target} |"
        )
    print(
        f"| baseline: open the archive ({size:.1f} MB), parse `project.qde`, extract the "
        f"{DOCUMENTS} PDFs | {base:.2f} s | |"
    )
    # linear: each added 1,000 codings costs the same; quadratic: the second step costs
    # about twice the first
    steps = [(results[b] - results[a]) / (b - a) * 1000 for a, b in itertools.pairwise(sizes)]
    print(
        f"| time added per 1,000 codings, {sizes[0]:,} → {sizes[1]:,} and {sizes[1]:,} → "
        f"{sizes[2]:,} | {steps[0]:.2f} s and {steps[1]:.2f} s | about equal (linear) |"
    )


if __name__ == "__main__":
    main()
