"""Mutation testing (mutmut) over the code whose mistakes cost the most: Chinese numerals
(extract/numbers_zh.py), how a number becomes a quantity (extract/quantity_hits.py and the
comparison base of extract/quantity_subjects.py), indicator status (services/monitoring/status.py),
task pace (services/progress/pace.py) and who may change a task (model/user.py and the permission
checks of services/progress/reporting.py and services/division/decisions.py).

mutmut changes the code one small edit at a time (a ``<`` into ``<=``, a constant, a dropped
``not`` …) and runs the tests that cover the changed function; a mutant the tests do not notice
*survives* and shows a place where a bug could hide. The score is killed / tested.

It works on a copy (``--workdir``, default a fresh folder under /tmp) holding ``src/``, ``tests/`` and a
pyproject.toml written here, so the checkout is never touched; only the test files named in TESTS
run, on SQLite (``-m "not postgres"``). It takes a while: run it at low priority, e.g.

    nice -n 19 .venv/bin/python bench/mutation.py [--max-children 1] [--only 'planwatch.services.progress.pace.*']

Prints the score per module, then the surviving mutants (``mutmut show NAME`` in the work folder
shows one as a diff).
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

FILES = (
    "src/planwatch/extract/numbers_zh.py",
    "src/planwatch/extract/quantity_hits.py",
    "src/planwatch/extract/quantity_subjects.py",
    "src/planwatch/services/monitoring/status.py",
    "src/planwatch/services/progress/pace.py",
    "src/planwatch/model/user.py",
    "src/planwatch/services/progress/reporting.py",
    "src/planwatch/services/division/decisions.py",
)
# Mutants run (fnmatch over mutmut's names, module.x_function__mutmut_N; methods are
# module.xǁClassǁmethod__mutmut_N). quantity_hits.py turns matched text into numbers and is mutated
# whole; of quantity_subjects.py (subject heuristics) only the comparison base, of reporting.py and
# division/decisions.py only the permission checks.
MUTANTS = (
    "planwatch.extract.numbers_zh.*",
    "planwatch.extract.quantity_hits.*",
    "planwatch.extract.quantity_subjects.x_comparison_base__*",
    "planwatch.services.monitoring.status.*",
    "planwatch.services.progress.pace.*",
    "planwatch.model.user.*",
    "planwatch.services.progress.reporting.x_may_report__*",
    "planwatch.services.progress.reporting.x_may_review__*",
    "planwatch.services.progress.reporting.x_check_may_report__*",
    "planwatch.services.progress.reporting.x_check_may_review__*",
    "planwatch.services.division.decisions.x__check_may_edit__*",
)
# Of these files only the named top-level functions are mutated: the rest is fenced off with
# mutmut's "# pragma: no mutate start/end" in the copy, so no time goes into mutants never run.
ONLY_FUNCTIONS = {
    "src/planwatch/extract/quantity_subjects.py": {"comparison_base"},
    "src/planwatch/services/progress/reporting.py": {
        "may_report",
        "may_review",
        "check_may_report",
        "check_may_review",
    },
    "src/planwatch/services/division/decisions.py": {"_check_may_edit"},
}
TESTS = (
    "tests/extract/test_quantities.py",
    "tests/services/test_status.py",
    "tests/services/test_status_forms.py",
    "tests/services/test_pace.py",
    "tests/services/test_pace_edges.py",
    "tests/extract/test_numbers_zh.py",
    "tests/services/test_permissions.py",
)
# Hypothesis examples per property test in the copy
MAX_EXAMPLES = 30
# what the copy leaves out: built assets and fonts no test listed above needs
IGNORE = shutil.ignore_patterns("__pycache__", "node_modules", "vendor", "fonts", "*.pyc")


def prepare(workdir: Path) -> None:
    shutil.copytree(REPO / "src", workdir / "src", ignore=IGNORE)
    shutil.copytree(REPO / "tests", workdir / "tests", ignore=IGNORE)
    # tests find the shared corpus two folders above the checkout (…/shared); mutmut runs them
    # from <workdir>/mutants, one level deeper, so both levels get the link
    shared = (REPO.parent / "shared").resolve()
    if shared.exists():
        for where in (workdir.parent, workdir):
            link = where / "shared"
            if not link.exists():
                link.symlink_to(shared)
    # mutants run slowly (each call goes through mutmut's trampoline, at low priority): Hypothesis
    # must not fail a test for slow input generation or a deadline, and a test's own
    # @settings(max_examples=…) would beat the profile's, so the copies are capped too (a surviving
    # mutant runs every test: 600 examples of a property test took minutes per mutant)
    for name in TESTS:
        test = workdir / name
        test.write_text(
            re.sub(r"max_examples=\d+", f"max_examples={MAX_EXAMPLES}", test.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
    with (workdir / "tests" / "conftest.py").open("a", encoding="utf-8") as conftest:
        conftest.write(
            "\n\nimport hypothesis as _hypothesis\n\n"
            "_hypothesis.settings.register_profile('mutation', deadline=None,"
            f" max_examples={MAX_EXAMPLES},"
            " suppress_health_check=list(_hypothesis.HealthCheck))\n"
            "_hypothesis.settings.load_profile('mutation')\n"
        )
    for name, functions in ONLY_FUNCTIONS.items():
        fence(workdir / name, functions)
    quoted = ", ".join(json.dumps(p) for p in FILES)
    tests = ", ".join(json.dumps(t) for t in TESTS)
    (workdir / "pyproject.toml").write_text(
        f"""[tool.mutmut]
source_paths = ["src"]
only_mutate = [{quoted}]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-m", "not postgres", "-q"]
pytest_add_cli_args_test_selection = [{tests}]

[tool.pytest.ini_options]
testpaths = ["tests"]
markers = ["postgres: runs against PostgreSQL"]
""",
        encoding="utf-8",
    )


def fence(path: Path, functions: set[str]) -> None:
    """Fence off everything in ``path`` but the top-level ``functions`` from mutation."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    spans = sorted(
        (min([n.lineno, *(d.lineno for d in n.decorator_list)]), n.end_lineno or n.lineno)
        for n in tree.body
        if isinstance(n, ast.FunctionDef) and n.name in functions
    )
    assert len(spans) == len(functions), (path, functions)
    out: list[str] = []
    at = 0
    for first, last in spans:
        out += ["# pragma: no mutate start", *lines[at : first - 1], "# pragma: no mutate end"]
        out += lines[first - 1 : last]
        at = last
    out += ["# pragma: no mutate start", *lines[at:], "# pragma: no mutate end"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def mutmut(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("mutmut")
    # mutmut puts <workdir>/mutants/src first on sys.path once it has written it; a PYTHONPATH naming
    # that folder before it exists would be cached as empty and let the unmutated code in
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PLANWATCH_TEST_STRICT")}
    return subprocess.run([str(exe), *args], cwd=workdir, env=env, text=True, capture_output=True)


def results(workdir: Path) -> dict[str, str]:
    """mutant name → status (killed, survived, timeout, no tests, …)."""
    out = mutmut(workdir, "results", "--all", "true").stdout
    statuses: dict[str, str] = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("planwatch."):
            statuses[name] = status.strip()
    return statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="a folder to work in (default: a new one under /tmp)")
    parser.add_argument("--max-children", type=int, default=1, help="mutants run at once")
    parser.add_argument("--only", nargs="*", help="mutant name patterns instead of the default set")
    parser.add_argument(
        "--report", action="store_true", help="only print the results so far of --workdir (a run under way)"
    )
    args = parser.parse_args()
    if args.report:
        return report(args.workdir, args.only or MUTANTS)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="planwatch-mutation-"))
    if not (workdir / "pyproject.toml").exists():
        workdir.mkdir(parents=True, exist_ok=True)
        prepare(workdir)
    print(f"work folder: {workdir}", flush=True)
    run = mutmut(workdir, "run", "--max-children", str(args.max_children), *(args.only or MUTANTS))
    if run.returncode != 0:
        print(run.stdout[-4000:], run.stderr[-4000:], sep="\n")
        return run.returncode
    return report(workdir, args.only or MUTANTS)


def report(workdir: Path, patterns: Sequence[str]) -> int:
    statuses = {
        name: status
        for name, status in results(workdir).items()
        if any(fnmatch.fnmatch(name, p) for p in patterns) and status != "not checked"
    }
    by_module: dict[str, Counter[str]] = {}
    for name, status in statuses.items():
        module = name.split(".x", 1)[0]
        by_module.setdefault(module, Counter())[status] += 1
    total = Counter[str]()
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        print(f"{module}: {_score(counts)}")
    print(f"all: {_score(total)}")
    survivors = sorted(n for n, s in statuses.items() if s in ("survived", "no tests"))
    if survivors:
        print("survivors:", *survivors, sep="\n  ")
    return 0


def _score(counts: Counter[str]) -> str:
    killed = counts["killed"] + counts["timeout"]
    tested = sum(counts.values()) - counts["skipped"]
    share = killed / tested if tested else 0.0
    rest = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k not in ("killed",))
    return f"{share:.1%} killed ({killed}/{tested}; {rest})"


if __name__ == "__main__":
    sys.exit(main())
