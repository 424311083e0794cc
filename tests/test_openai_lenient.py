"""Small models put raw line breaks inside JSON strings; the openai engine reads them anyway."""

from __future__ import annotations

import json

import pytest
from tests.stub_server import Reply, StubServer, completion

from newsbrief.analyze import analyze
from newsbrief.engines.openai import OpenAIEngine
from newsbrief.load import from_text

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def test_raw_line_break_inside_a_json_string_is_one_attempt_not_a_failure() -> None:
    draft = {
        "summary": "Acme fired its chief.\nThe board agreed.",
        "actors": [{"name": "Acme", "kind": "organization"}],
    }
    body = completion(draft, as_tool=True, model="stub-model", usage=(50, 10))
    args = body["choices"][0]["message"]["tool_calls"][0]["function"]
    args["arguments"] = args["arguments"].replace("\\n", "\n")  # a raw control character, invalid strict JSON
    article = from_text("Acme fired its chief executive on Monday.\n", source="acme.txt")
    with StubServer() as server:
        server.enqueue(Reply(body=json.dumps(body)))
        result = OpenAIEngine("stub-model", base_url=server.url, max_retries=0).draft(
            article, analyze(article)
        )
    assert result.attempts == 1
    assert result.draft.summary == "Acme fired its chief.\nThe board agreed."
    assert [a.name for a in result.draft.actors] == ["Acme"]
