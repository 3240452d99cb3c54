"""The stored text model, version 1.

A document's text is built once at import from its words and stored; every
offset in the project refers to it. Offsets are Unicode code points, end
exclusive. Words are NFC-normalised, typographic ligatures are expanded
(U+FB01 "ﬁ" becomes "fi") and soft hyphens (U+00AD) are dropped. Separators:

* between words of a line: one space;
* between lines of a block: one newline;
* between blocks of a page: two newlines;
* between pages: one newline (so a phrase can run across a page break).

Changing any of this is a new ``TEXT_VERSION``; stored documents keep theirs.
"""

from __future__ import annotations

import unicodedata

TEXT_VERSION = 1

WORD_SEP = " "
LINE_SEP = "\n"
BLOCK_SEP = "\n\n"
PAGE_SEP = "\n"

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u00ad": None,  # soft hyphen: a line-breaking hint, not text
}
_TRANSLATE = str.maketrans(_LIGATURES)


def normalise(text: str) -> str:
    """Normalise text the way stored words are: ligatures expanded, soft hyphens dropped, NFC."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text.translate(_TRANSLATE))
