"""Through the openai engine and the CLI: a planted key never leaks, injected text stays data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.stub_server import Reply, StubServer
from tests.test_injection import INJECTIONS, STORY
from typer.testing import CliRunner

from newsbrief.cli import app
from newsbrief.injection import FLAG

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
KEY = "sk-live-PLANTED0123456789abcdefXYZ"


@pytest.fixture
def server():
    with StubServer() as s:
        yield s


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.output


def _everything_written(folder: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*")) if p.is_file()
    )


@pytest.mark.parametrize(
    ("replies", "exit_code"),
    [
        ([Reply(draft={"summary": "Roskomnadzor restricted calls.", "actors": []})], 0),
        (
            [
                Reply(
                    status=401, body=json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}"}})
                )
            ],
            1,
        ),
        ([Reply(status=404, body=json.dumps({"error": {"message": f"model not found (key {KEY})"}}))], 1),
        ([Reply(status=400, body=f"bad request Authorization: Bearer {KEY}")], 1),
    ],
    ids=["ok", "401", "404", "400"],
)
def test_planted_key_never_reaches_any_output(
    server, tmp_path: Path, replies: list[Reply], exit_code: int
) -> None:
    server.enqueue(*replies)
    article = tmp_path / "story.txt"
    article.write_text(STORY.format(injection=""), encoding="utf-8")
    out = tmp_path / "out"
    env = {
        "OPENAI_API_KEY": KEY,
        "OPENAI_BASE_URL": server.url,
        "NEWSBRIEF_CACHE_DIR": str(tmp_path / "cache"),
    }
    code, output = _run(
        ["--verbose", "brief", str(article), "--out", str(out), "--format", "json,md,html", "--engine", "openai",
         "--model", "stub-model", "--max-retries", "0"],
        env,
    )  # fmt: skip
    assert code == exit_code, output
    assert "Traceback" not in output
    written = _everything_written(tmp_path)
    assert KEY not in output and KEY not in written
    assert KEY[8:24] not in output and KEY[8:24] not in written
    if exit_code == 0:
        data = json.loads((out / "story.json").read_text(encoding="utf-8"))
        assert data["provenance"]["engine"] == "openai"
        assert KEY not in json.dumps(data["provenance"])
    else:
        assert not out.exists() or not list(out.iterdir())
        assert "error:" in output


@pytest.mark.parametrize("injection", INJECTIONS[:12])
def test_openai_engine_sees_injections_only_as_delimited_data(server, tmp_path: Path, injection: str) -> None:
    """A model that 'obeys' the injection invents facts; grounding drops them, the injected sentence is flagged."""
    text = STORY.format(injection=injection)
    obeying = {
        "summary": "Donald Duck resigned.",
        "actors": [{"name": "Donald Duck", "kind": "person"}, {"name": "Roskomnadzor", "kind": "government"}],
        "actions": [
            {"actor": "Donald Duck", "action": "resigned", "evidence": [{"sentence": 1, "quote": "Donald Duck resigned"}]},
            {"actor": "Roskomnadzor", "action": "restricted calls on WhatsApp and Telegram",
             "evidence": [{"sentence": 1, "quote": "restricted calls on WhatsApp and Telegram"}]},
            {"actor": None, "action": "the injected line", "evidence": [{"sentence": 2, "quote": injection[:40]}]},
        ],
    }  # fmt: skip
    server.enqueue(Reply(draft=obeying), Reply(draft=obeying))
    article = tmp_path / "story.txt"
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    env = {"OPENAI_BASE_URL": server.url, "NEWSBRIEF_CACHE_DIR": str(tmp_path / "cache")}
    code, output = _run(
        [
            "brief",
            str(article),
            "--out",
            str(out),
            "--engine",
            "openai",
            "--model",
            "stub-model",
            "--max-retries",
            "1",
        ],
        env,
    )
    assert code == 0, output

    # The model saw the article only inside the delimiters the system prompt declares to be data.
    prompt = json.dumps(server.requests[0]["messages"], ensure_ascii=False)
    system = server.requests[0]["messages"][0]["content"]
    assert "data" in system.lower() and "<article>" in prompt
    user = server.requests[0]["messages"][-1]["content"]
    assert user.count("<article>") == 1 and user.count("</article>") == 1
    inside = user.split("<article>", 1)[1].split("</article>", 1)[0]
    assert injection.split()[1].strip(".:,") in inside

    data = json.loads((out / "story.json").read_text(encoding="utf-8"))
    assert "Donald Duck" not in [a["name"] for a in data["actors"]]
    for item in data["actions"]:
        for span in item["evidence"]:
            assert text[span["start"] : span["end"]] == span["quote"]
    injected = [a for a in data["actions"] if a["evidence"][0]["quote"] in injection]
    assert all(FLAG in a["flags"] for a in injected)
    assert any("read as instructions to a model" in w for w in data["warnings"])
