from __future__ import annotations

import csv

import pytest
import yaml

from coder.analysis.casedata_tables import export_casedata, import_casedata
from coder.codebook.attribute_set import NOT_STATED_VALUE, AttributeSpec, date_precision
from coder.codebook.case_schema import load_case_schema, parse_case_schema
from coder.codebook.files import shipped_codebooks, shipped_dir
from coder.coding import casedata
from coder.errors import InvalidInputError
from coder.project import casedata as repo
from coder.project import changelog
from coder.project.edit import apply
from coder.text.dates import find_contact_type, find_dash_grade, find_date
from tests.casekit import build
from tests.dump import table_dump

CONTACT_TYPES = load_case_schema(shipped_dir() / "case-data.yaml").kind("police contact")


@pytest.fixture
def kit(project, tmp_path):
    return build(project, tmp_path)


def _table(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def test_shipped_schema_has_three_kinds_with_typed_fields_and_a_source():
    schema = load_case_schema(shipped_dir() / "case-data.yaml")
    assert [(k.name, k.file) for k in schema.kinds] == [
        ("person", "people"),
        ("relationship", "relationships"),
        ("police contact", "contacts"),
    ]
    person = schema.kinds[0]
    assert [(f.name, f.type) for f in person.fields] == [
        ("role", "choice"),
        ("pseudonym", "text"),
        ("age", "integer"),
        ("age band", "choice"),
        ("sex", "choice"),
        ("ethnicity", "choice"),
        ("disability or care and support needs", "boolean"),
        ("vulnerabilities", "choices"),
        ("previously known to police", "boolean"),
        ("previous offending", "boolean"),
    ]
    assert len(person.field("ethnicity").choices) == 23  # 19 ONS 2021 categories + 4 broad
    assert [(f.name, f.type) for f in schema.kinds[2].fields] == [
        ("date", "date"),
        ("contact type", "choice"),
        ("DASH grade", "choice"),
        ("persons involved", "persons"),
        ("action taken", "text"),
        ("practice judgement", "choice"),
    ]
    assert "2021 Census" in schema.source
    assert all(f.description for k in schema.kinds for f in k.fields)
    # not a codebook: the new-project dialog and `new --codebook` do not offer it
    assert "case-data" not in {p.stem for p in shipped_codebooks()}


def test_dates_keep_their_precision_and_approximate_dates_their_mark():
    spec = AttributeSpec("x", "date", "date")
    assert [spec.parse(t) for t in ("2021-03-03", "2021-03", "2021", "2021-03~", "c. 2021")] == [
        "2021-03-03",
        "2021-03",
        "2021",
        "2021-03~",
        "2021~",
    ]
    assert [date_precision(v) for v in ("2021-03-03", "2021-03", "2021", "2021~")] == [
        "day",
        "month",
        "year",
        "approximate",
    ]
    assert spec.parse("not stated") is NOT_STATED_VALUE
    for bad in ("2021-02-30", "03/03/2021", "~2021~", "2021-3"):
        with pytest.raises(InvalidInputError, match="needs a date as YYYY"):
            spec.parse(bad)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("On 3 March 2021 officers attended", "2021-03-03"),
        ("on the 3rd of March, 2021, a call", "2021-03-03"),
        ("March 3, 2021", "2021-03-03"),
        ("recorded on 03/03/2021 at 14:00", "2021-03-03"),
        ("on 3.3.21 police", "2021-03-03"),
        ("In March 2021 a referral", "2021-03"),
        ("in Sept. 2019", "2019-09"),
        ("in about 2019 he was reported missing", "2019~"),
        ("late March 2021", "2021-03~"),
        ("During 2018, and on 4 May 2019", "2018"),
        ("31/02/2021 is no date; 1 May 2020 is", "2020-05-01"),
        ("no date here, only 42 officers", None),
    ],
)
def test_uk_dates_are_read_from_a_passage(text, date):
    assert find_date(text) == date


def test_contact_type_and_dash_grade_are_read_from_a_passage():
    types = CONTACT_TYPES.field("contact type").choices
    grades = CONTACT_TYPES.field("DASH grade").choices
    assert find_contact_type("Officers attended and Adult B was arrested.", types) == "arrest"
    assert find_contact_type("A referral was made to MARAC.", types) == "MARAC"
    assert find_contact_type("Police attended the address.", types) == "attendance"
    assert find_contact_type("A 999 call was received.", types) == "call for service"
    assert find_contact_type("A disclosure under Clare's Law", types) == "Clare's Law disclosure"
    assert find_contact_type("Nothing of note.", types) is None
    assert find_contact_type("Police attended.", ["arrest"]) is None  # only offered choices
    assert find_dash_grade("DASH completed, graded as medium risk.", grades) == "medium"
    assert find_dash_grade("the risk was high", grades) is None


def test_the_project_holds_the_schema_and_records(kit):
    project = kit.project
    held = repo.project_schema(project)
    assert held.title == "Case data for police learning"
    assert [len(k.fields) for k in held.kinds] == [10, 3, 6]
    records = repo.list_records(project)
    counts = {k.name: sum(r.kind_id == k.id for r in records) for k in held.kinds}
    assert counts == {"person": 7, "relationship": 4, "police contact": 10}
    adult_b = repo.get_record(project, kit.person["Adult B"])
    assert adult_b.values[kit.field_id("person", "age")] is NOT_STATED_VALUE
    assert kit.field_id("person", "age band") not in adult_b.values  # empty: not recorded
    dhr = [r for r in records if r.review_id == kit.review_ids["DHR Adult A"]]
    dates = [
        r.values.get(kit.field_id("police contact", "date")) for r in casedata.chronology(held, dhr)
    ]
    assert dates == ["2020-11", "2021~", "2021-03-03", "2021-04", None]
    created = [c for c in changelog.history(project, "case_record") if c.action == "create"]
    assert len(created) == 21


def test_schema_upgrade_matches_by_id_keeps_values_and_reports(kit, tmp_path):
    path = shipped_dir() / "case-data.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    person = data["kinds"][0]
    person["fields"].append({"name": "occupation", "type": "text"})
    sex = next(f for f in person["fields"] if f["name"] == "sex")
    sex["choices"].append("not recorded in the report")
    age = next(f for f in person["fields"] if f["name"] == "age")
    age["type"] = "text"
    person["fields"] = [f for f in person["fields"] if f["name"] != "previous offending"]
    data["kinds"].append({"name": "agency", "fields": [{"name": "name"}]})
    report = casedata.load_schema(kit.project, parse_case_schema(data, "new.yaml"), None)
    assert report.lines() == [
        "case-data schema 'Case data for police learning'",
        "  added kind: agency",
        "  added field: person/occupation",
        "  added choices: person/sex: not recorded in the report",
        "  kept: person/age stays integer (the file says text); values kept",
        "  kept: person/previous offending is not in the file; kept",
    ]
    held = repo.project_schema(kit.project)
    assert held.kind("person").field("sex").choices[-1] == "not recorded in the report"
    assert held.kind("agency").file == "agency"
    adult_a = repo.get_record(kit.project, kit.person["Adult A"])
    assert adult_a.values[kit.field_id("person", "age")] == 34
    again = casedata.load_schema(kit.project, parse_case_schema(data, "new.yaml"), None)
    assert again.kinds_added == again.fields_added == again.choices_added == []


def test_bad_schemas_are_refused_with_a_line_saying_why():
    cases = [
        ({"kinds": [{"name": "x", "fields": [{"name": "a", "type": "colour"}]}]}, "type 'colour'"),
        ({"kinds": [{"name": "x", "fields": [{"name": "a", "type": "choice"}]}]}, "no choices"),
        ({"kinds": [{"name": "x", "fields": [{"name": "who", "type": "person"}]}]}, "no 'person'"),
        ({"kinds": [{"name": "x", "label": "nope", "fields": []}]}, "names no field 'nope'"),
        ({"kinds": [{"name": "x"}, {"name": "X"}]}, "defined twice"),
        ({"format": "other/2", "kinds": []}, "is not review-coder-case-data/1"),
    ]
    for data, message in cases:
        with pytest.raises(InvalidInputError, match=message):
            parse_case_schema(data, "s.yaml")


def test_values_are_checked_against_their_field(kit):
    project = kit.project
    contact = kit.contacts[0]
    cases = [
        ("police contact", "date", "3 March 2021", "needs a date as YYYY"),
        ("police contact", "contact type", "visit", "has no choice 'visit'"),
        ("police contact", "persons involved", [kit.person["Mr F"]], "no person"),
    ]
    for kind, name, value, message in cases:
        with pytest.raises(InvalidInputError, match=message):
            casedata.set_value(project, contact, kit.field_id(kind, name), value, None)
    edit = casedata.set_value(
        project, contact, kit.field_id("police contact", "date"), "2021-03-04", None
    )
    assert [v.value for v in edit.after if isinstance(v, repo.CaseValue)] == ['"2021-03-04"']
    assert edit.changes.ids("case_record") == {contact}
    with pytest.raises(InvalidInputError, match=r"named in 3 other record\(s\)"):
        casedata.delete_record(project, kit.person["Mother E"], None)


def test_every_edit_undoes_and_redoes_with_the_same_ids(kit):
    project = kit.project
    date = kit.field_id("police contact", "date")
    start = table_dump(project)
    edits = [
        casedata.set_value(project, kit.contacts[0], date, "2021-03-02", kit.coder_id),
        casedata.set_value(project, kit.contacts[0], date, NOT_STATED_VALUE, kit.coder_id),
        casedata.contact_from_selection(project, kit.document_ids["SAR Mr F"], 34, 97, None),
        casedata.delete_record(project, kit.contacts[1], kit.coder_id),
        casedata.link_passage(
            project,
            kit.contacts[2],
            casedata.passage(project, kit.document_ids["DHR Adult A"], 34, 60),
            None,
        ),
    ]
    done = table_dump(project)
    for edit in reversed(edits):
        apply(project, edit.inverse(), None, "undo")
    assert table_dump(project) == start
    assert repo.get_record(project, edits[2].record_id) is None
    assert repo.get_record(project, kit.contacts[1]) is not None
    for edit in edits:
        apply(project, edit, None, "redo")
    assert table_dump(project) == done


def test_a_contact_from_a_selection_takes_its_date_and_type(kit):
    project = kit.project
    doc = kit.document_ids["SAR Mr F"]
    text = project.conn.execute(
        "SELECT text FROM document_texts WHERE document_id = ?", [doc]
    ).fetchone()[0]
    start = text.index("Mr F was reported")
    end = text.index("next day.") + len("next day.")
    edit = casedata.contact_from_selection(project, doc, start - 1, end, kit.coder_id)
    record = repo.get_record(project, edit.record_id)
    assert record.review_id == kit.review_ids["SAR Mr F"]
    assert record.values == {
        kit.field_id("police contact", "date"): "2019~",
        kit.field_id("police contact", "contact type"): "missing person report",
    }
    (link,) = record.links
    assert (link.document_id, link.char_start, link.char_end, link.page) == (doc, start, end, 1)
    assert link.quote == "Mr F was reported missing in about 2019 and found the next day."


def test_export_writes_one_table_per_kind_cell_by_cell(kit, tmp_path):
    written = export_casedata(kit.project, tmp_path / "out")
    assert written == {"people.csv": 7, "relationships.csv": 4, "contacts.csv": 10}
    rv = kit.review_ids
    p = kit.person
    attrs = ["attr:review type", "attr:joint review types"]
    rel = _table(tmp_path / "out" / "relationships.csv")
    assert rel[0][:10] == [
        "review_id",
        "review_name",
        "record_id",
        "coder",
        "from",
        "from ids",
        "to",
        "to ids",
        "type",
        "passages",
    ]
    assert rel[0][10:12] == attrs and len(rel[0]) == 10 + 40
    assert [r[:12] for r in rel[1:]] == [
        [rv["CSPR Child D"], "CSPR Child D", kit.relationships[2], "Ann", "Mother E",
         p["Mother E"], "Child D", p["Child D"], "parent of", "", "CSPR", ""],
        [rv["DHR Adult A"], "DHR Adult A", kit.relationships[0], "Ann", "Adult B",
         p["Adult B"], "Adult A", p["Adult A"], "former intimate partner", "", "DHR", ""],
        [rv["DHR Adult A"], "DHR Adult A", kit.relationships[1], "Ann", "Adult A",
         p["Adult A"], "Child C", p["Child C"], "parent of", "", "DHR", ""],
        [rv["SAR Mr F"], "SAR Mr F", kit.relationships[3], "Ann", "Ms G", p["Ms G"], "Mr F",
         p["Mr F"], "carer", "", "SAR", ""],
    ]  # fmt: skip
    people = _table(tmp_path / "out" / "people.csv")
    assert people[0][4:15] == [
        "role",
        "pseudonym",
        "age",
        "age band",
        "sex",
        "ethnicity",
        "disability or care and support needs",
        "vulnerabilities",
        "previously known to police",
        "previous offending",
        "passages",
    ]
    by_name = {r[5]: r for r in people[1:]}
    assert by_name["Adult A"][:16] == [
        rv["DHR Adult A"], "DHR Adult A", p["Adult A"], "Ann", "victim or subject of the review",
        "Adult A", "34", "25-34", "female", "", "", "mental health; alcohol misuse", "yes", "",
        "", "DHR",
    ]  # fmt: skip
    assert by_name["Adult B"][6] == "not stated" and by_name["Adult B"][13] == "yes"
    assert by_name["Child D"][11] == "not stated"
    contacts = _table(tmp_path / "out" / "contacts.csv")
    assert contacts[0][4:13] == [
        "date",
        "date precision",
        "contact type",
        "DASH grade",
        "persons involved",
        "persons involved ids",
        "action taken",
        "practice judgement",
        "passages",
    ]
    dhr = [r[4:12] for r in contacts[1:] if r[1] == "DHR Adult A"]
    assert dhr == [
        ["2020-11", "month", "call for service", "", "Adult A", p["Adult A"],
         "Call graded for a later response.", "missed opportunity"],
        ["2021~", "approximate", "arrest", "", "Adult B", p["Adult B"], "Adult B arrested.",
         "not stated"],
        ["2021-03-03", "day", "attendance", "medium", "Adult A; Adult B",
         f"{p['Adult A']}; {p['Adult B']}", "Officers attended and completed a DASH.",
         "good practice"],
        ["2021-04", "month", "MARAC", "", "Adult A", p["Adult A"], "Referred to MARAC.",
         "neither"],
        ["", "", "referral to another agency", "", "Child C", p["Child C"],
         "Referral to children's services.", "missed opportunity"],
    ]  # fmt: skip


@pytest.fixture
def edited(kit, tmp_path):
    """The kit's tables exported to a folder, then edited as a person would: Mother E's
    age set to 29, and a person (Mr H) added with a relationship naming him."""
    project = kit.project
    out = tmp_path / "out"
    export_casedata(project, out)
    people = _table(out / "people.csv")
    header = people[0]
    row = next(r for r in people if r[5] == "Mother E")
    row[header.index("age")] = "29"
    people.append([kit.review_ids["SAR Mr F"], "", "", "", "family member", "Mr H"])
    rel = _table(out / "relationships.csv")
    rel.append(["", "SAR Mr F", "", "", "Mr H", "", "Mr F", "", "sibling"])
    _write(out / "people.csv", people)
    _write(out / "relationships.csv", rel)
    return out


def test_import_round_trips_updates_and_adds_by_label(kit, edited, tmp_path):
    project = kit.project
    out = edited
    (out / "contacts.csv").unlink()
    result = import_casedata(project, out, kit.coder_id)
    assert result.errors == [] and (result.created, result.updated) == (2, 1)  # Mother E
    mother = repo.get_record(project, kit.person["Mother E"])
    assert mother.values[kit.field_id("person", "age")] == 29
    again = tmp_path / "again"
    export_casedata(project, again)
    rows = _table(again / "relationships.csv")
    mr_h = next(r for r in _table(again / "people.csv") if r[5] == "Mr H")
    assert mr_h[:6] == [
        kit.review_ids["SAR Mr F"],
        "SAR Mr F",
        mr_h[2],
        "Ann",
        "family member",
        "Mr H",
    ]
    assert [r[4:9] for r in rows if r[1] == "SAR Mr F"] == [
        ["Ms G", kit.person["Ms G"], "Mr F", kit.person["Mr F"], "carer"],
        ["Mr H", mr_h[2], "Mr F", kit.person["Mr F"], "sibling"],
    ]
    assert len(_table(again / "contacts.csv")) == 11  # untouched by an import without it


def test_import_is_all_or_nothing_unless_partial(kit, tmp_path):
    project = kit.project
    out = tmp_path / "out"
    export_casedata(project, out)
    before = repo.snapshot(project, [r.id for r in repo.list_records(project)])
    people = _table(out / "people.csv")
    h = people[0]
    people[1][h.index("age")] = "about forty"
    people.append(["", "SAR Mr F", "", "", "other", "Mx J"])
    people.append(["", "No such review", "", "", "other", "Mx K"])
    _write(out / "people.csv", people)
    rel = _table(out / "relationships.csv")
    rel.append(["", "SAR Mr F", "", "", "Mx J", "", "Nobody", "", "sibling"])
    rel.append(["", "SAR Mr F", "", "", "Mx J", "", "Mr F", "", "sibling"])
    _write(out / "relationships.csv", rel)
    result = import_casedata(project, out, None)
    assert result.errors == [
        "people.csv row 2: 'age' needs a whole number, not 'about forty'",
        "people.csv row 10: matches no review (review_name 'No such review')",
        "relationships.csv row 6: 'to': no person 'Nobody' in this review",
    ]
    assert repo.snapshot(project, [r.id for r in repo.list_records(project)]) == before
    result = import_casedata(project, out, None, partial=True)
    assert (result.created, result.updated) == (2, 0)  # unchanged rows are not written
    added = [r for r in repo.list_records(project) if r.id not in before.record_ids]
    assert len(added) == 2  # Mx J, and Mx J's relationship to Mr F


def test_a_case_data_import_undoes_and_redoes_byte_for_byte(kit, edited):
    """Records added (a person and a relationship naming them) and a value changed."""
    project = kit.project
    out = edited
    start = table_dump(project)
    result = import_casedata(project, out, kit.coder_id)
    done = table_dump(project)
    assert (result.created, result.updated) == (2, 1)
    assert len(result.edit.created("case_record")) == 2
    apply(project, result.edit.inverse(), kit.coder_id, "undo")
    assert table_dump(project) == start
    apply(project, result.edit, kit.coder_id, "redo")
    assert table_dump(project) == done
    apply(project, result.edit.inverse(), kit.coder_id, "undo")
    assert table_dump(project) == start
