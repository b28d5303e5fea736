"""Analyse a document: ingest → outline → (extractors). A pure function of the bytes and config."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from planwatch import ingest
from planwatch.extract.departments import Catalogue, load_catalogue
from planwatch.extract.pipeline import Context
from planwatch.extract.registry import default_pipeline
from planwatch.model import Analysis, Document
from planwatch.outline import parse_outline
from planwatch.settings import Settings

DEFAULT_PLAN_FILE = "dalian-15th-fyp-recommendation.txt"


def default_plan_bytes() -> tuple[bytes, str]:
    """The embedded default plan (Dalian 15th FYP recommendation) and its file name."""
    data = resources.files("planwatch").joinpath("data", DEFAULT_PLAN_FILE).read_bytes()
    return data, DEFAULT_PLAN_FILE


def extraction_config(settings: Settings | None = None, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """The configuration an analysis depends on, from the settings (and a catalogue already chosen,
    e.g. the one a user loaded into the database)."""
    config: dict[str, Any] = {}
    if catalogue is not None:
        config["catalogue"] = catalogue
    elif settings is not None and settings.department_catalogue is not None:
        config["catalogue"] = load_catalogue(
            settings.department_catalogue, replace=settings.department_catalogue_replace
        )
    if settings is not None and settings.plan_end_year is not None:
        config["plan_end_year"] = settings.plan_end_year
    return config


# (percent done, Chinese step name): how a background job hears how far an analysis has come
Progress = Callable[[int, str], None]


def _silent(_percent: int, _step: str) -> None:
    return None


def analyze_document(
    document: Document, config: Mapping[str, Any] | None = None, progress: Progress | None = None
) -> Analysis:
    report = progress or _silent
    report(15, "解析大纲")
    outline = parse_outline(document)
    title = document.title
    if not title:
        title_node = next((n for n in outline.nodes if n.kind == "title"), None)
        if title_node is not None:
            title = title_node.title
    if title != document.title:
        document = replace(document, title=title)
    ctx = Context(document, outline.folded, outline.nodes, outline.sentences, config or {})

    def on_component(name: str) -> None:
        # assignment (分工建议) is the last and, on a long plan, the slowest component
        report(*((70, "分工建议") if name == "assign" else (35, "抽取")))

    extract_warnings = default_pipeline().run(ctx, on_component)
    r = ctx.results
    return Analysis(
        document=document,
        outline=outline.nodes,
        sentences=outline.sentences,
        quantities=tuple(r.get("quantities", ())),
        entities=tuple(r.get("entities", ())),
        goals=tuple(r.get("goals", ())),
        tasks=tuple(r.get("tasks", ())),
        assignments=tuple(r.get("assignments", ())),
        warnings=document.warnings + outline.warnings + tuple(extract_warnings),
        issuer=r.get("issuer"),
        catalogue_note=str(r.get("catalogue_note") or ""),
    )


def read_limits(settings: Settings) -> dict[str, Any]:
    """The ingest limits from the settings, as keyword arguments of ``ingest.read_bytes``."""
    return {
        "max_bytes": settings.max_file_bytes,
        "max_chars": settings.max_document_chars,
        "zip_limits": ingest.ZipLimits(
            max_inflated_bytes=settings.zip_max_inflated_bytes,
            max_member_bytes=settings.zip_max_member_bytes,
            max_members=settings.zip_max_members,
        ),
    }


def analyze_bytes(
    data: bytes,
    source: str,
    settings: Settings,
    catalogue: Catalogue | None = None,
    progress: Progress | None = None,
) -> Analysis:
    if progress is not None:
        progress(5, "读取文件")
    document = ingest.read_bytes(data, source, **read_limits(settings))
    return analyze_document(document, extraction_config(settings, catalogue), progress)


def analyze_path(path: str | Path | None, settings: Settings, catalogue: Catalogue | None = None) -> Analysis:
    """Analyse ``path``, or the embedded default plan when ``path`` is None."""
    if path is None:
        data, name = default_plan_bytes()
        return analyze_bytes(data, name, settings, catalogue)
    document = ingest.read_path(path, **read_limits(settings))
    return analyze_document(document, extraction_config(settings, catalogue))
