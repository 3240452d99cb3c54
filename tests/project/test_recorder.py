"""Recording a bulk insert without reading it back (``Recorder.inserted``): the edit is the
one ``Recorder.created`` reads back, row for row, rowid for rowid, and undo and redo of it
restore the table byte for byte."""

from __future__ import annotations

import pytest

from coder.ids import CodeId, new_id
from coder.project import codes
from coder.project.clock import utc_now
from coder.project.edit import Recorder, apply
from coder.project.records import Code
from tests.dump import table_dump


def _code(name: str, position: int, now: str, parent: CodeId | None = None, **kw) -> Code:
    return Code(
        CodeId(new_id()),
        parent,
        name,
        "#aa0000",
        f"about {name}",
        position,
        True,
        **kw,
        created_at=now,
        modified_at=now,
    )


@pytest.mark.parametrize("read", [False, True], ids=["only new rows", "a row read too"])
def test_inserted_gives_the_edit_created_reads_back(project, read):
    now = utc_now()
    with project.write():
        kept = codes.create_code(project, "Kept", None, None)
        changed = codes.create_code(project, "Changed", None, None)
    with project.write():
        first, second = Recorder(project), Recorder(project)
        if read:  # a row of the same table read and changed: the edit has both, in rowid order
            for recorder in (first, second):
                recorder.read(codes.TABLE, [changed.id])
            project.conn.execute("UPDATE codes SET colour = '#00ff00' WHERE id = ?", [changed.id])
        top = _code("Top", 2, now, takes_judgement=True)
        made = [top, _code("Child", 0, now, top.id, takes_effect=False), _code("Last", 3, now)]
        codes.add_codes(project, made, None, now)
        first.inserted(codes.TABLE, made)
        second.created(codes.TABLE, [c.id for c in made])
        fast, slow = first.edit(), second.edit()
    assert (fast.before, fast.after, fast.changes) == (slow.before, slow.after, slow.changes)
    assert fast.rowids == slow.rowids
    assert fast.created("code") == [c.id for c in made]  # in the order they were made
    assert len(fast.after) == (4 if read else 3)
    assert kept.id not in fast.changes.ids("code")
    done = table_dump(project)
    apply(project, fast.inverse(), None, "undo")
    assert [c.id for c in codes.list_codes(project)] == [kept.id, changed.id]
    apply(project, fast, None, "redo")
    assert table_dump(project) == done


def test_inserted_rows_not_last_in_their_table_are_found_by_key(project):
    """Rows inserted earlier in the same write, with others after them, and a record said
    inserted whose row has gone since: the rowids come from a read by key."""
    now = utc_now()
    with project.write():
        made = [_code(f"Code {i}", i, now) for i in range(3)]
        codes.add_codes(project, made, None, now)
        codes.add_codes(project, [_code("After", 3, now)], None, now)
        gone = _code("Gone", 4, now)
        codes.add_codes(project, [gone], None, now)
        project.conn.execute("DELETE FROM codes WHERE id = ?", [gone.id])
        first, second = Recorder(project), Recorder(project)
        first.inserted(codes.TABLE, [*made, gone])
        second.created(codes.TABLE, [c.id for c in [*made, gone]])
        fast, slow = first.edit(), second.edit()
    assert fast.after == slow.after == tuple(made)
    assert fast.rowids == slow.rowids
    rowids = [codes.TABLE.rowids(project, [(c.id,)]) for c in [*made, gone]]
    assert rowids == [[1], [2], [3], [None]]


def test_a_new_coding_s_edit_is_the_one_read_back(project, sample):
    """``code_text`` and ``code_area`` hand their new coding over as its row stores it
    (rectangles to 0.01 pt) rather than reading it back: the edit is the read-back one."""
    from coder.coding.ingest import import_pdf
    from coder.coding.operations import code_area, code_text
    from coder.project import coders, codings, documents

    doc = import_pdf(project, sample[0], "Ann").document
    with project.write():
        coder = coders.ensure_coder(project, "Ann")
        code = codes.ensure_path(project, "Risk", coder.id)
    text = documents.document_text(project, doc.id)
    start = text.index("DASH")
    made = [
        code_text(project, doc.id, code, coder.id, start, start + 40),
        code_area(project, doc.id, code, coder.id, 3, (72.123456, 80.98765, 300.005, 200.3333)),
    ]
    for edit in made:
        (coding_id,) = edit.created("coding")
        with project.write():
            again = Recorder(project)
            again.created(codings.TABLE, [coding_id])
            read_back = again.edit()
        assert (edit.after, edit.rowids) == (read_back.after, read_back.rowids)
        assert edit.after == (codings.get_coding(project, coding_id),)
    done = table_dump(project)
    apply(project, made[1].inverse(), None, "undo")
    apply(project, made[1], None, "redo")
    assert table_dump(project) == done
