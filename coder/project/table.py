"""One table as its repository sees it: the frozen record a row becomes, and the few
generic reads and writes an ``Edit`` needs (rows by key, put back, delete).

A repository module declares its table once (``TABLE = Table(...)``) next to the queries
only it runs; ``coder.project.edit`` applies before/after records through these specs,
so undo and redo of every kind of change write through the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, make_dataclass
from operator import attrgetter
from typing import Any, Generic, TypeVar

from coder.project.store import Project

R = TypeVar("R")
Key = tuple[Any, ...]
_CHUNK = 400  # well under SQLite's 999 bound parameters
_FEW = 8  # keys sharing a first part read one by one; more, by that first part at once

#: every declared table, by its record type (``coder.project.edit`` finds a record's
#: table here)
REGISTRY: dict[type, Table[Any]] = {}


def _plain_encode(columns: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda record: tuple(getattr(record, c) for c in columns)


@dataclass(frozen=True, eq=False)
class Table(Generic[R]):
    """A table, its record type and how a record maps to a row (``columns`` order).

    ``entity`` is the kind of thing the change log and ``Changes`` call it ("code",
    "coding", ...). ``rank`` orders writes: lower ranks are written first and deleted
    last (a code before its codings). ``encode``/``decode`` default to the record's
    fields taken by column name, for records whose fields are their columns.
    """

    name: str
    entity: str
    record: type[R]
    columns: tuple[str, ...]
    key: tuple[str, ...] = ("id",)
    rank: int = 0
    encode: Callable[[R], tuple[Any, ...]] | None = None
    decode: Callable[[tuple[Any, ...]], R] | None = None
    #: column -> its value when "nothing is set" (a row that holds only these may go)
    neutral: dict[str, Any] = field(default_factory=dict)
    _enc: Callable[[R], tuple[Any, ...]] = field(init=False, repr=False)
    _dec: Callable[[tuple[Any, ...]], R] = field(init=False, repr=False)
    _key_at: tuple[int, ...] = field(init=False, repr=False)
    _key_get: Callable[[R], Any] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = {f.name for f in fields(self.record)}  # type: ignore[arg-type]
        if self.encode is None and not set(self.columns) <= names:
            raise TypeError(f"{self.record.__name__} lacks columns of {self.name}")
        object.__setattr__(self, "_enc", self.encode or _plain_encode(self.columns))
        object.__setattr__(self, "_dec", self.decode or (lambda row: self.record(*row)))
        object.__setattr__(self, "_key_at", tuple(self.columns.index(k) for k in self.key))
        # a record with fields named as its key's columns (they hold the key's values in
        # every table here) gives its key without encoding the whole row
        plain = set(self.key) <= names
        object.__setattr__(self, "_key_get", attrgetter(*self.key) if plain else None)
        if REGISTRY.setdefault(self.record, self) is not self:
            raise TypeError(f"{self.record.__name__} is the record of two tables")

    # -- records and rows --------------------------------------------------------------

    def row(self, record: R) -> tuple[Any, ...]:
        return self._enc(record)

    def of(self, row: Sequence[Any]) -> R:
        return self._dec(tuple(row))

    def key_of(self, record: R) -> Key:
        if self._key_get is not None:
            got = self._key_get(record)
            return got if len(self.key) > 1 else (got,)
        row = self._enc(record)
        return tuple(row[i] for i in self._key_at)

    def entity_id(self, key: Key) -> str:
        """The id the change log and ``Changes`` use: the key, joined for composite keys."""
        return str(key[0]) if len(key) == 1 else "/".join(str(k) for k in key)

    # -- reads -------------------------------------------------------------------------

    def select(self, project: Project, where: str = "", params: Sequence[Any] = ()) -> list[R]:
        """Rows matching ``where`` (SQL over this table's columns), in rowid order."""
        sql = f"SELECT {', '.join(self.columns)} FROM {self.name}"
        if where:
            sql += f" WHERE {where}"
        return [self.of(r) for r in project.conn.execute(sql + " ORDER BY rowid", list(params))]

    def where_in(self, project: Project, column: str, values: Iterable[Any]) -> list[R]:
        """Rows whose ``column`` is one of ``values``, in rowid order."""
        return [record for _rowid, record in self.where_in_rowids(project, column, values)]

    def where_in_rowids(
        self, project: Project, column: str, values: Iterable[Any]
    ) -> list[tuple[int, R]]:
        """(rowid, record) of the rows whose ``column`` is one of ``values``, in rowid order."""
        values = list(dict.fromkeys(values))
        out: list[tuple[int, R]] = []
        cols = ", ".join(self.columns)
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            out.extend(
                (r[0], self.of(r[1:]))
                for r in project.conn.execute(
                    f"SELECT rowid, {cols} FROM {self.name} WHERE {column} IN ({marks})", chunk
                )
            )
        out.sort(key=lambda pair: pair[0])
        return out

    def all_rowids(self, project: Project) -> list[tuple[int, R]]:
        """(rowid, record) of every row, in rowid order."""
        cols = ", ".join(self.columns)
        return [
            (r[0], self.of(r[1:]))
            for r in project.conn.execute(f"SELECT rowid, {cols} FROM {self.name} ORDER BY rowid")
        ]

    def key_rowids(self, project: Project) -> dict[Key, int]:
        """Every row's key and rowid (its columns not read)."""
        cols = ", ".join(self.key)
        return {
            tuple(r[1:]): r[0]
            for r in project.conn.execute(f"SELECT rowid, {cols} FROM {self.name}")
        }

    def by_keys(self, project: Project, keys: Iterable[Key]) -> list[R]:
        """The rows with these keys that exist, in rowid order."""
        return [record for _rowid, record in self.by_keys_rowids(project, keys)]

    def by_keys_rowids(self, project: Project, keys: Iterable[Key]) -> list[tuple[int, R]]:
        """(rowid, record) of the rows with these keys that exist, in rowid order."""
        keys = list(dict.fromkeys(keys))
        if len(self.key) == 1:
            return self.where_in_rowids(project, self.key[0], [k[0] for k in keys])
        cols = ", ".join(self.columns)
        match = " AND ".join(f"{k} = ?" for k in self.key)
        found: list[tuple[int, R]] = []
        # many keys sharing their first part (the pages or headings of a document): the
        # rows with that first part, in one read, kept where their key was asked for
        by_first: dict[Any, list[Key]] = {}
        for key in keys:
            by_first.setdefault(key[0], []).append(key)
        wanted = {k for group in by_first.values() if len(group) > _FEW for k in group}
        if wanted:
            firsts = [first for first, group in by_first.items() if len(group) > _FEW]
            for rowid, record in self.where_in_rowids(project, self.key[0], firsts):
                if self.key_of(record) in wanted:
                    found.append((rowid, record))
            keys = [k for k in keys if k not in wanted]
        for key in keys:
            row = project.conn.execute(
                f"SELECT rowid, {cols} FROM {self.name} WHERE {match}", list(key)
            ).fetchone()
            if row:
                found.append((row[0], self.of(row[1:])))
        found.sort(key=lambda pair: pair[0])
        return found

    def rowids(self, project: Project, keys: Sequence[Key]) -> list[int | None]:
        """The rowid of the row with each key (None: no such row), reading keys only: first
        the table's last rows, as many as there are keys (where an insert has just put
        them), and by key only if some key is not among them."""
        if not keys:
            return []
        cols = ", ".join(self.key)
        last = project.conn.execute(
            f"SELECT rowid, {cols} FROM {self.name} ORDER BY rowid DESC LIMIT ?", [len(keys)]
        ).fetchall()
        if len(self.key) == 1:
            by_value = {value: rowid for rowid, value in last}
            found = [by_value.get(key[0]) for key in keys]
        else:
            by_key = {tuple(row[1:]): row[0] for row in last}
            found = [by_key.get(key) for key in keys]
        if None not in found:
            return found
        if len(self.key) > 1:
            by_key = {self.key_of(r): i for i, r in self.by_keys_rowids(project, keys)}
            return [by_key.get(key) for key in keys]
        values = list(dict.fromkeys(key[0] for key in keys))
        by_value = {}
        for i in range(0, len(values), _CHUNK):
            chunk = values[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            by_value.update(
                (value, rowid)
                for rowid, value in project.conn.execute(
                    f"SELECT rowid, {cols} FROM {self.name} WHERE {cols} IN ({marks})", chunk
                )
            )
        return [by_value.get(key[0]) for key in keys]

    # -- writes (inside the caller's ``write()``) ----------------------------------------

    def insert(self, project: Project, records: Iterable[R]) -> None:
        cols = ", ".join(self.columns)
        marks = ", ".join("?" * len(self.columns))
        project.conn.executemany(
            f"INSERT INTO {self.name} ({cols}) VALUES ({marks})", [self.row(r) for r in records]
        )

    def update(self, project: Project, records: Iterable[R]) -> list[R]:
        """Overwrite every column of the rows with these records' keys, in place (keeping
        their rowids); returns the records whose rows do not exist."""
        conn = project.conn
        match = " AND ".join(f"{k} = ?" for k in self.key)
        rest = [c for c in self.columns if c not in self.key]
        sets = ", ".join(f"{c} = ?" for c in rest)
        rest_at = [self.columns.index(c) for c in rest]
        missing = []
        for record in records:
            row, key = self.row(record), self.key_of(record)
            if not conn.execute(f"SELECT 1 FROM {self.name} WHERE {match}", list(key)).fetchone():
                missing.append(record)
            elif rest:
                conn.execute(
                    f"UPDATE {self.name} SET {sets} WHERE {match}",
                    [*(row[i] for i in rest_at), *key],
                )
        return missing

    def restore(self, project: Project, records: Iterable[R], rowids: dict[Key, int]) -> None:
        """Insert rows, each at the rowid ``rowids`` gives it when that is free, so rows that
        tie in an ordering come back in their old order."""
        conn = project.conn
        cols = ", ".join(self.columns)
        marks = ", ".join("?" * len(self.columns))
        for record in records:
            row = self.row(record)
            rowid = rowids.get(self.key_of(record))
            if (
                rowid is not None
                and not conn.execute(
                    f"SELECT 1 FROM {self.name} WHERE rowid = ?", [rowid]
                ).fetchone()
            ):
                conn.execute(
                    f"INSERT INTO {self.name} (rowid, {cols}) VALUES (?, {marks})", [rowid, *row]
                )
            else:
                conn.execute(f"INSERT INTO {self.name} ({cols}) VALUES ({marks})", row)

    def park(self, project: Project, keys: Iterable[Key]) -> None:
        """Move rows out of the way, below every rowid in use (rowids here are positive),
        freeing their places for ``restore`` and ``place``. Their columns are untouched,
        and no trigger or cascade runs (nothing is deleted)."""
        conn = project.conn
        match = " AND ".join(f"{k} = ?" for k in self.key)
        for key in keys:
            conn.execute(
                f"UPDATE {self.name} SET rowid = "
                f"(SELECT min(coalesce(min(rowid), 0), 0) - 1 FROM {self.name}) WHERE {match}",
                list(key),
            )

    def place(self, project: Project, rowids: dict[Key, int]) -> None:
        """Move rows (parked) to these rowids, so they sit where they did among rows
        ordered by rowid; a row whose place another row has taken since goes to the end."""
        conn = project.conn
        match = " AND ".join(f"{k} = ?" for k in self.key)
        for key, rowid in rowids.items():
            taken = conn.execute(f"SELECT 1 FROM {self.name} WHERE rowid = ?", [rowid]).fetchone()
            conn.execute(
                f"UPDATE {self.name} SET rowid = "
                + ("(SELECT max(rowid) + 1 FROM " + self.name + ")" if taken else "?")
                + f" WHERE {match} AND rowid < 0",
                [*([] if taken else [rowid]), *key],
            )

    def delete(self, project: Project, keys: Iterable[Key]) -> None:
        match = " AND ".join(f"{k} = ?" for k in self.key)
        project.conn.executemany(f"DELETE FROM {self.name} WHERE {match}", [list(k) for k in keys])


_ROW_TABLES: dict[str, Table[Any]] = {}


def row_table(project: Project, name: str, entity: str, rank: int = 50) -> Table[Any]:
    """A table no repository declares a record for (rows another feature owns), as plain
    frozen rows of its columns, so that an edit can still put back what a deletion took
    with it. Built from the table's own columns and primary key."""
    found = _ROW_TABLES.get(name)
    if found is None:
        info = project.conn.execute(f"PRAGMA table_info({name})").fetchall()
        columns = tuple(r[1] for r in info)
        key = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        record = make_dataclass(f"{name}_row", [(c, Any) for c in columns], frozen=True, slots=True)
        found = _ROW_TABLES[name] = Table(name, entity, record, columns, key=key, rank=rank)
    return found
