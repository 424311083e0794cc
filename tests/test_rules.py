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


# ---------------------------------------------------------------- readable output
_DANGLING_ENDS = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "or",
    "if",
    "that",
    "which",
    "does",
    "has",
    "is",
    "from",
}


def _texts(draft: Draft) -> list[str]:
    """Every piece of prose the engine wrote (not the verbatim evidence)."""
    out = [a.name for a in draft.actors] + [x for a in draft.actors for x in a.aliases]
    out += [a.description for a in draft.actors if a.description]
    out += [a.action for a in draft.actions] + [j.reason for j in draft.justifications]
    return out + [c.claim for c in draft.disputed_claims]


@pytest.mark.parametrize(
    "text",
    [
        "(German) authorities have frozen the accounts of two companies, the ministry said on Monday.",
        "Acme sued Globex, the Ohio-based logistics firm, in a federal court in Delaware on Friday.",
        "Ofcom banned foreign-made drones from state-owned airports on Tuesday.",
        "Poland may block the app if the company's management does not comply with local laws, "
        "Senator Jan Nowak said.",
        "French-born investor Marc Dubois bought the newspaper on Friday.",
    ],
)
def test_prose_is_the_articles_own_characters(text: str) -> None:
    """No tokenizer spacing (' - ', " 's", ' ,'), no unmatched brackets, no phrase left dangling."""
    draft = _draft(text)
    texts = _texts(draft)
    assert texts
    for t in texts:
        assert " - " not in t and " 's" not in t and " ," not in t and " ’s" not in t, t
        assert t.count("(") == t.count(")") and t.count("“") == t.count("”"), t
        assert t.strip() == t and t[:1] not in ",;:-–—)" and t[-1:] not in ",;:-–—(", t
    for a in draft.actions:
        assert len(a.action.split()) <= 13, a.action
        assert a.action.split()[-1].lower() not in _DANGLING_ENDS, a.action


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # An unbalanced bracket in the text leaves none in the name; the country names the state.
        (
            "Germany expelled two diplomats on Monday. (German) authorities also froze the embassy's accounts.",
            {"name": "Germany", "alias": "German authorities"},
        ),
        # A hyphenated compound stays whole in descriptions and aliases.
        (
            "French-born investor Marc Dubois bought the newspaper on Friday.",
            {"name": "Marc Dubois", "no_word": "born"},
        ),
    ],
)
def test_actor_names_are_clean(text: str, want: dict) -> None:
    draft = _draft(text)
    actor = _actor_for(draft, want["name"])
    assert actor is not None, [a.name for a in draft.actors]
    assert actor.name == want["name"], (actor.name, actor.aliases)
    if "alias" in want:
        assert want["alias"] in actor.aliases, actor.aliases
    for form in [actor.name, *actor.aliases, actor.description or ""]:
        assert not re.search(r"[()\[\]]", form), form
        if "no_word" in want:
            assert not form.lower().startswith(want["no_word"]), form


@pytest.mark.parametrize(
    ("text", "actor", "phrase"),
    [
        # Punctuation of the article kept, the aside about the target left out.
        (
            "Acme sued Globex, the Ohio-based logistics firm, in a federal court on Friday.",
            "Acme",
            "sued Globex",
        ),
        ("Ofcom banned foreign-made drones from state-owned airports on Tuesday.", "Ofcom", "foreign-made"),
        # Long clauses are cut at a boundary, not inside the "if" clause.
        (
            "Senator Jan Nowak said that Poland may block the app in 2026 if the company's management "
            "does not comply with local data laws.",
            "Jan Nowak",
            "may block the app",
        ),
    ],
)
def test_action_phrases_read_cleanly(text: str, actor: str, phrase: str) -> None:
    draft = _draft(text)
    got = [a.action for a in draft.actions if _same(actor, a.actor)]
    assert any(phrase in g for g in got), got
    for g in got:
        assert not g.endswith(("does", "if", "the")), g


def test_agentless_order_names_who_was_ordered() -> None:
    draft = _draft("All federal employees have been ordered to stop using TikTok on their phones.")
    ordered = [a for a in draft.actions if a.action.startswith("ordered")]
    assert ordered, [a.action for a in draft.actions]
    assert ordered[0].actor is None and ordered[0].target is None
    assert "employees" in ordered[0].action and "TikTok" in ordered[0].action


@pytest.mark.parametrize(
    ("text", "must_contain"),
    [
        (
            "According to the Justice Department, Globex reportedly paid bribes to officials in three countries.",
            "Globex",
        ),
        (
            "Officials now use Zoomo, an app that reportedly sends user data to servers abroad.",
            "sends user data",
        ),
    ],
)
def test_claim_texts_are_plain_statements(text: str, must_contain: str) -> None:
    draft = _draft(text)
    assert draft.disputed_claims, "no claim found"
    claim = draft.disputed_claims[0].claim
    assert must_contain in claim, claim
    assert not claim.lower().startswith(("according", "that ", "which ", "who ")), claim


@pytest.mark.parametrize(
    ("text", "speaker", "outlet", "phrase"),
    [
        (
            "'To stop fraudsters, steps are being taken to limit transfers on these foreign apps,' German "
            "news agency DPA quoted the banking regulator BaFin as saying.",
            "BaFin",
            "DPA",
            "steps are being taken to limit transfers",
        ),
        (
            "The finance minister Anna Berg was quoted by Bloomberg as saying the government would raise "
            "taxes on banks.",
            "Anna Berg",
            "Bloomberg",
            "would raise taxes on banks",
        ),
        (
            "Reuters quoted the energy regulator Ofgem as saying it would cap prices for household customers.",
            "Ofgem",
            "Reuters",
            "cap prices for household customers",
        ),
    ],
)
def test_wire_quote_credits_the_speaker_not_the_outlet(
    text: str, speaker: str, outlet: str, phrase: str
) -> None:
    draft = _draft(text)
    said = [a for a in draft.actions if _same(speaker, a.actor)]
    assert said, [(a.actor, a.action) for a in draft.actions]
    assert any(phrase in a.action and "quoted" not in a.action for a in said), [a.action for a in said]
    assert any(phrase in q.quote for a in said for q in a.evidence)
    assert not [a for a in draft.actions if _same(outlet, a.actor)], [
        (a.actor, a.action) for a in draft.actions
    ]


def test_passive_agent_is_the_actor_and_not_repeated_in_the_phrase() -> None:
    draft = _draft("Last year, Globex was designated as a terrorist organisation by Canada.")
    acts = [a for a in draft.actions if _same("Canada", a.actor)]
    assert acts, [(a.actor, a.action) for a in draft.actions]
    assert "designated Globex as a terrorist organisation" in acts[0].action
    assert "Canada" not in acts[0].action and not acts[0].action.endswith("by")


@pytest.mark.parametrize(
    ("text", "actor", "phrase"),
    [
        (
            "The Canadian trade ministry said, 'Imports of steel will be resumed after the suppliers start "
            "following Canadian rules.'",
            "Canadian trade ministry",
            "said imports of steel will be resumed",
        ),
        # A name opening the quote keeps its capital.
        (
            "Ofcom said, 'Netflix will be fined if it ignores the rules.'",
            "Ofcom",
            "said Netflix will be fined",
        ),
    ],
)
def test_reported_quote_reads_as_one_phrase(text: str, actor: str, phrase: str) -> None:
    draft = _draft(text)
    got = [a.action for a in draft.actions if _same(actor, a.actor)]
    assert any(g.startswith(phrase) for g in got), got
