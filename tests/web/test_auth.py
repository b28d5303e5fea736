"""Login, sessions, CSRF, throttling and roles, over real HTTP against the real app and database."""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text

from planwatch.web.auth import COOKIE

MakeUser = Callable[..., tuple[str, str]]
Login = Callable[..., Any]  # -> an httpx.Client with .csrf_token and .username (see conftest)
ClientFor = Callable[..., Any]
StartServer = Callable[..., Any]  # -> LiveServer(url, db_url, settings)


def _token(client: httpx.Client) -> str:
    token: str = client.get("/api/v1/me").json()["csrf_token"]
    return token


def _form_login(client: httpx.Client, username: str, password: str, **extra: str) -> httpx.Response:
    data = {"username": username, "password": password, "csrf_token": _token(client), **extra}
    return client.post("/login", data=data)


def _session_cookie(response: httpx.Response) -> SimpleCookie:
    headers = [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]
    assert headers, "no Set-Cookie header"
    jar: SimpleCookie = SimpleCookie()
    for h in headers:
        jar.load(h)
    assert COOKIE in jar
    return jar


# -- logging in and out ----------------------------------------------------------------------------


def test_login_form_success_sets_a_hardened_cookie(anon_client: httpx.Client, make_user: MakeUser) -> None:
    username, password = make_user("planner")
    page = anon_client.get("/login?next=/plans/1")
    assert page.status_code == 200
    assert 'name="csrf_token"' in page.text and "登录" in page.text

    response = _form_login(anon_client, username, password, next="/plans/1")
    assert response.status_code == 303
    assert response.headers["location"] == "/plans/1"
    morsel = _session_cookie(response)[COOKIE]
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Lax"
    assert morsel["path"] == "/"
    assert int(morsel["max-age"]) == 8 * 3600
    assert not morsel["secure"]  # plain http on loopback

    me = anon_client.get("/api/v1/me").json()
    assert me["user"]["username"] == username
    assert me["user"]["role"] == "planner"
    assert me["permissions"] == {"edit_plans": True, "admin": False}
    page = anon_client.get("/plans/1")
    assert page.status_code == 200
    assert "测试planner" in page.text and "退出" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_cookie_is_secure_when_the_request_came_over_https(live_server: str) -> None:
    # uvicorn trusts X-Forwarded-Proto from loopback (a reverse proxy on the same host).
    with httpx.Client(base_url=live_server, headers={"X-Forwarded-Proto": "https"}) as client:
        response = client.get("/login")
    assert _session_cookie(response)[COOKIE]["secure"] is True


def test_wrong_password_and_unknown_user_get_the_same_answer(
    anon_client: httpx.Client, make_user: MakeUser
) -> None:
    username, _ = make_user("viewer")
    wrong = _form_login(anon_client, username, "not-the-password")
    unknown = _form_login(anon_client, "nobody-" + username, "not-the-password")
    for r in (wrong, unknown):
        assert r.status_code == 401
        assert "用户名或密码错误" in r.text
    assert anon_client.get("/api/v1/me").json()["user"] is None
    json_reply = anon_client.post(
        "/login",
        data={"username": username, "password": "nope-nope", "csrf_token": _token(anon_client)},
        headers={"Accept": "application/json"},
    )
    assert json_reply.status_code == 401
    assert (
        json_reply.json()["error"] == "用户名或密码错误。"
        and json_reply.json()["code"] == "auth.login_failed"
    )


def test_login_needs_the_csrf_token(anon_client: httpx.Client, make_user: MakeUser) -> None:
    username, password = make_user("viewer")
    _token(anon_client)  # the session exists, but the form does not send its token
    r = anon_client.post("/login", data={"username": username, "password": password})
    assert r.status_code == 403
    assert "安全令牌" in r.text
    assert anon_client.get("/api/v1/me").json()["user"] is None


def test_login_redirects_only_within_the_site(anon_client: httpx.Client, make_user: MakeUser) -> None:
    username, password = make_user("viewer")
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"):
        r = _form_login(anon_client, username, password, next=evil)
        assert r.status_code == 303
        assert r.headers["location"] == "/"


def test_disabled_account_cannot_log_in(anon_client: httpx.Client, make_user: MakeUser, login: Login) -> None:
    username, password = make_user("viewer")
    admin = login(*make_user("admin"))
    assert admin.patch(f"/api/v1/users/{username}", json={"active": False}).status_code == 200
    r = _form_login(anon_client, username, password)
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text


def test_logout_ends_the_session_even_for_a_copied_cookie(
    live_server: str, make_user: MakeUser, login: Login
) -> None:
    username, password = make_user("planner")
    client = login(username, password)
    stolen = dict(client.cookies)
    r = client.post("/logout")
    assert r.status_code == 303
    assert r.headers["location"] == "/login?out=1"
    assert client.get("/api/v1/me").json()["user"] is None
    with httpx.Client(base_url=live_server, cookies=stolen) as replay:
        assert replay.get("/api/v1/me").json()["user"] is None
    assert "已退出登录" in client.get("/login?out=1").text


def test_tampered_cookie_is_ignored(live_server: str, make_user: MakeUser, login: Login) -> None:
    client = login(*make_user("admin"))
    value = client.cookies[COOKIE]
    payload, rest = value.split(".", 1)
    forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + rest
    with httpx.Client(base_url=live_server, cookies={COOKIE: forged}) as c:
        assert c.get("/api/v1/me").json()["user"] is None
        assert c.get("/api/v1/users").status_code == 401


# -- sessions die with the account -----------------------------------------------------------------


def test_disabling_a_user_kills_their_session(make_user: MakeUser, login: Login) -> None:
    username, password = make_user("reporter")
    victim = login(username, password)
    assert victim.get("/api/v1/me").json()["user"]["username"] == username
    admin = login(*make_user("admin"))
    r = admin.patch(f"/api/v1/users/{username}", json={"active": False})
    assert r.status_code == 200
    assert r.json()["user"]["active"] is False
    assert victim.get("/api/v1/me").json()["user"] is None
    refused = victim.patch(f"/api/v1/users/{username}", json={"display_name": "x"})
    assert refused.status_code in (401, 403)
    # enabling again does not bring the old session back
    assert admin.patch(f"/api/v1/users/{username}", json={"active": True}).status_code == 200
    assert victim.get("/api/v1/me").json()["user"] is None
    assert login(username, password).get("/api/v1/me").json()["user"]["username"] == username


def test_password_change_kills_sessions(make_user: MakeUser, login: Login) -> None:
    username, password = make_user("planner")
    old = login(username, password)
    admin = login(*make_user("admin"))
    assert admin.patch(f"/api/v1/users/{username}", json={"password": "new-secret-42"}).status_code == 200
    assert old.get("/api/v1/me").json()["user"] is None
    with pytest.raises(AssertionError, match="401"):
        login(username, password)
    assert login(username, "new-secret-42").get("/api/v1/me").json()["user"]["username"] == username


# -- CSRF ------------------------------------------------------------------------------------------


def test_state_change_without_csrf_token_is_rejected(make_user: MakeUser, login: Login) -> None:
    admin = login(*make_user("admin"), send_csrf=False)
    target, _ = make_user("viewer")
    body = {"username": "x-" + target, "password": "long-enough-1", "role": "viewer"}

    no_token = admin.post("/api/v1/users", json=body)
    assert no_token.status_code == 403
    assert no_token.json()["error"] == "请求缺少有效的安全令牌（CSRF），已拒绝。"
    assert admin.post("/api/v1/users", json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    form = admin.post("/admin/users", data=body)
    assert form.status_code == 403
    assert "安全令牌" in form.text
    htmx = admin.post("/admin/users", data=body, headers={"HX-Request": "true"})
    assert htmx.status_code == 403 and htmx.json()["error"].startswith("请求缺少")
    assert admin.patch(f"/api/v1/users/{target}", json={"active": False}).status_code == 403
    assert admin.post("/logout").status_code == 403
    users = {u["username"] for u in admin.get("/api/v1/users").json()["users"]}
    assert "x-" + target not in users

    # the same requests with the token go through: the header, or the form field
    ok = admin.post("/api/v1/users", json=body, headers={"X-CSRF-Token": admin.csrf_token})
    assert ok.status_code == 201
    form_ok = admin.post(
        "/admin/users", data={**body, "username": "y-" + target, "csrf_token": admin.csrf_token}
    )
    assert form_ok.status_code == 303


def test_csrf_token_of_another_session_is_rejected(make_user: MakeUser, login: Login) -> None:
    admin = login(*make_user("admin"))
    other = login(*make_user("admin"))
    target, _ = make_user("viewer")
    r = admin.patch(
        f"/api/v1/users/{target}", json={"active": False}, headers={"X-CSRF-Token": other.csrf_token}
    )
    assert r.status_code == 403


def test_csrf_token_is_renewed_at_login(anon_client: httpx.Client, make_user: MakeUser) -> None:
    before = _token(anon_client)
    username, password = make_user("viewer")
    assert _form_login(anon_client, username, password).status_code == 303
    assert _token(anon_client) != before


# -- throttling ------------------------------------------------------------------------------------


def test_five_failures_lock_the_username_from_this_address(
    anon_client: httpx.Client, make_user: MakeUser
) -> None:
    username, password = make_user("planner")
    for _ in range(5):
        assert _form_login(anon_client, username, "wrong-password").status_code == 401
    locked = _form_login(anon_client, username, password)  # even the right password is refused now
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.text and "分钟后再试" in locked.text
    retry = int(locked.headers["Retry-After"])
    assert 800 < retry <= 900
    as_json = anon_client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": _token(anon_client)},
        headers={"Accept": "application/json"},
    )
    assert as_json.status_code == 429
    assert as_json.json()["retry_after"] > 0
    # other usernames from the same address are not locked by it
    other, other_pw = make_user("planner")
    assert _form_login(anon_client, other, other_pw).status_code == 303


def test_success_before_the_limit_clears_the_failures(anon_client: httpx.Client, make_user: MakeUser) -> None:
    username, password = make_user("viewer")
    for _ in range(4):
        assert _form_login(anon_client, username, "wrong-password").status_code == 401
    assert _form_login(anon_client, username, password).status_code == 303
    for _ in range(4):
        assert _form_login(anon_client, username, "wrong-password").status_code == 401
    assert _form_login(anon_client, username, password).status_code == 303


def test_many_usernames_from_one_address_are_throttled(
    start_server: StartServer, create_user_in: MakeUser
) -> None:
    server = start_server(login_max_failures_per_ip=3)
    username, password = create_user_in(server.db_url, "viewer")
    with httpx.Client(base_url=server.url) as client:
        for n in range(3):
            assert _form_login(client, f"guess{n}", "wrong-password").status_code == 401
        r = _form_login(client, username, password)
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0


# -- roles -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["planner", "reporter", "viewer"])
def test_only_admins_reach_the_admin_page_and_api(role: str, logged_in_client: ClientFor) -> None:
    client = logged_in_client(role)
    page = client.get("/admin")
    assert page.status_code == 403
    assert "只有管理员" in page.text
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.csv").status_code == 403
    for url in ("/api/v1/users", "/api/v1/audit"):
        r = client.get(url)
        assert r.status_code == 403
        assert r.json()["error"] == "没有权限：只有管理员可以访问。"
    r = client.post(
        "/api/v1/users", json={"username": "sneaky", "password": "long-enough-1", "role": "admin"}
    )
    assert r.status_code == 403
    r = client.patch(f"/api/v1/users/{client.username}", json={"role": "admin"})
    assert r.status_code == 403
    assert client.get("/api/v1/me").json()["user"]["role"] == role


def test_anonymous_is_sent_to_login_or_gets_401(anon_client: httpx.Client) -> None:
    page = anon_client.get("/admin/audit?action=user.add")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/admin/audit%3Faction%3Duser.add"
    api = anon_client.get("/api/v1/users")
    assert api.status_code == 401
    assert api.json()["error"] == "请先登录。"
    htmx = anon_client.get("/admin", headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == "/login?next=/admin"
    # public_read is on: reading needs no login
    assert anon_client.get("/plans/1").status_code == 200
    assert anon_client.get("/api/v1/plans").status_code == 200


def test_admin_sees_users_and_the_page_matches_its_json_twin(logged_in_client: ClientFor) -> None:
    admin = logged_in_client("admin")
    page = admin.get("/admin")
    assert page.status_code == 200
    data = admin.get("/api/v1/users").json()
    assert admin.username in {u["username"] for u in data["users"]}
    assert "大连市教育局" in data["departments"]
    for u in data["users"][:5]:
        assert u["username"] in page.text
    assert "$argon2" not in page.text
    assert all("password_hash" not in u for u in data["users"])


def test_public_read_off_requires_login_everywhere(
    start_server: StartServer, create_user_in: MakeUser, log_in_to: Callable[..., Any]
) -> None:
    server = start_server(public_read=False, with_plan=True)
    username, password = create_user_in(server.db_url, "viewer")
    with httpx.Client(base_url=server.url) as anon:
        r = anon.get("/plans/1")
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/plans/1"
        assert anon.get("/").headers["location"] == "/login"
        api = anon.get("/api/v1/plans/1/overview")
        assert api.status_code == 401 and api.json()["error"] == "请先登录。"
        assert anon.get("/api/v1/openapi.json").status_code == 401
        assert anon.get("/login").status_code == 200
        assert anon.get("/static/css/app.css").status_code == 200
        assert anon.get("/api/v1/me").json()["user"] is None
    client = log_in_to(server.url, username, password)
    assert client.get("/plans/1").status_code == 200
    assert client.get("/api/v1/plans/1/overview").status_code == 200


# -- what is stored --------------------------------------------------------------------------------


def test_password_hashes_are_argon2id(live_engine: Engine, make_user: MakeUser) -> None:
    username, password = make_user("viewer")
    with live_engine.connect() as c:
        stored = c.execute(
            text("SELECT password_hash FROM users WHERE username = :u"), {"u": username}
        ).scalar_one()
    assert stored.startswith("$argon2id$")
    assert password not in stored
