"""The prompts the LLM engines send: jinja2 templates in `prompts/`, rendered strictly.

The article reaches the model as numbered sentences between `<article>` and `</article>`,
declared as untrusted data. Anything in the article that could pass for one of those
markers, or for a chat-template control token, is neutralised first, so the article can
never close its own box or open a new turn.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from newsbrief.errors import ConfigError
from newsbrief.schema import Draft

if TYPE_CHECKING:
    from newsbrief.analyze import Analysis
    from newsbrief.load import Article

PROMPTS = Path(__file__).resolve().parent / "prompts"
TEMPLATES = ("system.j2", "extract.j2", "reask.j2")

# How many items of each kind the model is asked for: a brief is a digest, and small
# models otherwise ramble until they run out of tokens.
LIMITS = {"actors": 12, "actions": 12, "dates": 8, "justifications": 6, "disputed_claims": 6}

Message = dict[str, str]

# Our own delimiters, and the control tokens of common chat templates (ChatML, Gemma,
# Llama, Mistral): spelled inside an article, they are rewritten with look-alike angle
# brackets so they stay readable but mean nothing to the template or to the model.
_TAG = re.compile(
    r"<\s*/?\s*(?:article|system|user|assistant|tool|start_of_turn|end_of_turn|bos|eos|s)\b[^<>]{0,40}>",
    re.IGNORECASE,
)
_PIPE_TOKEN = re.compile(r"<\|[^<>|]{0,40}\|>")
_INST = re.compile(r"\[\s*/?\s*(?:INST|SYS)\s*\]", re.IGNORECASE)
_LINEBREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def neutralize(text: str) -> str:
    """Make untrusted article text safe to place inside the prompt's `<article>` box.

    Line breaks become spaces (one sentence per line, so no forged `[n]` lines), and
    delimiter or control-token look-alikes get look-alike brackets.
    """
    text = _LINEBREAKS.sub(" ", text)
    text = _TAG.sub(lambda m: "\u2039" + m.group(0)[1:-1] + "\u203a", text)
    text = _PIPE_TOKEN.sub(lambda m: "\u2039" + m.group(0)[1:-1] + "\u203a", text)
    return _INST.sub(lambda m: "\u27e6" + m.group(0)[1:-1] + "\u27e7", text)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # Not HTML: autoescape off. StrictUndefined: a missing variable fails and names itself.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PROMPTS),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=False,
    )


def render(name: str, **variables: Any) -> str:
    """Render one template; a variable the template needs but was not given is a ConfigError."""
    try:
        return _environment().get_template(name).render(**variables).strip() + "\n"
    except jinja2.UndefinedError as e:
        raise ConfigError(f"prompt template {name}: {e}; pass that variable when rendering") from e
    except jinja2.TemplateNotFound as e:
        raise ConfigError(f"prompt template {name} not found in {PROMPTS}; reinstall newsbrief") from e


@lru_cache(maxsize=1)
def prompt_version() -> str:
    """Short hash of everything the model reads besides the article: templates and Draft schema.

    The Draft schema counts because its docstrings and descriptions are part of the prompt.
    """
    digest = hashlib.sha256()
    for name in TEMPLATES:
        digest.update(name.encode() + b"\0" + (PROMPTS / name).read_bytes() + b"\0")
    digest.update(json.dumps(Draft.model_json_schema(), sort_keys=True).encode())
    return digest.hexdigest()[:12]


def _hints(article: Article, analysis: Analysis, limits: dict[str, int]) -> dict[str, Any]:
    """The analysis facts shown to the model, neutralised like the article itself."""
    seen: set[tuple[str, str]] = set()
    entities = []
    for ent in analysis.entities:
        key = (ent.text.strip(), ent.label)
        if key[0] and key not in seen:
            seen.add(key)
            entities.append({"text": neutralize(key[0]), "label": ent.label})
    dates = [
        {"text": neutralize(d.text), "sentence": d.sentence, "value": d.value, "precision": d.precision}
        for d in analysis.dates
    ]
    return {
        "title": neutralize(article.title) if article.title else None,
        "published": article.published,
        "entities": entities,
        "dates": dates,
        "sentences": [{"index": s.index, "text": neutralize(s.text)} for s in analysis.sentences],
        "limits": limits,
    }


def messages(article: Article, analysis: Analysis, limits: dict[str, int] | None = None) -> list[Message]:
    """The opening conversation: system rules, then the article and its hints."""
    return [
        {"role": "system", "content": render("system.j2")},
        {"role": "user", "content": render("extract.j2", **_hints(article, analysis, limits or LIMITS))},
    ]


def reask(problems: list[str], parse_error: str | None = None) -> Message:
    """The follow-up message naming what was wrong with the previous answer."""
    return {"role": "user", "content": render("reask.j2", problems=problems, parse_error=parse_error)}
