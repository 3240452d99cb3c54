"""Rendered pages, bounded in bytes."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QPixmap

CACHE_BYTES = 96 * 1024 * 1024  # about 11 A4 pages at 150 dpi


class PixmapCache:
    """Rendered pages, least recently used first out, bounded in bytes."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self.budget = budget
        self.bytes = 0
        self._items: OrderedDict[tuple[str, int, float], QPixmap] = OrderedDict()

    def get(self, key: tuple[str, int, float]) -> QPixmap | None:
        pix = self._items.get(key)
        if pix is not None:
            self._items.move_to_end(key)
        return pix

    def any_scale(self, doc: str, page: int) -> QPixmap | None:
        for (d, p, _), pix in reversed(self._items.items()):
            if d == doc and p == page:
                return pix
        return None

    def put(self, key: tuple[str, int, float], pix: QPixmap) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= _size(old)
        self._items[key] = pix
        self.bytes += _size(pix)
        while self.bytes > self.budget and len(self._items) > 1:
            _, dropped = self._items.popitem(last=False)
            self.bytes -= _size(dropped)

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0


def _size(pix: QPixmap) -> int:
    return pix.width() * pix.height() * 4
