"""The disclosure check, run before any briefing, theme report or excerpt export is written.

- A quote from a document that is unpublished or restricted (its own publication status, or
  its review's) is left out and counted, unless a researcher released it with a reason.
- Every quote that goes out is searched for the projects' sensitive terms and the case-data
  pseudonyms (whole words, any case, any spacing). A hit blocks the output, unless the term
  was overridden (in that quote, or everywhere) with a reason.
- The check's report is written beside the output (``FILE.disclosure.txt``), whether the
  output was written or blocked, listing every quote left out or released and every hit
  with its place.

In a pool, each project's statuses, releases and overrides apply to its own quotes; the
terms and pseudonyms of every project are checked against every quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coder.analysis.pool import Pool, PooledCoding
from coder.atomic import write_bytes
from coder.errors import CoderError
from coder.project import disclosure as repo
from coder.project.clock import utc_now
from coder.structure.model import Location, citation_text

SENSITIVE = "sensitive term"
PSEUDONYM = "case-data pseudonym"
_CONTEXT = 30


class DisclosureBlockedError(CoderError):
    """A sensitive term in a quote: nothing was written."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote about to go out, and where it comes from."""

    project: str  # the pool's label of its project
    coding_id: str
    document_id: str  # project-local
    text: str
    place: str  # the citation: review, paragraph, page


@dataclass(frozen=True, slots=True)
class Hit:
    term: str
    source: str  # SENSITIVE or PSEUDONYM
    quote: Quote
    context: str  # the words around the hit
    override: str | None = None  # the reason it was let through


@dataclass
class Disclosure:
    """What the check found. ``kept`` are the quotes that may go out."""

    kept: list[Quote] = field(default_factory=list)
    withheld: list[Quote] = field(default_factory=list)
    released: list[tuple[Quote, str]] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)  # blocking
    overridden: list[Hit] = field(default_factory=list)
    terms: int = 0
    pseudonyms: int = 0

    @property
    def blocked(self) -> bool:
        return bool(self.hits)

    def kept_ids(self) -> set[tuple[str, str]]:
        return {(q.project, q.coding_id) for q in self.kept}

    def summary(self) -> str:
        checked = len(self.kept) + len(self.withheld)
        parts = [
            f"{checked} quotes checked against {self.terms} sensitive terms and "
            f"{self.pseudonyms} pseudonyms",
            f"{len(self.withheld)} left out (unpublished or restricted)",
        ]
        if self.released:
            parts.append(f"{len(self.released)} released")
        if self.overridden:
            parts.append(f"{len(self.overridden)} term hits overridden")
        if self.hits:
            parts.append(f"{len(self.hits)} sensitive term hits BLOCK the output")
        return "; ".join(parts)

    def report(self, output: str) -> str:
        """The report as text: a summary, then each list with places."""
        lines = [
            "Disclosure check",
            f"output: {output}",
            f"checked: {utc_now()}",
            "",
            self.summary() + ".",
            "",
        ]
        if self.hits:
            lines.append("Sensitive terms found (the output was NOT written):")
            lines += [_hit_line(h) for h in self.hits]
            lines.append("")
        if self.withheld:
            lines.append("Left out (unpublished or restricted):")
            lines += [f"- {q.place} [coding {q.coding_id}, {q.project}]" for q in self.withheld]
            lines.append("")
        if self.released:
            lines.append("Released from a withheld document:")
            lines += [
                f"- {q.place} [coding {q.coding_id}, {q.project}]: {reason}"
                for q, reason in self.released
            ]
            lines.append("")
        if self.overridden:
            lines.append("Sensitive terms let through by an override:")
            lines += [f"{_hit_line(h)}: {h.override}" for h in self.overridden]
            lines.append("")
        return "\n".join(lines)


def _hit_line(hit: Hit) -> str:
    q = hit.quote
    where = f"{q.place} [coding {q.coding_id}, {q.project}]"
    return f"- '{hit.term}' ({hit.source}) in {where}: {hit.context}"


class DisclosureCheck:
    """The projects' disclosure settings, read once; ``check`` runs them over quotes."""

    def __init__(self, pool: Pool) -> None:
        self.statuses: dict[tuple[str, str], str] = {}
        self.releases: dict[tuple[str, str], str] = {}
        self.overrides: dict[tuple[str, str | None], str] = {}  # (term casefold, coding)
        terms: dict[str, tuple[str, str]] = {}  # casefold -> (as written, source)
        for label, project in zip(pool.labels, pool.projects, strict=True):
            for doc, status in repo.document_statuses(project).items():
                self.statuses[(label, doc)] = status
            for r in repo.list_releases(project):
                self.releases[(label, r.coding_id)] = r.reason
            for o in repo.list_overrides(project):
                key = (o.term.casefold(), f"{label}\0{o.coding_id}" if o.coding_id else None)
                self.overrides[key] = o.reason
            for t in repo.list_terms(project):
                terms.setdefault(_norm(t.term), (t.term, SENSITIVE))
            for name in repo.pseudonyms(project):
                terms.setdefault(_norm(name), (name, PSEUDONYM))
        self.terms = terms
        self.n_terms = sum(1 for _, s in terms.values() if s == SENSITIVE)
        self.n_pseudonyms = len(terms) - self.n_terms
        self._pattern = _pattern(terms)

    def check(self, quotes: Iterable[Quote]) -> Disclosure:
        out = Disclosure(terms=self.n_terms, pseudonyms=self.n_pseudonyms)
        for q in quotes:
            if self.statuses.get((q.project, q.document_id)) in repo.WITHHELD:
                reason = self.releases.get((q.project, q.coding_id))
                if reason is None:
                    out.withheld.append(q)
                    continue
                out.released.append((q, reason))
            out.kept.append(q)
            if self._pattern is None or not q.text:
                continue
            for m in self._pattern.finditer(q.text):
                term, source = self.terms[_norm(m.group(0))]
                context = _context(q.text, m.start(), m.end())
                reason = self.overrides.get(
                    (term.casefold(), f"{q.project}\0{q.coding_id}")
                ) or self.overrides.get((term.casefold(), None))
                hit = Hit(term, source, q, context, reason)
                (out.overridden if reason else out.hits).append(hit)
        return out


def _context(text: str, start: int, end: int) -> str:
    """The hit with up to ``_CONTEXT`` characters either side, in whole words, with an
    ellipsis where the quote goes on."""
    a, b = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    if a > 0:
        a = text.find(" ", a, start) + 1 or a
    if b < len(text):
        cut = text.rfind(" ", end, b)
        b = cut if cut > 0 else b
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _pattern(terms: dict[str, tuple[str, str]]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # longest first, so that "John Smith" is found as itself rather than as "John"
    alternatives = [
        r"\s+".join(re.escape(w) for w in key.split())
        for key in sorted(terms, key=lambda k: (-len(k), k))
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def quote_of(pool: Pool, c: PooledCoding) -> Quote:
    """A pooled coding as a quote, with its citation (review, paragraph, page)."""
    unit = pool.units.get(c.unit)
    name = unit.name if unit is not None else c.unit
    where = Location(c.section, c.section_kind, c.paragraph, c.paragraph_end)
    text = " ".join(c.quote.split()) if c.kind == "text" else ""
    return Quote(
        c.project,
        c.coding_id,
        c.document,
        text,
        citation_text(name, where, c.page_start, c.page_end or None),
    )


def report_path(output: Path) -> Path:
    """Where the check's report goes: beside the output, ``FILE.EXT.disclosure.txt`` (the
    output's name shortened where the whole would pass the file system's 255 bytes)."""
    tail = ".disclosure.txt"
    name = output.name
    room = 255 - len(tail.encode("utf-8"))
    while len(name.encode("utf-8")) > room:
        name = name[:-1]
    return output.with_name(name + tail)


def write_beside(found: Disclosure, output: Path) -> Path:
    """Write the check's report beside ``output``; returns its path."""
    where = report_path(output)
    write_bytes(where, found.report(str(output)).encode("utf-8"))
    return where


def guard(check: DisclosureCheck, quotes: Iterable[Quote], output: Path) -> Disclosure:
    """Run the check over the quotes of an output about to be written to ``output``
    (``refuse_hits``); the caller writes the output, then the report (``write_beside``)."""
    found = check.check(quotes)
    refuse_hits(found, output)
    return found


def refuse_hits(found: Disclosure, output: Path) -> None:
    """On a hit, write the report beside ``output`` and raise DisclosureBlockedError
    naming it."""
    if not found.blocked:
        return
    where = write_beside(found, output)
    terms = sorted({h.term for h in found.hits}, key=str.casefold)
    raise DisclosureBlockedError(
        f"{output.name} was not written: {len(found.hits)} quotes name sensitive terms "
        f"({', '.join(terms)}); each is listed in {where}. Take the quote out, or "
        "override the term with 'review-coder disclosure PROJECT --override TERM "
        "--reason TEXT'"
    )


def guarded_segments(pool: Pool, output: Path) -> tuple[list[str], list[tuple], Disclosure]:
    """The segments table of an excerpt export, checked: a withheld quote's cell is
    emptied (the coding stays, so counts match the other tables), and a sensitive term
    raises DisclosureBlockedError (with the report written beside ``output``)."""
    header, rows = pool.segments()
    table = list(rows)
    at = {name: header.index(name) for name in ("coding_id", "document_id", "quote", "kind")}
    label_at, cite_at = header.index("project"), header.index("citation")
    quotes = [
        Quote(
            str(r[label_at]),
            str(r[at["coding_id"]]),
            str(r[at["document_id"]]),
            " ".join(str(r[at["quote"]]).split()) if r[at["kind"]] == "text" else "",
            str(r[cite_at]).strip("()"),
        )
        for r in table
    ]
    found = guard(DisclosureCheck(pool), quotes, output)
    withheld = {(q.project, q.coding_id) for q in found.withheld}
    q_at = at["quote"]
    out = [
        (*r[:q_at], "", *r[q_at + 1 :])
        if (str(r[label_at]), str(r[at["coding_id"]])) in withheld
        else r
        for r in table
    ]
    return header, out, found
