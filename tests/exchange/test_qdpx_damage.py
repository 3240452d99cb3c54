"""Damaged and odd ``.qdpx`` archives: each is refused in one line, leaving nothing behind,
or imported with a decided outcome that the report states."""

from __future__ import annotations

import re
import uuid
import zipfile
from pathlib import Path

import pytest

from coder.codebook.files import read_codebook
from coder.codebook.qdc import MAX_DEPTH
from coder.demo.pdfgen import review_pdf
from coder.errors import InvalidInputError
from coder.exchange.qdpx_import import import_qdpx
from coder.project import codings, documents
from coder.project.check import check_project
from coder.project.store import Project
from tests.cli.test_cli import run
from tests.conftest import sample_pdf
from tests.teamwork.test_merge import second_pdf

HEAD = '<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="Odd" origin="Test">'
CODE = "c0000000-0000-4000-8000-00000000000{}"
TEXT = "The officer completed the DASH risk assessment late."


def text_source(guid: str, name: str, codings: int = 1, code: str = CODE.format(1)) -> str:
    """A text source whose first ``codings`` words are coded (one selection each)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", TEXT)][:codings]
    sels = "".join(
        f'<PlainTextSelection guid="{uuid.uuid5(uuid.NAMESPACE_URL, guid + str(i))}" '
        f'startPosition="{s}" endPosition="{e}">'
        f'<Coding guid="{uuid.uuid5(uuid.NAMESPACE_DNS, guid + str(i))}">'
        f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
        for i, (s, e) in enumerate(words)
    )
    return (
        f'<TextSource guid="{guid}" name="{name}" plainTextPath="internal://{guid}.txt">'
        f"{sels}</TextSource>"
    )


def codebook(*names: str) -> str:
    codes = "".join(
        f'<Code guid="{CODE.format(i + 1)}" name="{n}" isCodable="true"/>'
        for i, n in enumerate(names)
    )
    return f"<CodeBook><Codes>{codes}</Codes></CodeBook>"


def write_zip(path: Path, members: list[tuple[str, bytes, int]]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data, method in members:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


def damage(path: Path, member: str, at: int, value: int) -> None:
    """Overwrite one byte of a member's stored (compressed) data in place."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    data = bytearray(path.read_bytes())
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start + at] = value
    path.write_bytes(bytes(data))


def two_text_sources(tmp_path: Path, method: int) -> tuple[Path, str, str]:
    a, b = "10000000-0000-4000-8000-00000000000a", "10000000-0000-4000-8000-00000000000b"
    qde = (
        HEAD
        + codebook("Risk")
        + f"<Sources>{text_source(a, 'First', 2)}{text_source(b, 'Second', 3)}</Sources>"
        + "</Project>"
    ).encode()
    path = write_zip(
        tmp_path / "two.qdpx",
        [
            ("project.qde", qde, zipfile.ZIP_DEFLATED),
            (f"sources/{a}.txt", TEXT.encode(), method),
            (f"sources/{b}.txt", (TEXT + " Again.").encode() * 20, method),
        ],
    )
    return path, a, b


def refused(tmp_path: Path, src: Path, message: str) -> None:
    """The import is refused with one line naming the problem, and leaves nothing."""
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(InvalidInputError, match=message) as caught:
        import_qdpx(src, target / "out.rcproj", "I")
    assert "\n" not in str(caught.value)
    assert list(target.iterdir()) == []


def test_a_source_with_a_bad_checksum_is_reported_and_the_rest_imported(tmp_path):
    src, _, b = two_text_sources(tmp_path, zipfile.ZIP_STORED)
    damage(src, f"sources/{b}.txt", 5, ord("X"))  # stored: the bytes change, the CRC does not
    report = import_qdpx(src, tmp_path / "out.rcproj", "I")
    assert report.not_imported == [
        f"text source 'Second': its file (internal://{b}.txt) is not readable: sources/{b}.txt "
        "is damaged in the archive (its checksum does not match); it and its 3 codings were "
        "not imported"
    ]
    assert (report.counts["documents"], report.counts["codings"]) == (1, 2)
    with Project.open(tmp_path / "out.rcproj", read_only=True) as p:
        assert [d.title for d in documents.list_documents(p)] == ["First"]
        assert [c.quote for c in codings.list_codings(p)] == ["The", "officer"]
        assert check_project(p) == []


def test_a_source_with_broken_compressed_data_is_reported(tmp_path):
    src, _, b = two_text_sources(tmp_path, zipfile.ZIP_DEFLATED)
    damage(src, f"sources/{b}.txt", 0, 0xFF)  # a deflate block of type 3: zlib error -3
    report = import_qdpx(src, tmp_path / "out.rcproj", "I")
    assert report.not_imported == [
        f"text source 'Second': its file (internal://{b}.txt) is not readable: sources/{b}.txt "
        "is damaged in the archive (its compressed data is broken); it and its 3 codings were "
        "not imported"
    ]


@pytest.mark.parametrize(
    "at, value, reason",
    [(0, 0xFF, "its compressed data is broken"), (-1, None, "its checksum does not match")],
)
def test_a_damaged_project_document_refuses_the_archive(tmp_path, at, value, reason):
    src, _, _ = two_text_sources(tmp_path, zipfile.ZIP_DEFLATED)
    if value is None:  # stored instead, with one byte changed after the CRC was taken
        with zipfile.ZipFile(src) as z:
            members = [(n, z.read(n), zipfile.ZIP_STORED) for n in z.namelist()]
        write_zip(src, members)
        with zipfile.ZipFile(src) as z:
            at, value = z.getinfo("project.qde").compress_size - 3, ord("x")
    damage(src, "project.qde", at, value)
    refused(
        tmp_path,
        src,
        rf"^two\.qdpx: project\.qde is damaged in the archive \({reason}\); nothing was "
        "imported: export the project again$",
    )


def test_two_project_documents_are_refused(tmp_path):
    empty = (HEAD + "</Project>").encode()
    full = (HEAD + codebook("Risk") + "</Project>").encode()
    with pytest.warns(UserWarning, match="Duplicate name"):
        src = write_zip(
            tmp_path / "twice.qdpx",
            [("project.qde", full, 8), ("project.qde", empty, 8)],
        )
    refused(tmp_path, src, r"^twice\.qdpx: the archive holds project\.qde twice; refused")
    other = write_zip(tmp_path / "other.qdpx", [("project.qde", full, 8), ("Backup.qde", empty, 8)])
    refused(
        tmp_path / "target",
        other,
        r"2 project documents \(Backup\.qde, project\.qde\) at the top of the archive",
    )


def test_two_codes_with_one_guid_are_refused(tmp_path):
    qde = (
        HEAD
        + codebook("Risk").replace(
            "</Codes>",
            f'<Code guid="{CODE.format(1).upper()}" name="Other" isCodable="true"/></Codes>',
        )
        + "</Project>"
    )
    src = write_zip(tmp_path / "codes.qdpx", [("project.qde", qde.encode(), 8)])
    refused(
        tmp_path,
        src,
        r"^codes\.qdpx:project\.qde: two codes \('Risk' and 'Other'\) have the GUID "
        + CODE.format(1),
    )


def test_two_different_pdfs_sharing_a_guid_are_both_imported_with_their_codings(tmp_path):
    guid = "20000000-0000-4000-8000-000000000001"
    area = (
        '<PDFSelection guid="{sel}" page="0" firstX="72" firstY="700" secondX="300" '
        'secondY="760"><Coding guid="{coding}"><CodeRef targetGUID="'
        + CODE.format(1)
        + '"/></Coding></PDFSelection>'
    )
    sources = "".join(
        f'<PDFSource guid="{guid}" name="{name}" path="internal://{file}">'
        + area.format(
            sel=f"30000000-0000-4000-8000-00000000000{i}",
            coding=f"40000000-0000-4000-8000-00000000000{i}",
        )
        + "</PDFSource>"
        for i, (name, file) in enumerate((("Review A", "a.pdf"), ("Review B", "b.pdf")))
    )
    qde = (HEAD + codebook("Risk") + f"<Sources>{sources}</Sources></Project>").encode()
    src = write_zip(
        tmp_path / "pdfs.qdpx",
        [
            ("project.qde", qde, 8),
            ("sources/a.pdf", sample_pdf()[0], 8),
            ("sources/b.pdf", second_pdf(), 8),
        ],
    )
    report = import_qdpx(src, tmp_path / "out.rcproj", "I")
    assert report.not_imported == [
        f"source 'Review B' has the GUID of source 'Review A' ({guid}): imported under a new "
        f"one, with its codings; references to that GUID mean 'Review A'"
    ]
    assert (report.counts["documents"], report.counts["codings"]) == (2, 2)
    with Project.open(tmp_path / "out.rcproj", read_only=True) as p:
        docs = {d.title: d for d in documents.list_documents(p)}
        assert sorted(docs) == ["Review A", "Review B"] and docs["Review A"].id == guid
        assert sorted(
            (docs_by_id, c.page_start)
            for c in codings.list_codings(p)
            for docs_by_id in [next(t for t, d in docs.items() if d.id == c.document_id)]
        ) == [("Review A", 1), ("Review B", 1)]
        assert check_project(p) == []


def test_a_coding_guid_used_twice_gets_a_new_one(tmp_path):
    a = "10000000-0000-4000-8000-00000000000a"
    qde = (HEAD + codebook("Risk", "Other")).encode()
    # the same coding GUID on two selections of two codes
    body = text_source(a, "First", 1) + ""
    body = body.replace("</TextSource>", "") + (
        f'<PlainTextSelection guid="{a[:-4]}9999" startPosition="4" endPosition="11">'
        f'<Coding guid="{uuid.uuid5(uuid.NAMESPACE_DNS, a + "0")}">'
        f'<CodeRef targetGUID="{CODE.format(2)}"/></Coding>'
        "</PlainTextSelection></TextSource>"
    )
    qde += f"<Sources>{body}</Sources></Project>".encode()
    src = write_zip(
        tmp_path / "c.qdpx", [("project.qde", qde, 8), (f"sources/{a}.txt", TEXT.encode(), 8)]
    )
    report = import_qdpx(src, tmp_path / "out.rcproj", "I")
    assert report.not_imported == [
        "1 codings had the GUID of another coding: imported under new ones"
    ]
    with Project.open(tmp_path / "out.rcproj", read_only=True) as p:
        assert sorted(c.quote for c in codings.list_codings(p)) == ["The", "officer"]


def test_a_truncated_pdf_is_reported_and_the_other_sources_imported(tmp_path):
    # cut inside its page tree, "%%EOF" added: MuPDF opens it, then fails to count pages
    truncated = review_pdf(1, 12, "Cut short")[:488] + b"\n%%EOF\n"
    a, pdf = "10000000-0000-4000-8000-00000000000a", "20000000-0000-4000-8000-000000000001"
    sources = (
        text_source(a, "Notes", 1)
        + f'<PDFSource guid="{pdf}" name="Cut short" path="internal://{pdf}.pdf"/>'
    )
    qde = (HEAD + codebook("Risk") + f"<Sources>{sources}</Sources></Project>").encode()
    src = write_zip(
        tmp_path / "cut.qdpx",
        [
            ("project.qde", qde, 8),
            (f"sources/{a}.txt", TEXT.encode(), 8),
            (f"sources/{pdf}.pdf", truncated, 8),
        ],
    )
    report = import_qdpx(src, tmp_path / "out.rcproj", "I")
    assert report.not_imported == [
        f"PDF source 'Cut short': {pdf}.pdf: the PDF is damaged and cannot be read "
        "(code=7: Invalid number of pages); download it again; its 0 codings were not imported"
    ]
    assert (report.counts["documents"], report.counts["codings"]) == (1, 1)


def nested(depth: int, root: str, ns: str) -> bytes:
    opening = "".join(
        f'<Code guid="{i:08x}-0000-4000-8000-000000000000" name="level {i}" isCodable="true">'
        for i in range(depth)
    )
    codes = f"<Codes>{opening}{'</Code>' * depth}</Codes>"
    if root == "CodeBook":
        return f'<CodeBook xmlns="{ns}">{codes}</CodeBook>'.encode()
    return f'<Project xmlns="{ns}" name="deep"><CodeBook>{codes}</CodeBook></Project>'.encode()


def test_thousands_of_nested_codes_are_refused_in_one_line(tmp_path, capsys):
    qdc = tmp_path / "deep.qdc"
    qdc.write_bytes(nested(3000, "CodeBook", "urn:QDA-XML:codebook:1.0"))
    with pytest.raises(InvalidInputError, match=f"nested more than {MAX_DEPTH} levels deep"):
        read_codebook(qdc)
    qde = tmp_path / "deep.qde"
    qde.write_bytes(nested(3000, "Project", "urn:QDA-XML:project:1.0"))
    refused(
        tmp_path, qde, f"^deep.qde: elements \\(codes within codes\\) nested more than {MAX_DEPTH}"
    )
    # through the command line: one line on stderr, exit 1, the project as it was
    proj = tmp_path / "study.rcproj"
    assert run(capsys, "new", proj, "--name", "Study")[0] == 0
    before = proj.read_bytes()
    code, out, err = run(capsys, "codebook", proj, "--import", qdc)
    assert (code, out) == (2, "")  # bad input, as for any file that does not fit
    assert err.count("\n") == 1 and "Traceback" not in err and "nested more than" in err
    assert proj.read_bytes() == before
    # as deep as is allowed still reads
    ok = tmp_path / "ok.qdc"
    ok.write_bytes(nested(MAX_DEPTH - 3, "CodeBook", "urn:QDA-XML:codebook:1.0"))
    assert read_codebook(ok).codes[0].name == "level 0"
