"""Between the stored page space and what a reader sees.

Stored rectangles are in the page's unrotated space (origin top-left of the CropBox, PDF
points). A page shown with ``/Rotate`` r is that space turned clockwise by r degrees;
these are the same maps as PyMuPDF's ``page.rotation_matrix`` and its inverse.
"""

from __future__ import annotations

Rect = tuple[float, float, float, float]


def display_size(width: float, height: float, rotation: int) -> tuple[float, float]:
    """The page's size as shown (width and height swap at 90° and 270°)."""
    return (height, width) if rotation % 180 else (width, height)


def to_display_point(
    x: float, y: float, width: float, height: float, rotation: int
) -> tuple[float, float]:
    r = rotation % 360
    if r == 90:
        return height - y, x
    if r == 180:
        return width - x, height - y
    if r == 270:
        return y, width - x
    return x, y


def from_display_point(
    x: float, y: float, width: float, height: float, rotation: int
) -> tuple[float, float]:
    r = rotation % 360
    if r == 90:
        return y, height - x
    if r == 180:
        return width - x, height - y
    if r == 270:
        return width - y, x
    return x, y


def to_display(rect: Rect, width: float, height: float, rotation: int) -> Rect:
    """A stored rectangle as shown on the rotated page (normalised: x0 <= x1, y0 <= y1)."""
    ax, ay = to_display_point(rect[0], rect[1], width, height, rotation)
    bx, by = to_display_point(rect[2], rect[3], width, height, rotation)
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def from_display(rect: Rect, width: float, height: float, rotation: int) -> Rect:
    """A rectangle drawn on the shown page, in the stored unrotated space."""
    ax, ay = from_display_point(rect[0], rect[1], width, height, rotation)
    bx, by = from_display_point(rect[2], rect[3], width, height, rotation)
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
