"""The analysis view's framework tab: reviews × the categories of a framework, saying which
mapping it uses. A cell counts the codings under a category (each coding once); a click
lists them. Frameworks with no categories yet (the perennial issues as shipped) are
listed, and say so, rather than shown as an empty table."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.framework_rollup import Rollup
from coder.analysis.pool import Pool
from coder.errors import CoderError
from coder.project import frameworks
from coder.ui.grid_model import GridModel


class FrameworkTab(QWidget):
    def __init__(self, session, changed, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.rollup: Rollup | None = None
        self.choice = QComboBox()
        self.choice.setAccessibleName("Framework")
        self.choice.addItems([f.name for f in frameworks.list_frameworks(session.project)])
        self.choice.currentIndexChanged.connect(lambda *_: changed())
        self.mapping = QLabel()
        self.mapping.setWordWrap(True)
        self.table = QTableView()
        self.table.setAccessibleName("Reviews by framework categories")
        self.grid = GridModel(self.table)
        self.table.setModel(self.grid)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        row = QHBoxLayout()
        row.addWidget(QLabel("Framework"))
        row.addWidget(self.choice, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.mapping)
        layout.addWidget(self.table, 1)

    def fill(self, pool: Pool) -> None:
        model = self.grid
        self.rollup = None
        name = self.choice.currentText()
        if not name:
            self.mapping.setText(
                "No framework in this project: add one with review-coder framework PROJECT "
                "--import four-areas (or a file of your own)."
            )
            model.set_grid([], [])
            return
        try:
            self.rollup = rollup = Rollup(pool, name)
        except CoderError as exc:
            message = str(exc)
            self.mapping.setText(message[:1].upper() + message[1:])
            model.set_grid([], [])
            return
        self.mapping.setText(f"By {rollup.describe()}. {rollup.citation}")
        counts = rollup.unit_counts()
        units = sorted(pool.units.values(), key=lambda u: u.name.casefold())
        top = max((n for per in counts.values() for n in per.values()), default=1) or 1
        cells, heat, payload = [], [], []
        for unit in units:
            own: dict[str, int] = counts.get(unit.key, {})
            values = [own.get(c, 0) for c in rollup.categories]
            cells.append([str(n) for n in values])
            heat.append([n / top for n in values])
            payload.append([(("category", c), unit.key) for c in rollup.categories])
        model.set_grid(
            list(rollup.categories), cells, payload, [u.name for u in units], heat, "#1f77b4"
        )
        self.table.resizeColumnsToContents()

    def codes_of(self, category: str) -> set[str]:
        return set(self.rollup.covers.get(category, set())) if self.rollup else set()
