"""部门目录 over real HTTP on the real app: view and search, edit and add a unit (inline errors, CSRF,
optimistic locking), load a YAML or Excel file after a preview, download, history and restore, and
bad spreadsheets refused with their row-level messages and nothing changed. Each test has a server
and database of its own (``start_server``), on SQLite or PostgreSQL as ``PLANWATCH_TEST_DB`` says."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import httpx
import openpyxl
import pytest
from pages_helpers import audit_entries, client_for

from planwatch.extract.catalogue_sheet import HEADERS
from planwatch.store.catalogues import CatalogueRepository
from planwatch.store.engine import make_engine, transaction

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = list(HEADERS.values())


@pytest.fixture
def server(start_server: Callable[..., Any]) -> Any:
    return start_server()


@pytest.fixture
def planner(server: Any) -> httpx.Client:
    client = client_for(server.url, server.db_url, "planner")
    yield client
    client.close()


def stored_versions(db_url: str) -> list[tuple[int, bool]]:
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            return [(r.id, r.active) for r in CatalogueRepository(session).catalogue_history()]
    finally:
        engine.dispose()


def unit(client: httpx.Client, name: str) -> dict[str, Any]:
    r = client.get("/api/v1/catalogue/unit", params={"name": name})
    assert r.status_code == 200, r.text
    return r.json()


def xlsx(rows: list[list[Any]], build: Callable[[Any], None] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "部门目录"
    for row in rows:
        ws.append(row)
    if build is not None:
        build(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_page_groups_units_by_kind_searches_and_has_a_json_twin(server: Any, planner: httpx.Client) -> None:
    page = planner.get("/catalogue")
    assert page.status_code == 200
    assert "<h2>政府部门（" in page.text and "<h2>党委部门（" in page.text
    assert "大连市教育局" in page.text and "学前教育" in page.text and "系统自带目录" in page.text
    data = planner.get("/api/v1/catalogue").json()
    assert data["revision"] == 0 and data["count"] == sum(len(g["units"]) for g in data["groups"])
    found = planner.get("/api/v1/catalogue", params={"q": "海洋牧场"}).json()
    names = [u["name"] for g in found["groups"] for u in g["units"]]
    assert names and len(names) < data["count"] and "大连市海洋发展局" in names
    page = planner.get("/catalogue", params={"q": "海洋牧场"})
    assert "大连市海洋发展局" in page.text and "大连市教育局" not in page.text

    reporter = client_for(server.url, server.db_url, "reporter", "大连市教育局")
    assert reporter.get("/api/v1/catalogue").status_code == 403
    assert reporter.get("/catalogue").status_code == 403
    with httpx.Client(base_url=server.url) as anon:
        assert anon.get("/api/v1/catalogue").status_code == 401
    reporter.close()


def test_edit_a_unit_with_inline_errors_csrf_and_locking(server: Any, planner: httpx.Client) -> None:
    form = planner.get("/catalogue/unit", params={"name": "市教育局"})
    assert form.status_code == 200 and 'name="base" value="0"' in form.text
    before = unit(planner, "大连市教育局")["unit"]
    fields = {
        "original": "大连市教育局",
        "name": "大连市教育局",
        "short": "市教育局",
        "kind": "government",
        "duties": "、".join(before["duties"]) + "、研学旅行、学",
        "aliases": "、".join(before["aliases"]),
        "lead_domains": "民生",
        "base": "0",
        "csrf_token": planner.csrf,  # type: ignore[attr-defined]
    }
    # without the token: refused, nothing stored
    r = planner.post(
        "/catalogue/unit",
        data={k: v for k, v in fields.items() if k != "csrf_token"},
        headers={"X-CSRF-Token": ""},
    )
    assert r.status_code == 403
    # a one-character keyword and a short name another unit has: both shown beside their fields
    r = planner.post("/catalogue/unit", data={**fields, "short": "市科技局"})
    assert r.status_code == 400
    assert 'id="err-duties"' in r.text and "关键词“学”太短" in r.text
    assert 'id="err-short"' in r.text and "“市科技局”已是单位“大连市科学技术局”" in r.text
    assert "研学旅行" in r.text  # what the person typed is kept
    assert stored_versions(server.db_url) == []

    r = planner.post(
        "/catalogue/unit",
        data={**fields, "duties": fields["duties"].removesuffix("、学")},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = planner.get(r.headers["location"])
    assert "已保存单位“大连市教育局”" in page.text
    after = unit(planner, "市教育局")
    assert "研学旅行" in after["unit"]["duties"] and after["revision"] > 0
    (entry,) = audit_entries(server.db_url, "catalogue.unit.edit")
    assert entry.target == "department:大连市教育局" and "研学旅行" in entry.after["duties"]

    # a second person still holding the form built on revision 0 is refused: 409, nothing saved
    r = planner.post("/catalogue/unit", data={**fields, "duties": "课后服务"})
    assert r.status_code == 409 and "与您看到的版本不一致" in r.text
    assert "课后服务" not in unit(planner, "市教育局")["unit"]["duties"]
    r = planner.put("/api/v1/catalogue/unit", params={"name": "市教育局"}, json={**before, "base": 0})
    assert r.status_code == 409 and "请刷新" in r.json()["hint"]


def test_add_and_remove_units_over_the_api(server: Any, planner: httpx.Client) -> None:
    new = {
        "name": "大连市低空经济局",
        "short": "市低空局",
        "kind": "政府部门",
        "duties": ["数据要素", "数字政府"],
        "base": 0,
    }
    bad = planner.post("/api/v1/catalogue/units", json={**new, "short": "市教育局", "duties": "数据、据"})
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"short", "duties"}
    assert stored_versions(server.db_url) == []
    r = planner.post("/api/v1/catalogue/units", json=new)
    assert r.status_code == 201, r.text
    revision = r.json()["revision"]
    assert unit(planner, "市低空局")["unit"]["kind"] == "government"
    r = planner.delete("/api/v1/catalogue/unit", params={"name": "市低空局", "base": revision})
    assert r.status_code == 200
    assert planner.get("/api/v1/catalogue/unit", params={"name": "市低空局"}).status_code == 404
    assert sorted(e.action for e in audit_entries(server.db_url, "catalogue.unit.")) == [
        "catalogue.unit.add",
        "catalogue.unit.remove",
    ]


def test_excel_round_trip_preview_apply_history_and_restore(server: Any, planner: httpx.Client) -> None:
    r = planner.get("/catalogue/export.xlsx")
    assert r.status_code == 200 and r.headers["content-type"].startswith(XLSX)
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = wb["部门目录"]
    assert [c.value for c in ws[1]] == HEADER
    rows = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    rows["大连市教育局"][3].value += "、研学旅行"
    ws.delete_rows(rows["大连市审计局"][0].row)
    ws.append(["大连市低空经济局", "市低空局", "政府部门", "数据要素、数字政府", "", "经济发展"])
    edited = io.BytesIO()
    wb.save(edited)

    files = {"file": ("部门职责.xlsx", edited.getvalue(), XLSX)}
    page = planner.post(
        "/catalogue/upload", files=files, data={"mode": "replace", "csrf_token": planner.csrf}
    )  # type: ignore[attr-defined]
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    assert "新增 1，删除 1，修改 1" in text
    assert "新增单位 大连市低空经济局" in re.sub(r"</?strong>", "", text)
    assert "增加“研学旅行”" in text
    assert stored_versions(server.db_url) == []  # a preview stores nothing

    preview = planner.post("/api/v1/catalogue/preview", files=files, data={"mode": "replace"}).json()
    assert [u["name"] for u in preview["changes"]["removed"]] == ["大连市审计局"]
    r = planner.post(
        "/catalogue/apply",
        data={"yaml": preview["yaml"], "source": preview["source"], "mode": "replace", "base": "0"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    data = planner.get("/api/v1/catalogue").json()
    names = [u["name"] for g in data["groups"] for u in g["units"]]
    assert "大连市低空经济局" in names and "大连市审计局" not in names
    (load,) = audit_entries(server.db_url, "catalogue.load")
    assert load.after["source"] == "部门职责.xlsx" and load.after["added"] == 1 and load.after["removed"] == 1

    yaml_file = planner.get("/api/v1/catalogue/export", params={"format": "yaml"})
    assert "大连市低空经济局" in yaml_file.text

    history = planner.get("/api/v1/catalogue/history").json()
    (version,) = history["versions"]
    assert version["active"] and version["loaded_by"] == planner.username  # type: ignore[attr-defined]
    assert len(version["changes"]["added"]) == 1 and len(version["changes"]["changed"]) == 1
    assert "恢复系统自带目录" in planner.get("/catalogue/history").text
    r = planner.post(
        "/catalogue/history/0/restore", data={"base": str(version["id"])}, follow_redirects=False
    )
    assert r.status_code == 303
    assert planner.get("/api/v1/catalogue").json()["revision"] == 0
    r = planner.post(f"/api/v1/catalogue/history/{version['id']}/restore", params={"base": 0})
    assert r.status_code == 200 and r.json()["revision"] > version["id"]
    assert "大连市低空经济局" in [
        u["name"] for g in planner.get("/api/v1/catalogue").json()["groups"] for u in g["units"]
    ]
    assert sorted(e.action for e in audit_entries(server.db_url, "catalogue.")) == [
        "catalogue.load",
        "catalogue.reset",
        "catalogue.restore",
    ]


def _formula(wb: Any) -> None:
    wb.active["D2"] = "=A2"


BAD = [
    (
        [HEADER, ["", "市甲局", "政府部门", "甲乙工作", "", ""]],
        None,
        "第2行，A列（单位全称）：缺少单位全称。",
    ),
    (
        [
            HEADER,
            ["大连市甲局", "市甲局", "政府部门", "甲乙工作", "", ""],
            ["大连市甲局", "市乙局", "政府部门", "乙丙", "", ""],
        ],
        None,
        "第3行，A列（单位全称）：单位全称“大连市甲局”与工作表“部门目录”第2行重复。",
    ),
    (
        [
            HEADER,
            ["大连市甲局", "市甲局", "政府部门", "甲乙工作", "", ""],
            ["大连市乙局", "市甲局", "政府部门", "乙丙", "", ""],
        ],
        None,
        "第3行，B列（简称）：“市甲局”已是工作表“部门目录”第2行单位“大连市甲局”的简称",
    ),
    (
        [
            HEADER,
            ["大连市甲局", "市甲局", "政府部门", "甲乙工作", "甲局", ""],
            ["大连市乙局", "市乙局", "政府部门", "乙丙", "甲局", ""],
        ],
        None,
        "第3行，E列（别名）：“甲局”已是工作表“部门目录”第2行单位“大连市甲局”的别名",
    ),
    (
        [HEADER, ["大连市甲局", "市甲局", "事业单位", "甲乙工作", "", ""]],
        None,
        "第2行，C列（类别）：类别“事业单位”无法识别。",
    ),
    (
        [HEADER, ["大连市甲局", "市甲局", "政府部门", "甲、乙丙", "", ""]],
        None,
        "第2行，D列（职责关键词）：职责关键词“甲”太短",
    ),
    (
        [HEADER, ["大连市甲局", "市甲局", "政府部门", "", "", ""]],
        _formula,
        "第2行，D列（职责关键词）：单元格是公式，不是文字。",
    ),
    ([], None, "工作表“部门目录”：工作表是空的，没有任何单位。"),
]


@pytest.mark.parametrize(
    ("rows", "build", "message"),
    BAD,
    ids=["no-name", "dup-name", "dup-short", "dup-alias", "kind", "short-keyword", "formula", "empty"],
)
def test_bad_spreadsheets_are_refused_with_the_row_and_change_nothing(
    server: Any, planner: httpx.Client, rows: list[list[Any]], build: Any, message: str
) -> None:
    files = {"file": ("目录.xlsx", xlsx(rows, build), XLSX)}
    page = planner.post("/catalogue/upload", files=files, data={"csrf_token": planner.csrf})  # type: ignore[attr-defined]
    assert page.status_code == 400
    assert message.split("：", 1)[-1] in unescape(page.text)
    for path in ("/api/v1/catalogue/preview", "/api/v1/catalogue/load"):
        r = planner.post(path, files=files, data={"mode": "replace"})
        assert r.status_code == 400
        problems = [p["where"] + "：" + p["reason"] for p in r.json()["problems"]]
        assert any(message in p for p in problems), problems
    assert stored_versions(server.db_url) == []
    assert audit_entries(server.db_url, "catalogue.") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 not really a zip", "文件已损坏或不完整"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Excel（.xls）"),
        (b"just some text", "不是 Excel 工作簿（.xlsx）文件。"),
    ],
)
def test_files_that_are_no_workbook_are_refused(
    server: Any, planner: httpx.Client, content: bytes, message: str
) -> None:
    r = planner.post("/api/v1/catalogue/load", files={"file": ("目录.xlsx", content, XLSX)})
    assert r.status_code == 400 and message in r.json()["error"], r.text
    assert stored_versions(server.db_url) == []


def test_yaml_file_loads_over_the_api(server: Any, planner: httpx.Client) -> None:
    text = "departments:\n  - name: 大连市低空经济局\n    short: 市低空局\n    kind: government\n    duties: [数据要素]\n"
    r = planner.post(
        "/api/v1/catalogue/load",
        files={"file": ("own.yaml", text.encode(), "application/yaml")},
        data={"base": "0"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["units"] > 80  # extend: laid over the shipped units
    bad = planner.post(
        "/api/v1/catalogue/load", files={"file": ("own.yaml", b"departments: [1", "application/yaml")}
    )
    assert bad.status_code == 400 and "YAML" in bad.json()["error"]
    assert len(stored_versions(server.db_url)) == 1
