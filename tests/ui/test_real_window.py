"""What a person met when trying every fixed action in the real app (under Xvfb, with a
mouse and keyboard; issue 12's walk), each driven here the way that person drove it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QRadioButton

from tests.ui.modal import choose_code, click_button, type_text
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
    window.demo_act.trigger()  # File → Open the demo project
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
    window.close_act.trigger()  # File → Close project
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
    window.search_all_act.trigger()  # Ctrl+Shift+F
    window.search.run("interpreter")
    hits = len(window.search.hits)
    assert hits > 2
    # one hit coded by hand first (selected from the results, then Quick code)
    window.go_to_hit(window.search.hits[0])
    dialogs.answer(choose_code(path))
    window.quick_act.trigger()
    dialogs.answer(choose_code(path), choose_extent("the hit only"))
    qtbot.mouseClick(window.search.code_all, Qt.MouseButton.LeftButton)
    message = window.statusBar().currentMessage()
    assert message == (
        f"Coded {hits - 1} hits with '{path}'; 1 hit skipped, already inside a coding of it by you"
    )

