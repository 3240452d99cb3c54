"""How a file's PDF areas count pages and measure y (part of ``qdpx_import``).

The REFI-QDA schema says neither; the specification's example counts ``page`` from 0 and
puts the origin at the bottom-left of the MediaBox, as PDF does. Writers differ:
QualCoder counts pages from 0 and measures y from the top; Review Coder before this
version counted pages from 1 (its files say so by their ``origin``). For any other
writer the file itself decides when it can: an area on page 0, an area on page N of an
N-page PDF, or an area whose ``name`` (its quote, where a tool writes one) is the text
under it in one reading and not the other. Failing evidence, the specification's reading.
The rule that decided is kept for the import report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from coder.exchange.qde_read import QSelection
from coder.project.records import Page

Rect = tuple[float, float, float, float]

#: what Review Coder's own export adds to ``<Project origin>`` since it counts from 0
PAGES_FROM_ZERO = "PDF pages from 0"


@dataclass(frozen=True)
class Frame:
    base: int  # the number the file gives the first page: 0 or 1
    top: bool  # y measured from the top of the page (else from the bottom, as PDF does)
    rule: str  # what decided, for the report

    def page(self, sel: QSelection) -> int:
        """The 1-based page number of an area."""
        return sel.page + 1 - self.base

    def rect(self, sel: QSelection, p: Page) -> Rect | None:
        """The area in the stored page space (unrotated, origin at the top-left of the
        CropBox), clipped to the page; None when nothing of it is on the page."""
        fx, fy, sx, sy = sel.box
        xs = sorted((fx - p.crop_x, sx - p.crop_x))
        if self.top:
            ys = sorted((fy - p.crop_y, sy - p.crop_y))
        else:
            ys = sorted((p.media_height - fy - p.crop_y, p.media_height - sy - p.crop_y))
        x0, x1 = max(0.0, xs[0]), min(p.width, xs[1])
        y0, y1 = max(0.0, ys[0]), min(p.height, ys[1])
        if x1 - x0 < 1 or y1 - y0 < 1:
            return None
        return (x0, y0, x1, y1)


SPEC = "the REFI-QDA specification's reading (pages from 0, y from the bottom)"


def by_writer(origin: str) -> Frame | None:
    """The frame a known writer uses, or None."""
    lowered = origin.lower()
    if "qualcoder" in lowered:
        return Frame(0, True, "written by QualCoder: pages from 0, y from the top")
    if lowered.startswith("review coder"):
        if PAGES_FROM_ZERO.lower() in lowered:
            return Frame(0, False, "written by Review Coder: pages from 0, y from the bottom")
        return Frame(1, False, "written by an older Review Coder: pages from 1, y from the bottom")
    return None


@dataclass(frozen=True)
class Area:
    """An area of the file with what is known of its document: its pages by number and
    the text under a rectangle of a page (for the ``name`` evidence)."""

    selection: QSelection
    pages: dict[int, Page]
    text_under: Callable[[int, Rect], str]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def by_evidence(areas: list[Area], origin: str) -> Frame:
    """The frame the file's own areas point to (see the module's docstring)."""
    writer = f"written by {origin}" if origin else "written by an unknown program"
    scores: dict[tuple[int, bool], int] = {}
    for base in (0, 1):
        for top in (False, True):
            frame = Frame(base, top, "")
            score = 0
            for a in areas:
                name = _squeeze(a.selection.name)
                p = a.pages.get(frame.page(a.selection))
                if len(name) < 3 or p is None:
                    continue
                rect = frame.rect(a.selection, p)
                under = _squeeze(a.text_under(p.number, rect)) if rect else ""
                if under and (name in under or under in name):
                    score += 1
            scores[(base, top)] = score
    best = max(scores.values())
    winners = [k for k, v in scores.items() if v == best]
    if best and len(winners) == 1:
        base, top = winners[0]
        return Frame(
            base,
            top,
            f"{writer}: the text under {best} area(s) is their quote when pages count from "
            f"{base} and y from the {'top' if top else 'bottom'}",
        )
    if any(a.selection.page == 0 for a in areas):
        return Frame(0, False, f"{writer}: an area on page 0, so pages count from 0")
    beyond = [a for a in areas if a.pages and a.selection.page == max(a.pages)]
    if beyond:
        n = beyond[0].selection.page
        return Frame(1, False, f"{writer}: an area on page {n} of a {n}-page PDF, so from 1")
    return Frame(0, False, f"{writer}: no evidence in the file, so {SPEC}")
