from __future__ import annotations

import pytest

from coder.analysis.near_duplicates import (
    MOD,
    SHINGLE,
    measure,
    near_duplicates,
    normalised,
    sketch,
)
from tests.samplekit import paragraph


def _exact(a: str, b: str) -> tuple[float, float]:
    """Resemblance and containment over every shingle (no sampling): the reference."""
    sa = {normalised(a)[i : i + SHINGLE] for i in range(len(normalised(a)) - SHINGLE + 1)}
    sb = {normalised(b)[i : i + SHINGLE] for i in range(len(normalised(b)) - SHINGLE + 1)}
    shared = len(sa & sb)
    return shared / len(sa | sb), shared / min(len(sa), len(sb))


def test_normalising_ignores_case_spacing_and_punctuation():
    assert normalised("The  Officer, said:\n“No.”  Zoë") == "the officer said no zoë".encode()
    a = sketch("Risk was HIGH; the officer left.\n" * 40)
    b = sketch("risk was high the officer left " * 40)
    assert measure(a, b) == (1.0, 1.0)


def test_estimates_are_close_to_the_exact_shares():
    report = " ".join(paragraph(p, 300) for p in range(12))
    summary = " ".join(paragraph(p, 300) for p in range(4, 6)) + " " + paragraph(99, 300)
    resemblance, containment = measure(sketch(report), sketch(summary))
    exact_r, exact_c = _exact(report, summary)
    assert resemblance == pytest.approx(exact_r, abs=0.05)
    assert containment == pytest.approx(exact_c, abs=0.08)
    assert sketch(report).sample.size == pytest.approx(sketch(report).shingles / MOD, rel=0.2)


def test_planted_pairs_found_and_no_false_pair():
    boiler = "this review was commissioned by the community safety partnership " * 3
    texts = [boiler + " ".join(paragraph(100 * i + p, 200) for p in range(5)) for i in range(40)]
    texts.append(texts[3].upper().replace(" ", "\n"))  # 40: the same as 3
    texts.append(" ".join(texts[10].split()[200:500]))  # 41: inside 10
    texts.append("too short")  # 42: never suggested
    texts.append("")
    found = near_duplicates(texts)
    assert [(p.a, p.b, p.kind) for p in found] == [(3, 40, "same text"), (10, 41, "contained")]
    assert found[0].resemblance == 1.0


def test_progress_can_stop_the_work():
    seen = []

    def progress(n):
        seen.append(n)
        return n < 2

    assert near_duplicates([paragraph(i, 200) for i in range(5)], progress) == []
    assert seen == [1, 2]
