"""Guards against a PySide6 release that drops references to None or bools in overridden
virtuals (6.12.0 did, in paintEvent): on Python 3.11 the app then aborts after a few
thousand repaints."""

from __future__ import annotations

import sys


def test_repainting_keeps_none_and_bool_reference_counts(window):
    from coder.demo.project import ensure_demo

    window.open_project(ensure_demo())
    viewport = window.page_view.viewport()
    for _ in range(20):
        viewport.repaint()
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(500):
        viewport.repaint()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    assert [a - b for a, b in zip(after, before, strict=True)] == [0, 0, 0]
