"""Deterministic facts about an article that code finds better than a model.

Sentences with offsets, named-entity mentions (spaCy), date expressions resolved against
the publication date (dateparser), and attribution cues. No model calls. All offsets refer
to `Article.text`; masked junk is never analysed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    value: str | None  # YYYY, YYYY-MM, YYYY-MM-DD or None
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
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


def analyze(article: Article) -> Analysis:
    """Analyse the article's unmasked text."""
    raise NotImplementedError


def resolve_date(text: str, published: str | None, sentence: str = "") -> tuple[str | None, str | None]:
    """Resolve a date expression to (value, precision) against `published`, or (None, None)."""
    raise NotImplementedError
