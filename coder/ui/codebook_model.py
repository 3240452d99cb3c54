"""The codebook as a Qt item model: a thin adapter over the core's code tree."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from coder.codebook.tree import CodeTree
from coder.ids import CodeId, DocumentId
from coder.project import codes
from coder.project.records import Code
from coder.ui import commands, mime

Index = QModelIndex | QPersistentModelIndex
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2


class CodebookModel(QAbstractItemModel):
    """The core's ``CodeTree`` as a Qt tree: rows, parents and order come from the tree,
    and each code's record and coding count sit beside it. The model keeps no tree of its
    own; an index carries a small number standing for its code (Qt needs an integer or a
    pointer), and ``reload`` builds the tree again after a change."""

    COLUMNS = ("Code", "Codings")

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.tree = CodeTree(())
        self.codes: dict[CodeId, Code] = {}
        self.counts: dict[CodeId, int] = {}
        self.totals: dict[CodeId, int] = {}
        self._ids: list[CodeId] = []  # index key - 1 -> code id
        self._keys: dict[str, int] = {}
        self._build()

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        project = self.session.project
        all_codes = codes.list_codes(project)
        self.tree = codes.shown_tree(all_codes)
        self.codes = {c.id: c for c in all_codes}
        self.counts = codes.coding_counts(project)
        self._ids = [c.id for c in all_codes]
        self._keys = {c: i for i, c in enumerate(self._ids, start=1)}
        totals = {c: self.counts.get(c, 0) for c in self._ids}
        for _depth, c in reversed(self.tree.walk()):  # children before their parents
            above = self.tree.parent[c]
            if above is not None:
                totals[CodeId(above)] += totals[CodeId(c)]
        self.totals = totals

    def reload(self) -> None:
        self.beginResetModel()
        self._build()
        self.endResetModel()

    # -- look-ups --------------------------------------------------------------------------

    def code_id(self, index: Index) -> CodeId | None:
        """The code at ``index`` (None: the invisible root)."""
        if not index.isValid():
            return None
        return self._ids[index.internalId() - 1]

    def code(self, code_id: str) -> Code | None:
        return self.codes.get(CodeId(code_id))

    def index_of(self, code_id: str, column: int = 0) -> QModelIndex:
        key = self._keys.get(code_id)
        if key is None:
            return QModelIndex()
        return self.createIndex(self.tree.row(code_id), column, key)

    def code_ids(self) -> list[CodeId]:
        return list(self._ids)

    def codable(self, code_id: str) -> bool:
        """Whether codings can be applied to the code (a folder such as a heading cannot)."""
        code = self.codes.get(CodeId(code_id))
        return bool(code and code.codable)

    def descendants(self, code_id: CodeId) -> list[CodeId]:
        return [CodeId(c) for c in self.tree.descendants(code_id)]

    def parent_of(self, code_id: str) -> CodeId | None:
        """The code's parent code (None at the top level)."""
        above = self.tree.parent.get(code_id)
        return CodeId(above) if above is not None else None

    def total_of(self, code_id: str) -> int:
        """Codings of the code and all its sub-codes."""
        return self.totals.get(CodeId(code_id), 0)

    def label_of(self, code_id: str) -> str:
        """The code's path for display (names joined by "/", nothing escaped)."""
        return self.tree.label(code_id) if code_id in self._keys else code_id

    def path_of(self, code_id: str) -> str:
        return self.tree.path(code_id) if code_id in self._keys else ""

    # -- the item model ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(self.COLUMNS) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self.tree.children.get(self.code_id(parent), [])
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, self._keys[children[row]])

    def parent(self, index: Index = QModelIndex()):
        code_id = self.code_id(index)
        if code_id is None:
            return QModelIndex()
        above = self.tree.parent[code_id]
        if above is None:
            return QModelIndex()
        return self.createIndex(self.tree.row(above), 0, self._keys[above])

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.tree.children.get(self.code_id(parent), []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        code_id = self.code_id(index)
        if code_id is None:
            return None
        code = self.codes[code_id]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return code.name
            own, total = self.counts.get(code_id, 0), self.totals[code_id]
            return str(own) if own == total else f"{own} ({total})"
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(code.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.tree.label(code_id)
            if code.description:
                text += "\n\n" + code.description
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 0:
            return f"{code.name}, {self.totals[code_id]} codings"
        if role == CODE_ID_ROLE:
            return code_id
        if role == PATH_ROLE:
            return self.tree.path(code_id)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == 0 and not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        code_id = self.code_id(index)
        if code_id is None or index.column() != 0 or role != Qt.ItemDataRole.EditRole:
            return False
        old = self.codes[code_id].name
        name = str(value).strip()
        if not name or name == old:
            return False
        return self.session.push(
            commands.update_code_command(self.session, code_id, f"Rename '{old}'", name=name)
        )

    # -- drag and drop ---------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [mime.CODES, mime.SELECTION]

    def mimeData(self, indexes) -> QMimeData:
        """The dragged codes in the tree's order (not the order they were clicked in), each
        once; a code whose ancestor is dragged too travels inside it, not beside it."""
        chosen = {c for c in map(self.code_id, indexes) if c is not None}
        ids = [
            c
            for _depth, c in self.tree.walk()
            if c in chosen and not chosen.intersection(self.tree.ancestors(c))
        ]
        return mime.codes_mime(ids)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        if self.session.read_only:
            return False
        if data.hasFormat(mime.SELECTION):
            return self._drop_target(row, parent) is not None
        return data.hasFormat(mime.CODES)

    def _drop_target(self, row: int, parent: Index) -> CodeId | None:
        """The code a selection dropped here should get: the item under the pointer."""
        target = self.code_id(parent)
        children = self.tree.children.get(target, [])
        if 0 <= row < len(children):
            return CodeId(children[row])
        return target

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if self.session.read_only:
            return False
        selection = mime.decode_selection(data)
        if selection is not None:
            target = self._drop_target(row, parent)
            if target is None:
                return False
            doc, start, end = selection
            self.session.note_code_used(target)
            self.session.push(
                commands.code_text_command(
                    self.session, DocumentId(doc), target, start, end, self.codes[target].name
                )
            )
            return False  # nothing for the view to remove: the model reloads
        moving = mime.decode_codes(data)
        if not moving:
            return False
        parent_id = self.code_id(parent)
        position = row if row >= 0 else len(self.tree.children.get(parent_id, []))
        moves = []
        for code_id in moving:
            if code_id not in self._keys:
                continue
            # moving down within the same parent: the rows above shift up by one
            if self.tree.parent[code_id] == parent_id and self.tree.row(code_id) < position:
                position -= 1
            moves.append((CodeId(code_id), parent_id, position))
            position += 1  # the next dropped code goes after this one
        if moves:  # every dropped code in one undo step
            self.session.push(commands.move_codes_command(self.session, moves))
        return False
