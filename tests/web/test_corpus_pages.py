"""Every document of the shared corpus imports and leaves every page working.

Each national report, the Dalian recommendation, every provincial report and a hard-wrapped copy of
one (as text copied out of a PDF arrives) is imported into one database; its indicators are built
from its quantities, one task gets a report with an evidence file, and the plan's 分工方案 workbook
is sent back unchanged, so the monitoring, review, evidence and upload pages have something to show.
Then every GET route of the app's router — HTML page and JSON twin — is opened for every plan by the
admin (who may open them all), and by the planner, the reporter and an anonymous visitor on a few
representative plans; the routes outside a plan are opened once per role. A page may refuse a role
it is not meant for (401/403, or a redirect to the login page); anything else in the 4xx/5xx range
is a failure the user did not cause.

Cost: each request loads a plan, so the other roles, whose pages differ from the admin's by what
they may do rather than by the document, are kept to the representative plans; on PostgreSQL (the
second pass of scripts/test.sh) only those are imported and walked.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from corpus_routes import BINARIES, HEAVY, get_routes, plan_objects, urls_for
from pages_helpers import follow_job
from pydantic import TypeAdapter, ValidationError

from planwatch.ingest import read_bytes
from planwatch.services.catalogue.departments import catalogue_in_force
from planwatch.services.division import workbook as division_service
from planwatch.services.monitoring.from_quantities import create_from_quantities
from planwatch.services.plans.analyze import analyze_document, extraction_config
from planwatch.services.plans.records import import_analysis, load_plan
from planwatch.services.progress import evidence_files as evidence_service
from planwatch.services.progress import reporting as progress_service
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade
from planwatch.web.app import create_app
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
WRAPPED_FROM = "national-government-work-report-2024.txt"
WRAPPED = "硬换行副本"
ROLES = ("admin", "planner", "reporter", "anonymous")
REFUSALS = frozenset({401, 403})
# Opened by every role, first and last of each kind: a plan with its own city's catalogue and 分工,
# a work report (no end year: 待定 due dates) and a provincial report.
REPRESENTATIVE = ("dalian-15th-fyp-recommendation", "national-government-work-report-2024", "四川省")


def _on_postgresql() -> bool:
    """Whether the suite database is PostgreSQL (tests/conftest.py reads the same variable)."""
    return (os.environ.get("PLANWATCH_TEST_DB") or "sqlite").strip().lower() in (
        "postgresql",
        "postgres",
        "pg",
    )


def _all_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("provinces-*/*.txt"))


def corpus_files() -> list[Path]:
    files = _all_files()
    if not files:
        missing(f"the shared corpus is not on this machine ({CORPUS})")
    if _on_postgresql():
        files = [f for f in files if f.stem in REPRESENTATIVE]
    return files


def hard_wrapped(text: str, width: int = 38) -> str:
    """The text as copied out of a PDF: every paragraph broken into lines of ``width`` characters."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines += textwrap.wrap(paragraph, width) or [""]
    return "\n".join(lines)


def _import(session: object, settings: Settings, data: bytes, name: str, title: str | None = None) -> int:
    catalogue = catalogue_in_force(session, settings)  # type: ignore[arg-type]
    analysis = analyze_document(read_bytes(data, name), extraction_config(settings, catalogue))
    result = import_analysis(session, analysis, title)  # type: ignore[arg-type]
    view = load_plan(session, str(result.plan.id))  # type: ignore[arg-type]
    create_from_quantities(session, view, by="pytest")  # type: ignore[arg-type]
    return result.plan.id


Seeds = tuple[str, dict[int, tuple[int, int]]]


@pytest.fixture(scope="session")
def corpus_db(session_db_url: object) -> Seeds:
    """A database holding the corpus (in ``_documents`` order); returns its URL and, per plan, the
    ids of its evidence file and of its 分工方案 upload."""
    files = corpus_files()
    url = session_db_url("corpus")  # type: ignore[operator]
    settings = Settings(db_url=url)
    engine = make_engine(url)
    evidence: dict[int, tuple[int, int]] = {}
    try:
        upgrade(engine)
        plans: list[int] = []
        for path in files:
            with transaction(engine) as session:
                plans.append(_import(session, settings, path.read_bytes(), path.name))
        wrapped = hard_wrapped((CORPUS / WRAPPED_FROM).read_text(encoding="utf-8")).encode("utf-8")
        with transaction(engine) as session:
            plans.append(_import(session, settings, wrapped, "wrapped.txt", WRAPPED))
        for plan_id in plans:
            with transaction(engine) as session:
                view = load_plan(session, str(plan_id))
                task = view.analysis.tasks[0].id
                upload = evidence_service.Upload("进展说明.txt", "已完成年度工作。".encode())
                report = progress_service.submit_report(
                    session,
                    view,
                    progress_service.ReportDraft(
                        task_key=task,
                        period=None,
                        state="推进中",
                        percent=40,
                        narrative="按计划推进",
                        files=[upload],
                    ),
                    by="pytest",
                )
                catalogue = catalogue_in_force(session, settings)
                workbook = division_service.download(session, view, catalogue)
                sent = division_service.upload(session, view, catalogue, workbook, "分工方案.xlsx", "pytest")
                evidence[plan_id] = (report.evidence_files[0] or 0, sent.upload_id or 0)
    finally:
        engine.dispose()
    return url, evidence


@pytest.fixture(scope="module")
def corpus_server(corpus_db: Seeds, server_for: Callable[..., Any]) -> Iterator[Any]:
    with server_for(Settings(db_url=corpus_db[0], login_max_failures_per_ip=100_000)) as server:
        yield server


def _refused_as_designed(role: str, r: httpx.Response) -> bool:
    if role == "admin":
        return False
    if r.status_code in REFUSALS:
        return True
    return r.is_redirect and "/login" in r.headers.get("location", "")


def _documents() -> list[str]:
    """Collection-time names of the documents (and the hard-wrapped copy) in import order; none
    when the corpus is absent, which ``test_the_corpus_is_there`` reports."""
    found = [f.stem for f in _all_files()]
    if _on_postgresql():
        found = [f for f in found if f in REPRESENTATIVE]
    return found + ([WRAPPED] if found else [])


def _cases() -> list[Any]:
    """(role, document): the admin on every document, the other roles on the representative ones."""
    return [
        pytest.param(role, document, id=f"{role}-{document}")
        for document in _documents()
        for role in ROLES
        if role == ROLES[0] or document in REPRESENTATIVE
    ]


@pytest.fixture(scope="module")
def routes(corpus_server: Any) -> list[str]:
    found = [path for path, _ in get_routes(create_app(corpus_server.settings))]
    assert len(found) > 40, found
    return found


@pytest.fixture(scope="module")
def shapes(corpus_server: Any) -> list[tuple[re.Pattern[str], TypeAdapter[Any]]]:
    found = _declared_shapes(create_app(corpus_server.settings))
    assert found, "no JSON route declares a response model"
    return found


@pytest.fixture(scope="module")
def objects(corpus_server: Any, corpus_db: Seeds, client_as: Callable[..., httpx.Client]) -> dict[int, Any]:
    """What fills each plan's path parameters, read once through the JSON twins."""
    with closing(client_as(corpus_server, "admin")) as reader:
        return {
            plan_id: plan_objects(reader, plan_id, [file_id], [upload_id])
            for plan_id, (file_id, upload_id) in corpus_db[1].items()
        }


def test_the_corpus_is_there() -> None:
    assert len(_all_files()) >= 13
    assert set(REPRESENTATIVE) <= {f.stem for f in _all_files()}


def _declared_shapes(app: Any) -> list[tuple[re.Pattern[str], TypeAdapter[Any]]]:
    """(path pattern, response model) of every JSON route that declares what it returns."""
    shapes = []
    for path, route in get_routes(app):
        if path.startswith("/api/") and route.response_model is not None:
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
            shapes.append((re.compile(pattern), TypeAdapter(route.response_model)))
    return shapes


def _shape_errors(
    shapes: list[tuple[re.Pattern[str], TypeAdapter[Any]]], url: str, r: httpx.Response
) -> str | None:
    """How a JSON reply differs from the model its route declares (in OpenAPI), or None."""
    if r.status_code != 200 or not r.headers.get("content-type", "").startswith("application/json"):
        return None
    path = url.split("?", 1)[0]
    adapter = next((a for pattern, a in shapes if pattern.fullmatch(path)), None)
    if adapter is None:
        return None
    try:
        adapter.validate_python(r.json())
    except ValidationError as exc:
        return str(exc)[:600]
    return None


def _open_all(
    client: httpx.Client,
    role: str,
    urls: list[str],
    shapes: list[tuple[re.Pattern[str], TypeAdapter[Any]]] | None = None,
) -> dict[str, httpx.Response]:
    failures: list[str] = []
    seen: dict[str, httpx.Response] = {}
    for url in urls:
        r = seen[url] = client.get(url, follow_redirects=False)
        wrong = _shape_errors(shapes or [], url, r)
        if wrong:
            failures.append(f"{role} {url}: reply differs from its response model: {wrong}")
        if r.status_code == 303 and r.headers["location"].startswith("/jobs/"):
            # A report file or a large export is built by a background job: it must end well.
            job = follow_job(client, r)
            if job["state"] != "done":
                failures.append(f"{role} {url}: job {job['id']} {job['state']} {job['error']}")
            continue
        if r.status_code >= 400 and not _refused_as_designed(role, r):
            failures.append(f"{role} {url}: {r.status_code} {r.text[:200]}")
    assert not failures, "\n".join(failures[:40]) + f"\n（共 {len(failures)} 处）"
    return seen


@pytest.mark.parametrize(("role", "document"), _cases())
def test_every_page_of_a_corpus_plan_opens(
    corpus_server: Any,
    corpus_db: Seeds,
    routes: list[str],
    shapes: list[tuple[re.Pattern[str], TypeAdapter[Any]]],
    objects: dict[int, Any],
    client_as: Callable[..., httpx.Client],
    role: str,
    document: str,
) -> None:
    plan_id = list(corpus_db[1])[_documents().index(document)]
    found = objects[plan_id]
    assert found.tasks and found.nodes, document
    if document not in REPRESENTATIVE:
        found = found.first_only()
    in_plan = [path for path in routes if "{plan}" in path]
    urls = [u for path in in_plan if role == ROLES[0] or path not in HEAVY for u in urls_for(path, found)]
    if role == ROLES[0] and document == WRAPPED:
        urls += [u.replace("{plan}", str(plan_id)) for u in BINARIES]
    with closing(client_as(corpus_server, role)) as client:
        _open_all(client, role, urls, shapes)
    assert len(urls) > 40


@pytest.mark.parametrize("role", ROLES)
def test_every_page_outside_a_plan_opens_with_the_whole_corpus(
    corpus_server: Any,
    routes: list[str],
    shapes: list[tuple[re.Pattern[str], TypeAdapter[Any]]],
    objects: dict[int, Any],
    client_as: Callable[..., httpx.Client],
    role: str,
) -> None:
    # the inbox, its badge, search and the catalogue read every plan: once per role is enough
    found = objects[min(objects)]
    urls = [u for path in routes if "{plan}" not in path for u in urls_for(path, found)]
    with closing(client_as(corpus_server, role)) as client:
        opened = _open_all(client, role, urls, shapes)
    if role != "anonymous":
        assert opened["/inbox"].status_code == 200 and "收件箱" in opened["/inbox"].text
        assert opened["/api/v1/inbox/count"].json()["count"] >= 0
    assert len(urls) > 20
