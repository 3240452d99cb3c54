"""Guards against a PySide6 release that drops references to None or bools in overridden
virtuals (6.12.0 did, in paintEvent): on Python 3.11 the app then aborts after a few
thousand repaints."""

from __future__ import annotations

import gc
import sys


def test_repainting_keeps_none_and_bool_reference_counts(window, qtbot):
    from coder.demo.project import ensure_demo

    window.open_project(ensure_demo())
    view = window.page_view
    # renders arriving (and the garbage collector) during the count would move it too
    qtbot.waitUntil(lambda: view.cache.get((window.doc.id, 1, view.render_scale())) is not None)
    qtbot.wait(500)  # the neighbours, prefetched once the view is idle
    viewport = view.viewport()
    for _ in range(20):
        viewport.repaint()
    gc.collect()
    gc.disable()
    try:
        before = [sys.getrefcount(x) for x in (None, True, False)]
        for _ in range(500):
            viewport.repaint()
        after = [sys.getrefcount(x) for x in (None, True, False)]
    finally:
        gc.enable()
    assert [a - b for a, b in zip(after, before, strict=True)] == [0, 0, 0]
