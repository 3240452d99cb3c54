"""Rolling coded data up by a framework's categories: the matrix and the crosstab with one
column (or row) per category instead of per code.

A category covers the codes mapped to it and their sub-codes. A coding counts once under
a category however many of its mapped codes it falls under, and a unit counts once under
it however many of its codes map there. In a pool, each project's mapping is used for its
own codes (matched to the pool's codes by id, then path); the framework is found by name.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from coder.analysis.pool import NO_VALUE, Pool, _value_order, split_values
from coder.errors import InvalidInputError
from coder.project import frameworks as repo


class Rollup:
    """A framework's categories over a pool: which pooled codes each category covers."""

    def __init__(self, pool: Pool, framework: str) -> None:
        self.pool = pool
        self.categories: list[str] = []
        self.descriptions: dict[str, str] = {}
        self.covers: dict[str, set[str]] = defaultdict(set)  # category name -> pooled code ids
        found = []
        for index, project in enumerate(pool.projects):
            fw = repo.find_framework(project, framework)
            if fw is None:
                continue
            found.append(fw)
            for category in fw.categories:
                if category.name not in self.categories:
                    self.categories.append(category.name)
                    self.descriptions[category.name] = category.description
                for code in category.codes:
                    canon = pool._code_map.get((index, code))
                    if canon is not None:
                        self.covers[category.name].update(pool.descendants(canon))
        if not found:
            raise InvalidInputError(
                f"no framework '{framework}' in the project(s); add one with "
                "'review-coder framework PROJECT --import FILE.yaml'"
            )
        if not self.categories:
            raise InvalidInputError(
                f"the framework '{found[0].name}' has no categories yet; enter them in its "
                "file and import it again"
            )
        self.name = found[0].name
        self.status = found[0].status
        self.citation = found[0].citation
        self.mapped = sum(len(c.codes) for f in found[:1] for c in f.categories)

    def category(self, name: str) -> str:
        """A category by name (any case). Raises InvalidInputError naming the categories."""
        found = next((c for c in self.categories if c.casefold() == name.strip().casefold()), None)
        if found is None:
            raise InvalidInputError(
                f"no category '{name}' in the framework '{self.name}' "
                f"(categories: {', '.join(self.categories)})"
            )
        return found

    def describe(self) -> str:
        return (
            f"framework '{self.name}' ({self.status}): {len(self.categories)} categories, "
            f"{self.mapped} codes mapped"
        )

    def unit_counts(self) -> dict[str, Counter[str]]:
        """unit key -> category -> number of codings (each coding once per category)."""
        of_code: dict[str, list[str]] = defaultdict(list)
        for category, covered in self.covers.items():
            for code in covered:
                of_code[code].append(category)
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for c in self.pool.codings:
            for category in of_code.get(c.code, ()):
                counts[c.unit][category] += 1
        return counts

    def matrix(self, binary: bool = False) -> tuple[list[str], list[list]]:
        """One row per unit, one column per category; ``framework`` names the mapping."""
        pool = self.pool
        counts = self.unit_counts()
        header = [
            "project",
            f"{pool.unit}_id",
            f"{pool.unit}_name",
            "framework",
            *(f"attr:{n}" for n in pool.attribute_names),
            *self.categories,
        ]
        rows = []
        for unit in sorted(
            pool.units.values(), key=lambda u: (u.project, u.name.casefold(), u.key)
        ):
            own = counts.get(unit.key, Counter())
            cells = [own.get(c, 0) for c in self.categories]
            if binary:
                cells = [1 if n else 0 for n in cells]
            rows.append(
                [
                    unit.project,
                    unit.key,
                    unit.name,
                    self.name,
                    *(unit.attributes.get(n, "") for n in pool.attribute_names),
                    *cells,
                ]
            )
        return header, rows

    def crosstab(self, attribute: str) -> tuple[list[str], list[list]]:
        """Per category and attribute value: units with at least one coding under the
        category, the units with that value, and the share."""
        pool = self.pool
        name = next((n for n in pool.attribute_names if n.casefold() == attribute.casefold()), None)
        if name is None:
            raise InvalidInputError(
                f"no attribute '{attribute}' (attributes: "
                f"{', '.join(pool.attribute_names) or 'none'})"
            )
        by_value: dict[str, set[str]] = defaultdict(set)
        for unit in pool.units.values():
            for value in split_values(unit.attributes.get(name, "")) or [NO_VALUE]:
                by_value[value].add(unit.key)
        coded: dict[str, set[str]] = defaultdict(set)
        for key, per in self.unit_counts().items():
            for category, n in per.items():
                if n:
                    coded[category].add(key)
        header = ["framework", "category", "attribute", "value", "units_coded", "units", "share"]
        rows = []
        for category in self.categories:
            for value in sorted(by_value, key=_value_order):
                units = by_value[value]
                n = len(units & coded.get(category, set()))
                rows.append(
                    [
                        self.name,
                        category,
                        name,
                        value,
                        n,
                        len(units),
                        round(n / len(units), 6) if units else None,
                    ]
                )
        return header, rows
