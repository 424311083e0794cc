"""analyze: sentences, entities, dates and cues, each pinned to the article's characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.analyze import Analysis, analyze, resolve_date
from newsbrief.load import Article, load


def _analyze(text: str, published: str | None = None) -> Analysis:
    return analyze(Article(text=text, source="<test>", published=published))


# (sentence, published, expected text, expected value, expected precision)
DATES = [
    # wire copy, absolute and relative
    (
        "Ukraine's Foreign Intelligence Service reported on July 20.",
        "2025-07-20",
        "July 20",
        "2025-07-20",
        "day",
    ),
    (
        "The directive, published by the Kremlin earlier this week, calls for limits.",
        "2025-07-20",
        "earlier this week",
        "2025-07",
        "month",
    ),
    ("Russia declared Meta an extremist organization in 2022.", None, "in 2022", "2022", "year"),
    ("Last year, a senator said Russia may block WhatsApp.", "2025-07-20", "Last year", "2024", "year"),
    ("The network was created by Durov in 2006.", None, "in 2006", "2006", "year"),
    ("The invasion began in February 2022.", None, "February 2022", "2022-02", "month"),
    ("Roskomnadzor added WhatsApp to the register in late 2024.", None, "late 2024", "2024", "year"),
    ("The photo was taken in Poland on Dec. 15, 2024.", None, "Dec. 15, 2024", "2024-12-15", "day"),
    ("Officials met on 18 July 2025 in Moscow.", None, "18 July 2025", "2025-07-18", "day"),
    ("The deal was signed on 2024-03-05.", None, "2024-03-05", "2024-03-05", "day"),
    ("The deadline is 30 September 2025.", "2025-07-18", "30 September 2025", "2025-09-30", "day"),
    ("The party was founded in mid-2019.", None, "mid-2019", "2019", "year"),
    ("The ban has been in place since 2019.", None, "2019", "2019", "year"),
    ("Since the 2022 invasion, exports have collapsed.", None, "2022", "2022", "year"),
    ("Sheikin hinted that a block could come as early as 2025.", None, "2025", "2025", "year"),
    ("Back in 2022, Meta was labelled an extremist organisation.", None, "in 2022", "2022", "year"),
    ("Officials expect the law to pass in 2026.", None, "in 2026", "2026", "year"),
    # direction follows the sentence
    (
        "Mishustin must submit proposals for new restrictions by 1 September.",
        "2025-07-18",
        "1 September",
        "2025-09-01",
        "day",
    ),
    (
        "The ministry published its proposals on 1 September.",
        "2025-07-18",
        "1 September",
        "2024-09-01",
        "day",
    ),
    (
        "Peskov told reporters on Thursday that a decision was made.",
        "2025-07-18",
        "Thursday",
        "2025-07-17",
        "day",
    ),
    ("The talks will resume on Thursday, the ministry said.", "2025-07-18", "Thursday", "2025-07-24", "day"),
    (
        "Ramstein meeting to take place on 21 July with US representatives.",
        "2025-07-18",
        "21 July",
        "2025-07-21",
        "day",
    ),
    ("The minister is to visit Kyiv on 3 August.", "2025-07-20", "3 August", "2025-08-03", "day"),
    ("Talks are set to resume in March.", "2025-07-20", "March", "2026-03", "month"),
    ("Inflation peaked in March.", "2025-07-20", "March", "2025-03", "month"),
    ("Sales fell in December.", "2025-07-20", "December", "2024-12", "month"),
    ("The report was released on May 5.", "2025-07-20", "May 5", "2025-05-05", "day"),
    ("Protesters gathered last Sunday.", "2025-07-20", "last Sunday", "2025-07-13", "day"),
    ("The vote will be held next Friday.", "2025-07-20", "next Friday", "2025-07-25", "day"),
    # broadcast and tabloid relative forms
    ("The messenger was launched yesterday.", "2025-07-20", "yesterday", "2025-07-19", "day"),
    ("The app will be blocked tomorrow.", "2025-07-20", "tomorrow", "2025-07-21", "day"),
    ("The minister spoke this morning.", "2025-07-20", "this morning", "2025-07-20", "day"),
    ("The minister resigned two days ago.", "2025-07-20", "two days ago", "2025-07-18", "day"),
    ("He said a week ago that talks had stalled.", "2025-07-20", "a week ago", "2025-07", "month"),
    ("The company was fined three years ago.", "2025-07-20", "three years ago", "2022", "year"),
    ("The law takes effect next month.", "2025-07-20", "next month", "2025-08", "month"),
    ("The company posted record profits last month.", "2025-01-10", "last month", "2024-12", "month"),
    ("Elections are expected early next year.", "2025-07-20", "early next year", "2026", "year"),
    ("Prices have risen sharply this year.", "2025-07-20", "this year", "2025", "year"),
    (
        "The rules come into force at the end of the year.",
        "2025-07-20",
        "the end of the year",
        "2025",
        "year",
    ),
    ("The summit took place this week.", "2025-07-16", "this week", "2025-07", "month"),
    # a week across two months has no honest month
    ("The bill passed the lower house last week.", "2025-07-09", "last week", None, None),
    (
        "Earlier within the week, Telegram also faced restrictions.",
        "2025-08-01",
        "Earlier within the week",
        None,
        None,
    ),
    # counted from another event, or no publication date: unknown, not a guess
    (
        "The restrictions were imposed a day after Putin authorised the app.",
        "2025-08-14",
        "a day after",
        None,
        None,
    ),
    ("The strike happened the following day.", "2025-07-20", "the following day", None, None),
    ("Voice calls had barely functioned since 11 August.", None, "11 August", None, None),
    ("Voice calls had barely functioned since 11 August.", "2025-08-15", "11 August", "2025-08-11", "day"),
    ("Talking to reporters Thursday in Moscow, Peskov confirmed the ban.", None, "Thursday", None, None),
    ("Last year, a senator said Russia may block WhatsApp.", None, "Last year", None, None),
    ("The strike hit at dawn on Sunday, July 20.", None, "Sunday, July 20", None, None),
]


@pytest.mark.parametrize(("sentence", "published", "text", "value", "precision"), DATES)
def test_date_found_and_resolved(
    sentence: str, published: str | None, text: str, value: str | None, precision: str | None
) -> None:
    analysis = _analyze(sentence, published)
    found = [(d.text, d.value, d.precision) for d in analysis.dates]
    assert (text, value, precision) in found, found


@pytest.mark.parametrize(
    "sentence",
    [
        "16:50 Three injured in two Russian drone strikes on Sumy Oblast",
        "A 24-year-old Crimean Tatar faces life imprisonment in occupied Crimea.",
        "WhatsApp has over 100 million users in Russia.",
        "Trump on his ultimatum to Russia: 50 days is not long.",
        "She worked as a news editor for four years.",
        "The firm shipped 2025 units to dealers.",
        "Orbán says 20–25% of the EU budget can end up funding Ukraine.",
        "Protesters may march on the capital.",
        "The app's 2024.1 release fixed the bug.",
        "Guests stayed in Room 1999 of the hotel.",
        "He wrote for the Sunday Times.",
    ],
)
def test_not_a_date(sentence: str) -> None:
    assert [d.text for d in _analyze(sentence, "2025-07-20").dates] == []


def test_resolve_date_public_api_reads_the_sentence() -> None:
    future = "Mishustin must submit proposals by 1 September."
    past = "Mishustin submitted proposals on 1 September."
    assert resolve_date("1 September", "2025-07-18", future) == ("2025-09-01", "day")
    assert resolve_date("1 September", "2025-07-18", past) == ("2024-09-01", "day")
    assert resolve_date("on July 20", "2025-07-20") == ("2025-07-20", "day")
    assert resolve_date("Back in 2022", None) == ("2022", "year")
    assert resolve_date("last year", None) == (None, None)
    assert resolve_date("nonsense", "2025-07-20") == (None, None)


def test_date_direction_follows_the_nearest_verb() -> None:
    sentence = "Peskov said on Thursday that the ban will take effect on 1 September."
    dates = {d.text: d.value for d in _analyze(sentence, "2025-07-18").dates}
    assert dates == {"Thursday": "2025-07-17", "1 September": "2025-09-01"}


# --- sentences ---------------------------------------------------------------------------


def test_headline_and_byline_lines_are_sentences_of_their_own() -> None:
    text = (
        "Russia moves to restrict foreign messaging apps\n"
        "2 min read\n"
        "Avatar\n"
        "by Kateryna Denisova\n"
        "Russian President Vladimir Putin instructed his government to act, officials said.\n"
    )
    assert [s.text for s in _analyze(text).sentences] == [
        "Russia moves to restrict foreign messaging apps",
        "2 min read",
        "Avatar",
        "by Kateryna Denisova",
        "Russian President Vladimir Putin instructed his government to act, officials said.",
    ]


def test_hard_wrapped_lines_stay_one_sentence() -> None:
    text = (
        "The ministry said the new rules, which take effect next month, would apply to\n"
        "all foreign messaging services operating in the country. Critics disagreed.\n"
    )
    sentences = [s.text for s in _analyze(text).sentences]
    assert len(sentences) == 2
    assert sentences[0].endswith("operating in the country.")


def test_sentences_stop_at_masked_junk_inside_a_line() -> None:
    text = "Russia restricted calls on WhatsApp. ADVERTISEMENT: buy now The ban followed months of warnings."
    ad = text.index("ADVERTISEMENT")
    article = Article(text=text, source="<test>", masked=[(ad, ad + len("ADVERTISEMENT: buy now"), "ad")])
    sentences = [s.text for s in analyze(article).sentences]
    assert sentences == ["Russia restricted calls on WhatsApp.", "The ban followed months of warnings."]


def test_sentence_at_finds_the_sentence_by_offset() -> None:
    analysis = _analyze("First sentence here. Second one follows.")
    second = analysis.sentences[1]
    assert analysis.sentence_at(second.start) == second
    assert analysis.sentence_at(second.end - 1) == second
    assert analysis.sentence_at(second.end) is None
    assert analysis.sentence_at(0) == analysis.sentences[0]


# --- cues --------------------------------------------------------------------------------

CUES = [
    ("Telegram denies any connections to Russian authorities.", "deny", "denies"),
    ("The Kremlin has rejected the report.", "deny", "rejected"),
    ("The envoy says she has nothing to do with the scandal.", "deny", "has nothing to do with"),
    ("'No other restrictions have been imposed,' the regulator said.", "deny", "No other restrictions"),
    (
        "Telegram denies links, despite journalistic investigations claiming otherwise.",
        "dispute",
        "despite journalistic investigations claiming otherwise",
    ),
    ("Meanwhile, critics argued that Russia is trying to expand its control.", "dispute", "critics argued"),
    ("Max is an app that reportedly has full access to the microphone.", "hedge", "reportedly"),
    ("He faces allegations over alleged illegal activity.", "hedge", "alleged"),
    ("The minister is said to have approved the plan.", "hedge", "is said to"),
    ("According to Ukrainian intelligence, WhatsApp is a likely target.", "report", "According to"),
    (
        "Interfax quoted the regulator Roskomnadzor as saying.",
        "report",
        "quoted the regulator Roskomnadzor as saying",
    ),
    ("The decision was taken because of the company's refusal to comply.", "cause", "because of"),
    (
        "Russia restricted the apps, accusing the platforms of failing to share information.",
        "cause",
        "accusing the platforms of",
    ),
    ("The messenger was penalised for failing to remove banned content.", "cause", "for failing to"),
    ("Calls were restricted in response to a query from police.", "cause", "in response to"),
    ("The regulator is restricting calls, citing fraud.", "cause", "citing"),
    ("In order to counteract criminals, measures are being taken.", "purpose", "In order to"),
    ("It is part of a broader push to reduce dependence on foreign technology.", "purpose", None),
    ("The platforms must cooperate as part of their compliance with Russian law.", "purpose", "as part of"),
    (
        "Russia tried to block WhatsApp in an effort to drive people to a state app.",
        "purpose",
        "in an effort to",
    ),
]


@pytest.mark.parametrize(("sentence", "kind", "text"), CUES)
def test_cue_found(sentence: str, kind: str, text: str | None) -> None:
    cues = [(c.kind, c.text) for c in _analyze(sentence).cues]
    if text is None:
        assert all(k != kind for k, _ in cues), cues
    else:
        assert (kind, text) in cues, cues


def test_reporting_verbs_are_found_in_every_inflection() -> None:
    cues = _analyze("He says so. She said so. They are saying so. It was stated.").cues
    assert [c.text for c in cues if c.kind == "report"] == ["says", "said", "saying", "stated"]


# --- on the sample articles --------------------------------------------------------------


@pytest.fixture(scope="module")
def samples(sample_paths: list[Path]) -> list[tuple[Article, Analysis]]:
    out = []
    for path in sample_paths:
        article = load(path)
        out.append((article, analyze(article)))
    return out


def test_every_span_is_exact_and_outside_masked_junk(samples: list[tuple[Article, Analysis]]) -> None:
    for article, analysis in samples:
        spans = [*analysis.sentences, *analysis.entities, *analysis.dates, *analysis.cues]
        assert analysis.sentences and analysis.entities
        for item in spans:
            assert article.text[item.start : item.end] == item.text, (article.source, item)
            assert item.text == item.text.strip(), (article.source, item)
            assert not article.is_masked(item.start, item.end), (article.source, item)
        for item in [*analysis.entities, *analysis.dates, *analysis.cues]:
            sentence = analysis.sentences[item.sentence]
            assert sentence.start <= item.start and item.end <= sentence.end, (article.source, item)
        assert [s.index for s in analysis.sentences] == list(range(len(analysis.sentences)))


def test_sample_dates_resolve_as_a_reader_would(samples: list[tuple[Article, Analysis]]) -> None:
    # The stated publication date decides everything a year-less expression can mean.
    for article, analysis in samples:
        for d in analysis.dates:
            if d.value is not None:
                assert d.precision == {4: "year", 7: "month", 10: "day"}[len(d.value)], d
            if article.published is None and not any(ch.isdigit() for ch in d.text):
                assert d.value is None, (article.source, d)
