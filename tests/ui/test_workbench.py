"""The desktop workbench, driven through its real widgets (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from coder.coding.autocode import autocode
from coder.coding.ingest import import_pdf
from coder.project import coders, codes, codings, documents
from coder.project.store import Project
from coder.text.matcher import phrase_query
from coder.ui import mime
from tests.conftest import sample_pdf
from tests.ui.modal import type_text


def _send(view, kind, pos: QPointF, buttons, modifiers=Qt.KeyboardModifier.NoModifier):
    button = Qt.MouseButton.LeftButton
    if kind == QEvent.Type.MouseMove:
        button = Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind, pos, QPointF(view.viewport().mapToGlobal(pos.toPoint())), button, buttons, modifiers
    )
    QApplication.sendEvent(view.viewport(), event)


def drag(view, start: QPointF, end: QPointF, modifiers=Qt.KeyboardModifier.NoModifier):
    """Press, move in steps and release the left button on the page view."""
    left = Qt.MouseButton.LeftButton
    _send(view, QEvent.Type.MouseButtonPress, start, left, modifiers)
    for i in range(1, 6):
        p = start + (end - start) * (i / 5)
        _send(view, QEvent.Type.MouseMove, p, left, modifiers)
    _send(view, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton, modifiers)


def word_point(window, builder, page: int, text: str, where: str = "start") -> QPointF:
    """A viewport point on a laid-out word: just inside its start or end."""
    view = window.page_view
    rect = next(w.rect for w in builder.words if w.page == page and w.text == text)
    x0, y0, x1, y1 = rect
    inset = (x1 - x0) * 0.1
    x = x0 + inset if where == "start" else x1 - inset
    y = (y0 + y1) / 2
    p = window.doc.pages[page - 1]
    box = view.display_rect(page, (x, y, x + 0.01, y + 0.01))
    assert p.number == page
    return box.topLeft()


@pytest.fixture
def opened(window, tmp_path, qtbot):
    """The sample review imported into a project, open in the window at page 1."""
    data, builder = sample_pdf()
    pdf = tmp_path / "sample review.pdf"
    pdf.write_bytes(data)
    path = tmp_path / "study.rcproj"
    with Project.create(path) as project:
        import_pdf(project, pdf, "Zoe Tester")
        with project.write():
            coder = coders.ensure_coder(project, "Zoe Tester")
            codes.ensure_path(project, "Risk/Risk assessment", coder.id)
            codes.ensure_path(project, "Agencies/Information sharing", coder.id)
            codes.ensure_path(project, "Figures", coder.id)
    assert window.open_project(path)
    window.page_view.set_scale(1.0)
    qtbot.waitUntil(lambda: window.doc is not None)
    return window, builder, path


def _code_id(window, path: str) -> str:
    return codes.find_by_path(window.session.project, path)


def _stored(window):
    return codings.list_codings(window.session.project)


def test_import_by_menu_path_with_worker_and_progress(window, tmp_path, qtbot):
    path = tmp_path / "new.rcproj"
    Project.create(path).close()
    assert window.open_project(path)
    data, _ = sample_pdf()
    good = tmp_path / "review.pdf"
    good.write_bytes(data)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 half a file")
    run = window.projects.import_paths([str(good), str(bad), str(good)])
    with qtbot.waitSignal(run.finished, timeout=20000) as blocker:
        pass
    imported, duplicates, failures = blocker.args
    assert imported == ["review"]
    assert len(duplicates) == 1
    assert [f[1] for f in failures] == [
        "broken.pdf: the PDF is truncated (no end-of-file marker); download or export it again"
    ]
    (row,) = window.documents.model.rows
    assert (row.document.title, row.document.pages, row.codings, row.status) == ("review", 3, 0, "")
    qtbot.waitUntil(lambda: window.doc is not None)
    assert window.page_view.data.document.title == "review"


def test_drag_across_a_line_break_then_quick_code_undo_redo_and_excerpts(opened, qtbot):
    window, builder, _ = opened
    view = window.page_view
    start = word_point(window, builder, 1, "DASH", "start")
    end = word_point(window, builder, 1, "assessment", "end")
    drag(view, start, end)
    assert view.selected_text() == "DASH risk\nassessment"

    def choose():
        dialog = window.coding.quick_dialog
        dialog.edit.setText("risk assess")
        dialog.accept_current()

    QTimer.singleShot(0, choose)
    assert window.coding.quick_code() == _code_id(window, "Risk/Risk assessment")
    (coding,) = _stored(window)
    text = window.doc.text
    assert coding.quote == "DASH risk\nassessment"
    assert text[coding.char_start : coding.char_end] == coding.quote
    assert (coding.page_start, coding.page_end, coding.kind) == (1, 1, "text")
    laid: dict[str, tuple] = {}
    for w in builder.words:
        if w.page == 1:
            laid.setdefault(w.text, w.rect)  # the first "risk" on the page
    first, second = coding.rects
    assert first.rect == pytest.approx(
        (laid["DASH"][0], laid["DASH"][1], laid["risk"][2], laid["risk"][3]), abs=0.5
    )
    assert second.rect == pytest.approx(laid["assessment"], abs=0.5)

    window.undo_act.trigger()
    assert _stored(window) == []
    window.redo_act.trigger()
    assert [c.id for c in _stored(window)] == [coding.id]

    window.codebook.select_code(coding.code_id)
    panel = window.excerpts
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 2).text() == "DASH risk assessment"
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    panel.activate(0)
    assert view.selected_coding == coding.id
    assert view.flash == (coding.char_start, coding.char_end)
    assert view.current_page() == 1


def test_drag_across_two_columns_on_a_rotated_page(opened):
    window, builder, _ = opened
    view = window.page_view
    view.go_to_page(2)
    drag(
        view,
        word_point(window, builder, 2, "MARAC", "start"),
        word_point(window, builder, 2, "second", "end"),
    )
    assert view.selected_text() == (
        "MARAC referral\nand information sharing.\n\nColumn two notes a second"
    )


def test_double_click_word_and_shift_click_extends(opened):
    window, builder, _ = opened
    view = window.page_view
    point = word_point(window, builder, 1, "Officers", "start")
    event = QMouseEvent(
        QEvent.Type.MouseButtonDblClick,
        point,
        QPointF(point),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), event)
    assert view.selected_text() == "Officers"
    shift = Qt.KeyboardModifier.ShiftModifier
    end = word_point(window, builder, 1, "completed", "end")
    _send(view, QEvent.Type.MouseButtonPress, end, Qt.MouseButton.LeftButton, shift)
    _send(view, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton, shift)
    assert view.selected_text() == "Officers attended and completed"


def test_drop_handlers_code_a_selection(opened):
    window, builder, _ = opened
    view = window.page_view
    sharing = _code_id(window, "Agencies/Information sharing")
    # a code dropped on the page codes the current selection
    drag(
        view,
        word_point(window, builder, 1, "Zoë", "start"),
        word_point(window, builder, 1, "Łukasz", "end"),
    )
    assert view.selected_text() == "Zoë and Łukasz"
    data = mime.codes_mime([sharing])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(drop)
    assert [(c.quote, c.code_id) for c in _stored(window)] == [("Zoë and Łukasz", sharing)]
    # a selection dropped on a code in the codebook codes it with that code
    model = window.codebook.model
    risk = _code_id(window, "Risk/Risk assessment")
    text = window.doc.text
    start = text.index("Siobhán")
    payload = mime.selection_mime(window.doc.id, start, start + len("Siobhán Ó Súilleabháin"))
    index = model.index_of(risk)
    assert model.canDropMimeData(payload, Qt.DropAction.CopyAction, -1, -1, index)
    model.dropMimeData(payload, Qt.DropAction.CopyAction, -1, -1, index)
    stored = {(c.quote, c.code_id) for c in _stored(window)}
    assert ("Siobhán Ó Súilleabháin", risk) in stored
    assert model.data(index.siblingAtColumn(1)) == "1"


def test_area_coding_on_a_page_without_text(opened, qtbot):
    window, _, _ = opened
    view = window.page_view
    view.go_to_page(3)
    origin = view.page_origin(2)
    start = QPointF(origin.x() + 100, origin.y() + 100)
    end = QPointF(origin.x() + 300, origin.y() + 250)
    drag(view, start, end, Qt.KeyboardModifier.AltModifier)
    area = view.area_selection()
    assert area is not None and area.page == 3
    assert area.rect == pytest.approx((100, 100, 300, 250), abs=0.01)  # scale 1: px = pt
    assert window.coding.apply_code(_code_id(window, "Figures"))
    (coding,) = _stored(window)
    assert (coding.kind, coding.page_start, coding.quote) == ("area", 3, "")
    assert coding.rects[0].rect == pytest.approx((100, 100, 300, 250), abs=0.01)


def test_codings_on_a_rotated_page_are_drawn_where_the_text_is(opened):
    window, _, _ = opened
    autocode(window.session.project, "Agencies/MARAC", phrase_query("MARAC referral"), "Zoe Tester")
    window.page_view.refresh_codings()
    (coding,) = [c for c in _stored(window) if c.page_start == 2]
    view = window.page_view
    view.set_scale(1.5)
    drawn = view.display_rect(2, coding.rects[0].rect)
    # the same box, transformed the way PyMuPDF shows a rotated page
    doc = pymupdf.open(stream=documents.document_pdf(window.session.project, window.doc.id))
    page = doc[1]
    assert page.rotation == 90
    shown = pymupdf.Rect(coding.rects[0].rect) * page.rotation_matrix
    origin = view.page_origin(1)
    expected = (
        origin.x() + shown.x0 * 1.5,
        origin.y() + shown.y0 * 1.5,
        shown.width * 1.5,
        shown.height * 1.5,
    )
    assert (drawn.x(), drawn.y(), drawn.width(), drawn.height()) == pytest.approx(
        expected, abs=0.01
    )
    assert drawn.height() > drawn.width()  # a line of text stands upright on a 90° page


def test_copy_quote_with_citation(opened):
    window, _, _ = opened
    autocode(window.session.project, "Risk", phrase_query("‘risk’ was “high”"), "Zoe Tester")
    window.page_view.refresh_codings()
    (coding,) = _stored(window)
    window.page_view.clear_selection()
    window.page_view.selected_coding = coding.id
    expected = "“‘risk’ was “high”” (sample review, p. 1)"
    assert window.page_view.copy() == expected
    assert QApplication.clipboard().text() == expected


def test_effect_memo_and_delete_are_undoable(opened, dialogs):
    window, _, _ = opened
    autocode(window.session.project, "Risk", phrase_query("MARAC"), "Zoe Tester")
    window.page_view.refresh_codings()
    (coding,) = _stored(window)
    window.page_view.selected_coding = coding.id
    window.coding.set_effect("hinders")
    dialogs.answer(type_text("No referral was made for months."))
    window.coding.memo_act.trigger()
    window.coding.delete_coding()
    assert _stored(window) == []
    window.undo_act.trigger()
    (back,) = _stored(window)
    assert (back.id, back.effect) == (coding.id, "hinders")
    assert window.page_view.data.memos[coding.id] == ["No referral was made for months."]
    window.undo_act.trigger()
    window.undo_act.trigger()
    assert _stored(window)[0].effect is None
    assert coding.id not in window.page_view.data.memos
    assert window.session.undo_stack.undoText() == ""


def test_find_highlights_hits_and_steps_through(opened):
    window, _, _ = opened
    window.finding.show_find()
    window.finding.find_edit.setText("risk assessment")
    window.finding.find_next()
    assert len(window.page_view.search_hits) == 3
    assert window.finding.find_label.text() == "1 of 3"
    window.finding.find_next()
    assert window.finding.find_label.text() == "2 of 3"


def test_command_line_changes_appear_without_reopening(opened, capsys):
    from coder.cli.main import main

    window, _, path = opened
    assert (
        main(
            [
                *["autocode", str(path), "--code", "Context/Names", "--create"],
                *["--phrase", "Zoë", "--coder", "Bob"],
            ]
        )
        == 0
    )
    window.session.check_external_changes()
    assert window.codebook.model.index_of(_code_id(window, "Context/Names")).isValid()
    assert len(window.page_view.data.codings) == 1


def test_project_open_elsewhere_opens_read_only_with_a_banner(window, tmp_path):
    path = tmp_path / "held.rcproj"
    holder = Project.create(path, user="Ann")
    try:
        assert window.open_project(path)
        assert window.session.read_only
        assert window.banner.isVisible()
        assert "open for writing by Ann" in window.banner.text()
        assert not window.projects.import_act.isEnabled()
    finally:
        window.close_project()
        holder.close()


def test_start_page_offers_the_demo_and_it_opens(window, qtbot):
    assert window.stack.currentIndex() == 0
    window.open_demo()
    assert window.session is not None
    assert window.documents.model.rowCount() == 3
    assert window.codebook.model.rowCount() >= 4


def test_page_renders_off_the_gui_thread(opened, qtbot):
    window, _, _ = opened
    view = window.page_view
    qtbot.waitUntil(
        lambda: view.cache.get((window.doc.id, 1, view.render_scale())) is not None, timeout=10000
    )
    pix = view.cache.get((window.doc.id, 1, view.render_scale()))
    assert (pix.width(), pix.height()) == (595, 842)
    # page 2 is rotated: rendered landscape
    view.go_to_page(2)
    qtbot.waitUntil(
        lambda: view.cache.get((window.doc.id, 2, view.render_scale())) is not None, timeout=10000
    )
    pix2 = view.cache.get((window.doc.id, 2, view.render_scale()))
    assert (pix2.width(), pix2.height()) == (842, 595)


def test_keyboard_path_selects_words_codes_and_steps_through_codings(opened, qtbot):
    window, _, _ = opened
    view = window.page_view
    view.setFocus()
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_text() == "Officers attended and"
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_text() == "Officers attended"
    window.codebook.select_code(_code_id(window, "Risk/Risk assessment"))
    window.coding.apply_act.trigger()
    autocode(window.session.project, "Agencies/MARAC", phrase_query("MARAC"), "Zoe Tester")
    view.refresh_codings()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    first = view.selected_coding
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    second = view.selected_coding
    quotes = {c.id: c.quote for c in _stored(window)}
    assert (quotes[first], quotes[second]) == ("Officers attended", "MARAC")
    window.coding.supports_act.trigger()
    assert codings.get_coding(window.session.project, second).effect == "supports"
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.selected_coding == first


def test_a_bug_in_the_app_is_logged_not_shown_as_a_traceback(window, tmp_path, monkeypatch):
    import os
    import sys

    from coder.ui.app import install_error_hook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook(window)
    try:
        raise ValueError("an invented bug")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    log = Path(os.environ["REVIEW_CODER_DATA"]) / "review-coder.log"
    assert "ValueError: an invented bug" in log.read_text(encoding="utf-8")
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Something went wrong (ValueError); your work is saved.")
    )


def test_a_disk_error_that_escapes_is_said_in_its_own_words(window, monkeypatch):
    import errno
    import sys

    from coder.ui.app import install_error_hook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook(window)
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError:
        sys.excepthook(*sys.exc_info())
    assert window.statusBar().currentMessage() == (
        "Not done: the disk is full; nothing was written. Free some space and try again"
    )


def test_about_states_the_version_licence_and_where_the_source_is(window):
    from coder import __version__
    from coder.ui.start_page import source_location

    box = window.about()
    text = box.text()
    assert f"Review Coder {__version__}" in text
    assert "GNU Affero General Public License, version 3 or later" in text
    assert str(source_location()) in text
    assert (source_location() / "coder" / "launcher.py").exists()
    box.close()


def test_closing_the_project_during_an_import_stops_it_cleanly(window, tmp_path, qtbot):
    path = tmp_path / "p.rcproj"
    Project.create(path).close()
    assert window.open_project(path)
    data, _ = sample_pdf()
    files = []
    for i in range(3):
        pdf = tmp_path / f"r{i}.pdf"
        pdf.write_bytes(data[:-6] + f"% {i}\n%%EOF\n".encode())  # distinct bytes, same PDF
        files.append(str(pdf))
    window.projects.import_paths(files)
    window.close_project()
    assert window.projects.import_run is None
    qtbot.wait(1500)  # the worker finishes what it was doing; nobody stores it
    with Project.open(path, read_only=True) as project:
        assert len(documents.list_documents(project)) <= 1
