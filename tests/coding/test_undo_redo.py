"""Every kind of edit, undone and redone: the project's tables come back byte for byte.

Each mutation returns an ``Edit``; undo is ``apply(edit.inverse())`` and redo
``apply(edit)``, as the app's one ``EditCommand`` does. After undo the dump of every table
(rowids, UUIDs, every value as SQLite quotes it) equals the dump before the edit; after
redo it equals the dump right after it; and undo again gets back to the start.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from coder.analysis.recommendation_tables import import_statuses
from coder.codebook.attribute_set import AttributeSet, AttributeSpec, load_attribute_set
from coder.codebook.case_schema import CaseSchema, load_case_schema, parse_case_schema
from coder.codebook.files import shipped_dir
from coder.codebook.framework_file import CategorySpec, FrameworkSpec
from coder.codebook.model import Codebook, CodeSpec
from coder.coding import disclosure, edits, reviews, screening
from coder.coding.attribute_upgrade import upgrade_attributes
from coder.coding.autocode import autocode, code_matches
from coder.coding.casedata import (
    coding_passage,
    contact_from_selection,
    delete_record,
    kind_named,
    link_passage,
    load_schema,
    schema_of,
    set_value,
)
from coder.coding.codebooks import load_codebook
from coder.coding.frameworks import import_framework, remove_framework
from coder.coding.ingest import import_pdf, store_text
from coder.coding.judgements import link_explains, set_judgement, unlink
from coder.coding.operations import add_memo, code_area, code_text
from coder.coding.recoding import keep_where_they_are, recode_codings
from coder.coding.reviews import add_attributes
from coder.coding.structure import (
    detect_document,
    mark_paragraph,
    merge_heading,
    set_section_kind,
)
from coder.ids import CategoryId, FrameworkId, new_id
from coder.project import assignments, coders, codes, codings, documents, frameworks, recode
from coder.project import recommendation_suggestions as found_repo
from coder.project.clock import utc_now
from coder.project.edit import Edit, apply
from coder.project.recommendations import Addressee
from coder.project.screening import criteria, reasons_are_set
from coder.project.store import Project
from coder.project.structure import in_force
from coder.recommendations import register, suggestions
from coder.recommendations.suggestions import Amendment
from coder.teamwork.consensus import build_consensus, consensus_coder, decide
from coder.text.matcher import phrase_query
from tests.dump import table_dump
from tests.pdfkit import PdfBuilder


class World:
    """A coded project: two coders' codings, memos on a code and a coding, an explains
    link, a recode flag and a framework mapping, so deletions take rows with them; and a
    recommendations register: records linked to codes and codings, with addressees and
    statuses, one typed on the first review, an open suggestion and a rejected one."""

    def __init__(self, project: Project, sample) -> None:
        self.project = project
        self.doc = import_pdf(project, sample[0], "Ann").document
        autocode(project, "Risk/Assessment", phrase_query("risk assessment"), "Ann")
        autocode(project, "Risk/Assessment 2", phrase_query("risk assessment"), "Ann")
        autocode(project, "Agencies/MARAC", phrase_query("MARAC"), "Ann", effect="supports")
        autocode(project, "Risk/Assessment", phrase_query("risk assessment"), "Bob")
        with project.write():
            self.ann = coders.ensure_coder(project, "Ann").id
        tree = codes.code_tree(project)
        self.code = {tree.path(c): c for c in tree.parent}
        self.risk = codings.list_codings(project, code_id=self.code["Risk/Assessment"])
        self.marac = codings.list_codings(project, code_id=self.code["Agencies/MARAC"])
        add_memo(project, "code", self.code["Risk/Assessment 2"], "a code memo", self.ann)
        add_memo(project, "coding", self.risk[0].id, "a coding memo", self.ann)
        (self.link,) = link_explains(
            project, [self.marac[0].id], self.risk[0].id, self.ann
        ).created("coding_link")
        with project.write():
            recode.flag(project, self.code["Risk/Assessment 2"], [self.code["Risk"]], utc_now())
            frameworks.replace_framework(
                project,
                frameworks.Framework(
                    FrameworkId(new_id()),
                    "A framework",
                    "",
                    "entered by user",
                    "",
                    (
                        frameworks.Category(
                            CategoryId(new_id()),
                            FrameworkId(""),
                            "Risk",
                            "",
                            0,
                            (self.code["Risk/Assessment 2"], self.code["Agencies/MARAC"]),
                        ),
                    ),
                ),
                utc_now(),
            )
        self.flagged = [
            c.id for c in codings.list_codings(project, code_id=self.code["Risk/Assessment 2"])
        ]
        self.memo = add_memo(project, "project", None, "a project memo", self.ann).created("memo")[
            0
        ]
        # a second review, attributes and case data, assignments
        self.other = import_pdf(project, second_pdf(sample[0].parent), "Ann").document
        self.structured = store_text(
            project, "Structured", "structured.txt", STRUCTURED.encode(), STRUCTURED, "Ann"
        )[0].id
        self.heading = {h.title: h for h in in_force(project, self.structured).headings}
        with project.write():  # the first review as imported before structure was stored
            for table in ("structures", "headings", "paragraphs"):
                project.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", [self.doc.id])
            project.conn.execute(
                "UPDATE pages SET line_styles = NULL WHERE document_id = ?", [self.doc.id]
            )
        # disclosure decisions: terms, a released quote (its coding is among those deleted),
        # an override in every quote and a document's own status
        disclosure.add_terms(project, ["Zoë", "Łukasz"], self.ann)
        disclosure.release(project, self.risk[0].id, "quoted in the published summary", self.ann)
        disclosure.override(project, "Łukasz", "a pseudonym", self.ann)
        disclosure.set_status(project, [self.other.id], "published", self.ann)
        screening.set_criteria(project, "Reviews of a domestic homicide", ["not a review"], "Ann")
        attribute_set = load_attribute_set(shipped_dir() / "review-attributes.yaml")
        add_attributes(project, attribute_set, None)
        self.attrs = {a.name: a for a in reviews.list_attributes(project)}
        self.review = reviews.review_of(project, self.doc.id).id
        reviews.set_attribute(project, self.review, self.attrs["review type"].id, "DHR", None)
        add_memo(project, "review", self.review, "a review memo", self.ann)
        load_schema(project, load_case_schema(shipped_dir() / "case-data.yaml"), None)
        self.contact = contact_from_selection(project, self.doc.id, *_text_range(self), self.ann)
        link_passage(
            project,
            self.contact.record_id,
            coding_passage(project, self.risk[0].id),
            self.ann,
        )
        with project.write():
            self.bob = coders.ensure_coder(project, "Bob").id
        consensus_coder(project)  # made ahead, so that the edits below do not make it
        assignments.assign(project, [self.doc.id], [self.bob], self.ann)
        self._register()

    def _register(self) -> None:
        project, ann = self.project, self.ann
        suggestions.detect_document(project, self.other.id)
        first, second, third, fourth = (
            s.id for s in found_repo.list_suggestions(project, self.other.id)
        )
        self.recs = suggestions.accept(project, [first, second], ann).created("recommendation")
        suggestions.reject(project, [third], ann)
        self.suggestion = fourth
        register.update_recommendation(
            project,
            self.recs[0],
            ann,
            code_ids=[self.code["Risk/Assessment"], self.code["Risk"], self.code["Agencies"]],
            coding_ids=[self.risk[0].id, self.marac[0].id],
        )
        status = register.new_status(
            project, self.recs[0], "accepted", "2024-01", "correspondence", "", "", ann
        )
        register.add_statuses(project, [status], ann)
        self.typed = register.add_recommendation(
            project, self.review, "A1", "The force should publish its plan.", ann,
            (Addressee("police"), Addressee("national body", "NPCC")),
        ).created("recommendation")[0]  # fmt: skip


def _codebook() -> Codebook:
    return Codebook(
        "Extra",
        [
            CodeSpec(new_id(), "Risk", definition="Risk to the victim"),
            CodeSpec(new_id(), "Escalation", children=[CodeSpec(new_id(), "Stalking")]),
        ],
    )


STRUCTURED = """1 Introduction

1.1 Officers attended the home after a call.

2 Analysis

2.1 The risk assessment

The risk assessment was late and was not repeated.

3 Lessons learned

3.1 Agencies should share referrals.
"""


def _text_range(w: World) -> tuple[int, int]:
    text = documents.document_text(w.project, w.doc.id)
    start = text.index("Officers")
    return start, start + len("Officers attended")


EDITS: dict[str, Callable[[World], Edit]] = {
    "code text": lambda w: code_text(w.project, w.doc.id, w.code["Risk"], w.ann, *_text_range(w)),
    "code an area": lambda w: code_area(
        w.project, w.doc.id, w.code["Risk"], w.ann, 3, (72.123, 72.456, 300.789, 200.5)
    ),
    "code search hits": lambda w: (
        code_matches(w.project, w.code["Agencies"], w.ann, {w.doc.id: [_text_range(w)]}).edit
    ),
    "autocode under new codes": lambda w: (
        autocode(w.project, "Themes/Referrals/MARAC", phrase_query("MARAC"), "Ann").edit
    ),
    "autocode under an existing code": lambda w: (
        autocode(w.project, "Risk", phrase_query("risk assessment"), "Ann", extent="sentence").edit
    ),
    "autocode by a new coder": lambda w: (
        autocode(w.project, "Risk", phrase_query("MARAC"), "Cy").edit
    ),
    "add a memo": lambda w: add_memo(w.project, "coding", w.marac[0].id, "why", w.ann),
    "delete codings with memos, links and flags": lambda w: edits.delete_codings(
        w.project, [w.risk[0].id, w.marac[0].id, w.flagged[0]], w.ann
    ),
    "set effect": lambda w: edits.set_effect(
        w.project, [w.risk[0].id, w.risk[1].id], "hinders", w.ann
    ),
    "set judgement": lambda w: set_judgement(
        w.project, [w.risk[0].id], "missed_opportunity", w.ann
    ),
    "link explains": lambda w: link_explains(w.project, [w.marac[0].id], w.risk[1].id, w.ann),
    "unlink": lambda w: unlink(w.project, [w.link], w.ann),
    "recode": lambda w: recode_codings(w.project, [w.flagged[0]], w.code["Risk"], w.ann),
    "keep where it is": lambda w: keep_where_they_are(w.project, w.flagged, w.ann),
    "add a code": lambda w: edits.add_code(w.project, "New", w.code["Risk"], w.ann),
    "rename and describe a code": lambda w: edits.update_code(
        w.project, w.code["Risk/Assessment"], w.ann, name="DASH", description="the DASH form"
    ),
    "move a code": lambda w: edits.move_code(
        w.project, w.code["Agencies/MARAC"], w.code["Risk"], 0, w.ann
    ),
    "move two codes (one step)": lambda w: (
        edits.move_code(w.project, w.code["Agencies/MARAC"], w.code["Risk"], 0, w.ann)
        + edits.move_code(w.project, w.code["Risk/Assessment"], None, 0, w.ann)
    ),
    "merge codes": lambda w: edits.merge_code(
        w.project, w.code["Risk/Assessment 2"], w.code["Risk/Assessment"], w.ann
    ),
    "delete a code and its codings": lambda w: edits.delete_code(
        w.project, w.code["Risk"], keep_codings=False, coder_id=w.ann
    ),
    "delete a code, keeping its codings": lambda w: edits.delete_code(
        w.project, w.code["Risk/Assessment 2"], keep_codings=True, coder_id=w.ann
    ),
    "edit a memo": lambda w: edits.edit_memo(w.project, w.memo, "rewritten", w.ann),
    "delete a memo": lambda w: edits.delete_memos(w.project, [w.memo], w.ann),
    "load a codebook": lambda w: load_codebook(w.project, _codebook(), w.ann).edit,
    "set an attribute": lambda w: reviews.set_attribute(
        w.project, w.review, w.attrs["review type"].id, "SAR", w.ann
    ),
    "clear an attribute": lambda w: reviews.set_attribute(
        w.project, w.review, w.attrs["review type"].id, None, w.ann
    ),
    "rename a review": lambda w: reviews.rename_review(w.project, w.review, "DHR A", w.ann),
    "group documents (a review goes)": lambda w: reviews.group_documents(
        w.project, [w.other.id, w.doc.id], w.ann
    ),
    "separate a document": lambda w: (
        reviews.group_documents(w.project, [w.doc.id, w.other.id], w.ann)
        + reviews.separate_document(w.project, w.other.id, w.ann)
    ),
    "assign": lambda w: assignments.assign(
        w.project, [w.doc.id, w.other.id], [w.ann, w.bob], w.ann
    ),
    "unassign": lambda w: assignments.assign(w.project, [w.doc.id], [w.bob], w.ann, False),
    "mark progress": lambda w: assignments.set_status(w.project, w.doc.id, w.bob, "done"),
    "build the consensus layer": lambda w: build_consensus(w.project, ["Ann", "Bob"], 0.9, w.ann),
    "accept into consensus": lambda w: decide(w.project, w.risk[0].id, True, w.ann),
    "add a case record with a passage": lambda w: contact_from_selection(
        w.project, w.other.id, 0, 20, w.ann
    ),
    "set a case field": lambda w: set_value(
        w.project,
        w.contact.record_id,
        kind_named(schema_of(w.project), "police contact").field("date").id,
        "2021-05-01",
        w.ann,
    ),
    "load a newer case-data schema": lambda w: load_schema(w.project, _newer_schema(), w.ann).edit,
    "delete a case record": lambda w: delete_record(w.project, w.contact.record_id, w.ann),
    "add a framework": lambda w: (
        import_framework(w.project, _framework(new_id(), "Another", w), w.ann).edit
    ),
    "replace a framework's categories": lambda w: (
        import_framework(w.project, _framework(new_id(), "A framework", w), w.ann).edit
    ),
    "remove a framework": lambda w: remove_framework(w.project, "A framework", w.ann),
    "detect recommendations again": lambda w: suggestions.detect_document(w.project, w.other.id),
    "accept a suggestion": lambda w: suggestions.accept(w.project, [w.suggestion], w.ann),
    "accept an amended suggestion": lambda w: suggestions.accept(
        w.project,
        [w.suggestion],
        w.ann,
        {w.suggestion: Amendment("R4", "Supervisors should check.", (Addressee("police"),))},
    ),
    "reject a suggestion": lambda w: suggestions.reject(w.project, [w.suggestion], w.ann),
    "type a recommendation": lambda w: register.add_recommendation(
        w.project, w.review, "A2", "Share the plan.", w.ann, (Addressee("agency", "health"),)
    ),
    "edit a recommendation and reorder its addressees": lambda w: register.update_recommendation(
        w.project,
        w.typed,
        w.ann,
        {"label": "A1a", "owner": "Chief Constable"},
        (Addressee("national body", "NPCC"), Addressee("force", "Kent Police")),
    ),
    "link another theme and finding": lambda w: register.update_recommendation(
        w.project,
        w.recs[0],
        w.ann,
        code_ids=[
            w.code["Risk/Assessment"],
            w.code["Risk"],
            w.code["Agencies"],
            w.code["Risk/Assessment 2"],
        ],
        coding_ids=[w.risk[0].id, w.marac[0].id, w.risk[1].id],
    ),
    "unlink a theme in the middle": lambda w: register.update_recommendation(
        w.project, w.recs[0], w.ann, code_ids=[w.code["Risk/Assessment"], w.code["Agencies"]]
    ),
    "reorder the themes": lambda w: register.update_recommendation(
        w.project, w.recs[0], w.ann, code_ids=[w.code["Agencies"], w.code["Risk/Assessment"]]
    ),
    "swap two findings": lambda w: register.update_recommendation(
        w.project, w.recs[0], w.ann, coding_ids=[w.marac[0].id, w.risk[0].id]
    ),
    "reorder themes and findings (one step)": lambda w: (
        register.update_recommendation(
            w.project, w.recs[0], w.ann, code_ids=[w.code["Risk"], w.code["Agencies"]]
        )
        + register.update_recommendation(
            w.project, w.recs[0], w.ann, code_ids=[w.code["Agencies"], w.code["Risk"]]
        )
    ),
    "add status entries": lambda w: register.add_statuses(
        w.project,
        [
            register.new_status(
                w.project, r, "implemented", "2025", "url", "https://x.org/a", "", w.ann
            )
            for r in w.recs
        ],
        w.ann,
    ),
    "import status entries from a table": lambda w: (
        import_statuses(w.project, _status_table(w), w.ann).edit
    ),
    "delete a recommendation with its links and statuses": lambda w: register.delete_recommendation(
        w.project, w.recs[0], w.ann
    ),
    "set a section's kind": lambda w: set_section_kind(
        w.project, w.structured, w.heading["The risk assessment"], "findings", "Ann"
    ),
    "merge a heading into the one before": lambda w: merge_heading(
        w.project, w.structured, w.heading["The risk assessment"], "Ann"
    ),
    "mark a numbered paragraph": lambda w: mark_paragraph(
        w.project, w.structured, STRUCTURED.index("The risk assessment was"), "2.2", "Ann"
    ),
    "detect a text document's structure again": lambda w: detect_document(w.project, w.structured),
    "detect a document imported before its fonts were stored": lambda w: detect_document(
        w.project, w.doc.id
    ),
    "mark a paragraph in a document never detected": lambda w: mark_paragraph(
        w.project, w.doc.id, _text_range(w)[0], "1.1", "Ann"
    ),
    "two corrections (one step)": lambda w: (
        set_section_kind(w.project, w.structured, w.heading["Analysis"], "findings", "Ann")
        + merge_heading(w.project, w.structured, w.heading["Lessons learned"], "Ann")
    ),
    "set documents' publication status": lambda w: disclosure.set_status(
        w.project, [w.doc.id, w.other.id], "unpublished_or_restricted", w.ann
    ),
    "set a publication status back to its review's": lambda w: disclosure.set_status(
        w.project, [w.other.id], None, w.ann
    ),
    "add sensitive terms": lambda w: disclosure.add_terms(
        w.project, ["MARAC", "zoë", "Kent Police"], w.ann, "named in the text"
    ),
    "remove sensitive terms": lambda w: disclosure.remove_terms(
        w.project, ["łukasz", "Zoë"], w.ann
    ),
    "release a quote": lambda w: disclosure.release(w.project, w.marac[0].id, "public", w.ann),
    "release a released quote again": lambda w: disclosure.release(
        w.project, w.risk[0].id, "a new reason", w.ann
    ),
    "withdraw a release": lambda w: disclosure.withdraw_release(w.project, w.risk[0].id, w.ann),
    "override a term in one quote": lambda w: disclosure.override(
        w.project, "Zoë", "named in the press", w.ann, w.risk[1].id
    ),
    "override a term again": lambda w: disclosure.override(
        w.project, "łukasz", "another reason", w.ann
    ),
    "withdraw an override": lambda w: disclosure.withdraw_override(w.project, "Łukasz", w.ann),
    "set the screening criteria and reasons": lambda w: screening.set_criteria(
        w.project, "Any review of a death", ["not a review", "out of scope"], "Ann"
    ),
    "set the screening criteria's text only": lambda w: screening.set_criteria(
        w.project, "Only DHRs", None, "Ann"
    ),
    "add the attributes a project lacks": lambda w: reviews.add_attributes(
        w.project, _more_attributes(w), w.ann
    ),
    "upgrade the attributes to a set": lambda w: (
        upgrade_attributes(w.project, _more_attributes(w), w.ann).edit
    ),
    "confirm a group": lambda w: register.confirm_group(w.project, w.recs, w.ann),
    "confirm and release a group": lambda w: (
        register.confirm_group(w.project, w.recs, w.ann)
        + register.release_group(w.project, w.recs, w.ann)
    ),
}


def _more_attributes(w: World) -> AttributeSet:
    """Two new attributes, one named like an existing one and one with an existing id."""
    return AttributeSet(
        "extra",
        [
            AttributeSpec(new_id(), "deaths", "integer", description="how many died"),
            AttributeSpec(new_id(), "Review Type", "text"),
            AttributeSpec(w.attrs["review type"].id, "kind of review", "text"),
            AttributeSpec(new_id(), "agency", "choice", ["police", "health"]),
        ],
    )


def _newer_schema() -> CaseSchema:
    """The shipped schema with a new kind, a new field and a new choice of a field."""
    data = yaml.safe_load((shipped_dir() / "case-data.yaml").read_text(encoding="utf-8"))
    person = data["kinds"][0]
    person["fields"].append({"name": "occupation", "type": "text"})
    next(f for f in person["fields"] if f["name"] == "sex")["choices"].append("not recorded")
    data["kinds"].append({"name": "agency", "fields": [{"name": "name"}]})
    return parse_case_schema(data, "newer.yaml")


def _status_table(w: World):
    path = w.project.path.parent / "statuses.csv"
    path.write_text(
        "recommendation_id,status,date,source_kind,source\n"
        + "".join(f"{r},in progress,2024-06,correspondence,\n" for r in w.recs),
        encoding="utf-8",
    )
    return path


def _framework(framework_id: str, name: str, w: World) -> FrameworkSpec:
    return FrameworkSpec(
        framework_id,
        name,
        "a citation",
        "entered by user",
        "",
        [
            CategorySpec(new_id(), "Practice", "", [w.code["Risk"]]),
            CategorySpec(new_id(), "Partnership", "", [w.code["Agencies/MARAC"], w.code["Risk"]]),
        ],
    )


def second_pdf(folder) -> object:
    b = PdfBuilder()
    b.page()
    b.line(72, 100, "A second review: the MARAC met twice and a risk assessment followed.")
    b.line(72, 140, "Recommendation 1: Kent Police should repeat the DASH risk assessment.")
    b.line(72, 170, "Recommendation 2: The MARAC should record why it closed a referral.")
    b.line(72, 200, "Recommendation 3: Agencies should share referrals with the GP.")
    b.line(72, 230, "Recommendation 4: Supervisors should review standard gradings.")
    path = folder / "second review.pdf"
    path.write_bytes(b.tobytes())
    return path


@pytest.fixture
def world(project, sample) -> World:
    return World(project, sample)


@pytest.mark.parametrize("kind", list(EDITS))
def test_undo_and_redo_restore_the_rows_byte_for_byte(world, kind):
    project = world.project
    start = table_dump(project)
    edit = EDITS[kind](world)
    done = table_dump(project)
    assert edit and done != start  # the edit changed something, and says so
    apply(project, edit.inverse(), world.ann, "undo")
    assert table_dump(project) == start
    apply(project, edit, world.ann, "redo")
    assert table_dump(project) == done
    apply(project, edit.inverse(), world.ann, "undo")
    assert table_dump(project) == start


def test_an_edit_names_what_it_touched(world):
    edit = edits.delete_codings(world.project, [world.risk[0].id], world.ann)
    assert edit.deleted("coding") == [world.risk[0].id]
    assert set(edit.deleted("memo")) == {
        m.id for m in edit.before if getattr(m, "text", "") == "a coding memo"
    }
    assert edit.deleted("coding_link") == [world.link]
    assert edit.changes.touches("coding") and edit.changes.touches("memo")
    assert not edit.changes.touches("code")
    moved = edits.move_code(
        world.project, world.code["Agencies/MARAC"], world.code["Risk"], 0, None
    )
    assert moved.changes.touches("code") and not moved.changes.touches("coding")
    # siblings whose position did not change are not part of the edit
    assert world.code["Risk/Assessment"] in moved.changes.ids("code")
    assert world.code["Agencies"] not in moved.changes.ids("code")


def test_undo_and_redo_are_logged(world):
    project = world.project
    edit = edits.delete_codings(project, [world.risk[1].id], world.ann)
    apply(project, edit.inverse(), world.ann, "undo: Delete coding")
    apply(project, edit, world.ann, "redo: Delete coding")
    log = [
        (c.action, c.summary)
        for c in reversed(
            [c for c in links_history(project) if c.entity_id == world.risk[1].id][:3]
        )
    ]
    assert log == [
        ("delete", "deleted coding p.1"),
        ("create", "undo: Delete coding"),
        ("delete", "redo: Delete coding"),
    ]


def links_history(project: Project):
    from coder.project import changelog

    return changelog.history(project, "coding")


def test_undo_keeps_what_others_changed_since(world):
    """Undo takes back the edit's own columns only: a change made since by someone else
    (a judgement, a coder's own progress mark) stays."""
    project, coding = world.project, world.risk[1].id
    effect = edits.set_effect(project, [coding], "hinders", world.ann)
    set_judgement(project, [coding], "good_practice", world.bob)  # not on the undo stack
    apply(project, effect.inverse(), world.ann, "undo")
    after = codings.get_coding(project, coding)
    assert (after.effect, after.judgement) == (None, "good_practice")
    assigned = assignments.assign(project, [world.other.id], [world.bob], world.ann)
    assignments.set_status(project, world.other.id, world.bob, "done")
    apply(project, assigned.inverse(), world.ann, "undo")
    rows = [
        (a.assigned, a.status)
        for a in assignments.list_assignments(project)
        if a.document_id == world.other.id
    ]
    assert rows == [(False, "done")]
    apply(project, assigned, world.ann, "redo")
    rows = [
        (a.assigned, a.status)
        for a in assignments.list_assignments(project)
        if a.document_id == world.other.id
    ]
    assert rows == [(True, "done")]
    # with nothing of theirs left, undoing the assignment removes the row
    unmark = assignments.set_status(project, world.other.id, world.bob, "not_started")
    apply(project, assigned.inverse(), world.ann, "undo")
    assert [
        a for a in assignments.list_assignments(project) if a.document_id == world.other.id
    ] == []
    assert unmark


def test_undoing_the_first_screening_criteria_takes_them_out(project):
    """A project that never had criteria: undo removes the settings' rows, redo puts the
    same rows back."""
    with project.write():
        coders.ensure_coder(project, "Ann")  # coders are made on first use, not by an edit
    start = table_dump(project)
    edit = screening.set_criteria(project, "Any review", ["not a review"], "Ann")
    done = table_dump(project)
    assert [r.key for r in edit.after] == ["screening_criteria", "screening_reasons"]
    assert edit.before == ()
    apply(project, edit.inverse(), None, "undo")
    assert table_dump(project) == start
    assert (criteria(project), reasons_are_set(project)) == ("", False)
    apply(project, edit, None, "redo")
    assert table_dump(project) == done


def test_undoing_the_first_case_data_schema_takes_it_out(project):
    """A project with no schema: undo removes the kinds, fields and the schema's title."""
    start = table_dump(project)
    report = load_schema(project, load_case_schema(shipped_dir() / "case-data.yaml"), None)
    done = table_dump(project)
    assert report.kinds_added == ["person", "relationship", "police contact"]
    assert report.edit.created("case_kind") == [k.id for k in schema_of(project).kinds]
    apply(project, report.edit.inverse(), None, "undo")
    assert table_dump(project) == start
    apply(project, report.edit, None, "redo")
    assert table_dump(project) == done


def test_adding_attributes_names_those_added_and_changes_no_other(world):
    before = reviews.list_attributes(world.project)
    edit = reviews.add_attributes(world.project, _more_attributes(world), world.ann)
    assert reviews.added_attributes(edit) == ["deaths", "agency"]
    assert edit.before == ()
    assert reviews.list_attributes(world.project)[: len(before)] == before
    again = reviews.add_attributes(world.project, _more_attributes(world), world.ann)
    assert not again and reviews.added_attributes(again) == []
