"""Features for comparing plan texts: rjieba words and character bigrams.

Words carry the meaning a person reads in a shared-term list (海洋经济, 营商环境); character bigrams
make the score robust where two texts segment the same phrase differently or reword it slightly
(跨海大桥 / 跨海通道 still share 跨海). Nothing is downloaded: rjieba ships its dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import rjieba

WORD_PREFIX = "w:"
GRAM_PREFIX = "g:"
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD_SHAPE = re.compile(r"[\u3400-\u9fffA-Za-z]")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = (
        resources.files("planwatch").joinpath("data", "lexicons", "compare_stopwords.txt").read_text("utf-8")
    )
    words: set[str] = set()
    for line in text.splitlines():
        words.update(line.split("#", 1)[0].split())
    return frozenset(words)


def words(text: str) -> list[str]:
    """Content words: two characters or more, with a letter or a Chinese character, not a stopword."""
    stop = stopwords()
    return [
        w
        for w in rjieba.cut(text)
        if len(w) >= 2 and w not in stop and _WORD_SHAPE.search(w) and not w[0].isdigit()
    ]


def bigrams(text: str) -> Iterable[str]:
    for run in _CJK_RUN.findall(text):
        for i in range(len(run) - 1):
            yield run[i : i + 2]


def bigram_set(text: str) -> set[str]:
    """The character bigrams of a short name (the name itself when it has one character), for
    Jaccard similarity of subjects; empty for empty text."""
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def features(text: str) -> list[str]:
    """The tokens a TF-IDF vectoriser counts: prefixed words and prefixed bigrams."""
    out = [WORD_PREFIX + w for w in words(text)]
    out.extend(GRAM_PREFIX + g for g in bigrams(text))
    return out
