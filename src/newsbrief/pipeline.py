"""The pipeline, top to bottom: load -> analyze -> engine.draft -> ground -> Brief."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from newsbrief.analyze import analyze
from newsbrief.engines import Engine
from newsbrief.ground import ground
from newsbrief.load import Article, from_text, load
from newsbrief.schema import Brief

FORMATS = ("json", "md", "html")


def default_engine() -> Engine:
    """The engine the environment configures (see `engines.select`), else the rules engine."""
    from newsbrief import engines

    select = getattr(engines, "select", None)
    if select is not None:
        engine: Engine = select(None, None)
        return engine
    from newsbrief.engines.rules import RulesEngine

    return RulesEngine()


def read_article(source: str | Path, *, published: str | None = None) -> Article:
    """An article from a path, or from the text itself when `source` is not an existing file."""
    if isinstance(source, Path):
        return load(source, published=published)
    if "\n" not in source and len(source) < 4096 and Path(source).is_file():
        return load(source, published=published)
    return from_text(source, published=published)


def brief_article(article: Article, engine: Engine) -> Brief:
    """Analyse, draft and ground one article already loaded."""
    analysis = analyze(article)
    result = engine.draft(article, analysis)
    return ground(article, analysis, result, engine.name)


def brief(source: str | Path, *, engine: Engine | None = None, published: str | None = None) -> Brief:
    """Brief one article given as a path or as its text. The library's main entry point."""
    article = read_article(source, published=published)
    return brief_article(article, engine or default_engine())


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render(brief: Brief, article: Article, fmt: str) -> str:
    """The brief in one output format."""
    from newsbrief import render as r

    if fmt == "json":
        return r.to_json(brief)
    if fmt == "md":
        return r.to_markdown(brief, article.text)
    if fmt == "html":
        return r.to_html(brief, article.text)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_brief(brief: Brief, article: Article, out_dir: Path, stem: str, formats: tuple[str, ...]) -> list[Path]:
    """Render every format first, then write each atomically; returns the files written."""
    rendered = {fmt: render(brief, article, fmt) for fmt in formats}
    paths = []
    for fmt, text in rendered.items():
        path = out_dir / f"{stem}.{fmt}"
        write_atomic(path, text)
        paths.append(path)
    return paths
