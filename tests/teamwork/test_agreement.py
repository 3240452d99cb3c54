"""Agreement on a real project: units from double-coded documents, three levels, checked
against brute-force ratings fed to the reference implementations."""

from __future__ import annotations

import contextlib
import math
import random
import warnings
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from coder.coding.ingest import import_pdf
from coder.coding.operations import code_area, code_text
from coder.errors import CoderError, InvalidInputError
from coder.project import assignments, coders, codes, documents
from coder.project.store import Project
from coder.teamwork.agreement import agreement
from tests.pdfkit import PdfBuilder
from tests.teamwork.test_statistics import same

WORDS = [
    "officers",
    "attended",
    "the",
    "address",
    "and",
    "completed",
    "a",
    "risk",
    "assessment",
    "with",
    "the",
    "victim",
]
WORDS += [
    "who",
    "described",
    "controlling",
    "behaviour",
    "and",
    "previous",
    "incidents",
    "the",
    "supervisor",
]
WORDS += ["reviewed", "the", "case", "and", "referred", "it", "to", "the", "marac"]
CODES = ["Risk/Assessment", "Risk/Supervision", "Agencies/MARAC", "Agencies/Health"]


def make_pdf(seed: int) -> bytes:
    rng = random.Random(seed)
    b = PdfBuilder()
    b.page()
    for line in range(8):
        b.line(72, 100 + 16 * line, " ".join(rng.choice(WORDS) for _ in range(9)))
    return b.tobytes()


@pytest.fixture
def team(tmp_path: Path):
    """A project with 5 documents, 4 codes and 3 coders who coded at random."""
    p = Project.create(tmp_path / "team.rcproj", user="Lead")
    for i in range(5):
        pdf = tmp_path / f"review-{i}.pdf"
        pdf.write_bytes(make_pdf(i))
        import_pdf(p, pdf, "Lead")
    with p.write():
        ids = {path: codes.ensure_path(p, path, None) for path in CODES}
        people = {n: coders.ensure_coder(p, n).id for n in ("Ann", "Bob", "Cat")}
    rng = random.Random(7)
    docs = sorted(documents.list_documents(p), key=lambda d: d.file_name)
    for doc in docs[:4]:  # the fifth is coded by Ann only
        text = documents.document_text(p, doc.id)
        for _name, cid in people.items():
            for _ in range(rng.randrange(1, 5)):
                start = rng.randrange(0, len(text) - 40)
                code = ids[rng.choice(CODES[:3])]  # nobody applies Agencies/Health
                with contextlib.suppress(InvalidInputError):
                    code_text(p, doc.id, code, cid, start, start + rng.randrange(5, 40))
    code_text(p, docs[4].id, ids["Risk/Assessment"], people["Ann"], 0, 20)
    code_area(p, docs[0].id, ids["Risk/Assessment"], people["Ann"], 1, (72, 72, 300, 200))
    yield p, ids, people, docs
    p.close()


def ratings(p: Project, docs, people, level: str, code_ids: list[str]) -> np.ndarray:
    """Coders × units, by brute force over the stored codings."""
    names = list(people)
    rows = p.conn.execute(
        "SELECT document_id, code_id, coder_id, kind, char_start, char_end FROM codings"
    ).fetchall()
    cols = []
    for code in code_ids:
        for doc in docs:
            if level == "document":
                cols.append(
                    [
                        any(r[0] == doc.id and r[1] == code and r[2] == people[n] for r in rows)
                        for n in names
                    ]
                )
            else:
                length = len(documents.document_text(p, doc.id))
                marks = np.zeros((len(names), length), dtype=int)
                for r in rows:
                    if (
                        r[0] == doc.id
                        and r[1] == code
                        and r[3] == "text"
                        and r[2] in people.values()
                    ):
                        marks[
                            names.index(next(n for n in names if people[n] == r[2])), r[4] : r[5]
                        ] = 1
                cols.extend(marks.T.tolist())
    return np.array(cols, dtype=int).T


def check(stats: dict, data: np.ndarray) -> None:
    m = data.shape[0]
    ones = data.sum(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert stats["units"] == data.shape[1]
        assert same(stats["percent_agreement"], np.mean((ones == 0) | (ones == m)))
        table = np.stack([m - ones, ones], axis=1)
        assert same(stats["fleiss_kappa"], sm_fleiss(table, method="fleiss"))
        try:
            alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        except ValueError:  # the package refuses data with one value only
            alpha = math.nan
        assert same(stats["krippendorff_alpha"], alpha)
        if m == 2:
            expected = cohen_kappa_score(data[0], data[1], labels=[0, 1])
            assert same(stats["cohen_kappa"], expected)
        else:
            expected = cohen_kappa_score(data[0], data[2], labels=[0, 1])
            assert same(stats["pairwise"]["Ann"]["Cat"], expected)


@pytest.mark.parametrize("level", ["document", "character"])
@pytest.mark.parametrize("names", [["Ann", "Bob"], ["Ann", "Bob", "Cat"]])
def test_document_and_character_level_match_the_references(team, level, names):
    p, ids, people, docs = team
    chosen = {n: people[n] for n in names}
    report = agreement(p, names, level=level)
    assert report["coders"] == names
    assert [d["document_id"] for d in report["documents"]] == sorted(d.id for d in docs[:4])
    assert report["not_double_coded"] == [
        {"document_id": docs[4].id, "title": docs[4].title, "coded_by": ["Ann"]}
    ]
    applied = [c["code_path"] for c in report["codes"]]
    assert applied == ["Agencies/MARAC", "Risk/Assessment", "Risk/Supervision"]
    double = sorted(docs[:4], key=lambda d: d.id)
    for entry in report["codes"]:
        check(entry, ratings(p, double, chosen, level, [entry["code_id"]]))
    pooled = ratings(p, double, chosen, level, [ids[c] for c in applied])
    check(report["pooled"], pooled)
    if level == "character":
        assert report["pooled"]["units"] == 3 * sum(
            len(documents.document_text(p, d.id)) for d in double
        )


def test_rollup_and_named_codes(team):
    p, ids, people, docs = team
    plain = agreement(p, ["Ann", "Bob"], code_paths=["Risk"])
    (entry,) = plain["codes"]
    assert entry["code_path"] == "Risk" and "no selected coder applied" in entry["note"]
    assert plain["pooled"]["units"] == 0 and plain["pooled"]["percent_agreement"] is None
    rolled = agreement(p, ["Ann", "Bob"], code_paths=["Risk"], rollup=True)
    (entry,) = rolled["codes"]
    # Risk counts where either sub-code was applied
    double = sorted(docs[:4], key=lambda d: d.id)
    sub = ratings(
        p,
        double,
        {n: people[n] for n in ("Ann", "Bob")},
        "document",
        [ids["Risk/Assessment"], ids["Risk/Supervision"]],
    )
    per_doc = sub[:, :4] | sub[:, 4:]
    check(entry, per_doc)


def test_done_marks_decide_which_documents_are_double_coded(team):
    p, _ids, people, docs = team
    for doc in docs[:2]:
        assignments.set_status(p, doc.id, people["Ann"], "done")
        assignments.set_status(p, doc.id, people["Bob"], "done")
    assignments.set_status(p, docs[2].id, people["Ann"], "done")
    report = agreement(p, ["Ann", "Bob"])
    assert {d["document_id"] for d in report["documents"]} == {docs[0].id, docs[1].id}
    not_double = {d["document_id"]: d["marked_done_by"] for d in report["not_double_coded"]}
    assert not_double[docs[2].id] == ["Ann"] and not_double[docs[3].id] == []


def test_segment_level_reports_agreements_and_each_disagreement(tmp_path):
    p = Project.create(tmp_path / "seg.rcproj", user="Lead")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(make_pdf(1))
    import_pdf(p, pdf, "Lead")
    (doc,) = documents.list_documents(p)
    with p.write():
        risk = codes.ensure_path(p, "Risk", None)
        ann, bob = (coders.ensure_coder(p, n).id for n in ("Ann", "Bob"))
    text = documents.document_text(p, doc.id)
    words = [(i, i + len(w)) for i, w in _word_spans(text)]
    s0, e0 = words[0][0], words[9][1]  # ten words
    code_text(p, doc.id, risk, ann, s0, e0)
    code_text(p, doc.id, risk, bob, s0, words[8][1])  # nine of them: overlap < 90% of longer?
    code_text(p, doc.id, risk, ann, words[20][0], words[22][1])  # Bob has nothing here
    report = agreement(p, ["Ann", "Bob"], level="segment", overlap=0.9)
    shared = words[8][1] - s0
    agrees = shared >= 0.9 * (e0 - s0)
    pooled = report["pooled"]
    assert pooled["units"] == 3
    assert pooled["agreements"] == (2 if agrees else 0)
    assert pooled["percent_agreement"] == pooled["agreements"] / 3
    assert pooled["cohen_kappa"] is None and "segment level" in pooled["cohen_kappa_note"]
    lone = [d for d in report["disagreements"] if d["char_start"] == words[20][0]]
    assert lone == [
        {
            "coding_id": lone[0]["coding_id"],
            "code_id": risk,
            "code_path": "Risk",
            "coder": "Ann",
            "not_matched_by": ["Bob"],
            "document_id": doc.id,
            "document": doc.title,
            "page": 1,
            "char_start": words[20][0],
            "char_end": words[22][1],
            "quote": text[words[20][0] : words[22][1]],
        }
    ]
    loose = agreement(p, ["Ann", "Bob"], level="segment", overlap=0.5)
    assert loose["pooled"]["agreements"] == 2
    p.close()


def _word_spans(text: str):
    i = 0
    for word in text.split():
        i = text.index(word, i)
        yield i, word
        i += len(word)


def test_bad_requests_are_refused(team):
    p = team[0]
    with pytest.raises(InvalidInputError, match="at least two"):
        agreement(p, ["Ann"])
    with pytest.raises(CoderError, match="no coder named 'Zed'"):
        agreement(p, ["Ann", "Zed"])
    with pytest.raises(InvalidInputError, match="--level"):
        agreement(p, ["Ann", "Bob"], level="word")
    with pytest.raises(InvalidInputError, match="--overlap"):
        agreement(p, ["Ann", "Bob"], level="segment", overlap=1.5)
