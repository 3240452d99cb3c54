"""REFI-QDA: judgements travel as codes in a Judgement folder (as effects do in Effect),
explains links as <Link>s; both come back on import, and the export stays schema-valid."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import xmlschema

from coder.coding.judgements import link_explains, set_judgement
from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import import_qdpx
from coder.exchange.qdpx_names import JUDGEMENT_CODES, JUDGEMENT_FOLDER
from coder.project import codes, codings, links
from coder.project.store import Project
from tests.datafiles import XSD
from tests.exchange.test_qdpx import rich_project

Q = "{urn:QDA-XML:project:1.0}"


def test_judgements_and_explains_links_round_trip(tmp_path):
    path = rich_project(tmp_path)
    with Project.open(path) as p:
        risk = codes.find_by_path(p, "Risk/Assessment")
        marac = codes.find_by_path(p, "Agencies/MARAC")
        practice = [c for c in codings.list_codings(p, code_id=risk) if c.kind == "text"]
        factor = codings.list_codings(p, code_id=marac)
        set_judgement(p, [practice[0].id], "missed_opportunity", None)
        set_judgement(p, [practice[1].id], "good_practice", None)
        (link,) = link_explains(p, [factor[0].id], practice[0].id, None).created("coding_link")
        before = {c.id: (c.judgement, c.effect) for c in codings.list_codings(p)}
    out = tmp_path / "judged.qdpx"
    with Project.open(path, read_only=True) as p:
        export_qdpx(p, out)
    with zipfile.ZipFile(out) as z:
        qde = z.read("project.qde")
    xmlschema.XMLSchema(str(XSD / "Project-mrt2019.xsd")).validate(io.BytesIO(qde))
    root = ET.fromstring(qde)
    folder = next(c for c in root.iter(f"{Q}Code") if c.get("guid") == JUDGEMENT_FOLDER)
    assert (folder.get("name"), folder.get("isCodable")) == ("Judgement", "false")
    assert [c.get("name") for c in folder.findall(f"{Q}Code")] == [
        "Good practice",
        "Missed opportunity",
    ]
    judged_refs = [
        r.get("targetGUID")
        for r in root.iter(f"{Q}CodeRef")
        if r.get("targetGUID") in {g for g, _ in JUDGEMENT_CODES.values()}
    ]
    assert sorted(judged_refs) == sorted(g for g, _ in JUDGEMENT_CODES.values())
    (xml_link,) = root.iter(f"{Q}Link")
    assert (xml_link.get("guid"), xml_link.get("name"), xml_link.get("direction")) == (
        link,
        "explains",
        "OneWay",
    )
    assert (xml_link.get("originGUID"), xml_link.get("targetGUID")) == (
        factor[0].id,
        practice[0].id,
    )
    back = tmp_path / "back.rcproj"
    report = import_qdpx(out, back, "Importer")
    assert report.not_imported == []
    assert report.counts["links"] == 1
    with Project.open(back, read_only=True) as p:
        after = {c.id: (c.judgement, c.effect) for c in codings.list_codings(p)}
        assert after == before
        assert [(k.id, k.from_coding_id, k.to_coding_id) for k in links.list_links(p)] == [
            (link, factor[0].id, practice[0].id)
        ]
        # the Judgement folder is read back as judgements, not as codes
        assert codes.find_by_path(p, "Judgement") is None
