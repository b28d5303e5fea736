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
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick_rs

from planwatch.extract.departments import Catalogue, load_catalogue
from planwatch.extract.numbers_zh import cn_integer
from planwatch.extract.pipeline import Context, component
from planwatch.extract.quantity_period import anchor_of, plan_years
from planwatch.model import Assignment, Department, Node, Task, UnitScore
from planwatch.outline import fold

TERRITORIAL_KINDS = frozenset({"district", "park"})
STANDING = "持续推进"
UNKNOWN_DUE = "待定"
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
# A lookahead on the characters a cue can start with lets the engine skip other positions in C
# instead of trying every branch there: a third of the time on plan text.
_DUE_FIRST = "".join(
    sorted(
        {"1", "2", "二", "到", "至", "截", "于", "十", "规", "健", "完", "建", "全"}
        | {w[0] for w in _STANDING_CUES + _FINITE_CUES}
    )
)
_DUE_CUES = re.compile(f"(?=[{_DUE_FIRST}])(?:{_DUE_SOURCE})")
_GOALS_TITLE = re.compile(r"目标")

_Found = tuple[int, float, str, str]  # unit, weight, where (for the reason), word


# ---------------------------------------------------------------- compiling a catalogue


@dataclass(frozen=True)
class _Matcher:
    """What a catalogue compiles to, once per catalogue.

    ``automaton`` finds every string worth finding (duty keywords, names, short names, aliases,
    neutral phrases) leftmost-longest in one pass in compiled code: a regex alternation of ~2,000
    strings, or a dictionary walk in Python, costs ten times as much per task.
    """

    units: tuple[Department, ...]
    automaton: Any  # ahocorasick_rs.AhoCorasick over ``words``
    words: tuple[str, ...]
    duties: Mapping[str, tuple[tuple[int, float], ...]]  # keyword -> (unit, weight) per owner
    weights: Mapping[str, float]  # keyword -> its weight before the territorial discount
    mentions: Mapping[str, tuple[int, float]]  # name/short/alias -> (unit, strength)
    territorial: tuple[bool, ...]
    priors: Mapping[str, tuple[tuple[int, float], ...]]  # domain -> (unit, prior)
    # word -> (its duty owners, the unit it names or None): one lookup per word found in a task
    meaning: Mapping[str, tuple[tuple[tuple[int, float], ...], tuple[int, float] | None]]

    def scan(self, text: str) -> list[str]:
        """The strings found in ``text``, leftmost-longest and not overlapping, in text order; a
        neutral phrase (健康发展) is found like any other, so it hides the keyword inside it."""
        words = self.words
        return [words[i] for i, _, _ in self.automaton.find_matches_as_indexes(text)]


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
        domain: tuple(
            (i, round(_PRIOR * _PRIOR_RANK[min(rank, len(_PRIOR_RANK) - 1)] / math.sqrt(len(held)), 6))
            for i, rank in held
        )
        for domain, held in leaders.items()
    }
    # a single character would be looked up at every position and match almost anywhere
    words = sorted(
        {w for w in (*duties, *mentions, *(fold(p) for p in catalogue.neutral)) if len(w) >= 2},
        key=lambda w: (-len(w), w),
    )
    matcher = _Matcher(
        units=units,
        automaton=ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest),
        words=tuple(words),
        duties=duties,
        weights=weights,
        mentions=mentions,
        territorial=territorial,
        priors=priors,
        meaning={w: (duties.get(w, ()), mentions.get(w)) for w in words},
    )
    catalogue.memo["assign_matcher"] = matcher
    return matcher


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
) -> list[Assignment]:
    """One proposed Assignment per task, in task order.

    ``node_titles`` maps node ids to titles; ``node_parents`` maps node ids to their parent's id
    (when None, ancestry is read from the ids: ``p3.a7`` → ``p3``). ``text`` is the document text
    the task spans index; a task whose span does not hold its text is read from its own text,
    without paragraph context. ``folded`` is the folded view of ``text`` when the caller has it.
    """
    m = _matcher(catalogue)
    view = folded if folded is not None and len(folded) == len(text) else fold(text)
    run = _Run(m, node_titles, node_parents, text, view, plan_end_year)
    return [run.assign(t) for t in tasks]


class _Run:
    """One call of :func:`propose`: evidence from titles and paragraphs is worked out once."""

    def __init__(
        self,
        m: _Matcher,
        node_titles: Mapping[str, str],
        node_parents: Mapping[str, str | None] | None,
        text: str,
        folded: str,
        plan_end_year: int | None,
    ) -> None:
        self.m = m
        self.titles = node_titles
        self.parents = node_parents
        self.text = text
        self.folded = folded
        self.end_year = plan_end_year
        self.title_memo: dict[str, list[_Found]] = {}
        self.paragraph_memo: dict[int, tuple[int, list[_Found]]] = {}
        self.context_memo: dict[tuple[str, int], tuple[dict[int, float], list[_Found]]] = {}
        self.reason_memo: dict[tuple[int, int], list[str]] = {}  # (id of a context, unit) -> parts

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

    def _scan_context(self, text: str, factor: float, where: str) -> list[_Found]:
        return [
            (unit, w * factor, where, word)
            for word in dict.fromkeys(self.m.scan(text))
            for unit, w in self.m.duties.get(word, ())
        ]

    def _titles(self, node_id: str) -> list[_Found]:
        memo = self.title_memo.get(node_id)
        if memo is None:
            memo = []
            for depth, nid in enumerate(self._chain(node_id)):
                title = self.titles.get(nid)
                if title:
                    factor = _TITLE_WEIGHTS[min(depth, len(_TITLE_WEIGHTS) - 1)]
                    memo += self._scan_context(fold(title), factor, f"所属标题“{title}”")
            self.title_memo[node_id] = memo
        return memo

    def _paragraph(self, task: Task) -> tuple[int, list[_Found]]:
        """The opening sentence of the task's paragraph, when the task is not in it: a topic
        sentence steers the directives after it (提升…物流中心功能。… 建设…枢纽). An opening that
        is the node's own heading adds nothing its title does not."""
        folded = self.folded
        start = folded.rfind("\n", 0, task.start) + 1
        memo = self.paragraph_memo.get(start)
        if memo is None:
            stop = folded.find("。", start)
            lead = folded[start:stop] if stop != -1 else ""
            heading = fold(self.titles.get(task.node, ""))
            found: list[_Found] = []
            if lead and not (heading and heading in lead):
                found = self._scan_context(lead, _PARAGRAPH_WEIGHT, f"段首句“{_clip(lead)}”")
            memo = (stop, found)
            self.paragraph_memo[start] = memo
        stop, found = memo
        return (start, found) if 0 <= stop < task.start else (-1, [])

    def _context(self, task: Task, in_text: bool) -> tuple[dict[int, float], list[_Found]]:
        paragraph, lead = self._paragraph(task) if in_text else (-1, [])
        key = (task.node, paragraph)
        memo = self.context_memo.get(key)
        if memo is None:
            found = self._titles(task.node) + lead
            # a heading names its topic once: its heaviest word per unit counts, not their sum, so
            # a title listing three duties of one unit cannot outweigh what the task itself says
            heaviest: dict[tuple[int, str], float] = {}
            for unit, w, where, _ in found:
                if w > heaviest.get((unit, where), 0.0):
                    heaviest[(unit, where)] = w
            scores: dict[int, float] = {}
            for (unit, _), w in heaviest.items():
                scores[unit] = scores.get(unit, 0.0) + w
            memo = (scores, found)
            self.context_memo[key] = memo
        return memo

    def _task_text(self, task: Task) -> tuple[str, bool]:
        """The folded task text, and whether the task's span in the document holds it."""
        if 0 <= task.start < task.end <= len(self.text) and self.text[task.start : task.end] == task.text:
            return self.folded[task.start : task.end], True
        return fold(task.text), False

    # -- choosing

    def assign(self, task: Task) -> Assignment:
        m = self.m
        text, in_text = self._task_text(task)
        context_scores, context = self._context(task, in_text)
        scores = dict(context_scores)
        said: dict[int, list[str]] = {}
        best: dict[int, float] = {}
        named: dict[int, str] = {}
        meaning = m.meaning
        for word in dict.fromkeys(m.scan(text)):
            owners, mention = meaning[word]
            for unit, w in owners:
                scores[unit] = scores.get(unit, 0.0) + w
                words = said.get(unit)
                if words is None:
                    said[unit] = [word]
                    best[unit] = w
                else:
                    words.append(word)
                    if w > best[unit]:
                        best[unit] = w
            if mention is not None and mention[0] not in named:
                named[mention[0]] = word
                scores[mention[0]] = scores.get(mention[0], 0.0) + mention[1]
        prior: set[int] = set()
        if task.domain:
            for unit, w in m.priors.get(task.domain, ()):
                scores[unit] = scores.get(unit, 0.0) + w
                prior.add(unit)
        ranked = sorted(scores.items(), key=_rank)
        lead: int | None = None
        for u, s in ranked:
            if s > 0 and (u in named or not m.territorial[u]):
                lead = u
                break
        cooperating: list[int] = []
        if lead is not None:
            floor = scores[lead] * _COOPERATE_RATIO
            cooperating = [u for u, _ in ranked if u in named and u != lead]
            cooperating += [
                u
                for u, s in ranked
                if u != lead and u not in named and u in said and (s >= floor or best[u] >= _DISTINCTIVE)
            ]
            del cooperating[MAX_COOPERATING:]
        due, due_reason = self.due(text)
        units = [
            UnitScore(
                department=m.units[u].name,
                score=round(scores[u], 3),
                reason=self._reason(task, u, said.get(u), named.get(u), context, u in prior),
            )
            for u in ([lead, *cooperating] if lead is not None else ())
        ]
        return Assignment(
            task=task.id,
            lead=units[0] if units else None,
            cooperating=tuple(units[1:]),
            due=due,
            due_reason=due_reason,
        )

    def _reason(
        self,
        task: Task,
        unit: int,
        said: list[str] | None,
        named: str | None,
        context: list[_Found],
        prior: bool,
    ) -> str:
        short = self.m.units[unit].short
        parts: list[str] = []
        if named is not None:
            parts.append(f"任务点名“{named}”")
        if said:
            words = _quoted(self._heaviest(said))
            parts.append(f"任务含{words}，对应{short}职责{words}")
        parts += self._context_reason(context, unit)
        if prior:
            if parts:
                parts.append(f"任务领域“{task.domain}”为其常牵头领域")
            else:
                parts.append(f"仅按任务领域“{task.domain}”推断：{short}常牵头该领域")
        return "；".join(parts)

    def _context_reason(self, context: list[_Found], unit: int) -> list[str]:
        key = (id(context), unit)  # contexts live in context_memo for the whole run: ids stay valid
        parts = self.reason_memo.get(key)
        if parts is None:
            by_where: dict[str, list[str]] = {}
            for u, _, where, word in context:
                if u == unit:
                    listed = by_where.setdefault(where, [])
                    if word not in listed:
                        listed.append(word)
            parts = [f"{where}含{_quoted(words[:_REASON_WORDS])}" for where, words in by_where.items()]
            self.reason_memo[key] = parts
        return parts

    def _heaviest(self, words: list[str]) -> list[str]:
        """At most a handful of words, so a reason stays short: all of them in text order when they
        are few, else the heaviest (ties in text order)."""
        if len(words) <= _REASON_WORDS:
            return words
        weight = self.m.weights
        order = sorted(range(len(words)), key=lambda i: (-weight.get(words[i], 0.0), i))
        return [words[i] for i in order[:_REASON_WORDS]]

    # -- due date

    def due(self, text: str) -> tuple[str, str]:
        end_year = self.end_year
        year: tuple[int, str] | None = None
        period: tuple[int, str] | None = None
        cue: re.Match[str] | None = None
        for dm in _DUE_CUES.finditer(text):
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


def _rank(item: tuple[int, float]) -> tuple[float, int]:
    return (-item[1], item[0])


def _quoted(words: Sequence[str]) -> str:
    return "".join(f"“{w}”" for w in words)


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


@component("assign", requires=("tasks",), provides=("assignments",))
def assign(ctx: Context) -> Mapping[str, Any]:
    """Pipeline component. ``ctx.config["catalogue"]`` may hold a Catalogue or a path to a user's
    catalogue (laid over the shipped one); ``ctx.config["plan_end_year"]`` overrides the end year."""
    configured = ctx.config.get("catalogue")
    if configured is None:
        catalogue = load_catalogue()
    elif isinstance(configured, Catalogue):
        catalogue = configured
    else:
        catalogue = load_catalogue(Path(str(configured)))
    end = ctx.config.get("plan_end_year")
    if end is None:
        title = ctx.document.title or next((n.title for n in ctx.nodes if n.kind == "title"), "")
        end = plan_end_year(title, ctx.nodes, ctx.document.text)
    assignments = propose(
        tuple(ctx.results.get("tasks", ())),
        catalogue,
        node_titles={n.id: n.title for n in ctx.nodes},
        node_parents={n.id: n.parent for n in ctx.nodes},
        plan_end_year=int(end) if end is not None else None,
        text=ctx.document.text,
        folded=ctx.folded,
    )
    return {"assignments": tuple(assignments)}
