"""Build tests/gold/<name>.json from the hand-written label files next to this script.

The labels (quantities as ``text|subject|value|value_max|unit|qualifier|compared_to`` lines under
``@period`` headers, outline, task counts) are hand judgements; this script only locates each
``text`` in the document to fill in ``offset`` (searching forward from the previous item, so the
labels must be in document order) and writes the JSON.

    python tests/gold/src/build.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent
REPO = GOLD.parent.parent

ABOUT = (
    "Hand-labelled gold for one provincial 2026 government work report (outline, quantities, "
    "task sentences per section). Every item is a human judgement from the text; offsets are "
    "0-based character indices into the file decoded as UTF-8, exactly as it is on disk (page "
    'debris included). Items with "optional": true are judgement calls: scoring neither '
    "requires nor penalises them. See notes for the labelling conventions."
)

NOTES = [
    "Outline: parts (一、…) and sections (（一）…) in order, label as printed, title as printed; "
    "for a run-in section heading the title is the text up to the first 。. The 一是…六是 paragraphs "
    "of a review and the ——坚持… paragraphs of a five-year outlook are not sections.",
    "Quantity = a number (Arabic or Chinese numeral, incl. 万/亿 multipliers, 成 shares, 千亿/万亿 "
    "without a leading 一) with a unit or %, stating a measured or targeted amount. text = the "
    "shortest contiguous span that makes the figure self-contained (subject + qualifier + number + "
    "unit); two figures sharing one clause (分别…和…, X亿元、增长Y%) each get an item with the "
    "shared clause as text.",
    "Not quantities: dates and years (2030年前), ordinals and editions (第十八届, 第四次, 第二轮, "
    "第三批, 第一), anniversaries (80周年), labels of enumerations (7大产业集群, 6大, 三大产业, 四大流域, "
    "四个端点城市, 两个关键小事, 三条文化带), names of programmes/projects/campaigns containing a "
    "number (百亿斤粮食产能提升工程, 万名大学生助企服务专项计划, 三年行动, 百万亩造林绿化工程, "
    "0.1微克攻坚行动, “3个100”, 开一备三, “九五”普法, 一区三中心, 八站两场), version numbers (2.0任务, "
    "3.0方案), model or product designations (25兆瓦级风电主轴轴承, 全球最高10米液压支架, 5G-A, 6G, "
    "PM2.5, M102线, 22号线, 朱雀三号), threshold words that define a category rather than measure "
    "it (20户以上自然村, 年运量150万吨以上的物流园区, 10万千瓦及以下燃煤机组, 二级以上医疗机构, "
    "50米内换乘, 千亿级投资规模), level classes (三级综合医院, Ⅱ类), milestones passed (迈上4万亿、5万亿"
    "两个台阶), 翻番 without a number, 全球首个/首台.",
    "Counts are quantities even when examples are listed before them (洛阳等10个国家物流枢纽 -> 10 个) "
    "and when the unit is a bare multiplier (71.3万监测对象 -> unit 万). 连续N年 streaks are "
    "quantities (unit 年, qualifier 连续), as in the Dalian seed gold.",
    "value = the number as written before the unit (6.66 for 6.66万亿元; 5 for 5万余个; 1 for 超万亿元; "
    "1000 for 超千亿元, because 千 is a numeral and 亿元 the unit; 5 for 超五成); value_max only for "
    "ranges (4.5%-5%). unit as written, multiplier included (万亿元, 万户, 万个, 个百分点, 成, "
    "百亿亿次/秒, 人/百亿元).",
    "subject = the noun phrase measured, without framing verbs (实施, 推进, 推动, 加快, 建设, 建成, "
    "完成, 实现, 确保, 力争, 支持, 开展, 建立, 发行, 争取, 打造, 提供, 再创建) and without qualifiers. "
    "Verbs that define what is counted stay (新增/新建/新改建/新培育/新设/改造/筹集/发放/治理/拆除/"
    "疏解提质/植树造林/开挖疏浚/接待/打通/优化): 新增经营主体370万户 -> subject 新增经营主体, "
    "qualifier null (the Dalian seed used qualifier 新增; here 新增 is part of the subject). "
    "Where the text gives no compact noun phrase the subject is reworded minimally (19家企业战略性重组 -> "
    "战略性重组企业). Subjects are the least reproducible field.",
    "qualifier = one word or phrase; a bound/approximation word wins (以上, 以下, 以内, 左右, 超过, 超, "
    "突破, 近, 约, 多, 余, 不低于, 不少于), else a change word (增长, 实际增长, 下降, 提高, 增加, 净增, "
    "年均增长, 高于, 精简, 提升至, 提高到, 扩容至, 历时, 再延长), else 累计/连续/平均, else a level verb "
    "(达到, 达), else null. 稳定在/保持/控制在 alone are not qualifiers. A qualifier applies to the "
    "second item of a 、-list only when that item has no subject of its own (累计创建42个示范村、22个"
    "示范片区 -> both 累计; 国家高新技术企业达到1.5万家、科技型中小企业3.2万家 -> second null); 分别 "
    "spreads.",
    'period = what the figure speaks about: "十四五" for the five-year review (过去五年/“十四五”时期… '
    'paragraphs), "2025" for last year\'s results (一年来/过去一年 and the 2025 review sections), '
    '"十五五" for five-year-plan targets, "2026" for this year\'s targets and tasks; a year when '
    "the text says 从2020年的…(the base item) or 到YYYY年.",
    "compared_to = baseline of a change, null for levels and for counts of new things (新增…): "
    '"上年" for a one-year change stated or implied (增长5.6%, 下降18%, 涨幅2%左右, 增加25天, '
    '从75.6%提升至76.5% in a 2025 review); "十三五" (i.e. the end of 2020) for five-year changes '
    'and annual averages over the 十四五 period; "十四五" for 十五五 annual averages/changes; '
    '"全国" for 高于全国…; an explicit year when printed (从2020年的82.4岁提升至83.9岁 -> "2020"). '
    "A rate of change that is itself the subject (年均增速4.5%-5%, 服务贸易年均增速5%左右) still "
    "gets the baseline.",
    "Optional items: national policy parameters (土地承包再延长30年), counts of the plan's own "
    "indicators/tasks (29项主要指标, 13项任务举措), named packages (十条支持措施), shares given as "
    "words (近一半), a lead time (提前两周), a scale inside a project name (200万亩整区域…项目), "
    "18条乡村富民产业链 (a set named by its count).",
    "Tasks: per section (and per part without sections) the number of directive sentences, a "
    "sentence ending with 。 or ！ that says what the government will do. Review sentences "
    "(achievements), rhetoric, thanks and problem statements count 0, so review sections are 0. "
    "The bold run-in lead of a paragraph (突出重点事项攻坚。) is a heading and is not counted; a "
    "section's unbolded opening sentence (坚持…，…。) is counted. Paragraphs after the last "
    "section that open the closing (各位代表！…/ government self-building) do not belong to it. "
    "In a five-year outlook part without sections, the ——坚持… lead sentences and the sentences "
    "after them are directives; descriptions of what the plan document contains are not.",
]


def _quantities(spec: str, text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    period = None
    pos = 0
    for raw in spec.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            period = line[1:]
            continue
        optional = line.startswith("?")
        fields = line.lstrip("?").split("|")
        if len(fields) != 7:
            sys.exit(f"bad line: {raw}")
        span, subject, value, vmax, unit, qual, cmp = fields
        at = text.find(span, pos)
        if at < 0:
            sys.exit(f"not found after {pos}: {span}")
        pos = at
        item: dict[str, Any] = {
            "text": span,
            "offset": at,
            "subject": subject,
            "value": float(value),
            "value_max": float(vmax) if vmax else None,
            "unit": unit,
            "qualifier": qual or None,
            "period": period,
            "compared_to": cmp or None,
        }
        if optional:
            item["optional"] = True
        out.append(item)
    return out


def _outline(text: str, heads: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    pos = 0
    for kind, label, title in heads:
        printed = f"{label}、{title}" if kind == "part" else f"{label}{title}"
        at = text.find(printed, pos)
        if at < 0:
            sys.exit(f"heading not found: {printed}")
        pos = at
        out.append({"kind": kind, "label": label, "title": title, "offset": at})
    return out


def _directives(text: str, start_marker: str, end_marker: str) -> list[str]:
    """First words of the counted sentences of one section (paragraph leads dropped)."""
    a = text.index(start_marker)
    b = text.index(end_marker, a + 1) if end_marker else len(text)
    found: list[str] = []
    for para in text[a:b].split("\n")[1:]:
        sents = [s for s in re.split(r"(?<=[。！])", para) if s.strip()]
        if sents and len(sents[0]) <= 16 and not sents[0].startswith("坚持"):
            sents = sents[1:]
        found.extend(s[:12] for s in sents)
    return found


def build(name: str, doc: str, heads: list[tuple[str, str, str]], tasks: list[dict[str, Any]]) -> None:
    text = (REPO / doc).read_text(encoding="utf-8")
    spec = (HERE / f"{name}.quantities").read_text(encoding="utf-8")
    gold = {
        "_about": ABOUT,
        "document": doc,
        "notes": NOTES,
        "outline": _outline(text, heads),
        "quantities": _quantities(spec, text),
        "tasks": tasks,
    }
    (GOLD / f"{name}.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


HENAN = "../shared/corpus/provinces-2026-dev/河南省.txt"
BEIJING = "../shared/corpus/provinces-2026-dev/北京市.txt"

HENAN_HEADS = [
    ("part", "一", "“十四五”时期和2025年工作回顾"),
    ("section", "（一）", "千方百计稳就业稳企业稳市场稳预期"),
    ("section", "（二）", "全面加快融入服务全国统一大市场建设"),
    ("section", "（三）", "全力以赴强治理防风险守底线"),
    ("section", "（四）", "用心用情办好群众关心事操心事"),
    ("section", "（五）", "从严从实开展深入贯彻中央八项规定精神学习教育"),
    ("part", "二", "“十五五”时期主要目标任务"),
    ("part", "三", "2026年重点工作安排"),
    ("section", "（一）", "纵深推进融入和服务全国统一大市场"),
    ("section", "（二）", "大力拓展内需增长新空间"),
    ("section", "（三）", "加快建设现代化产业体系"),
    ("section", "（四）", "扎实推进乡村全面振兴"),
    ("section", "（五）", "着力推动城乡区域协调发展"),
    ("section", "（六）", "统筹推进深层次改革高水平开放"),
    ("section", "（七）", "全面激发文化创新创造活力"),
    ("section", "（八）", "加力促进经济社会全面绿色转型"),
    ("section", "（九）", "更大力度保障和改善民生"),
    ("section", "（十）", "有力有效防范化解重点领域风险"),
]
BEIJING_HEADS = [
    ("part", "一", "2025年工作回顾"),
    ("part", "二", "“十四五”时期发展成就和“十五五”时期主要目标任务"),
    ("part", "三", "2026年重点工作"),
    ("section", "（一）", "深入落实城市总体规划，推动京津冀协同发展走深走实"),
    ("section", "（二）", "增强内需主导能力，巩固拓展经济稳中向好势头"),
    ("section", "（三）", "持续推动教育科技人才一体发展，构建有竞争优势的新质生产力发展格局"),
    ("section", "（四）", "推进深层次改革高水平开放，增强高质量发展动力活力"),
    ("section", "（五）", "丰富优质文化供给，增强全国文化中心影响力"),
    ("section", "（六）", "加快超大城市发展方式转型，提升城市精细化治理水平"),
    ("section", "（七）", "推进农业农村现代化，促进城乡区域协调发展"),
    ("section", "（八）", "优化公共服务供给，解决好群众的身边事贴心事具体事"),
    ("section", "（九）", "推动减污降碳扩绿协同增效，建设人与自然和谐共生的美丽北京"),
    ("section", "（十）", "全面推进韧性城市建设，筑牢首都安全防线"),
]


def _t(part: str, section: str | None, count: int, sentences: list[str] | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"part": part, "section": section, "count": count}
    if sentences is not None:
        d["sentences"] = sentences
    return d


def main() -> None:
    htext = (REPO / HENAN).read_text(encoding="utf-8")
    btext = (REPO / BEIJING).read_text(encoding="utf-8")
    henan_tasks = [
        *(_t("一", f"（{n}）", 0) for n in "一二三四五"),
        _t("二", None, 17),
        _t("三", "（一）", 12, _directives(htext, "（一）纵深推进", "（二）大力拓展")),
        _t("三", "（二）", 13),
        _t("三", "（三）", 17),
        _t("三", "（四）", 13, _directives(htext, "（四）扎实推进", "（五）着力推动")),
        _t("三", "（五）", 16),
        _t("三", "（六）", 12),
        _t("三", "（七）", 12),
        _t("三", "（八）", 13),
        _t("三", "（九）", 22, _directives(htext, "（九）更大力度", "（十）有力有效")),
        _t("三", "（十）", 18),
    ]
    beijing_tasks = [
        _t("一", None, 0),
        _t("二", None, 1),
        _t("三", "（一）", 14, _directives(btext, "（一）深入落实", "（二）增强内需")),
        _t("三", "（二）", 9, _directives(btext, "（二）增强内需", "（三）持续推动")),
        _t("三", "（三）", 16),
        _t("三", "（四）", 14),
        _t("三", "（五）", 12),
        _t("三", "（六）", 13),
        _t("三", "（七）", 11),
        _t("三", "（八）", 17, _directives(btext, "（八）优化公共", "（九）推动减污")),
        _t("三", "（九）", 9),
        _t("三", "（十）", 13),
    ]
    build("henan-2026", HENAN, HENAN_HEADS, henan_tasks)
    build("beijing-2026", BEIJING, BEIJING_HEADS, beijing_tasks)


if __name__ == "__main__":
    main()
