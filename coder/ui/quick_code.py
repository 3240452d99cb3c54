"""The quick-code box: type a few letters of a code, press Enter to apply it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from coder.ui.screen_fit import fit_size


def fuzzy_score(query: str, path: str) -> int | None:
    """Higher is better; None when the letters of ``query`` do not appear in order."""
    q = query.casefold().strip()
    p = path.casefold()
    if not q:
        return 0
    if q in p:
        name = p.rsplit("/", 1)[-1]
        return 1000 - p.index(q) + (500 if name.startswith(q) else 0)
    pos, score, last = 0, 0, -2
    for ch in q:
        i = p.find(ch, pos)
        if i < 0:
            return None
        score += 10 if i == last + 1 else 1
        last, pos = i, i + 1
    return score


class QuickCodeDialog(QDialog):
    """A code picker: the quick-code box, and the target of Merge into…"""

    def __init__(
        self,
        paths: dict[str, str],
        recent: list[str],
        parent=None,
        title: str = "Quick code",
        prompt: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.paths = paths  # code id -> path
        self.recent = recent
        self.chosen: str | None = None
        self.edit = QLineEdit(placeholderText="Type to find a code, Enter to apply")
        self.edit.setAccessibleName("Find a code")
        self.list = QListWidget()
        self.list.setAccessibleName("Matching codes")
        self.edit.textChanged.connect(self.refresh)
        self.edit.returnPressed.connect(self.accept_current)
        self.list.itemActivated.connect(lambda _: self.accept_current())
        layout = QVBoxLayout(self)
        if prompt:
            label = QLabel(prompt)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        fit_size(self, 420, 320)
        self.refresh("")

    def refresh(self, text: str) -> None:
        self.list.clear()
        scored = []
        for code_id, path in self.paths.items():
            score = fuzzy_score(text, path)
            if score is not None:
                bonus = 100 - self.recent.index(code_id) if code_id in self.recent else 0
                scored.append((-(score + bonus), path, code_id))
        for _, path, code_id in sorted(scored)[:50]:
            item = QListWidgetItem(path)
            item.setData(Qt.ItemDataRole.UserRole, code_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return
        super().keyPressEvent(event)

    def accept_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = item.data(Qt.ItemDataRole.UserRole)
            self.accept()
