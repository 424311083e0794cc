"""merge: one story across outlets — shared actors, corroborated timeline, near-duplicates, conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gold_briefs import GOLD, gold_brief, gold_stems
from newsbrief import render
from newsbrief.merge import Story, evaluate_story, main, merge_briefs
from newsbrief.schema import Action, Actor, ArticleInfo, Brief, DateRef, Justification, Provenance, Span


def _span(text: str, quote: str) -> Span:
    i = text.index(quote)
    return Span(quote=quote, start=i, end=i + len(quote))


def make(
    stem: str,
    text: str,
    actors: list[tuple[str, str, list[str]]],
    actions: list[tuple[str, str, str | None, str | None, str]],
    reasons: list[tuple[str, int, str, str]] = (),
) -> Brief:
    """A brief of `text`: actors (name, kind, aliases); actions (actor, action, target, date, quote)."""
    ids = {name: f"A{n}" for n, (name, _, _) in enumerate(actors, 1)}
    acts = []
    for n, (actor, what, target, date, quote) in enumerate(actions, 1):
        ref = (
            DateRef(text=date, value=date, precision={4: "year", 7: "month", 10: "day"}[len(date)])
            if date
            else None
        )
        acts.append(
            Action(
                id=f"E{n}",
                actor=ids[actor],
                action=what,
                target=ids.get(target or ""),
                date=ref,
                evidence=[_span(text, quote)],
            )
        )
    return Brief(
        article=ArticleInfo(id=stem, source=f"articles/{stem}.txt", word_count=len(text.split())),
        summary="-",
        actors=[
            Actor(
                id=ids[name],
                name=name,
                kind=kind,
                aliases=aliases,
                mentions=[_span(text, name)] if name in text else [],
            )
            for name, kind, aliases in actors
        ],
        actions=acts,
        justifications=[
            Justification(id=f"J{n}", by=ids[by], action=f"E{a}", reason=r, evidence=[_span(text, q)])
            for n, (by, a, r, q) in enumerate(reasons, 1)
        ],
        provenance=Provenance(engine="rules"),
    )


T1 = (
    "Kremlin leader Putin ordered officials to use the Zet app. Regulators blocked Chatly on Monday, "
    "citing fraud on the platform. Vkontakte said it would comply."
)
T2 = (
    "Vladimir Putin told officials to use the Zet app in 2025. Regulators only partially restricted calls on "
    "Chatly, a source said, over its failure to remove extremist content. VK welcomed the move."
)
T3 = (
    "Kremlin leader Putin ordered all officials to use the Zet app. Regulators blocked Chatly on Monday, "
    "citing fraud on the platform. Vkontakte said it would comply, as expected."
)


def _b1(stem: str = "one", text: str = T1, date: str | None = "2025-07") -> Brief:
    return make(
        stem,
        text,
        [
            ("Putin", "person", ["Kremlin leader Putin"]),
            ("Regulators", "government", []),
            ("Chatly", "organization", []),
            ("Vkontakte", "organization", []),
        ],
        [
            (
                "Putin",
                "ordered officials to use the Zet app",
                None,
                date,
                "ordered officials to use the Zet app"
                if "all" not in text
                else "ordered all officials to use the Zet app",
            ),
            ("Regulators", "blocked Chatly", "Chatly", None, "Regulators blocked Chatly on Monday"),
            ("Vkontakte", "said it would comply", None, None, "Vkontakte said it would comply"),
        ],
        [("Regulators", 2, "fraud on the platform", "citing fraud on the platform")],
    )


def _b2() -> Brief:
    return make(
        "two",
        T2,
        [
            ("Vladimir Putin", "person", []),
            ("Regulators", "government", []),
            ("Chatly", "organization", []),
            ("VK", "organization", ["Vkontakte"]),
        ],
        [
            (
                "Vladimir Putin",
                "told officials to use the Zet app",
                None,
                "2025",
                "Vladimir Putin told officials to use the Zet app in 2025",
            ),
            (
                "Regulators",
                "partially restricted calls on Chatly",
                "Chatly",
                None,
                "Regulators only partially restricted calls on Chatly",
            ),
            ("VK", "welcomed the move", None, None, "VK welcomed the move"),
        ],
        [("Regulators", 2, "failure to remove extremist content", "its failure to remove extremist content")],
    )


def test_actors_are_resolved_across_titles_and_spellings() -> None:
    story = merge_briefs([_b1(), _b2()])
    by_name = {a.name: a for a in story.actors}
    putin = next(a for a in story.actors if "Putin" in a.name)
    assert putin.sources == ["one", "two"] and {"Putin", "Vladimir Putin"} <= {putin.name, *putin.aliases}
    vk = next(a for a in story.actors if a.name in ("VK", "Vkontakte"))
    assert vk.sources == ["one", "two"]
    assert by_name["Chatly"].sources == ["one", "two"]
    assert len(story.actors) == 4


def test_scope_and_reason_conflicts_are_found() -> None:
    story = merge_briefs([_b1(), _b2()])
    kinds = {c.kind: c for c in story.conflicts}
    scope = kinds["scope"]
    assert "Chatly" in scope.topic
    assert {(p.source, p.says) for p in scope.positions} == {("one", "blocked"), ("two", "restricted")}
    reason = kinds["reason"]
    assert {p.source for p in reason.positions} == {"one", "two"}
    assert any("fraud" in p.quote for p in reason.positions)


def test_date_conflict_and_timeline_order() -> None:
    story = merge_briefs([_b1(date="2024-07"), _b2()])
    date = [c for c in story.conflicts if c.kind == "date"]
    assert len(date) == 1 and {p.says for p in date[0].positions} == {"2024-07", "2025"}
    # Compatible dates (a month inside the year) are not a conflict; the precise one is kept.
    story = merge_briefs([_b1(date="2025-07"), _b2()])
    assert not [c for c in story.conflicts if c.kind == "date"]
    event = next(ev for ev in story.timeline if "Zet" in ev.event)
    assert event.date == "2025-07" and event.sources == ["one", "two"] and event.corroboration == 2
    dated = [ev.date for ev in story.timeline]
    assert dated.index("2025-07") < dated.index(None)


def test_rewrite_is_a_near_duplicate_and_counts_once() -> None:
    story = merge_briefs([_b1(), _b1("three", T3), _b2()])
    assert [nd.articles for nd in story.near_duplicates] == [["one", "three"]]
    event = next(ev for ev in story.timeline if "Zet" in ev.event)
    assert event.sources == ["one", "three", "two"] and event.corroboration == 2
    # Near-duplicates never make a conflict with each other.
    only_dups = merge_briefs([_b1(), _b1("three", T3)])
    assert only_dups.conflicts == []


def test_story_views_are_escaped() -> None:
    hostile = "Regulators blocked Chatly <script>alert(1)</script> | [x](https://evil.example)"
    b = make(
        "evil",
        hostile,
        [("Regulators", "government", []), ("Chatly", "organization", [])],
        [("Regulators", "blocked Chatly", "Chatly", None, hostile)],
    )
    story = merge_briefs([b, _b2()])
    md = render.story_to_markdown(story)
    page = render.story_to_html(story)
    assert "<script>alert" not in md and "](https://" not in md
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_main_writes_json_markdown_and_html(tmp_path: Path) -> None:
    for b in (_b1(), _b2()):
        (tmp_path / f"{Path(b.article.source).stem}.json").write_text(render.to_json(b), encoding="utf-8")
    out = tmp_path / "out" / "story.json"
    assert main([tmp_path], out) == 0
    story = Story.model_validate_json(out.read_text(encoding="utf-8"))
    assert story.articles == ["one", "two"]
    assert out.with_suffix(".md").read_text(encoding="utf-8").startswith("# Story across 2 articles")
    assert "Content-Security-Policy" in out.with_suffix(".html").read_text(encoding="utf-8")


def test_merge_of_the_gold_briefs_against_the_gold_story() -> None:
    gold = json.loads((GOLD / "story.json").read_text(encoding="utf-8"))
    story = merge_briefs([gold_brief(s)[0] for s in gold_stems()])
    score = evaluate_story(story, gold)
    assert score["shared_actors_found"] == score["shared_actors_total"]
    assert {0, 1} <= set(score["conflicts_found_ids"])  # block vs partial restriction; why Telegram
    assert score["near_duplicates_found"] == 1 and score["near_duplicates_false"] == 0
    assert score["timeline_found"] >= 0.8 * score["timeline_total"]
    # "What Putin ordered" is two events, not one fused event.
    putin = [ev for ev in story.timeline if ev.event.startswith("Vladimir Putin")]
    assert len(putin) >= 2


@pytest.mark.parametrize("field", ["near_duplicates", "conflicts", "timeline"])
def test_evaluate_story_scores_zero_for_an_empty_story(field: str) -> None:
    gold = json.loads((GOLD / "story.json").read_text(encoding="utf-8"))
    empty = Story(articles=gold["articles"])
    score = evaluate_story(empty, gold)
    key = {
        "near_duplicates": "near_duplicates_found",
        "conflicts": "conflicts_found",
        "timeline": "timeline_found",
    }[field]
    assert score[key] == 0 and score[key.replace("found", "total")] > 0
