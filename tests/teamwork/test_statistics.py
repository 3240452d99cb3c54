"""Agreement statistics checked against reference implementations: scikit-learn's
cohen_kappa_score, statsmodels' fleiss_kappa and the krippendorff package."""

from __future__ import annotations

import math
import random
import warnings
from collections import Counter

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from coder.teamwork.statistics import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    statistics,
)


def hist_of(ratings: np.ndarray) -> Counter:
    """ratings: coders × units of 0/1."""
    return Counter(tuple(bool(v) for v in ratings[:, u]) for u in range(ratings.shape[1]))


def reference(ratings: np.ndarray) -> dict[str, float]:
    m, _n = ratings.shape
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ones = ratings.sum(axis=0)
        table = np.stack([m - ones, ones], axis=1)
        ref = {"fleiss": sm_fleiss(table, method="fleiss")}
        try:
            ref["alpha"] = krippendorff.alpha(
                reliability_data=ratings, level_of_measurement="nominal"
            )
        except (ValueError, ZeroDivisionError):  # one value only: the package refuses
            ref["alpha"] = math.nan
        if m == 2:
            ref["cohen"] = cohen_kappa_score(ratings[0], ratings[1], labels=[0, 1])
        ref["percent"] = float(np.mean((ones == 0) | (ones == m)))
    return ref


def same(ours: float | None, theirs: float) -> bool:
    if ours is None:
        return theirs is None or math.isnan(theirs)
    return not math.isnan(theirs) and math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)


CASES = []
rng = random.Random(20261126)
for _ in range(60):
    m = rng.choice([2, 2, 3, 4])
    n = rng.choice([1, 2, 5, 30, 200])
    p = rng.random()
    noise = rng.random() * 0.5
    truth = [rng.random() < p for _ in range(n)]
    CASES.append(
        np.array([[int(t != (rng.random() < noise)) for t in truth] for _ in range(m)], dtype=int)
    )
# edge cases: no variation at all; one coder constant; perfect agreement; total opposition
CASES += [
    np.zeros((2, 10), dtype=int),
    np.ones((3, 7), dtype=int),
    np.array([[0] * 10, [0] * 9 + [1]]),
    np.array([[0, 1, 0, 1, 1], [0, 1, 0, 1, 1]]),
    np.array([[0, 1, 0, 1], [1, 0, 1, 0]]),
    np.array([[1], [0]]),
]


@pytest.mark.parametrize("ratings", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_statistics_match_reference_implementations(ratings):
    hist = hist_of(ratings)
    ref = reference(ratings)
    assert same(percent_agreement(hist)[0], ref["percent"])
    assert same(fleiss_kappa(hist)[0], ref["fleiss"]), (fleiss_kappa(hist), ref["fleiss"])
    assert same(krippendorff_alpha(hist)[0], ref["alpha"]), (krippendorff_alpha(hist), ref)
    if ratings.shape[0] == 2:
        assert same(cohen_kappa(hist)[0], ref["cohen"]), (cohen_kappa(hist), ref["cohen"])
    else:
        for a in range(ratings.shape[0]):
            for b in range(ratings.shape[0]):
                if a != b:
                    expected = cohen_kappa_score(ratings[a], ratings[b], labels=[0, 1])
                    assert same(cohen_kappa(hist, a, b)[0], expected)


def test_undefined_statistics_are_null_with_a_reason_not_a_made_up_value():
    hist = hist_of(np.zeros((2, 10), dtype=int))
    out = statistics(hist, ["Ann", "Bob"])
    assert out["percent_agreement"] == 1.0
    for name in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha"):
        assert out[name] is None
        assert "every judgement is the same" in out[f"{name}_note"]
    three = statistics(hist_of(np.array([[1, 0, 1], [1, 0, 0], [1, 1, 1]])), ["A", "B", "C"])
    assert three["cohen_kappa"] is None and "two coders" in three["cohen_kappa_note"]
    assert three["pairwise"]["A"]["B"] == pytest.approx(0.4)
    assert set(three["pairwise"]) == {"A", "B", "C"}
    empty = statistics(Counter(), ["A", "B"])
    assert empty["units"] == 0 and empty["percent_agreement"] is None
