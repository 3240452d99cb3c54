"""The selection rules, without a window: over a real three-page PDF imported into a real
project file, as the page view's mouse and keyboard drive them."""

from __future__ import annotations

import pytest

from coder.coding.ingest import import_pdf
from coder.coding.locate import geometry_for
from coder.coding.selection import AreaSelection, Selection
from tests.pdfkit import PdfBuilder


@pytest.fixture
def laid(project, tmp_path):
    b = PdfBuilder()
    b.page()
    b.line(72, 100, "Officers attended the address and")
    b.line(72, 114, "completed a DASH risk assessment.")
    b.page()
    b.line(72, 100, "The supervisor reviewed it later.")
    b.page()
    b.rect((72, 72, 400, 300))  # a figure, no words
    path = tmp_path / "review.pdf"
    path.write_bytes(b.tobytes())
    outcome = import_pdf(project, path, "Ann")
    assert outcome.document is not None
    return geometry_for(project, outcome.document.id), b


def at(geometry, word: str, inside: int = 0) -> int:
    """The offset ``inside`` characters into the (first) ``word`` of the document text."""
    return geometry.text.index(word) + inside


def test_a_drag_from_inside_one_word_to_inside_another_takes_both_whole(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    sel.press(at(geometry, "attended", 3))
    assert sel.range() is None  # a press alone selects nothing
    assert sel.drag_to(at(geometry, "address", 2))
    start = at(geometry, "attended")
    assert sel.range() == (start, start + len("attended the address"))
    assert sel.text() == "attended the address"


def test_a_drag_backwards_snaps_the_same_way(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    sel.press(at(geometry, "address", 2))
    sel.drag_to(at(geometry, "attended", 3))
    assert sel.text() == "attended the address"
    assert (sel.anchor, sel.focus) == (at(geometry, "address", 2), at(geometry, "attended", 3))


def test_a_drag_off_the_text_keeps_the_focus(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    sel.press(at(geometry, "Officers"))
    sel.drag_to(at(geometry, "the", 1))
    assert not sel.drag_to(None)
    assert not sel.drag_to(at(geometry, "the", 1))  # no move, no change
    assert sel.text() == "Officers attended the"


def test_a_selection_runs_across_lines_and_pages(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    sel.press(at(geometry, "assessment", 4))
    sel.drag_to(at(geometry, "supervisor", 1))
    start, end = sel.range()
    assert (start, end) == (at(geometry, "assessment"), at(geometry, "supervisor") + 10)
    assert geometry.page_of(start).number == 1
    assert geometry.page_of(end - 1).number == 2


def test_select_range_is_exact_and_a_press_snaps_again(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    start = at(geometry, "attended", 2)
    sel.select_range(start, start + 4)
    assert sel.text() == "tend"
    sel.press(start)
    sel.drag_to(start + 4)
    assert sel.text() == "attended"


def test_shift_press_moves_the_focus_and_keeps_the_anchor(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    sel.press(at(geometry, "the", 1))
    sel.drag_to(at(geometry, "address", 1))
    sel.press(at(geometry, "DASH", 1), extend=True)
    assert sel.text() == "the address and\ncompleted a DASH"
    sel.press(None, extend=True)  # Shift+press off the text: nothing moves
    assert sel.text() == "the address and\ncompleted a DASH"
    sel.press(None)  # a plain press off the text: nothing selected
    assert (sel.anchor, sel.focus, sel.range()) == (None, None, None)


def test_shift_press_with_nothing_begun_starts_a_range(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    sel.press(at(geometry, "risk"), extend=True)
    assert (sel.anchor, sel.focus) == (at(geometry, "risk"), at(geometry, "risk"))


def test_an_area_replaces_the_text_and_no_area_leaves_it(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    sel.select_range(0, 8)
    sel.select_area(None)
    assert sel.text() == "Officers"
    area = AreaSelection(1, (70.0, 90.0, 200.0, 120.0))
    sel.select_area(area)
    assert (sel.area, sel.range(), sel.text()) == (area, None, "")
    sel.press(at(geometry, "DASH"))  # a press on the text drops the area
    assert sel.area is None


def test_contains(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    assert not sel.contains(3)
    sel.select_range(9, 17)
    assert [sel.contains(o) for o in (8, 9, 16, 17, None)] == [False, True, True, False, False]


def test_double_click_selects_the_word_under_the_point(laid):
    geometry, builder = laid
    word = next(w for w in builder.words if w.text == "supervisor")
    x0, y0, x1, y1 = word.rect
    sel = Selection(geometry)
    assert sel.select_word_at(2, (x0 + x1) / 2, (y0 + y1) / 2)
    assert sel.text() == "supervisor"
    assert not sel.snap_words
    assert sel.select_word_at(2, 500.0, 700.0)  # blank paper: the nearest word
    assert sel.text() == "later."
    assert not sel.select_word_at(3, 100.0, 100.0)  # a page without words
    assert sel.text() == "later."


def test_word_keys_grow_and_shrink_by_whole_words_from_the_page_in_view(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    assert sel.extend_by_word(1, page=2)  # nothing selected: the page's first word
    assert sel.text() == "The"
    sel.extend_by_word(1, page=2)
    sel.extend_by_word(1, page=2)
    assert sel.text() == "The supervisor reviewed"
    sel.extend_by_word(-1, page=2)
    assert sel.text() == "The supervisor"
    sel.extend_by_word(-1, page=2)
    sel.extend_by_word(-1, page=2)  # not past the anchor: back to nothing
    assert (sel.range(), sel.focus) == (None, sel.anchor)


def test_word_keys_stop_at_the_last_word_and_drop_an_area(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    sel.select_area(AreaSelection(2, (0.0, 0.0, 10.0, 10.0)))
    sel.extend_by_word(1, page=2)
    assert (sel.text(), sel.area) == ("The", None)
    sel.press(at(geometry, "later"))
    for _ in range(3):
        sel.extend_by_word(1, page=1)
    assert sel.text() == "later."


def test_no_document_selects_nothing():
    sel = Selection()
    sel.select_range(0, 5)
    assert (sel.range(), sel.text()) == ((0, 5), "")
    assert not sel.extend_by_word(1, page=1)
    assert not sel.select_word_at(1, 1.0, 1.0)


def test_another_document_clears_the_selection(laid):
    geometry, _ = laid
    sel = Selection(geometry)
    sel.select_range(0, 8)
    sel.select_area(AreaSelection(1, (0.0, 0.0, 1.0, 1.0)))
    sel.set_document(None)
    assert (sel.anchor, sel.focus, sel.area, sel.geometry) == (None, None, None, None)
