"""Theme reports: for one code (with its sub-codes), the definition, counts by review type,
then every excerpt grouped by review with its citation (review, page) and effect, ready
to draft a practice briefing from. HTML, and PDF made from the same HTML."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path

from coder._version import __version__
from coder.analysis.disclosure import (
    Disclosure,
    DisclosureCheck,
    guard,
    quote_of,
    write_beside,
)
from coder.analysis.pool import NO_VALUE, Pool, PooledCoding, split_values
from coder.atomic import write_bytes
from coder.errors import InvalidInputError
from coder.progress import NO_PROGRESS, Progress
from coder.project import recommendations
from coder.project.clock import utc_now
from coder.project.recommendations import Recommendation
from coder.structure.model import Location, citation_text

EFFECT_TEXT = {"supports": "supports practice", "hinders": "hinders practice"}
CSS = """
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 17pt; margin-bottom: 2pt; } h2 { font-size: 13pt; margin-top: 14pt; }
.meta { color: #555; font-size: 9pt; }
.definition { margin: 6pt 0; }
table { border-collapse: collapse; margin: 6pt 0; }
td, th { border: 1px solid #bbb; padding: 2pt 6pt; text-align: left; }
blockquote { margin: 6pt 0 2pt 12pt; padding-left: 8pt; border-left: 3px solid #999; }
.cite { color: #444; font-size: 9pt; margin: 0 0 8pt 20pt; }
.supports { color: #1a7f37; } .hinders { color: #b3261e; }
"""


def theme_codes(pool: Pool, code_path: str, framework: str | None = None) -> set[str]:
    """The pooled code ids a theme covers: a code and its sub-codes, or (with
    ``framework``) every code mapped to the category ``code_path`` and their sub-codes."""
    if framework is None:
        return set(pool.descendants(pool.find_code(code_path).id))
    from coder.analysis.framework_rollup import Rollup

    rollup = Rollup(pool, framework)
    return set(rollup.covers.get(rollup.category(code_path), set()))


def report_html(
    pool: Pool,
    code_path: str,
    framework: str | None = None,
    disclosure: Disclosure | None = None,
) -> tuple[str, int]:
    """The report as HTML, and the number of excerpts in it. With ``framework``,
    ``code_path`` names a category of that framework, and the report covers every code
    mapped to it (and their sub-codes), saying which mapping was used. With
    ``disclosure`` (the check's result), only the quotes it kept are shown and the report
    says how many were left out."""
    mapping = ""
    if framework is None:
        code = pool.find_code(code_path)
        codes = set(pool.descendants(code.id))
        title, definition = code.path, code.definition
    else:
        from coder.analysis.framework_rollup import Rollup

        rollup = Rollup(pool, framework)
        category = rollup.category(code_path)
        codes = set(rollup.covers.get(category, set()))
        title = f"{rollup.name}: {category}"
        definition = rollup.descriptions.get(category, "")
        mapped = sorted(pool.code(c).path for c in codes)
        mapping = (
            f"<p class='meta'>By {html.escape(rollup.describe())}; {html.escape(rollup.citation)} "
            f"Codes counted here: {html.escape('; '.join(mapped) or 'none')}.</p>"
        )
    excerpts = [c for c in pool.codings if c.code in codes]
    if disclosure is not None:
        kept = disclosure.kept_ids()
        excerpts = [c for c in excerpts if (c.project, c.coding_id) in kept]
    e = html.escape
    parts = [
        f"<h1>{e(title)}</h1>",
        f"<p class='meta'>Theme report, Review Coder {e(__version__)}, {e(utc_now()[:10])}; "
        f"projects: {e(', '.join(pool.labels))}; coders: "
        f"{e(', '.join(sorted(pool.coders)) if pool.coders else 'all')}.</p>",
    ]
    if mapping:
        parts.append(mapping)
    if definition:
        parts.append(f"<p class='definition'><b>Definition.</b> {e(definition)}</p>")
    if disclosure is not None and disclosure.withheld:
        parts.append(
            f"<p class='meta'>{len(disclosure.withheld)} excerpts from unpublished or "
            "restricted documents are left out (see the disclosure report).</p>"
        )
    parts.append(_counts_table(pool, codes))
    parts.append(_recommendations_html(pool, codes))
    by_unit: dict[str, list] = defaultdict(list)
    for c in excerpts:
        by_unit[c.unit].append(c)
    parts.append(f"<h2>Excerpts ({len(excerpts)} from {len(by_unit)} reviews)</h2>")
    for unit_key in sorted(by_unit, key=lambda k: pool.units[k].name.casefold()):
        unit = pool.units[unit_key]
        parts.append(f"<h2>{e(unit.name)}</h2>")
        for c in sorted(by_unit[unit_key], key=lambda c: (c.page_start, c.char_start or 0)):
            quote = " ".join(c.quote.split()) if c.kind == "text" else "[an area of the page]"
            effect = EFFECT_TEXT.get(c.effect or "", "")
            effect_html = f" · <span class='{c.effect}'>{e(effect)}</span>" if effect else ""
            if c.judgement:
                effect_html += f" · {e(c.judgement.replace('_', ' '))}"
            sub = pool.code(c.code).path
            cited = citation_text(unit.name, _where(c), c.page_start, c.page_end)
            parts.append(
                f"<blockquote>“{e(quote)}”</blockquote>"
                f"<p class='cite'>{e(cited)}{effect_html}"
                f" · {e(sub)} · {e(c.coder)}</p>"
            )
    body = "\n".join(parts)
    page = (
        f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{e(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n"
        "</body></html>\n"
    )
    return page, len(excerpts)


def linked_recommendations(pool: Pool, codes: set[str]) -> list[tuple[str, Recommendation]]:
    """(review name, recommendation) for each recommendation of the pooled projects linked
    to one of ``codes`` (pooled ids), by review name then register order."""
    out = []
    for index, project in enumerate(pool.projects):
        names = recommendations.review_names(project)
        for rec in recommendations.list_recommendations(project):
            if any(pool.canonical(index, c) in codes for c in rec.code_ids):
                out.append((names.get(rec.review_id, ""), rec))
    return sorted(out, key=lambda pair: pair[0].casefold())  # stable: register order kept


def _recommendations_html(pool: Pool, codes: set[str]) -> str:
    linked = linked_recommendations(pool, codes)
    if not linked:
        return ""
    e = html.escape
    items = []
    for review, rec in linked:
        who = "; ".join(a.label for a in rec.addressees)
        items.append(
            f"<li><b>{e(review)}, {e(rec.label or 'unnumbered')}</b>: {e(rec.text)} "
            f"<span class='meta'>({e(who + '; ' if who else '')}{e(rec.scope)}; "
            f"status: {e(rec.status)})</span></li>"
        )
    return (
        f"<h2>Recommendations linked to this theme ({len(linked)})</h2><ul>"
        + "".join(items)
        + "</ul>"
    )


def _where(c: PooledCoding) -> Location:
    return Location(c.section, c.section_kind, c.paragraph, c.paragraph_end)


def _counts_table(pool: Pool, codes: set[str]) -> str:
    coded = {c.unit for c in pool.codings if c.code in codes}
    attribute = next((n for n in pool.attribute_names if n.casefold() == "review type"), None)
    totals: Counter[str] = Counter()
    with_code: Counter[str] = Counter()
    for unit in pool.units.values():
        values = split_values(unit.attributes.get(attribute, "")) if attribute else ["all"]
        for v in values:
            totals[v] += 1
            if unit.key in coded:
                with_code[v] += 1
    e = html.escape
    rows = []
    for value in sorted(totals, key=lambda v: (v in ("not stated", NO_VALUE), v.casefold())):
        share = with_code[value] / totals[value] if totals[value] else 0
        rows.append(
            f"<tr><td>{e(value)}</td><td>{with_code[value]}</td><td>{totals[value]}"
            f"</td><td>{share:.0%}</td></tr>"
        )
    head = "Review type" if attribute else "Reviews"
    return (
        "<h2>Reviews with this theme</h2><table><tr><th>" + head + "</th><th>With the "
        "theme</th><th>Reviews</th><th>Share</th></tr>" + "".join(rows) + "</table>"
    )


def write_report(
    pool: Pool,
    code_path: str,
    path: Path,
    framework: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> int:
    """Write the report as .html or .pdf (for a framework's category with ``framework``),
    after the disclosure check: its report is written beside the output, and a sensitive
    term raises DisclosureBlockedError with nothing written. Returns the number of
    excerpts. Raises Cancelled from ``progress``, with nothing written."""
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise InvalidInputError(f"{path.name}: a report is .html or .pdf")
    steps = 4 if suffix == ".pdf" else 3
    progress.step(0, steps)
    codes = theme_codes(pool, code_path, framework)
    check = DisclosureCheck(pool)
    quotes = [quote_of(pool, c) for c in pool.codings if c.code in codes]
    found = guard(check, quotes, path)
    progress.step(1, steps)
    page, count = report_html(pool, code_path, framework, found)
    progress.step(2, steps)
    if suffix == ".pdf":
        from coder.pdf.story import html_to_pdf

        data = html_to_pdf(page.split("<body>", 1)[1].rsplit("</body>", 1)[0], CSS)
        progress.step(3, steps)
    else:
        data = page.encode("utf-8")
    write_bytes(path, data)
    write_beside(found, path)
    return count
