"""Catalogues for every level: the roles written once, the central bodies, and the units of a
province, a municipality directly under the central government, a city and a county built from the
issuer's name; the optional ``role`` of the catalogue file."""

from __future__ import annotations

import pytest

from planwatch.extract.catalogue_levels import catalogue_for, level_catalogue, national_catalogue
from planwatch.extract.departments import dump_catalogue, parse_catalogue, shipped_catalogue
from planwatch.extract.roles import roles, sub_roles
from planwatch.model import InputError, Issuer


def units(place: str, level: str) -> dict[str, tuple[str, str]]:
    catalogue = level_catalogue(place, level)
    assert catalogue is not None
    return {d.role or "": (d.name, d.short) for d in catalogue}


def test_a_province_names_its_units_after_itself() -> None:
    u = units("辽宁省", "provincial")
    assert u["发展改革"] == ("辽宁省发展和改革委员会", "省发展改革委")
    assert u["教育"] == ("辽宁省教育厅", "省教育厅")
    assert u["组织"] == ("中共辽宁省委组织部", "省委组织部")
    assert u["纪检监察"] == ("中共辽宁省纪律检查委员会", "省纪委监委")
    assert u["林业草原"] == ("辽宁省林业和草原局", "省林草局")
    assert u["法院"] == ("辽宁省高级人民法院", "省高级法院")
    # a city's bodies are not a province's
    assert "城市管理" not in u and "住房公积金" not in u


def test_a_municipality_directly_under_the_central_government() -> None:
    u = units("北京市", "provincial")
    assert u["发展改革"] == ("北京市发展和改革委员会", "市发展改革委")
    assert u["教育"] == ("北京市教育局", "市教育局")  # a 局 where a province has a 厅
    assert u["组织"] == ("中共北京市委组织部", "市委组织部")
    assert u["法院"] == ("北京市高级人民法院", "市高级法院")


def test_an_autonomous_region_a_city_and_a_county() -> None:
    assert units("广西壮族自治区", "provincial")["组织"] == (
        "中共广西壮族自治区委员会组织部",
        "自治区党委组织部",
    )
    city = units("沈阳市", "municipal")
    assert city["发展改革"] == ("沈阳市发展和改革委员会", "市发展改革委")
    assert city["法院"] == ("沈阳市中级人民法院", "市中级法院")
    county = units("长海县", "county")
    assert county["发展改革"] == ("长海县发展和改革局", "县发展改革局")
    assert county["卫生健康"] == ("长海县卫生健康局", "县卫生健康局")
    assert county["组织"] == ("中共长海县委组织部", "县委组织部")
    assert level_catalogue("香港特别行政区", "provincial") is None


@pytest.mark.parametrize(
    ("place", "level"),
    [("四川省", "provincial"), ("北京市", "provincial"), ("成都市", "municipal"), ("长海县", "county")],
)
def test_a_built_catalogue_is_a_valid_catalogue_file(place: str, level: str) -> None:
    catalogue = level_catalogue(place, level)
    assert catalogue is not None
    again = parse_catalogue(dump_catalogue(catalogue), "built.yaml")
    assert again.departments == catalogue.departments
    assert all(place in d.name for d in catalogue)


def test_duties_are_the_roles_and_follow_the_units_present() -> None:
    table = roles()
    province = {d.role: d for d in level_catalogue("四川省", "provincial") or ()}
    city = {d.role: d for d in level_catalogue("成都市", "municipal") or ()}
    assert "林业草原" in sub_roles("自然资源")
    # a province has a 林草局: forestry is its, not the 自然资源厅's
    assert "国土绿化" in province["林业草原"].duties and "国土绿化" not in province["自然资源"].duties
    # a city has none: its 自然资源局 does forestry
    assert "国土绿化" in city["自然资源"].duties
    # what the role says, written once, is what each level's unit holds
    assert set(table["科技"].duties) <= set(province["科技"].duties)
    assert province["科技"].duties == city["科技"].duties


def test_the_central_bodies() -> None:
    catalogue = national_catalogue()
    for short in ("国家发展改革委", "工业和信息化部", "财政部", "中央组织部", "国务院国资委", "市场监管总局"):
        assert catalogue.find(short) is not None, short
    ndrc = catalogue.find("国家发展改革委")
    assert ndrc is not None and ndrc.role == "发展改革" and "固定资产投资" in ndrc.duties
    assert catalogue.find("国家发改委") is ndrc  # an alias
    assert not any("市" in d.name and d.name.endswith("局") and "大连" in d.name for d in catalogue)


def test_the_catalogue_of_each_issuer() -> None:
    assert catalogue_for(Issuer("国务院", "national"))[0] is national_catalogue()
    assert catalogue_for(Issuer("大连市", "municipal"))[0] is shipped_catalogue()
    sichuan, note = catalogue_for(Issuer("四川省", "provincial"))
    assert sichuan is not None and sichuan.find("省发展改革委") is not None and "四川省" in note
    none, why = catalogue_for(None)
    assert none is None and "未能" in why


def test_a_catalogue_file_may_name_a_role_and_take_its_duties() -> None:
    text = (
        "departments:\n"
        "  - name: 某市发展和改革委员会\n    short: 市发改委\n    kind: government\n    role: 发展改革\n"
        "    duties: []\n"
        "  - name: 某市教育局\n    short: 市教育局\n    kind: government\n    role: 教育\n"
        "    duties: [学前教育]\n"
    )
    catalogue = parse_catalogue(text, "mine.yaml")
    ndrc, edu = catalogue.departments
    assert ndrc.role == "发展改革" and "固定资产投资" in ndrc.duties
    assert edu.duties == ("学前教育",)  # a unit's own list is kept as written
    assert parse_catalogue(dump_catalogue(catalogue), "again.yaml") == catalogue


def test_an_unknown_role_is_refused_with_its_line() -> None:
    text = "departments:\n  - name: 某局\n    short: 某局\n    kind: government\n    role: 不存在\n    duties: []\n"
    with pytest.raises(InputError) as caught:
        parse_catalogue(text, "bad.yaml")
    assert "不存在" in str(caught.value) and "第5行" in (caught.value.where or "")


def test_every_shipped_dalian_unit_with_a_remit_has_a_role() -> None:
    catalogue = shipped_catalogue()
    missing = [d.name for d in catalogue if d.kind in ("party", "government") and not d.role]
    assert missing == []
