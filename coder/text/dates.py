"""Reading a date and a kind of police contact out of a passage of a review.

Dates in UK reports are written day first: "3 March 2021", "3rd of March 2021",
"03/03/2021", "3.3.21", "March 2021", or only a year. The result is a stored date
(``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, with ``~`` when the text says "about",
"around", "approximately" or "early/mid/late"); see ``coder.codebook.attribute_set``.
"""

from __future__ import annotations

import datetime
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_APPROX = (
    r"(?P<approx>\b(?:about|around|approximately|approx\.?|circa|c\.|early|mid|late)\s+(?:in\s+)?)?"
)
_PATTERNS = [
    re.compile(
        _APPROX
        + rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\.?,?"
        + r"\s+(?P<y>\d{4})\b",
        re.I,
    ),
    re.compile(
        _APPROX + rf"\b(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
        re.I,
    ),
    re.compile(_APPROX + r"\b(?P<d>\d{1,2})[/.\-](?P<mn>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})\b"),
    re.compile(_APPROX + rf"\b(?P<m>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b", re.I),
    # a bare year, not the end of a numeric date ("31/02/2021" is not "2021")
    re.compile(_APPROX + r"(?<![/.\-])\b(?P<y>(?:19|20)\d{2})\b"),
]


def find_date(text: str) -> str | None:
    """The first date the text gives, at the precision it gives it; None when there is none.

    Where several forms match, the one that starts first wins; at the same place, the more
    precise one."""
    best: tuple[int, int, str] | None = None
    for rank, pattern in enumerate(_PATTERNS):
        for m in pattern.finditer(text):
            value = _value(m)
            if value is None:
                continue
            start = m.start("approx") if m.group("approx") else m.start()
            candidate = (start, rank, value)
            if best is None or candidate < best:
                best = candidate
            break
    return best[2] if best else None


def _value(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = int(groups["y"])
    if len(groups["y"]) == 2:
        year += 2000 if year <= 50 else 1900
    month = groups.get("mn")
    month_number = int(month) if month else (_MONTHS[groups["m"].lower()] if groups.get("m") else 0)
    day = int(groups["d"]) if groups.get("d") else 0
    try:
        datetime.date(year, month_number or 1, day or 1)
    except ValueError:
        return None
    value = f"{year:04d}"
    if month_number:
        value += f"-{month_number:02d}"
        if day:
            value += f"-{day:02d}"
    return value + ("~" if groups.get("approx") else "")


# Checked in order: the first rule that matches names the contact. More specific kinds come
# before the general ones a passage about them also mentions ("attended and arrested").
_CONTACT_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "Clare's Law disclosure",
        re.compile(r"clare'?s law|domestic violence disclosure scheme|\bDVDS\b", re.I),
    ),
    ("MARAC", re.compile(r"\bMARAC\b", re.I)),
    ("MAPPA", re.compile(r"\bMAPPA\b", re.I)),
    ("MASH", re.compile(r"\bMASH\b")),
    (
        "protective order",
        re.compile(
            r"\bDVP[NO]\b|\bDAP[NO]\b|non-molestation|restraining order|protection order|"
            r"protective order|protection notice",
            re.I,
        ),
    ),
    ("DASH or other risk assessment", re.compile(r"\bDASH\b|risk assessment", re.I)),
    ("missing person report", re.compile(r"reported (?:as )?missing|missing person", re.I)),
    ("welfare check", re.compile(r"welfare check|check on (?:her|his|their) welfare", re.I)),
    ("voluntary interview", re.compile(r"voluntary interview|interviewed voluntarily", re.I)),
    ("arrest", re.compile(r"\barrest(?:ed|s)?\b", re.I)),
    ("custody", re.compile(r"\bcustody\b", re.I)),
    ("referral to another agency", re.compile(r"\breferr(?:al|ed)\b", re.I)),
    ("attendance", re.compile(r"\battend(?:ed|ance|s)?\b", re.I)),
    (
        "call for service",
        re.compile(
            r"\b999\b|\b101\b|called (?:the )?police|call(?:ed)? for service|phoned|telephoned",
            re.I,
        ),
    ),
]
_DASH_GRADE = re.compile(r"\b(standard|medium|high)[\s-]+risk\b", re.I)


def find_contact_type(text: str, choices: list[str]) -> str | None:
    """The kind of police contact a passage names, if it is one of ``choices``."""
    allowed = {c.casefold(): c for c in choices}
    for kind, pattern in _CONTACT_RULES:
        if kind.casefold() in allowed and pattern.search(text):
            return allowed[kind.casefold()]
    return None


def find_dash_grade(text: str, choices: list[str]) -> str | None:
    """A DASH grade the passage gives ("assessed as medium risk"), if one of ``choices``."""
    m = _DASH_GRADE.search(text)
    if not m:
        return None
    allowed = {c.casefold(): c for c in choices}
    return allowed.get(m.group(1).casefold())
