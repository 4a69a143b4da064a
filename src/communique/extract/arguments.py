"""Who a clause is about: subjects, objects and references resolved to actor ids.

Shared by the event, commitment and quote extractors so that all three read the
dependency parse the same way.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right

from spacy.tokens import Doc, Token

from communique.extract.actors import (
    PRONOUNS_PERSON,
    PRONOUNS_PLURAL,
    PRONOUNS_THING,
    ActorIndex,
)
from communique.extract.text import text_of

FIRST_PERSON = frozenset({"i", "we", "our", "us", "my", "me"})
IGO_ANAPHORS = {"bloc": "igo", "alliance": "igo", "council": "igo", "union": "igo",
                "organisation": "igo", "organization": "igo",
                # "the group", "the militia": the last armed or political group named.
                "group": "group", "militia": "group", "rebels": "group", "movement": "group",
                # "Toyota ... The carmaker has committed": the last company named.
                "company": "organization", "carmaker": "organization",
                "automaker": "organization", "chipmaker": "organization",
                "firm": "organization", "manufacturer": "organization"}
# Institution nouns that, with "the", refer to the last actor named with them.
NAMED_ANAPHORS = frozenset({"ministry", "administration", "commission", "cabinet", "court",
                            "parliament", "junta", "agency", "embassy"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
TARGET_PREPS = ("with", "to", "against", "on", "at", "for", "into", "toward", "towards", "from",
                "between", "over", "of", "in", "across", "inside", "throughout", "within",
                "above", "including", "outside")
# "our partners", "its allies": nouns whose possessor is not the thing itself.
RELATIONAL_NOUNS = frozenset({"partner", "ally", "neighbour", "neighbor", "friend",
                              "counterpart", "enemy", "adversary", "rival", "opponent",
                              "critic", "supporter", "backer", "proxy", "brother"})
# Nouns that stand for what their "of" phrase names: institutions ("the government of
# Sudan") and crowds ("thousands of Georgians").
OF_PHRASE_HEADS = frozenset({"government", "ministry", "army", "military", "president",
                             "leader", "leaders", "people", "forces", "parliament", "foreign",
                             "minister", "authorities", "embassy", "delegation",
                             "representative", "navy", "thousands", "hundreds", "millions",
                             "dozens", "tens", "scores", "crowds", "troops", "soldiers",
                             "officers", "officials", "nationals", "citizens"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
BACKING_PARTICIPLES = frozenset({"link", "linked", "back", "backed", "ally", "allied", "align",
                                 "aligned", "tie", "tied", "sponsor", "sponsored", "fund",
                                 "funded", "support", "supported", "loyal"})
PERSON_NOUNS = frozenset({"journalist", "national", "citizen", "diplomat", "official", "man",
                          "woman", "worker", "student", "tourist", "businessman", "soldier"})


def conjuncts(tok: Token) -> list[Token]:
    """The token and the tokens coordinated with it ('Japan and the U.S.')."""
    out = [tok]
    for c in tok.conjuncts:
        if c not in out:
            out.append(c)
    # "Mali, Burkina Faso and Niger" is often parsed as Mali with the appositive "Burkina
    # Faso and Niger": an appositive that is itself a coordination continues the list.
    for appos in (c for c in tok.children if c.dep_ == "appos"):
        if any(c.dep_ == "cc" and c.lower_ in ("and", "or") for c in appos.children) and (
                appos.conjuncts):
            out.extend(t for t in (appos, *appos.conjuncts) if t not in out)
    return out


def actors_of(tok: Token, index: ActorIndex) -> list[str]:
    """Actor ids a noun phrase refers to: itself, a collective phrase, a pronoun, or an
    actor inside its modifiers ('the Algerian draft', 'the leaders of Japan')."""
    out: list[str] = []
    for t in conjuncts(tok):
        for actor_id in _actors_of_one(t, index):
            if actor_id not in out:
                out.append(actor_id)
        # "Chinese and American officials": the officials of each coordinated nationality.
        for amod in (c for c in t.children if c.dep_ == "amod" and c.conjuncts):
            for c in amod.conjuncts:
                actor_id = index.token_actor.get(c.i)
                if actor_id is not None and actor_id not in out and all(
                        index.code(actor_id) != index.code(a) for a in out):
                    out.append(actor_id)
    return out


# Resolution is recursive (a pronoun's antecedent may itself hold a pronoun: "NATO and its
# members"). Each token being resolved is held here until its answer is known: asking for it
# again on the way answers nothing, and the chain is cut at MAX_RESOLUTION_DEPTH, so every
# resolution ends after at most that many nested steps, whatever the text.
MAX_RESOLUTION_DEPTH = 24
_resolving = threading.local()


def _actors_of_one(tok: Token, index: ActorIndex) -> list[str]:
    active: set[int] = _resolving.__dict__.setdefault("tokens", set())
    if tok.i in active or len(active) >= MAX_RESOLUTION_DEPTH:
        return []
    active.add(tok.i)
    try:
        return _resolve_one(tok, index)
    finally:
        active.discard(tok.i)


def _resolve_one(tok: Token, index: ActorIndex) -> list[str]:
    if tok.i in index.collective:
        return list(index.collective[tok.i])
    if tok.i in index.token_actor:
        return [index.token_actor[tok.i]]
    lower = tok.lower_
    if tok.tag_ in RELATIVE_TAGS:
        # "the UAE, which his government accuses": the noun the relative clause modifies.
        clause = next((t for t in tok.ancestors if t.dep_ == "relcl"), None)
        return actors_of(clause.head, index) if clause is not None else []
    if tok.pos_ == "PRON" or (lower in DISTRIBUTIVES and tok.dep_ in SUBJECT_DEPS
                              and not list(tok.children)):
        return _resolve_pronoun(tok, index)
    if lower in NAMED_ANAPHORS and any(c.lower_ == "the" for c in tok.children) and not any(
            c.dep_ in ("amod", "compound", "poss") for c in tok.children):
        # "China's commerce ministry said ... The ministry called": the last actor whose
        # name holds the noun.
        for _, actor_id in index.actor_tokens_back(tok.i):
            if lower in index.by_id(actor_id).name.lower():
                return [actor_id]
    kind = IGO_ANAPHORS.get(lower)
    if kind and any(c.lower_ == "the" for c in tok.children):
        # "the bloc", "the council": the last organisation of that kind named before.
        for _, actor_id in index.actor_tokens_back(tok.i):
            if index.by_id(actor_id).kind == kind:
                return [actor_id]
    # Modifiers and "of" phrases: "Japan's investment", "the defense of Japan".
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i in index.token_actor:
            # "U.S. and British warplanes": the modifier with its conjuncts.
            return [index.token_actor[c.i] for c in conjuncts(child) if c.i in index.token_actor]
    if tok.lemma_.lower() in RELATIONAL_NOUNS:
        return []
    for child in tok.children:
        # "hackers linked to Russia", "militias backed by Iran": whom they act for.
        if child.dep_ == "acl" and child.lemma_.lower() in BACKING_PARTICIPLES:
            for prep in child.children:
                if prep.dep_ in ("prep", "agent") and prep.lower_ in ("to", "by", "with"):
                    for p in prep.children:
                        found = actors_of(p, index) if p.dep_ == "pobj" else []
                        if found:
                            return found
    # "gunmen from Mali", "a journalist from Turkey": people from a country.
    if tok.tag_ == "NNS" or tok.lower_ in ("gunmen", "men", "police"):
        found = _named_after(tok, ("from", "in"), index, countries_only=True)
        if found:
            return found
    if tok.tag_ == "NN" and tok.lower_ in PERSON_NOUNS:
        found = _named_after(tok, ("from",), index, countries_only=False)
        if found:
            return found
    for child in tok.children:
        if child.dep_ in ("poss",) and child.pos_ == "PRON":
            return resolve_pronoun(child, index)
    if tok.pos_ == "PROPN" or tok.lower_ in OF_PHRASE_HEADS:
        # "the Ministry of Foreign Affairs of Ukraine", "the government of Sudan".
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for p in child.children:
                    if p.dep_ == "pobj":
                        return actors_of(p, index)
    return []


def _named_after(tok: Token, preps: tuple[str, ...], index: ActorIndex,
                 countries_only: bool) -> list[str]:
    """The actor a noun's preposition names directly ('gunmen from Mali')."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for p in child.children:
                actor_id = index.token_actor.get(p.i) if p.dep_ == "pobj" else None
                if actor_id and (not countries_only or index.by_id(actor_id).kind == "country"):
                    return [actor_id]
    return []


def resolve_pronoun(tok: Token, index: ActorIndex) -> list[str]:
    """A pronoun's actors, under the same guard as every other reference."""
    return _actors_of_one(tok, index) if tok.pos_ == "PRON" else _resolve_pronoun(tok, index)


# How far back (tokens) a pronoun's antecedent is looked for: a few paragraphs. Unbounded,
# a "he" in a long text with no person named looked back through every actor token.
PRONOUN_REACH = 2_000
# "Mexico and Canada won a reprieve after each offered Washington border measures": a
# distributive subject stands for the coordinated actors before it, as "they" does.
DISTRIBUTIVES = frozenset({"each", "both"})


def _resolve_pronoun(tok: Token, index: ActorIndex) -> list[str]:
    """I/we/our inside a transcript turn or quotation -> its speaker;
    he/she -> the last person named before; they/we -> the principal pair or the last
    coordinated actors; it/its -> the last non-person actor."""
    lower = tok.lower_
    doc = tok.doc
    if lower in FIRST_PERSON:
        for start, end, ids in index.speakers:
            if start <= tok.idx < end:
                return list(ids)
        return list(index.author)
    if lower in PRONOUNS_PERSON or lower in ("his",):
        # A person who is the subject earlier in the same sentence binds the pronoun
        # ("Sudan's foreign minister had written to Lammy ... his government").
        same_sentence = list(index.actor_tokens_back(tok.i, since=tok.sent.start))[::-1]
        for i, actor_id in same_sentence:
            t = doc[i]
            if index.by_id(actor_id).kind == "person" and (
                    t.dep_ in SUBJECT_DEPS or t.head.dep_ in SUBJECT_DEPS):
                return [actor_id]
        for _, actor_id in index.actor_tokens_back(tok.i, since=max(0, tok.i - PRONOUN_REACH)):
            if index.by_id(actor_id).kind == "person":
                return [actor_id]
        return []
    if lower in PRONOUNS_PLURAL or lower == "their" or (
            lower in DISTRIBUTIVES and tok.dep_ in SUBJECT_DEPS):
        # The last subject with coordinated actors, else the principal pair.
        for j in range(tok.i - 1, max(-1, tok.i - PRONOUN_REACH - 1), -1):
            sent_tok = doc[j]
            if sent_tok.dep_ in SUBJECT_DEPS:
                ids = actors_of(sent_tok, index) if sent_tok.pos_ != "PRON" else []
                if len(ids) >= 2:
                    return ids
                break
        pair = index.principal(before=tok.idx)
        return pair
    if lower in PRONOUNS_THING or lower == "its":
        # A reporter binds "it" first ("Iraq said it had lodged"), then a noun just before.
        bound = _bound_subject(tok, index) if _reported_subject(tok) else []
        if not bound:
            bound = _nearest_antecedent(tok, index) or _bound_subject(tok, index)
        if bound:
            return bound
        for _, actor_id in index.actor_tokens_back(tok.i, since=max(0, tok.i - PRONOUN_REACH)):
            if index.by_id(actor_id).kind != "person":
                return [actor_id]
    return []


def _reported_subject(pronoun: Token) -> bool:
    return pronoun.dep_ in SUBJECT_DEPS and pronoun.head.dep_ == "ccomp"


def _nearest_antecedent(pronoun: Token, index: ActorIndex) -> list[str]:
    """'strikes on the group since it began attacking': a noun just before the pronoun,
    in the same sentence, that names an organisation, a group or a country (not the
    subject of the pronoun's own clause, which 'it' cannot be)."""
    own = next((c for c in pronoun.head.children if c.dep_ in SUBJECT_DEPS), None)
    doc = pronoun.doc
    for j in range(pronoun.i - 1, max(pronoun.sent.start, pronoun.i - 8) - 1, -1):
        t = doc[j]
        if t.pos_ not in ("NOUN", "PROPN") or t is own or t.dep_ in ("compound", "amod"):
            continue
        ids = [a for a in actors_of(t, index) if index.by_id(a).kind != "person"]
        if ids:
            return ids
    return []


def _bound_subject(pronoun: Token, index: ActorIndex) -> list[str]:
    """'Iraq said it had lodged a complaint': a pronoun subject of a reported clause is the
    reporter; otherwise the nearest earlier subject of the same sentence that is not the
    pronoun's own clause subject ('Israel left ..., after the U.S. had urged it')."""
    head = pronoun.head
    if pronoun.dep_ in SUBJECT_DEPS and head.dep_ == "ccomp":
        reporter = subject_of(head.head)
        if reporter is not None and reporter.pos_ != "PRON":
            ids = [a for a in actors_of(reporter, index) if index.by_id(a).kind != "person"]
            if ids:
                return ids
    own_subject = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
    for t in reversed(pronoun.doc[pronoun.sent.start:pronoun.i]):
        if t.dep_ in SUBJECT_DEPS and t is not own_subject and t.i in index.token_actor:
            actor_id = index.token_actor[t.i]
            if index.by_id(actor_id).kind != "person":
                return [actor_id]
    return []


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited through xcomp, conj, advcl and relative clauses."""
    seen = 0
    tok: Token | None = verb
    while tok is not None and seen < 6:
        seen += 1
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            # The nearest one: a dateline ("WASHINGTON, Jan 12 — ...") is parsed as a second.
            subj = max(subjects, key=lambda c: (c.i < tok.i, c.i if c.i < tok.i else -c.i))
            return _past_dateline(subj)
        if tok.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp", "dep") and (
                tok.head.i != tok.i):
            tok = tok.head  # "said it was ready to negotiate": through the adjective too
            continue
        if tok.dep_ == "prep" and tok.lower_ == "in" and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head  # "joined the U.S. in condemning the launch": through the "in"
            continue
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
            # "the decision of Maduro's representatives to expel": the noun's owner.
            for c in tok.head.children:
                if c.dep_ == "poss":
                    return c
                if c.dep_ == "prep" and c.lower_ == "of":
                    return next((p for p in c.children if p.dep_ == "pobj"), None)
            if tok.head.dep_ in ("dobj", "obj") and tok.head.head.pos_ == "VERB":
                # "the Council passed a resolution demanding ...": who passed it demands.
                tok = tok.head.head
                continue
        return None
    return None


# "NEW DELHI, March 14 — India and Australia signed": the place and date opening a story.
DATELINE = re.compile(r"\A\s*[A-Z][A-Z.'/\- ]+,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:—|–|--)\s*")


def dateline_end(doc: Doc) -> int:
    """Where the dateline ends (0 without one)."""
    match = DATELINE.match(text_of(doc))
    return match.end() if match else 0


def _past_dateline(subj: Token) -> Token | None:
    """A dateline parsed as the subject, with the real subject as its apposition."""
    end = dateline_end(subj.doc)
    if not end or subj.idx >= end:
        return subj
    return next((t for t in subj.subtree if t.dep_ == "appos" and t.idx >= end), None)


def passive_parts(verb: Token) -> tuple[Token | None, Token | None]:
    """(agent, patient) of a passive verb: 'resolution drafted by Algeria'."""
    patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if patient is None and any(c.dep_ == "auxpass" for c in verb.children):
        patient = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    agent = None
    for c in verb.children:
        if c.dep_ == "agent":
            agent = next((p for p in c.children if p.dep_ == "pobj"), None)
    if verb.dep_ == "acl" and patient is None:
        patient = verb.head
    return agent, patient


def object_candidates(verb: Token) -> list[Token]:
    """Objects in order of preference: direct object, dative, prepositional objects, then
    the same inside an xcomp or ccomp chain ('pledged to increase investment in the U.S.')."""
    out: list[Token] = []
    stack = [verb]
    depth = 0
    while stack and depth < 4:
        depth += 1
        tok = stack.pop(0)
        for child in tok.children:
            if child.dep_ in ("dobj", "dative", "attr", "oprd", "obj"):
                out.append(child)
                out.extend(prep_objects(child))
                # "hit Okhmatdyt, Kyiv's largest children's hospital": what it is said to be.
                out.extend(c for c in child.children if c.dep_ == "appos")
                # "ordered the strike that killed Iranian commander X": whom the deed hit.
                out.extend(g for c in child.children if c.dep_ == "relcl"
                           for g in c.children if g.dep_ in ("dobj", "obj"))
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                out.extend(_pobjs(child))
        for child in tok.children:
            if child.dep_ == "ccomp":
                # "demanded that the group stop attacking": who is asked to act.
                out.extend(c for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
        for child in tok.children:
            if child.dep_ in ("xcomp", "ccomp") or (child.dep_ == "prep" and child.lower_ == "to"):
                for g in child.children:
                    if g.dep_ == "pcomp":
                        stack.append(g)
                stack.append(child)
    return out


def _pobjs(prep: Token) -> list[Token]:
    out = []
    for c in prep.children:
        if c.dep_ == "pobj":
            out.append(c)
            out.extend(prep_objects(c))
    return out


def prep_objects(noun: Token, depth: int = 2) -> list[Token]:
    """Objects of a noun's prepositions, two levels down ('targets across areas of Yemen')."""
    out = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append(p)
                    if depth > 1:
                        out.extend(prep_objects(p, depth - 1))
    return out


def in_spans(tok: Token, spans: list[tuple[int, int]]) -> bool:
    """Whether the token starts inside one of `spans` (sorted, non-overlapping)."""
    at = bisect_right(spans, (tok.idx, float("inf"))) - 1
    return at >= 0 and spans[at][0] <= tok.idx < spans[at][1]


def sentence_of(doc: Doc, tok: Token) -> tuple[int, int]:
    sent = tok.sent
    return sent.start_char, sent.end_char


def implicit_target(sources: list[str], index: ActorIndex, trigger: Token) -> list[str]:
    """An event whose object names no actor ('dismissed the accusations') is aimed at the
    document's principal counterpart (the most mentioned other party so far), else at the
    actor who last acted in the preceding sentences."""
    source_codes = {index.code(a) for a in sources}
    doc = trigger.doc
    sent_start = trigger.sent.start
    window_start = sent_start
    for _ in range(2):
        if window_start > 0:
            window_start = doc[window_start - 1].sent.start
    for actor_id in index.principal(before=trigger.idx) + index.principal():
        if index.code(actor_id) not in source_codes:
            return [actor_id]
    for tok in reversed(doc[window_start:trigger.i]):
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.i in index.token_actor:
            actor_id = index.token_actor[tok.i]
            if index.code(actor_id) not in source_codes and index.code(actor_id) != "UNK":
                return [actor_id]
    return []
