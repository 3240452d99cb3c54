from __future__ import annotations

import time
from pathlib import Path

import pytest
import xmlschema

from coder.cli.main import main
from coder.codebook.files import read_codebook, shipped_codebooks, shipped_dir, write_codebook
from coder.codebook.model import Codebook, CodeSpec
from coder.codebook.qdc import read_qdc, write_qdc
from coder.codebook.yaml_format import dump_yaml, parse_yaml
from coder.coding.codebooks import load_codebook, project_codebook
from coder.errors import InvalidInputError
from coder.ids import new_id
from coder.project import codes
from coder.project.edit import apply
from coder.project.store import Project
from tests.datafiles import DATA, XSD
from tests.dump import table_dump

CODEBOOK_XSD = XSD / "Codebook.xsd"


def _paths(project) -> dict[str, str]:
    tree = codes.code_tree(project)
    return {tree.path(c): c for c in tree.parent}


def test_every_shipped_codebook_loads_with_definitions_and_sources():
    names = {p.stem for p in shipped_codebooks()}
    assert names == {"police-learning", "systems-factors", "starter"}
    for path in shipped_codebooks():
        book = read_codebook(path)
        assert book.source, path.name
        walked = book.walk()
        assert len({c.id for _, c in walked}) == len(walked)
        assert all(c.definition for _, c in walked), path.name
    police = read_codebook(shipped_dir() / "police-learning.yaml")
    top = [c.name for c in police.codes]
    assert top == [
        "Identifying and managing risk",
        "Victim engagement and care",
        "Evidence and investigation",
        "Collaborative working",
        "The review and organisational learning",
        "Case context",
    ]
    assert "that list is not public, is not reproduced here, and this codebook is not it" in (
        police.source
    )
    assert [(c.judgement, c.effect) for c in police.codes] == [(True, False)] * 5 + [(False, False)]
    systems = read_codebook(shipped_dir() / "systems-factors.yaml")
    assert [(c.name, c.judgement, c.effect) for c in systems.codes] == [
        ("Underlying patterns", False, True),
        ("Levels", False, True),
        ("Key practice episodes", True, False),
    ]
    assert [c.codable for c in police.codes][-1] is False


def test_two_projects_made_from_one_codebook_share_code_ids(tmp_path, capsys):
    a, b = tmp_path / "a.rcproj", tmp_path / "b.rcproj"
    for path in (a, b):
        assert (
            main(
                [
                    "new",
                    str(path),
                    "--codebook",
                    "police-learning",
                    "--codebook",
                    "systems-factors",
                    "--attributes",
                    "review-attributes",
                ]
            )
            == 0
        )
    out = capsys.readouterr().out
    assert "codebook 'Police learning from case reviews': 59 codes added" in out
    assert "attributes 'Case review attributes': 40 defined" in out
    with Project.open(a, read_only=True) as pa, Project.open(b, read_only=True) as pb:
        assert _paths(pa) == _paths(pb)
        assert len(_paths(pa)) == 59 + 23
        risk = codes.get_code(pa, _paths(pa)["Identifying and managing risk"])
        assert risk.when_to_use.startswith("The excerpt is about recognising")


def test_loading_matches_by_id_then_path_and_never_duplicates(project):
    book = parse_yaml(
        "title: T\ncodes:\n- name: Risk\n  definition: D\n  when_to_use: U\n  children:\n"
        "  - name: DASH\n    definition: DASH tool\n",
        "t.yaml",
    )
    with project.write():
        mine = codes.ensure_path(project, "Risk/DASH", None)  # made by hand: another id
    report = load_codebook(project, book, None)
    assert (report.created, report.matched_by_path) == ([], ["Risk", "Risk/DASH"])
    assert report.filled == ["Risk", "Risk/DASH"]
    again = load_codebook(project, book, None)
    assert (again.created, again.filled) == ([], [])
    assert again.matched_by_path == ["Risk", "Risk/DASH"]
    assert codes.get_code(project, mine).description == "DASH tool"
    assert len(codes.list_codes(project)) == 2
    with project.write():
        project.conn.execute("UPDATE codes SET description = 'Mine' WHERE id = ?", [mine])
    load_codebook(project, book, None)
    assert codes.get_code(project, mine).description == "Mine"  # never overwritten


def test_loading_adds_codes_as_create_code_would_in_one_pass(project):
    """The loader builds its index once and inserts in bulk: positions continue after the
    codes already there, colours go round the palette, parents come before children, and
    each new code has its own change-log entry (a merge reads them)."""
    with project.write():
        first = codes.create_code(project, "Existing", None, None)
        codes.create_code(project, "Child", first.id, None)
    book = Codebook(
        "T",
        [
            CodeSpec("00000000-0000-4000-8000-000000000001", "Existing", None, "filled"),
            CodeSpec(
                "00000000-0000-4000-8000-000000000002",
                "New",
                "#123456",
                "D",
                example="E",
                codable=False,
                children=[CodeSpec("00000000-0000-4000-8000-000000000003", "Leaf")],
            ),
        ],
    )
    book.codes[0].children.append(CodeSpec("00000000-0000-4000-8000-000000000004", "Second"))
    report = load_codebook(project, book, None)
    assert report.created == ["Existing/Second", "New", "New/Leaf"]  # depth first
    assert (report.matched_by_path, report.filled) == (["Existing"], ["Existing"])
    rows = project.conn.execute(
        "SELECT name, parent_id, colour, description, example, position, codable FROM codes "
        "ORDER BY rowid"
    ).fetchall()
    new, leaf, second = (f"00000000-0000-4000-8000-00000000000{i}" for i in (2, 3, 4))
    assert rows == [
        ("Existing", None, "#1f77b4", "filled", "", 0, 1),
        ("Child", first.id, "#ff7f0e", "", "", 0, 1),
        ("Second", first.id, "#2ca02c", "", "", 1, 1),
        ("New", None, "#123456", "D", "E", 1, 0),
        ("Leaf", new, "#9467bd", "", "", 0, 1),
    ]
    log = project.conn.execute(
        "SELECT action, entity_id, summary, detail FROM changes WHERE entity = 'code' ORDER BY seq"
    ).fetchall()
    assert log[2:] == [
        (
            "update",
            first.id,
            "definitions of 'Existing' filled in from a codebook",
            '{"description": "filled"}',
        ),
        (
            "create",
            second,
            "code 'Second' created",
            f'{{"parent_id": "{first.id}", "name": "Second"}}',
        ),
        ("create", new, "code 'New' created", '{"parent_id": null, "name": "New"}'),
        ("create", leaf, "code 'Leaf' created", f'{{"parent_id": "{new}", "name": "Leaf"}}'),
    ]


def test_a_load_records_its_new_codes_as_stored(project):
    """The new codes go into the load's edit as written, without reading them back; a new
    code the file matches again by path (a second "Risk") and sets takes a judgement after
    it was written, so the edit has that row as stored. Undo and redo restore the table."""
    with project.write():
        codes.create_code(project, "Existing", None, None)
    book = Codebook(
        "T",
        [
            CodeSpec(new_id(), "Risk", children=[CodeSpec(new_id(), "DASH", codable=False)]),
            CodeSpec(new_id(), "Risk", judgement=True),
            CodeSpec(new_id(), "Agencies", "#123456", "D", effect=False),
        ],
    )
    report = load_codebook(project, book, None)
    stored = {c.id: c for c in codes.list_codes(project)}
    assert [c.id for c in report.edit.after] == report.edit.created("code")
    assert [stored[c].name for c in report.edit.created("code")] == ["Risk", "DASH", "Agencies"]
    assert report.edit.after == tuple(stored[c.id] for c in report.edit.after)
    risk = stored[report.edit.created("code")[0]]
    assert (risk.takes_judgement, report.matched_by_path) == (True, ["Risk"])
    done = table_dump(project)
    apply(project, report.edit.inverse(), None, "undo")
    assert [c.name for c in codes.list_codes(project)] == ["Existing"]
    apply(project, report.edit, None, "redo")
    assert table_dump(project) == done


def test_a_codebook_nested_3000_deep_loads_without_recursion(project):
    root = spec = CodeSpec("10000000-0000-4000-8000-000000000000", "Level 0")
    for depth in range(1, 3000):
        child = CodeSpec(f"10000000-0000-4000-8000-{depth:012d}", f"Level {depth}")
        spec.children.append(child)
        spec = child
    report = load_codebook(project, Codebook("Deep", [root]), None)
    assert len(report.created) == 3000
    assert report.created[-1].count("/") == 2999
    assert codes.get_code(project, spec.id).parent_id == "10000000-0000-4000-8000-000000002998"


def test_qdc_export_validates_and_round_trips(project, tmp_path):
    police = read_codebook(shipped_dir() / "police-learning.yaml")
    load_codebook(project, police, None)
    book = project_codebook(project)
    data = write_qdc(book)
    xmlschema.XMLSchema(str(CODEBOOK_XSD)).validate(data.decode("utf-8"))
    back = read_qdc(data, "x.qdc")
    assert [
        (
            p,
            c.id,
            c.name,
            c.colour,
            c.definition,
            c.when_to_use,
            c.when_not_to_use,
            c.example,
            c.codable,
        )
        for p, c in back.walk()
    ] == [
        (
            p,
            c.id,
            c.name,
            c.colour,
            c.definition,
            c.when_to_use,
            c.when_not_to_use,
            c.example,
            c.codable,
        )
        for p, c in police.walk()
    ]
    path = tmp_path / "book.qdc"
    write_codebook(book, path)
    other = Project.create(tmp_path / "other.rcproj")
    try:
        load_codebook(other, read_codebook(path), None)
        assert _paths(other) == _paths(project)
    finally:
        other.close()


def test_yaml_round_trips_and_reports_bad_files():
    police = read_codebook(shipped_dir() / "police-learning.yaml")
    again = parse_yaml(dump_yaml(police), "again.yaml")
    assert [(p, c.id, c.definition) for p, c in again.walk()] == [
        (p, c.id, c.definition) for p, c in police.walk()
    ]
    with pytest.raises(InvalidInputError, match="'A' has an id that is not a UUID"):
        parse_yaml("codes:\n- name: A\n  id: 12\n", "bad.yaml")
    with pytest.raises(InvalidInputError, match="two sub-codes named 'B'"):
        parse_yaml("codes:\n- name: A\n  children: [{name: B}, {name: B}]\n", "bad.yaml")
    with pytest.raises(InvalidInputError, match="not valid YAML at line 3"):
        parse_yaml("codes:\n  - name: [\n", "bad.yaml")
    with pytest.raises(InvalidInputError, match="colour 'red'"):
        parse_yaml("codes:\n- name: A\n  colour: red\n", "bad.yaml")


def test_taguette_codebook_imports_with_a_warning_for_its_empty_sets(project):
    data = (DATA / "qdc" / "taguette_tests_expected.qdc").read_bytes()
    book = read_qdc(data, "taguette_tests_expected.qdc")
    assert book.warnings == ["an empty <Sets/> (not valid REFI-QDA) was ignored"]
    report = load_codebook(project, book, None)
    assert report.created == ["interesting", "people", "interesting\\\\places"]
    assert codes.get_code(project, "0d62985d-b147-5d01-a9b5-cae5dcd98342").name == "interesting"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="&lol5;" isCodable="true"/>
</Codes></CodeBook>"""


def _external(secret: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="&x;" isCodable="true"/>'
        "</Codes></CodeBook>"
    ).encode()


@pytest.mark.parametrize("kind", ["billion laughs", "external entity"])
def test_hostile_qdc_is_refused_quickly_and_leaks_nothing(project, tmp_path, capsys, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = BILLION_LAUGHS if kind == "billion laughs" else _external(secret)
    path = tmp_path / "hostile.qdc"
    path.write_bytes(data)
    start = time.perf_counter()
    with pytest.raises(InvalidInputError, match="declares a DTD or entities") as err:
        read_qdc(data, "hostile.qdc")
    assert time.perf_counter() - start < 1
    assert "TOP-SECRET" not in str(err.value)
    project.close()
    code = main(["codebook", str(project.path), "--import", str(path)])
    captured = capsys.readouterr()
    assert code == 2
    assert "TOP-SECRET" not in captured.out + captured.err
    with Project.open(project.path, read_only=True) as p:
        assert codes.list_codes(p) == []


def test_codebook_command_writes_yaml_and_qdc(tmp_path, capsys):
    path = tmp_path / "p.rcproj"
    main(["new", str(path), "--codebook", "starter"])
    for suffix in ("yaml", "qdc"):
        out = tmp_path / f"book.{suffix}"
        assert main(["codebook", str(path), "--out", str(out)]) == 0
        assert [c.name for c in read_codebook(out).codes][:2] == ["Risk", "Victim contact"]
    assert main(["codebook", str(path), "--out", str(tmp_path / "book.txt")]) == 2
    assert main(["codebook", str(path), "--import", str(tmp_path / "book.qdc")]) == 0
    assert "0 codes added, 6 already there (0 matched by path)" in capsys.readouterr().out
