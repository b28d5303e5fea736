"""Quantities: every measurable number statement, with its clause, subject, unit and period.

Candidate starts are found with ``str.find`` (digits, 百分之, the last character of a unit that a
Chinese numeral may measure), and one compiled pattern is matched at each over the folded text:
Arabic and full-width digits, 百分之…, Chinese numerals before a time/percent unit, 万/亿
multipliers, ranges (5%—6%, 5%-6%, 5%到6%). Each hit is then judged in its sentence: dates, ordinals, names in quotes and numbers inside model names (5G, PM2.5) are dropped;
the clause around it (cut at ， and ：, and at 、 when the next piece has a subject of its own) is the
item's text; the words before it give the subject and qualifier; ``分别`` spreads coordinated
subjects over the numbers; 从A提高到B keeps B.

How one number is read is in ``quantity_hits``; the words that make up a subject in
``quantity_subjects``.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from itertools import pairwise
from operator import attrgetter
from typing import Any

import rjieba

from planwatch.extract import quantity_rules as R
from planwatch.extract.numbers_zh import MULTIPLIERS
from planwatch.extract.pipeline import Context, component
from planwatch.extract.quantity_hits import Hit, number_starts, read_hit, scaled
from planwatch.extract.quantity_lists import distribute
from planwatch.extract.quantity_period import PeriodResolver
from planwatch.extract.quantity_subjects import (
    TRIM,
    Draft,
    after_agent,
    borrowed_subject,
    comparison_base,
    counted_head,
    cut_list,
    dependent,
    drop_enumeration,
    drop_examples,
    in_quotes,
    leading_cut,
    listed_examples,
    new_work,
    nominal_start,
    owned_total,
    spans,
    split_tail,
    starts_with_verb,
    trim,
    verb_lead,
    verb_with_object,
    words_in,
)
from planwatch.ingest.fast_construct import maker
from planwatch.model import Quantity, Sentence

_Quantity = maker(Quantity)

_SENTENCE_END = "。;；!?！？"
_COORD = frozenset(("、", "和", "与", "及", "或"))
_FROM = ("从", "由")
_SKIP_BEFORE = frozenset("、和与及或,， ")
_FULL_WIDTH_PARENS = str.maketrans("()", "（）")


class _Extractor:
    def __init__(self, ctx: Context) -> None:
        self.text = ctx.document.text
        self.folded = ctx.folded
        self.sentences = sorted(ctx.sentences, key=attrgetter("start"))
        self.starts = [s.start for s in self.sentences]
        self.resolver = PeriodResolver(ctx.folded, ctx.nodes)
        self.joint = ""  # the subject the last group spread over its numbers
        self.piece: Draft | None = None  # the first figure of the last group in the clause
        self.listed: list[str] = []  # the subjects of the figures of the clause before

    def run(self) -> list[Quantity]:
        by_sentence: dict[int, list[Hit]] = {}
        folded = self.folded
        last_end = -1
        for start in number_starts(folded):
            if start < last_end:
                continue
            match = R.NUMBER.match(folded, start)
            if match is None:
                continue
            last_end = match.end()
            i = bisect.bisect_right(self.starts, match.start()) - 1
            if i < 0 or match.start() >= self.sentences[i].end:
                continue
            hit = read_hit(match, folded)
            if hit is None:
                continue
            by_sentence.setdefault(i, []).append(hit)
        out: list[Quantity] = []
        for i, hits in by_sentence.items():
            out.extend(self._sentence(self.sentences[i], hits))
        return out

    def _sentence(self, s: Sentence, hits: list[Hit]) -> list[Quantity]:
        folded = self.folded
        hits = [
            h
            for h in hits
            if not in_quotes(folded, s.start, h.start)
            and (not h.needs_verb or (h.unit == "成" and h.post) or self._verb_before(h, s.start))
        ]
        if not hits:
            return []
        end = s.end
        while end > s.start and folded[end - 1] in _SENTENCE_END:
            end -= 1
        out: list[Quantity] = []
        last_subject = ""
        listed: list[str] = []
        for lo, hi in spans(folded, s.start, end, R.CLAUSE_CUT):
            in_clause = [h for h in hits if lo <= h.start < hi]
            self.listed = listed
            if not in_clause:
                # 进出口总值创历史新高，达到5379亿元: a clause stating something of a noun lends that
                # noun to the figures after it.
                last_subject = self._topic(lo, hi) or last_subject
                continue
            self.piece = None
            listed = []
            for g_lo, g_hi, group in self._groups(lo, hi, in_clause):
                self.joint = ""
                items = self._group(s, g_lo, g_hi, group, last_subject)
                if items:
                    last_subject = self.joint or items[-1].subject
                    out.extend(items)
                    listed.extend(q.subject for q in items)
                else:
                    # 生产总值连续跨越7万亿、8万亿两个台阶，年均增长…: numbers that are no amounts
                    # still leave the clause's noun to the figures after it.
                    last_subject = self._topic(g_lo, g_hi) or last_subject
        return out

    def _topic(self, lo: int, hi: int) -> str:
        """The noun phrase opening a clause that goes on with a verb (进出口总值创历史新高 →
        进出口总值), or ""."""
        lo, hi = trim(self.folded, lo, hi)
        scope = R.SCOPE.match(self.folded, lo, hi)
        if scope:
            lo = scope.end()
        clause = self.folded[lo:hi]
        if not clause or R.LEADING.match(clause) or R.PREDICATE.match(clause):
            return ""
        best = 0
        pos = 0
        for word in rjieba.cut(clause[: R.TOPIC_MAX]):
            pos += len(word)
            if clause[:pos].endswith(R.LIST_HEADS):
                best = pos
        if best < 2 or best >= len(clause):
            return ""
        return self.text[lo : lo + best]

    def _verb_before(self, h: Hit, lo: int) -> bool:
        _, tokens = split_tail(self.folded[max(lo, h.start - 8) : h.start])
        return any(t in R.QUALIFIER_SET for t in tokens)

    def _groups(self, lo: int, hi: int, hits: list[Hit]) -> list[tuple[int, int, list[Hit]]]:
        """Pieces of a clause cut at 、, joined again unless the next piece states its own subject."""
        folded = self.folded
        groups: list[tuple[int, int, list[Hit]]] = []
        for p_lo, p_hi in spans(folded, lo, hi, R.PIECE_CUT):
            mine = [h for h in hits if p_lo <= h.start < p_hi]
            if groups:
                g_lo, _, g_hits = groups[-1]
                own_subject = False
                if g_hits and mine:
                    pre = folded[p_lo : mine[0].start].strip()
                    own_subject = len(pre) >= 2 and not dependent(pre)
                elif mine:
                    # 开展…评审、压减资金42.6亿元: a verb phrase of its own, not a listed noun —
                    # unless 分别 spreads the figures over the pieces before (基金、新增用地…分别为).
                    pre = folded[p_lo : mine[0].start].strip()
                    own_subject = verb_with_object(pre) and R.RESPECTIVELY not in pre
                if (
                    own_subject
                    and g_hits
                    and mine
                    and cut_list(folded[g_lo : g_hits[0].start], g_hits[0], mine[0])
                ):
                    # 压减时间58%、材料52%: the cut named before the first item governs the list.
                    own_subject = False
                if not own_subject:
                    groups[-1] = (g_lo, p_hi, g_hits + mine)
                    continue
            groups.append((p_lo, p_hi, mine))
        return [g for g in groups if g[2]]

    def _group(self, s: Sentence, lo: int, hi: int, hits: list[Hit], inherited: str) -> list[Quantity]:
        lo, hi = trim(self.folded, lo, hi)
        hits = [h for h in hits if not self._not_an_amount(h, hi)]
        hits = [h for i, h in enumerate(hits) if not (i and self._picks_the_counted(hits[i - 1], h))]
        kept, dropped = self._kept(lo, hits)
        if dropped and kept:
            # A number that is no amount (7大, 50米内) must not cut the subject of the next one.
            kept, _ = self._kept(lo, [h for h in hits if id(h) not in dropped])
        if not kept:
            return []
        self._subjects(kept, hi, inherited)
        self._spread_bound(kept)
        if self.piece is not None and self.folded[lo - 1 : lo] == "、":
            self._share_lead(self.piece, kept[0], self.folded[lo : kept[0].hit.start])
        self.piece = kept[0]
        return [self._item(s, lo, hi, d) for d in kept]

    def _share_lead(self, first: Draft, d: Draft, words: str) -> None:
        """改造棚户区…万套、城镇老旧小区…个 / 累计创建…工厂98个、…园区10个 / 省属企业完成…投资…、
        研发投入…: a bare noun listed after a figure shares what opens the figure before it — the
        verb measured, the 累计 and the owner before a framing verb."""
        if d.tokens or d.qualifier_override or not d.subject or starts_with_verb(words):
            return
        if R.INNER_FLOW in first.tokens:
            d.tokens = [R.INNER_FLOW]
        folded = self.folded
        piece_lo = max(folded.rfind(c, 0, first.hit.start) for c in "，,；;。：:、") + 1
        lead = verb_lead(first.subject)
        if lead and folded.startswith(lead, piece_lo) and not d.subject.endswith(R.HEADS):
            d.subject = lead + d.subject
            return
        framing = R.INNER_FRAMING.search(folded, piece_lo, first.hit.start)
        if framing:
            owner = folded[piece_lo : framing.start()].strip()
            scope = R.SCOPE.match(owner)
            owner = owner[scope.end() :] if scope else owner
            if len(owner) >= 2 and first.subject.startswith(owner) and not d.subject.startswith(owner):
                d.subject = owner + d.subject

    def _not_an_amount(self, h: Hit, hi: int) -> bool:
        """A threshold naming a class (20户以上自然村, 年运量150万吨以上的物流园区) or a milestone
        passed (迈上4万亿、5万亿两个台阶)."""
        folded = self.folded
        if h.post in R.THRESHOLD_POSTS and h.unit not in R.CLASSIFIERS:
            nxt = folded[h.end : h.end + 2]
            if R.CJK.match(nxt) and not R.PREDICATE.match(nxt) and (nxt[0] != "的" or R.CJK.match(nxt, 1)):
                return True
        if (
            h.unit not in R.CLASSIFIERS
            and folded.endswith(R.BOUND_BEFORE, 0, h.start)
            and R.CLASS_THEN_COUNT.match(folded, h.end)
            and not R.PREDICATE.match(folded, h.end)
        ):
            # 新增经济总量超200亿元县2个: the bound amount picks the things another number counts.
            return True
        if h.start >= 2 and folded[h.start - 1] in R.PASSED and folded[h.start - 2] in R.COUNTED_UNITS:
            # 3个过三千亿元城市: the amount passed names the class of the things counted.
            return True
        clause_lo = max(folded.rfind(c, 0, h.start) for c in "，,；;。：:")
        if folded.endswith(R.BOUND_BEFORE, 0, h.start) and (
            R.THRESHOLD_PICK.match(folded, h.end)
            or (R.BECOME.search(folded, clause_lo + 1, h.start) and R.CLASS_NOUN_END.match(folded, h.end))
        ):
            # 占比超过10%的有44种 / 成为生产总值超千亿元县: the bound picks or names a class.
            return True
        return bool(R.MILESTONE_VERB.search(folded, clause_lo + 1, h.start)) and "台阶" in folded[h.end : hi]

    def _state_only(self, subject: str, h: Hit) -> bool:
        """Is ``subject`` a lone two-character verb (在建, 开工) before a count with no noun after it?"""
        after = self.folded[h.end : h.end + 1]
        if len(subject) != 2 or h.unit not in R.CLASSIFIERS or (after and after not in TRIM):
            return False
        tagged = rjieba.tag(subject)
        return len(tagged) == 1 and tagged[0][1] == "v"

    def _picks_the_counted(self, prev: Hit, h: Hit) -> bool:
        """191家工业企业营业收入超百亿元: an attribute of the counted things passing a threshold
        says which things are counted; the threshold is no amount."""
        if prev.unit not in R.COUNTED_UNITS or R.PIECE_END.search(self.folded, prev.end, h.start):
            return False
        return bool(R.ATTRIBUTE_THRESHOLD.search(self.folded, prev.end, h.start))

    def _kept(self, lo: int, hits: list[Hit]) -> tuple[list[Draft], set[int]]:
        drafts: list[Draft] = []
        prev_end = lo
        for h in hits:
            drafts.append(self._draft(h, hits, drafts[-1] if drafts else None, prev_end))
            prev_end = h.end
        self._spread_units(drafts)
        drafts = self._resolve_from(drafts)
        kept = [
            d for d in drafts if (d.hit.unit is not None or d.hit.mult is not None) and not self._modifier(d)
        ]
        survivors = {id(d.hit) for d in kept}
        return kept, {id(d.hit) for d in drafts if id(d.hit) not in survivors}

    def _draft(self, h: Hit, hits: list[Hit], prev: Draft | None, prev_end: int) -> Draft:
        """The subject and qualifier words of ``h``, read between the figure before (``prev``,
        ending at ``prev_end``) and ``h``."""
        pre_lo = self._words_start(h, prev, prev_end)
        d = Draft(h, "")
        subject_hi = self._read_tokens(d, pre_lo)
        subject_hi = self._read_from(d, hits, pre_lo, subject_hi)
        d.subject = self._clean_subject(pre_lo, subject_hi)
        self._lift_flow(d)
        self._read_cut(d, prev, self.folded[prev_end:pre_lo])
        self._drop_related_subject(d, prev, pre_lo)
        self._read_share(d, prev, pre_lo)
        d.compared_to = comparison_base(self.folded, pre_lo, h.start)
        if prev is not None and not d.subject and not d.tokens:
            # 63.6%和74.3%: the later numbers of a list share the verb of the first.
            d.tokens = list(prev.tokens)
            d.compared_to = d.compared_to or prev.compared_to
        d.value = h.value
        return d

    def _words_start(self, h: Hit, prev: Draft | None, prev_end: int) -> int:
        """Where the words that belong to ``h`` begin."""
        folded = self.folded
        pre_lo = prev_end
        if prev is not None and R.CJK.match(folded, prev_end):
            # 42个示范村、22个示范片区: the words after the previous count are its noun.
            pre_lo = max(pre_lo, folded.rfind("、", prev_end, h.start) + 1)
            pre_lo = self._after_framing(prev.hit, pre_lo, h.start)
        while (
            pre_lo < h.start
            and folded[pre_lo] in _SKIP_BEFORE
            and not folded.startswith(R.COORDINATOR_WORDS, pre_lo)
        ):
            pre_lo += 1
        return pre_lo

    def _read_tokens(self, d: Draft, pre_lo: int) -> int:
        """The qualifier words next to the number into ``d.tokens``; returns where the subject ends."""
        h = d.hit
        folded = self.folded
        cut, tokens = split_tail(folded[pre_lo : h.start])
        if (
            tokens
            and tokens[-1] in R.WORK_VERBS
            and (
                (h.unit in R.WORK_UNITS and cut > 0)
                or (h.unit in R.COUNTED_UNITS and R.CJK.match(folded, h.end) is not None)
            )
        ):
            # 林分优化提升200万亩: the work done over an extent, not a level raised by it;
            # 提升39个县域: the things worked on follow the count.
            cut += len(tokens.pop())
        d.tokens = tokens
        return pre_lo + cut

    def _read_from(self, d: Draft, hits: list[Hit], subject_lo: int, subject_hi: int) -> int:
        """从A提高到B: marks the start of a change, or keeps 从…提高到 as the qualifier when the start
        is no number of ours; returns where the subject ends then."""
        h = d.hit
        folded = self.folded
        k = max(folded.rfind(f, subject_lo, h.start) for f in _FROM)
        if k == -1 or k < subject_lo:
            return subject_hi
        if self._leads_to_target(h, hits):
            d.from_start = True
            h.from_target = True
        else:
            # 从一个月以上压缩到…4个工作日: the starting value is not a number of ours.
            verbs = R.TO_VERB.findall(folded, k, h.start)
            if verbs:
                d.qualifier_override = "从…" + verbs[-1]
        if not (d.from_start or d.qualifier_override):
            return subject_hi
        tail_cut, more_tokens = split_tail(folded[subject_lo:k])
        d.tokens = more_tokens + d.tokens
        return subject_lo + tail_cut

    def _lift_flow(self, d: Draft) -> None:
        """累计创建42个示范村 / 平均压减时间58%: the word qualifies the figure, not the subject."""
        subject = d.subject
        flow = R.LEADING_FLOW.match(subject)
        if flow:
            d.tokens = [flow.group(), *d.tokens]
            d.subject = self._clean_subject_text(subject[flow.end() :])
            new = R.LEADING_QUALIFIER.match(d.subject)
            if new and new.group() in R.NEW_WORDS:
                # 年均新增城镇就业 / 累计新增减税降费: the count is of the new ones (C3 over flow).
                d.tokens = [new.group(), *d.tokens]
        elif R.INNER_FLOW in subject and R.INNER_FLOW in rjieba.cut(subject):
            # 中欧（亚）班列累计开行1.7万列: the same word inside the subject.
            d.tokens = [R.INNER_FLOW, *d.tokens]
            d.subject = subject.replace(R.INNER_FLOW, "", 1)

    def _read_cut(self, d: Draft, prev: Draft | None, between: str) -> None:
        """A cut word heading a share (减材料54%), or the one of the list's first item."""
        cut_word, cut_scope, subject = (
            leading_cut(d.subject) if d.hit.unit in R.SHARE_UNITS else (None, "", d.subject)
        )
        if cut_word:
            d.tokens = [cut_word, *d.tokens]
        elif (
            prev is not None and prev.cut_word and subject and not d.tokens and between.strip() in ("、", "")
        ):
            # 压减时间58%、材料52%: the cut named before the first item governs the list.
            d.tokens = [prev.cut_word]
            cut_word = prev.cut_word
        if cut_word and prev is not None and prev.cut_word and not cut_scope:
            cut_scope = prev.cut_scope
        if cut_scope and subject:
            # 办理平均减时间83%、减材料54%: the scope before the first cut is every item's.
            subject = cut_scope + subject
        d.subject, d.cut_word, d.cut_scope = subject, cut_word, cut_scope

    def _drop_related_subject(self, d: Draft, prev: Draft | None, pre_lo: int) -> None:
        """Words before the number that are no subject of its own: another conjunct, or words
        relating it to the statement before."""
        if d.subject and d.subject[-1] in _COORD:
            # 国家医学中心和12个国家区域医疗中心: the words before are another conjunct.
            d.subject = ""
        h = d.hit
        if (
            prev is not None
            and d.subject
            and not (h.ordinal or h.count_verb)
            and dependent(self.folded[pre_lo : h.start])
        ):
            # 、是十年前的3倍 / 、比上年增加…: the words before the number relate it to the
            # statement before, they do not name a new subject.
            if not any(t in R.QUALIFIER_SET for t in d.tokens):
                d.qualifier_override = self.text[pre_lo : h.start].strip()
            d.subject = ""

    def _read_share(self, d: Draft, prev: Draft | None, pre_lo: int) -> None:
        """核电装机规模占全国25.8% / 产量增长39%、占全国9成: the share of the whole is the measure
        (…占全国比重); a growth before it is another figure's word."""
        h = d.hit
        share = R.SHARE_OF_WHOLE.search(self.folded, pre_lo, h.start) if h.unit in R.SHARE_UNITS else None
        if share is None:
            return
        whole = share.group(1)
        if d.subject.endswith("占" + whole):
            d.subject += R.SHARE_HEAD
        elif not d.subject and prev is not None and prev.subject:
            d.subject = prev.subject + "占" + whole + R.SHARE_HEAD
            d.tokens = [t for t in d.tokens if t != "占"]
            d.qualifier_override = None

    def _after_framing(self, prev: Hit, lo: int, hi: int) -> int:
        """175家企业发行各类债券1193只: after a count-first noun, a framing verb starts the words
        that name the next figure; the counted noun before it belongs to the previous one."""
        if prev.unit not in R.COUNTED_UNITS or R.PIECE_END.search(self.folded, lo, hi):
            return lo
        return self._framing_at(lo, hi) or self._action_at(lo, hi) or lo

    def _action_at(self, lo: int, hi: int) -> int | None:
        """为5.01万名农民工追回欠薪6.83亿元: a noun then a verb with its object — the noun is the
        previous count's, the action and its object name the next figure."""
        words = self.folded[lo:hi]
        core = words[: split_tail(words)[0]]
        if core.endswith(R.HEADS) or core.endswith(tuple(R.LIST_HEADS)):
            # 203个地表水国考断面水质优良率: a measure of the counted things themselves.
            return None
        tagged = rjieba.tag(words)
        if len(tagged) >= 3 and tagged[0][1].startswith("n") and tagged[1][1] == "v":
            return lo + len(tagged[0][0])
        return None

    def _framing_at(self, lo: int, hi: int) -> int | None:
        """Where a framing verb after the first word of folded[lo:hi] starts, if one does."""
        at = 0
        for w in rjieba.cut(self.folded[lo:hi]):
            # 完成投资 names what the counted things did (INNER_FRAMING), not a new figure.
            if at and R.FRAMING_VERB.fullmatch(w) and not R.INNER_FRAMING.match(w):
                return lo + at
            at += len(w)
        return None

    def _clean_subject(self, lo: int, hi: int) -> str:
        folded = self.folded
        while lo < hi and folded[lo] in TRIM:
            lo += 1
        while hi > lo and folded[hi - 1] in TRIM:
            hi -= 1
        m = R.LEADING.match(folded, lo, hi)
        if m:
            paired = R.PAIRED_WORK.search(folded, lo, m.end())
            # 建设改造地下管网 / 建设提升农村路: two verbs of one work name what is counted.
            lo = paired.start() if paired and folded.startswith(R.WORK_PAIR_SECOND, m.end()) else m.end()
        if R.KINDS_BEFORE_CLAUSE.match(folded, lo, hi):
            # 各类支持创新的税收优惠政策: 各类 sorts what the clause describes, it names none of it.
            lo += 2
        m = R.TRAILING_TIME.search(folded, lo, hi)
        if m:
            hi = m.start()
        m = R.MILESTONE_CLAUSE.search(folded, lo, hi)
        if m:
            hi = m.start()
        cause = R.CAUSE_VERB.search(folded, lo + 1, hi)
        if cause and cause.group() in rjieba.cut(folded[lo:hi]):
            # 产业基金带动社会投资超千亿元: what is measured is what was driven, not the driver.
            lo = cause.start()
        subject = drop_enumeration(drop_examples(self.text[lo:hi].strip()))
        # 重大工程投资完成 / 省属企业完成产业类投资: a framing verb inside the words is no part of them.
        inner = R.INNER_FRAMING.sub("", subject[1:])
        if len(inner) > 1:
            subject = subject[0] + inner
        agent = after_agent(subject)
        if agent:
            subject = agent
        if len(subject) <= 1:
            return ""
        return subject

    def _clean_subject_text(self, subject: str) -> str:
        m = R.LEADING.match(subject)
        if m:
            subject = subject[m.end() :]
        return subject if len(subject) > 1 else ""

    def _modifier(self, d: Draft) -> bool:
        """A number inside a noun phrase, not a measurement: 把14亿多中国人的饭碗 (a bare 万/亿 count
        before 的), 1小时通勤圈 / 30公里范围 (a span right before a noun, with no verb)."""
        h = d.hit
        # 实现1小时通达: 实现 only links, it does not make the span a measurement.
        if any(t not in R.LINK_ONLY for t in d.tokens) or h.post:
            return False
        if h.unit is None:
            return bool(R.MODIFIER_AFTER.match(self.folded, h.end))
        # 沿黄生态廊道1194公里全线贯通: a predicate after the span makes it the measurement.
        return (
            h.unit in R.SPAN_UNITS
            and bool(R.CJK.match(self.folded, h.end))
            and not R.PREDICATE.match(self.folded, h.end)
        )

    def _leads_to_target(self, h: Hit, hits: list[Hit]) -> bool:
        """Is ``h`` (after 从/由) the start of 从A(、B)提高到C? Ranges 从A到B count too."""
        if h.range_sep in ("到", "至"):
            return True
        folded = self.folded
        i = hits.index(h)
        while i + 1 < len(hits):
            gap = folded[hits[i].end : hits[i + 1].start].strip()
            if gap in _COORD:
                i += 1
                continue
            return R.TO_GAP.fullmatch(gap) is not None
        return False

    def _spread_units(self, drafts: list[Draft]) -> None:
        """10.6万、3.8万、3.3万平方公里: a coordinated number without a unit takes the next one's."""
        folded = self.folded
        for i in range(len(drafts) - 2, -1, -1):
            h, nxt = drafts[i].hit, drafts[i + 1].hit
            gap = folded[h.end : nxt.start].strip()
            if gap in _COORD and nxt.unit is not None and h.unit is None:
                h.unit = nxt.unit

    def _resolve_from(self, drafts: list[Draft]) -> list[Draft]:
        """从A提高到B / 从A、B提高至C: keep the target, with the from-clause's subject and verb."""
        folded = self.folded
        out: list[Draft] = []
        i = 0
        while i < len(drafts):
            d = drafts[i]
            if not d.from_start:
                out.append(d)
                i += 1
                continue
            if d.hit.range_sep in ("到", "至") and d.hit.value_max is not None:
                d.value = d.hit.value_max
                d.hit.value_max = None
                d.qualifier_override = "从…到"
                out.append(d)
                i += 1
                continue
            j = i
            while (
                j + 1 < len(drafts) and folded[drafts[j].hit.end : drafts[j + 1].hit.start].strip() in _COORD
            ):
                j += 1
            if j + 1 >= len(drafts):
                out.extend(drafts[i:])
                break
            target = drafts[j + 1]
            target.qualifier_override = "从…" + folded[drafts[j].hit.end : target.hit.start].strip()
            target.subject = d.subject
            target.tokens = d.tokens
            t = j + 1
            while (
                t + 1 < len(drafts) and folded[drafts[t].hit.end : drafts[t + 1].hit.start].strip() in _COORD
            ):
                t += 1
            if t - j == j - i + 1 > 1:
                # 分别从771家、481家增加到1076家、636家: as many targets as starting values, in order.
                for other in drafts[j + 2 : t + 1]:
                    other.qualifier_override = target.qualifier_override
                    other.subject = d.subject
                    other.tokens = list(d.tokens)
                out.extend(drafts[j + 1 : t + 1])
                i = t + 1
                continue
            if any("分别" in t for t in d.tokens):
                # 分别从50%、75%提高至100%: one target per starting value, spread over the subjects.
                for _ in range(j - i):
                    out.append(
                        Draft(
                            target.hit,
                            d.subject,
                            list(d.tokens),
                            False,
                            target.value,
                            target.qualifier_override,
                            target.compared_to,
                        )
                    )
            out.append(target)
            i = j + 2
        return out

    def _subjects(self, drafts: list[Draft], hi: int, inherited: str) -> None:
        text = self.text
        bare = bool(drafts) and not drafts[0].subject
        for i, d in enumerate(drafts):
            before = drafts[i - 1].subject if i else inherited
            if before and self._state_only(d.subject, d.hit):
                # 建成过江通道4座、在建8座: a state word alone takes the noun of the count before.
                d.subject += before
            elif d.hit.ordinal or d.hit.count_verb:
                d.subject = text[d.hit.end : self._stop(d.hit.end, hi)].strip()
            elif self._counted(d) and self._counted_noun(d, hi, follows=i > 0):
                continue
            elif not d.subject:
                if i > 0:
                    d.subject = borrowed_subject(drafts[i - 1], d)
                elif inherited:
                    d.subject = inherited
                else:
                    d.subject = (
                        self._noun_after(d.hit.end, hi) or text[d.hit.end : hi].lstrip("的").strip()[:20]
                    )
            elif (i == 0 or d.subject != drafts[i - 1].subject) and self._counted(d):
                d.subject = self._with_object(d.subject, d.hit.end, hi)
        for i, d in enumerate(drafts):
            before = drafts[i - 1].subject if i else inherited
            if before and R.BARE_TOTAL.fullmatch(d.subject):
                d.subject = owned_total(before, d.subject)
        targets = [d for d in drafts if not (d.hit.ordinal or d.hit.count_verb)]
        self.joint = ""
        if (
            bare
            and len(targets) == len(self.listed) >= 2
            and any("分别" in t for t in targets[0].tokens)
            and len(set(self.listed)) == len(self.listed)
        ):
            # 接待国内游客…、入境游客…，分别增长6.7%、39.6%: one rate for each figure listed before.
            for d, subject in zip(targets, self.listed, strict=True):
                d.subject = subject
            return
        if len(targets) >= 2 and (any("分别" in t for t in targets[0].tokens) or self._bare_list(targets)):
            spread = distribute(targets[0].subject, len(targets))
            if spread is not None:
                # A later clause without a subject of its own (…分别达6.9万元、3.4万元，增长4.2%、
                # 5.3%) spreads the same joint subject again.
                self.joint = targets[0].subject
                for d, subject in zip(targets, spread, strict=True):
                    d.subject = subject

    def _spread_bound(self, drafts: list[Draft]) -> None:
        """产量分别达2050万吨、4200万吨、19万吨以上: a bound word after the last number of a 分别
        list bounds every number of it (C5), over the verb before the first."""
        folded = self.folded
        run: list[Draft] = []
        for d in drafts:
            if run and folded[run[-1].hit.end : d.hit.start].strip() in _COORD:
                run.append(d)
                continue
            self._bound_run(run)
            run = [d] if any("分别" in t for t in d.tokens) else []
        self._bound_run(run)

    @staticmethod
    def _bound_run(run: list[Draft]) -> None:
        if len(run) < 2:
            return
        post = run[-1].hit.post
        if post not in R.SPREAD_BOUNDS or any(d.hit.post for d in run[:-1]):
            return
        for d in run[:-1]:
            d.tokens = [*d.tokens, post]

    def _bare_list(self, targets: list[Draft]) -> bool:
        """国内游客人次、总花费增长5.6%、7.5%: numbers listed with nothing but 、 between them
        go one to each conjunct even without 分别."""
        folded = self.folded
        return all(folded[a.hit.end : b.hit.start].strip() in _COORD for a, b in pairwise(targets))

    def _counted(self, d: Draft) -> bool:
        unit = d.hit.unit
        if unit in R.SHARE_UNITS:
            # 50%以上号源 / 70%村卫生室: a share right before a noun is a share of those things.
            after = self.text[d.hit.end : self._stop(d.hit.end, len(self.text))].lstrip("的")
            return bool(after) and bool(R.CJK.match(after)) and nominal_start(after)
        return unit is None or unit in R.COUNTED_UNITS

    def _counted_noun(self, d: Draft, hi: int, follows: bool = False) -> bool:
        """开通3条地铁新线 / 洛阳等10个国家物流枢纽 / 为380个老旧小区引入物业服务: when the counted
        noun follows the number and the words before it are no noun of their own (nothing, a verb,
        a 新增-type word), the subject is that noun, with the 新增-type word kept (新增家庭养老床位)."""
        pos = d.hit.end
        if pos >= hi or not (
            R.CJK.match(self.folded, pos)
            or self.folded[pos] in '“"（('
            or R.CLASS_LABEL.match(self.folded, pos)
        ):
            return False
        new = next((t for t in d.tokens if t in R.NEW_WORDS), "")
        subject = d.subject
        owner = ""
        listed = listed_examples(subject)
        if subject in R.NEW_WORDS or new_work(subject):
            new = subject
        elif listed is not None:
            # 新增荆州、孝感、黄冈3个…城市 / 武汉东湖、襄阳、宜昌3家高新区: the names listed before
            # the count are examples of the counted noun.
            new = new or listed
        elif subject.endswith("的") and len(subject) > 1 and not R.COMPARED_MODIFIER.search(subject):
            # 国家公布产量的104种工业产品: a nominal 的-phrase modifies the counted noun; after another
            # count (116个国家和地区的近4000名运动员), or led by a verb (抓好省委确定的14项改革), it is
            # not part of what is counted.
            owner = "" if follows or not nominal_start(subject) else subject
        elif subject and not new and not any(t in R.OBJECT_VERBS for t in d.tokens):
            # 覆盖九成以上城乡社区: the things covered are measured, not the one covering them.
            tagged = rjieba.tag(subject)
            if not tagged:
                return False
            if not tagged[-1][1].startswith("v"):
                found = self._owner(tagged, pos, hi, d.hit.unit in R.SHARE_UNITS)
                if found is None:
                    return False
                owner = found
        noun = self._noun_after(pos, hi)
        if not noun:
            return False
        d.subject = new + owner + noun
        return True

    def _owner(self, tagged: list[tuple[str, str]], pos: int, hi: int, share: bool) -> str | None:
        """重点产业链36项卡点攻关取得突破 / 覆盖二级以上医疗机构97%门诊量: a noun right before the
        number owns the counted noun after it, when that noun is plainly one (a predicate closes
        it, or it is what a share is taken of). The owner is what follows the last verb."""
        closed = R.PREDICATE.search(self.folded, pos, self._stop(pos, hi)) is not None
        if tagged[-1][0] in R.HEADS:
            # 首期规模500亿元的…基金: a metric before the number is what the number measures.
            return None
        if not (closed or share) or not nominal_start(self.text[pos:hi].lstrip("的")):
            return None
        words = [w for w, _ in tagged]
        last_verb = max((i for i, (_, tag) in enumerate(tagged) if tag.startswith("v")), default=-1)
        owner = "".join(words[last_verb + 1 :])
        # 绍兴黄酒、金华火腿…3个历史经典产业: listed members (or a label like 10大类) are
        # examples of the counted noun, not its owner.
        if R.CONJUNCTION.search(owner) or R.HAS_DIGIT.search(owner):
            return ""
        return owner or None

    def _stop(self, pos: int, hi: int) -> int:
        folded = self.folded
        m = R.PIECE_END.search(folded, pos, hi)
        while (
            m
            and folded[m.start()] == "、"
            and folded.rfind("(", pos, m.start()) > folded.rfind(")", pos, m.start())
        ):
            # 县（市、区）: a 、 inside brackets lists within one name.
            m = R.PIECE_END.search(folded, m.end(), hi)
        return m.start() if m else hi

    def _noun_after(self, pos: int, hi: int) -> str:
        """What a count counts (设置13个国家医学中心 → 国家医学中心), up to its predicate, or ""."""
        folded = self.folded
        stop = self._stop(pos, hi)
        coord = R.COORDINATED_COUNT.search(folded, pos, stop)
        if coord:
            # 66个重点县和…200万亩…: the other conjunct is counted by its own number.
            stop = coord.start()
        owned = R.OWNED_COUNT.search(folded, pos, stop)
        if owned:
            # 116个国家和地区的近4000名运动员: the things counted first own the next count.
            stop = owned.start()
        m = R.PREDICATE.search(folded, pos, stop)
        if m:
            stop = m.start()
        elif R.HAS_DIGIT.search(folded, pos, stop):
            # 175家企业发行各类债券1193只: a framing verb opens the next figure's words.
            stop = self._framing_at(pos, stop) or stop
        noun = self.text[pos:stop].lstrip("的").strip()
        if m and len(noun) == 1 and R.CJK.match(noun):
            # 11个县被认定为… / 16个区均被评为…: a one-character noun closed by its predicate.
            return noun
        listed = stop < hi and folded[stop] == "、"
        if (coord or listed) and noun.endswith(R.CLASS_SUFFIX):
            # 3个万亿级和7个千亿级产业集群 / 2个千亿级、11个百亿级投资规模的…项目: the class words
            # share the head noun of the last one.
            gap = coord.start() if coord else stop
            gapped = R.GAPPED_HEAD.match(folded, gap, self._stop(gap + 1, hi))
            if gapped:
                noun += self.text[gapped.start("head") : gapped.end("head")]
        if len(noun) < 2:
            return ""
        if m is None and not coord and stop < hi and folded[stop] == "、" and not R.CONJUNCTION.search(noun):
            noun += self._listed_nouns(stop, hi)
        if noun.endswith("中") and noun[-2:-1] not in ("高", "初"):
            # 104种工业产品中，…: a locative after the counted noun (not 高中/初中) is no part of it.
            noun = noun[:-1]
        # 超2万名高校毕业生等青年: the examples before 等 are not what is counted.
        return counted_head(drop_examples(noun))

    def _listed_nouns(self, pos: int, hi: int) -> str:
        """新建200个智能车间、智能工厂: bare nouns listed after the counted one share its count; the
        list holds only when every later piece up to the clause end is a short noun phrase."""
        rest = self.text[pos:hi]
        last = rest.rfind("、") + 1
        # 20个机关、企事业单位附属空间对社会开放共享: what is said of the listed things closes the list.
        words = rjieba.tag(rest[last:])
        cut = next((i for i, (_, tag) in enumerate(words) if i and tag.startswith(("v", "p", "d"))), None)
        if cut is not None:
            rest = rest[:last] + "".join(w for w, _ in words[:cut])
        pieces = rest.split("、")[1:]
        if not pieces or any(
            not 2 <= len(p) <= 12 or R.HAS_NUMBER.search(p) or not nominal_start(p) for p in pieces
        ):
            return ""
        return rest

    def _with_object(self, subject: str, pos: int, hi: int) -> str:
        """增发1万亿元国债: when the words before the number end in a verb, its object follows."""
        if pos >= hi or self.folded[pos] in TRIM:
            return subject
        tagged = rjieba.tag(subject)
        if not tagged or not tagged[-1][1].startswith("v"):
            return subject
        noun = self._noun_after(pos, hi)
        return subject + noun if noun else subject

    def _item(self, s: Sentence, lo: int, hi: int, d: Draft) -> Quantity:
        h = d.hit
        mult = h.mult
        counted = h.unit + h.unit_tail if h.unit is not None else None
        if counted is not None and "(" in counted:
            # 万套（间）: units are matched on the folded view but kept as printed.
            counted = counted.translate(_FULL_WIDTH_PARENS)
        base_unit = counted if counted is not None else ""
        unit = (mult or "") + (counted or "")
        factor = MULTIPLIERS[mult] if mult else 1.0
        qualifier: str | None
        if h.ordinal:
            qualifier = "第N次"
        else:
            words = list(d.tokens)
            if d.qualifier_override:
                words.extend(words_in(d.qualifier_override))
            if h.more:
                words.append(h.more)
            if h.post:
                words.append(h.post)
            qualifier = R.choose_qualifier(words)
            lm = R.LEADING_QUALIFIER.match(d.subject)
            if qualifier is None and lm and h.unit not in R.SHARE_UNITS:
                # 新增经营主体370万户: the subject's own 新增 (C3), unless the figure has a word of its
                # own (新增…、累计达8000处, where the subject is borrowed). A share is no count of
                # new things (新增用地支持项目比重为84.6%).
                qualifier = R.choose_qualifier([lm.group()])
        return _Quantity(
            text=self.text[lo:hi],
            subject=d.subject,
            value=d.value,
            unit=unit,
            node=s.node,
            start=lo,
            end=hi,
            value_max=h.value_max,
            base_value=scaled(d.value, factor),
            base_unit=base_unit,
            qualifier=qualifier,
            period=self.resolver.period(s, h.start),
            sentence=s.id,
            compared_to=d.compared_to,
        )


def extract_quantities(ctx: Context) -> tuple[Quantity, ...]:
    items = _Extractor(ctx).run()
    return tuple(sorted(items, key=lambda q: (q.start, q.end)))


@component("quantities", provides=("quantities",))
def quantities(ctx: Context) -> Mapping[str, Any]:
    return {"quantities": extract_quantities(ctx)}


__all__: Sequence[str] = ("extract_quantities", "quantities")
