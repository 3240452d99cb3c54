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


@dataclass
class Passage:
    """The selections of one range or area, in file order."""

    selections: list[QSelection]
    placed: list[Placed] = field(default_factory=list)
    ambiguous: int = 0  # codings left without an effect because two effects compete
    descriptions: list[tuple[QSelection, str]] = field(default_factory=list)

    @property
    def first(self) -> QSelection:
        return self.selections[0]

    @property
    def notes(self) -> list[tuple[QSelection, str]]:
        return [(s, n) for s in self.selections for n in s.notes]


def _key(sel: QSelection) -> tuple:
    if sel.kind == "text":
        return ("text", sel.start, sel.end)
    return ("pdf", sel.page, sel.box)


def gather(selections: list[QSelection], effect_of: dict[str, str]) -> list[Passage]:
    """The passages of one source's selections, in the order each first appears, with
    every coding of a code placed and given its effect and coder."""
    by_key: dict[tuple, Passage] = {}
    for sel in selections:
        passage = by_key.get(_key(sel))
        if passage is None:
            passage = by_key[_key(sel)] = Passage([])
        passage.selections.append(sel)
    for passage in by_key.values():
        _place(passage, effect_of)
    return list(by_key.values())


def _place(passage: Passage, effect_of: dict[str, str]) -> None:
    loose: list[tuple[str, str | None]] = []  # (effect, its coder) from effect-only selections
    own: dict[int, str] = {}  # id(selection) -> the effect coded with its codings
    users = [u for s in passage.selections for u in [s.user, *(c.user for c in s.codings)] if u]
    for sel in passage.selections:
        effects = [
            (effect_of[c.code], c.user or sel.user) for c in sel.codings if c.code in effect_of
        ]
        if not effects:
            continue
        if any(c.code not in effect_of for c in sel.codings):
            own[id(sel)] = effects[-1][0]
        else:
            loose.extend(effects)
    kinds = {e for e, _ in loose}
    for sel in passage.selections:
        if sel.description:
            passage.descriptions.append((sel, sel.description))
        for c in sel.codings:
            if c.code in effect_of:
                continue
            user = c.user or sel.user or (users[0] if users else None)
            effect = own.get(id(sel))
            if effect is None and len(kinds) == 1:
                effect = next(iter(kinds))
            elif effect is None and len(kinds) > 1:
                mine = {e for e, u in loose if u == user}
                if len(mine) == 1:
                    effect = next(iter(mine))
                else:
                    passage.ambiguous += 1
            passage.placed.append(Placed(c, sel, effect, user))
