"""The recommendations register: ``python -m tests.benchmarks.recommendations``.

Measures, in one run:
- detection on demand over 100 stored reviews of 60 pages (ten seeded reports from
  ``coder.demo.pdfgen``, each followed by the test corpus's three layouts: a numbered list
  under a Recommendations heading, "Recommendation N:" paragraphs and an action-plan table;
  each report stored under ten hashes, as an import stores them), against the baseline of
  reading every page's words with raw PyMuPDF and running ``find_tables`` on the same
  action-plan pages;
- grouping 5,000 recommendations (seeded variations of 250 requests) by TF-IDF cosine and
  average linkage, against scikit-learn's TF-IDF vectors and the sparse similarity product
  alone.
Each figure is the median of ``--repeat`` runs. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pymupdf

from coder.coding.ingest import store_extracted
from coder.demo.pdfgen import SENTENCES, review_pdf
from coder.pdf.extract import extract_pdf, sha256_of
from coder.project import documents
from coder.project import recommendation_suggestions as found_repo
from coder.project.store import Project
from coder.recommendations.cluster import _tokens, group_texts
from coder.recommendations.suggestions import detect_document
from tests.recommendations.corpus import listed, patterned, tabled


def timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def report(seed: int, pages: int) -> bytes:
    """A review of ``pages`` pages ending with the corpus's three layouts (4 pages)."""
    doc = pymupdf.open(stream=review_pdf(seed, pages - 4, f"Benchmark review {seed}"))
    for part in (listed(), patterned(), tabled()):
        with pymupdf.open(stream=part.data) as extra:
            doc.insert_pdf(extra)
    data = doc.tobytes()
    doc.close()
    return data


def stored_project(path: Path, n_docs: int, pages: int) -> tuple[list[str], list[bytes]]:
    datas = [report(700 + i, pages) for i in range(10)]
    sources = [extract_pdf(d, f"review-{i}.pdf") for i, d in enumerate(datas)]
    with Project.create(path) as project:
        for i in range(n_docs):
            doc = sources[i % 10]
            copy = replace(doc, sha256=sha256_of(doc.data + str(i).encode()), title=f"R {i}")
            store_extracted(project, copy, "bench")
        return [d.id for d in documents.list_documents(project)], datas


def bench_detection(tmp: Path, n_docs: int, pages: int, repeat: int) -> dict[str, float]:
    path = tmp / "many.rcproj"
    ids, datas = stored_project(path, n_docs, pages)
    found: list[int] = []

    def detect_all() -> None:
        with Project.open(path) as project:
            for doc_id in ids:
                detect_document(project, doc_id)
            found.append(len(found_repo.list_suggestions(project)))

    def baseline() -> None:  # every page's words, and find_tables on the last 4 pages
        for i in range(n_docs):
            with pymupdf.open(stream=datas[i % 10]) as doc:
                for page in doc:
                    page.get_text("words")
                for page in list(doc)[-4:]:
                    page.find_tables()

    mine, raw = [], []
    for _ in range(repeat):
        mine.append(timed(detect_all, 1))
        raw.append(timed(baseline, 1))
    return {"detect": statistics.median(mine), "raw": statistics.median(raw), "found": found[-1]}


def recommendation_texts(n: int, seed: int = 19) -> list[str]:
    rng = random.Random(seed)
    requests = [
        " ".join(rng.sample(SENTENCES, 1)[0].split()[:14]) + f" (area {k})" for k in range(250)
    ]
    who = ["The force", "Police", "The constabulary", "Officers", "Agencies"]
    verbs = ["should ensure that", "must ensure", "should review how", "should consider whether"]
    return [
        f"{rng.choice(who)} {rng.choice(verbs)} {rng.choice(requests).lower()}" for _ in range(n)
    ]


def bench_clustering(n: int, repeat: int) -> dict[str, float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = recommendation_texts(n)
    groups: list[int] = []

    def ours() -> None:
        groups[:] = group_texts(texts)

    def baseline() -> None:
        v = TfidfVectorizer(tokenizer=_tokens, lowercase=False, token_pattern=None).fit_transform(
            texts
        )
        (v @ v.T).tocsr()

    ours()  # imports scikit-learn and SciPy once, outside the timing
    return {
        "cluster": timed(ours, repeat),
        "raw": timed(baseline, repeat),
        "groups": len(set(groups)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--recommendations", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        det = bench_detection(Path(tmpdir), args.documents, args.pages, args.repeat)
    clu = bench_clustering(args.recommendations, args.repeat)
    print(f"Machine: {os.cpu_count()} cores; PyMuPDF {pymupdf.__version__}\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| detect recommendations in {args.documents} stored reviews of {args.pages} pages "
        f"({det['found']} suggested) | {det['detect']:.2f} s | ≤ 10 s |"
    )
    print(
        f"| raw PyMuPDF words of every page and `find_tables` on the same 4 pages each "
        f"| {det['raw']:.2f} s | |"
    )
    print(
        f"| group {args.recommendations:,} recommendations ({clu['groups']} groups) "
        f"| {clu['cluster']:.2f} s | ≤ 5 s |"
    )
    print(f"| scikit-learn TF-IDF and the similarity product alone | {clu['raw']:.2f} s | |")


if __name__ == "__main__":
    main()
