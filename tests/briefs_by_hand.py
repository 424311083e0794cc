"""A small hand-made article and brief, for table tests of the review tools."""

from __future__ import annotations

from newsbrief.schema import (
    Action,
    Actor,
    ArticleInfo,
    Brief,
    DateItem,
    DateRef,
    DisputedClaim,
    Justification,
    Provenance,
    Span,
)

TEXT = (
    "The Ministry of Media blocked Chatly on 3 March 2025, citing fraud. "
    "Chatly founder Ana Reyes said the ban was political. "
    "Reyes denied that Chatly shared data with police."
)


def span(quote: str, text: str = TEXT, nth: int = 0) -> Span:
    """The span of the nth occurrence of `quote` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return Span(quote=quote, start=start, end=start + len(quote))


def base_brief(text: str = TEXT, source: str = "articles/chatly.txt") -> Brief:
    """A brief of `TEXT` with one item of every kind."""
    return Brief(
        article=ArticleInfo(
            id="chatly", source=source, title="Chatly blocked", published="2025-03-04", word_count=25
        ),
        summary="The Ministry of Media blocked Chatly. Its founder called the ban political.",
        actors=[
            Actor(
                id="A1",
                name="Ministry of Media",
                kind="government",
                mentions=[span("Ministry of Media", text)],
            ),
            Actor(id="A2", name="Chatly", kind="organization", mentions=[span("Chatly", text)]),
            Actor(
                id="A3",
                name="Ana Reyes",
                kind="person",
                aliases=["Reyes"],
                description="Chatly founder",
                mentions=[span("Ana Reyes", text), span("Reyes", text, 1)],
            ),
        ],
        actions=[
            Action(
                id="E1",
                actor="A1",
                action="blocked Chatly",
                target="A2",
                date=DateRef(text="on 3 March 2025", value="2025-03-03", precision="day"),
                evidence=[span("The Ministry of Media blocked Chatly on 3 March 2025", text)],
            ),
            Action(
                id="E2",
                actor="A3",
                action="called the ban political",
                target=None,
                evidence=[span("Chatly founder Ana Reyes said the ban was political", text)],
            ),
        ],
        dates=[
            DateItem(
                text="3 March 2025",
                value="2025-03-03",
                precision="day",
                event="Chatly blocked",
                action="E1",
                evidence=[span("3 March 2025", text)],
            )
        ],
        justifications=[
            Justification(
                id="J1", by="A1", action="E1", reason="fraud", evidence=[span("citing fraud", text)]
            )
        ],
        disputed_claims=[
            DisputedClaim(
                id="C1",
                claim="Chatly shared data with police",
                claimed_by=["police"],
                disputed_by=["A3"],
                status="denied",
                evidence=[span("Reyes denied that Chatly shared data with police", text)],
            )
        ],
        warnings=[],
        provenance=Provenance(engine="rules"),
    )
