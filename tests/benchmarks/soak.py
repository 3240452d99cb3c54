"""Interrupted-work soak: ``python -m tests.benchmarks.soak [--runs N] [--seed S]``.

Each run copies fresh inputs into a folder of its own, starts one command as a user
would (``python -m coder ...``), kills it with SIGKILL at a random moment (seeded; from
half-way through the interpreter's start-up to the command's measured duration), and
then checks:

1. right after the kill: every project in the folder opens read-only and passes
   ``check`` (SQLite's integrity check, foreign keys, stored text and geometry, codings);
2. the next run of the same command succeeds;
3. after it: no litter (no temporary file, ``-wal``, ``-shm``, ``-journal`` or lock file in
   the folder, no identity lock left in the per-user lock folder), and every project
   passes ``check`` again.

The commands: ``import`` (PDFs into a project), ``merge`` (two coders' copies into a new
project), ``qdpx import`` (a REFI-QDA project into a new project) and an upgrade (a
schema-1 project opened for writing by ``autocode``), in turn, until ``--kills`` runs
(default 100) were killed before they finished. A command killed after its output was in
place has finished its work: its next run is ``info`` on that output. Prints one line per
run and a summary; exits 1 if any run broke a rule.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from coder import scratch
from coder.errors import ReadOnlyError
from coder.project.check import check_project
from coder.project.schema import APPLICATION_ID
from coder.project.store import Project

ROOT = Path(__file__).resolve().parents[2]
OPS = ("import", "merge", "refi", "upgrade")


def rc(*args: object, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "coder", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if check and done.returncode != 0:
        raise SystemExit(f"set-up failed: {args}: {done.stderr.strip()}")
    return done


def _timed(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    rc(*args, env=env)
    return time.perf_counter() - t0


def build_inputs(base: Path, env: dict[str, str]) -> Path:
    """The inputs every run copies: 8 PDFs to import; a .qdpx of a project of those 8 with
    codings; two coders' copies of a 20-document project, each with thousands of codings of
    its own, to merge; a schema-1 project of 150,000 codes to upgrade."""
    from coder.demo.pdfgen import review_pdf

    inputs = base / "inputs"
    pdfs, more = inputs / "pdfs", inputs / "more-pdfs"
    pdfs.mkdir(parents=True)
    more.mkdir()
    for i in range(20):
        folder = pdfs if i < 8 else more
        folder.joinpath(f"review-{i}.pdf").write_bytes(review_pdf(700 + i, 30, f"Soak review {i}"))
    template = inputs / "template.rcproj"
    rc("new", template, "--codebook", "police-learning", env=env)
    rc("import", template, pdfs, env=env)
    for phrase in ("risk", "officer", "referral"):
        autocode(template, f"Soak/{phrase}", phrase, "lead", env)
    rc("qdpx", "export", template, "--out", inputs / "template.qdpx", env=env)
    big = inputs / "big.rcproj"
    shutil.copy(template, big)
    rc("import", big, more, env=env)
    rc("distribute", big, "--coder", "A", "--coder", "B", "--out", inputs / "copies", env=env)
    for name in ("A", "B"):  # common words: thousands of codings for the merge to write
        copy = inputs / "copies" / f"big-{name}.rcproj"
        for phrase in ("the", "police" if name == "A" else "assessment"):
            autocode(copy, f"Soak/{name}/{phrase}", phrase, name, env)
    _schema_1_project(inputs / "old.rcproj", codes=150_000)
    return inputs


def autocode(project: Path, code: str, phrase: str, coder: str, env: dict[str, str]) -> None:
    args = ["--code", code, "--create", "--phrase", phrase, "--coder", coder]
    rc("autocode", project, *args, env=env)


def _schema_1_project(path: Path, codes: int) -> None:
    from coder.project import schema
    from coder.project.sqlite import Database

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    schema.migrations.apply(Database(conn), stop_before="0002_code_definitions")
    conn.execute("PRAGMA user_version = 1")
    conn.executemany(
        "INSERT INTO project (key, value) VALUES (?, ?)",
        [("id", "soak-old"), ("name", "old"), ("created_at", "2026-01-01T00:00:00Z")],
    )
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO codes (id, name, colour, description, created_at, modified_at) "
        "VALUES (?, ?, '#112233', ?, 'then', 'then')",
        [(f"c{i}", f"Code {i}", "an old definition " * 10) for i in range(codes)],
    )
    conn.execute("COMMIT")
    conn.close()


def stage(op: str, inputs: Path, folder: Path) -> tuple[list[object], set[str], list[Path]]:
    """Copy the inputs for ``op`` into ``folder``: the command's arguments, the names the
    folder should hold after a successful run, and the projects to check."""
    folder.mkdir()
    if op == "import":
        project = folder / "p.rcproj"
        Project.create(project).close()
        shutil.copytree(inputs / "pdfs", folder / "pdfs")
        argv = ["import", project, folder / "pdfs", "--coder", "soak"]
        return argv, {"p.rcproj", "pdfs"}, [project]
    if op == "merge":
        for name in ("A", "B"):
            shutil.copy(inputs / "copies" / f"big-{name}.rcproj", folder / f"{name}.rcproj")
        out = folder / "merged.rcproj"
        return (
            ["merge", folder / "A.rcproj", folder / "B.rcproj", "--out", out],
            {"A.rcproj", "B.rcproj", "merged.rcproj"},
            [folder / "A.rcproj", folder / "B.rcproj", out],
        )
    if op == "refi":
        shutil.copy(inputs / "template.qdpx", folder / "in.qdpx")
        out = folder / "refi.rcproj"
        return (
            ["qdpx", "import", folder / "in.qdpx", "--out", out, "--coder", "soak"],
            {"in.qdpx", "refi.rcproj"},
            [out],
        )
    shutil.copy(inputs / "old.rcproj", folder / "old.rcproj")
    old = folder / "old.rcproj"
    return (
        ["autocode", old, "--code", "Soak", "--create", "--phrase", "zzz", "--coder", "soak"],
        {"old.rcproj", "old.schema-1.rcproj"},
        [old, folder / "old.schema-1.rcproj"],
    )


def soundness(projects: list[Path]) -> list[str]:
    """Problems in the projects that exist (each opened read-only, as ``info`` would)."""
    problems = []
    for path in projects:
        if not path.exists():
            continue
        try:
            with Project.open(path, read_only=True) as project:
                problems += [f"{path.name}: {p}" for p in check_project(project)]
        except ReadOnlyError:  # an older schema (the upgrade's input, or its kept copy)
            problems += [f"{path.name}: {p}" for p in _sqlite_check(path)]
        except Exception as exc:  # any other failure to open is a finding here
            problems.append(f"{path.name}: cannot be opened ({type(exc).__name__}: {exc})")
    return problems


def _sqlite_check(path: Path) -> list[str]:
    """SQLite's own checks, for a project at an older schema that ``check`` cannot open."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        keys = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    return [f"SQLite integrity: {r}" for r in found if r != "ok"] + [
        f"foreign key: {k}" for k in keys
    ]


def litter(folder: Path, expected: set[str], locks: Path) -> list[str]:
    found = [f"leftover {x.path.name} ({x.reason})" for x in scratch.find(folder)]
    found += [f"unexpected {p.name}" for p in folder.iterdir() if p.name not in expected]
    found += [f"identity lock {p.name}" for p in locks.glob("*/*.lock")]
    return found


def run_once(
    op: str, inputs: Path, folder: Path, delay: float, env: dict[str, str], locks: Path
) -> tuple[str, list[str]]:
    argv, expected, projects = stage(op, inputs, folder)
    child = subprocess.Popen(
        [sys.executable, "-m", "coder", *map(str, argv)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    killed = child.poll() is None
    if killed:
        child.send_signal(signal.SIGKILL)
    child.wait()
    moment = "killed" if killed else "finished"
    problems = [f"after the kill: {p}" for p in soundness(projects)]
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else None
    if out is not None and out.exists():  # killed after the output was in place: it is done
        argv = ["info", out]
    again = rc(*argv, env=env, check=False)
    if again.returncode != 0:
        problems.append(f"the next run failed ({again.returncode}): {again.stderr.strip()}")
    problems += [f"after the next run: {p}" for p in litter(folder, expected, locks)]
    problems += [f"after the next run: {p}" for p in soundness(projects)]
    return moment, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100, help="runs killed mid-way to reach")
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rc-soak-") as folder:  # removed at the end
        return soak(args, Path(folder))


def soak(args: argparse.Namespace, base: Path) -> int:
    locks = base / "runtime"
    locks.mkdir()
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(locks),
        "REVIEW_CODER_NAME": "soak",
        "REVIEW_CODER_DATA": str(base / "data"),
    }
    os.environ.update({"XDG_RUNTIME_DIR": str(locks)})
    started = time.perf_counter()
    inputs = build_inputs(base, env)
    # how long each command takes when left alone, and the start-up all of them share
    # (the interpreter and the imports, as measured by --version): the kills fall from
    # half-way through the start-up to the end, so most land in the work itself
    startup = min(_timed(["--version"], env) for _ in range(3))
    durations = {}
    for op in OPS:
        times = []
        for attempt in range(2):
            argv, _, _ = stage(op, inputs, base / f"calibrate-{op}-{attempt}")
            t0 = time.perf_counter()
            rc(*argv, env=env)
            times.append(time.perf_counter() - t0)
        durations[op] = min(times)
    print(
        f"start-up {startup:.2f} s; durations alone: "
        + ", ".join(f"{op} {s:.2f} s" for op, s in durations.items())
    )
    rng = random.Random(args.seed)
    tally: Counter[tuple[str, str]] = Counter()
    failures = 0
    i = 0
    while sum(n for (_, moment), n in tally.items() if moment == "killed") < args.kills:
        op = OPS[i % len(OPS)]
        delay = rng.uniform(startup / 2, durations[op])
        moment, problems = run_once(op, inputs, base / f"run-{i:03d}-{op}", delay, env, locks)
        tally[(op, moment)] += 1
        if moment == "killed":
            tally[(op, "in start-up" if delay < startup else "in the work")] += 1
        status = "ok" if not problems else "FAIL"
        failures += bool(problems)
        print(f"run {i:3d} {op:8s} {moment} at {delay:5.2f} s: {status}")
        for p in problems:
            print(f"    {p}")
        i += 1
    print(f"\n{i} runs (seed {args.seed}) in {time.perf_counter() - started:.0f} s")
    for op in OPS:
        print(
            f"  {op:8s} killed {tally[(op, 'killed')]:3d} ({tally[(op, 'in start-up')]} in "
            f"start-up, {tally[(op, 'in the work')]} in the work), finished before the kill "
            f"{tally[(op, 'finished')]:3d}"
        )
    print(f"  runs that broke a rule: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
