"""DNS and TLS failures: one clear error for the article, the rest of the batch unaffected."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from tests.stub_server import Reply, StubServer
from typer.testing import CliRunner

from newsbrief.analyze import analyze
from newsbrief.cli import app
from newsbrief.engines.openai import OpenAIEngine
from newsbrief.engines.transport import RetryPolicy
from newsbrief.errors import NewsbriefError
from newsbrief.load import from_text

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
TEXT = "Acme Corp fired its chief executive on Monday.\n"


def _policy(sleeps: list[float]) -> RetryPolicy:
    return RetryPolicy(
        max_tries=3,
        max_total_s=10,
        initial_wait_s=0.01,
        max_wait_s=0.02,
        jitter_s=0.0,
        timeout_s=2.0,
        sleep=sleeps.append,
    )


def test_dns_failure_is_a_clear_error_after_bounded_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    sleeps: list[float] = []
    article = from_text(TEXT, source="acme.txt")
    engine = OpenAIEngine("m", base_url="http://llm.nowhere.example/v1", api_key="k", policy=_policy(sleeps))
    with pytest.raises(NewsbriefError) as info:
        engine.draft(article, analyze(article))
    message = str(info.value)
    assert "llm.nowhere.example" in message and "\n" not in message
    assert len(sleeps) == 2  # retried within the policy's bound, then given up


def test_tls_error_is_a_clear_error() -> None:
    """https:// against a plain-HTTP server: the TLS handshake fails."""
    sleeps: list[float] = []
    article = from_text(TEXT, source="acme.txt")
    with StubServer() as server:
        url = server.url.replace("http://", "https://")
        engine = OpenAIEngine("stub-model", base_url=url, api_key="k", policy=_policy(sleeps))
        with pytest.raises(NewsbriefError) as info:
            engine.draft(article, analyze(article))
    message = str(info.value)
    assert url in message and "\n" not in message


def test_a_failing_endpoint_fails_only_its_article_and_leaves_nothing_partial(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.txt").write_text(
            f"{name.upper()} Corp fired its chief executive on Monday.\n", encoding="utf-8"
        )
    with StubServer() as server:
        # One article meets a 401 (not retried); the other two are answered normally.
        server.enqueue(Reply(status=401))
        result = CliRunner().invoke(
            app,
            [
                "brief",
                str(src),
                "--out",
                str(tmp_path / "out"),
                "--engine",
                "openai",
                "--model",
                "stub-model",
                "--jobs",
                "1",
            ],
            env={"OPENAI_BASE_URL": server.url, "NEWSBRIEF_CACHE_DIR": str(tmp_path / "cache")},
        )
    assert result.exit_code == 1, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["b.json", "b.md", "c.json", "c.md"]
    for p in (tmp_path / "out").glob("*.json"):
        assert json.loads(p.read_text(encoding="utf-8"))["provenance"]["engine"] == "openai"
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "a.txt" in errors[0] and "Traceback" not in result.output
