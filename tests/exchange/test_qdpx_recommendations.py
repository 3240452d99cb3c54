"""Recommendations in a REFI-QDA export: codings under a Recommendations folder with their
fields in the selection's description; what the format cannot hold is said."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import xmlschema

from coder.coding.ingest import import_pdf
from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_recommendations import CODE, FOLDER
from coder.project import coders
from coder.project import recommendation_suggestions as found_repo
from coder.project import recommendations as repo
from coder.project.recommendations import Addressee
from coder.project.store import Project
from coder.recommendations import register, suggestions
from tests.datafiles import XSD
from tests.recommendations.corpus import tabled

NS = {"q": "urn:QDA-XML:project:1.0"}


def test_recommendations_go_out_as_codings_and_responses_are_said_to_be_left_out(
    tmp_path: Path,
):
    r = tabled()
    pdf = tmp_path / f"{r.name}.pdf"
    pdf.write_bytes(r.data)
    path = tmp_path / "p.rcproj"
    with Project.create(path, user="Ann") as p:
        import_pdf(p, pdf, "Ann")
        with p.write():
            ann = coders.ensure_coder(p, "Ann").id
        suggestions.detect_all(p)
        suggestions.accept(p, [s.id for s in found_repo.list_suggestions(p)], ann)
        recs = repo.list_recommendations(p)
        review = recs[0].review_id
        register.add_recommendation(
            p, review, "A1", "Publish the action plan.", ann, (Addressee("police"),)
        )
        entry = register.new_status(p, recs[0].id, "accepted", "2025", "correspondence", "",
                                    "", ann)  # fmt: skip
        register.add_statuses(p, [entry], ann)
    out = tmp_path / "p.qdpx"
    with Project.open(path, read_only=True) as p:
        counts = export_qdpx(p, out)
    assert counts["recommendations"] == 3
    assert counts["not_exported"] == [
        "1 status entries of recommendations (the responses)",
        "1 recommendations typed in without a range in a document's text",
    ]
    with zipfile.ZipFile(out) as z:
        qde = z.read("project.qde")
    xmlschema.XMLSchema(str(XSD / "Project-mrt2019.xsd")).validate(io.BytesIO(qde))
    root = ET.fromstring(qde)
    (folder,) = [c for c in root.iter(f"{{{NS['q']}}}Code") if c.get("guid") == FOLDER]
    assert folder.get("name") == "Recommendations"
    assert [c.get("name") for c in folder.findall("q:Code", NS)] == ["Recommendation"]
    selections = [
        s
        for s in root.iter(f"{{{NS['q']}}}PlainTextSelection")
        if s.find("q:Coding/q:CodeRef", NS).get("targetGUID") == CODE
    ]
    assert [s.find("q:Coding", NS).get("guid") for s in selections] == [r.id for r in recs]
    first = selections[0]
    assert (int(first.get("startPosition")), int(first.get("endPosition"))) == (
        recs[0].char_start,
        recs[0].char_end,
    )
    assert first.find("q:Description", NS).text == "\n".join(
        [
            "Recommendation 1",
            "Text: Thames Valley Police should review its MASH referral process.",
            "Addressees: Thames Valley Police",
            "Scope: local",
            "Owner: Thames Valley Police",
            "Timescale: March 2025",
            "Intended outcome: Referrals seen in 24 hours",
            "Current status: accepted",
            f"Review Coder id: {recs[0].id}",
        ]
    )
