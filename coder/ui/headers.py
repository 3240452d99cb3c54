"""Table headers for grids with many codes: column titles drawn rotated (read bottom to
top) so 45+ code columns stay narrow; a title too long is cut at its start, keeping the
code's own name, and the tooltip has the whole path."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader

ROTATED_MAX = 170  # px: longer titles are elided (the tooltip has the whole path)


class RotatedHeader(QHeaderView):
    """A horizontal header whose section titles are drawn rotated by 90°."""

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setDefaultSectionSize(30)
        self.setMinimumSectionSize(24)

    def _title(self, section: int) -> str:
        value = self.model().headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.model() is None:
            return hint
        metrics = self.fontMetrics()
        longest = 0
        for section in range(min(self.count(), 400)):
            longest = max(longest, metrics.horizontalAdvance(self._title(section)))
        return QSize(hint.width(), min(ROTATED_MAX, longest + 16))

    def sectionSizeFromContents(self, logical_index: int) -> QSize:
        return QSize(self.fontMetrics().height() + 12, self.sizeHint().height())

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        text = self.fontMetrics().elidedText(
            self._title(logical_index), Qt.TextElideMode.ElideLeft, rect.height() - 10
        )
        painter.save()
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        painter.setPen(self.palette().color(self.palette().ColorRole.ButtonText))
        painter.drawText(
            QRect(5, 0, rect.height() - 10, rect.width()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )
        painter.restore()
