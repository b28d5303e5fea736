"""The audit log: every change writes who, when, what, before and after; admins read and export it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from planwatch.services.admin import audit
from planwatch.services.catalogue.departments import catalogue_in_force, reset_catalogue, save_catalogue_text
from planwatch.services.division import assignments
from planwatch.services.plans.records import load_plan
from planwatch.settings import Settings
from planwatch.store.engine import transaction

MakeUser = Callable[..., tuple[str, str]]
ClientFor = Callable[..., Any]
Login = Callable[..., Any]


def _log(client: Any, **params: str) -> list[dict[str, Any]]:
    r = client.get("/api/v1/audit", params=params)
    assert r.status_code == 200, r.text
    entries: list[dict[str, Any]] = r.json()["entries"]
    return entries


def test_override_done_through_services_is_audited_with_before_and_after(
    live_engine: Engine, live_db_url: str, logged_in_client: ClientFor
) -> None:
    settings = Settings(db_url=live_db_url)
    with transaction(live_engine) as session:
        view = load_plan(session, "1")
        current = {a.task: a for a in assignments.effective(session, view).assignments}
        task = next(
            t for t in view.analysis.tasks if current[t.id].source == "proposed" and current[t.id].lead
        )
        proposed_lead = current[task.id].lead.department  # type: ignore[union-attr]
        new_lead = "大连市科学技术局" if proposed_lead != "大连市科学技术局" else "大连市教育局"
        assignments.override(
            session,
            view,
            task.id,
            catalogue_in_force(session, settings),
            decided_by="planner-x",
            lead=new_lead,
            cooperating=["市财政局"],
            due="2027",
            note="审计测试",
        )
    admin = logged_in_client("admin")
    target = f"plan:1/task:{task.id}"
    [entry] = _log(admin, action="assignment.override", target=target)
    assert entry["username"] == "planner-x"
    assert entry["target"] == target
    assert entry["before"]["lead"] == proposed_lead and entry["before"]["source"] == "proposed"
    assert entry["after"] == {
        "lead": new_lead,
        "cooperating": ["大连市财政局"],
        "due": "2027",
        "source": "override",
        "note": "审计测试",
    }
    changed = {c["field"] for c in entry["changes"] if c["changed"]}
    assert {"lead", "cooperating", "due", "source", "note"} <= changed
    at = datetime.fromisoformat(entry["at"])
    assert abs(datetime.now(UTC) - at) < timedelta(minutes=5)

    with transaction(live_engine) as session:
        assignments.revert(session, load_plan(session, "1"), task.id, decided_by="planner-x")
    [reverted] = _log(admin, action="assignment.revert", target=target)
    assert reverted["before"]["lead"] == new_lead
    assert reverted["after"]["lead"] == proposed_lead and reverted["after"]["source"] == "proposed"

    page = admin.get("/admin/audit", params={"target": task.id})
    assert page.status_code == 200
    assert "调整任务分工" in page.text and "恢复系统建议分工" in page.text
    assert new_lead in page.text and "planner-x" in page.text


def test_user_changes_through_the_admin_page_are_audited(
    make_user: MakeUser, login: Login, live_engine: Engine
) -> None:
    admin_name, admin_pw = make_user("admin")
    admin = login(admin_name, admin_pw)
    token = admin.csrf_token
    name = f"audited-{admin_name}"
    r = admin.post(
        "/admin/users",
        data={
            "username": name,
            "password": "long-enough-1",
            "role": "reporter",
            "department": "大连市教育局",
            "display_name": "<script>alert(1)</script>",
            "csrf_token": token,
        },
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/admin?done=add")
    r = admin.post(
        f"/admin/users/{name}/role", data={"role": "planner", "department": "", "csrf_token": token}
    )
    assert r.status_code == 303
    r = admin.post(f"/admin/users/{name}/password", data={"password": "other-pass-2", "csrf_token": token})
    assert r.status_code == 303
    r = admin.post(f"/admin/users/{name}/active", data={"active": "0", "csrf_token": token})
    assert r.status_code == 303

    entries = _log(admin, target=f"user:{name}")
    assert [e["action"] for e in entries] == ["user.disable", "user.passwd", "user.update", "user.add"]
    assert all(e["username"] == admin_name for e in entries)
    disable, passwd, update, add = entries
    assert add["before"] is None and add["after"]["role"] == "reporter"
    assert update["before"]["role"] == "reporter" and update["before"]["department"] == "大连市教育局"
    assert update["after"]["role"] == "planner" and update["after"]["department"] is None
    assert passwd["after"] == {"password": "已修改"}
    assert (disable["before"], disable["after"]) == ({"active": True}, {"active": False})

    page = admin.get("/admin").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    log_page = admin.get("/admin/audit", params={"target": name}).text
    assert "<script>alert(1)" not in log_page


def test_admin_form_errors_are_shown_in_chinese_and_change_nothing(
    logged_in_client: ClientFor, make_user: MakeUser
) -> None:
    admin = logged_in_client("admin")
    other, _ = make_user("viewer")
    before = len(_log(admin, action="user.add", limit="1000"))
    r = admin.post(
        "/admin/users",
        data={"username": "weak-one", "password": "short", "role": "viewer", "csrf_token": admin.csrf_token},
    )
    assert r.status_code == 400
    assert "密码太短" in r.text
    assert 'value="weak-one"' in r.text  # the form keeps what was typed
    r = admin.post(
        "/admin/users",
        data={
            "username": "dept-less",
            "password": "long-enough-1",
            "role": "reporter",
            "csrf_token": admin.csrf_token,
        },
    )
    assert r.status_code == 400 and "部门填报员必须填写所属部门" in r.text
    r = admin.post(
        f"/admin/users/{other}/role",
        data={"role": "reporter", "department": "", "csrf_token": admin.csrf_token},
    )
    assert r.status_code == 400 and "部门填报员必须填写所属部门" in r.text
    assert not _log(admin, action="user.update", target=f"user:{other}")
    assert len(_log(admin, action="user.add", limit="1000")) == before
    r = admin.patch("/api/v1/users/ghost-user", json={"active": False})
    assert r.status_code == 404 and "没有用户" in r.json()["error"]


def test_audit_filters_csv_and_json_twin(logged_in_client: ClientFor, make_user: MakeUser) -> None:
    admin = logged_in_client("admin")
    make_user("viewer")
    make_user("planner")
    all_adds = _log(admin, action="user.add", limit="1000")
    assert len(all_adds) >= 2
    assert all(e["action"] == "user.add" for e in all_adds)
    prefix = _log(admin, action="user.", limit="1000")
    assert len(prefix) >= len(all_adds)
    by_pytest = _log(admin, username="pytest", limit="5")
    assert by_pytest and all(e["username"] == "pytest" for e in by_pytest)
    today = datetime.now(audit.BEIJING).date()
    assert _log(admin, since=str(today), action="user.add", limit="1000") == all_adds
    assert _log(admin, until=str(today - timedelta(days=1))) == []
    bad = admin.get("/api/v1/audit", params={"since": "2026-13-45"})
    assert bad.status_code == 400 and "起始日期" in bad.json()["error"]

    twin = admin.get("/api/v1/audit", params={"action": "user.add", "limit": 100}).json()
    page = admin.get("/admin/audit", params={"action": "user.add"})
    assert page.status_code == 200
    assert f"共 {twin['total']} 条" in page.text
    assert 'href="/api/v1/audit?action=user.add"' in page.text
    assert 'href="/admin/audit.csv?action=user.add"' in page.text

    exported = admin.get("/admin/audit.csv", params={"action": "user.add"})
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in exported.headers["content-disposition"]
    body = exported.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == list(audit.CSV_HEADER)
    assert len(rows) - 1 == twin["total"]
    assert {r[3] for r in rows[1:]} == {"user.add"}
    assert {r[4] for r in rows[1:]} == {"新增用户"}


def test_csv_cells_cannot_become_formulas() -> None:
    entry = audit.AuditEntry(
        id=1,
        at=datetime(2026, 5, 12, tzinfo=UTC),
        username="=HYPERLINK(1)",
        action="user.add",
        target="+cmd",
        before=None,
        after={"x": 1},
    )
    rows = list(csv.reader(io.StringIO(audit.to_csv([entry]).lstrip("\ufeff"))))
    assert rows[1][1] == "2026-05-12 08:00:00"  # Beijing time
    assert rows[1][2] == "'=HYPERLINK(1)" and rows[1][5] == "'+cmd"


def test_catalogue_changes_and_imports_are_audited(live_engine: Engine, logged_in_client: ClientFor) -> None:
    yaml_text = (
        "departments:\n"
        "  - name: 大连市审计测试局\n"
        "    short: 审计测试局\n"
        "    kind: government\n"
        "    duties: [审计测试]\n"
    )
    with transaction(live_engine) as session:
        try:
            save_catalogue_text(session, yaml_text, source="test.yaml", replace=False, loaded_by="cat-loader")
        except Exception as exc:  # the catalogue schema is another module's; say what it refused
            pytest.fail(f"catalogue refused: {exc}")
    with transaction(live_engine) as session:
        assert reset_catalogue(session, by="cat-loader")
    admin = logged_in_client("admin")
    loads = _log(admin, username="cat-loader")
    assert [e["action"] for e in loads[:2]] == ["catalogue.reset", "catalogue.load"]
    reset, load = loads[:2]
    assert load["before"] == {"catalogue": "系统自带"}
    assert load["after"]["mode"] == "extend" and load["after"]["source"] == "test.yaml"
    assert reset["after"] == {"catalogue": "系统自带"} and reset["before"]["loaded_by"] == "cat-loader"

    [imported] = _log(admin, action="plan.import", target="plan:1/")
    assert imported["after"]["version"] == 1 and imported["after"]["sentences"] > 100
    assert imported["username"] == "system"
