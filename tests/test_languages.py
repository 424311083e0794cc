"""Articles not in English: language recorded; rules engine says it cannot read them; LLM engines can."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.stub_server import Reply, StubServer
from typer.testing import CliRunner

from newsbrief.cli import app

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

ARTICLES = {
    "ru": "Президент России Владимир Путин поручил правительству ограничить иностранные мессенджеры.\n\n"
    "Об этом в воскресенье сообщила внешняя разведка Украины.\n",
    "uk": "Президент Росії Володимир Путін доручив уряду обмежити іноземні месенджери.\n\n"
    "Про це в неділю повідомила Служба зовнішньої розвідки України.\n",
}


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_rules_engine_says_it_reads_english_only(tmp_path: Path, lang: str) -> None:
    src = tmp_path / f"{lang}.txt"
    src.write_text(ARTICLES[lang], encoding="utf-8")
    result = CliRunner().invoke(app, ["brief", str(src), "--out", str(tmp_path / "o"), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "o" / f"{lang}.json").read_text(encoding="utf-8"))
    assert data["article"]["language"] == lang
    assert data["actors"] == [] and data["actions"] == []
    assert any("English only" in w and "--engine openai" in w for w in data["warnings"])


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_openai_engine_grounds_a_cyrillic_draft(tmp_path: Path, lang: str) -> None:
    text = ARTICLES[lang]
    first = text.split("\n")[0]
    name = first.split()[2] + " " + first.split()[3]  # the president's name as written
    draft = {
        "summary": first,
        "actors": [{"name": name, "kind": "person"}],
        "actions": [
            {
                "actor": name,
                "action": "ordered restrictions",
                "evidence": [{"sentence": 0, "quote": first[:60]}],
            }
        ],
    }
    src = tmp_path / f"{lang}.txt"
    src.write_text(text, encoding="utf-8")
    with StubServer() as server:
        server.enqueue(Reply(draft=draft))
        result = CliRunner().invoke(
            app,
            ["brief", str(src), "--out", str(tmp_path / "o"), "--engine", "openai", "--model", "stub-model"],
            env={"OPENAI_BASE_URL": server.url},
        )
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "o" / f"{lang}.json").read_text(encoding="utf-8"))
    assert data["article"]["language"] == lang and data["provenance"]["engine"] == "openai"
    assert [a["name"] for a in data["actors"]] == [name]
    span = data["actions"][0]["evidence"][0]
    assert text[span["start"] : span["end"]] == span["quote"] == first[:60]
