"""Score predicted briefs against hand-made gold files: per-field precision and recall.

Gold files (`<stem>.json`, the simpler shape of `tests/gold/README.md`) are read beside
predicted briefs (`<stem>.json`, the `Brief` schema). The matching rules are fixed so
that figures mean the same everywhere:

- **actors**: a predicted actor matches a gold actor when one of its names (name or
  alias) shares most of its words with one of the gold actor's names (`names_match`).
  Recall counts gold actors matched by some predicted actor; precision counts predicted
  actors that match some gold actor (not one-to-one).
- **dates**: a predicted date matches a gold date when its `value` equals the gold
  `resolved`; a gold date resolved to `null` is matched only by a predicted date whose
  value is also `null` and whose text contains, or is contained in, the gold text
  (case and spacing ignored): the honest "unknown" is right, a guess is wrong.
- **actions, justifications, disputed claims**: a gold item is found when the evidence
  (`start`/`end`) of a predicted item of the same kind overlaps the gold quote's place in
  the article; a predicted item is correct when its evidence overlaps any gold quote of
  that kind.
- **claim attribution**: among found gold claims, the share for which an overlapping
  predicted claim names the same claimant (`claimed_by` ids resolved to the predicted
  actor's names, free text such as "critics" kept as text, compared with `names_match`);
  a gold `null` claimant is matched by an empty `claimed_by`.
- **grounded evidence**: the share of all evidence spans and actor mentions in the
  predictions for which `article_text[start:end] == quote`.

Totals are micro-averaged: counts are summed over articles before dividing.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from newsbrief.errors import InputError, NewsbriefError
from newsbrief.ground import normalized
from newsbrief.schema import Brief, Span

FIELDS = ("actors", "actions", "dates", "justifications", "disputed_claims")
QUOTED_FIELDS = ("actions", "justifications", "disputed_claims")

# Words that carry no identity in a name: "the Kremlin" is "Kremlin", "Ukraine's" is "Ukraine".
STOP_WORDS = frozenset({"the", "a", "an", "of", "and", "for", "in", "on", "at", "to"})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


# --------------------------------------------------------------------------- matching rules


def name_words(name: str) -> list[str]:
    """The words that identify a name: lowercased, possessives and punctuation stripped, stop words dropped."""
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).lower()
    text = re.sub(r"'s\b|'\B", " ", text)  # "Ukraine's" -> "Ukraine", "Reuters'" -> "Reuters"
    words = re.findall(r"\w+", text)
    return [w for w in words if w not in STOP_WORDS]


def names_match(a: str, b: str) -> bool:
    """Whether two names share most of their words.

    "Most" means more than half of the words of the shorter name, after `name_words`
    (lowercased; possessives, punctuation and the stop words `STOP_WORDS` dropped):
    "Putin" matches "Vladimir Putin" (1 of 1), "Russian President Vladimir Putin" matches
    "Vladimir Putin" (2 of 2), "Tax Service" does not match "Federal Security Service"
    (1 of 2 is not more than half).
    """
    wa, wb = set(name_words(a)), set(name_words(b))
    if not wa or not wb:
        return False
    shorter = min(len(wa), len(wb))
    return len(wa & wb) * 2 > shorter


def any_names_match(names_a: list[str], names_b: list[str]) -> bool:
    """Whether any name of one party matches any name of the other."""
    return any(names_match(a, b) for a in names_a for b in names_b)


def _norm_date_text(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))


def dates_match(pred_value: str | None, pred_text: str, gold_resolved: str | None, gold_text: str) -> bool:
    """Whether a predicted date matches a gold date: same resolved value, or both null with overlapping text."""
    if gold_resolved is not None:
        return pred_value == gold_resolved
    if pred_value is not None:
        return False
    p, g = _norm_date_text(pred_text), _norm_date_text(gold_text)
    return bool(p and g) and (p in g or g in p)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open character ranges share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place `quote` stands in `text`: exact, else with quote marks, dashes and spacing normalized."""
    found = (
        [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)] if quote else []
    )
    if found or not quote.strip():
        return found
    norm_text, where = normalized(text)
    norm_quote, _ = normalized(quote.strip())
    return [
        (where[m.start()], where[m.start() + len(norm_quote) - 1] + 1)
        for m in re.finditer(re.escape(norm_quote), norm_text)
    ]


# --------------------------------------------------------------------------- report


@dataclass
class FieldScore:
    """Counts for one field. Matching is not one-to-one, so gold and predicted sides are counted apart."""

    gold: int = 0  # gold items
    found: int = 0  # gold items matched by some prediction (recall's true positives)
    pred: int = 0  # predicted items
    correct: int = 0  # predicted items matching some gold item (precision's true positives)

    @property
    def tp(self) -> int:
        return self.found

    @property
    def fn(self) -> int:
        return self.gold - self.found

    @property
    def fp(self) -> int:
        return self.pred - self.correct

    @property
    def precision(self) -> float | None:
        return self.correct / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    def add(self, other: FieldScore) -> None:
        self.gold += other.gold
        self.found += other.found
        self.pred += other.pred
        self.correct += other.correct

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
        }


@dataclass
class Share:
    """A share of items that pass a check (grounded evidence, right claimant)."""

    ok: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.ok / self.total if self.total else None

    def add(self, other: Share) -> None:
        self.ok += other.ok
        self.total += other.total

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "total": self.total, "share": _round(self.value)}


@dataclass
class Item:
    """One missed, extra or misattributed item, for `--details`."""

    field: str
    label: str
    quote: str | None = None


@dataclass
class ArticleScore:
    """Scores of one predicted brief against its gold file."""

    stem: str
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    attribution: Share = field(default_factory=Share)
    grounded: Share = field(default_factory=Share)
    missed: list[Item] = field(default_factory=list)
    extra: list[Item] = field(default_factory=list)
    misattributed: list[Item] = field(default_factory=list)
    missing_prediction: bool = False

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "stem": self.stem,
            "missing_prediction": self.missing_prediction,
            **{f: s.to_dict() for f, s in self.fields.items()},
            "claim_attribution": self.attribution.to_dict(),
            "grounded_evidence": self.grounded.to_dict(),
        }
        if details:
            out["missed"] = [asdict(i) for i in self.missed]
            out["extra"] = [asdict(i) for i in self.extra]
            out["misattributed"] = [asdict(i) for i in self.misattributed]
        return out


@dataclass
class Report:
    """Per-article and micro-averaged total scores of a folder of predicted briefs."""

    articles: list[ArticleScore] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)  # predicted stems with no gold file

    @property
    def total(self) -> ArticleScore:
        total = ArticleScore(stem="total")
        for art in self.articles:
            for f in FIELDS:
                total.fields[f].add(art.fields[f])
            total.attribution.add(art.attribution)
            total.grounded.add(art.grounded)
        return total

    @property
    def missing_predictions(self) -> list[str]:
        return [a.stem for a in self.articles if a.missing_prediction]

    def to_json(self, details: bool = False) -> str:
        """The report as JSON for machines: totals, per-article scores and, with `details`, the items."""
        data = {
            "total": self.total.to_dict(),
            "articles": [a.to_dict(details) for a in self.articles],
            "missing_predictions": self.missing_predictions,
            "unscored_predictions": self.unscored,
        }
        return json.dumps(data, indent=2, ensure_ascii=False)

    def to_table(self, title: str = "newsbrief eval (micro-averaged over articles)") -> Any:
        """The totals as a rich Table: one row per field, then claim attribution and grounded evidence."""
        from rich.table import Table

        total = self.total
        table = Table(title=f"{title}: {len(self.articles)} articles")
        for col in ("field", "gold", "pred", "found", "correct", "precision", "recall"):
            table.add_column(col, justify="left" if col == "field" else "right")
        for f in FIELDS:
            s = total.fields[f]
            table.add_row(
                f, str(s.gold), str(s.pred), str(s.found), str(s.correct), _fmt(s.precision), _fmt(s.recall)
            )
        a, g = total.attribution, total.grounded
        table.add_row("claim attribution", "", "", str(a.total), str(a.ok), _fmt(a.value), "")
        table.add_row("grounded evidence", "", str(g.total), "", str(g.ok), _fmt(g.value), "")
        return table

    def details_text(self) -> str:
        """Per article, what was missed, what was extra and which claims were misattributed."""
        lines: list[str] = []
        for art in self.articles:
            lines.append(f"== {art.stem}" + ("  (no predicted brief)" if art.missing_prediction else ""))
            for heading, items in (
                ("missed", art.missed),
                ("extra", art.extra),
                ("misattributed", art.misattributed),
            ):
                if not items:
                    continue
                lines.append(f"  {heading}:")
                for it in items:
                    quote = f'  "{_clip(it.quote)}"' if it.quote else ""
                    lines.append(f"    [{it.field}] {it.label}{quote}")
        return "\n".join(lines)


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _clip(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- scoring


def score_article(stem: str, gold: dict[str, Any], brief: Brief | None, text: str | None) -> ArticleScore:
    """Score one predicted brief (or none) against one gold file; `text` is what offsets refer to."""
    art = ArticleScore(stem=stem, missing_prediction=brief is None)
    gold_actor_names = {a["name"]: [a["name"], *a.get("aliases", [])] for a in gold.get("actors", [])}
    pred_actor_names = {a.id: [a.name, *a.aliases] for a in brief.actors} if brief else {}

    # actors
    s = art.fields["actors"]
    s.gold, s.pred = len(gold_actor_names), len(pred_actor_names)
    for name, names in gold_actor_names.items():
        if any(any_names_match(names, p) for p in pred_actor_names.values()):
            s.found += 1
        else:
            art.missed.append(Item("actors", name))
    for actor in brief.actors if brief else []:
        if any(any_names_match(pred_actor_names[actor.id], g) for g in gold_actor_names.values()):
            s.correct += 1
        else:
            art.extra.append(Item("actors", actor.name))

    # dates
    s = art.fields["dates"]
    gold_dates = gold.get("dates", [])
    pred_dates = brief.dates if brief else []
    s.gold, s.pred = len(gold_dates), len(pred_dates)
    for g in gold_dates:
        if any(dates_match(p.value, p.text, g["resolved"], g["text"]) for p in pred_dates):
            s.found += 1
        else:
            event = f" ({g['event']})" if g.get("event") else ""
            art.missed.append(Item("dates", f"{g['text']} -> {g['resolved']}{event}"))
    for p in pred_dates:
        if any(dates_match(p.value, p.text, g["resolved"], g["text"]) for g in gold_dates):
            s.correct += 1
        else:
            art.extra.append(Item("dates", f"{p.text} -> {p.value}", _first_quote(p.evidence)))

    # actions, justifications, disputed claims: by evidence overlap
    gold_places: dict[str, list[list[tuple[int, int]]]] = {}
    for f in QUOTED_FIELDS:
        s = art.fields[f]
        gold_items = gold.get(f, [])
        pred_items = list(getattr(brief, f)) if brief else []
        places = [locate(text, g["quote"]) if text is not None else [] for g in gold_items]
        gold_places[f] = places
        s.gold, s.pred = len(gold_items), len(pred_items)
        for g, where in zip(gold_items, places, strict=True):
            if any(_overlaps(p.evidence, where) for p in pred_items):
                s.found += 1
            else:
                art.missed.append(Item(f, _gold_label(f, g), g["quote"]))
        all_gold = [w for where in places for w in where]
        for p in pred_items:
            if _overlaps(p.evidence, all_gold):
                s.correct += 1
            else:
                art.extra.append(Item(f, _pred_label(p, pred_actor_names), _first_quote(p.evidence)))

    # claim attribution, among found gold claims
    if brief:
        for g, where in zip(gold.get("disputed_claims", []), gold_places["disputed_claims"], strict=True):
            hits = [p for p in brief.disputed_claims if _overlaps(p.evidence, where)]
            if not hits:
                continue
            art.attribution.total += 1
            gold_names = gold_actor_names.get(g["claimed_by"], [g["claimed_by"]]) if g["claimed_by"] else []
            if any(claimants_match(p.claimed_by, pred_actor_names, gold_names) for p in hits):
                art.attribution.ok += 1
            else:
                said = "; ".join(
                    ", ".join(pred_actor_names.get(c, [c])[0] for c in p.claimed_by) or "nobody" for p in hits
                )
                label = f"claimed by {g['claimed_by'] or 'nobody'}, predicted {said}"
                art.misattributed.append(Item("disputed_claims", label, g["quote"]))

    # grounded evidence share
    if brief:
        for span in _all_spans(brief):
            art.grounded.total += 1
            if (
                text is not None
                and 0 <= span.start <= span.end <= len(text)
                and text[span.start : span.end] == span.quote
            ):
                art.grounded.ok += 1
    return art


def claimants_match(
    claimed_by: list[str], pred_actor_names: dict[str, list[str]], gold_names: list[str]
) -> bool:
    """Whether a predicted `claimed_by` names the gold claimant; empty matches a gold `null` (empty `gold_names`)."""
    if not gold_names:
        return not claimed_by
    return any(any_names_match(pred_actor_names.get(c, [c]), gold_names) for c in claimed_by)


def _overlaps(evidence: list[Span], places: list[tuple[int, int]]) -> bool:
    return any(spans_overlap((e.start, e.end), w) for e in evidence for w in places)


def _first_quote(evidence: list[Span]) -> str | None:
    return evidence[0].quote if evidence else None


def _gold_label(f: str, g: dict[str, Any]) -> str:
    if f == "actions":
        return f"{g.get('actor')}: {g.get('action')}"
    if f == "justifications":
        return f"{g.get('by')}: {g.get('justification')}"
    return f"{g.get('claim')} (claimed by {g.get('claimed_by')}, disputed by {g.get('disputed_by')})"


def _pred_label(p: Any, names: dict[str, list[str]]) -> str:
    def who(ref: str | None) -> str:
        return names.get(ref, [ref])[0] if ref else "?"

    if hasattr(p, "claim"):
        return p.claim
    if hasattr(p, "reason"):
        return f"{who(p.by)}: {p.reason}"
    return f"{who(p.actor)}: {p.action}"


def _all_spans(brief: Brief) -> list[Span]:
    spans = [m for a in brief.actors for m in a.mentions]
    for f in ("actions", "dates", "justifications", "disputed_claims"):
        spans += [e for item in getattr(brief, f) for e in item.evidence]
    return spans


# --------------------------------------------------------------------------- folders


def read_gold(path: Path) -> dict[str, Any] | None:
    """A gold brief from a file, or None when the JSON is not a per-article gold file (e.g. story.json)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: cannot read gold file ({e}); fix or remove it") from e
    if not isinstance(data, dict) or "source" not in data or "actors" not in data:
        return None
    return data


def read_brief(path: Path) -> Brief:
    """A predicted brief from a file, validated against the schema."""
    try:
        return Brief.model_validate_json(path.read_bytes())
    except OSError as e:
        raise InputError(f"{path}: cannot read predicted brief ({e}); check the path") from e
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(f"{path}: not a valid brief ({where}: {first['msg']}); regenerate it") from e


def article_text(
    brief: Brief | None, gold: dict[str, Any], gold_dir: Path, pred_dir: Path, articles_dir: Path | None
) -> str | None:
    """The text the offsets refer to: the brief's `article.text`, else the article file, found where it can be."""
    if brief is not None and brief.article.text is not None:
        return brief.article.text
    sources = [brief.article.source] if brief is not None else []
    if gold.get("source"):
        sources.append(gold["source"])
    candidates: list[Path] = []
    for src in sources:
        p = Path(src)
        if articles_dir is not None:
            candidates.append(articles_dir / p.name)
        candidates += [p, gold_dir.parent / "articles" / p.name, gold_dir.parent / p, pred_dir.parent / p]
        candidates += [gold_dir.parent.parent / p]
    for c in candidates:
        if c.is_file():
            try:
                return c.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise InputError(f"{c}: cannot read article ({e}); pass --articles DIR") from e
    return None


def evaluate_dirs(
    gold_dir: str | Path, pred_dir: str | Path, articles_dir: str | Path | None = None
) -> Report:
    """Score every predicted brief in `pred_dir` against the gold file of the same stem in `gold_dir`."""
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    arts = Path(articles_dir) if articles_dir is not None else None
    for d, what in ((gold_dir, "gold"), (pred_dir, "predictions")):
        if not d.is_dir():
            raise InputError(f"{d}: no such {what} folder; check the path")
    report = Report()
    golds = {p.stem: g for p in sorted(gold_dir.glob("*.json")) if (g := read_gold(p)) is not None}
    if not golds:
        raise InputError(
            f"{gold_dir}: no gold files (<stem>.json with 'source' and 'actors'); check the path"
        )
    for stem, gold in golds.items():
        pred_path = pred_dir / f"{stem}.json"
        brief = read_brief(pred_path) if pred_path.is_file() else None
        text = article_text(brief, gold, gold_dir, pred_dir, arts)
        if text is None and brief is not None:
            raise InputError(f"{stem}: cannot find the article '{brief.article.source}'; pass --articles DIR")
        report.articles.append(score_article(stem, gold, brief, text))
    report.unscored = sorted(p.stem for p in pred_dir.glob("*.json") if p.stem not in golds)
    return report


def main(
    gold: str | Path,
    pred: str | Path,
    articles: str | Path | None = None,
    as_json: bool = False,
    details: bool = False,
) -> int:
    """Print the evaluation for the CLI; 0 when done, 1 when a gold article has no prediction, 2 on bad input."""
    from rich.console import Console

    console = Console()
    try:
        report = evaluate_dirs(gold, pred, articles)
    except NewsbriefError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if as_json:
        print(report.to_json(details=details))
    else:
        console.print(report.to_table())
        if details:
            console.print(report.details_text(), markup=False, highlight=False)
    if report.missing_predictions:
        missing = ", ".join(report.missing_predictions)
        print(
            f"no predicted brief for {missing}: scored as all missed; run `newsbrief brief` on it",
            file=sys.stderr,
        )
        return 1
    return 0
