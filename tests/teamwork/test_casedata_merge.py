"""Merging two coders' case-data extractions: by UUID, field by field, deletions honoured."""

from __future__ import annotations

import time

from coder.codebook.attribute_set import NOT_STATED_VALUE
from coder.coding import casedata
from coder.project import casedata as repo
from coder.project import coders
from coder.project.store import Project
from coder.teamwork.distribute import distribute
from coder.teamwork.merge import plan_merge
from coder.teamwork.merge_write import write_merge
from tests.casekit import build


def _coder(project, name):
    return coders.find_coder(project, name).id


def test_two_coders_extractions_merge_with_one_conflicting_field(tmp_path):
    template = tmp_path / "lead.rcproj"
    with Project.create(template, user="Lead") as project:
        kit = build(project, tmp_path, "Lead")
        schema = casedata.schema_of(project)

    def f(kind: str, name: str) -> str:
        return schema.kind(kind).field(name).id

    doc = kit.document_ids["DHR Adult A"]
    ann_path, bob_path = distribute(template, ["Ann", "Bob"], tmp_path / "copies")
    with Project.open(ann_path, user="Ann") as ann:
        a = _coder(ann, "Ann")
        casedata.set_value(ann, kit.person["Adult A"], f("person", "age"), 35, a)
        casedata.set_value(ann, kit.person["Ms G"], f("person", "age"), 52, a)
        casedata.delete_record(ann, kit.contacts[9], a)
        link = casedata.passage(ann, doc, 0, 33)
        casedata.link_passage(ann, kit.contacts[0], link, a)
        added = casedata.add_record(
            ann,
            kit.review_ids["SAR Mr F"],
            schema.kind("person").id,
            {f("person", "pseudonym"): "Mr H", f("person", "role"): "family member"},
            a,
        ).record_id
    time.sleep(0.01)  # Bob's change to Adult A's age is the later one
    with Project.open(bob_path, user="Bob") as bob:
        b = _coder(bob, "Bob")
        casedata.set_value(bob, kit.person["Adult A"], f("person", "age"), 36, b)
        casedata.set_value(bob, kit.person["Adult A"], f("person", "sex"), NOT_STATED_VALUE, b)
        casedata.set_value(
            bob, kit.contacts[3], f("police contact", "practice judgement"), "neither", b
        )
    out = tmp_path / "merged.rcproj"
    with plan_merge([ann_path, bob_path]) as plan:
        write_merge(plan, out)
        report = plan.report
    case_conflicts = [c for c in report["conflicts"] if c["entity"] == "case value"]
    assert len(case_conflicts) == 1
    (conflict,) = case_conflicts
    assert conflict["label"] == "DHR Adult A: person: age"
    assert conflict["kept"] == {"value": "lead-Bob.rcproj"}
    assert [v["value"] for v in conflict["versions"]] == ["35", "36"]
    assert [d["id"] for d in report["deletions"] if d["entity"] == "case_record"] == [
        kit.contacts[9]
    ]
    assert report["result"]["case_records"] == 7 + 1 + 4 + 9
    with Project.open(out, read_only=True) as merged:
        schema = repo.project_schema(merged)
        assert schema.title == "Case data for police learning"
        assert [k.name for k in schema.kinds] == ["person", "relationship", "police contact"]
        adult_a = repo.get_record(merged, kit.person["Adult A"])
        assert adult_a.values[f("person", "age")] == 36  # Bob's, the later change
        assert adult_a.values[f("person", "sex")] is NOT_STATED_VALUE  # Bob's only change
        assert repo.get_record(merged, kit.person["Ms G"]).values[f("person", "age")] == 52
        assert repo.get_record(merged, kit.contacts[9]) is None  # Ann's deletion honoured
        assert repo.get_record(merged, added).values[f("person", "pseudonym")] == "Mr H"
        arrest = repo.get_record(merged, kit.contacts[3])
        assert arrest.values[f("police contact", "practice judgement")] == "neither"
        (link,) = repo.get_record(merged, kit.contacts[0]).links
        assert (link.document_id, link.char_start, link.char_end) == (doc, 0, 33)
        assert link.quote == "Domestic Homicide Review: Adult A"
        lead = _coder(merged, "Lead")
        assert {r.coder_id for r in repo.list_records(merged) if r.id != added} == {lead}
        assert repo.get_record(merged, added).coder_id == _coder(merged, "Ann")
    # merging the result with an input again adds nothing
    again = tmp_path / "again.rcproj"
    with plan_merge([out, ann_path]) as plan:
        write_merge(plan, again)
    with Project.open(again, read_only=True) as project, Project.open(out, read_only=True) as m:
        assert repo.snapshot(project, [r.id for r in repo.list_records(m)]).values == (
            repo.snapshot(m, [r.id for r in repo.list_records(m)]).values
        )
