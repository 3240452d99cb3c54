"""What a person met when trying every fixed action in the real app (under Xvfb, with a
mouse and keyboard; issue 12's walk), each driven here the way that person drove it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QRadioButton, QScrollArea

from tests.ui.modal import choose_code, choose_file, click_button, type_text
from tests.ui.walk import MenuCatcher, coding_point, first_coding


def choose_extent(label: str):
    """The "code all hits" question: click the radio button ``label``, then Code."""

    def answer(dialog) -> None:
        button = next(b for b in dialog.findChildren(QRadioButton) if b.text() == label)
        # on its label's first letters: the button is wider than its label
        where = QPoint(button.iconSize().width() + 8, button.height() // 2)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
        assert button.isChecked()
        click_button(dialog, "Code")

    return answer


def right_press(widget, pos) -> list[QAction]:
    """A right-click as X11 delivers it when a menu opens: the press and the context-menu
    event reach the widget, the release goes to the menu (walk.right_click also sends the
    release to the widget, which then took it for a left click's release)."""
    right = Qt.MouseButton.RightButton
    with MenuCatcher() as catcher:
        QTest.mousePress(widget, right, Qt.KeyboardModifier.NoModifier, pos)
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
        QApplication.sendEvent(widget, event)
        QApplication.processEvents()
    assert catcher.menus, "no menu opened"
    return [a for a in catcher.menus[-1].actions() if not a.isSeparator()]


def _demo(window, qtbot) -> None:
    window.projects.demo_act.trigger()  # File → Open the demo project
    qtbot.waitUntil(lambda: window.doc is not None and window.codebook is not None)


def _type_page(window, qtbot, page: int) -> None:
    box = window.page_box
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), str(page))
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.page_view.current_page() == page)


def test_reopening_a_project_shows_the_page_it_opens_at_in_the_page_box(window, qtbot):
    """Closing the demo at page 3 and opening it again showed page 3 with "1 of 10" in the
    toolbar: the view kept the old page number, so moving to page 3 changed nothing."""
    _demo(window, qtbot)
    _type_page(window, qtbot, 3)
    window.projects.close_act.trigger()  # File → Close project
    assert window.doc is None
    _demo(window, qtbot)
    view = window.page_view
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 0)
    qtbot.wait(50)
    assert view.current_page() == 3
    assert window.page_box.value() == 3


def test_a_memo_added_by_right_clicking_a_coding_shows_in_the_memos_panel(window, qtbot, dialogs):
    """Right-click a coding → Add memo…: the memo was stored, but the Memos panel's
    "Coding" list stayed empty, as the right-click did not make it the panel's coding."""
    _demo(window, qtbot)
    view = window.page_view
    coding = first_coding(window)
    window.page_box.setValue(coding.page_start)
    qtbot.wait(20)
    window.memo_dock.raise_()
    memos = window.memos
    memos.kind.setCurrentIndex(memos.kind.findData("coding"))
    actions = right_press(view.viewport(), coding_point(window, coding))
    add = next(a for a in actions if a.text().replace("&", "") == "Add memo to coding…")
    dialogs.answer(type_text("Case closed too early"))
    add.trigger()
    assert view.selected_coding == coding.id
    rows = range(memos.list.count())
    shown = [memos.list.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in rows]
    assert shown == ["Case closed too early"]


def test_code_all_hits_says_how_many_hits_it_coded_and_skipped_in_plain_words(
    window, qtbot, dialogs
):
    """The status bar said "Coded 25 with …; 1 hits skipped"."""
    _demo(window, qtbot)
    path = "Victim engagement and care/Interpreters and communication needs"
    window.analyses.search_all_act.trigger()  # Ctrl+Shift+F
    window.search.run("interpreter")
    hits = len(window.search.hits)
    assert hits > 2
    # one hit coded by hand first (selected from the results, then Quick code)
    window.analyses.go_to_hit(window.search.hits[0])
    dialogs.answer(choose_code(path))
    window.coding.quick_act.trigger()
    dialogs.answer(choose_code(path), choose_extent("the hit only"))
    qtbot.mouseClick(window.search.code_all, Qt.MouseButton.LeftButton)
    message = window.statusBar().currentMessage()
    assert message == (
        f"Coded {hits - 1} hits with '{path}'; 1 hit skipped, already inside a coding of it by you"
    )


def test_the_keys_step_through_the_usual_zooms_and_the_toolbar_shows_the_zoom(window, qtbot):
    """Asked to read at 100 %, 150 % and 200 %, a person could not: Ctrl+= and Ctrl+-
    multiplied the fitted zoom by 1.2, and nothing showed the zoom."""
    _demo(window, qtbot)
    view = window.page_view
    view.setFocus()
    fitted = view.scale
    assert window.viewing.zoom_label.text() == f"{round(fitted * 100)} %"
    for _ in range(12):
        if view.scale <= 1.0:
            break
        qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.scale == 1.0
    assert window.viewing.zoom_label.text() == "100 %"
    seen = []
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        seen.append(window.viewing.zoom_label.text())
    assert seen == ["110 %", "125 %", "150 %", "175 %", "200 %"]
    assert view.scale == 2.0
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # fit width
    assert view.scale == fitted
    assert window.viewing.zoom_label.text() == f"{round(fitted * 100)} %"
    window.projects.close_act.trigger()
    assert window.viewing.zoom_label.text() == ""
    assert not window.viewing.zoom_in_act.isEnabled()


def test_a_single_file_that_fails_to_import_says_why_without_show_details(
    window, qtbot, dialogs, tmp_path
):
    """Ctrl+I on a web page saved as .pdf said only "0 imported, 0 already in the
    project, 1 failed."; why was behind Show Details…."""
    _demo(window, qtbot)
    page = tmp_path / "webpage.pdf"
    page.write_text("<!DOCTYPE html>\n<html><body><p>Access denied</p></body></html>\n")
    dialogs.answer(choose_file(str(page)))
    window.projects.import_act.trigger()  # File → Import PDFs… (Ctrl+I)
    box = None

    def said() -> bool:
        nonlocal box
        box = next((b for b in window.findChildren(QMessageBox) if b.isVisible()), None)
        return box is not None

    qtbot.waitUntil(said, timeout=20000)
    assert box is not None
    assert box.text() == "0 imported, 0 already in the project, 1 failed."
    assert box.informativeText() == (
        "webpage.pdf: not a PDF file but a web page (HTML) saved under a .pdf name; open the "
        "link in a browser and download the PDF itself"
    )
    box.accept()


def test_the_memos_panel_shows_its_box_and_buttons_without_scrolling(window, qtbot):
    """On a 1440 × 900 screen the Memos tab showed the list and half the text box; Add,
    Save edit and Delete were below the fold of the dock."""
    window.resize(1430, 860)  # the window the app opens on a 1440 × 900 screen
    _demo(window, qtbot)
    window.memo_dock.raise_()
    qtbot.wait(50)
    memos = window.memos
    for widget in (memos.text, memos.add_button, memos.save_button, memos.delete_button):
        shown = widget.visibleRegion().boundingRect()
        assert shown == widget.rect(), (widget.accessibleName() or widget.text(), shown)


def test_the_review_panel_fits_a_documents_dock_made_narrow(window, qtbot):
    """With the documents dock dragged to about 180 pixels (as the manual suggests), the
    Review tab beside it showed each field's first letters and scrolled sideways: its
    labels sat beside the fields."""
    window.resize(1430, 860)
    _demo(window, qtbot)
    window.resizeDocks([window.documents_dock], [180], Qt.Orientation.Horizontal)
    window.review_dock.raise_()
    qtbot.wait(50)
    area = window.review_dock.widget()
    assert area.width() <= 190
    qtbot.waitUntil(lambda: area.widget().width() <= area.viewport().width())
    assert area.horizontalScrollBar().maximum() == 0
    panel = window.review_panel
    for field in (panel.name, panel.provenance.url, panel.provenance.status):
        assert field.visibleRegion().boundingRect().width() == field.width() > 100
    attributes = panel.findChild(QScrollArea)  # the attributes scroll up and down only
    assert attributes.widget().width() <= attributes.viewport().width()
    assert attributes.horizontalScrollBar().maximum() == 0
