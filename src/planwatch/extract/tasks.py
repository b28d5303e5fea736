"""Tasks: the directive sentences of a plan, each with its verb, object, domain and policy instrument.

A task is what a planning official lists in a task-breakdown table (任务分解表): one directive
sentence of a body, cut at 。；！？ (e.g. "实施产业创新工程,一体推进创新设施建设、技术研究开发、产品迭代
升级"). A very long sentence that chains several directives is cut where a new action verb starts
after a comma, into pieces that still stand on their own (sizes in ``verbs.yaml``).

Not tasks:

* headings: the title sentence of a part/article/section ("培育壮大战略性新兴产业。") and the short
  directive that opens a paragraph and heads the sentences after it, work-report style
  ("推动产业链供应链优化升级。"); they still steer the domain of what follows;
* the title, preamble and closing of the document;
* sections about the past, the situation, the principles or the targets, told by their titles
  (回顾, 形势, 指导思想, 主要目标…) or by their content (more sentences that report or describe
  than sentences that direct; a long such section speaks for the sections under it);
* sentences that report achievements (了, 累计, 五年来…) or describe the situation (面临, 仍…),
  even when they open with an action verb;
* rhetoric: addresses and professions of confidence (各位代表，…; 展望未来，我们有信心…).

Matching runs on the folded text (same length as the original); spans and texts come from the
original. The lexicons are YAML files under ``planwatch/data/tasks/``; a directory with edited
copies can be given as ``ctx.config["task_lexicon_dir"]``.

The extractor runs on every analysis, so it avoids per-character Python work: one marker scan
over the whole text, then per sentence a few anchored regex matches and ``str.find`` calls.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from itertools import groupby
from operator import attrgetter
from typing import Any

from planwatch.extract.pipeline import Context, component
from planwatch.extract.task_lexicon import (
    DESCRIBES,
    PAST,
    PURPOSE,
    RHETORIC,
    SITUATION,
    WEAK_PAST,
    TaskLexicon,
    best,
    load_lexicon,
)
from planwatch.ingest.fast_construct import maker
from planwatch.model import Node, Sentence, Task

_SKIPPED_KINDS = frozenset({"title", "preamble", "closing"})
_LEAD_LABELS = frozenset({"——", "—"})
# what a colon frames for the list after it (《纲要草案》部署了13项任务举措：一是…；二是…。)
_FRAMING_FLAGS = PAST | DESCRIBES
_LIST_ITEM = re.compile(
    r"[二三四五六七八九十]{1,2}是|其[二三四五六七八九十]|第[二三四五六七八九十]{1,2}[,、]"
)
# the ordinal that opens an item of a 一是…二是… list (一是继续实施…; 九是开展…活动): the item's
# directive follows it
_ENUMERATOR = re.compile(r"[一二三四五六七八九十]{1,2}是(?![,:;。])")
_TRAILING = " \t\u3000\r\n。.;!?,:、；！？，："
_LEADING = " \t\u3000\r\n,:、，："
_SPACE = " \t\u3000\r"
_REVIEW_PARENT_MIN_SENTENCES = 5
_HEADING_MEMO_LIMIT = 4096
_BY_SPAN = attrgetter("start", "end")
_BY_NODE = attrgetter("node")
_START = attrgetter("start")

# a directive: (verb start, verb end, object start, object end) in absolute offsets
_Directive = tuple[int, int, int, int]

_make_task = maker(Task)


@component("tasks", provides=("tasks",))
def tasks(ctx: Context) -> Mapping[str, Any]:
    directory = ctx.config.get("task_lexicon_dir")
    lexicon = load_lexicon(str(directory) if directory else None)
    return {"tasks": tuple(extract_tasks(ctx, lexicon))}


def extract_tasks(ctx: Context, lex: TaskLexicon) -> list[Task]:
    text = ctx.document.text
    folded = ctx.folded
    sentences = ctx.sentences
    nodes = {n.id: n for n in ctx.nodes}
    flags, purposes = _scan_markers(folded, sentences, lex)

    # a node's sentences come in runs (a parent's may resume after its children's)
    by_node: dict[str, list[Sentence]] = {}
    for node_id, run in groupby(sentences, _BY_NODE):
        group = by_node.get(node_id)
        if group is None:
            by_node[node_id] = list(run)
        else:
            group.extend(run)

    gate_cache: dict[str, bool] = {}
    review_parents: set[str] = set()
    out: list[Task] = []
    in_order = True
    last_start = -1
    # sentences come in document order, so a parent is judged before its children
    for node_id, group in by_node.items():
        node = nodes.get(node_id)
        if node is None or node.kind in _SKIPPED_KINDS:
            continue
        if _title_gated(node, nodes, lex, gate_cache) or _under_review(node, nodes, review_parents):
            continue
        mark = len(out)
        if not _node_tasks(node, group, nodes, flags, purposes, text, folded, lex, out):
            # not a task section after all: take back what it gave
            del out[mark:]
            if len(group) >= _REVIEW_PARENT_MIN_SENTENCES and _reports(group, flags, folded, lex):
                review_parents.add(node_id)
        elif len(out) > mark:
            # a parent's sentences may resume after its children's: then the order needs a sort
            in_order = in_order and out[mark].start >= last_start
            last_start = out[-1].start
    if not in_order:
        out.sort(key=_BY_SPAN)
    return out


def _scan_markers(
    folded: str, sentences: Sequence[Sentence], lex: TaskLexicon
) -> tuple[dict[int, int], list[int]]:
    """Past/situation flags by sentence start, and the offsets of purpose phrases (以便, 从而…).

    One scan over the whole text: the markers are rare, so mapping them back to sentences is cheap.
    """
    flags: dict[int, int] = {}
    purposes: list[int] = []
    hits: list[tuple[int, int]] = []
    kinds = lex.marker_kinds
    for word, start, _ in lex.markers.find_matches_as_indexes(folded):
        kind = kinds[word]
        if kind & PURPOSE:
            purposes.append(start)
        hits.append((start, kind))
    if lex.perfective_le:
        pos = folded.find("了")
        while pos >= 0:
            # 为了/除了 (purpose, except) and 了解/了如指掌 (to know) are not the perfective
            if not (pos > 0 and folded[pos - 1] in "为除") and folded[pos + 1 : pos + 2] not in ("解", "如"):
                hits.append((pos, PAST))
            pos = folded.find("了", pos + 1)
    hits.extend((pos, DESCRIBES) for pos in document_reports(folded, lex))
    in_past = False
    prev_end = 0
    for s in sentences:
        # a new line starts a new paragraph (or a heading, whose sentence starts after its label)
        if prev_end == 0 or folded.find("\n", prev_end, s.start) >= 0:
            in_past = lex.past_paragraph.match(folded, s.start) is not None
        elif in_past and lex.past_paragraph_end.match(folded, s.start) is not None:
            in_past = False
        if in_past:
            hits.append((s.start, PAST))
        prev_end = s.end
    if not hits:
        return flags, purposes
    starts = list(map(_START, sentences))
    ordered = sorted(starts)
    if ordered != starts:  # the outline gives them in text order; anything else is sorted first
        sentences = sorted(sentences, key=_START)
        starts = ordered
    first_framing: dict[int, int] = {}
    for pos, kind in hits:
        i = bisect_right(starts, pos) - 1
        # a marker outside every sentence (in a label) concerns none
        if i >= 0 and pos < sentences[i].end:
            flags[starts[i]] = flags.get(starts[i], 0) | kind
            if kind & _FRAMING_FLAGS and pos < first_framing.get(starts[i], pos + 1):
                first_framing[starts[i]] = pos
    if first_framing:
        _spread_frames(folded, sentences, flags, first_framing, lex)
    return flags, purposes


def document_reports(folded: str, lex: TaskLexicon) -> list[int]:
    """Where ``lex.document_report`` matches (《纲要》提出…), as its ``finditer`` finds them.

    The pattern opens with a lookbehind, which the engine would try at every position of the
    text; it can only match at a 《 or the 在 before one, so it is tried there alone. The 《 are
    found by ``str.find``, fifty times as fast as a regex scan for them over a whole plan (the
    engine steps through every character, ``find`` skips in bulk), at the places ``在?《`` would
    find: the 在 right before a 《, else the 《 itself."""
    out: list[int] = []
    end = 0
    match = lex.document_report.match
    find = folded.find
    q = find("《")
    while q >= 0:
        start = q - 1 if q > 0 and folded[q - 1] == "在" else q
        if start >= end and (m := match(folded, start)) is not None:
            out.append(m.start())
            end = m.end()
        q = find("《", q + 1)
    return out


def _spread_frames(
    folded: str,
    sentences: Sequence[Sentence],
    flags: dict[int, int],
    first_framing: Mapping[int, int],
    lex: TaskLexicon,
) -> None:
    """A list after a colon belongs to the clause before it: when that clause reports or describes
    (《纲要草案》具体部署了13项任务举措：一是…；二是…；…), so does every item of the list up to the
    end of the sentence, though the items are cut at ；into sentences of their own."""
    frame = 0
    for k, s in enumerate(sentences):
        if frame:
            flags[s.start] = flags.get(s.start, 0) | frame
        else:
            pos = first_framing.get(s.start)
            if pos is not None:
                colon = folded.find(":", pos, s.end)
                # a frame announcing the plan's tasks (部署了13项任务举措：一是…) lists actions,
                # each item judged on its own
                if colon >= 0 and lex.task_title.search(folded, pos, colon) is None:
                    frame = flags[s.start] & _FRAMING_FLAGS
        if not frame:  # no list under way: whether one would go on does not matter
            continue
        nxt = sentences[k + 1] if k + 1 < len(sentences) else None
        # the list goes on past ；, and past 。 where its next item is numbered (…。二是…。三是…)
        follows = (
            nxt is not None
            and "\n" not in folded[s.end : nxt.start]
            and (folded[s.end - 1 : s.end] == ";" or _LIST_ITEM.match(folded, nxt.start) is not None)
        )
        if not follows:
            frame = 0


def _title_gated(node: Node, nodes: Mapping[str, Node], lex: TaskLexicon, cache: dict[str, bool]) -> bool:
    """True when this node or an ancestor is titled as review/situation/principles/targets."""
    hit = cache.get(node.id)
    if hit is not None:
        return hit
    parent = nodes.get(node.parent) if node.parent else None
    gated = parent is not None and _title_gated(parent, nodes, lex, cache)
    if not gated and node.title:
        gated = _gating_title(node.title, lex)
    cache[node.id] = gated
    return gated


def _gating_title(title: str, lex: TaskLexicon) -> bool:
    """Whether a title names a review/situation/principles/targets section (remembered per title).

    Titles are matched as printed: the lexicon words are CJK, which folding leaves alone.
    """
    hit = lex.gate_memo.get(title)
    if hit is None:
        hit = (
            lex.non_task_title.search(title) is not None
            and lex.task_title.search(title) is None
            and lex.verb.match(title) is None
        )
        if len(lex.gate_memo) >= _HEADING_MEMO_LIMIT:
            lex.gate_memo.clear()
        lex.gate_memo[title] = hit
    return hit


def _reports(sentences: Sequence[Sentence], flags: Mapping[int, int], folded: str, lex: TaskLexicon) -> bool:
    """Whether a part that is not a task list speaks for its sections as a review: it tells of the
    past and sets no targets. A part that opens a programme with the year's targets and general
    requirements (主要预期目标是…, 总体要求是…) fails as a task list too, yet its sections are the
    programme and are judged by their own sentences."""
    past = False
    search = lex.programme.search
    for s in sentences:
        if search(folded, s.start, s.end) is not None:
            return False
        past = past or bool(flags.get(s.start, 0) & (PAST | WEAK_PAST))
    return past


def _under_review(node: Node, nodes: Mapping[str, Node], review_parents: set[str]) -> bool:
    if not review_parents:
        return False
    parent = node.parent
    while parent:
        if parent in review_parents:
            return True
        p = nodes.get(parent)
        parent = p.parent if p is not None else None
    return False


def _node_tasks(
    node: Node,
    sentences: Sequence[Sentence],
    nodes: Mapping[str, Node],
    flags: Mapping[int, int],
    purposes: Sequence[int],
    text: str,
    folded: str,
    lex: TaskLexicon,
    out: list[Task],
) -> bool:
    """Append the tasks of one node; False when the node turns out not to be a task section.

    One pass does everything, as this runs for every sentence of every analysis.
    """
    headings = directives = ordinal = 0
    last = len(sentences) - 1
    head_match = lex.head.match
    verb_group = lex.verb_group
    lead_max = lex.paragraph_lead_max_chars
    split_at = lex.split_long_sentence_chars
    classify = lex.instruments.classify
    leading = _LEADING
    append = out.append
    make_task = _make_task
    node_id = node.id
    title = node.title
    levels: list[dict[int, float]] | None = None
    title_domain: str | None = None
    domain: str | None = None
    lead_active = False
    topic: str | None = None
    # where each sentence's words end, worked out once: the run-in leads read them too
    ends = [_trimmed_end(folded, s.start, s.end) for s in sentences]
    run_in = _run_in_leads(sentences, ends, title, text, folded, lex)
    for k, s in enumerate(sentences):
        start = s.start
        end = ends[k]
        if end <= start:
            headings += 1
            continue
        # a —— lead line is a whole directive clause (——坚持创新驱动发展，因地制宜发展新质生产力),
        # not a heading that names its paragraph
        lead_line = k == 0 and node.label in _LEAD_LABELS
        if k == 0 and title and not lead_line and _is_title(text, start, end, title):
            headings += 1
            continue
        flag = flags.get(start, 0)
        if flag & RHETORIC:
            # an address or a profession of confidence neither directs nor reports: it does not
            # count for or against the section being a task list
            headings += 1
            continue
        if flag & (PAST | DESCRIBES):
            continue
        # the common case, an action verb right at the start, costs one anchored match
        ce = folded.find(",", start, end)
        if ce < 0:
            ce = end
        m = head_match(folded, start, ce)
        # the verb group closes the match: its span is the verb, the object starts after it
        if m is not None and m.lastindex == verb_group:
            if flag & SITUATION:
                continue
            vs, ve = m.span(verb_group)
            os = ve
            oe = ce
        elif flag & WEAK_PAST:
            continue
        else:
            directive, modal_led = _walk_clauses(folded, start, end, lex)
            # a modal subject directs whatever the sentence mentions (全市上下要…应对…挑战)
            if directive is None or (flag & SITUATION and not modal_led):
                continue
            vs, ve, os, oe = directive
        if _states_targets(folded, start, end, vs, ve, lex):
            # the year's targets are outcomes to reach, not work to do: they neither count
            # as tasks nor make the section a task list
            continue
        directives += 1
        if levels is None:
            levels, title_domain = _title_levels(node, nodes, lex)
            domain = title_domain
        paragraph_start = _is_paragraph_start(text, start)
        if k in run_in or (
            not lead_line
            and end - start <= lead_max
            and k < last
            and ce == end
            and paragraph_start
            and text.find("\n", s.end, sentences[k + 1].start) < 0
        ):
            # a short directive that opens a paragraph and is followed by more of it heads the
            # paragraph (so does a run-in topic lead, see _run_in_leads): not a task, but it names
            # the domain and the topic of what follows
            domain = _domain(levels, lex.domains.scores(folded, start, end), lex)
            topic = text[start:end]
            lead_active = True
            continue
        if lead_active and paragraph_start:
            domain = title_domain
            topic = None
            lead_active = False
        if end - start > split_at:
            ordinal = _add_pieces(
                node_id,
                ordinal,
                s.id,
                start,
                end,
                (vs, ve, os, oe),
                domain,
                topic,
                flag,
                purposes,
                text,
                folded,
                lex,
                out,
            )
            continue
        if os < oe and folded[os] in leading:
            os += 1
        if flag & PURPOSE:
            os, oe = _cut_purpose(folded, purposes, os, oe)
        verb = text[vs:ve]
        obj = text[os:oe]
        instrument, subtype = classify(verb, obj)
        ordinal += 1
        append(
            make_task(
                f"{node_id}.t{ordinal}",
                text[start:end],
                verb,
                obj,
                node_id,
                start,
                end,
                domain if domain is not None else _clause_domain(folded, start, end, lex),
                instrument,
                subtype,
                s.id,
                topic,
            )
        )
    # a section that mostly reports, describes or sets targets is not a task list, even if a few
    # of its sentences read like directives (形势 … 全市上下要坚定拥护…)
    body = len(sentences) - headings
    return directives > 0 and directives * 2 >= body - directives


def _add_pieces(
    node_id: str,
    ordinal: int,
    sentence_id: str,
    start: int,
    end: int,
    directive: _Directive,
    domain: str | None,
    topic: str | None,
    flag: int,
    purposes: Sequence[int],
    text: str,
    folded: str,
    lex: TaskLexicon,
    out: list[Task],
) -> int:
    """Tasks from an overlong sentence, one per piece; returns the last ordinal used."""
    for ps, pe, vs, ve, os, oe in _pieces(start, end, directive, folded, lex):
        if os < oe and folded[os] in _LEADING:
            os += 1
        if flag & PURPOSE:
            os, oe = _cut_purpose(folded, purposes, os, oe)
        verb = text[vs:ve]
        obj = text[os:oe]
        instrument, subtype = lex.instruments.classify(verb, obj)
        ordinal += 1
        out.append(
            _make_task(
                f"{node_id}.t{ordinal}",
                text[ps:pe],
                verb,
                obj,
                node_id,
                ps,
                pe,
                domain if domain is not None else _clause_domain(folded, ps, pe, lex),
                instrument,
                subtype,
                sentence_id,
                topic,
            )
        )
    return ordinal


def _states_targets(folded: str, start: int, end: int, vs: int, ve: int, lex: TaskLexicon) -> bool:
    """Whether a directive-looking sentence only states targets: it frames a list of them
    (主要预期目标是：生产总值增长5%左右，…), or its verb only asks to reach a figure (实现外贸进出口
    增长5%; 确保粮食产量稳定在1300亿斤以上) and none of its other clauses sets work to do."""
    frame = lex.target_frame.search(folded, start, end)
    if frame is not None and folded.find(",", start, frame.start()) < 0:
        return True
    if folded[vs:ve] not in lex.outcome_verbs or lex.target_figure.search(folded, ve, end) is None:
        return False
    first = _clause_end(folded, start, end)
    for cs, ce in _clauses(folded, first + 1, end):
        found, framing = _directive_at(folded, cs, ce, lex)
        if found is not None and not framing:
            return False
    return True


def _run_in_leads(
    sentences: Sequence[Sentence], ends: Sequence[int], title: str, text: str, folded: str, lex: TaskLexicon
) -> frozenset[int]:
    """Indices of the run-in topic leads of a node's sentences (``ends``: where the words of each
    end, see _trimmed_end).

    A paragraph printed as a row of groups, each a short bold topic (更大力度提振消费。) and the
    longer sentences that carry it out, loses its bold in plain text, and the topics run into the
    paragraph. A topic is told by its shape and by what follows it: a short directive without a
    comma or a list of examples (…等), ending in 。 in mid-paragraph, right before a longer
    sentence of several clauses, and whose object comes back in the sentences of its group (up
    to the next such sentence): they elaborate it (提高农业综合效益和竞争力。发展科技农业、…).
    One such sentence may be an ordinary short directive; a paragraph with two or more is a row
    of groups. Short directives followed by unrelated work (持续实施中医药振兴发展工程。统筹建强…
    心理援助热线体系，…) or by no elaboration at all (创新发展数字贸易。扩大…进口。) stay tasks.

    Groups follow the paragraph's opening: a paragraph headed by a lead of its own (加强高质量教育
    体系建设。…) is one group, whose short sentences are its tasks; and in a paragraph that opens
    with the node's run-in title, the sentence right after it opens the section and is no topic.
    """
    lead_max = lex.paragraph_lead_max_chars
    out: list[int] = []
    a = 0
    n = len(sentences)
    while a < n:
        b = a + 1
        while b < n and "\n" not in text[sentences[b - 1].end : sentences[b].start]:
            b += 1
        first = sentences[a]
        if not (
            _is_paragraph_start(text, first.start) and _lead_shaped(folded, first.start, ends[a], lead_max)
        ):
            begin = a + 1
            if a == 0 and title and _is_title(text, first.start, ends[a], title):
                begin += 1
            found = _topics(sentences, ends, begin, b, text, folded, lex)
            if len(found) >= 2:
                out.extend(found)
        a = b
    return frozenset(out)


def _topics(
    sentences: Sequence[Sentence],
    ends: Sequence[int],
    begin: int,
    stop: int,
    text: str,
    folded: str,
    lex: TaskLexicon,
) -> list[int]:
    """The topic-shaped sentences among ``sentences[begin:stop]`` (one paragraph) whose object
    comes back in their group: the longer sentences after it, up to the next short one (a topic
    or a standalone directive, which elaborates nothing before it)."""
    lead_max = lex.paragraph_lead_max_chars
    head_match = lex.head.match
    verb_group = lex.verb_group
    short = [k for k in range(begin, stop) if _lead_shaped(folded, sentences[k].start, ends[k], lead_max)]
    found: list[int] = []
    for j, k in enumerate(short):
        if k + 1 >= stop:
            break
        s, nxt = sentences[k], sentences[k + 1]
        end = ends[k]
        nxt_end = ends[k + 1]
        if (
            folded.find("等", s.start, end) >= 0
            or nxt_end - nxt.start < 2 * (end - s.start)
            or folded.find(",", nxt.start, nxt_end) < 0
        ):
            continue
        m = head_match(folded, s.start, end)
        if m is None or m.lastindex != verb_group:
            continue
        group_end = sentences[(short[j + 1] if j + 1 < len(short) else stop) - 1].end
        group = folded[nxt.start : group_end]
        if any(_is_word_pair(folded, i) and folded[i : i + 2] in group for i in range(m.end(), end - 1)):
            found.append(k)
    return found


def _lead_shaped(folded: str, start: int, end: int, lead_max: int) -> bool:
    """A short sentence of one clause, closed by 。 (``end``: where its words end, see _trimmed_end)."""
    # the length first: it rules out most sentences at the least cost
    return (
        end - start <= lead_max
        and folded[end : end + 1] == "。"
        and folded.find(",", start, end) < 0
        and folded.find(";", start, end) < 0
        and folded.find(":", start, end) < 0
    )


def _is_word_pair(folded: str, i: int) -> bool:
    """Whether two characters from ``i`` are both CJK ideographs (a word-like pair of the object)."""
    return "\u4e00" <= folded[i] <= "\u9fff" and "\u4e00" <= folded[i + 1] <= "\u9fff"


def _trimmed_end(folded: str, start: int, end: int) -> int:
    """Where a sentence's words end, before its closing punctuation and spaces."""
    while end > start and folded[end - 1] in _TRAILING:
        end -= 1
    return end


def _cut_purpose(folded: str, purposes: Sequence[int], os: int, oe: int) -> tuple[int, int]:
    """The object ends before a purpose phrase (以便, 从而…) inside its clause."""
    k = bisect_left(purposes, os)
    if k < len(purposes) and purposes[k] < oe:
        oe = purposes[k]
        while oe > os and folded[oe - 1] in _TRAILING:
            oe -= 1
    return os, oe


def _is_title(text: str, start: int, end: int, title: str) -> bool:
    """Whether the sentence at ``start`` is the node's printed title (spacing aside)."""
    if text.startswith(title, start):
        return start + len(title) >= end
    return text[start] == title[0] and _squash(text[start:end]) == _squash(title)


def _squash(s: str) -> str:
    return "".join(s.split()).rstrip(_TRAILING)


def _is_paragraph_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in _SPACE:
        j -= 1
    return j < 0 or text[j] == "\n"


def _clause_end(folded: str, start: int, end: int) -> int:
    comma = folded.find(",", start, end)
    colon = folded.find(":", start, comma if comma >= 0 else end)
    if colon >= 0:
        return colon
    return comma if comma >= 0 else end


def _with_object(vs: int, ve: int, ce: int) -> _Directive:
    return (vs, ve, ve, ce)


def _clauses(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        ce = _clause_end(folded, pos, end)
        if ce > pos:
            out.append((pos, ce))
        pos = ce + 1
    return out


def _walk_clauses(folded: str, start: int, end: int, lex: TaskLexicon) -> tuple[_Directive | None, bool]:
    """The first clause that opens a directive, past framing (围绕…, 以…为牵引) and description.

    A framing clause with its own directive inside (在微纳精准操控等领域争创…) counts; a framing
    clause that is only a verb phrase (聚焦…, 突出…) is kept as the fallback when nothing follows.
    """
    modal_led = False
    fallback: _Directive | None = None
    for cs, ce in _clauses(folded, start, end):
        m_item = _ENUMERATOR.match(folded, cs, ce)
        if m_item is not None:
            cs = m_item.end()
        pos = cs
        m_modal = lex.modal.match(folded, cs, ce)
        if m_modal is not None:
            modal_led = True
            pos = m_modal.end()
            if pos >= ce:
                continue
        found, framing = _directive_at(folded, pos, ce, lex)
        if found is not None and not framing:
            if m_modal is not None and found[2] >= found[3]:
                # 积极的财政政策要适度加力: the subject is what the verb acts on
                found = (found[0], found[1], cs, _subject_end(folded, cs, m_modal.end()))
            return found, modal_led
        if framing and fallback is None and found is not None:
            fallback = found
    return fallback, modal_led


def _subject_end(folded: str, cs: int, modal_end: int) -> int:
    for marker in ("必须", "务必", "应当", "需要", "要", "拟"):
        if folded.startswith(marker, modal_end - len(marker)):
            return max(cs, modal_end - len(marker))
    return modal_end


def _directive_at(folded: str, pos: int, end: int, lex: TaskLexicon) -> tuple[_Directive | None, bool]:
    """The directive opening at ``pos``: (directive or None, whether the clause only frames)."""
    m = lex.head.match(folded, pos, end)
    if m is not None:
        if m.lastindex == lex.verb_group:
            return _with_object(m.start(lex.verb_group), m.end(), end), False
        inner = lex.framed_verb.match(folded, pos, end)
        if inner is not None:
            return _with_object(inner.start("verb"), inner.end(), end), False
        # 聚焦…/突出… alone in a sentence is still its directive: offered as a fallback
        m_verb = lex.verb.match(folded, pos, end)
        if m_verb is None:
            # 对…给予资助 opens with a framing 对 yet is a disposal with its verb after the object
            m_disp = lex.disposal.match(folded, pos, end)
            if m_disp is not None:
                return (
                    m_disp.start("verb"),
                    m_disp.end("verb"),
                    m_disp.start("object"),
                    m_disp.end("object"),
                ), False
            # 为…提供/开展…: offered as a fallback like 聚焦…, so a 为-purpose before the
            # sentence's own directive does not displace it
            m_for = lex.benefactive.match(folded, pos, end)
            if m_for is not None:
                return _with_object(m_for.start("verb"), m_for.end(), end), True
        return (_with_object(m_verb.start("verb"), m_verb.end(), end) if m_verb else None), True
    m_disp = lex.disposal.match(folded, pos, end)
    if m_disp is not None:
        return (m_disp.start("verb"), m_disp.end("verb"), m_disp.start("object"), m_disp.end("object")), False
    return None, False


def _pieces(
    start: int, end: int, directive: _Directive, folded: str, lex: TaskLexicon
) -> list[tuple[int, int, int, int, int, int]]:
    """An overlong directive sentence cut where a new directive verb starts after a comma, into
    pieces of at least ``min_piece_chars``."""
    out: list[tuple[int, int, int, int, int, int]] = []
    piece_start, piece_directive = start, directive
    for cs, ce in _clauses(folded, directive[1], end):
        if cs - piece_start < lex.min_piece_chars or end - cs < lex.min_piece_chars:
            continue
        found, framing = _directive_at(folded, cs, ce, lex)
        if found is None or framing:
            continue
        pe = cs
        while pe > piece_start and folded[pe - 1] in _TRAILING:
            pe -= 1
        out.append((piece_start, pe, *piece_directive))
        piece_start, piece_directive = cs, found
    out.append((piece_start, end, *piece_directive))
    return out


def _clause_domain(folded: str, start: int, end: int, lex: TaskLexicon) -> str | None:
    """The domain named by the task's own words, for tasks under titles that name none."""
    d = best(lex.domains.scores(folded, start, end))
    return lex.domains.names[d] if d is not None else None


def _title_levels(
    node: Node, nodes: Mapping[str, Node], lex: TaskLexicon
) -> tuple[list[dict[int, float]], str | None]:
    """Domain keyword scores of the node's title and its ancestors' titles (outermost first), and
    the domain they name; remembered by the titles, of which they are a pure function."""
    titles: list[str] = []
    cur: Node | None = node
    while cur is not None:
        if cur.title and cur.kind not in _SKIPPED_KINDS:
            titles.append(cur.title)
        cur = nodes.get(cur.parent) if cur.parent else None
    key = tuple(titles)
    memo = lex.heading_memo
    hit = memo.get(key)
    if hit is None:
        levels = [h for h in map(lex.domains.scores, reversed(titles)) if h]
        hit = (levels, _domain(levels, None, lex))
        if len(memo) >= _HEADING_MEMO_LIMIT:
            memo.clear()
        memo[key] = hit
    return hit


def _domain(
    levels: Sequence[dict[int, float]], lead: dict[int, float] | None, lex: TaskLexicon
) -> str | None:
    """The domain named by the enclosing titles and the paragraph lead: the highest summed score,
    a tie going to the one the innermost heading scores higher, as the most specific; None when
    they name none."""
    if lead:
        levels = [*levels, lead]
    if not levels:
        return None
    if len(levels) == 1:
        i = best(levels[0])
        return lex.domains.names[i] if i is not None else None
    totals: dict[int, float] = {}
    for level in levels:
        for i, w in level.items():
            totals[i] = totals.get(i, 0.0) + w
    top = max(totals.values())
    tied = [i for i, t in totals.items() if t == top]
    if len(tied) > 1:
        tied.sort(key=lambda i: (*(-level.get(i, 0.0) for level in reversed(levels)), i))
    return lex.domains.names[tied[0]]
