"""Codebook files by extension (.yaml/.yml or .qdc), and the codebooks shipped with the
program (``codebooks/`` in the source tree, installed as package data)."""

from __future__ import annotations

import sys
from pathlib import Path

from coder.atomic import write_bytes
from coder.codebook.model import Codebook
from coder.codebook.qdc import read_qdc, write_qdc
from coder.codebook.yaml_format import dump_yaml, load_yaml
from coder.errors import InvalidInputError


def shipped_dir() -> Path:
    """Where the shipped codebooks are: beside the package in a source tree or a bundle,
    or under the environment's ``share/`` after a non-editable install."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (
        here / "codebooks",
        here.parent / "codebooks",
        Path(sys.prefix) / "share" / "review-coder" / "codebooks",
    ):
        if candidate.is_dir():
            return candidate
    return here.parent / "codebooks"


def shipped_codebooks() -> list[Path]:
    return sorted(
        p for p in shipped_dir().glob("*.yaml") if p.stem not in ("review-attributes", "case-data")
    )


def shipped_or_path(name: str) -> Path:
    """A path as given, or the shipped file of that name (``police-learning``)."""
    path = Path(name)
    if path.exists():
        return path
    for candidate in (shipped_dir() / name, shipped_dir() / f"{name}.yaml"):
        if candidate.exists():
            return candidate
    raise InvalidInputError(
        f"{name}: no such file, and no shipped codebook of that name "
        f"({', '.join(p.stem for p in sorted(shipped_dir().glob('*.yaml')))})"
    )


def read_codebook(path: Path) -> Codebook:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_yaml(path)
    if suffix == ".qdc":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInputError(f"{path.name}: cannot be read ({exc.strerror})") from None
        return read_qdc(data, path.name)
    raise InvalidInputError(f"{path.name}: a codebook is a .yaml or .qdc file")


def write_codebook(codebook: Codebook, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        data = dump_yaml(codebook).encode("utf-8")
    elif suffix == ".qdc":
        data = write_qdc(codebook)
    else:
        raise InvalidInputError(f"{path.name}: write a codebook as .yaml or .qdc")
    write_bytes(path, data)
