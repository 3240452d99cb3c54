"""Detect headings and numbered paragraphs in a plain-text document, from its lines.

Blocks are runs of lines between blank lines. A block of one or two short lines with no
closing full stop is a heading when it is numbered (5.1 Police contact), set in capitals,
underlined (a following line of = or -), or named like a section (Recommendations). A
block starting with a number followed by text is a numbered paragraph, which runs on over
unnumbered blocks until the next numbered paragraph or heading.
"""

from __future__ import annotations

import re

from coder.structure.detect import OPENERS, split_number
from coder.structure.kinds import KindMatcher
from coder.structure.model import Heading, Paragraph, Structure

_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")


def detect_text(text: str, kinds: KindMatcher | None = None) -> Structure:
    kinds = kinds or KindMatcher()
    blocks = _blocks(text)
    headings: list[Heading] = []
    paragraphs: list[Paragraph] = []
    current: list = []
    for lines in blocks:
        start, end = lines[0][0], lines[-1][1]
        first = " ".join(text[lines[0][0] : lines[0][1]].split())
        heading = _heading(text, lines, kinds)
        if heading:
            if current:
                paragraphs.append(Paragraph(*current))
                current = []
            headings.append(heading)
            continue
        number, rest = split_number(first)
        if number and rest and (rest[0].isalpha() or rest[0] in OPENERS):
            if current:
                paragraphs.append(Paragraph(*current))
            current = [start, end, 1, number]
        elif current:
            current[1] = end
    if current:
        paragraphs.append(Paragraph(*current))
    return Structure(tuple(headings), tuple(paragraphs))


def _blocks(text: str) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines, each line as its (start, end) without outer spaces."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\r\n]*", text):
        line = m.group()
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        lead = len(line) - len(line.lstrip())
        current.append((m.start() + lead, m.start() + len(line.rstrip())))
    if current:
        blocks.append(current)
    return blocks


def _heading(text: str, lines: list[tuple[int, int]], kinds: KindMatcher) -> Heading | None:
    underline = 0
    if len(lines) == 2 and _UNDERLINE.match(text[lines[1][0] : lines[1][1]]):
        underline = 1 if "=" in text[lines[1][0] : lines[1][1]] else 2
        lines = lines[:1]
    if len(lines) > 2:
        return None
    start, end = lines[0][0], lines[-1][1]
    words = " ".join(text[start:end].split())
    if len(words) > 100 or len(words.split()) > 14 or words.endswith((".", ",", ";", ":")):
        return None
    if not any(c.isalpha() for c in words):
        return None
    number, title = split_number(words)
    kind = kinds.match(title)
    letters = [c for c in title if c.isalpha()]
    capitals = len(letters) > 3 and all(c.isupper() for c in letters)
    if number and title[:1].isupper():
        level = number.count(".") + 1
    elif underline:
        level = underline
    elif capitals or (kind and len(title.split()) <= 6):
        level = 1
    else:
        return None
    return Heading(start, end, 1, level, number, title, kind)
