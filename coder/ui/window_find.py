"""Edit → Find: the find bar over the document, stepping through the matches of a phrase
in the document shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from coder.text.matcher import matches, phrase_query
from coder.ui.window_part import WindowPart

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow


class FindActions(WindowPart):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.find_act = self.action("&Find…", self.show_find, QKeySequence.StandardKey.Find)
        self.find_edit = QLineEdit(placeholderText="Find in document (Enter: next)")
        self.find_edit.setAccessibleName("Find in document")
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.find_edit)
        row.addWidget(self.find_label)
        #: the bar, above the document, hidden until Find
        self.bar = QWidget()
        self.bar.setLayout(row)
        self.bar.hide()

    def update_actions(self) -> None:
        self.find_act.setEnabled(self.session is not None)

    def show_find(self) -> None:
        self.bar.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self) -> None:
        """Enter: the next match after the current one (the first after a new phrase)."""
        doc, view = self.window.doc, self.window.view
        if doc is None:
            return
        text = self.find_edit.text()
        if not text.strip():
            view.search_hits, view.current_hit = [], -1
            self.find_label.setText("")
            view.viewport().update()
            return
        hits = list(matches(phrase_query(text), doc.text))
        if hits != view.search_hits:
            view.search_hits, view.current_hit = hits, -1
        if not hits:
            self.find_label.setText("no matches")
            view.viewport().update()
            return
        view.current_hit = (view.current_hit + 1) % len(hits)
        self.find_label.setText(f"{view.current_hit + 1} of {len(hits)}")
        view.reveal(*hits[view.current_hit], flash=False)
