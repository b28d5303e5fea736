"""The app a served worker builds (``planwatch serve``, uvicorn ``--factory``): what start-up built is
frozen out of the garbage collector's full collections (see ``web/factory.py`` for why)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import gc, json
before = gc.get_threshold()
from planwatch.web.factory import app_from_env
app = app_from_env()
print(json.dumps({"before": before, "after": gc.get_threshold(), "frozen": gc.get_freeze_count(),
                  "title": app.title}))
"""


def test_a_served_worker_freezes_what_start_up_built(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANWATCH_")}
    env["PLANWATCH_DB_URL"] = f"sqlite:///{tmp_path / 'served.db'}"
    run = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    probe = json.loads(run.stdout.strip().splitlines()[-1])
    # CPython's default thresholds, before and after: only the freeze changes
    assert tuple(probe["before"]) == tuple(probe["after"]) == (700, 10, 10)
    # modules, routes, templates and the app itself: tens of thousands of objects, never walked again
    assert probe["frozen"] > 20_000, probe
    assert probe["title"]
