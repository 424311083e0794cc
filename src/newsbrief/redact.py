"""Keep secrets out of logs, error messages and anything else newsbrief prints or writes."""

from __future__ import annotations

import logging
import os
import re
import sys

_KEY_ENV = ("OPENAI_API_KEY", "NEWSBRIEF_API_KEY", "AZURE_OPENAI_API_KEY")
_KEYLIKE = re.compile(
    r"(?i)(\bsk-[A-Za-z0-9_\-]{8,}|\b(?:bearer|api[-_ ]?key|authorization)\s*[:=]?\s*[A-Za-z0-9_\-\.]{8,})"
)
MASK = "***"


def redact(text: str) -> str:
    """`text` with API keys from the environment and anything key-shaped replaced by ***."""
    for var in _KEY_ENV:
        value = os.environ.get(var)
        if value and len(value) >= 4:
            text = text.replace(value, MASK)
    return _KEYLIKE.sub(lambda m: m.group(0).split()[0] + " " + MASK if " " in m.group(0) else MASK, text)


class RedactingFormatter(logging.Formatter):
    """One redacted line per record: exceptions are summarized, never dumped as tracebacks."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            line += f" ({type(exc).__name__}: {exc})"
        return redact(" ".join(line.split()))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (it may be swapped, e.g. under a test runner)."""

    @property  # type: ignore[override]
    def stream(self):  # type: ignore[no-untyped-def]
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def setup_logging(verbose: bool) -> None:
    """Log to stderr (debug with --verbose, warnings otherwise), secrets redacted."""
    handler = _StderrHandler()
    handler.setFormatter(RedactingFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    for noisy in ("httpcore", "hpack", "urllib3", "filelock"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.WARNING)
    # instructor logs every failed parse as an ERROR; our re-ask loop reports those itself.
    logging.getLogger("instructor").setLevel(logging.DEBUG if verbose else logging.CRITICAL)
