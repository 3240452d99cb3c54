"""Section kinds, matched from a heading's words.

The table is ordered; a heading takes the kind whose phrase occurs earliest in it (ties go
to the kind listed first), so "Conclusions and recommendations" is `findings` and
"Recommendations and action plan" is `recommendations`. A heading that matches none takes
its parent section's kind, and a top-level heading that matches none is `other`. The
README lists the table; a project can add phrases of its own (``extra``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

OTHER = "other"

#: (kind, what it means, phrases: regular expressions matched case-insensitively)
KIND_TABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("summary", "executive summary", (r"\bexecutive summary\b", r"^summary$")),
    (
        "introduction",
        "introduction, preface, purpose of the review",
        (r"\bintroduction\b", r"\bpreface\b", r"\bpurpose of (the|this) review\b"),
    ),
    (
        "terms-of-reference",
        "terms of reference, scope, key lines of enquiry",
        (r"\bterms of reference\b", r"\bscope\b", r"\bkey lines of (enquiry|inquiry)\b"),
    ),
    (
        "methodology",
        "methodology, the review process",
        (r"\bmethodolog", r"\bmethods?\b", r"\breview process\b", r"\bprocess of the review\b"),
    ),
    (
        "background",
        "background, context, pen portraits",
        (r"\bbackground\b", r"\bcontext\b", r"\bpen portraits?\b"),
    ),
    (
        "chronology",
        "chronology, timeline, summary of events",
        (
            r"\bchronolog",
            r"\btimeline\b",
            r"\bsummary of (the )?(events|agency (contact|involvement))\b",
            r"\bnarrative\b",
        ),
    ),
    (
        "analysis",
        "analysis, key practice issues",
        (r"\banalys[ie]s\b", r"\bkey (practice )?(issues|themes)\b", r"\bpractice issues\b"),
    ),
    ("findings", "findings, conclusions", (r"\bfindings?\b", r"\bconclu(sions?|ding)\b")),
    ("lessons-learned", "lessons learned, learning", (r"\blessons?\b", r"\blearning\b")),
    (
        "good-practice",
        "good or notable practice",
        (r"\b(good|notable|effective) practice\b",),
    ),
    ("recommendations", "recommendations", (r"\brecommendations?\b",)),
    ("action-plan", "action plan", (r"\baction plans?\b",)),
    ("appendix", "appendix, annex", (r"\bappendi(x|ces)\b", r"\bannex(es)?\b")),
    (
        "glossary",
        "glossary, abbreviations",
        (r"\bglossary\b", r"\babbreviations\b", r"\bacronyms\b"),
    ),
)

KINDS: tuple[str, ...] = (*(k for k, _, _ in KIND_TABLE), OTHER)


def _compile(extra: Mapping[str, Sequence[str]]) -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for kind, _, phrases in KIND_TABLE:
        words = list(phrases) + [r"\b" + re.escape(p.lower()) + r"\b" for p in extra.get(kind, ())]
        patterns.append((kind, re.compile("|".join(words), re.IGNORECASE)))
    return patterns


_DEFAULT = _compile({})


class KindMatcher:
    """Matches headings to kinds: the shipped table, plus a project's own phrases."""

    def __init__(self, extra: Mapping[str, Sequence[str]] | None = None) -> None:
        self._patterns = _compile(extra) if extra else _DEFAULT

    def match(self, title: str) -> str:
        """The kind of a heading's own words, or '' when none matches."""
        best, best_at = "", len(title) + 1
        for kind, pattern in self._patterns:
            m = pattern.search(title)
            if m and m.start() < best_at:
                best, best_at = kind, m.start()
        return best


def check_kind(kind: str) -> str:
    """``kind`` if it is a known section kind; raises ValueError naming the kinds."""
    if kind not in KINDS:
        raise ValueError(f"unknown section kind '{kind}'; use one of: {', '.join(KINDS)}")
    return kind
