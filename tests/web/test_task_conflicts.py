"""Two people editing the same task over real HTTP: the second save on an outdated page or ETag is
refused with 409 and a Chinese message naming who changed it; nothing of it is stored."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest

TASK = "p3.a6.t5"
OWN = "p11.a44.t1"  # led by 大连市教育局, the default reporter's unit


@pytest.fixture
def site(start_server: Callable[..., Any], create_user_in: Callable[..., Any], log_in_to: Any) -> Any:
    server = start_server(with_plan=True)

    class Site:
        url = server.url
        zhang = log_in_to(server.url, *create_user_in(server.db_url, "planner", display_name="张三"))
        li = log_in_to(server.url, *create_user_in(server.db_url, "planner", display_name="李四"))
        reporter = log_in_to(server.url, *create_user_in(server.db_url, "reporter"))

    return Site


def _base_in_form(page: str) -> str:
    found = re.search(r'name="base" value="(\d+)"', page)
    assert found, "the edit form carries no base revision"
    return found.group(1)


def test_api_put_and_patch_with_an_old_etag_get_409(site: Any) -> None:
    url = f"/api/v1/plans/1/tasks/{TASK}"
    seen_by_zhang = site.zhang.get(url)
    seen_by_li = site.li.get(url)
    etag = seen_by_zhang.headers["ETag"]
    assert etag == seen_by_li.headers["ETag"] == f'"{seen_by_zhang.json()["revision"]}"'

    saved = site.zhang.put(f"{url}/assignment", json={"due": "2027"}, headers={"If-Match": etag})
    assert saved.status_code == 200, saved.text
    assert site.zhang.get(url).headers["ETag"] != etag

    for send in (
        lambda: site.li.patch(f"{url}/assignment", json={"due": "2028"}, headers={"If-Match": etag}),
        lambda: site.li.put(f"{url}/assignment", json={"due": "2028", "base": int(etag.strip('"'))}),
        lambda: site.li.delete(f"{url}/assignment", headers={"If-Match": etag}),
    ):
        refused = send()
        assert refused.status_code == 409, refused.text
        assert "该任务的分工已被 张三 于" in refused.json()["error"]
        assert "请刷新后再改" in refused.json()["error"]
    now = site.li.get(url)
    assert now.json()["task"]["due"] == "2027"
    assert [h["due"] for h in now.json()["history"]] == ["2027"]

    # On the current ETag li's change goes through.
    ok = site.li.patch(f"{url}/assignment", json={"due": "2028"}, headers={"If-Match": now.headers["ETag"]})
    assert ok.status_code == 200 and ok.json()["task"]["due"] == "2028"
    # Malformed If-Match, or If-Match and base disagreeing, is bad input.
    assert (
        site.li.patch(f"{url}/assignment", json={"due": "2029"}, headers={"If-Match": "abc"}).status_code
        == 400
    )
    mixed = site.li.patch(f"{url}/assignment", json={"due": "2029", "base": 1}, headers={"If-Match": '"2"'})
    assert mixed.status_code == 400
    # Without a version the write is blind, as before (documented in the API module).
    assert site.li.patch(f"{url}/assignment", json={"due": "2030"}).status_code == 200


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_the_edit_form_refuses_a_save_over_someone_elses(site: Any, htmx: bool) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    edit = f"/plans/1/tasks/{TASK}/edit"
    base_zhang = _base_in_form(site.zhang.get(edit, headers=headers).text)
    base_li = _base_in_form(site.li.get(edit, headers=headers).text)
    assert base_zhang == base_li

    form = {"lead": "", "cooperating": "", "due": "2027", "note": "张三的调整", "action": "save"}
    first = site.zhang.post(f"/plans/1/tasks/{TASK}", data={**form, "base": base_zhang}, headers=headers)
    assert first.status_code in (200, 303), first.text

    late = {**form, "due": "2031", "note": "李四的调整", "base": base_li}
    refused = site.li.post(f"/plans/1/tasks/{TASK}", data=late, headers=headers)
    assert refused.status_code == 409
    page = html.unescape(refused.text)
    assert "该任务的分工已被 张三 于" in page and "请刷新后再改" in page
    # The form that comes back holds what is in force and its new revision.
    assert int(_base_in_form(page)) > int(base_li)
    history = site.li.get(f"/api/v1/plans/1/tasks/{TASK}").json()["history"]
    assert [h["note"] for h in history] == ["张三的调整"]

    again = site.li.post(
        f"/plans/1/tasks/{TASK}", data={**late, "base": _base_in_form(page)}, headers=headers
    )
    assert again.status_code in (200, 303), again.text
    assert site.li.get(f"/api/v1/plans/1/tasks/{TASK}").json()["task"]["due"] == "2031"


def test_two_planners_reviewing_one_report(site: Any) -> None:
    submitted = site.reporter.post(
        f"/api/v1/plans/1/tasks/{OWN}/progress", json={"period": "2026Q1", "state": "推进中", "percent": 30}
    )
    assert submitted.status_code == 201, submitted.text
    rid = submitted.json()["report"]["id"]
    approved = site.zhang.post(f"/api/v1/plans/1/reports/{rid}/review", json={"approve": True})
    assert approved.status_code == 200, approved.text
    late = site.li.post(f"/api/v1/plans/1/reports/{rid}/review", json={"approve": False, "comment": "请补充"})
    assert late.status_code == 409
    assert "已被" in late.json()["error"] and "审核通过" in late.json()["error"]
    history = site.li.get(f"/api/v1/plans/1/tasks/{OWN}/progress").json()
    assert "请补充" not in str(history)
