"""Shared fixtures. The network is blocked in every test (see pyproject addopts)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"
BRIEFS = ROOT / "briefs"
GOLD = ROOT / "tests" / "gold"
SAMPLES = sorted(ARTICLES.glob("*.txt"))

# Tests never see a real key or endpoint from the developer's shell.
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "NEWSBRIEF_ENGINE", "NEWSBRIEF_MODEL"):
    os.environ.pop(_var, None)


@pytest.fixture(scope="session")
def vcr_config() -> dict:
    return {
        "filter_headers": [
            "authorization",
            "api-key",
            "x-api-key",
            "cookie",
            "set-cookie",
            "openai-organization",
        ],
        "record_mode": "none",
    }


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    return SAMPLES


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own brief cache, so no test depends on another's."""
    monkeypatch.setenv("NEWSBRIEF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
