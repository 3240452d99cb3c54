"""The flow diagram as SVG (boxes, arrows and the numbers as text), and as PNG (the SVG
rendered by PyMuPDF)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from coder.analysis.flow import SampleFlow
from coder.atomic import write_bytes
from coder.pdf.render import svg_to_png

WIDTH = 760
LINE = 18
PAD = 10
MAIN_X, MAIN_W = 20, 380
SIDE_X, SIDE_W = 450, 290


def _box(x: int, y: int, w: int, lines: list[str], bold_first: bool = True) -> tuple[str, int]:
    h = PAD * 2 + LINE * len(lines)
    parts = [
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4" fill="#ffffff" '
        'stroke="#333333" stroke-width="1.2"/>'
    ]
    for i, text in enumerate(lines):
        weight = ' font-weight="bold"' if bold_first and i == 0 else ""
        parts.append(
            f'<text x="{x + PAD}" y="{y + PAD + LINE * (i + 1) - 5}"{weight}>{escape(text)}</text>'
        )
    return "\n".join(parts), h


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    """A line with a drawn head (no SVG markers: not every renderer draws them)."""
    if x1 == x2:  # down
        head = f"{x2 - 5},{y2 - 9} {x2 + 5},{y2 - 9} {x2},{y2}"
    else:  # right
        head = f"{x2 - 9},{y2 - 5} {x2 - 9},{y2 + 5} {x2},{y2}"
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#333333" stroke-width="1.2"/>'
        f'<polygon points="{head}" fill="#333333"/>'
    )


def flow_svg(flow: SampleFlow, title: str = "") -> str:
    """The diagram of the whole sample, then a table of the same numbers per review type."""
    w = flow.whole
    parts: list[str] = []
    y = 20
    if title:
        parts.append(
            f'<text x="{MAIN_X}" y="{y + 12}" font-size="16" font-weight="bold">'
            f"{escape(title)}</text>"
        )
        y += 34
    identified = [f"Records identified (n = {w.identified_total})"] + [
        f"{label}: {w.identified[label]}" for label in flow.repositories if w.identified[label]
    ]
    box, h1 = _box(MAIN_X, y, MAIN_W, identified)
    parts.append(box)
    dup_box, hd = _box(SIDE_X, y, SIDE_W, [f"Duplicates removed (n = {w.duplicates_removed})"])
    parts.append(dup_box)
    parts.append(_arrow(MAIN_X + MAIN_W, y + hd / 2, SIDE_X, y + hd / 2))
    y2 = y + max(h1, hd) + 40
    parts.append(_arrow(MAIN_X + MAIN_W / 2, y + h1, MAIN_X + MAIN_W / 2, y2))
    box, h2 = _box(MAIN_X, y2, MAIN_W, [f"Records screened (n = {w.screened})"])
    parts.append(box)
    excluded = [f"Records excluded (n = {w.excluded_total})"] + [
        f"{reason}: {w.excluded[reason]}" for reason in flow.reasons
    ]
    ex_box, he = _box(SIDE_X, y2, SIDE_W, excluded)
    parts.append(ex_box)
    parts.append(_arrow(MAIN_X + MAIN_W, y2 + h2 / 2, SIDE_X, y2 + h2 / 2))
    side_bottom = y2 + he
    if w.awaiting:
        ya = side_bottom + 16
        box, ha = _box(SIDE_X, ya, SIDE_W, [f"Awaiting a decision (n = {w.awaiting})"])
        parts.append(box)
        parts.append(_arrow(MAIN_X + MAIN_W + 20, ya + ha / 2, SIDE_X, ya + ha / 2))
        parts.append(
            f'<line x1="{MAIN_X + MAIN_W + 20}" y1="{y2 + h2 / 2}" x2="{MAIN_X + MAIN_W + 20}" '
            f'y2="{ya + ha / 2}" stroke="#333333" stroke-width="1.2"/>'
        )
        side_bottom = ya + ha
    y3 = max(y2 + h2 + 40, side_bottom + 24)
    parts.append(_arrow(MAIN_X + MAIN_W / 2, y2 + h2, MAIN_X + MAIN_W / 2, y3))
    box, h3 = _box(MAIN_X, y3, MAIN_W, [f"Reviews included (n = {w.included})"])
    parts.append(box)
    y = y3 + h3 + 36
    if flow.by_type:
        parts.append(f'<text x="{MAIN_X}" y="{y}" font-weight="bold">By review type</text>')
        y += 10
        heads = [
            "review type",
            "identified",
            "duplicates",
            "screened",
            "excluded",
            "awaiting",
            "included",
        ]
        xs = [MAIN_X, 250, 340, 430, 510, 590, 670]
        y += LINE
        for x, head in zip(xs, heads, strict=True):
            parts.append(f'<text x="{x}" y="{y}" font-style="italic">{head}</text>')
        for f in flow.by_type:
            y += LINE
            cells = [
                f.group,
                f.identified_total,
                f.duplicates_removed,
                f.screened,
                f.excluded_total,
                f.awaiting,
                f.included,
            ]
            for x, cell in zip(xs, cells, strict=True):
                parts.append(f'<text x="{x}" y="{y}">{escape(str(cell))}</text>')
        y += 20
    height = y + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" '
        'font-size="13">\n'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
        + "\n".join(parts)
        + "\n</svg>\n"
    )


def write_flow_svg(flow: SampleFlow, path: str | Path, title: str = "") -> str:
    text = flow_svg(flow, title)
    write_bytes(Path(path), text.encode("utf-8"))
    return text


def write_flow_png(svg: str, path: str | Path) -> None:
    write_bytes(Path(path), svg_to_png(svg.encode("utf-8")))
