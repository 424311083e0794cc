"""The HTML view in a real headless Chromium: evidence is highlighted and no script from the article runs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from briefs_by_hand import TEXT, base_brief, span
from newsbrief import render
from newsbrief.schema import Action

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("screenshot", ROOT / "scripts" / "screenshot.py")
assert _spec and _spec.loader
shot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shot)

pytestmark = pytest.mark.skipif(shot.find_chromium() is None, reason="chromium is not installed")

ATTACK = (
    '<script>document.title="pwned";document.body.setAttribute("data-pwned","1")</script>'
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"
    '</script><script>document.body.setAttribute("data-pwned","3")</script>'
)
HOSTILE = TEXT + " " + ATTACK


def _page(tmp_path: Path) -> Path:
    brief = base_brief(HOSTILE)
    # The attack is also evidence, so it lands in the title attribute and the JSON data block.
    brief.actions.append(Action(id="E3", actor="A3", action=ATTACK, evidence=[span(ATTACK, HOSTILE)]))
    page = tmp_path / "view.html"
    page.write_text(render.to_html(brief, HOSTILE), encoding="utf-8")
    return page


def test_no_article_script_runs_and_highlights_exist(tmp_path: Path) -> None:
    done = shot.chromium(["--dump-dom", "--virtual-time-budget=2000", _page(tmp_path).as_uri()])
    dom = done.stdout
    assert "<body" in dom, done.stderr[-500:]
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "<title>pwned" not in dom
    assert 'data-nb-ready="1"' in dom  # our own script did run under the CSP
    kinds = set(re.findall(r'<mark class="([a-z ]+)"', dom))
    flat = {k for cls in kinds for k in cls.split()}
    assert {"actor", "action", "date", "justification", "claim"} <= flat
    assert "&lt;script&gt;document.title" in dom  # shown as text, not parsed


def test_screenshot_is_written(tmp_path: Path) -> None:
    png = tmp_path / "view.png"
    shot.screenshot(_page(tmp_path), png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
