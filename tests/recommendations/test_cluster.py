"""Repeated recommendations: planted near-duplicates group, different ones stay apart, and
a researcher's confirmed groups win."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.feature_extraction.text import TfidfVectorizer

from coder.recommendations.cluster import _tokens, clusters, group_texts

PLANTED = [
    "The force should ensure that a DASH risk assessment is completed at every domestic "
    "abuse incident.",
    "Police should ensure a DASH risk assessment is completed at every domestic abuse "
    "incident attended.",
    "Ensure that DASH risk assessments are completed at every domestic abuse incident.",
    "The constabulary must ensure that the DASH risk assessment is completed at all domestic "
    "abuse incidents.",
    "Officers should complete a DASH risk assessment at every domestic abuse incident.",
]
DIFFERENT = [
    "The College of Policing should publish guidance on stalking protection orders.",
    "Adult social care should share safeguarding referrals with the GP within two days.",
]


def test_five_planted_near_duplicates_make_one_group_and_two_others_stay_apart():
    texts = [PLANTED[0], DIFFERENT[0], *PLANTED[1:3], DIFFERENT[1], *PLANTED[3:]]
    groups = group_texts(texts)
    assert groups == [0, 1, 0, 0, 2, 0, 0]
    found = clusters([f"r{i}" for i in range(7)], texts, [None] * 7)
    assert [(c.number, c.members, c.confirmed_id) for c in found] == [
        (1, ("r0", "r2", "r3", "r5", "r6"), None),
        (2, ("r1",), None),
        (3, ("r4",), None),
    ]


def test_groups_match_scipy_average_linkage_over_all_pairs():
    """The component shortcut gives what average linkage over the whole matrix gives."""
    texts = [*PLANTED, *DIFFERENT, "Ensure DASH is completed.", "Share referrals with the GP."]
    for threshold in (0.2, 0.35, 0.5, 0.7):
        vectors = TfidfVectorizer(
            tokenizer=_tokens, lowercase=False, token_pattern=None, sublinear_tf=True
        ).fit_transform(texts)
        dist = np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, None)
        tree = linkage(dist[np.triu_indices(len(texts), 1)], method="average")
        reference = fcluster(tree, t=1.0 - threshold + 1e-6, criterion="distance")
        first: dict[int, int] = {}
        expected = [first.setdefault(int(c), len(first)) for c in reference]
        assert group_texts(texts, threshold) == expected, threshold


def test_threshold_changes_the_groups():
    # 0, 2 and 3 ask the same in the same words once addressees and "ensure" are left out
    assert group_texts(PLANTED, 0.99) == [0, 1, 0, 0, 2]
    assert group_texts(PLANTED, 0.05) == [0, 0, 0, 0, 0]
    with pytest.raises(ValueError, match="threshold"):
        group_texts(PLANTED, 0.0)


def test_confirmed_groups_come_first_and_are_kept_whatever_the_text():
    texts = [*PLANTED, *DIFFERENT]
    ids = [f"r{i}" for i in range(7)]
    confirmed: list[str | None] = [None] * 7
    confirmed[4] = "split-off"  # a researcher split r4 out of the DASH group
    confirmed[5] = confirmed[6] = "mine"  # and confirmed two different ones as one
    found = clusters(ids, texts, confirmed)
    assert [(c.members, c.confirmed_id) for c in found] == [
        (("r0", "r1", "r2", "r3"), None),
        (("r5", "r6"), "mine"),
        (("r4",), "split-off"),
    ]
