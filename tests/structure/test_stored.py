"""Structure stored in a project on disk: at import, on demand, corrected, upgraded."""

from __future__ import annotations

import json
import sqlite3

import pytest

from coder.coding import structure as ops
from coder.coding.ingest import import_pdf, store_text
from coder.errors import InvalidInputError
from coder.pdf.extract import extract_pdf
from coder.project import changelog, codings, documents
from coder.project import structure as stored
from coder.project.edit import Edit, apply
from coder.project.store import Project
from coder.structure.model import STRUCTURE_VERSION
from tests.dump import table_dump
from tests.structure.corpus import numbered_report
from tests.structure.truth import true_structure


@pytest.fixture(scope="module")
def report():
    return numbered_report()


@pytest.fixture
def imported(project, tmp_path, report):
    path = tmp_path / "DHR Adult A.pdf"
    path.write_bytes(report.data)
    outcome = import_pdf(project, path, "tester")
    assert outcome.status == "imported"
    return outcome.document


def test_import_stores_the_structure_and_the_line_fonts(project, imported, report):
    truth = true_structure(report, extract_pdf(report.data, "x.pdf"))
    force = stored.in_force(project, imported.id)
    assert force == truth
    assert stored.detected(project, imported.id)[0] == STRUCTURE_VERSION
    styles = project.conn.execute(
        "SELECT count(*) FROM pages WHERE document_id = ? AND line_styles IS NULL",
        [imported.id],
    ).fetchone()
    assert styles == (0,)
    assert stored.stale_documents(project, STRUCTURE_VERSION) == []


def test_corrections_survive_redetection_and_undo(project, imported):
    before = stored.in_force(project, imported.id)
    analysis = next(h for h in before.headings if h.title == "Analysis")
    text = documents.document_text(project, imported.id)
    n_codings = len(codings.list_codings(project))

    kind = ops.set_section_kind(project, imported.id, analysis, "findings", "tester")
    merged_head = next(h for h in before.headings if h.title == "Lessons learned")
    merge = ops.merge_heading(project, imported.id, merged_head, "tester")
    at = text.index("A DASH risk", before.paragraphs[3].start + 1)
    para = ops.mark_paragraph(project, imported.id, at, "4.9", "tester")

    def summary():
        s = stored.in_force(project, imported.id)
        return (
            {h.title: h.kind for h in s.headings},
            [p.number for p in s.paragraphs],
        )

    kinds, numbers = summary()
    assert kinds["Analysis"] == "findings"
    assert kinds["Risk assessment"] == "findings"  # the sub-section follows its section
    assert "Lessons learned" not in kinds
    assert "4.9" in numbers and len(numbers) == len(before.paragraphs) + 1

    ops.detect_document(project, imported.id)  # detecting again keeps every correction
    assert summary() == (kinds, numbers)

    for name, edit in (("paragraph", para), ("merge", merge), ("kind", kind)):
        apply(project, edit.inverse(), None, f"undone: {name}")
    assert stored.in_force(project, imported.id) == before
    assert stored.corrections(project, imported.id) == []
    apply(project, kind, None, "redone")
    assert summary()[0]["Analysis"] == "findings"
    # the text and the codings never change
    assert documents.document_text(project, imported.id) == text
    assert len(codings.list_codings(project)) == n_codings
    logged = [c.summary for c in changelog.history(project, "document")]
    assert logged[:3] == [
        f"paragraph 4.9 marked at offset {at}",
        f"heading '{merged_head.label}' merged into the one before",
        "section '6 Analysis' is findings",
    ]
    undone = [c.summary for c in changelog.history(project, "structure_correction")]
    assert undone == ["redone", "undone: kind", "undone: merge", "undone: paragraph"]


def test_bad_corrections_change_nothing(project, imported):
    force = stored.in_force(project, imported.id)
    with pytest.raises(InvalidInputError, match="unknown section kind 'bogus'"):
        ops.set_section_kind(project, imported.id, force.headings[2], "bogus", "tester")
    with pytest.raises(InvalidInputError, match="is the first heading"):
        ops.merge_heading(project, imported.id, force.headings[0], "tester")
    with pytest.raises(InvalidInputError, match="not a paragraph number"):
        ops.mark_paragraph(project, imported.id, 100, "five", "tester")
    assert stored.corrections(project, imported.id) == []
    assert stored.in_force(project, imported.id) == force


def test_a_document_stored_before_fonts_gets_them_from_its_pdf(project, imported, tmp_path):
    force = stored.in_force(project, imported.id)
    path = project.path
    project.close()
    conn = sqlite3.connect(path)  # as a project imported before the structure migration
    conn.execute("UPDATE pages SET line_styles = NULL")
    for table in ("structures", "headings", "paragraphs"):
        conn.execute(f"DELETE FROM {table}")
    conn.commit()
    conn.close()
    with Project.open(path) as again:
        assert stored.stale_documents(again, STRUCTURE_VERSION) == [imported.id]
        seen = []
        before = table_dump(again)
        edit = ops.detect_stale(again, lambda i, n, t: seen.append((i, n, t)))
        assert ops.detected(edit) == 1 and edit.changes.ids("structure") == {imported.id}
        assert seen == [(0, 1, imported.title), (1, 1, "")]
        assert stored.in_force(again, imported.id) == force
        assert again.conn.execute(
            "SELECT count(*) FROM pages WHERE line_styles IS NULL"
        ).fetchone() == (0,)
        after = table_dump(again)
        apply(again, edit.inverse(), None, "undo")
        assert table_dump(again) == before
        apply(again, edit, None, "redo")
        assert table_dump(again) == after


def test_detection_that_read_the_fonts_again_undoes_byte_for_byte(project, imported):
    with project.write():  # as a document imported before fonts and structure were stored
        project.conn.execute("UPDATE pages SET line_styles = NULL")
        for table in ("structures", "headings", "paragraphs"):
            project.conn.execute(f"DELETE FROM {table}")
    start = table_dump(project)
    edit = ops.detect_document(project, imported.id)
    done = table_dump(project)
    assert edit.changes.ids("structure") == {imported.id}
    assert len(edit.created("heading")) == len(stored.in_force(project, imported.id).headings)
    apply(project, edit.inverse(), None, "undo")
    assert table_dump(project) == start
    apply(project, edit, None, "redo")
    assert table_dump(project) == done
    logged = project.conn.execute(
        "SELECT entity_id, detail FROM changes WHERE entity = 'page' AND summary = 'redo'"
    ).fetchall()
    pages = project.conn.execute("SELECT document_id, page, line_styles FROM pages").fetchall()
    assert {e: json.loads(d) for e, d in logged} == {  # a blob is logged as its size
        f"{doc}/{n}": {"line_styles": f"<{len(blob)} bytes>"} for doc, n, blob in pages
    }


def test_plain_text_documents_get_structure(project):
    text = "1. Introduction\n\n1.1 The review began.\n\n2. Findings\n\n2.1 Risk was missed."
    doc, _made = store_text(project, "Notes", "notes.txt", text.encode(), text, "tester")
    force = stored.in_force(project, doc.id)
    assert [(h.label, h.kind) for h in force.headings] == [
        ("1 Introduction", "introduction"),
        ("2 Findings", "findings"),
    ]
    assert [p.number for p in force.paragraphs] == ["1.1", "2.1"]


def test_detecting_again_edits_only_the_rows_in_force_that_differ(project, imported):
    """Detection hands its edit the headings and paragraphs it rewrote, as written: the
    rows the tables hold after it, at their rowids, and none it left as they were."""
    force = stored.in_force(project, imported.id)
    doc, heading = imported.id, force.headings[1]
    gone, renumbered = force.paragraphs[2], force.paragraphs[5]
    assert heading.kind != "findings"
    match = "WHERE document_id = ? AND char_start = ?"
    with project.write():  # the rows in force drift from what detection finds
        conn = project.conn
        conn.execute(f"DELETE FROM paragraphs {match}", [doc, gone.start])
        conn.execute(f"UPDATE paragraphs SET number = 'x' {match}", [doc, renumbered.start])
        conn.execute(f"UPDATE headings SET kind = 'findings' {match}", [doc, heading.start])
        conn.execute(
            "INSERT INTO paragraphs (document_id, char_start, char_end, page, number) "
            "VALUES (?, 1, 2, 1, '9.9')",
            [doc],
        )

    def rowids(table):
        return dict(project.conn.execute(f"SELECT char_start, rowid FROM {table}").fetchall())

    start, was_heads, was_paras = table_dump(project), rowids("headings"), rowids("paragraphs")
    edit = ops.detect_document(project, doc)
    done, heads, paras = table_dump(project), rowids("headings"), rowids("paragraphs")
    assert stored.in_force(project, doc) == force

    def rows(side, table):
        return [
            (edit.rowids[(table.name, table.key_of(r))], r) for r in side if type(r) is table.record
        ]

    def heading_row(kind):
        h = heading
        return stored.HeadingRow(doc, h.start, h.end, h.page, h.level, h.number, h.title, kind)

    def paragraph_row(p, number=None):
        return stored.ParagraphRow(doc, p.start, p.end, p.page, number or p.number)

    assert rows(edit.before, stored.HEADINGS) == [
        (was_heads[heading.start], heading_row("findings"))
    ]
    assert rows(edit.after, stored.HEADINGS) == [(heads[heading.start], heading_row(heading.kind))]
    assert rows(edit.before, stored.PARAGRAPHS) == [
        (was_paras[renumbered.start], paragraph_row(renumbered, "x")),
        (was_paras[1], stored.ParagraphRow(doc, 1, 2, 1, "9.9")),
    ]
    assert rows(edit.after, stored.PARAGRAPHS) == [
        (paras[renumbered.start], paragraph_row(renumbered)),
        (paras[gone.start], paragraph_row(gone)),  # made again, after every other row
    ]
    assert paras[gone.start] == max(paras.values())
    assert stored.HEADINGS.select(project, "char_start = ?", [heading.start]) == [
        heading_row(heading.kind)
    ]
    apply(project, edit.inverse(), None, "undo")
    assert table_dump(project) == start
    apply(project, edit, None, "redo")
    assert table_dump(project) == done


def test_detecting_many_stale_documents_is_one_edit_of_them_all(project, monkeypatch):
    """The stale documents' edits are added in pairs: the same edit as adding them one
    after the other, and its undo and redo restore every document's rows byte for byte."""
    ids = []
    for n in range(5):
        text = f"{n + 1}. Introduction\n\n{n + 1}.1 The review began.\n\n{n + 2}. Findings\n\n"
        text += "".join(f"{n + 2}.{k} Point {k} of review {n}.\n\n" for k in range(1, n + 3))
        doc, _made = store_text(project, f"Notes {n}", f"notes-{n}.txt", text.encode(), text, "t")
        ids.append(doc.id)
    with project.write():  # as documents imported before the structure was stored
        for table in ("structures", "headings", "paragraphs"):
            project.conn.execute(f"DELETE FROM {table}")
    start = table_dump(project)
    one_by_one = []
    detect = ops.detect_document

    def detect_and_keep(project, document_id):
        one_by_one.append(detect(project, document_id))
        return one_by_one[-1]

    monkeypatch.setattr(ops, "detect_document", detect_and_keep)
    edit = ops.detect_stale(project)
    done = table_dump(project)
    added = Edit()
    for each in one_by_one:
        added = added + each
    assert len(one_by_one) == 5 and ops.detected(edit) == 5
    assert edit == added
    assert edit.changes.ids("structure") == set(ids)
    assert len(edit.created("paragraph")) == sum(n + 3 for n in range(5))
    apply(project, edit.inverse(), None, "undo")
    assert table_dump(project) == start
    apply(project, edit, None, "redo")
    assert table_dump(project) == done
