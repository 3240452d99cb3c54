"""Typed ids. Every id that leaves a project file is a UUID string, never a rowid."""

from __future__ import annotations

import uuid
from typing import NewType

DocumentId = NewType("DocumentId", str)
ReviewId = NewType("ReviewId", str)
CodeId = NewType("CodeId", str)
CoderId = NewType("CoderId", str)
CodingId = NewType("CodingId", str)
MemoId = NewType("MemoId", str)
AttributeId = NewType("AttributeId", str)
LinkId = NewType("LinkId", str)
FrameworkId = NewType("FrameworkId", str)
CategoryId = NewType("CategoryId", str)


def new_id() -> str:
    """A fresh random UUID in canonical lower-case form."""
    return str(uuid.uuid4())


def normalise_uuid(text: str) -> str:
    """Canonical lower-case form of a UUID written in any case, with or without braces.

    Raises ValueError for text that is not a UUID.
    """
    return str(uuid.UUID(text.strip().strip("{}")))
