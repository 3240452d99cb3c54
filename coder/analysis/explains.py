"""What explains practice: the explains links between codings, and the factor × judgement
table (which factors explain missed opportunities and good practice, counting units).

A link counts when both of its codings pass the pool's filters (coders, effects, units).
"""

from __future__ import annotations

from collections import defaultdict

from coder.analysis.pool import Pool, PooledCoding
from coder.ids import LinkId
from coder.project import links as link_repo

#: the judgement values as the tables write them; a coding with none is "neither"
JUDGEMENT_VALUES = ("missed_opportunity", "good_practice", "neither")

LINK_COLUMNS = (
    "project",
    "link_id",
    "factor_coding_id",
    "factor_code_id",
    "factor_code_path",
    "effect",
    "practice_coding_id",
    "practice_code_id",
    "practice_code_path",
    "judgement",
    "unit_id",
    "coder",
)

FACTOR_COLUMNS = (
    "factor_code_id",
    "factor_code_path",
    "judgement",
    "links",
    "units",
    "units_with_judgement",
    "share",
)


def _pairs(pool: Pool) -> list[tuple[str, LinkId, PooledCoding, PooledCoding]]:
    """(project label, link id, factor coding, practice coding) for every link whose two
    codings are in the pool, in project order, then oldest link first."""
    by_key = {(c.project, c.coding_id): c for c in pool.codings}
    out = []
    for label, project in zip(pool.labels, pool.projects, strict=True):
        for link in link_repo.list_links(project):
            factor = by_key.get((label, link.from_coding_id))
            practice = by_key.get((label, link.to_coding_id))
            if factor is not None and practice is not None:
                out.append((label, link.id, factor, practice))
    return out


def links_table(pool: Pool) -> tuple[list[str], list[list]]:
    """One row per explains link: the factor coding, the practice coding it explains."""
    rows = []
    for label, link_id, factor, practice in _pairs(pool):
        rows.append(
            [
                label,
                link_id,
                factor.coding_id,
                factor.code,
                pool.code(factor.code).path,
                factor.effect or "",
                practice.coding_id,
                practice.code,
                pool.code(practice.code).path,
                practice.judgement or "",
                factor.unit,
                factor.coder,
            ]
        )
    return list(LINK_COLUMNS), rows


def factor_judgement(pool: Pool, rollup: bool = False) -> tuple[list[str], list[list]]:
    """Per factor code and judgement of the practice it explains: the number of links, the
    units (reviews or documents) with at least one such link, the units with any coding of
    that judgement (the denominator), and the share. Only codes that explain something
    have rows; with ``rollup`` a factor's sub-codes count in it too."""
    links: dict[tuple[str, str], int] = defaultdict(int)
    units: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, _, factor, practice in _pairs(pool):
        judgement = practice.judgement or "neither"
        for code in [factor.code, *(pool.ancestors(factor.code) if rollup else [])]:
            links[(code, judgement)] += 1
            units[(code, judgement)].add(factor.unit)
    with_judgement: dict[str, set[str]] = defaultdict(set)
    for c in pool.codings:
        with_judgement[c.judgement or "neither"].add(c.unit)
    order = {c.id: i for i, c in enumerate(pool.codes)}
    rows = []
    for code, judgement in sorted(links, key=lambda k: (order[k[0]], JUDGEMENT_VALUES.index(k[1]))):
        denominator = len(with_judgement[judgement])
        n = len(units[(code, judgement)])
        rows.append(
            [
                code,
                pool.code(code).path,
                judgement,
                links[(code, judgement)],
                n,
                denominator,
                round(n / denominator, 6) if denominator else None,
            ]
        )
    return list(FACTOR_COLUMNS), rows
