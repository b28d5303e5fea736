"""Errors over real HTTP: the web words the hints that name what to do next (``web/hints.py``), in
JSON replies and on the error page alike, and never names a ``planwatch`` command; the JSON reply
carries the error's code."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from conftest import AuthClient
from planwatch.model import ErrorCode

HTML = {"Accept": "text/html"}


def _refused(reply: httpx.Response, status: int, code: ErrorCode) -> dict[str, object]:
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert body["code"] == code.value, body
    assert "planwatch " not in reply.text
    return dict(body)


@pytest.mark.parametrize(
    ("path", "code", "page"),
    [
        ("/plans/不存在的规划", ErrorCode.PLAN_NOT_FOUND, "规划列表"),
        ("/plans/999999999", ErrorCode.PLAN_NOT_FOUND, "规划列表"),
        ("/plans/1/nodes/p99.a1", ErrorCode.NODE_NOT_FOUND, "规划文本"),
        ("/plans/1/observe/indicators/999999", ErrorCode.INDICATOR_NOT_FOUND, "监测指标"),
        ("/compare?a=不存在的规划&b=1", ErrorCode.PLAN_REF_NOT_FOUND, "规划列表"),
    ],
)
def test_json_errors_name_pages_not_commands(
    anon_client: httpx.Client, path: str, code: ErrorCode, page: str
) -> None:
    body = _refused(anon_client.get(f"/api/v1{path}"), 404, code)
    assert page in str(body["hint"])


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/plans/不存在的规划", "规划列表"),
        ("/plans/不存在的规划/tasks", "规划列表"),
        ("/plans/1/text/p99.a1", "规划文本"),
    ],
)
def test_the_error_page_words_the_hint_for_the_web(anon_client: httpx.Client, path: str, page: str) -> None:
    reply = anon_client.get(path, headers=HTML)
    assert reply.status_code == 404 and "text/html" in reply.headers["content-type"]
    assert f"在“{page}”页" in reply.text or f"从“{page}”页" in reply.text
    assert "planwatch " not in reply.text


def test_errors_of_signed_in_people_name_no_command(logged_in_client: Callable[..., AuthClient]) -> None:
    admin = logged_in_client("admin")
    body = _refused(
        admin.patch("/api/v1/users/没有这个人", json={"active": False}), 404, ErrorCode.USER_NOT_FOUND
    )
    assert "用户管理" in str(body["hint"])
    planner = logged_in_client("planner")
    reattach = {"kind": "assignment", "id": 999999, "task": "p3.a7.t1"}
    stale = planner.post("/api/v1/plans/1/reattach", json=reattach)
    body = _refused(stale, 400, ErrorCode.ASSIGNMENT_NOT_STALE)
    assert "版本对照" in str(body["hint"])


def test_the_webs_own_refusals_carry_a_code_too(
    anon_client: httpx.Client, logged_in_client: Callable[..., AuthClient]
) -> None:
    # Refusals no service raised (routing, parsing, validation) carry a code as services' errors do,
    # so a client keys on one field whichever layer refused.
    _refused(anon_client.get("/api/v1/no-such-endpoint"), 404, ErrorCode.NOT_FOUND)
    page = anon_client.get("/no-such-page", headers={"Accept": "application/json"})
    _refused(page, 404, ErrorCode.NOT_FOUND)
    _refused(anon_client.delete("/api/v1/plans"), 405, ErrorCode.METHOD_NOT_ALLOWED)
    body = _refused(anon_client.get("/api/v1/plans/1/observe/indicators/abc"), 422, ErrorCode.INPUT_INVALID)
    assert body["details"] == [{"field": "地址 indicator_id", "problem": "须为整数"}]
    planner = logged_in_client("planner")
    review = planner.post("/api/v1/plans/1/reports/1/review", json={"approve": "也许"})
    body = _refused(review, 422, ErrorCode.INPUT_INVALID)
    assert body["details"] == [{"field": "请求内容 approve", "problem": "须为 true 或 false"}]
    malformed = planner.post(
        "/api/v1/plans/1/reports/1/review", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    _refused(malformed, 422, ErrorCode.INPUT_INVALID)  # FastAPI reports unparsable JSON as a validation error
    assert anon_client.get("/api/v1/users").json()["code"] == ErrorCode.LOGIN_REQUIRED.value
