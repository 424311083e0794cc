"""Explain what changed between two versions of a brief, in the terms a reviewer cares about.

Items are matched across versions by their evidence (the same characters of the article, or
the same words when the article text itself changed), never by id: ids shift when one item
is added in front of others. Output is Markdown for a pull-request comment; every article
string in it goes through `render.md_escape`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from newsbrief.errors import InputError
from newsbrief.render import md_escape
from newsbrief.schema import Brief, Span

__all__ = ["diff_briefs", "diff_git", "diff_paths", "load_brief", "main"]

T = TypeVar("T")


def parse_brief(text: str, where: str) -> Brief:
    """A brief from its JSON text; `where` names it in the error."""
    try:
        return Brief.model_validate_json(text)
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first["loc"]) or "top level"
        raise InputError(
            f"{where}: not a brief (schema v1): {loc}: {first['msg']}; regenerate it with `newsbrief brief`"
        ) from e


def load_brief(path: str | Path) -> Brief:
    """A brief read from a JSON file, with an error that names the file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError(f"{p}: no such brief file; check the path") from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: cannot read the brief ({e}); check the file") from e
    return parse_brief(text, str(p))


# --------------------------------------------------------------------------- matching


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _overlap(a: list[Span], b: list[Span], same_text: bool) -> float:
    """How much two items' evidence is the same: shared characters (same article) or shared words."""
    best = 0.0
    for x in a:
        for y in b:
            if same_text:
                inter = min(x.end, y.end) - max(x.start, y.start)
                union = max(x.end, y.end) - min(x.start, y.start)
                score = inter / union if inter > 0 and union > 0 else 0.0
            else:
                wx, wy = _words(x.quote), _words(y.quote)
                score = len(wx & wy) / len(wx | wy) if wx and wy else 0.0
            best = max(best, score)
    return best


def _pair(old: Sequence[T], new: Sequence[T], score: Callable[[T, T], float], floor: float = 0.5):
    """Match items one to one, best scores first; returns (matched pairs, removed, added)."""
    cands = sorted(
        ((score(o, n), i, j) for i, o in enumerate(old) for j, n in enumerate(new)), key=lambda t: -t[0]
    )
    used_o: set[int] = set()
    used_n: set[int] = set()
    pairs = []
    for s, i, j in cands:
        if s < floor:
            break
        if i not in used_o and j not in used_n:
            used_o.add(i)
            used_n.add(j)
            pairs.append((old[i], new[j]))
    removed = [o for i, o in enumerate(old) if i not in used_o]
    added = [n for j, n in enumerate(new) if j not in used_n]
    return pairs, removed, added


def _q(spans: list[Span]) -> str:
    return f" — “{md_escape(spans[0].quote)}”" if spans else ""


def _names(b: Brief) -> dict[str, str]:
    return {a.id: a.name for a in b.actors}


def _who(ref: str | None, names: dict[str, str]) -> str:
    return "—" if ref is None else names.get(ref, ref)


def _forms(names: list[str]) -> set[str]:
    return {" ".join(n.lower().split()) for n in names}


# --------------------------------------------------------------------------- diff


def diff_briefs(old: Brief, new: Brief) -> str | None:
    """Markdown of what changed from `old` to `new` (one article), or None when nothing a reviewer sees changed."""
    same_text = old.article.id == new.article.id
    on, nn = _names(old), _names(new)
    lines: list[str] = []

    def section(title: str, body: list[str]) -> None:
        if body:
            lines.extend([f"**{title}**", "", *body, ""])

    art = []
    if not same_text:
        art.append("- the article text changed: items are matched by their words")
    for field in ("title", "published", "language"):
        a, b = getattr(old.article, field), getattr(new.article, field)
        if a != b:
            art.append(f"- {field}: {md_escape(a)} → {md_escape(b)}")
    if old.provenance.engine != new.provenance.engine or old.provenance.model != new.provenance.model:
        art.append(
            f"- engine: {md_escape(old.provenance.engine)} {md_escape(old.provenance.model or '')} → "
            f"{md_escape(new.provenance.engine)} {md_escape(new.provenance.model or '')}".rstrip()
        )
    section("Article", art)
    if old.summary != new.summary:
        section("Summary", [f"- was: {md_escape(old.summary)}", f"- now: {md_escape(new.summary)}"])

    # Actors: the same mentions or a shared name/alias mean the same party.
    def actor_score(a, b) -> float:
        s = _overlap(a.mentions, b.mentions, same_text) if a.mentions and b.mentions else 0.0
        if _forms([a.name, *a.aliases]) & _forms([b.name, *b.aliases]):
            s = max(s, 0.9)
        return s

    pairs, gone, came = _pair(old.actors, new.actors, actor_score)
    body = [f"- added: **{md_escape(a.name)}** ({a.kind}){_q(a.mentions)}" for a in came]
    body += [f"- removed: **{md_escape(a.name)}** ({a.kind}){_q(a.mentions)}" for a in gone]
    for a, b in pairs:
        if a.name != b.name:
            body.append(f"- renamed: **{md_escape(a.name)}** → **{md_escape(b.name)}**{_q(b.mentions)}")
        if a.kind != b.kind:
            body.append(f"- kind of **{md_escape(b.name)}**: {a.kind} → {b.kind}")
        if set(a.aliases) != set(b.aliases):
            plus = sorted(set(b.aliases) - set(a.aliases))
            minus = sorted(set(a.aliases) - set(b.aliases))
            what = [f"+{md_escape(x)}" for x in plus] + [f"−{md_escape(x)}" for x in minus]
            body.append(f"- aliases of **{md_escape(b.name)}**: {', '.join(what)}")
    section("Actors", body)

    # Actions: matched by evidence; a change of actor, target or date is reported with names.
    def act_line(e, names) -> str:
        tgt = f" → {md_escape(_who(e.target, names))}" if e.target else ""
        date = f" ({md_escape(e.date.value or e.date.text)})" if e.date else ""
        return f"**{md_escape(_who(e.actor, names))}**{tgt}: {md_escape(e.action)}{date}"

    pairs, gone, came = _pair(
        old.actions, new.actions, lambda a, b: _overlap(a.evidence, b.evidence, same_text)
    )
    body = [f"- added: {act_line(e, nn)}{_q(e.evidence)}" for e in came]
    body += [f"- removed: {act_line(e, on)}{_q(e.evidence)}" for e in gone]
    for a, b in pairs:
        changes = []
        if _who(a.actor, on) != _who(b.actor, nn):
            changes.append(f"actor {md_escape(_who(a.actor, on))} → {md_escape(_who(b.actor, nn))}")
        if _who(a.target, on) != _who(b.target, nn):
            changes.append(f"target {md_escape(_who(a.target, on))} → {md_escape(_who(b.target, nn))}")
        da = a.date.value if a.date else None
        db = b.date.value if b.date else None
        if da != db:
            changes.append(f"date {md_escape(da or 'none')} → {md_escape(db or 'none')}")
        if a.action != b.action:
            changes.append(f"wording “{md_escape(a.action)}” → “{md_escape(b.action)}”")
        if changes:
            body.append(f"- changed: {act_line(b, nn)}: {'; '.join(changes)}{_q(b.evidence)}")
    section("Actions", body)

    pairs, gone, came = _pair(old.dates, new.dates, lambda a, b: _overlap(a.evidence, b.evidence, same_text))
    body = [
        f"- added: “{md_escape(d.text)}” = {md_escape(d.value or 'unresolved')}{_q(d.evidence)}" for d in came
    ]
    body += [
        f"- removed: “{md_escape(d.text)}” = {md_escape(d.value or 'unresolved')}{_q(d.evidence)}"
        for d in gone
    ]
    for a, b in pairs:
        if (a.value, a.precision) != (b.value, b.precision):
            body.append(
                f"- changed: “{md_escape(b.text)}”: {md_escape(a.value or 'unresolved')} ({a.precision or '—'}) → "
                f"{md_escape(b.value or 'unresolved')} ({b.precision or '—'}){_q(b.evidence)}"
            )
    section("Dates", body)

    def just_line(j, names, actions) -> str:
        what = f" for “{md_escape(actions.get(j.action, j.action))}”" if j.action else ""
        return f"**{md_escape(_who(j.by, names))}**{what}: {md_escape(j.reason)}"

    oa = {e.id: e.action for e in old.actions}
    na = {e.id: e.action for e in new.actions}
    pairs, gone, came = _pair(
        old.justifications, new.justifications, lambda a, b: _overlap(a.evidence, b.evidence, same_text)
    )
    body = [f"- added: {just_line(j, nn, na)}{_q(j.evidence)}" for j in came]
    body += [f"- removed: {just_line(j, on, oa)}{_q(j.evidence)}" for j in gone]
    for a, b in pairs:
        if _who(a.by, on) != _who(b.by, nn) or oa.get(a.action or "") != na.get(b.action or ""):
            body.append(f"- changed: {just_line(a, on, oa)} → {just_line(b, nn, na)}{_q(b.evidence)}")
    section("Justifications", body)

    def people(refs: list[str], names) -> str:
        return ", ".join(md_escape(_who(r, names)) for r in refs) or "no one"

    pairs, gone, came = _pair(
        old.disputed_claims, new.disputed_claims, lambda a, b: _overlap(a.evidence, b.evidence, same_text)
    )
    body = [
        f"- added ({c.status}): {md_escape(c.claim)} — by {people(c.claimed_by, nn)}, disputed by "
        f"{people(c.disputed_by, nn)}{_q(c.evidence)}"
        for c in came
    ]
    body += [f"- removed ({c.status}): {md_escape(c.claim)}{_q(c.evidence)}" for c in gone]
    for a, b in pairs:
        changes = []
        if people(a.claimed_by, on) != people(b.claimed_by, nn):
            changes.append(f"claimed by {people(a.claimed_by, on)} → {people(b.claimed_by, nn)}")
        if people(a.disputed_by, on) != people(b.disputed_by, nn):
            changes.append(f"disputed by {people(a.disputed_by, on)} → {people(b.disputed_by, nn)}")
        if a.status != b.status:
            changes.append(f"status {a.status} → {b.status}")
        if changes:
            body.append(f"- changed: {md_escape(b.claim)}: {'; '.join(changes)}{_q(b.evidence)}")
    section("Disputed claims", body)

    body = [f"- new: {md_escape(w)}" for w in new.warnings if w not in old.warnings]
    body += [f"- gone: {md_escape(w)}" for w in old.warnings if w not in new.warnings]
    section("Warnings", body)
    return "\n".join(lines).rstrip() + "\n" if lines else None


def _report(parts: dict[str, str | None], added: list[str], removed: list[str]) -> str | None:
    """One Markdown report over several articles; None when nothing changed."""
    out = []
    for stem in added:
        out.append(f"### {md_escape(stem)}\n\nNew brief.\n")
    for stem in removed:
        out.append(f"### {md_escape(stem)}\n\nBrief removed.\n")
    for stem, md in sorted(parts.items()):
        if md:
            out.append(f"### {md_escape(stem)}\n\n{md}")
    if not out:
        return None
    changed = len(added) + len(removed) + sum(1 for md in parts.values() if md)
    return (
        f"## Brief changes ({changed} of {len(parts) + len(added) + len(removed)} articles)\n\n"
        + "\n".join(out)
    )


def _diff_maps(old: dict[str, Callable[[], Brief]], new: dict[str, Callable[[], Brief]]) -> str | None:
    parts = {s: diff_briefs(old[s](), new[s]()) for s in sorted(old.keys() & new.keys())}
    return _report(parts, sorted(new.keys() - old.keys()), sorted(old.keys() - new.keys()))


def _folder(path: Path) -> dict[str, Callable[[], Brief]]:
    return {p.stem: partial(load_brief, p) for p in sorted(path.glob("*.json"))}


def diff_paths(old: str | Path, new: str | Path) -> str | None:
    """What changed between two brief files, or two folders of briefs matched by file stem."""
    o, n = Path(old), Path(new)
    for p in (o, n):
        if not p.exists():
            raise InputError(f"{p}: no such brief file or folder; check the path")
    if o.is_dir() != n.is_dir():
        raise InputError(f"{o} and {n}: compare two brief files or two folders, not one of each")
    if o.is_dir():
        return _diff_maps(_folder(o), _folder(n))
    return _report({n.stem: diff_briefs(load_brief(o), load_brief(n))}, [], [])


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
        )
    except FileNotFoundError as e:
        raise InputError(
            "git is not installed; install git or compare two folders with `newsbrief diff OLD NEW`"
        ) from e
    if done.returncode != 0:
        msg = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise InputError(f"git {' '.join(args[:2])}: {msg}; check the revision (e.g. `git fetch origin`)")
    return done.stdout


def _brief_at(spec: str, cwd: Path) -> Brief:
    return parse_brief(_git(["show", spec], cwd), spec)


def diff_git(rev: str, folder: str | Path = "briefs", cwd: str | Path = ".") -> str | None:
    """What changed between the briefs committed at REV (in `folder`) and those in the working tree."""
    cwd = Path(cwd)
    rel = Path(folder).as_posix().rstrip("/")
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    listed = _git(["ls-tree", "-r", "--name-only", rev, "--", rel + "/"], cwd).splitlines()
    old: dict[str, Callable[[], Brief]] = {}
    for name in listed:
        path = Path(name)
        if path.suffix == ".json" and path.parent.as_posix() == rel:
            spec = f"{rev}:./{rel}/{path.name}"
            old[path.stem] = partial(_brief_at, spec, cwd)
    here = cwd / rel
    new = _folder(here) if here.is_dir() else {}
    return _diff_maps(old, new)


def main(
    old: str | None = None, new: str | None = None, git: str | None = None, folder: str = "briefs"
) -> int:
    """`newsbrief diff OLD NEW` or `newsbrief diff --git REV [FOLDER]`: print Markdown; 0 unchanged, 1 changed."""
    if git:
        report = diff_git(git, old or folder)
    elif old and new:
        report = diff_paths(old, new)
    else:
        raise InputError(
            "diff needs OLD and NEW (two briefs or two folders), or --git REV; see `newsbrief diff --help`"
        )
    sys.stdout.write(report or "No changes in the briefs.\n")
    return 1 if report else 0
