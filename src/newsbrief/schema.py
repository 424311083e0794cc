"""The brief's JSON contract (schema version 1) and the draft an engine fills.

This module imports nothing of ours: every other stage depends on it, never the reverse.
Field names of `Brief` are a contract read by evaluation and review tools: add fields
freely, rename none without bumping `SCHEMA_VERSION`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

ActorKind = Literal["person", "organization", "government", "country", "group", "other"]
Precision = Literal["year", "month", "day"]
ClaimStatus = Literal["denied", "contested", "unverified"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- brief


class Span(_Strict):
    """A verbatim stretch of the article: `article_text[start:end] == quote`."""

    quote: str = Field(description="The exact characters of the article.")
    start: int = Field(ge=0, description="Offset of the first character in the article text.")
    end: int = Field(ge=0, description="Offset one past the last character.")


class ArticleInfo(_Strict):
    """What the brief was made from."""

    id: str = Field(description="Hash of the article's normalized text.")
    source: str = Field(description="Path or name the article was read from.")
    title: str | None = Field(default=None, description="Headline, when the page states one.")
    published: str | None = Field(
        default=None, description="Publication date as YYYY-MM-DD, when the page states one."
    )
    language: str = Field(default="en", description="ISO 639-1 code of the article's language.")
    word_count: int = Field(ge=0, description="Words in the article, junk excluded.")
    text: str | None = Field(
        default=None,
        description="The extracted text that offsets refer to, for HTML and JSON inputs; "
        "null when offsets refer to the source file itself.",
    )


class Actor(_Strict):
    """A named party that acts or is acted upon."""

    id: str = Field(description="Stable id, A1, A2, ...")
    name: str = Field(description="The fullest name the article gives.")
    kind: ActorKind = Field(description="person, organization, government, country, group or other.")
    aliases: list[str] = Field(default_factory=list, description="Other names for this actor in the article.")
    description: str | None = Field(
        default=None, description="Title or role the article gives, e.g. 'Russian President'."
    )
    mentions: list[Span] = Field(default_factory=list, description="Where the actor is named.")


class DateRef(_Strict):
    """A date expression and its resolution against the publication date."""

    text: str = Field(description="The expression as written, e.g. 'last year'.")
    value: str | None = Field(
        default=None, description="YYYY, YYYY-MM or YYYY-MM-DD; null when it cannot be resolved honestly."
    )
    precision: Precision | None = Field(
        default=None, description="year, month or day; null with a null value."
    )


class Action(_Strict):
    """One event: an actor did something, perhaps to a target, perhaps at a date."""

    id: str = Field(description="Stable id, E1, E2, ...")
    actor: str | None = Field(description="Id of the actor who acted; null when the article does not say.")
    action: str = Field(description="What was done, as a short verb phrase.")
    target: str | None = Field(default=None, description="Id of the actor acted upon, if any.")
    date: DateRef | None = Field(default=None, description="When it happened, if the article says.")
    evidence: list[Span] = Field(description="The article's words that report the event.")
    flags: list[str] = Field(
        default_factory=list, description="Warnings about this item, e.g. 'instruction-like'."
    )


class DateItem(_Strict):
    """A date expression in the article, resolved, with the event it dates."""

    text: str = Field(description="The expression as written.")
    value: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD, or null.")
    precision: Precision | None = Field(default=None, description="year, month or day, or null.")
    event: str | None = Field(default=None, description="What happened at that date.")
    action: str | None = Field(default=None, description="Id of the action this date belongs to, if any.")
    evidence: list[Span] = Field(description="Where the expression stands.")
    flags: list[str] = Field(default_factory=list, description="Warnings about this item.")


class Justification(_Strict):
    """A reason given for an action, and who gave it."""

    id: str = Field(description="Stable id, J1, J2, ...")
    by: str | None = Field(default=None, description="Id of the actor who gave the reason.")
    action: str | None = Field(default=None, description="Id of the action it justifies.")
    reason: str = Field(description="The reason, in a short neutral phrase.")
    evidence: list[Span] = Field(description="The article's words that give the reason.")
    flags: list[str] = Field(default_factory=list, description="Warnings about this item.")


class DisputedClaim(_Strict):
    """A claim that is denied, contested or unverified, with who makes and who disputes it."""

    id: str = Field(description="Stable id, C1, C2, ...")
    claim: str = Field(description="The claim, stated neutrally.")
    claimed_by: list[str] = Field(
        default_factory=list,
        description="Ids of actors, or short descriptions such as 'critics', who make the claim.",
    )
    disputed_by: list[str] = Field(
        default_factory=list, description="Ids of actors, or descriptions, who dispute it."
    )
    status: ClaimStatus = Field(description="denied, contested or unverified.")
    evidence: list[Span] = Field(description="The article's words that carry the claim.")
    flags: list[str] = Field(default_factory=list, description="Warnings about this item.")


class Usage(_Strict):
    """Tokens the model used for this brief."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class Provenance(_Strict):
    """How the brief was made."""

    engine: str = Field(description="rules, openai, local or fake.")
    model: str | None = Field(default=None, description="Model name or GGUF file name; null for rules.")
    prompt_version: str | None = Field(default=None, description="Hash of the prompt templates.")
    mode: str | None = Field(
        default=None, description="How structured output was asked for (tools, json_schema, ...)."
    )
    attempts: int = Field(default=1, ge=0, description="Model calls made, re-asks included.")
    usage: Usage = Field(default_factory=Usage)


class Brief(_Strict):
    """A typed, grounded brief of one news article."""

    schema_version: Literal["1"] = "1"
    article: ArticleInfo
    summary: str = Field(description="Two or three neutral sentences from the main story.")
    actors: list[Actor] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    dates: list[DateItem] = Field(default_factory=list)
    justifications: list[Justification] = Field(default_factory=list)
    disputed_claims: list[DisputedClaim] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    provenance: Provenance


# --------------------------------------------------------------------------- draft


class Quote(_Strict):
    """Evidence as the engine gives it: a sentence number and words copied from it."""

    sentence: int = Field(
        ge=0, description="Number of the sentence the quote is copied from, as numbered in the article."
    )
    quote: str = Field(
        min_length=1, description="Words copied exactly, character for character, from that sentence."
    )


class DraftActor(_Strict):
    """A named party in the article that acts or is acted upon."""

    name: str = Field(description="The fullest name the article uses, spelled as in the article.")
    kind: ActorKind = Field(description="person, organization, government, country, group or other.")
    aliases: list[str] = Field(
        default_factory=list, description="Other names the article uses for the same party, verbatim."
    )
    description: str | None = Field(default=None, description="Title or role the article gives, if any.")


class DraftAction(_Strict):
    """A key event of the story: who did what to whom, and when."""

    actor: str | None = Field(description="Name of the actor who acted, exactly as in `actors`.")
    action: str = Field(description="What was done, a short verb phrase in the past tense.")
    target: str | None = Field(
        default=None, description="Name of the actor acted upon, exactly as in `actors`, or null."
    )
    date: str | None = Field(
        default=None,
        description="The date expression from the article that dates the event, verbatim, or null.",
    )
    evidence: list[Quote] = Field(min_length=1, description="Where the article reports the event.")


class DraftDate(_Strict):
    """A date expression in the article and the event it dates."""

    text: str = Field(description="The date expression, verbatim from the article.")
    event: str | None = Field(default=None, description="What happened at that date.")
    evidence: list[Quote] = Field(min_length=1, description="Where the expression stands.")


class DraftJustification(_Strict):
    """A reason a party gives for an action."""

    by: str | None = Field(
        default=None, description="Name of the actor who gives the reason, as in `actors`."
    )
    action: int | None = Field(
        default=None, description="Number (1-based) of the action in `actions` that this justifies, or null."
    )
    reason: str = Field(description="The reason, in a short neutral phrase.")
    evidence: list[Quote] = Field(min_length=1, description="Where the article gives the reason.")


class DraftClaim(_Strict):
    """A claim that someone denies or contests, or that the article reports as unproven."""

    claim: str = Field(description="The claim, stated neutrally in one sentence.")
    claimed_by: list[str] = Field(
        default_factory=list,
        description="Names of actors (as in `actors`) or descriptions like 'critics' who make the claim.",
    )
    disputed_by: list[str] = Field(
        default_factory=list, description="Names of actors (as in `actors`) who deny or contest it."
    )
    status: ClaimStatus = Field(
        description="denied (someone denies it), contested (someone says otherwise) or unverified (reported as unproven)."
    )
    evidence: list[Quote] = Field(min_length=1, description="Where the article states the claim.")


class Draft(_Strict):
    """What an engine extracts from an article, before code grounds it into a Brief."""

    summary: str = Field(description="Two or three neutral sentences about the main story.")
    actors: list[DraftActor] = Field(default_factory=list)
    actions: list[DraftAction] = Field(default_factory=list)
    dates: list[DraftDate] = Field(default_factory=list)
    justifications: list[DraftJustification] = Field(default_factory=list)
    disputed_claims: list[DraftClaim] = Field(default_factory=list)
