"""The teamwork commands as analysts script them: distribute, assign, status, progress,
merge and agreement."""

from __future__ import annotations

import csv
import json

from coder.cli.team_commands import AGREEMENT_COLUMNS, DISAGREEMENT_COLUMNS
from tests.cli.test_cli import run
from tests.conftest import sample_pdf


def test_distribute_code_merge_and_measure_agreement(tmp_path, capsys):
    pdf = tmp_path / "review.pdf"
    pdf.write_bytes(sample_pdf()[0])
    study = tmp_path / "study.rcproj"
    assert run(capsys, "new", study, "--coder", "Lead")[0] == 0
    assert run(capsys, "import", study, pdf, "--coder", "Lead")[0] == 0
    code, out, _ = run(capsys, "assign", study, "--coder", "Ann", "--coder", "Bob", "--all")
    assert (code, out) == (0, "assigned 1 document to Ann, Bob\n")
    code, out, _ = run(  # --out names a folder that does not exist yet: distribute makes it
        capsys,
        "distribute",
        study,
        "--coder",
        "Ann",
        "--coder",
        "Bob",
        "--out",
        tmp_path / "copies",
    )
    ann, bob = tmp_path / "copies" / "study-Ann.rcproj", tmp_path / "copies" / "study-Bob.rcproj"
    assert out.splitlines() == [f"wrote {ann}", f"wrote {bob}"]
    for path, who, phrase in ((ann, "Ann", "risk assessment"), (bob, "Bob", "risk")):
        args = ["autocode", path, "--create", "--code", "Risk", "--phrase", phrase, "--coder", who]
        assert run(capsys, *args)[0] == 0
        code, out, _ = run(
            capsys,
            "status",
            path,
            "--document",
            "review.pdf",
            "--status",
            "done",
            "--coder",
            who,
        )
        assert (code, out) == (0, f"1 document marked done for {who}\n")
    code, out, _ = run(capsys, "progress", ann, "--json")
    progress = json.loads(out)
    assert progress["coders"]["Ann"] == {"not_started": 0, "in_progress": 0, "done": 1}
    assert progress["coders"]["Bob"] == {"not_started": 1, "in_progress": 0, "done": 0}

    merged = tmp_path / "merged.rcproj"
    code, out, _ = run(
        capsys, "merge", ann, bob, "--out", merged, "--dry-run", "--report", tmp_path / "r.json"
    )
    assert code == 0 and out.endswith(f"would write {merged}\n") and not merged.exists()
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["dry_run"] is True and report["input_codings"] == 3 + 4
    code, out, _ = run(capsys, "merge", ann, bob, "--out", merged, "--report", tmp_path / "r.html")
    assert code == 0 and merged.exists()
    assert "study-Ann.rcproj: 3 codings: 3 kept" in out
    assert "<h1>Merge report</h1>" in (tmp_path / "r.html").read_text()
    code, _, err = run(capsys, "merge", ann, bob, "--out", merged)
    assert code == 2 and "already exists" in err

    code, out, _ = run(capsys, "agreement", merged, "--coder", "Ann", "--coder", "Bob", "--json")
    result = json.loads(out)
    assert result["level"] == "document" and result["coders"] == ["Ann", "Bob"]
    assert [c["code_path"] for c in result["codes"]] == ["Risk"]
    risk = result["codes"][0]
    assert (risk["units"], risk["percent_agreement"], risk["cohen_kappa"]) == (1, 1.0, None)
    assert risk["cohen_kappa_note"].startswith("undefined: every judgement is the same")

    table = tmp_path / "agreement.csv"
    dis = tmp_path / "disagreements.csv"
    code, out, _ = run(
        capsys,
        "agreement",
        merged,
        "--coder",
        "Ann",
        "--coder",
        "Bob",
        "--level",
        "segment",
        "--overlap",
        "0.5",
        "--out",
        table,
        "--disagreements",
        dis,
    )
    assert code == 0
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert rows[0] == AGREEMENT_COLUMNS
    assert [r[2] for r in rows[1:]] == ["Risk", "(pooled)"]
    # Ann coded 3 "risk assessment"; Bob 4 "risk": none overlaps half of the longer
    assert rows[2][3:7] == ["7", "0", "7", "0.0"]
    missing = list(csv.DictReader(dis.open(encoding="utf-8")))
    assert list(missing[0]) == DISAGREEMENT_COLUMNS and len(missing) == 7
    code, _, err = run(
        capsys,
        "agreement",
        merged,
        "--coder",
        "Ann",
        "--coder",
        "Bob",
        "--json",
        "--disagreements",
        dis,
    )
    assert code == 2 and "--level segment" in err


def test_merge_errors_are_one_line(tmp_path, capsys):
    code, _, err = run(capsys, "merge", tmp_path / "none.rcproj", "--out", tmp_path / "m.rcproj")
    assert code == 1 and err.count("\n") == 1 and "no such file" in err
    code, _, err = run(capsys, "merge", tmp_path / "a.rcproj", "--out", tmp_path / "m.txt")
    assert code == 2 and "end in .rcproj" in err


def test_consensus_from_the_command_line(tmp_path, capsys):
    pdf = tmp_path / "review.pdf"
    pdf.write_bytes(sample_pdf()[0])
    study = tmp_path / "study.rcproj"
    run(capsys, "new", study, "--coder", "Lead")
    run(capsys, "import", study, pdf, "--coder", "Lead")
    for who, phrase in (("Ann", "risk assessment"), ("Bob", "risk assessment"), ("Bob", "MARAC")):
        run(
            capsys,
            "autocode",
            study,
            "--create",
            "--code",
            "Risk",
            "--phrase",
            phrase,
            "--coder",
            who,
        )
    code, out, _ = run(
        capsys, "consensus", study, "--coder", "Ann", "--coder", "Bob", "--by", "Lead"
    )
    # Ann's three "risk assessment" codings stand for both; Bob's MARAC is left to settle
    assert (code, out) == (
        0,
        "3 codings added to the consensus layer (6 codings agreed); 1 disagreement to settle\n",
    )
    code, out, _ = run(
        capsys,
        "agreement",
        study,
        "--coder",
        "Ann",
        "--coder",
        "Bob",
        "--level",
        "segment",
        "--json",
    )
    (left,) = json.loads(out)["disagreements"]
    code, out, _ = run(capsys, "consensus", study, "--accept", left["coding_id"], "--by", "Lead")
    assert (code, out) == (0, f"{left['coding_id']} accepted into the consensus layer\n")
    code, out, _ = run(
        capsys, "export", study, "--coder", "consensus", "--segments", tmp_path / "c.csv"
    )
    assert code == 0
    rows = list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8-sig")))
    assert sorted(r["quote"] for r in rows) == sorted(
        ["risk\nassessment", "risk assessment", "risk assessment", "MARAC"]
    )
