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


@dataclass(frozen=True, slots=True)
class Query:
    pattern: re.Pattern[str]
    #: words an FTS index can use to find candidate documents; empty when it cannot help
    fts_terms: tuple[str, ...]


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
    if re.match(r"\w", words[0]):
        body = r"(?<!\w)" + body
    if re.search(r"[\w*]$", words[-1]):
        body = body + r"(?!\w)"
    terms = []
    for w in words:
        found = _WORD.findall(w)
        for i, t in enumerate(found):
            prefix = w.endswith("*") and i == len(found) - 1
            terms.append(t + "*" if prefix else t)
    return Query(re.compile(body, re.IGNORECASE), tuple(terms))


def regex_query(expression: str) -> Query:
    """Compile a regular expression. Raises InvalidInputError when it does not compile."""
    try:
        pattern = re.compile(expression)
    except re.error as exc:
        raise InvalidInputError(f"the regular expression does not compile: {exc}") from None
    return Query(pattern, ())


def matches(query: Query, text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every non-empty, non-overlapping match, in order."""
    for m in query.pattern.finditer(text):
        if m.end() > m.start():
            yield m.start(), m.end()


def fts_expression(terms: tuple[str, ...]) -> str | None:
    """An FTS5 query that every document containing the terms satisfies (AND of quoted terms)."""
    if not terms:
        return None
    quoted = []
    for t in terms:
        word = t.rstrip("*")
        quoted.append('"' + word.replace('"', '""') + '"' + ("*" if t.endswith("*") else ""))
    return " ".join(quoted)
