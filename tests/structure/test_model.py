from __future__ import annotations

from coder.structure.kinds import KindMatcher
from coder.structure.model import (
    Correction,
    Heading,
    Locator,
    Paragraph,
    Structure,
    apply_corrections,
    cite,
    inherit_kinds,
)
from coder.structure.plaintext import detect_text

TEXT = (
    "1 Introduction\n\n1.1 The review began.\n\n"  # 0..14, 16..37
    "2 Analysis of risk\n\n2.1 Risk was missed. It was high.\n\n"  # 39..57, 59..92
    "More text of 2.1.\n\n2.2 Police acted.\n\n"  # 94..111, 113..130
    "3 Recommendations\n\n3.1 Train officers."  # 132..149, 151..169
)


def _para(number, last_words):
    start = TEXT.index(number + " ")
    return Paragraph(start, TEXT.index(last_words) + len(last_words), 1, number)


def test_plain_text_headings_and_paragraphs():
    found = detect_text(TEXT)
    assert [h.label for h in found.headings] == [
        "1 Introduction",
        "2 Analysis of risk",
        "3 Recommendations",
    ]
    assert [h.kind for h in found.headings] == ["introduction", "analysis", "recommendations"]
    assert found.paragraphs == (
        _para("1.1", "began."),
        _para("2.1", "More text of 2.1."),
        _para("2.2", "acted."),
        _para("3.1", "officers."),
    )


def test_plain_text_underlined_and_capital_headings():
    text = "SUMMARY OF EVENTS\n\nThe police attended.\n\nFindings\n========\n\n12. Text here."
    found = detect_text(text)
    assert [(h.title, h.level, h.kind) for h in found.headings] == [
        ("SUMMARY OF EVENTS", 1, "chronology"),
        ("Findings", 1, "findings"),
    ]
    assert [(p.number, text[p.start : p.end]) for p in found.paragraphs] == [
        ("12", "12. Text here.")
    ]


def test_kinds_take_the_earliest_phrase_and_projects_can_add_phrases():
    m = KindMatcher()
    assert m.match("Conclusions and recommendations") == "findings"
    assert m.match("Recommendations and action plan") == "recommendations"
    assert m.match("Appendix B: Glossary") == "appendix"
    assert m.match("Equality and diversity") == ""
    assert (
        KindMatcher({"recommendations": ["areas for improvement"]}).match("Areas for improvement")
        == "recommendations"
    )


def test_sub_sections_inherit_their_kind():
    heads = [
        Heading(0, 5, 1, 1, "1", "Analysis", "analysis"),
        Heading(10, 15, 1, 2, "1.1", "Police contact", ""),
        Heading(20, 25, 1, 2, "1.2", "Recommendations", "recommendations"),
        Heading(30, 35, 1, 1, "2", "Equality", ""),
    ]
    assert [h.kind for h in inherit_kinds(heads)] == [
        "analysis",
        "analysis",
        "recommendations",
        "other",
    ]


def test_corrections_kind_merge_and_paragraph():
    detected = detect_text(TEXT)
    starts = [0]
    fixed = apply_corrections(
        detected,
        [
            Correction("kind", TEXT.index("2 Analysis"), "findings"),
            Correction("merge", TEXT.index("3 Recommendations")),
            Correction("paragraph", TEXT.index("More text"), "2.1.1"),
            Correction("kind", 99999, "glossary"),  # no heading there any more: skipped
        ],
        TEXT,
        starts,
    )
    assert [(h.label, h.kind) for h in fixed.headings] == [
        ("1 Introduction", "introduction"),
        ("2 Analysis of risk 3 Recommendations", "findings"),
    ]
    assert [(p.number, TEXT[p.start : p.end]) for p in fixed.paragraphs] == [
        ("1.1", "1.1 The review began."),
        ("2.1", "2.1 Risk was missed. It was high."),
        ("2.1.1", "More text of 2.1."),
        ("2.2", "2.2 Police acted."),
        ("3.1", "3.1 Train officers."),
    ]
    renumbered = apply_corrections(
        detected, [Correction("paragraph", TEXT.index("2.2 Police"), "2.3")], TEXT, starts
    )
    assert [p.number for p in renumbered.paragraphs] == ["1.1", "2.1", "2.3", "3.1"]


def test_locator_and_citation():
    s = detect_text(TEXT)
    s = Structure(inherit_kinds(s.headings), s.paragraphs)
    loc = Locator(s)
    inside = TEXT.index("Risk was")
    one = loc.locate(inside, inside + 4)
    assert (one.section, one.section_kind, one.paragraph, one.paragraph_end) == (
        "2 Analysis of risk",
        "analysis",
        "2.1",
        "2.1",
    )
    many = loc.locate(inside, TEXT.index("acted") + 2)
    assert (many.paragraph, many.paragraph_end) == ("2.1", "2.2")
    gap = loc.locate(TEXT.index("2 Analysis"), TEXT.index("2 Analysis") + 3)
    assert (gap.section, gap.paragraph) == ("2 Analysis of risk", "")
    assert cite("DHR Adult A", one, 34) == "(DHR Adult A, para 2.1, p. 34)"
    assert cite("DHR Adult A", many, 34, 35) == "(DHR Adult A, paras 2.1\u20132.2, pp. 34\u201335)"
    assert cite("DHR Adult A", gap, 3) == "(DHR Adult A, p. 3)"


def test_the_readme_lists_every_section_kind_in_order():
    import re
    from pathlib import Path

    from coder.structure.kinds import KINDS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("<!-- section-kinds -->") :]
    documented = re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)
    assert tuple(documented[: len(KINDS)]) == KINDS
