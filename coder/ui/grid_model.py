"""A read-only table model over a grid of texts, with an optional heat per cell and a
payload per cell (what a click on it means). Lazy, so 500 × 200 cells cost nothing until
they are drawn."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QTableView

from coder.ui.headers import RotatedHeader

PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_SHARE = re.compile(r"\((\d+)%\)$|^(\d+)%$")


def sort_key(text: str) -> tuple[int, float, str]:
    """How a cell sorts: numbers as numbers, a share ("3/7 (43%)", "43%") by its share,
    empty cells as nothing, the rest as text without regard to case. The first element
    keeps numbers apart from text, so a column never compares the two."""
    t = text.strip()
    if not t:
        return (0, 0.0, "")
    if _NUMBER.match(t):
        return (0, float(t), "")
    share = _SHARE.search(t)
    if share:
        return (0, float(share.group(1) or share.group(2)), "")
    return (1, 0.0, t.casefold())


class GridModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.row_labels: list[str] = []
        self.cells: list[list[str]] = []
        self.payload: list[list[Any]] = []
        self.heat: list[list[float]] | None = None
        self.colour = QColor("#d62728")

    def set_grid(
        self,
        header: list[str],
        cells: list[list[str]],
        payload: list[list[Any]] | None = None,
        row_labels: list[str] | None = None,
        heat: list[list[float]] | None = None,
        colour: str = "#d62728",
    ) -> None:
        self.beginResetModel()
        self.header, self.cells = header, cells
        self.payload = payload or [[None] * len(header) for _ in cells]
        self.row_labels = row_labels or []
        self.heat = heat
        self.colour = QColor(colour)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.header)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        # the tooltip is the whole label (a code's full path) where the header cuts it short
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.header[section] if section < len(self.header) else None
        return self.row_labels[section] if section < len(self.row_labels) else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cells[r][c]
        if role == PAYLOAD_ROLE:
            return self.payload[r][c]
        if role == SORT_ROLE:
            return sort_key(self.cells[r][c])
        if role == Qt.ItemDataRole.BackgroundRole and self.heat is not None:
            level = self.heat[r][c]
            if level > 0:
                colour = QColor(self.colour)
                colour.setAlpha(30 + int(190 * min(level, 1.0)))
                return colour
        if role == Qt.ItemDataRole.TextAlignmentRole and self.heat is not None:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def rows_for_export(self) -> tuple[list[str], list[list[str]]]:
        if self.row_labels:
            return ["", *self.header], [
                [label, *row] for label, row in zip(self.row_labels, self.cells, strict=True)
            ]
        return list(self.header), [list(row) for row in self.cells]


class SortedGrid(QSortFilterProxyModel):
    """A ``GridModel`` as the reader sorted it (click a header; a third click restores the
    order it came in). Copy and export take the rows in the order shown."""

    def __init__(self, source: GridModel, parent=None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left, right) -> bool:
        return left.data(SORT_ROLE) < right.data(SORT_ROLE)

    @property
    def grid(self) -> GridModel:
        source = self.sourceModel()
        assert isinstance(source, GridModel)
        return source

    # the grid's own fields and methods, for the code that fills and reads it
    @property
    def header(self) -> list[str]:
        return self.grid.header

    @property
    def row_labels(self) -> list[str]:
        return self.grid.row_labels

    @property
    def cells(self) -> list[list[str]]:
        return self.grid.cells

    def set_grid(self, *args, **kwargs) -> None:
        self.grid.set_grid(*args, **kwargs)

    def rows_for_export(self) -> tuple[list[str], list[list[str]]]:
        header, rows = self.grid.rows_for_export()
        order = [self.mapToSource(self.index(r, 0)).row() for r in range(self.rowCount())]
        return header, [rows[i] for i in order]


def grid_of(table: QTableView) -> GridModel | SortedGrid:
    """The grid a table shows (the analysis tables hold one, sorted or as it came)."""
    model = table.model()
    assert isinstance(model, GridModel | SortedGrid), f"{table.accessibleName()} holds no grid"
    return model


def grid_table(name: str, codes_across: bool = False) -> QTableView:
    """A sortable table (click a header; a third click restores the order). With
    ``codes_across`` the column titles are code paths: drawn rotated, so 45+ codes fit
    across, each with its whole path in the tooltip."""
    table = QTableView()
    table.setAccessibleName(name)
    if codes_across:
        table.setHorizontalHeader(RotatedHeader(table))
        table.verticalHeader().setMaximumWidth(320)
        table.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideLeft)
    table.setModel(SortedGrid(GridModel(table), table))
    header = table.horizontalHeader()
    header.setSortIndicatorClearable(True)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
    return table
