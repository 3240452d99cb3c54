"""``framework``: import a framework (categories and the mapping of codes to them) into a
project, or write one out."""

from __future__ import annotations

import argparse
from pathlib import Path

from coder.atomic import write_bytes
from coder.cli.options import add_coder
from coder.codebook.files import shipped_dir
from coder.codebook.framework_file import dump_framework, load_framework
from coder.coding.frameworks import framework_spec, import_framework
from coder.errors import InvalidInputError
from coder.project import coders
from coder.project import frameworks as repo
from coder.project.store import Project


def shipped_framework(name: str) -> Path:
    """A path as given, or the shipped framework of that name (``four-areas``)."""
    path = Path(name)
    if path.exists():
        return path
    folder = shipped_dir() / "frameworks"
    for candidate in (folder / name, folder / f"{name}.yaml"):
        if candidate.exists():
            return candidate
    raise InvalidInputError(
        f"{name}: no such file, and no shipped framework of that name "
        f"({', '.join(p.stem for p in sorted(folder.glob('*.yaml')))})"
    )


def add_framework(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "framework",
        help="import a framework (categories that codes map to), or write one out",
        description="With --import FILE.yaml, add a framework to the project or replace the "
        "one with its id or name (its categories and mapping become the file's). Shipped: "
        "four-areas, perennial-issues (empty until a team enters the College of Policing's "
        "list). With --out FILE.yaml, write the framework named by --name (or the only one). "
        "With --list, print the project's frameworks.",
    )
    p.add_argument("project", metavar="PROJECT")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--import", metavar="FILE", dest="import_file")
    what.add_argument("--out", metavar="FILE")
    what.add_argument("--list", action="store_true")
    p.add_argument("--name", metavar="NAME", help="the framework to write with --out")
    add_coder(p)
    p.set_defaults(run=run_framework)


def run_framework(args: argparse.Namespace) -> int:
    if args.import_file:
        imported = load_framework(shipped_framework(args.import_file))
        with Project.open(args.project, user=args.coder, shared=True) as project:
            with project.write():
                coder = coders.ensure_coder(project, args.coder)
            report = import_framework(project, imported, coder.id)
        print(report.summary())
        return 0
    with Project.open(args.project, read_only=True) as project:
        found = repo.list_frameworks(project)
        if args.list:
            for f in found:
                mapped = sum(len(c.codes) for c in f.categories)
                print(f"{f.name} ({f.status}): {len(f.categories)} categories, {mapped} mapped")
            return 0
        name = args.name
        if name is None:
            if len(found) != 1:
                names = ", ".join(f"'{f.name}'" for f in found) or "none"
                raise InvalidInputError(f"name the framework to write with --name ({names})")
            name = found[0].id
        found_spec = framework_spec(project, name)
    if found_spec is None:
        raise InvalidInputError(f"no framework '{name}' in the project")
    spec = found_spec
    if Path(args.out).suffix.lower() not in (".yaml", ".yml"):
        raise InvalidInputError(f"{Path(args.out).name}: write a framework as .yaml")
    write_bytes(Path(args.out), dump_framework(spec).encode("utf-8"))
    print(f"wrote framework '{spec.name}' ({len(spec.categories)} categories) to {args.out}")
    return 0
