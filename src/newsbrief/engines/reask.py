"""The validation re-ask loop both LLM engines share.

One turn = one model answer. A turn whose answer cannot be parsed into a `Draft`, or whose
draft `ground.problems` finds fault with (quotes not in the cited sentence, unknown actor
names, dates that do not parse), is re-asked with a message naming each failing item.
Re-asks are bounded by `max_retries` and by a token budget per brief. Whatever still fails
after that is left to `ground`, which drops it and counts it in the brief's warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsbrief import prompting
from newsbrief.engines import DraftResult
from newsbrief.errors import EngineError
from newsbrief.schema import Draft, Usage

if TYPE_CHECKING:
    from newsbrief.analyze import Analysis
    from newsbrief.load import Article

DEFAULT_MAX_RETRIES = 2
DEFAULT_TOKEN_BUDGET = 60_000
MAX_PROBLEMS_SHOWN = 12  # a re-ask names at most this many items, so it stays short


@dataclass
class Answer:
    """One model answer: the draft if it parsed, else why not, and what it cost."""

    draft: Draft | None
    text: str  # what the model said, replayed as its turn when re-asking
    usage: Usage = field(default_factory=Usage)
    parse_error: str | None = None


Ask = Callable[[list[prompting.Message]], Answer]


def _is_summary(text: str) -> bool:
    """Whether text reads as prose at all: small models fill the summary with '":{"'."""
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 3


def _problems(article: Article, analysis: Analysis, draft: Draft) -> list[str]:
    from newsbrief import ground  # lazy: ground sits downstream of the engines

    found = list(ground.problems(article, analysis, draft))
    if not _is_summary(draft.summary):
        found.append(
            f"summary: {draft.summary[:60]!r} is not a summary; write two or three sentences about the story"
        )
    return found


def draft_with_reasks(
    ask: Ask,
    article: Article,
    analysis: Analysis,
    *,
    model: str | None,
    mode: str | None,
    max_retries: int = DEFAULT_MAX_RETRIES,
    token_budget: int = DEFAULT_TOKEN_BUDGET,
    limits: dict[str, int] | None = None,
) -> DraftResult:
    """Ask for a draft, re-asking about what fails validation; return the best draft obtained."""
    opening = prompting.messages(article, analysis, limits)
    messages = opening
    usage = Usage()
    attempts = 0
    best: tuple[int, Draft] | None = None  # (problem count, draft): fewest problems wins, later on ties
    last_problems: list[str] = []
    parse_failures = 0
    while True:
        answer = ask(messages)
        attempts += 1
        usage = Usage(
            prompt_tokens=usage.prompt_tokens + answer.usage.prompt_tokens,
            completion_tokens=usage.completion_tokens + answer.usage.completion_tokens,
        )
        if answer.draft is None:
            parse_failures += 1
            problems: list[str] = []
        else:
            problems = _problems(article, analysis, answer.draft)
            if best is None or len(problems) <= best[0]:
                best = (len(problems), answer.draft)
                last_problems = problems
        if answer.draft is not None and not problems:
            break
        spent = usage.prompt_tokens + usage.completion_tokens
        if attempts > max_retries or spent >= token_budget:
            break
        # Only the latest answer goes back, not the whole history: the conversation stays
        # within small context windows and the token budget.
        messages = [
            *opening,
            {"role": "assistant", "content": answer.text[:4000]},
            prompting.reask(problems[:MAX_PROBLEMS_SHOWN], answer.parse_error),
        ]

    if best is None:
        raise EngineError(
            f"{article.source}: the model gave no readable draft in {attempts} attempt(s); "
            "try a larger model or another --mode"
        )
    draft = best[1]
    warnings = []
    if not _is_summary(draft.summary):  # junk is not written as a summary
        draft = draft.model_copy(update={"summary": ""})
        warnings.append("the model wrote no usable summary; left empty")
    if parse_failures:
        warnings.append(f"{parse_failures} of {attempts} model answers could not be read as a draft")
    if last_problems:
        warnings.append(
            f"{len(last_problems)} problem(s) left in the model's draft after {attempts} attempt(s); "
            "the items concerned are dropped, not guessed"
        )
    return DraftResult(
        draft=draft,
        model=model,
        prompt_version=prompting.prompt_version(),
        mode=mode,
        attempts=attempts,
        usage=usage,
        warnings=warnings,
    )
