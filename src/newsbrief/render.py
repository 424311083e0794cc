"""Render a brief (or a merged story) as JSON, Markdown for pull-request review, or one HTML page.

Everything that comes from an article is untrusted: the Markdown escapes it so that a pull
request comment cannot be broken (tables, code spans) or made to link, embed or mention
anywhere; the HTML escapes it and forbids every script but its own with a Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from typing import TYPE_CHECKING, Any

from newsbrief.errors import OutputError
from newsbrief.schema import Brief, Span

if TYPE_CHECKING:  # merge imports render's callers, never the reverse at import time
    from newsbrief.merge import Story

__all__ = ["md_escape", "story_to_html", "story_to_markdown", "to_html", "to_json", "to_markdown"]

# --------------------------------------------------------------------------- json


def to_json(brief: Brief) -> str:
    """The brief as deterministic JSON: the model's field order, two-space indent, final newline."""
    return brief.model_dump_json(indent=2) + "\n"


# --------------------------------------------------------------------------- markdown escaping

# Characters with a meaning in GitHub Markdown, escaped with a backslash wherever they stand.
# Brackets escaped means no link can form, so parentheses stay readable; an underscore
# inside a word never makes emphasis on GitHub, so file stems like 000_abc stay as they are.
_MD_SPECIAL = re.compile(r"([\\`*\[\]#!|~$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
# Bare links that GitHub would turn into anchors: break the scheme and the `www.` trigger.
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{1,20}):(?=//)")
_WWW = re.compile(r"(?i)\b(www)\.")


def md_escape(text: object) -> str:
    """Text from an article made inert as inline Markdown (one line, no HTML, no links, no mentions)."""
    s = " ".join(str(text).split())  # newlines would end a table row or a list item
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SCHEME.sub(r"\1\\:", s)
    s = _WWW.sub(r"\1\\.", s)
    # GitHub turns @name into a notification and a link; a zero-width space stops both.
    s = s.replace("@", "@\u200b")
    return s


def _quote(text: str) -> str:
    return "“" + md_escape(text) + "”"


def _names(brief: Brief) -> dict[str, str]:
    return {a.id: a.name for a in brief.actors}


def _who(ref: str | None, names: dict[str, str]) -> str:
    """An actor id resolved to its escaped name; anything else (e.g. 'critics') escaped as written."""
    if ref is None:
        return "—"
    return md_escape(names.get(ref, ref))


def _evidence_md(spans: list[Span], indent: str = "  ") -> list[str]:
    return [f"{indent}> {_quote(s.quote)}" for s in spans]


def _date_key(value: str | None) -> tuple[int, str]:
    return (1, "") if value is None else (0, value)


def to_markdown(brief: Brief, article_text: str | None = None) -> str:
    """The brief as Markdown that reads well in a pull request; `article_text` is not needed yet."""
    del article_text  # accepted for symmetry with to_html; offsets are not shown in Markdown
    names = _names(brief)
    art = brief.article
    out: list[str] = [f"# {md_escape(art.title or art.source)}", ""]
    meta = [f"Source: {md_escape(art.source)}", f"Published: {md_escape(art.published or 'unknown')}"]
    engine = brief.provenance.engine + (f" ({brief.provenance.model})" if brief.provenance.model else "")
    meta.append(f"Engine: {md_escape(engine)}")
    out += [" · ".join(meta), "", md_escape(brief.summary) or "_No summary._", ""]

    out += ["## Actors", ""]
    if brief.actors:
        out += ["| Id | Name | Kind | Aliases | Description | Mentions |", "|---|---|---|---|---|---:|"]
        for a in brief.actors:
            aliases = ", ".join(md_escape(x) for x in a.aliases) or "—"
            out.append(
                f"| {a.id} | {md_escape(a.name)} | {a.kind} | {aliases} | "
                f"{md_escape(a.description) if a.description else '—'} | {len(a.mentions)} |"
            )
    else:
        out.append("_None found._")
    out.append("")

    out += ["## Timeline", ""]
    for d in sorted(brief.dates, key=lambda d: _date_key(d.value)):
        when = f"**{md_escape(d.value)}** ({d.precision})" if d.value else "**unresolved**"
        event = f": {md_escape(d.event)}" if d.event else ""
        out.append(f"- {when} — {_quote(d.text)}{event}")
    if not brief.dates:
        out.append("_No dates found._")
    out.append("")

    out += ["## Actions", ""]
    for e in brief.actions:
        target = f" → **{_who(e.target, names)}**" if e.target else ""
        date = f" · {md_escape(e.date.value or e.date.text)}" if e.date else ""
        flags = f" ⚠ {md_escape(', '.join(e.flags))}" if e.flags else ""
        out.append(f"- **{_who(e.actor, names)}**{target}{date} — {md_escape(e.action)}{flags}")
        out += _evidence_md(e.evidence)
    if not brief.actions:
        out.append("_None found._")
    out.append("")

    actions = {e.id: e.action for e in brief.actions}
    out += ["## Justifications", ""]
    for j in brief.justifications:
        what = f" for “{md_escape(actions.get(j.action, j.action))}”" if j.action else ""
        out.append(f"- **{_who(j.by, names)}**{what}: {md_escape(j.reason)}")
        out += _evidence_md(j.evidence)
    if not brief.justifications:
        out.append("_None found._")
    out.append("")

    out += ["## Disputed claims", ""]
    for c in brief.disputed_claims:
        by = ", ".join(_who(x, names) for x in c.claimed_by) or "unattributed"
        against = ", ".join(_who(x, names) for x in c.disputed_by) or "no one named"
        out.append(f"- **{c.status}** — {md_escape(c.claim)} (claimed by {by}; disputed by {against})")
        out += _evidence_md(c.evidence)
    if not brief.disputed_claims:
        out.append("_None found._")
    out.append("")

    if brief.warnings:
        out += ["## Warnings", ""] + [f"- {md_escape(w)}" for w in brief.warnings] + [""]
    return "\n".join(out)


# --------------------------------------------------------------------------- html

_KINDS = ("actor", "action", "date", "justification", "claim")

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;background:#f6f6f4}
header{padding:14px 22px;background:#20303f;color:#fff}
header h1{margin:0;font-size:19px}
header p{margin:4px 0 0;font-size:13px;opacity:.85}
main{display:flex;gap:18px;padding:18px 22px;align-items:flex-start}
#article{flex:3;background:#fff;padding:18px 24px;border-radius:8px;white-space:pre-wrap;
  box-shadow:0 1px 3px #0002;max-width:900px;overflow-wrap:anywhere}
aside{flex:2;position:sticky;top:12px;max-height:96vh;overflow:auto;font-size:13.5px}
aside section{background:#fff;border-radius:8px;padding:10px 14px;margin-bottom:12px;box-shadow:0 1px 3px #0002}
aside h2{font-size:14px;margin:2px 0 8px;text-transform:uppercase;letter-spacing:.04em;color:#445}
aside ul{margin:0;padding-left:18px}
aside li{margin:3px 0}
.legend span{display:inline-block;margin:2px 8px 2px 0;padding:0 6px;border-radius:3px}
mark{background:none;color:inherit;cursor:pointer;border-radius:2px}
mark.action{background:#fff1b8}
mark.justification{background:#d7f5dd}
mark.claim{background:#ffd9d6}
mark.claim.action,mark.claim.justification{background:linear-gradient(#ffd9d6,#fff1b8)}
mark.actor{border-bottom:2.5px solid #2f6fdb;font-weight:600}
mark.date{outline:1.5px dashed #8a44c9;outline-offset:-1px}
mark.sel{box-shadow:0 0 0 2px #e3682b}
.k-actor{color:#2f6fdb}.k-date{color:#8a44c9}
#details{min-height:3em}
#details .item{border-left:4px solid #bbb;padding:2px 8px;margin:6px 0}
#details .item.action{border-color:#e2b600}#details .item.justification{border-color:#3aa757}
#details .item.claim{border-color:#e0463c}#details .item.actor{border-color:#2f6fdb}
#details .item.date{border-color:#8a44c9}
.q{color:#555;font-style:italic}
.muted{color:#777}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:3px 4px;text-align:left;vertical-align:top}
"""

_SCRIPT = """
(function(){
  document.body.setAttribute('data-nb-ready', '1');  // lets a headless check see the script ran
  var data = JSON.parse(document.getElementById('nb-items').textContent);
  var panel = document.getElementById('details');
  function show(ids, el){
    document.querySelectorAll('mark.sel').forEach(function(m){m.classList.remove('sel');});
    if(el){el.classList.add('sel');}
    panel.textContent = '';
    ids.forEach(function(id){
      var it = data[id]; if(!it){return;}
      var div = document.createElement('div'); div.className = 'item ' + it.kind;
      var b = document.createElement('b'); b.textContent = it.kind + ' ' + id + ': ';
      div.appendChild(b); div.appendChild(document.createTextNode(it.label));
      (it.lines || []).forEach(function(line){
        var p = document.createElement('div'); p.className = 'muted'; p.textContent = line; div.appendChild(p);
      });
      (it.quotes || []).forEach(function(q){
        var p = document.createElement('div'); p.className = 'q'; p.textContent = '\\u201c' + q + '\\u201d'; div.appendChild(p);
      });
      panel.appendChild(div);
    });
  }
  document.addEventListener('click', function(ev){
    var t = ev.target.closest ? ev.target.closest('[data-items]') : null;
    if(t){ show(t.getAttribute('data-items').split(' '), t.tagName === 'MARK' ? t : null); }
  });
})();
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _page(title: str, subtitle: str, body: str, items: dict[str, Any]) -> str:
    """One self-contained page: only its own style and script may run (CSP by hash)."""
    csp = (
        "default-src 'none'; "
        f"style-src '{_sha256(_CSS)}'; script-src '{_sha256(_SCRIPT)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    # Data for the script; `<`, `>` and `&` escaped so that no article text can close the element.
    blob = (
        json.dumps(items, ensure_ascii=False, sort_keys=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    e = html.escape
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{e(title)}</h1><p>{e(subtitle)}</p></header>\n"
        f"{body}\n"
        f'<script type="application/json" id="nb-items">{blob}</script>\n'
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _legend() -> str:
    return (
        '<section class="legend"><h2>Highlights</h2>'
        '<span class="k-actor"><u>actor</u></span>'
        '<mark class="action">action</mark> <mark class="justification">justification</mark> '
        '<mark class="claim">claim</mark> <mark class="date">date</mark>'
        '<p class="muted">Hover a highlight for its item; click it for details here.</p>'
        '<div id="details"></div></section>'
    )


def _highlight(text: str, spans: list[tuple[int, int, str, str]], items: dict[str, Any]) -> str:
    """The article text escaped, cut at every span boundary; each piece marked with all items covering it.

    Overlapping spans are layered, not nested: a piece covered by an action and an actor
    mention gets both classes, so each kind keeps its own visual channel (fill, underline, outline).
    """
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = html.escape(text[a:b])
        cover = [(k, i) for s, e, k, i in spans if s <= a and b <= e]
        if not cover:
            out.append(piece)
            continue
        kinds = sorted({k for k, _ in cover}, key=_KINDS.index)
        ids = list(dict.fromkeys(i for _, i in cover))
        title = "\n".join(f"{items[i]['kind']} {i}: {items[i]['label']}" for i in ids)
        out.append(
            f'<mark class="{" ".join(kinds)}" data-items="{html.escape(" ".join(ids))}" '
            f'title="{html.escape(title)}">{piece}</mark>'
        )
    return "".join(out)


def _li(text: str, ids: list[str] | None = None, extra: str = "") -> str:
    attr = f' data-items="{html.escape(" ".join(ids))}"' if ids else ""
    return f"<li{attr}>{html.escape(text)}{extra}</li>"


def to_html(brief: Brief, article_text: str | None = None) -> str:
    """One self-contained HTML page: the article with every evidence span highlighted, and a side panel."""
    text = article_text if article_text is not None else brief.article.text
    if text is None:
        raise OutputError(
            f"{brief.article.source}: the HTML view needs the article text; pass the article file"
        )
    names = _names(brief)

    def who(ref: str | None) -> str:
        return "—" if ref is None else names.get(ref, ref)

    items: dict[str, Any] = {}
    spans: list[tuple[int, int, str, str]] = []
    skipped = 0

    def add(item_id: str, kind: str, label: str, evidence: list[Span], lines: list[str]) -> None:
        nonlocal skipped
        items[item_id] = {"kind": kind, "label": label, "lines": lines, "quotes": [s.quote for s in evidence]}
        for s in evidence:
            # Never trust offsets blindly: a span that does not match the text is not drawn.
            if 0 <= s.start < s.end <= len(text) and text[s.start : s.end] == s.quote:
                spans.append((s.start, s.end, kind, item_id))
            else:
                skipped += 1

    for a in brief.actors:
        lines = [f"{a.kind}" + (f", {a.description}" if a.description else "")]
        if a.aliases:
            lines.append("also: " + ", ".join(a.aliases))
        add(a.id, "actor", a.name, a.mentions, lines)
    for e in brief.actions:
        lines = [f"by {who(e.actor)}" + (f" → {who(e.target)}" if e.target else "")]
        if e.date:
            lines.append(f"date: {e.date.value or 'unresolved'} ({e.date.text})")
        lines += [f"flag: {f}" for f in e.flags]
        add(e.id, "action", e.action, e.evidence, lines)
    for n, d in enumerate(brief.dates, 1):
        label = f"{d.value or 'unresolved'}" + (f" ({d.precision})" if d.precision else "")
        add(f"D{n}", "date", label, d.evidence, [f"“{d.text}”"] + ([d.event] if d.event else []))
    for j in brief.justifications:
        lines = [f"by {who(j.by)}"]
        if j.action:
            lines.append(f"for {j.action}: {items.get(j.action, {}).get('label', '?')}")
        add(j.id, "justification", j.reason, j.evidence, lines)
    for c in brief.disputed_claims:
        lines = [
            f"status: {c.status}",
            "claimed by " + (", ".join(who(x) for x in c.claimed_by) or "unattributed"),
            "disputed by " + (", ".join(who(x) for x in c.disputed_by) or "no one named"),
        ]
        add(c.id, "claim", c.claim, c.evidence, lines)

    side = [_legend(), "<section><h2>Actors</h2><ul>"]
    for a in brief.actors:
        side.append(
            _li(a.name, [a.id], f' <span class="muted">{html.escape(a.kind)} · {len(a.mentions)}×</span>')
        )
    side.append("</ul></section><section><h2>Timeline</h2><ul>")
    dated = sorted(enumerate(brief.dates, 1), key=lambda nd: _date_key(nd[1].value))
    for n, d in dated:
        side.append(_li(f"{d.value or 'unresolved'} — {d.event or d.text}", [f"D{n}"]))
    side.append("</ul></section><section><h2>Disputed claims</h2><ul>")
    for c in brief.disputed_claims:
        side.append(_li(f"[{c.status}] {c.claim}", [c.id]))
    side.append("</ul></section>")
    notes = list(brief.warnings) + (
        [f"{skipped} evidence span(s) do not match the text and are not drawn"] if skipped else []
    )
    if notes:
        side.append("<section><h2>Warnings</h2><ul>" + "".join(_li(w) for w in notes) + "</ul></section>")

    body = (
        f'<main><div id="article">{_highlight(text, spans, items)}</div><aside>{"".join(side)}</aside></main>'
    )
    art = brief.article
    subtitle = f"{art.source} · published {art.published or 'unknown'} · engine {brief.provenance.engine}"
    return _page(art.title or art.source, subtitle, body, items)


# --------------------------------------------------------------------------- stories


def story_to_markdown(story: Story) -> str:
    """A merged story as Markdown: actors with their sources, timeline with corroboration, conflicts, claims."""
    out = [f"# Story across {len(story.articles)} articles", ""]
    out += [", ".join(md_escape(a) for a in story.articles), ""]
    if story.near_duplicates:
        out += ["## Near-duplicates (not independent corroboration)", ""]
        for nd in story.near_duplicates:
            out.append(f"- {' ≈ '.join(md_escape(a) for a in nd.articles)} (similarity {nd.similarity:.2f})")
        out.append("")
    out += ["## Conflicts", ""]
    for c in story.conflicts:
        out.append(f"- **{md_escape(c.topic)}** ({c.kind})")
        for p in c.positions:
            says = f" {md_escape(p.says)}:" if p.says else ""
            out.append(f"  - {md_escape(p.source)}:{says} {_quote(p.quote)}")
    if not story.conflicts:
        out.append("_No conflicts found._")
    out += ["", "## Timeline", ""]
    out += ["| Date | Event | Sources | Corroboration |", "|---|---|---|---:|"]
    for ev in story.timeline:
        out.append(
            f"| {md_escape(ev.date or 'undated')} | {md_escape(ev.event)} | "
            f"{', '.join(md_escape(s) for s in ev.sources)} | {ev.corroboration} |"
        )
    out += ["", "## Actors", "", "| Name | Kind | Aliases | Sources |", "|---|---|---|---|"]
    for a in story.actors:
        out.append(
            f"| {md_escape(a.name)} | {a.kind} | {', '.join(md_escape(x) for x in a.aliases) or '—'} | "
            f"{', '.join(md_escape(s) for s in a.sources)} |"
        )
    out += ["", "## Claims by source", ""]
    for cl in story.claims:
        by = ", ".join(md_escape(x) for x in cl.claimed_by) or "unattributed"
        against = ", ".join(md_escape(x) for x in cl.disputed_by) or "no one named"
        out.append(
            f"- {md_escape(cl.source)} · **{cl.status}** — {md_escape(cl.claim)} (by {by}; disputed by {against})"
        )
        if cl.quote:
            out.append(f"  > {_quote(cl.quote)}")
    if story.warnings:
        out += ["", "## Warnings", ""] + [f"- {md_escape(w)}" for w in story.warnings]
    return "\n".join(out) + "\n"


def story_to_html(story: Story) -> str:
    """A merged story as one self-contained HTML page (timeline, conflicts, actors, claims)."""
    e = html.escape
    items: dict[str, Any] = {}
    parts = ['<main><div id="article">']
    parts.append("<h2>Conflicts between sources</h2>")
    for n, c in enumerate(story.conflicts, 1):
        cid = f"K{n}"
        items[cid] = {
            "kind": "claim",
            "label": c.topic,
            "lines": [c.kind],
            "quotes": [p.quote for p in c.positions],
        }
        parts.append(
            f'<div class="conflict" data-items="{cid}"><b>{e(c.topic)}</b> <span class="muted">({e(c.kind)})</span><ul>'
        )
        for p in c.positions:
            says = f"{e(p.says)}: " if p.says else ""
            parts.append(f'<li><b>{e(p.source)}</b>: {says}<mark class="claim">{e(p.quote)}</mark></li>')
        parts.append("</ul></div>")
    if not story.conflicts:
        parts.append('<p class="muted">No conflicts found.</p>')
    parts.append("<h2>Timeline</h2><table><tr><th>Date</th><th>Event</th><th>Sources</th><th>#</th></tr>")
    for n, ev in enumerate(story.timeline, 1):
        tid = f"T{n}"
        items[tid] = {
            "kind": "action",
            "label": ev.event,
            "lines": [f"{r.source}: {r.action}" + (f" ({r.date})" if r.date else "") for r in ev.reports],
            "quotes": [r.quote for r in ev.reports],
        }
        parts.append(
            f'<tr data-items="{tid}"><td><mark class="date">{e(ev.date or "undated")}</mark></td>'
            f'<td><mark class="action">{e(ev.event)}</mark></td><td>{e(", ".join(ev.sources))}</td>'
            f"<td>{ev.corroboration}</td></tr>"
        )
    parts.append("</table><h2>Claims by source</h2><ul>")
    for cl in story.claims:
        parts.append(
            f"<li><b>{e(cl.source)}</b> [{e(cl.status)}] {e(cl.claim)} "
            f'<span class="q">“{e(cl.quote or "")}”</span></li>'
        )
    parts.append("</ul></div><aside>")
    parts.append(_legend())
    parts.append("<section><h2>Actors</h2><ul>")
    for a in story.actors:
        parts.append(
            _li(a.name, None, f' <span class="muted">{e(a.kind)} · {len(a.sources)} source(s)</span>')
        )
    parts.append("</ul></section>")
    if story.near_duplicates:
        parts.append("<section><h2>Near-duplicates</h2><ul>")
        for nd in story.near_duplicates:
            parts.append(_li(" ≈ ".join(nd.articles) + f" ({nd.similarity:.2f})"))
        parts.append("</ul></section>")
    parts.append("</aside></main>")
    return _page(
        f"Story across {len(story.articles)} articles", ", ".join(story.articles), "".join(parts), items
    )
