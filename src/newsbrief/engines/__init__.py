"""The one seam to extraction: `Engine.draft(article, analysis) -> DraftResult`.

`rules` needs no model and is the embedded default; `openai` and `local` drive an LLM;
`fake` replays queued drafts for tests. Engines never import render or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from newsbrief.schema import Draft, Usage

if TYPE_CHECKING:
    from newsbrief.analyze import Analysis
    from newsbrief.load import Article


@dataclass
class DraftResult:
    """A draft and how it was obtained."""

    draft: Draft
    model: str | None = None
    prompt_version: str | None = None
    mode: str | None = None
    attempts: int = 1
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)


class Engine(Protocol):
    """Anything that turns an analysed article into a draft."""

    name: str

    def fingerprint(self) -> str:
        """What, besides the article, decides this engine's output (model, prompt, options)."""
        ...

    def draft(self, article: Article, analysis: Analysis) -> DraftResult: ...
