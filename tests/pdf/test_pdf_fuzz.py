"""Seeded fuzzing of PDF import: mutated and truncated PDFs, each imported through the
command line and the core; each is either a document that passes ``check`` or a
``failed`` line with a one-line reason, and the other files in the same command go on.

The PDFs are mutations of three made here with PyMuPDF (plain objects; compressed with
object streams; rotated pages with a text-less page): bytes flipped, cut (with and without
a new ``%%EOF``), spliced, a page count or a stream length rewritten, an object's end
removed. The seed is fixed, so a failure names a mutation that can be replayed.
"""

from __future__ import annotations

import random
import re

import pytest

from coder.cli.main import main
from coder.coding.ingest import import_pdf
from coder.errors import CoderError
from coder.project.check import check_project
from coder.project.store import Project
from tests.conftest import sample_pdf
from tests.pdfkit import PdfBuilder

SEED = 20261222
PDFS = 120


def _bases() -> list[bytes]:
    b = PdfBuilder()
    for p in range(4):
        b.page()
        for i in range(6):
            b.line(72, 80 + i * 20, f"Page {p} line {i}: the officer completed a DASH risk form")
    plain = b.tobytes()
    packed = b.doc.tobytes(garbage=3, deflate=True, use_objstms=1)
    return [plain, packed, sample_pdf()[0]]


_COUNT = re.compile(rb"/Count \d+")
_LENGTH = re.compile(rb"/Length \d+")
_ENDOBJ = re.compile(rb"endobj")


def mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    d = bytearray(data)
    kind = rng.choice(["flip", "cut", "cut-eof", "splice", "count", "length", "endobj"])
    if kind == "flip":
        for _ in range(rng.randint(1, 16)):
            d[rng.randrange(len(d))] = rng.randrange(256)
    elif kind == "cut":
        del d[rng.randrange(len(d)) :]
    elif kind == "cut-eof":  # a truncated download that still ends like a PDF
        d = d[: rng.randrange(len(d))] + b"\n%%EOF\n"
    elif kind == "splice":
        at, src = rng.randrange(len(d)), rng.randrange(len(d))
        d[at:at] = d[src : src + rng.randint(1, 400)]
    elif kind in ("count", "length", "endobj"):
        pattern = {"count": _COUNT, "length": _LENGTH, "endobj": _ENDOBJ}[kind]
        spots = list(pattern.finditer(bytes(d)))
        if not spots:
            return mutate(rng, data)
        m = rng.choice(spots)
        value = rng.choice([b"0", b"1", b"7", b"31", b"99999", b"-1"])
        new = b"" if kind == "endobj" else m.group(0).split(b" ")[0] + b" " + value
        d[m.start() : m.end()] = new
    return kind, bytes(d)


def mutations(seed: int, n: int) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    bases = _bases()
    out = []
    for i in range(n):
        base = rng.randrange(len(bases))
        kind, data = mutate(rng, bases[base])
        out.append((f"#{i} base {base}: {kind}", data))
    return out


def test_mutated_pdfs_import_cleanly_or_fail_in_one_line(tmp_path, capsys):
    cases = mutations(SEED, PDFS)
    folder = tmp_path / "in"
    folder.mkdir()
    for i, (_, data) in enumerate(cases):
        (folder / f"{i:03d}.pdf").write_bytes(data)
    path = tmp_path / "fuzz.rcproj"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    # the command line: one line per file, in order, and every file is tried
    code = main(["import", str(path), str(folder)])
    out, err = capsys.readouterr()
    assert err == ""
    lines = [line for line in out.splitlines() if not line.startswith("  warning: ")]
    assert len(lines) == PDFS
    outcomes = {"imported": 0, "duplicate": 0, "failed": 0}
    for (label, _), line in zip(cases, lines, strict=True):
        status = line.split()[0]
        assert status in outcomes, f"{label}: {line}"
        outcomes[status] += 1
        if status == "failed":
            reason = line.split("  (", 1)[1]
            assert "internal error" not in reason and "Traceback" not in reason, label
    assert code == (1 if outcomes["failed"] else 0)
    assert outcomes["imported"] >= 20 and outcomes["failed"] >= 20, outcomes
    # every imported document passes check
    assert main(["check", str(path)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    with Project.open(path, read_only=True) as project:
        assert check_project(project) == []
        documents = project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert documents == outcomes["imported"]


def test_the_core_gives_an_outcome_for_every_mutated_pdf(tmp_path):
    """Through ``import_pdf`` (as the app's importer calls it): never an exception."""
    with Project.create(tmp_path / "core.rcproj", user="Fuzzer") as project:
        for label, data in mutations(SEED + 1, PDFS // 2):
            src = tmp_path / "one.pdf"
            src.write_bytes(data)
            try:
                outcome = import_pdf(project, src, "Fuzzer")
            except CoderError as exc:  # pragma: no cover - import_pdf reports, never raises
                pytest.fail(f"{label}: raised {exc}")
            assert outcome.status in ("imported", "duplicate", "failed"), label
            if outcome.status == "failed":
                assert outcome.message and "\n" not in outcome.message, label
        assert check_project(project) == []
