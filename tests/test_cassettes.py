"""The openai engine replaying cassettes recorded from the bundled Gemma 3 270M.

Recorded by `make cassettes` (scripts/record_cassettes.py) against `python -m
llama_cpp.server`; replayed here with the network blocked. The tiny model writes poor
drafts, so these tests check what the pipeline makes of them: attempts and usage counted
from the real responses, re-asks sent, unsupported items dropped with warnings, and a
brief that is still valid and grounded.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from tests.conftest import ROOT, SAMPLES

from newsbrief import ground
from newsbrief.analyze import analyze
from newsbrief.engines.openai import OpenAIEngine
from newsbrief.engines.transport import RetryPolicy
from newsbrief.load import load
from newsbrief.schema import Brief

CASSETTES = ROOT / "cassettes"
# Set by scripts/record_cassettes.py when recording; in replay any URL with /v1 matches.
URL = os.environ.get("NEWSBRIEF_RECORD_BASE_URL", "http://127.0.0.1:8089/v1")
MODEL = os.environ.get("NEWSBRIEF_RECORD_MODEL", "gemma-3-270m")
KEY = os.environ.get("NEWSBRIEF_RECORD_API_KEY")

pytestmark = [
    pytest.mark.vcr(match_on=["method", "path"]),
    pytest.mark.block_network(allowed_hosts=["127.0.0.1"]),
]


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


@pytest.fixture(scope="module")
def vcr_config(request: pytest.FixtureRequest) -> dict:
    """The shared header filters; the record mode from the command line (`make cassettes`)."""
    from tests.conftest import vcr_config as shared

    return {**shared.__wrapped__(), "record_mode": request.config.getoption("--record-mode")}


def test_tiny_model_brief_through_the_server(vcr):
    article = load(min(SAMPLES, key=lambda p: p.stat().st_size))
    analysis = analyze(article)
    engine = OpenAIEngine(
        MODEL, base_url=URL, api_key=KEY, max_retries=1, max_tokens=300, policy=RetryPolicy(timeout_s=900)
    )
    result = engine.draft(article, analysis)
    brief = Brief.model_validate(ground.ground(article, analysis, result, engine.name).model_dump())

    # the exchanges of this cassette (being recorded or replayed)
    posts = [(q, r) for q, r in zip(vcr.requests, vcr.responses, strict=True) if q.method == "POST"]
    bodies = [json.loads(r["body"]["string"]) for _, r in posts]
    # attempts and usage come from every real response, failed parses included
    assert result.attempts == len(posts)
    assert result.usage.prompt_tokens == sum(b["usage"]["prompt_tokens"] for b in bodies) > 0
    assert result.usage.completion_tokens == sum(b["usage"]["completion_tokens"] for b in bodies) > 0
    assert brief.provenance.engine == "openai" and brief.provenance.mode == "tools"
    assert brief.provenance.attempts == result.attempts
    # every re-ask names what was wrong with the answer before it
    for q, _ in posts[1:]:
        sent = json.loads(q.body)["messages"]
        assert sent[-2]["role"] == "assistant"
        assert (
            "could not be read" in sent[-1]["content"]
            or "not supported by the article" in sent[-1]["content"]
        )
    # what still failed after the re-asks is dropped and said, never written as fact
    if ground.problems(article, analysis, result.draft):
        assert brief.warnings
    for item in [*brief.actions, *brief.dates, *brief.justifications, *brief.disputed_claims]:
        assert item.evidence
        for span in item.evidence:
            assert article.text[span.start : span.end] == span.quote
    for actor in brief.actors:
        for span in actor.mentions:
            assert article.text[span.start : span.end] == span.quote


KEYLIKE = re.compile(
    r"sk-[A-Za-z0-9_\-]{16,}|bearer\s+\S{8,}|\"?(?:authorization|api-key|x-api-key|cookie)\"?\s*:", re.I
)


@pytest.mark.parametrize("path", sorted(CASSETTES.glob("*.yaml")), ids=lambda p: p.name)
def test_cassettes_hold_no_keys(path: Path):
    text = path.read_text(encoding="utf-8")
    assert not KEYLIKE.search(text), f"{path.name} holds something key-like; re-record with `make cassettes`"


def test_there_are_cassettes():
    assert list(CASSETTES.glob("*.yaml")), "no cassettes: run `make cassettes`"
