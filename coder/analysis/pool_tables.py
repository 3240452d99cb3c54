"""The counting tables over a pool: units by codes (the matrix), codes by an attribute's
values (the crosstab), codes by codes (co-occurrence), the codebook with its counts and
the frequencies. Each reads the pool's look-ups and changes nothing; ``Pool`` offers them
as methods."""

from __future__ import annotations

from collections import Counter, defaultdict

from coder.analysis.pool import Pool, PooledCode, PooledCoding, _value_order, split_values
from coder.errors import InvalidInputError


def matrix(pool: Pool, binary: bool = False, rollup: bool = False) -> tuple[list[str], list[list]]:
    """One row per unit (with its attributes), one column per code path."""
    counts = pool.unit_counts(rollup)
    header = [
        "project",
        f"{pool.unit}_id",
        f"{pool.unit}_name",
        *(f"attr:{n}" for n in pool.attribute_names),
        *(c.path for c in pool.codes),
    ]
    rows = []
    for unit in sorted(pool.units.values(), key=lambda u: (u.project, u.name.casefold(), u.key)):
        own = counts.get(unit.key, Counter())
        cells = [own.get(c.id, 0) for c in pool.codes]
        if binary:
            cells = [1 if n else 0 for n in cells]
        rows.append(
            [
                unit.project,
                unit.key,
                unit.name,
                *(unit.attributes.get(n, "") for n in pool.attribute_names),
                *cells,
            ]
        )
    return header, rows


def crosstab(pool: Pool, attribute: str, rollup: bool = False) -> tuple[list[str], list[list]]:
    """Per code and attribute value: units with at least one coding, the units with that
    value (the denominator) and the share. "not stated" and no value are values too."""
    name = next((n for n in pool.attribute_names if n.casefold() == attribute.casefold()), None)
    if name is None:
        raise InvalidInputError(
            f"no attribute '{attribute}' (attributes: {', '.join(pool.attribute_names) or 'none'})"
        )
    by_value: dict[str, set[str]] = defaultdict(set)
    for unit in pool.units.values():
        for value in split_values(unit.attributes.get(name, "")):
            by_value[value].add(unit.key)
    with_code = pool.units_with(rollup)
    header = ["code_id", "code_path", "attribute", "value", "units_coded", "units", "share"]
    rows = []
    values = sorted(by_value, key=_value_order)
    for code in pool.codes:
        coded_units = with_code.get(code.id, set())
        for value in values:
            units = by_value[value]
            coded = len(units & coded_units)
            rows.append(
                [
                    code.id,
                    code.path,
                    name,
                    value,
                    coded,
                    len(units),
                    round(coded / len(units), 6) if units else None,
                ]
            )
    return header, rows


def cooccurrence(pool: Pool, rollup: bool = False) -> tuple[list[str], list[list]]:
    """Pairs of codes: units where both occur, and overlapping excerpts (text codings of
    the same document whose ranges overlap). The diagonal is the code alone."""
    both = _units_both(pool, rollup)
    overlaps = _overlaps(pool)
    order = {c.id: i for i, c in enumerate(pool.codes)}
    header = [
        "code_a_id",
        "code_a_path",
        "code_b_id",
        "code_b_path",
        "units_both",
        "overlapping_excerpts",
    ]
    rows = []
    for a, b in sorted(set(both) | set(overlaps), key=lambda p: (order[p[0]], order[p[1]])):
        first, second = sorted((a, b), key=order.__getitem__)
        rows.append(
            [
                first,
                pool.code(first).path,
                second,
                pool.code(second).path,
                both.get((a, b), 0),
                overlaps.get((a, b), 0),
            ]
        )
    return header, rows


def _units_both(pool: Pool, rollup: bool) -> Counter[tuple[str, str]]:
    """(a, b) -> units with both codes: each code's units as the bits of an integer,
    so a pair is one AND and a bit count rather than a walk over every unit."""
    index = {u: i for i, u in enumerate(pool.unit_counts(rollup))}
    masks: dict[str, int] = {}
    for code, units in pool.units_with(rollup).items():
        mask = 0
        for unit in units:
            mask |= 1 << index[unit]
        masks[code] = mask
    codes = [c.id for c in pool.codes if c.id in masks]
    both: Counter[tuple[str, str]] = Counter()
    for i, a in enumerate(codes):
        ma = masks[a]
        for b in codes[i:]:
            n = (ma & masks[b]).bit_count()
            if n:
                both[_pair(a, b)] = n
    return both


def _overlaps(pool: Pool) -> Counter[tuple[str, str]]:
    per_doc: dict[tuple[str, str], list[PooledCoding]] = defaultdict(list)
    for c in pool.codings:
        if c.kind == "text":
            per_doc[(c.project, c.document)].append(c)
    out: Counter[tuple[str, str]] = Counter()
    for items in per_doc.values():
        items.sort(key=lambda c: c.char_start or 0)
        active: list[PooledCoding] = []
        for c in items:
            active = [a for a in active if (a.char_end or 0) > (c.char_start or 0)]
            for a in active:
                if a.code != c.code:
                    out[_pair(a.code, c.code)] += 1
            active.append(c)
    return out


def codebook(pool: Pool) -> tuple[list[str], list[list]]:
    counts = pool.unit_counts()
    codings = Counter(c.code for c in pool.codings)
    header = ["code_id", "code_path", "definition", "codings", "units"]
    rows = [
        [
            c.id,
            c.path,
            c.definition,
            codings.get(c.id, 0),
            sum(1 for per in counts.values() if per.get(c.id)),
        ]
        for c in pool.codes
    ]
    return header, rows


def frequencies(pool: Pool, rollup: bool = True) -> list[tuple[PooledCode, int, int, float]]:
    """(code, codings, units with it, share of all units) in codebook order."""
    counts = pool.unit_counts(rollup)
    codings: Counter[str] = Counter()
    for c in pool.codings:
        codings[c.code] += 1
        if rollup:
            for parent in pool.ancestors(c.code):
                codings[parent] += 1
    total = len(pool.units)
    out = []
    for code in pool.codes:
        units = sum(1 for per in counts.values() if per.get(code.id))
        out.append((code, codings.get(code.id, 0), units, units / total if total else 0.0))
    return out


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
