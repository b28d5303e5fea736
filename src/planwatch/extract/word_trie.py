"""Word lists as trie-shaped regexes, for the lexicons of every extractor.

Python's ``re`` tries the alternatives of a flat ``a|b|c`` one by one at every position of the
text; a trie shares prefixes, so each further word costs little and a list of a few hundred words
costs about one character test per position. The longer word is always tried first at a branch
(the shorter one's end is an optional tail), so a match is the longest word there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# a node maps a character to its child node; the key "" marks a word's end and holds its guard
Trie = dict[str, Any]


def build(words: Iterable[str], guards: Mapping[str, str] | None = None) -> Trie:
    """The trie of ``words``; siblings keep the order in which their words first come."""
    root: Trie = {}
    for w in words:
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = (guards or {}).get(w, "")
    return root


def emit(node: Mapping[str, Any]) -> str:
    """The group-free regex of a trie node (the words below it)."""
    branches = [re.escape(ch) + emit(child) for ch, child in node.items() if ch != ""]
    guard = node.get("")
    if guard:
        # a word that ends here unless the guard follows: an alternative of its own
        branches.append(f"(?!{guard})")
    if not branches:
        return ""
    optional = "" in node and not guard
    one = branches[0]
    atom = len(one) == 1 or (len(one) == 2 and one[0] == "\\")
    body = one if len(branches) == 1 and (atom or not optional) else "(?:" + "|".join(branches) + ")"
    return body + "?" if optional else body


def trie_pattern(words: Iterable[str], guards: Mapping[str, str] | None = None) -> str:
    """A regex (no groups) matching any of ``words``; at each branch the longer word is tried first.

    ``guards`` maps a word to a pattern that must NOT follow it (对 but not 对接). Sibling branches
    keep the order in which their words first come: ``re`` tries alternatives one by one, so a
    lexicon's most common words, listed first, are found soonest. Pass a set sorted, so that the
    pattern (and the compiled-pattern cache keyed on it) is the same in every process.
    """
    root = build(words, guards)
    return emit(root) if root else "(?!)"
