"""Agreement and adjudication: per-code agreement for chosen coders, the disagreements,
and the consensus layer built from agreements and from each disagreement accepted or
rejected (one undoable step each)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coder.progress import Part, Progress
from coder.project import coders
from coder.project.store import Project
from coder.teamwork.agreement import LEVELS, agreement
from coder.teamwork.consensus import CONSENSUS, disagreements
from coder.ui.jobs import ProgressJob
from coder.ui.screen_fit import fit_size
from coder.ui.team_commands import build_consensus_command, decide_command
from coder.ui.team_dialogs import add_check, checklist, ticked

STAT_COLUMNS = [
    ("code_path", "Code"),
    ("units", "Units"),
    ("agreements", "Agreements"),
    ("percent_agreement", "Agreement (0–1)"),
    ("cohen_kappa", "Cohen's κ"),
    ("fleiss_kappa", "Fleiss' κ"),
    ("krippendorff_alpha", "Krippendorff's α"),
]
DISAGREEMENT_COLUMNS = [
    ("document", "Document"),
    ("page", "Page"),
    ("code_path", "Code"),
    ("coder", "Coded by"),
    ("not_matched_by", "Not matched by"),
    ("quote", "Quote"),
    ("decision", "Decision"),
]


def _compute(
    path: Path, names: list[str], level: str, overlap: float, rollup: bool, progress: Progress
):
    with Project.open(path, read_only=True) as project:
        report = agreement(
            project, names, level, rollup=rollup, overlap=overlap, progress=Part(progress, 0, 2)
        )
        progress.step(1, 2)  # the disagreements still to list
        open_ = disagreements(project, names, overlap, Part(progress, 1, 2))
    return report, open_


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


class AgreementDialog(QDialog):
    codingActivated = Signal(str, str)  # document id, coding id
    sideBySide = Signal(bool)  # show each coder's stripes apart in the page view

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Agreement and adjudication")
        self.report: dict | None = None
        self.disagreements: list[dict] = []
        self.job: ProgressJob | None = None
        self.coders = checklist("Coders to compare")
        self.coders.setMaximumHeight(110)
        names = [c.name for c in coders.list_coders(session.project) if c.name != CONSENSUS]
        used = coders.names_who_coded(session.project)
        for n in names:
            add_check(self.coders, n, n, checked=n in used)
        self.level = QComboBox()
        self.level.setAccessibleName("Level")
        self.level.addItems(list(LEVELS))
        self.overlap = QDoubleSpinBox(minimum=0.05, maximum=1.0, singleStep=0.05, value=0.9)
        self.overlap.setAccessibleName("Overlap for a segment to agree")
        self.rollup = QCheckBox("Codes include their sub-codes")
        self.compute_button = QPushButton("&Compute")
        self.compute_button.clicked.connect(self.compute)
        self.side = QCheckBox("Page view: each coder's stripes side by side")
        self.side.toggled.connect(self.sideBySide.emit)
        self.stats = self._table("Agreement by code", STAT_COLUMNS)
        self.table = self._table("Disagreements", DISAGREEMENT_COLUMNS)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.cellDoubleClicked.connect(self._activate)
        self.build_button = QPushButton("Put the &agreements in the consensus layer")
        self.build_button.clicked.connect(self.build)
        self.accept_button = QPushButton("&Accept into consensus")
        self.accept_button.clicked.connect(lambda: self.decide(True))
        self.reject_button = QPushButton("&Reject")
        self.reject_button.clicked.connect(lambda: self.decide(False))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        options = QHBoxLayout()
        options.addWidget(QLabel("Level"))
        options.addWidget(self.level)
        options.addWidget(QLabel("Overlap"))
        options.addWidget(self.overlap)
        options.addWidget(self.rollup)
        options.addStretch()
        options.addWidget(self.compute_button)
        decide = QHBoxLayout()
        decide.addWidget(self.build_button)
        decide.addStretch()
        decide.addWidget(self.accept_button)
        decide.addWidget(self.reject_button)
        adjudicate = QWidget()
        al = QVBoxLayout(adjudicate)
        al.addWidget(self.table)
        al.addLayout(decide)
        tabs = QTabWidget()
        tabs.addTab(self.stats, "By code")
        tabs.addTab(adjudicate, "Disagreements")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Coders"))
        layout.addWidget(self.coders)
        layout.addLayout(options)
        layout.addWidget(self.side)
        layout.addWidget(self.summary)
        layout.addWidget(tabs, 1)
        writable = not session.read_only
        for b in (self.build_button, self.accept_button, self.reject_button):
            b.setEnabled(writable)
        fit_size(self, 900, 620)

    def _table(self, name: str, columns) -> QTableWidget:
        t = QTableWidget(0, len(columns))
        t.setAccessibleName(name)
        t.setHorizontalHeaderLabels([label for _, label in columns])
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.verticalHeader().hide()
        t.horizontalHeader().setStretchLastSection(True)
        return t

    def names(self) -> list[str]:
        return ticked(self.coders)

    def compute(self) -> ProgressJob | None:
        names = self.names()
        if len(names) < 2:
            self.summary.setText("Tick at least two coders")
            return None
        self.compute_button.setEnabled(False)
        self.summary.setText("Computing…")
        path = self.session.project.path
        args = (
            path,
            names,
            self.level.currentText(),
            self.overlap.value(),
            self.rollup.isChecked(),
        )
        self.job = ProgressJob(
            lambda progress: _compute(*args, progress), "Measuring agreement…", self
        )
        self.job.done.connect(self._show)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(lambda: self._failed("Cancelled"))
        self.job.start()
        return self.job

    def _failed(self, message: str) -> None:
        self.compute_button.setEnabled(True)
        self.summary.setText(message)

    def _show(self, result) -> None:
        self.report, self.disagreements = result
        self.compute_button.setEnabled(True)
        report = self.report
        rows = [*report["codes"], {**report["pooled"], "code_path": "All codes (pooled)"}]
        self._fill(self.stats, STAT_COLUMNS, rows)
        self._fill(self.table, DISAGREEMENT_COLUMNS, self.disagreements)
        pooled = report["pooled"]
        undecided = sum(1 for d in self.disagreements if d["decision"] is None)
        notes = [v for k, v in pooled.items() if k.endswith("_note")]
        docs, others = len(report["documents"]), len(report["not_double_coded"])
        self.summary.setText(
            f"{docs} double-coded document{'' if docs == 1 else 's'} ({others} not); "
            f"pooled {report['level']} units: {pooled['units']}; "
            f"{len(self.disagreements)} disagreements, {undecided} undecided."
            + (f" Note: {notes[0]}" if notes else "")
        )

    def _fill(self, table: QTableWidget, columns, rows: list[dict]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (key, _) in enumerate(columns):
                item = QTableWidgetItem(_cell(row.get(key)))
                note = row.get(f"{key}_note")
                if note:
                    item.setToolTip(note)
                item.setData(Qt.ItemDataRole.UserRole, row.get("coding_id"))
                table.setItem(r, c, item)
        table.resizeColumnsToContents()

    def _activate(self, row: int, _column: int = 0) -> None:
        d = self.disagreements[row]
        self.codingActivated.emit(d["document_id"], d["coding_id"])

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.disagreements[rows[0].row()] if rows else None

    def build(self) -> bool:
        names = self.names()
        if len(names) < 2:
            self.summary.setText("Tick at least two coders")
            return False
        ok = self.session.push(build_consensus_command(self.session, names, self.overlap.value()))
        if ok:
            self.compute()
        return ok

    def decide(self, accept: bool) -> bool:
        d = self.selected()
        if d is None:
            self.summary.setText("Select a disagreement first")
            return False
        ok = self.session.push(decide_command(self.session, d["coding_id"], accept))
        if ok:
            self.compute()
        return ok
