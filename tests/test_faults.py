"""Fault matrix: the openai engine against a scripted OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import openai
import pytest
from tests.stub_server import Reply, StubServer

from newsbrief.analyze import analyze
from newsbrief.engines.openai import OpenAIEngine
from newsbrief.engines.transport import RetryPolicy, retry_after, scrub
from newsbrief.errors import ConfigError, EngineError, TransportError
from newsbrief.load import from_text

TEXT = "Acme Corp fired its chief executive on Monday. The board said the company had lost money for years.\n"
GOOD = {
    "summary": "Acme Corp fired its chief executive.",
    "actors": [{"name": "Acme Corp", "kind": "organization"}],
    "actions": [
        {
            "actor": "Acme Corp",
            "action": "fired its chief executive",
            "evidence": [{"sentence": 0, "quote": "fired its chief executive"}],
        }
    ],
}
BAD = {
    "summary": "Acme Corp hired a chef.",
    "actors": [{"name": "Acme Corp", "kind": "organization"}],
    "actions": [
        {
            "actor": "Acme Corp",
            "action": "hired a chef",
            "evidence": [{"sentence": 0, "quote": "hired a famous chef"}],
        }
    ],
}
# The stub server listens on loopback; every other host stays blocked.
pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

KEY = "sk-test-PLANTEDKEY1234567890abcdef"


@pytest.fixture(scope="module")
def story():
    article = from_text(TEXT, source="acme.txt")
    return article, analyze(article)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def policy(sleeps: list[float]) -> RetryPolicy:
    """Tiny timings; waits are recorded instead of slept."""
    return RetryPolicy(
        max_tries=4,
        max_total_s=20,
        initial_wait_s=0.01,
        max_wait_s=0.02,
        jitter_s=0.0,
        retry_after_cap_s=5.0,
        timeout_s=0.5,
        sleep=sleeps.append,
    )


@pytest.fixture
def server():
    with StubServer() as s:
        yield s


def engine(server: StubServer, policy: RetryPolicy, **kw) -> OpenAIEngine:
    return OpenAIEngine("stub-model", base_url=server.url, api_key=KEY, policy=policy, **kw)


def test_429_with_retry_after_then_success(server, policy, sleeps, story):
    server.enqueue(Reply(status=429, headers={"Retry-After": "3"}), Reply(draft=GOOD, usage=(120, 30)))
    result = engine(server, policy).draft(*story)
    assert len(server.requests) == 2  # one throttled try, one answer
    assert sleeps == [3.0]  # the server's Retry-After, not our backoff
    assert result.attempts == 1
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (120, 30)
    assert result.draft.actions[0].action == "fired its chief executive"


def test_retry_after_is_capped(server, policy, sleeps, story):
    server.enqueue(Reply(status=503, headers={"Retry-After": "3600"}), Reply(draft=GOOD))
    engine(server, policy).draft(*story)
    assert sleeps == [policy.retry_after_cap_s]


def test_500_twice_then_success(server, policy, sleeps, story):
    server.enqueue(Reply(status=500), Reply(status=502), Reply(draft=GOOD))
    result = engine(server, policy).draft(*story)
    assert len(server.requests) == 3
    assert len(sleeps) == 2 and all(0 < s <= policy.max_wait_s for s in sleeps)
    assert result.attempts == 1 and result.draft.actors[0].name == "Acme Corp"


def test_5xx_past_the_budget_is_a_transport_error(server, policy, story):
    server.enqueue(*[Reply(status=503)] * 4)
    with pytest.raises(TransportError, match="kept failing .*HTTP 503.* after 4 tries"):
        engine(server, policy).draft(*story)
    assert len(server.requests) == policy.max_tries


def test_429_past_the_budget(server, policy, story):
    server.enqueue(*[Reply(status=429, headers={"Retry-After": "0"})] * 4)
    with pytest.raises(TransportError, match="rate-limiting"):
        engine(server, policy).draft(*story)


def test_timeout_then_success(server, policy, story):
    server.enqueue(Reply(draft=GOOD, delay_s=1.5), Reply(draft=GOOD))
    result = engine(server, policy).draft(*story)
    assert len(server.requests) == 2 and result.attempts == 1


def test_endpoint_hanging_past_the_timeout(server, policy, story):
    server.enqueue(*[Reply(delay_s=1.5)] * 4)
    with pytest.raises(TransportError, match=r"no answer from .* within 0.5s after 4 tries"):
        engine(server, policy).draft(*story)


def test_response_cut_mid_body_is_retried(server, policy, story):
    server.enqueue(Reply(draft=GOOD, cut=True), Reply(draft=GOOD))
    result = engine(server, policy).draft(*story)
    assert len(server.requests) == 2 and result.draft.actions


def test_malformed_body_is_a_failed_answer_then_reasked(server, policy, story):
    server.enqueue(Reply(body="<html>this is not JSON</html>"), Reply(draft=GOOD))
    result = engine(server, policy).draft(*story)
    assert result.attempts == 2
    assert any("could not be read" in w for w in result.warnings)
    assert result.draft.actions[0].action == "fired its chief executive"


def test_invalid_draft_then_valid_is_reasked_naming_the_item(server, policy, story):
    server.enqueue(Reply(draft=BAD, usage=(100, 20)), Reply(draft=GOOD, usage=(150, 25)))
    result = engine(server, policy).draft(*story)
    assert result.attempts == 2
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (250, 45)
    reask = server.requests[1]["messages"][-1]["content"]
    assert "actions[0].evidence[0]" in reask and "hired a famous chef" in reask
    assert result.draft.actions[0].evidence[0].quote == "fired its chief executive"
    assert result.warnings == []


def test_always_invalid_stops_at_max_retries_and_says_so(server, policy, story):
    server.enqueue(*[Reply(draft=BAD)] * 5)
    result = engine(server, policy, max_retries=2).draft(*story)
    assert result.attempts == 3 and len(server.requests) == 3
    assert any("problem(s) left" in w for w in result.warnings)


def test_token_budget_stops_reasks(server, policy, story):
    server.enqueue(*[Reply(draft=BAD, usage=(900, 200))] * 5)
    result = engine(server, policy, max_retries=5, token_budget=1500).draft(*story)
    assert result.attempts == 2  # 1100 tokens after one answer, 2200 after two: budget spent


def test_json_mode_reads_content(server, policy, story):
    server.enqueue(Reply(draft=GOOD))
    result = engine(server, policy, mode="json").draft(*story)
    assert "tools" not in server.requests[0] and result.mode == "json"
    assert result.draft.actors[0].name == "Acme Corp"


def test_401_says_set_the_key_and_never_shows_it(server, policy, story):
    server.enqueue(
        Reply(status=401, body='{"error": {"message": "Incorrect API key provided: ' + KEY + '"}}')
    )
    with pytest.raises(ConfigError, match="set OPENAI_API_KEY") as info:
        engine(server, policy).draft(*story)
    assert KEY not in str(info.value) and len(server.requests) == 1  # not retried


def test_404_model_says_check_the_model(server, policy, story):
    server.enqueue(Reply(status=404))
    with pytest.raises(ConfigError, match="check --model / NEWSBRIEF_MODEL"):
        engine(server, policy).draft(*story)


def test_400_is_an_engine_error_not_retried(server, policy, story):
    server.enqueue(Reply(status=400))
    with pytest.raises(EngineError, match="rejected the request"):
        engine(server, policy).draft(*story)
    assert len(server.requests) == 1


def test_connection_refused_asks_whether_the_server_runs(policy, sleeps, story):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    eng = OpenAIEngine("stub-model", base_url=url, api_key=KEY, policy=policy)
    with pytest.raises(ConfigError, match=f"is the server running at {url}"):
        eng.draft(*story)
    assert len(sleeps) == policy.max_tries - 1  # connection errors are retried, within bounds


def test_model_defaults_to_what_the_server_lists(server, policy, story, monkeypatch):
    monkeypatch.delenv("NEWSBRIEF_MODEL", raising=False)
    eng = OpenAIEngine(base_url=server.url, policy=policy)  # no key: local servers need none
    assert eng.model == "stub-model"
    assert server.requests == []  # listing models is a GET, no completion yet


def test_no_key_against_openai_is_a_config_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        OpenAIEngine("gpt-4o-mini")


def test_key_goes_in_the_header_only(server, policy, story):
    server.enqueue(Reply(draft=GOOD))
    engine(server, policy).draft(*story)
    assert server.headers[0]["authorization"] == f"Bearer {KEY}"
    assert KEY not in str(server.requests[0])


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "7"}, 7.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_parsing(headers, expected):
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    exc = openai.RateLimitError(
        "slow down", response=httpx.Response(429, headers=headers, request=request), body=None
    )
    assert retry_after(exc) == expected


def test_retry_after_http_date():
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    request = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    exc = openai.RateLimitError(
        "slow", response=httpx.Response(429, headers={"retry-after": when}, request=request), body=None
    )
    assert 25 <= (retry_after(exc) or 0) <= 30


@pytest.mark.parametrize(
    "text",
    [f"Incorrect API key provided: {KEY}", f"Authorization: Bearer {KEY}", "api_key=abcd1234efgh5678"],
)
def test_scrub_removes_keys(text):
    assert "1234" not in scrub(text) and "***" in scrub(text)
