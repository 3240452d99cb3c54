"""Code paths: ``Parent/Child``. A ``/`` inside a name is written ``\\/`` and a
backslash ``\\\\``, so every name survives a round trip through a path."""

from __future__ import annotations

from coder.errors import InvalidInputError


def split_path(path: str) -> list[str]:
    """``"Risk/DASH \\/ RIC"`` -> ``["Risk", "DASH / RIC"]``. Raises InvalidInputError if empty."""
    names: list[str] = []
    current: list[str] = []
    chars = iter(path)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            current.append(nxt if nxt in ("/", "\\") else "\\" + nxt)
        elif ch == "/":
            names.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    names.append("".join(current).strip())
    if not path.strip() or any(not n for n in names):
        raise InvalidInputError(f"'{path}' is not a code path: use names separated by '/'")
    return names


def escape_name(name: str) -> str:
    return name.replace("\\", "\\\\").replace("/", "\\/")


def join_path(names: list[str]) -> str:
    return "/".join(escape_name(n) for n in names)
