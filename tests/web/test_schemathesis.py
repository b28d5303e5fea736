"""schemathesis against the JSON API's own OpenAPI schema (/api/v1/openapi.json), on a live server:
whatever a client sends, anonymous or as a logged-in planner (with the CSRF header), the server never
answers 5xx.

Cases are generated from the schema for every operation; in half of them the path's ``plan`` is the
real plan 1 (and ``task`` one of its tasks) so requests get past "no such plan" into the handlers.
``PLANWATCH_SCHEMATHESIS_EXAMPLES`` sets the cases per operation and role (default 8, for CI).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("PLANWATCH_SCHEMATHESIS_EXAMPLES", "8"))
REAL = {"plan": "1", "task": "p3.a6.t5", "node": "p3.a7", "kind": "tasks", "index": "0"}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, session_db_url: Callable[[str], str]) -> Any:
    """A server of its own (the cases change what they may), with plan 1 and a planner logged in."""
    import importlib.util
    import sys
    from pathlib import Path

    # The web fixtures are function-scoped; their helpers are used directly for a module-wide server.
    spec = importlib.util.spec_from_file_location(
        "planwatch_schemathesis_web", Path(__file__).with_name("conftest.py")
    )
    assert spec is not None and spec.loader is not None
    web = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = web
    spec.loader.exec_module(web)
    from planwatch.settings import Settings

    url = session_db_url("schemathesis")
    web._prepare_database(url, with_plan=True)
    with web.run_server(Settings(db_url=url, login_max_failures_per_ip=100_000)) as server:
        client = web.log_in(server.url, *web.create_user(url, "planner"))
        try:
            schema = schemathesis.openapi.from_url(f"{server.url}/api/v1/openapi.json", timeout=120)
            yield server.url, schema, client
        finally:
            client.close()


def _run_all(base_url: str, schema: Any, headers: dict[str, str], cookies: dict[str, str]) -> list[str]:
    """Every operation, EXAMPLES cases each; returns the 5xx answers found."""
    found: list[str] = []
    statuses: dict[int, int] = {}
    session = requests.Session()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40  # the whole API, not a part of it
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), real=st.booleans())
        def run(case: Any, real: bool) -> None:
            if real and case.path_parameters:
                for name in case.path_parameters:
                    if name in REAL:
                        case.path_parameters[name] = REAL[name]
            response = case.call(
                base_url=base_url, session=session, headers=headers, cookies=cookies, timeout=60
            )
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                found.append(
                    f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"
                )

        run()
    session.close()
    print(
        f"\n{sum(statuses.values())} requests over {len(operations)} operations: {sorted(statuses.items())}"
    )
    return found


def test_anonymous_clients_get_no_server_errors(api: Any) -> None:
    base_url, schema, _ = api
    errors = _run_all(base_url, schema, {}, {})
    assert errors == [], "\n".join(errors)


def test_a_logged_in_planner_gets_no_server_errors(api: Any) -> None:
    base_url, schema, client = api
    cookies = {name: value for name, value in client.cookies.items()}
    assert client.get("/api/v1/me").json()["user"]["role"] == "planner"
    errors = _run_all(base_url, schema, {"X-CSRF-Token": client.csrf_token}, cookies)
    assert errors == [], "\n".join(errors)
