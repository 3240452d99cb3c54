from __future__ import annotations

import pymupdf
import pytest

from coder.errors import PdfError
from coder.pdf.extract import choose_title, extract_pdf
from coder.text.model import PAGE_SEP, TEXT_VERSION
from tests.conftest import sample_pdf
from tests.pdfkit import PdfBuilder, ligature_pdf


def test_text_model_of_a_paragraph_lines_and_blocks():
    b = PdfBuilder()
    b.page()
    b.line(72, 100, "First line of a paragraph")
    b.line(72, 114, "second line of it.")
    b.line(72, 170, "A new block after a gap.")
    doc = extract_pdf(b.tobytes(), "a.pdf")
    assert doc.text_version == TEXT_VERSION
    assert doc.pages[0].text == (
        "First line of a paragraph\nsecond line of it.\n\nA new block after a gap."
    )


def test_pages_join_with_one_newline_and_offsets_are_code_points():
    data, _ = sample_pdf()
    doc = extract_pdf(data, "s.pdf")
    assert doc.text == PAGE_SEP.join(p.text for p in doc.pages)
    assert "at the end of the\npage. Column one" in doc.text
    # non-ASCII names are single code points in NFC, so offsets count them once
    start = doc.pages[0].text.index("Zoë")
    words = doc.pages[0].words
    i = words.word_at(start)
    assert doc.pages[0].text[words.span(i)[0] : words.span(i)[1]] == "Zoë"
    assert "Siobhán Ó Súilleabháin said the ‘risk’ was “high” — the officer agreed." in doc.text


def test_two_columns_read_column_by_column_not_interleaved():
    data, _ = sample_pdf()
    page = extract_pdf(data, "s.pdf").pages[1]
    assert page.text == (
        "page. Column one speaks of MARAC referral\nand information sharing."
        "\n\nColumn two notes a second risk assessment\nmade by the supervisor."
    )
    # sort=True, which we must not use, interleaves the columns' lines:
    sorted_words = [w[4] for w in pymupdf.open(stream=data)[1].get_text("words", sort=True)]
    assert sorted_words.index("two") < sorted_words.index("information")


def test_word_boxes_match_the_layout_within_half_a_point_on_normal_and_rotated_pages():
    data, builder = sample_pdf()
    doc = extract_pdf(data, "s.pdf")
    assert [p.rotation for p in doc.pages] == [0, 90, 0]
    assert (doc.pages[1].width, doc.pages[1].height) == (595, 842)  # unrotated size
    checked = 0
    for laid in builder.words:
        page = doc.pages[laid.page - 1]
        matches = [
            page.words.box(i)
            for i in range(page.words.count)
            if page.text[page.words.span(i)[0] : page.words.span(i)[1]] == laid.text
            and abs(page.words.box(i)[0] - laid.rect[0]) < 0.5
            and abs(page.words.box(i)[1] - laid.rect[1]) < 0.5
        ]
        assert len(matches) == 1, laid
        for got, want in zip(matches[0], laid.rect, strict=True):
            assert got == pytest.approx(want, abs=0.5)
        checked += 1
    assert checked == len(builder.words) == 57


def test_page_without_text_layer_is_kept_and_reported():
    data, _ = sample_pdf()
    doc = extract_pdf(data, "s.pdf")
    assert len(doc.pages) == 3
    assert doc.pages_without_text == [3]
    assert doc.pages[2].text == ""
    assert doc.text.endswith("supervisor.\n")


def test_ligatures_are_expanded_and_soft_hyphens_dropped():
    doc = extract_pdf(ligature_pdf(), "lig.pdf")
    assert doc.pages[0].text == "The final report was filed"
    words = doc.pages[0].words
    assert [doc.pages[0].text[s:e] for s, e in zip(words.starts(), words.ends(), strict=True)] == [
        "The",
        "final",
        "report",
        "was",
        "filed",
    ]
    b = PdfBuilder()
    b.page()
    b.line(72, 100, "multi\u00adagency co\u00adoperation")
    assert extract_pdf(b.tobytes(), "s.pdf").pages[0].text == "multiagency cooperation"


def test_table_cells_read_row_by_row():
    b = PdfBuilder()
    b.page()
    rows = [
        ("Date", "Agency", "Contact"),
        ("01/02/2021", "Police", "Welfare check"),
        ("03/02/2021", "Health", "GP visit"),
    ]
    for i, row in enumerate(rows):
        for x, cell in zip((72, 172, 300), row, strict=True):
            b.line(x, 100 + 20 * i, cell)
    words = extract_pdf(b.tobytes(), "t.pdf").pages[0].text.split()
    assert words == [
        "Date",
        "Agency",
        "Contact",
        "01/02/2021",
        "Police",
        "Welfare",
        "check",
        "03/02/2021",
        "Health",
        "GP",
        "visit",
    ]


@pytest.mark.parametrize(
    ("meta", "name", "expected"),
    [
        ("Domestic Homicide Review: Adult A", "dhr.pdf", "Domestic Homicide Review: Adult A"),
        ("Microsoft Word - DHR final v3.docx", "DHR Adult A.pdf", "DHR Adult A"),
        ("", "CSPR Child B.pdf", "CSPR Child B"),
        ("untitled", "x.pdf", "x"),
        ("report.pdf", "SAR Mr C.pdf", "SAR Mr C"),
        ("  ", "y.pdf", "y"),
    ],
)
def test_title_from_metadata_unless_junk(meta, name, expected):
    assert choose_title(meta, name) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"just some text\n", "not a PDF file"),
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "truncated"),
        (b"%PDF-1.7\ngarbage garbage\n%%EOF\n", "damaged"),
    ],
)
def test_bad_bytes_give_one_line_reasons(data, reason):
    with pytest.raises(PdfError) as err:
        extract_pdf(data, "bad.pdf")
    assert reason in str(err.value)
    assert "\n" not in str(err.value)
    assert str(err.value).startswith("bad.pdf: ")


def test_truncated_real_pdf_is_refused():
    data, _ = sample_pdf()
    with pytest.raises(PdfError, match="truncated"):
        extract_pdf(data[: len(data) * 2 // 3], "half.pdf")


def test_password_to_open_is_refused_but_owner_password_alone_is_fine():
    b = PdfBuilder()
    b.page()
    b.line(72, 100, "Confidential review text")
    locked = b.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    with pytest.raises(PdfError, match="needs a password"):
        extract_pdf(locked, "locked.pdf")
    b2 = PdfBuilder()
    b2.page()
    b2.line(72, 100, "Confidential review text")
    owner_only = b2.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", permissions=pymupdf.PDF_PERM_PRINT
    )
    assert extract_pdf(owner_only, "owner.pdf").pages[0].text == "Confidential review text"


@pytest.mark.parametrize(
    "page",
    [
        # a page a server sends instead of the PDF, mentioning the header it lacks
        b"<!DOCTYPE html>\n<html><head><title>Viewer</title>\n<script>"
        b"if (!bytes.startsWith('%PDF-')) fail();</script></head><body></body></html>\n",
        b"\xef\xbb\xbf\n  <html lang='en'><body>The report has moved.</body></html>",
    ],
)
def test_a_web_page_named_pdf_is_not_a_pdf_rather_than_truncated(page):
    with pytest.raises(PdfError) as err:
        extract_pdf(page, "DHR Adult A.pdf")
    assert str(err.value) == (
        "DHR Adult A.pdf: not a PDF file but a web page (HTML) saved under a .pdf name; "
        "open the link in a browser and download the PDF itself"
    )
