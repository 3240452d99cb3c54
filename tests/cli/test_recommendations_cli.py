"""``review-coder recommendations``: detect, accept, export, import statuses, clusters."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from coder.analysis.recommendation_tables import RECOMMENDATION_COLUMNS, RESPONSE_COLUMNS
from coder.cli.main import main
from coder.coding.ingest import store_text
from coder.project import recommendations as repo
from coder.project.store import Project
from coder.recommendations import register
from tests.recommendations.corpus import corpus
from tests.recommendations.test_cluster import DIFFERENT, PLANTED


@pytest.fixture
def proj(tmp_path: Path, capsys) -> Path:
    for r in corpus():
        (tmp_path / f"{r.name}.pdf").write_bytes(r.data)
    path = tmp_path / "p.rcproj"
    assert main(["new", str(path), "--attributes", "review-attributes", "--coder", "Ann"]) == 0
    assert main(["import", str(path), str(tmp_path), "--coder", "Ann"]) == 0
    capsys.readouterr()
    return path


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_detect_prints_one_line_per_document_and_accept_makes_records(proj, capsys):
    assert main(["recommendations", str(proj), "--detect", "--coder", "Ann"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "3 suggested  CSPR Child B",
        "4 suggested  DHR Adult A",
        "3 suggested  SAR Mr C",
    ]
    with Project.open(proj, read_only=True) as project:
        assert repo.list_recommendations(project) == []
    assert main(["recommendations", str(proj), "--detect", "--accept", "--coder", "Ann"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "accepted 10 suggestions"
    assert main(["recommendations", str(proj), "--detect"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "0 suggested  CSPR Child B",
        "0 suggested  DHR Adult A",
        "0 suggested  SAR Mr C",
    ]
    with Project.open(proj, read_only=True) as project:
        recs = repo.list_recommendations(project)
    assert [(r.label, r.origin) for r in recs] == [
        ("1", "table"), ("2", "table"), ("3", "table"),
        ("1", "list"), ("2", "list"), ("3", "list"), ("4", "list"),
        ("Recommendation 1", "pattern"), ("Recommendation 2", "pattern"),
        ("Recommendation 3", "pattern"),
    ]  # fmt: skip


def test_out_writes_one_row_per_recommendation_in_each_format(proj, tmp_path, capsys):
    main(["recommendations", str(proj), "--detect", "--accept"])
    out = tmp_path / "register.csv"
    responses = tmp_path / "responses.csv"
    code = main(["recommendations", str(proj), "--out", str(out), "--responses", str(responses)])
    assert code == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        f"wrote 10 rows to {out}",
        f"wrote 0 rows to {responses}",
    ]
    rows = _read_csv(out)
    header = list(rows[0])
    assert header[: len(RECOMMENDATION_COLUMNS)] == RECOMMENDATION_COLUMNS
    assert header[len(RECOMMENDATION_COLUMNS)] == "attr:review type"
    first = rows[0]
    assert {k: first[k] for k in ("review_name", "label", "owner", "timescale", "outcome")} == {
        "review_name": "CSPR Child B",
        "label": "1",
        "owner": "Thames Valley Police",
        "timescale": "March 2025",
        "outcome": "Referrals seen in 24 hours",
    }
    assert (first["forces"], first["scope"], first["status"], first["origin"]) == (
        "Thames Valley Police",
        "local",
        "not known",
        "table",
    )
    assert first["text"] == "Thames Valley Police should review its MASH referral process."
    assert (first["cluster_size"], first["cluster_summary"]) == ("1", "made once in 1 review")
    assert _read_csv(responses) == []
    with responses.open(encoding="utf-8") as f:
        assert f.readline().strip() == ",".join(RESPONSE_COLUMNS)
    for ext in ("xlsx", "parquet"):
        path = tmp_path / f"register.{ext}"
        assert main(["recommendations", str(proj), "--out", str(path)]) == 0
        table = pd.read_excel(path, dtype=str) if ext == "xlsx" else pd.read_parquet(path)
        assert len(table) == 10
        assert list(table.columns[: len(RECOMMENDATION_COLUMNS)]) == RECOMMENDATION_COLUMNS
        assert table["label"].tolist()[:3] == ["1", "2", "3"]


def test_import_is_all_or_nothing_with_errors_by_row(proj, tmp_path, capsys):
    main(["recommendations", str(proj), "--detect", "--accept"])
    capsys.readouterr()
    with Project.open(proj, read_only=True) as project:
        rec_id = repo.list_recommendations(project)[0].id
    sheet = tmp_path / "statuses.csv"
    sheet.write_text(
        "recommendation_id,review_name,label,status,date,source,note\n"
        f"{rec_id},,,accepted,2024-05-01,https://example.org/response,Letter of 1 May\n"
        ",SAR Mr C,Recommendation 2,implemented,2025,,\n"
        ",DHR Adult A,9,in progress,2024,,\n"
        ",DHR Adult A,2,in progress,2024-13-01,,\n"
        ",Nowhere,2,accepted,2024,,\n",
        encoding="utf-8",
    )
    assert main(["recommendations", str(proj), "--import", str(sheet), "--coder", "Bo"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "error: row 4: the review has no recommendation labelled '9'",
        "error: row 5: date '2024-13-01' is not a date as YYYY-MM-DD (or YYYY-MM, or YYYY)",
        "error: row 6: matches no review (review_name 'Nowhere')",
        "nothing applied: 3 problem(s); fix them, or use --partial",
    ]
    with Project.open(proj, read_only=True) as project:
        assert all(r.statuses == () for r in repo.list_recommendations(project))
    assert (
        main(["recommendations", str(proj), "--import", str(sheet), "--partial", "--coder", "Bo"])
        == 1
    )
    assert capsys.readouterr().out.splitlines()[-1] == (
        "2 status entries added, 0 already recorded; 3 rows skipped"
    )
    with Project.open(proj, read_only=True) as project:
        recs = {r.id: r for r in repo.list_recommendations(project)}
        sar2 = next(r for r in recs.values() if r.label == "Recommendation 2")
    entry = recs[rec_id].statuses[0]
    assert (entry.status, entry.date, entry.source_kind, entry.source, entry.note) == (
        "accepted",
        "2024-05-01",
        "url",
        "https://example.org/response",
        "Letter of 1 May",
    )
    assert [(e.status, e.source_kind) for e in sar2.statuses] == [("implemented", "correspondence")]
    sheet.write_text(
        f"recommendation_id,status,date,source,note\n"
        f"{rec_id},accepted,2024-05-01,https://example.org/response,Letter of 1 May\n",
        encoding="utf-8",
    )
    assert main(["recommendations", str(proj), "--import", str(sheet)]) == 0
    assert capsys.readouterr().out.strip() == "0 status entries added, 1 already recorded"
    out = tmp_path / "r.csv"
    resp = tmp_path / "resp.csv"
    main(["recommendations", str(proj), "--out", str(out), "--responses", str(resp)])
    by_id = {r["recommendation_id"]: r for r in _read_csv(out)}
    assert (by_id[rec_id]["status"], by_id[rec_id]["status_date"]) == ("accepted", "2024-05-01")
    assert [(r["label"], r["status"], r["recorded_by"]) for r in _read_csv(resp)] == [
        ("1", "accepted", "Bo"),
        ("Recommendation 2", "implemented", "Bo"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "x.csv", "--accept"], "--accept goes with --detect"),
        (["--detect", "--responses", "r.csv"], "--responses goes with --out"),
        (["--detect", "--partial"], "--partial goes with --import"),
        (["--clusters", "--threshold", "1.5"], "--threshold 1.5: give a number above 0"),
        (["--out", "x.txt"], "x.txt: unsupported format; use .csv, .xlsx or .parquet"),
    ],
)
def test_usage_errors_are_one_line(proj, tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(["recommendations", str(proj), *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_clusters_report_repeated_recommendations_across_reviews(tmp_path, capsys):
    path = tmp_path / "pooled.rcproj"
    main(["new", str(path), "--attributes", "review-attributes", "--coder", "Ann"])
    reviews = [("DHR One", "DHR", 2019), ("DHR Two", "DHR", 2020), ("SAR Three", "SAR", 2021),
               ("DHR Four", "DHR", 2022), ("SAR Five", "SAR", 2023)]  # fmt: skip
    with Project.open(path, user="Ann") as project:
        for (name, _, _), text in zip(reviews, PLANTED, strict=True):
            body = f"Findings\n\nRecommendation 1: {text}\n"
            store_text(project, name, f"{name}.txt", body.encode(), body, "Ann")
        for n, text in enumerate(DIFFERENT):
            body = f"Recommendation 1: {text}\n"
            store_text(project, f"Other {n}", f"other{n}.txt", body.encode(), body, "Ann")
    attrs = tmp_path / "attrs.csv"
    attrs.write_text(
        "review_name,review type,publication year\n"
        + "".join(f"{n},{t},{y}\n" for n, t, y in reviews),
        encoding="utf-8",
    )
    assert main(["attributes", str(path), "--import", str(attrs)]) == 0
    assert main(["recommendations", str(path), "--detect", "--accept"]) == 0
    capsys.readouterr()
    assert main(["recommendations", str(path), "--clusters"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "cluster 1: made 5 times in 5 reviews (2019\u20132023; DHR 3, SAR 2)"
    assert lines[1:6] == [
        f"  {name} Recommendation 1: {text}"
        for (name, _, _), text in sorted(zip(reviews, PLANTED, strict=True))
    ]
    assert lines[6] == "1 groups of repeated recommendations among 7"
    with Project.open(path, user="Ann") as project:
        recs = repo.list_recommendations(project)
        split = [r.id for r in recs if r.text == PLANTED[4]]
        register.confirm_group(project, split, None)
    assert main(["recommendations", str(path), "--clusters"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "cluster 1: made 4 times in 4 reviews (2019\u20132022; DHR 3, SAR 1)"
    )


def test_readme_lists_the_register_columns_in_order():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    text = readme[readme.index("<!-- recommendation-columns -->") :].split("\n\n")[0]
    listed = re.findall(r"`([a-z_]+)`", text)
    second = listed.index("project", 1)  # the responses file's columns start again
    assert listed[:second] == RECOMMENDATION_COLUMNS
    assert listed[second : second + len(RESPONSE_COLUMNS)] == RESPONSE_COLUMNS


def test_out_and_clusters_pool_several_projects(tmp_path, capsys):
    paths = []
    for n, (texts, name) in enumerate([(PLANTED[:3], "north"), (PLANTED[3:], "south")]):
        path = tmp_path / f"{name}.rcproj"
        main(["new", str(path), "--coder", "Ann"])
        with Project.open(path, user="Ann") as project:
            for i, text in enumerate(texts):
                body = f"Recommendation {i + 1}: {text}\n"
                store_text(project, f"R{n}{i}", f"r{n}{i}.txt", body.encode(), body, "Ann")
            if n == 1:
                body = f"Recommendation 9: {DIFFERENT[0]}\n"
                store_text(project, "Other", "other.txt", body.encode(), body, "Ann")
        assert main(["recommendations", str(path), "--detect", "--accept"]) == 0
        paths.append(str(path))
    capsys.readouterr()
    assert main(["recommendations", *paths, "--clusters"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "cluster 1: made 5 times in 5 reviews"
    assert [ln.split(" R")[0] for ln in lines[1:6]] == ["  [north]"] * 3 + ["  [south]"] * 2
    assert lines[6] == "1 groups of repeated recommendations among 6"
    out = tmp_path / "pooled.csv"
    assert main(["recommendations", *paths, "--out", str(out)]) == 0
    rows = _read_csv(out)
    assert [(r["project"], r["label"], r["cluster"], r["cluster_size"]) for r in rows] == [
        ("north", "Recommendation 1", "1", "5"),
        ("north", "Recommendation 2", "1", "5"),
        ("north", "Recommendation 3", "1", "5"),
        ("south", "Recommendation 9", "2", "1"),
        ("south", "Recommendation 1", "1", "5"),
        ("south", "Recommendation 2", "1", "5"),
    ]
    assert main(["recommendations", *paths, "--detect"]) == 2
    assert "name one project (several only with --out or --clusters)" in capsys.readouterr().err
