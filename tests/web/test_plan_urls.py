"""url() reaches every page of the plans, text, admin, compare and search areas and their JSON twins:
the link a template builds from a route's name opens that page."""

from __future__ import annotations

from collections.abc import Callable

from conftest import AuthClient
from planwatch.web import urls

ClientFor = Callable[..., AuthClient]

# (route name, its parameters, query) → opened as an admin
LINKS: list[tuple[str, dict[str, object], dict[str, object] | None]] = [
    ("home", {}, None),
    ("plans", {}, None),
    ("api.plans", {}, None),
    ("overview", {"plan": 1}, None),
    ("api.overview", {"plan": 1}, None),
    ("api.plan", {"plan": 1}, None),
    ("api.plan_tasks", {"plan": 1}, None),
    ("text", {"plan": 1}, {"page": 1}),
    ("api.text", {"plan": 1}, None),
    ("node", {"plan": 1, "node": "p1.a1"}, None),
    ("api.node", {"plan": 1, "node": "p1.a1"}, None),
    ("item", {"plan": 1, "kind": "quantity", "index": 0}, None),
    ("api.item", {"plan": 1, "kind": "quantity", "index": 0}, None),
    ("users", {}, None),
    ("api.users", {}, None),
    ("audit_log", {}, {"action": "user."}),
    ("api.audit_log", {}, None),
    ("admin_audit_csv", {}, None),
    ("api.me", {}, None),
    ("compare", {}, {"a": 1, "b": 1}),
    ("api.compare", {}, {"a": 1, "b": 1}),
    ("diff", {"plan": 1}, None),
    ("api.diff", {"plan": 1}, None),
    ("api.stale", {"plan": 1}, None),
    ("api.get_lineage", {"plan": 1}, None),
    ("search_page", {"plan": 1}, {"q": "发展"}),
    ("api.search", {}, {"q": "发展", "plan": 1}),
    ("api.departments", {}, None),
    ("api_docs", {}, None),
]


def test_url_reaches_each_page(logged_in_client: ClientFor) -> None:
    admin = logged_in_client("admin")
    assert admin.get("/api/v1/me").status_code == 200  # the app is up: url() knows its routes
    for name, params, query in LINKS:
        link = urls.url(name, query, **params)
        r = admin.get(link, follow_redirects=True)
        assert r.status_code == 200, (name, link, r.status_code)


def test_own_password_reset_sends_to_log_in_again(logged_in_client: ClientFor) -> None:
    admin = logged_in_client("admin")
    link = urls.url("reset_password", username=admin.username)
    r = admin.post(link, data={"password": "another-pass-9"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/admin"
