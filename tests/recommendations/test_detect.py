"""Detection on the corpus: every recommendation found with its label and exact range."""

from __future__ import annotations

from coder.project import documents
from coder.project import recommendation_suggestions as found_repo
from coder.project.recommendations import Addressee
from coder.recommendations.addressees import find_addressees, scope_of
from coder.recommendations.suggestions import detect_all
from tests.recommendations.corpus import true_range


def _truth(project, ids, reports):
    out = {}
    for r in reports:
        doc_id = ids[r.name]
        pages = documents.list_pages(project, doc_id)
        words = {p.number: documents.page_words(project, doc_id, p.number) for p in pages}
        starts = [p.char_start for p in pages]
        for rec in r.recs:
            out[(doc_id, *true_range("", starts, rec, words))] = rec
    return out


def test_detection_finds_every_recommendation_with_its_label_and_range(
    corpus_project, reports, capsys
):
    project, ids = corpus_project
    counts = detect_all(project)
    truth = _truth(project, ids, reports)
    found = {
        (s.document_id, s.char_start, s.char_end): s for s in found_repo.list_suggestions(project)
    }
    matched = [key for key in truth if key in found]
    recall = len(matched) / len(truth)
    precision = len(matched) / len(found)
    with capsys.disabled():
        print(
            f"\nrecommendation detection: {len(truth)} true, {len(found)} suggested, "
            f"recall {recall:.3f}, precision {precision:.3f}"
        )
    assert len(truth) == 10
    assert recall == 1.0
    assert precision == 1.0  # the mid-sentence "Recommendation 2 below" is not one
    assert counts == {ids["DHR Adult A"]: 4, ids["SAR Mr C"]: 3, ids["CSPR Child B"]: 3}
    for key, rec in truth.items():
        s = found[key]
        assert (s.label, s.text) == (rec.label, rec.text)
        assert (s.owner, s.timescale, s.outcome) == (rec.owner, rec.timescale, rec.outcome)
    origins = {s.label: s.origin for s in found.values() if s.document_id == ids["SAR Mr C"]}
    assert origins == dict.fromkeys(
        ["Recommendation 1", "Recommendation 2", "Recommendation 3"], "pattern"
    )
    assert {s.origin for s in found.values() if s.document_id == ids["CSPR Child B"]} == {"table"}
    assert {s.origin for s in found.values() if s.document_id == ids["DHR Adult A"]} == {"list"}


def test_suggestions_carry_the_addressees_the_text_names(corpus_project):
    project, ids = corpus_project
    detect_all(project)
    by_label = {
        (s.document_id, s.label): s
        for s in found_repo.list_suggestions(project)
        if s.document_id in (ids["DHR Adult A"], ids["CSPR Child B"])
    }
    dhr, cspr = ids["DHR Adult A"], ids["CSPR Child B"]
    assert by_label[(dhr, "1")].addressees == (Addressee("force", "Kent Police"),)
    assert by_label[(dhr, "2")].addressees == (Addressee("national body", "College of Policing"),)
    assert by_label[(dhr, "2")].scope == "national"
    assert by_label[(dhr, "3")].addressees == (Addressee("police", ""),)
    assert by_label[(dhr, "4")].addressees == (
        Addressee("agency", "local authority"),
        Addressee("agency", "children's social care"),
        Addressee("police", ""),
    )
    assert by_label[(cspr, "3")].addressees == (Addressee("national body", "NPCC"),)


def test_addressees_and_scope_from_text():
    text = "West Midlands Police and the Home Office should review stalking protection orders."
    found = find_addressees(text)
    assert found == (
        Addressee("force", "West Midlands Police"),
        Addressee("national body", "Home Office"),
    )
    assert scope_of(text, found) == "national"
    own = ["Ruritania Constabulary"]
    assert find_addressees("The Ruritania Constabulary should act.", own) == (
        Addressee("force", "Ruritania Constabulary"),
    )
    assert find_addressees("Schools should record concerns.") == (Addressee("agency", "education"),)
    assert scope_of("Schools should record concerns.", ()) == "local"
