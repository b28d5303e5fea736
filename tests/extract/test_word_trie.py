"""The trie-shaped word regex every lexicon is compiled into (extract/word_trie): it matches what a
flat longest-first alternation matches, and a guarded word is not matched before its guard."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.extract.word_trie import trie_pattern

_WORDS = st.lists(st.text(alphabet="甲乙丙.(", min_size=1, max_size=4), max_size=12)


@settings(max_examples=300, deadline=None)
@given(words=_WORDS, text=st.text(alphabet="甲乙丙丁.(", max_size=30))
def test_a_trie_finds_what_a_longest_first_alternation_finds(words: list[str], text: str) -> None:
    flat = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"
    trie = re.compile(trie_pattern(words))
    assert trie.groups == 0
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in re.finditer(flat, text)]
    # the order the words come in changes the pattern, never what it finds
    assert [m.span() for m in re.finditer(trie_pattern(sorted(words)), text)] == [
        m.span() for m in trie.finditer(text)
    ]


def test_a_guard_keeps_a_word_off_the_longer_words_it_begins() -> None:
    pattern = re.compile(trie_pattern(["对", "用"], {"对": "接|口", "用": "好"}))
    assert [m.group() for m in pattern.finditer("对接对口对外用好用力")] == ["对", "用"]
    assert pattern.pattern == "(?:对(?!接|口)|用(?!好))"
    assert trie_pattern([]) == "(?!)"
    assert trie_pattern(["发展", "发展改革", "发挥"]) == "发(?:展(?:改革)?|挥)"
