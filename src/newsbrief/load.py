"""Read an article file (txt, md, html, json) into an `Article`, masking scraped junk.

Offsets in a brief refer to `Article.text`: for .txt and .md the file's text as read, for
HTML and JSON the extracted article text. Junk (navigation, ads, teasers, feeds) is masked,
never cut, so offsets stay true; what was masked is reported in `Article.warnings`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from newsbrief.errors import InputError

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")


@dataclass
class Article:
    """An article as newsbrief reads it."""

    text: str
    source: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str = "en"
    format: str = "txt"  # txt, md, html, json
    masked: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, why)
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Hash of the normalized text: the same story text gives the same id."""
        normalized = " ".join(self.text.split())
        return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]

    @property
    def clean_text(self) -> str:
        """`text` with masked spans blanked (same length, newlines kept) for analysis."""
        if not self.masked:
            return self.text
        chars = list(self.text)
        for start, end, _ in self.masked:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)

    @property
    def carries_text(self) -> bool:
        """Whether the brief must carry the text (offsets do not refer to the file)."""
        return self.format in ("html", "json")

    def is_masked(self, start: int, end: int) -> bool:
        """Whether any part of [start, end) lies in masked junk."""
        return any(s < end and start < e for s, e, _ in self.masked)


def load(path: str | Path, *, published: str | None = None) -> Article:
    """Read one article file; `published` (YYYY-MM-DD) overrides what the page states."""
    raise NotImplementedError


def from_text(
    text: str, *, source: str = "<text>", published: str | None = None, title: str | None = None
) -> Article:
    """Make an article from text already in memory (plain text or Markdown)."""
    raise NotImplementedError
