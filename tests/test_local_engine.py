"""The local engine, for real: the bundled Gemma 3 270M in process on a sample article.

Grammar-constrained sampling over Gemma's 262k-token vocabulary is slow in llama-cpp-python
(about a second per token on two busy cores), so this run asks for a very small brief:
one actor, one action, a short summary.
"""

from __future__ import annotations

import pytest
from tests.conftest import SAMPLES

from newsbrief.analyze import analyze
from newsbrief.engines.local import LocalEngine, bounded_schema
from newsbrief.ground import ground
from newsbrief.load import load
from newsbrief.schema import Brief

llama_cpp = pytest.importorskip("llama_cpp", reason="pip install 'newsbrief[local]'")
SMALL = {"actors": 1, "actions": 1, "dates": 0, "justifications": 0, "disputed_claims": 0}


def test_bounded_schema_caps_lists_and_strings():
    schema = bounded_schema(SMALL, max_text=40)
    props = schema["properties"]
    assert list(props)[-1] == "summary" and set(schema["required"]) == set(props)
    assert props["actors"]["maxItems"] == 1 and props["dates"]["maxItems"] == 0
    assert props["summary"]["maxLength"] == 120
    evidence = schema["$defs"]["DraftAction"]["properties"]["evidence"]
    assert evidence["maxItems"] == 2


def test_missing_model_file_is_a_config_error(tmp_path):
    from newsbrief.errors import ConfigError

    with pytest.raises(ConfigError, match="no such model file"):
        LocalEngine(str(tmp_path / "nope.gguf"))


@pytest.mark.slow
def test_bundled_model_writes_a_valid_grounded_brief():
    article = load(min(SAMPLES, key=lambda p: p.stat().st_size))
    analysis = analyze(article)
    engine = LocalEngine(n_ctx=2048, max_tokens=160, max_retries=1, limits=SMALL, max_text=48)
    result = engine.draft(article, analysis)
    brief = Brief.model_validate(ground(article, analysis, result, engine.name).model_dump())

    assert brief.provenance.engine == "local" and brief.provenance.model == "gemma-3-270m-q4_k_m.gguf"
    assert 1 <= brief.provenance.attempts <= 2
    assert brief.provenance.usage.prompt_tokens > 0 and brief.provenance.usage.completion_tokens > 0
    assert brief.summary or brief.warnings
    for item in [*brief.actions, *brief.dates, *brief.justifications, *brief.disputed_claims]:
        for span in item.evidence:
            assert article.text[span.start : span.end] == span.quote
    for actor in brief.actors:
        for span in actor.mentions:
            assert article.text[span.start : span.end] == span.quote
