"""Near-duplicate documents by their stored text: suggestions for a person to confirm.

Method (Broder 1997, "On the resemblance and containment of documents"):

- the text is normalised (ASCII letters in lower case, every run of characters that are
  not letters or digits one space) and cut into overlapping shingles of ``SHINGLE``
  characters (about seven words), each hashed to 64 bits with a polynomial rolling hash;
- the shingles whose hash is 0 modulo ``MOD`` are kept (Broder's MOD-m sample): for two
  documents, the shared part of their samples estimates both resemblance, |A∩B| / |A∪B|,
  and containment, |A∩B| / |A|, so that an executive summary inside its overview report is
  found although the two are far from equal;
- candidates come from locality-sensitive hashing on a MinHash signature of each sample
  (one-permutation hashing: ``BANDS`` × ``ROWS`` bins, the minimum of each; pairs that agree
  on a whole band are candidates), and, for containment, from an inverted index of a
  coarser sample (pairs sharing several of those shingles);
- each candidate pair is then measured on its samples, and suggested when its resemblance
  or containment reaches the threshold.

MinHash is our own, with numpy, rather than datasketch: the shingles are hashed for a
whole document in a few array operations (a per-shingle Python loop, as datasketch's
``update`` is, costs about a minute over 1,000 documents of 60 pages), and no new
dependency is needed. Suggestions only: nothing is grouped or removed until a person
decides (``coder.coding.duplicates``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

SHINGLE = 40  # characters of normalised text
MOD = 16  # keep a shingle when its hash is 0 modulo MOD
COARSE = 256  # the inverted index's sample (a subset of the MOD sample)
BANDS, ROWS = 16, 4  # LSH: 64 MinHash bins in 16 bands of 4
RESEMBLANCE = 0.8  # suggest a pair this similar ...
CONTAINMENT = 0.8  # ... or the smaller document this much inside the larger
MIN_SAMPLE = 8  # fewer sampled shingles than this: too short to judge
COMMON = 50  # a coarse shingle in more documents than this is boilerplate: no candidates

_P = 0x100000001B3  # an odd multiplier (FNV's prime): invertible modulo 2**64
_MASK = (1 << 64) - 1
# bytes: ASCII letters and digits kept (lower case), other ASCII a space; the bytes of
# non-ASCII characters kept as they are (letters with accents stay letters)
_TABLE = bytes(
    (c + 32 if 65 <= c <= 90 else c)
    if (48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c >= 128)
    else 32
    for c in range(256)
)


@dataclass(frozen=True)
class Sketch:
    """A document's sample of shingle hashes (sorted, unique) and its MinHash signature."""

    sample: np.ndarray  # uint64
    signature: np.ndarray  # uint64, BANDS * ROWS
    shingles: int  # how many shingles the document has


@dataclass(frozen=True)
class Pair:
    """Two documents (by their index in the input) and how alike they are."""

    a: int
    b: int
    resemblance: float
    containment: float  # of the smaller document's sample in the larger's

    @property
    def kind(self) -> str:
        return "same text" if self.resemblance >= RESEMBLANCE else "contained"


class _Powers:
    """P**i and P**-i modulo 2**64, grown as longer texts come."""

    def __init__(self) -> None:
        import numpy as np

        self.np = np
        self.up = np.ones(0, dtype=np.uint64)
        self.down = np.ones(0, dtype=np.uint64)

    def get(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        np = self.np
        if len(self.up) < n:
            size = max(n, 2 * len(self.up), 1 << 16)
            up = np.full(size, _P, dtype=np.uint64)
            up[0] = 1
            down = np.full(size, pow(_P, -1, 1 << 64), dtype=np.uint64)
            down[0] = 1
            with np.errstate(over="ignore"):
                self.up = np.cumprod(up, dtype=np.uint64)
                self.down = np.cumprod(down, dtype=np.uint64)
        return self.up[:n], self.down[:n]


def normalised(text: str) -> bytes:
    """Lower case, and every run of other characters than letters and digits one space."""
    import numpy as np

    data = text.encode("utf-8", "replace").translate(_TABLE)
    arr = np.frombuffer(data, dtype=np.uint8).copy()
    if arr.size == 0:
        return b""
    # punctuation outside ASCII is a space too: U+2000-U+206F (curly quotes, dashes, the
    # ellipsis; UTF-8 E2 80-81 xx) and U+00A0-U+00BF (no-break space, guillemets, ...;
    # C2 A0-BF). Other characters outside ASCII are compared as written.
    at = np.flatnonzero(arr[:-2] == 0xE2)
    at = at[(arr[at + 1] == 0x80) | (arr[at + 1] == 0x81)]
    arr[at] = arr[at + 1] = arr[at + 2] = 32
    at = np.flatnonzero(arr[:-1] == 0xC2)
    at = at[arr[at + 1] >= 0xA0]
    arr[at] = arr[at + 1] = 32
    space = arr == 32
    keep = np.ones(arr.size, dtype=bool)
    keep[1:] = ~(space[1:] & space[:-1])
    return arr[keep].tobytes().strip()


def sketch(text: str, powers: _Powers | None = None) -> Sketch:
    """The document's sample and signature (see the module docstring)."""
    import numpy as np

    powers = powers or _Powers()
    data = np.frombuffer(normalised(text), dtype=np.uint8).astype(np.uint64)
    n = data.size - SHINGLE + 1
    if n <= 0:
        empty = np.zeros(0, dtype=np.uint64)
        return Sketch(empty, np.full(BANDS * ROWS, _MASK, dtype=np.uint64), 0)
    up, down = powers.get(data.size + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(data.size + 1, dtype=np.uint64)
        np.cumsum(data * up[: data.size], out=prefix[1:])
        # the window's hash, sum(c_j * P**(j - i)), the same wherever the window lies
        h = (prefix[SHINGLE:] - prefix[:n]) * down[:n]
        # a finaliser (splitmix64's) so that every bit depends on the whole window
        h ^= h >> np.uint64(31)
        h *= np.uint64(0x7FB5D329728EA185)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x81DADEF4BC2DD44D)
        h ^= h >> np.uint64(33)
    sample = np.unique(h[(h & np.uint64(MOD - 1)) == 0])
    return Sketch(sample, _signature(sample), n)


def _signature(sample: np.ndarray) -> np.ndarray:
    """One-permutation MinHash: the sample is sorted, so each bin's minimum (bins by the top
    bits) is the first value at or after the bin's start. An empty bin holds the maximum."""
    import numpy as np

    bins = BANDS * ROWS
    shift = 64 - (bins.bit_length() - 1)
    starts = np.arange(bins, dtype=np.uint64) << np.uint64(shift)
    at = np.searchsorted(sample, starts)
    sig = np.full(bins, _MASK, dtype=np.uint64)
    found = at < sample.size
    values = sample[np.minimum(at, max(sample.size - 1, 0))] if sample.size else sig
    same_bin = found & ((values >> np.uint64(shift)) == np.arange(bins, dtype=np.uint64))
    sig[same_bin] = values[same_bin]
    return sig


def measure(a: Sketch, b: Sketch) -> tuple[float, float]:
    """(resemblance, containment of the smaller sample in the larger) estimated from the
    two samples."""
    import numpy as np

    small, large = sorted((a.sample.size, b.sample.size))
    if small == 0:
        return 0.0, 0.0
    shared = np.intersect1d(a.sample, b.sample, assume_unique=True).size
    return shared / (small + large - shared), shared / small


def candidates(sketches: list[Sketch]) -> set[tuple[int, int]]:
    """Pairs worth measuring: agreeing on a whole LSH band, or sharing several coarse
    shingles that are not boilerplate."""
    import numpy as np

    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = {}
        for i, s in enumerate(sketches):
            if s.sample.size < MIN_SAMPLE:
                continue
            rows = s.signature[band * ROWS : (band + 1) * ROWS]
            if (rows == _MASK).any():
                continue  # an empty bin: too short a sample for this band
            buckets.setdefault(rows.tobytes(), []).append(i)
        for members in buckets.values():
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((members[x], members[y]))
    coarse = [s.sample[(s.sample & np.uint64(COARSE - 1)) == 0] for s in sketches]
    sizes = np.array([c.size for c in coarse], dtype=np.int64)
    if sizes.sum() == 0:
        return pairs
    hashes = np.concatenate(coarse)
    owners = np.repeat(np.arange(len(coarse), dtype=np.int64), sizes)
    order = np.argsort(hashes, kind="stable")
    hashes, owners = hashes[order], owners[order]
    cuts = np.flatnonzero(np.diff(hashes)) + 1
    starts = np.concatenate(([0], cuts))
    ends = np.concatenate((cuts, [hashes.size]))
    shared: dict[tuple[int, int], int] = {}
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if e - s < 2 or e - s > COMMON:
            continue
        members = owners[s:e].tolist()
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                key = (members[x], members[y])
                shared[key] = shared.get(key, 0) + 1
    for (a, b), count in shared.items():
        smaller = min(sizes[a], sizes[b])
        if count >= max(2, smaller // 2):
            pairs.add((a, b))
    return pairs


def near_duplicates(
    texts: Iterable[str], progress: Callable[[int], bool] | None = None
) -> list[Pair]:
    """Pairs of texts (by index) that are nearly the same or one inside the other, most
    alike first (then by index). ``progress`` is called with the number of texts sketched
    so far; returning False stops the work (the result is then empty)."""
    powers = _Powers()
    sketches: list[Sketch] = []
    for i, text in enumerate(texts):
        sketches.append(sketch(text, powers))
        if progress is not None and not progress(i + 1):
            return []
    found = []
    for a, b in sorted(candidates(sketches)):
        if min(sketches[a].sample.size, sketches[b].sample.size) < MIN_SAMPLE:
            continue
        resemblance, containment = measure(sketches[a], sketches[b])
        if resemblance >= RESEMBLANCE or containment >= CONTAINMENT:
            found.append(Pair(a, b, resemblance, containment))
    found.sort(key=lambda p: (-max(p.resemblance, p.containment), p.a, p.b))
    return found
