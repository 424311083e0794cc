"""Tests of the brief cache: keys, hits and misses, concurrent writers, and falling back when broken."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from newsbrief.cache import DB_NAME, Cache, CacheStats, CacheWarning

BASE: dict[str, Any] = {
    "article_id": "3f2a9c",
    "engine": "openai",
    "model": "gpt-4o-mini",
    "prompt_version": "p1",
    "schema_version": "1",
    "options": {"temperature": 0, "max_windows": 4},
}


def key_of(**changes: Any) -> str:
    return Cache.key(**{**BASE, **changes})


@pytest.mark.parametrize(
    "changes",
    [
        {"article_id": "3f2a9d"},
        {"engine": "local"},
        {"model": "gpt-4o"},
        {"model": None},
        {"prompt_version": "p2"},
        {"schema_version": "2"},
        {"options": {"temperature": 0.2, "max_windows": 4}},
        {"options": {"temperature": 0}},
        {"options": {}},
    ],
)
def test_each_key_component_turns_a_hit_into_a_miss(tmp_path: Path, changes: dict[str, Any]) -> None:
    cache = Cache(tmp_path)
    cache.put(key_of(), '{"summary": "old"}')
    assert cache.get(key_of()) == '{"summary": "old"}'
    assert cache.get(key_of(**changes)) is None
    assert cache.stats == CacheStats(hits=1, misses=1)


def test_key_is_stable_and_ignores_option_order() -> None:
    assert key_of() == key_of(options={"max_windows": 4, "temperature": 0})
    assert len(key_of()) == 64 and int(key_of(), 16) >= 0
    # parts cannot bleed into one another
    assert Cache.key("ab", "c", None, None, "1", {}) != Cache.key("a", "bc", None, None, "1", {})


def test_entries_persist_and_are_replaced(tmp_path: Path) -> None:
    Cache(tmp_path).put("k", '{"summary": "première"}')
    other = Cache(tmp_path)  # a later run
    assert other.get("k") == '{"summary": "première"}'
    other.put("k", '{"summary": "second"}')
    assert Cache(tmp_path).get("k") == '{"summary": "second"}'


def test_default_dir_from_env_then_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBRIEF_CACHE_DIR", str(tmp_path / "env"))
    assert Cache().path == tmp_path / "env" / DB_NAME
    monkeypatch.delenv("NEWSBRIEF_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache = Cache()
    cache.put("k", "{}")
    assert cache.path.is_relative_to(tmp_path / "xdg") and cache.path.is_file()


def test_disabled_cache_always_misses(tmp_path: Path) -> None:
    cache = Cache(tmp_path, enabled=False)
    cache.put("k", "{}")
    assert cache.get("k") is None
    assert not (tmp_path / DB_NAME).exists()
    assert cache.stats == CacheStats(hits=0, misses=1)


def test_concurrent_threads_lose_no_write(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for i in range(40):
                cache.put(f"{t}-{i}", f'{{"n": {i}}}')
                assert cache.get(f"{t}-{i}") == f'{{"n": {i}}}'
                cache.put("shared", f'{{"t": {t}}}')
        except BaseException as e:  # collected so the main thread fails the test
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert cache.enabled
    assert cache.stats == CacheStats(hits=8 * 40, misses=0)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM briefs").fetchone()[0] == 8 * 40 + 1


WRITER = textwrap.dedent(
    """
    import sys, warnings
    warnings.simplefilter("error")
    from newsbrief.cache import Cache
    cache = Cache(sys.argv[1])
    for i in range(150):
        cache.put(f"{sys.argv[2]}-{i}", "x" * 2000)
        cache.put("shared", sys.argv[2])
    assert cache.enabled, cache.problem
    """
)


def test_concurrent_processes_lose_no_write(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name], stderr=subprocess.PIPE, text=True
        )
        for name in ("p1", "p2")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    cache = Cache(tmp_path)
    assert all(cache.get(f"{name}-{i}") == "x" * 2000 for name in ("p1", "p2") for i in range(150))
    assert cache.get("shared") in ("p1", "p2")


def test_corrupt_database_falls_back_to_no_cache_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not a database, just junk " * 100)
    with pytest.warns(CacheWarning, match=r"briefs\.sqlite3.*--no-cache"):
        cache = Cache(tmp_path)
    assert not cache.enabled and cache.problem
    cache.put("k", "{}")  # no error, no second warning
    assert cache.get("k") is None
    assert cache.stats == CacheStats(hits=0, misses=1)


def test_locked_database_falls_back_after_the_timeout(tmp_path: Path) -> None:
    cache = Cache(tmp_path, timeout=0.1)
    cache.put("before", "{}")
    holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another writer that never lets go
    try:
        with pytest.warns(CacheWarning, match="locked"):
            cache.put("during", "{}")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not cache.enabled
    assert cache.get("before") is None  # fallen back: from now on every lookup is a miss


def test_unwritable_cache_dir_falls_back(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.warns(CacheWarning):
        cache = Cache(blocker / "cache")
    cache.put("k", "{}")
    assert cache.get("k") is None
