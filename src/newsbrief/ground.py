"""Turn an engine's `Draft` into a grounded `Brief`.

Every quote is located in the article (exact, then with whitespace, quote marks and dashes
normalized, then a bounded fuzzy match inside the cited sentence) and gets `start`/`end`,
so that `article_text[start:end] == quote` always holds. An item whose evidence cannot be
found in the story (masked junk does not count) is dropped and counted in `warnings`.
Actor references are resolved to ids, dates to ISO values with a precision, and items get
stable ids and a stable order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, TypeVar

from newsbrief import injection
from newsbrief.analyze import Analysis, Sentence, resolve_date
from newsbrief.engines import DraftResult
from newsbrief.load import Article
from newsbrief.schema import (
    Action,
    Actor,
    ActorKind,
    ArticleInfo,
    Brief,
    DateItem,
    DateRef,
    DisputedClaim,
    Draft,
    Justification,
    Provenance,
    Quote,
    Span,
)

# Characters that scraped copies of the same words spell differently.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2015": "-", "\u2212": "-",
        "\u00a0": " ",
    }
)  # fmt: skip
_T = TypeVar("_T", Justification, DisputedClaim)
_FUZZY_MIN_RATIO = 0.9
_FUZZY_MAX_SENTENCE = 3000


def normalized(text: str) -> tuple[str, list[int]]:
    """`text` folded and with whitespace runs collapsed, plus each character's original offset."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        if ch == "\u2026":  # ellipsis: models write three dots
            out.extend("...")
            index.extend((i, i, i))
            continue
        out.append(ch)
        index.append(i)
    return "".join(out), index


class Locator:
    """Finds quotes in an article's unmasked text."""

    def __init__(self, article: Article, analysis: Analysis) -> None:
        self.article = article
        self.text = article.text
        self.sentences = analysis.sentences
        self._norm, self._index = normalized(article.text)

    def _ok(self, start: int, end: int) -> bool:
        return end > start and not self.article.is_masked(start, end)

    def _exact(self, quote: str, lo: int, hi: int) -> tuple[int, int] | None:
        pos = self.text.find(quote, lo, hi)
        while pos != -1:
            if self._ok(pos, pos + len(quote)):
                return pos, pos + len(quote)
            pos = self.text.find(quote, pos + 1, hi)
        return None

    def _folded(self, quote: str, lo: int, hi: int) -> tuple[int, int] | None:
        needle, _ = normalized(quote.strip())
        if not needle:
            return None
        pos = self._norm.find(needle)
        while pos != -1:
            start, end = self._index[pos], self._index[pos + len(needle) - 1] + 1
            if lo <= start and end <= hi and self._ok(start, end):
                return start, end
            pos = self._norm.find(needle, pos + 1)
        return None

    def _fuzzy(self, quote: str, sentence: Sentence) -> tuple[int, int] | None:
        hay = sentence.text
        if len(hay) > _FUZZY_MAX_SENTENCE or len(quote) < 12:
            return None
        blocks = [
            b for b in SequenceMatcher(None, hay, quote, autojunk=False).get_matching_blocks() if b.size
        ]
        if not blocks:
            return None
        start, end = blocks[0].a, blocks[-1].a + blocks[-1].size
        ratio = SequenceMatcher(None, hay[start:end], quote, autojunk=False).ratio()
        if ratio < _FUZZY_MIN_RATIO:
            return None
        span = sentence.start + start, sentence.start + end
        return span if self._ok(*span) else None

    def sentence(self, number: int) -> Sentence | None:
        if 0 <= number < len(self.sentences):
            return self.sentences[number]
        return None

    def find(self, quote: str, sentence: int | None = None) -> tuple[int, int] | None:
        """Offsets of `quote`, preferring the cited sentence; None when it is not in the story."""
        if not quote or not quote.strip():
            return None
        quote = quote.strip()
        cited = self.sentence(sentence) if sentence is not None else None
        windows = [(cited.start, cited.end)] if cited else []
        windows.append((0, len(self.text)))
        for lo, hi in windows:
            found = self._exact(quote, lo, hi) or self._folded(quote, lo, hi)
            if found:
                return found
        if cited:
            return self._fuzzy(quote, cited)
        return None

    def span(self, quote: Quote) -> Span | None:
        found = self.find(quote.quote, quote.sentence)
        if found is None:
            return None
        start, end = found
        return Span(quote=self.text[start:end], start=start, end=end)

    def spans(self, quotes: Iterable[Quote]) -> list[Span]:
        out: dict[tuple[int, int], Span] = {}
        for q in quotes:
            s = self.span(q)
            if s is not None:
                out.setdefault((s.start, s.end), s)
        return sorted(out.values(), key=lambda s: (s.start, s.end))


# --------------------------------------------------------------------------- actors


def _key(name: str) -> str:
    name = name.translate(_FOLD).lower().strip()
    name = re.sub(r"^the\s+", "", name)
    name = re.sub(r"'s$", "", name)
    return " ".join(re.findall(r"\w+", name))


@dataclass
class _ActorBuild:
    name: str
    kind: ActorKind
    aliases: list[str]
    description: str | None
    mentions: list[Span]


class ActorIndex:
    """Actor names and aliases -> ids; resolves the references items make."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        self.actors = list(actors)
        self._by_key: dict[str, str] = {}
        for actor in self.actors:
            for n in [actor.name, *actor.aliases]:
                self._by_key.setdefault(_key(n), actor.id)

    def resolve(self, ref: str | None) -> str | None:
        """The id of the actor `ref` names, or None. Accepts an id, a name, an alias or a unique word of one."""
        if not ref:
            return None
        if any(a.id == ref for a in self.actors):
            return ref
        k = _key(ref)
        if k in self._by_key:
            return self._by_key[k]
        # A reference that contains exactly one actor's name ("Russian President Vladimir Putin").
        hits = {aid for name, aid in self._by_key.items() if name and re.search(rf"\b{re.escape(name)}\b", k)}
        if len(hits) == 1:
            return hits.pop()
        # A surname or short form of exactly one name ("Putin").
        hits = {aid for name, aid in self._by_key.items() if k and re.search(rf"\b{re.escape(k)}\b", name)}
        return hits.pop() if len(hits) == 1 else None


def _mentions(article: Article, clean: str, names: Sequence[str], taken: list[tuple[int, int]]) -> list[Span]:
    out: list[Span] = []
    for name in sorted(set(names), key=len, reverse=True):
        if not name.strip():
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", clean):
            s, e = m.span()
            if article.is_masked(s, e) or any(ts < e and s < te for ts, te in taken):
                continue
            taken.append((s, e))
            out.append(Span(quote=article.text[s:e], start=s, end=e))
    return sorted(out, key=lambda s: (s.start, s.end))


def _ground_actors(
    article: Article,
    draft: Draft,
    warnings: list[str],
    suspect: list[tuple[int, int]] = [],  # noqa: B006
) -> list[Actor]:
    merged: dict[str, _ActorBuild] = {}
    order: list[str] = []
    for da in draft.actors:
        names = [da.name, *da.aliases]
        hit = next(
            (
                k
                for k in order
                if {_key(n) for n in names} & {_key(n) for n in [merged[k].name, *merged[k].aliases]}
            ),
            None,
        )
        if hit is None:
            key = _key(da.name)
            if not key:
                continue
            merged[key] = _ActorBuild(da.name, da.kind, [], da.description, [])
            order.append(key)
            hit = key
        build = merged[hit]
        for n in names:
            if n != build.name and n not in build.aliases:
                build.aliases.append(n)
        build.description = build.description or da.description
    clean = article.clean_text
    taken: list[tuple[int, int]] = []
    # Longer names claim their characters first, so "Meta" does not eat "Meta-owned"'s actor.
    for key in sorted(order, key=lambda k: -max(len(n) for n in [merged[k].name, *merged[k].aliases])):
        b = merged[key]
        b.mentions = _mentions(article, clean, [b.name, *b.aliases], taken)
    actors: list[_ActorBuild] = []
    dropped, injected = [], []
    for key in order:
        b = merged[key]
        if not b.mentions:
            dropped.append(b.name)
            continue
        if suspect and all(any(lo <= m.start and m.end <= hi for lo, hi in suspect) for m in b.mentions):
            injected.append(b.name)
            continue
        found = {m.quote for m in b.mentions}
        b.aliases = sorted({a for a in b.aliases if a in found and a != b.name})
        actors.append(b)
    if dropped:
        warnings.append(
            f"dropped {len(dropped)} actor(s) not named in the article: {', '.join(sorted(dropped))}"
        )
    if injected:
        warnings.append(
            f"dropped {len(injected)} actor(s) named only in sentences that read as instructions to a model: "
            f"{', '.join(sorted(injected))}"
        )
    actors.sort(key=lambda b: (b.mentions[0].start, b.name))
    return [
        Actor(
            id=f"A{i}",
            name=b.name,
            kind=b.kind,
            aliases=b.aliases,
            description=b.description,
            mentions=b.mentions,
        )
        for i, b in enumerate(actors, 1)
    ]


# --------------------------------------------------------------------------- dates


def _date_ref(
    text: str | None, evidence: list[Span], article: Article, analysis: Analysis, loc: Locator
) -> DateRef | None:
    """Resolve a date expression an item cites, preferring the analysis's own reading."""
    if not text or not text.strip():
        return None
    key = _key(text)
    starts = [e.start for e in evidence]
    candidates = [
        d for d in analysis.dates if _key(d.text) == key or key in _key(d.text) or _key(d.text) in key
    ]
    if candidates:
        best = min(candidates, key=lambda d: min((abs(d.start - s) for s in starts), default=0))
        return DateRef(text=best.text, value=best.value, precision=best.precision)  # type: ignore[arg-type]
    found = loc.find(text)
    if found is None:
        return None
    sent = analysis.sentence_at(found[0])
    value, precision = resolve_date(
        article.text[found[0] : found[1]], article.published, sent.text if sent else ""
    )
    return DateRef(text=article.text[found[0] : found[1]], value=value, precision=precision)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- problems


def problems(article: Article, analysis: Analysis, draft: Draft) -> list[str]:
    """What in a draft cannot be grounded, one precise message per failing item (for re-asks)."""
    loc = Locator(article, analysis)
    out: list[str] = []
    n = len(analysis.sentences)
    names = {_key(x) for a in draft.actors for x in [a.name, *a.aliases]}
    index = ActorIndex(
        [
            Actor(id=f"A{i}", name=a.name, kind=a.kind, aliases=a.aliases)
            for i, a in enumerate(draft.actors, 1)
        ]
    )

    def check_quotes(where: str, quotes: list[Quote]) -> None:
        for j, q in enumerate(quotes):
            if not 0 <= q.sentence < n:
                out.append(
                    f"{where}.evidence[{j}]: sentence {q.sentence} does not exist (sentences are 0-{n - 1})"
                )
            elif loc.find(q.quote, q.sentence) is None:
                out.append(
                    f"{where}.evidence[{j}]: the quote {q.quote[:80]!r} is not in sentence {q.sentence}; copy the words exactly"
                )

    def check_actor(where: str, ref: str | None) -> None:
        if ref and _key(ref) not in names and index.resolve(ref) is None:
            out.append(
                f"{where}: {ref!r} is not one of the actors; use a name from `actors` or add that actor"
            )

    for i, actor in enumerate(draft.actors):
        if loc.find(actor.name) is None and not any(loc.find(a) for a in actor.aliases):
            out.append(
                f"actors[{i}]: the name {actor.name!r} does not appear in the article; spell it as the article does"
            )
    for i, action in enumerate(draft.actions):
        check_quotes(f"actions[{i}]", action.evidence)
        check_actor(f"actions[{i}].actor", action.actor)
        check_actor(f"actions[{i}].target", action.target)
        if action.date and loc.find(action.date) is None:
            out.append(
                f"actions[{i}].date: {action.date!r} is not a date expression in the article; copy it verbatim or use null"
            )
    for i, d in enumerate(draft.dates):
        check_quotes(f"dates[{i}]", d.evidence)
        if loc.find(d.text) is None:
            out.append(
                f"dates[{i}].text: {d.text!r} is not in the article; copy the date expression verbatim"
            )
    for i, j in enumerate(draft.justifications):
        check_quotes(f"justifications[{i}]", j.evidence)
        check_actor(f"justifications[{i}].by", j.by)
        if j.action is not None and not 1 <= j.action <= len(draft.actions):
            out.append(
                f"justifications[{i}].action: there is no action number {j.action} (actions are 1-{len(draft.actions)})"
            )
    for i, c in enumerate(draft.disputed_claims):
        check_quotes(f"disputed_claims[{i}]", c.evidence)
    return out


# --------------------------------------------------------------------------- ground


def _first(spans: list[Span]) -> tuple[int, int]:
    return (spans[0].start, spans[0].end) if spans else (1 << 62, 0)


def _party(index: ActorIndex, ref: str) -> str:
    """An actor id when `ref` names an actor, else the description as given ('critics')."""
    return index.resolve(ref) or ref.strip()


def ground(article: Article, analysis: Analysis, result: DraftResult, engine: str) -> Brief:
    """Ground a draft in the article: offsets, ids, resolved dates, stable order, honest warnings."""
    draft = result.draft
    warnings: list[str] = [*article.warnings, *result.warnings]
    loc = Locator(article, analysis)
    suspect = injection.flagged((s.index, s.text) for s in analysis.sentences)
    bounds = [(analysis.sentences[i].start, analysis.sentences[i].end) for i in suspect]
    actors = _ground_actors(article, draft, warnings, bounds)
    index = ActorIndex(actors)
    dropped: dict[str, int] = {}
    unresolved = 0

    def grounded(kind: str, quotes: list[Quote]) -> list[Span] | None:
        spans = loc.spans(quotes)
        if not spans:
            dropped[kind] = dropped.get(kind, 0) + 1
            return None
        return spans

    # Actions: merge drafts that cite the same evidence; remember draft number -> action.
    built: list[tuple[int, Action]] = []
    by_span: dict[tuple[int, int], int] = {}
    number_to_slot: dict[int, int] = {}
    for number, da in enumerate(draft.actions, 1):
        spans = grounded("actions", da.evidence)
        if spans is None:
            continue
        actor_id, target_id = index.resolve(da.actor), index.resolve(da.target)
        unresolved += int(bool(da.actor) and actor_id is None) + int(bool(da.target) and target_id is None)
        span_key = _first(spans)
        if span_key in by_span:
            number_to_slot[number] = by_span[span_key]
            continue
        action = Action(
            id="",
            actor=actor_id,
            action=da.action.strip(),
            target=target_id if target_id != actor_id else None,
            date=_date_ref(da.date, spans, article, analysis, loc),
            evidence=spans,
        )
        by_span[span_key] = len(built)
        number_to_slot[number] = len(built)
        built.append((number, action))
    order = sorted(range(len(built)), key=lambda i: (_first(built[i][1].evidence), built[i][1].action))
    slot_to_id = {slot: f"E{rank}" for rank, slot in enumerate(order, 1)}
    actions = [built[slot][1].model_copy(update={"id": slot_to_id[slot]}) for slot in order]
    number_to_id = {n: slot_to_id[s] for n, s in number_to_slot.items()}

    dates: dict[tuple[int, int], DateItem] = {}
    for dd in draft.dates:
        spans = grounded("dates", dd.evidence)
        if spans is None:
            continue
        ref = _date_ref(dd.text, spans, article, analysis, loc)
        if ref is None:
            dropped["dates"] = dropped.get("dates", 0) + 1
            continue
        owner = next(
            (a.id for a in actions if any(e.start <= spans[0].start < e.end for e in a.evidence)), None
        )
        item = DateItem(
            text=ref.text,
            value=ref.value,
            precision=ref.precision,
            event=dd.event,
            action=owner,
            evidence=spans,
        )
        dates.setdefault(_first(spans), item)
    date_items = [dates[k] for k in sorted(dates, key=lambda k: (k, dates[k].text))]

    justifications: list[Justification] = []
    for dj in draft.justifications:
        spans = grounded("justifications", dj.evidence)
        if spans is None:
            continue
        by = index.resolve(dj.by)
        unresolved += int(bool(dj.by) and by is None)
        action_id = number_to_id.get(dj.action) if dj.action is not None else None
        justifications.append(
            Justification(id="", by=by, action=action_id, reason=dj.reason.strip(), evidence=spans)
        )
    justifications.sort(key=lambda j: (_first(j.evidence), j.reason))
    justifications = [j.model_copy(update={"id": f"J{i}"}) for i, j in enumerate(_dedupe(justifications), 1)]

    claims: list[DisputedClaim] = []
    for dc in draft.disputed_claims:
        spans = grounded("disputed claims", dc.evidence)
        if spans is None:
            continue
        claimed = _unique(_party(index, r) for r in dc.claimed_by if r.strip())
        disputed = _unique(_party(index, r) for r in dc.disputed_by if r.strip())
        claims.append(
            DisputedClaim(
                id="",
                claim=dc.claim.strip(),
                claimed_by=claimed,
                disputed_by=disputed,
                status=dc.status,
                evidence=spans,
            )
        )
    claims.sort(key=lambda c: (_first(c.evidence), c.claim))
    claims = [c.model_copy(update={"id": f"C{i}"}) for i, c in enumerate(_dedupe(claims), 1)]

    summary = draft.summary.strip()
    if suspect:
        # A summary never repeats an injected instruction, whatever the engine wrote.
        for i in suspect:
            injected = analysis.sentences[i].text.strip()
            if injected and injected in summary:
                summary = " ".join(summary.replace(injected, " ").split())
                warnings.append(
                    f"removed sentence {i} from the summary: it reads as an instruction to a model"
                )

        actions = _flag_injected(actions, bounds)
        date_items = _flag_injected(date_items, bounds)
        justifications = _flag_injected(justifications, bounds)
        claims = _flag_injected(claims, bounds)
        numbers = ", ".join(str(i) for i in suspect)
        warnings.append(
            f"{len(suspect)} sentence(s) read as instructions to a model (sentence {numbers}); "
            f"treated as article text, items drawn only from them are flagged {injection.FLAG!r}"
        )
    for kind in sorted(dropped):
        warnings.append(f"dropped {dropped[kind]} {kind} item(s) whose quotes are not in the article")
    if unresolved:
        warnings.append(f"{unresolved} actor reference(s) did not name a known actor and were left empty")

    clean = article.clean_text
    info = ArticleInfo(
        id=article.id,
        source=article.source,
        title=article.title,
        published=article.published,
        language=article.language,
        word_count=len(clean.split()),
        text=article.text if article.carries_text else None,
    )
    provenance = Provenance(
        engine=engine,
        model=result.model,
        prompt_version=result.prompt_version,
        mode=result.mode,
        attempts=result.attempts,
        usage=result.usage,
    )
    return Brief(
        article=info,
        summary=summary,
        actors=actors,
        actions=actions,
        dates=date_items,
        justifications=justifications,
        disputed_claims=claims,
        warnings=warnings,
        provenance=provenance,
    )


def _flag_injected(items: list[Any], bounds: list[tuple[int, int]]) -> list[Any]:
    """Mark items all of whose evidence touches a sentence that reads as an instruction to a model."""
    out = []
    for item in items:
        if all(any(lo < sp.end and sp.start < hi for lo, hi in bounds) for sp in item.evidence):
            item = item.model_copy(update={"flags": [*item.flags, injection.FLAG]})
        out.append(item)
    return out


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _dedupe(items: list[_T]) -> list[_T]:
    """Drop items that repeat an earlier one's evidence exactly."""
    seen: set[tuple[tuple[int, int], ...]] = set()
    out = []
    for item in items:
        key = tuple((e.start, e.end) for e in item.evidence)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
