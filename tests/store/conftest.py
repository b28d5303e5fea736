"""Database fixtures: every test that asks for ``engine`` runs on SQLite and on PostgreSQL.

Self-contained on purpose, so it can move to ``tests/conftest.py`` as is once other layers need a
database too.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from planwatch.model import Analysis, Block, Document, Node, Sentence, Table
from planwatch.store.engine import make_engine
from planwatch.store.migrate import upgrade

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def postgres_url() -> str:
    return os.environ.get("PLANWATCH_TEST_PG_URL") or DEFAULT_PG_URL


@functools.cache
def postgres_unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run, or None when the server answers. Asked once per run."""
    url = postgres_url()
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to reach the server means "skip", whatever the driver says
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"PostgreSQL not reachable at {make_url(url)!r} (set PLANWATCH_TEST_PG_URL): {first_line}"
    finally:
        engine.dispose()
    return None


@contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections see only a fresh, empty schema, dropped afterwards.

    A schema per test is much cheaper than a database per test and isolates just as well, since
    every table and the alembic_version table land in the first schema of the search_path.
    """
    base = make_url(postgres_url())
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database of ``kind`` ("sqlite" or "postgresql") that is removed afterwards."""
    if kind == "sqlite":
        # A nested directory that does not exist yet: make_engine must create it.
        yield f"sqlite:///{tmp_path / 'db' / 'planwatch.db'}"
    elif kind == "postgresql":
        reason = postgres_unavailable()
        if reason is not None:
            pytest.skip(reason)
        with postgres_schema_url() as url:
            yield url
    else:
        raise ValueError(f"unknown database kind {kind!r}")


@pytest.fixture(params=DATABASES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def empty_engine(db_url: str) -> Iterator[Engine]:
    """An engine on an empty database (nothing migrated yet)."""
    engine = make_engine(db_url)
    try:
        yield engine
    finally:
        # Close pooled connections before the schema is dropped, or DROP SCHEMA waits on their locks.
        engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a database migrated to head."""
    upgrade(empty_engine)
    return empty_engine


# -- sample analyses ------------------------------------------------------------------------------

SAMPLE_LINES: list[tuple[str, str | None, str, str, int | None, str]] = [
    # key, parent, kind, label, ordinal, line (after the label)
    ("t", None, "title", "", None, "大连市国民经济和社会发展第十五个五年规划建议"),
    ("p1", None, "part", "一", 1, "、总体要求"),
    ("p1.a1", "p1", "article", "（一）", 1, "指导思想。坚持稳中求进工作总基调；推动高质量发展。"),
    ("p1.a2", "p1", "article", "（二）", 2, "主要目标。地区生产总值年均增长5%左右。常住人口达到760万人。"),
    ("p2", None, "part", "二", 2, "、重点任务"),
    ("p2.a3", "p2", "article", "（三）", 3, "建设现代化产业体系。加快发展绿色石化、高端装备等产业。"),
]


def build_analysis(variant: str = "", source: str = "dalian.txt") -> Analysis:
    """A small hand-made Analysis of a Chinese plan. ``variant`` changes the text (and so the sha256)."""
    lines = [
        (k, p, kind, label, o, body + variant if kind == "article" else body)
        for k, p, kind, label, o, body in SAMPLE_LINES
    ]
    text = ""
    starts: list[int] = []
    for _k, _p, _kind, label, _o, body in lines:
        starts.append(len(text))
        text += label + body + "\n"
    nodes: list[Node] = []
    sentences: list[Sentence] = []
    for i, (key, parent, kind, label, ordinal, body) in enumerate(lines):
        start = starts[i]
        if kind == "part":
            # A part runs to the next part or the end of the text.
            later = [starts[j] for j in range(i + 1, len(lines)) if lines[j][2] == "part"]
            end = later[0] if later else len(text)
        else:
            end = start + len(label) + len(body)
        title = body.lstrip("、").split("。")[0]
        nodes.append(
            Node(key, parent, kind, label, ordinal, title, start, end, depth=0 if parent is None else 1)
        )
        if kind == "article":
            pos = start + len(label)
            for n, piece in enumerate(re.findall(r"[^。；]+[。；]?", body), start=1):
                sentences.append(Sentence(f"{key}:{n}", key, pos, pos + len(piece)))
                pos += len(piece)
    data = text.encode("utf-8")
    document = Document(
        text=text,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        format="txt",
        size=len(data),
        blocks=(Block("paragraph", 0, len(text)),),
        tables=(Table(0, 4, (("指标", "目标"), ("地区生产总值", "5%左右"))),),
        encoding="utf-8",
        title=SAMPLE_LINES[0][5],
    )
    return Analysis(
        document=document,
        outline=tuple(nodes),
        sentences=tuple(sentences),
        warnings=("第 3 行：编号（二）后缺少标题",),
    )


def build_large_analysis(parts: int = 8, articles: int = 14, sentences_per_article: int = 13) -> Analysis:
    """An Analysis the size of the Dalian plan: ~120 nodes and ~1,500 sentences."""
    text_parts: list[str] = []
    nodes: list[Node] = []
    sentences: list[Sentence] = []
    pos = 0
    for p in range(1, parts + 1):
        part_start = pos
        head = f"第{p}部分\n"
        text_parts.append(head)
        pos += len(head)
        part_index = len(nodes)
        nodes.append(Node(f"p{p}", None, "part", str(p), p, f"第{p}部分", part_start, part_start))
        for a in range(1, articles + 1):
            key = f"p{p}.a{a}"
            article_start = pos
            for s in range(1, sentences_per_article + 1):
                sentence = f"推进第{p}部分第{a}条第{s}项任务。"
                text_parts.append(sentence)
                sentences.append(Sentence(f"{key}:{s}", key, pos, pos + len(sentence)))
                pos += len(sentence)
            text_parts.append("\n")
            pos += 1
            nodes.append(Node(key, f"p{p}", "article", f"({a})", a, f"任务{a}", article_start, pos, depth=1))
        nodes[part_index] = Node(f"p{p}", None, "part", str(p), p, f"第{p}部分", part_start, pos)
    text = "".join(text_parts)
    data = text.encode("utf-8")
    document = Document(text, "large.txt", hashlib.sha256(data).hexdigest(), "txt", len(data), ())
    return Analysis(document=document, outline=tuple(nodes), sentences=tuple(sentences))


@pytest.fixture
def make_analysis() -> Callable[..., Analysis]:
    return build_analysis


@pytest.fixture
def make_large_analysis() -> Callable[..., Analysis]:
    return build_large_analysis
