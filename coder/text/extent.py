"""Widening a match to the sentence or paragraph around it, on the stored text model.

Paragraphs are the text layer's blocks: the text model puts a blank line (two newlines)
between blocks and one newline between the lines of a block and between pages, so a
paragraph that a page break cuts stays whole. A sentence ends at ``.``, ``!`` or ``?``
(and any closing quotes or brackets) followed by whitespace and a capital letter, a digit,
an opening quote or bracket, or at a paragraph's end; a few abbreviations that take a
capital after them (Dr., Mr., No.) do not end one. Autocode's ``--extend`` and search's
"code all hits" use these, as NVivo's broad context and MAXQDA's autocode do.
"""

from __future__ import annotations

import re
from typing import Literal

from coder.errors import InvalidInputError

Extent = Literal["hit", "sentence", "paragraph"]
EXTENTS: tuple[Extent, ...] = ("hit", "sentence", "paragraph")

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# the end of a sentence: terminal punctuation, closing quotes/brackets, then whitespace
# before something that starts a sentence
_SENTENCE_END = re.compile(r"""[.!?][”’"')\]]*(?=\s+[“‘"'(\[]?[A-Z0-9À-ÖØ-Þ])""")
# abbreviations that do not end a sentence: a title before a name, a number's label before
# a number, and the Latin ones
_TITLE = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sgt|Insp|Supt)\.$")
_NUMBERED = re.compile(r"\b(?:No|Nos|no|para|paras|p|pp|vol|fig|Fig|s)\.$")
_LATIN = re.compile(r"\b(?:e\.g|i\.e|cf|etc|approx|viz)\.$")


def _ends_sentence(text: str, m: re.Match[str], floor: int) -> bool:
    before = text[max(floor, m.start() - 8) : m.start() + 1]
    if _TITLE.search(before) or _LATIN.search(before):
        return False
    following = text[m.end() :].lstrip()[:1]
    return not (_NUMBERED.search(before) and following.isdigit())


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraphs holding ``text[start:end]``: from the first one's start to the last
    one's end, without surrounding whitespace."""
    lo = 0
    for m in _PARAGRAPH_BREAK.finditer(text, 0, start):
        lo = m.end()
    found = _PARAGRAPH_BREAK.search(text, max(start, end - 1) if end > start else start)
    hi = found.start() if found else len(text)
    return _trim(text, lo, max(hi, end))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentences holding ``text[start:end]``, within its paragraphs."""
    p_lo, p_hi = paragraph_bounds(text, start, end)
    lo, hi = p_lo, p_hi
    last = max(start, end - 1)
    # the whole paragraph is scanned: the look-ahead must see past the hit
    for m in _SENTENCE_END.finditer(text, p_lo, p_hi):
        if not _ends_sentence(text, m, p_lo):
            continue
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= last:
            hi = m.end()
            break
    return _trim(text, lo, max(hi, end))


def extend(text: str, start: int, end: int, extent: Extent) -> tuple[int, int]:
    """``[start, end)`` widened to its sentence or paragraph (``"hit"``: unchanged)."""
    if extent == "sentence":
        return sentence_bounds(text, start, end)
    if extent == "paragraph":
        return paragraph_bounds(text, start, end)
    return start, end


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def check_extent(extent: str) -> Extent:
    """``extent`` if it is one of hit, sentence, paragraph; else InvalidInputError."""
    for known in EXTENTS:
        if extent == known:
            return known
    raise InvalidInputError(f"unknown extent {extent!r}: use hit, sentence or paragraph")
