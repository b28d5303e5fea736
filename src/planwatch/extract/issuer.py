"""Who issued a document: 中共中央/国务院/全国人大 (national), a province, autonomous region or
municipality directly under the central government (provincial), a city (municipal), a district or
county (county).

Read from where a document says it: its title (中共大连市委关于…的建议, 国务院关于…), its preamble and
signature (四川省人民政府省长 XXX; 国务院总理 XXX; 在河南省第十四届人民代表大会第四次会议上; 中国共产党
大连市第十三届委员会第十一次全体会议), its closing signature (XX市人民政府 / 2025年3月1日), and last
the place its title names (2026年四川省政府工作报告). The strongest kind of evidence found wins, the
earliest on a tie; the words it was read from come with it, so a person can check it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from planwatch.extract.pipeline import Context, component
from planwatch.model import LEVELS, Issuer
from planwatch.outline import fold

_HEAD_CHARS = 3000
_TAIL_LINES = 8
_EVIDENCE_CHARS = 60

PROVINCIAL = (
    *("北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省"),
    *("浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省"),
    *("四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区"),
    *("广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区"),
    *("香港特别行政区", "澳门特别行政区"),
)
_SUFFIX = r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|县|区|旗)"
# a place: a name not glued to a word before it (年, 在, 共, 表 may precede: 2026年四川省…, 在…,
# 中共…, 代表…), one or two parts (大连市金州区)
_PLACE = (
    r"(?:(?<![\u4e00-\u9fff])|(?<=[年在共表]))"
    rf"(?P<place>[\u4e00-\u9fff]{{1,9}}?{_SUFFIX}(?:[\u4e00-\u9fff]{{1,6}}?(?:自治县|县|区|旗|市))?)"
)
_NUM = "[一二三四五六七八九十]+"
_NATIONAL_BODY = r"(?P<body>中共中央|中国共产党中央委员会|国务院|全国人民代表大会常务委员会|全国人民代表大会|全国人大常委会)"

# (strength, pattern, level or None when read from the place); strongest first
_RULES: tuple[tuple[int, re.Pattern[str], str | None], ...] = (
    # the title names the body that speaks: 中共大连市委关于…, 国务院关于…, 中共中央 国务院关于…
    (
        1,
        re.compile(
            rf"^(?:\d{{4}}年)?{_NATIONAL_BODY}(?:\s*(?:、|和)?\s*(?:国务院|中共中央))?(?:办公厅)?(?:关于|印发)"
        ),
        "national",
    ),
    (
        1,
        re.compile(
            rf"^(?:中共|中国共产党)?{_PLACE}(?:委员会|委|人民政府|政府|人民代表大会常务委员会|人大常委会)"
            r"(?:办公厅|办公室)?(?:关于|印发)"
        ),
        None,
    ),
    # who signs: 国务院总理, 我代表国务院, 中华人民共和国国务院政府工作报告
    (
        2,
        re.compile(r"(?P<body>国务院)(?:总理|副总理)|代表(?P<body2>国务院)|中华人民共和国(?P<body3>国务院)"),
        "national",
    ),
    (
        2,
        re.compile(
            rf"{_PLACE}(?:人民政府)?(?:代理)?(?:省长|市长|县长|区长|州长|旗长|盟长|专员|主席)(?!助理)"
        ),
        None,
    ),
    (2, re.compile(rf"代表{_PLACE}人民政府"), None),
    # where it was given or adopted: 在第十四届全国人民代表大会…, 在四川省第十四届人民代表大会…
    (3, re.compile(rf"在第?{_NUM}届(?P<body>全国人民代表大会)"), "national"),
    (3, re.compile(rf"在{_PLACE}第?{_NUM}届人民代表大会"), None),
    (3, re.compile(rf"中国共产党{_PLACE}第{_NUM}届委员会"), None),
    (3, re.compile(r"(?P<body>中国共产党)第?[一二三四五六七八九十]+届中央委员会"), "national"),
)
# per rule, words one of which every match holds: a line with none of them is not searched (the
# place patterns try a lazy name at every character, and most lines of a plan's head name no
# issuer); empty for the anchored rules, which read only the title lines
_RULE_WORDS: tuple[tuple[str, ...], ...] = (
    (),
    (),
    ("国务院",),
    ("省长", "市长", "县长", "区长", "州长", "旗长", "盟长", "专员", "主席"),
    ("人民政府",),
    ("全国人民代表大会",),
    ("人民代表大会",),
    ("中国共产党",),
    ("中国共产党",),
)
# a title opening with a place: 2026年四川省政府工作报告, 长海县国民经济和社会发展…规划纲要
_TITLE_PLACE = re.compile(
    rf"^(?:\d{{4}}年)?(?:中共)?{_PLACE}"
    r"(?=\d{4}年|国民经济|人民政府|政府|“十|十[四五六七]五|[\u4e00-\u9fff]{0,24}?(?:规划|纲要|计划|报告))"
)
_SIGNATURE = re.compile(rf"^(?:中共|中国共产党)?{_PLACE}(?:委员会|委|人民政府|政府)(?:办公厅|办公室)?$")
_DATE_LINE = re.compile(r"^(?:\d{4}|二[〇零][〇零一二三四五六七八九]{2})年.{1,6}日$")
_NOT_A_PLACE = re.compile(
    r"^(?:自治区|自治州|自治县|自治旗|特别行政区|地区)$|关于|^(?:全|本|我|该|各|省|市|县|区|外)|人民|政府|委员会|代表|大会|城市|社区|地区$|园区|新区$|开发区|片区|城区|辖区|景区|街区|校区"
)
_NATIONAL_NAMES = {
    "中共中央": "中共中央",
    "中国共产党中央委员会": "中共中央",
    "中国共产党": "中共中央",
    "国务院": "国务院",
    "全国人民代表大会": "全国人民代表大会",
    "全国人民代表大会常务委员会": "全国人民代表大会常务委员会",
    "全国人大常委会": "全国人民代表大会常务委员会",
}


def level_of(place: str) -> str | None:
    """The level of a place's government, from its name; None when the name is not one."""
    place = place.strip()
    if place in _NATIONAL_NAMES or place in _NATIONAL_NAMES.values():
        return "national"
    if place in PROVINCIAL or place.endswith(("省", "自治区", "特别行政区")):
        return "provincial"
    if re.search(r"[市州盟]..*?(?:区|县|旗|市)$", place) or place.endswith(("县", "旗")):
        return "county"  # 大连市金州区, 长海县
    if place.endswith("区"):
        return "county"
    if place.endswith(("市", "州", "地区", "盟")):
        return "municipal"
    return None


def detect_issuer(title: str, text: str, folded: str | None = None) -> Issuer | None:
    """The issuer read from ``title`` (may be empty) and ``text``; None when nothing says it.
    ``folded`` is the folded view of ``text`` when the caller has it."""
    if folded is None or len(folded) != len(text):
        folded = fold(text)
    head_end = min(len(folded), _HEAD_CHARS)
    lines = _lines(folded, 0, head_end)
    title_line = fold(title).strip()
    first = next(((s, e) for s, e in lines), None)
    found: list[tuple[int, int, Issuer]] = []
    titles: list[tuple[int, int, str]] = []
    if first is not None:
        titles.append((first[0], first[1], folded[first[0] : first[1]].strip()))
    if title_line and not (titles and titles[0][2] == title_line):
        titles.insert(0, (-1, -1, title_line))
    head = folded[:head_end]
    for (strength, pattern, level), needed in zip(_RULES, _RULE_WORDS, strict=True):
        anchored = pattern.pattern.startswith("^")
        if not anchored and not any(w in head for w in needed):
            continue  # every line lies in the head: none can match
        for start, end in ((s, e) for s, e, _ in titles) if anchored else lines:
            line = title_line if start == -1 else folded[start:end]
            if not anchored and not any(w in line for w in needed):
                continue
            for m in pattern.finditer(line.strip() if anchored else line):
                issuer = _issuer(m, level, text, start if not anchored or start != -1 else None, line)
                if issuer is not None:
                    found.append((strength, start if start >= 0 else -1, issuer))
                    break
    if not found:
        found += _weak(folded, text, titles, lines)
    if not found:
        return None
    return min(found, key=lambda f: (f[0], f[1]))[2]


def _weak(
    folded: str, text: str, titles: Sequence[tuple[int, int, str]], lines: Sequence[tuple[int, int]]
) -> list[tuple[int, int, Issuer]]:
    """The closing signature (a body's name on a line before a date), then a place the title opens
    with: weaker, since a title may name the place a document is about."""
    out: list[tuple[int, int, Issuer]] = []
    tail = [(s, e) for s, e in _lines(folded, max(0, len(folded) - 600), len(folded)) if folded[s:e].strip()]
    tail = tail[-_TAIL_LINES:]
    for (s, e), nxt in zip(tail, [*tail[1:], (0, 0)], strict=True):
        m = _SIGNATURE.match(folded[s:e].strip())
        if m is not None and _DATE_LINE.match(folded[nxt[0] : nxt[1]].strip()):
            issuer = _issuer(m, None, text, s + (e - s - len(folded[s:e].lstrip())), folded[s:e].strip())
            if issuer is not None:
                out.append((4, s, issuer))
    for start, _, line in titles:
        m = _TITLE_PLACE.match(line)
        if m is not None:
            issuer = _issuer(m, None, text, start if start >= 0 else None, line)
            if issuer is not None:
                out.append((5, start, issuer))
    return out


def _issuer(
    m: re.Match[str], level: str | None, text: str, line_start: int | None, line: str
) -> Issuer | None:
    groups = m.groupdict()
    if level == "national":
        body = groups.get("body") or groups.get("body2") or groups.get("body3") or ""
        name = _NATIONAL_NAMES.get(body, body)
    else:
        name = groups.get("place") or ""
        if not name or _NOT_A_PLACE.search(name):
            return None
        level = level_of(name)
        if level is None:
            return None
    evidence = line.strip()
    if len(evidence) > _EVIDENCE_CHARS:
        lo = max(0, m.start() - 10)
        evidence = evidence[lo : lo + _EVIDENCE_CHARS]
    start = end = None
    if line_start is not None:
        offset = line_start + (len(line) - len(line.lstrip()) if m.re.pattern.startswith("^") else 0)
        # the folded text has the same length as the text: offsets carry over
        start, end = offset + m.start(), offset + m.end()
    return Issuer(name=name, level=level, evidence=evidence, start=start, end=end)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        if text[pos:stop].strip():
            out.append((pos, stop))
        pos = stop + 1
    return out


def issuer_from_config(value: Any) -> Issuer | None:
    """An issuer a person set for the plan (``config["issuer"]``): an Issuer or a mapping with name
    and level."""
    if isinstance(value, Issuer):
        return value
    if isinstance(value, Mapping) and value.get("name") and value.get("level") in LEVELS:
        return Issuer(
            name=str(value["name"]),
            level=str(value["level"]),
            evidence=str(value.get("evidence") or "人工指定"),
            source="override",
        )
    return None


@component("issuer", provides=("issuer",))
def issuer(ctx: Context) -> Mapping[str, Any]:
    """Pipeline component: the issuer set for the plan (``ctx.config["issuer"]``), else the one the
    document names."""
    chosen = issuer_from_config(ctx.config.get("issuer"))
    if chosen is not None:
        return {"issuer": chosen}
    title = ctx.document.title or next((n.title for n in ctx.nodes if n.kind == "title"), "")
    return {"issuer": detect_issuer(title, ctx.document.text, ctx.folded)}
