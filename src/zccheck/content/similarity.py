"""Near-identical text detection that survives reformatting and reordered paragraphs.

Texts are normalised (Unicode NFKC, so full- and half-width forms agree; lower case; every space,
punctuation mark, symbol and control character removed), then cut into overlapping character n-grams
(shingles). Two measures over the sets of shingles:

* containment(a in b) = |A ∩ B| / |A| — how much of `a` is found in `b`; high when `a` was copied into `b`
  (also when `b` adds pages of its own);
* resemblance = |A ∩ B| / |A ∪ B| (Jaccard) — high when the two are the same text.

Paragraph order does not matter (sets), and a shingle of 6 Chinese characters is specific enough that two
different texts on the same subject by the same author share only a small fraction. 20,000 characters take
a few milliseconds.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

DEFAULT_N = 6


def normalise(text: str) -> str:
    """NFKC, lower case, and only letters, digits and ideographs kept (no spaces, punctuation, symbols)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(char for char in folded if unicodedata.category(char)[0] in "LN")


def shingles(text: str, n: int = DEFAULT_N) -> frozenset[str]:
    """The set of character n-grams of the normalised `text` (a short text gives itself as one shingle)."""
    return _shingles(normalise(text), n)


def _shingles(flat: str, n: int) -> frozenset[str]:
    if not flat:
        return frozenset()
    if len(flat) <= n:
        return frozenset({flat})
    return frozenset(flat[i:i + n] for i in range(len(flat) - n + 1))


@dataclass(frozen=True)
class Similarity:
    """How two texts overlap. `a_in_b` and `b_in_a` are containments; `resemblance` is Jaccard."""

    a_in_b: float
    b_in_a: float
    resemblance: float
    a_chars: int
    b_chars: int

    @property
    def score(self) -> float:
        """The larger containment: 1.0 when one text is wholly inside the other."""
        return max(self.a_in_b, self.b_in_a)

    def as_details(self) -> dict[str, float | int]:
        """JSON-ready values, rounded to 3 decimals."""
        return {
            "a_in_b": round(self.a_in_b, 3),
            "b_in_a": round(self.b_in_a, 3),
            "resemblance": round(self.resemblance, 3),
            "a_chars": self.a_chars,
            "b_chars": self.b_chars,
        }


def compare(a: str, b: str, n: int = DEFAULT_N) -> Similarity:
    """Containment both ways and resemblance of `a` and `b` (0.0 for an empty side)."""
    flat_a, flat_b = normalise(a), normalise(b)
    set_a, set_b = _shingles(flat_a, n), _shingles(flat_b, n)
    common = len(set_a & set_b)
    union = len(set_a | set_b)
    return Similarity(
        a_in_b=common / len(set_a) if set_a else 0.0,
        b_in_a=common / len(set_b) if set_b else 0.0,
        resemblance=common / union if union else 0.0,
        a_chars=len(flat_a),
        b_chars=len(flat_b),
    )
