"""Memos on the project, the current review, document, code or coding."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coder.coding import reviews
from coder.project import coders
from coder.project.memos import memos_for
from coder.ui import commands

#: from this width (pixels) the list and the box sit side by side
WIDE = 560

KINDS = (
    ("project", "Project"),
    ("review", "Review"),
    ("document", "Document"),
    ("code", "Code"),
    ("coding", "Coding"),
)


def ask_memo(parent: QWidget, session, kind: str, target_id: str | None, what: str) -> bool:
    """Ask for a memo's text and add it on the target as one undoable step (the context
    menus' "Add memo to …"). ``what`` names the target in the question."""
    text, ok = QInputDialog.getMultiLineText(parent, "Memo", f"Memo on {what}:")
    if not (ok and text.strip()):
        return False
    return session.push(commands.add_memo_command(session, kind, target_id, text))


class MemoPanel(QWidget):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.targets: dict[str, str | None] = {"project": None}
        self.kind = QComboBox()
        self.kind.setAccessibleName("Memos on")
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(lambda _: self.reload())
        self.text = QPlainTextEdit()
        self.list = QListWidget()
        self.list.setAccessibleName("Memos")
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(
            lambda item: self.text.setPlainText(item.data(Qt.ItemDataRole.UserRole + 1))
        )
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.text.setAccessibleName("Memo text")
        self.text.setPlaceholderText("Write a memo…")
        self.text.setMaximumHeight(90)
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add)
        self.save_button = QPushButton("Save edit")
        self.save_button.clicked.connect(self.save_edit)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete)
        # the buttons beside the "on" choice, the list beside the box when the panel is
        # wide: in the bottom dock of a 900-pixel screen the panel is about 130 pixels high,
        # and stacked, the box and the buttons fell below its fold
        top = QHBoxLayout()
        top.addWidget(self.kind, 1)
        for b in (self.add_button, self.save_button, self.delete_button):
            top.addWidget(b)
        self.text.setMinimumHeight(48)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addWidget(self.list, 3)
        self.body.addWidget(self.text, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.body, 1)
        self.reload()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wide = event.size().width() >= WIDE
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.body.direction() != direction:
            self.body.setDirection(direction)

    def set_target(self, kind: str, target_id: str | None) -> None:
        self.targets[kind] = target_id
        if kind == "document" and target_id:
            self.targets["review"] = reviews.review_of(self.session.project, target_id).id
        self.reload()

    def current(self) -> tuple[str, str | None]:
        kind = self.kind.currentData()
        return kind, self.targets.get(kind)

    def reload(self) -> None:
        kind, target = self.current()
        available = kind == "project" or target is not None
        writable = available and not self.session.read_only
        for b in (self.add_button, self.save_button, self.delete_button):
            b.setEnabled(writable)
        self.list.clear()
        if not available:
            return
        names = coders.names(self.session.project)
        for memo in memos_for(self.session.project, kind, target):
            when = memo.created_at.replace("T", " ")[:16]
            author = names.get(memo.author_id, "?") if memo.author_id else "?"
            item = QListWidgetItem(f"{author}, {when}\n{memo.text}")
            item.setData(Qt.ItemDataRole.UserRole, memo.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, memo.text)
            self.list.addItem(item)

    def add(self) -> None:
        """Add: the text typed in the box becomes a memo on what the list shows."""
        text = self.text.toPlainText()
        if text.strip():
            kind, target = self.current()
            if self.session.push(commands.add_memo_command(self.session, kind, target, text)):
                self.text.clear()

    def _menu(self, pos) -> None:
        kind, target = self.current()
        writable = (kind == "project" or target is not None) and not self.session.read_only
        item = self.list.itemAt(pos)
        menu = QMenu(self)
        label = dict(KINDS)[kind].lower()
        menu.addAction(f"Add memo on this {label}…").triggered.connect(lambda: self.ask_add())
        if item is not None:
            self.list.setCurrentItem(item)
            menu.addAction("Edit memo…").triggered.connect(lambda: self.ask_edit())
            menu.addAction("Delete memo").triggered.connect(lambda: self.delete())
        for act in menu.actions():
            act.setEnabled(writable)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def ask_add(self) -> None:
        kind, target = self.current()
        ask_memo(self, self.session, kind, target, f"this {dict(KINDS)[kind].lower()}")

    def ask_edit(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        old = item.data(Qt.ItemDataRole.UserRole + 1)
        text, ok = QInputDialog.getMultiLineText(self, "Edit memo", "Memo:", old)
        if ok and text.strip() and text != old:
            memo_id = item.data(Qt.ItemDataRole.UserRole)
            self.session.push(commands.edit_memo_command(self.session, memo_id, text))

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def save_edit(self) -> None:
        memo_id = self._selected()
        if memo_id and self.text.toPlainText().strip():
            command = commands.edit_memo_command(self.session, memo_id, self.text.toPlainText())
            if self.session.push(command):
                self.text.clear()

    def delete(self) -> None:
        memo_id = self._selected()
        if memo_id:
            self.session.push(commands.delete_memo_command(self.session, memo_id))
