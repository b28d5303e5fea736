"""Links of 监测 (indicator statuses and forms, observe, reports), 后台任务 and 导入 are built from
route names (web/urls.py): each name reaches its page, and every JSON route of these areas says
what it returns (a response model in OpenAPI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.settings import Settings
from planwatch.web.app import create_app
from planwatch.web.routes import imports, indicator_forms, jobs, monitoring, observe, reports
from planwatch.web.urls import url

AREAS = (imports, indicator_forms, jobs, monitoring, observe, reports)
P = {"plan": 3}
EXPECTED = [
    ("monitoring", P, "/plans/3/monitoring"),
    ("monitoring_indicator", {**P, "indicator_id": 7}, "/plans/3/monitoring/indicators/7"),
    ("monitoring_warnings", P, "/plans/3/monitoring/warnings"),
    ("record_form", {**P, "indicator_id": 7}, "/plans/3/monitoring/indicators/7/values"),
    ("indicator_new", P, "/plans/3/monitoring/indicators/new"),
    ("indicator_edit", {**P, "indicator_id": 7}, "/plans/3/monitoring/indicators/7/edit"),
    ("delete_form", {**P, "indicator_id": 7}, "/plans/3/monitoring/indicators/7/delete"),
    ("indicator_candidates", P, "/plans/3/monitoring/from-plan"),
    ("indicator_table_import", P, "/plans/3/monitoring/import-table"),
    ("indicator_values_import", P, "/plans/3/monitoring/import-values"),
    ("observe", P, "/plans/3/observe"),
    ("accept_form", {**P, "proposal_id": 5}, "/plans/3/observe/5/accept"),
    ("reject_form", {**P, "proposal_id": 5}, "/plans/3/observe/5/reject"),
    ("report_download", P, "/plans/3/report"),
    ("jobs", {}, "/jobs"),
    ("job", {"job_id": 9}, "/jobs/9"),
    ("job_download", {"job_id": 9}, "/jobs/9/download"),
    ("import_form", {}, "/import"),
    ("api.monitoring", P, "/api/v1/plans/3/monitoring"),
    ("api.observe", P, "/api/v1/plans/3/observe"),
    ("api.report", P, "/api/v1/plans/3/report"),
    ("api.jobs", {}, "/api/v1/jobs"),
    ("api.job", {"job_id": 9}, "/api/v1/jobs/9"),
]


@pytest.fixture(scope="module", autouse=True)
def app(tmp_path_factory: pytest.TempPathFactory) -> None:
    db = Path(tmp_path_factory.mktemp("urls")) / "urls.db"
    create_app(Settings(database_url=f"sqlite:///{db}"))  # learns every route's path


@pytest.mark.parametrize(("name", "params", "path"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_name_reaches_its_page(name: str, params: dict[str, int], path: str) -> None:
    assert url(name, **params) == path


def test_links_carry_their_query_and_fragment() -> None:
    assert url("jobs", {"all": 1}) == "/jobs?all=1"
    assert url("observe", fragment="p5", plan=3) == "/plans/3/observe#p5"
    assert url("monitoring_indicator", {"recorded": "2026Q3"}, plan=3, indicator_id=7).endswith(
        "?recorded=2026Q3"
    )


def test_every_json_route_of_these_areas_declares_its_reply() -> None:
    missing = [
        f"{sorted(route.methods)} {route.path}"
        for area in AREAS
        for route in area.area.api.routes
        if getattr(route, "response_model", None) is None and "/result" not in route.path  # a file
    ]
    assert missing == []
