"""render: JSON is deterministic, Markdown reads well and is inert, HTML highlights evidence and runs no article script."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from briefs_by_hand import TEXT, base_brief, span
from newsbrief import render
from newsbrief.errors import OutputError
from newsbrief.schema import Action, Brief, DateItem


def test_json_is_deterministic_and_round_trips() -> None:
    text = render.to_json(base_brief())
    assert text == render.to_json(base_brief()) and text.endswith("}\n")
    assert Brief.model_validate_json(text) == base_brief()


@pytest.mark.parametrize(
    ("raw", "must_not_contain", "must_contain"),
    [
        ("a | b", [" | b"], ["a \\| b"]),
        ("run `rm -rf /`", ["`rm"], ["\\`rm -rf /\\`"]),
        ("<script>alert(1)</script>", ["<script", "</script>"], ["&lt;script&gt;"]),
        ("<img src=x onerror=alert(1)>", ["<img"], ["&lt;img"]),
        ("[click](https://evil.example)", ["](", "https://"], ["\\[click\\]"]),
        ("![pixel](http://evil.example/p.png)", ["![", "http://"], ["\\!\\[pixel\\]"]),
        ("see www.evil.example now", ["www.evil"], ["www\\.evil"]),
        ("bare https://evil.example/x", ["https://"], ["https\\://"]),
        ("**bold** _it_ ~~s~~", ["**bold", "_it_", "~~"], ["\\*\\*bold\\*\\*"]),
        ("ping @octocat", ["@octocat"], ["@\u200boctocat"]),
        ("&lt;script&gt; entity", ["&lt;script"], ["&amp;lt;script"]),
        ("line one\n\n# heading\n| x |", ["\n"], ["\\# heading"]),
        ("$x^2$ math", ["$x"], ["\\$x"]),
    ],
)
def test_md_escape_makes_article_text_inert(
    raw: str, must_not_contain: list[str], must_contain: list[str]
) -> None:
    out = render.md_escape(raw)
    for bad in must_not_contain:
        # Present only if not backslash-escaped: `\`` renders as a plain backtick.
        assert not re.search(r"(?<!\\)" + re.escape(bad), out), (bad, out)
    for good in must_contain:
        assert good in out


def test_markdown_resolves_ids_and_orders_the_timeline() -> None:
    b = base_brief()
    b.dates.insert(
        0,
        DateItem(
            text="someday", value=None, precision=None, event="unresolved thing", evidence=[span("ban")]
        ),
    )
    b.dates.append(
        DateItem(text="2020", value="2020", precision="year", event="earlier", evidence=[span("fraud")])
    )
    md = render.to_markdown(b)
    assert md.startswith("# Chatly blocked\n")
    assert "- **Ministry of Media** → **Chatly** · 2025-03-03 — blocked Chatly" in md
    assert "claimed by police; disputed by Ana Reyes" in md
    assert "| A3 | Ana Reyes | person | Reyes | Chatly founder | 2 |" in md
    timeline = md.split("## Timeline")[1].split("## Actions")[0]
    assert timeline.index("2020") < timeline.index("2025-03-03") < timeline.index("unresolved")
    assert " A1" not in md.split("## Actions")[1]  # ids resolved to names outside the actors table


def test_markdown_table_survives_hostile_actor_names() -> None:
    b = base_brief()
    b.actors[1].name = "Chat|ly `x`\nnew row <b>"
    md = render.to_markdown(b)
    row = next(line for line in md.splitlines() if line.startswith("| A2 |"))
    # A table row keeps its 6 cells: unescaped pipes would add cells.
    assert len(re.findall(r"(?<!\\)\|", row)) == 7
    assert "<b>" not in md and "`x`" not in md


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


HOSTILE = TEXT + ' <script>document.title="pwned"</script><img src=x onerror="alert(1)"> "quoted" & done.'


def _hostile_brief() -> Brief:
    b = base_brief(HOSTILE)
    b.actions.append(
        Action(
            id="E3",
            actor="A3",
            action="posted <b>code</b>",
            evidence=[span('<script>document.title="pwned"</script>', HOSTILE)],
        )
    )
    return b


def test_html_escapes_the_article_and_allows_only_its_own_script() -> None:
    page = render.to_html(_hostile_brief(), HOSTILE)
    parser = _Collect()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert tags.count("script") == 2 and "img" not in tags  # our data block and our script only
    data_block = next(a for t, a in parser.tags if t == "script" and a.get("type") == "application/json")
    assert data_block["id"] == "nb-items"
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in page
    csp = next(
        a["content"]
        for t, a in parser.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    code = parser.scripts[-1]
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "src=" not in page.replace("src=x", "")  # no external asset
    assert "pwned" not in parser.scripts[0] or "\\u003c/script" in parser.scripts[0]


def test_html_highlights_every_kind_and_layers_overlaps() -> None:
    page = render.to_html(base_brief(), TEXT)
    marks = re.findall(r'<mark class="([^"]+)" data-items="([^"]+)" title="([^"]*)">', page)
    classes = {c for cls, _, _ in marks for c in cls.split()}
    assert {"actor", "action", "date", "justification", "claim"} <= classes
    # "Ministry of Media" lies inside action E1: the piece carries both, with both items in its title.
    layered = [m for m in marks if m[0] == "actor action" and "A1" in m[1].split()]
    assert layered and "E1" in layered[0][1].split() and "blocked Chatly" in layered[0][2]
    text_only = re.sub(r"<[^>]+>", "", page.split('<div id="article">')[1].split("</div>")[0])
    assert text_only == TEXT.replace("&", "&amp;")  # marks cut the text, never change it


def test_html_skips_spans_whose_offsets_do_not_match() -> None:
    b = base_brief()
    b.actions[0].evidence[0].start += 3
    page = render.to_html(b, TEXT)
    assert "1 evidence span(s) do not match the text" in page


def test_html_needs_the_article_text() -> None:
    with pytest.raises(OutputError, match="needs the article text"):
        render.to_html(base_brief())
