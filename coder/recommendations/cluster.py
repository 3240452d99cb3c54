"""Repeated recommendations: groups of recommendations that ask for the same thing.

Method: each recommendation's text becomes a TF-IDF vector (its words, lower-cased, with
English stop words, the words every recommendation uses ("should", "ensure") and the
words that name an addressee ("police", "force": the addressee is a field of its own) left
out, and a plural's final "s" dropped; sublinear term frequency), and two recommendations
are as similar as the cosine of their vectors. Groups are average-linkage agglomerative
clusters cut at a distance of ``1 - threshold``: a group's members are, on average, at
least ``threshold`` similar to each other, so one loose link cannot chain two different
recommendations together as single linkage would. TF-IDF cosine is the usual baseline for short-text
similarity in the field, needs no model download, runs on the machine (no text leaves it)
and can be explained to a reader in a sentence.

Average linkage never joins two groups unless some pair across them is at least
``threshold`` similar, so it is run within each connected component of the graph of such
pairs (a sparse product), which keeps 5,000 recommendations to a fraction of a second.

A researcher's decisions come first: recommendations with a confirmed ``cluster_id`` form
their group whatever their similarity, and are left out of the computed groups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 0.4

#: words every recommendation uses, or that name who it is for (a field of its own)
DOMAIN_STOP_WORDS = frozenset(
    (
        *("should", "must", "ensure", "ensures", "consider", "considers", "review"),
        *("recommend", "recommends", "recommendation", "recommendations"),
        *("police", "force", "forces", "constabulary", "officer", "officers", "service"),
        *("agency", "agencies"),
    )
)
_WORD = re.compile(r"(?u)\b\w\w+\b")


def _tokens(text: str) -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    out = []
    for word in _WORD.findall(text.lower()):
        if word in ENGLISH_STOP_WORDS or word in DOMAIN_STOP_WORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]  # assessments, incidents: a plural is the same request
        out.append(word)
    return out


@dataclass(frozen=True)
class Cluster:
    number: int  # 1 is the largest group; ties by the first member's place in the register
    members: tuple[str, ...]  # recommendation ids, in register order
    confirmed_id: str | None  # the confirmed group's id, None when computed


def group_texts(texts: Sequence[str], threshold: float = DEFAULT_THRESHOLD) -> list[int]:
    """A group number per text (0-based, numbered by first appearance)."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be above 0 and at most 1")
    n = len(texts)
    if n == 0:
        return []
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        vectors = TfidfVectorizer(
            tokenizer=_tokens, lowercase=False, token_pattern=None, sublinear_tf=True,
            dtype=np.float32,
        ).fit_transform(texts)  # fmt: skip
    except ValueError:  # nothing but stop words: every text stands alone
        return list(range(n))
    sims = (vectors @ vectors.T).tocsr()
    sims.data[sims.data < threshold - 1e-6] = 0
    sims.eliminate_zeros()
    count, component = connected_components(sims, directed=False)
    members: list[list[int]] = [[] for _ in range(count)]
    for i, c in enumerate(component):
        members[c].append(i)
    label = [-1] * n
    next_label = 0
    for group in members:
        if len(group) <= 2:  # one text, or a pair whose similarity passed the threshold
            for i in group:
                label[i] = next_label
            next_label += 1
            continue
        sub = vectors[group]
        dense = (sub @ sub.T).toarray()
        dist = np.clip(1.0 - dense, 0.0, None)
        iu = np.triu_indices(len(group), 1)
        tree = linkage(dist[iu], method="average")
        cuts = fcluster(tree, t=1.0 - threshold + 1e-6, criterion="distance")
        seen: dict[int, int] = {}
        for i, cut in zip(group, cuts, strict=True):
            if cut not in seen:
                seen[cut] = next_label
                next_label += 1
            label[i] = seen[cut]
    # number groups by first appearance, so the result does not depend on component order
    renumber: dict[int, int] = {}
    return [renumber.setdefault(g, len(renumber)) for g in label]


def clusters(
    ids: Sequence[str],
    texts: Sequence[str],
    confirmed: Sequence[str | None],
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Cluster]:
    """Groups of recommendations (given in register order, with their confirmed cluster
    ids or None), singletons included, numbered largest first."""
    groups: dict[tuple[str, object], list[int]] = {}
    free = [i for i, c in enumerate(confirmed) if c is None]
    computed = group_texts([texts[i] for i in free], threshold)
    for i, g in zip(free, computed, strict=True):
        groups.setdefault(("auto", g), []).append(i)
    for i, c in enumerate(confirmed):
        if c is not None:
            groups.setdefault(("confirmed", c), []).append(i)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), min(kv[1])))
    return [
        Cluster(
            n,
            tuple(ids[i] for i in sorted(idx)),
            str(key[1]) if key[0] == "confirmed" else None,
        )
        for n, (key, idx) in enumerate(ordered, 1)
    ]
