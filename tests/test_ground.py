"""ground: quotes become offsets that are always true, or the item is dropped and counted."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbrief.analyze import Analysis, Sentence
from newsbrief.engines import DraftResult
from newsbrief.ground import Locator, ground, problems
from newsbrief.load import Article
from newsbrief.schema import (
    Draft,
    DraftAction,
    DraftActor,
    DraftClaim,
    DraftJustification,
    Quote,
)

TEXT = (
    "Nav line\n"
    "Russian President Vladimir Putin ordered the government to act on Monday.\n"
    "The Kremlin said it was “necessary” — citing security.\n"
    "Putin later denied   any plan to block apps.\n"
)


def _article(text: str = TEXT, masked: list[tuple[int, int, str]] | None = None) -> Article:
    return Article(text=text, source="t.txt", published="2025-07-20", masked=masked or [])


def _analysis(article: Article) -> Analysis:
    """Sentences = the unmasked non-empty lines (enough for grounding tests)."""
    sentences = []
    pos = 0
    for line in article.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.strip() and not article.is_masked(start, end):
            sentences.append(Sentence(len(sentences), start, end, line))
    return Analysis(sentences=sentences)


@pytest.mark.parametrize(
    ("quote", "sentence", "expected"),
    [
        ("Vladimir Putin ordered the government", 0, "Vladimir Putin ordered the government"),
        # curly quotes and dashes written plainly by a model
        ('it was "necessary" - citing security', 1, "it was “necessary” — citing security"),
        # collapsed whitespace
        ("Putin later denied any plan", 2, "Putin later denied   any plan"),
        # wrong sentence number: still found elsewhere in the story
        ("The Kremlin said", 0, "The Kremlin said"),
        # a small typo inside the cited sentence: bounded fuzzy match
        ("Putin later denid   any plan to block apps", 2, "Putin later denied   any plan to block apps"),
        # not in the article at all
        ("Putin resigned", 0, None),
        # in masked junk only
        ("Nav line", 0, None),
        ("", 0, None),
    ],
)
def test_locator_finds_quotes_or_nothing(quote: str, sentence: int, expected: str | None) -> None:
    article = _article(masked=[(0, 8, "navigation")])
    loc = Locator(article, _analysis(article))
    found = loc.find(quote, sentence)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert article.text[found[0] : found[1]] == expected


def _draft(**kw: object) -> Draft:
    base: dict[str, object] = {
        "summary": "Putin ordered the government to act.",
        "actors": [
            DraftActor(name="Vladimir Putin", kind="person", aliases=["Putin", "Mr Nobody"], description="Russian President"),
            DraftActor(name="Kremlin", kind="government"),
            DraftActor(name="Atlantis", kind="country"),
        ],
        "actions": [
            DraftAction(actor="Putin", action="ordered the government to act", date="on Monday",
                        evidence=[Quote(sentence=0, quote="Vladimir Putin ordered the government to act on Monday")]),
            DraftAction(actor="Kremlin", action="invented", evidence=[Quote(sentence=1, quote="The Kremlin invented")]),
        ],
        "justifications": [
            DraftJustification(by="The Kremlin", action=1, reason="security",
                               evidence=[Quote(sentence=1, quote="citing security")]),
        ],
        "disputed_claims": [
            DraftClaim(claim="Russia plans to block apps", claimed_by=["critics"], disputed_by=["Putin"], status="denied",
                       evidence=[Quote(sentence=2, quote="Putin later denied any plan to block apps")]),
        ],
    }  # fmt: skip
    base.update(kw)
    return Draft.model_validate(base)


def test_ground_resolves_ids_drops_ungrounded_and_warns() -> None:
    article = _article(masked=[(0, 8, "navigation")])
    analysis = _analysis(article)
    brief = ground(article, analysis, DraftResult(draft=_draft()), "fake")

    names = [a.name for a in brief.actors]
    assert names == ["Vladimir Putin", "Kremlin"]  # Atlantis is not in the article
    putin = brief.actors[0]
    assert putin.aliases == ["Putin"]  # "Mr Nobody" never appears
    assert [m.quote for m in putin.mentions] == ["Vladimir Putin", "Putin"]
    assert len(brief.actions) == 1 and brief.actions[0].actor == "A1"
    assert brief.justifications[0].by == "A2" and brief.justifications[0].action == "E1"
    claim = brief.disputed_claims[0]
    assert claim.claimed_by == ["critics"] and claim.disputed_by == ["A1"]
    assert any("dropped 1 actions item" in w for w in brief.warnings)
    assert any("Atlantis" in w for w in brief.warnings)
    for span in _all_spans(brief):
        assert article.text[span.start : span.end] == span.quote


def test_ground_is_deterministic_and_ordered() -> None:
    article = _article()
    analysis = _analysis(article)
    a = ground(article, analysis, DraftResult(draft=_draft()), "fake").model_dump_json()
    b = ground(article, analysis, DraftResult(draft=_draft()), "fake").model_dump_json()
    assert a == b


def test_problems_name_each_failing_item() -> None:
    article = _article()
    draft = _draft(
        actions=[
            DraftAction(
                actor="Ghost", action="x", date="in 1999", evidence=[Quote(sentence=9, quote="nothing")]
            ),
        ]
    )
    msgs = problems(article, _analysis(article), draft)
    joined = "\n".join(msgs)
    assert "actions[0].evidence[0]: sentence 9 does not exist" in joined
    assert "actions[0].actor: 'Ghost' is not one of the actors" in joined
    assert "actions[0].date: 'in 1999' is not a date expression" in joined
    assert "actors[2]: the name 'Atlantis' does not appear" in joined


def test_problems_empty_for_a_clean_draft() -> None:
    article = _article()
    draft = _draft(actors=[DraftActor(name="Vladimir Putin", kind="person")], justifications=[], disputed_claims=[],
                   actions=[DraftAction(actor="Vladimir Putin", action="ordered",
                                        evidence=[Quote(sentence=0, quote="Putin ordered")])])  # fmt: skip
    assert problems(article, _analysis(article), draft) == []


def _all_spans(brief):  # type: ignore[no-untyped-def]
    for a in brief.actors:
        yield from a.mentions
    for group in (brief.actions, brief.dates, brief.justifications, brief.disputed_claims):
        for item in group:
            yield from item.evidence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(min_size=1, max_size=300),
    quote=st.text(min_size=0, max_size=60),
    sentence=st.integers(min_value=-2, max_value=5),
)
def test_any_text_any_quote_is_grounded_or_dropped(text: str, quote: str, sentence: int) -> None:
    article = _article(text)
    analysis = _analysis(article)
    loc = Locator(article, analysis)
    found = loc.find(quote, sentence)
    if found is not None:
        start, end = found
        assert 0 <= start < end <= len(text)
    draft = Draft(
        summary="s",
        actors=[DraftActor(name=quote or "x", kind="other")],
        actions=[
            DraftAction(
                actor=quote or None,
                action="a",
                evidence=[Quote(sentence=max(sentence, 0), quote=quote or "x")],
            )
        ],
    )
    brief = ground(article, analysis, DraftResult(draft=draft), "fake")
    for span in _all_spans(brief):
        assert text[span.start : span.end] == span.quote
