"""Errors newsbrief raises. Each message says what to do next, in one line.

NewsbriefError
├── InputError          an article cannot be read (missing, empty, binary, too big, ...)
├── ConfigError         the engine is not configured (no key, bad base URL, no model file)
├── EngineError         the model failed after retries (rate limit, timeout, bad answers)
│   └── TransportError  the endpoint could not be reached or kept failing
└── OutputError         a brief could not be written
"""

from __future__ import annotations


class NewsbriefError(Exception):
    """Base of every error newsbrief raises on purpose. Its text never carries an API key."""

    def __str__(self) -> str:
        from newsbrief.redact import redact

        return redact(super().__str__())


class InputError(NewsbriefError):
    """An article cannot be read or is not an article."""


class ConfigError(NewsbriefError):
    """The engine or its endpoint is not configured correctly."""


class EngineError(NewsbriefError):
    """The engine could not produce a draft."""


class TransportError(EngineError):
    """The model endpoint could not be reached, or kept failing past the retry budget."""


class OutputError(NewsbriefError):
    """A brief could not be written."""
