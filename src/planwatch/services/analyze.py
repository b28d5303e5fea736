"""Analyse a document: ingest → outline → (extractors). A pure function of the bytes and config."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

from planwatch import ingest
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


def analyze_document(document: Document) -> Analysis:
    outline = parse_outline(document)
    title = document.title
    if not title:
        title_node = next((n for n in outline.nodes if n.kind == "title"), None)
        if title_node is not None:
            title = title_node.title
    if title != document.title:
        document = replace(document, title=title)
    ctx = Context(document, outline.folded, outline.nodes, outline.sentences)
    extract_warnings = default_pipeline().run(ctx)
    r = ctx.results
    return Analysis(
        document=document,
        outline=outline.nodes,
        sentences=outline.sentences,
        quantities=tuple(r.get("quantities", ())),
        entities=tuple(r.get("entities", ())),
        goals=tuple(r.get("goals", ())),
        tasks=tuple(r.get("tasks", ())),
        warnings=document.warnings + outline.warnings + tuple(extract_warnings),
    )


def analyze_bytes(data: bytes, source: str, settings: Settings) -> Analysis:
    return analyze_document(ingest.read_bytes(data, source, max_bytes=settings.max_file_bytes))


def analyze_path(path: str | Path | None, settings: Settings) -> Analysis:
    """Analyse ``path``, or the embedded default plan when ``path`` is None."""
    if path is None:
        data, name = default_plan_bytes()
        return analyze_bytes(data, name, settings)
    return analyze_document(ingest.read_path(path, max_bytes=settings.max_file_bytes))
