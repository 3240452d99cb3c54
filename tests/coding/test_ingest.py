from __future__ import annotations

import hashlib
from pathlib import Path

import pymupdf
import pytest

from coder.coding.ingest import find_pdfs, import_pdf, store_extracted, store_text
from coder.errors import DiskFullError
from coder.pdf.extract import extract_pdf
from coder.project import changelog, coders, documents, reviews
from coder.project.edit import Edit, apply
from coder.project.store import Project
from tests.dump import table_dump
from tests.pdfkit import PdfBuilder


def _snapshot(project: Project) -> dict[str, list]:
    tables = [
        "documents",
        "reviews",
        "pages",
        "document_texts",
        "document_files",
        "codes",
        "codings",
        "coders",
        "changes",
        "memos",
    ]
    return {t: project.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def test_import_stores_bytes_hash_title_pages_text_and_review(project, sample):
    path, _ = sample
    outcome = import_pdf(project, path, "Zoë")
    assert outcome.status == "imported"
    assert outcome.warnings == ("1 page(s) without a text layer (page 3): code them by area",)
    doc = outcome.document
    data = path.read_bytes()
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.title, doc.file_name, doc.pages, doc.kind) == (
        "sample review",
        "sample review.pdf",
        3,
        "pdf",
    )
    assert documents.document_pdf(project, doc.id) == data
    pages = documents.list_pages(project, doc.id)
    assert [(p.number, p.rotation, p.word_count) for p in pages] == [
        (1, 0, 36),
        (2, 90, 21),
        (3, 0, 0),
    ]
    text = documents.document_text(project, doc.id)
    assert [text[p.char_start : p.char_end] for p in pages][2] == ""
    assert pages[1].char_start == pages[0].char_end + 1
    assert text[pages[0].char_end] == "\n"
    review = project.conn.execute(
        "SELECT name FROM reviews WHERE id = ?", [doc.review_id]
    ).fetchone()
    assert review == ("sample review",)
    assert [(c.action, c.entity) for c in changelog.history(project)] == [
        ("create", "document"),
        ("create", "review"),
        ("create", "coder"),
    ]
    fts = project.conn.execute(
        "SELECT count(*) FROM document_fts WHERE document_fts MATCH 'súilleabháin'"
    ).fetchone()
    assert fts == (1,)


def test_same_bytes_twice_is_a_duplicate_and_changes_nothing(project, sample, tmp_path):
    path, _ = sample
    first = import_pdf(project, path, "Ann")
    copy = tmp_path / "renamed copy.pdf"
    copy.write_bytes(path.read_bytes())
    before = _snapshot(project)
    second = import_pdf(project, copy, "Ann")
    assert second.status == "duplicate"
    assert second.document.id == first.document.id
    assert second.message == "same file as 'sample review'"
    assert _snapshot(project) == before


def _encrypted() -> bytes:
    b = PdfBuilder()
    b.page()
    b.line(72, 100, "secret")
    return b.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("empty.pdf", lambda good: b"", "the file is empty"),
        ("truncated.pdf", lambda good: good[: len(good) // 2], "truncated"),
        ("notes.pdf", lambda good: "Notes, not a PDF: Zoë".encode(), "not a PDF file"),
        ("locked.pdf", lambda good: _encrypted(), "needs a password"),
        ("damaged.pdf", lambda good: b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF", "damaged"),
    ],
)
def test_bad_files_fail_with_a_reason_and_leave_the_project_as_it_was(
    project, sample, tmp_path, name, make, reason
):
    good, _ = sample
    import_pdf(project, good, "Ann")
    before = _snapshot(project)
    bad = tmp_path / name
    bad.write_bytes(make(good.read_bytes()))
    outcome = import_pdf(project, bad, "Ann")
    assert outcome.status == "failed"
    assert reason in outcome.message
    assert outcome.message.startswith(f"{name}: ")
    assert _snapshot(project) == before


def test_unreadable_path_fails_cleanly(project, tmp_path):
    outcome = import_pdf(project, tmp_path / "missing.pdf", "Ann")
    assert outcome.status == "failed"
    assert outcome.message == "missing.pdf: cannot be read (No such file or directory)"


def test_disk_full_rolls_back_and_the_file_stays_sound(tmp_path, sample):
    path, _ = sample
    big = PdfBuilder()
    for _ in range(40):
        big.page()
        for i in range(40):
            big.line(72, 80 + 18 * i, f"line {i} of a long review about risk and referrals")
    big_path = tmp_path / "big.pdf"
    big_path.write_bytes(big.tobytes())
    project_path = tmp_path / "full.rcproj"
    with Project.create(project_path) as project:
        import_pdf(project, path, "Ann")
        before = _snapshot(project)
        pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
        project.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # a nearly full disk
        outcome = import_pdf(project, big_path, "Ann")
        assert outcome.status == "failed"
        assert "the disk is full; nothing was written" in outcome.message
        assert _snapshot(project) == before
    with Project.open(project_path) as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert [d.title for d in documents.list_documents(project)] == ["sample review"]


def test_disk_full_is_a_named_error_for_direct_writes(project):
    project.conn.execute("PRAGMA max_page_count = 1")
    with pytest.raises(DiskFullError), project.write():
        project.conn.execute("INSERT INTO project (key, value) VALUES ('big', ?)", ["x" * 100000])


def test_find_pdfs_walks_folders_sorted(tmp_path: Path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.pdf", "b/1.PDF", "b/notes.txt", "a.pdf"):
        (tmp_path / name).write_bytes(b"x")
    found = find_pdfs([tmp_path / "b", tmp_path / "a.pdf"])
    assert [p.name for p in found] == ["1.PDF", "2.pdf", "a.pdf"]


def _undo_redo(project: Project, before: dict, edit: Edit) -> None:
    """Undo restores ``before`` byte for byte, and redo what the edit left."""
    after = table_dump(project)
    apply(project, edit.inverse(), None, "undo")
    assert table_dump(project) == before
    apply(project, edit, None, "redo")
    assert table_dump(project) == after


def test_an_import_returns_the_edit_of_everything_it_made(project, sample):
    path, _ = sample
    before = table_dump(project)
    outcome = import_pdf(project, path, "Zoë")  # a coder new to the project, made with it
    doc = outcome.document
    edit = outcome.edit
    assert edit.created("document") == [doc.id]
    assert edit.created("review") == [doc.review_id]
    assert edit.created("coder") == [coders.find_coder(project, "Zoë").id]
    assert edit.created("page") == [f"{doc.id}/{n}" for n in (1, 2, 3)]
    assert edit.created("document_text") == [doc.id]
    assert edit.created("document_file") == [doc.id]
    assert edit.created("structure") == [doc.id]
    _undo_redo(project, before, edit)
    # a second import by the same coder makes no coder; a duplicate makes nothing
    other = PdfBuilder()
    other.page()
    other.line(72, 100, "A second review about a MARAC referral.")
    second = path.with_name("second.pdf")
    second.write_bytes(other.tobytes())
    before = table_dump(project)
    made = import_pdf(project, second, "Zoë")
    assert made.edit.created("coder") == [] and made.edit.created("document") == [made.document.id]
    _undo_redo(project, before, made.edit)
    assert import_pdf(project, second, "Zoë").edit == Edit()


def test_a_pdf_attached_to_its_review_undoes_to_the_review_as_it_was(project, sample):
    path, _ = sample
    with project.write():
        reviews.insert_review(project, "r-1", "A candidate review", "2024-01-01T00:00:00Z")
    before = table_dump(project)
    outcome = store_extracted(
        project, extract_pdf(path.read_bytes(), path.name), "tester", path, review_id="r-1"
    )
    assert outcome.document.review_id == "r-1"
    assert outcome.edit.created("review") == []  # the review changed (touched), not made
    _undo_redo(project, before, outcome.edit)


def test_a_text_import_returns_its_edit(project):
    text = "Interview notes\r\n1. The officer 👮 said the DASH form was late.\r\n"
    before = table_dump(project)
    doc, edit = store_text(project, "Notes", "notes.txt", text.encode(), text, "tester")
    assert edit.created("document") == [doc.id] and edit.created("page") == [f"{doc.id}/1"]
    _undo_redo(project, before, edit)
    assert store_text(project, "Again", "again.txt", text.encode(), text, "tester") == (doc, Edit())
