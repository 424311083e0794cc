"""Build `Brief` objects from the hand-made gold files, so review tools can be tested before any engine runs.

Quotes are located in the article text to get real offsets; this is test scaffolding, not
the grounding stage (which lives in `newsbrief.ground`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsbrief.schema import (
    Action,
    Actor,
    ArticleInfo,
    Brief,
    DateItem,
    DateRef,
    DisputedClaim,
    Justification,
    Provenance,
    Span,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


def _span(text: str, quote: str) -> list[Span]:
    i = text.find(quote)
    return [] if i < 0 else [Span(quote=quote, start=i, end=i + len(quote))]


def _precision(value: str | None):
    return None if value is None else {4: "year", 7: "month", 10: "day"}[len(value)]


def _words(s: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", s.lower()) if len(w) > 3}


def gold_brief(stem: str) -> tuple[Brief, str]:
    """The gold file of one sample article as a Brief, and the article text its offsets refer to."""
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    text = (ROOT / gold["source"]).read_text(encoding="utf-8")
    actors, ids = [], {}
    for n, a in enumerate(gold["actors"], 1):
        ids[a["name"]] = f"A{n}"
        mentions = []
        for form in dict.fromkeys([a["name"], *a["aliases"]]):
            for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
                mentions.append(Span(quote=form, start=m.start(), end=m.end()))
        mentions.sort(key=lambda s: s.start)
        actors.append(
            Actor(id=f"A{n}", name=a["name"], kind=a["kind"], aliases=a["aliases"], mentions=mentions)
        )
    actions = []
    for n, e in enumerate(gold["actions"], 1):
        date = (
            DateRef(text=e["date"], value=e["date"], precision=_precision(e["date"])) if e["date"] else None
        )
        actions.append(
            Action(
                id=f"E{n}",
                actor=ids.get(e["actor"]),
                action=e["action"],
                target=ids.get(e["target"] or ""),
                date=date,
                evidence=_span(text, e["quote"]),
            )
        )
    dates = [
        DateItem(
            text=d["text"],
            value=d["resolved"],
            precision=_precision(d["resolved"]),
            event=d["event"],
            evidence=_span(text, d["text"]),
        )
        for d in gold["dates"]
    ]
    justs = []
    for n, j in enumerate(gold["justifications"], 1):
        best = max(actions, key=lambda a: len(_words(a.action) & _words(j["for_action"])), default=None)
        justs.append(
            Justification(
                id=f"J{n}",
                by=ids.get(j["by"]),
                action=best.id if best else None,
                reason=j["justification"],
                evidence=_span(text, j["quote"]),
            )
        )
    claims = [
        DisputedClaim(
            id=f"C{n}",
            claim=c["claim"],
            claimed_by=[ids.get(c["claimed_by"], c["claimed_by"])] if c["claimed_by"] else [],
            disputed_by=[ids[c["disputed_by"]]] if c["disputed_by"] in ids else [],
            status="denied" if c["disputed_by"] else "unverified",
            evidence=_span(text, c["quote"]),
        )
        for n, c in enumerate(gold["disputed_claims"], 1)
    ]
    brief = Brief(
        article=ArticleInfo(
            id=stem[4:], source=gold["source"], published=gold["published"], word_count=len(text.split())
        ),
        summary=f"Gold brief of {stem}.",
        actors=actors,
        actions=actions,
        dates=dates,
        justifications=justs,
        disputed_claims=claims,
        provenance=Provenance(engine="gold"),
    )
    return brief, text


def gold_stems() -> list[str]:
    return sorted(p.stem for p in GOLD.glob("0*.json"))
