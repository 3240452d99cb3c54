"""The codebook as a Qt item model: a thin adapter over the core's code tree."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(eq=False)
class CodeNode:
    key: int
    code: Code | None
    parent: CodeNode | None
    path: str = ""  # escaped, as the CLI and files write it (a "/" in a name as "\\/")
    count: int = 0
    label: str = ""  # as a person reads it
    children: list[CodeNode] = field(default_factory=list)

    @property
    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0

    @property
    def total(self) -> int:
        return self.count + sum(c.total for c in self.children)


class CodebookModel(QAbstractItemModel):
    COLUMNS = ("Code", "Codings")

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.root = CodeNode(0, None, None)
        self._nodes: dict[int, CodeNode] = {0: self.root}
        self._by_id: dict[str, CodeNode] = {}
        self._build()

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        project = self.session.project
        all_codes = codes.list_codes(project)
        counts = codes.coding_counts(project)
        tree = CodeTree((c.id, c.parent_id, c.name) for c in all_codes)
        self.root = CodeNode(0, None, None)
        self._nodes = {0: self.root}
        self._by_id = {}
        for i, code in enumerate(all_codes, start=1):
            node = CodeNode(i, code, None, tree.path(code.id), counts.get(code.id, 0))
            node.label = tree.label(code.id)
            self._nodes[i] = node
            self._by_id[code.id] = node
        for node in list(self._by_id.values()):
            assert node.code is not None
            parent = self._by_id.get(node.code.parent_id or "", self.root)
            node.parent = parent
            parent.children.append(node)
        for node in self._nodes.values():
            node.children.sort(key=lambda n: (n.code.position, n.code.name) if n.code else (0, ""))

    def reload(self) -> None:
        self.beginResetModel()
        self._build()
        self.endResetModel()

    # -- look-ups --------------------------------------------------------------------------

    def node(self, index: Index) -> CodeNode:
        if not index.isValid():
            return self.root
        return self._nodes[index.internalId()]

    def index_of(self, code_id: str, column: int = 0) -> QModelIndex:
        node = self._by_id.get(code_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node.key)

    def code_ids(self) -> list[CodeId]:
        return [CodeId(i) for i in self._by_id]

    def codable(self, code_id: str) -> bool:
        """Whether codings can be applied to the code (a folder such as a heading cannot)."""
        node = self._by_id.get(code_id)
        return bool(node and node.code and node.code.codable)

    def descendants(self, code_id: CodeId) -> list[CodeId]:
        node = self._by_id.get(code_id)
        out: list[CodeId] = []
        stack = list(node.children) if node else []
        while stack:
            n = stack.pop()
            if n.code is not None:
                out.append(n.code.id)
            stack.extend(n.children)
        return out

    def label_of(self, code_id: str) -> str:
        """The code's path for display (names joined by "/", nothing escaped)."""
        node = self._by_id.get(code_id)
        return node.label if node else code_id

    def path_of(self, code_id: str) -> str:
        node = self._by_id.get(code_id)
        return node.path if node else ""

    # -- the item model ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(self.COLUMNS) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        node = self.node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row].key)

    def parent(self, index: Index = QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        node = self._nodes[index.internalId()]
        parent = node.parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent.key)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

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
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        code = node.code
        assert code is not None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return code.name
            own, total = node.count, node.total
            return str(own) if own == total else f"{own} ({total})"
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(code.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = node.label
            if code.description:
                text += "\n\n" + code.description
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 0:
            return f"{code.name}, {node.total} codings"
        if role == CODE_ID_ROLE:
            return code.id
        if role == PATH_ROLE:
            return node.path
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
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.EditRole:
            return False
        node = self.node(index)
        assert node.code is not None
        name = str(value).strip()
        if not name or name == node.code.name:
            return False
        return self.session.push(
            commands.update_code_command(
                self.session, node.code.id, f"Rename '{node.code.name}'", name=name
            )
        )

    # -- drag and drop ---------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [mime.CODES, mime.SELECTION]

    def mimeData(self, indexes) -> QMimeData:
        ids = []
        for index in indexes:
            node = self.node(index)
            if node.code and node.code.id not in ids:
                ids.append(node.code.id)
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

    def _drop_target(self, row: int, parent: Index) -> CodeNode | None:
        """The code a selection dropped here should get: the item under the pointer."""
        node = self.node(parent)
        if row >= 0:
            node = node.children[row] if row < len(node.children) else node
        return node if node.code is not None else None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if self.session.read_only:
            return False
        selection = mime.decode_selection(data)
        if selection is not None:
            target = self._drop_target(row, parent)
            if target is None or target.code is None:
                return False
            doc, start, end = selection
            self.session.note_code_used(target.code.id)
            self.session.push(
                commands.code_text_command(
                    self.session, DocumentId(doc), target.code.id, start, end, target.code.name
                )
            )
            return False  # nothing for the view to remove: the model reloads
        moving = mime.decode_codes(data)
        if not moving:
            return False
        parent_node = self.node(parent)
        parent_id = parent_node.code.id if parent_node.code else None
        position = row if row >= 0 else len(parent_node.children)
        moves = []
        for code_id in moving:
            node = self._by_id.get(code_id)
            if node is None:
                continue
            # moving down within the same parent: the rows above shift up by one
            if node.parent is parent_node and node.row < position:
                position -= 1
            moves.append((CodeId(code_id), CodeId(parent_id) if parent_id else None, position))
            position += 1  # the next dropped code goes after this one
        if moves:  # every dropped code in one undo step
            self.session.push(commands.move_codes_command(self.session, moves))
        return False
