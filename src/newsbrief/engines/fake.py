"""The fake engine: replays queued drafts, so pipeline tests need no model.

    engine = FakeEngine([draft1, {"summary": "...", "actors": []}, EngineError("boom")])

Each `draft()` call takes the next queued item: a `Draft` (or a dict validated into one)
is returned, an exception is raised. With `reask=True` the items are instead the answers
of one brief's validation loop (`engines.reask`): the first answer, then each re-ask's.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from newsbrief import prompting
from newsbrief.engines import DraftResult
from newsbrief.engines.reask import DEFAULT_MAX_RETRIES, Answer, draft_with_reasks
from newsbrief.errors import EngineError
from newsbrief.schema import Draft, Usage

if TYPE_CHECKING:
    from newsbrief.analyze import Analysis
    from newsbrief.load import Article


class FakeEngine:
    """An engine that answers from a queue, recording the conversations it was sent."""

    name = "fake"
    model = "fake"

    def __init__(
        self,
        drafts: list[Draft | dict[str, Any] | Exception],
        *,
        reask: bool = False,
        max_retries: int = DEFAULT_MAX_RETRIES,
    ) -> None:
        self.queue: deque[Draft | dict[str, Any] | Exception] = deque(drafts)
        self.reask = reask
        self.max_retries = max_retries
        self.sent: list[list[prompting.Message]] = []  # every conversation asked, in order

    def fingerprint(self) -> str:
        """Fake drafts are never worth caching across tests: a fresh key per queue."""
        return f"fake|{id(self)}"

    def _next(self) -> Draft:
        if not self.queue:
            raise EngineError("fake engine: no queued draft left; queue one per expected call")
        item = self.queue.popleft()
        if isinstance(item, Exception):
            raise item
        return item if isinstance(item, Draft) else Draft.model_validate(item)

    def _ask(self, messages: list[prompting.Message]) -> Answer:
        self.sent.append(messages)
        draft = self._next()
        return Answer(draft=draft, text=draft.model_dump_json(), usage=Usage())

    def draft(self, article: Article, analysis: Analysis) -> DraftResult:
        """The next queued draft (or, with `reask`, the outcome of a re-ask loop over the queue)."""
        if self.reask:
            return draft_with_reasks(
                self._ask, article, analysis, model=self.model, mode="fake", max_retries=self.max_retries
            )
        self.sent.append(prompting.messages(article, analysis))
        return DraftResult(
            draft=self._next(), model=self.model, prompt_version=prompting.prompt_version(), mode="fake"
        )
