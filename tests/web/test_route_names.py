"""Every link written as ``url("name", …)`` names a route that exists, and no name means two paths.

A template that names a renamed route would fail only when that page renders for a user who sees
that link; this reads every template and route module instead, so a rename is caught at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planwatch.model.page_ref import PAGES, PageRef
from planwatch.settings import Settings
from planwatch.web import urls
from planwatch.web.app import create_app

WEB = Path(__file__).resolve().parents[2] / "src" / "planwatch" / "web"
# url('name' …) in templates, url("name" …) in Python; a name built from pieces (indicator_ ~ what)
# ends in an underscore and is checked by the page that renders it.
NAMED = re.compile(r"""\burl\(\s*(['"])([a-z_.]+)\1""")


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    create_app(Settings(db_url=f"sqlite:///{tmp_path_factory.mktemp('names')}/names.db"))
    return urls.names()


def _named_in(files: list[Path]) -> set[tuple[str, str]]:
    found = set()
    for f in files:
        for m in NAMED.finditer(f.read_text(encoding="utf-8")):
            if not m.group(2).endswith("_"):
                found.add((f.name, m.group(2)))
    return found


def test_every_route_name_a_link_uses_exists(known: dict[str, str]) -> None:
    files = [*WEB.glob("templates/**/*.html"), *WEB.glob("**/*.py")]
    used = _named_in(files)
    assert len(used) > 50, "the links were not found: has the url() helper been renamed?"
    missing = sorted(f"{file}: {name}" for file, name in used if name not in known)
    assert not missing, missing


def test_no_route_name_means_two_paths(known: dict[str, str]) -> None:
    assert not urls._AMBIGUOUS, sorted(urls._AMBIGUOUS)
    assert known["tasks"] == "/plans/{plan}/tasks"
    assert known["api.tasks"] == "/api/v1/plans/{plan}/assignments"


def test_a_link_is_built_from_its_route_and_quotes_its_parameters(known: dict[str, str]) -> None:
    assert urls.url("task", plan=3, task="p3.a7.t1") == "/plans/3/tasks/p3.a7.t1"
    assert (
        urls.url("text", {"version": 2, "page": None}, plan="大连")
        == "/plans/%E5%A4%A7%E8%BF%9E/text?version=2"
    )
    with pytest.raises(KeyError):
        urls.url("task", plan=3)


def test_pages_a_service_may_name_are_the_routes_own(known: dict[str, str]) -> None:
    # The command line and the e-mail digest print PageRef.path() from the model's own table; a
    # route that moves without its entry there would send people to a page that is gone.
    drifted = {
        name: (template, known.get(name)) for name, template in PAGES.items() if known.get(name) != template
    }
    assert not drifted, drifted
    ref = PageRef.to("reviews", fragment="request-7", plan="大连")
    assert ref.path() == urls.page_url(ref) == "/plans/%E5%A4%A7%E8%BF%9E/reviews#request-7"
    task = PageRef.to("task", plan=3, task="p3.a7.t1")
    assert task.path() == urls.page_url(task) == urls.url("task", plan=3, task="p3.a7.t1")
    with pytest.raises(KeyError):
        PageRef.to("task", plan=3)  # a parameter missing fails where the reference is made
    with pytest.raises(KeyError):
        PageRef.to("overview", plan=3)  # not a page services may name
