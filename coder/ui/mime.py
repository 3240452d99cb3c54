"""Drag-and-drop payloads: codes from the codebook, text selections from the page."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QMimeData

CODES = "application/x-review-coder-codes"
SELECTION = "application/x-review-coder-selection"


def codes_mime(code_ids: Sequence[str]) -> QMimeData:
    data = QMimeData()
    data.setData(CODES, json.dumps(code_ids).encode())
    data.setText("\n".join(code_ids))
    return data


def decode_codes(data: QMimeData) -> list[str]:
    if not data.hasFormat(CODES):
        return []
    try:
        value = json.loads(bytes(data.data(CODES).data()).decode())
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def selection_mime(document_id: str, start: int, end: int) -> QMimeData:
    data = QMimeData()
    data.setData(SELECTION, json.dumps([document_id, start, end]).encode())
    return data


def decode_selection(data: QMimeData) -> tuple[str, int, int] | None:
    if not data.hasFormat(SELECTION):
        return None
    try:
        doc, start, end = json.loads(bytes(data.data(SELECTION).data()).decode())
        return str(doc), int(start), int(end)
    except (ValueError, TypeError):
        return None
