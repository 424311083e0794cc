"""Events for the rules engine: actions, justifications, disputed claims, dates, summary.

Everything is read off the dependency parse `analyze` made, one sentence at a time, in
document order (pronouns and "the company" look back at the actors met so far).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from newsbrief.engines.rules_actors import ActorFinder
from newsbrief.engines.rules_claims import CLAIM_VERBS, REPORT, ClaimFinder, lemma_in, words
from newsbrief.schema import DraftAction, DraftClaim, DraftDate, DraftJustification, Quote

if TYPE_CHECKING:
    from newsbrief.analyze import Analysis
    from newsbrief.load import Article

# Verbs that describe a state, not an event.
# fmt: off
STATIVE = {
    "be", "have", "seem", "appear", "remain", "become", "exist", "stay", "include", "contain", "mean",
    "need", "know", "like", "lie", "sound", "look", "feel", "consider", "tend", "use", "own", "possess",
    "control", "belong", "lack", "perceive", "deem", "regard", "view", "believe", "think", "hope",
    "fear", "wish", "expect", "feature", "resemble", "refer",
}
# fmt: on
MODALS = {"could", "would", "might", "may", "should", "can"}
# Official acts that news copy reports in the passive without naming who acted.
# fmt: off
ORDER_VERBS = {
    "order", "mandate", "ban", "block", "restrict", "fine", "label", "designate", "require", "force",
    "instruct", "direct", "sanction", "arrest", "detain", "charge", "sentence", "jail", "grant", "deny",
    "expel", "suspend", "prohibit", "outlaw", "raid", "seize", "freeze",
}
# fmt: on
# Nouns for what a party said or decided: "the Kremlin's announcement outlines ..." is the Kremlin acting.
# fmt: off
SPEECH_NOUNS = {
    "announcement", "statement", "decision", "order", "directive", "decree", "proposal", "plan",
    "ruling", "report", "move", "bill", "law", "resolution", "letter", "filing", "complaint",
}
# fmt: on
# Verbs and nouns whose "for doing X" gives the reason for a sanction or a reward.
# fmt: off
FOR_REASON_HEADS = {
    "fine", "punish", "sanction", "arrest", "jail", "sentence", "convict", "charge", "sue", "criticise",
    "criticize", "blame", "praise", "ban", "suspend", "penalty", "penalise", "penalize", "fire", "sack",
    "expel", "detain", "prosecute", "investigate", "condemn", "thank", "reward", "apologise",
    "apologize", "award", "target", "attack", "slam", "accuse",
}
# fmt: on
_NOT_REASONS = {"question", "query", "request", "inquiry", "enquiry", "questions", "queries", "requests"}

# Markers of a reason (cause) or an aim (purpose); matched on lower-case word sequences.
# fmt: off
REASON_MARKERS = [
    ("because",), ("due", "to"), ("citing",), ("in", "response", "to"), ("on", "account", "of"),
    ("as", "a", "result", "of"), ("owing", "to"), ("for", "failing"), ("for", "failure"),
    ("for", "refusing"), ("for", "not"), ("accusing",), ("accused",), ("stem", "from"),
    ("stems", "from"), ("stemmed", "from"), ("on", "the", "grounds"), ("on", "grounds"),
    ("in", "retaliation"), ("in", "protest"), ("amid", "concerns"), ("over", "concerns"),
    ("in", "order", "to"), ("in", "an", "effort", "to"), ("in", "an", "attempt", "to"),
    ("in", "a", "bid", "to"), ("as", "part", "of"), ("part", "of", "a"), ("aimed", "at"),
    ("seeking", "to"), ("so", "that"), ("to", "counteract"), ("to", "counter"), ("to", "combat"),
    ("to", "prevent"), ("to", "protect"), ("to", "curb"), ("to", "ensure"), ("to", "reduce"),
    ("with", "the", "aim"), ("intended", "to"), ("designed", "to"), ("unless",), ("failed", "to"),
    ("refused", "to"), ("ignored",), ("if",), ("after", "failing"),
]
_FAIL_WORDS = {
    "not", "n't", "fail", "fails", "failed", "refuse", "refuses", "refused", "violate", "violates",
    "breach",
}
# fmt: on

PRONOUN_PERSON = {"he", "she", "him", "her"}
PRONOUN_THING = {"it", "its"}
# fmt: off
ORG_DESCRIPTORS = {
    "corporate", "company", "firm", "app", "messenger", "platform", "network", "service", "group",
    "giant", "startup", "operator", "corporation",
}
GOV_DESCRIPTORS = {
    "regulator", "ministry", "government", "authorities", "authority", "kremlin", "agency", "watchdog",
    "administration", "state", "department",
}
# fmt: on

_DATEISH = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(yesterday|tomorrow|tonight)\b|"
    r"\b(last|this|next|earlier|later|past|previous)\s+(week|month|year|weekend|spring|summer|autumn|fall|winter)",
    re.I,
)


class EventFinder(ClaimFinder):
    """Finds the events of one article, given its actors."""

    def __init__(
        self,
        article: Article,
        analysis: Analysis,
        usable: list[bool],
        sent_of_token: list[int],
        finder: ActorFinder,
        kept: list[int],
        line_start: list[int] | None = None,
    ) -> None:
        self.article = article
        self.analysis = analysis
        self.doc = analysis.doc
        self.text = analysis.doc.text  # Doc.text is rebuilt on every access: read it once
        self.usable = usable
        self.sent_of_token = sent_of_token
        self.finder = finder
        self.kept = set(kept)
        self.line_start = line_start or [s.start for s in analysis.sentences]
        self.actions: list[DraftAction] = []
        self.dates: list[DraftDate] = []
        self.justifications: list[DraftJustification] = []
        self.claims: list[DraftClaim] = []
        self._action_meta: list[
            tuple[int, int, int, int]
        ] = []  # (sentence, verb token, start char, end char)
        # Mentions of kept actors in document order, for looking back from a pronoun.
        marks = []
        for idx in kept:
            for m in finder.actors[idx].mentions:
                marks.append((m.start, idx))
        marks.sort()
        self._mark_pos = [p for p, _ in marks]
        self._mark_actor = [a for _, a in marks]
        counts: dict[int, int] = {}
        for idx in kept:
            if finder.actors[idx].kind == "government":
                counts[idx] = len(finder.actors[idx].mentions)
        self._main_gov = max(counts, key=lambda i: (counts[i], -i)) if counts else None
        self._date_spans = self._collect_dates()

    # ------------------------------------------------------------------ helpers
    def name(self, idx: int | None) -> str | None:
        return None if idx is None else self.finder.actors[idx].name

    def _look_back(self, tok_i: int, kinds: set[str]) -> int | None:
        """The most recent kept actor of one of `kinds` named before token `tok_i`."""
        k = bisect_left(self._mark_pos, tok_i) - 1
        steps = 0
        while k >= 0 and steps < 40:
            idx = self._mark_actor[k]
            if self.finder.actors[idx].kind in kinds and self._mark_pos[k] >= tok_i - 400:
                return idx
            k -= 1
            steps += 1
        return None

    def ref(self, tok: Any | None) -> int | None:
        """The kept actor a noun phrase headed by `tok` refers to, if it is unambiguous."""
        if tok is None:
            return None
        a = self.finder.token_actor[tok.i]
        if a >= 0 and a in self.kept:
            return a
        for c in tok.children:
            if c.dep_ == "appos":
                a = self.finder.token_actor[c.i]
                if a >= 0 and a in self.kept:
                    return a
        low = tok.lower_
        if tok.tag_ in ("WDT", "WP") or low in ("that", "which", "who"):
            if tok.head.dep_ == "relcl":
                return self.ref(tok.head.head)
            return None
        if low in PRONOUN_PERSON:
            return self._look_back(tok.i, {"person"})
        if low in PRONOUN_THING:
            return self._look_back(tok.i, {"organization"})
        det = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss")}
        if tok.pos_ == "NOUN" and (det & {"the", "its", "his", "her", "this"} or low == "authorities"):
            if low in ORG_DESCRIPTORS:
                return self._look_back(tok.i, {"organization"})
            if low in GOV_DESCRIPTORS:
                if low in ("authorities", "government", "state") and self._main_gov is not None:
                    return self._main_gov
                return self._look_back(tok.i, {"government"})
        return None

    def _first_actor_in(self, tok: Any, skip: int | None) -> int | None:
        for t in tok.subtree:
            a = self.finder.token_actor[t.i]
            if a >= 0 and a in self.kept and a != skip:
                return a
        return None

    def _sent(self, k: int) -> Any:
        return self.analysis.sentences[k]

    def _quote(self, k: int, start: int, end: int) -> Quote | None:
        """Evidence for chars [start, end) clipped to sentence `k`, trimmed of edge punctuation."""
        s = self._sent(k)
        start, end = max(start, s.start, self.line_start[k]), min(end, s.end)
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",;:—–-)"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-(“\"'‘"):
            end -= 1
        if end - start < 3:
            return None
        return Quote(sentence=k, quote=text[start:end])

    def _collect_dates(self) -> list[tuple[int, int, int, str]]:
        """(sentence, start, end, text) of every date expression in story text."""
        out = []
        if self.analysis.dates:
            for d in self.analysis.dates:
                out.append((d.sentence, d.start, d.end, d.text))
        else:
            for e in self.analysis.entities:
                if e.label == "DATE" and _DATEISH.search(e.text) and "\n" not in e.text:
                    out.append((e.sentence, e.start, e.end, e.text))
        good = []
        for k, a, b, t in out:
            if 0 <= k < len(self.analysis.sentences) and not self.article.is_masked(a, b):
                tok = self.doc.char_span(a, b, alignment_mode="expand")
                if tok is not None and len(tok) and self.usable[tok[0].i]:
                    good.append((k, a, b, t))
        return good

    # ------------------------------------------------------------------ run
    def run(self) -> None:
        by_sent: dict[int, list[Any]] = {}
        for tok in self.doc:
            k = self.sent_of_token[tok.i]
            if k >= 0 and self.usable[tok.i]:
                by_sent.setdefault(k, []).append(tok)
        for k in sorted(by_sent):
            toks = by_sent[k]
            self._actions_in(k, toks)
            self._reasons_in(k, toks)
            self._claims_in(k, toks)
        self._dates_out()

    # ------------------------------------------------------------------ actions
    def _agent(self, verb: Any) -> Any | None:
        for c in verb.children:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        # "labelled as an extremist organisation by Russia": the parser hangs "by" lower down.
        for c in verb.children:
            if c.dep_ in ("prep", "dobj", "attr", "oprd"):
                for g in c.subtree:
                    if g.lower_ == "by" and g.dep_ in ("prep", "agent") and g.i > verb.i:
                        p = next((p for p in g.children if p.dep_ == "pobj"), None)
                        if p is not None and self.ref(p) is not None:
                            return p
        return None

    def _quoted_as(self, verb: Any) -> tuple[Any, Any | None] | None:
        """'X quoted Y as saying ...', 'Y was quoted by X as saying': Y's token and the quoted clause's verb."""
        if verb.lemma_ != "quote":
            return None
        say = next(
            (
                t
                for t in verb.subtree
                if t.lemma_ == "say"
                and t.i > verb.i
                and self.doc[t.i - 1].lower_ == "as"
                and verb in t.ancestors
            ),
            None,
        )
        if say is None:
            return None
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        speaker = next((c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None)
        if speaker is None:
            return None
        # The quote follows "as saying", or leads the sentence ("'...,' X quoted Y as saying.").
        clause = next((c for c in say.children if c.dep_ == "ccomp"), None) or next(
            (c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None
        )
        return speaker, clause

    def _clause_phrase(self, clause: Any, speaker: int | None) -> tuple[str, int]:
        """The quoted clause in its own words ("steps are being taken to ..."), and its first token."""
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        start = clause.i if subj is None else min(subj.left_edge.i, clause.i)
        if (
            subj is not None
            and subj.pos_ == "PRON"
            and (subj.lower_ in ("it", "he", "she", "we") or self.ref(subj) == speaker)
        ):
            start = subj.i + 1  # "it would cap prices": the speaker is the actor already
        end = clause.right_edge.i
        toks = [t for t in self.doc[start : end + 1]]
        while toks and toks[-1].is_punct:
            toks.pop()
        return self._sentence_case(toks, words(self.text, toks, 12)), start

    def _sentence_case(self, toks: list[Any], phrase: str) -> str:
        """`phrase` with a quote's capital first letter lowered, unless it opens a name ("Netflix")."""
        first = next((t for t in toks if not t.is_punct), None)
        if first is None or not phrase[:1].isupper() or not phrase.startswith(first.text):
            return phrase
        if first.pos_ == "PROPN" or first.ent_type_ or first.text == "I" or first.text.isupper():
            return phrase
        before = self.doc[first.i - 1] if first.i > 0 else None
        if before is None or first.is_sent_start or before.text in ("'", "‘", '"', "“"):
            return phrase[:1].lower() + phrase[1:]
        return phrase

    def _candidate(self, verb: Any) -> tuple[int | None, int | None, bool] | None:
        """(actor, target, passive) for a verb that reports an event by a known actor."""
        if (
            verb.pos_ != "VERB"
            or verb.dep_ in ("amod", "aux", "auxpass", "compound")
            or verb.lemma_ in STATIVE
        ):
            return None
        quoted = self._quoted_as(verb)
        if quoted is not None and self.ref(quoted[0]) is not None:
            # Wire copy: the party quoted acted or spoke; the outlet only relays it.
            return self.ref(quoted[0]), None, False
        subj = next(
            (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and self.usable[c.i]), None
        )
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
            verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl", "advcl") and subj is None
        )
        if subj is None and verb.dep_ == "conj":
            subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and verb.dep_ in ("relcl", "acl") and not passive:
            subj = verb.head
        if passive:
            actor = self.ref(self._agent(verb))
            target = (
                self.ref(subj)
                if subj is not None
                else (self.ref(verb.head) if verb.dep_ in ("acl", "relcl", "advcl") else None)
            )
            if verb.dep_ == "advcl" and subj is None:
                target = self.ref(next((c for c in verb.head.children if c.dep_ == "nsubj"), None))
            if actor is None:
                # "All officials have been ordered to switch to Max": an official act, actor unnamed.
                if lemma_in(verb, ORDER_VERBS) and verb.dep_ in ("ROOT", "conj"):
                    named = target
                    for c in verb.children:
                        if named is None and c.i > verb.i and c.dep_ in ("xcomp", "prep", "dative"):
                            named = self._first_actor_in(c, None)
                    if named is not None:
                        # The party ordered is the subject ("officials"), not an actor named further on.
                        return None, (target if subj is not None else named), True
                return None
            return actor, target, True
        actor = self.ref(subj)
        if actor is None and subj is not None and subj.lemma_ in SPEECH_NOUNS and verb.lemma_ not in REPORT:
            actor = self.ref(next((c for c in subj.children if c.dep_ == "poss"), None))
        if actor is None or verb.lemma_ in CLAIM_VERBS:
            return None
        if any(c.lower_ in MODALS for c in verb.children if c.dep_ == "aux") and verb.dep_ != "ROOT":
            return None  # a possibility inside someone's statement, not an event
        if any(c.lower_ == "what" for c in verb.children if c.dep_ in ("dobj", "nsubj")):
            return None  # "what it said was ...": a claim, not an event
        target = None
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "iobj"):
                target = self.ref(c) or self._first_actor_in(c, actor)
                if target is not None:
                    break
        if target is None:
            for c in verb.children:
                if c.dep_ == "prep" and c.lower_ in ("on", "against", "to", "from", "with", "into", "over"):
                    p = next((p for p in c.children if p.dep_ == "pobj"), None)
                    target = self.ref(p)
                    if target is not None:
                        break
        if target is None:
            for c in verb.children:
                if c.dep_ == "xcomp":
                    target = self._first_actor_in(c, actor)
                    break
        if target == actor:
            target = None
        return actor, target, False

    def _actions_in(self, k: int, toks: list[Any]) -> None:
        cands: dict[int, tuple[int | None, int | None, bool]] = {}
        for tok in toks:
            c = self._candidate(tok)
            if c is not None:
                cands[tok.i] = c
        if not cands:
            self._according_action(k, toks, [])
            return
        doc = self.doc
        chosen: list[int] = []
        for i in sorted(cands):
            verb = doc[i]
            dominated = False
            anc = verb.head
            child = verb
            while anc.i != child.i and self.sent_of_token[anc.i] == k:
                if anc.i in cands:
                    explicit = any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
                    trailing_report = anc.lemma_ in REPORT and child.dep_ == "ccomp" and child.i < anc.i
                    # "X did Y, Z reported" parsed with the report hanging below the event.
                    own_report = verb.lemma_ in REPORT and explicit and cands[i][0] != cands[anc.i][0]
                    if trailing_report or own_report or (explicit and child.dep_ == "conj"):
                        pass
                    else:
                        dominated = True
                    break
                child, anc = anc, anc.head
            if not dominated and not self._idle_report(verb) and not self._unattributed(verb, k):
                chosen.append(i)
        self._according_action(k, toks, [cands[i][0] for i in chosen])
        chosen_set = set(chosen)
        for i in chosen:
            verb = doc[i]
            actor, target, passive = cands[i]
            lo, hi = verb.left_edge.i, verb.right_edge.i
            for c in verb.children:
                # Carve out clauses given their own item (a trailing "X reported" keeps the report apart).
                if c.i != i and any(t.i in chosen_set for t in c.subtree):
                    if c.right_edge.i < i:
                        lo = max(lo, c.right_edge.i + 1)
                    elif c.left_edge.i > i:
                        hi = min(hi, c.left_edge.i - 1)
            if verb.dep_ == "conj":
                lo = max(lo, next((c.i for c in verb.head.children if c.dep_ in ("nsubj",)), lo))
            phrase = None
            quoted = self._quoted_as(verb)
            if quoted is not None and quoted[1] is not None and self.ref(quoted[0]) == actor:
                if quoted[1].i in chosen_set:
                    continue  # the quoted clause is an event of its own
                phrase, lo = self._clause_phrase(quoted[1], actor)
                hi = quoted[1].right_edge.i
            q = self._quote(k, doc[lo].idx, doc[hi].idx + len(doc[hi]))
            if q is None:
                continue
            start = doc[lo].idx
            date = self._date_within(k, start, doc[hi].idx + len(doc[hi]))
            self.actions.append(
                DraftAction(
                    actor=self.name(actor),
                    action=phrase or self._phrase(verb, target, passive),
                    target=self.name(target),
                    date=date,
                    evidence=[q],
                )
            )
            self._action_meta.append((k, i, start, doc[hi].idx + len(doc[hi])))

    def _according_action(self, k: int, toks: list[Any], actors: list[int | None]) -> None:
        """'According to Reuters, calls had stopped': the source reported it (an action of the source)."""
        for t in toks:
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                a = self.ref(next((c for c in self.doc[t.i + 1].children if c.dep_ == "pobj"), None))
                if a is None or a in actors or self.finder.actors[a].kind not in ("person", "organization"):
                    return
                q = self._quote(k, toks[0].idx, toks[-1].idx + len(toks[-1]))
                if q is not None:
                    root = next((x for x in toks if x.dep_ == "ROOT"), t)
                    aside = set(x.i for x in t.subtree) | set(x.i for x in self.doc[t.i + 1].subtree)
                    said = [x for x in root.subtree if x.i not in aside]
                    while said and said[0].is_punct:
                        said = said[1:]
                    self.actions.append(
                        DraftAction(
                            actor=self.name(a),
                            action="reported that " + words(self.text, said, 12),
                            target=None,
                            date=self._date_within(k, toks[0].idx, toks[-1].idx + len(toks[-1])),
                            evidence=[q],
                        )
                    )
                    self._action_meta.append((k, root.i, toks[0].idx, toks[-1].idx + len(toks[-1])))
                return

    def _unattributed(self, verb: Any, k: int) -> bool:
        """Whether the verb sits in what an unnamed party says ("critics argued that X did Y")."""
        node = verb
        while node.head.i != node.i and self.sent_of_token[node.head.i] == k:
            child, node = node, node.head
            if node.lemma_ in REPORT and child.dep_ in ("ccomp", "xcomp", "dobj") and child.i > node.i:
                subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is None and node.dep_ == "conj":
                    subj = next((c for c in node.head.children if c.dep_ == "nsubj"), None)
                return self.ref(subj) is None
        return False

    def _idle_report(self, verb: Any) -> bool:
        """'X said the fate of Y remains uncertain': a report of a state, not an event."""
        if verb.lemma_ not in REPORT:
            return False
        comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        return comp is not None and comp.lemma_ in ("remain", "seem", "appear") and comp.i < verb.i

    def _phrase(self, verb: Any, target: int | None, passive: bool) -> str:
        """A short verb phrase for the action, in the article's words: the verb and what follows it."""
        lead = ""
        toks = [c for c in verb.children if c.dep_ == "neg" and c.i < verb.i] + [verb]
        if verb.text[:1] in "'’" and verb.i > 0:
            toks.insert(0, self.doc[verb.i - 1])  # "it’s a ...", not "’s a ..."
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        # "labelled Meta as an extremist organisation by Russia": the agent is the actor, not the phrase.
        agent = self._agent(verb) if passive else None
        by_agent = {t.i for t in agent.head.subtree} if agent is not None else set()
        if passive and target is not None:
            lead = self.name(target) or ""
        elif passive and verb.dep_ in ("acl", "relcl") and (subj is None or subj.tag_ in ("WDT", "WP")):
            # "a network that was created by Durov": "created a network"
            subj = verb.head
            toks += [t for t in verb.head.subtree if t.i <= verb.head.i]
        elif passive and subj is not None:
            # "All officials have been ordered to ...": "ordered all officials to ..."
            toks += [t for t in subj.subtree]
        for c in verb.children:
            if c.i < verb.i or c.dep_ in (
                "punct",
                "cc",
                "conj",
                "advcl",
                "nsubj",
                "nsubjpass",
                "mark",
                "npadvmod",
            ):
                continue
            if c.dep_ in ("agent",) or (c.dep_ == "prep" and c.lower_ == "by"):
                continue
            # Asides ("Meta, the tech giant behind Facebook, ...") are left out.
            # The parser may hang what follows on the aside ("..., and WhatsApp, an extremist
            # organization"): a nested appositive is the verb's complement, not part of the aside.
            aside: set[int] = set()
            for a in c.subtree:
                if a.dep_ == "appos" and a.i not in aside and a.head.i not in aside:
                    inner = {x.i for d in a.subtree if d.dep_ == "appos" and d.i != a.i for x in d.subtree}
                    aside |= {x.i for x in a.subtree} - inner
            toks += [t for t in c.subtree if t.i not in aside and t.i not in by_agent]
        head = [t for t in toks if t.i <= verb.i or (subj is not None and t.i < verb.i)]
        rest = sorted((t for t in toks if t not in head), key=lambda t: t.i)
        first = words(self.text, sorted(head, key=lambda t: t.i), 3)
        if subj is not None and passive and target is None:
            # The verb comes first: "ordered all Russian officials to switch to Max".
            verb_part = words(
                self.text, [t for t in head if t.i >= verb.i - 1 and t.dep_ == "neg"] + [verb], 3
            )
            patient = [t for t in head if t.i in {x.i for x in subj.subtree} and t.i <= subj.i]
            if patient and patient[0].pos_ != "PROPN":
                patient_text = words(self.text, patient, 6)
                patient_text = patient_text[:1].lower() + patient_text[1:]
            else:
                patient_text = words(self.text, patient, 6)
            first = f"{verb_part} {patient_text}".strip()
        body = words(self.text, rest, max(1, 12 - len(first.split()) - len(lead.split())))
        body = self._sentence_case(rest, body)  # said, 'Access to ...' -> said access to ...
        return " ".join(p for p in (first, lead, body) if p).strip(" ,;:")

    def _date_within(self, k: int, start: int, end: int) -> str | None:
        for dk, a, b, t in self._date_spans:
            if dk == k and a >= start and b <= end:
                return t
        return None

    # ------------------------------------------------------------------ justifications
    def _action_for(self, k: int, tok: Any) -> int | None:
        """Index of the action whose clause holds token `tok`, else this or the last sentence's last action."""
        best = None
        for n, (ak, _verb, a, b) in enumerate(self._action_meta):
            if ak == k and a <= tok.idx < b:
                best = n
        if best is not None:
            return best
        for n in range(len(self._action_meta) - 1, -1, -1):
            ak = self._action_meta[n][0]
            if ak == k or ak == k - 1:
                return n
            if ak < k - 1:
                break
        return None

    def _speaker(self, toks: list[Any]) -> int | None:
        """The actor to whom the sentence is attributed ("X said", "according to X")."""
        for t in toks:
            if t.lemma_ in REPORT and t.pos_ == "VERB":
                a = self.ref(next((c for c in t.children if c.dep_ == "nsubj"), None))
                if a is not None:
                    return a
            if t.lower_ == "according" and t.i + 2 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                a = self.ref(next((c for c in self.doc[t.i + 1].children if c.dep_ == "pobj"), None))
                if a is not None:
                    return a
        return None

    def _reasons_in(self, k: int, toks: list[Any]) -> None:
        low = [t.lower_ for t in toks]
        seen_end = -1
        cue_starts = {
            c.start for c in self.analysis.cues if c.sentence == k and c.kind in ("cause", "purpose")
        }
        for j, t in enumerate(toks):
            if t.i <= seen_end:
                continue
            hit = next((m for m in REASON_MARKERS if tuple(low[j : j + len(m)]) == m), None)
            if (
                hit is None
                and t.lower_ == "to"
                and t.dep_ == "aux"
                and t.head.dep_ == "advcl"
                and t.head.i > t.i
                and t.head.head.lemma_ not in REPORT
                and t.head.head.pos_ == "VERB"
            ):
                # A purpose infinitive: "recalled two million cars to fix a defect".
                hit = ("to",)
            if (
                hit is None
                and t.lower_ == "for"
                and j + 1 < len(toks)
                and toks[j + 1].tag_ == "VBG"
                and any(lemma_in(h, FOR_REASON_HEADS) for h in (t.head, t.head.head, t.head.head.head))
            ):
                # "fined Google for abusing its dominance": the act it is punished or praised for.
                hit = ("for",)
            if hit is None and t.idx not in cue_starts:
                continue
            if hit == ("if",):
                clause = list(t.head.subtree)
                if not any(x.lower_ in _FAIL_WORDS for x in clause):
                    continue
            if hit and hit[0] == "to" and t.dep_ != "aux":
                continue
            if hit == ("aimed", "at") and not (j + 2 < len(toks) and toks[j + 2].tag_ == "VBG"):
                continue  # "aimed at foreign apps" names a target, not an aim
            if (
                hit == ("in", "response", "to")
                and j + 4 < len(toks)
                and {toks[j + 3].lower_, toks[j + 4].lower_} & _NOT_REASONS
            ):
                continue  # answering a question is no reason
            start_tok = t
            end_i = self._clause_end(t, toks)
            if end_i - t.i < 2:
                continue
            q = self._quote(k, start_tok.idx, self.doc[end_i].idx + len(self.doc[end_i]))
            if q is None:
                continue
            seen_end = end_i
            act = self._action_for(k, t)
            by = self._speaker(toks)
            if by is None and act is not None:
                by = (
                    self.finder.actors.index(
                        next(a for a in self.finder.actors if a.name == self.actions[act].actor)
                    )
                    if self.actions[act].actor
                    else None
                )
            reason_toks = [x for x in self.doc[t.i : end_i + 1]][len(hit) if hit else 0 :]
            reason = words(self.text, reason_toks, 16).strip(" ,.;:")
            self.justifications.append(
                DraftJustification(
                    by=self.name(by),
                    action=None if act is None else act + 1,
                    reason=reason or q.quote,
                    evidence=[q],
                )
            )

    def _clause_end(self, t: Any, toks: list[Any]) -> int:
        """Last token of the phrase a marker opens: the largest subtree that starts at it."""
        best = t
        node = t
        while (
            node.head.i != node.i
            and node.head.left_edge.i >= t.i
            and self.sent_of_token[node.head.i] == self.sent_of_token[t.i]
        ):
            node = node.head
            best = node
        end = max(best.right_edge.i, t.right_edge.i)
        if t.dep_ in ("mark",) or t.lower_ in ("because", "if", "unless"):
            end = max(end, t.head.right_edge.i)
        last = toks[-1].i
        end = min(end, last)
        while end > t.i and self.doc[end].is_punct:
            end -= 1
        return end

    # ------------------------------------------------------------------ dates and summary
    def _dates_out(self) -> None:
        seen = set()
        for k, a, b, _text in self._date_spans:
            if (k, a) in seen:
                continue
            seen.add((k, a))
            event = None
            for n, (ak, _, s, e) in enumerate(self._action_meta):
                if ak == k and s <= a and b <= e:
                    event = self.actions[n].action
                    break
            if event is None:
                event = next(
                    (self.actions[n].action for n, m in enumerate(self._action_meta) if m[0] == k), None
                )
            s = self._sent(k)
            if self.text[a:b] not in s.text:
                continue
            self.dates.append(
                DraftDate(
                    text=self.text[a:b], event=event, evidence=[Quote(sentence=k, quote=self.text[a:b])]
                )
            )

    def summary(self) -> str:
        """Two or three sentences from the start of the main story that report events."""
        picked: list[str] = []
        sents = sorted({m[0] for m in self._action_meta})
        for k in sents:
            s = self._sent(k)
            text = " ".join(self.text[max(s.start, self.line_start[k]) : s.end].split())
            if len(text.split()) < 8:
                continue
            picked.append(text)
            if len(picked) == 3 or sum(len(p.split()) for p in picked) > 60:
                break
        return " ".join(picked)
