"""REFI-QDA project exchange: export valid against the official schema, export → import
round trips, the real vendor files, and hostile archives refused."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import xmlschema

from coder.codebook.attribute_set import (
    NOT_STATED_VALUE,
    AttributeSet,
    AttributeSpec,
    derived_attribute_id,
)
from coder.coding import edits
from coder.coding.autocode import autocode
from coder.coding.ingest import import_pdf, store_text
from coder.coding.operations import add_memo, code_area, code_text
from coder.coding.reviews import add_attributes, group_documents, set_attribute
from coder.errors import InvalidInputError
from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import import_qdpx
from coder.project import coders, codes, codings, documents
from coder.project.edit import apply
from coder.project.store import Project
from coder.text.matcher import phrase_query
from tests.conftest import sample_pdf
from tests.datafiles import DATA, XSD
from tests.dump import table_dump
from tests.teamwork.test_merge import second_pdf

SCHEMA = XSD / "Project-mrt2019.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


def rich_project(tmp_path: Path) -> Path:
    """Two PDFs (one rotated page) grouped into one review, a plain-text document, text and
    area codings by two coders, effects, attributes (one not stated), memos everywhere."""
    a, b = tmp_path / "review-a.pdf", tmp_path / "review-b.pdf"
    a.write_bytes(sample_pdf()[0])
    b.write_bytes(second_pdf())
    path = tmp_path / "rich.rcproj"
    with Project.create(path, name="Rich project", user="Ann") as p:
        import_pdf(p, a, "Ann")
        import_pdf(p, b, "Ann")
        text = "Line one\r\nThe DASH risk assessment 👮 was late.\r\nEnd"
        store_text(p, "Interview notes", "notes.txt", text.encode("utf-8"), text, "Ann")
        autocode(p, "Risk/Assessment", phrase_query("risk assessment"), "Ann", effect="hinders")
        autocode(p, "Agencies/MARAC", phrase_query("MARAC"), "Bob", effect="supports")
        with p.write():
            ann = coders.ensure_coder(p, "Ann").id
            risk = codes.find_by_path(p, "Risk/Assessment")
        edits.update_code(
            p, risk, ann, description="Assessing risk", when_to_use="DASH, DARA", colour="#123456"
        )
        docs = {d.file_name: d for d in documents.list_documents(p)}
        code_area(p, docs["review-a.pdf"].id, risk, ann, 3, (80.4, 90.2, 300.7, 250.1), "supports")
        code_area(p, docs["review-a.pdf"].id, risk, ann, 1, (72.0, 60.0, 400.0, 130.0))
        notes = docs["notes.txt"]
        at = text.index("DASH")
        code_text(p, notes.id, risk, ann, at, at + len("DASH risk assessment 👮"))
        group_documents(p, [docs["review-a.pdf"].id, docs["review-b.pdf"].id], ann)
        specs = [
            AttributeSpec(
                derived_attribute_id("review type"),
                "review type",
                "choice",
                ["DHR", "SAR"],
                "The kind of review",
            ),
            AttributeSpec(derived_attribute_id("year"), "year", "integer"),
            AttributeSpec(derived_attribute_id("published"), "published", "date"),
            AttributeSpec(derived_attribute_id("children"), "children", "boolean"),
        ]
        add_attributes(p, AttributeSet("test", specs), ann)
        review = documents.get_document(p, docs["review-a.pdf"].id).review_id
        set_attribute(p, review, specs[0].id, "DHR", ann)
        set_attribute(p, review, specs[1].id, 2021, ann)
        set_attribute(p, review, specs[2].id, "2021-03", ann)
        set_attribute(p, review, specs[3].id, NOT_STATED_VALUE, ann)
        first = codings.list_codings(p, code_id=risk)[0]
        add_memo(p, "project", None, "Project memo", ann)
        add_memo(p, "code", risk, "Code memo", ann)
        add_memo(p, "coding", first.id, "Coding memo", ann)
        add_memo(p, "document", notes.id, "Document memo", ann)
        add_memo(p, "review", review, "Review memo", ann)
    return path


def state(path: Path) -> dict:
    """Everything the round trip must keep, by content."""
    with Project.open(path, read_only=True) as p:
        tree = codes.code_tree(p)
        names = {c.id: c.name for c in coders.list_coders(p)}
        docs = {d.id: d for d in documents.list_documents(p)}
        conn = p.conn
        return {
            "documents": sorted((d.sha256, d.title, d.kind, d.pages) for d in docs.values()),
            "reviews": sorted(
                (r[0], tuple(sorted(docs[d].sha256 for d in docs if docs[d].review_id == r[1])))
                for r in conn.execute("SELECT name, id FROM reviews")
            ),
            "codes": sorted(
                (tree.path(c.id), c.colour, c.description, c.when_to_use, c.codable)
                for c in codes.list_codes(p)
            ),
            "codings": sorted(
                (
                    c.id,
                    docs[c.document_id].sha256,
                    tree.path(c.code_id),
                    names[c.coder_id],
                    c.kind,
                    c.char_start,
                    c.char_end,
                    c.page_start,
                    c.page_end,
                    c.quote,
                    c.effect,
                )
                for c in codings.list_codings(p)
            ),
            "areas": {
                c.id: [(r.page, *r.rect) for r in c.rects]
                for c in codings.list_codings(p)
                if c.kind == "area"
            },
            "coders": sorted(
                n
                for i, n in names.items()
                if conn.execute("SELECT 1 FROM codings WHERE coder_id = ?", [i]).fetchone()
            ),
            "attributes": sorted(
                conn.execute(
                    "SELECT a.name, a.type, a.choices, a.description, v.value, v.not_stated "
                    "FROM attribute_values v JOIN attributes a ON a.id = v.attribute_id"
                ).fetchall()
            ),
            "memos": sorted(conn.execute("SELECT target_kind, text FROM memos").fetchall()),
        }


def test_export_is_valid_against_the_official_schema(tmp_path, schema):
    project = rich_project(tmp_path)
    out = tmp_path / "rich.qdpx"
    with Project.open(project, read_only=True) as p:
        counts = export_qdpx(p, out)
    assert counts == {"documents": 3, "codes": 4, "codings": 10, "memos": 5, "not_exported": []}
    with zipfile.ZipFile(out) as z:
        qde = z.read("project.qde")
        names = z.namelist()
    schema.validate(io.BytesIO(qde))
    assert all(n == "project.qde" or n.startswith("sources/") for n in names)
    root = ET.fromstring(qde)
    # plain text: a plainTextPath only, never a richTextPath to a .txt
    (text_source,) = root.findall(".//q:Sources/q:TextSource", NS)
    assert text_source.get("richTextPath") is None
    assert text_source.get("plainTextPath").startswith("internal://")
    # every internal file is <GUID>.<ext> and present
    refs = [
        e.get("plainTextPath") or e.get("path")
        for e in root.iter()
        if (e.get("plainTextPath") or e.get("path") or "").startswith("internal://")
    ]
    assert sorted(f"sources/{r[len('internal://') :]}" for r in refs) == sorted(
        n for n in names if n != "project.qde"
    )
    # the area on the rotated third page: pages from 0 (the origin says so), integer
    # points, origin at the bottom-left of the page
    assert root.get("origin").endswith("; PDF pages from 0")
    sels = {s.get("page"): s for s in root.findall(".//q:PDFSelection", NS)}
    assert sorted(sels) == ["0", "2"]
    assert (sels["2"].get("firstX"), sels["2"].get("secondX")) == ("80", "301")
    assert (sels["2"].get("firstY"), sels["2"].get("secondY")) == (
        str(round(842 - 250.1)),
        str(round(842 - 90.2)),
    )
    # the review of two documents is a Set of them too (and a Case)
    (review_set,) = root.findall("q:Sets/q:Set", NS)
    members = [m.get("targetGUID") for m in review_set.findall("q:MemberSource", NS)]
    case = next(
        c for c in root.findall("q:Cases/q:Case", NS) if len(c.findall("q:SourceRef", NS)) == 2
    )
    assert review_set.get("name") == case.get("name")
    assert sorted(members) == sorted(r.get("targetGUID") for r in case.findall("q:SourceRef", NS))
    effect = root.find(".//q:Code[@name='Effect']", NS)
    assert effect.get("isCodable") == "false"
    supports, hinders = effect.findall("q:Code", NS)
    assert (supports.get("name"), hinders.get("name")) == ("Supports practice", "Hinders practice")
    # each selection with an effect carries one more Coding, of the effect's code
    refs = [r.get("targetGUID") for r in root.iter("{urn:QDA-XML:project:1.0}CodeRef")]
    assert refs.count(hinders.get("guid")) == 5  # the five "risk assessment" codings
    assert refs.count(supports.get("guid")) == 3  # MARAC twice, and the area on page 3


def test_export_then_import_round_trips(tmp_path):
    project = rich_project(tmp_path)
    out = tmp_path / "rich.qdpx"
    with Project.open(project, read_only=True) as p:
        export_qdpx(p, out)
    back = tmp_path / "back.rcproj"
    report = import_qdpx(out, back, "Importer")
    assert report.not_imported == []
    before, after = state(project), state(back)
    for key in ("documents", "reviews", "codes", "codings", "coders", "attributes", "memos"):
        assert after[key] == before[key], key
    for coding_id, rects in before["areas"].items():
        for (p0, *r0), (p1, *r1) in zip(rects, after["areas"][coding_id], strict=True):
            assert p0 == p1 and all(abs(x - y) <= 1 for x, y in zip(r0, r1, strict=True))
    # the text document kept its \r\n as two characters and its emoji as one
    with Project.open(back, read_only=True) as p:
        notes = next(d for d in documents.list_documents(p) if d.kind == "text")
        assert documents.document_text(p, notes.id).count("\r\n") == 2


def nvivo_codings(path: Path) -> dict[str, tuple[str, int, int]]:
    """Coding guid -> (source file, start, end) as the file states them."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("project.qde"))
    out = {}
    for source in root.iter("{urn:QDA-XML:project:1.0}TextSource"):
        file = source.get("plainTextPath").split("://")[1]
        for sel in source.findall("q:PlainTextSelection", NS):
            for c in sel.findall("q:Coding", NS):
                out[c.get("guid")] = (
                    file,
                    int(sel.get("startPosition")),
                    int(sel.get("endPosition")),
                )
    return out


def test_nvivo_12_windows_project(tmp_path):
    src = DATA / "nvivo12win" / "oltas0517.qdpx"
    report = import_qdpx(src, tmp_path / "nvivo.rcproj", "Importer")
    assert report.unit == "utf16" and report.not_imported == []
    expected = nvivo_codings(src)
    assert len(expected) == 303
    with zipfile.ZipFile(src) as z:
        files = {n.split("/")[-1]: z.read(n) for n in z.namelist() if n.endswith(".txt")}
    with Project.open(tmp_path / "nvivo.rcproj", read_only=True) as p:
        docs = documents.list_documents(p)
        assert sorted(d.title for d in docs) == ["videos_10_selected", "videos_selection"]
        assert {d.kind for d in docs} == {"text"}
        assert len(codes.list_codes(p)) == 152
        found = {c.id: c for c in codings.list_codings(p)}
        assert len(found) == 303
        for guid, (file, start, end) in expected.items():
            # the quote NVivo coded: UTF-16 units, after the BOM, \r\n as two
            units = files[file].decode("utf-8-sig").encode("utf-16-le")
            quote = units[2 * start : 2 * end].decode("utf-16-le")
            assert found[guid].quote == quote, guid
        from coder.project.check import check_project

        assert check_project(p) == []  # text documents pass the project's own check
        # NVivo's two users, and who imported the documents
        assert sorted(c.name for c in coders.list_coders(p)) == [
            "Gergo",
            "Importer",
            "floriansipos",
        ]


def test_nvivo_15_mac_and_f4(tmp_path):
    report = import_qdpx(DATA / "nvivo15mac" / "nvivo_project.qdpx", tmp_path / "mac.rcproj", "I")
    # its two text sources are both empty: one document, and the report says so
    assert report.not_imported == [
        "text source '33663939-3636-3632-3038-613431643463' has the same text as "
        "'66653866-6334-3535-3435-366637306566': stored once, its codings go to that document"
    ]
    with Project.open(tmp_path / "mac.rcproj", read_only=True) as p:
        assert len(codes.list_codes(p)) == 262
        assert [(d.kind, d.title) for d in documents.list_documents(p)] == [
            ("text", "66653866-6334-3535-3435-366637306566")
        ]
    report = import_qdpx(DATA / "f4" / "valid-document.xml", tmp_path / "f4.rcproj", "I")
    assert report.counts["codes"] == 1
    missing = [m for m in report.not_imported if m.startswith("text source")]
    assert len(missing) == 4 and "its 2 codings were not imported" in missing[2]
    with Project.open(tmp_path / "f4.rcproj", read_only=True) as p:
        (code,) = codes.list_codes(p)
        assert (code.name, code.colour, code.description) == (
            "Dies ist ein Test-Code",
            "#044b9b",
            "Dies ist der Kommentar vom Test-Code",
        )


def _qdpx(path: Path, members: dict[str, bytes], links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16  # a symbolic link
            z.writestr(info, "/etc/passwd")
    return path


MINIMAL = b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'


@pytest.mark.parametrize(
    "members, links, message",
    [
        ({"project.qde": MINIMAL, "../evil.txt": b"x"}, (), "leaving its folder"),
        ({"project.qde": MINIMAL, "/tmp/evil.txt": b"x"}, (), "absolute path"),
        ({"project.qde": MINIMAL, "C:/evil.txt": b"x"}, (), "absolute path"),
        ({"project.qde": MINIMAL}, ("sources/link.txt",), "a link"),
        ({"project.qde": MINIMAL, "sources/bomb.txt": b"\0" * 30_000_000}, (), "zip bombs"),
        ({"sources/a.txt": b"x"}, (), "no project.qde"),
        (
            {
                "project.qde": b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e SYSTEM '
                b'"file:///etc/passwd">]><Project name="&e;"/>'
            },
            (),
            "DTD or entities",
        ),
        ({"project.qde": b"<Project name='x'><unclosed></Project>"}, (), "not well-formed"),
        ({"project.qde": b"<CodeBook/>"}, (), "not a REFI-QDA project"),
    ],
)
def test_hostile_archives_are_refused(tmp_path, members, links, message):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = _qdpx(folder / "bad.qdpx", members, links)
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(InvalidInputError, match=message):
        import_qdpx(bad, target / "out.rcproj", "I")
    assert list(target.iterdir()) == []
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["bad.qdpx", "in", "target"]


def test_not_a_zip_and_bad_output(tmp_path):
    bad = tmp_path / "x.qdpx"
    bad.write_text("hello")
    with pytest.raises(InvalidInputError, match=r"not a \.qdpx"):
        import_qdpx(bad, tmp_path / "o.rcproj", "I")
    with pytest.raises(InvalidInputError, match=r"end in \.rcproj"):
        import_qdpx(bad, tmp_path / "o.txt", "I")


def test_utf16_offsets_bom_crlf_and_any_qde_name(tmp_path):
    """A hand-made NVivo-like file: a .qde not named project.qde, Sources/ capitalised,
    upper-case GUIDs, a BOM, \\r\\n, emoji, UTF-16 positions, memo text in a Description."""
    text = "Opening line 😀😀\r\nThe officer 👮 completed the DASH form.\r\nClosing 🙂 words."
    data = "\ufeff".encode() + text.encode("utf-8")
    target = "DASH form"
    start = len(text[: text.index(target)].encode("utf-16-le")) // 2
    end = start + len(target)
    officer = "officer 👮"
    o_start = len(text[: text.index(officer)].encode("utf-16-le")) // 2
    o_end = o_start + len(officer.encode("utf-16-le")) // 2
    guid = "A1B2C3D4-0000-4000-8000-000000000001"
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Hand made" origin="NVivo for Windows 12.6">
  <Users><User guid="{{B0000000-0000-4000-8000-000000000001}}" name="Nina"/></Users>
  <CodeBook><Codes>
    <Code guid="C0000000-0000-4000-8000-000000000001" name="Risk" isCodable="true" color="#AA0000"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{guid}" name="Interview" plainTextPath="internal://{guid}.txt">
      <PlainTextSelection guid="D0000000-0000-4000-8000-000000000001"
          startPosition="{start}" endPosition="{end}">
        <Coding guid="E0000000-0000-4000-8000-000000000001"
            creatingUser="B0000000-0000-4000-8000-000000000001">
          <CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="D0000000-0000-4000-8000-000000000002"
          startPosition="{o_start}" endPosition="{o_end}">
        <Description>A memo in a selection, as ATLAS.ti writes them</Description>
        <Coding guid="E0000000-0000-4000-8000-000000000002">
          <CodeRef targetGUID="C0000000-0000-4000-8000-000000000001"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>""".encode()
    src = _qdpx(
        tmp_path / "hand.qdpx", {"My Project.qde": qde, f"Sources/{guid.lower()}.txt": data}
    )
    report = import_qdpx(src, tmp_path / "hand.rcproj", "I")
    assert report.unit == "utf16" and report.not_imported == []
    with Project.open(tmp_path / "hand.rcproj", read_only=True) as p:
        (doc,) = documents.list_documents(p)
        stored = documents.document_text(p, doc.id)
        assert stored == text  # BOM gone, \r\n kept
        got = {c.id: c for c in codings.list_codings(p)}
        first = got["e0000000-0000-4000-8000-000000000001"]
        assert first.quote == "DASH form"
        names = {c.id: c.name for c in coders.list_coders(p)}
        second = got["e0000000-0000-4000-8000-000000000002"]
        # GUIDs in braces and upper case still find the user; no user: says where it came from
        assert names[first.coder_id] == "Nina"
        assert names[second.coder_id] == "imported from NVivo for Windows 12.6"
        assert second.quote == officer
        memos = p.conn.execute("SELECT target_kind, target_id, text FROM memos").fetchall()
        assert memos == [
            (
                "coding",
                "e0000000-0000-4000-8000-000000000002",
                "A memo in a selection, as ATLAS.ti writes them",
            )
        ]


def test_export_says_what_refi_qda_has_no_place_for(tmp_path):
    from coder.project import assignments

    project = rich_project(tmp_path)
    with Project.open(project) as p:
        doc = documents.list_documents(p)[0]
        ann = coders.find_coder(p, "Ann").id
        assignments.set_status(p, doc.id, ann, "done")
        counts = export_qdpx(p, tmp_path / "x.qdpx")
    assert counts["not_exported"] == ["1 assignments and progress marks"]


def test_a_pdf_given_twice_is_stored_once_and_named_as_the_other_tool_named_it(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(sample_pdf()[0])
    guid_a, guid_b = "10000000-0000-4000-8000-00000000000a", "10000000-0000-4000-8000-00000000000b"
    sources = "".join(
        f'<PDFSource guid="{g}" name="{n}" path="internal://{g}.pdf"/>'
        for g, n in ((guid_a, "Serious case review A"), (guid_b, "The same file again"))
    )
    qde = (
        '<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="Two" '
        f'origin="Test"><Sources>{sources}</Sources></Project>'
    ).encode()
    src = _qdpx(
        tmp_path / "two.qdpx",
        {
            "project.qde": qde,
            f"sources/{guid_a}.pdf": pdf.read_bytes(),
            f"sources/{guid_b}.pdf": pdf.read_bytes(),
        },
    )
    report = import_qdpx(src, tmp_path / "two.rcproj", "I")
    assert report.counts["documents"] == 1
    assert report.not_imported == [
        "PDF source 'The same file again' is the same file as 'Serious case review A': "
        "stored once, its codings go to that document"
    ]
    with Project.open(tmp_path / "two.rcproj", read_only=True) as p:
        (doc,) = documents.list_documents(p)
        assert (doc.id, doc.title) == (guid_a, "Serious case review A")
        assert p.conn.execute("SELECT name FROM reviews").fetchall() == [("Serious case review A",)]


@pytest.mark.parametrize(
    "origin, shift, rule",
    [
        (
            "Review Coder 0.1.0",
            1,
            "written by an older Review Coder: pages from 1, y from the bottom",
        ),
        ("Some Tool 2.0", 0, "written by Some Tool 2.0: an area on page 0, so pages count from 0"),
    ],
)
def test_pdf_pages_are_read_by_the_writers_habit(tmp_path, origin, shift, rule):
    """An older Review Coder file counts pages from 1 (its origin has no "pages from 0");
    an unknown writer's area on page 0 shows it counts from 0."""
    import re

    project = rich_project(tmp_path)
    out = tmp_path / "rich.qdpx"
    with Project.open(project, read_only=True) as p:
        export_qdpx(p, out)
    with zipfile.ZipFile(out) as z:
        members = {n: z.read(n) for n in z.namelist()}
    qde = re.sub(
        rb'page="(\d+)"', lambda m: b'page="%d"' % (int(m.group(1)) + shift), members["project.qde"]
    )
    members["project.qde"] = re.sub(rb'origin="[^"]*"', f'origin="{origin}"'.encode(), qde)
    other = _qdpx(tmp_path / "other.qdpx", members)
    report = import_qdpx(other, tmp_path / "other.rcproj", "I")
    assert (report.page_base, report.pdf_rule) == (shift, rule)
    assert report.as_dict()["pdf_pages_from"] == shift
    before = state(project)["areas"]
    after = state(tmp_path / "other.rcproj")["areas"]
    assert after.keys() == before.keys()
    for cid, rects in before.items():
        for (p0, *r0), (p1, *r1) in zip(rects, after[cid], strict=True):
            assert p0 == p1 and all(abs(x - y) <= 1 for x, y in zip(r0, r1, strict=True))


def test_every_exported_note_has_its_own_name(tmp_path, schema):
    """QualCoder stops importing at a second note of one name: several memos per kind, and
    per target, still give distinct names that say what each is on."""
    project = rich_project(tmp_path)
    with Project.open(project) as p:
        ann = coders.find_coder(p, "Ann").id
        risk = codes.find_by_path(p, "Risk/Assessment")
        first = codings.list_codings(p, code_id=risk)[0]
        notes = next(d for d in documents.list_documents(p) if d.kind == "text")
        add_memo(p, "project", None, "Second project memo", ann)
        add_memo(p, "code", risk, "Second code memo", ann)
        add_memo(p, "coding", first.id, "Second coding memo", ann)
        add_memo(p, "document", notes.id, "Second document memo", ann)
        export_qdpx(p, tmp_path / "memos.qdpx")
    with zipfile.ZipFile(tmp_path / "memos.qdpx") as z:
        qde = z.read("project.qde")
    schema.validate(io.BytesIO(qde))
    names = [n.get("name") for n in ET.fromstring(qde).iter("{urn:QDA-XML:project:1.0}Note")]
    where = (
        f"p. {first.page_start}"
        if first.rects
        else f"characters {first.char_start}-{first.char_end}"
    )
    # the review memo travels in its case's Description, not as a note
    assert sorted(names) == sorted(
        [
            "Memo on the project",
            "Memo on the project (2)",
            "Memo on code: Assessment",
            "Memo on code: Assessment (2)",
            f"Memo on coding: Assessment ({where})",
            f"Memo on coding: Assessment ({where}) (2)",
            "Memo on document: Interview notes",
            "Memo on document: Interview notes (2)",
        ]
    )


@pytest.mark.parametrize("made", ["round trip", "nvivo 12"])
def test_an_import_carries_the_edit_of_all_it_made(tmp_path, made):
    """Undo takes the new project back to as it was created, byte for byte; redo back."""
    if made == "round trip":
        src = tmp_path / "rich.qdpx"
        with Project.open(rich_project(tmp_path), read_only=True) as p:
            export_qdpx(p, src)
    else:
        src = DATA / "nvivo12win" / "oltas0517.qdpx"
    report = import_qdpx(src, tmp_path / "back.rcproj", "Importer")
    with Project.open(tmp_path / "back.rcproj") as p:
        after = table_dump(p)
        kinds = {"coder", "code", "coding", "document", "page", "review"}
        assert kinds <= set(report.edit.changes.kinds)
        made_codings = sorted(report.edit.created("coding"))
        assert made_codings == sorted(c.id for c in codings.list_codings(p))
        assert len(report.edit.created("memo")) == len(after["memos"])
        assert len(report.edit.after) == sum(len(r) for t, r in after.items() if t != "project")
        assert report.edit.before == ()  # the new project's own settings are not touched
        apply(p, report.edit.inverse(), None, "undo")
        as_created = {t: rows if t == "project" else [] for t, rows in after.items()}
        assert table_dump(p) == as_created
        apply(p, report.edit, None, "redo")
        assert table_dump(p) == after
