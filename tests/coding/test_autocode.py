from __future__ import annotations

import pytest

from coder.coding.autocode import autocode
from coder.coding.ingest import import_pdf
from coder.coding.operations import code_area, code_text
from coder.errors import InvalidInputError, NotFoundError
from coder.project import coders, codes, codings, documents
from coder.text.matcher import phrase_query, regex_query


def _laid(builder, page, text, nth=0):
    return [w for w in builder.words if w.page == page and w.text == text][nth].rect


def _close(got, want):
    assert got == pytest.approx(want, abs=0.5)


@pytest.fixture
def doc(project, sample):
    return import_pdf(project, sample[0], "Ann").document


def test_phrase_autocode_counts_offsets_pages_and_rects(project, sample, doc):
    _, builder = sample
    result = autocode(project, "Risk/Risk assessment", phrase_query("risk assessment"), "Zoë")
    assert (result.added, result.matched, result.documents) == (3, 3, 1)
    text = documents.document_text(project, doc.id)
    found = codings.list_codings(project)
    assert [c.quote for c in found] == ["risk\nassessment", "risk assessment", "risk assessment"]
    assert all(text[c.char_start : c.char_end] == c.quote for c in found)
    assert [(c.page_start, c.page_end) for c in found] == [(1, 1), (1, 1), (2, 2)]
    across_lines = found[0]
    assert [r.page for r in across_lines.rects] == [1, 1]
    _close(across_lines.rects[0].rect, _laid(builder, 1, "risk"))
    _close(across_lines.rects[1].rect, _laid(builder, 1, "assessment"))
    # on the rotated page the rectangle is in the unrotated space, where the words were laid out
    rotated = found[2].rects
    assert len(rotated) == 1
    x0, y0, _, y1 = _laid(builder, 2, "risk")
    x1 = _laid(builder, 2, "assessment")[2]
    _close(rotated[0].rect, (x0, y0, x1, y1))
    tree = codes.code_tree(project)
    code_id = found[0].code_id
    assert tree.path(code_id) == "Risk/Risk assessment"
    assert {c.coder_id for c in found} == {coders.find_coder(project, "Zoë").id}


def test_autocode_twice_adds_nothing(project, doc):
    first = autocode(project, "Risk", phrase_query("risk"), "Ann")
    again = autocode(project, "Risk", phrase_query("RISK"), "Ann")
    assert (first.added, again.added, again.matched) == (4, 0, 4)
    assert len(codings.list_codings(project)) == 4
    other_coder = autocode(project, "Risk", phrase_query("risk"), "Bob")
    assert other_coder.added == 4


def test_phrase_across_a_page_break(project, sample, doc):
    autocode(project, "Context", phrase_query("at the end of the page"), "Ann")
    (c,) = codings.list_codings(project)
    assert (c.page_start, c.page_end, c.quote) == (1, 2, "at the end of the\npage")
    assert [r.page for r in c.rects] == [1, 2]
    x0, y0, x1, y1 = _laid(sample[1], 2, "page.")
    # "page" is 4 of the 5 characters of the word "page.": the box is cut in proportion
    _close(c.rects[1].rect, (x0, y0, x0 + (x1 - x0) * 4 / 5, y1))


def test_regex_document_filter_and_effect(project, tmp_path, doc):
    result = autocode(project, "Names", regex_query(r"Zo\w|Łukasz"), "Ann", [doc.id], "hinders")
    assert result.added == 2
    assert {(c.quote, c.effect) for c in codings.list_codings(project)} == {
        ("Zoë", "hinders"),
        ("Łukasz", "hinders"),
    }
    with pytest.raises(NotFoundError):
        autocode(project, "Names", phrase_query("x"), "Ann", ["no-such-document"])
    with pytest.raises(InvalidInputError, match="effect"):
        autocode(project, "Names", phrase_query("x"), "Ann", effect="helps")


def test_fts_narrows_but_never_misses(project, tmp_path, sample, doc):
    from tests.pdfkit import PdfBuilder

    b = PdfBuilder()
    b.page()
    b.line(72, 100, "Nothing about the theme here.")
    other = tmp_path / "other.pdf"
    other.write_bytes(b.tobytes())
    import_pdf(project, other, "Ann")
    result = autocode(project, "Agencies", phrase_query("marac REFERRAL"), "Ann")
    assert (result.added, result.documents) == (1, 1)


def test_code_text_snaps_whitespace_and_cuts_partial_words(project, sample, doc):
    _, builder = sample
    with project.write():
        coder = coders.ensure_coder(project, "Ann")
        code = codes.ensure_path(project, "Risk", coder.id)
    text = documents.document_text(project, doc.id)
    start = text.index("Officers") + 2  # "ficers attended"
    changes = code_text(project, doc.id, code, coder.id, start, start + 15, "supports")
    assert len(changes.created("coding")) == 1
    (c,) = codings.list_codings(project)
    assert c.quote == "ficers attended"
    x0, _, x1, _ = _laid(builder, 1, "Officers")
    assert c.rects[0].rect[0] == pytest.approx(x0 + (x1 - x0) * 2 / 8, abs=0.01)
    assert c.effect == "supports"
    again = code_text(project, doc.id, code, coder.id, start, start + 15)
    assert not again and again.created("coding") == []
    space = text.index(" completed")  # a selection with whitespace around it is trimmed
    code_text(project, doc.id, code, coder.id, space, space + len(" completed "))
    assert [c.quote for c in codings.list_codings(project)] == ["ficers attended", "completed"]
    with pytest.raises(InvalidInputError, match="no text"):
        code_text(project, doc.id, code, coder.id, text.index("\n\n"), text.index("\n\n") + 2)
    with pytest.raises(InvalidInputError, match="outside"):
        code_text(project, doc.id, code, coder.id, 0, len(text) + 5)


def test_area_coding_on_a_page_without_text(project, doc):
    with project.write():
        coder = coders.ensure_coder(project, "Ann")
        code = codes.ensure_path(project, "Figures", coder.id)
    code_area(project, doc.id, code, coder.id, 3, (400, 300, 72, 72))
    (c,) = codings.list_codings(project)
    assert (c.kind, c.char_start, c.char_end, c.page_start, c.quote) == ("area", None, None, 3, "")
    assert c.rects[0].rect == (72, 72, 400, 300)
    with pytest.raises(InvalidInputError, match="no page 9"):
        code_area(project, doc.id, code, coder.id, 9, (0, 0, 10, 10))
    with pytest.raises(InvalidInputError, match="empty"):
        code_area(project, doc.id, code, coder.id, 3, (10, 10, 10.5, 40))


def test_extend_codes_each_hits_sentence_or_paragraph(project, doc):
    query = phrase_query("risk assessment")
    by_sentence = autocode(project, "Risk/Sentences", query, "Ann", extent="sentence")
    assert (by_sentence.added, by_sentence.matched, by_sentence.skipped) == (3, 3, 0)
    by_paragraph = autocode(project, "Risk/Paragraphs", query, "Ann", extent="paragraph")
    assert (by_paragraph.added, by_paragraph.skipped) == (3, 0)
    tree = codes.code_tree(project)
    quotes = {}
    for c in codings.list_codings(project):
        quotes.setdefault(tree.path(c.code_id), []).append((c.page_start, c.page_end, c.quote))
    assert quotes["Risk/Sentences"] == [
        (
            1,
            1,
            "Officers attended and completed a DASH risk\nassessment with Zoë and Łukasz present.",
        ),
        (1, 2, "The risk assessment was not repeated at the end of the\npage."),
        (2, 2, "Column two notes a second risk assessment\nmade by the supervisor."),
    ]
    assert quotes["Risk/Paragraphs"] == [
        (
            1,
            1,
            "Officers attended and completed a DASH risk\nassessment with Zoë and Łukasz present.",
        ),
        (
            1,
            2,
            "The risk assessment was not repeated at the end of the\npage. Column one speaks "
            "of MARAC referral\nand information sharing.",
        ),
        (2, 2, "Column two notes a second risk assessment\nmade by the supervisor."),
    ]
    text = documents.document_text(project, doc.id)
    assert all(text[c.char_start : c.char_end] == c.quote for c in codings.list_codings(project))


def test_never_a_coding_inside_a_coding_of_the_same_code_by_the_same_coder(project, doc):
    # four sentences hold "risk"; the first also holds "DASH" and "assessment"
    first = autocode(project, "Risk", phrase_query("risk"), "Ann", extent="sentence")
    assert (first.added, first.matched, first.skipped) == (4, 4, 0)
    inside = autocode(project, "Risk", phrase_query("DASH"), "Ann")
    assert (inside.added, inside.matched, inside.skipped) == (0, 1, 1)
    again = autocode(project, "Risk", phrase_query("assessment"), "Ann", extent="sentence")
    assert (again.added, again.matched, again.skipped) == (0, 3, 3)
    # two hits in one sentence: the second lies inside the coding the first one made
    both = autocode(project, "Both", regex_query(r"risk|assessment"), "Ann", extent="sentence")
    assert (both.added, both.matched, both.skipped) == (4, 7, 3)
    # another coder's coding, or another code's, does not stop a coding
    assert autocode(project, "Risk", phrase_query("DASH"), "Bob").added == 1
    assert autocode(project, "Other", phrase_query("DASH"), "Ann").added == 1
    assert len(codings.list_codings(project)) == 4 + 4 + 1 + 1


def test_an_unknown_extent_is_refused_before_anything_is_written(project, doc):
    with pytest.raises(InvalidInputError, match="unknown extent 'page'"):
        autocode(project, "Risk", phrase_query("risk"), "Ann", extent="page")
    assert codings.list_codings(project) == []
    assert codes.find_by_path(project, "Risk") is None
