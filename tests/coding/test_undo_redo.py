"""Every kind of edit, undone and redone: the project's tables come back byte for byte.

Each mutation returns an ``Edit``; undo is ``apply(edit.inverse())`` and redo
``apply(edit)``, as the app's one ``EditCommand`` does. After undo the dump of every table
(rowids, UUIDs, every value as SQLite quotes it) equals the dump before the edit; after
redo it equals the dump right after it; and undo again gets back to the start.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coder.codebook.model import Codebook, CodeSpec
from coder.coding import edits
from coder.coding.autocode import autocode, code_matches
from coder.coding.codebooks import load_codebook
from coder.coding.ingest import import_pdf
from coder.coding.judgements import link_explains, set_judgement, unlink
from coder.coding.operations import add_memo, code_area, code_text
from coder.coding.recoding import keep_where_they_are, recode_codings
from coder.ids import CategoryId, FrameworkId, new_id
from coder.project import coders, codes, codings, documents, frameworks, recode
from coder.project.clock import utc_now
from coder.project.edit import Edit, apply
from coder.project.store import Project
from coder.text.matcher import phrase_query
from tests.dump import table_dump


class World:
    """A coded project: two coders' codings, memos on a code and a coding, an explains
    link, a recode flag and a framework mapping, so deletions take rows with them."""

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


def _codebook() -> Codebook:
    return Codebook(
        "Extra",
        [
            CodeSpec(new_id(), "Risk", definition="Risk to the victim"),
            CodeSpec(new_id(), "Escalation", children=[CodeSpec(new_id(), "Stalking")]),
        ],
    )


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
}


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
