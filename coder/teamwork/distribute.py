"""One copy of a template project per coder: same documents, codebook, attributes,
assignments and UUIDs, so that the copies merge back by id."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from coder.errors import CoderError, InvalidInputError
from coder.project import coders
from coder.project.backup import copy_project
from coder.project.store import SUFFIX, Project

#: the ``project`` table key naming the coder a distributed copy is for
COPY_FOR = "copy_for"


def copy_name(template: Path, coder: str) -> str:
    safe = re.sub(r"[^\w.-]+", "-", coder, flags=re.UNICODE).strip("-.") or "coder"
    return f"{template.stem}-{safe}{SUFFIX}"


def distribute(template: Path, names: list[str], out_dir: Path) -> list[Path]:
    """Write one copy per coder into ``out_dir``; returns their paths. The coders are added
    to the template first (so every copy knows every coder by the same UUID). ``out_dir``
    and its parents are created when missing (and removed again if nothing is written).
    Nothing is written if a copy would overwrite a file."""
    names = [" ".join(n.split()) for n in names]
    if len(names) < 1 or not all(names):
        raise InvalidInputError("name at least one coder with --coder NAME")
    if len({n.casefold() for n in names}) != len(names):
        raise InvalidInputError("each --coder must be a different name")
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInputError(f"{out_dir} is a file, not a folder; choose a folder for --out")
    targets = [out_dir / copy_name(template, n) for n in names]
    if len(set(targets)) != len(targets):
        raise InvalidInputError("two coders' names give the same file name; make them differ")
    taken = [t for t in targets if t.exists()]
    if taken:
        raise CoderError(f"{taken[0]} already exists; move it away or choose another folder")
    with Project.open(template) as project, project.write():
        for name in names:
            coders.ensure_coder(project, name)
    missing = [d for d in (out_dir, *out_dir.parents) if not d.exists()]
    written: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, target in zip(names, targets, strict=True):
            copy_project(template, target)
            written.append(target)
            with Project.open(target, user=name) as copy, copy.write():
                copy.set_meta(COPY_FOR, name)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for folder in missing:  # innermost first; only the folders this call made
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return targets
