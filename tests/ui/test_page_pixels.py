"""Pages are painted crisp: the pixels on screen are PyMuPDF's own render at the device
pixel size the page covers (zoom × device pixel ratio), not a rescaled copy.

The same test runs in a second process with ``QT_SCALE_FACTOR=2`` (a device pixel ratio
of 2, as on a HiDPI laptop)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PySide6.QtGui import QImage

from coder.coding.ingest import import_pdf
from coder.project.store import Project
from tests.pdfkit import PdfBuilder

ROOT = Path(__file__).resolve().parents[2]
PROSE = (
    "The officer recorded the contact and argued that a well-founded risk assessment was "
    "not repeated; MARAC, the GP and the health visitor were not told."
)


def dense_pdf() -> bytes:
    """A page of small text (8 to 11 pt): thin strokes that any rescaling would smear."""
    b = PdfBuilder()
    b.page()
    words = PROSE.split()
    y, n = 60.0, 0
    while y < 800:
        size = 8 + (n % 4)
        line = " ".join(words[(n * 3 + k) % len(words)] for k in range(10))
        b.line(40 + (n % 5), y, line, size=size)
        y += size * 1.35
        n += 1
    return b.tobytes()


def painted_and_reference(window, qtbot, tmp_path, zoom: float):
    pdf = tmp_path / "dense review.pdf"
    pdf.write_bytes(dense_pdf())
    path = tmp_path / "pixels.rcproj"
    with Project.create(path) as project:
        import_pdf(project, pdf, "Zoe Tester")
    assert window.open_project(path)
    view = window.page_view
    if zoom:
        view.set_scale(zoom)
    else:  # fit width: whatever scale the view's width gives
        window.viewing.fit_width_act.trigger()
        zoom = view.scale
    view.verticalScrollBar().setValue(0)
    dpr = view.devicePixelRatioF()
    key = (window.doc.id, 1, view.render_scale())
    qtbot.waitUntil(lambda: view.cache.get(key) is not None, timeout=10000)
    grab = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    shot = np.frombuffer(grab.constBits(), np.uint8).reshape(grab.height(), grab.bytesPerLine())
    shot = shot[:, : grab.width() * 3].reshape(grab.height(), grab.width(), 3)
    with pymupdf.open(pdf) as doc:
        pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(zoom * dpr, zoom * dpr), alpha=False)
        ref = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)
        ref = ref[:, : pix.width * 3].reshape(pix.height, pix.width, 3)
    o = view.page_origin(0)
    x0, y0 = round(o.x() * dpr), round(o.y() * dpr)
    assert x0 >= 0 and y0 >= 0
    h = min(ref.shape[0], shot.shape[0] - y0)
    w = min(ref.shape[1], shot.shape[1] - x0)
    assert h > 300 and w > 300, (h, w)  # most of the page is in view
    return shot[y0 : y0 + h, x0 : x0 + w].astype(int), ref[:h, :w].astype(int), dpr, zoom


@pytest.mark.parametrize("zoom", [1.0, 1.5, 2.0, None], ids=["100%", "150%", "200%", "fit"])
def test_a_painted_page_equals_pymupdfs_render_at_that_pixel_size(window, qtbot, tmp_path, zoom):
    window.resize(1400, 1000)
    painted, reference, dpr, zoom = painted_and_reference(window, qtbot, tmp_path, zoom)
    assert dpr == float(os.environ.get("RC_TEST_DPR", "1"))
    ink = reference < 128
    assert ink.mean() > 0.005  # the page has text in view, or the comparison would be empty
    mad = np.abs(painted - reference).mean()
    same = (painted == reference).all(axis=2).mean()
    print(
        f"zoom {zoom:.1%} dpr {dpr:g}: {reference.shape[1]}x{reference.shape[0]} px, "
        f"mean |difference| {mad:.3f}/255, identical pixels {same:.2%}"
    )
    assert mad < 2.0


def test_a_device_pixel_ratio_of_2_paints_crisp_pages_too(tmp_path):
    """The test above, in a process whose screens have a device pixel ratio of 2."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2", RC_TEST_DPR="2")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            f"{Path(__file__).resolve()}::test_a_painted_page_equals_pymupdfs_render_at_that_pixel_size",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(run.stdout[-3000:])
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    figures = re.findall(r"zoom [^\n]*", run.stdout)
    assert len(figures) == 4 and all("dpr 2:" in line for line in figures), figures
