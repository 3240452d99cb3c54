"""A codebook as a file carries it: codes with stable ids, definitions and children."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CodeSpec:
    id: str  # a UUID, lower case
    name: str
    colour: str | None = None
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    codable: bool = True
    children: list[CodeSpec] = field(default_factory=list)
    judgement: bool | None = None  # takes a practice judgement; None: as the parent
    effect: bool | None = None  # takes a systems effect (supports / hinders)
    split_into: list[str] = field(default_factory=list)  # ids this code was split into

    def walk(self, parents: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], CodeSpec]]:
        """(names of the ancestors, code) for this code and every descendant, depth first."""
        out: list[tuple[tuple[str, ...], CodeSpec]] = []
        # an explicit stack: a deep codebook must not hit Python's recursion limit
        stack: list[tuple[tuple[str, ...], CodeSpec]] = [(parents, self)]
        while stack:
            names, spec = stack.pop()
            out.append((names, spec))
            below = (*names, spec.name)
            stack.extend((below, child) for child in reversed(spec.children))
        return out


@dataclass
class Codebook:
    title: str
    codes: list[CodeSpec]
    source: str = ""
    description: str = ""
    warnings: list[str] = field(default_factory=list)

    def walk(self) -> list[tuple[tuple[str, ...], CodeSpec]]:
        out = []
        for code in self.codes:
            out.extend(code.walk())
        return out


DEFINITION_FIELDS = ("definition", "when_to_use", "when_not_to_use", "example")
