"""The one transport retry policy for model endpoints, and the translation of their errors.

Retried: HTTP 408, 409, 429 and 5xx, timeouts and connection errors, with exponential
backoff and jitter, honouring `Retry-After` (seconds or an HTTP date) up to a cap, bounded
in tries and in total time. The openai SDK's own retries are switched off
(`max_retries=0`), so nothing stacks on top of this. Validation re-asks are a separate
loop (`engines.reask`); this module only gets one answer through.

Only this module looks inside openai/httpx exceptions; callers see `newsbrief.errors`,
with messages that say what to do and never contain a key.
"""

from __future__ import annotations

import email.utils
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
import openai
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, stop_after_delay
from tenacity.wait import wait_exponential_jitter

from newsbrief.errors import ConfigError, EngineError, NewsbriefError, TransportError

T = TypeVar("T")

RETRY_STATUS = frozenset({408, 409, 429}) | frozenset(range(500, 600))

_KEYLIKE = re.compile(
    r"(?:sk|pk|rk|sess|key)-[A-Za-z0-9_\-]{8,}"  # OpenAI-style keys and relatives
    r"|(?i:bearer)\s+[A-Za-z0-9._\-~+/]{8,}=*"  # bearer tokens
    r"|(?i:api[_-]?key|token|secret|password)[\"']?\s*[:=]\s*[\"']?[^\s\"',;&]{4,}"
)


def scrub(text: str) -> str:
    """Remove anything key-like (and the configured key itself) from text meant for people."""
    key = os.environ.get("OPENAI_API_KEY", "")
    if len(key) >= 4:
        text = text.replace(key, "***")
    return _KEYLIKE.sub("***", text)


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often to retry one request. Tests shrink the timings."""

    max_tries: int = 5
    max_total_s: float = 120.0  # across all tries of one request, waits included
    initial_wait_s: float = 1.0
    max_wait_s: float = 20.0
    jitter_s: float = 1.0
    retry_after_cap_s: float = 60.0  # a longer Retry-After is cut to this
    timeout_s: float = 120.0  # per request, given to the HTTP client
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)

    def call(self, fn: Callable[[], T], *, endpoint: str, model: str | None = None) -> T:
        """Run `fn` (one request) under this policy; failures become newsbrief errors."""
        backoff = wait_exponential_jitter(
            multiplier=self.initial_wait_s, max=self.max_wait_s, jitter=self.jitter_s
        )

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            hinted = retry_after(exc)
            if hinted is not None:
                return min(hinted, self.retry_after_cap_s)
            return float(backoff(state))

        retrying = Retrying(
            stop=stop_after_attempt(self.max_tries) | stop_after_delay(self.max_total_s),
            wait=wait,
            retry=retry_if_exception(is_retryable),
            sleep=self.sleep,
            reraise=True,
        )
        tries = 0

        def counted() -> T:
            nonlocal tries
            tries += 1
            return fn()

        try:
            return retrying(counted)
        except NewsbriefError:
            raise
        except Exception as e:
            translated = translate(e, endpoint=endpoint, model=model, tries=tries, timeout_s=self.timeout_s)
            if translated is None:
                raise
            raise translated from None


def root_cause(exc: BaseException | None) -> BaseException | None:
    """The transport error under wrappers (instructor wraps API errors in its own)."""
    seen = 0
    while exc is not None and not isinstance(exc, openai.APIError | httpx.HTTPError) and seen < 5:
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return exc


def is_retryable(exc: BaseException | None) -> bool:
    """Whether another try could succeed: throttling, server trouble, timeouts, connections."""
    exc = root_cause(exc)
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRY_STATUS
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code in RETRY_STATUS
    return isinstance(exc, openai.APIConnectionError | httpx.TimeoutException | httpx.TransportError)


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (`Retry-After`: seconds or HTTP date), if any."""
    exc = root_cause(exc)
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _detail(exc: Any) -> str:
    """The server's own words about an error, short and scrubbed."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        body = body.get("message") or body.get("error") or body
    text = str(body) if body else str(getattr(exc, "message", "") or exc)
    text = " ".join(text.split())
    return scrub(text[:200])


def translate(
    exc: BaseException, *, endpoint: str, model: str | None, tries: int, timeout_s: float
) -> NewsbriefError | None:
    """A newsbrief error saying what to do about a transport failure; None if not one."""
    root = root_cause(exc)
    where = scrub(endpoint)
    after = f" after {tries} tr{'y' if tries == 1 else 'ies'}"
    status = getattr(root, "status_code", None)
    if status is None and isinstance(root, httpx.HTTPStatusError):
        status = root.response.status_code
    if status in (401, 403):
        return ConfigError(f"{where} refused the API key (HTTP {status}); set OPENAI_API_KEY to a valid key")
    if status == 404:
        return ConfigError(
            f"{where} has no model {model!r} or no such path (HTTP 404); check --model / NEWSBRIEF_MODEL "
            f"(list models with `newsbrief engines` or `curl {where}/models`) and that OPENAI_BASE_URL ends in /v1"
        )
    if status == 429:
        return TransportError(
            f"{where} kept rate-limiting (HTTP 429){after}; wait and retry, or lower concurrency"
        )
    if status is not None and status >= 500:
        return TransportError(
            f"{where} kept failing (HTTP {status}: {_detail(root)}){after}; check the server"
        )
    if status is not None:
        return EngineError(
            f"{where} rejected the request (HTTP {status}: {_detail(root)}); check --model and --mode"
        )
    if isinstance(root, openai.APITimeoutError | httpx.TimeoutException):
        return TransportError(
            f"no answer from {where} within {timeout_s:g}s{after}; raise --timeout or check the server"
        )
    if isinstance(root, openai.APIConnectionError | httpx.TransportError):
        cause = root.__cause__ or root
        return ConfigError(
            f"cannot connect to {where}{after} ({scrub(type(cause).__name__)}); is the server running at {where}? "
            "check OPENAI_BASE_URL"
        )
    if isinstance(root, openai.APIError):
        return EngineError(
            f"{where} sent an answer that could not be used ({_detail(root)}); check the server"
        )
    return None
