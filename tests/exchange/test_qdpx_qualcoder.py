"""Files written by QualCoder (tests/data/qualcoder) and the layouts it uses: one
``Coding`` per selection, PDF pages from 0 with y from the top."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from coder.coding.ingest import import_pdf
from coder.coding.operations import code_area
from coder.exchange.qdpx_export import export_qdpx
from coder.exchange.qdpx_import import import_qdpx
from coder.project import coders, codes, codings, documents
from coder.project.store import Project
from tests.conftest import sample_pdf
from tests.datafiles import DATA

QUALCODER = DATA / "qualcoder"


def coded(path: Path) -> list[tuple]:
    """(document, kind, start, end, page, code path, effect) of every coding, sorted."""
    with Project.open(path, read_only=True) as p:
        tree = codes.code_tree(p)
        docs = {d.id: d.title for d in documents.list_documents(p)}
        return sorted(
            (
                docs[c.document_id].removesuffix(".pdf"),
                c.kind,
                "" if c.char_start is None else str(c.char_start),
                "" if c.char_end is None else str(c.char_end),
                str(c.page_start),
                tree.path(c.code_id),
                c.effect or "",
            )
            for c in codings.list_codings(p)
        )


def test_the_demo_round_tripped_through_qualcoder_keeps_every_effect(tmp_path):
    """QualCoder wrote each coding and each effect in a selection of its own. The demo as
    QualCoder received it is tests/data/qualcoder/demo-codings.csv (see SOURCES.md)."""
    report = import_qdpx(
        QUALCODER / "demo-reexported-by-qualcoder.qdpx", tmp_path / "back.rcproj", "I"
    )
    with (QUALCODER / "demo-codings.csv").open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        assert next(rows) == [
            "document",
            "kind",
            "char_start",
            "char_end",
            "page",
            "code",
            "effect",
        ]
        demo = sorted(tuple(row) for row in rows)
    back = coded(tmp_path / "back.rcproj")
    assert (len(back), report.counts["codings"]) == (383, 383)
    assert sum(1 for row in back if row[6]) == sum(1 for row in demo if row[6]) == 351
    # coding by coding: document, range, page, code and effect
    assert [r for r in back if r[1] == "text"] == [r for r in demo if r[1] == "text"]
    # the one area: QualCoder kept the page number and y our older export wrote (page 5
    # counted from 1, y from the bottom) and now means them its own way (page 5 counted
    # from 0, y from the top), so it is read as QualCoder shows it: the 6th page
    (area,) = [r for r in back if r[1] == "area"]
    (demo_area,) = [r for r in demo if r[1] == "area"]
    assert area[:4] + area[5:] == demo_area[:4] + demo_area[5:]
    assert (demo_area[4], area[4]) == ("5", "6")
    assert report.pdf_rule == "written by QualCoder: pages from 0, y from the top"


def test_qualcoders_own_project(tmp_path):
    out = tmp_path / "qc.rcproj"
    report = import_qdpx(QUALCODER / "qualcoder-project.qdpx", out, "I")
    assert (report.page_base, report.y_origin) == (0, "top")
    with Project.open(out, read_only=True) as p:
        docs = {d.title: d for d in documents.list_documents(p)}
        pdf = docs["Zoe review.pdf"]
        names = {c.id: c.name for c in coders.list_coders(p)}
        areas = {c.id: c for c in codings.list_codings(p, document_id=pdf.id) if c.kind == "area"}
        # QualCoder's page="1" area is on the second page, the right way up: the words
        # under it are the ones at the top of page 2
        second = areas["3906912f-10f1-42ff-a01d-c619a3e2fbd1"]
        assert [(r.page, r.rect) for r in second.rects] == [(2, (60.0, 50.0, 400.0, 140.0))]
        first = areas["11fe715e-c5a7-4ee7-8938-bb84be0d5432"]
        assert [(r.page, r.rect) for r in first.rects] == [(1, (72.0, 60.0, 472.0, 100.0))]
        from coder.coding.locate import geometry_for

        geometry = geometry_for(p, pdf.id)
        page2 = geometry.pages[1]
        assert geometry.text[page2.char_start :].startswith("Page two. The DASH risk assessment")
        assert (names[second.coder_id], names[first.coder_id]) == ("Ben", "Ana Lúcia")
        # two coders coded one range in two selections: both codings, each with its coder,
        # and the memo of Ana's selection on Ana's coding
        same = [
            c
            for c in codings.list_codings(p, document_id=docs["Interview Ä.txt"].id)
            if c.quote == "coercive control was not recognised"
        ]
        assert sorted(names[c.coder_id] for c in same) == ["Ana Lúcia", "Ben"]
        memos = dict(
            p.conn.execute("SELECT target_id, text FROM memos WHERE target_kind = 'coding'")
        )
        assert memos["1ce6aadd-ddea-4baf-8f81-86df4911176f"] == "coding memo: after two emoji"


def test_an_area_on_page_2_round_trips_to_page_2(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(sample_pdf()[0])
    path = tmp_path / "p.rcproj"
    box = (72.4, 95.6, 300.2, 130.9)
    with Project.create(path, user="Ann") as p:
        doc = import_pdf(p, pdf, "Ann").document
        with p.write():
            ann = coders.ensure_coder(p, "Ann").id
            code = codes.ensure_path(p, "Figures", ann)
        code_area(p, doc.id, code, ann, 2, box)
        export_qdpx(p, tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as z:
        qde = z.read("project.qde").decode()
    assert 'page="1"' in qde  # the second page, counted from 0
    report = import_qdpx(tmp_path / "p.qdpx", tmp_path / "back.rcproj", "I")
    assert report.pdf_rule == "written by Review Coder: pages from 0, y from the bottom"
    with Project.open(tmp_path / "back.rcproj", read_only=True) as p:
        (area,) = codings.list_codings(p)
        (rect,) = area.rects
        assert (area.page_start, rect.page) == (2, 2)
        assert all(abs(a - b) <= 1 for a, b in zip(rect.rect, box, strict=True))


HEAD = (
    '<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="Layouts" '
    'origin="QualCoder 4.0 Beta"><Users>'
    '<User guid="a0000000-0000-4000-8000-000000000001" name="Ann"/>'
    '<User guid="a0000000-0000-4000-8000-000000000002" name="Bob"/></Users>'
    "<CodeBook><Codes>"
    '<Code guid="c0000000-0000-4000-8000-000000000001" name="Risk" isCodable="true"/>'
    '<Code guid="c0000000-0000-4000-8000-000000000002" name="Care" isCodable="true"/>'
    '<Code guid="e0000000-0000-4000-8000-000000000000" name="Effect" isCodable="false">'
    '<Code guid="e0000000-0000-4000-8000-000000000001" name="Supports practice" '
    'isCodable="true"/>'
    '<Code guid="e0000000-0000-4000-8000-000000000002" name="Hinders practice" '
    'isCodable="true"/></Code></Codes></CodeBook>'
)
TEXT = "Officers attended quickly. The risk was not assessed. Care was good."


def one_per_selection(codings_: list[tuple[int, int, str, str]]) -> bytes:
    """A text source with one selection per (start, end, code, user) coding."""
    sels = "".join(
        f'<PlainTextSelection guid="b0000000-0000-4000-8000-{i:012d}" startPosition="{s}" '
        f'endPosition="{e}" creatingUser="a0000000-0000-4000-8000-00000000000{u}">'
        f'<Coding guid="d0000000-0000-4000-8000-{i:012d}" '
        f'creatingUser="a0000000-0000-4000-8000-00000000000{u}">'
        f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
        for i, (s, e, code, u) in enumerate(codings_)
    )
    guid = "f0000000-0000-4000-8000-000000000001"
    return (
        HEAD + f'<Sources><TextSource guid="{guid}" name="Notes" '
        f'plainTextPath="internal://{guid}.txt">{sels}</TextSource></Sources></Project>'
    ).encode()


def test_effects_in_selections_of_their_own_find_their_codings(tmp_path):
    risk, care = "c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000002"
    sup, hin = "e0000000-0000-4000-8000-000000000001", "e0000000-0000-4000-8000-000000000002"
    a = (TEXT.index("The risk"), TEXT.index(" Care"))
    b = (TEXT.index("Care"), len(TEXT))
    c = (0, TEXT.index(" The"))
    qde = one_per_selection(
        [
            (*a, risk, 1),
            (*a, hin, 1),  # one loose effect: it is the passage's
            (*b, risk, 1),
            (*b, care, 2),
            (*b, sup, 2),  # two loose effects that disagree: each coder's own
            (*b, hin, 1),
            (*c, risk, 1),
            (*c, care, 1),
            (*c, sup, 2),  # ...and when neither is the coder's: no effect, reported
            (*c, hin, 2),
        ]
    )
    path = tmp_path / "layouts.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr("sources/f0000000-0000-4000-8000-000000000001.txt", TEXT)
    report = import_qdpx(path, tmp_path / "out.rcproj", "I")
    assert report.not_imported == [
        "2 codings at 'Officers attended quickly.': the passage has both effects in "
        "selections of their own and which is whose cannot be told; imported without an effect"
    ]
    with Project.open(tmp_path / "out.rcproj", read_only=True) as p:
        tree = codes.code_tree(p)
        names = {x.id: x.name for x in coders.list_coders(p)}
        got = sorted(
            (c.quote, tree.path(c.code_id), names[c.coder_id], c.effect)
            for c in codings.list_codings(p)
        )
    assert got == [
        ("Care was good.", "Care", "Bob", "supports"),
        ("Care was good.", "Risk", "Ann", "hinders"),
        ("Officers attended quickly.", "Care", "Ann", None),
        ("Officers attended quickly.", "Risk", "Ann", None),
        ("The risk was not assessed.", "Risk", "Ann", "hinders"),
    ]


def test_nothing_of_qualcoders_project_is_dropped_silently(tmp_path):
    out = tmp_path / "qc.rcproj"
    report = import_qdpx(QUALCODER / "qualcoder-project.qdpx", out, "I")
    assert report.not_imported == [
        "case 'Participant Ä': its source reference 2cc04b17-1952-466e-a495-9202c90c0529 is "
        "the GUID of a source's file, not of the source (as QualCoder writes it); taken as "
        "that source",
        "case 'Participant Ä': its source references af5248b0-cf84-4e7d-804a-cdaed81508ef "
        "are not sources in the file; ignored",
        "2 attribute values were empty: nothing to import",
    ]
    with Project.open(out, read_only=True) as p:
        docs = {d.title: d for d in documents.list_documents(p)}
        interview = docs["Interview Ä.txt"]
        memos = sorted(
            (kind, target, text)
            for kind, target, text in p.conn.execute(
                "SELECT target_kind, target_id, text FROM memos"
            )
        )
        values = sorted(
            p.conn.execute(
                "SELECT r.name, a.name, v.value FROM attribute_values v "
                "JOIN attributes a ON a.id = v.attribute_id JOIN reviews r ON r.id = v.review_id"
            )
        )
        reviews = sorted(
            p.conn.execute(
                "SELECT r.name, d.title FROM documents d JOIN reviews r ON r.id = d.review_id"
            )
        )
    # the project memo (<Description>), the file memo (the source's <Description>), the
    # annotation (a note with a range: no coding has exactly that range, so it quotes it)
    assert (
        "project",
        None,
        "Projekt-Memo: Ärger über “Quotes” & <tags>\nzweite Zeile",
    ) in memos
    assert ("document", interview.id, "file memo ü") in memos
    assert ("document", interview.id, "On “nobody followed up”: Annotation: check the log") in memos
    assert ("review", "a4e7a6b1-78a3-41f9-9a5b-750b1e2d2323", "case memo") in memos
    # a value written inside the source is its review's attribute; the case's, the case's
    assert values == [
        ("Interview Ä.txt", "Interviewer", '"Ben Ö"'),
        ("Participant Ä", "Age", '"42"'),
        ("Participant Ä", "Gender", '"weiblich"'),
    ]
    assert ("Participant Ä", "Zoe review.pdf") in reviews


def test_sets_values_in_sources_and_annotations(tmp_path):
    """A Set of sources with no case becomes a review; values written inside its sources
    are the review's, and when they disagree the first is kept and the report says so; an
    annotation on exactly a coded range is a memo on that coding."""
    a, b = "f0000000-0000-4000-8000-00000000000a", "f0000000-0000-4000-8000-00000000000b"
    year, kind = "90000000-0000-4000-8000-000000000001", "90000000-0000-4000-8000-000000000002"
    start, end = TEXT.index("risk"), TEXT.index(" was not")

    def source(guid: str, name: str, year_value: str, extra: str = "") -> str:
        return (
            f'<TextSource guid="{guid}" name="{name}" plainTextPath="internal://{guid}.txt">'
            f"{extra}"
            f'<VariableValue><VariableRef targetGUID="{year}"/>'
            f"<IntegerValue>{year_value}</IntegerValue></VariableValue>"
            f'<VariableValue><VariableRef targetGUID="{kind}"/><TextValue>DHR</TextValue>'
            "</VariableValue></TextSource>"
        )

    coded_range = (
        f'<PlainTextSelection guid="b0000000-0000-4000-8000-000000000001" '
        f'startPosition="{start}" endPosition="{end}"><Coding '
        'guid="d0000000-0000-4000-8000-000000000001"><CodeRef '
        'targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>'
        '<NoteRef targetGUID="70000000-0000-4000-8000-000000000001"/>'
    )
    qde = (
        HEAD
        + '<Variables><Variable guid="'
        + year
        + '" name="year" typeOfVariable="Integer"/>'
        + '<Variable guid="'
        + kind
        + '" name="review type" typeOfVariable="Text"/></Variables>'
        + "<Sources>"
        + source(a, "Overview report", "2021", coded_range)
        + source(b, "Executive summary", "2022")
        + "</Sources><Notes>"
        '<Note guid="70000000-0000-4000-8000-000000000001"><PlainTextContent>Check the '
        f'grading</PlainTextContent><PlainTextSelection guid="71000000-0000-4000-8000-'
        f'000000000001" startPosition="{start}" endPosition="{end}"/></Note></Notes>'
        '<Sets><Set guid="80000000-0000-4000-8000-000000000001" name="DHR Adult A">'
        "<Description>One review in two documents</Description>"
        f'<MemberSource targetGUID="{a}"/><MemberSource targetGUID="{b}"/></Set>'
        '<Set guid="80000000-0000-4000-8000-000000000002" name="Codes only">'
        '<MemberCode targetGUID="c0000000-0000-4000-8000-000000000001"/></Set></Sets>'
        "</Project>"
    )
    path = tmp_path / "sets.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{a}.txt", TEXT)
        z.writestr(f"sources/{b}.txt", TEXT + " Summary.")
    report = import_qdpx(path, tmp_path / "out.rcproj", "I")
    assert report.not_imported == [
        "set 'Codes only': a set of codes or notes, which Review Coder has no place for; "
        "not imported",
        "attribute 'year': document 'Executive summary' says '2022', but 'Overview report' of "
        "the same review said otherwise first; the first is kept",
    ]
    assert report.elements["Set"] == {"imported": 1, "not imported": 1}
    assert report.elements["VariableValue"] == {"imported": 3, "not imported": 1}
    with Project.open(tmp_path / "out.rcproj", read_only=True) as p:
        reviews = sorted(
            p.conn.execute(
                "SELECT r.id, r.name, d.title FROM documents d JOIN reviews r ON r.id = d.review_id"
            )
        )
        values = sorted(
            p.conn.execute(
                "SELECT a.name, v.value FROM attribute_values v "
                "JOIN attributes a ON a.id = v.attribute_id"
            )
        )
        memos = sorted(p.conn.execute("SELECT target_kind, target_id, text FROM memos"))
    set_id = "80000000-0000-4000-8000-000000000001"
    assert reviews == [
        (set_id, "DHR Adult A", "Executive summary"),
        (set_id, "DHR Adult A", "Overview report"),
    ]
    assert values == [("review type", '"DHR"'), ("year", "2021")]
    assert memos == [
        ("coding", "d0000000-0000-4000-8000-000000000001", "Check the grading"),
        ("review", set_id, "One review in two documents"),
    ]
