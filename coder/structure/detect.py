"""Detect headings and numbered paragraphs in a PDF's stored lines.

In order:
1. running headers and footers: lines in the top or bottom tenth of a page whose text
   (digits aside) recurs on many pages, and page numbers there;
2. contents pages: a page headed "Contents", or one whose lines mostly end with a page
   number (and the pages that continue it);
3. the body font: the size holding most characters;
4. headings: short lines set larger than the body, or bold where the body is not, at the
   start of a block; wrapped lines of one heading are joined. Their level is the depth of
   their number (5.1 is level 2), or for unnumbered headings the level of numbered
   headings set in the same or the next smaller style;
5. numbered paragraphs: a block starting with a number (5.12, 5.12.3, 12.) at the left of
   its block, running until the next numbered paragraph or heading.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from coder.structure.kinds import KindMatcher
from coder.structure.lines import Line, PageInput, page_lines
from coder.structure.model import Heading, Paragraph, Structure

NUMBER = re.compile(r"(\d{1,2}(?:\.\d{1,3}){0,3})\.?")
_FIRST = re.compile(r"^(\S+)\s*(.*)$")
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
_CONTENTS = re.compile(r"^(table of )?contents$", re.IGNORECASE)
_TOC_ENTRY = re.compile(r"(\.{3,}|\u2026|\s)\s*\d{1,3}$")
_CAPTION = re.compile(r"^(table|figure|fig\.|chart|diagram|graph|image)\s+\d", re.IGNORECASE)
OPENERS = "\u201c\"'(\u2018"  # a paragraph may open with a quotation or a bracket
_BAND = 0.1  # top and bottom tenth of a page: where running headers and footers sit


def detect(pages: Sequence[PageInput], text: str, kinds: KindMatcher | None = None) -> Structure:
    """The headings and numbered paragraphs of a PDF document's stored pages and text."""
    lines = [ln for page in pages for ln in page_lines(page, text)]
    if not lines:
        return Structure()
    heights = {p.number: p.height for p in pages}
    skip = _furniture(lines, heights) | _contents_pages_lines(lines, heights)
    body = [ln for i, ln in enumerate(lines) if i not in skip]
    if not body:
        return Structure()
    size_chars: Counter[float] = Counter()
    bold_chars = 0
    for ln in body:
        size_chars[round(ln.size * 2) / 2] += ln.end - ln.start
        bold_chars += (ln.end - ln.start) if ln.bold else 0
    body_size = size_chars.most_common(1)[0][0]
    body_bold = bold_chars * 2 > sum(size_chars.values())
    heading_lines = _heading_groups(lines, skip, body_size, body_bold)
    headings = _headings(lines, heading_lines, kinds or KindMatcher())
    in_heading = {i for group in heading_lines for i in group}
    paragraphs = _paragraphs(lines, skip, in_heading)
    return Structure(tuple(headings), tuple(paragraphs))


def split_number(text: str) -> tuple[str, str]:
    """('5.12', 'rest of the line') when ``text`` starts with a section or paragraph
    number, else ('', text)."""
    m = _FIRST.match(text)
    if m:
        n = NUMBER.fullmatch(m.group(1))
        if n:
            return n.group(1), m.group(2)
    return "", text


def _furniture(lines: list[Line], heights: dict[int, float]) -> set[int]:
    """Running headers, footers and page numbers."""
    banded: list[tuple[int, str]] = []
    pages_of: defaultdict[str, set[int]] = defaultdict(set)
    for i, ln in enumerate(lines):
        h = heights[ln.page]
        if ln.y1 <= h * _BAND or ln.y0 >= h * (1 - _BAND):
            key = re.sub(r"\d+", "#", ln.text.lower())
            banded.append((i, key))
            pages_of[key].add(ln.page)
    n_pages = len({ln.page for ln in lines})
    recurring = max(2, round(0.3 * n_pages)) if n_pages > 2 else n_pages + 1
    return {
        i
        for i, key in banded
        if len(pages_of[key]) >= recurring or _PAGE_NUMBER.match(lines[i].text)
    }


def _contents_pages_lines(lines: list[Line], heights: dict[int, float]) -> set[int]:
    """Every line of a contents page: a page headed "Contents", one whose lines mostly end
    in a page number, and a page after a contents page that still does."""
    by_page: defaultdict[int, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        by_page[ln.page].append(i)
    out: set[int] = set()
    previous_was_contents = False
    for page in sorted(by_page):
        idx = by_page[page]
        titled = any(_CONTENTS.match(lines[i].text) for i in idx[:4])
        entries = sum(
            1 for i in idx if lines[i].text[-1:].isdigit() and _TOC_ENTRY.search(lines[i].text)
        )
        listing = entries >= 3 and entries >= 0.4 * len(idx)
        if titled or listing or (previous_was_contents and entries >= 0.4 * len(idx)):
            out.update(idx)
            previous_was_contents = True
        else:
            previous_was_contents = False
    return out


def _looks_like_heading(ln: Line, body_size: float, body_bold: bool) -> bool:
    larger = ln.size >= body_size + 0.9
    bolder = ln.bold and not body_bold and ln.size >= body_size - 0.6
    if not (larger or bolder):
        return False
    t = ln.text
    if len(t) > 160 or len(t.split()) > 22 or not any(c.isalpha() for c in t):
        return False
    return not (_CAPTION.match(t) or t.endswith((",", ";")))


def _heading_groups(
    lines: list[Line], skip: set[int], body_size: float, body_bold: bool
) -> list[list[int]]:
    groups: list[list[int]] = []
    for i, ln in enumerate(lines):
        if i in skip or not _looks_like_heading(ln, body_size, body_bold):
            continue
        prev = lines[i - 1] if i > 0 else None
        continues = (
            groups
            and groups[-1][-1] == i - 1
            and prev is not None
            and prev.page == ln.page
            and prev.same_style(ln)
            and -0.6 * ln.size <= ln.y0 - prev.y1 <= 0.8 * ln.size
            and not split_number(ln.text)[0]
        )
        if continues:
            groups[-1].append(i)
        elif ln.block_start or prev is None or not prev.same_style(ln):
            groups.append([i])
    return groups


def _headings(lines: list[Line], groups: list[list[int]], kinds: KindMatcher) -> list[Heading]:
    found = []
    for group in groups:
        first, last = lines[group[0]], lines[group[-1]]
        words = " ".join(lines[i].text for i in group)
        number, title = split_number(words)
        style = (round(first.size * 2) / 2, first.bold)
        found.append((first, last, number, title or words, style))
    # numbered headings fix the level of their style; unnumbered ones take the level of
    # the numbered style at or below theirs
    depth_by_style: defaultdict[tuple[float, bool], Counter[int]] = defaultdict(Counter)
    for _, _, number, _, style in found:
        if number:
            depth_by_style[style][number.count(".") + 1] += 1
    numbered = {s: c.most_common(1)[0][0] for s, c in depth_by_style.items()}
    pages_of: defaultdict[tuple[float, bool], set[int]] = defaultdict(set)
    for first, _, _, _, style in found:
        pages_of[style].add(first.page)
    # a style seen only on the first page (a cover's title) is level 1 and takes no rank
    levels = {s: 1 for s, pages in pages_of.items() if pages == {1} and s not in numbered}
    levels.update(numbered)
    ranked = sorted(
        (s for s in pages_of if s not in levels or s in numbered), key=lambda s: (-s[0], not s[1])
    )
    deepest = max(numbered.values(), default=0)
    rank = 0
    for i, style in enumerate(ranked):
        if style in numbered:
            continue
        below = [numbered[s] for s in ranked[i + 1 :] if s in numbered]
        rank += 1
        levels[style] = below[0] if below else (deepest + 1 if numbered else rank)
    out = []
    for first, last, number, title, style in found:
        level = number.count(".") + 1 if number else levels[style]
        out.append(
            Heading(first.start, last.end, first.page, level, number, title, kinds.match(title))
        )
    return out


def _paragraphs(lines: list[Line], skip: set[int], in_heading: set[int]) -> list[Paragraph]:
    out: list[Paragraph] = []
    current: list = []  # [start, end, page, number] of the open paragraph
    block_left = _block_lefts(lines)
    for i, ln in enumerate(lines):
        if i in skip:
            continue
        if i in in_heading:
            _close(out, current)
            continue
        number = ""
        if ln.block_start and ln.text[:1].isdigit() and ln.x0 <= block_left[i] + 1.5:
            number, rest = split_number(ln.text)
            if not rest or not (rest[0].isalpha() or rest[0] in OPENERS):
                number = ""
        if number:
            _close(out, current)
            current[:] = [ln.start, ln.end, ln.page, number]
        elif current:
            current[1] = ln.end
    _close(out, current)
    return out


def _close(out: list[Paragraph], current: list) -> None:
    if current:
        out.append(Paragraph(*current))
        current.clear()


def _block_lefts(lines: list[Line]) -> list[float]:
    """For each line, the leftmost x0 of the lines of its block."""
    lefts = [0.0] * len(lines)
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or lines[i].block_start or lines[i].page != lines[start].page:
            left = min(ln.x0 for ln in lines[start:i])
            for j in range(start, i):
                lefts[j] = left
            start = i
    return lefts
