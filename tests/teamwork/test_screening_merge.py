"""Two screeners in their own copies (distribute), brought together by merge; their
agreement on include/exclude checked against scikit-learn."""

from __future__ import annotations

import json

import pytest
from sklearn.metrics import cohen_kappa_score

from coder.cli.main import main
from coder.coding import screening
from coder.project import candidates, provenance
from coder.project import screening as repo
from coder.project.store import Project
from coder.teamwork.distribute import distribute
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_write import write_merge
from coder.teamwork.screening_agreement import screening_agreement
from tests.samplekit import write_candidates

#: twelve reviews: Ann's and Bo's decisions ('' include, else the reason to exclude)
ANN = ["", "", "out of scope", "", "out of period", "", "", "out of scope", "", "", "", ""]
BO = ["", "out of scope", "out of scope", "", "out of period", "", "", "", "", "duplicate", "", ""]


def _rows(n):
    return [
        {
            "title": f"DHR {i:02d}",
            "url": f"https://council{i}.example/dhr-{i}.pdf",
            "repository": "council or partnership website",
            "retrieved_on": "2026-11-01",
            "publication_status": "full report",
            "published_on": "",
            "file": "",
            "review type": "DHR",
            "publication year": "2020",
        }
        for i in range(n)
    ]


@pytest.fixture
def copies(tmp_path, capsys):
    template = tmp_path / "sample.rcproj"
    assert main(["new", str(template), "--attributes", "review-attributes"]) == 0
    rows = write_candidates(tmp_path / "c.csv", _rows(len(ANN)))
    assert main(["sample", str(template), "--import", str(rows), "--coder", "Lead"]) == 0
    capsys.readouterr()
    ann, bo = distribute(template, ["Ann", "Bo"], tmp_path / "copies")
    for path, name, decisions in ((ann, "Ann", ANN), (bo, "Bo", BO)):
        with Project.open(path, user=name) as project:
            reviews = candidates.list_sample(project)
            # blind: a copy holds no other screener's decisions
            assert repo.list_screenings(project) == []
            for review, reason in zip(reviews, decisions, strict=True):
                decision = "exclude" if reason else "include"
                screening.screen(project, review.id, decision, reason, name)
    return tmp_path, ann, bo


def test_screenings_merge_and_kappa_matches_scikit_learn(copies, capsys):
    tmp_path, ann, bo = copies
    merged = tmp_path / "merged.rcproj"
    with plan_merge([ann, bo]) as plan:
        write_merge(plan, merged)
    with Project.open(merged, read_only=True) as project:
        sample = candidates.list_sample(project)
        assert [r.name for r in sample] == [f"DHR {i:02d}" for i in range(len(ANN))]
        assert sample[3].provenance == provenance.Provenance(
            "https://council3.example/dhr-3.pdf", "council_website", "2026-11-01", "full_report"
        )
        assert len(repo.list_screenings(project)) == 2 * len(ANN)
        report = screening_agreement(project, "Ann", "Bo")
    a = [0 if r else 1 for r in ANN]
    b = [0 if r else 1 for r in BO]
    assert report["cohen_kappa"] == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert report["both_screened"] == 12
    assert (
        report["include_include"],
        report["include_exclude"],
        report["exclude_include"],
        report["exclude_exclude"],
    ) == (7, 2, 1, 2)
    assert report["percent_agreement"] == pytest.approx(9 / 12)
    # reviews 1, 7, 9 differ in decision; none differs only in the reason
    assert [d["review"] for d in report["disagreements"]] == ["DHR 01", "DHR 07", "DHR 09"]
    assert all(d["resolution"] is None for d in report["disagreements"])

    main(["sample", str(merged), "--list", "--json"])
    listed = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in listed].count("disagreement") == 3
    assert (
        main(
            [
                "screen",
                str(merged),
                "--review",
                listed[1]["review_id"],
                "--exclude",
                "out of scope",
                "--resolve",
                "consensus",
                "--coder",
                "Ann",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["sample", str(merged), "--agreement", "Ann", "Bo"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"12 reviews screened by Ann and Bo: 9 agree, kappa {cohen_kappa_score(a, b):.2f}"
    )
    assert out[1:] == [
        "  DHR 01: Ann include; Bo exclude (out of scope) -> exclude by consensus (Ann)",
        "  DHR 07: Ann exclude (out of scope); Bo include -> unresolved",
        "  DHR 09: Ann include; Bo exclude (duplicate) -> unresolved",
    ]


def test_a_later_decision_in_one_copy_wins_for_that_coder(copies):
    tmp_path, ann, bo = copies
    with Project.open(ann, user="Ann") as project:
        first = candidates.list_sample(project)[0]
        screening.screen(project, first.id, "exclude", "out of period", "Ann")
    merged = tmp_path / "merged.rcproj"
    with plan_merge([bo, ann]) as plan:
        write_merge(plan, merged)
    with Project.open(merged, read_only=True) as project:
        anns = [s for s in repo.list_screenings(project) if s.coder_name == "Ann"]
        assert (anns[0].decision, anns[0].reason) == ("exclude", "out of period")
        assert len(anns) == 12
