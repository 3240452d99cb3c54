"""Register edits: accept (as suggested, or edited), reject (remembered), undo and redo,
typed records, status timelines."""

from __future__ import annotations

import pytest

from coder.errors import InvalidInputError
from coder.project import changelog, coders
from coder.project import recommendation_suggestions as found_repo
from coder.project import recommendations as repo
from coder.project.edit import apply
from coder.project.recommendations import Addressee
from coder.recommendations import register, suggestions
from coder.recommendations.suggestions import Amendment


def _coder(project):
    with project.write():
        return coders.ensure_coder(project, "Ann").id


def _suggestions(project, doc_id):
    return found_repo.list_suggestions(project, doc_id)


def test_accept_makes_records_and_undo_redo_keep_their_ids(register_project):
    project, ids, ann = register_project
    dhr = ids["DHR Adult A"]
    first = _suggestions(project, dhr)[0]
    edit = suggestions.accept(project, [first.id], ann)
    (rec,) = repo.list_recommendations(project)
    assert edit.created("recommendation") == [rec.id]
    assert (rec.label, rec.text, rec.origin, rec.document_id) == ("1", first.text, "list", dhr)
    assert (rec.char_start, rec.char_end, rec.page) == (first.char_start, first.char_end, 1)
    assert rec.addressees == (Addressee("force", "Kent Police"),)
    assert rec.status == "not known"
    assert first.id not in {s.id for s in _suggestions(project, dhr)}
    assert edit.changes.ids("recommendation") == {rec.id}
    assert edit.deleted("recommendation_suggestion") == [first.id]

    apply(project, edit.inverse(), ann, "undo")
    assert repo.list_recommendations(project) == []
    assert first.id in {s.id for s in _suggestions(project, dhr)}
    apply(project, edit, ann, "redo")
    assert [r.id for r in repo.list_recommendations(project)] == [rec.id]
    assert repo.get_recommendation(project, rec.id) == rec


def test_accept_edited_and_all_at_once(register_project):
    project, ids, ann = register_project
    sar = ids["SAR Mr C"]
    s1, s2, s3 = _suggestions(project, sar)
    suggestions.accept(
        project,
        [s1.id, s2.id, s3.id],
        ann,
        {
            s2.id: Amendment(
                label="R2",
                text="Adult social care should share referrals with the GP.",
                addressees=(Addressee("agency", "adult social care"), Addressee("police")),
                scope="national",
            )
        },
    )
    recs = repo.list_recommendations(project)
    assert [r.label for r in recs] == ["Recommendation 1", "R2", "Recommendation 3"]
    assert recs[1].text == "Adult social care should share referrals with the GP."
    assert recs[1].addressees == (Addressee("agency", "adult social care"), Addressee("police"))
    assert recs[1].scope == "national"
    assert _suggestions(project, sar) == []
    with pytest.raises(InvalidInputError, match="needs its text"):
        register.update_recommendation(project, recs[0].id, ann, {"text": "  "})
    assert repo.get_recommendation(project, recs[0].id) == recs[0]


def test_rejected_suggestions_are_not_suggested_again(register_project):
    project, ids, ann = register_project
    dhr = ids["DHR Adult A"]
    before = _suggestions(project, dhr)
    edit = suggestions.reject(project, [before[2].id], ann)
    assert [s.label for s in _suggestions(project, dhr)] == ["1", "2", "4"]
    suggestions.accept(project, [before[0].id], ann)
    suggestions.detect_document(project, dhr)
    assert [s.label for s in _suggestions(project, dhr)] == ["2", "4"]  # neither 1 nor 3
    assert [(r.char_start, r.label) for r in found_repo.list_rejections(project)] == [
        (before[2].char_start, "3")
    ]
    apply(project, edit.inverse(), ann, "undo")
    assert found_repo.list_rejections(project) == []
    suggestions.detect_document(project, dhr)
    assert [s.label for s in _suggestions(project, dhr)] == ["2", "3", "4"]


def test_typed_record_statuses_and_timeline(register_project):
    project, ids, ann = register_project
    review_id = {n: r for r, n in repo.review_names(project).items()}["CSPR Child B"]
    edit = register.add_recommendation(
        project,
        review_id,
        "A1",
        "The force should  publish its action plan.",
        ann,
        (Addressee("police"),),
        owner="Chief Constable",
    )
    (rec_id,) = edit.created("recommendation")
    rec = repo.get_recommendation(project, rec_id)
    assert rec is not None
    assert (rec.text, rec.origin, rec.document_id, rec.owner) == (
        "The force should publish its action plan.",
        "typed",
        None,
        "Chief Constable",
    )
    entries = [
        register.new_status(project, rec_id, "implemented", "2024-06-01", "url",
                            "https://example.org/update", "Published", ann),
        register.new_status(project, rec_id, "Accepted", "2023-01", "correspondence", "",
                            "Letter from the force", ann),
    ]  # fmt: skip
    register.add_statuses(project, entries, ann)
    rec = repo.get_recommendation(project, rec_id)
    assert rec is not None
    assert [(e.status, e.date) for e in rec.statuses] == [
        ("accepted", "2023-01"),
        ("implemented", "2024-06-01"),
    ]
    assert rec.status == "implemented"
    assert rec.statuses[1].recorded_by == ann
    for bad, message in [
        (("done", "2024-01-01", "correspondence", ""), "status 'done' is not one of"),
        (("accepted", "2024-02-30", "correspondence", ""), "date '2024-02-30' is not a date"),
        (("accepted", "2024", "letter", ""), "source kind 'letter' is not one of"),
        (("accepted", "2024", "url", "example.org"), "not a web address"),
        (("accepted", "2024", "document", "Nope"), "not a document of this project"),
    ]:
        with pytest.raises(InvalidInputError, match=message):
            register.new_status(project, rec_id, *bad, "", ann)
    doc_entry = register.new_status(
        project, rec_id, "in progress", "2024", "document", "SAR Mr C", "", ann
    )
    assert doc_entry.source == ids["SAR Mr C"]
    log = changelog.history(project, "recommendation")
    assert [c.summary for c in reversed(log) if c.entity_id == rec_id] == [
        "typed A1",
        "status implemented (2024-06-01)",
        "status accepted (2023-01)",
    ]


def test_edit_links_and_delete(register_project):
    project, ids, ann = register_project
    suggestions.accept(project, [_suggestions(project, ids["DHR Adult A"])[0].id], ann)
    (rec,) = repo.list_recommendations(project)
    edit = register.update_recommendation(
        project,
        rec.id,
        ann,
        {"label": " 1a ", "timescale": "2025"},
        addressees=(Addressee("force", "Kent Police"), Addressee("national body", "NPCC")),
    )
    now = repo.get_recommendation(project, rec.id)
    assert now is not None
    assert (now.label, now.timescale) == ("1a", "2025")
    assert now.addressees[1] == Addressee("national body", "NPCC")
    apply(project, edit.inverse(), ann, "undo")
    assert repo.get_recommendation(project, rec.id) == rec
    with pytest.raises(InvalidInputError, match="scope 'global'"):
        register.update_recommendation(project, rec.id, ann, {"scope": "global"})
    with pytest.raises(InvalidInputError, match="needs a name"):
        register.update_recommendation(project, rec.id, ann, addressees=[Addressee("force", "")])
    gone = register.delete_recommendation(project, rec.id, ann)
    assert repo.list_recommendations(project) == []
    apply(project, gone.inverse(), ann, "undo")
    assert repo.get_recommendation(project, rec.id) == rec


@pytest.fixture
def register_project(corpus_project):
    """The corpus project with its 10 suggestions detected, and the coder Ann."""
    project, ids = corpus_project
    assert sum(suggestions.detect_all(project).values()) == 10
    return project, ids, _coder(project)


def test_undoing_a_coding_or_code_deletion_puts_the_recommendations_links_back(
    register_project,
):
    from coder.coding.edits import delete_code, delete_codings
    from coder.coding.operations import code_text
    from coder.project import codes
    from coder.project import edit as core_edit

    project, ids, ann = register_project
    suggestions.accept(project, [_suggestions(project, ids["DHR Adult A"])[0].id], ann)
    (rec,) = repo.list_recommendations(project)
    with project.write():
        dash = codes.ensure_path(project, "Risk/DASH", None)
    made = code_text(project, ids["DHR Adult A"], dash, ann, rec.char_start, rec.char_end)
    (coding_id,) = made.changes.ids("coding")
    register.update_recommendation(project, rec.id, ann, code_ids=[dash], coding_ids=[coding_id])
    gone = delete_codings(project, [coding_id], ann)
    assert repo.get_recommendation(project, rec.id).coding_ids == ()
    core_edit.apply(project, gone.inverse(), ann, "undo")
    assert repo.get_recommendation(project, rec.id).coding_ids == (coding_id,)
    code_gone = delete_code(project, dash, False, ann)
    assert repo.get_recommendation(project, rec.id).code_ids == ()
    core_edit.apply(project, code_gone.inverse(), ann, "undo")
    linked = repo.get_recommendation(project, rec.id)
    assert (linked.code_ids, linked.coding_ids) == ((dash,), (coding_id,))
