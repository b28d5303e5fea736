"""The steps the import and report services report to a background job (the command line passes no
callback and gets the same results), on SQLite and PostgreSQL."""

from __future__ import annotations

from planwatch.services.plans import importing
from planwatch.services.plans.analyze import default_plan_bytes
from planwatch.services.reports import build as report
from planwatch.settings import Settings
from planwatch.store.engine import make_engine, transaction
from planwatch.store.migrate import upgrade


def test_import_and_report_report_their_steps_in_order(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        settings = Settings(db_url=db_url)
        data, name = default_plan_bytes()
        heard: list[tuple[int, str]] = []
        with transaction(engine) as session:
            result = importing.import_file(
                session, settings, data, name, "pytest", progress=lambda p, s: heard.append((p, s))
            )
        assert result["counts"]["tasks"] > 100
        steps = list(dict.fromkeys(step for _, step in heard))
        assert steps == ["读取文件", "解析大纲", "抽取", "分工建议", "保存"]
        percents = [p for p, _ in heard]
        assert percents == sorted(percents) and percents[0] > 0 and percents[-1] < 100

        heard.clear()
        with transaction(engine) as session:
            file, filename, media_type = report.report_file(
                session, str(result["plan"]["id"]), "annual", None, "html", lambda p, s: heard.append((p, s))
            )
        assert file.startswith(b"<!") and filename.endswith(".html") and media_type.startswith("text/html")
        assert [s for _, s in heard] == ["汇总监测数据", "排版", "保存文件"]
    finally:
        engine.dispose()
