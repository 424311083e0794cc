"""Disputed claims for the rules engine: denials, hedges, attributed and contested claims.

Mixed into `EventFinder` (`rules_events`): it reads the same parse, actors and actions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from newsbrief.engines.rules_actors import clean_name
from newsbrief.schema import ClaimStatus, DraftAction, DraftClaim, Quote

if TYPE_CHECKING:
    from newsbrief.engines.rules_actors import ActorFinder

# Verbs that report speech or findings: their clause is attributed to the subject.
# fmt: off
REPORT = {
    "say", "tell", "report", "state", "announce", "note", "add", "claim", "insist", "maintain",
    "mention", "confirm", "warn", "hint", "indicate", "argue", "write", "accuse", "deny", "suggest",
    "stress", "explain", "acknowledge", "admit", "allege", "assert", "declare", "reveal", "find",
    "discover", "quote", "contend", "emphasise", "emphasize", "predict", "vow", "pledge", "promise",
    "threaten", "urge", "complain", "conclude", "testify",
}
# fmt: on
CLAIM_VERBS = {"claim", "allege", "insist", "maintain", "argue", "contend", "assert"}
DENY_VERBS = {"deny", "reject", "dismiss", "refute", "dispute", "contest", "rebuff", "repudiate"}
# fmt: off
DENY_PHRASES = (
    "no evidence", "baseless", "groundless", "false", "untrue", "fabricated", "fake news",
    "nothing to do with",
)
HEDGES = {
    "reportedly", "allegedly", "purportedly", "supposedly", "alleged", "unconfirmed", "unverified",
    "rumoured", "rumored",
}
GROUPS = {
    "critics", "activists", "opponents", "campaigners", "observers", "analysts", "experts", "witnesses",
    "officials", "lawmakers", "groups", "organizations", "organisations", "investigations",
    "journalists", "sources", "politicians", "protesters", "rivals", "opposition", "prosecutors",
    "plaintiffs", "lawyers", "scientists", "researchers", "residents", "victims",
}
_ANAPHORIC_CLAIMS = {
    "accusation", "allegation", "claim", "charge", "report", "it", "this", "that", "suggestion",
}
# fmt: on
MOTIVE = re.compile(
    r"\bin (an?|their|its) (effort|attempt|try|bid) to\b|\bwhich is why\b|\bthe (real|actual|true) (reason|motive|motivation)\b"
)


def lemma_in(tok: Any, lemmas: set[str]) -> bool:
    """Whether a token is a form of one of `lemmas`, forgiving the small model's lemma slips ("fined" -> "fin")."""
    low = tok.lower_
    return (
        tok.lemma_ in lemmas
        or low in lemmas
        or low[:-1] in lemmas
        or low[:-2] in lemmas
        or low[:-3] in lemmas
    )


# Tokens before which a phrase may end: punctuation that closes a clause, prepositions, conjunctions.
_BREAK_PUNCT = {",", ";", ":", "—", "–", "(", "-"}
_BREAK_POS = {"ADP", "SCONJ", "CCONJ"}
_BREAK_DEPS = {"mark", "relcl", "advcl", "cc", "prep", "acl"}
# Words a phrase may not end on: they promise more ("the", "of", "and", "has", "to").
_DANGLING_POS = {"DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART"}
_OPEN = {"(", "[", "“", "‘", '"', "'"}
_CLOSE = {")", "]", "”", "’", '"', "'"}


def clip(tokens: list[Any], limit: int) -> list[Any]:
    """`tokens` cut to at most `limit` words at a natural boundary, never inside a dangling clause."""
    count = [0]
    for t in tokens:
        count.append(count[-1] + (0 if t.is_punct else 1))
    if count[-1] <= limit:
        return tokens
    best, fallback = 0, 0
    for j in range(1, len(tokens)):
        if count[j] > limit:
            break
        prev, nxt = tokens[j - 1], tokens[j]
        # A word that hangs on something after the cut ("the" of "the tech giant") may not end it.
        hangs = prev.head.i >= nxt.i and prev.head.i != prev.i
        # A verb whose complement is cut off ("an app integrated", "management does") dangles too.
        # (A clause hung on the verb, "restored after they comply", may be cut off whole.)
        hangs = hangs or (
            prev.pos_ in ("VERB", "AUX")
            and prev.right_edge.i >= nxt.i
            and not all(c.dep_ in ("advcl", "conj", "cc", "punct") for c in prev.children if c.i >= nxt.i)
        )
        # Never inside a word written without spaces ("pre-installed", "WhatsApp’s").
        joined = not prev.whitespace_ and nxt.text not in (",", ";", ":")
        if prev.pos_ in _DANGLING_POS or prev.lower_ in ("that", "which", "who") or hangs or joined:
            continue
        fallback = j
        if (
            nxt.text in _BREAK_PUNCT
            or nxt.pos_ in _BREAK_POS
            or nxt.dep_ in _BREAK_DEPS
            or nxt.tag_ in ("WDT", "WP")
        ):
            best = j
    return tokens[: best or fallback or limit]


def span_text(text: str, tokens: list[Any]) -> str:
    """The article's own characters for `tokens` (in order): runs sliced verbatim, gaps joined by a space."""
    runs: list[list[Any]] = []
    for t in sorted(tokens, key=lambda x: x.i):
        if runs and runs[-1][-1].i + 1 == t.i:
            runs[-1].append(t)
        else:
            runs.append([t])
    parts = []
    for run in runs:
        # A gap left by a dropped aside leaves no orphan comma or dash behind.
        while run and run[0].is_punct and run[0].text not in _OPEN:
            run = run[1:]
        while run and run[-1].is_punct and run[-1].text not in _CLOSE:
            run = run[:-1]
        if run:
            parts.append(text[run[0].idx : run[-1].idx + len(run[-1])])
    return clean_name(" ".join(parts))


def words(text: str, tokens: list[Any], limit: int) -> str:
    """A short verbatim phrase from `tokens`: clipped at a natural boundary, sliced from the article."""
    return span_text(text, clip(tokens, limit))


class ClaimFinder:
    """Finds the disputed claims of one article; `EventFinder` supplies the parse and actors."""

    doc: Any
    text: str
    finder: ActorFinder
    actions: list[DraftAction]
    claims: list[DraftClaim]
    _action_meta: list[tuple[int, int, int, int]]

    # Provided by EventFinder.
    def ref(self, tok: Any | None) -> int | None: ...
    def name(self, idx: int | None) -> str | None: ...
    def _look_back(self, tok_i: int, kinds: set[str]) -> int | None: ...
    def _speaker(self, toks: list[Any]) -> int | None: ...
    def _quote(self, k: int, start: int, end: int) -> Quote | None: ...
    def _sent(self, k: int) -> Any: ...

    # ------------------------------------------------------------------ claims
    def _claims_in(self, k: int, toks: list[Any]) -> None:
        low = {t.lower_ for t in toks}
        lemmas = {t.lemma_ for t in toks}
        text = " ".join(t.lower_ for t in toks)
        status = None
        claimed_by: list[str] = []
        disputed_by: list[str] = []
        claim_tok = None
        # Denials: "X denies Y", "X rejected the claims", "X called the report baseless".
        for t in toks:
            if t.lemma_ in DENY_VERBS and t.pos_ == "VERB":
                subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
                node = t
                while subj is None and node.head.i != node.i:
                    # "X insisted ... and denied ...": the denier is the nearest named subject above.
                    node = node.head
                    subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
                who = self.ref(subj)
                status = "denied"
                if who is not None:
                    disputed_by.append(self.name(who) or "")
                elif subj is not None and subj.pos_ in ("NOUN", "PROPN"):
                    disputed_by.append(self._phrase_of(subj))  # "EU officials rejected it"
                claim_tok = next((c for c in t.children if c.dep_ in ("dobj", "ccomp")), None) or t
                break
        if status is None and any(p in text for p in DENY_PHRASES) and lemmas & REPORT:
            sp = self._speaker(toks)
            if sp is not None:
                status, disputed_by = "denied", [self.name(sp) or ""]
        # Who claims it: "despite investigations claiming otherwise", "according to X", "critics said".
        for t in toks:
            if t.lower_ == "otherwise" and t.head.lemma_ in (
                "claim",
                "suggest",
                "say",
                "show",
                "allege",
                "find",
                "indicate",
            ):
                holder = (
                    t.head.head
                    if t.head.dep_ == "acl"
                    else next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                )
                if holder is not None:
                    a = self.ref(holder)
                    claimed_by.append(self.name(a) or "" if a is not None else self._phrase_of(holder))
                    status = status or "contested"
        speaker_claim = self._speaker_claim(toks)
        if speaker_claim is not None:
            if status is None:
                status, claim_tok = speaker_claim[0], speaker_claim[2]
            if speaker_claim[1] not in disputed_by:
                claimed_by.append(speaker_claim[1])
        hedge = next(
            (
                t
                for t in toks
                if t.lower_ in HEDGES
                and (
                    t.pos_ != "ADJ"
                    or (t.head.dep_ in ("nsubj", "nsubjpass", "dobj") and t.head.head.dep_ == "ROOT")
                )
            ),
            None,
        )
        if status is None and hedge is not None:
            status = "unverified"
            claim_tok = hedge.head
        if status is None and "according" in low and self._according(toks) is not None:
            source = self._according(toks)
            if source:
                status = "unverified"
                claimed_by.append(source)
        if status is None:
            return
        q = self._claim_quote(k, toks)
        if q is None:
            return
        claim = self._claim_text(claim_tok, toks)
        if claim_tok is not None and claim_tok.lemma_ in _ANAPHORIC_CLAIMS and k > 0:
            # "denied the accusation": the accusation is what the previous sentence reported.
            prev = self._sent(k - 1).text
            claim = " ".join(prev.split()[:30])
            accuser = next(
                (self.actions[n].actor for n, m in enumerate(self._action_meta) if m[0] == k - 1), None
            )
            if accuser and accuser not in claimed_by and accuser not in disputed_by:
                claimed_by.append(accuser)
        self.claims.append(
            DraftClaim(
                claim=claim,
                claimed_by=[c for c in claimed_by if c],
                disputed_by=[d for d in disputed_by if d],
                status=cast(ClaimStatus, status),
                evidence=[q],
            )
        )

    def _phrase_of(self, tok: Any) -> str:
        """A short verbatim description of an unnamed party: 'two people familiar with the matter'."""
        # "investigations claiming otherwise": the party, without what it does.
        clause = {x.i for c in tok.children if c.dep_ in ("acl", "relcl") and c.i > tok.i for x in c.subtree}
        sub = [t for t in tok.subtree if not t.is_punct and t.i not in clause]
        while sub and sub[0].dep_ == "det" and sub[0].lower_ in ("the", "a", "an", "some"):
            sub = sub[1:]
        sub = sub[:7]
        return self.text[sub[0].idx : sub[-1].idx + len(sub[-1])] if sub else tok.text

    def _according(self, toks: list[Any]) -> str | None:
        for t in toks:
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                p = next((c for c in self.doc[t.i + 1].children if c.dep_ == "pobj"), None)
                if p is None or p.lower_ in ("it", "this", "them", "which"):
                    return None
                a = self.ref(p)
                if a is None:
                    return self._phrase_of(p)
                # A state body's account is a claim; a reporter's or an expert's is attribution (an action).
                return self.name(a) if self.finder.actors[a].kind == "government" else None
        return None

    def _speaker_claim(self, toks: list[Any]) -> tuple[str, str, Any] | None:
        """Claims attributed to a speaker: claim verbs, groups that argue, motives ascribed."""
        text = " ".join(t.lower_ for t in toks)
        # "X won, but the opposition alleges ...": a party says the opposite of what the sentence reports.
        group_status = (
            "contested"
            if any(x.lower_ in ("but", "however", "although", "though") for x in toks)
            else "unverified"
        )
        for t in toks:
            if t.pos_ != "VERB":
                continue
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is None and t.dep_ == "conj":
                subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            comp = next((c for c in t.children if c.dep_ in ("ccomp", "dobj", "xcomp", "oprd")), None)
            a = self.ref(subj)
            who = self.name(a) if a is not None else None
            if (
                subj.lower_ in GROUPS
                and t.dep_ != "xcomp"
                and (
                    t.lemma_ in REPORT
                    or t.lemma_ in ("call", "voice", "fear", "raise", "describe", "brand", "label")
                )
            ):
                return group_status, self._phrase_of(subj), comp or t
            if who and t.lemma_ in CLAIM_VERBS:
                return "contested", who, comp or t
            if who is None and t.lemma_ in CLAIM_VERBS and subj.pos_ in ("NOUN", "PROPN"):
                # "the opposition alleges the vote was rigged", against what the sentence's other party did
                return group_status, self._phrase_of(subj), comp or t
            if who and t.lemma_ in REPORT and MOTIVE.search(text):
                return "contested", who, comp or t
            if (
                who
                and t.lemma_ in REPORT
                and (
                    any(c.lower_ in ("however", "but") for c in t.children)
                    or (t.i > 0 and self.doc[t.i - 1].lower_ in ("however", "but"))
                )
            ):
                return "contested", who, comp or t
        # "in response to what it said was the platforms' discrimination"
        for t in toks:
            if t.lower_ == "what" and t.head.lemma_ == "be" and t.head.head.lemma_ in REPORT:
                rep = t.head.head
                subj = self.ref(next((c for c in rep.children if c.dep_ == "nsubj"), None))
                if subj is None and next((c for c in rep.children if c.dep_ == "nsubj"), None) is not None:
                    subj = self._look_back(t.i, {"government", "country", "organization"})
                if subj is not None:
                    return "unverified", self.name(subj) or "", t.head
        return None

    def _claim_quote(self, k: int, toks: list[Any]) -> Quote | None:
        return self._quote(k, toks[0].idx, toks[-1].idx + len(toks[-1]))

    def _claim_text(self, tok: Any | None, toks: list[Any]) -> str:
        """The claim as a plain statement in the article's words, without 'according to X' or 'X said that'."""
        span = list(tok.subtree) if tok is not None and len(list(tok.subtree)) >= 3 else toks
        if span is toks:
            root = next((t for t in toks if t.dep_ == "ROOT"), None)
            comp = None if root is None else next((c for c in root.children if c.dep_ == "ccomp"), None)
            if (
                root is not None
                and root.lemma_ in REPORT
                and comp is not None
                and len(list(comp.subtree)) >= 3
            ):
                span = list(comp.subtree)  # "X said that Y": the claim is Y
        aside: set[int] = set()
        for t in span:
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                aside |= {x.i for x in t.subtree} | {x.i for x in self.doc[t.i + 1].subtree}
        kept = [t for t in span if t.i not in aside]
        # "that reportedly has ...", "which was ...": a relative clause read as a statement of its own.
        while kept and (kept[0].is_punct or kept[0].dep_ == "mark" or kept[0].tag_ in ("WDT", "WP")):
            kept = kept[1:]
        return words(self.text, kept, 25) or words(self.text, span, 25)
