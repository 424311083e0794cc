"""Long articles: sentence windows with overlap, per-window drafts, and their merge."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from newsbrief import pipeline, windows
from newsbrief.analyze import Analysis, Entity, Sentence
from newsbrief.engines import DraftResult
from newsbrief.load import from_text
from newsbrief.schema import Draft, DraftAction, DraftActor, DraftJustification, Quote, Usage
from newsbrief.windows import Window, merge, split

PARAGRAPHS = [
    "The port authority in Rotterdam said on Monday that container traffic fell by a tenth.",
    "Officials blamed the slowdown on weaker demand from factories in Germany.",
    "Shipping firms had warned of the decline since early spring.",
    "Maersk said it would cut two weekly services between Asia and northern Europe.",
    "Dock workers' unions asked for talks about shifts and overtime pay.",
    "The Dutch government promised a study of the port's finances.",
    "Analysts at ING expect volumes to recover slowly next year.",
    "Meanwhile, rail freight through the port rose for a third month.",
    "Environmental groups welcomed the shift from trucks to trains.",
    "The mayor of Rotterdam called the figures a wake-up call for the region.",
    "A spokesman for the port declined to comment on job losses.",
    "Trade ministers from the European Union meet in Brussels next week.",
]


def _analysis(texts: list[str]) -> tuple[str, Analysis]:
    """Sentences laid end to end, and an analysis of them with one entity per sentence."""
    text, sentences, entities = "", [], []
    for i, t in enumerate(texts):
        start = len(text)
        text += t + " "
        sentences.append(Sentence(i, start, start + len(t), t))
        word = t.split()[1]
        entities.append(Entity(word, "ORG", start + t.index(word), start + t.index(word) + len(word), i))
    return text, Analysis(sentences=sentences, entities=entities)


@pytest.mark.parametrize("max_chars,overlap", [(200, 0), (200, 80), (400, 150), (90, 40)])
def test_windows_cover_every_sentence_within_budget_and_overlap(max_chars: int, overlap: int) -> None:
    text, analysis = _analysis(PARAGRAPHS)
    parts = split(analysis, max_chars, overlap)
    assert len(parts) > 1
    seen: list[int] = []
    for w in parts:
        global_ids = [w.first + s.index for s in w.analysis.sentences]
        assert [s.index for s in w.analysis.sentences] == list(range(len(global_ids)))
        size = sum(len(s.text) + 1 for s in w.analysis.sentences)
        assert size <= max_chars or len(global_ids) == 1
        for s in w.analysis.sentences:  # offsets still point into the full article
            assert text[s.start : s.end] == s.text
        for e in w.analysis.entities:
            assert w.analysis.sentences[e.sentence].start <= e.start < w.analysis.sentences[e.sentence].end
        assert len(w.analysis.entities) == len(global_ids)
        seen.extend(global_ids)
    assert sorted(set(seen)) == list(range(len(PARAGRAPHS)))
    for a, b in zip(parts, parts[1:], strict=False):
        assert b.first > a.first  # always moving forward
        shared = a.first + len(a.analysis.sentences) - b.first
        assert shared >= (1 if overlap >= 100 else 0)
        assert sum(len(s.text) + 1 for s in b.analysis.sentences[:shared]) <= overlap


def test_a_sentence_longer_than_the_budget_gets_a_window_of_its_own() -> None:
    long = "The council " + "debated the plan at length and " * 20 + "then voted."
    _, analysis = _analysis([PARAGRAPHS[0], long, PARAGRAPHS[1]])
    parts = split(analysis, 150, 60)
    assert [[s.text for s in w.analysis.sentences] for w in parts] == [
        [PARAGRAPHS[0]],
        [long],
        [PARAGRAPHS[1]],
    ]


def _result(draft: Draft, tokens: int = 10) -> DraftResult:
    return DraftResult(draft=draft, model="m", usage=Usage(prompt_tokens=tokens, completion_tokens=1))


def test_merge_joins_overlap_duplicates_and_remaps_action_numbers() -> None:
    _, analysis = _analysis(PARAGRAPHS)
    first, second = Window(0, analysis), Window(3, analysis)  # global sentence 3 is local 0 of the second
    a = Draft(
        summary="Traffic fell at Rotterdam.",
        actors=[DraftActor(name="Maersk", kind="organization")],
        actions=[
            DraftAction(
                actor="port authority",
                action="reported a fall",
                evidence=[Quote(sentence=0, quote="container traffic fell")],
            ),
            DraftAction(
                actor="Maersk",
                action="cut services",
                evidence=[Quote(sentence=3, quote="Maersk said it would cut two weekly services")],
            ),
        ],
    )
    b = Draft(
        summary="Unions asked for talks.",
        actors=[
            DraftActor(
                name="A.P. Moller-Maersk",
                kind="organization",
                aliases=["Maersk"],
                description="shipping line",
            ),
            DraftActor(name="dock workers' unions", kind="group"),
        ],
        actions=[
            # the same words as the first window's second action, seen again in the overlap
            DraftAction(
                actor="Maersk",
                action="will cut services",
                evidence=[Quote(sentence=0, quote="cut two weekly services")],
            ),
            DraftAction(
                actor="dock workers' unions",
                action="asked for talks",
                evidence=[Quote(sentence=1, quote="asked for talks")],
            ),
        ],
        justifications=[
            DraftJustification(
                by="dock workers' unions",
                action=2,
                reason="shifts",
                evidence=[Quote(sentence=1, quote="about shifts and overtime pay")],
            ),
            DraftJustification(
                by="Maersk", action=1, reason="weak demand", evidence=[Quote(sentence=0, quote="Maersk said")]
            ),
        ],
    )
    merged = merge([(first, _result(a)), (second, _result(b))])
    d = merged.draft
    assert d.summary == "Traffic fell at Rotterdam."
    assert [x.action for x in d.actions] == ["reported a fall", "cut services", "asked for talks"]
    assert {(q.sentence, q.quote) for q in d.actions[1].evidence} == {
        (3, "Maersk said it would cut two weekly services"),
        (3, "cut two weekly services"),
    }
    assert d.actions[2].evidence[0].sentence == 4
    assert [(j.reason, j.action) for j in d.justifications] == [("shifts", 3), ("weak demand", 2)]
    maersk = [x for x in d.actors if "Maersk" in (x.name, *x.aliases)]
    assert len(maersk) == 1 and maersk[0].description == "shipping line"
    assert len(d.actors) == 2
    assert merged.usage.prompt_tokens == 20 and merged.attempts == 2


def test_actions_without_an_actor_are_not_joined_by_their_wording() -> None:
    _, analysis = _analysis(PARAGRAPHS)
    same = Draft(
        summary="s",
        actions=[DraftAction(actor=None, action="said", evidence=[Quote(sentence=0, quote="said")])],
    )
    other = Draft(
        summary="s",
        actions=[DraftAction(actor=None, action="said", evidence=[Quote(sentence=5, quote="said")])],
    )
    merged = merge([(Window(0, analysis), _result(same)), (Window(0, analysis), _result(other))])
    assert len(merged.draft.actions) == 2


class WindowedEngine:
    """A fake LLM engine with a small context: one action per sentence it is shown."""

    name = "windowed"
    window_chars = 300
    default_jobs = 3

    def __init__(self) -> None:
        self.shown: list[list[str]] = []
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()

    def fingerprint(self) -> str:
        return "windowed|1"

    def draft(self, article: Any, analysis: Analysis) -> DraftResult:
        with self._lock:
            self.shown.append([s.text for s in analysis.sentences])
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        time.sleep(0.1)
        with self._lock:
            self.in_flight -= 1
        actions = [
            DraftAction(
                actor=None,
                action=" ".join(s.text.split()[:4]),
                evidence=[Quote(sentence=s.index, quote=s.text[:-1])],
            )
            for s in analysis.sentences
        ]
        return _result(Draft(summary=analysis.sentences[0].text, actions=actions))


def test_a_long_article_is_drafted_in_concurrent_windows_and_grounded_once() -> None:
    article = from_text("\n\n".join(PARAGRAPHS) + "\n")
    engine = WindowedEngine()
    brief = pipeline.brief_article(article, engine)  # type: ignore[arg-type]
    assert len(engine.shown) > 2
    assert all(sum(len(t) + 1 for t in shown) <= engine.window_chars for shown in engine.shown)
    assert engine.max_in_flight > 1
    # every sentence reported once, despite the overlaps, at the right offsets
    assert len(brief.actions) == len(PARAGRAPHS)
    for action in brief.actions:
        for span in action.evidence:
            assert article.text[span.start : span.end] == span.quote
    assert sorted(a.evidence[0].quote + "." for a in brief.actions) == sorted(PARAGRAPHS)


def test_engines_without_a_window_budget_see_the_whole_article() -> None:
    article = from_text("\n\n".join(PARAGRAPHS * 3))
    engine = WindowedEngine()
    engine.window_chars = 0
    pipeline.brief_article(article, engine)  # type: ignore[arg-type]
    assert len(engine.shown) == 1 and len(engine.shown[0]) == 3 * len(PARAGRAPHS)


def test_estimate_tokens_grows_with_text() -> None:
    assert windows.estimate_tokens("") == 0
    assert windows.estimate_tokens("word " * 400) == 500
