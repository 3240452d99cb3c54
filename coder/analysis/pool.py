"""Pooling one or more project files for analysis.

Codes meet under the project-wide rule: a code matches by id, then by path; the first
project that has a code gives its canonical id and path. Units are reviews (keyed by the
review's UUID, so the same review in distributed copies is one unit) or, with
``unit="document"``, documents (keyed by SHA-256, the same file in any project). Every
table here is plain rows; pandas is only used by the Python API (``coder.analysis.api``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from coder.analysis.segments import (
    JUDGEMENT_COLUMNS,
    SEGMENT_COLUMNS,
    STRUCTURE_COLUMNS,
    segment_header,
    segment_rows,
)
from coder.codebook.attribute_set import LIST_SEP
from coder.codebook.tree import CodeTree
from coder.coding.reviews import attribute_values, list_attributes, list_reviews
from coder.errors import InvalidInputError
from coder.project import codes as code_repo
from coder.project import documents as doc_repo
from coder.project import segments as segment_repo
from coder.project.store import Project
from coder.project.structure import Locations
from coder.structure.kinds import KINDS

NO_VALUE = "(no value)"
UNITS = ("review", "document")


@dataclass
class PooledCode:
    id: str
    path: str
    name: str
    parent: str | None
    definition: str
    colour: str
    depth: int


@dataclass
class Unit:
    key: str  # review UUID, or document SHA-256
    project: str
    name: str
    attributes: dict[str, str] = field(default_factory=dict)  # name -> display text


#: where each published segment column sits in an export row
_AT = {column: i for i, column in enumerate(SEGMENT_COLUMNS)}


@dataclass(frozen=True)
class PooledCoding:
    project: str
    coding_id: str
    unit: str
    document: str  # project-local document id
    code: str  # canonical code id
    coder: str
    effect: str | None
    kind: str
    char_start: int | None
    char_end: int | None
    page_start: int
    quote: str
    page_end: int = 0
    section: str = ""
    section_kind: str = ""
    paragraph: str = ""
    paragraph_end: str = ""
    judgement: str | None = None


class Pool:
    """Several projects (or one), read-only, with codes matched across them."""

    def __init__(
        self,
        projects: list[Project],
        labels: list[str] | None = None,
        coders: Iterable[str] | None = None,
        unit: str = "review",
        effects: Iterable[str | None] | None = None,
        where: dict[str, set[str]] | None = None,
        section_kinds: Iterable[str] | None = None,
    ) -> None:
        """``coders`` and ``effects`` keep only those codings (``None`` in ``effects`` for
        codings without one); ``where`` keeps only units whose attribute has one of the
        given values (``{"review type": {"DHR"}}``); ``section_kinds`` keeps only codings
        that start in a section of those kinds (``{"recommendations"}``)."""
        if unit not in UNITS:
            raise InvalidInputError(f"the unit is 'review' or 'document', not '{unit}'")
        if not projects:
            raise InvalidInputError("name at least one project")
        self.projects = projects
        self.labels = labels or unique_labels([p.path for p in projects])
        self.effects = set(effects) if effects is not None else None
        self.where = {k: set(v) for k, v in (where or {}).items()}
        self.coders = set(coders) if coders else None
        self.section_kinds = set(section_kinds) if section_kinds else None
        if self.section_kinds:
            unknown = sorted(self.section_kinds - set(KINDS))
            if unknown:
                raise InvalidInputError(
                    f"unknown section kind '{unknown[0]}'; use one of: {', '.join(KINDS)}"
                )
        self.unit = unit
        self.codes: list[PooledCode] = []
        self._code_map: dict[tuple[int, str], str] = {}
        self.attribute_names: list[str] = []
        self.units: dict[str, Unit] = {}
        self._codings: list[PooledCoding] | None = None
        self._counts: dict[bool, dict[str, Counter[str]]] = {}
        self._build()

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        by_id: dict[str, PooledCode] = {}
        by_path: dict[str, PooledCode] = {}
        for index, project in enumerate(self.projects):
            tree = code_repo.code_tree(project)
            ordered = sorted(
                code_repo.list_codes(project),
                key=lambda c: (len(tree.names(c.id)), c.position, c.name),
            )
            for code in ordered:
                path = tree.path(code.id)
                found = by_id.get(code.id) or by_path.get(path)
                if found is None:
                    parent = self._code_map.get((index, code.parent_id)) if code.parent_id else None
                    found = PooledCode(
                        code.id,
                        path,
                        code.name,
                        parent,
                        code.description,
                        code.colour,
                        len(tree.names(code.id)) - 1,
                    )
                    by_id[code.id] = by_path[path] = found
                    self.codes.append(found)
                self._code_map[(index, code.id)] = found.id
            for spec in list_attributes(project):
                if spec.name not in self.attribute_names:
                    self.attribute_names.append(spec.name)
        self._order_codes()
        for index, project in enumerate(self.projects):
            self._load_units(index, project)
        if self.where:
            self.units = {k: u for k, u in self.units.items() if self._wanted(u)}

    @property
    def codings(self) -> list[PooledCoding]:
        """Every coding that passes the filters, read on first use (the segments export
        streams its own rows and never needs them)."""
        if self._codings is None:
            loaded: list[PooledCoding] = []
            for index, project in enumerate(self.projects):
                self._load_codings(index, project, loaded)
            if self.where:
                loaded = [c for c in loaded if c.unit in self.units]
            self._codings = loaded
        return self._codings

    def _wanted(self, unit: Unit) -> bool:
        for name, allowed in self.where.items():
            key = next((n for n in unit.attributes if n.casefold() == name.casefold()), name)
            if not allowed & set(split_values(unit.attributes.get(key, ""))):
                return False
        return True

    def _order_codes(self) -> None:
        children: dict[str | None, list[PooledCode]] = defaultdict(list)
        for code in self.codes:
            children[code.parent].append(code)
        ordered: list[PooledCode] = []

        def walk(parent: str | None) -> None:
            for code in children.get(parent, []):
                ordered.append(code)
                walk(code.id)

        walk(None)
        self.codes = ordered
        self._by_code = {c.id: c for c in ordered}

    def _load_units(self, index: int, project: Project) -> None:
        label = self.labels[index]
        specs = list_attributes(project)
        values = attribute_values(project)

        def attrs(review_id: str) -> dict[str, str]:
            own = values.get(review_id, {})
            return {s.name: s.format(own.get(s.id)) for s in specs}

        if self.unit == "review":
            for review in list_reviews(project):
                self.units.setdefault(
                    review.id, Unit(review.id, label, review.name, attrs(review.id))
                )
        else:
            for doc in doc_repo.list_documents(project):
                self.units.setdefault(
                    doc.sha256, Unit(doc.sha256, label, doc.title, attrs(doc.review_id))
                )

    def _load_codings(self, index: int, project: Project, loaded: list[PooledCoding]) -> None:
        label = self.labels[index]
        where = Locations(project)
        for row in segment_repo.segment_rows(project):
            if self.coders is not None and row.coder not in self.coders:
                continue
            if self.effects is not None and row.effect not in self.effects:
                continue
            at = where.locate(row.document_id, row.char_start, row.char_end, row.page_start)
            if self.section_kinds is not None and at.section_kind not in self.section_kinds:
                continue
            loaded.append(
                PooledCoding(
                    label,
                    row.coding_id,
                    row.review_id if self.unit == "review" else row.document_sha256,
                    row.document_id,
                    self._code_map[(index, row.code_id)],
                    row.coder,
                    row.effect,
                    row.kind,
                    row.char_start,
                    row.char_end,
                    row.page_start,
                    row.quote,
                    row.page_end,
                    at.section,
                    at.section_kind,
                    at.paragraph,
                    at.paragraph_end,
                    row.judgement,
                )
            )

    # -- look-ups ----------------------------------------------------------------------

    def code(self, code_id: str) -> PooledCode:
        return self._by_code[code_id]

    def canonical(self, index: int, code_id: str) -> str | None:
        """The pooled id of the code ``code_id`` of the ``index``-th project (None: no
        such code there)."""
        return self._code_map.get((index, code_id))

    def find_code(self, path: str) -> PooledCode:
        for code in self.codes:
            if code.path == path:
                return code
        raise InvalidInputError(f"no code '{path}' in the project(s)")

    def descendants(self, code_id: str) -> list[str]:
        """The code and every code under it (the pooled tree's, as ``CodeTree`` walks it)."""
        return [code_id, *self.tree.descendants(code_id)]

    @cached_property
    def tree(self) -> CodeTree:
        """The pooled codes as a tree (built once: the pool does not change)."""
        return CodeTree((c.id, c.parent, c.name) for c in self.codes)

    def ancestors(self, code_id: str) -> list[str]:
        out = []
        node = self._by_code[code_id].parent
        while node is not None:
            out.append(node)
            node = self._by_code[node].parent
        return out

    def unit_counts(self, rollup: bool = False) -> dict[str, Counter[str]]:
        """unit key -> code id -> number of codings (with ``rollup``, sub-codes count in
        their ancestors too). Computed once per pool and kind; do not change the result."""
        cached = self._counts.get(rollup)
        if cached is not None:
            return cached
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        lineage = {c.id: [c.id, *(self.ancestors(c.id) if rollup else [])] for c in self.codes}
        for c in self.codings:
            per = counts[c.unit]
            for code in lineage[c.code]:
                per[code] += 1
        self._counts[rollup] = counts
        return counts

    def units_with(self, rollup: bool = False) -> dict[str, set[str]]:
        """code id -> the units with at least one coding of it."""
        out: dict[str, set[str]] = defaultdict(set)
        for unit, per in self.unit_counts(rollup).items():
            for code, n in per.items():
                if n:
                    out[code].add(unit)
        return out

    # -- tables ------------------------------------------------------------------------

    def segments(self) -> tuple[list[str], Iterator[tuple]]:
        """Every coding: the segments columns, ``project``, then ``attr:<name>`` columns."""
        header = [
            *SEGMENT_COLUMNS,
            "project",
            *STRUCTURE_COLUMNS,
            *JUDGEMENT_COLUMNS,
            *(f"attr:{n}" for n in self.attribute_names),
        ]
        n_fixed = len(SEGMENT_COLUMNS)
        kind_at = n_fixed + STRUCTURE_COLUMNS.index("section_kind")

        def rows() -> Iterator[tuple]:
            for index, project in enumerate(self.projects):
                own = segment_header(project)
                fixed = len(own) - len([h for h in own if h.startswith("attr:")])
                positions = {h: i - fixed for i, h in enumerate(own)}
                picks = [positions.get(f"attr:{n}") for n in self.attribute_names]
                label = self.labels[index]
                # a document's attributes are the same on each of its rows: map them once
                tails: dict[tuple, tuple] = {}
                canon: dict[str, PooledCode] = {}
                for row in segment_rows(project):
                    if self.coders is not None and row[_AT["coder"]] not in self.coders:
                        continue
                    if (
                        self.effects is not None
                        and (row[_AT["effect"]] or None) not in self.effects
                    ):
                        continue
                    if self.where and self._unit_of(row) not in self.units:
                        continue
                    if self.section_kinds is not None and row[kind_at] not in self.section_kinds:
                        continue
                    code_id = str(row[_AT["code_id"]])
                    code = canon.get(code_id)
                    if code is None:
                        code = canon[code_id] = self.code(self._code_map[(index, code_id)])
                    own_attrs = row[fixed:]
                    tail = tails.get(own_attrs)
                    if tail is None:
                        tail = tails[own_attrs] = (
                            label,
                            *(own_attrs[i] if i is not None else "" for i in picks),
                        )
                    yield (
                        *row[: _AT["code_id"]],
                        code.id,
                        code.path,
                        *row[_AT["coder"] : n_fixed],
                        tail[0],
                        *row[n_fixed:fixed],
                        *tail[1:],
                    )

        return header, rows()

    def _unit_of(self, row: tuple) -> str:
        return str(row[_AT["review_id"] if self.unit == "review" else _AT["document_sha256"]])

    # the counting tables are computed in ``pool_tables`` from the look-ups above

    def matrix(self, binary: bool = False, rollup: bool = False) -> tuple[list[str], list[list]]:
        """One row per unit (with its attributes), one column per code path."""
        from coder.analysis import pool_tables

        return pool_tables.matrix(self, binary, rollup)

    def crosstab(self, attribute: str, rollup: bool = False) -> tuple[list[str], list[list]]:
        """Per code and attribute value: units coded, units with the value, the share."""
        from coder.analysis import pool_tables

        return pool_tables.crosstab(self, attribute, rollup)

    def cooccurrence(self, rollup: bool = False) -> tuple[list[str], list[list]]:
        """Pairs of codes: units where both occur, and overlapping excerpts."""
        from coder.analysis import pool_tables

        return pool_tables.cooccurrence(self, rollup)

    def codebook(self) -> tuple[list[str], list[list]]:
        from coder.analysis import pool_tables

        return pool_tables.codebook(self)

    def frequencies(self, rollup: bool = True) -> list[tuple[PooledCode, int, int, float]]:
        """(code, codings, units with it, share of all units) in codebook order."""
        from coder.analysis import pool_tables

        return pool_tables.frequencies(self, rollup)


def _value_order(value: str) -> tuple[int, str]:
    return (1 if value in ("not stated", NO_VALUE) else 0, value.casefold())


def split_values(text: str) -> list[str]:
    """An attribute's display text as the values a crosstab counts it under."""
    if not text:
        return [NO_VALUE]
    return [v.strip() for v in text.split(LIST_SEP.strip()) if v.strip()] or [NO_VALUE]


def unique_labels(paths: list[Path]) -> list[str]:
    """Project labels: file names without extension, numbered where they clash."""
    stems = [Path(p).stem for p in paths]
    seen: Counter[str] = Counter()
    out = []
    for stem in stems:
        seen[stem] += 1
        out.append(stem if stems.count(stem) == 1 else f"{stem} ({seen[stem]})")
    return out


def open_pool(
    paths: list[str | Path],
    coders: Iterable[str] | None = None,
    unit: str = "review",
    section_kinds: Iterable[str] | None = None,
    lenient: bool = False,
) -> tuple[Pool, list[Project]]:
    """Open the projects read-only and pool them. The caller closes the projects. With
    ``lenient``, text that is not UTF-8 (a damaged file) is read with U+FFFD in place of
    the bad bytes (see ``read_tolerantly``)."""
    projects: list[Project] = []
    try:
        for path in paths:
            projects.append(Project.open(path, read_only=True))
            if lenient:
                projects[-1].tolerate_undecodable_text()
        return Pool(projects, coders=coders, unit=unit, section_kinds=section_kinds), projects
    except BaseException:
        for p in projects:
            p.close()
        raise


@contextmanager
def pooled(
    paths: list[str | Path],
    coders: Iterable[str] | None = None,
    unit: str = "review",
    section_kinds: Iterable[str] | None = None,
    lenient: bool = False,
) -> Iterator[Pool]:
    """``open_pool`` for a ``with`` block: the projects are closed at its end."""
    pool, projects = open_pool(paths, coders, unit, section_kinds, lenient)
    try:
        yield pool
    finally:
        for project in projects:
            project.close()
