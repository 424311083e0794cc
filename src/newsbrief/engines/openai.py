"""The openai engine: instructor on the openai SDK, against any OpenAI-compatible endpoint.

Configured by `OPENAI_BASE_URL`, `OPENAI_API_KEY`, `--model` / `NEWSBRIEF_MODEL` and
`--mode` / `NEWSBRIEF_MODE`. Modes: `tools` (default; OpenAI and llama.cpp server),
`json_schema` (Ollama, vLLM; llama.cpp server answers it with HTTP 500), `json`, `md_json`.
Transport retries come from `engines.transport` (the SDK's own are off); validation re-asks
from `engines.reask`.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

import instructor
import openai
from instructor.core.exceptions import InstructorRetryException
from pydantic import ValidationError

from newsbrief import prompting
from newsbrief.engines import DraftResult
from newsbrief.engines.reask import DEFAULT_MAX_RETRIES, DEFAULT_TOKEN_BUDGET, Answer, draft_with_reasks
from newsbrief.engines.transport import RetryPolicy, scrub
from newsbrief.errors import ConfigError
from newsbrief.schema import Draft, Usage

if TYPE_CHECKING:
    from newsbrief.analyze import Analysis
    from newsbrief.load import Article

OPENAI_API = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
# Local servers ignore the key, but the SDK refuses to start without one.
DUMMY_KEY = "not-needed"
MODES = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}


def _usage(value: Any) -> Usage:
    """Token counts from a completion or an instructor usage total (zero when absent)."""
    usage = getattr(value, "usage", value)
    return Usage(
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
    )


def _text(completion: Any) -> str:
    """What the model said: the tool call's arguments, or the message content."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return ""
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return str(calls[0].function.arguments or "")
    return str(getattr(message, "content", "") or "")


def _lenient(text: str) -> Draft | None:
    """The answer read again allowing raw line breaks inside JSON strings (small models write them)."""
    try:
        return Draft.model_validate(json.loads(text, strict=False))
    except (ValueError, ValidationError):
        return None


def _short(exc: BaseException) -> str:
    """A parse error in a few hundred characters, for the re-ask message."""
    cause = exc.__cause__ or exc
    return scrub(" ".join(str(cause).split())[:600])


class OpenAIEngine:
    """Drafts through an OpenAI-compatible chat completions endpoint."""

    name = "openai"
    # Remote calls mostly wait, so a batch runs this many articles at once (`--jobs`).
    default_jobs = 8
    # Article characters per call (~3,000 tokens): with the hints, the rules and a 4,096-token
    # answer this fits an 8k-context server. Longer articles are drafted in windows (`windows`).
    window_chars = 12_000

    def __init__(
        self,
        model: str | None = None,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        mode: str | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        token_budget: int = DEFAULT_TOKEN_BUDGET,
        max_tokens: int = 4096,
        temperature: float = 0.0,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.base_url = (base_url or os.environ.get("OPENAI_BASE_URL") or OPENAI_API).rstrip("/")
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if self.base_url == OPENAI_API:
                raise ConfigError("no OPENAI_API_KEY: set it, or set OPENAI_BASE_URL to a local server")
            key = DUMMY_KEY
        self.mode = (mode or os.environ.get("NEWSBRIEF_MODE") or "tools").lower()
        if self.mode not in MODES:
            raise ConfigError(f"unknown mode {self.mode!r}; use one of {', '.join(MODES)}")
        self._model = model or os.environ.get("NEWSBRIEF_MODEL") or None
        self.max_retries = max_retries
        self.token_budget = token_budget
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.policy = policy or RetryPolicy()
        self._sdk = openai.OpenAI(
            base_url=self.base_url, api_key=key, max_retries=0, timeout=self.policy.timeout_s
        )
        self._client = instructor.from_openai(self._sdk, mode=MODES[self.mode])

    @property
    def model(self) -> str:
        """The model asked for; on a non-OpenAI server without one, the first model it lists."""
        if self._model is None:
            if self.base_url == OPENAI_API:
                self._model = DEFAULT_OPENAI_MODEL
            else:
                self._model = self.models()[0] if self.models() else None
                if not self._model:
                    raise ConfigError(f"{self.base_url} lists no models; pass --model or set NEWSBRIEF_MODEL")
        return self._model

    def models(self) -> list[str]:
        """Model ids the endpoint lists."""
        page = self.policy.call(lambda: self._sdk.models.list(), endpoint=self.base_url)
        return sorted(m.id for m in page.data)

    def fingerprint(self) -> str:
        """Model, prompt version and the options that change the draft."""
        return "|".join(
            [
                "openai",
                self.model,
                prompting.prompt_version(),
                self.mode,
                str(self.temperature),
                str(self.max_tokens),
                str(self.max_retries),
            ]
        )

    def draft(self, article: Article, analysis: Analysis) -> DraftResult:
        """Ask the endpoint for a draft, re-asking about items that fail validation."""
        return draft_with_reasks(
            self._ask,
            article,
            analysis,
            model=self.model,
            mode=self.mode,
            max_retries=self.max_retries,
            token_budget=self.token_budget,
        )

    def _ask(self, messages: list[prompting.Message]) -> Answer:
        """One model answer, through the transport policy; a parse failure is an answer too."""

        def create() -> tuple[Draft, Any]:
            return self._client.chat.completions.create_with_completion(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                response_model=Draft,
                max_retries=0,  # instructor's own re-asks off: engines.reask does them
                max_tokens=self.max_tokens,
                temperature=self.temperature,
            )

        try:
            draft, completion = self.policy.call(create, endpoint=self.base_url, model=self.model)
        except InstructorRetryException as e:
            completion = e.last_completion
            usage = _usage(e.total_usage) if e.total_usage is not None else _usage(completion)
            text = _text(completion)
            lenient = _lenient(text)
            if lenient is not None:
                return Answer(draft=lenient, text=text, usage=usage)
            return Answer(draft=None, text=text, usage=usage, parse_error=_short(e))
        return Answer(draft=draft, text=_text(completion), usage=_usage(completion))
