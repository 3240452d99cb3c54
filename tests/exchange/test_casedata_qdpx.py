"""People go to REFI-QDA as cases with variable values linked to their review's sources;
relationships and contacts have no place there and the export says so."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import xmlschema

from coder.cli.main import main
from coder.coding import reviews
from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import import_qdpx
from coder.project.store import Project
from tests.casekit import build
from tests.datafiles import XSD

NS = {"q": "urn:QDA-XML:project:1.0"}


def test_people_are_exported_as_cases_and_the_rest_is_named(tmp_path, capsys):
    path = tmp_path / "cases.rcproj"
    with Project.create(path) as project:
        kit = build(project, tmp_path)
    out = tmp_path / "cases.qdpx"
    with Project.open(path, read_only=True) as project:
        counts = export_qdpx(project, out)
    assert counts["people"] == 7
    assert counts["not_exported"] == [
        "4 case-data records of kind 'relationship'",
        "10 case-data records of kind 'police contact'",
    ]
    with zipfile.ZipFile(out) as z:
        qde = z.read("project.qde")
    xmlschema.XMLSchema(str(XSD / "Project-mrt2019.xsd")).validate(io.BytesIO(qde))
    root = ET.fromstring(qde)
    variables = {
        v.get("guid"): (v.get("name"), v.get("typeOfVariable"))
        for v in root.findall("q:Variables/q:Variable", NS)
    }
    assert variables[kit.field_id("person", "age")] == ("person: age", "Integer")
    assert variables[kit.field_id("person", "vulnerabilities")] == (
        "person: vulnerabilities",
        "Text",
    )
    cases = {c.get("name"): c for c in root.findall("q:Cases/q:Case", NS)}
    people = [n for n in cases if ": " in n]
    assert people == [
        "CSPR Child D: Child D",
        "CSPR Child D: Mother E",
        "DHR Adult A: Adult A",
        "DHR Adult A: Adult B",
        "DHR Adult A: Child C",
        "SAR Mr F: Mr F",
        "SAR Mr F: Ms G",
    ]
    adult_a = cases["DHR Adult A: Adult A"]
    assert adult_a.get("guid") == kit.person["Adult A"]
    values = {
        variables[vv.find("q:VariableRef", NS).get("targetGUID")][0]: vv[1].text
        for vv in adult_a.findall("q:VariableValue", NS)
    }
    assert values == {
        "person: role": "victim or subject of the review",
        "person: pseudonym": "Adult A",
        "person: age": "34",
        "person: age band": "25-34",
        "person: sex": "female",
        "person: vulnerabilities": "mental health; alcohol misuse",
        "person: previously known to police": "true",
    }
    assert [s.get("targetGUID") for s in adult_a.findall("q:SourceRef", NS)] == [
        kit.document_ids["DHR Adult A"]
    ]
    adult_b = cases["DHR Adult A: Adult B"]
    assert adult_b.find("q:Description", NS).text == (
        "Review Coder case data: a person of review 'DHR Adult A'\n\nNot stated: age"
    )
    # read back, the people are not taken for reviews, and the report says so
    back = tmp_path / "back.rcproj"
    report = import_qdpx(out, back, "Importer")
    assert report.not_imported == [
        "10 variables of people (Review Coder case data): not imported as attributes; "
        "load the case-data schema and import the people's tables instead",
        "7 cases that are people of a review (Review Coder case data): not imported as reviews",
    ]
    with Project.open(back, read_only=True) as project:
        assert sorted(r.name for r in reviews.list_reviews(project)) == [
            "CSPR Child D",
            "DHR Adult A",
            "SAR Mr F",
        ]
        assert not any(a.name.startswith("person: ") for a in reviews.list_attributes(project))
    assert main(["qdpx", "export", str(path), "--out", str(tmp_path / "again.qdpx")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {tmp_path / 'again.qdpx'}: 3 documents, 0 codes, 0 codings, 0 memos, "
        "7 people (as cases)",
        "not exported (REFI-QDA has no place for them): 4 case-data records of kind 'relationship'",
        "not exported (REFI-QDA has no place for them): "
        "10 case-data records of kind 'police contact'",
    ]
