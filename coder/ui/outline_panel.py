"""The Outline dock: the open document's headings by level, with their section kinds and
numbered paragraphs. Clicking a heading jumps to it; the current section is selected as
the page scrolls; the context menu corrects the structure (each an undoable step)."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.coding import structure as ops
from coder.project import documents
from coder.project import structure as stored
from coder.structure.kinds import KIND_TABLE, KINDS
from coder.structure.model import Heading, Structure
from coder.ui.commands import EditCommand

HEADING_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_NAMES = {kind: text for kind, text, _ in KIND_TABLE} | {"other": "none of these"}


class OutlinePanel(QWidget):
    headingActivated = Signal(int, int)  # the heading's start and end offsets
    detectRequested = Signal()

    COLUMNS = ("Heading", "Kind", "Page", "Paragraphs")

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.document_id: str | None = None
        self.structure = Structure()
        self.selection_start: int | None = None  # where "Mark a paragraph here" marks
        self._items: list[tuple[Heading, QTreeWidgetItem]] = []
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Outline")
        self.tree.setHeaderLabels(list(self.COLUMNS))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemClicked.connect(lambda item, _col: self._jump(item))
        self.tree.itemActivated.connect(lambda item, _col: self._jump(item))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.tree)

    # -- showing ---------------------------------------------------------------------

    def show_document(self, document_id: str | None, structure: Structure | None) -> None:
        """Show the outline of ``document_id`` from ``structure``, its structure in force
        when the caller has read it already (the window's open document has), else None
        to read it."""
        self.document_id = document_id
        self.tree.clear()
        self._items = []
        if self.document_id is None:
            self.structure = Structure()
            self.note.setText("Open a document to see its outline.")
            return
        project = self.session.project
        if structure is None:
            structure = stored.in_force(project, self.document_id)
        self.structure = structure
        if not stored.is_detected(project, self.document_id):
            self.note.setText("The structure of this document has not been detected yet.")
            return
        heads = self.structure.headings
        paras = self.structure.paragraphs
        n = len(paras)
        self.note.setText(
            f"{len(heads)} headings, {n} numbered paragraph{'' if n == 1 else 's'}. "
            "Click a heading to go to it; right-click to correct it."
        )
        # a section's paragraphs are those starting from its heading to the next: one
        # bisection each in the paragraphs' starts (in text order, as in_force reads them)
        starts = [p.start for p in paras]
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for i, h in enumerate(heads):
            end = bisect_left(starts, heads[i + 1].start) if i + 1 < len(heads) else len(paras)
            mine = paras[bisect_left(starts, h.start) : end]
            span = ""
            if mine:
                span = mine[0].number if len(mine) == 1 else f"{mine[0].number}–{mine[-1].number}"
            item = QTreeWidgetItem([h.label, h.kind, str(h.page), span])
            item.setData(0, HEADING_ROLE, h.start)
            item.setToolTip(0, h.label)
            item.setToolTip(1, KIND_NAMES.get(h.kind, h.kind))
            while stack and stack[-1][0] >= h.level:
                stack.pop()
            if stack:
                stack[-1][1].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            stack.append((h.level, item))
            self._items.append((h, item))
        self.tree.expandAll()
        for col in (1, 2, 3):
            self.tree.resizeColumnToContents(col)

    def heading_item(self, start: int) -> QTreeWidgetItem | None:
        return next((item for h, item in self._items if h.start == start), None)

    def show_position(self, offset: int | None) -> None:
        """Select the heading of the section holding ``offset`` (as the page scrolls),
        without jumping."""
        if offset is None or not self._items:
            return
        current = None
        for h, item in self._items:
            if h.start <= offset:
                current = item
            else:
                break
        self.tree.blockSignals(True)
        if current is None:
            self.tree.clearSelection()
            self.tree.setCurrentIndex(QModelIndex())
        elif current is not self.tree.currentItem():
            self.tree.setCurrentItem(current)
            self.tree.scrollToItem(current)
        self.tree.blockSignals(False)

    def current_heading(self) -> Heading | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        start = item.data(0, HEADING_ROLE)
        return next((h for h in self.structure.headings if h.start == start), None)

    def _jump(self, item: QTreeWidgetItem) -> None:
        start = item.data(0, HEADING_ROLE)
        heading = next((h for h in self.structure.headings if h.start == start), None)
        if heading is not None:
            self.headingActivated.emit(heading.start, heading.end)

    # -- correcting --------------------------------------------------------------------

    def _menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        if item is not None:
            self.tree.setCurrentItem(item)
        self.context_menu().exec(self.tree.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        """The corrections for the current heading (built for the menu and the tests)."""
        menu = QMenu(self)
        heading = self.current_heading()
        writable = not self.session.read_only and self.document_id is not None
        kinds = menu.addMenu("Section &kind")
        kinds.setEnabled(writable and heading is not None)
        group = QActionGroup(kinds)
        for kind in KINDS:
            act = QAction(f"{kind} ({KIND_NAMES[kind]})", kinds, checkable=True)
            act.setData(kind)
            act.setChecked(heading is not None and heading.kind == kind)
            act.triggered.connect(lambda *_, k=kind: self.set_kind(k))
            group.addAction(act)
            kinds.addAction(act)
        merge = menu.addAction("&Merge into the heading before")
        first = heading is not None and heading.start == self.structure.headings[0].start
        merge.setEnabled(writable and heading is not None and not first)
        merge.triggered.connect(lambda: self.merge_current())
        mark = menu.addAction("Mark a numbered &paragraph at the selection…")
        mark.setEnabled(writable and self.selection_start is not None)
        mark.triggered.connect(lambda: self.mark_paragraph())
        menu.addSeparator()
        detect = menu.addAction("&Detect the structure again")
        detect.setEnabled(writable)
        detect.triggered.connect(lambda: self.detectRequested.emit())
        return menu

    def set_kind(self, kind: str) -> bool:
        heading = self.current_heading()
        if heading is None or self.document_id is None:
            return False
        doc = self.document_id
        return self.session.push(
            EditCommand(
                self.session,
                f"Section '{heading.label}' is {kind}",
                lambda: ops.set_section_kind(
                    self.session.project, doc, heading, kind, self.session.coder_name
                ),
            )
        )

    def merge_current(self) -> bool:
        heading = self.current_heading()
        if heading is None or self.document_id is None:
            return False
        doc = self.document_id
        return self.session.push(
            EditCommand(
                self.session,
                f"Merge heading '{heading.label}'",
                lambda: ops.merge_heading(
                    self.session.project, doc, heading, self.session.coder_name
                ),
            )
        )

    def mark_paragraph(self, number: str | None = None) -> bool:
        """Mark a numbered paragraph at the start of the page view's selection (asking
        for its number unless given)."""
        start, doc = self.selection_start, self.document_id
        if start is None or doc is None:
            return False
        if number is None:
            text = documents.document_text(self.session.project, doc)
            preview = " ".join(text[start : start + 60].split())
            number, ok = QInputDialog.getText(
                self, "Mark a numbered paragraph", f"Number of the paragraph at “{preview}…”:"
            )
            if not ok or not number.strip():
                return False
        chosen = number
        return self.session.push(
            EditCommand(
                self.session,
                f"Mark paragraph {chosen}",
                lambda: ops.mark_paragraph(
                    self.session.project, doc, start, chosen, self.session.coder_name
                ),
            )
        )
