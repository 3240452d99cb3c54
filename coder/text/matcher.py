"""One matcher over stored text, shared by autocode and search, so offsets are exact.

A *phrase* matches case-insensitively, any run of whitespace in the text
(line and page breaks included) matches one space in the phrase, and a phrase
that starts or ends with a letter or digit only matches at a word boundary
("DASH" does not match inside "dashboard"). A word ending in ``*`` is a prefix
("assess*" matches assess, assessed, assessment). A *regex* is a Python regular
expression applied as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from coder.errors import InvalidInputError
from coder.text.model import normalise

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w").match


@dataclass(frozen=True, slots=True)
class Query:
    pattern: re.Pattern[str]
    #: words an FTS index can use to find candidate documents; empty when it cannot help
    fts_terms: tuple[str, ...]
    #: whether the terms must be adjacent (a phrase); then FTS can ask for the phrase
    adjacent: bool = False
    #: whether a match must start at a word boundary (checked outside the regex: a
    #: leading look-behind stops the regex engine from scanning fast, 3-4 times slower)
    word_start: bool = False


def phrase_query(phrase: str) -> Query:
    """Compile a phrase. Raises InvalidInputError for an empty phrase."""
    words = normalise(phrase).split()
    if not words or not any(w.rstrip("*") for w in words):
        raise InvalidInputError("the phrase is empty: give some words to match")
    # a word ending in * is a prefix: "assess*" matches assess, assessed, assessment
    pieces = [
        re.escape(w[:-1]) + r"\w*" if w.endswith("*") and len(w) > 1 else re.escape(w)
        for w in words
    ]
    body = r"\s+".join(pieces)
    word_start = bool(re.match(r"\w", words[0]))
    if re.search(r"[\w*]$", words[-1]):
        body = body + r"(?!\w)"
    terms = []
    for w in words:
        found = _WORD.findall(w)
        for i, t in enumerate(found):
            prefix = w.endswith("*") and i == len(found) - 1
            terms.append(t + "*" if prefix else t)
    # A match's words are the phrase's words separated only by whitespace, so their
    # tokens are adjacent: the index can be asked for the phrase, unless a prefix word
    # stands before the last (FTS5 allows a prefix only at a phrase's end).
    adjacent = not any(t.endswith("*") for t in terms[:-1])
    return Query(re.compile(body, re.IGNORECASE), tuple(terms), adjacent, word_start)


def regex_query(expression: str) -> Query:
    """Compile a regular expression. Raises InvalidInputError when it does not compile."""
    try:
        pattern = re.compile(expression)
    except re.error as exc:
        raise InvalidInputError(f"the regular expression does not compile: {exc}") from None
    return Query(pattern, ())


def matches(query: Query, text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every non-empty, non-overlapping match, in order."""
    if not query.word_start:
        for m in query.pattern.finditer(text):
            if m.end() > m.start():
                yield m.start(), m.end()
        return
    search = query.pattern.search
    pos = 0
    while True:
        found = search(text, pos)
        if found is None:
            return
        start, end = found.span()
        if start > 0 and _WORD_CHAR(text[start - 1]):
            pos = start + 1  # inside a word: look again from the next character
            continue
        if end > start:
            yield start, end
        pos = end if end > start else start + 1


def fts_expression(terms: tuple[str, ...], adjacent: bool = False) -> str | None:
    """An FTS5 query that every document holding a match satisfies: the terms as one
    phrase when they must be adjacent, else all of them anywhere."""
    if not terms:
        return None
    if adjacent:
        words = " ".join(t.rstrip("*").replace('"', '""') for t in terms)
        return f'"{words}"' + ("*" if terms[-1].endswith("*") else "")
    quoted = []
    for t in terms:
        word = t.rstrip("*")
        quoted.append('"' + word.replace('"', '""') + '"' + ("*" if t.endswith("*") else ""))
    return " ".join(quoted)
