"""Selections of one source gathered into passages (part of ``qdpx_import``).

Tools lay codings out differently. Review Coder and ATLAS.ti put several ``Coding``s in
one selection; QualCoder and NVivo write one ``Coding`` per selection, so a passage coded
with a code and an effect is two selections with the same range. A passage is every
selection of a source with the same range (text) or the same page and box (PDF area): a
coding's effect, memos and coder are looked for across all of them.

Which effect goes with which coding:
- an effect coded in the same selection as codings belongs to those codings (Review
  Coder's own layout, where one range can carry codings of both effects);
- an effect in a selection of its own belongs to the passage's codings that have none:
  all of them when the passage's loose effects agree; when they disagree, each coding
  takes the loose effect of its own coder; a coding that still has two candidates gets
  none, and the report says so.
Judgements (codes of the ``Judgement`` folder) go with codings by the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coder.exchange.qde_read import QCoding, QSelection


@dataclass
class Placed:
    """One coding of a code (not of an effect), with what the passage says about it."""

    coding: QCoding
    selection: QSelection
    effect: str | None
    user: str | None
    judgement: str | None = None


@dataclass
class Passage:
    """The selections of one range or area, in file order."""

    selections: list[QSelection]
    placed: list[Placed] = field(default_factory=list)
    ambiguous: int = 0  # codings left without an effect because two effects compete
    ambiguous_judgements: int = 0  # likewise for judgements
    descriptions: list[tuple[QSelection, str]] = field(default_factory=list)

    @property
    def first(self) -> QSelection:
        return self.selections[0]

    @property
    def total(self) -> int:
        """Every Coding element of its selections: of codes, of effects, unreadable."""
        return sum(len(s.codings) + s.unreadable for s in self.selections)

    def lost(self) -> str:
        """What is lost with the passage, for the report."""
        memos = " and its memo" if any(s.description for s in self.selections) else ""
        return f"its {self.total} codings{memos} were not imported"

    @property
    def notes(self) -> list[tuple[QSelection, str]]:
        return [(s, n) for s in self.selections for n in s.notes]


def _key(sel: QSelection) -> tuple:
    if sel.kind == "text":
        return ("text", sel.start, sel.end)
    return ("pdf", sel.page, sel.box)


def gather(
    selections: list[QSelection],
    effect_of: dict[str, str],
    judgement_of: dict[str, str] | None = None,
) -> list[Passage]:
    """The passages of one source's selections, in the order each first appears, with
    every coding of a code placed and given its effect, judgement and coder. Judgements
    (codes of the Judgement folder) follow the same rules as effects."""
    judgement_of = judgement_of or {}
    by_key: dict[tuple, Passage] = {}
    for sel in selections:
        passage = by_key.get(_key(sel))
        if passage is None:
            passage = by_key[_key(sel)] = Passage([])
        passage.selections.append(sel)
    for passage in by_key.values():
        _place(passage, effect_of, judgement_of)
    return list(by_key.values())


def _place(passage: Passage, effect_of: dict[str, str], judgement_of: dict[str, str]) -> None:
    markers = effect_of.keys() | judgement_of.keys()
    users = [u for s in passage.selections for u in [s.user, *(c.user for c in s.codings)] if u]
    effects = _Marks(passage, effect_of, markers)
    judgements = _Marks(passage, judgement_of, markers)
    for sel in passage.selections:
        if sel.description:
            passage.descriptions.append((sel, sel.description))
        for c in sel.codings:
            if c.code in markers:
                continue
            user = c.user or sel.user or (users[0] if users else None)
            effect, unclear = effects.of(sel, user)
            passage.ambiguous += unclear
            judgement, unclear = judgements.of(sel, user)
            passage.ambiguous_judgements += unclear
            passage.placed.append(Placed(c, sel, effect, user, judgement))


class _Marks:
    """Where one kind of marker (an effect, a judgement) sits in a passage: coded in a
    selection with codings (``own``), or in selections of its own (``loose``)."""

    def __init__(self, passage: Passage, of: dict[str, str], markers) -> None:
        self.loose: list[tuple[str, str | None]] = []  # (value, its coder)
        self.own: dict[int, str] = {}  # id(selection) -> the value coded with its codings
        for sel in passage.selections:
            found = [(of[c.code], c.user or sel.user) for c in sel.codings if c.code in of]
            if not found:
                continue
            if any(c.code not in markers for c in sel.codings):
                self.own[id(sel)] = found[-1][0]
            else:
                self.loose.extend(found)
        self.kinds = {v for v, _ in self.loose}

    def of(self, sel: QSelection, user: str | None) -> tuple[str | None, int]:
        """The value for a coding of ``sel`` by ``user``, and 1 when it is left out because
        two values compete."""
        value = self.own.get(id(sel))
        if value is not None or not self.kinds:
            return value, 0
        if len(self.kinds) == 1:
            return next(iter(self.kinds)), 0
        mine = {v for v, u in self.loose if u == user}
        if len(mine) == 1:
            return next(iter(mine)), 0
        return None, 1
