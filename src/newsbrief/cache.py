"""A content-addressed on-disk cache of briefs, so an unchanged article is never paid for twice.

The key hashes everything that changes the output: article id, engine, model, prompt
version, schema version and output-changing options. Entries live in one SQLite file
(`briefs.sqlite3`) in `NEWSBRIEF_CACHE_DIR`, else the per-user cache folder. WAL mode and a
busy timeout make it safe for concurrent writers, threads and processes alike. A `Cache`
holds one connection, used under a lock so threads can share it, and reopened in a forked
child (a connection must never cross a fork).

A cache is an optimisation, never a reason to fail a run: when the database is corrupt,
unwritable or stays locked past the timeout, the cache warns once (`CacheWarning`, with
what to do) and behaves as disabled from then on: every `get` is a miss, `put` does nothing.
`Cache.problem` holds the reason for callers that report it themselves.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

DB_NAME = "briefs.sqlite3"
ENV_DIR = "NEWSBRIEF_CACHE_DIR"


class CacheWarning(UserWarning):
    """The brief cache could not be used; the run goes on without it."""


@dataclass(frozen=True)
class CacheStats:
    """How often the cache answered (hits) or sent the article to the engine (misses)."""

    hits: int = 0
    misses: int = 0


def default_dir() -> Path:
    """Where briefs are cached: `NEWSBRIEF_CACHE_DIR`, else the per-user cache folder."""
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else Path(platformdirs.user_cache_dir("newsbrief"))


class Cache:
    """Brief JSON by key, on disk, shared safely by threads and processes."""

    def __init__(self, dir: str | Path | None = None, *, enabled: bool = True, timeout: float = 10.0) -> None:
        self.dir = Path(dir) if dir is not None else default_dir()
        self.path = self.dir / DB_NAME
        self.timeout = timeout
        self.problem: str | None = None if enabled else "disabled"
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._inherited: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._hits = 0
        self._misses = 0
        if enabled:
            self._setup()

    @staticmethod
    def key(
        article_id: str,
        engine: str,
        model: str | None,
        prompt_version: str | None,
        schema_version: str,
        options: dict[str, Any] | None = None,
    ) -> str:
        """The cache key: sha256 of a canonical JSON of every part that changes the brief."""
        parts = {
            "article_id": article_id,
            "engine": engine,
            "model": model,
            "prompt_version": prompt_version,
            "schema_version": schema_version,
            "options": options or {},
        }
        # sort_keys makes option order irrelevant; default=str keeps Paths and the like stable
        canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def enabled(self) -> bool:
        """Whether the cache is in use (not switched off, not fallen back after a problem)."""
        return self.problem is None

    @property
    def stats(self) -> CacheStats:
        """Hits and misses of this `Cache` object since it was made."""
        with self._lock:
            return CacheStats(hits=self._hits, misses=self._misses)

    def get(self, key: str) -> str | None:
        """The cached brief JSON for `key`, or None (a miss)."""
        row = None
        if self.enabled:
            try:
                with self._lock:
                    row = self._conn().execute("SELECT brief FROM briefs WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as e:
                self._fall_back(e)
        with self._lock:
            if row is None:
                self._misses += 1
            else:
                self._hits += 1
        return None if row is None else str(row[0])

    def put(self, key: str, brief_json: str) -> None:
        """Store the brief JSON under `key`, replacing any older entry."""
        if not self.enabled:
            return
        try:
            with self._lock, self._conn() as db:  # the connection commits, or rolls back on error
                db.execute(
                    "INSERT OR REPLACE INTO briefs (key, brief, created) VALUES (?, ?, ?)",
                    (key, brief_json, time.time()),
                )
        except sqlite3.Error as e:
            self._fall_back(e)

    def close(self) -> None:
        """Close the connection; a later call opens a new one."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __del__(self) -> None:
        db = getattr(self, "_db", None)  # absent when __init__ failed early
        if db is not None and self._pid == os.getpid():
            db.close()

    def _conn(self) -> sqlite3.Connection:
        # Kept open: closing the last connection checkpoints the WAL, which would make each put slow.
        if self._db is None or self._pid != os.getpid():
            # In a forked child the parent's connection is kept, never closed: closing it here
            # would drop the parent's file locks.
            self._inherited = self._db
            self._db = self._connect()
            self._pid = os.getpid()
        return self._db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.timeout, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        # with WAL, NORMAL never corrupts; a power cut may lose the last entries, which a cache can afford
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    def _setup(self) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            with self._lock, self._conn() as db:
                # WAL lets readers go on while one process writes; the mode is stored in the file
                db.execute("PRAGMA journal_mode = WAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS briefs (key TEXT PRIMARY KEY, brief TEXT NOT NULL, created REAL)"
                )
        except (OSError, sqlite3.Error) as e:
            self._fall_back(e)

    def _fall_back(self, error: Exception) -> None:
        with self._lock:
            if self.problem is not None:
                return
            self.problem = f"{type(error).__name__}: {error}"
            if self._db is not None and self._pid == os.getpid():
                self._db.close()
            self._db = None
        warnings.warn(
            f"brief cache {self.path} unusable ({self.problem}); going on without it. "
            f"Delete that file, point {ENV_DIR} or --cache-dir elsewhere, or pass --no-cache",
            CacheWarning,
            stacklevel=3,
        )
