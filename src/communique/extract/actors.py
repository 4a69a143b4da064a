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

from communique.extract.text import derived, text_of
from communique.gazetteer import ActorEntry
from communique.model import Actor, Mention
from communique.resources import lexicon

# Prepositions after which a capital or institution is a place, not a government.
LOCATIVE_PREPS = frozenset({"in", "at", "from", "to", "into", "near", "across", "outside",
                            "inside", "around", "through", "via", "toward", "towards"})
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
    "mrs", "ms", "dr", "his", "her", "its", "former", "incoming", "outgoing", "acting",
    "interim", "transitional", "chairperson", "commissioner", "speaker", "candidate",
})
ROLE_STOP = frozenset({"of", "the", "mr", "mrs", "ms", "dr", "his", "her", "its", "senior"})
# Prepositions after which a country or organisation is only where something happened
# ("ministers meeting in Luxembourg", "taken in Windhoek, Namibia", "a vote at the UN").
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across",
                         "throughout", "within"})
# What happens at a venue: a country named only as where one of these took place is a
# place ("ministers meeting in Luxembourg", "the G7 summit in Italy").
VENUE_HEADS = frozenset({"meet", "meeting", "summit", "conference", "talks", "session",
                         "gathering", "forum", "ceremony", "sign", "signing", "hold", "host",
                         "take", "convene", "gather", "vote", "one", "visit", "stop"})
# A country's troops are that country acting, not an actor of their own.
PERSONNEL_NOUNS = frozenset({"troops", "soldiers"})
# Unnamed people quoted for their role ("said a Western diplomat", "a New Delhi-based
# analyst said"): when they speak they are actors, coded by the country beside them.
SPEAKER_NOUNS = frozenset({"diplomat", "official", "analyst", "spokesman", "spokeswoman",
                           "spokesperson", "source", "aide", "adviser", "advisor", "negotiator",
                           "expert", "economist", "researcher"})


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
    # Where a code is named by words that are no mention of their own ("Nigerian" in
    # "Nigerian President Bola Tinubu"): they weigh in `principal` like mentions.
    weights: dict[str, list[int]] = field(default_factory=dict)

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
            for code, chars in self.weights.items():
                starts.setdefault(code, []).extend(chars)
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
    demonym: bool = False  # a country named by its adjective ("Nigerian President ...")
    # What the span is when its country is named nowhere else: a group or body of its own.
    fallback: _Found | None = None
    silent: bool = False  # its tokens refer to the actor, but it is no mention of its own


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
        self.speech_verbs = {str(v).lower() for v in lex["speech_verbs"]}
        self.collective_phrases = [p.split() for p in lex["collective_phrases"]]
        bodies = lex.get("collective_nouns") or {}
        self.body_nouns = {str(n).lower() for n in bodies.get("body") or []}
        self.pair_nouns = {str(n).lower() for n in bodies.get("pair") or []}
        self.state_forms = {str(n).lower() for n in lex.get("state_forms") or []}

    # ------------------------------------------------------------------ public
    def resolve(self, doc: Doc, blocked: set[int]) -> ActorIndex:
        found, named, entries_at = self._gazetteer_matches(doc, blocked)
        taken = {i for f in found for i in range(f.start, f.end)}
        quoted = _quoted_tokens(doc)
        # A capital that is a place here ("missiles hit Kyiv") is not a person either.
        found += self._persons(doc, taken | blocked | named, found, quoted)
        found = _fold_title_demonyms(doc, found)
        taken = {i for f in found for i in range(f.start, f.end)}
        found += self._organizations(doc, taken | blocked, found)
        found = self._unnamed_speakers(doc, found, entries_at, blocked)
        found = _without_places(doc, _unfold(found))
        found.sort(key=lambda f: f.start)
        index = self._build(doc, found)
        self._map_noun_heads(doc, index)
        self._collectives(doc, index)
        self._bodies(doc, index)
        self._state_forms(doc, index)
        return index

    def _state_forms(self, doc: Doc, index: ActorIndex) -> None:
        """'the Kingdom of Saudi Arabia ... The Kingdom reaffirmed': a capitalised word of a
        state's full name, said with "the", is the last actor named with it before."""
        for tok in doc:
            if tok.i in index.token_actor or not tok.is_title or (
                    tok.lower_ not in self.state_forms) or not any(
                    c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
                continue
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                continue  # "the Republic of Korea" names a state of its own
            word = tok.lower_
            named = next((actor_id for _, actor_id in index.actor_tokens_back(tok.i)
                          if word in {w.lower() for m in index.by_id(actor_id).mentions
                                      for w in m.text.split()}), None)
            if named is not None:
                index.token_actor[tok.i] = named
                mentions = index.by_id(named).mentions
                mentions.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text))
                mentions.sort(key=lambda m: m.start)

    # --------------------------------------------------------------- matching
    def _gazetteer_matches(self, doc: Doc, blocked: set[int]
                           ) -> tuple[list[_Found], set[int], dict[int, ActorEntry]]:
        """Actors the gazetteer names, every token it matched (acting or not), and the
        entry each matched token belongs to."""
        spans = []
        for match_id, start, end in self.matcher(doc):
            if any(i in blocked for i in range(start, end)) and not (
                    self.labels[doc.vocab.strings[match_id]][1] == "alias"
                    and _contains_place(blocked, start, end)):
                continue
            spans.append(Span(doc, start, end, label=match_id))
        found: list[_Found] = []
        named = {i for span in spans for i in range(span.start, span.end)}
        entries_at: dict[int, ActorEntry] = {}
        for span in spans:
            entry = self.labels[span.label_][0]
            for i in range(span.start, span.end):
                entries_at.setdefault(i, entry)
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
        return found, named, entries_at

    def _demonym(self, doc: Doc, span: Span, entry: ActorEntry) -> list[_Found]:
        """'Japanese companies' is a Japanese organisation; 'Japanese' alone names Japan;
        'Venezuelans' (a plural noun) is a group of that country when it acts, and that
        country otherwise ('visas for Georgian citizens'); 'Israeli troops' are Israel;
        'French miner Eramet' is the company Eramet."""
        head = span.root
        country = _Found(span.start, span.end, (entry.code, entry.name), entry.kind,
                         country_mention=entry.kind == "country", demonym=True)
        if head.pos_ in ("NOUN", "PROPN") and head.tag_ in ("NNS", "NNPS") and head.dep_ != "amod" \
                and span.end - span.start == 1 and head.head.i != head.i \
                and head.head.lower_ not in self.group_nouns | self.org_nouns:
            group = _Found(span.start, span.end, (entry.code, span.text), "group")
            if entry.kind == "country" and not _acts(head):
                country.fallback = group
                return [country]
            return [group]
        noun = head.head if head.dep_ in ("amod", "compound", "nmod") else None
        if noun is not None and noun.i > head.i:
            phrase = _noun_phrase_words(noun)
            if noun.lower_ in self.org_nouns or phrase in self.org_nouns:
                kind = "organization"
            elif noun.lower_ in self.group_nouns:
                kind = "group"
            else:
                kind = ""
            if kind and entry.kind == "country" and (
                    noun.lower_ in PERSONNEL_NOUNS or (kind == "group" and not _acts(noun))):
                country.fallback = _Found(span.start, noun.i + 1,
                                          (entry.code, doc[span.start:noun.i + 1].text), kind)
                return [country]
            if kind and entry.kind == "country":
                name_end = _named_after(doc, noun) if kind == "organization" else None
                if name_end is not None:
                    # "French miner Eramet": the descriptor tells whose; the name is its own.
                    name = _strip_the(doc[noun.i + 1:name_end].text)
                    return [_Found(span.start, name_end, (entry.code, name), kind)]
                end = noun.i + 1
                name = doc[span.start:end].text
                return [_Found(span.start, end, (entry.code, name), kind)]
        return [country]

    def _person_spans(self, doc: Doc) -> list[Span]:
        """PERSON entities, with a name the model split joined again ("Brice Clotaire" +
        "Oligui" + "Nguema"): capitalised proper nouns chained by compound links."""
        out: list[Span] = []
        end_of_last = -1
        for ent in doc.ents:
            if ent.label_ != "PERSON" or ent.start < end_of_last:
                continue
            end = ent.end
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title \
                    and doc[end].ent_type_ in ("", "PERSON") \
                    and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i >= end:
                end += 1
            if end > ent.end and doc[end - 1].ent_type_ == "PERSON":
                # Run on to the end of the entity that was joined.
                while end < len(doc) and doc[end].ent_iob_ == "I":
                    end += 1
            out.append(doc[ent.start:end])
            end_of_last = end
        return out

    def _not_a_person(self, doc: Doc, ent: Span) -> bool:
        """Names the model tags as people that name none: a bare title ("Incoming
        Chairperson"), a name that modifies a thing ("Patriot systems", "Ofer prison"), a
        name after "the" ("to the Bürgenstock")."""
        words = [t.lower_ for t in ent if not t.is_punct]
        if words and all(w in TITLE_WORDS for w in words):
            return True
        root = ent.root
        head = root.head
        if root.dep_ == "compound" and head.i >= ent.end and head.pos_ == "NOUN" \
                and head.is_lower and head.lower_ not in self.org_nouns | self.group_nouns \
                and head.lower_ not in TITLE_WORDS:
            return True
        return ent.start > 0 and doc[ent.start - 1].lower_ == "the" and not any(
            t.lower_ in TITLE_WORDS for t in ent)

    def _persons(self, doc: Doc, taken: set[int], found: list[_Found],
                 quoted: set[int]) -> list[_Found]:
        out: list[_Found] = []
        # Indexes kept up to date as persons are found, so that each name costs the same
        # however long the text (a map rebuilt per name made a 5 MB text take minutes).
        people = _People([f for f in found if f.kind == "person"])
        by_token = {i: f for f in found for i in range(f.start, f.end)}
        context = _Context(doc, found, quoted)

        def add(person: _Found) -> None:
            out.append(person)
            people.add(person)
            for i in range(person.start, person.end):
                by_token[i] = person
            context.add(person)

        for ent in self._person_spans(doc):
            if any(i in taken for i in range(ent.start, ent.end)):
                continue
            name = ent.text.removesuffix("'s").removesuffix("’s").strip()
            if not name or not name[0].isupper() or name.lower() in self.not_persons or any(
                    t.lower_ in self.statement_nouns for t in ent):
                continue  # "QUESTION:", "Joint Statement by ..." are not people
            if self._not_a_person(doc, ent):
                continue
            prior = people.prior(name)
            code, role = self._person_context(doc, ent, by_token)
            if prior is not None and (code is None or code == prior.key[0]):
                add(_Found(ent.start, ent.end, prior.key, "person", role=prior.role))
                continue
            if name in self.place_names and code is None and role is None:
                continue
            kind = "person"
            last = role.lower().split()[-1] if role else ""
            if last in self.org_nouns and last not in TITLE_WORDS:
                kind = "organization"  # "U.S. chipmaker Micron", not "Government spokesman"
            elif code is None and role is not None:
                code = context.code(ent)
            add(_Found(ent.start, ent.end, (code or "UNK", name), kind, role=role))
        return out

    def _unnamed_speakers(self, doc: Doc, found: list[_Found], entries_at: dict[int, ActorEntry],
                          blocked: set[int]) -> list[_Found]:
        """'said a Western diplomat', 'a senior Emirati official said', 'the Kremlin
        spokesman said': an unnamed person who speaks is an actor, coded by the country or
        body in the words before the role ('Emirati', 'New Delhi-based'), else UNK; 'the
        diplomat' said later is the same person."""
        by_token = {i: f for f in found for i in range(f.start, f.end)}
        out = list(found)
        earlier: dict[str, tuple[str, str]] = {}
        for tok in doc:
            if tok.lower_ not in SPEAKER_NOUNS or tok.tag_ != "NN" or tok.dep_ != "nsubj" \
                    or tok.head.lemma_.lower() not in self.speech_verbs:
                continue
            if tok.i in by_token or tok.i in blocked or any(
                    c.dep_ in ("poss", "appos") for c in tok.children) or any(
                    t.ent_type_ == "PERSON" for t in tok.subtree):
                continue  # "its spokesperson, Randhir Jaiswal" is Jaiswal
            left = {t.i for t in tok.subtree if t.i < tok.i}
            start = tok.i
            while start - 1 in left:
                start -= 1
            while start < tok.i and doc[start].dep_ in ("det", "punct", "poss"):
                start += 1
            if start == tok.i:
                key = earlier.get(tok.lower_)
                if key is not None and any(c.lower_ == "the" for c in tok.children):
                    out.append(_Found(tok.i, tok.i + 1, key, "person", role=tok.lower_))
                continue
            code = "UNK"
            absorbed: list[_Found] = []
            for i in range(start, tok.i):
                f = by_token.get(i)
                if f is not None and f.kind != "person":
                    code = f.key[0]
                    if f.demonym and f.start >= start:
                        absorbed.append(f)
                    break
                entry = entries_at.get(i)
                if entry is not None and entry.kind != "person":
                    code = entry.code
                    break
            if any(i in by_token and by_token[i] not in absorbed for i in range(start, tok.i)):
                continue
            key = (code, doc[start:tok.i + 1].text)
            earlier[tok.lower_] = key
            out = [f for f in out if f not in absorbed]
            out.append(_Found(start, tok.i + 1, key, "person", role=tok.lower_))
        return out

    def _person_context(self, doc: Doc, ent: Span,
                        by_token: dict[int, _Found]) -> tuple[str | None, str | None]:
        """The code and role written around a name: 'Japanese Prime Minister X',
        'China's ambassador, X', 'X, Algeria's envoy'. `by_token`: the actors found so
        far, by token."""
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
                                             and tok.dep_ in ("compound", "amod")) or (
                    # "parliament speaker Nabih Berri", "U.S. chipmaker Micron"
                    tok.dep_ in ("compound", "amod") and tok.pos_ in ("NOUN", "ADJ")
                    and _modifies(tok, ent.start, ent.end)):
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
                continue
            owner = _owner_before(doc, ent, by_token, self.org_nouns) if not inner else None
            if owner is not None:
                # "South Korea's Hyundai Rotem", "U.S. chipmaker Micron": the company's
                # country is the one its descriptor names.
                out.append(_Found(ent.start, ent.end, (owner, _strip_the(ent.text)),
                                  "organization"))
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
            for i in range(f.start, f.end):
                index.token_actor[i] = actor_id
            if f.silent:
                index.weights.setdefault(key[0], []).append(span.start_char)
                continue
            actor.mentions.append(Mention(span.start_char, span.end_char, span.text))
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


def _mention_starts(actor: Actor) -> list[int]:
    """An actor's mention offsets, sorted."""
    return derived("mention starts", actor, len(actor.mentions),
                   lambda: sorted(m.start for m in actor.mentions))


def _salient_organisation(index: ActorIndex, before: int) -> list[str] | None:
    """The organisation mentioned most often before `before`, when it is also the text's
    most mentioned actor or the only organisation named."""
    from bisect import bisect_left

    counts = {a.id: bisect_left(_mention_starts(a), before) for a in index.actors}
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


def _quoted_tokens(doc: Doc) -> set[int]:
    """Token indices inside quotation marks."""
    from communique.extract.quotes import find_quote_spans  # quotes imports this module

    out: set[int] = set()
    for s, e in find_quote_spans(text_of(doc)):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _contains_place(blocked: set[int], start: int, end: int) -> bool:
    """A name that holds a place inside it ("Africa Corps", "Gulf Cooperation Council")
    is the longer name: the place lies strictly within it."""
    inside = [i for i in range(start, end) if i in blocked]
    return bool(inside) and len(inside) < end - start and start - 1 not in blocked \
        and end not in blocked


def _modifies(tok: Token, start: int, end: int) -> bool:
    """The token premodifies the name doc[start:end] ("parliament speaker Nabih Berri"):
    its head chain runs rightwards into the name."""
    head = tok
    for _ in range(6):
        if head.head.i <= head.i:
            return False
        head = head.head
        if start <= head.i < end:
            return True
        if head.i >= end:
            return False
    return False


def _acts(tok: Token) -> bool:
    """A noun that does something: a subject, an agent, a source ('according to ...')."""
    if tok.dep_ in ("nsubj", "csubj"):
        return True
    if tok.dep_ == "pobj":
        prep = tok.head
        return prep.lower_ == "by" or (prep.lower_ == "to" and prep.head.lower_ == "according")
    if tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        return _acts(tok.head)
    return False


def _named_after(doc: Doc, noun: Token) -> int | None:
    """End of the proper name a descriptor noun stands before ("miner Eramet",
    "insurer Korea Trade Insurance Corp"), or None."""
    nxt = noun.i + 1
    head = noun.head
    if noun.dep_ not in ("compound", "appos") or head.i < nxt or nxt >= len(doc):
        return None
    if any(doc[i].pos_ != "PROPN" for i in range(nxt, head.i + 1)):
        return None
    end = head.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end - 1].ent_type_:
        end += 1
    return end


class _People:
    """The persons named so far, indexed to answer `prior` without scanning every mention."""

    def __init__(self, known: list[_Found]) -> None:
        self._by_surname: dict[str, _Found] = {}
        self._by_key: dict[tuple[str, str], _Found] = {}
        for person in known:
            self.add(person)

    def add(self, person: _Found) -> None:
        self._by_surname[person.key[1].split()[-1].lower()] = person  # the latest mention
        self._by_key.pop(person.key, None)
        self._by_key[person.key] = person

    def prior(self, name: str) -> _Found | None:
        """The person an earlier mention names in full: the same surname ('MR MILLER'
        after 'Matthew Miller'), or a part of one name only ('Mao' after 'Mao Ning',
        'Oligui' after 'Brice Clotaire Oligui Nguema', 'Dmytro' after 'Dmytro Kuleba')."""
        words = [w.lower() for w in name.split()]
        same = self._by_surname.get(words[-1])
        if same is not None:
            return same
        n = len(words)
        matches = []
        for key, person in reversed(self._by_key.items()):
            full = [w.lower() for w in key[1].split()]
            if len(full) > n and any(full[i:i + n] == words for i in range(len(full) - n + 1)):
                matches.append(person)
        return matches[0] if len(matches) == 1 else None


# How far back `_Context.code` looks for a coded actor in the same paragraph: a text
# without paragraph breaks must not make every titled name scan the whole text.
_CONTEXT_WINDOW = 2000


class _Context:
    """The country of a titled person the text ties to none by grammar ('President Ali
    Bongo Ondimba', 'Government spokesman Olivier Véran', 'parliament speaker Nabih
    Berri'): the nearest country or national body before the name in its sentence, else the
    first after it; else the nearest coded actor earlier in the paragraph; else the
    dateline's country; else the country the text names most. Quotations and places
    ('troops in Gabon') do not count. Actors are indexed by their first token, and the
    document-wide answers computed once."""

    def __init__(self, doc: Doc, found: list[_Found], quoted: set[int]) -> None:
        self._doc = doc
        self._quoted = quoted
        self._at: dict[int, list[_Found]] = {}
        for f in found:
            self.add(f)
        counts: dict[str, int] = {}
        for f in found:
            if f.kind == "country":
                counts[f.key[0]] = counts.get(f.key[0], 0) + 1
        self._most_named = max(counts, key=lambda c: counts[c]) if counts else None
        self._home: str | bool | None = False  # not yet looked up

    def add(self, found: _Found) -> None:
        self._at.setdefault(found.start, []).append(found)

    def _coded(self, f: _Found) -> bool:
        return len(f.key[0]) == 3 and f.key[0] != "UNK" and f.start not in self._quoted \
            and not _place_like(self._doc[f.start:f.end].root)

    def code(self, ent: Span) -> str | None:
        doc, sent = self._doc, ent.sent
        for i in range(ent.start - 1, sent.start - 1, -1):  # nearest before, same sentence
            hit = [f for f in self._at.get(i, ()) if f.end <= ent.start
                   and f.kind != "person" and self._coded(f)]
            if hit:
                return hit[0].key[0]
        for i in range(ent.end, sent.end):  # else the first after it
            hit = [f for f in self._at.get(i, ()) if f.kind != "person" and self._coded(f)]
            if hit:
                return hit[0].key[0]
        text = text_of(doc)
        para = text.rfind("\n", 0, ent.start_char) + 1
        for i in range(ent.start - 1, max(ent.start - _CONTEXT_WINDOW, 0) - 1, -1):
            if doc[i].idx < para:
                break
            hit = [f for f in self._at.get(i, ()) if f.end <= ent.start and self._coded(f)]
            if hit:
                return hit[0].key[0]
        if self._home is False:
            self._home = dateline_country(text)
        if self._home:
            return str(self._home)
        return self._most_named


def _fold_title_demonyms(doc: Doc, found: list[_Found]) -> list[_Found]:
    """'Nigerian President Bola Tinubu': the adjective says whose president the person is
    and names no country actor of its own: it is a mention of the person."""
    by_end = {f.end: f for f in found if f.demonym}
    taken = {i for f in found for i in range(f.start, f.end)}
    for person in found:
        if person.kind != "person":
            continue
        i = person.start
        while i > 0 and i - 1 not in taken and (doc[i - 1].lower_ in TITLE_WORDS or (
                doc[i - 1].dep_ in ("compound", "amod")
                and _modifies(doc[i - 1], person.start, person.end))):
            i -= 1
        adjective = by_end.get(i)
        if adjective is None or not _modifies(doc[adjective.end - 1], i, person.end):
            continue
        # Its tokens refer to the person, and it still counts for the country's weight.
        adjective.key, adjective.kind, adjective.role = person.key, "person", person.role
        adjective.demonym = adjective.country_mention = False
        adjective.silent = True
    return found


def _place_like(tok: Token, depth: int = 0) -> bool:
    """Named only as the venue of a meeting, summit, signing or decision ('ministers
    meeting in Luxembourg', 'a decision taken in Windhoek, Namibia', 'In Barbados, the two
    sides agreed ...'), or beside such a place. Not 'struck targets in Syria': a country
    where something is done to it stays an actor."""
    if tok.dep_ in ("appos", "conj") and tok.head.i != tok.i and depth < 3:
        return _place_like(tok.head, depth + 1)
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ not in PLACE_PREPS:
        return False
    owner = prep.head
    if prep.i == prep.sent.start or (prep.i == prep.sent.start + 1 and doc_start_word(prep)):
        return True  # "In Barbados on October 17, ... committed"
    for _ in range(2):
        if owner.lemma_.lower() in VENUE_HEADS or owner.lower_ in VENUE_HEADS:
            return True
        if owner.dep_ not in ("appos", "acl", "relcl") or owner.head.i == owner.i:
            break
        owner = owner.head
    return False


def doc_start_word(prep: Token) -> bool:
    """A sentence opening with a quote mark or dash before its first word."""
    return prep.nbor(-1).is_punct


def _without_places(doc: Doc, found: list[_Found]) -> list[_Found]:
    """A country or international body that the text names only as a place is a
    location, not an actor ('foreign ministers meeting in Luxembourg')."""
    groups: dict[tuple[str, str], list[_Found]] = {}
    for f in found:
        if f.kind in ("country", "igo"):
            groups.setdefault(f.key, []).append(f)
    placed = {key for key, fs in groups.items()
              if all(_place_like(doc[f.start:f.end].root) for f in fs)}
    return [f for f in found if not (f.kind in ("country", "igo") and f.key in placed)]


def dateline_country(text: str) -> str | None:
    """The country of a wire's dateline city ("WARSAW, Aug 1 — ...")."""
    from communique.extract.locations import DATELINE, city_table

    m = DATELINE.match(text)
    if not m:
        return None
    city = city_table().get(m.group(1).split("/")[0].strip().title())
    return city.country if city is not None else None


def _owner_before(doc: Doc, ent: Span, by_token: dict[int, _Found],
                  descriptors: set[str]) -> str | None:
    """The country of a name's possessor or descriptor: 'South Korea's Hyundai Rotem',
    'U.S. chipmaker Micron'; not a bare adjective ('Russian LNG')."""
    i = ent.start - 1
    described = False
    while i >= 0:
        tok = doc[i]
        f = by_token.get(i)
        if f is not None:
            last = doc[f.end - 1]
            owned = last.dep_ == "poss" and _modifies(last, ent.start, ent.end)
            linked = owned or (described and _modifies(last, ent.start, ent.end))
            return f.key[0] if f.kind == "country" and linked else None
        if tok.text in ("'s", "’s") or (tok.dep_ in ("compound", "amod")
                                       and _modifies(tok, ent.start, ent.end)):
            described = described or tok.lower_ in descriptors
            i -= 1
            continue
        return None
    return None


def _unfold(found: list[_Found]) -> list[_Found]:
    """'Japanese citizens' is Japan where the text names Japan; where it does not, the
    phrase is a group of its own rather than a country the text never names."""
    named = {f.key for f in found if f.fallback is None}
    return [f if f.fallback is None or f.key in named else f.fallback for f in found]
