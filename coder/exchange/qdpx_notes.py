"""REFI-QDA notes and descriptions into memos (part of ``qdpx_import``).

A note becomes a memo on what refers to it (the project, a code, a coding, a document),
or on the project when nothing does. An annotation (a note with a ``PlainTextSelection``,
as QualCoder writes them, referred to from its source) becomes a memo on the coding with
exactly its range, or else a memo on the document that quotes the range. The project's
``Description`` (QualCoder's project memo) is a project memo. Every note is accounted
for: written, or named in the report with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coder.exchange.qde_read import QNote, QProject
from coder.ids import CoderId
from coder.project import changelog, codings, memos
from coder.project.clock import utc_now
from coder.project.store import Project
from coder.text.reanchor import Reanchorer
from coder.text.short import short
from coder.text.units import Positions


@dataclass
class Memo:
    """A memo to write once everything it may point to exists: a note's text (by GUID) or
    a text given here; ``on`` is the quote it is about, when it sits on the document;
    ``source`` the source whose ``NoteRef`` it came from (an annotation's range counts
    in that source's text)."""

    kind: str
    target: str | None
    note: str | None = None
    text: str = ""
    on: str = ""
    source: str | None = None


Placing = dict[str, tuple[str, Positions, str, Reanchorer | None]]


class NoteWriter:
    """Writes the memos gathered during an import. ``read`` gives a note's text (None when
    its file is missing), ``why`` the reason it is missing, ``account`` and ``missing``
    report to the import report."""

    def __init__(
        self,
        project: Project,
        q: QProject,
        coder_of: dict[str, str],
        read: Callable[[QNote], str | None],
        why: Callable[[QNote], str],
        account: Callable[[str, str, int], None],
        missing: Callable[[str], None],
    ) -> None:
        self.project = project
        self.q = q
        self.coder_of = coder_of
        self.read = read
        self.why = why
        self.account = account
        self.missing = missing
        self.written: set[str] = set()  # notes with at least one memo
        self.failed: set[str] = set()  # notes named in the report
        self.dangling: set[str] = set()  # references to notes the file does not have

    def write(self, gathered: list[Memo], placing: Placing) -> int:
        """Write every memo; returns how many were written."""
        rows: list[tuple[str, str | None, str | None, str, str | None]] = []
        for m in gathered:
            if m.note is None:
                rows.append((m.kind, m.target, None, self._on(m.on, m.text), None))
                continue
            row = self._from_note(m, placing)
            if row is not None:
                rows.append(row)
        referred = {m.note for m in gathered if m.note}
        for ref in self.q.project_notes + [g for g in self.q.notes if g not in referred]:
            if ref in self.written or ref in self.failed or ref in self.dangling:
                continue
            row = self._from_note(Memo("project", None, note=ref), placing)
            if row is not None:
                rows.append(row)
        if self.q.description.strip():
            rows.append(("project", None, None, self.q.description, None))
        now = utc_now()
        for kind, target, author, text, created in rows:
            add_memo(self.project, kind, target, author, text, created or now, now)
        self.account("Note", "imported", len(self.written))
        self.account("Note", "not imported", len(self.failed - self.written))
        return len(rows)

    @staticmethod
    def _on(quote: str, text: str) -> str:
        return f"On “{quote}”: {text}" if quote else text

    def _from_note(self, m: Memo, placing: Placing):
        guid = m.note
        assert guid is not None
        n = self.q.notes.get(guid)
        if n is None:
            if guid not in self.dangling:
                self.missing(f"a reference to note {guid}, which is not in the file; skipped")
            self.dangling.add(guid)
            return None
        text = self.read(n)
        if text is None or not text.strip():
            if guid not in self.failed:
                reason = self.why(n) if text is None else "it is empty"
                self.missing(f"note '{n.name or guid}': {reason}; not imported")
            self.failed.add(guid)
            return None
        kind, target, on = m.kind, m.target, m.on
        if n.selection is not None and m.source in placing and kind == "document":
            kind, target, on = self._anchor(n, placing[m.source], target)
        self.written.add(guid)
        author = self.coder_of.get(n.user) if n.user else None
        return (kind, target, author, self._on(on, text), n.created)

    def _anchor(self, n: QNote, place, doc_id):
        """An annotation's memo: on the coding of exactly its range, else on the document
        with the quote."""
        assert n.selection is not None
        document, positions, text, anchor = place
        start, end = (positions.index(v) for v in n.selection)
        if not 0 <= start < end <= len(text):
            self.missing(
                f"note '{n.name or n.guid}': its range {n.selection[0]}-{n.selection[1]} lies "
                "outside its text; kept as a memo on the document"
            )
            return "document", doc_id, ""
        quote = text[start:end]
        if anchor is not None:
            placed = anchor.place(start, end, quote)
            if placed is None:
                return "document", doc_id, quote
            start, end = placed
        found = codings.text_codings_at(self.project, document, start, end)
        if found:
            return "coding", found[0], ""
        return "document", doc_id, quote


def add_memo(
    project: Project,
    kind: str,
    target: str | None,
    author: str | None,
    text: str,
    written: str,
    now: str,
) -> None:
    """Store an imported memo (written at ``written``, as the file says) and log it at
    ``now`` as the app logs a new memo."""
    memo_id = memos.insert_memo(project, kind, target, author, text, written)
    summary = f"memo on {kind}: {short(text)}"
    who = CoderId(author) if author else None
    changelog.log(project, who, "create", "memo", memo_id, summary, at=now)
