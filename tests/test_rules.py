"""The rules engine on news sentences of many styles, on the samples, and for determinism."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from newsbrief.analyze import analyze
from newsbrief.engines.rules import RulesEngine
from newsbrief.load import from_text, load
from newsbrief.schema import Draft

sys.path.insert(0, str(Path(__file__).parent / "data"))
from news_sentences import SENTENCES  # noqa: E402


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w]+", text.lower().replace("’", "'")) if w not in ("the", "s")}


def _same(expected: str, name: str | None) -> bool:
    """Whether a name the engine gave matches an expected one on most of its words."""
    if not name:
        return False
    a, b = _words(expected), _words(name)
    return bool(a and b) and len(a & b) >= max(1, min(len(a), len(b)) * 0.6)


def _actor_for(draft: Draft, expected: str):
    for actor in draft.actors:
        if any(_same(expected, form) for form in [actor.name, *actor.aliases]):
            return actor
    return None


def _draft(text: str) -> Draft:
    article = from_text(text, published="2024-06-14")
    return RulesEngine().draft(article, analyze(article)).draft


@pytest.mark.parametrize("case", SENTENCES, ids=[f"{i:02d}-{c['style']}" for i, c in enumerate(SENTENCES)])
def test_sentence_yields_expected_items(case: dict) -> None:
    draft = _draft(case["text"])
    for name in case.get("actors", []):
        assert _actor_for(draft, name) is not None, (
            f"actor {name!r} missing: {[a.name for a in draft.actors]}"
        )
    for name in case.get("not_actors", []):
        listed = [a.name for a in draft.actors if _words(a.name) == _words(name) or name in a.aliases]
        assert not listed, f"{name!r} listed as an actor"
    for name, kind in case.get("kinds", {}).items():
        actor = _actor_for(draft, name)
        assert actor is not None and actor.kind == kind, (
            f"{name!r}: kind {actor and actor.kind}, expected {kind}"
        )
    if "same" in case:
        first, second = case["same"]
        a, b = _actor_for(draft, first), _actor_for(draft, second)
        assert a is not None and a is b, (
            f"{first!r} and {second!r} not merged: {[(x.name, x.aliases) for x in draft.actors]}"
        )
    if "action" in case:
        actor, target = case["action"]
        got = [(x.actor, x.target) for x in draft.actions]
        assert any(
            _same(actor, x.actor) and (target is None or _same(target, x.target)) for x in draft.actions
        ), got
    if "by" in case:
        assert draft.justifications, "no justification found"
        if case["by"] is not None:
            assert any(_same(case["by"], j.by) for j in draft.justifications), [
                j.by for j in draft.justifications
            ]
    if "claim" in case:
        want = case["claim"]
        assert draft.disputed_claims, "no disputed claim found"
        claims = draft.disputed_claims
        if "status" in want:
            claims = [c for c in claims if c.status == want["status"]]
            assert claims, (
                f"no claim with status {want['status']}: {[c.status for c in draft.disputed_claims]}"
            )
        if "claimed_by" in want:
            assert any(any(_same(want["claimed_by"], w) for w in c.claimed_by) for c in claims), [
                c.claimed_by for c in claims
            ]
        if "disputed_by" in want:
            assert any(any(_same(want["disputed_by"], w) for w in c.disputed_by) for c in claims), [
                c.disputed_by for c in claims
            ]


def test_table_is_large_enough() -> None:
    assert len(SENTENCES) >= 60


def _check_quotes(article_text: str, analysis, draft: Draft) -> None:
    quotes = [
        q
        for x in (*draft.actions, *draft.dates, *draft.justifications, *draft.disputed_claims)
        for q in x.evidence
    ]
    for q in quotes:
        assert q.quote in analysis.sentences[q.sentence].text, q


def test_samples_give_grounded_drafts_with_named_actors(sample_paths: list[Path]) -> None:
    engine = RulesEngine()
    for path in sample_paths:
        article = load(path)
        analysis = analyze(article)
        draft = engine.draft(article, analysis).draft
        _check_quotes(article.text, analysis, draft)
        names = {a.name for a in draft.actors}
        for action in draft.actions:
            assert action.actor is None or action.actor in names
            assert action.target is None or action.target in names
        for j in draft.justifications:
            assert j.action is None or 1 <= j.action <= len(draft.actions)
        assert draft.summary and len(draft.summary) < 1200


def test_same_input_gives_identical_draft() -> None:
    text = (
        "Russian President Vladimir Putin ordered the government to restrict foreign apps on Monday, "
        "the Kremlin said. Critics argued the move was designed to silence dissent. "
        "Telegram denied sharing data with the authorities, despite reports claiming otherwise."
    )
    first = _draft(text).model_dump_json()
    assert all(_draft(text).model_dump_json() == first for _ in range(3))


def test_engine_names_itself_and_versions_its_rules() -> None:
    engine = RulesEngine()
    assert engine.name == "rules"
    assert engine.fingerprint().startswith("rules-")


def test_long_article_goes_through() -> None:
    paragraph = (
        "The ministry said on Tuesday that it had fined the company for failing to store data locally. "
        "The company denied the charge and said it would appeal. "
    )
    draft = _draft(paragraph * 200)
    assert draft.actions or draft.justifications
