"""Issue 20's "Done when": 30 candidates from a CSV, PDFs attached to 20, two screeners
who disagree on 4, planted duplicates; the flow's numbers against values computed here,
kappa against scikit-learn, and the duplicate suggestions (all planted pairs, no other)."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import Counter

import pymupdf
import pytest
from sklearn.metrics import cohen_kappa_score

from coder.cli.main import main
from coder.coding import screening
from coder.coding.attach import require_pdf
from coder.errors import CoderError
from coder.project import candidates
from coder.project.store import Project
from coder.teamwork.distribute import distribute
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_write import write_merge
from tests.samplekit import paragraph, pdf_of, write_candidates

REPOS = [
    "Home Office DHR library",
    "council or partnership website",
    "national case review repository",
    "Wales safeguarding repository",
    "other",
]
TYPES = ["DHR", "CSPR", "SAR"]
REASONS = ["not police-involved", "out of period", "out of scope", "no report available"]
# the planted duplicates (indexes of candidates): 4 and 11 are the same DHR found in two
# places (identical text, different bytes); 7 is the executive summary of report 8
SAME_TEXT = (4, 11)
SUMMARY, REPORT = 7, 8


def _candidates():
    rows = []
    for i in range(30):
        rows.append(
            {
                "title": f"Review {i:02d}",
                "url": f"https://example.org/r{i}",
                "repository": REPOS[i % len(REPOS)] if i % 9 else "",
                "retrieved_on": "2026-11-0" + str(1 + i % 9),
                "publication_status": "executive summary only" if i == SUMMARY else "full report",
                "published_on": "",
                "file": f"review-{i:02d}.pdf" if i < 20 else "",
                "review type": TYPES[i % 3] if i != 29 else "",
                "publication year": str(2015 + i % 8),
            }
        )
    return rows


def _texts():
    """Page texts of the 20 PDFs: distinct, except the planted ones."""
    texts = {i: [paragraph(1000 * i + p, 110) for p in range(3)] for i in range(20)}
    texts[SAME_TEXT[1]] = texts[SAME_TEXT[0]]
    texts[REPORT] = [paragraph(1000 * REPORT + p, 110) for p in range(6)]
    texts[SUMMARY] = texts[REPORT][2:4]
    return texts


def _decision(i: int, screener: str) -> str:
    """'' to include, else the reason to exclude: the screeners differ on 4 reviews."""
    base = "" if i % 3 else REASONS[i % 4]
    if screener == "Bo" and i in (1, 2, 5):
        return "out of scope" if base == "" else ""
    if screener == "Bo" and i == 10:
        return "" if base else "out of period"
    return base


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def built(tmp_path, capsys):
    proj = tmp_path / "sample.rcproj"
    run(capsys, "new", proj, "--attributes", "review-attributes")
    rows = _candidates()
    run(
        capsys,
        "sample",
        proj,
        "--import",
        write_candidates(tmp_path / "c.csv", rows),
        "--coder",
        "Lead",
    )
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    for i, pages in _texts().items():
        # the same text under different bytes: different metadata
        (pdfs / rows[i]["file"]).write_bytes(pdf_of(pages, producer=f"maker {i}"))
    out = run(capsys, "sample", proj, "--attach", pdfs, "--coder", "Lead")
    assert len(out.splitlines()) == 20 and all(x.startswith("attached") for x in out.splitlines())
    return tmp_path, proj, rows


def test_the_sample_from_candidates_to_flow(built, capsys):
    tmp_path, proj, rows = built
    with Project.open(proj, read_only=True) as project:
        sample = candidates.list_sample(project)
        ids = [r.id for r in sample]
        assert [r.documents for r in sample] == [1] * 20 + [0] * 10
        with pytest.raises(CoderError, match="'Review 25' has no PDF yet; attach it"):
            require_pdf(project, ids[25])
        require_pdf(project, ids[3])
        doc = {}
        for r in sample[:20]:
            (d,) = project.conn.execute("SELECT id FROM documents WHERE review_id = ?", [r.id])
            doc[ids.index(r.id)] = d[0]

    # duplicate suggestions: the planted pairs, and nothing else
    found = json.loads(run(capsys, "sample", proj, "--duplicates", "--json"))
    pairs = {(f["kind"], f["first"], f["second"]) for f in found}
    assert pairs == {
        ("same text", doc[SAME_TEXT[0]], doc[SAME_TEXT[1]]),
        ("contained", doc[REPORT], doc[SUMMARY]),
    }
    same = next(f for f in found if f["kind"] == "same text")
    assert same["resemblance"] == 1.0
    contained = next(f for f in found if f["kind"] == "contained")
    assert contained["containment"] >= 0.9 and contained["resemblance"] < 0.5
    run(
        capsys,
        "sample",
        proj,
        "--duplicate",
        doc[SAME_TEXT[0]],
        doc[SAME_TEXT[1]],
        "--coder",
        "Lead",
    )
    run(capsys, "sample", proj, "--same-review", doc[REPORT], doc[SUMMARY], "--coder", "Lead")
    assert json.loads(run(capsys, "sample", proj, "--duplicates", "--json")) == []

    # two screeners, blind, in their own copies
    gone = {SUMMARY, SAME_TEXT[1]}
    to_screen = [i for i in range(30) if i not in gone]
    ann, bo = distribute(proj, ["Ann", "Bo"], tmp_path / "copies")
    for path, name in ((ann, "Ann"), (bo, "Bo")):
        with Project.open(path, user=name) as project:
            for i in to_screen:
                reason = _decision(i, name)
                screening.screen(project, ids[i], "exclude" if reason else "include", reason, name)
    merged = tmp_path / "screened.rcproj"
    with plan_merge([ann, bo]) as plan:
        write_merge(plan, merged)

    # kappa against scikit-learn, and the 4 disagreements
    report = json.loads(run(capsys, "sample", merged, "--agreement", "Ann", "Bo", "--json"))
    a = [int(_decision(i, "Ann") == "") for i in to_screen]
    b = [int(_decision(i, "Bo") == "") for i in to_screen]
    assert report["both_screened"] == 28
    assert report["cohen_kappa"] == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert [d["review"] for d in report["disagreements"]] == [
        "Review 01",
        "Review 02",
        "Review 05",
        "Review 10",
    ]
    # three are resolved by a third person; one waits
    resolved = {1: "", 2: "out of scope", 10: "out of period"}
    for i, reason in resolved.items():
        args = ["--exclude", reason] if reason else ["--include"]
        run(
            capsys,
            "screen",
            merged,
            "--review",
            ids[i],
            *args,
            "--resolve",
            "third_person",
            "--coder",
            "Cy",
        )

    # the flow, computed here from the candidates and the decisions
    outcome: dict[int, str | None] = {}
    for i in to_screen:
        if i in resolved:
            outcome[i] = resolved[i]
        elif _decision(i, "Ann") == _decision(i, "Bo"):
            outcome[i] = _decision(i, "Ann")
        else:
            outcome[i] = None

    def repo(i):
        return rows[i]["repository"] or "not recorded"

    def expected(members):
        identified = Counter(repo(i) for i in members)
        return {
            "identified": identified,
            "duplicates_removed": sum(1 for i in members if i in gone),
            "screened": sum(1 for i in members if i not in gone),
            "excluded": Counter(outcome[i] for i in members if i not in gone and outcome[i]),
            "awaiting": sum(1 for i in members if i not in gone and outcome[i] is None),
            "included": sum(1 for i in members if i not in gone and outcome[i] == ""),
        }

    def type_of(i):
        # the summary was grouped into the report's review: it counts as the report's type
        i = REPORT if i == SUMMARY else i
        return rows[i]["review type"] or "review type not recorded"

    groups = {"all reviews": expected(range(30))}
    for t in [*TYPES, "review type not recorded"]:
        groups[t] = expected([i for i in range(30) if type_of(i) == t])
    assert groups["all reviews"]["duplicates_removed"] == 2
    assert groups["all reviews"]["awaiting"] == 1

    svg_path, csv_path, png_path = (tmp_path / n for n in ("flow.svg", "flow.csv", "flow.png"))
    out = run(capsys, "sample", merged, "--flow", svg_path, "--out", csv_path, "--png", png_path)
    whole = groups["all reviews"]
    assert out.splitlines()[-1] == (
        f"identified 30, duplicates removed 2, screened 28, "
        f"excluded {sum(whole['excluded'].values())}, awaiting 1, included {whole['included']}"
    )
    with csv_path.open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    got: dict[str, dict] = {}
    for row in table:
        g = got.setdefault(row["group"], {"identified": Counter(), "excluded": Counter()})
        n = int(row["count"])
        if row["stage"] in ("identified", "excluded"):
            if row["category"] and n:
                g[row["stage"]][row["category"]] = n
            elif not row["category"]:
                g[row["stage"] + "_total"] = n
        else:
            g[row["stage"]] = n
    assert list(got) == ["all reviews", *TYPES, "review type not recorded"]
    for name, want in groups.items():
        g = got[name]
        assert g["identified"] == want["identified"], name
        assert g["identified_total"] == sum(want["identified"].values())
        assert g["excluded"] == want["excluded"], name
        assert g["excluded_total"] == sum(want["excluded"].values())
        for stage in ("duplicates_removed", "screened", "awaiting", "included"):
            assert g[stage] == want[stage], (name, stage)

    # the SVG is XML and shows the numbers; the PNG is a picture of it
    root = ET.fromstring(svg_path.read_text(encoding="utf-8"))
    shown = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Records identified (n = 30)" in shown
    assert "Duplicates removed (n = 2)" in shown
    assert "Records screened (n = 28)" in shown
    assert f"Records excluded (n = {sum(whole['excluded'].values())})" in shown
    assert "Awaiting a decision (n = 1)" in shown
    assert f"Reviews included (n = {whole['included']})" in shown
    for label, n in whole["identified"].items():
        assert f"{label}: {n}" in shown
    for reason, n in whole["excluded"].items():
        assert f"{reason}: {n}" in shown
    png = png_path.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    picture = pymupdf.Pixmap(png)
    assert (picture.width, picture.height) == (
        2 * int(root.get("width")),
        2 * int(root.get("height")),
    )
