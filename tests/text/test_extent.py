"""Widening a hit to its sentence or paragraph on the stored text model."""

from __future__ import annotations

import pytest

from coder.errors import InvalidInputError
from coder.text.extent import check_extent, extend, paragraph_bounds, sentence_bounds

# as the text model stores it: lines of a block joined by one newline, blocks by two,
# pages by one (the second paragraph runs on across a page break)
TEXT = (
    "Summary of the review.\n\n"
    "The officer met Dr. Smith at 10.30 on 3 May. She said “no.” A DASH risk\n"
    "assessment was done (see para. 4.2), e.g. by the PC. Was it repeated? No.\n"
    "It was not, at the end of the\n"
    "page. The next page goes on.\n\n"
    "Last paragraph"
)


def _around(word: str, how) -> str:
    start = TEXT.index(word)
    lo, hi = how(TEXT, start, start + len(word))
    return TEXT[lo:hi]


@pytest.mark.parametrize(
    ("word", "sentence"),
    [
        ("Summary", "Summary of the review."),
        ("Smith", "The officer met Dr. Smith at 10.30 on 3 May."),
        ("She", "She said “no.”"),
        ("DASH", "A DASH risk\nassessment was done (see para. 4.2), e.g. by the PC."),
        ("repeated", "Was it repeated?"),
        ("It was", "It was not, at the end of the\npage."),
        ("next", "The next page goes on."),
        ("Last", "Last paragraph"),
        (
            "risk\nassessment was",
            "A DASH risk\nassessment was done (see para. 4.2), e.g. by the PC.",
        ),
    ],
)
def test_sentence_bounds(word, sentence):
    assert _around(word, sentence_bounds) == sentence


def test_a_hit_across_a_sentence_end_takes_both_sentences():
    assert _around("May. She", sentence_bounds) == (
        "The officer met Dr. Smith at 10.30 on 3 May. She said “no.”"
    )


def test_paragraph_bounds_run_on_across_a_page_break_and_stop_at_a_blank_line():
    second = TEXT.split("\n\n")[1]
    assert _around("DASH", paragraph_bounds) == second
    assert _around("next page", paragraph_bounds) == second
    assert _around("Summary", paragraph_bounds) == "Summary of the review."
    assert _around("Last", paragraph_bounds) == "Last paragraph"


def test_extend_by_name_and_unknown_extents():
    start = TEXT.index("DASH")
    assert extend(TEXT, start, start + 4, "hit") == (start, start + 4)
    assert extend(TEXT, start, start + 4, "sentence") == sentence_bounds(TEXT, start, start + 4)
    assert extend(TEXT, start, start + 4, "paragraph") == paragraph_bounds(TEXT, start, start + 4)
    assert check_extent("paragraph") == "paragraph"
    with pytest.raises(InvalidInputError, match="use hit, sentence or paragraph"):
        check_extent("page")
