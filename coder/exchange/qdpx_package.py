"""What an export's parts write besides the XML tree (part of ``qdpx_export``): the files
of the archive (``sources/…``), the memos as ``Note``s, and who may be named as a
``creatingUser`` (only a user the file's ``Users`` has)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from coder.exchange.qdpx_names import el
from coder.project import coders, memos
from coder.project.records import Memo
from coder.project.store import Project


class Package:
    def __init__(self, project: Project) -> None:
        self.files: dict[str, bytes] = {}  # archive name under sources/ -> bytes
        self.notes: list[ET.Element] = []  # the <Note>s, in the order they were referred to
        self.users = {c.id for c in coders.list_coders(project)}
        self.memos: dict[tuple[str, str | None], list[Memo]] = defaultdict(list)
        for memo in memos.list_memos(project):  # oldest first
            self.memos[(memo.target_kind, memo.target_id)].append(memo)
        self._note_names: set[str] = set()

    def user(self, coder_id: str | None) -> str | None:
        """A coder as a ``creatingUser``: only one the file's ``Users`` has."""
        return coder_id if coder_id in self.users else None

    def memo_texts(self, kind: str, target: str | None) -> list[str]:
        return [m.text for m in self.memos.get((kind, target), [])]

    def has_memos(self, kind: str, target: str | None) -> bool:
        return (kind, target) in self.memos

    def note_refs(self, parent: ET.Element, kind: str, target: str | None, label: str = "") -> None:
        """The memos on one thing as ``Note``s (each a file of the archive), referred to
        from ``parent``; ``label`` names the thing in the notes' names."""
        for memo in self.memos.get((kind, target), []):
            name = f"{memo.id}.txt"
            self.files[name] = memo.text.encode("utf-8")
            note = el(
                None,
                "Note",
                {
                    "guid": memo.id,
                    "name": self._note_name(kind, label),
                    "plainTextPath": f"internal://{name}",
                    "creatingUser": self.user(memo.author_id),
                    "creationDateTime": memo.created_at,
                },
            )
            self.notes.append(note)
            el(parent, "NoteRef", {"targetGUID": memo.id})

    def _note_name(self, kind: str, label: str) -> str:
        """A name no other note has (QualCoder stops importing at a second note of one
        name): what the memo is on, and a number when that is not enough."""
        base = f"Memo on {kind}: {label}" if label else f"Memo on the {kind}"
        name, n = base, 2
        while name.casefold() in self._note_names:
            name = f"{base} ({n})"
            n += 1
        self._note_names.add(name.casefold())
        return name
