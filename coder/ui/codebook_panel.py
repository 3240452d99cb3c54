"""The codebook dock: the code tree with a filter box and the code actions."""

from __future__ import annotations

from collections.abc import Set

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from coder.ids import CodeId
from coder.ui import commands
from coder.ui.codebook_model import CODE_ID_ROLE, PATH_ROLE, CodebookModel
from coder.ui.memo_panel import ask_memo
from coder.ui.quick_code import QuickCodeDialog as CodePicker


class CodeFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(0)


class CodebookPanel(QWidget):
    codeActivated = Signal(str)  # double-click or Enter: apply this code to the selection
    currentCodeChanged = Signal(str)
    describeRequested = Signal(str)  # Describe…: show this code's definition editor

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = CodebookModel(session, self)
        self.proxy = CodeFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(placeholderText="Filter codes…", clearButtonEnabled=True)
        self.filter.setAccessibleName("Filter codes")
        self.filter.textChanged.connect(self._filter)
        self.view = QTreeView()
        self.view.setAccessibleName("Codebook")
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(False)
        self.view.header().setStretchLastSection(False)
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Ctrl/Shift+click selects several codes, so they can be dragged to a new parent
        # together (one undo step); the code actions act on the current code.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.doubleClicked.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self._make_actions()
        self.view.expandAll()

    def _make_actions(self) -> None:
        def act(text, slot, shortcut=None):
            a = QAction(text, self)
            a.triggered.connect(slot)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
                a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.view.addAction(a)
            return a

        self.new_action = act("New code…", self.new_code)
        self.new_child_action = act("New sub-code…", self.new_sub_code)
        self.rename_action = act("Rename", self.rename, "F2")
        self.colour_action = act("Colour…", self.recolour)
        self.describe_action = act("Describe…", self.describe)
        self.memo_action = act("Add memo to this code…", self.add_memo)
        self.merge_action = act("Merge into…", self.merge)
        self.delete_action = act("Delete…", self.delete, QKeySequence.StandardKey.Delete)

    # -- state -----------------------------------------------------------------------------

    def reload(self) -> None:
        current = self.current_code()
        expanded = self._expanded()
        self.model.reload()
        for code_id in self.model.code_ids():
            if code_id in expanded or not expanded:
                self.view.setExpanded(self.proxy.mapFromSource(self.model.index_of(code_id)), True)
        if current:
            self.select_code(current)

    def _expanded(self) -> set[CodeId]:
        out: set[CodeId] = set()
        for code_id in self.model.code_ids():
            index = self.proxy.mapFromSource(self.model.index_of(code_id))
            if index.isValid() and self.view.isExpanded(index):
                out.add(code_id)
        return out

    def current_code(self) -> CodeId | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        code_id = index.data(CODE_ID_ROLE)
        return CodeId(code_id) if code_id else None

    def select_code(self, code_id: CodeId) -> None:
        index = self.proxy.mapFromSource(self.model.index_of(code_id))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if text:
            self.view.expandAll()

    def _current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if index.isValid():
            self.currentCodeChanged.emit(index.data(CODE_ID_ROLE))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == 1:
            return
        if index.isValid():
            self.codeActivated.emit(index.data(CODE_ID_ROLE))

    # -- actions --------------------------------------------------------------------------

    def _menu(self, pos) -> None:
        menu = QMenu(self)
        has = self.current_code() is not None and self.view.indexAt(pos).isValid()
        for a in (
            self.new_action,
            self.new_child_action,
            None,
            self.rename_action,
            self.colour_action,
            self.describe_action,
            self.memo_action,
            None,
            self.merge_action,
            self.delete_action,
        ):
            if a is None:
                menu.addSeparator()
                continue
            a.setEnabled(not self.session.read_only and (has or a is self.new_action))
            menu.addAction(a)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # Slots of actions take no parameters: ``triggered`` passes ``checked``, which an
    # optional parameter would take for data. The methods after them do the work.

    def new_code(self) -> None:
        self._ask_new_code(None)

    def new_sub_code(self) -> None:
        self._ask_new_code(self.current_code())

    def _ask_new_code(self, parent: CodeId | None) -> None:
        name, ok = QInputDialog.getText(self, "New sub-code" if parent else "New code", "Name:")
        if ok and name.strip():
            self.add_code(name, parent)

    def add_code(self, name: str, parent: CodeId | None = None) -> CodeId | None:
        """Create a code (under ``parent``) as one undoable step; its id, or None."""
        command = commands.add_code_command(self.session, name, parent)
        if self.session.push(command):
            assert command.edit is not None
            (created,) = command.edit.created("code")
            code_id = CodeId(created)
            self.select_code(code_id)
            return code_id
        return None

    def rename(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index.siblingAtColumn(0))

    def recolour(self) -> None:
        """Colour…: the colour dialog, starting from the code's colour."""
        code_id = self.current_code()
        if code_id is None:
            return
        old = self.model.code(code_id)
        chosen = QColorDialog.getColor(
            QColor(old.colour if old else "#888888"), self, "Code colour"
        )
        if chosen.isValid():
            self.set_colour(code_id, chosen.name())

    def set_colour(self, code_id: CodeId, colour: str) -> bool:
        return self.session.push(
            commands.update_code_command(self.session, code_id, "Recolour code", colour=colour)
        )

    def describe(self) -> None:
        """Describe…: the definition editor (the Code definition tab) on this code."""
        code_id = self.current_code()
        if code_id is not None:
            self.describeRequested.emit(code_id)

    def add_memo(self) -> None:
        code_id = self.current_code()
        if code_id is not None:
            ask_memo(self, self.session, "code", code_id, f"'{self.model.label_of(code_id)}'")

    def code_paths(self, excluding: Set[str] = frozenset()) -> dict[str, str]:
        """Code id -> path of every code that codings can be applied to (not folders)."""
        return {
            c: self.model.label_of(c)
            for c in self.model.code_ids()
            if c not in excluding and self.model.codable(c)
        }

    def merge(self) -> None:
        """Merge into…: a code picker (type a few letters, Enter) of the codes this one can
        go into (not itself or its sub-codes)."""
        code_id = self.current_code()
        if code_id is None:
            return
        inside = {code_id, *self.model.descendants(code_id)}
        label, total = self.model.label_of(code_id), self.model.total_of(code_id)
        picker = CodePicker(
            self.code_paths(excluding=inside),
            [],
            self,
            title="Merge into",
            prompt=f"Merge '{label}' and its {total} coding(s) into:",
        )
        self.picker = picker
        if picker.exec() and picker.chosen:
            self.merge_into(code_id, CodeId(picker.chosen))

    def merge_into(self, source: CodeId, target: CodeId) -> bool:
        return self.session.push(commands.merge_code_command(self.session, source, target))

    def delete(self) -> None:
        """Delete…: asks, saying how many codings go with the code, whether they go too or
        move to the parent code."""
        code_id = self.current_code()
        if code_id is None:
            return
        subs = len(self.model.descendants(code_id))
        parent = self.model.parent_of(code_id)
        box = QMessageBox(self)
        box.setWindowTitle("Delete code")
        box.setIcon(QMessageBox.Icon.Question)
        what = f"'{self.model.label_of(code_id)}'" + (
            f" and its {subs} sub-code(s)" if subs else ""
        )
        box.setText(f"Delete {what}? {self.model.total_of(code_id)} coding(s) go with it.")
        delete_all = box.addButton("Delete its codings too", QMessageBox.ButtonRole.DestructiveRole)
        keep = None
        if parent is not None:
            box.setInformativeText(
                f"Or keep the codings: move them to '{self.model.label_of(parent)}'."
            )
            keep = box.addButton(
                "Move its codings to the parent code", QMessageBox.ButtonRole.AcceptRole
            )
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is delete_all:
            self.delete_code(code_id, keep_codings=False)
        elif keep is not None and clicked is keep:
            self.delete_code(code_id, keep_codings=True)

    def delete_code(self, code_id: CodeId, keep_codings: bool) -> bool:
        """Delete a code and its sub-codes as one undoable step; with ``keep_codings`` their
        codings move to its parent, otherwise they are deleted too."""
        return self.session.push(commands.delete_code_command(self.session, code_id, keep_codings))

    def path_of(self, code_id: CodeId) -> str:
        """The code's path as the CLI and files write it (a "/" in a name escaped)."""
        return self.model.path_of(code_id)

    def label_of(self, code_id: CodeId) -> str:
        """The code's path as a person reads it."""
        return self.model.label_of(code_id)

    def index_data(self, code_id: CodeId, role=PATH_ROLE):
        return self.model.index_of(code_id).data(role)
