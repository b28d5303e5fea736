"""Proposed assignments: for each task a lead unit, up to four cooperating units and a due date.

What a planning office does by hand when it turns a plan into a 任务分解表, done from the department
catalogue so that a person only has to correct it:

* Score every unit by the duty keywords the task contains. A keyword weighs more the longer it is
  and the fewer units have a duty containing it (an IDF over the catalogue that counts containment,
  so 教育 — inside 家庭教育, 党员教育, 国家安全教育 … — weighs less than 学前教育). The titles of the
  task's article and part, and the opening sentence of its paragraph, add the same evidence more
  weakly; the unit's usual domains (``lead_domains``) against the task's domain add a weak prior.
* A unit named in the task (市教育局, an alias, a district) counts strongly. Districts and parks are
  territorial: they lead only a task that names them; their place keywords can only bring them in
  as cooperating units.
* Cooperating units: the named ones, then the next best with evidence in the task itself, either
  close to the lead's score or holding a distinctive keyword.
* Due date: a year in the task (到2027年, 二〇二八年), a plan period (“十五五”期间 → that plan's end
  year), else the plan's end year for finite work, or 持续推进 for standing duties (坚持, 持续,
  常态化, 健全…机制 …).

Every score comes with a reason in Chinese naming the words that produced it. The result depends
only on the tasks, the catalogue and the text: orders come from scores, then catalogue order, never
from iterating a set, so every process gives the same output.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import neg
from pathlib import Path
from typing import Any

import ahocorasick_rs

from planwatch.extract.catalogue_levels import catalogue_for
from planwatch.extract.departments import Catalogue, load_catalogue
from planwatch.extract.issuer import issuer as issuer_component
from planwatch.extract.numbers_zh import cn_integer
from planwatch.extract.pipeline import Context, component
from planwatch.extract.quantity_period import anchor_of, plan_years
from planwatch.extract.remit import NO_CATALOGUE, outside_remit_many
from planwatch.extract.roles import roles
from planwatch.ingest.fast_construct import maker
from planwatch.model import Assignment, Department, Issuer, Node, Task, UnitScore
from planwatch.model import due as model_due
from planwatch.outline import fold

_Assignment = maker(Assignment)
_UnitScore = maker(UnitScore)

TERRITORIAL_KINDS = frozenset({"district", "park"})
STANDING = model_due.STANDING
UNKNOWN_DUE = model_due.UNDECIDED
MAX_COOPERATING = 4

# Evidence weights. A duty keyword in the task itself is the yardstick; the rest are set against it.
_TITLE_WEIGHTS = (0.5, 0.3, 0.2)  # the task's own node title, its parent's, further ancestors'
_PARAGRAPH_WEIGHT = 0.5
_PRIOR = 1.0  # divided by √(units leading the domain): a crowded domain says little
_PRIOR_RANK = (1.0, 0.6, 0.4)  # a unit's first-listed domain is the one it leads most surely
_NAMED_UNIT = 12.0  # 市教育局 in the text: a plan naming the unit settles it
_NAMED_PLACE = 6.0  # 金州区: strong, yet a functional unit with a clear remit still leads
_NAMED_PLACE_SHORT = 4.0  # 旅顺, 庄河: a two-character alias often sits inside a project's name
_TERRITORIAL_DUTY = 0.5  # a district's place keywords are weaker evidence than a body's remit
_COOPERATE_RATIO = 0.4
_DISTINCTIVE = 5.0  # a keyword of one unit only, three characters or more
_REASON_WORDS = 5
_LENGTH_FACTOR = (0.0, 0.6, 1.0, 1.15, 1.3, 1.4)

_YEAR_DIGITS = r"(?:19|20)\d\d|二[〇零][〇零一二三四五六七八九]{2}"
_TARGET_YEAR = re.compile(rf"(?:到|至)({_YEAR_DIGITS})年")
_TITLE_RANGE = re.compile(rf"({_YEAR_DIGITS})年?\s*[—–~\-－至到]+\s*({_YEAR_DIGITS})年")
# Everything a due date is read from, in one pass over the task: a year, a plan period, a cue of
# standing work, a cue of finite work; the first cue in the text decides between the last two.
_STANDING_CUES = ("坚持", "持续", "常态化", "长效", "不断", "始终", "深化", "一以贯之", "毫不动摇")
_MECHANISM = r"(?:健全|完善)[^,;。]{0,24}?机制"  # 健全…机制: building a mechanism never ends
_FINITE_CUES = (
    *("建成", "完成", "实现", "达到", "开工", "竣工", "投产", "出台", "制定"),
    *("组建", "设立", "创建", "争创", "启动"),
)
_DUE_SOURCE = (
    rf"(?:到|至|截至|于)?(?P<year>{_YEAR_DIGITS})年(?:底|末|前)?(?!以来|来|相比|的基础)"
    r"|(?P<period>十(?P<n>[一二三四五六七八九])五[”\"]?(?:时期|期间|期末|末|内)|规划期(?:内|末|间))"
    rf"|(?P<standing>{'|'.join(_STANDING_CUES)}|{_MECHANISM})"
    rf"|(?P<finite>{'|'.join(_FINITE_CUES)}|建立(?!健全)|(?<!健)全覆盖)"
)
# A lookahead on the first two characters a cue can start with lets the engine skip other
# positions in C instead of trying every branch there: half the time on plan text.
_DUE_FIRST = "".join(
    sorted(
        {"1", "2", "二", "到", "至", "截", "于", "十", "规", "健", "完", "建", "全"}
        | {w[0] for w in _STANDING_CUES + _FINITE_CUES}
    )
)
_DUE_SECOND = "".join(
    sorted(
        {"1", "2", "二", "至"}  # 到2030年, 截至
        | {"9", "0", "〇", "零"}  # 2030年, 二〇三〇年
        | set("一二三四五六七八九")
        | {"划"}  # 十五五, 规划期
        | {"全", "善", "立", "覆"}  # 健全, 完善, 建立, 全覆盖
        | {w[1] for w in _STANDING_CUES + _FINITE_CUES}
    )
)
_DUE_CUES = re.compile(f"(?=[{_DUE_FIRST}][{_DUE_SECOND}])(?:{_DUE_SOURCE})")
# The same over tasks joined by a separator that no cue holds (the gap in 健全…机制 may not cross it):
# each task is read exactly as alone, since a lookaround at a task's edge sees the separator, which
# no cue starts or ends with, where alone it sees the edge.
_SEPARATOR = "\x00"
_DUE_CUES_JOINED = re.compile(_DUE_CUES.pattern.replace("[^,;。]", "[^,;。\x00]"))
_GOALS_TITLE = re.compile(r"目标")

# what a task's surroundings say: a score per unit, and per unit its part of the unit's reason
_Evidence = tuple[dict[int, float], dict[int, str]]
# one title or opening: per unit its heaviest weight and its part of the reason; where (for the
# reason); and what was found, (unit, weight, word), in order
_Segment = tuple[dict[int, float], dict[int, str], str, list[tuple[int, float, int]]]


# ---------------------------------------------------------------- compiling a catalogue


@dataclass(frozen=True)
class _Matcher:
    """What a catalogue compiles to, once per catalogue.

    ``automaton`` finds every string worth finding (duty keywords, names, short names, aliases,
    neutral phrases) leftmost-longest in one pass in compiled code: a regex alternation of ~2,000
    strings, or a dictionary walk in Python, costs ten times as much per task. It runs over UTF-8:
    a word's bytes start and end on a character's, so the matches are those over the characters,
    and the scan skips turning byte offsets into character offsets. A word found is its index in
    ``words``; the tuples below say, by that index, what the word means.
    """

    units: tuple[Department, ...]
    automaton: Any  # ahocorasick_rs.BytesAhoCorasick over ``words`` in UTF-8
    words: tuple[str, ...]
    separator: bytes | None  # an ASCII byte in no word, to scan texts joined by it as if each alone
    owners: tuple[tuple[tuple[int, float], ...], ...]  # word -> (unit, weight) per unit it is a duty of
    mentions: tuple[tuple[int, float] | None, ...]  # word -> (the unit it names, strength) or None
    weights: tuple[float, ...]  # word -> its duty weight before the territorial discount, or 0.0
    quoted: tuple[str, ...]  # word -> “word”, as a reason quotes it
    names: tuple[str, ...]  # unit -> its name
    shorts: tuple[str, ...]  # unit -> its short name
    territorial: tuple[bool, ...]
    priors: Mapping[str, Mapping[int, float]]  # domain -> unit -> prior
    # domain -> (-prior, unit) of the units that may lead on their prior alone, best first
    prior_leads: Mapping[str, tuple[tuple[float, int], ...]]

    def scan_many(self, texts: Sequence[str]) -> list[list[int]]:
        """The words found in each of ``texts`` (leftmost-longest, not overlapping, in text order),
        with one call into the automaton for all of them: no word holds the separator, so no match
        runs across one and each text is scanned exactly as if alone. A neutral phrase (健康发展) is
        found like any other, so it hides the keyword inside it."""
        if not texts:
            return []
        find = self.automaton.find_matches_as_indexes
        encoded = [t.encode() for t in texts]
        sep = self.separator
        joined = sep.join(encoded) if sep is not None else b""
        if sep is None or joined.count(sep) != len(texts) - 1:  # a text holds it: one call each
            return [[i for i, _, _ in find(t)] for t in encoded]
        out: list[list[int]] = [[] for _ in texts]
        k = 0
        end = len(encoded[0])  # where the separator after text k stands
        for i, s, _ in find(joined):
            while s >= end:
                k += 1
                end += 1 + len(encoded[k])
            out[k].append(i)
        return out


def _matcher(catalogue: Catalogue) -> _Matcher:
    cached = catalogue.memo.get("assign_matcher")
    if isinstance(cached, _Matcher):
        return cached
    units = catalogue.departments
    n = len(units)
    territorial = tuple(d.kind in TERRITORIAL_KINDS for d in units)
    own = [tuple(dict.fromkeys(fold(k) for k in d.duties)) for d in units]
    owners: dict[str, list[int]] = {}
    for i, keywords in enumerate(own):
        for k in keywords:
            owners.setdefault(k, []).append(i)
    # one string per unit, keywords apart, so "is k inside any duty of this unit" is one search
    remits = ["\x00".join(keywords) for keywords in own]
    duties: dict[str, tuple[tuple[int, float], ...]] = {}
    weights: dict[str, float] = {}
    for k, holders in owners.items():
        containing = sum(1 for remit in remits if k in remit)
        weight = math.log(1 + n / max(containing, 1)) * _LENGTH_FACTOR[min(len(k), 5)]
        weights[k] = weight
        duties[k] = tuple(
            (i, round(weight * (_TERRITORIAL_DUTY if territorial[i] else 1.0), 6)) for i in holders
        )
    mentions: dict[str, tuple[int, float]] = {}
    for i, d in enumerate(units):
        for term in (d.name, d.short, *d.aliases):
            term = fold(term)
            if territorial[i]:
                strength = _NAMED_PLACE if len(term) > 2 else _NAMED_PLACE_SHORT
            else:
                strength = _NAMED_UNIT
            mentions.setdefault(term, (i, strength))
    leaders: dict[str, list[tuple[int, int]]] = {}
    for i, d in enumerate(units):
        for rank, domain in enumerate(d.lead_domains):
            leaders.setdefault(domain, []).append((i, rank))
    priors = {
        domain: {
            i: round(_PRIOR * _PRIOR_RANK[min(rank, len(_PRIOR_RANK) - 1)] / math.sqrt(len(held)), 6)
            for i, rank in held
        }
        for domain, held in leaders.items()
    }
    prior_leads = {
        domain: tuple(sorted((-w, i) for i, w in held.items() if w > 0 and not territorial[i]))
        for domain, held in priors.items()
    }
    # a task known only by its domain goes to the unit whose role leads that domain (经济发展 →
    # 发展改革), not to whichever unit lists the domain first: the others may lead it on evidence
    for domain, unit in domain_leaders(units).items():
        weight = priors.get(domain, {}).get(unit) or round(_PRIOR * _PRIOR_RANK[0], 6)
        priors.setdefault(domain, {})[unit] = weight
        prior_leads[domain] = ((-weight, unit),)
    # a single character would be looked up at every position and match almost anywhere
    words = sorted(
        {w for w in (*duties, *mentions, *(fold(p) for p in catalogue.neutral)) if len(w) >= 2},
        key=lambda w: (-len(w), w),
    )
    used = set("".join(words).encode())
    matcher = _Matcher(
        units=units,
        automaton=ahocorasick_rs.BytesAhoCorasick(
            [w.encode() for w in words], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        ),
        words=tuple(words),
        separator=next((bytes([c]) for c in range(128) if c not in used), None),
        owners=tuple(duties.get(w, ()) for w in words),
        mentions=tuple(mentions.get(w) for w in words),
        weights=tuple(weights.get(w, 0.0) for w in words),
        quoted=tuple(f"“{w}”" for w in words),
        names=tuple(d.name for d in units),
        shorts=tuple(d.short for d in units),
        territorial=territorial,
        priors=priors,
        prior_leads=prior_leads,
    )
    catalogue.memo["assign_matcher"] = matcher
    return matcher


def domain_leaders(units: Sequence[Department]) -> dict[str, int]:
    """Domain -> the index of the unit whose role leads it, the most specific role present first
    (a city's 海洋发展局 leads 海洋 where it has one, else the 自然资源 unit)."""
    table = roles()
    present = {d.role: i for i, d in reversed(list(enumerate(units))) if d.role}
    depth = {r: _depth(r) for r in table}
    out: dict[str, tuple[int, int]] = {}
    for role in table.values():
        unit = present.get(role.id)
        if unit is None:
            continue
        for domain in role.leads:
            held = out.get(domain)
            if held is None or depth[role.id] > held[0]:
                out[domain] = (depth[role.id], unit)
    return {domain: unit for domain, (_, unit) in out.items()}


def _depth(role: str) -> int:
    table = roles()
    n = 0
    parent = table[role].within
    while parent is not None:
        n += 1
        parent = table[parent].within
    return n


# ---------------------------------------------------------------- proposing


def propose(
    tasks: Sequence[Task],
    catalogue: Catalogue,
    *,
    node_titles: Mapping[str, str],
    plan_end_year: int | None,
    text: str,
    node_parents: Mapping[str, str | None] | None = None,
    folded: str | None = None,
    level: str | None = None,
) -> list[Assignment]:
    """One proposed Assignment per task, in task order.

    ``node_titles`` maps node ids to titles; ``node_parents`` maps node ids to their parent's id
    (when None, ancestry is read from the ids: ``p3.a7`` → ``p3``). ``text`` is the document text
    the task spans index; a task whose span does not hold its text is read from its own text,
    without paragraph context. ``folded`` is the folded view of ``text`` when the caller has it.
    ``level`` is the level of the document's issuer (national, provincial …): a central prerogative
    in a local document is marked, not assigned. Tasks that are no unit's to lead (defence, being
    supervised by 人大/政协) get no lead and a status saying why.
    """
    m = _matcher(catalogue)
    view = folded if folded is not None and len(folded) == len(text) else fold(text)
    marks = outside_remit_many([t.text for t in tasks], level)
    kept = [t for t, mark in zip(tasks, marks, strict=True) if mark is None]
    proposed = iter(_Run(m, node_titles, node_parents, text, view, plan_end_year).propose(kept))
    dues = _DueReader(plan_end_year)._dues(
        [fold(t.text) for t, mark in zip(tasks, marks, strict=True) if mark is not None]
    )
    marked = iter(dues)
    out: list[Assignment] = []
    for task, mark in zip(tasks, marks, strict=True):
        if mark is None:
            out.append(next(proposed))
        else:
            due, due_reason = next(marked)
            out.append(Assignment(task.id, None, (), due, due_reason, status=mark[0], status_reason=mark[1]))
    return out


def unassigned(tasks: Sequence[Task], *, reason: str, plan_end_year: int | None) -> list[Assignment]:
    """Assignments without a lead for ``tasks`` (no catalogue fits the document), each saying why,
    with the due date read as usual."""
    dues = _DueReader(plan_end_year)._dues([fold(t.text) for t in tasks])
    return [
        Assignment(t.id, None, (), due, due_reason, status=NO_CATALOGUE, status_reason=reason)
        for t, (due, due_reason) in zip(tasks, dues, strict=True)
    ]


class _DueReader:
    """Due dates of tasks, read from their words and the plan's end year."""

    def __init__(self, plan_end_year: int | None) -> None:
        self.end_year = plan_end_year

    # -- due date

    def _dues(self, pieces: Sequence[str]) -> list[tuple[str, str]]:
        """The due date of each task and why, from one scan over all of them: a task without a cue
        (most of them) gets the plan's end year."""
        end_year = self.end_year
        if end_year is None:
            default = (UNKNOWN_DUE, "任务未写明时限，规划期末年份不明")
        else:
            default = (str(end_year), f"任务未写明时限，按规划期末（{end_year}年）")
        out = [default] * len(pieces)
        joined = _SEPARATOR.join(pieces)
        if joined.count(_SEPARATOR) != len(pieces) - 1:  # a task holds the separator: one scan each
            return [self._due(list(_DUE_CUES.finditer(p))) for p in pieces]
        starts = list(accumulate([len(p) + 1 for p in pieces], initial=0))
        cues: dict[int, list[re.Match[str]]] = {}
        for dm in _DUE_CUES_JOINED.finditer(joined):
            cues.setdefault(bisect_right(starts, dm.start()) - 1, []).append(dm)
        for k, found in cues.items():
            out[k] = self._due(found)
        return out

    def _due(self, cues: Sequence[re.Match[str]]) -> tuple[str, str]:
        end_year = self.end_year
        year: tuple[int, str] | None = None
        period: tuple[int, str] | None = None
        cue: re.Match[str] | None = None
        for dm in cues:
            kind = dm.lastgroup
            if kind == "year":
                y = _year_value(dm.group("year"))
                # a year long before the plan's end is a reference (2020年水平), not a deadline
                if (
                    y is not None
                    and (end_year is None or y > end_year - 10)
                    and (year is None or y > year[0])
                ):
                    year = (y, dm.group(0))
            elif kind == "period":
                if period is None:
                    n = dm.group("n")
                    end = plan_years(10 + (cn_integer(n) or 0))[1] if n else end_year
                    # an earlier plan's period (“十四五”期间) in a later plan looks back
                    if end is not None and (end_year is None or end >= end_year):
                        period = (end, dm.group(0))
            elif cue is None:
                cue = dm
        if year is not None:
            return str(year[0]), f"任务写明“{year[1]}”"
        if period is not None:
            return str(period[0]), f"任务写明“{period[1]}”，按该规划期末（{period[0]}年）"
        if cue is not None and cue.lastgroup == "standing":
            said = cue.group(0)
            said = f"{said[:2]}…机制" if len(said) > 6 and said.endswith("机制") else said
            return STANDING, f"含“{said}”，属常态化、持续性工作"
        if end_year is None:
            return UNKNOWN_DUE, "任务未写明时限，规划期末年份不明"
        if cue is not None:
            return str(end_year), f"含“{cue.group(0)}”，按规划期末（{end_year}年）完成"
        return str(end_year), f"任务未写明时限，按规划期末（{end_year}年）"


class _Run(_DueReader):
    """One call of :func:`propose`. Evidence from titles and paragraph openings is worked out once
    per node and paragraph; the tasks, and the titles and openings, are each scanned in one call."""

    def __init__(
        self,
        m: _Matcher,
        node_titles: Mapping[str, str],
        node_parents: Mapping[str, str | None] | None,
        text: str,
        folded: str,
        plan_end_year: int | None,
    ) -> None:
        super().__init__(plan_end_year)
        self.m = m
        self.titles = node_titles
        self.parents = node_parents
        self.text = text
        self.folded = folded
        self.folded_titles: dict[str, str] = {}

    def _folded_title(self, node_id: str) -> str:
        folded = self.folded_titles.get(node_id)
        if folded is None:
            folded = self.folded_titles[node_id] = fold(self.titles.get(node_id, ""))
        return folded

    def propose(self, tasks: Sequence[Task]) -> list[Assignment]:
        pieces, keys, openings = self._pieces(tasks)
        evidence = self._evidence(keys, openings)
        dues = self._dues(pieces)
        m = self.m
        priors = m.priors
        prior_leads = m.prior_leads
        names = m.names
        territorial = m.territorial
        owners = m.owners
        mentions = m.mentions
        reason_of = self._reason
        out: list[Assignment] = []
        # One pass per task, the scores worked out inline and the units chosen by one call: this
        # loop is most of the component's time, and a method call per step cost a fifth of it.
        for task, words, (context_scores, context_parts), (due, due_reason) in zip(
            tasks, m.scan_many(pieces), map(evidence.__getitem__, keys), dues, strict=True
        ):
            # each unit's score from the task's words on top of its context's, with the unit's duty
            # words in the task (in text order), the weight of its heaviest one, and the word naming it
            scores = context_scores.copy()
            said: dict[int, list[int]] = {}
            best: dict[int, float] = {}
            named: dict[int, int] = _NO_NAMES
            for word in dict.fromkeys(words) if len(words) > 1 else words:
                for unit, w in owners[word]:
                    scores[unit] = scores.get(unit, 0.0) + w
                    if unit in said:
                        said[unit].append(word)
                        if w > best[unit]:
                            best[unit] = w
                    else:
                        said[unit] = [word]
                        best[unit] = w
                mention = mentions[word]
                if mention is not None and mention[0] not in named:
                    if not named:
                        named = {}
                    named[mention[0]] = word
                    scores[mention[0]] = scores.get(mention[0], 0.0) + mention[1]
            domain = task.domain or ""
            prior = priors.get(domain, _NO_PRIOR) if domain else _NO_PRIOR
            if prior:
                # the prior is a score's last term; the units with nothing but a prior are not
                # scored one by one: the best of them is the first unscored one of ``prior_leads``
                for unit in scores:
                    if unit in prior:
                        scores[unit] += prior[unit]
            # (-score, unit): the highest score first, then catalogue order
            ranked = sorted(zip(map(neg, scores.values()), scores, strict=True))
            chosen = _chosen(
                ranked, scores, named, said, best, territorial, prior_leads[domain] if prior else ()
            )
            if chosen is None:
                out.append(_Assignment(task.id, None, (), due, due_reason))
                continue
            # positional: UnitScore(department, score, reason)
            proposed = [
                _UnitScore(
                    names[unit],
                    round(scores[unit], 3),
                    reason_of(unit, named, said, context_parts, prior, domain),
                )
                for unit in (chosen if len(chosen) <= 1 + MAX_COOPERATING else chosen[: 1 + MAX_COOPERATING])
            ]
            # positional: Assignment(task, lead, cooperating, due, due_reason)
            out.append(_Assignment(task.id, proposed[0], tuple(proposed[1:]), due, due_reason))
        return out

    def _pieces(
        self, tasks: Sequence[Task]
    ) -> tuple[list[str], list[tuple[str, int]], dict[int, tuple[int, str | None]]]:
        """The folded text of each task; its context (node, and paragraph start or -1); per
        paragraph start, the end of its opening sentence and the opening when it adds evidence."""
        text = self.text
        folded = self.folded
        n = len(text)
        pieces: list[str] = []
        keys: list[tuple[str, int]] = []
        openings: dict[int, tuple[int, str | None]] = {}
        for task in tasks:
            s = task.start
            e = task.end
            # a task whose span does not hold its text is read from its own text, without paragraph
            if not (0 <= s < e <= n and len(task.text) == e - s and text.startswith(task.text, s)):
                pieces.append(fold(task.text))
                keys.append((task.node, -1))
                continue
            pieces.append(folded[s:e])
            start = folded.rfind("\n", 0, s) + 1
            opening = openings.get(start)
            if opening is None:
                opening = openings[start] = self._opening(start, task.node)
            keys.append((task.node, start if 0 <= opening[0] < s else -1))
        return pieces, keys, openings

    def _reason(
        self,
        unit: int,
        named: dict[int, int],
        said: dict[int, list[int]],
        context_parts: dict[int, str],
        prior: Mapping[int, float],
        domain: str,
    ) -> str:
        """The reason, its parts apart by ；: the unit named, its duty words in the task, its words in
        the titles and the paragraph's opening, its usual domain."""
        m = self.m
        shorts = m.shorts
        reason = f"任务点名“{m.words[named[unit]]}”" if unit in named else ""
        if unit in said:
            q = self._quoted_words(said[unit])
            part = f"任务含{q}，对应{shorts[unit]}职责{q}"
            reason = f"{reason}；{part}" if reason else part
        if unit in context_parts:
            part = context_parts[unit]
            reason = f"{reason}；{part}" if reason else part
        if unit in prior:
            if reason:
                reason = f"{reason}；任务领域“{domain}”为其常牵头领域"
            else:
                reason = f"仅按任务领域“{domain}”推断：{shorts[unit]}常牵头该领域"
        return reason

    def _quoted_words(self, listed: list[int]) -> str:
        quoted = self.m.quoted
        if len(listed) == 1:
            return quoted[listed[0]]
        return "".join(
            [quoted[w] for w in (listed if len(listed) <= _REASON_WORDS else self._heaviest(listed))]
        )

    # -- evidence around the task

    def _chain(self, node_id: str) -> list[str]:
        chain = [node_id]
        if self.parents is not None:
            parent = self.parents.get(node_id)
            while parent and len(chain) < 8:
                chain.append(parent)
                parent = self.parents.get(parent)
        else:
            head = node_id
            while "." in head:
                head = head.rsplit(".", 1)[0]
                chain.append(head)
        return chain

    def _opening(self, start: int, node_id: str) -> tuple[int, str | None]:
        """The opening sentence of the paragraph at ``start``, which steers the directives after it
        (提升…物流中心功能。… 建设…枢纽); an opening that is the node's own heading adds nothing its
        title does not. Returns where the opening ends, and the opening when it counts."""
        folded = self.folded
        stop = folded.find("。", start)
        lead = folded[start:stop] if stop != -1 else ""
        heading = self._folded_title(node_id)
        return stop, (lead if lead and not (heading and heading in lead) else None)

    def _evidence(
        self, keys: Sequence[tuple[str, int]], openings: Mapping[int, tuple[int, str | None]]
    ) -> dict[tuple[str, int], _Evidence]:
        """Per (node, paragraph): scores and reason parts from the titles of the node and its
        ancestors, and from the opening of the paragraph (when the task is not in it).

        Each title (at each depth) and each opening is one segment of evidence, worked out once;
        a context adds up its segments in order."""
        m = self.m
        titles = self.titles
        distinct = dict.fromkeys(keys)
        chains = {node: self._chain(node) for node, _ in distinct}
        titled = [
            nid for nid in dict.fromkeys(x for chain in chains.values() for x in chain) if titles.get(nid)
        ]
        leads = [
            (start, lead)
            for start in dict.fromkeys(p for _, p in distinct if p != -1)
            if (lead := openings[start][1]) is not None
        ]
        scanned = m.scan_many([self._folded_title(nid) for nid in titled] + [lead for _, lead in leads])
        title_words = dict(zip(titled, scanned[: len(titled)], strict=True))
        lead_segments = {
            start: self._segment(words, _PARAGRAPH_WEIGHT, f"段首句“{_clip(lead)}”")
            for (start, lead), words in zip(leads, scanned[len(titled) :], strict=True)
        }
        title_segments: dict[tuple[str, int], _Segment] = {}
        node_evidence: dict[str, _Evidence] = {}
        for node, chain in chains.items():
            segments: list[_Segment] = []
            for depth, nid in enumerate(chain):
                if nid in title_words:
                    depth = min(depth, len(_TITLE_WEIGHTS) - 1)
                    segment = title_segments.get((nid, depth))
                    if segment is None:
                        segment = title_segments[(nid, depth)] = self._segment(
                            title_words[nid], _TITLE_WEIGHTS[depth], f"所属标题“{titles[nid]}”"
                        )
                    segments.append(segment)
            node_evidence[node] = self._add_up(segments)
        out: dict[tuple[str, int], _Evidence] = {}
        for key in distinct:
            node, paragraph = key
            evidence = node_evidence[node]
            if paragraph in lead_segments:
                # an opening's "where" (段首句…) is never a title's (所属标题…): it adds as a segment
                # apart, after the titles
                evidence = self._add_up([(evidence[0], evidence[1], "", []), lead_segments[paragraph]])
            out[key] = evidence
        return out

    def _segment(self, words: Sequence[int], factor: float, where: str) -> _Segment:
        """The evidence of one title or opening: per unit its heaviest word's weight, and its part of
        the reason (“where” 含 its words)."""
        owners = self.m.owners
        quoted = self.m.quoted
        found = [(unit, w * factor, word) for word in dict.fromkeys(words) for unit, w in owners[word]]
        # a heading names its topic once: its heaviest word per unit counts, not their sum, so a
        # title listing three duties of one unit cannot outweigh what the task itself says
        heaviest: dict[int, float] = {}
        said: dict[int, list[int]] = {}
        for unit, w, word in found:
            if w > heaviest.get(unit, 0.0):
                heaviest[unit] = w
            said.setdefault(unit, []).append(word)
        parts = {
            unit: f"{where}含{''.join([quoted[w] for w in listed[:_REASON_WORDS]])}"
            for unit, listed in said.items()
        }
        return heaviest, parts, where, found

    def _add_up(self, segments: Sequence[_Segment]) -> _Evidence:
        """The evidence of segments in order: per unit the sum of its heaviest weight per segment,
        and its parts of the reason joined by ；."""
        if len(segments) == 1:
            return segments[0][0], segments[0][1]
        wheres = [s[2] for s in segments]
        if len(set(wheres)) < len(wheres):
            return self._add_up_alike(segments)
        scores: dict[int, float] = {}
        parts: dict[int, str] = {}
        for heaviest, said, _, _ in segments:
            for unit, w in heaviest.items():
                scores[unit] = scores.get(unit, 0.0) + w
            for unit, part in said.items():
                parts[unit] = f"{parts[unit]}；{part}" if unit in parts else part
        return scores, parts

    def _add_up_alike(self, segments: Sequence[_Segment]) -> _Evidence:
        """The same when two segments come from places alike (two titles the same): they count as
        one, with the heaviest of their words, and each of their words once."""
        found = [(unit, w, where, word) for _, _, where, listed in segments for unit, w, word in listed]
        heaviest: dict[tuple[int, str], float] = {}
        for unit, w, where, _ in found:
            if w > heaviest.get((unit, where), 0.0):
                heaviest[(unit, where)] = w
        scores: dict[int, float] = {}
        for (unit, _), w in heaviest.items():
            scores[unit] = scores.get(unit, 0.0) + w
        said: dict[int, dict[str, list[int]]] = {}
        for unit, _, where, word in found:
            listed = said.setdefault(unit, {}).setdefault(where, [])
            if word not in listed:
                listed.append(word)
        quoted = self.m.quoted
        parts = {
            unit: "；".join(
                [
                    f"{where}含{''.join([quoted[w] for w in words[:_REASON_WORDS]])}"
                    for where, words in by_where.items()
                ]
            )
            for unit, by_where in said.items()
        }
        return scores, parts

    def _heaviest(self, words: list[int]) -> list[int]:
        """At most a handful of words, so a reason stays short: all of them in text order when they
        are few, else the heaviest (ties in text order)."""
        if len(words) <= _REASON_WORDS:
            return words
        weight = self.m.weights
        order = sorted(range(len(words)), key=lambda i: (-weight[words[i]], i))
        return [words[i] for i in order[:_REASON_WORDS]]


def _chosen(
    ranked: list[tuple[float, int]],
    scores: dict[int, float],
    named: dict[int, int],
    said: dict[int, list[int]],
    best: dict[int, float],
    territorial: Sequence[bool],
    prior_leads: Sequence[tuple[float, int]],
) -> list[int] | None:
    """The units proposed for a task, the lead first (None: no lead), from its units ``ranked`` by
    score: the lead, then the units the task names, then those whose duty words it holds with a
    score near the lead's or a distinctive word.

    The lead is the best scored unit that is named or not territorial, unless a unit of the task's
    domain (``prior_leads``, best first) scores better on its prior alone: that unit's score is then
    put in ``scores``."""
    top: tuple[float, int] | None = None
    for item in ranked:
        if item[0] < 0 and (item[1] in named or not territorial[item[1]]):
            top = item
            break
    for item in prior_leads:
        if item[1] not in scores:
            if top is None or item < top:
                top = item
                scores[item[1]] = -item[0]
            break
    if top is None:
        return None
    lead = top[1]
    chosen = [lead]
    if named:
        chosen += [u for _, u in ranked if u in named and u != lead]
    if said:
        floor = -top[0] * _COOPERATE_RATIO
        chosen += [
            u
            for negative, u in ranked
            if u in said and u != lead and u not in named and (-negative >= floor or best[u] >= _DISTINCTIVE)
        ]
    return chosen


_NO_PRIOR: Mapping[int, float] = {}
_NO_NAMES: dict[int, int] = {}  # never written to: a task naming a unit gets a dict of its own


def _clip(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _year_value(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_integer(text)


# ---------------------------------------------------------------- the plan's end year


def plan_end_year(document_title: str | None, nodes: Sequence[Node] = (), text: str = "") -> int | None:
    """The last year of the plan.

    From the title first: 第十五个五年规划 or “十五五”规划 → 2030 (the Nth plan ends in 1955 + 5N
    from the 3rd on); a title with a range of years (2024—2027年) → its last year. Otherwise the
    target year (到…年) most often set in the goals sections (titles with 目标), the later year on a
    tie; the largest would be wrong, since a goals article usually ends with the 2035 vision.
    """
    title = fold(document_title or "")
    anchor = anchor_of(title)
    if anchor.plan_end is not None:
        return anchor.plan_end
    span = _TITLE_RANGE.search(title)
    if span is not None:
        return _year_value(span.group(2))
    counts: Counter[int] = Counter()
    if text:
        for n in nodes:
            if n.kind != "title" and n.title and _GOALS_TITLE.search(n.title):
                for g in _TARGET_YEAR.findall(fold(text[n.start : n.end])):
                    y = _year_value(g)
                    if y is not None:
                        counts[y] += 1
    if counts:
        return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return None


@component("assign", requires=("tasks",), provides=("assignments", "catalogue_note"))
def assign(ctx: Context) -> Mapping[str, Any]:
    """Pipeline component.

    The catalogue is the issuer's (:func:`~planwatch.extract.catalogue_levels.catalogue_for`) unless
    ``ctx.config["catalogue"]`` holds a user's own (a Catalogue, or a path laid over the shipped
    one) and either the plan chose it (``ctx.config["catalogue_choice"] == "configured"``) or it
    fits the issuer (its ``city`` is the issuer's name, or the issuer is unknown);
    ``ctx.config["plan_end_year"]`` overrides the end year."""
    if "issuer" not in ctx.results:  # a pipeline without the issuer component: read it here
        ctx.results.update(issuer_component(ctx))
    issuer = ctx.results.get("issuer")
    catalogue, note = chosen_catalogue(ctx.config, issuer)
    end = ctx.config.get("plan_end_year")
    if end is None:
        title = ctx.document.title or next((n.title for n in ctx.nodes if n.kind == "title"), "")
        end = plan_end_year(title, ctx.nodes, ctx.document.text)
    end_year = int(end) if end is not None else None
    tasks = tuple(ctx.results.get("tasks", ()))
    if catalogue is None or not catalogue.departments:
        return {
            "assignments": tuple(unassigned(tasks, reason=note, plan_end_year=end_year)),
            "catalogue_note": note,
        }
    assignments = propose(
        tasks,
        catalogue,
        node_titles={n.id: n.title for n in ctx.nodes},
        node_parents={n.id: n.parent for n in ctx.nodes},
        plan_end_year=end_year,
        text=ctx.document.text,
        folded=ctx.folded,
        level=issuer.level if isinstance(issuer, Issuer) else None,
    )
    return {"assignments": tuple(assignments), "catalogue_note": note}


def chosen_catalogue(config: Mapping[str, Any], issuer: Issuer | None) -> tuple[Catalogue | None, str]:
    """The catalogue the configuration and the issuer call for (None: none fits), and a sentence
    saying which one it is or why there is none."""
    configured = config.get("catalogue")
    choice = config.get("catalogue_choice") or "auto"
    own: Catalogue | None = None
    if isinstance(configured, Catalogue):
        own = configured
    elif configured is not None:
        own = load_catalogue(Path(str(configured)))
    if own is not None and (
        choice == "configured" or (choice == "auto" and (issuer is None or own.city in (None, issuer.name)))
    ):
        return own, "使用用户加载的部门目录" + (f"（{own.city}）" if own.city else "")
    return catalogue_for(issuer)
