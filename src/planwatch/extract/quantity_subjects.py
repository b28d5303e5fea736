"""Subject words of a quantity: the text before a number cut into subject, qualifier and
comparison base, and the rules that tidy a subject (examples before 等, the agent that hands a
thing out, enumerations, totals of the things before, subjects borrowed from the figure before).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import rjieba

from planwatch.extract import quantity_rules as R
from planwatch.extract.quantity_hits import Hit

TRIM = " \t\n\r\u3000,，:：、。;；!?！？"


@dataclass(slots=True)
class Draft:
    """A figure of a clause with the subject and qualifier words read before it, until it becomes
    a Quantity."""

    hit: Hit
    subject: str
    tokens: list[str] = field(default_factory=list)
    from_start: bool = False
    value: float = 0.0
    qualifier_override: str | None = None
    compared_to: str | None = None
    cut_word: str | None = None
    cut_scope: str = ""


def leading_cut(subject: str) -> tuple[str | None, str, str]:
    """减材料 / 办理平均减时间: a cut word (C5's change words) heading the thing cut, optionally
    after a scope and 平均. Returns the word, the scope before it and the subject without both."""
    words = rjieba.cut(subject)
    for i, w in enumerate(words[:-1]):
        if w not in R.LEADING_CHANGE:
            continue
        if i == 0:
            return w, "", "".join(words[1:])
        if words[i - 1] == "平均":
            return w, "".join(words[: i - 1]), "".join(words[i + 1 :])
        break
    return None, "", subject


def cut_list(first_pre: str, first: Hit, h: Hit) -> bool:
    """Does a cut word before the first share of a list (平均压减时间58%) govern the next share?"""
    if first.unit not in R.SHARE_UNITS or h.unit not in R.SHARE_UNITS:
        return False
    return leading_cut(first_pre.lstrip("，,；; "))[0] is not None


def dependent(pre: str) -> bool:
    """Do the words before a number relate it to the statement before (比上年, 增长, 约)? A
    one-character verb counts only as a word of its own: 约束性指标 opens a new subject."""
    m = R.DEPENDENT_START.match(pre)
    if m is None:
        return False
    word = m.group()
    if verb_with_object(pre):
        return False
    if len(word) > 1 or not R.CJK.match(pre):
        return True
    first = next(iter(rjieba.cut(pre[:6])), "")
    return first == m.group()


def verb_with_object(pre: str) -> bool:
    """新增运营里程 / 压减资金 before a number: a change or 新增-type verb with an object of its
    own names a new subject; the verb alone (增长5%) leans on the statement before, and so does a
    comparison with its base (高于全国)."""
    m = R.DEPENDENT_START.match(pre)
    if m is None:
        return False
    word = m.group()
    if len(word) < 2 or word in R.BASE_VERBS or not (word in R.NEW_WORDS or R.is_change_word(word)):
        return False
    cut, _ = split_tail(pre)
    obj = pre[len(word) : cut]
    # 提高到2025年的14万元: a time before the target is no object.
    return len(obj) >= 2 and not R.HAS_DIGIT.search(obj) and not obj.endswith("的")


def comparison_base(folded: str, lo: int, hi: int) -> str | None:
    """The base a number is compared with, printed between the previous number and this one."""
    found = None
    for m in R.COMPARATOR_SEARCH.finditer(folded, lo, hi):
        found = m
    if found:
        return R.compared_to(found.group())
    national = R.NATIONAL_BASE.search(folded, lo, hi)
    if national:
        return national.group(1)
    from_year = R.FROM_YEAR.search(folded, lo, hi)
    return from_year.group(1) if from_year else None


def in_quotes(folded: str, lo: int, pos: int) -> bool:
    for open_, close in (("“", "”"), ("《", "》"), ("「", "」")):
        o = folded.rfind(open_, lo, pos)
        if o != -1 and folded.find(close, o, pos) == -1:
            return True
    return False


def split_tail(pre: str) -> tuple[int, list[str]]:
    """Cut adverbs, comparators and qualifier verbs off the end of ``pre``.

    Returns where the subject ends and the cut words in reading order. Matching goes right to
    left, longest word first; one-character words are taken only next to the number.
    """
    end = len(pre)
    tokens: list[str] = []
    while end > 0:
        cm = R.COMPARATOR_END.search(pre, 0, end)
        if cm is not None:
            tokens.append(cm.group())
            end = cm.start()
            continue
        nb = R.NATIONAL_BASE_END.search(pre, 0, end)
        if nb is not None:
            tokens.append(nb.group(1))
            end = nb.start()
            continue
        for size in range(min(R.TOKEN_MAX, end), 0, -1):
            word = pre[end - size : end]
            if word in R.QUALIFIER_SET or word in R.ADVERB_SET:
                if size == 1 and tokens and word in R.SINGLE_NEAR_ONLY:
                    continue
                if word == "约" and end > 1 and _closes_word(pre[:end]):
                    # 项目签约3543亿元: 约 ends many words (签约, 节约, 合约), then it bounds nothing.
                    continue
                tokens.append(word)
                end -= size
                break
        else:
            break
    tokens.reverse()
    return end, tokens


def _closes_word(pre: str) -> bool:
    """Is the last character of ``pre`` the end of a longer word?"""
    words = rjieba.cut(pre[-4:])
    return bool(words) and len(words[-1]) > 1


def drop_examples(subject: str) -> str:
    """世界乒联中国大满贯等精品赛事 → 精品赛事: examples listed before 等 are not what is measured;
    a 新增-type word opening the subject stays with it (新增停车设施建设运营等服务场景)."""
    if R.EXAMPLES_END not in subject:
        return subject
    pos = 0
    cut = -1
    for word in rjieba.cut(subject):
        pos += len(word)
        if word == R.EXAMPLES_END:
            cut = pos
    if cut == -1:
        return subject
    lead = R.LEADING_QUALIFIER.match(subject)
    prefix = lead.group() if lead and lead.group() in R.NEW_WORDS else ""
    return prefix + subject[cut:]


def after_agent(subject: str) -> str:
    """金融机构发放科技型企业信用贷款 → 科技型企业信用贷款, or "" when no agent hands it out."""
    pos = 0
    cut = 0
    for word in rjieba.cut(subject):
        pos += len(word)
        m = R.AGENT_VERB.fullmatch(subject, pos - len(word), pos)
        if (
            m
            and pos - len(word) >= 2
            # 累计实施工业技改项目: a flow word before the verb is no agent.
            and not R.LEADING_FLOW.fullmatch(subject, 0, pos - len(word))
            and len(subject) - pos >= 2
            and (R.CJK.match(subject, pos) or subject[pos] in '“"')
        ):
            cut = pos
    return subject[cut:] if cut else ""


def drop_enumeration(subject: str) -> str:
    """软件信息、科技服务和商务服务三大产业…: members listed before the label that counts them
    (三大产业) are examples of it, like those before 等."""
    m = R.ENUMERATION_LABEL.search(subject)
    if m is None or not R.CONJUNCTION.search(subject, 0, m.start()):
        return subject
    return subject[m.start() :]


def borrowed_subject(prev: Draft, d: Draft) -> str:
    """The subject a figure without its own takes from the figure before it in the clause.

    增长5.4%、高于全国0.4个百分点: points above a growth rate compare the growth rate (增速).
    新增1000处…、累计达8000处: a total of the same things is no longer the new ones.
    """
    subject = prev.subject
    if (
        d.hit.unit in ("个百分点", "百分点")
        and prev.hit.unit == "%"
        and any(w in R.BASE_VERBS for w in (*d.tokens, *words_in(d.qualifier_override or "")))
        and any(R.is_change_word(t) and t not in R.BASE_VERBS for t in prev.tokens)
        and not subject.endswith(R.HEADS)
    ):
        return subject + R.GROWTH_RATE
    lead = R.LEADING_QUALIFIER.match(subject)
    if (
        lead
        and lead.group() in R.NEW_WORDS
        and any(t in R.FLOW_WORDS or t in R.LEVEL_WORDS for t in d.tokens)
    ):
        return subject[lead.end() :]
    return subject


def starts_with_verb(phrase: str) -> bool:
    tagged = rjieba.tag(phrase)
    return bool(tagged) and tagged[0][1].startswith("v")


def verb_lead(subject: str) -> str:
    """The measured verb opening a subject (改造棚户区 → 改造, 接待国内游客 → 接待), or ""."""
    tagged = rjieba.tag(subject)
    if len(tagged) < 2 or tagged[0][0] not in R.MEASURED_VERBS:
        return ""
    # 录取到本科院校的…: the verb's complement goes with it.
    return tagged[0][0] + ("到" if tagged[1][0] == "到" else "")


def owned_total(before: str, total: str) -> str:
    """新增有进出口实绩企业1357家、总数突破1万家 → 有进出口实绩企业; 粮食播种面积…、总产量… →
    粮食总产量; 新增长护险参保人数…，参保率达93% → 长护险参保率: a bare total or rate measures the
    things of the figure before it, which are no longer only the new ones."""
    lead = R.LEADING_QUALIFIER.match(before)
    owner = before[lead.end() :] if lead and lead.group() in R.NEW_WORDS else before
    if total == R.TOTAL_COUNT:
        return owner
    stem = total.removeprefix("总")[:2]
    at = owner.find(stem, 1) if len(stem) == 2 else -1
    if at > 0:
        # 长护险参保人数 / 参保率: the words before what both share are the owner.
        return owner[:at] + total
    if not total.startswith("总"):
        # 彩化率 after 死亡率: a rate of other things, named in full.
        return total
    words = rjieba.cut(owner)
    if len(words) > 1 and owner.endswith(R.HEADS):
        # 粮食播种面积 / 总产量: the head of the figure before is its own, its first word is shared.
        return words[0] + total
    return owner + total


def spans(folded: str, lo: int, hi: int, cut: re.Pattern[str]) -> list[tuple[int, int]]:
    """[lo, hi) cut at every match of ``cut``; the cut characters belong to no span."""
    out: list[tuple[int, int]] = []
    pos = lo
    for m in cut.finditer(folded, lo, hi):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, hi))
    return out


def trim(folded: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and folded[lo] in TRIM:
        lo += 1
    while hi > lo and folded[hi - 1] in TRIM:
        hi -= 1
    if folded.startswith("——", lo) and lo + 2 <= hi:
        lo += 2
    return lo, hi


def words_in(phrase: str) -> list[str]:
    """Qualifier words inside free text kept for an item (从…提高到, 高于全国), longest first."""
    phrase = phrase.removeprefix("从…")
    if phrase in R.QUALIFIER_SET:
        return [phrase]
    cut, tokens = split_tail(phrase)
    if tokens and cut == 0:
        # 从…增加到近1万公里: the approximation next to the target counts too.
        return tokens
    return [w for w in R.QUALIFIERS_LONGEST_FIRST if w in phrase][:1]


def listed_examples(subject: str) -> str | None:
    """The 新增-type word opening ``subject`` ("" if none) when the rest is a list of short names
    (荆州、孝感、黄冈), else None."""
    lead = R.LEADING_QUALIFIER.match(subject)
    word = lead.group() if lead and lead.group() in R.NEW_WORDS else ""
    pieces = subject[len(word) :].split("、")
    if len(pieces) < 2 or any(not 1 < len(p) <= R.LISTED_NAME_MAX or R.HAS_NUMBER.search(p) for p in pieces):
        return None
    return word


def new_work(phrase: str) -> bool:
    """新开工改造 / 新签和升级 / 新建和加密建设、改造提升: a 新增-type word with the work done on
    the counted things; the whole verb phrase stays with the count (C3)."""
    lead = R.LEADING_QUALIFIER.match(phrase)
    if lead is None or lead.group() not in R.NEW_WORDS or lead.end() == len(phrase):
        return False
    tagged = rjieba.tag(phrase[lead.end() :])
    # Only verbs and their joints: a noun inside (新增软件企业入驻) names other things.
    return tagged[-1][1] in ("v", "vn") and not any(tag in ("n", "nr", "nz", "uj", "u") for _, tag in tagged)


def nominal_start(piece: str) -> bool:
    """Does ``piece`` open with a noun rather than a verb (智能工厂, not 完善配套)?"""
    if R.LEADING.match(piece) or R.PREDICATE.match(piece):
        return False
    tagged = rjieba.tag(piece)
    # 改革试验任务: a verbal noun (vn) opens a noun phrase.
    return bool(tagged) and (tagged[0][1] == "vn" or not tagged[0][1].startswith(("v", "d", "p", "c")))


def counted_head(noun: str) -> str:
    """19家企业战略性重组 → 企业: a counted noun running on past a countable head into an event or
    attribute of the counted things ends after that head."""
    best = -1
    for head in R.COUNTED_HEADS:
        p = noun.rfind(head)
        if p != -1:
            best = max(best, p + len(head))
    if best <= 0 or best >= len(noun):
        return noun
    if noun[best] in "（(":
        # 老旧街区（厂区）改造: a bracketed variant of the head is part of it.
        close = noun.find("）" if noun[best] == "（" else ")", best)
        if close == -1 or close + 1 >= len(noun):
            return noun
        best = close + 1
    rest = noun[best:]
    if rest[0].isdigit():
        # 8所高校14个学科入选: a number after the head opens the next count.
        return noun[:best]
    tail = min((p for t in R.EVENT_TAILS if (p := rest.find(t)) != -1), default=-1)
    # Only a few modifier characters (战略性, 三级, a quoted label) may stand before the event; more
    # is likely a head of its own the lexicon does not know (乡镇卫生院服务能力).
    if tail == -1 or len(rest[:tail].strip('“”"')) > R.EVENT_MODIFIER_MAX:
        return noun
    return noun[:best]


__all__: Sequence[str] = (
    "TRIM",
    "Draft",
    "after_agent",
    "borrowed_subject",
    "comparison_base",
    "counted_head",
    "cut_list",
    "dependent",
    "drop_enumeration",
    "drop_examples",
    "in_quotes",
    "leading_cut",
    "listed_examples",
    "new_work",
    "nominal_start",
    "owned_total",
    "spans",
    "split_tail",
    "starts_with_verb",
    "trim",
    "verb_lead",
    "verb_with_object",
    "words_in",
)
