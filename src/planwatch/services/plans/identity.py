"""Does a document look like a new version of a stored plan? Versions of one plan (draft, revised
draft, final) keep most of their sentences; two different plans of one city share their set phrases
but little else. The measure is the share of the shorter text's distinct character n-grams that the
other text holds too, over the text with white space removed (layout does not count)."""

from __future__ import annotations

import re

SHINGLE = 8
# Measured on the corpus: unrelated plans and reports share under 15 % of their 8-grams, versions
# of one plan well over half; a new version must share at least this much.
MIN_OVERLAP = 0.3
_SPACE = re.compile(r"\s+")
_SAMPLE = 400_000  # characters compared from each text: enough to judge, bounded in time


def _shingles(text: str) -> set[int]:
    flat = _SPACE.sub("", text)[:_SAMPLE]
    return {hash(flat[i : i + SHINGLE]) for i in range(max(0, len(flat) - SHINGLE + 1))}


def text_overlap(a: str, b: str) -> float:
    """0 (nothing in common) … 1 (one text's n-grams all occur in the other)."""
    left, right = _shingles(a), _shingles(b)
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def looks_like_same_plan(previous: str, new: str) -> bool:
    return text_overlap(previous, new) >= MIN_OVERLAP
