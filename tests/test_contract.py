"""The public contract: schema file in sync, exported API, every command documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsbrief
from newsbrief.cli import app
from newsbrief.schema import Brief

ROOT = Path(__file__).resolve().parent.parent


def test_schema_file_matches_models() -> None:
    committed = json.loads((ROOT / "schemas" / "brief.schema.json").read_text(encoding="utf-8"))
    assert committed == Brief.model_json_schema(), "schemas/brief.schema.json is stale: run `make schemas`"


def test_all_is_sorted_and_exported() -> None:
    assert newsbrief.__all__ == sorted(newsbrief.__all__)
    for name in newsbrief.__all__:
        assert getattr(newsbrief, name) is not None


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    import typer.main

    group = typer.main.get_command(app)
    assert group.commands[command].help, f"`newsbrief {command}` has no help text"  # type: ignore[attr-defined]
