"""Merge several briefs about one story into a `Story`: shared actors, a corroborated timeline, conflicts.

Items are matched across articles by what they say (names, aliases, words of the action and
its quote), never by id: ids are per brief. A rewrite of another article (a near-duplicate)
is reported and counted once, because it is not independent corroboration.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from newsbrief.schema import Actor, Brief

__all__ = [
    "Conflict",
    "NearDuplicate",
    "Position",
    "Report",
    "Story",
    "StoryActor",
    "StoryClaim",
    "TimelineEvent",
    "evaluate_story",
    "main",
    "merge_briefs",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoryActor(_Strict):
    """One party across articles: every name and alias the sources use for it."""

    name: str = Field(description="The name most sources use.")
    kind: str = Field(
        description="person, organization, government, country, group or other (most sources' choice)."
    )
    aliases: list[str] = Field(
        default_factory=list, description="Other names and spellings used by any source."
    )
    sources: list[str] = Field(description="Articles (file stems) that name this actor.")


class Report(_Strict):
    """One source's account of a timeline event."""

    source: str = Field(description="Article (file stem) that reports the event.")
    item: str = Field(description="Id of the action or date item in that article's brief.")
    action: str = Field(description="The event as that brief words it, actor and target named.")
    date: str | None = Field(default=None, description="The date that source gives, YYYY[-MM[-DD]], or null.")
    quote: str = Field(description="The article's words for it.")


class TimelineEvent(_Strict):
    """An event of the story, with every source that reports it."""

    date: str | None = Field(description="YYYY[-MM[-DD]] the sources agree on (the most precise), or null.")
    event: str = Field(description="Who did what, as the first reporting source words it.")
    sources: list[str] = Field(description="Articles that report the event.")
    corroboration: int = Field(description="Independent sources reporting it: near-duplicates count once.")
    reports: list[Report] = Field(description="Each source's account.")


class Position(_Strict):
    """What one source says on a point where sources differ."""

    source: str = Field(description="Article (file stem).")
    says: str | None = Field(default=None, description="The point in short, e.g. the date it gives.")
    quote: str = Field(description="The article's words.")


class Conflict(_Strict):
    """A point on which sources differ, and must not be fused into one account."""

    topic: str = Field(description="What the sources differ about.")
    kind: Literal["date", "scope", "attribution", "reason"] = Field(
        description="date: different dates for one event; scope: a full block vs a partial restriction; "
        "attribution: different actors for one event; reason: different reasons given for one measure."
    )
    positions: list[Position] = Field(description="Each source's version, with its quote.")


class NearDuplicate(_Strict):
    """Two articles that are one report reworded: not independent corroboration."""

    articles: list[str] = Field(
        description="The two articles (file stems), first the earlier in input order."
    )
    similarity: float = Field(description="Overlap of their actors, events and dates, 0..1.")
    why: str = Field(description="Why they are taken as one report.")


class StoryClaim(_Strict):
    """A disputed claim as one source reports it."""

    source: str = Field(description="Article (file stem).")
    claim: str = Field(description="The claim.")
    claimed_by: list[str] = Field(default_factory=list, description="Who makes it (names).")
    disputed_by: list[str] = Field(default_factory=list, description="Who disputes it (names).")
    status: str = Field(description="denied, contested or unverified.")
    quote: str | None = Field(default=None, description="The article's words.")


class Story(_Strict):
    """Several briefs on one story merged: actors, a timeline with corroboration counts, conflicts, claims."""

    schema_version: Literal["1"] = "1"
    articles: list[str] = Field(description="Articles merged (file stems), in input order.")
    actors: list[StoryActor] = Field(
        default_factory=list, description="Parties across articles, most sources first."
    )
    near_duplicates: list[NearDuplicate] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(
        default_factory=list, description="Events in date order, undated last."
    )
    conflicts: list[Conflict] = Field(default_factory=list)
    claims: list[StoryClaim] = Field(default_factory=list, description="Disputed claims, per source.")
    warnings: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- words

_STOP = set(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "and",
        "or",
        "but",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "their",
        "his",
        "her",
        "he",
        "she",
        "they",
        "them",
        "which",
        "who",
        "whom",
        "not",
        "no",
        "than",
        "then",
        "also",
        "into",
        "over",
        "after",
        "before",
        "about",
        "said",
        "says",
        "say",
        "would",
        "will",
        "may",
        "could",
        "can",
        "new",
        "other",
        "some",
        "all",
        "any",
        "more",
        "most",
        "such",
    ]
)
_FULL = re.compile(
    r"(?i)\b(block(s|ed|ing)?|ban(s|ned|ning)?|shut(s|ting)? (down|off)|outlaw\w*|prohibit\w*)\b"
)
# Words that make a block a threat, a plan or someone's say-so rather than a report of one.
_HYPOTHETICAL = re.compile(
    r"(?i)\b(may|might|could|would|if|unless|threat\w*|warn\w*|plan\w*|tr(y|ied|ies)|hint\w*)\b"
)
_PARTIAL = re.compile(r"(?i)\b(partial\w*|restrict\w*|limit\w*|throttl\w*|slow(s|ed|ing)? down)\b")


def _stems(text: str) -> set[str]:
    """Content words cut to five letters: a cheap stem that survives tense and spelling variants."""
    return {w[:5] for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 2}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _norm(name: str) -> str:
    s = name.replace("’", "'").replace("‘", "'")
    s = re.sub(r"'s\b", "", s)
    s = " ".join(re.findall(r"\w+", s.lower()))
    return re.sub(r"^(the|his|her|its|their) ", "", s)


def _proper(name: str) -> bool:
    """Whether a form names someone (has a capitalized word), unlike 'the government'."""
    return any(w[:1].isupper() for w in re.findall(r"\w+", name))


def _stem_of(brief: Brief) -> str:
    return Path(brief.article.source).stem or brief.article.id


# --------------------------------------------------------------------------- actors


def _forms(actor: Actor) -> list[str]:
    return [f for f in dict.fromkeys([actor.name, *actor.aliases]) if _proper(f)]


def _acronym(short: str, long: str) -> bool:
    if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()):
        return False
    words = [w for w in re.findall(r"\w+", long) if w[:1].isupper()]
    caps = "".join(c for c in long if c.isupper())
    return short in ("".join(w[0] for w in words), caps) and len(long) > len(short)


def _actor_match(x: Actor, y: Actor) -> int:
    """How surely two actors from different articles are one party: 3 same name .. 1 likely, 0 no."""
    if (x.kind == "person") != (y.kind == "person"):
        return 0
    if _norm(x.name) == _norm(y.name):
        return 3
    fx, fy = _forms(x), _forms(y)
    nx, ny = {_norm(f) for f in fx}, {_norm(f) for f in fy}
    if nx & ny:
        return 2
    for a in fx:
        for b in fy:
            ta, tb = _norm(a).split(), _norm(b).split()
            if not ta or not tb:
                continue
            if x.kind == "person":
                # People: the same surname (titles and first names come and go).
                if ta[-1] == tb[-1] and len(ta[-1]) > 2:
                    return 1
            else:
                short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
                # Organizations: the name ends a longer form ("communications regulator X").
                before = long[-len(short) - 1] if len(long) > len(short) else ""
                if (
                    long[-len(short) :] == short
                    and len(" ".join(short)) > 2
                    and before not in ("of", "for", "in")
                ):
                    return 1
            if _acronym(a, b) or _acronym(b, a):
                return 1
            na, nb = " ".join(ta), " ".join(tb)
            if min(len(na), len(nb)) >= 5 and SequenceMatcher(None, na, nb).ratio() >= 0.88:
                return 1  # spelling variants and typos
    return 0


def _resolve_actors(briefs: list[Brief]) -> tuple[list[StoryActor], dict[tuple[int, str], int]]:
    """Actors across briefs as clusters; returns them and a map (brief index, actor id) -> cluster."""
    nodes = [(i, a) for i, b in enumerate(briefs) for a in b.actors]
    parent = list(range(len(nodes)))
    members: dict[int, set[int]] = {n: {nodes[n][0]} for n in range(len(nodes))}

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    pairs = []
    for p, q in combinations(range(len(nodes)), 2):
        if nodes[p][0] != nodes[q][0]:
            strength = _actor_match(nodes[p][1], nodes[q][1])
            if strength:
                pairs.append((-strength, p, q))
    for _, p, q in sorted(pairs):
        rp, rq = find(p), find(q)
        # Two actors one brief keeps apart stay apart: no cluster holds two actors of one article.
        if rp != rq and not (members[rp] & members[rq]):
            parent[rq] = rp
            members[rp] |= members.pop(rq)

    groups: dict[int, list[int]] = {}
    for n in range(len(nodes)):
        groups.setdefault(find(n), []).append(n)
    stems = [_stem_of(b) for b in briefs]
    clusters: list[StoryActor] = []
    index: dict[tuple[int, str], int] = {}
    ordered = sorted(
        groups.values(), key=lambda g: (-len({nodes[n][0] for n in g}), nodes[g[0]][1].name.lower())
    )
    for c, group in enumerate(ordered):
        names = Counter(nodes[n][1].name for n in group)
        name = sorted(names, key=lambda s: (-names[s], len(s), s))[0]
        kinds = Counter(nodes[n][1].kind for n in group)
        forms = {f for n in group for f in [nodes[n][1].name, *nodes[n][1].aliases]}
        srcs = sorted({nodes[n][0] for n in group})
        clusters.append(
            StoryActor(
                name=name,
                kind=sorted(kinds, key=lambda k: (-kinds[k], k))[0],
                aliases=sorted(forms - {name}, key=str.lower),
                sources=[stems[i] for i in srcs],
            )
        )
        for n in group:
            index[(nodes[n][0], nodes[n][1].id)] = c
    return clusters, index


# --------------------------------------------------------------------------- events


class _Item:
    """One action (or dated event) of one brief, with what matching needs."""

    def __init__(
        self,
        src: int,
        item: str,
        actor: int | None,
        target: int | None,
        label: str,
        date: str | None,
        quote: str,
        words: set[str],
        subjects: set[int],
    ):
        self.src, self.item, self.actor, self.target = src, item, actor, target
        self.label, self.date, self.quote, self.words, self.subjects = label, date, quote, words, subjects


def _mentioned(
    text: str, brief_index: int, briefs: list[Brief], index: dict[tuple[int, str], int]
) -> set[int]:
    """Clusters of the actors of one brief whose name or alias stands in `text`."""
    found = set()
    for a in briefs[brief_index].actors:
        for f in _forms(a):
            if re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text):
                found.add(index[(brief_index, a.id)])
    return found


def _affected(
    text: str, i: int, briefs: list[Brief], index: dict[tuple[int, str], int], clusters: list[StoryActor]
) -> set[int]:
    """Parties named in a quote that may be on the receiving end: states mostly act, so they are left out."""
    return {
        c for c in _mentioned(text, i, briefs, index) if clusters[c].kind not in ("government", "country")
    }


def _items(briefs: list[Brief], index: dict[tuple[int, str], int], clusters: list[StoryActor]) -> list[_Item]:
    out = []
    for i, b in enumerate(briefs):
        names = {a.id: a.name for a in b.actors}
        used: list[tuple[int, int]] = []
        for e in b.actions:
            actor = index.get((i, e.actor)) if e.actor else None
            target = index.get((i, e.target)) if e.target else None
            quote = " … ".join(s.quote for s in e.evidence)
            used += [(s.start, s.end) for s in e.evidence]
            label = " ".join(x for x in [names.get(e.actor or "", ""), e.action] if x)
            words = _stems(e.action + " " + quote)
            subjects = ({target} if target is not None else set()) | _affected(
                quote, i, briefs, index, clusters
            )
            subjects.discard(actor)  # type: ignore[arg-type]
            out.append(
                _Item(i, e.id, actor, target, label, e.date.value if e.date else None, quote, words, subjects)
            )
        for n, d in enumerate(b.dates, 1):
            # A dated event no action covers still belongs on the timeline.
            if (
                d.value
                and d.event
                and d.action is None
                and not any(s.start < e2 and s1 < s.end for s in d.evidence for s1, e2 in used)
            ):
                quote = " … ".join(s.quote for s in d.evidence)
                out.append(_Item(i, f"D{n}", None, None, d.event, d.value, quote, _stems(d.event), set()))
    return out


def _same_event(x: _Item, y: _Item) -> float:
    """Similarity of two items from different articles as reports of one event."""
    score = _jaccard(x.words, y.words)
    if x.actor is not None and x.actor == y.actor:
        score += 0.15
    if x.target is not None and x.target == y.target:
        score += 0.15
    if x.actor is not None and y.actor is not None and x.actor != y.actor:
        score -= 0.1
    return score


_EVENT_THRESHOLD = 0.45


def _cluster_events(items: list[_Item]) -> list[list[int]]:
    """Group items into events, at most one item per article per event.

    Strongest pairs first; two groups join only if their items match on average too, so
    that a chain of look-alikes (an order to restrict apps, then an order to build an app)
    is not fused into one event.
    """
    sim = {
        (p, q): _same_event(items[p], items[q])
        for p, q in combinations(range(len(items)), 2)
        if items[p].src != items[q].src
    }
    groups: dict[int, list[int]] = {n: [n] for n in range(len(items))}
    home = list(range(len(items)))
    for (p, q), score in sorted(sim.items(), key=lambda kv: -kv[1]):
        if score < _EVENT_THRESHOLD:
            break
        gp, gq = groups[home[p]], groups[home[q]]
        if gp is gq or {items[n].src for n in gp} & {items[n].src for n in gq}:
            continue
        cross = [sim.get((min(a, b), max(a, b)), 0.0) for a in gp for b in gq]
        if sum(cross) / len(cross) < _EVENT_THRESHOLD - 0.05:
            continue
        old = home[q]
        gp.extend(gq)
        for n in gq:
            home[n] = home[p]
        del groups[old]
    return list(groups.values())


def _compatible(a: str, b: str) -> bool:
    """Whether two dates can name the same moment ('2025-07' and '2025-07-20' can)."""
    return a.startswith(b) or b.startswith(a)


# --------------------------------------------------------------------------- merge


def merge_briefs(briefs: list[Brief]) -> Story:
    """One story from several briefs: shared actors, corroborated timeline, near-duplicates, conflicts."""
    stems = [_stem_of(b) for b in briefs]
    clusters, index = _resolve_actors(briefs)
    items = _items(briefs, index, clusters)
    events = _cluster_events(items)
    event_of = {n: k for k, g in enumerate(events) for n in g}

    # Near-duplicates: two articles sharing most of their actors, events and dates.
    def features(i: int) -> set[tuple[str, object]]:
        f: set[tuple[str, object]] = {("a", index[(i, a.id)]) for a in briefs[i].actors}
        # An event counts as shared only with the same date and the same scope (block vs restriction):
        # outlets that disagree on the facts are not rewrites of each other.
        f |= {("e", (event_of[n], it.date, _scope(it))) for n, it in enumerate(items) if it.src == i}
        f |= {("d", d.value) for d in briefs[i].dates if d.value}
        return f

    feats = [features(i) for i in range(len(briefs))]
    near: list[NearDuplicate] = []
    twin = list(range(len(briefs)))  # each article's representative for corroboration counts
    for i, j in combinations(range(len(briefs)), 2):
        same_text = briefs[i].article.id == briefs[j].article.id
        sim = 1.0 if same_text else _jaccard(feats[i], feats[j])
        if sim >= 0.5:
            why = "same text" if same_text else "same actors, events and dates, reworded"
            near.append(
                NearDuplicate(
                    articles=[stems[i], stems[j]],
                    similarity=round(sim, 2),
                    why=f"{stems[j]} repeats {stems[i]} ({why}); not independent corroboration",
                )
            )
            twin[j] = twin[i]

    def independent(a: int, b: int) -> bool:
        return twin[a] != twin[b]

    timeline: list[TimelineEvent] = []
    conflicts: list[Conflict] = []
    for group in events:
        its = sorted((items[n] for n in group), key=lambda it: it.src)
        dates = [it.date for it in its if it.date]
        agreed = all(_compatible(a, b) for a, b in combinations(dates, 2))
        date = max(dates, key=len) if dates and agreed else (min(dates) if dates else None)
        timeline.append(
            TimelineEvent(
                date=date,
                event=its[0].label,
                sources=[stems[it.src] for it in its],
                corroboration=len({twin[it.src] for it in its}),
                reports=[
                    Report(source=stems[it.src], item=it.item, action=it.label, date=it.date, quote=it.quote)
                    for it in its
                ],
            )
        )
        dated = [it for it in its if it.date]
        if not agreed and any(independent(a.src, b.src) for a, b in combinations(dated, 2)):
            conflicts.append(
                Conflict(
                    topic=f"when: {its[0].label}",
                    kind="date",
                    positions=[Position(source=stems[it.src], says=it.date, quote=it.quote) for it in dated],
                )
            )
        actors = {it.actor for it in its if it.actor is not None}
        if len(actors) > 1:
            conflicts.append(
                Conflict(
                    topic=f"who: {its[0].label}",
                    kind="attribution",
                    positions=[
                        Position(source=stems[it.src], says=clusters[it.actor].name, quote=it.quote)
                        for it in its
                        if it.actor is not None
                    ],
                )
            )
    timeline.sort(key=lambda ev: (ev.date is None, ev.date or "", ev.event.lower()))

    conflicts += _scope_conflicts(items, clusters, stems, independent)
    conflicts += _reason_conflicts(briefs, items, index, clusters, stems, independent)

    claims = []
    for i, b in enumerate(briefs):
        names = {a.id: clusters[index[(i, a.id)]].name for a in b.actors}
        for c in b.disputed_claims:
            claims.append(
                StoryClaim(
                    source=stems[i],
                    claim=c.claim,
                    status=c.status,
                    claimed_by=[names.get(x, x) for x in c.claimed_by],
                    disputed_by=[names.get(x, x) for x in c.disputed_by],
                    quote=" … ".join(s.quote for s in c.evidence) or None,
                )
            )
    warnings = [f"{stems[i]}: {w}" for i, b in enumerate(briefs) for w in b.warnings]
    dup = [s for s, n in Counter(stems).items() if n > 1]
    if dup:
        warnings.append(f"articles with the same file stem merged separately: {', '.join(dup)}")
    return Story(
        articles=stems,
        actors=clusters,
        near_duplicates=near,
        timeline=timeline,
        conflicts=conflicts,
        claims=claims,
        warnings=warnings,
    )


def _scope(it: _Item) -> str:
    """'full' for a reported block or ban, 'partial' for a restriction, '' otherwise."""
    text = it.label + " " + it.quote
    if _HYPOTHETICAL.search(it.label):
        return ""
    if _FULL.search(text) and not _PARTIAL.search(it.label):
        return "full"
    if _PARTIAL.search(text) and not _FULL.search(it.label):
        return "partial"
    return ""


def _scope_conflicts(
    items: list[_Item], clusters: list[StoryActor], stems: list[str], independent
) -> list[Conflict]:
    """A full block in one source against a partial restriction of the same party in another."""
    out = []
    for c, actor in enumerate(clusters):
        full = [it for it in items if c in it.subjects and _scope(it) == "full"]
        part = [it for it in items if c in it.subjects and _scope(it) == "partial"]
        if any(independent(f.src, p.src) for f in full for p in part):
            positions = [Position(source=stems[it.src], says="blocked", quote=it.quote) for it in full[:3]]
            positions += [
                Position(source=stems[it.src], says="restricted", quote=it.quote) for it in part[:3]
            ]
            out.append(
                Conflict(
                    topic=f"what was done to {actor.name}: blocked or restricted",
                    kind="scope",
                    positions=positions,
                )
            )
    return out


def _reason_conflicts(
    briefs: list[Brief],
    items: list[_Item],
    index: dict[tuple[int, str], int],
    clusters: list[StoryActor],
    stems: list[str],
    independent,
) -> list[Conflict]:
    """Different reasons given in independent sources for measures against the same party."""
    by_item = {(it.src, it.item): it for it in items}
    reasons: dict[int, list[tuple[int, str, str]]] = {}
    for i, b in enumerate(briefs):
        for j in b.justifications:
            quote = " … ".join(s.quote for s in j.evidence)
            action = by_item.get((i, j.action or ""))
            subjects = set(action.subjects) if action else set()
            subjects |= _affected(quote, i, briefs, index, clusters)
            subjects.discard(index.get((i, j.by or "")))  # type: ignore[arg-type]
            if action is not None:
                subjects.discard(action.actor)  # type: ignore[arg-type]
            for c in subjects:
                reasons.setdefault(c, []).append((i, j.reason, quote))
    out: list[Conflict] = []
    seen: set[frozenset] = set()
    for c, rs in sorted(reasons.items()):
        differ = [
            (a, b)
            for a, b in combinations(rs, 2)
            if independent(a[0], b[0]) and _jaccard(_stems(a[1] + a[2]), _stems(b[1] + b[2])) < 0.3
        ]
        if not differ:
            continue
        chosen = list(dict.fromkeys(x for pair in differ for x in pair))
        per_source: Counter[int] = Counter()
        chosen = [x for x in chosen if per_source.update([x[0]]) or per_source[x[0]] <= 2]
        key = frozenset((i, q) for i, _, q in chosen)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Conflict(
                topic=f"why {clusters[c].name} was acted against",
                kind="reason",
                positions=[
                    Position(source=stems[i], says=reason, quote=quote) for i, reason, quote in chosen
                ],
            )
        )
    return out


# --------------------------------------------------------------------------- evaluation


def _overlaps(quote: str, gold: str) -> bool:
    """Whether a predicted quote covers the gold quote's words (substring either way, or most words)."""
    a, b = " ".join(quote.split()), " ".join(gold.split())
    if a and b and (a in b or b in a):
        return True
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wb) and len(wa & wb) / len(wb) >= 0.6


def _name_match(forms: list[str], gold_forms: list[str]) -> bool:
    for f in forms:
        for g in gold_forms:
            wf, wg = set(_norm(f).split()), set(_norm(g).split())
            if wf and wg and len(wf & wg) / max(len(wf), len(wg)) > 0.5:
                return True
    return False


def evaluate_story(story: Story, gold: dict) -> dict:
    """Score a story against a gold story (the shape of tests/gold/story.json): what was found, of how many."""
    # Actors shared by several outlets: found when a story actor matches by name and spans two of its sources.
    shared = [a for a in gold.get("actors", []) if len(a.get("sources", [])) >= 2]
    shared_found = 0
    for g in shared:
        forms = [g["name"], *g.get("aliases", [])]
        if any(
            _name_match([a.name, *a.aliases], forms) and len(set(a.sources) & set(g["sources"])) >= 2
            for a in story.actors
        ):
            shared_found += 1
    actors_found = sum(
        any(_name_match([a.name, *a.aliases], [g["name"], *g.get("aliases", [])]) for a in story.actors)
        for g in gold.get("actors", [])
    )

    events_found = 0
    for g in gold.get("timeline", []):
        gw = _stems(g["event"])
        for ev in story.timeline:
            if g.get("date") and not (ev.date and _compatible(ev.date, g["date"])):
                continue
            if not set(ev.sources) & set(g["sources"]):
                continue
            words = _stems(ev.event) | {w for r in ev.reports for w in _stems(r.quote)}
            if gw and len(gw & words) / len(gw) >= 0.4:
                events_found += 1
                break

    conflicts_found = []
    for n, g in enumerate(gold.get("conflicts", [])):
        for c in story.conflicts:
            hit = {
                gp["source"]
                for gp in g["positions"]
                if any(p.source == gp["source"] and _overlaps(p.quote, gp["quote"]) for p in c.positions)
            }
            if len(hit) >= 2:
                conflicts_found.append(n)
                break
    # Looser reading, reported beside the strict one: a predicted conflict on the same matter
    # (a topic word in common) between the same sources, with at least one gold quote overlapped.
    same_matter = []
    for n, g in enumerate(gold.get("conflicts", [])):
        sources = {gp["source"] for gp in g["positions"]}
        for c in story.conflicts:
            overlapped = any(
                p.source == gp["source"] and _overlaps(p.quote, gp["quote"])
                for p in c.positions
                for gp in g["positions"]
            )
            if (
                overlapped
                and sources <= {p.source for p in c.positions}
                and _stems(c.topic) & _stems(g["topic"])
            ):
                same_matter.append(n)
                break

    gold_pairs = {frozenset(d["articles"]) for d in gold.get("near_duplicates", [])}
    pred_pairs = {frozenset(d.articles) for d in story.near_duplicates}
    return {
        "actors_found": actors_found,
        "actors_total": len(gold.get("actors", [])),
        "shared_actors_found": shared_found,
        "shared_actors_total": len(shared),
        "timeline_found": events_found,
        "timeline_total": len(gold.get("timeline", [])),
        "conflicts_found": len(conflicts_found),
        "conflicts_total": len(gold.get("conflicts", [])),
        "conflicts_found_ids": conflicts_found,
        "conflicts_same_matter": len(same_matter),
        "conflicts_same_matter_ids": same_matter,
        "near_duplicates_found": len(gold_pairs & pred_pairs),
        "near_duplicates_total": len(gold_pairs),
        "near_duplicates_false": len(pred_pairs - gold_pairs),
        "predicted_conflicts": len(story.conflicts),
        "predicted_timeline": len(story.timeline),
    }


# --------------------------------------------------------------------------- cli


def main(paths: list[str | Path], out: str | Path) -> int:
    """`newsbrief merge BRIEFS... --out story.json`: write story.json, .md and .html; return the exit code."""
    from newsbrief.diff import load_brief  # one loader for brief files, with its clear errors
    from newsbrief.errors import InputError, OutputError
    from newsbrief.render import story_to_html, story_to_markdown

    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted(p.glob("*.json")) if p.is_dir() else [p]
    if len(files) < 2:
        raise InputError("merge needs at least two brief files (or a folder of them); pass more paths")
    story = merge_briefs([load_brief(f) for f in files])
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(story.model_dump_json(indent=2) + "\n", encoding="utf-8")
        out.with_suffix(".md").write_text(story_to_markdown(story), encoding="utf-8")
        out.with_suffix(".html").write_text(story_to_html(story), encoding="utf-8")
    except OSError as e:
        raise OutputError(
            f"{out}: cannot write the story ({e.strerror}); check the folder and its permissions"
        ) from e
    return 0
