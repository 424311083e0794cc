"""Keep secrets out of logs, error messages and anything else newsbrief prints or writes."""

from __future__ import annotations

import logging
import os
import re

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


class RedactingFilter(logging.Filter):
    """A logging filter that redacts every record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


def setup_logging(verbose: bool) -> None:
    """Log to stderr (debug with --verbose, warnings otherwise), secrets redacted."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    for noisy in ("httpcore", "hpack", "urllib3", "filelock"):
        logging.getLogger(noisy).setLevel(logging.INFO if verbose else logging.WARNING)
