"""Engine choice, the openai engine's configuration, and the fake engine's re-ask loop."""

from __future__ import annotations

import pytest

from newsbrief import engines
from newsbrief.analyze import analyze
from newsbrief.engines.fake import FakeEngine
from newsbrief.engines.openai import OpenAIEngine
from newsbrief.errors import ConfigError, EngineError
from newsbrief.load import from_text

TEXT = "Acme Corp fired its chief executive on Monday.\n"
GOOD = {
    "summary": "Acme fired its chief.",
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
    **GOOD,
    "actions": [{"actor": "Nobody Inc", "action": "x", "evidence": [{"sentence": 0, "quote": "hired"}]}],
}


@pytest.fixture(scope="module")
def story():
    article = from_text(TEXT, source="acme.txt")
    return article, analyze(article)


@pytest.mark.parametrize(
    ("env", "name", "expected"),
    [
        ({}, None, "rules"),
        ({"OPENAI_API_KEY": "sk-x"}, None, "openai"),
        ({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}, None, "openai"),
        ({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "NEWSBRIEF_ENGINE": "rules"}, None, "rules"),
        ({"NEWSBRIEF_ENGINE": "openai", "OPENAI_API_KEY": "sk-x"}, "rules", "rules"),
    ],
)
def test_select_order(monkeypatch, env, name, expected):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert engines.select(name, "some-model").name == expected


def test_rules_fallback_carries_the_notice(monkeypatch):
    engine = engines.select(None, None)
    assert engine.notice == engines.NO_LLM_NOTICE and "OPENAI_BASE_URL" in engine.notice
    assert not getattr(engines.select("rules", None), "notice", None)


def test_unknown_engine_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown engine"):
        engines.select("gpt", None)


def test_describe_marks_the_default(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    rows = dict(engines.describe())
    assert rows["openai"].startswith("[default]") and "127.0.0.1:9" in rows["openai"]
    assert set(rows) == {"rules", "openai", "local"}


def test_fingerprint_changes_with_model_and_mode():
    a = OpenAIEngine("m1", base_url="http://127.0.0.1:9/v1")
    b = OpenAIEngine("m2", base_url="http://127.0.0.1:9/v1")
    c = OpenAIEngine("m1", base_url="http://127.0.0.1:9/v1", mode="json_schema")
    assert len({a.fingerprint(), b.fingerprint(), c.fingerprint()}) == 3


def test_unknown_mode_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown mode"):
        OpenAIEngine("m", base_url="http://127.0.0.1:9/v1", mode="xml")


def test_fake_engine_replays_in_order(story):
    engine = FakeEngine([GOOD, EngineError("boom")])
    assert engine.draft(*story).draft.actors[0].name == "Acme Corp"
    with pytest.raises(EngineError, match="boom"):
        engine.draft(*story)
    with pytest.raises(EngineError, match="no queued draft"):
        engine.draft(*story)


def test_fake_engine_reask_loop_keeps_the_best_draft(story):
    engine = FakeEngine([BAD, BAD, BAD], reask=True, max_retries=2)
    result = engine.draft(*story)
    assert result.attempts == 3 and len(engine.sent) == 3
    assert "Nobody Inc" in engine.sent[1][-1]["content"]  # the re-ask names the unknown actor
    assert any("problem(s) left" in w for w in result.warnings)
    fixed = FakeEngine([BAD, GOOD], reask=True).draft(*story)
    assert fixed.attempts == 2 and fixed.warnings == [] and fixed.draft.actions[0].actor == "Acme Corp"
