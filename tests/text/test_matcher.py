from __future__ import annotations

import pytest

from coder.errors import InvalidInputError
from coder.text.matcher import fts_expression, matches, phrase_query, regex_query
from coder.text.model import normalise

TEXT = "The DASH risk\nassessment was done.\n\nA dashboard showed Risk  Assessment (high).\nrisky"


def test_phrase_is_case_insensitive_and_any_whitespace_matches_one_space():
    q = phrase_query("risk assessment")
    assert [TEXT[s:e] for s, e in matches(q, TEXT)] == ["risk\nassessment", "Risk  Assessment"]


def test_phrase_matches_whole_words_only():
    assert [TEXT[s:e] for s, e in matches(phrase_query("dash"), TEXT)] == ["DASH"]
    assert [TEXT[s:e] for s, e in matches(phrase_query("risk"), TEXT)] == ["risk", "Risk"]


def test_phrase_with_punctuation_is_literal():
    q = phrase_query("assessment (high).")
    assert [TEXT[s:e] for s, e in matches(q, TEXT)] == ["Assessment (high)."]
    assert q.fts_terms == ("assessment", "high")
    assert fts_expression(q.fts_terms) == '"assessment" "high"'


def test_phrase_is_normalised_like_the_text():
    assert phrase_query("ﬁnal").pattern.pattern == phrase_query("final").pattern.pattern
    assert normalise("Zoe\u0308") == "Zoë"


def test_regex_as_written_and_bad_regex_is_a_clear_error():
    assert [TEXT[s:e] for s, e in matches(regex_query(r"[Rr]isk\w*"), TEXT)] == [
        "risk",
        "Risk",
        "risky",
    ]
    assert list(matches(regex_query(r"x*"), "abc")) == []  # empty matches never code
    with pytest.raises(InvalidInputError, match="does not compile"):
        regex_query("(unclosed")
    with pytest.raises(InvalidInputError, match="empty"):
        phrase_query("   ")


def test_prefix_words():
    q = phrase_query("risk assess*")
    assert [TEXT[s:e] for s, e in matches(q, TEXT)] == ["risk\nassessment", "Risk  Assessment"]
    assert fts_expression(q.fts_terms) == '"risk" "assess"*'
    assert [TEXT[s:e] for s, e in matches(phrase_query("dash*"), TEXT)] == ["DASH", "dashboard"]


def test_fts_asks_for_the_phrase_when_words_are_adjacent():
    q = phrase_query("Clare’s Law disclosure")
    assert q.adjacent
    assert fts_expression(q.fts_terms, q.adjacent) == '"Clare s Law disclosure"'
    assert fts_expression(phrase_query("risk assess*").fts_terms, True) == '"risk assess"*'
    assert not phrase_query("assess* risk").adjacent  # FTS5 prefixes end a phrase


def test_a_match_inside_a_word_is_skipped_and_the_search_goes_on():
    text = "xrisk risk; risky risk assessment risk"
    assert [text[s:e] for s, e in matches(phrase_query("risk"), text)] == ["risk", "risk", "risk"]
    assert [s for s, _ in matches(phrase_query("risk"), text)] == [6, 18, 34]
    assert list(matches(phrase_query("risk"), "brisk")) == []
