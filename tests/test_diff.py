"""diff: what a reviewer sees change between two versions of a brief, matched by evidence, not ids."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from briefs_by_hand import TEXT, base_brief, span
from newsbrief import diff, render
from newsbrief.errors import InputError
from newsbrief.schema import Action, Actor, Brief, DateRef


def _edit(fn: Callable[[Brief], None]) -> Brief:
    b = base_brief()
    fn(b)
    return b


def _add_actor(b: Brief) -> None:
    b.actors.append(Actor(id="A4", name="police", kind="group", mentions=[span("police")]))


def _add_action_in_front(b: Brief) -> None:
    # The new action takes id E1 and shifts the others: only the new one may be reported.
    for e in b.actions:
        e.id = "E" + str(int(e.id[1:]) + 1)
    b.justifications[0].action = "E2"
    b.actions.insert(
        0,
        Action(
            id="E1",
            actor="A3",
            action="denied sharing data",
            target=None,
            evidence=[span("Reyes denied that Chatly shared data")],
        ),
    )


def _set(path: str, value) -> Callable[[Brief], None]:
    def fn(b: Brief) -> None:
        obj = b
        *parts, last = path.split(".")
        for p in parts:
            obj = obj[int(p)] if p.isdigit() else getattr(obj, p)
        setattr(obj, last, value)

    return fn


CASES = [
    ("actor added", _add_actor, ["**Actors**", "added: **police**", "“police”"]),
    ("actor removed", lambda b: b.actors.pop(2), ["removed: **Ana Reyes**"]),
    ("actor renamed", _set("actors.2.name", "Anna Reyes"), ["renamed: **Ana Reyes** → **Anna Reyes**"]),
    ("actor kind", _set("actors.1.kind", "group"), ["kind of **Chatly**: organization → group"]),
    ("action added, ids shifted", _add_action_in_front, ["added: **Ana Reyes**: denied sharing data"]),
    (
        "action removed",
        lambda b: b.actions.pop(1),
        [
            "removed: **Ana Reyes**: called the ban political",
            "“Chatly founder Ana Reyes said the ban was political”",
        ],
    ),
    ("action actor", _set("actions.0.actor", "A3"), ["actor Ministry of Media → Ana Reyes"]),
    ("action target", _set("actions.0.target", None), ["target Chatly → —"]),
    (
        "action date",
        _set("actions.0.date", DateRef(text="on 3 March 2025", value="2025-03", precision="month")),
        ["date 2025-03-03 → 2025-03", "“The Ministry of Media blocked Chatly on 3 March 2025”"],
    ),
    ("date value", _set("dates.0.value", "2024-03-03"), ["**Dates**", "2025-03-03 (day) → 2024-03-03 (day)"]),
    ("date precision", _set("dates.0.precision", "month"), ["(day) → 2025-03-03 (month)"]),
    ("claimant", _set("disputed_claims.0.claimed_by", ["A1"]), ["claimed by police → Ministry of Media"]),
    ("disputer", _set("disputed_claims.0.disputed_by", []), ["disputed by Ana Reyes → no one"]),
    (
        "claim status",
        _set("disputed_claims.0.status", "contested"),
        ["status denied → contested", "“Reyes denied that Chatly shared data with police”"],
    ),
    (
        "justification by",
        _set("justifications.0.by", "A3"),
        ["**Justifications**", "changed: **Ministry of Media**"],
    ),
    ("summary", _set("summary", "Chatly was blocked."), ["**Summary**", "now: Chatly was blocked."]),
    ("warning", _set("warnings", ["dropped 1 item"]), ["**Warnings**", "new: dropped 1 item"]),
]


@pytest.mark.parametrize(("name", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_change_is_reported(name: str, edit, expected: list[str]) -> None:
    report = diff.diff_briefs(base_brief(), _edit(edit))
    assert report is not None, name
    for line in expected:
        assert line in report, f"{name}: {line!r} not in\n{report}"


def test_shifted_ids_alone_are_not_a_change() -> None:
    report = diff.diff_briefs(base_brief(), _edit(_add_action_in_front))
    assert report is not None
    assert "changed" not in report and "removed" not in report


def test_no_change_gives_none() -> None:
    assert diff.diff_briefs(base_brief(), base_brief()) is None


def test_article_strings_are_escaped_in_the_diff() -> None:
    text = TEXT + " Reyes wrote `rm -rf` | [click](https://evil.example) <b>now</b>."
    quote = "Reyes wrote `rm -rf` | [click](https://evil.example) <b>now</b>."
    old = base_brief(text)
    new = base_brief(text)
    new.actions.append(Action(id="E3", actor="A3", action="posted | a `link`", evidence=[span(quote, text)]))
    report = diff.diff_briefs(old, new)
    assert report is not None
    assert "`rm" not in report.replace("\\`", "")
    assert not re.search(r"(?<!\\)\]\(", report), "an unescaped ]( would make a link"
    assert "<b>" not in report and "https://" not in report
    assert "\\|" in report


def _write(folder: Path, stem: str, brief: Brief) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.json").write_text(render.to_json(brief), encoding="utf-8")


def test_folders_match_by_stem_and_list_new_and_removed(tmp_path: Path) -> None:
    _write(tmp_path / "old", "a", base_brief())
    _write(tmp_path / "old", "gone", base_brief())
    _write(tmp_path / "new", "a", _edit(_set("actors.2.name", "Anna Reyes")))
    _write(tmp_path / "new", "fresh", base_brief())
    report = diff.diff_paths(tmp_path / "old", tmp_path / "new")
    assert report is not None
    assert "### fresh\n\nNew brief." in report and "### gone\n\nBrief removed." in report
    assert "renamed: **Ana Reyes** → **Anna Reyes**" in report
    assert "3 of 3 articles" in report


def test_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "old", "a", base_brief())
    _write(tmp_path / "same", "a", base_brief())
    _write(tmp_path / "new", "a", _edit(_set("summary", "Changed.")))
    assert diff.main(str(tmp_path / "old"), str(tmp_path / "same")) == 0
    assert "No changes" in capsys.readouterr().out
    assert diff.main(str(tmp_path / "old"), str(tmp_path / "new")) == 1
    assert "now: Changed." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such brief"), ("{not json", "not a brief"), ('{"schema_version": "1"}', "not a brief")],
)
def test_bad_brief_files_give_one_line_errors(tmp_path: Path, content: str | None, message: str) -> None:
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    _write(tmp_path, "good", base_brief())
    with pytest.raises(InputError, match=message) as err:
        diff.diff_paths(bad, tmp_path / "good.json")
    assert "\n" not in str(err.value)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_compares_committed_briefs_with_the_working_tree(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    _write(tmp_path / "briefs", "a", base_brief())
    _write(tmp_path / "briefs", "b", base_brief())
    git("add", "briefs")
    git("commit", "-q", "-m", "v1")
    _write(tmp_path / "briefs", "a", _edit(_set("dates.0.value", "2024-03-03")))
    git("commit", "-q", "-am", "v2")
    # Working tree: b loses its claim, c is new (untracked).
    _write(tmp_path / "briefs", "b", _edit(lambda x: x.disputed_claims.clear()))
    _write(tmp_path / "briefs", "c", base_brief())

    report = diff.diff_git("HEAD", "briefs", cwd=tmp_path)
    assert report is not None
    assert "### b" in report and "removed (denied): Chatly shared data with police" in report
    assert "### c\n\nNew brief." in report
    assert "### a" not in report  # committed at HEAD and unchanged since

    first = diff.diff_git("HEAD~1", "briefs", cwd=tmp_path)
    assert first is not None and "2025-03-03 (day) → 2024-03-03 (day)" in first

    with pytest.raises(InputError, match="check the revision"):
        diff.diff_git("no-such-rev", "briefs", cwd=tmp_path)
