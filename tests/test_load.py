"""Loading articles: formats, header dates and titles, junk masking, bad input."""

from __future__ import annotations

import codecs
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.errors import InputError, NewsbriefError
from newsbrief.load import Article, detect_language, from_text, iter_sources, load, normalize_date

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"
GOLD = ROOT / "tests" / "gold"
DATA = Path(__file__).resolve().parent / "data" / "load"


def _sample(prefix: str) -> Path:
    return next(ARTICLES.glob(f"{prefix}_*.txt"))


def _masked(article: Article, snippet: str) -> bool:
    """Whether every character of the snippet's first occurrence is masked."""
    i = article.text.index(snippet)
    return all(article.is_masked(k, k + 1) for k in range(i, i + len(snippet)))


def _touched(article: Article, snippet: str) -> bool:
    i = article.text.index(snippet)
    return article.is_masked(i, i + len(snippet))


# --------------------------------------------------------------------------- samples

# Written from reading each file: the headline, the stated date, junk that must be masked
# and story text that must stay.
SAMPLES = [
    (
        "000",
        "Russia moves to restrict foreign messaging apps on Putin’s order",
        "2025-07-20",
        [
            "Become a member",
            "by Kateryna Denisova",
            "(Jakub Porzycki/NurPhoto/Getty Images)",
            "Fire, flight diversions reported near Moscow",  # teaser headline
            "A fire broke out in Moscow Oblast overnight",  # teaser paragraph
            "Kateryna Denisova works as a News Editor",  # author bio
            "Zelensky unveils new composition",  # news feed
            "President Volodymyr Zelensky on July 19 announced",
            "Editors' Picks",
        ],
        [
            "Russian President Vladimir Putin instructed his government",
            "It is part of a broader push",
            "According to Ukrainian intelligence, the data is automatically transmitted",
        ],
    ),
    (
        "001",
        None,
        None,
        [],
        ["Russian President Vladimir Putin has directed", "The Rise of Domestic Alternatives"],
    ),
    (
        "002",
        "Putin demands to restrict foreign messengers in Russia",
        "2025-07-18",
        [
            "Укр Рус Eng",
            "Support Us",
            "Oleksii Artemchuk",
            "Stock photo: Getty Images",
            "Advertisement:",
            "Support Ukrainska Pravda on Patreon!",
            "Kremlin agrees that negotiations",
            "RECENT NEWS",
            "Three injured in two Russian drone strikes on Sumy Oblast",
            "14:47",
        ],
        [
            "Russia may introduce additional restrictions",
            "Prime Minister Mikhail Mishustin must submit proposals",
            "Human rights activists have already called",
            "The Innotech XXI Foundation",
        ],
    ),
    (
        "003",
        None,
        None,
        ["Hector RETAMAL/AFP/Getty", "Sefa Karacan/Anadolu/Getty"],
        [
            "Russian authorities have taken new measures",
            "Russia’s state-backed “Max” app",
            "India’s authorities",
        ],
    ),
    (
        "004",
        "Russia imposes restrictions on WhatsApp & Telegram as it pushes state-backed messaging app",
        None,
        [
            "&w=3840&q=100)",
            "STORY CONTINUES BELOW THIS AD",
            "No comments yet",
            "Related Articles",
            "Trump-Putin Alaska Meet latest updates",
            "Following a meeting in Alaska, President Putin highlighted",
            "Putin sends strong message after talks with Trump",
        ],
        [
            "In a latest crackdown on freedom of speech",
            "Meta & Telegram react",
            "Critics have voiced concerns",
        ],
    ),
]


@pytest.mark.parametrize(
    ("prefix", "title", "published", "junk", "story"), SAMPLES, ids=[s[0] for s in SAMPLES]
)
def test_sample_article(
    prefix: str, title: str | None, published: str | None, junk: list[str], story: list[str]
) -> None:
    path = _sample(prefix)
    article = load(path)
    assert article.text == path.read_text(encoding="utf-8")  # offsets refer to the file
    assert (article.title, article.published, article.format, article.language) == (
        title,
        published,
        "txt",
        "en",
    )
    for snippet in junk:
        assert _masked(article, snippet), f"junk not masked: {snippet!r}"
    for snippet in story:
        assert not _touched(article, snippet), f"story text masked: {snippet!r}"
    assert bool(article.masked) == bool(junk)
    assert bool(article.warnings) == bool(junk)


@pytest.mark.parametrize("gold_path", sorted(GOLD.glob("0*.json")), ids=lambda p: p.stem[:3])
def test_no_gold_evidence_is_masked(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    article = load(ARTICLES / f"{gold_path.stem}.txt")
    quotes = [it["quote"] for k in ("actions", "justifications", "disputed_claims") for it in gold[k]]
    quotes += [d["text"] for d in gold["dates"]]
    for quote in quotes:
        assert not _touched(article, quote), f"gold evidence masked: {quote!r}"
    assert article.published == gold["published"]


def test_warnings_name_the_blocks_and_the_teaser() -> None:
    w000 = "\n".join(load(_sample("000")).warnings)
    assert "teaser" in w000 and "Fire, flight diversions" in w000 and '"Most Popular" block' in w000
    w004 = "\n".join(load(_sample("004")).warnings)
    assert '"Related Articles" block' in w004
    assert all("\n" not in w for w in load(_sample("002")).warnings)


def test_published_argument_overrides_the_page() -> None:
    assert load(_sample("000"), published="2024-01-02").published == "2024-01-02"
    assert load(_sample("003"), published="2025-08-14T10:00:00Z").published == "2025-08-14"
    with pytest.raises(InputError, match="not a date; give it as YYYY-MM-DD"):
        load(_sample("003"), published="soon")


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_masking_blanks_exactly_the_masked_characters(path: Path) -> None:
    article = load(path)
    _check_mask(article)


def _check_mask(article: Article) -> None:
    clean = article.clean_text
    assert len(clean) == len(article.text)
    for k, (a, b) in enumerate(zip(article.text, clean, strict=True)):
        if article.is_masked(k, k + 1):
            assert b == ("\n" if a == "\n" else " ")
        else:
            assert b == a
    for s, e, why in article.masked:
        assert 0 <= s < e <= len(article.text) and why


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                [
                    "Related Articles",
                    "Advertisement:",
                    "16:50",
                    "by Jane Roe",
                    "Read also: Other story here",
                    "",
                ]
            ),
        ),
        max_size=25,
    )
)
def test_from_text_never_breaks_offsets(parts: list[str]) -> None:
    text = "\n".join(parts)
    try:
        article = from_text(text)
    except InputError:
        assert not text.strip()
        return
    assert article.text == text
    _check_mask(article)


# --------------------------------------------------------------------------- header forms

BODY = (
    "The city council approved the budget on Tuesday after a long debate, the mayor said.\n\n"
    "Opposition members voted against it, citing cuts to public transport.\n"
)


@pytest.mark.parametrize(
    ("header", "title", "published"),
    [
        ("Title: Council passes budget\nPublished: 2019-11-20\n\n", "Council passes budget", "2019-11-20"),
        ("Headline: Council passes budget\nDate: 20.11.2019\n\n", "Council passes budget", "2019-11-20"),
        (
            " date 2025-07-20 Become a member\nFollow Us\n\nCouncil passes the budget after a long debate\n\n",
            "Council passes the budget after a long debate",
            "2025-07-20",
        ),
        (
            "Council passes the budget after a long debate\nMaria IvanovaFriday, 18 July 2025, 09:52\n\n",
            "Council passes the budget after a long debate",
            "2025-07-18",
        ),
        (
            "Council passes the budget after a long debate\nBy Jane Roe\nJuly 18, 2025 at 9:52 am\n\n",
            "Council passes the budget after a long debate",
            "2025-07-18",
        ),
        (
            "Exclusive news and analytics for market professionals\nCouncil passes the budget after a long debate\n"
            "By Jane Roe\nJuly 18, 20253:52 PM GMT+1\n\n",
            "Council passes the budget after a long debate",
            "2025-07-18",
        ),
        ("Updated: 2025-07-21\nPublished: 2025-07-20\n\n", None, "2025-07-20"),
        (
            "Совет принял бюджет после долгих дебатов\n18 июля 2025\n\n",
            "Совет принял бюджет после долгих дебатов",
            "2025-07-18",
        ),
        (
            "# Council passes the budget after a long debate\n\n",
            "Council passes the budget after a long debate",
            None,
        ),
        ("", None, None),
    ],
    ids=[
        "labels",
        "dotted",
        "date-line",
        "byline-date",
        "month-first",
        "tagline-glued-time",
        "updated",
        "russian",
        "markdown",
        "none",
    ],
)
def test_header_title_and_date(header: str, title: str | None, published: str | None) -> None:
    article = from_text(header + BODY)
    assert (article.title, article.published) == (title, published)
    assert not _touched(article, "The city council approved the budget")
    assert not _touched(article, "Opposition members voted against it")


def test_dates_at_the_bottom_are_not_the_publication_date() -> None:
    text = BODY + "\nRecent news\n16:50\nFloods hit the south on 21 July 2025, officials say\n"
    article = from_text(text)
    assert article.published is None
    assert _masked(article, "Floods hit the south")


def test_no_stated_date_gives_none_not_today() -> None:
    assert from_text(BODY).published is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-07-20", "2025-07-20"),
        ("2025-07-20T09:52:00+03:00", "2025-07-20"),
        ("Friday, 18 July 2025, 09:52", "2025-07-18"),
        ("Jul. 4, 2024", "2024-07-04"),
        ("4th March 2024", "2024-03-04"),
        ("18 липня 2025", "2025-07-18"),
        ("2025-02-30", None),
        ("next week", None),
    ],
)
def test_normalize_date(value: str, iso: str | None) -> None:
    assert normalize_date(value) == iso


# --------------------------------------------------------------------------- generic masking

STORY = "\n\n".join(
    [
        "Flood barriers failed in three villages on Sunday after a week of heavy rain, local officials said.",
        "Residents were evacuated overnight, and the army sent trucks to carry supplies to the area.",
        "The regional governor blamed the failure on years of underinvestment in flood defences.",
        "He declined to comment.",
        "Engineers said repairs would take at least a month and cost more than expected.",
    ]
)


def test_read_also_link_inside_the_story_is_masked_but_the_story_is_not() -> None:
    paras = STORY.split("\n\n")
    text = "\n\n".join([*paras[:2], "Read also: Drought threatens the wheat harvest in the east", *paras[2:]])
    article = from_text(text)
    assert _masked(article, "Drought threatens the wheat harvest")
    for p in paras:
        assert not _touched(article, p)


def test_marker_followed_by_story_paragraphs_does_not_swallow_them() -> None:
    paras = STORY.split("\n\n")
    text = "\n".join([paras[0], "Related stories", "Storm season starts early", *paras[1:]])
    article = from_text(text)
    assert _masked(article, "Storm season starts early")
    for p in paras:
        assert not _touched(article, p)


def test_feed_after_the_story_is_masked_and_reported() -> None:
    feed = "\n".join(
        ["Latest news", "10:05", "Markets fall on rate fears", "09:40", "Train strike called off"]
    )
    article = from_text(STORY + "\n\n" + feed + "\n")
    assert _masked(article, "Markets fall on rate fears")
    assert not _touched(article, "Engineers said repairs would take")
    assert any('"Latest news" block' in w for w in article.warnings)


def test_plain_story_is_left_alone() -> None:
    article = from_text(STORY)
    assert article.masked == [] and article.warnings == []


# --------------------------------------------------------------------------- formats


def test_html_drops_scripts_styles_comments_and_alt_text() -> None:
    article = load(DATA / "injected.html")
    assert article.format == "html" and article.carries_text
    assert article.title == "Regulator fines port operator over safety lapses"
    assert article.published == "2024-03-05"
    assert "fined the operator of the northern container port" in article.text
    assert "Inspectors had visited the port four times" in article.text
    for payload in ("PAYLOAD", "ignore", "developer mode", "system note", "var s =", "color: red"):
        assert payload not in article.text


def test_html_lang_metadata_wins(tmp_path: Path) -> None:
    html = (DATA / "injected.html").read_text(encoding="utf-8").replace('lang="en"', 'lang="de"')
    p = tmp_path / "page.htm"
    p.write_text(html, encoding="utf-8")
    assert load(p).language == "de"


def test_json_article() -> None:
    article = load(DATA / "article.json")
    assert (article.format, article.title, article.published, article.url) == (
        "json",
        "Council approves new tram line",
        "2024-03-04",
        "https://example.org/news/tram-line",
    )
    assert article.text.startswith("The city council on Monday approved")
    assert article.carries_text


def test_markdown_and_unknown_suffix_read_as_text(tmp_path: Path) -> None:
    md = tmp_path / "story.md"
    md.write_text(STORY, encoding="utf-8")
    assert (load(md).format, load(md).text) == ("md", STORY)
    other = tmp_path / "story.article"
    other.write_text(STORY, encoding="utf-8")
    assert (load(other).format, load(other).text) == ("txt", STORY)


def test_crlf_text_matches_read_text(tmp_path: Path) -> None:
    p = tmp_path / "crlf.txt"
    p.write_bytes(STORY.replace("\n", "\r\n").encode("utf-8"))
    assert load(p).text == p.read_text(encoding="utf-8")


RU = "Президент поручил правительству ограничить иностранные мессенджеры. Решение вызвало споры в обществе."
UK = "Президент доручив уряду обмежити іноземні месенджери. Рішення викликало суперечки в суспільстві, її обговорюють."


@pytest.mark.parametrize(
    ("data", "text", "encoding", "language"),
    [
        (codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"), STORY, "utf-16", "en"),
        (codecs.BOM_UTF16_BE + RU.encode("utf-16-be"), RU, "utf-16", "ru"),
        (RU.encode("cp1251"), RU, "cp1251", "ru"),
        (UK.encode("cp1251"), UK, "cp1251", "uk"),
        (
            "Café owners in Zürich said the rules were “unfair”.".encode("cp1252"),
            "Café owners in Zürich said the rules were “unfair”.",
            "cp1252",
            "en",
        ),
    ],
    ids=["utf16-le", "utf16-be", "cp1251-ru", "cp1251-uk", "cp1252"],
)
def test_other_encodings_are_decoded(
    tmp_path: Path, data: bytes, text: str, encoding: str, language: str
) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    article = load(p)
    assert (article.text, article.encoding, article.language) == (text, encoding, language)
    assert article.carries_text  # offsets do not refer to the file's UTF-8 text
    assert encoding in article.warnings[0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (RU, "ru"),
        (UK, "uk"),
        (STORY, "en"),
        ("Ο πρωθυπουργός μίλησε σήμερα στη Βουλή.", "el"),
        ("123 456", "en"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


# --------------------------------------------------------------------------- bad input


def _png(p: Path) -> None:
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def _zip(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("story.txt", STORY)


BAD = [
    ("missing.txt", None, "no such file; check the path"),
    ("folder", "dir", "is a folder"),
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b" \n\t\r\n  ", "the file is empty"),
    ("photo.jpg.txt", _png, r"binary file \(PNG image\)"),
    ("archive.txt", _zip, r"binary file \(zip archive\)"),
    ("nul.txt", b"Some text\x00\x00with NUL bytes in it", "contains NUL bytes"),
    (
        "bad.txt",
        b"Breaking report \x81\x8d\x90 \xc3\x28 end of story.",
        "not valid UTF-8 .* re-save it as UTF-8",
    ),
    ("broken16.txt", codecs.BOM_UTF16_LE + b"a\x00b", "re-save it as UTF-8"),
    (
        "no_text.json",
        (DATA / "no_text.json").read_bytes(),
        'no "text" string; put the article text under "text"',
    ),
    ("list.json", b'[{"text": "x"}]', "JSON is not an object"),
    ("broken.json", b'{"text": "unterminated', r"not valid JSON \(line 1"),
    ("shell.html", (DATA / "empty_shell.html").read_bytes(), "no article text could be extracted"),
    ("blob.bin", b"\x7fELF\x02\x01\x01" + bytes(200), "binary file"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_a_one_line_message(
    tmp_path: Path, name: str, content: object, message: str
) -> None:
    p = tmp_path / name
    if content == "dir":
        p.mkdir()
    elif callable(content):
        content(p)
    elif isinstance(content, bytes):
        p.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        load(p)
    text = str(info.value)
    assert "\n" not in text and text.startswith(str(p))
    assert isinstance(info.value, NewsbriefError)


def test_too_big_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.truncate(50_000_000)  # sparse: reading it whole would take 50 MB
    opened: list[Path] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    with pytest.raises(
        InputError, match=r"50,000,000 bytes, above the 10,000,000-byte limit.*NEWSBRIEF_MAX_BYTES"
    ):
        load(p)
    assert opened == []


def test_size_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "story.txt"
    p.write_text(STORY, encoding="utf-8")
    with pytest.raises(InputError, match="limit"):
        load(p, max_bytes=100)
    monkeypatch.setenv("NEWSBRIEF_MAX_BYTES", "100")
    with pytest.raises(InputError, match="above the 100-byte limit"):
        load(p)
    assert load(p, max_bytes=len(STORY.encode()) + 1).text == STORY
    monkeypatch.setenv("NEWSBRIEF_MAX_BYTES", "lots")
    with pytest.raises(NewsbriefError, match="NEWSBRIEF_MAX_BYTES"):
        load(p)


def test_from_text_refuses_empty_text() -> None:
    with pytest.raises(InputError, match="empty"):
        from_text("  \n ", source="pasted")


# --------------------------------------------------------------------------- sources


def test_iter_sources_expands_folders(tmp_path: Path) -> None:
    for name in (
        "b.md",
        "a.txt",
        "c.html",
        "d.json",
        ".hidden.txt",
        "README.md",
        "LICENSE.txt",
        "img.png",
        "x.xyz",
    ):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.txt").write_text("x", encoding="utf-8")
    extra = tmp_path / "x.xyz"
    got = iter_sources([tmp_path, extra, tmp_path / "a.txt"])
    assert [p.name for p in got] == ["a.txt", "b.md", "c.html", "d.json", "x.xyz"]
    with pytest.raises(InputError, match="no such file or folder"):
        iter_sources([tmp_path / "nope"])


def test_iter_sources_on_the_samples() -> None:
    assert iter_sources([ARTICLES]) == sorted(ARTICLES.glob("*.txt"))
    assert os.path.basename(str(iter_sources([ARTICLES])[0])).startswith("000")
