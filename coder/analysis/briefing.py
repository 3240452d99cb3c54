"""A themed practice briefing, computed from the coded data: the sample, the method, and per
theme the reviews raising it (of the sample, by review type), good practice against missed
opportunities, the factors that supported or hindered practice, the starred quotes with
their citations and the researcher's considerations and questions; then an appendix (the
themes' codes with their definitions, the reviews cited).

Every number comes from the pool's own tables (``Pool.crosstab``, ``Rollup.crosstab``,
``links_table``), so a briefing says what ``export`` says. The briefing is laid out as
plain blocks (``Heading``, ``Para``, ``Table``, ``Quote``, ``Bullets``) that the DOCX,
HTML and PDF writers render; the disclosure check decides which quotes go in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from coder.analysis.disclosure import Disclosure, DisclosureCheck, quote_of
from coder.analysis.disclosure import Quote as DisclosedQuote
from coder.analysis.explains import links_table
from coder.analysis.framework_rollup import Rollup
from coder.analysis.pool import NO_VALUE, Pool, PooledCoding, _value_order, split_values
from coder.errors import InvalidInputError, NotFoundError
from coder.project import briefings as repo
from coder.project import recommendations as rec_repo
from coder.project.briefings import Briefing, Theme

TYPE_ATTRIBUTE = "review type"
YEAR_ATTRIBUTE = "publication year"
EFFECT_TEXT = {"supports": "supported practice", "hinders": "hindered practice"}
DEFAULT_METHOD = (
    "Each review was read in full and coded against the project's codebook. A review "
    "counts as raising a theme when at least one passage of it was coded under the theme "
    "(or under one of its sub-codes); it counts once however many passages it has. Good "
    "practice and missed opportunities are the coders' judgements of passages about "
    "practice; the factors are passages coded as explaining a piece of practice, and "
    "whether they supported or hindered it. Quotes are cited by review, paragraph and page."
)


# -- the blocks a writer renders ------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int  # 0: the title
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = ""  # "", "meta" (small print), "lead"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    note: int  # the citation's number in the notes


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False


Block = Heading | Para | Table | Quote | Bullets


# -- the numbers ----------------------------------------------------------------------------


@dataclass
class ThemeNumbers:
    label: str
    definition: str
    codes: set[str]  # pooled code ids covered
    raising: int  # reviews (units) with at least one coding under the theme
    total: int  # reviews in the sample
    by_type: list[tuple[str, int, int]]  # (review type, raising, reviews of that type)
    judged: dict[str, tuple[int, int]]  # judgement -> (reviews, passages)
    factors: list[tuple[str, str, int, int]]  # (factor path, effect, reviews, links)
    quotes: list[PooledCoding] = field(default_factory=list)
    recommendations: list[LinkedRecommendation] = field(default_factory=list)


@dataclass(frozen=True)
class LinkedRecommendation:
    """A recommendation of the register linked to a theme (by a code or a coding)."""

    text: str  # its label and text
    review: str
    status: str  # the current status, with its date
    quote: DisclosedQuote  # its text as the disclosure check sees it


def theme_recommendations(pool: Pool, covered: set[str]) -> list[LinkedRecommendation]:
    """The register's recommendations linked to a theme's codes, or to codings under them,
    in register order per project."""
    out = []
    for index, (label, project) in enumerate(zip(pool.labels, pool.projects, strict=True)):
        under = {c.coding_id for c in pool.codings if c.project == label and c.code in covered}
        for rec in rec_repo.list_recommendations(project):
            codes = {pool.canonical(index, c) for c in rec.code_ids}
            if not (codes & covered or under & set(rec.coding_ids)):
                continue
            unit = pool.units.get(rec.review_id)
            review = unit.name if unit is not None else ""
            status = rec.status
            if rec.statuses:
                status += f" ({rec.statuses[-1].date})"
            text = f"{rec.label}: {rec.text}" if rec.label else rec.text
            place = f"{review}, recommendation {rec.label}".strip(", ")
            quote = DisclosedQuote(label, rec.id, rec.document_id or "", rec.text, place)
            out.append(LinkedRecommendation(text, review, status, quote))
    return out


def _attribute(pool: Pool, name: str) -> str | None:
    return next((n for n in pool.attribute_names if n.casefold() == name), None)


def theme_numbers(pool: Pool, theme: Theme, index: int = 0) -> ThemeNumbers:
    """A theme's numbers over the pool; ``index`` is the position in the pool of the
    project the briefing (and so the theme's code id) belongs to."""
    type_attr = _attribute(pool, TYPE_ATTRIBUTE)
    if theme.code_id is not None:
        canon = pool.canonical(index, theme.code_id)
        if canon is None:
            raise NotFoundError("a theme's code is no longer in the project")
        code = pool.code(canon)
        label, definition = code.path, code.definition
        covered = set(pool.descendants(canon))
        raising = len(pool.units_with(rollup=True).get(canon, set()))
        rows = pool.crosstab(type_attr, rollup=True)[1] if type_attr else []
        by_type = [(r[3], r[4], r[5]) for r in rows if r[0] == canon]
    else:
        rollup = Rollup(pool, theme.framework or "")
        category = rollup.category(theme.category or "")
        label = category
        definition = rollup.descriptions.get(category, "")
        covered = set(rollup.covers.get(category, set()))
        raising = sum(1 for per in rollup.unit_counts().values() if per.get(category))
        rows = rollup.crosstab(type_attr)[1] if type_attr else []
        by_type = [(r[3], r[4], r[5]) for r in rows if r[1] == category]
    judged: dict[str, tuple[int, int]] = {}
    for judgement in ("good_practice", "missed_opportunity"):
        found = [c for c in pool.codings if c.code in covered and c.judgement == judgement]
        judged[judgement] = (len({c.unit for c in found}), len(found))
    header, link_rows = links_table(pool)
    at = {name: i for i, name in enumerate(header)}
    units: dict[tuple[str, str], set[str]] = defaultdict(set)
    links: Counter[tuple[str, str]] = Counter()
    for r in link_rows:
        if r[at["practice_code_id"]] in covered:
            key = (r[at["factor_code_path"]], r[at["effect"]])
            units[key].add(r[at["unit_id"]])
            links[key] += 1
    factors = sorted(
        ((path, effect, len(u), links[(path, effect)]) for (path, effect), u in units.items()),
        key=lambda f: (-f[2], f[1] != "supports", f[0].casefold()),
    )
    return ThemeNumbers(
        label, definition, covered, raising, len(pool.units), by_type, judged, factors
    )


def sample_table(pool: Pool) -> Table:
    """Reviews by type (rows) and publication year (columns), with totals."""
    type_attr = _attribute(pool, TYPE_ATTRIBUTE)
    year_attr = _attribute(pool, YEAR_ATTRIBUTE)
    cells: Counter[tuple[str, str]] = Counter()
    types: set[str] = set()
    years: set[str] = set()
    for unit in pool.units.values():
        kinds = split_values(unit.attributes.get(type_attr, "")) if type_attr else ["reviews"]
        year = unit.attributes.get(year_attr, "") if year_attr else ""
        year = year or NO_VALUE
        for kind in kinds:
            cells[(kind, year)] += 1
            types.add(kind)
        years.add(year)
    year_list = sorted(years, key=_value_order)
    rows = []
    for kind in sorted(types, key=_value_order):
        counts = [cells[(kind, y)] for y in year_list]
        rows.append((kind, *(str(n) for n in counts), str(sum(counts))))
    totals = [sum(cells[(k, y)] for k in types) for y in year_list]
    rows.append(("All reviews", *(str(n) for n in totals), str(len(pool.units))))
    head = "Review type" if type_attr else ""
    return Table(
        (head, *year_list, "Total"),
        tuple(rows),
        "Reviews in the sample by type and year of publication",
    )


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _share(n: int, of: int) -> str:
    return f"{n / of:.0%}" if of else "–"


@dataclass
class BriefingDocument:
    """A briefing laid out: its blocks, its numbered citations and what the disclosure
    check found."""

    title: str
    blocks: list[Block]
    notes: list[str]
    disclosure: Disclosure
    themes: list[ThemeNumbers]
    missing: int = 0  # starred codings no longer in the pool


def build_document(pool: Pool, briefing: Briefing, index: int = 0) -> BriefingDocument:
    """Lay the briefing out over the pool, running the disclosure check over its starred
    quotes (it does not raise: the caller decides, see ``coder.analysis.disclosure``)."""
    by_id = {c.coding_id: c for c in pool.codings}
    numbers = [theme_numbers(pool, t, index) for t in briefing.themes]
    starred: list[tuple[int, PooledCoding]] = []
    missing = 0
    for i, theme in enumerate(briefing.themes):
        for coding_id in theme.stars:
            c = by_id.get(coding_id)
            if c is None:
                missing += 1
            else:
                starred.append((i, c))
    recs = [theme_recommendations(pool, n.codes) for n in numbers]
    found = DisclosureCheck(pool).check(
        [
            *(quote_of(pool, c) for _, c in starred),
            *(r.quote for linked in recs for r in linked),
        ]
    )
    kept = found.kept_ids()
    for i, c in starred:
        if (c.project, c.coding_id) in kept:
            numbers[i].quotes.append(c)
    for i, linked in enumerate(recs):
        numbers[i].recommendations = [
            r for r in linked if (r.quote.project, r.quote.coding_id) in kept
        ]

    blocks: list[Block] = [Heading(0, briefing.title or briefing.name)]
    if briefing.audience:
        blocks.append(Para(f"For {briefing.audience}", "lead"))
    total = len(pool.units)
    blocks.append(Heading(1, "The sample"))
    blocks.append(Para(_sample_text(pool)))
    blocks.append(sample_table(pool))
    blocks.append(Heading(1, "Method"))
    blocks.append(Para(briefing.method or DEFAULT_METHOD))
    notes: list[str] = []
    cited: dict[str, str] = {}
    for theme, n in zip(briefing.themes, numbers, strict=True):
        blocks.append(Heading(1, n.label))
        if n.definition:
            blocks.append(Para(n.definition, "lead"))
        blocks.append(
            Para(
                f"Raised in {n.raising} of {_plural(total, 'review')} ({_share(n.raising, total)})."
            )
        )
        if n.by_type:
            blocks.append(
                Table(
                    ("Review type", "Reviews raising it", "Reviews", "Share"),
                    tuple((v, str(k), str(of), _share(k, of)) for v, k, of in n.by_type),
                    f"{n.label}: reviews raising the theme, by review type",
                )
            )
        good, missed = n.judged["good_practice"], n.judged["missed_opportunity"]
        blocks.append(
            Table(
                ("Practice", "Reviews", "Passages"),
                (
                    ("Good practice", str(good[0]), str(good[1])),
                    ("Missed opportunity", str(missed[0]), str(missed[1])),
                ),
                f"{n.label}: good practice and missed opportunities",
            )
        )
        if n.factors:
            blocks.append(
                Table(
                    ("Factor", "Effect", "Reviews", "Links"),
                    tuple(
                        (path, EFFECT_TEXT.get(effect, effect or "not stated"), str(r), str(k))
                        for path, effect, r, k in n.factors
                    ),
                    f"{n.label}: factors that supported or hindered practice",
                )
            )
        if n.quotes:
            blocks.append(Heading(2, "What the reviews say"))
            for c in n.quotes:
                q = quote_of(pool, c)
                notes.append(q.place)
                unit = pool.units.get(c.unit)
                if unit is not None:
                    cited.setdefault(unit.key, unit.name)
                blocks.append(Quote(q.text or "[an area of the page]", len(notes)))
        if n.recommendations:
            blocks.append(Heading(2, "Recommendations and their status"))
            blocks.append(
                Table(
                    ("Recommendation", "Review", "Status"),
                    tuple((r.text, r.review, r.status) for r in n.recommendations),
                    f"{n.label}: the reviews' recommendations linked to the theme",
                )
            )
        considerations = _lines(theme.considerations)
        if considerations:
            blocks.append(Heading(2, "Considerations for police"))
            blocks.append(Bullets(considerations))
        questions = _lines(theme.questions)
        if questions:
            blocks.append(Heading(2, "Reflective questions"))
            blocks.append(Bullets(questions, numbered=True))
    blocks.append(Heading(1, "Appendix A: definitions of the themes' codes"))
    rows = []
    for code in pool.codes:
        if any(code.id in n.codes for n in numbers):
            rows.append((code.path, code.definition or "(no definition)"))
    blocks.append(Table(("Code", "Definition"), tuple(rows), "The codes each theme counts"))
    blocks.append(Heading(1, "Appendix B: reviews cited"))
    if cited:
        type_attr = _attribute(pool, TYPE_ATTRIBUTE)
        year_attr = _attribute(pool, YEAR_ATTRIBUTE)
        cited_rows = []
        for key, name in sorted(cited.items(), key=lambda kv: kv[1].casefold()):
            attrs = pool.units[key].attributes
            cited_rows.append(
                (
                    name,
                    attrs.get(type_attr, "") if type_attr else "",
                    attrs.get(year_attr, "") if year_attr else "",
                )
            )
        blocks.append(Table(("Review", "Type", "Year"), tuple(cited_rows), "Reviews cited"))
    else:
        blocks.append(Para("No review is quoted."))
    return BriefingDocument(briefing.title or briefing.name, blocks, notes, found, numbers, missing)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip().lstrip("-•").strip() for line in text.splitlines() if line.strip())


def _sample_text(pool: Pool) -> str:
    type_attr = _attribute(pool, TYPE_ATTRIBUTE)
    year_attr = _attribute(pool, YEAR_ATTRIBUTE)
    total = len(pool.units)
    text = f"This briefing draws on {_plural(total, 'review')}"
    if type_attr:
        kinds: Counter[str] = Counter()
        for unit in pool.units.values():
            for kind in split_values(unit.attributes.get(type_attr, "")):
                kinds[kind] += 1
        parts = [f"{kinds[k]} {k}" for k in sorted(kinds, key=_value_order) if k != NO_VALUE]
        if kinds.get(NO_VALUE):
            parts.append(f"{kinds[NO_VALUE]} of no recorded type")
        if parts:
            text += f" ({', '.join(parts)})"
    if year_attr:
        years = sorted(
            int(u.attributes[year_attr])
            for u in pool.units.values()
            if u.attributes.get(year_attr, "").isdigit()
        )
        if years:
            text += (
                f", published in {years[0]}"
                if years[0] == years[-1]
                else f", published between {years[0]} and {years[-1]}"
            )
    return text + "." + _flow_text(pool)


def _flow_text(pool: Pool) -> str:
    """The screening flow's figures (summed over the pooled projects), where reviews were
    screened; "" where none was."""
    from coder.analysis.flow import sample_flow

    identified = removed = screened = included = awaiting = 0
    excluded: Counter[str] = Counter()
    for project in pool.projects:
        whole = sample_flow(project).whole
        identified += whole.identified_total
        removed += whole.duplicates_removed
        screened += whole.screened
        included += whole.included
        awaiting += whole.awaiting
        excluded.update(whole.excluded)
    if not included and not excluded:
        return ""
    text = f" The reviews were screened from {_plural(identified, 'record')} identified"
    if removed:
        text += f" ({_plural(removed, 'duplicate')} removed, {screened} screened)"
    total = sum(excluded.values())
    text += f": {included} included and {total} excluded"
    if excluded:
        reasons = sorted(excluded.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
        text += " (" + "; ".join(f"{reason}: {n}" for reason, n in reasons) + ")"
    if awaiting:
        text += f", {awaiting} awaiting a decision"
    return text + "."


def find_briefing(pool: Pool, name: str) -> Briefing:
    """The briefing named ``name`` (or with that id) in the pool's first project."""
    found = repo.find_briefing(pool.projects[0], name)
    if found is None:
        names = ", ".join(f"'{b.name}'" for b in repo.list_briefings(pool.projects[0]))
        raise InvalidInputError(
            f"no briefing '{name}' in {pool.labels[0]} (briefings: {names or 'none'}); make one "
            "with 'review-coder briefing PROJECT --new NAME --theme CODE_PATH'"
        )
    return found


def theme_candidates(pool: Pool, theme: Theme, index: int = 0) -> list[tuple[str, str, str]]:
    """The quotes a theme could star: (coding id, text, citation) of every text coding
    under it, by review, page and position."""
    covered = theme_numbers(pool, theme, index).codes
    found = [c for c in pool.codings if c.code in covered and c.kind == "text"]

    def order(c: PooledCoding) -> tuple:
        unit = pool.units.get(c.unit)
        return (unit.name.casefold() if unit else "", c.page_start, c.char_start or 0)

    out = []
    for c in sorted(found, key=order):
        q = quote_of(pool, c)
        out.append((c.coding_id, q.text, q.place))
    return out
