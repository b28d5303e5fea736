"""Draft versions of the Dalian plan made by editing its text the way drafters do."""

from __future__ import annotations

import re

ARTICLE = re.compile(r"^\((\d+)\)", re.MULTILINE)


def drop_article(text: str, number: int) -> str:
    """Remove article (number) and renumber the ones after it, as a drafter would."""
    lines = text.split("\n")
    kept = [ln for ln in lines if not ln.startswith(f"({number})")]
    assert len(kept) == len(lines) - 1, f"article ({number}) not found on its own line"

    def renumber(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"({n - 1})" if n > number else m.group(0)

    return ARTICLE.sub(renumber, "\n".join(kept))


def edited_draft(text: str) -> str:
    """A second draft: one article dropped (everything after it renumbered), one word changed,
    one sentence removed, one sentence added."""
    draft = drop_article(text, 8)
    for old, new in (
        ("研发投入强度达3%", "研发投入强度达3.5%"),
        ("加强基础设施统筹规划,", ""),
        ("持续激发消费潜能。", "持续激发消费潜能。大力发展首发经济和冰雪经济。"),
    ):
        assert draft.count(old) == 1, old
        draft = draft.replace(old, new)
    return draft
