"""Positions as other tools count them: code points, UTF-16 units, CRLF as one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coder.text.units import Positions, detect_unit

TEXT = "Line one 😀\r\nThe officer 👮 filled in the DASH form.\r\nEnd."


def test_utf16_positions_count_an_emoji_as_two():
    p = Positions(TEXT, "utf16")
    at = TEXT.index("DASH")
    units = len(TEXT[:at].encode("utf-16-le")) // 2
    assert units == at + 2  # two emoji before it
    assert p.index(units) == at and p.position(at) == units
    assert p.length() == len(TEXT.encode("utf-16-le")) // 2


def test_crlf_positions_count_a_line_break_as_one():
    p = Positions(TEXT, "crlf")
    at = TEXT.index("End")
    assert p.position(at) == at - 2  # two \r\n before it
    assert p.index(at - 2) == at


def test_the_unit_is_the_one_that_lands_on_word_boundaries():
    words = ["officer", "DASH form", "End"]
    for unit in ("codepoint", "utf16", "crlf"):
        p = Positions(TEXT, unit)
        spans = [(p.position(TEXT.index(w)), p.position(TEXT.index(w) + len(w))) for w in words]
        assert detect_unit([(TEXT, spans)]) == unit
    # with nothing to tell them apart, the standard's code points; a vendor hint breaks ties
    assert detect_unit([("plain text", [(0, 5)])]) == "codepoint"
    assert detect_unit([("plain 😀 text", [])], hint="utf16") == "utf16"


@given(st.text(alphabet=st.sampled_from(["a", " ", "\r", "\n", "😀", "é"]), max_size=40))
def test_positions_and_indices_round_trip(text):
    for unit in ("codepoint", "utf16", "crlf"):
        p = Positions(text, unit)
        for i in range(len(text) + 1):
            if unit == "crlf" and 0 < i < len(text) and text[i - 1 : i + 1] == "\r\n":
                continue  # inside a \r\n: one position for the pair
            assert p.index(p.position(i)) == i
