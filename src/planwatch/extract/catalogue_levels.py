"""The department catalogue of any government: central bodies for a national document, units built
from roles.yaml and the issuer's name for a province, city or county, Dalian's own file for 大连市.

A province's units are named as the province names them (四川省发展和改革委员会, short 省发展改革委;
a municipality directly under the central government, 北京市发展和改革委员会 / 市发展改革委); a
county's are 局 where a city's are 委 (县发展和改革局). Every name comes from the issuer's name and
a role's pattern, so no document is given another government's units.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from planwatch.extract.departments import Catalogue, parse_catalogue, shipped_catalogue
from planwatch.extract.roles import Role, inherit, neutral_phrases, roles
from planwatch.model import Department, Issuer

NATIONAL = ("data", "departments", "national.yaml")
NATIONAL_NAME = "planwatch/data/departments/national.yaml"

# the short prefix of a unit (省发展改革委) and of its party committee (省委组织部), by the suffix of
# the issuer's name; longest suffix first
_PREFIXES = (
    ("特别行政区", None, None),
    ("自治区", "自治区", "自治区党委"),
    ("自治州", "州", "州委"),
    ("自治县", "县", "县委"),
    ("自治旗", "旗", "旗委"),
    ("地区", "地区", "地委"),
    ("省", "省", "省委"),
    ("市", "市", "市委"),
    ("州", "州", "州委"),
    ("盟", "盟", "盟委"),
    ("县", "县", "县委"),
    ("区", "区", "区委"),
    ("旗", "旗", "旗委"),
)


@lru_cache(maxsize=1)
def national_catalogue() -> Catalogue:
    """The central party and state bodies (read and checked once per process)."""
    text = resources.files("planwatch").joinpath(*NATIONAL).read_text(encoding="utf-8")
    return parse_catalogue(text, NATIONAL_NAME)


def catalogue_for(issuer: Issuer | None) -> tuple[Catalogue | None, str]:
    """The catalogue of ``issuer``'s government, and a sentence saying which one it is (or why there
    is none)."""
    if issuer is None:
        return None, "未能从标题、开头或落款识别发文机关，没有适用的部门目录，未提出牵头单位"
    if issuer.level == "national":
        return national_catalogue(), "按发文层级使用中央党政机关目录"
    shipped = shipped_catalogue()
    if shipped.city and issuer.name == shipped.city:
        return shipped, f"使用系统自带的{shipped.city}部门目录"
    catalogue = level_catalogue(issuer.name, issuer.level)
    if catalogue is None:
        return None, f"没有适用于“{issuer.name}”的部门目录，未提出牵头单位"
    what = {"provincial": "省级", "municipal": "市级", "county": "县级"}[issuer.level]
    return catalogue, f"按{what}通用目录生成{issuer.name}的部门"


@lru_cache(maxsize=32)
def level_catalogue(place: str, level: str) -> Catalogue | None:
    """The units of the government of ``place`` at ``level`` (provincial, municipal or county), built
    from the roles; None for a place whose units are not named this way (特别行政区)."""
    if level not in ("provincial", "municipal", "county"):
        return None
    prefix = _prefix(place)
    if prefix is None:
        return None
    p, party = prefix
    tokens = {
        "place": place,
        "p": p,
        "party": party,
        "cpc": f"中共{place}委员会" if p == "自治区" else f"中共{place}委",
        "cpcfull": f"中共{place}",
    }
    units: list[Department] = []
    direct = level == "provincial" and p == "市"
    for role in roles().values():
        pattern = _direct_pattern(role) if direct else role.pattern(level)
        if pattern is None:
            continue
        name, short = (part.format(**tokens) for part in pattern)
        units.append(Department(name=name, short=short, kind=role.kind, role=role.id))
    return Catalogue(
        departments=inherit(units),
        city=place,
        neutral=neutral_phrases(),
        sources=(f"{place}（按 roles.yaml 生成）",),
    )


def _prefix(place: str) -> tuple[str, str] | None:
    for suffix, p, party in _PREFIXES:
        if place.endswith(suffix):
            return (p, party) if p is not None and party is not None else None
    return None


def _direct_pattern(role: Role) -> tuple[str, str] | None:
    """A municipality directly under the central government is a province whose departments are
    named like a city's (北京市教育委员会 rather than a 厅): a city's pattern where the province's is a
    厅, else the province's (北京市高级人民法院), else the city's (北京市城市管理…)."""
    provincial = role.names.get("provincial") or role.names.get("all")
    municipal = role.pattern("municipal")
    if provincial is not None and municipal is not None:
        name = provincial[0]
        if name.endswith("厅") and not name.endswith("办公厅"):
            return municipal
    return provincial or municipal
