"""Actor finding for the rules engine: which named parties act or are acted upon, merged.

Works on the spaCy Doc that `analyze` made: entity mentions are gathered, spaCy's usual
mistakes are corrected from context (an app called "Max" is no person, "VK" in brackets
is no place), and the mentions of one party are merged (surnames, titles, bracketed
abbreviations, a capital standing for its state, "Russian authorities" for Russia).
Only parties that hold a role in some clause (subject, object, agent, ...) are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Entity labels that can name a party.
PARTY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC"}

# Dependency roles that make a mention a party to a clause rather than a mere place or label.
ROLE_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "agent", "iobj", "oprd", "attr"}
ROLE_PREPS = {"by", "to", "against", "on", "with", "from", "over", "into", "for", "between", "towards"}
# Nouns of acts whose "of" names the party acted upon ("the invasion of Ukraine").
# fmt: off
ACT_NOUNS = {
    "invasion", "attack", "ban", "blocking", "arrest", "acquisition", "takeover", "annexation",
    "occupation", "bombing", "shelling", "sanctioning", "expulsion", "detention", "killing", "murder",
    "purchase", "sale", "criticism", "investigation", "prosecution", "suspension", "closure",
}
# fmt: on
PLACE_PREPS = {"in", "within", "inside", "at", "near", "across", "throughout", "outside", "around"}

# Nouns that, after a name, make it an organisation whatever spaCy's label says.
# fmt: off
ORG_NOUNS = {
    "app", "application", "messenger", "platform", "network", "service", "company", "firm", "group",
    "site", "website", "channel", "bank", "agency", "outlet", "newspaper", "broadcaster", "corporation",
    "giant", "startup", "maker", "provider", "operator", "brand", "party", "union",
}
# fmt: on
# Words in a name (or in the title before it) that make the party a state body.
# fmt: off
GOV_WORDS = {
    "ministry", "minister", "government", "kremlin", "parliament", "senate", "congress", "council",
    "court", "police", "army", "military", "authority", "authorities", "regulator", "watchdog",
    "agency", "intelligence", "fsb", "kgb", "cia", "fbi", "nsa", "duma", "cabinet", "presidency",
    "administration", "department", "commission", "prosecutor", "prosecutors", "state", "federal",
    "central", "tax", "customs", "navy", "forces", "embassy", "office", "white", "pentagon",
}
# fmt: on
# Common nouns after a nationality that denote a state body ("Russian authorities").
STATE_NOUNS = {"authorities", "authority", "government", "state", "administration", "regime", "leadership"}
# fmt: off
BODY_NOUNS = {
    "bank", "commission", "agency", "committee", "council", "service", "department", "intelligence",
    "ministry", "military", "army", "regulator", "police", "parliament", "court", "prosecutors", "navy",
    "forces", "troops", "security", "services", "watchdog",
}
# fmt: on
# Title words that may stand before a person's name ("Kremlin spokesman Dmitry Peskov").
# fmt: off
TITLE_NOUNS = {
    "president", "minister", "senator", "spokesman", "spokeswoman", "spokesperson", "leader", "founder",
    "chief", "head", "ceo", "chairman", "chairwoman", "director", "secretary", "governor", "mayor",
    "ambassador", "general", "commander", "lawmaker", "deputy", "official", "businessman",
    "businesswoman", "entrepreneur", "envoy", "judge", "premier", "chancellor", "king", "queen",
    "prince", "pm", "mp", "representative", "rep.", "sen.", "gov.", "dr.",
}
# fmt: on

# Capitals that news copy uses for their state ("Moscow said ...").
CAPITALS = {
    "moscow": "russia",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "washington": "united states",
    "beijing": "china",
    "london": "united kingdom",
    "paris": "france",
    "berlin": "germany",
    "tehran": "iran",
    "jerusalem": "israel",
    "ankara": "turkey",
    "tokyo": "japan",
    "new delhi": "india",
    "delhi": "india",
    "pyongyang": "north korea",
    "seoul": "south korea",
    "brussels": "european union",
    "minsk": "belarus",
    "warsaw": "poland",
    "rome": "italy",
    "madrid": "spain",
    "ottawa": "canada",
    "canberra": "australia",
    "damascus": "syria",
    "riyadh": "saudi arabia",
    "cairo": "egypt",
    "caracas": "venezuela",
    "havana": "cuba",
    "taipei": "taiwan",
    "islamabad": "pakistan",
    "kabul": "afghanistan",
    "baghdad": "iraq",
}
COUNTRY_ALIASES = {
    "us": "united states",
    "u.s.": "united states",
    "usa": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "eu": "european union",
}

_APOS = re.compile(r"[’`']s$")
# Paired marks a name or phrase must not hold one of alone ("’" is left out: it is also an apostrophe).
_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”"}
_EDGE = " ,;:-–—"
_WORD = re.compile(r"[\w-]+", re.UNICODE)


def clean_name(text: str) -> str:
    """A name as a reader expects it: no unmatched brackets or quotes, no stray edge punctuation."""
    t = " ".join(text.split())
    for left, right in _PAIRS.items():
        if t.count(left) != t.count(right):
            t = t.replace(left, "").replace(right, "")
    if t.count('"') % 2:
        t = t.replace('"', "")
    t = " ".join(t.split()).strip(_EDGE)
    if len(t) > 2 and (t[0], t[-1]) in (('"', '"'), ("“", "”"), ("(", ")")) and t.count(t[0]) == 1:
        t = t[1:-1].strip(_EDGE)
    return t


def norm(text: str) -> str:
    """A comparison key for a name: lower case, no article, no possessive, plain quotes."""
    t = text.replace("’", "'").strip().strip("\"'“”").strip()
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.I)
    t = _APOS.sub("", t.replace("’", "'"))
    words = t.lower().split()
    # "Georgian Dream party", "the Max messenger": the generic noun is no part of the name.
    generic = len(words) >= 3 or (len(words) == 2 and words[-1] in ("party", "app", "messenger", "platform"))
    if generic and words[-1] in ORG_NOUNS:
        words = words[:-1]
    return " ".join(words)


@dataclass
class Mention:
    """One stretch of tokens naming a party."""

    start: int  # token index
    end: int  # token index, exclusive
    text: str
    label: str
    sentence: int
    role: bool = False


@dataclass
class ActorInfo:
    """A party being assembled: its mentions, forms and kind."""

    name: str
    kind: str
    label: str
    forms: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    description: str | None = None
    acts: bool = False
    country_key: str | None = None

    @property
    def role(self) -> bool:
        return any(m.role for m in self.mentions)

    def add_form(self, form: str) -> None:
        form = clean_name(form)
        if form and form not in self.forms:
            self.forms.append(form)


def _strip_span(doc: Any, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles/possessors and trailing possessive marks or punctuation."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].tag_ == "POS" or doc[end - 1].text in ("'s", "’s")
    ):
        end -= 1
    # "Telegram’s Durov" / "Ukraine’s Foreign Intelligence Service": keep the possessor apart.
    for i in range(start, end - 1):
        if doc[i].tag_ == "POS" or doc[i].text in ("'s", "’s"):
            return i + 1, end
    return start, end


def _role(tok: Any) -> bool:
    """Whether the mention headed by `tok` is a party to its clause."""
    dep = tok.dep_
    while dep in ("conj", "appos", "compound") and tok.head.i != tok.i:
        if dep == "compound" and tok.head.lower_ not in ORG_NOUNS and tok.head.lower_ not in TITLE_NOUNS:
            # "struck Hamas targets": a party's assets acted upon stand for the party.
            return tok.ent_type_ in ("ORG", "PERSON") and tok.head.dep_ in ("dobj", "nsubjpass")
        tok = tok.head
        dep = tok.dep_
    if dep in ROLE_DEPS:
        return True
    if dep == "pobj":
        prep = tok.head.lower_
        if prep in PLACE_PREPS:
            return False
        if prep == "to" and tok.head.head.lower_ == "according":
            return True
        if prep == "of":
            # "the invasion of Ukraine", "head of the Internet Protection Society"
            return tok.head.head.lemma_ in ACT_NOUNS or tok.head.head.lower_ in TITLE_NOUNS
        return prep in ROLE_PREPS
    if dep == "poss":
        return tok.head.dep_ in ("nsubj", "nsubjpass", "dobj")
    return False


class ActorFinder:
    """Finds and merges the actors of one analysed article."""

    def __init__(self, doc: Any, usable: list[bool], sent_of_token: list[int]) -> None:
        self.doc = doc
        self.usable = usable
        self.sent_of_token = sent_of_token
        self.actors: list[ActorInfo] = []
        self.token_actor: list[int] = [-1] * len(doc)

    # ------------------------------------------------------------------ mentions
    def _mentions(self, entities: list[Any]) -> list[Mention]:
        doc = self.doc
        out: list[Mention] = []
        covered = [False] * len(doc)
        for ent in entities:
            if ent.label not in PARTY_LABELS or "\n" in ent.text or not re.search(r"[A-Za-z]", ent.text):
                continue
            span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
            if span is None or len(span) > 8:
                continue
            for a, b in self._split_list(span.start, span.end):
                a, b = _strip_span(doc, a, b)
                if a >= b:
                    continue
                for i in range(a, b):
                    covered[i] = True
                out.extend(self._mention(a, b, ent.label))
        # Proper nouns spaCy left untagged but that stand as subject or object.
        for tok in doc:
            if covered[tok.i] or tok.dep_ == "compound" or tok.lower_ in TITLE_NOUNS:
                continue
            if tok.ent_type_ in ("DATE", "TIME", "PERCENT", "ORDINAL", "NORP", "LANGUAGE"):
                continue
            if tok.dep_ == "conj" and tok.pos_ == "PROPN" and covered[tok.head.i]:
                # "Instagram, Fb, and X": the rest of a list of named parties.
                out.extend(self._mention(tok.i, tok.i + 1, "ORG"))
                covered[tok.i] = True
                continue
            camel = (
                tok.pos_ in ("NOUN", "PROPN")
                and any(ch.isupper() for ch in tok.text[1:])
                and tok.text[:1].isalpha()
                and not tok.text.isupper()
            )
            if not camel and (tok.pos_ != "PROPN" or not tok.text[:1].isupper()):
                continue
            if (
                tok.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL")
                and tok.i + 1 < len(doc)
                and doc[tok.i + 1].like_num
            ):
                # "fined Google 2.4 billion euros": the name was swallowed by the amount.
                for m in self._mention(tok.i, tok.i + 1, "ORG"):
                    m.role = True
                    out.append(m)
                continue
            bracketed = (
                tok.dep_ == "appos"
                and tok.i > 1
                and doc[tok.i - 1].text == "("
                and covered[tok.i - 2]
                and tok.i + 1 < len(doc)
                and doc[tok.i + 1].text == ")"
            )
            titled = (
                tok.dep_ == "appos"
                and tok.head.pos_ == "NOUN"
                and tok.head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
            )
            if (
                tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "dative")
                and not bracketed
                and not titled
                and not (tok.dep_ == "pobj" and tok.head.lower_ == "by")
            ):
                continue
            a = (
                tok.left_edge.i
                if tok.left_edge.dep_ == "compound" and tok.left_edge.pos_ == "PROPN"
                else tok.i
            )
            a, b = _strip_span(doc, a, tok.i + 1)
            if a < b and all(not covered[i] for i in range(a, b)):
                out.extend(self._mention(a, b, "ORG"))
        # "Russian authorities", "Ukrainian intelligence", "Russia's digital ministry".
        for tok in doc:
            if tok.pos_ != "NOUN" or covered[tok.i]:
                continue
            low = tok.lower_
            if low not in STATE_NOUNS and low not in BODY_NOUNS:
                continue
            nat = [
                c
                for c in tok.lefts
                if c.ent_type_ in ("NORP", "GPE") and c.dep_ in ("amod", "compound", "poss", "nmod")
            ]
            if not nat:
                continue
            a = min(c.i for c in nat)
            if doc[a].ent_type_ == "GPE" and doc[a].dep_ == "poss":
                # "Russia's digital ministry": the ministry, named with its country.
                pass
            out.extend(self._mention(a, tok.i + 1, "STATE" if low in STATE_NOUNS else "BODY"))
        return out

    def _split_list(self, start: int, end: int) -> list[tuple[int, int]]:
        """'Facebook, Instagram' and 'WhatsApp & Telegram' name two parties each."""
        doc = self.doc
        parts: list[tuple[int, int]] = []
        a = start
        for i in range(start, end):
            if doc[i].text in (",", "&", "and") and doc[i].dep_ in ("punct", "cc") and i > a:
                parts.append((a, i))
                a = i + 1
        parts.append((a, end))
        return [(x, y) for x, y in parts if y > x]

    def _mention(self, a: int, b: int, label: str) -> list[Mention]:
        doc = self.doc
        s = self.sent_of_token[a]
        if not self.usable[a]:
            return []
        root = doc[a:b].root
        return [Mention(a, b, doc[a:b].text, label, s, _role(root))]

    # ------------------------------------------------------------------ kinds
    def _kind(self, m: Mention) -> str:
        doc = self.doc
        words = set(w.lower() for w in _WORD.findall(m.text))
        root = doc[m.start : m.end].root
        head = root.head
        context = {head.lower_} if root.dep_ in ("compound", "appos") else set()
        context |= {c.lower_ for c in root.children if c.dep_ == "appos"}
        context |= {
            c.lower_ for c in root.children if c.dep_ == "appos" for c in c.children if c.dep_ == "compound"
        }
        if m.label in ("STATE", "BODY") or (m.label != "PERSON" and context & GOV_WORDS):
            return "government"
        if context & ORG_NOUNS or (
            m.start > 0 and doc[m.start - 1].lower_ == "the" and m.label in ("PERSON",)
        ):
            return "organization"
        if m.label == "PERSON":
            if len(words) == 1 and m.end < len(doc) and doc[m.end].text == ")":
                return "organization"
            return "person"
        if m.label in ("GPE", "LOC"):
            short_caps = m.text.isupper() and len(m.text) <= 4 and norm(m.text) not in COUNTRY_ALIASES
            if short_caps or self._in_brackets_after_name(m) or self._listed_with_orgs(m):
                return "organization"
            return "country"
        if words & GOV_WORDS:
            return "government"
        if m.label == "NORP":
            return "group"
        return "organization"

    def _in_brackets_after_name(self, m: Mention) -> bool:
        doc = self.doc
        return (
            m.start >= 2
            and doc[m.start - 1].text == "("
            and m.end < len(doc)
            and doc[m.end].text == ")"
            and doc[m.start - 2].ent_type_ in ("ORG", "PERSON", "GPE", "PRODUCT")
        )

    def _listed_with_orgs(self, m: Mention) -> bool:
        root = self.doc[m.start : m.end].root
        kin = [c for c in root.children if c.dep_ == "conj"]
        if root.dep_ == "conj":
            kin.append(root.head)
        return any(k.ent_type_ in ("ORG", "PRODUCT") for k in kin)

    # ------------------------------------------------------------------ merging
    def build(self, entities: list[Any]) -> None:
        doc = self.doc
        mentions = self._mentions(entities)
        by_key: dict[str, int] = {}
        persons_by_surname: dict[str, int] = {}
        # Longer names first, so that "Putin" finds "Vladimir Putin" whatever the order.
        order = sorted(
            range(len(mentions)), key=lambda i: (-(mentions[i].end - mentions[i].start), mentions[i].start)
        )
        for i in order:
            m = mentions[i]
            kind = self._kind(m)
            key = norm(m.text)
            if m.label == "NORP":
                continue  # nationalities alone are not parties
            target = self._find(key, kind, m, by_key, persons_by_surname)
            if target < 0:
                target = len(self.actors)
                info = ActorInfo(name=self._name_of(m), kind=kind, label=m.label)
                if m.label in ("GPE",) and kind == "country":
                    info.country_key = COUNTRY_ALIASES.get(key, key)
                self.actors.append(info)
                if kind == "person" and len(key.split()) > 1:
                    persons_by_surname.setdefault(key.split()[-1], target)
            info = self.actors[target]
            if info.kind == "country" and kind == "organization":
                info.kind, info.country_key = "organization", None
            info.mentions.append(m)
            info.add_form(self._name_of(m))
            by_key.setdefault(key, target)
            self._describe(info, m)
        self._merge_brackets(by_key)
        self._merge_states()
        for idx, info in enumerate(self.actors):
            for m in info.mentions:
                for t in range(m.start, m.end):
                    self.token_actor[t] = idx
                root = doc[m.start : m.end].root
                if root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "pobj" and root.head.lower_ == "by"):
                    info.acts = True
            if info.kind == "country" and info.acts:
                info.kind = "government"

    def _name_of(self, m: Mention) -> str:
        return clean_name(self.doc[m.start : m.end].text) or m.text

    def _find(self, key: str, kind: str, m: Mention, by_key: dict[str, int], surnames: dict[str, int]) -> int:
        if key in by_key:
            return by_key[key]
        words = key.split()
        if (kind == "person" or m.label in ("PERSON", "ORG")) and len(words) == 1 and words[0] in surnames:
            return surnames[words[0]]
        # "Foreign Intelligence Service" inside "Ukraine's Foreign Intelligence Service"; "the Commission"
        # for "the European Commission" when only one name ends so.
        ends = [
            idx
            for k, idx in by_key.items()
            if len(k) > len(key) and (k.endswith(" " + key) or k.endswith("'s " + key))
        ]
        single = len(set(ends)) == 1 and m.text[:1].isupper() and self.actors[ends[0]].label != "GPE"
        if ends and (len(words) >= 2 or single):
            return ends[0]
        return -1

    def _describe(self, info: ActorInfo, m: Mention) -> None:
        """Title words before a name ("Russian President") become its description and a form."""
        doc = self.doc
        i = m.start - 1
        while i >= 0 and doc[i].dep_ in ("compound", "amod", "nmod") and i < doc[i].head.i < m.end:
            i -= 1
        i += 1
        # "Russian-born businessman": a hyphenated compound is one word, never split.
        while i > 0 and not doc[i - 1].whitespace_ and (doc[i - 1].text in "-–" or doc[i].text in "-–"):
            i -= 1
        if i < m.start and any(
            doc[j].lower_ in TITLE_NOUNS or doc[j].lower_ in ORG_NOUNS for j in range(i, m.start)
        ):
            if info.description is None:
                info.description = clean_name(doc[i : m.start].text) or None
            info.add_form(doc[i : m.end].text)
        root = doc[m.start : m.end].root
        if (
            info.description is None
            and root.dep_ == "appos"
            and root.head.pos_ == "NOUN"
            and root.head.i < m.start
        ):
            # "the communications regulator Roskomnadzor"
            head = root.head
            words = [
                t
                for t in doc[head.left_edge.i : head.i + 1]
                if t.dep_ not in ("det", "poss", "case", "punct")
            ]
            if words and len(words) <= 4:
                info.description = doc[words[0].i : head.i + 1].text
        for c in root.children:
            # "Mikhail Klimarev, head of the Internet Protection Society"
            if info.description is None and c.dep_ == "appos" and c.lower_ in TITLE_NOUNS and c.i > root.i:
                info.description = doc[c.left_edge.i : min(c.right_edge.i + 1, c.i + 8)].text.strip(" ,")

    def _merge_brackets(self, by_key: dict[str, int]) -> None:
        """'Vkontakte (VK)': the bracketed form is the same party."""
        doc = self.doc
        for idx, info in enumerate(self.actors):
            for m in list(info.mentions):
                if (
                    m.start >= 1
                    and doc[m.start - 1].text == "("
                    and m.end < len(doc)
                    and doc[m.end].text == ")"
                    and m.start >= 2
                ):
                    before = doc[m.start - 2].i
                    other = self._actor_at(before)
                    if other is not None and other != idx:
                        self._absorb(other, idx)

    def _actor_at(self, tok: int) -> int | None:
        for idx, info in enumerate(self.actors):
            for m in info.mentions:
                if m.start <= tok < m.end:
                    return idx
        return None

    def _absorb(self, keep: int, gone: int, keep_name: bool = False) -> None:
        a, b = self.actors[keep], self.actors[gone]
        if not b.mentions:
            return
        # The form with more mentions, else the longer one, names the pair.
        a.mentions.extend(b.mentions)
        for f in b.forms:
            a.add_form(f)
        if a.kind == "country" and b.kind != "country":
            a.kind = b.kind
        # The fullest name the article gives names the party ("Indian Oil Corporation", not "IOC").
        if (
            not keep_name
            and b.label != "GPE"
            and (len(b.name.split()), len(b.mentions))
            > (
                len(a.name.split()),
                len(a.mentions) - len(b.mentions),
            )
        ):
            a.name = b.name
        a.description = a.description or b.description
        b.mentions = []

    def _merge_states(self) -> None:
        """'Moscow' acting, and 'Russian authorities', stand for the Russian state."""
        doc = self.doc
        countries = {
            info.country_key: idx
            for idx, info in enumerate(self.actors)
            if info.country_key and info.mentions
        }
        for idx, info in enumerate(self.actors):
            if not info.mentions or info.country_key is None:
                continue
            key = info.country_key
            if key in CAPITALS and CAPITALS[key] in countries and countries[CAPITALS[key]] != idx:
                acting = [
                    m
                    for m in info.mentions
                    if doc[m.start : m.end].root.dep_ in ("nsubj", "nsubjpass", "poss")
                    or (
                        doc[m.start : m.end].root.dep_ == "pobj"
                        and doc[m.start : m.end].root.head.lower_ == "by"
                    )
                ]
                if acting:
                    target = self.actors[countries[CAPITALS[key]]]
                    for m in acting:
                        info.mentions.remove(m)
                        target.mentions.append(m)
                        target.add_form(m.text)
                    target.kind = "government"
        # "Ukrainian intelligence" is the intelligence service the article names in full.
        for idx, info in enumerate(self.actors):
            if not info.mentions or info.mentions[0].label != "BODY":
                continue
            noun = norm(info.name).split()[-1]
            for j, other in enumerate(self.actors):
                if (
                    j != idx
                    and other.mentions
                    and other.mentions[0].label not in ("BODY", "STATE")
                    and noun in norm(other.name).split()[:-1] + norm(other.name).split()[-1:]
                    and other.kind == "government"
                ):
                    self._absorb(j, idx)
                    break
        for idx, info in enumerate(self.actors):
            if not info.mentions or info.mentions[0].label != "STATE":
                continue
            nat = norm(doc[info.mentions[0].start].text)
            for ckey, cidx in countries.items():
                if ckey and nat[:4] == ckey[:4] and cidx != idx:
                    # The country names the state ("Russia"), "Russian authorities" is an alias.
                    self._absorb(cidx, idx, keep_name=True)
                    self.actors[cidx].kind = "government"
                    break

    def kept(self) -> list[int]:
        """Indices of the actors worth listing: parties to a clause, with mentions left."""
        return [i for i, a in enumerate(self.actors) if a.mentions and a.role]
