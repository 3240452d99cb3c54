"""The segments table: one row per coding."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from coder.coding.reviews import attribute_values, list_attributes
from coder.project import codes
from coder.project.store import Project
from coder.project.structure import Locations
from coder.structure.model import cite

#: Column order is part of the documented contract; new columns go at the end.
SEGMENT_COLUMNS = (
    "coding_id",
    "document_id",
    "document_title",
    "document_sha256",
    "code_id",
    "code_path",
    "coder",
    "effect",
    "page_start",
    "page_end",
    "char_start",
    "char_end",
    "quote",
    "memo",
    "created_at",
    "review_id",
    "review_name",
    "kind",
    "rects",
    "modified_at",
)

#: Where a coding sits in its review's structure, and its citation. A pooled export puts
#: them after ``project``, so that every earlier column keeps its place.
STRUCTURE_COLUMNS = ("section", "section_kind", "paragraph", "paragraph_end", "citation")

#: The coding's practice judgement (issue 16), after the structure columns for the same
#: reason: every earlier column keeps its place.
JUDGEMENT_COLUMNS = ("judgement",)

MEMO_JOIN = "\n\n"


def segment_header(project: Project) -> list[str]:
    """The columns: ``SEGMENT_COLUMNS``, ``STRUCTURE_COLUMNS``, ``JUDGEMENT_COLUMNS``, then
    ``attr:<name>`` per review attribute."""
    return [
        *SEGMENT_COLUMNS,
        *STRUCTURE_COLUMNS,
        *JUDGEMENT_COLUMNS,
        *(f"attr:{a.name}" for a in list_attributes(project)),
    ]


def segment_rows(project: Project) -> Iterator[tuple[object, ...]]:
    """Rows in ``segment_header`` order: documents by title, codings by page and position.

    Queried per document over the ``codings_document`` index rather than as one big
    join and sort: the quotes make rows wide, and sorting them costs more than the rows.
    """
    conn = project.conn
    with project.read():
        tree = codes.code_tree(project)
        coder_names = dict(conn.execute("SELECT id, name FROM coders"))
        memos: dict[str, list[str]] = defaultdict(list)
        for target, text in conn.execute(
            "SELECT target_id, text FROM memos WHERE target_kind = 'coding' "
            "ORDER BY created_at, rowid"
        ):
            memos[target].append(text)
        specs = list_attributes(project)
        values = attribute_values(project)
        where = Locations(project)
        docs = conn.execute(
            "SELECT d.id, d.title, d.sha256, r.id, r.name FROM documents d "
            "JOIN reviews r ON r.id = d.review_id ORDER BY d.title, d.rowid"
        ).fetchall()
        for did, title, sha, rid, rname in docs:
            own = values.get(rid, {})
            attrs = tuple(s.format(own.get(s.id)) for s in specs)
            rows = conn.execute(
                "SELECT id, code_id, coder_id, effect, page_start, page_end, char_start, "
                "char_end, quote, created_at, kind, rects, modified_at, judgement FROM codings "
                "WHERE document_id = ? ORDER BY page_start, char_start, created_at, rowid",
                [did],
            ).fetchall()
            for (
                cid,
                code_id,
                coder_id,
                effect,
                p0,
                p1,
                s,
                e,
                quote,
                created,
                kind,
                rects,
                modified,
                judgement,
            ) in rows:
                at = where.locate(did, s, e, p0)
                yield (
                    cid,
                    did,
                    title,
                    sha,
                    code_id,
                    tree.path(code_id),
                    coder_names[coder_id],
                    effect or "",
                    p0,
                    p1,
                    s,
                    e,
                    quote,
                    MEMO_JOIN.join(memos.get(cid, ())),
                    created,
                    rid,
                    rname,
                    kind,
                    rects,
                    modified,
                    at.section,
                    at.section_kind,
                    at.paragraph,
                    at.paragraph_end,
                    cite(title, at, p0, p1),
                    judgement or "",
                    *attrs,
                )
