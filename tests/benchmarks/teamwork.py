"""Teamwork benchmarks: ``python -m tests.benchmarks.teamwork``.

* merge 10 coders' copies × 10,000 codings each, on 50 documents of 60 pages (with a
  renamed code and deleted codings among them), to a new project file;
* agreement for 3 coders × 100 documents × 100 codes at document, segment and character
  level (10,000 codings per coder).

Documents are ten seeded 60-page PDFs, extracted once and stored under distinct hashes
(see ``tests/benchmarks/analysis.py``).
"""

from __future__ import annotations

import dataclasses
import os
import random
import tempfile
from pathlib import Path

from coder.coding import edits
from coder.coding.ingest import store_extracted
from coder.coding.locate import geometry_for
from coder.coding.operations import new_text_coding
from coder.project import coders, codes, codings, documents
from coder.project.clock import utc_now
from coder.project.store import Project
from coder.teamwork.agreement import agreement
from coder.teamwork.distribute import distribute
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_write import write_merge
from tests.benchmarks.analysis import log, sources, timed


def template(path: Path, docs: int, n_codes: int, extracted) -> Path:
    with Project.create(path, user="lead") as project:
        with project.write():
            for i in range(n_codes):
                codes.ensure_path(project, f"Area {i // 20}/Theme {i}", None)
        for d in range(docs):
            src = extracted[d % len(extracted)]
            unique = dataclasses.replace(
                src, sha256=f"{d:064d}", file_name=f"review-{d}.pdf", title=f"Review {d}"
            )
            store_extracted(project, unique, "lead")
    return path


def add_codings(path: Path, name: str, n: int, seed: int, per_doc_overlap: bool = False) -> None:
    rng = random.Random(seed)
    with Project.open(path, user=name) as project:
        with project.write():
            coder = coders.ensure_coder(project, name)
        code_ids = sorted(codes.code_tree(project).parent)
        code_ids = [c for c in code_ids if codes.get_code(project, c).parent_id]
        doc_ids = sorted(d.id for d in documents.list_documents(project))
        now = utc_now()
        batch, seen = [], set()
        shared = random.Random(1)  # the same places for every coder: agreement is realistic
        while len(batch) < n:
            r = shared if per_doc_overlap and rng.random() < 0.6 else rng
            geometry = geometry_for(project, r.choice(doc_ids))
            start = r.randrange(0, len(geometry.text) - 400)
            coding = new_text_coding(
                geometry, r.choice(code_ids), coder.id, start, start + r.randint(20, 300), None, now
            )
            key = (coding.document_id, coding.code_id, coding.char_start, coding.char_end)
            if key not in seen:
                seen.add(key)
                batch.append(coding)
        with project.write():
            codings.insert_codings(project, batch)
        if seed % 3 == 0:  # some coders tidy up: a rename and deleted codings
            first = code_ids[seed % len(code_ids)]
            edits.update_code(project, first, coder.id, name=f"Renamed by {name}")
            edits.delete_codings(project, [c.id for c in batch[:50]], coder.id)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rc-teamwork-") as folder:  # removed at the end
        run(Path(folder))


def run(tmp: Path) -> None:
    extracted = sources()
    base = template(tmp / "study.rcproj", 50, 100, extracted)
    (tmp / "copies").mkdir()
    names = [f"Coder {i}" for i in range(10)]
    copies = distribute(base, names, tmp / "copies")
    for i, (path, name) in enumerate(zip(copies, names, strict=True)):
        add_codings(path, name, 10_000, seed=i)
    log("10 copies made")
    runs = iter(range(100))

    def merge() -> dict:
        with plan_merge(copies) as plan:
            write_merge(plan, tmp / f"merged-{next(runs)}.rcproj")
            return plan.report

    report = merge()
    merge_s = timed(merge)
    log("merge timed")

    team = template(tmp / "team.rcproj", 100, 100, extracted)
    for i, name in enumerate(["Ann", "Bob", "Cat"]):
        add_codings(team, name, 10_000, seed=100 + i, per_doc_overlap=True)
    results = {}
    with Project.open(team, read_only=True) as project:
        for level in ("document", "segment", "character"):
            results[level] = timed(
                lambda level=level: agreement(project, ["Ann", "Bob", "Cat"], level)
            )
        sample = agreement(project, ["Ann", "Bob", "Cat"], "document")
    log("agreement timed")
    print(f"Machine: {os.cpu_count()} cores\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| merge 10 copies × 10,000 codings, 50 documents of 60 pages "
        f"({report['result']['codings']:,} codings out, {len(report['conflicts'])} conflicts) "
        f"| {merge_s:.2f} s | ≤ 5 s |"
    )
    units = sample["pooled"]["units"]
    for level, target in (("document", 2), ("segment", 2), ("character", 10)):
        print(
            f"| agreement, 3 coders × 100 documents × 100 codes, {level} level "
            f"| {results[level]:.2f} s | ≤ {target} s |"
        )
    print(f"\n(document level: {units:,} pooled units)")


if __name__ == "__main__":
    main()
