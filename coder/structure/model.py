"""Headings, numbered paragraphs and sections: what detection finds, and what is in force
once a user's corrections are applied."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from coder.structure.kinds import OTHER

#: Bumped whenever detection changes what it finds; documents detected with an older
#: version are detected again (their corrections are replayed).
STRUCTURE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Heading:
    start: int  # document offsets of the heading's text, end exclusive
    end: int
    page: int  # 1-based
    level: int  # 1 is the top level
    number: str  # '5', '5.1', or '' when unnumbered
    title: str  # the heading's words after its number
    kind: str  # detected: the kind of its own words or ''; in force: its section's kind

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int  # from the paragraph's number to the end of its last line
    end: int
    page: int
    number: str  # '5.12', '12'


@dataclass(frozen=True)
class Structure:
    headings: tuple[Heading, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()

    def to_json(self) -> str:
        return json.dumps(
            {
                "headings": [
                    [h.start, h.end, h.page, h.level, h.number, h.title, h.kind]
                    for h in self.headings
                ],
                "paragraphs": [[p.start, p.end, p.page, p.number] for p in self.paragraphs],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, data: str) -> Structure:
        raw = json.loads(data)
        return cls(
            tuple(Heading(*h) for h in raw["headings"]),
            tuple(Paragraph(*p) for p in raw["paragraphs"]),
        )


@dataclass(frozen=True, slots=True)
class Correction:
    """A user's correction: ``kind`` (the heading at ``start`` is a section of kind
    ``value``), ``merge`` (the heading at ``start`` joins the heading before it) or
    ``paragraph`` (a paragraph numbered ``value`` starts at ``start``)."""

    action: str
    start: int
    value: str = ""


def inherit_kinds(headings: Sequence[Heading]) -> tuple[Heading, ...]:
    """Each heading with its section's kind: its own, else its parent's, else `other`."""
    out: list[Heading] = []
    stack: list[Heading] = []  # the open sections, outermost first
    for h in headings:
        while stack and stack[-1].level >= h.level:
            stack.pop()
        kind = h.kind or (stack[-1].kind if stack else OTHER)
        h = replace(h, kind=kind)
        stack.append(h)
        out.append(h)
    return tuple(out)


def apply_corrections(
    detected: Structure,
    corrections: Sequence[Correction],
    text: str,
    page_starts: Sequence[int],
) -> Structure:
    """The structure in force: ``detected`` with ``corrections`` applied in order (one that
    refers to a heading no longer found is skipped), and section kinds inherited.
    ``page_starts`` are the pages' first offsets, to place a paragraph on its page."""
    headings = list(detected.headings)
    paragraphs = list(detected.paragraphs)
    for c in corrections:
        at = next((i for i, h in enumerate(headings) if h.start == c.start), None)
        if c.action == "kind" and at is not None:
            headings[at] = replace(headings[at], kind=c.value)
        elif c.action == "merge" and at is not None and at > 0:
            before, h = headings[at - 1], headings[at]
            end = h.end if not text[before.end : h.start].strip() else before.end
            headings[at - 1] = replace(before, end=end, title=f"{before.title} {h.label}")
            del headings[at]
        elif c.action == "paragraph":
            paragraphs = _mark_paragraph(paragraphs, headings, c.start, c.value, text, page_starts)
    return Structure(inherit_kinds(headings), tuple(paragraphs))


def _mark_paragraph(
    paragraphs: list[Paragraph],
    headings: list[Heading],
    start: int,
    number: str,
    text: str,
    page_starts: Sequence[int],
) -> list[Paragraph]:
    page = max(1, bisect_right(page_starts, start))
    out = []
    end = None
    for p in paragraphs:
        if p.start == start:
            out.append(replace(p, number=number))
            end = -1
        elif p.start < start < p.end:  # split the paragraph it was part of
            out.append(replace(p, end=_trim(text, p.start, start)))
            end = p.end
            out.append(Paragraph(start, end, page, number))
        else:
            out.append(p)
    if end is None:  # in no paragraph: up to whatever comes next
        nexts = [p.start for p in paragraphs if p.start > start]
        nexts += [h.start for h in headings if h.start > start]
        end = _trim(text, start, min(nexts, default=len(text)))
        if end > start:
            out.append(Paragraph(start, end, page, number))
        out.sort(key=lambda p: p.start)
    return out


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


@dataclass(frozen=True, slots=True)
class Location:
    """Where a range sits: its innermost section, that section's kind, and the numbered
    paragraphs of its start and end ('' when outside any)."""

    section: str = ""
    section_kind: str = ""
    paragraph: str = ""
    paragraph_end: str = ""


class Locator:
    """Finds the section and paragraphs of ranges in one document (bisect, no scans)."""

    def __init__(self, structure: Structure) -> None:
        self._headings = structure.headings
        self._h_starts = [h.start for h in self._headings]
        self._paragraphs = structure.paragraphs
        self._p_starts = [p.start for p in self._paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        i = bisect_right(self._p_starts, offset) - 1
        if i >= 0 and offset < self._paragraphs[i].end:
            return self._paragraphs[i]
        return None

    def heading_at(self, offset: int) -> Heading | None:
        """The heading of the innermost section holding ``offset``."""
        i = bisect_right(self._h_starts, offset) - 1
        return self._headings[i] if i >= 0 else None

    def locate(self, start: int | None, end: int | None) -> Location:
        if start is None:
            return Location()
        heading = self.heading_at(start)
        first = self.paragraph_at(start)
        last = self.paragraph_at(max(start, (end or start + 1) - 1))
        return Location(
            heading.label if heading else "",
            heading.kind if heading else "",
            first.number if first else "",
            last.number if last else (first.number if first else ""),
        )


def cite(title: str, location: Location, page_start: int, page_end: int | None = None) -> str:
    """``(title, para 5.12, p. 34)``; ``paras 5.12–5.14`` across paragraphs, ``pp. 3–4``
    across pages, and the page alone outside numbered paragraphs."""
    return f"({citation_text(title, location, page_start, page_end)})"


def citation_text(
    title: str, location: Location, page_start: int, page_end: int | None = None
) -> str:
    """The citation without its brackets: ``title, para 5.12, p. 34``."""
    parts = [title]
    first, last = location.paragraph, location.paragraph_end
    if first and last and last != first:
        parts.append(f"paras {first}\u2013{last}")
    elif first or last:
        parts.append(f"para {first or last}")
    if page_end is not None and page_end != page_start:
        parts.append(f"pp. {page_start}\u2013{page_end}")
    else:
        parts.append(f"p. {page_start}")
    return ", ".join(parts)
