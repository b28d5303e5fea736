"""Every document of the shared corpus imports and leaves every page working.

Each national report, the Dalian recommendation, every provincial report and a hard-wrapped copy of
one (as text copied out of a PDF arrives) is imported into one database; its indicators are built
from its quantities and one task gets a report with an evidence file, so the monitoring, review and
evidence pages have something to show. Then every GET route of the app's router — HTML page and
JSON twin — is opened for every plan, as admin, planner, reporter and anonymous. A page may refuse
a role it is not meant for (401/403, or a redirect to the login page); anything else in the 4xx/5xx
range is a failure the user did not cause.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from corpus_routes import BINARIES, HEAVY, get_routes, plan_objects, urls_for

from planwatch.ingest import read_bytes
from planwatch.services import evidence as evidence_service
from planwatch.services import progress as progress_service
from planwatch.services.analyze import analyze_document, extraction_config
from planwatch.services.departments import catalogue_in_force
from planwatch.services.indicators import create_from_quantities
from planwatch.services.plans import import_analysis, load_plan
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade
from planwatch.web.app import create_app
from strict import missing

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
WRAPPED_FROM = "national-government-work-report-2024.txt"
ROLES = ("admin", "planner", "reporter", "anonymous")
REFUSALS = frozenset({401, 403})


def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("provinces-*/*.txt"))
    files = [f for f in files if f.name != "README.md"]
    if not files:
        missing(f"the shared corpus is not on this machine ({CORPUS})")
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


@pytest.fixture(scope="session")
def corpus_db(session_db_url: object) -> tuple[str, dict[int, int]]:
    """A database holding the whole corpus; returns its URL and, per plan, its evidence file id."""
    files = corpus_files()
    url = session_db_url("corpus")  # type: ignore[operator]
    settings = Settings(db_url=url)
    engine = make_engine(url)
    evidence: dict[int, int] = {}
    try:
        upgrade(engine)
        plans: list[int] = []
        for path in files:
            with transaction(engine) as session:
                plans.append(_import(session, settings, path.read_bytes(), path.name))
        wrapped = hard_wrapped((CORPUS / WRAPPED_FROM).read_text(encoding="utf-8")).encode("utf-8")
        with transaction(engine) as session:
            plans.append(_import(session, settings, wrapped, "wrapped.txt", "硬换行副本"))
        for plan_id in plans:
            with transaction(engine) as session:
                view = load_plan(session, str(plan_id))
                task = view.analysis.tasks[0].id
                upload = evidence_service.Upload("进展说明.txt", "已完成年度工作。".encode())
                report = progress_service.submit_report(
                    session, view, task, None, "推进中", 40, "按计划推进", files=[upload], by="pytest"
                )
                evidence[plan_id] = report.evidence_files[0] or 0
    finally:
        engine.dispose()
    return url, evidence


@pytest.fixture(scope="module")
def corpus_server(corpus_db: tuple[str, dict[int, int]], server_for: Callable[..., Any]) -> Iterator[Any]:
    with server_for(Settings(db_url=corpus_db[0], login_max_failures_per_ip=100_000)) as server:
        yield server


def _refused_as_designed(role: str, r: httpx.Response) -> bool:
    if role == "admin":
        return False
    if r.status_code in REFUSALS:
        return True
    return r.is_redirect and "/login" in r.headers.get("location", "")


def _documents() -> list[str]:
    """Collection-time names of the documents (and the hard-wrapped copy), one test each; none
    when the corpus is absent, which ``test_the_corpus_is_there`` reports."""
    found = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("provinces-*/*.txt"))
    return [f.stem for f in found] + (["硬换行副本"] if found else [])


@pytest.fixture(scope="module")
def routes(corpus_server: Any) -> list[str]:
    found = [path for path, _ in get_routes(create_app(corpus_server.settings))]
    assert len(found) > 40, found
    return found


@pytest.fixture(scope="module")
def objects(
    corpus_server: Any, corpus_db: tuple[str, dict[int, int]], client_as: Callable[..., httpx.Client]
) -> dict[int, Any]:
    """What fills each plan's path parameters, read once through the JSON twins."""
    with closing(client_as(corpus_server, "admin")) as reader:
        return {
            plan_id: plan_objects(reader, plan_id, [file_id]) for plan_id, file_id in corpus_db[1].items()
        }


def test_the_corpus_is_there() -> None:
    assert len(corpus_files()) >= 13


@pytest.mark.parametrize("document", _documents())
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_corpus_plan_opens(
    corpus_server: Any,
    corpus_db: tuple[str, dict[int, int]],
    routes: list[str],
    objects: dict[int, Any],
    client_as: Callable[..., httpx.Client],
    role: str,
    document: str,
) -> None:
    plan_id = list(corpus_db[1])[_documents().index(document)]
    found = objects[plan_id]
    assert found.tasks and found.nodes, document
    if role != ROLES[0]:
        found = found.first_only()
    urls = [u for path in routes if role == ROLES[0] or path not in HEAVY for u in urls_for(path, found)]
    if role == ROLES[0] and plan_id == max(corpus_db[1]):  # the hard-wrapped copy
        urls += [u.replace("{plan}", str(plan_id)) for u in BINARIES]
    failures: list[str] = []
    with closing(client_as(corpus_server, role)) as client:
        for url in urls:
            r = client.get(url, follow_redirects=False)
            if r.status_code >= 400 and not _refused_as_designed(role, r):
                failures.append(f"{role} {url}: {r.status_code} {r.text[:200]}")
    assert not failures, "\n".join(failures[:40]) + f"\n（共 {len(failures)} 处）"
    assert len(urls) > 40


def test_the_inbox_and_its_badge_work_for_every_role_with_the_whole_corpus(
    corpus_server: Any, client_as: Callable[..., httpx.Client]
) -> None:
    for role in ROLES[:3]:
        with closing(client_as(corpus_server, role)) as client:
            page = client.get("/inbox")
            assert page.status_code == 200, page.text[:300]
            assert "收件箱" in page.text
            assert client.get("/api/v1/inbox/count").status_code == 200
