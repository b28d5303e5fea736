"""发文机关与部门目录 over real HTTP: shown on the plan overview and in its JSON twin, corrected by a
planner through the form or the JSON API (CSRF, permissions, audit), the 分工 following."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from pages_helpers import audit_entries

from planwatch.extract.catalogue_levels import level_catalogue, national_catalogue
from planwatch.extract.departments import shipped_catalogue

Start = Callable[..., Any]


def leads(client: httpx.Client) -> set[str]:
    rows = client.get("/api/v1/plans/1/tasks").json()
    return {r["lead"] for r in rows if r["lead"]}


def test_issuer_on_the_overview_and_corrected_by_a_planner(
    start_server: Start, create_user_in: Callable[..., tuple[str, str]], log_in_to: Callable[..., Any]
) -> None:
    server = start_server(with_plan=True)  # a database of its own: the plan's leads change here
    planner = log_in_to(server.url, *create_user_in(server.db_url, "planner"))
    viewer = log_in_to(server.url, *create_user_in(server.db_url, "viewer"))

    page = planner.get("/plans/1")
    assert page.status_code == 200
    assert "发文机关与部门目录" in page.text and "大连市" in page.text
    assert 'action="/plans/1/issuer"' in page.text
    twin = planner.get("/api/v1/plans/1/overview").json()["issuer"]
    assert twin["issuer"]["name"] == "大连市" and twin["issuer"]["level"] == "municipal"
    assert "中共大连市委关于" in twin["detected"]["evidence"]
    dalian = set(shipped_catalogue().names())
    assert leads(planner) <= dalian

    # a viewer may not change it; nothing changes
    refused = viewer.put("/api/v1/plans/1/issuer", json={"issuer": "四川省"})
    assert refused.status_code == 403
    assert planner.get("/api/v1/plans/1/issuer").json()["override"] is None

    # bad input: a clear Chinese error, nothing changed
    bad = planner.put("/api/v1/plans/1/issuer", json={"issuer": "某某"})
    assert bad.status_code == 400 and "无法从“某某”判断发文机关层级" in bad.text
    assert planner.get("/api/v1/plans/1/issuer").json()["override"] is None

    # the JSON API
    done = planner.put("/api/v1/plans/1/issuer", json={"issuer": "四川省", "catalogue": "issuer"})
    assert done.status_code == 200, done.text
    assert done.json()["issuer"]["name"] == "四川省" and done.json()["catalogue_choice"] == "issuer"
    sichuan = level_catalogue("四川省", "provincial")
    assert sichuan is not None
    now = leads(planner)
    assert now and now <= set(sichuan.names())
    assert audit_entries(server.db_url, "plan.catalogue")[0].after["issuer_name"] == "四川省"

    # the form on the overview page, then back to what the document says
    form = planner.post(
        "/plans/1/issuer",
        data={"issuer": "国务院", "level": "national", "catalogue": "auto", "csrf_token": planner.csrf_token},
    )
    assert form.status_code == 303
    assert "国家发展和改革委员会" in leads(planner) and leads(planner) <= set(national_catalogue().names())
    assert "国务院" in planner.get("/plans/1").text
    reset = planner.delete("/api/v1/plans/1/issuer")
    assert reset.status_code == 200 and reset.json()["override"] is None
    assert leads(planner) <= dalian
