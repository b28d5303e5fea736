"""分工方案 round trip over real HTTP: download the workbook, fill it in with openpyxl as a department
would, upload it, read the preview (changes, unknown units with suggestions, conflicts with edits made
since the download) and apply it as audited decisions — nothing applied while a row is wrong unless
the planner picks the rows."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST = 4  # the first task row of the sheet (title, note, header above it)


@pytest.fixture
def site(start_server: Callable[..., Any], create_user_in: Callable[..., Any], log_in_to: Any) -> Any:
    server = start_server(with_plan=True)

    class Site:
        url = server.url
        planner = log_in_to(server.url, *create_user_in(server.db_url, "planner", display_name="张三"))
        other = log_in_to(server.url, *create_user_in(server.db_url, "planner", display_name="李四"))
        reporter = log_in_to(server.url, *create_user_in(server.db_url, "reporter"))
        admin = log_in_to(server.url, *create_user_in(server.db_url, "admin"))

    return Site


def _download(client: Any) -> openpyxl.Workbook:
    response = client.get("/plans/1/division.xlsx")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _columns(ws: Any) -> dict[str, str]:
    return {str(c.value): c.column_letter for c in ws[3] if c.value}


def _row_of(ws: Any, key: str) -> int:
    col = _columns(ws)["行键"]
    for r in range(FIRST, ws.max_row + 1):
        if ws[f"{col}{r}"].value == key:
            return r
    raise AssertionError(f"no row for {key}")


def _save(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(client: Any, data: bytes, name: str = "教育局反馈.xlsx") -> Any:
    return client.post("/api/v1/plans/1/division/uploads", files={"file": (name, data, XLSX)})


def _task(client: Any, key: str) -> dict[str, Any]:
    data: dict[str, Any] = client.get(f"/api/v1/plans/1/tasks/{key}").json()
    return data


def test_the_workbook_has_one_row_per_task_and_hidden_keys(site: Any) -> None:
    wb = _download(site.reporter)
    ws = wb["分工方案"]
    cols = _columns(ws)
    assert list(cols)[:6] == ["编号", "任务内容", "牵头单位", "配合单位", "完成时限", "反馈意见"]
    tasks = site.planner.get("/api/v1/plans/1/assignments").json()
    count = tasks["count"] if "count" in tasks else len(tasks["rows"])
    assert ws.max_row - FIRST + 1 == count
    for name in ("行键", "修订", "原牵头单位"):
        assert ws.column_dimensions[cols[name]].hidden
    assert ws.protection.sheet
    assert not ws[f"{cols['反馈意见']}{FIRST}"].protection.locked
    assert ws[f"{cols['任务内容']}{FIRST}"].protection.locked
    assert wb["_planwatch"].sheet_state == "veryHidden"
    assert ws[f"{cols['行键']}{FIRST}"].value == "p3.t1"
    assert ws[f"{cols['牵头单位']}{FIRST}"].value == "市工业和信息化局"


def test_round_trip_preview_then_apply_the_picked_rows(site: Any) -> None:
    wb = _download(site.planner)
    ws = wb["分工方案"]
    c = _columns(ws)
    lead_row, coop_row, bad_unit, bad_due, note_only = (
        _row_of(ws, k) for k in ("p3.a6.t1", "p3.a6.t2", "p3.a6.t3", "p3.a6.t4", "p3.a6.t5")
    )
    ws[f"{c['牵头单位']}{lead_row}"] = "市财政局"
    ws[f"{c['反馈意见']}{lead_row}"] = "资金类事项，建议由财政局牵头"
    ws[f"{c['配合单位']}{coop_row}"] = "市教育局、市科技局"
    ws[f"{c['完成时限']}{coop_row}"] = "2028"
    ws[f"{c['配合单位']}{bad_unit}"] = "市教育厅"
    ws[f"{c['完成时限']}{bad_due}"] = "明年"
    ws[f"{c['反馈意见']}{note_only}"] = "同意"
    uploaded = _upload(site.planner, _save(wb))
    assert uploaded.status_code == 201, uploaded.text
    preview = uploaded.json()
    rows = {r["line"]: r for r in preview["rows"]}
    assert preview["counts"]["change"] == 2 and preview["counts"]["error"] == 2
    assert rows[lead_row]["status"] == "change"
    assert [(ch["label"], ch["proposed"]) for ch in rows[lead_row]["changes"]] == [
        ("牵头单位", "大连市财政局")
    ]
    assert {ch["field"] for ch in rows[coop_row]["changes"]} == {"cooperating", "due"}
    assert rows[bad_unit]["status"] == "error"
    assert "部门目录中没有“市教育厅”" in rows[bad_unit]["errors"][0]
    assert "大连市教育局" in rows[bad_unit]["suggestions"]["市教育厅"]
    assert "明年" in rows[bad_due]["errors"][0]
    assert rows[note_only]["status"] == "feedback"
    upload_id = preview["upload_id"]
    before = _task(site.planner, "p3.a6.t1")["task"]

    # Every change at once is refused while rows are wrong: nothing changes.
    refused = site.planner.post(f"/api/v1/plans/1/division/uploads/{upload_id}/apply", json={"rows": None})
    assert refused.status_code == 400
    assert "没有应用任何修改" in refused.json()["error"]
    assert _task(site.planner, "p3.a6.t1")["task"] == before
    # A wrong row cannot be picked either.
    picked_bad = site.planner.post(
        f"/api/v1/plans/1/division/uploads/{upload_id}/apply", json={"rows": [lead_row, bad_unit]}
    )
    assert picked_bad.status_code == 400 and f"第 {bad_unit} 行" in picked_bad.json()["error"]
    assert _task(site.planner, "p3.a6.t1")["task"] == before
    # A reporter may download but not apply.
    assert (
        site.reporter.post(
            f"/api/v1/plans/1/division/uploads/{upload_id}/apply", json={"rows": [lead_row]}
        ).status_code
        == 403
    )

    applied = site.planner.post(
        f"/api/v1/plans/1/division/uploads/{upload_id}/apply", json={"rows": [lead_row, coop_row]}
    )
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] == ["p3.a6.t1", "p3.a6.t2"]
    first = _task(site.planner, "p3.a6.t1")
    assert first["task"]["lead"] == "大连市财政局"
    assert first["history"][0]["note"] == "资金类事项，建议由财政局牵头"
    second = _task(site.planner, "p3.a6.t2")["task"]
    assert second["cooperating"] == ["大连市教育局", "大连市科学技术局"] and second["due"] == "2028"
    assert second["lead"] == "大连市工业和信息化局"  # left alone in the file, left alone here
    again = site.planner.post(
        f"/api/v1/plans/1/division/uploads/{upload_id}/apply", json={"rows": [lead_row]}
    )
    assert again.status_code == 400 and "已由" in again.json()["error"]
    audit = site.admin.get("/api/v1/audit", params={"action": "division.apply"})
    assert audit.status_code == 200
    assert "p3.a6.t1" in audit.text


def test_an_edit_made_since_the_download_is_a_conflict(site: Any) -> None:
    wb = _download(site.planner)
    ws = wb["分工方案"]
    c = _columns(ws)
    row, untouched = _row_of(ws, "p3.a6.t1"), _row_of(ws, "p3.a6.t2")
    # Someone changes two tasks after the download; the department edits only one of them.
    assert (
        site.other.patch("/api/v1/plans/1/tasks/p3.a6.t1/assignment", json={"lead": "市商务局"}).status_code
        == 200
    )
    assert (
        site.other.patch("/api/v1/plans/1/tasks/p3.a6.t2/assignment", json={"due": "2029"}).status_code == 200
    )
    ws[f"{c['牵头单位']}{row}"] = "市财政局"
    ws[f"{c['反馈意见']}{row}"] = "应由财政局牵头"
    preview = _upload(site.planner, _save(wb)).json()
    rows = {r["line"]: r for r in preview["rows"]}
    assert rows[row]["status"] == "conflict"
    change = rows[row]["changes"][0]
    assert change["conflict"] and change["current"] == "大连市商务局"
    assert change["downloaded"] == "大连市工业和信息化局" and change["proposed"] == "大连市财政局"
    assert "李四" in rows[row]["changed_by"]
    # The row the department left alone does not undo 李四's later edit.
    assert rows[untouched]["status"] == "unchanged"
    url = f"/api/v1/plans/1/division/uploads/{preview['upload_id']}/apply"
    assert site.planner.post(url, json={"rows": None}).status_code == 400
    assert _task(site.planner, "p3.a6.t1")["task"]["lead"] == "大连市商务局"
    assert site.planner.post(url, json={"rows": [row]}).status_code == 200
    assert _task(site.planner, "p3.a6.t1")["task"]["lead"] == "大连市财政局"
    assert _task(site.planner, "p3.a6.t2")["task"]["due"] == "2029"


def test_wrong_files_are_refused_and_nothing_is_stored(site: Any) -> None:
    assert _upload(site.planner, b"not a workbook", "x.xlsx").status_code == 400
    plain = openpyxl.Workbook()
    plain.active.title = "分工方案"
    refused = _upload(site.planner, _save(plain), "new.xlsx")
    assert refused.status_code == 400 and "不是本系统下载的分工方案" in refused.json()["error"]
    wb = _download(site.planner)
    ws = wb["分工方案"]
    ws.delete_cols(_columns(ws)["行键"] and openpyxl.utils.column_index_from_string(_columns(ws)["行键"]))
    missing = _upload(site.planner, _save(wb))
    assert missing.status_code == 400 and "行键" in missing.json()["error"]
    assert _upload(site.reporter, _save(_download(site.reporter))).status_code == 403
    assert site.planner.get("/api/v1/plans/1/division/uploads/1").status_code == 404


def test_the_pages_upload_preview_and_apply(site: Any) -> None:
    page = site.planner.get("/plans/1/division")
    assert page.status_code == 200 and "下载分工方案" in page.text
    assert site.planner.get("/api/v1/plans/1/division").json()["tasks"] > 100
    wb = _download(site.planner)
    ws = wb["分工方案"]
    c = _columns(ws)
    row = _row_of(ws, "p3.a6.t3")
    ws[f"{c['完成时限']}{row}"] = "2027"
    ws[f"{c['反馈意见']}{row}"] = "2027年底前完成"
    sent = site.planner.post(
        "/plans/1/division",
        files={"file": ("反馈.xlsx", _save(wb), XLSX)},
        data={"csrf_token": site.planner.csrf_token},
    )
    assert sent.status_code == 303, sent.text
    preview = site.planner.get(sent.headers["location"])
    assert preview.status_code == 200 and "将修改 1 行" in preview.text and "2027年底前完成" in preview.text
    applied = site.planner.post(
        sent.headers["location"] + "/apply",
        data={"csrf_token": site.planner.csrf_token, "mode": "selected", "line": str(row)},
    )
    assert applied.status_code == 303, applied.text
    done = site.planner.get(applied.headers["location"])
    assert "已应用 1 行修改" in done.text
    assert _task(site.planner, "p3.a6.t3")["task"]["due"] == "2027"
    bad = site.planner.post(
        "/plans/1/division",
        files={"file": ("x.xlsx", b"PK nonsense", XLSX)},
        data={"csrf_token": site.planner.csrf_token},
    )
    assert bad.status_code == 400 and "Excel" in bad.text
