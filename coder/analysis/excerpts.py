"""Retrieval: every coded excerpt for a code (and, optionally, its sub-codes)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from coder.ids import CodeId, CodingId, DocumentId
from coder.project import codes
from coder.project.store import Project
from coder.project.structure import Locations


@dataclass(frozen=True, slots=True)
class Excerpt:
    coding_id: CodingId
    document_id: DocumentId
    document_title: str
    code_id: CodeId
    code_path: str
    coder: str
    kind: str
    page_start: int
    page_end: int
    char_start: int | None
    char_end: int | None
    quote: str
    effect: str | None
    memo: str
    section: str = ""
    section_kind: str = ""
    paragraph: str = ""
    paragraph_end: str = ""
    judgement: str | None = None


def excerpts(
    project: Project,
    code_id: str,
    include_subcodes: bool = True,
    coders: set[str] | None = None,
    effects: set[str | None] | None = None,
    section_kinds: set[str] | None = None,
) -> list[Excerpt]:
    """Excerpts by document title, page and position. ``coders`` filters by coder name;
    ``effects`` by effect (``None`` for codings without one); ``section_kinds`` by the kind
    of section they start in."""
    with project.read():
        tree = codes.code_tree(project)
        ids = [code_id, *tree.descendants(code_id)] if include_subcodes else [code_id]
        marks = ",".join("?" * len(ids))
        rows = project.conn.execute(
            "SELECT c.id, d.id, d.title, c.code_id, k.name, c.kind, c.page_start, c.page_end, "
            "c.char_start, c.char_end, c.quote, c.effect, c.judgement FROM codings c "
            "JOIN documents d ON d.id = c.document_id JOIN coders k ON k.id = c.coder_id "
            f"WHERE c.code_id IN ({marks}) "
            "ORDER BY d.title, d.rowid, c.page_start, c.char_start, c.created_at, c.rowid",
            ids,
        ).fetchall()
        memos: dict[str, list[str]] = defaultdict(list)
        found = [r[0] for r in rows]
        for i in range(0, len(found), 500):
            chunk = found[i : i + 500]
            for target, text in project.conn.execute(
                "SELECT target_id, text FROM memos WHERE target_kind = 'coding' AND "
                f"target_id IN ({','.join('?' * len(chunk))}) ORDER BY created_at, rowid",
                chunk,
            ):
                memos[target].append(text)
    out = []
    where = Locations(project)
    for cid, did, title, code, coder, kind, p0, p1, s, e, quote, effect, judgement in rows:
        if coders is not None and coder not in coders:
            continue
        if effects is not None and effect not in effects:
            continue
        at = where.locate(did, s, e, p0)
        if section_kinds is not None and at.section_kind not in section_kinds:
            continue
        out.append(
            Excerpt(
                cid,
                did,
                title,
                code,
                tree.path(code),
                coder,
                kind,
                p0,
                p1,
                s,
                e,
                quote,
                effect,
                "\n\n".join(memos.get(cid, ())),
                at.section,
                at.section_kind,
                at.paragraph,
                at.paragraph_end,
                judgement,
            )
        )
    return out
