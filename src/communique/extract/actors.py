"""Actors: countries, capitals and institutions acting as governments, international
organisations, armed groups, persons with titles, and country-qualified groups.

Input: a parsed spaCy `Doc` and the token spans already claimed by places. Output: an
`ActorIndex` — one `Actor` per real-world actor with all its mentions, and a map from
tokens to actor ids that the event, commitment and quote extractors read.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from communique.gazetteer import ActorEntry
from communique.model import Actor, Mention
from communique.resources import lexicon

# Prepositions after which a capital or institution is a place, not a government.
LOCATIVE_PREPS = frozenset({"in", "at", "from", "to", "into", "near", "across", "outside",
                            "inside", "around", "through", "via", "toward", "towards", "on"})
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "conj", "appos", "dative"})
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_PLURAL = frozenset({"they", "them", "we"})
PRONOUNS_THING = frozenset({"it"})
TITLE_WORDS = frozenset({
    "president", "prime", "minister", "premier", "chancellor", "king", "queen", "emperor",
    "crown", "prince", "sheikh", "emir", "foreign", "defence", "defense", "interior", "finance",
    "trade", "home", "secretary", "state", "ambassador", "envoy", "spokesman", "spokeswoman",
    "spokesperson", "official", "commander", "general", "colonel", "admiral", "chief", "leader",
    "deputy", "vice", "senior", "head", "director", "representative", "chairman", "chair",
    "governor", "mayor", "senator", "lawmaker", "diplomat", "member", "cabinet", "war",
    "national", "security", "adviser", "advisor", "lieutenant", "major", "captain", "marshal",
    "pope", "ayatollah", "supreme", "army", "navy", "military", "ministry", "of", "the", "mr",
    "mrs", "ms", "dr", "his", "her", "its",
})
ROLE_STOP = frozenset({"of", "the", "mr", "mrs", "ms", "dr", "his", "her", "its", "senior"})


@dataclass
class ActorIndex:
    """The document's actors and which tokens refer to which actor."""

    actors: list[Actor] = field(default_factory=list)
    token_actor: dict[int, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    collective: dict[int, list[str]] = field(default_factory=dict)
    # Character spans whose first person ("I", "we") is a known speaker.
    speakers: list[tuple[int, int, list[str]]] = field(default_factory=list)
    # Who speaks in the first person outside quotations: a statement's issuer.
    author: list[str] = field(default_factory=list)

    # Lookups built on first use, once the index is complete (long documents ask often).
    _by_id: dict[str, Actor] | None = field(default=None, repr=False)
    _code_starts: dict[str, list[int]] | None = field(default=None, repr=False)
    _token_order: list[int] | None = field(default=None, repr=False)

    def by_id(self, actor_id: str) -> Actor:
        if self._by_id is None or actor_id not in self._by_id:
            self._by_id = {a.id: a for a in self.actors}
        return self._by_id[actor_id]

    def code(self, actor_id: str) -> str:
        return self.codes[actor_id]

    def actor_tokens_back(self, token_index: int, since: int = 0) -> Iterator[tuple[int, str]]:
        """(token index, actor id) of the actor tokens in [since, token_index), nearest
        first; lazily, as most callers stop at the first that fits."""
        if self._token_order is None or len(self._token_order) != len(self.token_actor):
            self._token_order = sorted(self.token_actor)
        order = self._token_order
        for n in range(bisect_left(order, token_index) - 1, -1, -1):
            if order[n] < since:
                return
            yield order[n], self.token_actor[order[n]]

    def principal(self, before: int | None = None) -> list[str]:
        """The two most salient distinct codes (countries preferred), as actor ids."""
        if self._code_starts is None:
            starts: dict[str, list[int]] = {}
            for actor in self.actors:
                starts.setdefault(actor.code, []).extend(m.start for m in actor.mentions)
            self._code_starts = {code: sorted(v) for code, v in starts.items()}
        counts: dict[str, int] = {}
        for code, starts_of_code in self._code_starts.items():
            n = len(starts_of_code) if before is None else bisect_left(starts_of_code, before)
            if n and code != "UNK":
                counts[code] = n
        ranked = sorted(counts, key=lambda c: (-counts[c], self._code_starts[c][0]))  # type: ignore[index]
        return [self.representative(code) for code in ranked[:2]]

    def representative(self, code: str) -> str:
        """The country actor for a code, else the first actor that has it."""
        same = [a for a in self.actors if a.code == code]
        for kind in ("country", "igo", "group", "organization", "person"):
            for actor in same:
                if actor.kind == kind:
                    return actor.id
        return same[0].id


@dataclass
class _Found:
    start: int  # token index
    end: int
    key: tuple[str, str]  # (code, canonical name)
    kind: str
    role: str | None = None
    country_mention: bool = False  # a country named by alias, demonym or metonym
    by_alias: bool = False  # the span is one of the entry's names (not a demonym, capital)


def _country_name(canonical: str, surfaces: list[str]) -> str:
    """A country is named as the text names it: "Britain" in a story that never says
    "United Kingdom"; the canonical name when the text uses it, or only abbreviations."""
    names = [_strip_the(t) for t in surfaces]
    if not names or canonical in names:
        return canonical
    spelled = [n for n in names if any(c.islower() for c in n)]  # not "U.S.", "UAE"
    return max(spelled, key=len) if spelled else canonical


class ActorResolver:
    """Builds the matchers once per gazetteer; `resolve(doc)` runs per document."""

    def __init__(self, entries: Sequence[ActorEntry], vocab: Vocab,
                 place_names: Collection[str] = ()) -> None:
        self.entries = list(entries)
        # Cities and places: the model tags "Kyiv" or "Kryvyi Rih" as a person now and then.
        self.place_names = frozenset(place_names)
        self.matcher = PhraseMatcher(vocab, attr="ORTH")
        self.labels: dict[str, tuple[ActorEntry, str]] = {}
        self.surnames: dict[str, ActorEntry] = {}
        make = vocab.strings.add
        patterns: dict[str, list[str]] = {}
        for n, entry in enumerate(self.entries):
            forms = {
                "alias": {entry.name, *entry.aliases},
                "demonym": set(entry.demonyms),
                "capital": set(entry.capitals),
                "institution": set(entry.institutions),
            }
            for form, names in forms.items():
                label = f"{n}|{form}"
                self.labels[label] = (entry, form)
                make(label)
                patterns[label] = sorted(name for name in names if name)
        for label, names in patterns.items():
            docs = [Doc(vocab, words=_words(name)) for name in names]
            if docs:
                self.matcher.add(label, docs)
        lex = lexicon()
        self.org_nouns = {n for n in lex["organization_nouns"] if " " not in n}
        self.not_persons = {str(n).lower() for n in lex.get("not_person_names") or []}
        self.statement_nouns = {str(n).lower() for n in lex.get("statement_nouns") or []}
        self.group_nouns = set(lex["group_nouns"])
        self.collective_phrases = [p.split() for p in lex["collective_phrases"]]
        bodies = lex.get("collective_nouns") or {}
        self.body_nouns = {str(n).lower() for n in bodies.get("body") or []}
        self.pair_nouns = {str(n).lower() for n in bodies.get("pair") or []}

    # ------------------------------------------------------------------ public
    def resolve(self, doc: Doc, blocked: set[int]) -> ActorIndex:
        found, named = self._gazetteer_matches(doc, blocked)
        taken = {i for f in found for i in range(f.start, f.end)}
        # A capital that is a place here ("missiles hit Kyiv") is not a person either.
        found += self._persons(doc, taken | blocked | named, found)
        taken = {i for f in found for i in range(f.start, f.end)}
        found += self._organizations(doc, taken | blocked, found)
        found.sort(key=lambda f: f.start)
        index = self._build(doc, found)
        self._map_noun_heads(doc, index)
        self._collectives(doc, index)
        self._bodies(doc, index)
        return index

    # --------------------------------------------------------------- matching
    def _gazetteer_matches(self, doc: Doc, blocked: set[int]) -> tuple[list[_Found], set[int]]:
        """Actors the gazetteer names, and every token it matched (acting or not)."""
        spans = []
        for match_id, start, end in self.matcher(doc):
            if any(i in blocked for i in range(start, end)):
                continue
            spans.append(Span(doc, start, end, label=match_id))
        found: list[_Found] = []
        named = {i for span in spans for i in range(span.start, span.end)}
        for span in filter_spans(spans):
            entry, form = self.labels[span.label_]
            head = span.root
            if form in ("capital", "institution") and not _acting(head):
                continue
            if entry.kind == "person":
                found.append(_Found(span.start, span.end, (entry.code, entry.name), "person",
                                    role=entry.role))
                continue
            if form == "demonym":
                found.extend(self._demonym(doc, span, entry))
                continue
            kind = entry.kind
            key = (entry.code, entry.name)
            if form == "institution":
                kind, key = "organization", (entry.code, _strip_the(span.text))
            found.append(_Found(span.start, span.end, key, kind,
                                country_mention=kind == "country", by_alias=form == "alias"))
        return found, named

    def _demonym(self, doc: Doc, span: Span, entry: ActorEntry) -> list[_Found]:
        """'Japanese companies' is a Japanese organisation; 'Japanese' alone names Japan;
        'Venezuelans' (a plural noun) is a group of that country."""
        head = span.root
        if head.pos_ in ("NOUN", "PROPN") and head.tag_ in ("NNS", "NNPS") and head.dep_ != "amod" \
                and span.end - span.start == 1 and head.head.i != head.i \
                and head.head.lower_ not in self.group_nouns | self.org_nouns:
            return [_Found(span.start, span.end, (entry.code, span.text), "group")]
        noun = head.head if head.dep_ in ("amod", "compound", "nmod") else None
        if noun is not None and noun.i > head.i:
            phrase = _noun_phrase_words(noun)
            if noun.lower_ in self.org_nouns or phrase in self.org_nouns:
                kind = "organization"
            elif noun.lower_ in self.group_nouns:
                kind = "group"
            else:
                kind = ""
            if kind and entry.kind == "country":
                end = noun.i + 1
                name = doc[span.start:end].text
                return [_Found(span.start, end, (entry.code, name), kind)]
        return [_Found(span.start, span.end, (entry.code, entry.name), entry.kind,
                       country_mention=entry.kind == "country")]

    def _persons(self, doc: Doc, taken: set[int], found: list[_Found]) -> list[_Found]:
        out: list[_Found] = []
        known: list[_Found] = [f for f in found if f.kind == "person"]
        for ent in doc.ents:
            if ent.label_ != "PERSON" or any(i in taken for i in range(ent.start, ent.end)):
                continue
            name = ent.text.removesuffix("'s").removesuffix("’s").strip()
            if not name or not name[0].isupper() or name.lower() in self.not_persons or any(
                    t.lower_ in self.statement_nouns for t in ent):
                continue  # "QUESTION:", "Joint Statement by ..." are not people
            surname = name.split()[-1].lower()  # "MR MILLER:" in a transcript is Miller
            prior = next((p for p in reversed(known + out)
                          if p.key[1].split()[-1].lower() == surname), None)
            code, role = self._person_context(doc, ent, found + out)
            if prior is not None and (code is None or code == prior.key[0]):
                out.append(_Found(ent.start, ent.end, prior.key, "person", role=prior.role))
                continue
            if name in self.place_names and code is None and role is None:
                continue
            out.append(_Found(ent.start, ent.end, (code or "UNK", name), "person", role=role))
        return out

    def _person_context(self, doc: Doc, ent: Span,
                        found: list[_Found]) -> tuple[str | None, str | None]:
        """The code and role written around a name: 'Japanese Prime Minister X',
        'China's ambassador, X', 'X, Algeria's envoy'."""
        by_token = {i: f for f in found for i in range(f.start, f.end)}
        role_words: list[str] = []
        code: str | None = None
        # Words to the left inside the same noun phrase.
        i = ent.start - 1
        while i >= 0 and doc[i].sent.start == ent.sent.start:
            tok = doc[i]
            if i in by_token:
                f = by_token[i]
                if f.kind != "person" and code is None:
                    code = f.key[0]
                i = by_token[i].start - 1
                continue
            if tok.lower_ in TITLE_WORDS or (tok.is_title and tok.head.i >= ent.start
                                             and tok.dep_ in ("compound", "amod")):
                if tok.lower_ not in ROLE_STOP:
                    role_words.insert(0, tok.text)
                i -= 1
                continue
            if tok.text in ("'s", "’s", "-"):
                i -= 1
                continue
            break
        # "Ralph Gonsalves of St Vincent and the Grenadines".
        if code is None and ent.end + 1 < len(doc) and doc[ent.end].lower_ == "of" \
                and ent.end + 1 in by_token and by_token[ent.end + 1].kind != "person":
            code = by_token[ent.end + 1].key[0]
        # Apposition: "China's ambassador, Zhang Jun" / "Zhang Jun, China's ambassador".
        root = ent.root
        partner = None
        if root.dep_ == "appos":
            partner = root.head
        else:
            partner = next((c for c in root.children if c.dep_ == "appos"), None)
        if partner is not None:
            for tok in partner.subtree:
                if tok.i in by_token and by_token[tok.i].kind != "person":
                    code = code or by_token[tok.i].key[0]
                    break
            if not role_words and partner.lower_ in TITLE_WORDS:
                role_words = [w.text for w in partner.subtree
                              if w.lower_ in TITLE_WORDS and w.lower_ not in ROLE_STOP
                              and w.i not in by_token]
        role = " ".join(role_words) or None
        return code, role

    def _organizations(self, doc: Doc, taken: set[int], found: list[_Found]) -> list[_Found]:
        """Named organisations that carry a country inside or beside them
        ('Haitian National Police', 'Ministry of Foreign Affairs of Ukraine') and
        possessive phrases ('Iran's navy', "China's commerce ministry")."""
        by_token = {i: f for f in found for i in range(f.start, f.end)}
        out: list[_Found] = []
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            inner = [by_token[i] for i in range(ent.start, ent.end) if i in by_token]
            if any(i in taken for i in range(ent.start, ent.end)) and not inner:
                continue
            codes = {f.key[0] for f in inner if f.kind in ("country",)}
            if len(codes) == 1 and len(inner) < ent.end - ent.start:
                name = _strip_the(ent.text)
                out.append(_Found(ent.start, ent.end, (codes.pop(), name), "organization"))
        # "Iran's navy", "Ukraine's foreign ministry": possessor country + organisation noun.
        for f in found:
            if f.kind != "country":
                continue
            tok = doc[f.end - 1]
            if tok.dep_ != "poss" and not (f.end < len(doc) and doc[f.end].dep_ == "case"):
                continue
            noun = tok.head
            if noun.i <= tok.i:
                continue
            words = _noun_phrase_words(noun)
            if noun.lower_ in self.org_nouns or words in self.org_nouns:
                if any(i in taken for i in range(f.end, noun.i + 1) if doc[i].ent_type_):
                    continue
                name = doc[f.start:noun.i + 1].text
                out.append(_Found(f.start, noun.i + 1, (f.key[0], name), "organization"))
        return out

    # ------------------------------------------------------------------ build
    def _build(self, doc: Doc, found: list[_Found]) -> ActorIndex:
        index = ActorIndex()
        ids: dict[tuple[str, str], str] = {}
        surfaces: dict[str, list[str]] = {}
        for f in sorted(found, key=lambda f: f.start):
            key = f.key
            if key not in ids:
                actor_id = f"a{len(ids) + 1}"
                ids[key] = actor_id
                name = key[1]
                kind = f.kind
                actor = Actor(id=actor_id, name=name, kind=kind, code=key[0],
                              country=key[0] if len(key[0]) == 3 and key[0] != "UNK" else None,
                              role=f.role)
                index.actors.append(actor)
                index.codes[actor_id] = key[0]
            actor_id = ids[key]
            actor = index.by_id(actor_id)
            if f.role and not actor.role:
                actor.role = f.role
            span = doc[f.start:f.end]
            actor.mentions.append(Mention(span.start_char, span.end_char, span.text))
            for i in range(f.start, f.end):
                index.token_actor[i] = actor_id
            if f.by_alias and f.kind == "country":
                surfaces.setdefault(actor_id, []).append(span.text)
        for actor in index.actors:
            actor.name = _country_name(actor.name, surfaces.get(actor.id, []))
        return index

    def _map_noun_heads(self, doc: Doc, index: ActorIndex) -> None:
        """'Algeria's envoy', 'the Israeli army', 'U.S. officials': the head noun stands
        for its country's actor when events and quotes look up their arguments."""
        for tok in doc:
            if tok.i in index.token_actor or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            for child in tok.children:
                if child.dep_ in ("poss", "amod", "compound", "nmod") and \
                        child.i in index.token_actor and child.i < tok.i:
                    index.token_actor[tok.i] = index.token_actor[child.i]
                    # "U.S. and British warplanes": the modifier's conjuncts act too.
                    ids = [index.token_actor[c.i] for c in [child, *child.conjuncts]
                           if c.i in index.token_actor]
                    if len(dict.fromkeys(ids)) > 1 and tok.i not in index.collective:
                        index.collective[tok.i] = list(dict.fromkeys(ids))
                    break

    def _collectives(self, doc: Doc, index: ActorIndex) -> None:
        """'the two leaders', 'both sides', 'the joint statement' -> the principal pair."""
        lowered = [t.lower_ for t in doc]
        for words in self.collective_phrases:
            n = len(words)
            for i in range(len(doc) - n + 1):
                if lowered[i:i + n] == words:
                    pair = index.principal()
                    if len(pair) == 2:
                        head = doc[i:i + n].root
                        for j in range(i, i + n):
                            index.collective[j] = pair
                        index.collective[head.i] = pair


    def _bodies(self, doc: Doc, index: ActorIndex) -> None:
        """'Foreign ministers of the G7 met ... The ministers called on Iran': a collective
        noun said with "the" refers to the last mention of the same noun that named its
        members, else to the organisation the text is most about ('Summit approved', 'the
        Member States'), else to the two principal parties ('the Parties', 'the leaders')."""
        memory: dict[str, list[str]] = {}
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            phrase = _noun_phrase_words(tok)
            counted = next((c.lower_ for c in tok.children
                            if c.dep_ in ("nummod", "det") and c.lower_ in ("two", "both")), None)
            word = tok.lower_
            keys = [f"{counted} {word}"] if counted else []
            keys += [phrase, word]
            kind = next(("pair" if k in self.pair_nouns else "body" for k in keys
                         if k in self.pair_nouns or k in self.body_nouns), None)
            if kind is None:
                continue
            own = _own_members(tok, index)
            if own:
                memory[word] = own
                if tok.i not in index.token_actor and tok.i not in index.collective:
                    index.collective[tok.i] = own
                continue
            if tok.i in index.token_actor or tok.i in index.collective or not _acting(tok):
                continue
            bare_title = tok.is_title and tok.i > tok.sent.start and not any(
                c.dep_ == "det" for c in tok.children)
            definite = counted is not None or bare_title or (tok.is_sent_start and tok.is_title) \
                or any(c.dep_ in ("det", "predet") and c.lower_ in ("the", "all", "these")
                       for c in tok.children)
            if not definite or any(c.dep_ == "poss" for c in tok.children):
                continue
            ids = memory.get(word)
            if ids is None and kind == "body" and not counted:
                ids = _salient_organisation(index, tok.idx)
            if ids is None and kind == "pair" and not counted and not tok.text[0].isupper():
                continue  # "between the parties" in passing names no pair; "the Parties" does
            if ids is None:
                pair = index.principal(before=tok.idx) or index.principal()
                ids = pair if len(pair) == 2 else None
            if ids:
                index.collective[tok.i] = ids


def _own_members(tok: Token, index: ActorIndex) -> list[str]:
    """The actors a collective noun names itself: 'G7 ministers', 'the Summit of Heads of
    State and Government of the Southern African Development Community'."""
    if tok.i in index.collective:
        return list(index.collective[tok.i])
    if tok.i in index.token_actor:
        return [index.token_actor[tok.i]]
    frontier = [tok]
    for _ in range(3):
        deeper: list[Token] = []
        for t in frontier:
            for prep in t.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("of", "from"):
                    continue
                for p in prep.children:
                    if p.dep_ != "pobj":
                        continue
                    ids = [index.token_actor[c.i] for c in [p, *p.conjuncts]
                           if c.i in index.token_actor]
                    if ids:
                        return list(dict.fromkeys(ids))
                    deeper.append(p)
        frontier = deeper
    return []


def _salient_organisation(index: ActorIndex, before: int) -> list[str] | None:
    """The organisation mentioned most often before `before`, when it is also the text's
    most mentioned actor or the only organisation named."""
    counts = {a.id: sum(m.start < before for m in a.mentions) for a in index.actors}
    orgs = [a for a in index.actors if a.kind == "igo" and counts[a.id]]
    if not orgs:
        return None
    best = max(orgs, key=lambda a: counts[a.id])
    top = max(counts.values())
    return [best.id] if counts[best.id] == top or len(orgs) == 1 else None


def _words(name: str) -> list[str]:
    """Tokenise a gazetteer name the way spaCy's English tokenizer splits news text."""
    from communique.nlp import load_nlp  # the tokenizer only; no pipeline run

    return [t.text for t in load_nlp().tokenizer(name)]


def _acting(token: Token) -> bool:
    """A capital or institution acts when it is a subject, possessor, agent or object,
    and is a place after a locative preposition ('in Washington')."""
    if token.dep_ == "pobj":
        prep = token.head
        if prep.lower_ == "by" or prep.lower_ == "with" or prep.lower_ == "against":
            return True
        return prep.lower_ not in LOCATIVE_PREPS and prep.lower_ != "of"
    if token.dep_ == "conj":
        return _acting(token.head)
    return token.dep_ in ACTING_DEPS


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _noun_phrase_words(noun: Token) -> str:
    """'commerce ministry' for the head 'ministry' with its compound modifiers."""
    mods = [c.lower_ for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
    return " ".join([*mods, noun.lower_])


def actor_ids_for(index: ActorIndex, tokens: Iterable[Token]) -> list[str]:
    """Distinct actor ids of the given tokens, in order."""
    out: list[str] = []
    for tok in tokens:
        actor_id = index.token_actor.get(tok.i)
        if actor_id and actor_id not in out:
            out.append(actor_id)
    return out
