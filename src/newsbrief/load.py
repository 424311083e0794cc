"""Read an article file (txt, md, html, json) into an `Article`, masking scraped junk.

Offsets in a brief refer to `Article.text`: for .txt and .md the file's text as read (UTF-8,
exactly what `Path.read_text(encoding="utf-8")` returns), for HTML and JSON the extracted
article text, and for text in another encoding (UTF-16, Windows-1251, Windows-1252) the
decoded text. Junk (navigation, ads, teasers, feeds) is masked, never cut, so offsets stay
true; what was masked is reported in `Article.warnings`, one line per kind.

How junk is found (generic news-page heuristics, no per-site rules):
- the *header* is everything before the first story paragraph (a line that reads as prose);
  its lines (navigation, bylines, the headline, dates) are masked, and the title and the
  publication date are read from it, never from the rest of the page;
- a *block marker* after the story start ("Related Articles", "Most Popular", "News Feed",
  ...) masks everything after it, unless a run of story paragraphs follows;
- after the last run of story paragraphs, every line is masked (author box, tags, feeds);
  a lone paragraph cut off from the story by a run of short lines (an author bio) and a
  long headline plus one paragraph right before that tail (a teaser) are masked too;
- inside the story only lines that match a junk pattern are masked (ads, captions, photo
  credits, share buttons, timestamps); subheadings and short sentences stay.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from newsbrief.errors import ConfigError, InputError

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")
DEFAULT_MAX_BYTES = 10_000_000
MAX_BYTES_ENV = "NEWSBRIEF_MAX_BYTES"


@dataclass
class Article:
    """An article as newsbrief reads it."""

    text: str
    source: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str = "en"
    format: str = "txt"  # txt, md, html, json
    masked: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, why)
    warnings: list[str] = field(default_factory=list)
    encoding: str = "utf-8"  # how the file was decoded
    url: str | None = None

    @property
    def id(self) -> str:
        """Hash of the normalized text: the same story text gives the same id."""
        normalized = " ".join(self.text.split())
        return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]

    @property
    def clean_text(self) -> str:
        """`text` with masked spans blanked (same length, newlines kept) for analysis."""
        if not self.masked:
            return self.text
        chars = list(self.text)
        for start, end, _ in self.masked:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)

    @property
    def carries_text(self) -> bool:
        """Whether the brief must carry the text (offsets do not refer to the file's UTF-8 text)."""
        return self.format in ("html", "json") or self.encoding != "utf-8"

    def is_masked(self, start: int, end: int) -> bool:
        """Whether any part of [start, end) lies in masked junk."""
        return any(s < end and start < e for s, e, _ in self.masked)


# --------------------------------------------------------------------------- public API


def load(path: str | Path, *, published: str | None = None, max_bytes: int | None = None) -> Article:
    """Read one article file; `published` (YYYY-MM-DD) overrides what the page states."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file; check the path")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not an article file; pass a file (the CLI accepts folders)")
    if not p.is_file():
        raise InputError(f"{p}: not a regular file; pass an article file (.txt, .md, .html, .json)")
    limit = _max_bytes(max_bytes)
    size = p.stat().st_size
    if size > limit:
        raise InputError(
            f"{p}: file is {size:,} bytes, above the {limit:,}-byte limit; "
            f"trim it or raise the limit with {MAX_BYTES_ENV}"
        )
    try:
        with p.open("rb") as f:
            data = f.read(limit + 1)  # bounded: the file may grow after stat()
    except OSError as e:
        raise InputError(f"{p}: cannot be read ({e.strerror}); check its permissions") from e
    if len(data) > limit:
        raise InputError(f"{p}: file is above the {limit:,}-byte limit; trim it or raise {MAX_BYTES_ENV}")
    text, encoding = _decode(data, str(p))
    if not text.strip():
        raise InputError(f"{p}: the file is empty; give it the article text")

    suffix = p.suffix.lower()
    if suffix in (".html", ".htm") or (suffix not in SUFFIXES and _looks_like_html(text)):
        article = _from_html(text, str(p), published)
    elif suffix == ".json":
        article = _from_json(text, str(p), published)
    else:
        # Universal newlines, as Path.read_text does, so offsets match a plain re-read.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        article = from_text(text, source=str(p), published=published)
        article.format = "md" if suffix == ".md" else "txt"
    article.encoding = encoding
    if encoding != "utf-8":
        article.warnings.insert(0, f"decoded as {encoding}, not UTF-8; offsets refer to the decoded text")
    return article


def from_text(
    text: str,
    *,
    source: str = "<text>",
    published: str | None = None,
    title: str | None = None,
    language: str | None = None,
) -> Article:
    """Make an article from text already in memory (plain text or Markdown), masking junk."""
    if not text.strip():
        raise InputError(f"{source}: the article is empty; give it some text")
    page = _scan(text)
    pub = _override_date(published, source) if published else page.published
    article = Article(
        text=text,
        source=source,
        title=title or page.title,
        published=pub,
        masked=page.masked,
        warnings=page.warnings,
    )
    article.language = language or detect_language(article.clean_text)
    return article


def iter_sources(paths: Sequence[str | Path]) -> list[Path]:
    """Expand files and folders into article files: a folder gives its known-suffix files, sorted."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"{p}: no such file or folder; check the path")
        if p.is_dir():
            found = sorted(
                c
                for c in p.iterdir()
                if c.is_file()
                and c.suffix.lower() in SUFFIXES
                and not c.name.startswith(".")
                and not re.match(r"(readme|license|licence|changelog)\b", c.name, re.I)
            )
        else:
            found = [p]
        for c in found:
            if c not in seen:
                seen.add(c)
                out.append(c)
    return out


def detect_language(text: str) -> str:
    """Guess an ISO 639-1 code from the script: Cyrillic -> ru/uk, Latin -> en."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    cyr = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if cyr / len(letters) > 0.3:
        uk = sum(c in "іїєґІЇЄҐ" for c in letters)
        ru = sum(c in "ыэъёЫЭЪЁ" for c in letters)
        return "uk" if uk > ru else "ru"
    latin = sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)
    if latin / len(letters) > 0.5:
        return "en"
    scripts = Counter(_script(c) for c in letters)
    return scripts.most_common(1)[0][0]


# --------------------------------------------------------------------------- reading bytes

_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"RIFF", "RIFF media file"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"%PDF", "PDF"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"Rar!", "rar archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
    (b"OggS", "audio file"),
    (b"ID3", "audio file"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"SQLite format 3", "SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _max_bytes(explicit: int | None) -> int:
    if explicit is not None:
        return explicit
    raw = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise ConfigError(
            f"{MAX_BYTES_ENV}={raw!r} is not a number of bytes; set it to e.g. 10000000"
        ) from None
    if value <= 0:
        raise ConfigError(f"{MAX_BYTES_ENV}={raw!r} must be positive; set it to e.g. 10000000")
    return value


def _binary(source: str, kind: str) -> InputError:
    return InputError(
        f"{source}: looks like a binary file ({kind}), not an article; give a .txt, .md, .html or .json file"
    )


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode file bytes: BOM'd UTF-16/32, UTF-8, then Windows-1251 or -1252 by heuristics."""
    if not data.strip():
        raise InputError(f"{source}: the file is empty; give it the article text")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)  # these codecs drop the BOM
            except UnicodeDecodeError:
                raise InputError(
                    f"{source}: starts with a {enc.upper()} mark but does not decode; re-save it as UTF-8"
                ) from None
            if _unprintable_share(text) > 0.05:
                raise _binary(source, "unreadable after the byte-order mark")
            return text, enc
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _binary(source, kind)
    if b"\x00" in data:
        raise _binary(source, "contains NUL bytes")
    controls = sum(b < 32 and b not in (9, 10, 11, 12, 13, 27) for b in data[:65536])
    if controls > max(2, len(data[:65536]) // 100):
        raise _binary(source, "contains control bytes")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        bad_at = e.start
    for enc in ("cp1251", "cp1252"):
        legacy = _try_legacy(data, enc)
        if legacy is not None:
            return legacy, enc
    raise InputError(
        f"{source}: not valid UTF-8 (bad byte at offset {bad_at}) nor a recognised encoding; re-save it as UTF-8"
    )


_CYR_WORD = re.compile(r"[А-яЁёІіЇїЄєҐґЎў]{3,}")
_MIXED_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[А-яЁёІіЇїЄєҐґ])\w+\b")
_TYPOGRAPHY = set("‘’‚“”„–—…•€£©®°«»§¶·×™")


def _try_legacy(data: bytes, enc: str) -> str | None:
    """Decode with a Windows code page only if the result reads like text in that script."""
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    if enc == "cp1251":
        # Cyrillic text gives whole Cyrillic words; Western bytes read as cp1251 give
        # Latin words with one odd Cyrillic letter inside.
        cyr = len(_CYR_WORD.findall(text))
        mixed = len(_MIXED_WORD.findall(text))
        return text if cyr >= 3 and mixed * 10 <= cyr else None
    # cp1252: every non-ASCII char must be typography or an accented letter inside a word.
    for m in re.finditer(r"[^\x00-\x7f]", text):
        c, i = m.group(), m.start()
        if c in _TYPOGRAPHY:
            continue
        near = text[max(0, i - 1) : i] + text[i + 1 : i + 2]
        if not (c.isalpha() and any(ch.isalpha() and ch.isascii() for ch in near)):
            return None
    return text


def _unprintable_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(not (c.isprintable() or c.isspace()) for c in text[:65536])
    return bad / min(len(text), 65536)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


# --------------------------------------------------------------------------- html and json


def _from_html(html: str, source: str, published: str | None) -> Article:
    """Extract the main text with trafilatura; metadata gives title, date and language."""
    import trafilatura  # slow to import; only HTML needs it

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,  # reader comments are not the article
            include_images=False,  # alt text never reaches the article text
            include_links=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as e:  # trafilatura raises many kinds on broken markup
        raise InputError(
            f"{source}: the HTML could not be parsed ({type(e).__name__}); save the article text as .txt"
        ) from e
    body = getattr(doc, "text", None) or ""
    # A page shell ("Enable JavaScript") yields a few words and no sentence at all.
    if len(body.split()) < 20 and not any(_is_prose(line) for line in body.splitlines()):
        raise InputError(
            f"{source}: no article text could be extracted from this HTML page; save the article text as .txt"
        )
    article = from_text(body, source=source, published=published, title=getattr(doc, "title", None) or None)
    article.format = "html"
    if not published:
        meta_date = normalize_date(getattr(doc, "date", None) or "")
        if meta_date:
            article.published = meta_date
    lang = _html_lang(html)
    if lang:
        article.language = lang
    article.url = getattr(doc, "url", None) or None
    return article


def _html_lang(html: str) -> str | None:
    m = re.search(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", html[:5000], re.I)
    if not m:
        m = re.search(
            r"<meta\b[^>]*?(?:og:locale|content-language)[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3})\b",
            html[:20000],
            re.I,
        )
    return m.group(1).lower() if m else None


def _from_json(text: str, source: str, published: str | None) -> Article:
    """Read a JSON object with `text` (required), `title`, `published` and `url`."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(
            f"{source}: not valid JSON (line {e.lineno}: {e.msg}); fix it or save the article as .txt"
        ) from None
    if not isinstance(obj, dict):
        raise InputError(
            f'{source}: the JSON is not an object; give {{"text": "...", "title": ..., "published": ...}}'
        )
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(f'{source}: the JSON has no "text" string; put the article text under "text"')
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    article = from_text(body, source=source, published=published, title=title or None)
    article.format = "json"
    raw_date = obj.get("published") or obj.get("date")
    if not published and isinstance(raw_date, str) and raw_date.strip():
        article.published = normalize_date(raw_date)
        if article.published is None:
            article.warnings.append(f'ignored the JSON "published" value {raw_date[:40]!r}: not a date')
    if isinstance(obj.get("url"), str):
        article.url = obj["url"]
    if isinstance(obj.get("language"), str) and re.fullmatch(r"[A-Za-z]{2,3}", obj["language"]):
        article.language = obj["language"].lower()
    return article


# --------------------------------------------------------------------------- dates

_MONTHS = {
    m: i + 1
    for i, ms in enumerate(
        [
            "jan january янв січ",
            "feb february фев лют",
            "mar march мар берез",
            "apr april апр квіт",
            "may ма трав",
            "jun june июн черв",
            "jul july июл лип",
            "aug august авг серп",
            "sep sept september сен верес",
            "oct october окт жовт",
            "nov november ноя листоп",
            "dec december дек груд",
        ]
    )
    for m in ms.split()
}
_MONTH_RE = r"([A-Za-z]{3,9}|[а-яіїєґ]{2,10})"
_YEAR_END = r"(?:(?!\d)|(?=\d{1,2}:\d{2}))"  # Reuters glues the time on: "July 18, 20253:52 PM"
_DATE_PATTERNS = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"), "ymd"),
    (
        re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r"\.?,?\s+(\d{4})" + _YEAR_END, re.I),
        "dMy",
    ),
    (re.compile(r"\b" + _MONTH_RE + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _YEAR_END, re.I), "Mdy"),
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"), "dmy"),
)


def _month(name: str) -> int | None:
    name = name.lower().rstrip(".")
    if name in _MONTHS:
        return _MONTHS[name]
    # Cyrillic month names inflect ("июля", "липня"): match by stem.
    for stem, num in _MONTHS.items():
        if not stem.isascii() and name.startswith(stem) and (len(stem) > 2 or name in ("мая", "май")):
            return num
    if name[:3] in _MONTHS and len(name) > 3 and name.isascii():
        full = {
            "january",
            "february",
            "march",
            "april",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        }
        return _MONTHS[name[:3]] if name in full or name == "sept" else None
    return None


def _find_date(text: str) -> tuple[str, int] | None:
    """The first full calendar date (with a year) in `text`, as (YYYY-MM-DD, position)."""
    best: tuple[str, int] | None = None
    for rx, order in _DATE_PATTERNS:
        for m in rx.finditer(text):
            a, b, c = m.groups()
            if order == "ymd":
                y, mo, d = int(a), int(b), int(c)
            elif order == "dmy":
                d, mo, y = int(a), int(b), int(c)
            else:
                if order == "dMy":
                    d, mon, y = int(a), _month(b), int(c)
                else:
                    mon, d, y = _month(a), int(b), int(c)
                if mon is None:
                    continue
                mo = mon
            try:
                iso = date(y, mo, d).isoformat()
            except ValueError:
                continue
            if 1900 <= y <= 2100 and (best is None or m.start() < best[1]):
                best = (iso, m.start())
            break
    return best


def normalize_date(value: str) -> str | None:
    """A date string in a common form ('2025-07-20T09:52Z', '18 July 2025') as YYYY-MM-DD, or None."""
    found = _find_date(value or "")
    return found[0] if found else None


def _override_date(value: str, source: str) -> str:
    iso = normalize_date(value)
    if iso is None:
        raise InputError(f"{source}: published date {value!r} is not a date; give it as YYYY-MM-DD")
    return iso


# --------------------------------------------------------------------------- junk lines


def _phrases(listing: str) -> frozenset[str]:
    """A set of phrases from a comma-separated listing."""
    return frozenset(p.strip() for p in listing.split(",") if p.strip())


_NAV_LINES = _phrases(
    """
    become a member, featured, sections, all sections, more, follow us, support us, menu, search, home,
    close, skip to content, skip to main content, sign in, log in, login, subscribe, subscribe now,
    register, share, share this, share this article, share on facebook, share on twitter, tweet, email,
    print, copy link, link copied, show more, load more, see more, view more, show less, avatar,
    article image, image, photo, video, listen, listen to this article, play, advertisement,
    advertising, sponsored, sponsored content, ad, ads, remove ads, read more, read also, also read,
    see also, comments, no comments yet, leave a comment, add comment, top, back to top, newsletter,
    donate, contact us, about us, privacy policy, terms of use, cookie policy, accept, accept all,
    cookies, next, previous, news, latest, trending, popular, recommended, related, tags, topics,
    filed under, opinion, world, politics, business, tech, technology, sport, sports, culture, live,
    breaking, breaking news, explore, watch, podcast, podcasts, newsletters, facebook, twitter, x,
    instagram, telegram, youtube, linkedin, whatsapp, reddit, rss, copyright
    """
)
_BLOCK_MARKERS = _phrases(
    """
    related articles, related stories, related news, related content, related coverage, related posts,
    related reading, most popular, most read, most viewed, most shared, recent news, latest news,
    latest stories, latest articles, news feed, all news, editors picks, editor picks, editors choice,
    more stories, more news, more articles, more on this story, more from this author,
    more from author, you may also like, you might also like, you may be interested in,
    recommended for you, recommended stories, top stories, trending now, trending stories, read next,
    what to read next, up next, further reading, in other news, other news, popular stories,
    popular now
    """
)
_LANG_TOKENS = _phrases(
    """
    eng, en, english, ukr, укр, ua, uk, рус, ру, ru, rus, русский, українська, укр., de, deutsch, fr,
    français, es, español, pl, polski, it, italiano, 中文, العربية
    """
)
_AD_RE = re.compile(
    r"^(advertisement|advertising|sponsored|ad)\b\W*$|story continues (below|after)|continue reading below"
    r"|tired of too many ads|remove ads|^support .{1,60} on patreon\W*$|subscribe to (our|the) newsletter"
    r"|^sign up (for|to)\b|all rights reserved|^©|\bcopyright \d{4}|we use cookies|^click here\b"
    r"|^download (our|the) app|^follow (us|.{1,40}) on\b|^join (us|our) on\b|^try our ai features"
    r"|^explore what .{1,40} can do",
    re.I,
)
_INLINE_AD_RE = re.compile(
    r"(?:Tired of too many ads\?\s*(?:Remove Ads\s*)?)+|STORY CONTINUES BELOW THIS AD|\bADVERTISEMENT\b", re.I
)
_CREDIT_WORDS = (
    r"getty|afp|reuters|ap photo|associated press|shutterstock|epa|anadolu|nurphoto|sipa|alamy|imago"
    r"|bloomberg via|tass|ria novosti|pool photo|xinhua|photo credit|courtesy of|\bvia\b"
)
_CAPTION_RE = re.compile(
    r"^(stock )?(photo|photos|image|picture|illustration|credit|video|photograph|фото)\s*(by|:|credit|caption)"
    r"|\((?:photo[^)]*|[^)]*(?:/|" + _CREDIT_WORDS + r")[^)]*)\)\W*$"
    r"|^[A-Z][\w.'\- ]{1,40}/[A-Z][\w.'\- ]{1,40}(/[\w.'\- ]{1,40})*$",
    re.I,
)
_CREDIT_RE = re.compile(_CREDIT_WORDS, re.I)
_BYLINE_RE = re.compile(r"^(by|author|authors|written by|reporting by|words by|text by|автор)\b[:\s]", re.I)
_TEASER_PREFIX_RE = re.compile(
    r"^(read (more|also|next)|also read|see also|related|watch|listen|more|recommended|читайте также|читайте також)\s*[:|»>-]",
    re.I,
)
_LABEL_RE = re.compile(
    r"^\s*(title|headline|published|publication date|date|posted( on)?|first published|updated|last updated"
    r"|author|by|source|url|link|tags|section|category|language)\s*[:\s]",
    re.I,
)
_TIME_ONLY_RE = re.compile(
    r"^[\d\s:.,/|\-–—()]*(am|pm|a\.m\.|p\.m\.|gmt|utc|et|cet|msk)?[\d\s:.,/|\-–—()]*$", re.I
)
_TIMESTAMP_PREFIX_RE = re.compile(r"^\d{1,2}:\d{2}\b\s*\S")
_AGO_RE = re.compile(
    r"^(updated |published )?(\d+|an?|one)\s+(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\W*$",
    re.I,
)
_DATE_WORDS = re.compile(
    r"^(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?|today|yesterday|updated|published"
    r"|posted|on|at|am|pm|gmt|utc|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april"
    r"|june|july|august|september|october|november|december|\d{1,4}(?:st|nd|rd|th)?|\d{1,2}:\d{2})$",
    re.I,
)
_READ_TIME_RE = re.compile(r"^\d+\s*(min|mins|minute|minutes)( read)?\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_BIO_RE = re.compile(
    r"\b(works as|worked as|previously worked|is a (senior |staff |freelance )?(reporter|editor|journalist|correspondent|writer)"
    r"|holds a|graduated from|joined (the )?[A-Z]\w+ in|covers\b|has covered)",
)


def _norm(line: str) -> str:
    """A line lowercased with punctuation and apostrophes dropped, for phrase lookups."""
    s = unicodedata.normalize("NFKC", line).lower().replace("’", "").replace("'", "")
    return " ".join(re.sub(r"[^\w\s&]", " ", s).split())


def _words(line: str) -> list[str]:
    return line.split()


def _is_prose(line: str) -> bool:
    """Whether a line reads as story prose: a sentence (or several) rather than a label."""
    words = _words(line)
    if _SENTENCE_END.search(line) and len(words) >= 6:
        return True
    return len(words) >= 20 and bool(re.search(r"[.!?][\"'”’]?\s+[A-Z\"“‘']", line))


def _is_date_line(line: str) -> bool:
    """A line that only states a date or time ("Sunday, July 20", "19 minutes ago", "16:50")."""
    if _AGO_RE.match(line):
        return True
    tokens = re.findall(r"[\w:]+", line)
    return bool(tokens) and len(tokens) <= 8 and all(_DATE_WORDS.match(t) for t in tokens)


def _junk_reason(line: str) -> str | None:
    """Why a single line is junk wherever it appears, or None. Prose lines are rarely junk."""
    norm = _norm(line)
    prose = _is_prose(line)
    if not norm:
        return "navigation" if not re.search(r"[\"“”'‘’]", line) else None  # bare symbols, "&w=..."
    if prose:
        # A sentence is junk only when it is a known ad or a photo caption with a credit.
        if _AD_RE.search(line) and len(_words(line)) <= 15:
            return "ad"
        if _CAPTION_RE.search(line) and not _SENTENCE_END.search(line.rstrip(")").rstrip()):
            return "caption"
        return None
    words = _words(line)
    if _TIME_ONLY_RE.match(line) and re.search(r"\d", line):
        return "feed"
    if _is_date_line(line):
        return "date"
    if _TIMESTAMP_PREFIX_RE.match(line) and len(words) <= 25:
        return "feed"
    if _AD_RE.search(line):
        return "ad"
    if norm in _NAV_LINES or norm in _BLOCK_MARKERS or _READ_TIME_RE.match(line):
        return "navigation"
    if _CAPTION_RE.search(line) or (len(words) <= 8 and _CREDIT_RE.search(line) and "/" in line):
        return "caption"
    if _BYLINE_RE.match(line) and len(words) <= 8:
        return "byline"
    if _TEASER_PREFIX_RE.match(line):
        return "teaser"
    toks = norm.split()
    if len(toks) <= 8 and sum(t in _LANG_TOKENS for t in toks) >= 2:
        return "navigation"  # language switcher ("Укр Рус Eng")
    if len(words) <= 6 and re.search(r"logo", line, re.I):
        return "navigation"
    if re.search(r"[=&]\w+=|^https?://|^www\.", line):
        return "navigation"  # URL debris
    if len(words) <= 12 and _find_date(line) and not _SENTENCE_END.search(line):
        return "byline"  # "Oleksii ArtemchukFriday, 18 July 2025, 09:52"
    return None


# --------------------------------------------------------------------------- page scan


@dataclass
class _Line:
    start: int  # offsets of the stripped line
    end: int
    text: str
    prose: bool
    junk: str | None


@dataclass
class _Page:
    title: str | None = None
    published: str | None = None
    masked: list[tuple[int, int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            s = pos + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(s, s + len(stripped), stripped, _is_prose(stripped), _junk_reason(stripped)))
        pos += len(raw) + 1
    return lines


def _is_label(line: str) -> bool:
    return bool(_LABEL_RE.match(line)) and len(_words(line)) <= 25


def _body_start(lines: list[_Line]) -> int | None:
    """Index of the first story paragraph: prose that is not junk and not a header label."""
    for i, ln in enumerate(lines):
        if ln.prose and ln.junk is None and not _is_label(ln.text) and len(_words(ln.text)) >= 8:
            return i
    return None


def _read_header(header: list[_Line], body_lead: list[_Line]) -> tuple[str | None, str | None, int | None]:
    """Title, publication date and the title's line index from the header lines."""
    title: str | None = None
    title_at: int | None = None
    labelled: str | None = None
    updated: str | None = None
    loose: str | None = None
    for i, ln in enumerate(header):
        m = re.match(r"^\s*(?:title|headline)\s*:\s*(.+)$", ln.text, re.I)
        if m and title is None:
            title, title_at = m.group(1).strip(), i
            continue
        found = _find_date(ln.text)
        if not found:
            continue
        if re.match(r"^\s*(?:last )?updated\b", ln.text, re.I):
            updated = updated or found[0]
        elif re.search(
            r"\b(published|date|posted|first published|publication date)\b", ln.text[: found[1]], re.I
        ):
            labelled = labelled or found[0]
        else:
            loose = loose or found[0]
    if title is None:
        counts = Counter(_norm(ln.text) for ln in header)
        candidates = [
            (i, ln)
            for i, ln in enumerate(header)
            if ln.junk is None and not _is_label(ln.text) and len(_words(ln.text)) >= 3 and len(ln.text) >= 15
        ]
        # The headline repeats the lead's words; a site tagline or a menu does not.
        lead = _stems(" ".join(ln.text for ln in body_lead))
        scored = []
        for i, ln in candidates:
            own = _stems(ln.text)
            overlap = len(own & lead) / len(own) if own else 0.0
            bonus = 0.5 if counts[_norm(ln.text)] > 1 and len(_words(ln.text)) >= 4 else 0.0
            scored.append((overlap + bonus + 0.1 * (len(_words(ln.text)) >= 5), -i, ln))
        if scored:
            best = max(scored, key=lambda t: (t[0], t[1]))
            title_at, title = -best[1], best[2].text.lstrip("#").strip()
    return title, labelled or loose or updated, title_at


def _content_words(text: str) -> set[str]:
    words = re.findall(r"[^\W\d_]{4,}", text.lower().replace("’", "'"))
    return {w[:-2] if w.endswith("'s") else w for w in words}


def _stems(text: str) -> set[str]:
    """Crude stems of a text's content words, to compare a headline with the lead."""
    return {w[:5] for w in _content_words(text)}


def _segments(lines: list[_Line], lo: int, hi: int) -> list[list[int]]:
    """Runs of story paragraphs in lines[lo:hi], split where 3+ non-prose lines come between."""
    segs: list[list[int]] = []
    gap = 0
    for i in range(lo, hi):
        ln = lines[i]
        if ln.prose and ln.junk is None:
            if not segs or gap >= 3:
                segs.append([])
            segs[-1].append(i)
            gap = 0
        else:
            gap += 1
    return segs


def _block_end(lines: list[_Line], m: int) -> int:
    """Where a block starting at marker line m ends: at a run of 3 story paragraphs, or the end."""
    run: list[int] = []
    for i in range(m + 1, len(lines)):
        ln = lines[i]
        if ln.prose and ln.junk is None:
            run.append(i)
            if len(run) >= 3:
                return run[0]
        elif ln.junk or not _SENTENCE_END.search(ln.text):
            run = []  # a headline or junk line: teasers, not the story resuming
        # a short sentence ("He declined to comment.") neither breaks nor extends a run
    return len(lines)


def _scan(text: str) -> _Page:
    """Find the header, the story and the junk around it; see the module docstring."""
    page = _Page()
    lines = _split_lines(text)
    if not lines:
        return page
    reasons: dict[int, str] = {}  # line index -> why it is masked
    region: dict[int, str] = {}  # line index -> which warning it belongs to
    blocks: list[tuple[int, int, str]] = []  # (first line, end line, marker)

    start = _body_start(lines)
    if start is None:
        start = 0
        page.warnings.append("no story paragraphs recognised; only known junk lines were masked")
        story_lines = list(range(len(lines)))
        story_end = len(lines)
    else:
        # Header: everything before the first story paragraph.
        header = lines[:start]
        page.title, page.published, title_at = _read_header(header, lines[start : start + 3])
        for i, ln in enumerate(header):
            reasons[i] = ln.junk or ("title" if i == title_at else "header")
            region[i] = "header"
        # Blocks after the story start, each from its marker to where story prose resumes.
        i = start + 1
        while i < len(lines):
            if _norm(lines[i].text) in _BLOCK_MARKERS:
                end = _block_end(lines, i)
                blocks.append((i, end, lines[i].text))
                i = end
            i += 1
        story_hi = blocks[0][0] if blocks else len(lines)
        segs = _segments(lines, start, story_hi)
        # The story is the first run of paragraphs plus later runs of two or more; a lone
        # paragraph after the story (author bio, teaser) is not.
        kept = [s for k, s in enumerate(segs) if k == 0 or len(s) >= 2]
        last = kept[-1]
        story_end = last[-1] + 1
        tail_follows = story_end < story_hi and any(
            not lines[j].prose or lines[j].junk for j in range(story_end, story_hi)
        )
        teaser = _teaser(lines, last, start, tail_follows or bool(blocks))
        if teaser is not None:
            for j in teaser:
                reasons[j], region[j] = "teaser", "teaser"
            story_end = teaser[0]
        for j in range(story_end, story_hi):
            if j not in reasons:
                bio = lines[j].prose and _BIO_RE.search(lines[j].text)
                reasons[j] = "bio" if bio else (lines[j].junk or "tail")
                region[j] = "tail"
        story_lines = [j for j in range(start, story_end) if j not in reasons]
        # Lines between blocks (story resumed after a marker) are story again.
        for k, (b0, b1, _) in enumerate(blocks):
            for j in range(b0, b1):
                reasons.setdefault(j, lines[j].junk or "block")
                region.setdefault(j, f"block{k}")
            nxt = blocks[k + 1][0] if k + 1 < len(blocks) else len(lines)
            story_lines += [j for j in range(b1, nxt) if j not in reasons]

    # Inside the story: known junk lines, and short lines that repeat (menus, ad slots).
    counts = Counter(_norm(ln.text) for ln in lines)
    for j in story_lines:
        cur = lines[j]
        if cur.junk:
            reasons[j], region[j] = cur.junk, "inline"
        elif not cur.prose and counts[_norm(cur.text)] > 1 and len(_words(cur.text)) <= 12:
            reasons[j], region[j] = "repeated", "inline"
        # A bare "Read also:" label announces the headline on the next line.
        if cur.junk == "teaser" and re.fullmatch(r"[^:]*:\W*", cur.text) and j + 1 < len(lines):
            follow = lines[j + 1]
            if not follow.prose and follow.junk is None and j + 1 in story_lines:
                reasons[j + 1], region[j + 1] = "teaser", "inline"

    spans: list[tuple[int, int, str]] = []
    for j, why in reasons.items():
        spans.append((lines[j].start, lines[j].end, why))
    # Ad phrases glued into story paragraphs ("... Tired of too many ads? Remove Ads ...").
    inline_ads = 0
    for j in story_lines:
        if j in reasons:
            continue
        for m in _INLINE_AD_RE.finditer(lines[j].text):
            spans.append((lines[j].start + m.start(), lines[j].start + m.end(), "ad"))
            inline_ads += 1
    page.masked = _merge_blocks(spans, lines, blocks)
    page.warnings += _describe(lines, reasons, region, blocks, inline_ads)
    return page


def _teaser(lines: list[_Line], seg: list[int], start: int, tail_follows: bool) -> list[int] | None:
    """A headline plus one paragraph about another story, closing the story before its tail."""
    if not tail_follows or len(seg) < 2:
        return None
    para = seg[-1]
    head = para - 1
    if head <= start or lines[head].prose or lines[head].junk:
        return None
    h = lines[head].text
    if len(_words(h)) < 7 or _SENTENCE_END.search(h) or h.endswith(":") or not h[:1].isupper():
        return None
    before = [j for j in range(start, head) if lines[j].prose and lines[j].junk is None]
    if len(before) < 3 or not lines[head - 1].prose:
        return None
    story_words: set[str] = set()
    for j in before:
        story_words |= _content_words(lines[j].text)
    own = _content_words(h + " " + lines[para].text)
    if own and len(own & story_words) / len(own) >= 0.6:
        return None  # shares the story's vocabulary: more likely a closing section
    return [head, para]


def _merge_blocks(
    spans: list[tuple[int, int, str]], lines: list[_Line], blocks: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Sorted spans, with each block given as one span from its marker to its last line."""
    inside: set[tuple[int, int]] = set()
    out: list[tuple[int, int, str]] = []
    for b0, b1, marker in blocks:
        s, e = lines[b0].start, lines[b1 - 1].end
        out.append((s, e, f"block: {marker}"))
        inside.add((s, e))
    for s, e, why in spans:
        if not any(bs <= s and e <= be for bs, be in inside):
            out.append((s, e, why))
    return sorted(set(out))


def _describe(
    lines: list[_Line],
    reasons: dict[int, str],
    region: dict[int, str],
    blocks: list[tuple[int, int, str]],
    inline_ads: int,
) -> list[str]:
    """One readable warning line per kind of masking."""
    out: list[str] = []
    by_region: dict[str, list[int]] = {}
    for j, r in region.items():
        by_region.setdefault(r, []).append(j)
    if "header" in by_region:
        n = len(by_region["header"])
        out.append(
            f"masked {n} header line{'s' * (n != 1)} before the story (navigation, byline, title, date)"
        )
    if "inline" in by_region or inline_ads:
        kinds = sorted({reasons[j] for j in by_region.get("inline", [])} | ({"ad"} if inline_ads else set()))
        n = len(by_region.get("inline", [])) + inline_ads
        out.append(f"masked {n} {'/'.join(kinds)} line{'s' * (n != 1)} inside the story")
    if "teaser" in by_region:
        j = min(by_region["teaser"])
        out.append(f'masked an unrelated teaser story "{lines[j].text[:60]}" at offset {lines[j].start:,}')
    if "tail" in by_region:
        js = sorted(by_region["tail"])
        chars = sum(lines[j].end - lines[j].start for j in js)
        bios = sum(reasons[j] == "bio" for j in js)
        extra = f", incl. {bios} author bio" if bios else ""
        out.append(
            f"masked {len(js)} lines after the story ends ({chars:,} chars: author box, tags, promos{extra})"
        )
    for b0, b1, marker in blocks:
        chars = lines[b1 - 1].end - lines[b0].start
        out.append(f'masked the "{marker}" block ({chars:,} chars) after offset {lines[b0].start:,}')
    return out


def _script(c: str) -> str:
    """A language code standing for the script of one letter (for non-Latin, non-Cyrillic text)."""
    name = unicodedata.name(c, "")
    for key, code in (
        ("GREEK", "el"),
        ("ARABIC", "ar"),
        ("HEBREW", "he"),
        ("HIRAGANA", "ja"),
        ("KATAKANA", "ja"),
        ("HANGUL", "ko"),
        ("CJK", "zh"),
        ("THAI", "th"),
        ("DEVANAGARI", "hi"),
        ("GEORGIAN", "ka"),
        ("ARMENIAN", "hy"),
    ):
        if key in name:
            return code
    return "en"
