"""The README's table of keyboard shortcuts is the app's: every shortcut of the window's
actions, the codebook's and the page view's is in it, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
PORTABLE = QKeySequence.SequenceFormat.PortableText
# keys handled by the page view itself, each checked below by pressing it
PAGE_KEYS = {
    ("Shift+Right",): "Grow the selection by a word",
    ("Shift+Left",): "Shrink the selection by a word",
    ("Tab",): "Select the next coding",
    ("Shift+Tab",): "Select the previous coding",
    ("Esc",): "Clear the selection",
}


def _table() -> set[tuple[tuple[str, ...], str, str]]:
    rows = set()
    lines = README[README.index("<!-- shortcuts -->") :].splitlines()[1:]
    for line in lines:
        if not line.startswith("|"):
            break
        keys_cell, where, action = (c.strip() for c in line.strip("|").split("|"))
        if keys_cell == "Keys" or set(keys_cell) <= {"-"}:
            continue
        keys = tuple(re.findall(r"`([^`]+)`", keys_cell))
        if " to " in keys_cell:  # `1` to `9`
            keys = tuple(str(n) for n in range(int(keys[0]), int(keys[1]) + 1))
        rows.add((keys, where, action))
    return rows


def _name(action: QAction) -> str:
    return action.text().replace("&", "").removesuffix("…")


def _keys(action: QAction) -> tuple[str, ...]:
    return tuple(k.toString(PORTABLE) for k in action.shortcuts())


def test_the_shortcut_table_is_the_apps_shortcuts(window, qtbot):
    window.open_demo()
    real = set()
    for action in window.actions():
        if action.shortcuts():
            real.add((_keys(action), "anywhere", _name(action)))
    for action in window.codebook.findChildren(QAction):
        if action.shortcuts():
            real.add((_keys(action), "codebook", _name(action)))
    digits = sorted(
        s.key().toString(PORTABLE)
        for s in window.page_view.findChildren(QShortcut)
        if s.context() == Qt.ShortcutContext.WidgetShortcut
    )
    legend = "Code the selection with the code the legend above the page shows for that key"
    real.add((tuple(digits), "page view", legend))
    real |= {(keys, "page view", action) for keys, action in PAGE_KEYS.items()}
    table = _table()
    assert table - real == set(), "in the README, not in the app"
    assert real - table == set(), "in the app, not in the README"


def test_the_page_view_keys_do_what_the_table_says(window, qtbot):
    window.open_demo()
    view = window.page_view
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    one = view.selection()
    assert one is not None
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    two = view.selection()
    assert two[0] == one[0] and two[1] > one[1]
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection() == one
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.selection() is None
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    first = view.selected_coding
    assert first is not None
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_coding not in (None, first)
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_coding == first
