"""Which indicators are binding (约束性) and which category of a 主要指标表 they belong to.

Plans mark binding indicators only in their own indicator table, which the extracted quantities do
not carry; the national and provincial 五年规划 tables bind the same small set of resource,
environment and security indicators, so a name that matches one of those is taken as binding.
Categories follow the national 十四五 纲要 table (经济发展, 创新驱动, 民生福祉, 绿色生态, 安全保障).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from planwatch.model.fold import fold_name

# Names as plans word them, each a regex against the indicator name (spaces and full-width forms
# already folded). Kept as patterns because the same indicator appears as 单位GDP能耗 /
# 单位地区生产总值能源消耗 / 万元GDP能耗 …
BINDING_PATTERNS: tuple[str, ...] = (
    r"(单位|万元)(GDP|地区生产总值|国内生产总值)(能耗|能源消耗)",
    r"(单位|万元)(GDP|地区生产总值|国内生产总值)二氧化碳排放",
    r"碳排放强度",
    r"能耗强度",
    r"空气(质量)?优良天数",
    r"细颗粒物|PM2\.5",
    r"地表水.*(Ⅲ|III|三)类",
    r"劣(Ⅴ|V|五)类水体",
    r"近岸海域.*(优良|一、二类)水质",
    r"森林覆盖率",
    r"森林蓄积量",
    r"耕地保有量",
    r"永久基本农田",
    r"生态保护红线",
    r"粮食(综合)?(生产能力|产量)",
    r"能源综合生产能力",
    r"用水总量",
    r"(单位|万元)(GDP|地区生产总值|国内生产总值|工业增加值)用水量",
    r"(化学需氧量|氨氮|氮氧化物|挥发性有机物|二氧化硫).*排放",
    r"自然岸线保有率",
    r"湿地保护率",
)
_BINDING = re.compile("|".join(f"(?:{p})" for p in BINDING_PATTERNS))

# First match wins: security and environment words come before the economy words they co-occur
# with (粮食产量 is 安全保障, 清洁能源装机占比 绿色生态, 高新技术企业 创新驱动).
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("安全保障", ("粮食", "耕地", "能源综合生产能力", "储备", "安全", "应急", "安全生产")),
    (
        "绿色生态",
        (
            "能耗",
            "能源消耗",
            "二氧化碳",
            "碳排放",
            "空气",
            "PM2.5",
            "细颗粒物",
            "水质",
            "水体",
            "地表水",
            "海域",
            "岸线",
            "森林",
            "湿地",
            "草原",
            "清洁能源",
            "非化石能源",
            "可再生能源",
            "新能源",
            "生态",
            "绿色",
            "污染",
            "排放",
            "垃圾",
            "用水",
        ),
    ),
    (
        "创新驱动",
        (
            "研发",
            "R&D",
            "专利",
            "高新技术",
            "科技",
            "创新",
            "技术合同",
            "数字经济",
            "数字化",
            "人才",
            "实验室",
        ),
    ),
    (
        "民生福祉",
        (
            "收入",
            "就业",
            "失业",
            "养老",
            "医疗",
            "医师",
            "床位",
            "托位",
            "托育",
            "教育",
            "受教育年限",
            "学校",
            "预期寿命",
            "住房",
            "保障性",
            "社会保险",
            "参保",
            "低保",
            "文化",
            "体育",
            "健身",
            "文明",
        ),
    ),
    (
        "经济发展",
        (
            "GDP",
            "生产总值",
            "增加值",
            "产业",
            "工业",
            "制造业",
            "服务业",
            "城镇化",
            "消费",
            "零售",
            "投资",
            "进出口",
            "外贸",
            "外资",
            "出口",
            "经营主体",
            "市场主体",
            "企业",
            "财政",
            "税收",
            "港口",
            "吞吐量",
            "旅游",
        ),
    ),
)
OTHER_CATEGORY = "其他"


def is_binding(name: str) -> bool:
    """Whether ``name`` is one of the indicators five-year plans set as 约束性."""
    return _BINDING.search(fold_name(name)) is not None


def category_of(name: str, titles: Iterable[str] = ()) -> str:
    """The 主要指标表 category of an indicator: from its own name first, then from the titles of
    the outline nodes around it (innermost first), else 其他."""
    for text in (name, *titles):
        folded = fold_name(text)
        for category, words in CATEGORY_KEYWORDS:
            if any(w in folded for w in words):
                return category
    return OTHER_CATEGORY
