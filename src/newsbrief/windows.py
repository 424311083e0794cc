"""Long articles for LLM engines: split into overlapping sentence windows, draft each, merge.

An engine that declares `window_chars` (the article characters its context can take besides
the prompt and the answer) gets an article longer than that as several windows of whole
sentences, each overlapping the previous one by about `overlap` characters so that an
event told across a window edge is seen whole at least once. Each window is an `Analysis`
of its own, its sentences numbered from 0 but with offsets into the full article, so the
engine, its re-asks and `ground.problems` work on it unchanged. The window drafts are
merged into one: items citing the same evidence, actors of the same name and actions of the
same actor and verb phrase become one item, and justification action numbers are remapped.
Engines without `window_chars` (the rules engine) see the whole article in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from newsbrief.analyze import Analysis, Sentence
from newsbrief.engines import DraftResult
from newsbrief.schema import (
    Draft,
    DraftAction,
    DraftActor,
    DraftClaim,
    DraftDate,
    DraftJustification,
    Quote,
    Usage,
)

if TYPE_CHECKING:
    from newsbrief.engines import Engine
    from newsbrief.load import Article

DraftCall = Callable[["Article", Analysis], DraftResult]
CHARS_PER_TOKEN = 4  # a rough English average, for budgets only; no tokenizer needed
_WORD = re.compile(r"\w+")


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate of the tokens `text` costs a model."""
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


@dataclass(frozen=True)
class Window:
    """A run of whole sentences of an article, as an analysis of its own."""

    first: int  # index, in the full analysis, of the window's sentence 0
    analysis: Analysis


def split(analysis: Analysis, max_chars: int, overlap: int = 0) -> list[Window]:
    """Windows of whole sentences of at most `max_chars` each, consecutive ones sharing ~`overlap` chars.

    A single sentence longer than `max_chars` gets a window of its own rather than being cut.
    """
    sents = analysis.sentences
    if max_chars <= 0:
        raise ValueError("max_chars must be positive")
    bounds: list[tuple[int, int]] = []
    i = 0
    while i < len(sents):
        j, size = i, 0
        while j < len(sents) and (j == i or size + len(sents[j].text) + 1 <= max_chars):
            size += len(sents[j].text) + 1
            j += 1
        bounds.append((i, j))
        if j >= len(sents):
            break
        # Step back over whole sentences for the overlap, always moving forward by one at least.
        k, shared = j, 0
        while k - 1 > i and shared + len(sents[k - 1].text) + 1 <= overlap:
            k -= 1
            shared += len(sents[k].text) + 1
        i = k
    return [Window(first=lo, analysis=_view(analysis, lo, hi)) for lo, hi in bounds]


def _view(analysis: Analysis, lo: int, hi: int) -> Analysis:
    """Sentences lo..hi-1 renumbered from 0, with the entities, dates and cues inside them."""

    def inside(items: Sequence[Any]) -> list[Any]:
        return [replace(x, sentence=x.sentence - lo) for x in items if lo <= x.sentence < hi]

    sentences = [Sentence(s.index - lo, s.start, s.end, s.text) for s in analysis.sentences[lo:hi]]
    view = replace(analysis, sentences=sentences)
    for name in ("entities", "dates", "cues"):
        setattr(view, name, inside(getattr(analysis, name)))
    return view


def draft_in_windows(
    engine_call: DraftCall,
    article: Article,
    analysis: Analysis,
    *,
    max_chars: int,
    overlap: int | None = None,
    jobs: int = 4,
) -> DraftResult:
    """Draft an article too long for one call: one call per window (up to `jobs` at once), merged."""
    windows = split(analysis, max_chars, max_chars // 10 if overlap is None else overlap)
    if len(windows) <= 1:
        return engine_call(article, analysis)
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(windows))), thread_name_prefix="window") as pool:
        results = list(pool.map(lambda w: engine_call(article, w.analysis), windows))
    return merge(list(zip(windows, results, strict=True)))


def draft(engine: Engine, article: Article, analysis: Analysis) -> DraftResult:
    """The engine's draft, in windows when the engine declares a context budget the article exceeds."""
    budget = getattr(engine, "window_chars", None)
    if not budget:
        return engine.draft(article, analysis)
    jobs = getattr(engine, "default_jobs", 1)
    return draft_in_windows(engine.draft, article, analysis, max_chars=int(budget), jobs=jobs)


# --------------------------------------------------------------------------- merge


def _norm(text: str | None) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def _shift(quotes: list[Quote], first: int) -> list[Quote]:
    return [q.model_copy(update={"sentence": q.sentence + first}) for q in quotes]


def _same_evidence(a: list[Quote], b: list[Quote]) -> bool:
    """Whether two evidence lists cite the same words: same sentence, one quote inside the other."""
    for qa in a:
        for qb in b:
            na, nb = _norm(qa.quote), _norm(qb.quote)
            if qa.sentence == qb.sentence and na and nb and (na in nb or nb in na):
                return True
    return False


def _union_quotes(a: list[Quote], b: list[Quote]) -> list[Quote]:
    seen = {(q.sentence, _norm(q.quote)) for q in a}
    return [*a, *(q for q in b if (q.sentence, _norm(q.quote)) not in seen)]


def _union(a: list[str], b: list[str]) -> list[str]:
    seen = {_norm(x) for x in a}
    out = list(a)
    for x in b:
        if _norm(x) not in seen:
            seen.add(_norm(x))
            out.append(x)
    return out


def _merge_actors(actors: list[DraftActor]) -> list[DraftActor]:
    """One actor per name: a name or alias already seen joins that actor."""
    out: list[DraftActor] = []
    by_name: dict[str, int] = {}
    for actor in actors:
        names = [_norm(n) for n in (actor.name, *actor.aliases) if _norm(n)]
        hit = next((by_name[n] for n in names if n in by_name), None)
        if hit is None:
            by_name.update({n: len(out) for n in names})
            out.append(actor)
            continue
        kept = out[hit]
        extra = [actor.name] if _norm(actor.name) != _norm(kept.name) else []
        aliases = [a for a in _union(kept.aliases, [*extra, *actor.aliases]) if _norm(a) != _norm(kept.name)]
        out[hit] = kept.model_copy(
            update={"aliases": aliases, "description": kept.description or actor.description}
        )
        by_name.update({n: hit for n in names})
    return out


def merge(parts: list[tuple[Window, DraftResult]]) -> DraftResult:
    """One draft from window drafts: duplicates from overlaps joined, action numbers remapped."""
    actors: list[DraftActor] = []
    actions: list[DraftAction] = []
    dates: list[DraftDate] = []
    justifications: list[DraftJustification] = []
    claims: list[DraftClaim] = []
    for window, result in parts:
        d = result.draft
        actors.extend(d.actors)
        local_to_merged: dict[int, int] = {}
        for n, action in enumerate(d.actions, 1):
            action = action.model_copy(update={"evidence": _shift(action.evidence, window.first)})
            key = (_norm(action.actor), _norm(action.action))
            hit = next(
                (
                    i
                    for i, kept in enumerate(actions)
                    if _same_evidence(kept.evidence, action.evidence)
                    or (key[0] and (_norm(kept.actor), _norm(kept.action)) == key)
                ),
                None,
            )
            if hit is None:
                actions.append(action)
                local_to_merged[n] = len(actions)
            else:
                kept = actions[hit]
                actions[hit] = kept.model_copy(
                    update={
                        "evidence": _union_quotes(kept.evidence, action.evidence),
                        "actor": kept.actor or action.actor,
                        "target": kept.target or action.target,
                        "date": kept.date or action.date,
                    }
                )
                local_to_merged[n] = hit + 1
        for item in d.dates:
            item = item.model_copy(update={"evidence": _shift(item.evidence, window.first)})
            hit = next(
                (
                    i
                    for i, k in enumerate(dates)
                    if _norm(k.text) == _norm(item.text) and _same_evidence(k.evidence, item.evidence)
                ),
                None,
            )
            if hit is None:
                dates.append(item)
            elif not dates[hit].event:
                dates[hit] = dates[hit].model_copy(update={"event": item.event})
        for j in d.justifications:
            j = j.model_copy(
                update={
                    "evidence": _shift(j.evidence, window.first),
                    "action": local_to_merged.get(j.action) if j.action is not None else None,
                }
            )
            hit = next(
                (i for i, k in enumerate(justifications) if _same_evidence(k.evidence, j.evidence)), None
            )
            if hit is None:
                justifications.append(j)
            elif justifications[hit].action is None and j.action is not None:
                justifications[hit] = justifications[hit].model_copy(update={"action": j.action})
        for c in d.disputed_claims:
            c = c.model_copy(update={"evidence": _shift(c.evidence, window.first)})
            hit = next(
                (
                    i
                    for i, k in enumerate(claims)
                    if _same_evidence(k.evidence, c.evidence) or _norm(k.claim) == _norm(c.claim)
                ),
                None,
            )
            if hit is None:
                claims.append(c)
            else:
                k = claims[hit]
                claims[hit] = k.model_copy(
                    update={
                        "claimed_by": _union(k.claimed_by, c.claimed_by),
                        "disputed_by": _union(k.disputed_by, c.disputed_by),
                        "evidence": _union_quotes(k.evidence, c.evidence),
                    }
                )
    first = parts[0][1]
    merged = Draft(
        # The opening window holds the lead, which in news says what the story is.
        summary=first.draft.summary,
        actors=_merge_actors(actors),
        actions=actions,
        dates=dates,
        justifications=justifications,
        disputed_claims=claims,
    )
    warnings = _union([], [w for _, r in parts for w in r.warnings])
    return DraftResult(
        draft=merged,
        model=first.model,
        prompt_version=first.prompt_version,
        mode=first.mode,
        attempts=sum(r.attempts for _, r in parts),
        usage=Usage(
            prompt_tokens=sum(r.usage.prompt_tokens for _, r in parts),
            completion_tokens=sum(r.usage.completion_tokens for _, r in parts),
        ),
        warnings=warnings,
    )
