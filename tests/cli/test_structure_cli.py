from __future__ import annotations

import json
import sqlite3

import pytest

from tests.cli.test_cli import run
from tests.structure.corpus import bold_report


@pytest.fixture
def proj(tmp_path, capsys):
    path = tmp_path / "study.rcproj"
    assert run(capsys, "new", path)[0] == 0
    pdf = tmp_path / "CSPR Child B.pdf"
    pdf.write_bytes(bold_report().data)
    assert run(capsys, "import", path, pdf, "--coder", "Ann")[0] == 0
    return path


def _outline(capsys, proj):
    code, out, _ = run(capsys, "outline", proj, "--json")
    assert code == 0
    return json.loads(out)["documents"][0]


def test_outline_lists_headings_kinds_and_paragraphs(capsys, proj):
    code, out, err = run(capsys, "outline", proj)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "CSPR Child B  (6 pages)"
    assert lines[1:4] == [
        "  Child Safeguarding Practice Review: Child B  [other]  p. 1",
        "  Local Safeguarding Partnership  [other]  p. 1",
        "  Introduction  [introduction]  p. 3  para 1",
    ]
    assert "    The family  [background]  p. 4  paras 9\u201310" in lines
    doc = _outline(capsys, proj)
    assert doc["detected"] is True
    assert doc["headings"][2] == {
        "start": doc["headings"][2]["start"],
        "end": doc["headings"][2]["start"] + len("Introduction"),
        "page": 3,
        "level": 1,
        "number": "",
        "title": "Introduction",
        "kind": "introduction",
    }
    assert [p["number"] for p in doc["paragraphs"]] == [str(n) for n in range(1, 29)]
    code, out, _ = run(capsys, "outline", proj, "--paragraphs", "--document", "CSPR Child B.pdf")
    assert "      \u00b6 10  p. 4  [" in out


def test_structure_corrections_from_the_command_line(capsys, proj):
    code, out, _ = run(
        capsys, "structure", proj, "--document", "CSPR Child B.pdf",
        "--heading", "The family", "--kind", "chronology", "--coder", "Ann",
    )  # fmt: skip
    assert (code, out) == (
        0,
        "CSPR Child B: section 'The family' is chronology\n",
    )
    code, out, _ = run(
        capsys, "structure", proj, "--document", "CSPR Child B.pdf",
        "--heading", "Contact with agencies", "--merge",
    )  # fmt: skip
    assert code == 0
    code, out, _ = run(
        capsys, "structure", proj, "--document", "CSPR Child B.pdf",
        "--paragraph", "10.1", "--at", "Officers attended",
    )  # fmt: skip
    assert code == 0
    doc = _outline(capsys, proj)
    titles = {h["title"]: h["kind"] for h in doc["headings"]}
    assert titles["The family Contact with agencies"] == "chronology"
    assert "10.1" in [p["number"] for p in doc["paragraphs"]]
    # detecting again keeps the corrections
    code, out, _ = run(capsys, "structure", proj, "--detect")
    assert out == "CSPR Child B: 16 headings, 29 numbered paragraphs\n"
    assert _outline(capsys, proj) == doc


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--heading", "Nope", "--kind", "analysis"], 1, "no heading 'Nope'"),
        (["--heading", "Introduction", "--kind", "bogus"], 2, "unknown section kind 'bogus'"),
        (["--heading", "Introduction"], 2, "give either --kind KIND or --merge"),
        (["--paragraph", "5.1"], 2, "give --at OFFSET or --at PHRASE"),
        (["--paragraph", "5.1", "--at", "no such words"], 1, "does not occur"),
        (["--paragraph", "x", "--at", "Officers"], 2, "'x' is not a paragraph number"),
    ],
)
def test_structure_errors_are_one_line_and_change_nothing(capsys, proj, argv, code, message):
    before = sqlite3.connect(proj).execute("SELECT count(*) FROM structure_corrections").fetchone()
    got, _, err = run(capsys, "structure", proj, "--document", "CSPR Child B.pdf", *argv)
    assert got == code
    assert message in err and len(err.strip().splitlines()) == 1
    after = sqlite3.connect(proj).execute("SELECT count(*) FROM structure_corrections").fetchone()
    assert before == after == (0,)


def test_outline_of_a_project_not_yet_detected(capsys, proj):
    conn = sqlite3.connect(proj)
    conn.execute("DELETE FROM structures")
    conn.commit()
    conn.close()
    _, out, _ = run(capsys, "outline", proj)
    assert "structure not detected yet" in out
