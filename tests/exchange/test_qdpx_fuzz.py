"""Seeded fuzzing of the ``.qdpx`` import: mutated archives, each imported, each either a
success that passes ``check`` or a clean refusal (a ``CoderError`` of one line), and never
anything left behind but the new project.

The archives are mutations of QualCoder's project (tests/data/qualcoder), at three levels:
the archive's bytes (headers, compressed data, truncation), the project document's XML
(its bytes, its numbers, its elements) and the files inside (a PDF cut short, a text
recoded). The seed is fixed, so a failure names a mutation that can be replayed.
"""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import pytest

from coder.errors import CoderError
from coder.exchange.qdpx_import import import_qdpx
from coder.project.check import check_project
from coder.project.store import Project
from tests.datafiles import DATA

SEED = 20261201
ARCHIVES = 60
BASE = DATA / "qualcoder" / "qualcoder-project.qdpx"


def _members(data: bytes, path: Path) -> dict[str, bytes]:
    path.write_bytes(data)
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _bytes(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    d = bytearray(data)
    kind = rng.choice(["flip", "cut", "delete", "insert"] if d else ["insert"])
    if kind == "flip":
        for _ in range(rng.randint(1, 8)):
            d[rng.randrange(len(d))] = rng.randrange(256)
    elif kind == "cut":
        del d[rng.randrange(len(d)) :]
    elif kind == "delete":
        at = rng.randrange(len(d))
        del d[at : at + rng.randint(1, 64)]
    else:
        at = rng.randrange(len(d) + 1)
        d[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
    return kind, bytes(d)


_NUMBER = re.compile(rb'(startPosition|endPosition|page|firstX|firstY|secondX|secondY)="\d+"')
_GUID = re.compile(rb'(guid|targetGUID)="[^"]*"')
_ELEMENT = re.compile(rb"<(PlainTextSelection|PDFSelection|Coding|Code|TextSource|PDFSource)\b")


def _qde(rng: random.Random, qde: bytes) -> tuple[str, bytes]:
    kind = rng.choice(["bytes", "number", "guid", "swap", "drop"])
    if kind == "bytes":
        what, changed = _bytes(rng, qde)
        return f"bytes {what}", changed
    if kind == "number":
        spots = list(_NUMBER.finditer(qde))
        m = rng.choice(spots)
        value = rng.choice([-1, 0, 1, 10**9, 2**63, rng.randrange(1000)])
        return kind, qde[: m.start()] + m.group(1) + b'="%d"' % value + qde[m.end() :]
    if kind in ("guid", "swap"):
        spots = list(_GUID.finditer(qde))
        m = rng.choice(spots)
        other = rng.choice(spots).group(0).split(b"=", 1)[1] if kind == "swap" else b'"x"'
        return kind, qde[: m.start()] + m.group(1) + b"=" + other + qde[m.end() :]
    # drop the opening tag of an element: the rest of it stays, orphaned or broken
    m = rng.choice(list(_ELEMENT.finditer(qde)))
    end = qde.index(b">", m.end())
    return kind, qde[: m.start()] + qde[end + 1 :]


def _source(rng: random.Random, members: dict[str, bytes]) -> tuple[str, dict[str, bytes]]:
    name = rng.choice(sorted(n for n in members if n != "project.qde"))
    data = members[name]
    if name.endswith(".pdf") and rng.random() < 0.6:
        cut = rng.randrange(len(data))
        members[name] = data[:cut] + b"\n%%EOF\n"
        return f"pdf cut at {cut}", members
    kind, members[name] = _bytes(rng, data)
    return f"{name} {kind}", members


def mutations(seed: int, n: int, scratch: Path) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    base = BASE.read_bytes()
    original = _members(base, scratch / "base.qdpx")
    out = []
    for i in range(n):
        level = rng.choice(["archive", "archive", "qde", "qde", "source"])
        if level == "archive":
            kind, data = _bytes(rng, base)
        elif level == "qde":
            members = dict(original)
            kind, members["project.qde"] = _qde(rng, original["project.qde"])
            data = _zip(members)
        else:
            kind, members = _source(rng, dict(original))
            data = _zip(members)
        out.append((f"#{i} {level}: {kind}", data))
    return out


def test_mutated_archives_import_cleanly_or_are_refused_in_one_line(tmp_path):
    outcomes = {"imported": 0, "refused": 0}
    for label, data in mutations(SEED, ARCHIVES, tmp_path):
        folder = tmp_path / f"case{outcomes['imported'] + outcomes['refused']}"
        folder.mkdir()
        src = folder / "in.qdpx"
        src.write_bytes(data)
        out = folder / "out.rcproj"
        try:
            import_qdpx(src, out, "Fuzzer")
        except CoderError as exc:
            message = str(exc)
            assert message and "\n" not in message, label
            assert sorted(p.name for p in folder.iterdir()) == ["in.qdpx"], label
            outcomes["refused"] += 1
        except Exception as exc:  # pragma: no cover - what the test exists to catch
            pytest.fail(f"{label}: {type(exc).__name__}: {exc}")
        else:
            assert sorted(p.name for p in folder.iterdir()) == ["in.qdpx", "out.rcproj"], label
            with Project.open(out, read_only=True) as p:
                assert check_project(p) == [], label
            outcomes["imported"] += 1
    # both outcomes occur: the mutations are neither all fatal nor all harmless
    assert outcomes["imported"] >= 10 and outcomes["refused"] >= 10, outcomes
