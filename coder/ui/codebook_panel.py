"""The codebook dock: the code tree with a filter box and the code actions."""

from __future__ import annotations

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

from coder.ui import commands
from coder.ui.codebook_model import CODE_ID_ROLE, PATH_ROLE, CodebookModel


class CodeFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(0)


class CodebookPanel(QWidget):
    codeActivated = Signal(str)  # double-click or Enter: apply this code to the selection
    currentCodeChanged = Signal(str)

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
        self.new_child_action = act("New sub-code…", lambda: self.new_code(child=True))
        self.rename_action = act("Rename", self.rename, "F2")
        self.colour_action = act("Colour…", self.recolour)
        self.describe_action = act("Describe…", self.describe)
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

    def _expanded(self) -> set[str]:
        out = set()
        for code_id in self.model.code_ids():
            index = self.proxy.mapFromSource(self.model.index_of(code_id))
            if index.isValid() and self.view.isExpanded(index):
                out.add(code_id)
        return out

    def current_code(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return index.data(CODE_ID_ROLE)

    def select_code(self, code_id: str) -> None:
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

    def new_code(self, child: bool = False, name: str | None = None) -> str | None:
        parent = self.current_code() if child else None
        if name is None:
            name, ok = QInputDialog.getText(self, "New code", "Name:")
            if not ok:
                return None
        command = commands.AddCodeCommand(self.session, name, parent)
        if self.session.push(command):
            self.select_code(command.code_id)
            return command.code_id
        return None

    def rename(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index.siblingAtColumn(0))

    def recolour(self, colour: str | None = None) -> None:
        code_id = self.current_code()
        if code_id is None:
            return
        if colour is None:
            old = self.model.node(self.model.index_of(code_id)).code
            chosen = QColorDialog.getColor(
                QColor(old.colour if old else "#888888"), self, "Code colour"
            )
            if not chosen.isValid():
                return
            colour = chosen.name()
        self.session.push(
            commands.update_code_command(self.session, code_id, "Recolour code", colour=colour)
        )

    def describe(self, text: str | None = None) -> None:
        code_id = self.current_code()
        if code_id is None:
            return
        node = self.model.node(self.model.index_of(code_id))
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self,
                "Describe code",
                f"Definition of '{node.path}':",
                node.code.description if node.code else "",
            )
            if not ok:
                return
        self.session.push(
            commands.update_code_command(self.session, code_id, "Describe code", description=text)
        )

    def merge(self, target: str | None = None) -> None:
        code_id = self.current_code()
        if code_id is None:
            return
        if target is None:
            paths = {self.model.path_of(c): c for c in self.model.code_ids() if c != code_id}
            choice, ok = QInputDialog.getItem(
                self,
                "Merge code",
                f"Merge '{self.model.path_of(code_id)}' into:",
                sorted(paths),
                0,
                False,
            )
            if not ok:
                return
            target = paths[choice]
        self.session.push(commands.merge_code_command(self.session, code_id, target))

    def delete(self, keep_codings: bool | None = None) -> None:
        code_id = self.current_code()
        if code_id is None:
            return
        node = self.model.node(self.model.index_of(code_id))
        if keep_codings is None:
            box = QMessageBox(self)
            box.setWindowTitle("Delete code")
            box.setText(f"Delete '{node.path}' and its sub-codes? It has {node.total} coding(s).")
            delete_all = box.addButton(
                "Delete its codings too", QMessageBox.ButtonRole.DestructiveRole
            )
            keep = None
            if node.parent is not None and node.parent.code is not None:
                keep = box.addButton(
                    "Move its codings to the parent code", QMessageBox.ButtonRole.AcceptRole
                )
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            clicked = box.clickedButton()
            if clicked is delete_all:
                keep_codings = False
            elif keep is not None and clicked is keep:
                keep_codings = True
            else:
                return
        self.session.push(commands.delete_code_command(self.session, code_id, keep_codings))

    def path_of(self, code_id: str) -> str:
        return self.model.path_of(code_id)

    def index_data(self, code_id: str, role=PATH_ROLE):
        return self.model.index_of(code_id).data(role)
