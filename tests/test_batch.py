"""Batch runs: concurrency bounds, isolation of failures, the cache through the pipeline, interruption."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import newsbrief
from newsbrief import engines, pipeline, prompting
from newsbrief.batch import Batch, UnexpectedError, brief_many, default_jobs
from newsbrief.cache import Cache
from newsbrief.cli import app
from newsbrief.engines import DraftResult
from newsbrief.errors import EngineError, NewsbriefError
from newsbrief.schema import Brief, Draft, DraftAction, DraftActor, Quote

STORIES = [
    "The city council of Springfield approved a new budget on Monday. Mayor Ana Lopez said the plan "
    "protects schools. Critics said the vote was rushed.",
    "Acme Corp recalled 40,000 heaters after reports of fires. The company said no one was hurt. "
    "Regulators in Ohio opened an inquiry.",
    "Floods closed roads across northern Kenya on Tuesday. The Red Cross said it had sent tents. "
    "Officials warned of more rain.",
    "The union at Delta Mills voted to strike. Its leader, Tom Reyes, blamed low pay. "
    "The owners said talks would resume.",
    "Scientists in Chile found a new species of frog. The team published its findings in Nature. "
    "Local guides helped them reach the site.",
    "A fire destroyed a warehouse in Lyon overnight. Firefighters said the cause was unclear. "
    "No injuries were reported.",
]


class CountingEngine:
    """A fake engine that drafts the first sentence as one action and records what it was asked."""

    name = "fake"
    default_jobs = 4

    def __init__(
        self,
        version: str = "v1",
        delay: float = 0.0,
        fail: dict[str, BaseException] | None = None,
        crowd: int = 0,
    ) -> None:
        self.version = version
        self.delay = delay
        self.fail = fail or {}
        self.crowd = crowd  # wait (a while) for this many drafts in flight, to expose the limit
        self.calls = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Condition()

    def fingerprint(self) -> str:
        return f"fake|{self.version}"

    def draft(self, article: Any, analysis: Any) -> DraftResult:
        with self._lock:
            self.calls += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self._lock.notify_all()
            self._lock.wait_for(lambda: self.in_flight >= self.crowd, timeout=2.0)
        try:
            time.sleep(self.delay)
            for marker, exc in self.fail.items():
                if marker in article.text:
                    raise exc
            first = analysis.sentences[0]
            words = first.text.split()
            return DraftResult(
                draft=Draft(
                    summary=first.text,
                    actors=[DraftActor(name=" ".join(words[:2]), kind="other")],
                    actions=[
                        DraftAction(
                            actor=None, action="reported", evidence=[Quote(sentence=0, quote=first.text)]
                        )
                    ],
                ),
                model=self.version,
            )
        finally:
            with self._lock:
                self.in_flight -= 1


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "articles"
    src.mkdir()
    for i, text in enumerate(STORIES):
        (src / f"story{i}.txt").write_text(text, encoding="utf-8")
    return src


def _use_engine(monkeypatch: pytest.MonkeyPatch, engine: Any) -> None:
    monkeypatch.setattr(engines, "select", lambda name=None, model=None: engine, raising=False)


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_no_more_articles_run_at_once_than_jobs(folder: Path, jobs: int) -> None:
    # Drafts wait for `jobs` of them in flight, then linger: a broken limit lets more in meanwhile.
    engine = CountingEngine(crowd=jobs, delay=0.3)
    results = brief_many(sorted(folder.iterdir()), engine=engine, jobs=jobs, cache=False)
    assert all(isinstance(r, Brief) for r in results)
    assert engine.calls == len(STORIES)
    assert engine.max_in_flight == jobs


def test_default_jobs_comes_from_the_engine() -> None:
    assert default_jobs(CountingEngine()) == 4

    class Plain:
        name = "plain"

    assert default_jobs(Plain()) == 1  # type: ignore[arg-type]


def test_results_keep_input_order_and_errors_stay_in_place(folder: Path) -> None:
    paths = sorted(folder.iterdir())
    engine = CountingEngine(fail={"Acme": EngineError("the model timed out; try again later")})
    results = brief_many(paths, engine=engine, jobs=3, cache=False)
    assert isinstance(results[1], EngineError)
    assert [r.article.source for r in results if isinstance(r, Brief)] == [
        str(p) for i, p in enumerate(paths) if i != 1
    ]


def test_one_failing_article_does_not_stop_the_others(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    engine = CountingEngine(
        fail={"Acme": EngineError("model gave up; try a larger model"), "Kenya": KeyError("surprise")}
    )
    _use_engine(monkeypatch, engine)
    out = tmp_path / "briefs"
    result = CliRunner().invoke(app, ["brief", str(folder), "--out", str(out), "-f", "json", "--jobs", "3"])
    assert result.exit_code == 1
    written = sorted(p.name for p in out.glob("*.json"))
    assert written == ["story0.json", "story3.json", "story4.json", "story5.json"]
    for p in out.glob("*.json"):
        Brief.model_validate_json(p.read_text(encoding="utf-8"))
    assert "model gave up" in result.output
    assert "story2.txt: unexpected KeyError" in result.output
    assert "Traceback" not in result.output
    assert "4 written" in result.output and "2 failed" in result.output


def test_every_article_succeeding_exits_zero_and_a_rerun_is_free(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    engine = CountingEngine()
    _use_engine(monkeypatch, engine)
    args = [
        "brief",
        str(folder),
        "--out",
        str(tmp_path / "b"),
        "-f",
        "json,md",
        "--cache-dir",
        str(tmp_path / "c"),
    ]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert engine.calls == len(STORIES)
    before = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "b").iterdir()}
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    assert engine.calls == len(STORIES)  # no model call the second time
    assert f"{len(STORIES)} from the cache" in second.output
    assert {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "b").iterdir()} == before
    third = CliRunner().invoke(app, [*args, "--no-cache"])
    assert third.exit_code == 0 and engine.calls == 2 * len(STORIES)


# ------------------------------------------------------------------- cache keys


def _run(
    paths: list[Path], engine: CountingEngine, cache: Cache, published: str | None = None
) -> list[Brief]:
    results = brief_many(paths, engine=engine, cache=cache, published=published)
    assert all(isinstance(r, Brief) for r in results)
    return results  # type: ignore[return-value]


def test_a_second_run_makes_no_engine_call(folder: Path, tmp_path: Path) -> None:
    paths = sorted(folder.iterdir())
    engine = CountingEngine()
    cache = Cache(tmp_path / "cache")
    first = _run(paths, engine, cache)
    second = _run(paths, engine, Cache(tmp_path / "cache"))
    assert engine.calls == len(paths)
    assert [b.model_dump() for b in second] == [b.model_dump() for b in first]


def test_the_same_text_elsewhere_is_a_hit_that_names_its_own_source(folder: Path, tmp_path: Path) -> None:
    engine = CountingEngine()
    cache = Cache(tmp_path / "cache")
    _run([folder / "story0.txt"], engine, cache)
    copy = tmp_path / "copy.txt"
    copy.write_text(STORIES[0] + "\n", encoding="utf-8")  # trailing whitespace: same normalized text
    (b,) = _run([copy], engine, cache)
    assert engine.calls == 1
    assert b.article.source == str(copy)


@pytest.mark.parametrize("change", ["engine", "model", "prompt_version", "published", "text"])
def test_each_key_component_turns_a_hit_into_a_miss(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    path = folder / "story0.txt"
    cache = Cache(tmp_path / "cache")
    engine = CountingEngine()
    _run([path], engine, cache)
    _run([path], engine, cache)
    assert engine.calls == 1
    published = None
    if change == "engine":
        monkeypatch.setattr(engine, "name", "other")
    elif change == "model":
        engine.version = "v2"
    elif change == "prompt_version":
        monkeypatch.setattr(prompting, "prompt_version", lambda: "changed-templates")
    elif change == "published":
        published = "2024-03-01"
    else:
        path.write_text(STORIES[0].replace("Monday", "Tuesday"), encoding="utf-8")
    _run([path], engine, cache, published=published)
    assert engine.calls == 2


def test_an_unreadable_cache_entry_is_a_miss(folder: Path, tmp_path: Path) -> None:
    path = folder / "story0.txt"
    cache = Cache(tmp_path / "cache")
    engine = CountingEngine()
    article = pipeline.read_article(path)
    cache.put(pipeline.cache_key(article, engine), '{"not": "a brief"}')
    (b,) = _run([path], engine, cache)
    assert engine.calls == 1 and b.summary


# ------------------------------------------------------------------- interruption


def test_an_interrupted_run_leaves_whole_files_and_resumes(folder: Path, tmp_path: Path) -> None:
    paths = sorted(folder.iterdir())
    out = tmp_path / "briefs"
    cache = Cache(tmp_path / "cache")
    engine = CountingEngine(delay=0.1)
    batch = Batch(engine, jobs=2, cache=cache, out=out, formats=("json", "md"))
    executor = ThreadPoolExecutor(max_workers=2)

    async def interrupted() -> None:
        main = asyncio.current_task()
        assert main is not None
        done = []

        def on_done(outcome: Any) -> None:
            done.append(outcome)
            if len(done) == 2:
                main.cancel()  # what Ctrl-C does to the run

        await batch.run(paths, on_done=on_done, executor=executor)

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(interrupted())
    executor.shutdown(wait=True)  # the articles in flight finish, as the CLI waits for them

    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    finished = sorted(out.glob("*.json"))
    assert 2 <= len(finished) < len(paths)
    for p in finished:
        Brief.model_validate_json(p.read_text(encoding="utf-8"))
        assert p.with_suffix(".md").is_file()
    calls_before = engine.calls

    again = Batch(engine, jobs=2, cache=cache, out=out, formats=("json", "md"))
    executor = ThreadPoolExecutor(max_workers=2)
    outcomes = asyncio.run(again.run(paths, executor=executor))
    executor.shutdown()
    assert all(o.ok for o in outcomes)
    assert sum(o.cached for o in outcomes) == len(finished)
    assert engine.calls - calls_before == len(paths) - len(finished)
    assert len(list(out.glob("*.json"))) == len(paths)


def test_a_write_interrupted_midway_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "b.json"
    target.write_text("old", encoding="utf-8")

    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.write_atomic(target, json.dumps({"new": True}))
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]
    assert target.read_text(encoding="utf-8") == "old"


# ------------------------------------------------------------------- library


def test_abrief_runs_in_a_service_event_loop(folder: Path) -> None:
    engine = CountingEngine(delay=0.1)

    async def service() -> list[Brief]:
        return await asyncio.gather(
            *(newsbrief.abrief(p, engine=engine, cache=False) for p in sorted(folder.iterdir())[:3])
        )

    started = time.perf_counter()
    briefs = asyncio.run(service())
    assert [b.article.source for b in briefs] == [str(p) for p in sorted(folder.iterdir())[:3]]
    assert engine.max_in_flight > 1
    assert time.perf_counter() - started < 10


def test_an_unexpected_exception_becomes_one_error_for_that_article(folder: Path) -> None:
    engine = CountingEngine(fail={"frog": ZeroDivisionError("division by zero")})
    results = brief_many(sorted(folder.iterdir()), engine=engine, cache=False)
    errors = [r for r in results if isinstance(r, NewsbriefError)]
    assert len(errors) == 1 and isinstance(errors[0], UnexpectedError)
    assert "story4.txt" in str(errors[0]) and "\n" not in str(errors[0])
