"""Spreading one subject over the several numbers that follow it (``A、B占比分别达x、y``).

The conjuncts of a list share words around them: a head after the last (零售额, 占比), a modifier
before the first (限额以上, 每千人), or a paired word (城乡 → 城镇, 农村). Which words are shared
is read from the shape of the conjuncts and the general vocabulary in
``data/quantities/subjects.yaml``.
"""

from __future__ import annotations

import rjieba

from planwatch.extract import quantity_rules as R


def _has_head(phrase: str) -> bool:
    return any(phrase.endswith(h) and len(phrase) > len(h) for h in R.HEADS)


def _list_head(phrase: str) -> str:
    """The longest metric or shared head closing ``phrase`` (零售额, 占比), or ""."""
    return next((h for h in R.LIST_HEADS if phrase.endswith(h) and len(phrase) > len(h)), "")


def _head_tail(first: str, last: str) -> str:
    """The head closing the last conjunct, with the measuring words before it that the first
    shares (药品抽检合格率 → 抽检合格率; 高新技术产业产值占规上工业比重 → 产值占规上工业比重)."""
    head = _list_head(last)
    if not head:
        return ""
    inner = _list_head(last[: -len(head)])
    if inner and len(last) > len(inner) + len(head) + 1 and not first.endswith(inner):
        # 对东盟、共建…国家进出口总额: a head before the head (进出口) is shared with it.
        head = inner + head
    if len(first) >= 3:
        # 工业战略性新兴产业、高新技术产业产值占…比重: the first conjunct's ending recurs in the
        # last one, and what follows it there is shared.
        for size in range(len(first) - 1, 1, -1):
            at = last.find(first[-size:])
            if at > 0 and at + size <= len(last) - len(head):
                return last[at + size :]
        # 先进制造业、现代服务业营收占…比重: as long a start of the last one mirrors the first.
        mirrored = _mirror(first, last)
        if len(mirrored) > len(head) and _plain(last[: len(last) - len(head)]):
            return mirrored
    first_words = list(rjieba.cut(first))
    if len(first_words) > 1:
        return head
    last_words = list(rjieba.cut(last))
    paired = any(first in m and last[: len(first)] in m for m in R.PAIRED_WORDS.values())
    if (
        len(last_words) > 2
        and (paired or len(last_words[0]) == len(first) != 1)
        and last_words[0] != first
        and _plain(last)
    ):
        # 城镇和农村居民人均可支配收入 / 城市、县城建成区面积: a one-word first conjunct stands
        # for the last one's first word; everything after that word is shared.
        return last[len(first) :]
    tagged = rjieba.tag(last)
    if len(tagged) < 2:
        return head
    size = len(tagged[-1][0])
    for word, tag in reversed(tagged[:-1]):
        if not tag.startswith("v") or size + len(word) >= len(last):
            break
        size += len(word)
    return last[len(last) - max(size, len(head)) :]


def _plain(words: str) -> bool:
    """A conjunct that can mirror another: no conjunction or quote inside (软件和…, 共建“…)."""
    return not any(c in words for c in '和与及“”"')


def _mirror(first: str, last: str) -> str:
    """What follows, in ``last``, the words that are as long as ``first`` (进口、出口通关时间 →
    通关时间), or ""."""
    size = 0
    for word in rjieba.cut(last):
        size += len(word)
        if size >= len(first):
            break
    return last[size:] if size < len(last) else ""


def _own_heads(parts: list[str]) -> list[str] | None:
    """入园率和普惠率 / 起数和死亡人数: each conjunct is a head of its own; the first one's leading
    words, cut where a word ends, are shared."""
    first, rest = parts[0], parts[1:]
    # 生产安全事故起数、死亡人数、…、直接经济损失: one short head among the later conjuncts is enough.
    last = next((p for p in rest if _has_head(p) and len(p) <= 4), "")
    if not (_has_head(first) and last and all(len(first) >= len(p) + 2 for p in rest)):
        return None
    words = list(rjieba.cut(first))
    if words[-1] in R.HEADS and 2 <= len(words[-1]) < len(last):
        # 安全生产事故起数、死亡人数: the first one's own head word is all it does not share.
        pos = len(first) - len(words[-1])
    else:
        bound = len(first) - len(last)
        pos = 0
        for word in words:
            if pos >= bound:
                break
            pos += len(word)
    if 0 < pos < len(first):
        return [first, *(first[:pos] + p for p in parts[1:])]
    return None


def _paired(subject: str, k: int) -> list[str] | None:
    """城乡居民人均收入 over two numbers → 城镇居民人均收入, 农村居民人均收入."""
    for word in R.PAIRED_WORDS:
        members = R.paired_members(word, subject)
        if word in subject and len(members) == k:
            return [subject.replace(word, m, 1) for m in members]
    return None


def distribute(subject: str, k: int) -> list[str] | None:
    """Spread ``A及B占比`` over k numbers: [A占比, B占比], sharing the words around the conjuncts."""
    if "分别" in subject:
        # 试点分别发放贷款: the words after 分别 are a predicate, not a shared head.
        return None
    parts = R.CONJUNCTION.split(subject)
    if len(parts) == 1:
        return _paired(subject, k)
    if len(parts) != k:
        # 卫生户厕普及率: a conjunction character inside a word is none.
        parts = next(
            (c for c in (subject.split("、"), subject.replace("及", "、").split("、")) if len(c) == k), []
        )
        if not parts:
            return None
    if any(not p for p in parts):
        return None
    own = _own_heads(parts)
    if own is not None:
        return own
    first, last = parts[0], parts[-1]
    shared_tail = _head_tail(first, last)
    if not shared_tail and len(first) < len(last) and first[-1] != last[-1] and not _whole_noun(first):
        # No head: mirror the first conjunct's length at the start of the last (进口、出口通关时间);
        # conjuncts closing alike (床位数、医师数) each carry their own, and so does a first
        # conjunct that is a whole noun phrase (国际友城和外国驻穗总领馆).
        shared_tail = _mirror(first, last)
    if (
        not shared_tail
        and last.endswith(_COUNT_HEAD)
        and len(last) > 2
        and not any(p.endswith(_COUNT_HEAD) for p in parts[:-1])
        and not R.SHARED_MODIFIER.match(first)
    ):
        # 刑事案件、治安案件、命案数: the count closing the last conjunct counts each of them;
        # 每千人托位、养老床位数: a rate per head is already a measure, it takes no 数.
        shared_tail = _COUNT_HEAD
    last_core = last[: len(last) - len(shared_tail)] if shared_tail else last
    head = ""
    modifier = R.SHARED_MODIFIER.match(first)
    if (
        modifier
        and modifier.end() < len(first)
        and not any(p.startswith(modifier.group()) for p in parts[1:])
    ):
        # 限额以上通讯器材、家用电器… / 每千人托位、养老床位数: a scope shared by every conjunct.
        head = modifier.group()
    elif scope := _facility_scope(first, parts[1:]):
        # 上海机场航空旅客和货邮吞吐量: a named place's facility measures every conjunct.
        head = scope
    elif len(first) > len(last_core) and (_has_head(last_core) or last_core.endswith(R.AMOUNT_END)):
        # The first conjunct may carry a shared modifier (清洁能源装机容量及发电量): keep as many of
        # its last words as the last conjunct is long, the rest is shared.
        size = 0
        for word in reversed(list(rjieba.cut(first))):
            size += len(word)
            if size >= len(last_core):
                break
        head = first[: len(first) - size]
    cores = [first[len(head) :], *parts[1:-1], last_core]
    # A conjunct already closing on the shared head's last character (林木覆盖率) has its own.
    return [head + c + ("" if shared_tail and _closed(c, shared_tail) else shared_tail) for c in cores]


_COUNT_HEAD = "数"
# Facilities that, after a place name, scope a list of throughputs or flows.
_FACILITIES = frozenset(("机场", "港口", "港", "口岸", "空港", "海港"))


def _facility_scope(first: str, rest: list[str]) -> str:
    """上海机场 in 上海机场航空旅客: the leading place name and facility of the first conjunct, when
    the later conjuncts name no place of their own."""
    size = 0
    seen_place = False
    for word, tag in rjieba.tag(first):
        if tag == "ns" or (seen_place and tag == "b"):
            seen_place = True
            size += len(word)
            continue
        if seen_place and word in _FACILITIES:
            size += len(word)
            if size < len(first) and not any(p.startswith(first[:size]) for p in rest):
                return first[:size]
        break
    return ""


def _whole_noun(words: str) -> bool:
    """国际友城, 友好城市: a noun phrase of four characters or more names things by itself; 进口,
    城镇 only qualify a noun that follows."""
    tagged = rjieba.tag(words)
    return len(words) >= 4 and bool(tagged) and tagged[-1][1].startswith("n")


def _closed(core: str, tail: str) -> bool:
    """Does a conjunct already carry a head of its own (林木覆盖率, 规上工业增加值, 接待游客人次)?"""
    return core.endswith(tail[-1]) or _has_head(core)
