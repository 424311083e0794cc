"""End to end on the sample articles: committed briefs are valid, grounded and reproducible."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from newsbrief import Brief, brief
from newsbrief.cli import app
from newsbrief.engines.rules import RulesEngine

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "articles").glob("*.txt"))
SCHEMA = json.loads((ROOT / "schemas" / "brief.schema.json").read_text(encoding="utf-8"))


def _spans(data: dict) -> list[dict]:
    out = [m for a in data["actors"] for m in a["mentions"]]
    for group in ("actions", "dates", "justifications", "disputed_claims"):
        out += [e for item in data[group] for e in item["evidence"]]
    return out


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample briefs made anew, the way `make brief` makes them."""
    out = tmp_path_factory.mktemp("briefs")
    result = CliRunner().invoke(
        app,
        ["brief", "articles", "--out", str(out), "--format", "json,md", "--engine", "rules"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return out


def test_samples_exist() -> None:
    assert len(SAMPLES) == 5


@pytest.mark.parametrize("article", SAMPLES, ids=lambda p: p.stem)
def test_committed_brief_is_valid_and_grounded(article: Path) -> None:
    data = json.loads((ROOT / "briefs" / f"{article.stem}.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    Brief.model_validate(data)
    text = data["article"]["text"] or article.read_text(encoding="utf-8")
    spans = _spans(data)
    assert spans, "a brief with no evidence at all"
    for span in spans:
        assert text[span["start"] : span["end"]] == span["quote"]


@pytest.mark.parametrize("article", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("suffix", [".json", ".md"])
def test_fresh_run_reproduces_committed_briefs(fresh: Path, article: Path, suffix: str) -> None:
    committed = (ROOT / "briefs" / f"{article.stem}{suffix}").read_text(encoding="utf-8")
    made = (fresh / f"{article.stem}{suffix}").read_text(encoding="utf-8")
    assert made == committed, f"briefs/{article.stem}{suffix} is stale: run `make brief` and commit it"


def test_library_accepts_text_and_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    path = SAMPLES[1]
    from_path = brief(f"articles/{path.name}", engine=RulesEngine())
    from_text = brief(path.read_text(encoding="utf-8"), engine=RulesEngine())
    assert from_path.article.source == f"articles/{path.name}"
    assert from_text.article.id == from_path.article.id
    assert [a.name for a in from_text.actors] == [a.name for a in from_path.actors]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("bad.txt", b"\xff\xfe\xfd not text \xc3\x28 \x80\x81", ""),
    ],
)
def test_bad_file_one_line_error_and_others_still_written(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / name).write_bytes(content)
    (src / "good.txt").write_text(SAMPLES[1].read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["brief", str(src), "--out", str(out), "--engine", "rules"])
    assert result.exit_code == 1
    assert (out / "good.json").is_file() and (out / "good.md").is_file()
    assert not (out / f"{Path(name).stem}.json").exists()
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and name in errors[0] and message in errors[0].lower()
    assert "Traceback" not in result.output
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))


def test_missing_path_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["brief", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert "nope.txt" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()
