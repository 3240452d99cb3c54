"""One shape for every change: ``Edit(changes, before, after)``.

A mutation opens a ``Recorder`` inside its ``write()`` transaction, reads the rows it is
about to touch (``read``, with ``dependents`` for the rows a deletion takes along), names
the rows it creates (``created``), makes its change, and returns ``record.edit()``: the
same rows read again. ``before`` and ``after`` are tuples of frozen records; a record in
``before`` only was deleted, one in ``after`` only was created, and rows equal on both
sides are left out. ``changes`` names the kinds of thing touched (``"code"``,
``"coding"``, ``"memo"``, ...) with their ids, so views refresh only what an edit touched.

Undo is ``apply(project, edit.inverse(), ...)`` and redo ``apply(project, edit, ...)``:
both write whole rows back through the tables' specs (``coder.project.table``), at the
rowids they had, so the rows come back with the same UUIDs, the same bytes and the same
order among ties, and both are logged in the change log. ``a + b`` is one edit doing
``a`` then ``b``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from coder.ids import CoderId
from coder.project import changelog
from coder.project.catalog import Dependent, dependents, known_tables, whole_tables
from coder.project.clock import utc_now
from coder.project.store import Project
from coder.project.table import REGISTRY, Key, Table

Record = Any  # a frozen record of a table declared in a repository module

_STAMPS = {"created_at", "modified_at"}


_Rows = dict[tuple[Table[Any], Key], Record]


def _rank(table: Table[Any]) -> int:
    return table.rank


def table_of(record: Record) -> Table[Any]:
    try:
        return REGISTRY.get(type(record)) or known_tables()[type(record)]
    except KeyError:
        raise TypeError(f"{type(record).__name__} is not a record of a known table") from None


def _ref(record: Record) -> tuple[Table[Any], Key]:
    table = table_of(record)
    return table, table.key_of(record)


@dataclass(frozen=True)
class Changes:
    """Which kinds of thing changed, with their ids (an empty set: some, not said which)."""

    kinds: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, **kinds: Iterable[str]) -> Changes:
        return cls({k: frozenset(v) for k, v in kinds.items()})

    def touches(self, kind: str) -> bool:
        return kind in self.kinds

    def ids(self, kind: str) -> frozenset[str]:
        return self.kinds.get(kind, frozenset())

    def __or__(self, other: Changes) -> Changes:
        merged = dict(self.kinds)
        for kind, ids in other.kinds.items():
            merged[kind] = merged.get(kind, frozenset()) | ids
        return Changes(merged)

    def __bool__(self) -> bool:
        return bool(self.kinds)


def _changes_of(refs: Iterable[tuple[Table[Any], Key]]) -> Changes:
    kinds: dict[str, set[str]] = {}
    for table, key in refs:
        kinds.setdefault(table.entity, set()).add(table.entity_id(key))
    return Changes({k: frozenset(v) for k, v in kinds.items()})


@dataclass(frozen=True)
class Edit:
    """What one user action changed: the touched rows as they were and as they became."""

    changes: Changes = field(default_factory=Changes)
    before: tuple[Record, ...] = ()
    after: tuple[Record, ...] = ()
    #: where the rows sat (table name and key -> rowid), so a row put back takes its old
    #: place and ties in an ordering by rowid come out as they did
    rowids: Mapping[tuple[str, Key], int] = field(default_factory=dict, compare=False)
    #: rows that only moved (written again, equal but at another rowid: a list whose order
    #: is its rows' order, reordered): table name and key -> (rowid before, rowid after).
    #: They are in ``before`` and ``after`` alike, and ``apply`` puts them in their place.
    moved: Mapping[tuple[str, Key], tuple[int, int]] = field(
        default_factory=dict, compare=False, kw_only=True
    )

    @classmethod
    def between(
        cls,
        before: Iterable[Record],
        after: Iterable[Record],
        also: Changes | None = None,
        rowids: Mapping[tuple[str, Key], int] | None = None,
        moved: Mapping[tuple[str, Key], tuple[int, int]] | None = None,
    ) -> Edit:
        """The edit from ``before`` to ``after``, leaving out rows equal on both sides
        (unless ``moved`` names them). ``also`` adds kinds a view should refresh for beyond
        the rows' own. Prefer a ``Recorder``, which reads both sides (and the rows'
        places) for you."""
        old = {_ref(r): r for r in before}
        return cls._of(old, {_ref(r): r for r in after}, also, rowids, moved)

    @classmethod
    def _of(
        cls,
        old: _Rows,
        new: _Rows,
        also: Changes | None = None,
        rowids: Mapping[tuple[str, Key], int] | None = None,
        moved: Mapping[tuple[str, Key], tuple[int, int]] | None = None,
    ) -> Edit:
        """``between``, for rows already by their table and key."""
        went = {(t, k) for (t, k) in old.keys() & new.keys() if (t.name, k) in (moved or {})}
        # (a row on one side only is not compared with None: a record's __eq__ is slow)
        old_refs = [ref for ref, r in old.items() if ref not in new or new[ref] != r or ref in went]
        new_refs = [ref for ref, r in new.items() if ref not in old or old[ref] != r or ref in went]
        changes = _changes_of(old_refs + new_refs)
        return cls(
            changes | also if also else changes,
            tuple(old[ref] for ref in old_refs),
            tuple(new[ref] for ref in new_refs),
            dict(rowids or {}),
            moved={(t.name, k): (moved or {})[(t.name, k)] for t, k in went},
        )

    def inverse(self) -> Edit:
        swapped = {ref: (b, a) for ref, (a, b) in self.moved.items()}
        return Edit(self.changes, self.after, self.before, self.rowids, moved=swapped)

    def __add__(self, later: Edit) -> Edit:
        """One edit doing this one, then ``later``."""
        first_touched = {_ref(r) for r in self.before + self.after}
        later_touched = {_ref(r) for r in later.before + later.after}
        before = self.before + tuple(r for r in later.before if _ref(r) not in first_touched)
        after = later.after + tuple(r for r in self.after if _ref(r) not in later_touched)
        rowids = {**later.rowids, **self.rowids}
        moved = dict(self.moved)
        for ref, (was, now) in later.moved.items():
            moved[ref] = (moved[ref][0] if ref in moved else was, now)
        moved = {ref: (a, b) for ref, (a, b) in moved.items() if a != b}
        return Edit.between(before, after, self.changes | later.changes, rowids, moved)

    def created(self, kind: str) -> list[str]:
        """Ids of the things of ``kind`` this edit created, in the order it made them."""
        had = {_ref(r) for r in self.before}
        return [
            table.entity_id(key)
            for table, key in map(_ref, self.after)
            if table.entity == kind and (table, key) not in had
        ]

    def deleted(self, kind: str) -> list[str]:
        """Ids of the things of ``kind`` this edit deleted."""
        kept = {_ref(r) for r in self.after}
        return [
            table.entity_id(key)
            for table, key in map(_ref, self.before)
            if table.entity == kind and (table, key) not in kept
        ]

    def __bool__(self) -> bool:
        return bool(self.before or self.after or self.changes)


# -- reading rows for an edit ------------------------------------------------------------


class Recorder:
    """Reads the rows a mutation is about to touch, and again when it is done.

    ``read`` before changing rows (with ``dependents``, also the rows a deletion takes
    or changes with them), ``created`` (or ``inserted``) for rows the mutation makes, then
    ``edit()`` inside the same transaction.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self._before: dict[tuple[Table[Any], Key], Record] = {}
        self._new: list[tuple[Table[Any], Key]] = []
        self._rowids: dict[tuple[str, Key], int] = {}
        self._scans: list[tuple[Dependent, list[Any]]] = []
        #: rows the mutation rewrote and handed over as they became (``wrote``), and the
        #: rows ``edit()`` therefore need not read again
        self._wrote: dict[Table[Any], list[tuple[int, Record]]] = {}
        self._handed: dict[Table[Any], list[tuple[int, Record]]] = {}
        self._whole: list[Table[Any]] = []  # tables read whole (``read_whole``)

    def _take(self, table: Table[Any], pairs: list[tuple[int, Record]]) -> list[Record]:
        out = []
        for rowid, record in pairs:
            key = table.key_of(record)
            self._before.setdefault((table, key), record)
            self._rowids[(table.name, key)] = rowid
            out.append(record)
        return out

    def read(self, table: Table[Any], ids: Iterable[Any], dependents: bool = False) -> list[Record]:
        """The rows of ``table`` with these ids (keys, for a composite key) that exist."""
        keys = [k if isinstance(k, tuple) else (k,) for k in ids]
        found = self._take(table, table.by_keys_rowids(self.project, keys))
        if dependents:
            # by the ids asked for, found or not: rows a new record gets belong to it too
            self._read_dependents(table, [k[0] for k in keys])
        return found

    def _read_dependents(self, table: Table[Any], values: list[Any]) -> None:
        for dependent in dependents(self.project).get(table.name, ()):
            dep, column, keep = dependent
            pairs = [
                (i, r)
                for i, r in dep.where_in_rowids(self.project, column, values)
                if keep is None or keep(r)
            ]
            self._take(dep, pairs)
            self._scans.append((dependent, values))
            if pairs and dep.name in dependents(self.project):  # a cascade goes on
                self._read_dependents(dep, [dep.key_of(r)[0] for _i, r in pairs])

    def created(self, table: Table[Any], ids: Iterable[Any]) -> None:
        """Rows with these ids are new: ``edit()`` reads them."""
        self._new.extend((table, k if isinstance(k, tuple) else (k,)) for k in ids)

    def read_whole(self) -> None:
        """Every row of the project but the change log, for a mutation that may write to
        any table (an import into a new project): ``edit()`` reads them all again."""
        self._whole = whole_tables(self.project)
        for table in self._whole:
            self._take(table, table.all_rowids(self.project))

    def wrote(
        self,
        table: Table[Any],
        before: Iterable[tuple[int, Record]],
        after: Iterable[tuple[int, Record]],
    ) -> None:
        """Rows the mutation read and rewrote itself, as (rowid, record): those it changed
        or deleted as they were (``before``), those it changed or made as they are now
        (``after``), so that ``edit()`` takes them as given instead of reading them again.
        Rows it left as they were are no part of an edit and need not be handed. Call
        when they are as they stay."""
        before, after = list(before), list(after)
        self._take(table, before)
        self._handed.setdefault(table, []).extend([*before, *after])
        self._wrote.setdefault(table, []).extend(after)

    def inserted(self, table: Table[Any], records: Iterable[Record]) -> None:
        """Rows just inserted exactly as these records hold them (a bulk insert: 10,000
        codes), handed over as ``wrote`` hands them, with only their rowids read, where
        ``created`` reads every row back. Only for rows nothing changed after they were
        written, of a table whose ``encode`` is exact (a read of the row gives a record
        equal to the one written)."""
        records = list(records)
        rowids = table.rowids(self.project, [table.key_of(r) for r in records])
        self.wrote(
            table, (), [(i, r) for i, r in zip(rowids, records, strict=True) if i is not None]
        )

    def edit(self, also: Changes | None = None) -> Edit:
        """The edit from the rows as read to the same rows (and the new ones) now."""
        by_table: dict[Table[Any], list[Key]] = {}
        for table, key in [*self._before, *self._new]:
            by_table.setdefault(table, []).append(key)
        scan = [t for t in self._whole if t not in self._handed]  # every row, in one read
        for table in self._whole:
            by_table.pop(table, None)
            if table in self._handed:  # every row there is now, but those handed over
                by_table[table] = list(table.key_rowids(self.project))
        for table, rows in self._handed.items():  # handed over: not read again
            keys = by_table.setdefault(table, [])
            if keys:  # (keys worked out only then: a bulk insert hands 10,000 rows)
                handed = {table.key_of(r) for _i, r in rows}
                keys[:] = [k for k in keys if k not in handed]
        after: dict[tuple[Table[Any], Key], Record] = {}
        moved: dict[tuple[str, Key], tuple[int, int]] = {}

        def take(table: Table[Any], pairs: list[tuple[int, Record]]) -> None:
            for rowid, record in pairs:
                key = table.key_of(record)
                was = self._rowids.setdefault((table.name, key), rowid)
                if was != rowid and (table, key) in self._before:  # written again elsewhere
                    moved[(table.name, key)] = (was, rowid)
                after.setdefault((table, key), record)

        for table in scan:
            take(table, table.all_rowids(self.project))
        for table, keys in by_table.items():
            pairs = table.by_keys_rowids(self.project, keys)
            if table in self._wrote:
                pairs = sorted([*pairs, *self._wrote[table]], key=lambda pair: pair[0])
            take(table, pairs)
        # rows that came to belong to what was read with its dependents (a new value)
        for (dep, column, keep), values in self._scans:
            pairs = dep.where_in_rowids(self.project, column, values)
            take(dep, [(i, r) for i, r in pairs if keep is None or keep(r)])
        return Edit._of(self._before, after, also, self._rowids, moved)


# -- undo and redo ---------------------------------------------------------------------


def _merged(project: Project, old: _Rows, new: _Rows) -> _Rows:
    """The rows ``apply`` writes. A row the edit changed, and someone changed since in
    other columns (a coder's own progress mark after an assignment), keeps their change:
    only the columns the edit changed take its values. A row the edit made and someone
    changed since stays, at its table's ``neutral`` values in the edit's columns, when the
    table has them; it goes once nothing but neutral values is left."""
    by_table: dict[Table[Any], list[Key]] = {}
    for table, key in {**old, **new}:
        by_table.setdefault(table, []).append(key)
    now = {
        (table, table.key_of(r)): r
        for table, keys in by_table.items()
        for r in table.by_keys(project, keys)
    }
    out = dict(new)
    for ref in {**old, **new}:
        table, _key = ref
        current, was, to = now.get(ref), old.get(ref), new.get(ref)
        if current is None or current == was:
            continue  # as the edit left it (or gone): write the edit's side whole
        if was is not None and to is not None:
            cur, a, b = table.row(current), table.row(was), table.row(to)
            merged = tuple(y if x != y else c for c, x, y in zip(cur, a, b, strict=True))
            out[ref] = table.of(merged)
        elif was is not None and to is None and table.neutral:
            values, made = list(table.row(current)), table.row(was)
            for i, column in enumerate(table.columns):
                if column in table.neutral and values[i] == made[i]:
                    values[i] = table.neutral[column]
            if any(values[table.columns.index(c)] != v for c, v in table.neutral.items()):
                out[ref] = table.of(tuple(values))
        elif was is None and to is not None and table.neutral:
            # made again over a row someone has since: the edit's set columns, their others
            values, made = list(table.row(current)), table.row(to)
            for i, column in enumerate(table.columns):
                if column not in table.neutral or made[i] != table.neutral[column]:
                    values[i] = made[i]
            out[ref] = table.of(tuple(values))
    return out


def apply(project: Project, edit: Edit, coder_id: CoderId | None, summary: str) -> Changes:
    """Make every row ``edit`` touched as ``edit.after`` has it: rows only in ``before``
    are deleted, the rest written whole (see ``_merged`` for rows changed since). Redo is
    ``apply(edit)``, undo is ``apply(edit.inverse())``. One transaction, logged with
    ``summary``; returns ``edit.changes``. Raises a CoderError if the project refuses the
    write."""
    old = {_ref(r): r for r in edit.before}
    with project.write():
        # the rows go back in table order, but a code may come back before its parent:
        # foreign keys are checked at commit, when every row is in place
        project.conn.execute("PRAGMA defer_foreign_keys = ON")
        new = _merged(project, old, {_ref(r): r for r in edit.after})
        gone = [ref for ref in old if ref not in new]
        # Rows that stay are written first (a record moving away from a review that goes
        # must not be taken by its cascade), then the rows that go are deleted, and last the
        # missing rows are inserted (into the places and names the deleted ones freed).
        put: dict[Table[Any], list[Record]] = {}
        for (table, _key), record in new.items():
            put.setdefault(table, []).append(record)
        missing = {table: table.update(project, put[table]) for table in sorted(put, key=_rank)}
        # rows that only moved leave their places first, so the rows that go back can take
        # theirs; then each moves to where the edit's side has it
        places: dict[Table[Any], dict[Key, int]] = {}
        for table, key in new:
            if (table.name, key) in edit.moved:
                places.setdefault(table, {})[key] = edit.moved[(table.name, key)][1]
        for table, moving in places.items():
            table.park(project, moving)
        by_table: dict[Table[Any], list[Key]] = {}
        for table, key in gone:
            by_table.setdefault(table, []).append(key)
        for table in sorted(by_table, key=lambda t: -t.rank):
            table.delete(project, by_table[table])
        for table in sorted(missing, key=_rank):
            rowids = {k: i for (name, k), i in edit.rowids.items() if name == table.name}
            table.restore(project, missing[table], {**rowids, **places.get(table, {})})
        for table, moving in places.items():
            table.place(project, moving)
        now = utc_now()
        entries: list[tuple[CoderId | None, str, str, str, str, dict[str, Any]]] = []
        for ref in {**old, **new}:
            table, key = ref
            action = "delete" if ref not in new else "create" if ref not in old else "update"
            detail: dict[str, Any] = {}
            if action == "update":
                a, b = table.row(old[ref]), table.row(new[ref])
                detail = {
                    c: f"<{len(y)} bytes>" if isinstance(y, bytes) else y  # a blob: its size
                    for c, x, y in zip(table.columns, a, b, strict=True)
                    if x != y and c not in _STAMPS
                }
            entries.append((coder_id, action, table.entity, table.entity_id(key), summary, detail))
        changelog.log_detailed(project, entries, at=now)
    return edit.changes
