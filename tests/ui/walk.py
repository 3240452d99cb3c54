"""The action walk: every action a person can reach in the main window, found the way a
person finds it (menus, toolbars, right-clicks, buttons, shortcuts), with a way to use it.

``prepare`` puts the window on the demo with a document open, a coding clicked and its
code selected. ``reach(window, bot, place)`` then goes to one place as a person would
(opens the menu bar's menus, right-clicks a row, raises a dock) and returns
``{action id: use}``, where ``use()`` triggers the action, clicks the button or presses
the keys. The ids are stable, so the test collects them once and gets one test per id:
an action added later gets its own test without anyone writing one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QColorDialog,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from tests.ui.modal import CATCHING_MENUS, cancel, press

Use = Callable[[], None]

#: every place the walk goes; a context menu missing from one of them fails the walk
PLACES = (
    "menu",
    "toolbar",
    "context:documents",
    "context:codebook",
    "context:page-selection",
    "context:page-coding",
    "context:excerpts",
    "context:memos",
    "context:history",
    "context:analysis",
    "button",
    "shortcut",
)


class Bot:
    """The part of pytest-qt's ``qtbot`` the walk uses, for collecting ids outside a test."""

    mouseClick = staticmethod(QTest.mouseClick)
    mouseDClick = staticmethod(QTest.mouseDClick)
    keyClick = staticmethod(QTest.keyClick)

    @staticmethod
    def waitUntil(check: Callable[[], object], timeout: int = 5000) -> None:
        for _ in range(timeout // 10):
            QApplication.processEvents()
            if check():
                return
            QTest.qWait(10)
        raise AssertionError("timed out")

    @staticmethod
    def wait(ms: int) -> None:
        QTest.qWait(ms)


def label(action: QAction) -> str:
    return action.text().replace("&", "")


# -- capturing context menus ------------------------------------------------------------


class MenuCatcher:
    """While active, a context menu that opens is read, as a person reads it, and closed:
    a timer running inside the menu's own event loop keeps the menu and its actions."""

    def __init__(self) -> None:
        self.menus: list[QMenu] = []
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._look)

    def _look(self) -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu) and popup.isVisible():
            self.menus.append(popup)
            popup.close()

    def __enter__(self) -> MenuCatcher:
        CATCHING_MENUS.append(self)
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()
        CATCHING_MENUS.remove(self)


def _menu_actions(menu: QMenu, prefix: str) -> Iterator[tuple[str, QAction]]:
    menu.aboutToShow.emit()  # menus filled when shown (recent projects, coders shown)
    for n, act in enumerate(menu.actions(), 1):
        if act.isSeparator():
            continue
        name = label(act)
        if name.endswith(".rcproj"):  # a recent project: its place in the list, not its path
            name = f"#{n}"
        sub = act.menu()
        if sub is not None:
            yield from _menu_actions(sub, f"{prefix}/{name}")
        else:
            yield f"{prefix}/{name}", act


def _trigger(act: QAction) -> Use:
    return act.trigger


def right_click(bot, widget: QWidget, pos: QPoint) -> list[QAction]:
    """Right-click ``widget`` at ``pos`` and return the actions of the menu it shows.
    QTest presses and releases the button but sends no context-menu event, so this sends
    the one the window system sends on a right-button press."""
    right = Qt.MouseButton.RightButton
    with MenuCatcher() as catcher:
        QTest.mousePress(widget, right, Qt.KeyboardModifier.NoModifier, pos)
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
        QApplication.sendEvent(widget, event)
        QTest.mouseRelease(widget, right, Qt.KeyboardModifier.NoModifier, pos)
        QApplication.processEvents()
    if not catcher.menus:
        return []
    return [a for a in catcher.menus[-1].actions() if not a.isSeparator()]


def _context(place: str, actions: list[QAction]) -> dict[str, Use]:
    out: dict[str, Use] = {}
    for act in actions:
        sub = act.menu()
        if sub is not None:
            for key, a in _menu_actions(sub, f"{place}/{label(act)}"):
                out[key] = _trigger(a)
        else:
            out[f"{place}/{label(act)}"] = _trigger(act)
    return out


# -- getting to a state a person would be in ----------------------------------------------


def coding_point(window, coding) -> QPoint:
    view = window.page_view
    rect = next(r for r in coding.rects)
    return view.display_rect(rect.page, rect.rect).center().toPoint()


def uncoded_point(window) -> QPoint:
    """A point on a word of the visible page that no coding covers."""
    view = window.page_view
    size = view.viewport().size()
    for y in range(40, size.height() - 20, 7):
        for x in range(40, size.width() - 20, 11):
            p = QPointF(x, y)
            if view.offset_at_pos(p) is not None and not view.codings_at(p):
                return p.toPoint()
    raise AssertionError("no uncoded word in view")


def first_coding(window):
    return min(
        (c for c in window.doc.codings if c.kind == "text"),
        key=lambda c: (c.page_start, c.char_start),
    )


def prepare(window, bot) -> None:
    """The demo open (File → Open the demo project), its first document at the page of its
    first coding, that coding clicked on the page, its code selected in the codebook, and
    one edit made (the document marked in progress) so that Undo has something to undo."""
    window.projects.demo_act.trigger()
    bot.waitUntil(lambda: window.doc is not None and window.codebook is not None)
    window.page_view.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    view = window.page_view
    coding = first_coding(window)
    window.page_box.setValue(coding.page_start)  # as if typed in the toolbar's page box
    QApplication.processEvents()
    bot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=coding_point(window, coding))
    assert view.selected_coding is not None, "clicking a coding selects it"
    chosen = next(c for c in window.doc.codings if c.id == view.selected_coding)
    tree = window.codebook.view
    index = window.codebook.proxy.mapFromSource(window.codebook.model.index_of(chosen.code_id))
    tree.scrollTo(index)
    bot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center())
    assert window.codebook.current_code() == chosen.code_id
    in_progress = next(a for a in window.team.status_acts.values() if "in progress" in a.text())
    in_progress.trigger()


# -- the places -------------------------------------------------------------------------------


def _row_point(view: QAbstractItemView, row: int = 0) -> QPoint:
    model = view.model()
    assert model.rowCount() > row, f"{view.accessibleName()} has no row {row}"
    index = model.index(row, 0)
    view.scrollTo(index)
    return view.visualRect(index).center()


def activate(window, bot) -> None:
    """Bring the main window to the front, as a click on it would (shortcuts go to the
    active window)."""
    window.raise_()
    window.activateWindow()
    bot.waitUntil(lambda: QApplication.activeWindow() is window)


def _raise(window, dock) -> None:
    dock.show()
    dock.raise_()
    QApplication.processEvents()


def _menus(window) -> dict[str, Use]:
    out: dict[str, Use] = {}
    for act in window.menuBar().actions():
        if act.menu() is not None:
            for key, a in _menu_actions(act.menu(), f"menu/{label(act)}"):
                out[key] = _trigger(a)
    return out


def _toolbars(window, bot) -> dict[str, Use]:
    """Each toolbar button, clicked with the mouse."""
    out: dict[str, Use] = {}
    for bar in window.findChildren(QToolBar):
        for act in bar.actions():
            button = bar.widgetForAction(act)
            if act.isSeparator() or not act.text() or not isinstance(button, QToolButton):
                continue

            def use(button=button) -> None:
                bot.mouseClick(button, Qt.MouseButton.LeftButton)

            out[f"toolbar/{bar.windowTitle()}/{label(act)}"] = use
    return out


def _analysis(window, bot) -> dict[str, Use]:
    dialog = window.analyses.dialog
    if dialog is None or not dialog.isVisible():
        window.analyses.analysis_act.trigger()  # Analysis → Analysis views…
        bot.waitUntil(
            lambda: window.analyses.dialog is not None and window.analyses.dialog.isVisible()
        )
        dialog = window.analyses.dialog
    out: dict[str, Use] = {}
    tabs = dialog.findChild(QTabWidget)
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        QApplication.processEvents()
        table = tabs.widget(i)
        views = [table] if isinstance(table, QAbstractItemView) else []
        views += table.findChildren(QAbstractItemView)
        for view in views:
            if view.isVisible() and view.model() is not None and view.model().rowCount():
                pos = _row_point(view)
                acts = right_click(bot, view.viewport(), pos)
                tab = tabs.tabText(i).replace("&", "")

                def go(i=i, view=view, pos=pos) -> list[QAction]:
                    tabs.setCurrentIndex(i)
                    return right_click(bot, view.viewport(), pos)

                for key in _context(f"context:analysis/{tab}", acts):
                    out[key] = _later(go, key, f"context:analysis/{tab}")
                break
    return out


def _later(go: Callable[[], list[QAction]], key: str, place: str) -> Use:
    """Right-click again just before using the action, as a person would."""

    def use() -> None:
        _context(place, go())[key]()

    return use


def _buttons(window, bot) -> dict[str, Use]:
    out: dict[str, Use] = {}
    for dock in window.docks():
        _raise(window, dock)
        panel = dock.widget()
        for b in panel.findChildren(QPushButton):
            if b.isVisible() and b.isEnabled() and b.text():

                def use(dock=dock, b=b) -> None:
                    _raise(window, dock)
                    bot.mouseClick(b, Qt.MouseButton.LeftButton)

                name = b.accessibleName() or b.text().replace("&", "")
                out[f"button/{dock.windowTitle()}/{name}"] = use
    window.documents_dock.raise_()
    window.codebook_dock.raise_()
    window.excerpts_dock.raise_()
    return out


def _key_name(seq: QKeySequence) -> str:
    return seq.toString(QKeySequence.SequenceFormat.PortableText)


def _shortcuts(window, bot) -> dict[str, Use]:
    out: dict[str, Use] = {}
    tree = window.codebook.view

    def press_on(target: QWidget, seq: QKeySequence) -> Use:
        combo = seq[0]

        def use() -> None:
            activate(window, bot)
            target.setFocus()
            QApplication.processEvents()
            bot.keyClick(target, combo.key(), combo.keyboardModifiers())

        return use

    for act in [*window.actions(), *tree.actions()]:
        if act in tree.actions():
            target, where = tree, "codebook"
        else:
            target, where = window.page_view, "page"
        for seq in act.shortcuts():
            out[f"shortcut/{where}/{_key_name(seq)} ({label(act)})"] = press_on(target, seq)
    for sc in window.page_view.findChildren(QShortcut):
        out[f"shortcut/page/{_key_name(sc.key())}"] = press_on(window.page_view, sc.key())
    return out


def reach(window, bot, place: str) -> dict[str, Use]:
    """Go to ``place`` as a person would; return what can be used there."""
    view = window.page_view
    if place == "menu":
        return _menus(window)
    if place == "toolbar":
        return _toolbars(window, bot)
    if place == "button":
        return _buttons(window, bot)
    if place == "shortcut":
        return _shortcuts(window, bot)
    if place == "context:analysis":
        return _analysis(window, bot)
    if place == "context:documents":
        _raise(window, window.documents_dock)
        table = window.documents.view
        acts = right_click(bot, table.viewport(), _row_point(table))
    elif place == "context:codebook":
        tree = window.codebook.view
        index = tree.currentIndex()
        tree.scrollTo(index)
        acts = right_click(bot, tree.viewport(), tree.visualRect(index).center())
    elif place == "context:page-coding":
        acts = right_click(bot, view.viewport(), coding_point(window, first_coding(window)))
    elif place == "context:page-selection":
        pos = uncoded_point(window)
        bot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        assert view.selection() is not None, "double-clicking a word selects it"
        acts = right_click(bot, view.viewport(), pos)
    elif place == "context:excerpts":
        _raise(window, window.excerpts_dock)
        table = window.excerpts.table
        acts = right_click(bot, table.viewport(), _row_point(table))
    elif place == "context:memos":
        _raise(window, window.memo_dock)
        memo_list = window.memos.list
        pos = _row_point(memo_list) if memo_list.count() else QPoint(10, 10)
        acts = right_click(bot, memo_list.viewport(), pos)
    elif place == "context:history":
        _raise(window, window.history_dock)
        table = window.history.table
        acts = right_click(bot, table.viewport(), _row_point(table))
    else:
        raise ValueError(place)
    return _context(place, acts)


def answer_like_a_person(dialog: QDialog) -> None:
    """How the walk answers a dialog it meets: sensible input and OK where a person would
    give it, Cancel or No where the question is a destructive one, and Cancel on file
    dialogs (the walk writes no files)."""
    if isinstance(dialog, QInputDialog):
        if dialog.comboBoxItems():
            dialog.setTextValue(dialog.comboBoxItems()[0])
        else:
            dialog.setTextValue("Walk note")
        dialog.accept()
    elif isinstance(dialog, QColorDialog):
        dialog.setCurrentColor("#2a9d8f")
        dialog.accept()
    elif isinstance(dialog, QMessageBox):
        labels = [b.text().replace("&", "") for b in dialog.buttons()]
        for choice in ("Cancel", "No", "OK", "Close"):
            if choice in labels:
                press(choice)(dialog)
                return
        cancel(dialog)
    elif isinstance(dialog, QFileDialog):
        dialog.reject()
    elif type(dialog).__name__ == "QuickCodeDialog":
        QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    else:
        cancel(dialog)
