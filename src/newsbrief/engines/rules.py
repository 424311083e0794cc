"""The rules engine: a draft from the analysis alone — offline, deterministic, fast.

It reads the spaCy Doc that `analyze` already made (no second parse) in a few linear
passes: actors (`rules_actors`), then actions, justifications, disputed claims, dates and
a summary (`rules_events`). Masked junk, headlines and caption lines are never used.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, cast

from newsbrief.engines import DraftResult, rules_actors, rules_claims, rules_events
from newsbrief.schema import ActorKind, Draft, DraftActor

if TYPE_CHECKING:
    from newsbrief.analyze import Analysis
    from newsbrief.load import Article

# The helper modules, held as modules so that the brief cache (which hashes the modules an
# engine's module references) sees every one of them, rules_claims included.
HELPERS = (rules_actors, rules_events, rules_claims)
# Bump when the output for the same input changes.
RULES_VERSION = "rules-9"

# A wire dateline opening a sentence: "BRUSSELS (Reuters) - ", "KYIV, Ukraine (AP) — ".
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,}(, [A-Z][A-Za-z. ]+)?\s*(\([^)]{1,40}\))?\s*[-–—]+\s*")
_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ")", ":", "…")


def _is_story(text: str, doc_span: Any) -> bool:
    """Whether a sentence reads as running story text (not a headline, credit or menu)."""
    words = text.split()
    if len(words) < 4 or not text.rstrip().endswith(_TERMINAL):
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in doc_span)


class RulesEngine:
    """The embedded default engine: dependency-parse rules over the analysis."""

    name = "rules"

    def fingerprint(self) -> str:
        """The version of the rules: the only thing besides the article that decides output."""
        return RULES_VERSION

    def draft(self, article: Article, analysis: Analysis) -> DraftResult:
        """Build a draft of actors, actions, dates, reasons and claims from `analysis`."""
        doc = analysis.doc
        if doc is None:
            return DraftResult(draft=Draft(summary=""), model=None, attempts=0)
        if article.language != "en":
            # spaCy's English pipeline on other languages yields confident nonsense: say so instead.
            note = (
                f"the rules engine reads English only and this article is {article.language!r}: "
                "nothing was extracted; use an LLM engine (--engine openai or --engine local)"
            )
            return DraftResult(draft=Draft(summary=""), model=None, attempts=0, warnings=[note])
        sentences = analysis.sentences
        starts = [s.start for s in sentences]
        sent_of_token: list[int] = []
        for tok in doc:
            k = bisect_right(starts, tok.idx) - 1
            sent_of_token.append(k if k >= 0 and tok.idx < sentences[k].end else -1)
        story = self._story_flags(article, analysis, sent_of_token)
        # Usable tokens: in story sentences, on the sentence's last line (a sentence that
        # runs over a line break starts with a headline or caption).
        line_start = []
        text = doc.text  # Doc.text is rebuilt on every access: read it once
        for s in sentences:
            start = s.start + s.text.rfind("\n") + 1
            dateline = _DATELINE.match(text[start : s.end]) if s.text else None
            line_start.append(start + (dateline.end() if dateline else 0))
        usable = [
            k >= 0 and story[k] and tok.idx >= line_start[k]
            for k, tok in zip(sent_of_token, doc, strict=True)
        ]

        actors = rules_actors.ActorFinder(doc, usable, sent_of_token)
        actors.build(analysis.entities)
        kept = actors.kept()
        events = rules_events.EventFinder(article, analysis, usable, sent_of_token, actors, kept, line_start)
        events.run()

        draft_actors = []
        for i in kept:
            info = actors.actors[i]
            aliases = [f for f in info.forms if f != info.name]
            draft_actors.append(
                DraftActor(
                    name=info.name,
                    kind=cast(ActorKind, info.kind),
                    aliases=aliases,
                    description=info.description,
                )
            )
        draft = Draft(
            summary=events.summary(),
            actors=draft_actors,
            actions=events.actions,
            dates=events.dates,
            justifications=events.justifications,
            disputed_claims=events.claims,
        )
        return DraftResult(draft=draft, model=None, attempts=0)

    @staticmethod
    def _story_flags(article: Article, analysis: Analysis, sent_of_token: list[int]) -> list[bool]:
        doc = analysis.doc
        spans: dict[int, list[Any]] = {}
        for tok in doc:
            k = sent_of_token[tok.i]
            if k >= 0:
                spans.setdefault(k, []).append(tok)
        flags = []
        for s in analysis.sentences:
            ok = not article.is_masked(s.start, s.end) and _is_story(
                s.text.split("\n")[-1], spans.get(s.index, [])
            )
            flags.append(ok)
        return flags
