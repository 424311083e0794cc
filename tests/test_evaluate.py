"""Tests of `newsbrief eval`: the matching rules, exact figures on tiny folders, and the sample gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsbrief import evaluate
from newsbrief.evaluate import claimants_match, dates_match, evaluate_dirs, locate, names_match, spans_overlap

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
GOLD_FILES = sorted(p for p in GOLD.glob("*.json") if p.name != "story.json")


# --------------------------------------------------------------------------- matching rules


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Putin", "Vladimir Putin", True),  # 1 of the shorter side's 1 word
        ("Russian President Vladimir Putin", "Vladimir Putin", True),
        ("Vladimir Putin", "Vladimir Zelensky", False),  # 1 of 2 is not most
        ("the Kremlin", "Kremlin", True),  # stop word dropped
        ("Ukraine's Foreign Intelligence Service", "Foreign Intelligence Service of Ukraine", True),
        ("Ukraine’s Foreign Intelligence Service", "Foreign Intelligence Service", True),  # curly possessive
        ("Tax Service", "Federal Security Service", False),
        ("Russian digital ministry", "Ministry of Internal Affairs", False),
        ("MAX", "Max messenger", True),  # case ignored
        ("Meta", "WhatsApp", False),
        ("Russia", "Russian authorities", False),  # whole words, not prefixes
        ("human rights activists", "rights activists", True),
        ("the", "The", False),  # nothing left to compare
        ("Reuters'", "Reuters", True),
    ],
)
def test_names_match(a: str, b: str, expected: bool) -> None:
    assert names_match(a, b) is expected
    assert names_match(b, a) is expected


@pytest.mark.parametrize(
    ("pred_value", "pred_text", "gold_resolved", "gold_text", "expected"),
    [
        ("2024", "last year", "2024", "Last year", True),
        ("2024", "in 2024", "2024", "Last year", True),  # by value, whatever the words
        ("2025", "in 2025", "2025-07", "earlier this week", False),  # precision matters
        ("2025-07-20", "July 20", "2025-07-20", "July 20", True),
        ("2025-07-20", "July 20", None, "July 20", False),  # a guess where gold says unknown
        (None, "July 20", None, "July 20", True),
        (None, "on Thursday", None, "Thursday", True),  # text contains the gold text
        (None, "Friday", None, "Thursday", False),
        (None, "July 20", "2025-07-20", "July 20", False),  # unknown where gold resolves
    ],
)
def test_dates_match(
    pred_value: str | None, pred_text: str, gold_resolved: str | None, gold_text: str, expected: bool
) -> None:
    assert dates_match(pred_value, pred_text, gold_resolved, gold_text) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((0, 10), (5, 15), True),
        ((0, 10), (10, 20), False),  # touching is not overlapping
        ((3, 4), (0, 100), True),  # inside
        ((20, 30), (0, 10), False),
    ],
)
def test_spans_overlap(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert spans_overlap(a, b) is expected


ACTORS = {"A1": ["Ukraine's Foreign Intelligence Service", "Ukrainian intelligence"], "A2": ["Telegram"]}


@pytest.mark.parametrize(
    ("claimed_by", "gold_names", "expected"),
    [
        (["A1"], ["Foreign Intelligence Service of Ukraine", "Ukrainian intelligence"], True),  # id resolved
        (["A2"], ["Foreign Intelligence Service of Ukraine"], False),
        (["A2", "A1"], ["Ukrainian intelligence"], True),  # any claimant
        (["critics"], ["critics"], True),  # free text kept as text
        (["some critics"], ["critics"], True),
        ([], [], True),  # gold null, nobody predicted
        (["A1"], [], False),  # gold null, somebody predicted
        ([], ["critics"], False),
    ],
)
def test_claimants_match(claimed_by: list[str], gold_names: list[str], expected: bool) -> None:
    assert claimants_match(claimed_by, ACTORS, gold_names) is expected


def test_locate_finds_every_place_and_tolerates_quote_marks() -> None:
    text = "He said “no”.  Then he said “no”\nagain."
    assert locate(text, "said “no”") == [(3, 12), (23, 32)]
    # straight quotes and a different line break still find the curly original
    assert locate(text, 'said "no" again.') == [(23, 39)]
    assert locate(text, "absent") == []


# --------------------------------------------------------------------------- helpers


def span(text: str, quote: str) -> dict[str, Any]:
    start = text.index(quote)
    return {"quote": quote, "start": start, "end": start + len(quote)}


def brief_json(source: str, **fields: Any) -> dict[str, Any]:
    return {
        "article": {"id": "x", "source": source, "word_count": 1},
        "summary": "",
        "provenance": {"engine": "fake"},
        **fields,
    }


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


ARTICLE = (
    "Acme Corp fired its chief executive on Monday, citing poor results. "
    "The board denied that the firing was political. "
    "Critics said the company hid losses last year. "
    "Jane Roe, a spokeswoman, declined to comment."
)

GOLD_TINY = {
    "source": "articles/tiny.txt",
    "published": "2025-03-05",
    "actors": [
        {"name": "Acme Corp", "aliases": ["Acme"], "kind": "organization"},
        {"name": "Acme board", "aliases": ["The board"], "kind": "group"},
        {"name": "John Doe", "aliases": [], "kind": "person"},
    ],
    "actions": [
        {
            "actor": "Acme Corp",
            "action": "fired its CEO",
            "target": None,
            "date": "2025-03-03",
            "quote": "Acme Corp fired its chief executive on Monday",
        },
        {
            "actor": "Jane Roe",
            "action": "declined to comment",
            "target": None,
            "date": None,
            "quote": "Jane Roe, a spokeswoman, declined to comment.",
        },
    ],
    "dates": [
        {"text": "on Monday", "resolved": "2025-03-03", "event": "firing"},
        {"text": "last year", "resolved": "2024", "event": "losses hidden"},
    ],
    "justifications": [
        {
            "by": "Acme Corp",
            "for_action": "firing",
            "justification": "poor results",
            "quote": "citing poor results",
        },
    ],
    "disputed_claims": [
        {
            "claim": "the firing was political",
            "claimed_by": None,
            "disputed_by": "Acme board",
            "quote": "The board denied that the firing was political.",
        },
        {
            "claim": "the company hid losses",
            "claimed_by": "critics",
            "disputed_by": None,
            "quote": "Critics said the company hid losses last year.",
        },
    ],
}


def tiny_prediction() -> dict[str, Any]:
    t = ARTICLE
    return brief_json(
        "articles/tiny.txt",
        actors=[
            {"id": "A1", "name": "Acme Corp", "kind": "organization", "mentions": [span(t, "Acme Corp")]},
            {"id": "A2", "name": "Jane Roe", "kind": "person", "mentions": [span(t, "Jane Roe")]},
            # a mention whose offsets do not hold the quote: not grounded
            {
                "id": "A3",
                "name": "board",
                "kind": "group",
                "mentions": [{"quote": "board", "start": 0, "end": 5}],
            },
        ],
        actions=[
            {
                "id": "E1",
                "actor": "A1",
                "action": "fired",
                "evidence": [span(t, "fired its chief executive")],
            },
            # overlaps a claim's quote, not an action's
            {
                "id": "E2",
                "actor": None,
                "action": "hid",
                "evidence": [span(t, "hid losses")],
            },
        ],
        dates=[
            {
                "text": "on Monday",
                "value": "2025-03-03",
                "precision": "day",
                "evidence": [span(t, "on Monday")],
            },
            {"text": "last year", "value": "2025", "precision": "year", "evidence": [span(t, "last year")]},
        ],
        justifications=[],
        disputed_claims=[
            {
                "id": "C1",
                "claim": "firing political",
                "claimed_by": ["A2"],
                "status": "denied",
                "evidence": [span(t, "denied that the firing was political")],
            },
            {
                "id": "C2",
                "claim": "hid losses",
                "claimed_by": ["critics"],
                "status": "unverified",
                "evidence": [span(t, "Critics said")],
            },
        ],
    )


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "tiny.txt").write_text(ARTICLE, encoding="utf-8")
    write(tmp_path / "gold" / "tiny.json", GOLD_TINY)
    write(tmp_path / "pred" / "tiny.json", tiny_prediction())
    return tmp_path


# --------------------------------------------------------------------------- end to end


def test_tiny_folder_gives_exact_figures(tiny: Path) -> None:
    total = evaluate_dirs(tiny / "gold", tiny / "pred").total
    f = total.fields
    # actors: Acme Corp and the board found, John Doe missed; Jane Roe is extra
    assert (f["actors"].found, f["actors"].gold, f["actors"].correct, f["actors"].pred) == (2, 3, 2, 3)
    assert f["actors"].recall == pytest.approx(2 / 3)
    # actions: the firing found, Jane Roe's missed; "hid losses" overlaps no gold action
    assert (f["actions"].precision, f["actions"].recall) == (0.5, 0.5)
    # dates: Monday right, last year resolved to the wrong year
    assert (f["dates"].precision, f["dates"].recall) == (0.5, 0.5)
    assert (f["justifications"].pred, f["justifications"].precision, f["justifications"].recall) == (
        0,
        None,
        0.0,
    )
    assert (f["disputed_claims"].precision, f["disputed_claims"].recall) == (1.0, 1.0)
    # claimants: "critics" right; Jane Roe named for a claim gold attributes to nobody
    assert (total.attribution.ok, total.attribution.total) == (1, 2)
    # 3 mentions + 4 action/date evidence + 2 claim evidence, one mention misplaced
    assert (total.grounded.ok, total.grounded.total) == (8, 9)


def test_details_list_missed_extra_and_misattributed(tiny: Path) -> None:
    art = evaluate_dirs(tiny / "gold", tiny / "pred").articles[0]
    assert [(i.field, i.label) for i in art.missed if i.field == "actors"] == [("actors", "John Doe")]
    assert any(
        i.field == "actions" and i.quote == "Jane Roe, a spokeswoman, declined to comment."
        for i in art.missed
    )
    assert [(i.field, i.quote) for i in art.extra if i.field == "actions"] == [("actions", "hid losses")]
    assert [i.label for i in art.extra if i.field == "dates"] == ["last year -> 2025"]
    assert len(art.misattributed) == 1 and "Jane Roe" in art.misattributed[0].label


def test_carried_text_is_used_for_html_sources(tmp_path: Path) -> None:
    """An HTML brief's offsets refer to `article.text`, so no article file is needed."""
    pred = tiny_prediction()
    pred["article"]["source"] = "somewhere/else.html"
    pred["article"]["text"] = ARTICLE
    write(tmp_path / "gold" / "tiny.json", GOLD_TINY)
    write(tmp_path / "pred" / "tiny.json", pred)
    total = evaluate_dirs(tmp_path / "gold", tmp_path / "pred").total
    assert total.fields["actions"].recall == 0.5
    assert (total.grounded.ok, total.grounded.total) == (8, 9)


def test_articles_option_finds_the_article(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "tiny.txt").write_text(ARTICLE, encoding="utf-8")
    write(tmp_path / "g" / "tiny.json", GOLD_TINY)
    write(tmp_path / "p" / "tiny.json", tiny_prediction())
    with pytest.raises(evaluate.InputError, match="--articles"):
        evaluate_dirs(tmp_path / "g", tmp_path / "p")
    total = evaluate_dirs(tmp_path / "g", tmp_path / "p", articles_dir=tmp_path / "texts").total
    assert total.fields["disputed_claims"].recall == 1.0


def test_main_prints_table_json_and_details(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluate.main(tiny / "gold", tiny / "pred") == 0
    out = capsys.readouterr().out
    assert "actions" in out and "0.50" in out and "grounded evidence" in out

    assert evaluate.main(tiny / "gold", tiny / "pred", as_json=True, details=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["dates"]["recall"] == 0.5
    assert data["total"]["grounded_evidence"]["share"] == round(8 / 9, 4)
    assert {"field": "actors", "label": "John Doe", "quote": None} in data["articles"][0]["missed"]

    assert evaluate.main(tiny / "gold", tiny / "pred", details=True) == 0
    out = capsys.readouterr().out
    assert "missed:" in out and "John Doe" in out and "extra:" in out


def test_missing_prediction_counts_as_missed_and_fails(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold2 = dict(GOLD_TINY, source="articles/tiny.txt")
    write(tiny / "gold" / "other.json", gold2)
    report = evaluate_dirs(tiny / "gold", tiny / "pred")
    assert report.missing_predictions == ["other"]
    other = next(a for a in report.articles if a.stem == "other")
    assert all(s.found == 0 and s.gold > 0 for s in other.fields.values())
    # totals hold both articles: one of the four gold actions found
    assert report.total.fields["actions"].recall == 0.25
    assert evaluate.main(tiny / "gold", tiny / "pred") == 1
    assert "other" in capsys.readouterr().err


def test_bad_inputs_give_one_line_errors(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluate.main(tiny / "nope", tiny / "pred") == 2
    assert "no such gold folder" in capsys.readouterr().err
    (tiny / "pred" / "tiny.json").write_text('{"summary": 3}', encoding="utf-8")
    assert evaluate.main(tiny / "gold", tiny / "pred") == 2
    err = capsys.readouterr().err
    assert "not a valid brief" in err and len(err.strip().splitlines()) == 1


# --------------------------------------------------------------------------- sample gold


def perfect_brief(gold: dict[str, Any], text: str) -> dict[str, Any]:
    """A brief built from a gold file by locating its quotes: what a flawless engine would write."""
    ids = {a["name"]: f"A{i}" for i, a in enumerate(gold["actors"], 1)}

    def ev(quote: str) -> list[dict[str, Any]]:
        return [span(text, quote)]

    actors = [
        {
            "id": ids[a["name"]],
            "name": a["name"],
            "kind": a["kind"],
            "aliases": a["aliases"],
            "mentions": ev(a["name"]) if a["name"] in text else [],
        }
        for a in gold["actors"]
    ]
    actions = [
        {"id": f"E{i}", "actor": ids.get(g["actor"]), "action": g["action"], "evidence": ev(g["quote"])}
        for i, g in enumerate(gold["actions"], 1)
    ]
    dates = [{"text": g["text"], "value": g["resolved"], "evidence": ev(g["text"])} for g in gold["dates"]]
    justifications = [
        {"id": f"J{i}", "by": ids.get(g["by"]), "reason": g["justification"], "evidence": ev(g["quote"])}
        for i, g in enumerate(gold["justifications"], 1)
    ]
    claims = [
        {
            "id": f"C{i}",
            "claim": g["claim"],
            "status": "unverified",
            "evidence": ev(g["quote"]),
            "claimed_by": [ids.get(g["claimed_by"], g["claimed_by"])] if g["claimed_by"] else [],
        }
        for i, g in enumerate(gold["disputed_claims"], 1)
    ]
    return brief_json(
        gold["source"],
        actors=actors,
        actions=actions,
        dates=dates,
        justifications=justifications,
        disputed_claims=claims,
    )


def test_perfect_predictions_of_the_samples_score_one(tmp_path: Path) -> None:
    for path in GOLD_FILES:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (ROOT / gold["source"]).read_text(encoding="utf-8")
        write(tmp_path / path.name, perfect_brief(gold, text))
    report = evaluate_dirs(GOLD, tmp_path, articles_dir=ROOT / "articles")
    assert len(report.articles) == len(GOLD_FILES) == 5
    total = report.total
    for name, s in total.fields.items():
        assert (name, s.precision, s.recall) == (name, 1.0, 1.0)
    assert total.attribution.value == 1.0 and total.attribution.total == sum(
        len(json.loads(p.read_text(encoding="utf-8"))["disputed_claims"]) for p in GOLD_FILES
    )
    assert total.grounded.value == 1.0


def test_empty_predictions_of_the_samples_score_zero_recall(tmp_path: Path) -> None:
    for path in GOLD_FILES:
        gold = json.loads(path.read_text(encoding="utf-8"))
        write(tmp_path / path.name, brief_json(gold["source"]))
    total = evaluate_dirs(GOLD, tmp_path, articles_dir=ROOT / "articles").total
    for s in total.fields.values():
        assert s.recall == 0.0 and s.precision is None
    assert total.attribution.total == 0 and total.grounded.total == 0
