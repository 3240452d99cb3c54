"""Analysis views: code frequencies, the review × code heat table, the code × attribute
crosstab with a bar chart, and code co-occurrence, each filterable by an attribute value,
coder and effect. Clicking a cell lists its excerpts; double-click one to jump to it.
Tables copy to the clipboard and export; the chart exports to PNG and SVG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.pool import Pool, PooledCoding, split_values
from coder.analysis.tables import write_table
from coder.coding.reviews import list_attributes
from coder.errors import CoderError
from coder.project import coders
from coder.structure.kinds import KINDS
from coder.ui import file_dialogs
from coder.ui.framework_tab import FrameworkTab
from coder.ui.grid_model import PAYLOAD_ROLE, SortedGrid, grid_of, grid_table
from coder.ui.screen_fit import fit_size

ANY = "(any)"


class BarChart(QWidget):
    """Horizontal bars: the share of units with a code, per attribute value."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.bars: list[tuple[str, float, str]] = []  # label, share, caption
        self.setMinimumHeight(160)
        self.setAccessibleName("Bar chart")

    def set_bars(self, title: str, bars: list[tuple[str, float, str]]) -> None:
        self.title, self.bars = title, bars
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 40 + 26 * max(1, len(self.bars)))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self.draw(painter, QRectF(self.rect()))
        painter.end()

    def draw(self, painter: QPainter, area: QRectF) -> None:
        pal = self.palette()
        painter.fillRect(area, pal.color(pal.ColorRole.Base))
        painter.setPen(pal.color(pal.ColorRole.Text))
        painter.drawText(
            QRectF(area.x() + 8, area.y() + 4, area.width() - 16, 20),
            Qt.AlignmentFlag.AlignLeft,
            self.title,
        )
        label_w = min(180.0, area.width() * 0.35)
        bar_x = area.x() + 8 + label_w
        bar_w = max(10.0, area.width() - label_w - 90)
        for i, (label, share, caption) in enumerate(self.bars):
            y = area.y() + 30 + i * 26
            painter.setPen(pal.color(pal.ColorRole.Text))
            painter.drawText(
                QRectF(area.x() + 8, y, label_w - 8, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            painter.fillRect(QRectF(bar_x, y + 3, bar_w * share, 14), QColor("#1f77b4"))
            painter.drawText(
                QRectF(bar_x + bar_w * share + 6, y, 90, 20), Qt.AlignmentFlag.AlignVCenter, caption
            )

    def save(self, path: Path) -> None:
        """PNG or SVG, by extension."""
        if path.suffix.lower() == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            size = self.size()
            generator.setSize(size)
            generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
            generator.setTitle(self.title)
            painter = QPainter(generator)
            self.draw(painter, QRectF(0, 0, size.width(), size.height()))
            painter.end()
        elif not self.grab().save(str(path)):
            raise CoderError(f"cannot write {path}")


class AnalysisDialog(QDialog):
    excerptActivated = Signal(str, str)  # document id, coding id

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Analysis")
        self.session = session
        self.pool: Pool | None = None
        fit_size(self, 1100, 720)
        project = session.project
        attrs = [a.name for a in list_attributes(project)]
        self.filter_attr = QComboBox()
        self.filter_attr.setAccessibleName("Filter by attribute")
        self.filter_attr.addItems([ANY, *attrs])
        self.filter_value = QComboBox()
        self.filter_value.setAccessibleName("Attribute value")
        self.coder = QComboBox()
        self.coder.setAccessibleName("Coder")
        self.coder.addItems(
            [
                "Every coder",
                *[c.name for c in coders.list_coders(project)],
            ]
        )
        self.effect = QComboBox()
        self.effect.setAccessibleName("Effect")
        self.effect.addItems(["Any effect", "Supports practice", "Hinders practice"])
        self.section_kind = QComboBox()
        self.section_kind.setAccessibleName("Section kind")
        self.section_kind.addItem("Any section", None)
        for kind in KINDS:
            self.section_kind.addItem(kind, kind)
        self.rollup = QCheckBox("Count sub-codes in their parents")
        self.rollup.setChecked(True)
        self.by = QComboBox()
        self.by.setAccessibleName("Crosstab by")
        self.by.addItems(attrs)
        if "review type" in attrs:
            self.by.setCurrentText("review type")
        self.filter_attr.currentIndexChanged.connect(self._fill_values)
        for w in (self.filter_value, self.coder, self.effect, self.section_kind):
            w.currentIndexChanged.connect(lambda *_: self.refresh())
        self.by.currentIndexChanged.connect(lambda *_: self._refill(2))
        self.rollup.toggled.connect(lambda *_: self.refresh())
        # two rows of filters, so the dialog fits a 1024 px wide screen
        filters = QVBoxLayout()
        for row_items in (
            (("Only", self.filter_attr), ("=", self.filter_value), ("In", self.section_kind)),
            (("Coder", self.coder), ("Effect", self.effect)),
        ):
            row = QHBoxLayout()
            for label, w in row_items:
                row.addWidget(QLabel(label))
                row.addWidget(w)
            if self.coder in (w for _, w in row_items):
                row.addWidget(self.rollup)
            row.addStretch(1)
            filters.addLayout(row)
        self.summary = QLabel()
        self.frequencies = grid_table("Code frequencies")
        self.matrix = grid_table("Reviews by codes", codes_across=True)
        self.crosstab = grid_table("Codes by attribute")
        self.cooccurrence = grid_table("Co-occurrence", codes_across=True)
        self.chart = BarChart()
        cross = QWidget()
        cross_layout = QVBoxLayout(cross)
        by_row = QHBoxLayout()
        by_row.addWidget(QLabel("By"))
        by_row.addWidget(self.by)
        by_row.addStretch(1)
        cross_layout.addLayout(by_row)
        cross_split = QSplitter(Qt.Orientation.Vertical)
        cross_split.addWidget(self.crosstab)
        cross_split.addWidget(self.chart)
        cross_layout.addWidget(cross_split)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.frequencies, "Code frequencies")
        self.tabs.addTab(self.matrix, "Reviews × codes")
        self.tabs.addTab(cross, "Codes × attribute")
        self.tabs.addTab(self.cooccurrence, "Co-occurrence")
        self.framework = FrameworkTab(session, lambda: self._refill(4))
        self.tabs.addTab(self.framework, "Reviews × framework")
        self.tabs.currentChanged.connect(self._fill_tab)
        self.excerpts = QListWidget()
        self.excerpts.setAccessibleName("Excerpts of the cell")
        self.excerpts.setWordWrap(True)
        self.excerpts.itemDoubleClicked.connect(self._jump)
        for table in (
            self.frequencies,
            self.matrix,
            self.crosstab,
            self.cooccurrence,
            self.framework.table,
        ):
            table.clicked.connect(lambda i, t=table: self.show_cell(t, i.row(), i.column()))
            QShortcut(QKeySequence.StandardKey.Copy, table).activated.connect(
                lambda t=table: self.copy_table(t)
            )
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.customContextMenuRequested.connect(lambda p, t=table: self._table_menu(t, p))
        self.crosstab.clicked.connect(self._crosstab_clicked)
        buttons = QHBoxLayout()
        copy = QPushButton("Copy table")
        copy.clicked.connect(lambda: self.copy_table(self.current_table()))
        export = QPushButton("Export table…")
        export.clicked.connect(self.export_dialog)
        chart = QPushButton("Save chart…")
        chart.clicked.connect(self.save_chart_dialog)
        for b in (copy, export, chart):
            buttons.addWidget(b)
        buttons.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.excerpts)
        split.setSizes([520, 160])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self._fill_values()

    # -- filters -------------------------------------------------------------------------

    def _fill_values(self) -> None:
        self.filter_value.blockSignals(True)
        self.filter_value.clear()
        name = self.filter_attr.currentText()
        if name != ANY:
            pool = Pool([self.session.project])
            values = sorted(
                {v for u in pool.units.values() for v in split_values(u.attributes.get(name, ""))}
            )
            self.filter_value.addItems(values)
        self.filter_value.blockSignals(False)
        self.refresh()

    def make_pool(self) -> Pool:
        coders = None if self.coder.currentIndex() <= 0 else [self.coder.currentText()]
        effects = {0: None, 1: {"supports"}, 2: {"hinders"}}[self.effect.currentIndex()]
        where = None
        if self.filter_attr.currentText() != ANY and self.filter_value.currentText():
            where = {self.filter_attr.currentText(): {self.filter_value.currentText()}}
        kind = self.section_kind.currentData()
        return Pool(
            [self.session.project],
            coders=coders,
            effects=effects,
            where=where,
            section_kinds={kind} if kind else None,
        )

    def refresh(self) -> None:
        """Rebuild the pool for the filters; fill the tab in view now, the others when they
        are first shown (a large project's co-occurrence grid need not delay the rest)."""
        self.pool = pool = self.make_pool()
        self.summary.setText(f"{len(pool.units)} reviews, {len(pool.codings)} codings")
        self._filled: set[int] = set()
        self.excerpts.clear()
        self._fill_tab(self.tabs.currentIndex())

    def _fill_tab(self, index: int) -> None:
        if self.pool is None or index in getattr(self, "_filled", set()):
            return
        self._filled.add(index)
        fill = (
            self._fill_frequencies,
            self._fill_matrix,
            self._fill_crosstab,
            self._fill_cooccurrence,
            lambda pool, _rollup: self.framework.fill(pool),
        )[index]
        fill(self.pool, self.rollup.isChecked())

    def _refill(self, index: int) -> None:
        getattr(self, "_filled", set()).discard(index)
        if self.tabs.currentIndex() == index:
            self._fill_tab(index)

    def fill_all(self) -> None:
        for index in range(self.tabs.count()):
            self._fill_tab(index)

    # -- tables ----------------------------------------------------------------------------

    def _fill_frequencies(self, pool: Pool, rollup: bool) -> None:
        rows = pool.frequencies(rollup)
        grid_of(self.frequencies).set_grid(
            ["Code", "Codings", "Reviews", "Share of reviews"],
            [[code.path, str(n), str(u), f"{share:.0%}"] for code, n, u, share in rows],
            [[(code.id, None)] * 4 for code, *_ in rows],
        )
        self.frequencies.resizeColumnsToContents()

    def _fill_matrix(self, pool: Pool, rollup: bool) -> None:
        counts = pool.unit_counts(rollup)
        units = sorted(pool.units.values(), key=lambda u: u.name.casefold())
        top = max((n for per in counts.values() for n in per.values()), default=1) or 1
        cells, heat, payload = [], [], []
        for unit in units:
            own: dict[str, int] = counts.get(unit.key, {})
            values = [own.get(code.id, 0) for code in pool.codes]
            cells.append([str(n) for n in values])
            heat.append([n / top for n in values])
            payload.append([(code.id, unit.key) for code in pool.codes])
        grid_of(self.matrix).set_grid(
            [c.path for c in pool.codes], cells, payload, [u.name for u in units], heat, "#d62728"
        )

    def _crosstab_clicked(self, index: QModelIndex) -> None:
        rows = self.crosstab.model()
        assert isinstance(rows, SortedGrid)
        self._chart_row(rows.mapToSource(index).row())

    def _fill_crosstab(self, pool: Pool, rollup: bool) -> None:
        model = grid_of(self.crosstab)
        self._cross_rows: list[tuple[str, list[tuple[str, int, int, float | None]]]] = []
        try:
            _, rows = (
                pool.crosstab(self.by.currentText(), rollup) if self.by.currentText() else ([], [])
            )
        except CoderError:
            rows = []
        values: list[str] = []
        per_code: dict[str, list] = {}
        for code_id, _path, _attr, value, coded, units, share in rows:
            if value not in values:
                values.append(value)
            per_code.setdefault(code_id, []).append((value, coded, units, share))
        cells, payload = [], []
        for code in (c for c in pool.codes if c.id in per_code):
            entries = per_code[code.id]
            self._cross_rows.append((code.path, entries))
            cells.append(
                [
                    code.path,
                    *(f"{k}/{n} ({s:.0%})" if s is not None else "0/0" for _v, k, n, s in entries),
                ]
            )
            payload.append([(code.id, None), *((code.id, ("value", v)) for v, *_ in entries)])
        model.set_grid(["Code", *values], cells, payload)
        self.crosstab.resizeColumnsToContents()
        if self._cross_rows:
            self._chart_row(0)

    def _chart_row(self, row: int) -> None:
        if 0 <= row < len(getattr(self, "_cross_rows", [])):
            path, cells = self._cross_rows[row]
            self.chart.set_bars(
                f"Share of reviews with '{path}', by {self.by.currentText()}",
                [(v, s or 0.0, f"{k}/{n}") for v, k, n, s in cells],
            )

    def _fill_cooccurrence(self, pool: Pool, rollup: bool) -> None:
        _, rows = pool.cooccurrence(rollup)
        codes = pool.codes
        index = {c.id: i for i, c in enumerate(codes)}
        size = len(codes)
        cells = [["" for _ in range(size)] for _ in range(size)]
        heat = [[0.0] * size for _ in range(size)]
        payload = [[(codes[r].id, ("with", codes[c].id)) for c in range(size)] for r in range(size)]
        top = max((r[4] for r in rows), default=1) or 1
        for a, _pa, b, _pb, both, _overlaps in rows:
            for r, c in ((index[a], index[b]), (index[b], index[a])):
                cells[r][c] = str(both)
                heat[r][c] = both / top
        paths = [c.path for c in codes]
        grid_of(self.cooccurrence).set_grid(paths, cells, payload, paths, heat, "#1f77b4")

    # -- cells to excerpts -----------------------------------------------------------------

    def cell_codings(self, table: QTableView, row: int, column: int) -> list[PooledCoding]:
        data = table.model().index(row, column).data(PAYLOAD_ROLE)
        if data is None or self.pool is None:
            return []
        code_id, scope = data
        pool = self.pool
        if isinstance(code_id, tuple):  # a framework category: the codes it covers
            codes = self.framework.codes_of(code_id[1])
        else:
            codes = set(pool.descendants(code_id)) if self.rollup.isChecked() else {code_id}
        found = [c for c in pool.codings if c.code in codes]
        if isinstance(scope, str):  # a unit
            found = [c for c in found if c.unit == scope]
        elif isinstance(scope, tuple) and scope[0] == "value":
            name = self.by.currentText()
            units = {
                u.key
                for u in pool.units.values()
                if scope[1] in split_values(u.attributes.get(name, ""))
            }
            found = [c for c in found if c.unit in units]
        elif isinstance(scope, tuple) and scope[0] == "with":
            other = set(pool.descendants(scope[1])) if self.rollup.isChecked() else {scope[1]}
            units = {c.unit for c in pool.codings if c.code in other}
            found = [c for c in found if c.unit in units]
        return found

    def show_cell(self, table: QTableView, row: int, column: int) -> None:
        self.excerpts.clear()
        assert self.pool is not None
        for c in self.cell_codings(table, row, column):
            unit = self.pool.units[c.unit]
            quote = " ".join(c.quote.split()) if c.kind == "text" else "[area]"
            item = QListWidgetItem(
                f"{unit.name}, p. {c.page_start} · "
                f"{self.pool.code(c.code).path} · {c.coder}\n{quote}"
            )
            item.setData(Qt.ItemDataRole.UserRole, (c.document, c.coding_id))
            self.excerpts.addItem(item)

    def _jump(self, item: QListWidgetItem) -> None:
        document, coding = item.data(Qt.ItemDataRole.UserRole)
        self.excerptActivated.emit(document, coding)

    def _table_menu(self, table: QTableView, pos) -> None:
        index = table.indexAt(pos)
        menu = QMenu(self)
        if index.isValid():
            show = menu.addAction("Show the excerpts of this cell")
            show.triggered.connect(lambda: self.show_cell(table, index.row(), index.column()))
        menu.addAction("Copy table").triggered.connect(lambda: self.copy_table(table))
        menu.addAction("Export table…").triggered.connect(lambda: self.export_dialog())
        menu.exec(table.viewport().mapToGlobal(pos))

    # -- copy and export -------------------------------------------------------------------

    def current_table(self) -> QTableView:
        tables = [
            self.frequencies,
            self.matrix,
            self.crosstab,
            self.cooccurrence,
            self.framework.table,
        ]
        return tables[self.tabs.currentIndex()]

    def copy_table(self, table: QTableView) -> str:
        """The table as tab-separated text on the clipboard (pastes into a spreadsheet)."""
        header, rows = grid_of(table).rows_for_export()
        text = "\n".join("\t".join(cells) for cells in [header, *rows])
        QApplication.clipboard().setText(text)
        return text

    def export_table(self, path: Path) -> int:
        header, rows = grid_of(self.current_table()).rows_for_export()
        return write_table(path, header, rows)

    def export_dialog(self) -> None:
        path, _ = file_dialogs.getSaveFileName(
            self,
            "Export table",
            str(Path.home()),
            "Excel workbook, text kept as text (*.xlsx);;"
            "CSV, faithful UTF-8 for pandas and R (*.csv)",
        )
        if path:
            try:
                self.export_table(Path(path))
            except CoderError as exc:
                QMessageBox.warning(self, "Export table", str(exc))

    def save_chart_dialog(self) -> None:
        path, _ = file_dialogs.getSaveFileName(
            self, "Save chart", str(Path.home()), "PNG image (*.png);;SVG drawing (*.svg)"
        )
        if path:
            try:
                self.chart.save(Path(path))
            except CoderError as exc:
                QMessageBox.warning(self, "Save chart", str(exc))
