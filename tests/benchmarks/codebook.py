"""Codebook import at growing sizes: ``python -m tests.benchmarks.codebook``.

Loading a codebook file into a project (what ``review-coder codebook --import`` and
``new --codebook`` do: read the file, match every code by id then path, add the rest) is
timed for 1,000 to 10,000 codes in one run, as REFI-QDA ``.qdc`` and as YAML. The
codebooks are generated: ten top-level codes, then each code gets up to ten sub-codes in
turn (four levels at 10,000), every code with a definition. The baseline in the same run
is parsing the file alone; the time per 1,000 codes shows whether the load is linear
(a constant column) or not (before issue 22 it grew with the size: 1k/2k/4k/8k codes took
1.5/4.1/13/54 s). Each figure is the median of ``--repeat`` runs, each into a new project.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from coder.codebook.files import read_codebook, write_codebook
from coder.codebook.model import Codebook, CodeSpec
from coder.coding.codebooks import load_codebook
from coder.project.store import Project

SIZES = (1000, 2000, 4000, 8000, 10000)
_NS = uuid.UUID("0b7f3f4e-9c55-4d1e-b5b3-2f0a7c6a1e21")


def generated_codebook(n: int) -> Codebook:
    """``n`` codes: code ``i`` (from 10 on) is a sub-code of code ``i // 10 - 1``."""
    specs: list[CodeSpec] = []
    roots: list[CodeSpec] = []
    for i in range(n):
        spec = CodeSpec(
            str(uuid.uuid5(_NS, str(i))),
            f"Theme {i}",
            definition=f"Passages about theme {i} and how police responded to it.",
            when_to_use="When the review names it.",
        )
        specs.append(spec)
        (roots if i < 10 else specs[i // 10 - 1].children).append(spec)
    return Codebook(f"Generated {n}", roots, source="tests.benchmarks.codebook")


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench(tmp: Path, n: int, suffix: str, repeat: int) -> tuple[float, float]:
    path = tmp / f"codebook-{n}{suffix}"
    write_codebook(generated_codebook(n), path)
    counter = iter(range(1000))

    def load() -> None:
        with Project.create(tmp / f"load-{n}-{suffix[1:]}-{next(counter)}.rcproj") as project:
            t = time.perf_counter()
            report = load_codebook(project, read_codebook(path), None)
            times.append(time.perf_counter() - t)
            assert len(report.created) == n, report.summary()

    times: list[float] = []
    for _ in range(repeat):
        load()
    parse = timed(lambda: read_codebook(path), repeat)
    return parse, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    print(f"Machine: {os.cpu_count()} cores; median of {args.repeat}\n")
    print("| codes | format | parse only (baseline) | read and load | per 1,000 codes |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmpdir:
        for suffix in (".qdc", ".yaml"):
            for n in args.sizes:
                parse, load = bench(Path(tmpdir), n, suffix, args.repeat)
                print(
                    f"| {n:,} | {suffix} | {parse:.2f} s | {load:.2f} s | {load / n * 1000:.3f} s |"
                )


if __name__ == "__main__":
    main()
