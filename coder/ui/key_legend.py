"""The number-key legend: which code each of the keys 1–9 applies in the page view (the
codes used most recently, most recent first), shown as a row of coloured chips."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from coder.codebook.paths import split_path


class KeyLegend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Number keys")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(6, 2, 6, 2)
        self._layout.setSpacing(10)
        self.chips: list[QLabel] = []
        self.hide()

    def set_codes(self, codes: list[tuple[str, str]]) -> None:
        """``codes``: (path, colour) of the codes the keys 1, 2, … apply."""
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        while self._layout.count():
            self._layout.takeAt(0)
        self.chips = []
        if codes:
            title = QLabel("Keys:")
            title.setToolTip("In the page view, a number key codes the selection")
            self.chips.append(title)
            self._layout.addWidget(title)
        for n, (path, colour) in enumerate(codes[:9], start=1):
            name = split_path(path)[-1] if path else "?"
            chip = QLabel(f'<b>{n}</b> <span style="color:{colour}">■</span> {_html(name)}')
            chip.setToolTip(f"{n}: {' › '.join(split_path(path))}")
            chip.setAccessibleName(f"Key {n}: {name}")
            self.chips.append(chip)
            self._layout.addWidget(chip)
        self._layout.addStretch(1)
        self.setVisible(bool(codes))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
