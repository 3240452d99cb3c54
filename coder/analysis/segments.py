"""The segments table: one row per coding."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from coder.project import codes
from coder.project.store import Project

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

MEMO_JOIN = "\n\n"


def segment_rows(project: Project) -> Iterator[tuple[object, ...]]:
    """Rows in ``SEGMENT_COLUMNS`` order, by document title, page and position."""
    with project.read():
        tree = codes.code_tree(project)
        memos: dict[str, list[str]] = defaultdict(list)
        for target, text in project.conn.execute(
            "SELECT target_id, text FROM memos WHERE target_kind = 'coding' ORDER BY created_at"
        ):
            memos[target].append(text)
        rows = project.conn.execute(
            "SELECT c.id, d.id, d.title, d.sha256, c.code_id, k.name, c.effect, c.page_start, "
            "c.page_end, c.char_start, c.char_end, c.quote, c.created_at, r.id, r.name, c.kind, "
            "c.rects, c.modified_at "
            "FROM codings c JOIN documents d ON d.id = c.document_id "
            "JOIN coders k ON k.id = c.coder_id JOIN reviews r ON r.id = d.review_id "
            "ORDER BY d.title, d.id, c.page_start, c.char_start, c.created_at, c.id"
        ).fetchall()
    for (
        cid,
        did,
        title,
        sha,
        code_id,
        coder,
        effect,
        p0,
        p1,
        s,
        e,
        quote,
        created,
        rid,
        rname,
        kind,
        rects,
        modified,
    ) in rows:
        yield (
            cid,
            did,
            title,
            sha,
            code_id,
            tree.path(code_id),
            coder,
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
        )
