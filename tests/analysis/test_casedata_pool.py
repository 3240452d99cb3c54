from __future__ import annotations

import math

import pytest
from sklearn.metrics import cohen_kappa_score

import coder
from coder.analysis.casedata_counts import contact_counts, describe, person_counts, summary
from coder.cli.main import main
from coder.codebook.attribute_set import NOT_STATED_VALUE
from coder.coding import casedata
from coder.project import casedata as repo
from coder.project.store import Project
from coder.teamwork.casedata_agreement import case_agreement
from tests.casekit import build

VICTIM = "victim or subject of the review"


@pytest.fixture
def two(tmp_path):
    """Two projects (two teams), each with the three reviews' case data."""
    paths = []
    for name in ("team-a", "team-b"):
        folder = tmp_path / name
        folder.mkdir()
        path = folder / f"{name}.rcproj"
        with Project.create(path, user="Ann") as project:
            build(project, folder)
        paths.append(path)
    return paths


def test_pool_gives_people_relationships_and_contacts_frames(two):
    with coder.pool(two) as p:
        people, rels, contacts = p.people(), p.relationships(), p.contacts()
    assert (len(people), len(rels), len(contacts)) == (14, 8, 20)
    assert list(people.columns[:6]) == [
        "project",
        "review_id",
        "review_name",
        "record_id",
        "coder",
        "role",
    ]
    assert people["project"].value_counts().to_dict() == {"team-a": 7, "team-b": 7}
    adult_a = people[(people.project == "team-b") & (people.pseudonym == "Adult A")].iloc[0]
    assert (adult_a["age"], adult_a["vulnerabilities"], adult_a["attr:review type"]) == (
        "34",
        "mental health; alcohol misuse",
        "DHR",
    )
    assert sorted(rels["type"]) == sorted(
        ["former intimate partner", "parent of", "parent of", "carer"] * 2
    )
    dhr = contacts[(contacts.project == "team-a") & (contacts.review_name == "DHR Adult A")]
    assert list(dhr["date"]) == ["2020-11", "2021~", "2021-03-03", "2021-04", ""]
    assert list(dhr["date precision"]) == ["month", "approximate", "day", "month", ""]
    with coder.pool(two, coders=["Nobody"]) as p:
        assert len(p.people()) == 0


def test_person_counts_keep_not_stated_and_not_recorded_in_the_denominator(two):
    with coder.pool(two[:1]) as p:
        frame = p.person_counts(VICTIM, ["vulnerabilities", "sex"])
    rows = {(r.field, r.value): r for r in frame.itertuples()}
    mh = rows[("vulnerabilities", "mental health")]
    # Adult A has it; Child D's review does not state it; Mr F does not have it
    assert (mh.people_with, mh.people, mh.reviews, mh.not_stated, mh.not_recorded) == (
        1,
        3,
        3,
        1,
        0,
    )
    assert (mh.share, mh.share_of_stated) == (1 / 3, 1 / 2)
    alcohol = rows[("vulnerabilities", "alcohol misuse")]
    assert (alcohol.people_with, alcohol.share_of_stated) == (2, 1.0)
    assert [(v, rows[("sex", v)].people_with) for v in ("female", "male", "other")] == [
        ("female", 1),
        ("male", 2),
        ("other", 0),
    ]
    with Project.open(two[0], read_only=True) as a, Project.open(two[1], read_only=True) as b:
        table = person_counts([a, b], VICTIM, ["vulnerabilities"])
        assert describe(table.rows[0], "victims") == (
            "vulnerabilities = mental health: 2 of 6 victims in 6 reviews; not stated in 2"
        )
        everyone = person_counts([a], None, ["previously known to police"])
        # only Adult A was recorded (yes); the six others were never recorded
        assert everyone.rows == [
            ["previously known to police", "yes", 1, 7, 3, 0, 6, 1 / 7, 1.0, "everyone"],
            ["previously known to police", "no", 0, 7, 3, 0, 6, 0.0, 0.0, "everyone"],
        ]
        contacts = contact_counts([a])
        assert contacts.header == [
            "project",
            "review_id",
            "review_name",
            "contact_type",
            "practice_judgement",
            "contacts",
        ]
        assert [r[2:] for r in contacts.rows if r[2] == "CSPR Child D"] == [
            ["CSPR Child D", "DASH or other risk assessment", "missed opportunity", 1],
            ["CSPR Child D", "MASH", "good practice", 1],
            ["CSPR Child D", "welfare check", "missed opportunity", 1],
        ]
        assert summary([a, b]) == {
            "reviews": 6,
            "people": {
                "total": 14,
                "reviews": 6,
                "by role": {
                    "child in the household": 2,
                    "family member": 2,
                    "person who caused harm": 4,
                    VICTIM: 6,
                },
            },
            "relationships": {
                "total": 8,
                "reviews": 6,
                "by type": {"carer": 2, "former intimate partner": 2, "parent of": 4},
            },
            "contacts": {
                "total": 20,
                "reviews": 6,
                "by contact type": {
                    "DASH or other risk assessment": 2,
                    "MARAC": 2,
                    "MASH": 2,
                    "arrest": 2,
                    "attendance": 2,
                    "call for service": 2,
                    "missing person report": 2,
                    "referral to another agency": 2,
                    "welfare check": 4,
                },
                "by practice judgement": {
                    "good practice": 4,
                    "missed opportunity": 10,
                    "neither": 4,
                    "not stated": 2,
                },
            },
        }
        with pytest.raises(Exception, match="no role 'victims'"):
            person_counts([a], "victims")


def test_counts_from_the_command_line(two, tmp_path, capsys):
    out = tmp_path / "victims.csv"
    args = ["casedata", *map(str, two), "--people-counts", str(out), "--role", VICTIM]
    assert main([*args, "--field", "vulnerabilities"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"vulnerabilities = mental health: 2 of 6 {VICTIM} in 6 reviews; not stated in 2"
    )
    assert lines[-1] == f"wrote 14 rows to {out}"
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "field,value,people_with,people,reviews,not_stated,not_recorded,share,share_of_stated,group"
    )
    assert main(["casedata", str(two[0]), "--summary"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "3 reviews with case data: 7 people, 4 relationships, 10 police contacts"
    )
    assert main(["casedata", *map(str, two), "--out", str(tmp_path / "x")]) == 2
    assert "name one project" in capsys.readouterr().err


def test_agreement_per_field_matches_scikit_learn(project, tmp_path):
    ann = build(project, tmp_path, "Ann")
    bob = build(project, tmp_path, "Bob")  # the same reviews, extracted again by Bob
    f = ann.field_id
    changes = [
        (bob.person["Adult B"], f("person", "sex"), NOT_STATED_VALUE),
        (bob.person["Mother E"], f("person", "role"), "other"),
        (bob.person["Child C"], f("person", "age band"), "1-4"),
        (bob.person["Mr F"], f("person", "vulnerabilities"), ["self-neglect"]),
        (bob.person["Ms G"], f("person", "previous offending"), False),
        (bob.contacts[1], f("police contact", "practice judgement"), "good practice"),
        (bob.contacts[5], f("police contact", "contact type"), "attendance"),
        (bob.contacts[6], f("police contact", "DASH grade"), "medium"),
        (bob.contacts[2], f("police contact", "action taken"), "Referred to the MARAC."),
    ]
    for record, field_id, value in changes:
        casedata.set_value(project, record, field_id, value, None)
    casedata.delete_record(project, bob.contacts[9], None)
    report = case_agreement(project, ["Ann", "Bob"])
    assert [r["review"] for r in report["reviews"]] == ["CSPR Child D", "DHR Adult A", "SAR Mr F"]
    kinds = {k["kind"]: k for k in report["kinds"]}
    assert [(k, kinds[k]["paired"]) for k in kinds] == [
        ("person", 7),
        ("relationship", 4),
        ("police contact", 9),
    ]
    (only,) = kinds["police contact"]["only_one_coder"]
    assert (only["record_id"], only["coder"]) == (ann.contacts[9], "Ann")
    schema = casedata.schema_of(project)
    records = {r.id: r for r in repo.list_records(project)}
    pairs = {
        "person": [(ann.person[p], bob.person[p]) for p in ann.person],
        "police contact": list(zip(ann.contacts[:9], bob.contacts[:9], strict=True)),
    }
    checked = 0
    for kind_name, pair_ids in pairs.items():
        kind = schema.kind(kind_name)
        for entry in kinds[kind_name]["fields"]:
            spec = kind.field(entry["field"])
            if spec.type not in ("choice", "choices", "boolean"):
                assert entry["cohen_kappa"] is None
                continue
            a = [_cat(spec, records[x].values.get(spec.id)) for x, _ in pair_ids]
            b = [_cat(spec, records[y].values.get(spec.id)) for _, y in pair_ids]
            assert entry["units"] == len(a)
            assert entry["agreements"] == sum(x == y for x, y in zip(a, b, strict=True))
            assert entry["percent_agreement"] == pytest.approx(entry["agreements"] / len(a))
            expected = cohen_kappa_score(a, b)
            if math.isnan(expected):
                assert entry["cohen_kappa"] is None and "undefined" in entry["cohen_kappa_note"]
            else:
                assert entry["cohen_kappa"] == pytest.approx(expected, abs=1e-12)
                checked += 1
    assert checked >= 8
    action = next(x for x in kinds["police contact"]["fields"] if x["field"] == "action taken")
    assert (action["agreements"], action["units"]) == (8, 9)
    # the match fields pair the records, so they are not compared
    assert "date" not in [x["field"] for x in kinds["police contact"]["fields"]]
    assert "pseudonym" not in [x["field"] for x in kinds["person"]["fields"]]
    with pytest.raises(Exception, match="no coder 'Cat'"):
        case_agreement(project, ["Ann", "Cat"])


def _cat(spec, value):
    if value is None:
        return ""
    if value is NOT_STATED_VALUE:
        return "not stated"
    if spec.type == "choices":
        return "; ".join(sorted(value))
    return spec.format(value)
