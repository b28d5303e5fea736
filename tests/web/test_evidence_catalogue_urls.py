"""Every page and action of 落实佐证, its coverage, 部门目录, a plan's catalogue and its issuer is
reached by its route's name (``web/urls.url``), the page and its JSON twin alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.settings import Settings
from planwatch.web.app import create_app
from planwatch.web.urls import url

# (route name, query, path parameters, path)
PAGES = [
    ("evidence_sources", None, {"plan": 3}, "/plans/3/evidence"),
    ("evidence_source", None, {"plan": 3, "sid": 7}, "/plans/3/evidence/sources/7"),
    ("evidence_text", None, {"plan": 3, "sid": 7}, "/plans/3/evidence/sources/7/text"),
    ("task_evidence", None, {"plan": 3, "task": "p2.s6.t2"}, "/plans/3/tasks/p2.s6.t2/evidence"),
    ("evidence_coverage", None, {"plan": 3}, "/plans/3/evidence/coverage"),
    ("catalogue", None, {}, "/catalogue"),
    ("catalogue_unit", {"name": "市教育局"}, {}, "/catalogue/unit?name=%E5%B8%82%E6%95%99%E8%82%B2%E5%B1%80"),
    ("catalogue_history", None, {}, "/catalogue/history"),
    ("plan_catalogue_page", None, {"plan": 3}, "/plans/3/catalogue"),
]
# (route name, path parameters, path)
ACTIONS = [
    ("attach_evidence", {"plan": 3}, "/plans/3/evidence/sources"),
    ("remove_evidence_source", {"plan": 3, "sid": 7}, "/plans/3/evidence/sources/7/remove"),
    ("decide_evidence", {"plan": 3, "mid": 9}, "/plans/3/evidence/matches/9"),
    ("evidence_coverage_xlsx", {"plan": 3}, "/plans/3/evidence/coverage.xlsx"),
    ("api.evidence_coverage_xlsx", {"plan": 3}, "/api/v1/plans/3/evidence/coverage.xlsx"),
    ("new_unit_form", {}, "/catalogue/new"),
    ("save_unit", {}, "/catalogue/unit"),
    ("remove_unit", {}, "/catalogue/unit/remove"),
    ("upload_form", {}, "/catalogue/upload"),
    ("upload_preview", {}, "/catalogue/upload"),
    ("apply_upload", {}, "/catalogue/apply"),
    ("catalogue_export", {"fmt": "xlsx"}, "/catalogue/export.xlsx"),
    ("restore", {"record_id": 0}, "/catalogue/history/0/restore"),
    ("adopt", {"plan": 3}, "/plans/3/catalogue/adopt"),
    ("repropose", {"plan": 3}, "/plans/3/catalogue/repropose"),
    ("issuer_save", {"plan": 3}, "/plans/3/issuer"),
    ("api.issuer", {"plan": 3}, "/api/v1/plans/3/issuer"),
]


@pytest.fixture(scope="module", autouse=True)
def _app(tmp_path_factory: pytest.TempPathFactory) -> None:
    db = Path(tmp_path_factory.mktemp("urls")) / "urls.db"
    create_app(Settings(db_url=f"sqlite:///{db}"))  # learns every route's path


@pytest.mark.parametrize(("name", "query", "params", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_a_page_and_its_twin_by_name(
    name: str, query: dict[str, str] | None, params: dict[str, object], path: str
) -> None:
    assert url(name, query, **params) == path
    assert url(f"api.{name}", query, **params) == "/api/v1" + path


@pytest.mark.parametrize(("name", "params", "path"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_an_action_by_name(name: str, params: dict[str, object], path: str) -> None:
    assert url(name, **params) == path
