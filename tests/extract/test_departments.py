"""The department catalogue: the shipped file, refusal of bad files (whole, with line numbers),
user files laid over or replacing the shipped one, and the YAML round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planwatch.extract.departments import (
    KINDS,
    Catalogue,
    dump_catalogue,
    load_catalogue,
    parse_catalogue,
)
from planwatch.model import Department, InputError

LISTED_BODIES = [
    "市发展改革委",
    "市工业和信息化局",
    "市科技局",
    "市教育局",
    "市财政局",
    "市人力资源社会保障局",
    "市自然资源局",
    "市生态环境局",
    "市住房城乡建设局",
    "市交通运输局",
    "市水务局",
    "市农业农村局",
    "市商务局",
    "市文化和旅游局",
    "市卫生健康委",
    "市应急局",
    "市市场监管局",
    "市国资委",
    "市海洋发展局",
    "市数据局",
    "市营商环境建设局",
    "市委金融办",
    "市民政局",
    "市公安局",
    "市司法局",
    "市医保局",
    "市体育局",
    "市城市管理局",
    "市统计局",
    "市退役军人局",
    "市委宣传部",
    "市委组织部",
    "市委政法委",
    "市委网信办",
    "市委统战部",
    "市外办",
    "市人防办",
    "市税务局",
    "市总工会",
    "团市委",
    "市妇联",
    "市残联",
    "市消防救援支队",
    "大连海关",
    "辽港集团",
]
DISTRICTS = [
    "中山区",
    "西岗区",
    "沙河口区",
    "甘井子区",
    "旅顺口区",
    "金州区",
    "普兰店区",
    "瓦房店市",
    "庄河市",
    "长海县",
]
PARKS = ["金普新区", "高新区", "长兴岛经济区", "花园口经济区", "太平湾合作创新区", "保税区", "自贸片区"]

GOOD = """\
city: 测试市
departments:
  - name: 测试市教育局
    short: 市教育局
    kind: government
    aliases: [市教委]
    lead_domains: [民生]
    duties: [教育, 学前教育]
  - name: 测试市卫生健康委员会
    short: 市卫生健康委
    kind: government
    duties: [医疗, 公共卫生]
"""


def refused(text: str, name: str = "my.yaml") -> InputError:
    with pytest.raises(InputError) as info:
        parse_catalogue(text, name)
    return info.value


def line_of(error: InputError) -> int:
    m = re.search(r"第(\d+)行", str(error))
    assert m, str(error)
    return int(m.group(1))


# ---------------------------------------------------------------- the shipped catalogue


def test_shipped_catalogue_has_the_bodies_plans_assign_work_to() -> None:
    catalogue = load_catalogue()
    shorts = {d.short for d in catalogue}
    for body in LISTED_BODIES + DISTRICTS + PARKS:
        assert body in shorts, body
    assert catalogue.city == "大连市"
    assert len(catalogue) >= 80
    assert {d.kind for d in catalogue} == set(KINDS)
    assert {d.short for d in catalogue.of_kind("district")} == set(DISTRICTS)
    assert {d.short for d in catalogue.of_kind("park")} == set(PARKS)


def test_every_unit_is_complete_and_unique() -> None:
    catalogue = load_catalogue()
    names = [d.name for d in catalogue]
    assert len(names) == len(set(names))
    for d in catalogue:
        assert isinstance(d, Department)
        assert d.name and d.short and d.kind in KINDS
        assert 10 <= len(d.duties) <= 40, (d.name, len(d.duties))
        assert all(len(k) >= 2 for k in d.duties), d.name
        assert len(set(d.duties)) == len(d.duties), d.name
    domains = (
        "经济发展",
        "科技创新",
        "改革",
        "开放",
        "城乡区域",
        "海洋",
        "文化",
        "民生",
        "生态",
        "安全",
        "党的建设",
    )
    for domain in domains:  # every task domain has a body that usually leads it
        assert any(domain in d.lead_domains for d in catalogue if d.kind in ("party", "government")), domain
    assert {x for d in catalogue for x in d.lead_domains} <= set(domains)


def test_lookups_by_name_short_and_alias() -> None:
    catalogue = load_catalogue()
    education = catalogue.get("大连市教育局")
    assert education is not None and education.short == "市教育局"
    assert catalogue.find("市教育局") is education
    assert catalogue.find("市发改委") is catalogue.find("市发展改革委")
    assert catalogue.find("旅顺") is catalogue.find("旅顺口区")
    assert catalogue.find("市林业和草原局") is catalogue.find("市自然资源局")  # 加挂牌子
    assert catalogue.find("ＡＢＣ") is None and catalogue.get("市教育局") is None
    assert "市卫健委" in catalogue and "没有这个单位" not in catalogue
    assert "学前教育" in education.duties and "教育" in education.duties


def test_shipped_catalogue_is_read_once() -> None:
    assert load_catalogue() is load_catalogue()


def test_dump_round_trips() -> None:
    catalogue = load_catalogue()
    text = dump_catalogue(catalogue)
    again = parse_catalogue(text, "dumped.yaml")
    assert again == catalogue
    assert again.neutral == catalogue.neutral and again.city == catalogue.city
    assert dump_catalogue(again) == text


def test_dump_quotes_what_yaml_would_misread() -> None:
    tricky = Catalogue(
        departments=(
            Department(
                name="2024",
                short="yes",
                kind="other",
                aliases=("a: b", "[x]"),
                duties=("null", "#号", "12345热线"),
            ),
        )
    )
    again = parse_catalogue(dump_catalogue(tricky), "t.yaml")
    assert again.departments == tricky.departments


# ---------------------------------------------------------------- refusing bad files


def test_a_good_file_parses() -> None:
    catalogue = parse_catalogue(GOOD, "good.yaml")
    assert [d.short for d in catalogue] == ["市教育局", "市卫生健康委"]
    assert catalogue.departments[1].aliases == () and catalogue.departments[1].lead_domains == ()
    assert catalogue.origins["测试市卫生健康委员会"] == ("good.yaml", 9)


def test_missing_field_is_refused_with_the_entry_line() -> None:
    text = GOOD.replace("    short: 市卫生健康委\n", "")
    error = refused(text)
    assert line_of(error) == 9
    message = str(error)
    assert "my.yaml" in message and "short" in message and "缺少" in message
    assert "处理建议" in message  # says what to do


def test_missing_duties_is_refused() -> None:
    error = refused(GOOD.replace("    duties: [医疗, 公共卫生]\n", ""))
    assert line_of(error) == 9 and "duties" in str(error)


def test_duplicate_name_is_refused_at_the_second_entry() -> None:
    text = GOOD.replace("测试市卫生健康委员会", "测试市教育局")
    error = refused(text)
    assert line_of(error) == 9
    assert "重复" in str(error) and "第2行" not in str(error).split("：", 1)[0]
    assert "第3行" in str(error)  # points at the first one too


def test_short_or_alias_shared_by_two_units_is_refused() -> None:
    error = refused(
        GOOD.replace("    duties: [医疗, 公共卫生]\n", "    aliases: [市教委]\n    duties: [医疗]\n")
    )
    assert line_of(error) == 12
    assert "市教委" in str(error) and "测试市教育局" in str(error)
    error = refused(GOOD.replace("short: 市卫生健康委", "short: 市教育局"))
    assert line_of(error) == 10


def test_bad_yaml_is_refused_with_its_line() -> None:
    text = GOOD.replace("    duties: [医疗, 公共卫生]", "    duties: [医疗, 公共卫生")
    error = refused(text)
    assert "YAML" in str(error) and "my.yaml" in str(error)
    assert line_of(error) >= 12
    error = refused("departments:\n  - name: 甲\n   short: 乙\n")
    assert line_of(error) == 3


def test_wrong_types_are_refused_at_the_field() -> None:
    error = refused(GOOD.replace("duties: [教育, 学前教育]", "duties: 教育"))
    assert line_of(error) == 8 and "列表" in str(error)
    error = refused(GOOD.replace("name: 测试市卫生健康委员会", "name: 2024"))
    assert line_of(error) == 9 and "文字" in str(error)
    error = refused(GOOD.replace("kind: government\n    duties", "kind: ministry\n    duties"))
    assert line_of(error) == 11 and "ministry" in str(error)
    error = refused(GOOD.replace("duties: [医疗, 公共卫生]", "duties: [医疗, 卫]"))
    assert line_of(error) == 12 and "“卫”" in str(error)
    error = refused(GOOD.replace("    aliases: [市教委]", "    alias: [市教委]"))
    assert line_of(error) == 6 and "alias" in str(error)
    error = refused("- 甲\n- 乙\n")
    assert line_of(error) == 1
    error = refused("")
    assert line_of(error) == 1 and "为空" in str(error)


def test_one_bad_entry_refuses_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD.replace("duties: [医疗, 公共卫生]", "duties: [医疗, 2]"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_catalogue(path)
    assert str(path) in str(info.value) and line_of(info.value) == 12


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_catalogue(tmp_path / "none.yaml")
    assert "none.yaml" in str(info.value)
    path = tmp_path / "gbk.yaml"
    path.write_bytes("departments:\n  - name: 教育局\n".encode("gbk"))
    with pytest.raises(InputError) as info:
        load_catalogue(path)
    assert "UTF-8" in str(info.value) and line_of(info.value) == 2


# ---------------------------------------------------------------- a user's own catalogue


OWN = """\
departments:
  - name: 大连市教育局
    short: 市教育局
    kind: government
    lead_domains: [民生]
    duties: [教育, 托管服务, 研学旅行]
  - name: 大连市英歌石科学城管理委员会
    short: 英歌石科学城
    kind: park
    duties: [科学城, 大科学装置]
"""


def test_a_users_file_extends_the_shipped_one(tmp_path: Path) -> None:
    path = tmp_path / "own.yaml"
    path.write_text(OWN, encoding="utf-8")
    shipped = load_catalogue()
    merged = load_catalogue(path)
    assert len(merged) == len(shipped) + 1
    position = shipped.names().index("大连市教育局")
    assert merged.departments[position].duties == ("教育", "托管服务", "研学旅行")  # replaced in place
    assert merged.departments[-1].short == "英歌石科学城"  # new name appended
    assert merged.find("市卫健委") is not None  # the rest kept
    assert merged.origins["大连市英歌石科学城管理委员会"] == (str(path), 7)
    assert load_catalogue(extend=path) == merged


def test_a_users_file_can_replace_the_shipped_one(tmp_path: Path) -> None:
    path = tmp_path / "own.yaml"
    path.write_text(OWN, encoding="utf-8")
    alone = load_catalogue(path, replace=True)
    assert [d.short for d in alone] == ["市教育局", "英歌石科学城"]
    extra = tmp_path / "extra.yaml"
    extra.write_text(GOOD.replace("测试市", "外市"), encoding="utf-8")
    with pytest.raises(InputError) as info:  # 市教育局 would now name two units
        load_catalogue(path, extend=extra, replace=True)
    assert str(extra) in str(info.value) and line_of(info.value) == 3


def test_extending_with_a_clashing_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "clash.yaml"
    path.write_text(
        "departments:\n  - name: 新单位\n    short: 新单位\n    kind: other\n    aliases: [市发改委]\n    duties: [新职责]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_catalogue(path)
    message = str(info.value)
    assert "市发改委" in message and "大连市发展和改革委员会" in message and str(path) in message
    assert line_of(info.value) == 2


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "own.yaml"
    path.write_text(OWN, encoding="utf-8")
    first = load_catalogue(path, replace=True)
    assert load_catalogue(path, replace=True) is first  # unchanged: read and compiled once
    path.write_text(OWN.replace("研学旅行", "研学旅行, 校外实践"), encoding="utf-8")
    again = load_catalogue(path, replace=True)
    assert "校外实践" in again.departments[0].duties
