"""File → Import / Export a REFI-QDA project, and the text view of a plain-text document."""

from __future__ import annotations

import zipfile

import xmlschema

from coder.project import codes, codings
from tests.datafiles import DATA
from tests.exchange.test_qdpx import SCHEMA


def test_import_nvivo_project_and_code_in_the_text_view(window, tmp_path, qtbot):
    out = tmp_path / "nvivo.rcproj"
    job = window.exchange.import_qdpx(DATA / "nvivo12win" / "oltas0517.qdpx", out)
    qtbot.waitUntil(lambda: window.session is not None and window.doc is not None, timeout=30000)
    assert job.isFinished() or job.wait(5000)
    assert "Everything was carried over" in window.exchange.import_report.text()
    view = window.text_view
    assert window.view is view and view.isVisible() and not window.page_view.isVisible()
    project = window.session.project
    # a coding whose quote has an emoji before it: the view shows exactly its words
    coded = [
        c
        for c in window.doc.codings
        if any(ord(ch) > 0xFFFF for ch in window.doc.text[: c.char_start])
    ]
    coding = coded[0]
    view.reveal_coding(coding)
    view.select_range(coding.char_start, coding.char_end)
    shown = view.textCursor().selectedText().replace("\u2029", "\n")
    assert shown == coding.quote.replace("\r\n", " \n")
    assert view.selection() == (coding.char_start, coding.char_end)
    # code a new passage, as with a PDF: one undoable step
    code_id = codes.list_codes(project)[0].id
    start = window.doc.text.index("comment_text")
    view.select_range(start, start + len("comment_text"))
    before = len(codings.list_codings(project))
    assert window.coding.apply_code(code_id)
    made = [c for c in codings.list_codings(project, code_id=code_id) if c.char_start == start]
    assert made and made[0].quote == "comment_text" and made[0].rects == ()
    window._undo(True)
    assert len(codings.list_codings(project)) == before


def test_export_from_the_file_menu(window, tmp_path, qtbot):
    window.open_demo()
    assert window.session is not None
    out = tmp_path / "demo.qdpx"
    window.exchange.export_qdpx(out)
    qtbot.waitUntil(lambda: "Wrote" in window.statusBar().currentMessage(), timeout=30000)
    assert window.statusBar().currentMessage() == (
        f"Wrote {out}: 3 documents, 83 codes, 383 codings, 1 memos"
    )
    with zipfile.ZipFile(out) as z:
        xmlschema.XMLSchema(str(SCHEMA)).validate(z.read("project.qde").decode("utf-8"))
