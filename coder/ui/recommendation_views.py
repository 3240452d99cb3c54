"""Two tabs of the Recommendations panel: the recommendations addressed to one force, and
the groups of repeated recommendations side by side (confirm, split, unconfirm). Each reads
the panel's register view and pushes its edits through the panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coder.analysis.recommendation_tables import register_view, summary
from coder.recommendations import register
from coder.recommendations.cluster import DEFAULT_THRESHOLD
from coder.ui.recommendation_work import ID_ROLE, _fill, _selected_ids, _table


def _button(text: str, slot, row: QHBoxLayout) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(slot)
    row.addWidget(b)
    return b


class ForceTab(QWidget):
    """The recommendations addressed to one force, with their statuses."""

    def __init__(self, panel) -> None:
        super().__init__()
        self.panel = panel
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Force"))
        self.force_box = QComboBox()
        self.force_box.setAccessibleName("Force")
        self.force_box.currentIndexChanged.connect(lambda _: self.fill())
        top.addWidget(self.force_box)
        top.addStretch()
        v.addLayout(top)
        self.force_table = _table(["Review", "Label", "Text", "Status", "Since"])
        self.force_table.setAccessibleName("Recommendations to the force")
        v.addWidget(self.force_table)

    def set_forces(self, forces: list[str]) -> None:
        current = self.force_box.currentText()
        self.force_box.blockSignals(True)
        self.force_box.clear()
        self.force_box.addItems(forces)
        if current in forces:
            self.force_box.setCurrentText(current)
        self.force_box.blockSignals(False)

    def fill(self) -> None:
        if self.panel.view is None:
            return
        force = self.force_box.currentText()
        rows = []
        for rec in self.panel.view.recs:
            if any(a.kind == "force" and a.name == force for a in rec.addressees):
                since = rec.statuses[-1].date if rec.statuses else ""
                rows.append(
                    (
                        rec.id,
                        [
                            self.panel.view.review_names.get(rec.review_id, ""),
                            rec.label,
                            rec.text,
                            rec.status,
                            since,
                        ],
                    )
                )
        _fill(self.force_table, rows, 2)


class GroupsTab(QWidget):
    """The groups of repeated recommendations at a similarity, a group's members side by
    side, and the researcher's decisions on them."""

    def __init__(self, panel) -> None:
        super().__init__()
        self.panel = panel
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Similarity"))
        self.threshold_box = QDoubleSpinBox()
        self.threshold_box.setAccessibleName("Similarity threshold")
        self.threshold_box.setRange(0.05, 1.0)
        self.threshold_box.setSingleStep(0.05)
        self.threshold_box.setValue(DEFAULT_THRESHOLD)
        self.threshold_box.valueChanged.connect(lambda _: self.fill(recompute=True))
        top.addWidget(self.threshold_box)
        top.addStretch()
        v.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical)
        self.group_list = QListWidget()
        self.group_list.setAccessibleName("Groups of repeated recommendations")
        self.group_list.currentRowChanged.connect(lambda _: self._fill_members())
        split.addWidget(self.group_list)
        self.member_table = _table(["Review", "Year", "Type", "Label", "Text", "Status"])
        self.member_table.setAccessibleName("Members side by side")
        split.addWidget(self.member_table)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        v.addWidget(split)
        row = QHBoxLayout()
        self.confirm_btn = _button("Confirm group", self.confirm_group, row)
        self.split_btn = _button("Split selected out", self.split_selected, row)
        self.release_btn = _button("Unconfirm", self.release_group, row)
        row.addStretch()
        v.addLayout(row)

    def fill(self, recompute: bool = False) -> None:
        if recompute:
            self.panel.view = register_view(self.panel.session.project, self.threshold_box.value())
        if self.panel.view is None:
            return
        row = self.group_list.currentRow()
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for cluster in self.panel.view.clusters:
            if len(cluster.members) < 2 and not cluster.confirmed_id:
                continue
            mark = " (confirmed)" if cluster.confirmed_id else ""
            item = QListWidgetItem(
                f"Group {cluster.number}{mark}: {summary(self.panel.view, cluster)}"
            )
            item.setData(ID_ROLE, cluster.number)
            self.group_list.addItem(item)
        self.group_list.blockSignals(False)
        if self.group_list.count():
            self.group_list.setCurrentRow(min(max(row, 0), self.group_list.count() - 1))
        self._fill_members()

    def _current_cluster(self):
        item = self.group_list.currentItem()
        if item is None or self.panel.view is None:
            return None
        number = item.data(ID_ROLE)
        return next((c for c in self.panel.view.clusters if c.number == number), None)

    def _fill_members(self) -> None:
        cluster = self._current_cluster()
        if cluster is None or self.panel.view is None:
            _fill(self.member_table, [], 4)
            return
        by_id = {r.id: r for r in self.panel.view.recs}
        rows = []
        for m in cluster.members:
            rec = by_id[m]
            rows.append(
                (
                    rec.id,
                    [
                        self.panel.view.review_names.get(rec.review_id, ""),
                        self.panel.view.years.get(rec.review_id, ""),
                        self.panel.view.types.get(rec.review_id, ""),
                        rec.label,
                        rec.text,
                        rec.status,
                    ],
                )
            )
        _fill(self.member_table, rows, 4)

    def confirm_group(self) -> None:
        cluster = self._current_cluster()
        if cluster is None:
            self.panel.session.failed.emit("Select a group first")
            return
        members = list(cluster.members)
        self.panel.push(
            f"confirm group {cluster.number}",
            lambda: register.confirm_group(self.panel.session.project, members, self.panel.coder()),
        )

    def split_selected(self) -> None:
        ids = _selected_ids(self.member_table)
        if self.panel.need(ids, "the members to split out"):
            self.panel.push(
                "split out of the group",
                lambda: register.confirm_group(self.panel.session.project, ids, self.panel.coder()),
            )

    def release_group(self) -> None:
        cluster = self._current_cluster()
        if cluster is None or not cluster.confirmed_id:
            self.panel.session.failed.emit("Select a confirmed group first")
            return
        members = list(cluster.members)
        self.panel.push(
            f"unconfirm group {cluster.number}",
            lambda: register.release_group(self.panel.session.project, members, self.panel.coder()),
        )
