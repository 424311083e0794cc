"""The pipeline, top to bottom: load -> analyze -> engine.draft -> ground -> Brief."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from pydantic import ValidationError

from newsbrief import windows
from newsbrief.analyze import analyze
from newsbrief.cache import Cache
from newsbrief.engines import Engine
from newsbrief.ground import ground
from newsbrief.load import Article, from_text, load
from newsbrief.schema import SCHEMA_VERSION, Brief

FORMATS = ("json", "md", "html")
# Stages whose code shapes a brief besides the engine's fingerprint: a change to any of them
# (or to the engine's own modules) must not be answered with briefs the old code made.
_STAGES = ("load.py", "analyze.py", "ground.py", "schema.py", "windows.py")
# spaCy does not promise a thread-safe Language; the GIL serialises the parse anyway, and in
# turn order the first articles reach the model first, so their waits overlap the rest.
_ANALYZE_LOCK = threading.Lock()
# Temporary files being written right now, so an interrupted run can remove them on exit.
_PENDING: set[Path] = set()


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


@lru_cache(maxsize=8)
def stage_version(engine_type: type = object) -> str:
    """Short hash of the code that shapes a brief: the stages, the engine's module and its helpers.

    Only the engine's own modules count (those of `newsbrief.engines` it imports from), so
    editing one engine never invalidates the briefs another engine paid for.
    """
    here = Path(__file__).resolve().parent
    files = [here / name for name in _STAGES]
    module = sys.modules.get(engine_type.__module__)
    if module is not None and module.__name__.startswith("newsbrief.engines"):
        names = {module.__name__} | {
            value.__name__ if isinstance(value, ModuleType) else str(getattr(value, "__module__", ""))
            for value in vars(module).values()
        }
        files += [
            Path(str(getattr(sys.modules[n], "__file__", "")))
            for n in sorted(names)
            if n.startswith("newsbrief.engines") and n in sys.modules
        ]
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + b"\0" + (f.read_bytes() if f.is_file() else b"") + b"\0")
    return digest.hexdigest()[:12]


def cache_key(article: Article, engine: Engine) -> str:
    """What identifies this article's brief: text, engine and model, prompts, schema, options."""
    from newsbrief import prompting

    return Cache.key(
        article.id,
        engine.name,
        engine.fingerprint(),  # model and the engine's output-changing options
        prompting.prompt_version(),
        SCHEMA_VERSION,
        {
            "published": article.published,
            "title": article.title,
            "window_chars": getattr(engine, "window_chars", None),
            "code": stage_version(type(engine)),
        },
    )


def lookup(article: Article, engine: Engine, cache: Cache | None) -> Brief | None:
    """The cached brief of this article with this engine, or None (also when the entry is unreadable)."""
    if cache is None:
        return None
    text = cache.get(cache_key(article, engine))
    if text is None:
        return None
    try:
        cached = Brief.model_validate_json(text)
    except ValidationError:
        return None
    # The same text read from another path: the brief names where it was read this time.
    info = cached.article.model_copy(update={"source": article.source})
    return cached.model_copy(update={"article": info})


def remember(article: Article, engine: Engine, cache: Cache | None, brief: Brief) -> None:
    """Store a fresh brief so the next run over the same article makes no model call."""
    if cache is not None:
        cache.put(cache_key(article, engine), brief.model_dump_json())


def brief_article(article: Article, engine: Engine, *, cache: Cache | None = None) -> Brief:
    """Analyse, draft and ground one article already loaded (answered from `cache` when it can)."""
    cached = lookup(article, engine, cache)
    if cached is not None:
        return cached
    with _ANALYZE_LOCK:
        analysis = analyze(article)
    result = windows.draft(engine, article, analysis)
    made = ground(article, analysis, result, engine.name)
    remember(article, engine, cache, made)
    return made


def open_cache(cache: Cache | str | Path | bool | None) -> Cache | None:
    """A cache from what a caller passed: True/None the default folder, a path that folder, False none."""
    if cache is False:
        return None
    if isinstance(cache, Cache):
        return cache
    return Cache(None if cache is None or cache is True else cache)


def brief(
    source: str | Path,
    *,
    engine: Engine | None = None,
    published: str | None = None,
    cache: Cache | str | Path | bool | None = None,
) -> Brief:
    """Brief one article given as a path or as its text. The library's main entry point.

    Briefs are cached on disk (see `newsbrief.cache`); `cache=False` always drafts afresh.
    """
    article = read_article(source, published=published)
    return brief_article(article, engine or default_engine(), cache=open_cache(cache))


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    _PENDING.add(Path(tmp))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _PENDING.discard(Path(tmp))


def remove_pending() -> None:
    """Delete temporary files still being written (before a forced exit leaves them behind)."""
    for tmp in list(_PENDING):
        tmp.unlink(missing_ok=True)


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


def write_brief(
    brief: Brief, article: Article, out_dir: Path, stem: str, formats: tuple[str, ...]
) -> list[Path]:
    """Render every format first, then write each atomically; returns the files written."""
    rendered = {fmt: render(brief, article, fmt) for fmt in formats}
    paths = []
    for fmt, text in rendered.items():
        path = out_dir / f"{stem}.{fmt}"
        write_atomic(path, text)
        paths.append(path)
    return paths
