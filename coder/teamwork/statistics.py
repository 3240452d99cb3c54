"""Agreement statistics for present/absent judgements by several coders on the same units.

Every unit is rated by every coder (complete data), so all statistics follow from a
histogram: how many units show each pattern of judgements (a tuple of booleans, one per
coder). Computed exactly (integers and fractions) and returned as floats; a statistic
that is undefined is ``None`` with a note saying why, never a made-up 0 or 1.

- percent agreement: the fraction of units on which all coders agree;
- Cohen's kappa (two coders): (p_o - p_e) / (1 - p_e), p_e from each coder's own rates;
- Fleiss' kappa: p_e from the pooled rates (Fleiss 1971);
- Krippendorff's alpha, nominal: 1 - D_o / D_e from the coincidence matrix
  (Krippendorff 2011, "Computing Krippendorff's alpha-reliability").
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

Pattern = tuple[bool, ...]
Result = tuple[float | None, str | None]

NO_VARIATION = "undefined: every judgement is the same, so chance agreement is total"
NO_UNITS = "undefined: there are no units"


def percent_agreement(hist: Counter[Pattern]) -> Result:
    n = sum(hist.values())
    if n == 0:
        return None, NO_UNITS
    same = sum(c for p, c in hist.items() if all(p) or not any(p))
    return float(Fraction(same, n)), None


def cohen_kappa(hist: Counter[Pattern], a: int = 0, b: int = 1) -> Result:
    """Cohen's kappa between coders ``a`` and ``b``."""
    n = both = only_a = only_b = 0
    for p, c in hist.items():
        n += c
        if p[a] and p[b]:
            both += c
        elif p[a]:
            only_a += c
        elif p[b]:
            only_b += c
    if n == 0:
        return None, NO_UNITS
    neither = n - both - only_a - only_b
    expected = (both + only_a) * (both + only_b) + (neither + only_b) * (neither + only_a)
    if expected == n * n:
        return None, NO_VARIATION
    return float(Fraction(n * (both + neither) - expected, n * n - expected)), None


def fleiss_kappa(hist: Counter[Pattern]) -> Result:
    n = sum(hist.values())
    if n == 0:
        return None, NO_UNITS
    m = len(next(iter(hist)))
    ones = sum(sum(p) * c for p, c in hist.items())
    p1 = Fraction(ones, n * m)
    pe = p1 * p1 + (1 - p1) * (1 - p1)
    if pe == 1:
        return None, NO_VARIATION
    agree = sum(
        Fraction((sum(p) ** 2 + (m - sum(p)) ** 2 - m) * c, m * (m - 1)) for p, c in hist.items()
    )
    pbar = agree / n
    return float((pbar - pe) / (1 - pe)), None


def krippendorff_alpha(hist: Counter[Pattern]) -> Result:
    """Nominal alpha for complete data: m values per unit."""
    units = sum(hist.values())
    if units == 0:
        return None, NO_UNITS
    m = len(next(iter(hist)))
    values = units * m
    ones = sum(sum(p) * c for p, c in hist.items())
    zeros = values - ones
    if ones == 0 or zeros == 0:
        return None, NO_VARIATION
    # observed disagreement: sum over units of n0*n1 pairs / (m - 1)
    mixed = sum(sum(p) * (m - sum(p)) * c for p, c in hist.items())
    alpha = 1 - Fraction((values - 1) * mixed, (m - 1) * ones * zeros)
    return float(alpha), None


def statistics(hist: Counter[Pattern], coders: list[str]) -> dict[str, object]:
    """All statistics for one set of units, keyed as in the agreement JSON."""
    out: dict[str, object] = {"units": sum(hist.values())}
    for name, fn in (
        ("percent_agreement", percent_agreement),
        ("fleiss_kappa", fleiss_kappa),
        ("krippendorff_alpha", krippendorff_alpha),
    ):
        value, note = fn(hist) if hist else (None, NO_UNITS)
        out[name] = value
        if note:
            out[f"{name}_note"] = note
    if len(coders) == 2:
        value, note = cohen_kappa(hist) if hist else (None, NO_UNITS)
        out["cohen_kappa"] = value
        if note:
            out["cohen_kappa_note"] = note
    else:
        out["cohen_kappa"] = None
        out["cohen_kappa_note"] = "Cohen's kappa is for two coders; see pairwise"
        pairwise: dict[str, dict[str, float | None]] = {}
        for i, a in enumerate(coders):
            for j, b in enumerate(coders):
                if i != j:
                    value, _ = cohen_kappa(hist, i, j) if hist else (None, NO_UNITS)
                    pairwise.setdefault(a, {})[b] = value
        out["pairwise"] = pairwise
    return out
