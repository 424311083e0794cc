"""Many articles at once: bounded concurrency, one outcome per article, clean interruption.

Each article runs in a worker thread (load, cache lookup, analysis, drafting, grounding,
writing), at most `jobs` at a time, so one article's spaCy work overlaps other articles'
waits on a model endpoint. An article that fails becomes an error outcome; the others go on.
When the run is cancelled (Ctrl-C, SIGTERM, a cancelled task) no new article starts; the
articles in flight finish and are written, since their model calls are paid for. Files are
written through a temporary file and a rename, so none is ever half-written, and the cache
makes a re-run skip every finished article without a model call. An article whose outputs
are already on disk is still looked up and rewritten rather than skipped by file dates: the
cache lookup is as cheap, and it notices a change of engine, model, prompt or options that
file dates cannot.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from newsbrief import pipeline
from newsbrief.cache import Cache
from newsbrief.engines import Engine
from newsbrief.errors import NewsbriefError, OutputError
from newsbrief.load import Article
from newsbrief.schema import Brief


class UnexpectedError(NewsbriefError):
    """A bug met while briefing one article, reported for that article alone."""


class _Stopped(Exception):
    """The run was cancelled before this article started."""


@dataclass
class Outcome:
    """What became of one article in a batch."""

    source: str
    brief: Brief | None = None
    error: NewsbriefError | None = None
    cached: bool = False  # answered from the cache, no model call
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the article got its brief."""
        return self.error is None and self.brief is not None


def default_jobs(engine: Engine) -> int:
    """How many articles to run at once: the engine's `default_jobs`, else one."""
    return max(1, int(getattr(engine, "default_jobs", 1) or 1))


def _label(source: str | Path) -> str:
    text = str(source)
    return text if "\n" not in text and len(text) < 200 else "<text>"


def _as_error(source: str, exc: BaseException) -> NewsbriefError:
    """Our error as it is; anything else as one line naming the article, never a traceback."""
    if isinstance(exc, NewsbriefError):
        return exc
    detail = " ".join(str(exc).split())[:300]
    error = UnexpectedError(
        f"{source}: unexpected {type(exc).__name__}{': ' + detail if detail else ''}; "
        "the other articles are unaffected, please report this with the article"
    )
    error.__cause__ = exc
    return error


class Batch:
    """One run over many articles: the settings, and the stop flag worker threads watch."""

    def __init__(
        self,
        engine: Engine,
        *,
        jobs: int | None = None,
        cache: Cache | None = None,
        published: str | None = None,
        out: Path | None = None,
        formats: tuple[str, ...] = ("json",),
    ) -> None:
        self.engine = engine
        self.jobs = jobs or default_jobs(engine)
        self.cache = cache
        self.published = published
        self.out = out
        self.formats = formats
        self.stop = threading.Event()
        self.finished: list[Outcome] = []  # in completion order, in-flight ones after a cancel too

    def one(self, source: str | Path, stem: str | None = None) -> Outcome:
        """Brief one article, synchronously; never raises for the article's own failures."""
        started = time.perf_counter()
        outcome = Outcome(source=_label(source))
        try:
            if self.stop.is_set():
                raise _Stopped
            article = pipeline.read_article(source, published=self.published)
            brief = pipeline.lookup(article, self.engine, self.cache)
            outcome.cached = brief is not None
            if brief is None:
                if self.stop.is_set():
                    raise _Stopped
                brief = pipeline.brief_article(article, self.engine)
                pipeline.remember(article, self.engine, self.cache, brief)
            outcome.brief = brief
            if self.out is not None:
                outcome.files = self._write(brief, article, stem or Path(str(source)).stem)
        except _Stopped:
            raise
        except Exception as e:
            outcome.brief, outcome.error = None, _as_error(outcome.source, e)
        outcome.seconds = time.perf_counter() - started
        self.finished.append(outcome)
        return outcome

    def _write(self, brief: Brief, article: Article, stem: str) -> list[Path]:
        assert self.out is not None
        try:
            return pipeline.write_brief(brief, article, self.out, stem, self.formats)
        except OSError as e:
            raise OutputError(
                f"{self.out / stem}: cannot write the brief ({e.strerror or e}); check the folder"
            ) from e

    async def run(
        self,
        sources: Sequence[str | Path],
        *,
        on_done: Callable[[Outcome], None] | None = None,
        executor: Executor | None = None,
    ) -> list[Outcome]:
        """Brief every source, `jobs` at a time; outcomes in the order of `sources`.

        Cancelling this coroutine stops new articles from starting; those in flight finish
        in their threads (wait for them with `executor.shutdown`).
        """
        loop = asyncio.get_running_loop()
        gate = asyncio.Semaphore(self.jobs)
        stems = _stems(sources) if self.out is not None else [None] * len(sources)
        outcomes: list[Outcome | None] = [None] * len(sources)

        async def run_one(i: int) -> None:
            async with gate:
                stem = stems[i]
                if isinstance(stem, NewsbriefError):
                    outcome = Outcome(source=_label(sources[i]), error=stem)
                else:
                    outcome = await loop.run_in_executor(executor, self.one, sources[i], stem)
            outcomes[i] = outcome
            if on_done is not None:
                on_done(outcome)

        tasks = [asyncio.ensure_future(run_one(i)) for i in range(len(sources))]
        try:
            await asyncio.gather(*tasks)
        except BaseException:
            self.stop.set()
            for t in tasks:
                t.cancel()
            raise
        return [o for o in outcomes if o is not None]


def _stems(sources: Sequence[str | Path]) -> list[str | NewsbriefError | None]:
    """Output stem per source; a second source with a stem already taken gets an error instead."""
    seen: dict[str, str] = {}
    out: list[str | NewsbriefError | None] = []
    for src in sources:
        stem = Path(str(src)).stem if _label(src) != "<text>" else None
        if stem is None:
            out.append(OutputError("<text>: an article given as text has no file name; brief it as a file"))
        elif stem.casefold() in seen:
            out.append(
                OutputError(
                    f"{src}: {seen[stem.casefold()]} already writes briefs named {stem}.*; rename one"
                )
            )
        else:
            seen[stem.casefold()] = str(src)
            out.append(stem)
    return out


def run_sync(
    batch: Batch, sources: Sequence[str | Path], on_done: Callable[[Outcome], None] | None = None
) -> list[Outcome]:
    """Run a batch on a fresh event loop; on interruption, wait for the articles in flight, then re-raise."""
    executor = ThreadPoolExecutor(max_workers=batch.jobs, thread_name_prefix="newsbrief")
    try:
        return asyncio.run(batch.run(sources, on_done=on_done, executor=executor))
    finally:
        batch.stop.set()
        executor.shutdown(wait=True, cancel_futures=True)


def brief_many(
    sources: Iterable[str | Path],
    *,
    engine: Engine | None = None,
    jobs: int | None = None,
    published: str | None = None,
    cache: Cache | str | Path | bool | None = None,
) -> list[Brief | NewsbriefError]:
    """Brief many articles (paths or texts) concurrently: a Brief or the error, in input order.

    One failing article never stops the others. Call it from synchronous code; inside an
    event loop, gather `abrief` calls instead.
    """
    batch = Batch(
        engine or pipeline.default_engine(), jobs=jobs, cache=pipeline.open_cache(cache), published=published
    )
    outcomes = run_sync(batch, list(sources))
    return [o.brief if o.brief is not None else _failed(o) for o in outcomes]


def _failed(outcome: Outcome) -> NewsbriefError:
    return outcome.error or UnexpectedError(f"{outcome.source}: no brief was made; please report this")


async def abrief(
    source: str | Path,
    *,
    engine: Engine | None = None,
    published: str | None = None,
    cache: Cache | str | Path | bool | None = None,
) -> Brief:
    """Brief one article without blocking the event loop (the work runs in a worker thread).

    For services: `await asyncio.gather(*(abrief(s) for s in sources))`, bounded as you like.
    """
    return await asyncio.to_thread(pipeline.brief, source, engine=engine, published=published, cache=cache)
