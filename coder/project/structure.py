"""The stored structure of documents: what detection found, the user's corrections, and
the headings and paragraphs in force (tables `structures`, `structure_corrections`,
`headings`, `paragraphs`; line fonts in `pages.line_styles`).

What detection found, the pages' line fonts, the corrections, headings and paragraphs
are tables an ``Edit`` writes back (``DETECTED``, ``PAGE_STYLES``, ``CORRECTIONS``,
``HEADINGS``, ``PARAGRAPHS``): the structure in force is rewritten row by row, only where
it changed, so undoing a correction puts the same rows back in the same places."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coder.ids import CoderId, DocumentId
from coder.pdf.geometry import LineStyles, PageWords
from coder.project.store import Project
from coder.project.table import Table
from coder.structure.lines import PageInput
from coder.structure.model import Correction, Heading, Location, Locator, Paragraph, Structure


@dataclass(frozen=True, slots=True)
class StoredCorrection:
    id: str
    document_id: DocumentId
    action: str
    start: int
    value: str
    coder_id: CoderId | None
    created_at: str

    @property
    def correction(self) -> Correction:
        return Correction(self.action, self.start, self.value)


@dataclass(frozen=True, slots=True)
class HeadingRow:
    document_id: DocumentId
    char_start: int
    char_end: int
    page: int
    level: int
    number: str
    title: str
    kind: str


@dataclass(frozen=True, slots=True)
class ParagraphRow:
    document_id: DocumentId
    char_start: int
    char_end: int
    page: int
    number: str


CORRECTIONS = Table(
    "structure_corrections",
    "structure_correction",
    StoredCorrection,
    ("id", "document_id", "action", "char_start", "value", "coder_id", "created_at"),
    rank=10,
    encode=lambda c: (c.id, c.document_id, c.action, c.start, c.value, c.coder_id, c.created_at),
)


@dataclass(frozen=True, slots=True)
class DetectedRow:
    """What detection found for a document (``detected``: the structure as JSON)."""

    document_id: DocumentId
    version: int
    detected_at: str
    detected: str


@dataclass(frozen=True, slots=True)
class PageStyles:
    """A page's line fonts (the column of ``pages`` detection fills in)."""

    document_id: DocumentId
    page: int
    line_styles: bytes | None


DETECTED = Table(
    "structures",
    "structure",
    DetectedRow,
    ("document_id", "version", "detected_at", "detected"),
    key=("document_id",),
    rank=10,
)
PAGE_STYLES = Table(
    "pages",
    "page",
    PageStyles,
    ("document_id", "page", "line_styles"),
    key=("document_id", "page"),
    rank=5,
)
HEADINGS = Table(
    "headings",
    "heading",
    HeadingRow,
    ("document_id", "char_start", "char_end", "page", "level", "number", "title", "kind"),
    key=("document_id", "char_start"),
    rank=10,
)
PARAGRAPHS = Table(
    "paragraphs",
    "paragraph",
    ParagraphRow,
    ("document_id", "char_start", "char_end", "page", "number"),
    key=("document_id", "char_start"),
    rank=10,
)


def page_inputs(project: Project, document_id: str) -> list[PageInput]:
    """The stored pages of a document as detection reads them (styles None where the
    fonts were never read)."""
    rows = project.conn.execute(
        "SELECT page, width, height, char_start, word_boxes, word_spans, line_styles "
        "FROM pages WHERE document_id = ? ORDER BY page",
        [document_id],
    )
    return [
        PageInput(
            page,
            width,
            height,
            start,
            PageWords.from_blobs(boxes, spans),
            LineStyles.from_blob(styles) if styles is not None else None,
        )
        for page, width, height, start, boxes, spans, styles in rows
    ]


def page_starts(project: Project, document_id: str) -> list[int]:
    rows = project.conn.execute(
        "SELECT char_start FROM pages WHERE document_id = ? ORDER BY page", [document_id]
    )
    return [r[0] for r in rows]


def set_line_styles(project: Project, document_id: str, styles: Sequence[LineStyles]) -> None:
    """Store the line fonts of every page, in page order. Call inside ``write()``."""
    project.conn.executemany(
        "UPDATE pages SET line_styles = ? WHERE document_id = ? AND page = ?",
        [(s.to_blob(), document_id, n) for n, s in enumerate(styles, 1)],
    )


def detected(project: Project, document_id: str) -> tuple[int, Structure] | None:
    """(detector version, what it found), or None when never detected."""
    row = project.conn.execute(
        "SELECT version, detected FROM structures WHERE document_id = ?", [document_id]
    ).fetchone()
    return (row[0], Structure.from_json(row[1])) if row else None


def is_detected(project: Project, document_id: str) -> bool:
    """Whether detection has run on the document, without reading what it found (a
    400-page report's is some 150 KB of JSON: the Outline asks on every open)."""
    row = project.conn.execute(
        "SELECT 1 FROM structures WHERE document_id = ?", [document_id]
    ).fetchone()
    return row is not None


def save_detected(
    project: Project, document_id: str, version: int, structure: Structure, at: str
) -> None:
    """Record what detection found. Call inside ``write()``."""
    project.conn.execute(
        "INSERT INTO structures (document_id, version, detected_at, detected) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET "
        "version = excluded.version, detected_at = excluded.detected_at, "
        "detected = excluded.detected",
        [document_id, version, at, structure.to_json()],
    )


@dataclass(frozen=True, slots=True)
class Rewrite:
    """What rewriting a document's rows of ``table`` changed, as (rowid, record) in rowid
    order: the rows changed or deleted as they were (``before``), and the rows changed or
    made as they are now (``after``). Rows left as they were are in neither."""

    table: Table[Any]
    before: list[tuple[int, Any]]
    after: list[tuple[int, Any]]


def write_in_force(
    project: Project, document_id: str, structure: Structure
) -> tuple[Rewrite, Rewrite]:
    """Make the headings and paragraphs in force ``structure``'s, touching only the rows
    that differ (a row that stays keeps its place); returns what it changed in each table,
    for an edit. Call inside ``write()``."""
    doc = DocumentId(document_id)
    heads = [
        (doc, h.start, h.end, h.page, h.level, h.number, h.title, h.kind)
        for h in structure.headings
    ]
    paras = [(doc, p.start, p.end, p.page, p.number) for p in structure.paragraphs]
    return _rewrite(project, HEADINGS, doc, heads), _rewrite(project, PARAGRAPHS, doc, paras)


def _rewrite(
    project: Project, table: Table[Any], document_id: DocumentId, rows: list[tuple[Any, ...]]
) -> Rewrite:
    """Make a document's rows of ``table`` (keyed by document and ``char_start``, its
    first two columns) ``rows``: one read of the document's rows, then only the rows that
    differ deleted, updated in place or inserted."""
    conn, name = project.conn, table.name
    old = {
        r[2]: (r[0], r[1:])
        for r in conn.execute(
            f"SELECT rowid, {', '.join(table.columns)} FROM {name} "
            "WHERE document_id = ? ORDER BY rowid",
            [document_id],
        )
    }
    new = {row[1]: row for row in rows}
    gone = [(i, row) for start, (i, row) in old.items() if start not in new]
    changed = [(i, row) for start, (i, row) in old.items() if start in new and new[start] != row]
    made = [row for start, row in new.items() if start not in old]
    match = "document_id = ? AND char_start = ?"
    conn.executemany(f"DELETE FROM {name} WHERE {match}", [row[:2] for _i, row in gone])
    sets = ", ".join(f"{c} = ?" for c in table.columns[2:])
    conn.executemany(
        f"UPDATE {name} SET {sets} WHERE {match}",
        [new[row[1]][2:] + row[:2] for _i, row in changed],
    )
    conn.executemany(
        f"INSERT INTO {name} ({', '.join(table.columns)}) "
        f"VALUES ({', '.join('?' * len(table.columns))})",
        made,
    )
    after = [(i, new[row[1]]) for i, row in changed]
    if made:
        rowid = dict(
            conn.execute(
                f"SELECT char_start, rowid FROM {name} WHERE document_id = ?", [document_id]
            )
        )
        after.extend((rowid[row[1]], row) for row in made)
    after.sort()  # by rowid (each row has its own)
    return Rewrite(
        table,
        [(i, table.of(row)) for i, row in sorted(gone + changed)],
        [(i, table.of(row)) for i, row in after],
    )


def in_force(project: Project, document_id: str) -> Structure:
    """The headings and paragraphs in force, in text order (empty when never detected)."""
    conn = project.conn
    headings = conn.execute(
        "SELECT char_start, char_end, page, level, number, title, kind FROM headings "
        "WHERE document_id = ? ORDER BY char_start",
        [document_id],
    )
    paragraphs = conn.execute(
        "SELECT char_start, char_end, page, number FROM paragraphs "
        "WHERE document_id = ? ORDER BY char_start",
        [document_id],
    )
    return Structure(tuple(Heading(*r) for r in headings), tuple(Paragraph(*r) for r in paragraphs))


def all_in_force(project: Project) -> dict[DocumentId, Structure]:
    """Every document's structure in force, for exports and filters (one query each)."""
    heads: dict[DocumentId, list[Heading]] = {}
    paras: dict[DocumentId, list[Paragraph]] = {}
    conn = project.conn
    for doc, *row in conn.execute(
        "SELECT document_id, char_start, char_end, page, level, number, title, kind "
        "FROM headings ORDER BY document_id, char_start"
    ):
        heads.setdefault(DocumentId(doc), []).append(Heading(*row))
    for doc, *row in conn.execute(
        "SELECT document_id, char_start, char_end, page, number FROM paragraphs "
        "ORDER BY document_id, char_start"
    ):
        paras.setdefault(DocumentId(doc), []).append(Paragraph(*row))
    return {
        d: Structure(tuple(heads.get(d, ())), tuple(paras.get(d, ())))
        for d in set(heads) | set(paras)
    }


def corrections(project: Project, document_id: str) -> list[StoredCorrection]:
    """A document's corrections, in the order they were made."""
    rows = project.conn.execute(
        "SELECT id, document_id, action, char_start, value, coder_id, created_at "
        "FROM structure_corrections WHERE document_id = ? ORDER BY created_at, rowid",
        [document_id],
    )
    return [StoredCorrection(*r) for r in rows]


def insert_corrections(project: Project, rows: Iterable[StoredCorrection]) -> None:
    """Call inside ``write()``."""
    CORRECTIONS.insert(project, rows)


def stale_documents(project: Project, version: int) -> list[DocumentId]:
    """Documents never detected, or detected by an older detector, by title."""
    rows = project.conn.execute(
        "SELECT d.id FROM documents d LEFT JOIN structures s ON s.document_id = d.id "
        "WHERE s.version IS NULL OR s.version < ? ORDER BY d.title COLLATE NOCASE, d.rowid",
        [version],
    )
    return [DocumentId(r[0]) for r in rows]


class Locations:
    """Where ranges sit in a project's documents (section, kind, paragraphs), reading each
    document's structure once. An area coding sits where the top of its page does."""

    def __init__(self, project: Project) -> None:
        self._project = project
        self._locators: dict[str, Locator] = {}
        self._page_starts: dict[str, list[int]] = {}

    def locator(self, document_id: str) -> Locator:
        found = self._locators.get(document_id)
        if found is None:
            found = self._locators[document_id] = Locator(in_force(self._project, document_id))
        return found

    def locate(
        self, document_id: str, char_start: int | None, char_end: int | None, page: int = 1
    ) -> Location:
        if char_start is None:
            starts = self._page_starts.get(document_id)
            if starts is None:
                starts = self._page_starts[document_id] = page_starts(self._project, document_id)
            if not 1 <= page <= len(starts):
                return Location()
            at = self.locator(document_id).locate(starts[page - 1], starts[page - 1] + 1)
            return Location(at.section, at.section_kind)
        return self.locator(document_id).locate(char_start, char_end)
