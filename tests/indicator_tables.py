"""A city's 十五五 主要指标表 as planning offices write it, saved as .docx (python-docx) and .xlsx
(openpyxl): a two-row header with merged cells (规划目标 over 2030年 and 年均增长〔累计〕; 序号, 指标,
2025年 and 属性 merged down), category rows spanning the table, units in brackets in the name
column, a footnote marker, footnote rows and paragraphs, and the targets real tables write: 5左右,
>7, 〔13〕, 〔0.8〕, 高于地区生产总值增长, 与经济增长同步, 基本同步, 完成省下达任务.

Also a year's observations sheet for it, and the statuses those values must give.
"""

from __future__ import annotations

from pathlib import Path

TITLE = "某市国民经济和社会发展第十五个五年规划主要指标"
CATEGORIES: list[tuple[str, list[tuple[str, str, str, str, str]]]] = [
    (
        "一、经济发展",
        [
            ("地区生产总值增长（%）", "5.5", "—", "5左右", "预期性"),
            ("全员劳动生产率增长（%）", "5.8", "—", "高于地区生产总值增长", "预期性"),
            ("常住人口城镇化率（%）", "68.5", "72", "〔3.5〕", "预期性"),
        ],
    ),
    (
        "二、创新驱动",
        [
            ("研究与试验发展经费投入增长（%）", "8", "—", ">7", "预期性"),
            ("每万人口高价值发明专利拥有量（件）", "12", "20", "—", "预期性"),
        ],
    ),
    (
        "三、民生福祉",
        [
            ("居民人均可支配收入增长（%）①", "5.6", "—", "与经济增长同步", "预期性"),
            ("农村居民人均可支配收入增长（%）", "6.5", "—", "基本同步", "预期性"),
            ("城镇调查失业率（%）", "5.2", "<5.5", "—", "预期性"),
            ("城镇新增就业（万人）", "—", "—", "〔13〕", "预期性"),
            ("人均预期寿命（岁）", "80.2", "—", "〔0.8〕", "预期性"),
        ],
    ),
    (
        "四、绿色生态",
        [
            ("单位地区生产总值能源消耗降低（%）", "—", "—", "〔13〕", "约束性"),
            ("单位地区生产总值二氧化碳排放降低（%）", "—", "—", "完成省下达任务", "约束性"),
            ("森林覆盖率（%）", "42.1", "42.9", "〔0.8〕", "约束性"),
        ],
    ),
    (
        "五、安全保障",
        [
            ("粮食综合生产能力（万吨）", "150", ">150", "—", "约束性"),
            ("能源综合生产能力（万吨标准煤）", "800", "完成省下达任务", "—", "约束性"),
        ],
    ),
]
FOOTNOTES = ("注：1.〔 〕内为五年累计数。", "2.地区生产总值、全员劳动生产率增长按可比价格计算。")
TAIL = "① 农村居民人均可支配收入增长与城镇居民一并统计。"
HEADER_TOP = ("序号", "指标", "2025年", "规划目标", "", "属性")
HEADER_BOTTOM = ("", "", "", "2030年", "年均增长〔累计〕", "")
WIDTH = 6


def rows() -> list[tuple[str, str, str, str, str]]:
    return [r for _, rs in CATEGORIES for r in rs]


def names() -> list[str]:
    """The indicator names the table gives, unit and footnote marker removed."""
    return [r[0].split("（")[0] for r in rows()]


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    n_rows = 2 + sum(1 + len(rs) for _, rs in CATEGORIES) + 1
    table = document.add_table(rows=n_rows, cols=WIDTH)
    for col, text in enumerate(HEADER_TOP):
        table.cell(0, col).text = text
    for col, text in enumerate(HEADER_BOTTOM):
        if text:
            table.cell(1, col).text = text
    table.cell(0, 3).merge(table.cell(0, 4))
    for col in (0, 1, 2, 5):
        table.cell(0, col).merge(table.cell(1, col))
    r = 2
    number = 1
    for category, items in CATEGORIES:
        merged = table.cell(r, 0).merge(table.cell(r, WIDTH - 1))
        merged.text = category
        r += 1
        for item in items:
            table.cell(r, 0).text = str(number)
            for col, text in enumerate(item, start=1):
                table.cell(r, col).text = text
            number += 1
            r += 1
    note = table.cell(r, 0).merge(table.cell(r, WIDTH - 1))
    note.text = "".join(FOOTNOTES)
    document.add_paragraph(TAIL)
    document.save(str(path))
    return path


def write_xlsx(path: Path) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "主要指标"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=WIDTH)
    sheet.append(list(HEADER_TOP))
    sheet.append([c or None for c in HEADER_BOTTOM])
    sheet.merge_cells(start_row=2, start_column=4, end_row=2, end_column=5)
    for col in (1, 2, 3, 6):
        sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    number = 1
    for category, items in CATEGORIES:
        sheet.append([category])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=WIDTH)
        for item in items:
            # numbers as numbers, the way Excel keeps them
            cells: list[object] = [number]
            for text in item:
                try:
                    cells.append(float(text) if "." in text else int(text))
                except ValueError:
                    cells.append(text)
            sheet.append(cells)
            number += 1
    for text in (*FOOTNOTES, TAIL):
        sheet.append([text])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=WIDTH)
    workbook.save(str(path))
    return path


# A year's observations (and a second year for the paced ones), as an office sends them.
OBSERVATIONS: list[tuple[str, str, object, object]] = [
    ("地区生产总值增长", "%", 5.2, 3.6),
    ("全员劳动生产率增长", "%", 5.6, None),
    ("居民人均可支配收入增长", "%", 5.0, None),
    ("农村居民人均可支配收入增长", "%", 4.0, None),
    ("城镇新增就业", "万人", 2.4, 2.9),
    ("单位地区生产总值能源消耗降低", "%", 2.7, None),
    ("人均预期寿命", "岁", 80.3, None),
    ("单位地区生产总值二氧化碳排放降低", "%", "完成", None),
    ("能源综合生产能力", "万吨标准煤", 810, None),
    ("研究与试验发展经费投入增长", "%", 7.5, None),
    ("城镇调查失业率", "%", 5.3, None),
]

# (indicator, year) → status name, from the methods in README (监测指标状态).
EXPECTED = {
    ("地区生产总值增长", 2026): "进展顺利",  # 5.2 within 5±0.5
    ("地区生产总值增长", 2027): "需加快",  # average 4.4, ratio 0.88
    ("全员劳动生产率增长", 2026): "进展顺利",  # 5.6 > 5.2
    ("居民人均可支配收入增长", 2026): "进展顺利",  # 5.0 vs 5.2, in step within 0.5
    ("农村居民人均可支配收入增长", 2026): "需加快",  # 4.0 vs 5.2: beyond 1.0, within 1.5
    ("城镇新增就业", 2026): "需加快",  # 2.4 of 2.6 due, ratio 0.92
    ("城镇新增就业", 2027): "进展顺利",  # 5.3 of 5.2 due
    ("单位地区生产总值能源消耗降低", 2026): "进展顺利",  # 2.7 of 2.6 due
    ("人均预期寿命", 2026): "需加快",  # +0.1 of 0.16 due, ratio 0.62
    ("单位地区生产总值二氧化碳排放降低", 2026): "进展顺利",  # reported 完成
    ("能源综合生产能力", 2026): "无法评估",  # a number against 完成省下达任务
    ("研究与试验发展经费投入增长", 2026): "进展顺利",  # 7.5 > 7
    ("城镇调查失业率", 2026): "目标已实现",  # 5.3 < 5.5, held
}


def write_observations(path: Path, *, bad: bool = False) -> Path:
    """The observations sheet (xlsx, or csv by suffix); ``bad`` spoils two rows."""
    header = ["指标", "单位", "2026年", "2027年"]
    body = [[n, u, a, b] for n, u, a, b in OBSERVATIONS]
    if bad:
        body[1][2] = "五点六"
        body.append(["不存在的指标", "%", 1.0, None])
    if path.suffix == ".csv":
        lines = [",".join(header)] + [",".join("" if c is None else str(c) for c in row) for row in body]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in body:
        sheet.append(row)
    workbook.save(str(path))
    return path
