"""Events: verbs and nouns of the event lexicon, coded PLOVER + CAMEO, with source and
target actors from the dependency parse. Negated and hypothetical statements go to
`non_events` with the reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from communique.extract.actors import ActorIndex
from communique.extract.arguments import (
    DISTRIBUTIVES,
    actors_of,
    implicit_target,
    in_spans,
    object_candidates,
    passive_parts,
    prep_objects,
    subject_of,
)
from communique.extract.text import dates_between
from communique.model import Actor, Amount, DateRef, Event, Mention, NonEvent, Span
from communique.resources import event_lexicon

SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# Verbal reactions to what others did: "the decision", "the move" never refer to them.
REACTIONS = frozenset({"ACCUSE", "THREATEN", "REQUEST", "SUPPORT", "REJECT", "PROTEST"})
# The general CAMEO code of each PLOVER type, for verbs whose object changes the type
# ("ordered troops" is MOBILIZE 150, not the REQUEST 020 of "ordered").
TYPE_CAMEO = {"AGREE": "030", "CONSULT": "040", "SUPPORT": "051", "CONCEDE": "080",
              "COOPERATE": "060", "AID": "070", "RETREAT": "0874", "REQUEST": "020",
              "ACCUSE": "112", "REJECT": "120", "THREATEN": "130", "PROTEST": "140",
              "SANCTION": "163", "MOBILIZE": "150", "COERCE": "170", "ASSAULT": "190"}
# Acts a government or group can do to others of its own country ("police fired tear gas at
# protesters", "officers detained the president's son"): a target of the same country is kept
# when neither side is the country itself.
DOMESTIC_TYPES = frozenset({"COERCE", "ASSAULT", "PROTEST"})
CONDITION_MARKS = frozenset({"if", "unless", "whether"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# Promises and offers are made to someone else, never to the promiser's own members.
PROMISE_CODES = frozenset({"031", "032", "033", "034", "035", "036"})
REPORTED_VERBS = frozenset({"suspect", "allege", "rumour", "rumor", "claim"})
# Verbs that only carry out the event their object names ("carried out strikes").
NOUN_LIGHT_VERBS = frozenset({"carry", "conduct", "launch", "stage", "mount", "announce",
                              "impose", "order", "begin", "unleash", "intensify", "step",
                              "complete", "finish", "start", "resume", "extend", "expand",
                              "hold", "pay", "make", "issue", "reach", "sign", "conclude",
                              "express", "voice", "convey", "give", "provide", "deliver", "send",
                              "approve", "lodge", "file", "participate", "join"})


@dataclass(frozen=True)
class Coding:
    type: str
    cameo: str


# Where an object-typed verb finds the words that refine it.
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "obj", "oprd", "acomp", "ccomp"})
OBJECT_PREPS = frozenset({"on", "against", "to", "at", "from", "as"})


def _coding(entry: dict[str, Any], verb: Token) -> Coding | None:
    """The verb's type and CAMEO code, refined by its object, subject or preposition."""
    objects: dict[str, str] = entry.get("objects") or {}
    # The verb's objects, then a complement's subject ("allowed inspectors from the IAEA
    # to visit").
    candidates = [c for c in verb.children if c.dep_ in OBJECT_DEPS or (
        c.dep_ == "prep" and c.lower_ in OBJECT_PREPS)] if objects else []
    candidates += [g for c in verb.children if c.dep_ in ("ccomp", "xcomp") and objects
                   for g in c.children if g.dep_ == "nsubj"]
    for child in candidates:
        for word in _object_words(child):
            if word in objects:
                kind = objects[word]
                if kind == "NONE":
                    return None  # "sent the wrong signal"
                if isinstance(kind, list):
                    return Coding(kind[0], kind[1])  # a code of its own ("atrocities")
                cameo = entry["cameo"] if kind == entry["type"] else TYPE_CAMEO[kind]
                return Coding(kind, cameo)
    subjects: dict[str, Any] = entry.get("subjects") or {}
    for c in verb.children:
        kind = subjects.get(c.lemma_.lower()) if c.dep_ == "nsubj" else None
        if isinstance(kind, list):
            return Coding(kind[0], kind[1])  # "hackers attacked the grid": a cyber attack
        if kind:
            # "protesters stormed the embassy" is a violent protest, not an assault.
            return Coding(kind, entry.get("subject_cameo", TYPE_CAMEO[kind]))
    preps: dict[str, list[str]] = entry.get("with_prep") or {}
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            kind, cameo = preps[c.lower_]
            return Coding(kind, cameo)  # "welcomed Putin to Ulaanbaatar": hosting
    weapons = set(entry.get("weapon_subjects") or ())
    if weapons and any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in weapons
                       for c in verb.children):
        return Coding(entry["type"], entry["cameo"])  # "a Russian missile hit the hospital"
    if entry.get("only_objects"):
        return None
    return Coding(entry["type"], entry["cameo"])


def _object_words(obj: Token) -> list[str]:
    """The words an object-typed verb looks at, most telling first: modifiers ('chemical
    attack', 'atomic bombs'), the head, then what a quantity counts ('hundreds of
    thousands of refugees')."""
    words = [g.lower_ for g in obj.children if g.dep_ in ("amod", "compound")]
    words += [obj.lower_, obj.lemma_.lower()]
    words += [g.lower_ for g in obj.children if g.dep_ == "pobj"]
    tok = obj
    for _ in range(2):
        of = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for p in c.children if p.dep_ == "pobj"), None)
        if of is None or not (tok.like_num or tok.lower_ in QUANTITY_WORDS):
            break
        words += [of.lower_, of.lemma_.lower()]
        tok = of
    return list(dict.fromkeys(words))


# Nouns whose "of" phrase says what they are: quantities ("hundreds of refugees") and
# frames ("a state of emergency", "a round of talks").
QUANTITY_WORDS = frozenset({"hundreds", "thousands", "tens", "dozens", "scores", "millions",
                            "hundred", "thousand", "million", "number", "group", "batch",
                            "state", "level", "round", "series", "wave", "kind", "campaign"})


def _has_future_modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll")
               for c in verb.children)


def _names_wrong(verb: Token, words: set[str]) -> bool:
    """'called the visit a provocation', 'described the strike as a war crime'."""
    subj = subject_of(verb)
    for tok in verb.subtree:
        if tok.i == verb.i or (subj is not None and tok in subj.subtree):
            continue
        if tok.lower_ in words or tok.lemma_.lower() in words:
            return True
    return False


def _requested(tok: Token, lex: dict[str, Any]) -> bool:
    """The complement of a request: 'urged X to agree', 'called on X to provide',
    'demanded that X withdraw' (not 'called the visit a provocation when X sent')."""
    head = tok.head
    if head.i == tok.i or head.lemma_ not in lex.get("requesting_verbs", ()):
        return False
    if tok.dep_ == "advcl" and not any(c.dep_ == "aux" and c.lower_ == "to"
                                       for c in tok.children):
        return False
    if tok.dep_ not in ("xcomp", "advcl", "ccomp"):
        return False
    if tok.dep_ == "ccomp" and (tok.i < head.i or tok.tag_ in ("VBD", "VBZ") or any(
            c.dep_ in ("aux", "auxpass") and (c.tag_ in ("VBD", "VBZ", "VBP")
                                              or c.lower_ in ("will", "would"))
            for c in tok.children)):
        # Reported, not requested: "Japan pledged to invest, Ishiba told Trump"; "told
        # reporters that Japan agreed"; "told Biden that investment would climb" (a
        # request's clause is bare: "demanded that X go").
        return False
    needed = lex["verbs"].get(head.lemma_, {}).get("requires_prep")
    return not needed or has_required_prep(head, needed)


def _announced_intent(verb: Token, sources: list[str], index: ActorIndex,
                      lex: dict[str, Any]) -> bool:
    """'France said it would provide 110 million euros': a future act its doer announces
    (a will/would clause under an announcing verb whose subject is the doer)."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in set(
            lex.get("announcing_verbs") or ()):
        return False
    if not any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in verb.children):
        return False
    if any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children):
        return False  # "said it would not send troops": no promise to act
    if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in verb.children) or any(
            c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKS
                                      for g in c.children) for c in verb.children):
        return False  # "said it would retaliate if attacked": a condition
    speaker = subject_of(verb.head)
    return speaker is not None and bool(set(actors_of(speaker, index)) & set(sources))


def _inverted_condition(clause: Token) -> bool:
    """'Should the world fail to respond, ...', 'Were Iran to retaliate, ...': a condition
    written with the auxiliary before its subject."""
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("should", "were", "had") and c.i < subject.i
        for c in clause.children)


def cancelled_reason(verb: Token, allow_modal: bool = False) -> str | None:
    """Why a statement is not an event: negated, hypothetical or denied."""
    lex = event_lexicon()
    modals = set(lex["hypothetical_modals"])
    tok: Token | None = verb
    hops = 0
    while tok is not None and hops < 4:
        for child in tok.children:
            if child.dep_ == "neg" or child.lower_ in ("never", "nor", "neither"):
                return "negated"
            if child.dep_ == "aux" and child.lower_ in modals and not allow_modal:
                return "hypothetical"
            if child.dep_ == "mark" and child.lower_ in CONDITION_MARKS:
                return "hypothetical"
            if child.dep_ == "advcl" and (_inverted_condition(child) or any(
                    g.dep_ == "mark" and g.lower_ in CONDITION_MARKS for g in child.children)):
                return "hypothetical"
        if tok is not verb and tok.lemma_ in lex["cancelling_verbs"]:
            return "denied" if tok.lemma_ == "deny" else "negated"
        if tok is not verb and tok.lemma_ in REPORTED_VERBS:
            return "hypothetical"
        if _requested(tok, lex):
            return "hypothetical"  # "urged the army to agree": asked for, not done
        if tok.dep_ == "acl" and tok.head.lemma_.lower() in lex.get("unrealised_nouns", ()):
            return "hypothetical"  # "Iran's ability to arm its proxies"
        if tok.dep_ == "conj" and tok.tag_ in FINITE_TAGS and tok.head.tag_ not in FINITE_TAGS:
            # "would not send troops ... and criticised the plan": a finite verb starts a
            # clause of its own; it does not share the first verb's modal or negation.
            break
        if tok.dep_ in ("xcomp", "conj") and tok.head.i != tok.i:
            tok = tok.head
            hops += 1
            continue
        break
    return None


def _verb_entry(tok: Token, lex: dict[str, Any]) -> dict[str, Any] | None:
    """The lexicon entry of a verb: its phrasal form ('back down') first, then its lemma."""
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("prt", "prep"):
            # "backed down"; "looked into China's operations" (a particle parsed as a
            # preposition)
            phrasal = (lex.get("phrasal") or {}).get(f"{lemma} {child.lower_}")
            if phrasal is not None and (child.dep_ == "prt" or phrasal.get("prep_ok")):
                return phrasal
    return lex["verbs"].get(lemma)


def has_required_prep(verb: Token, preps: list[str]) -> bool:
    """'called on Kenya', 'spoke with Yoon'; not 'called the visit a provocation and, on
    Dec. 28, ordered': a time phrase does not count."""
    for c in verb.children:
        if c.dep_ == "prt" and c.lower_ in preps:
            return True
        if c.dep_ == "prep" and c.lower_ in preps and not any(
                g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in c.children):
            return True
    return False


def has_amount_object(tok: Token, amounts: list[Amount]) -> bool:
    """A sum of money among the verb's objects ('Germany added €125 million')."""
    for child in tok.children:
        if child.dep_ in ("dobj", "obj", "attr"):
            sub = list(child.subtree)
            start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            if any(start <= a.start < end for a in amounts):
                return True
    return False


def _coded_verb(tok: Token, lex: dict[str, Any], amounts: list[Amount]) -> Coding | None:
    entry = _verb_entry(tok, lex)
    if entry is None:
        return None
    if entry.get("only_amounts") and not has_amount_object(tok, amounts):
        return None
    money = entry.get("amount_type")
    if money and has_amount_object(tok, amounts):
        return Coding(money[0], money[1])  # "pledged €300 million": aid, not an agreement
    coding = _coding(entry, tok)
    if coding is None:
        return None
    if entry.get("requires_prep") and not has_required_prep(tok, entry["requires_prep"]):
        return None
    if entry.get("modal_only") and not _has_future_modal(tok):
        return None
    if entry.get("requires_xcomp") and not any(c.dep_ == "xcomp" for c in tok.children):
        return None  # "told Lebanese not to go back", not "told reporters"
    if entry.get("requires_clause") and not any(c.dep_ == "ccomp" for c in tok.children):
        return None  # "insisted that X withdraw", not "insisted on its innocence"
    return intent_coding(tok, coding, lex) or coding


def intent_coding(tok: Token, coding: Coding, lex: dict[str, Any]) -> Coding | None:
    """'vowed to support Venezuela', 'was ready to negotiate with Egypt', 'agreed to hold
    talks': an act promised or offered, not done, is an intent to act (CAMEO 03), or a
    threat when the act is hostile (CAMEO 13). None when `tok` is not such a complement."""
    head = tok.head
    if tok.dep_ != "xcomp" or head.i == tok.i or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return None
    intending = set(lex.get("intending_verbs") or ())
    adjectives = set(lex.get("intending_adjectives") or ())
    if not (head.lemma_.lower() in intending or (
            head.lower_ in adjectives and head.dep_ in ("acomp", "amod", "oprd"))):
        return None
    intents: dict[str, list[str]] = lex.get("intent_codes") or {}
    kind, cameo = intents.get(coding.type, ["AGREE", "030"])
    if head.lemma_.lower() == "threaten" and kind != "THREATEN":
        kind, cameo = "THREATEN", "130"  # "threatened to withdraw its support": a threat
    return Coding(kind, cameo)


def extract_events(doc: Doc, index: ActorIndex, dates: list[DateRef],
                   quote_spans: list[tuple[int, int]], default_date: str | None,
                   amounts: list[Amount] | None = None,
                   place_country: dict[int, str] | None = None,
                   ) -> tuple[list[Event], list[NonEvent]]:
    lex = event_lexicon()
    verbs: dict[str, Any] = lex["verbs"]
    nouns: dict[str, Any] = lex["nouns"]
    adjectives: dict[str, Any] = lex.get("adjectives") or {}
    naming: dict[str, Any] = lex.get("naming_verbs") or {}
    naming_words = set(lex.get("naming_words") or [])
    theme_verbs = set(lex.get("theme_verbs") or [])
    place_types = set(lex.get("place_target_types") or [])
    domestic = set(lex.get("domestic_objects") or [])
    doers = set(lex.get("domestic_doers") or [])
    measures = frozenset(lex.get("measure_nouns") or [])
    amounts = amounts or []
    place_country = place_country or {}
    events: list[Event] = []
    non_events: list[NonEvent] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        coding: Coding | None = None
        governor: Token | None = None
        if tok.pos_ == "VERB":
            coding = _coded_verb(tok, lex, amounts)
            if coding is None and lemma in naming and _names_wrong(tok, naming_words):
                coding = Coding(naming[lemma]["type"], naming[lemma]["cameo"])
            if coding is None:
                continue
            sources, targets = _verb_arguments(tok, index, lemma in theme_verbs, measures)
            if tok.dep_ == "pcomp" and tok.head.lower_ == "in" and (
                    tok.head.head.lemma_.lower() == "join"):
                # "Australia joined the United States in condemning the launch": both did.
                sources += [a for c in tok.head.head.children if c.dep_ in ("dobj", "obj")
                            for a in actors_of(c, index) if a not in sources]
        elif tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in nouns:
            entry = nouns[tok.lower_]
            governor = light_governor(tok)
            light = entry.get("light")
            between = any(c.dep_ == "prep" and c.lower_ in ("between", "among")
                          for c in tok.children)
            if light and not between and (
                    governor is None or governor.lemma_.lower() not in light):
                continue  # "expressed concern", not "the concern is"; "a truce between X and Y"
            coding = Coding(entry["type"], entry["cameo"])
            joint = entry.get("joint")
            is_joint = any(c.lower_ in ("joint", "jointly") for c in tok.children)
            if entry.get("joint_only") and not is_joint:
                continue  # "a joint venture", not "the project"
            if joint and is_joint:
                coding = Coding(joint["type"], joint["cameo"])  # "joint drills with X"
            if governor is not None:
                coding = intent_coding(governor, coding, lex) or coding
                own = _coded_verb(governor, lex, amounts) if governor.pos_ == "VERB" else None
                if own is not None and own.type == coding.type:
                    continue  # "signed the agreement": the verb is the event already
            sources, targets = _noun_arguments(tok, index, governor if light else None)
        elif tok.pos_ == "ADJ" and tok.lower_ in adjectives and tok.dep_ in ("acomp", "oprd"):
            # "Ukraine is grateful to Germany", "Japan was deeply concerned about China's
            # drills": a stance stated with a predicate adjective.
            entry = adjectives[tok.lower_]
            coding = Coding(entry["type"], entry["cameo"])
            governor = tok.head
            subj = subject_of(governor)
            sources = actors_of(subj, index) if subj is not None else []
            targets = []
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in entry.get("preps", ()):
                    for p in prep.children:
                        if p.dep_ == "pobj":
                            targets += [a for obj in (p, *prep_objects(p))
                                        for a in actors_of(obj, index) if a not in targets]
        else:
            continue
        entry_flags = (_verb_entry(tok, lex) or {}) if tok.pos_ == "VERB" else {}
        actor_object = entry_flags and any(
            actors_of(c, index) for c in tok.children if c.dep_ in ("dobj", "obj"))
        if entry_flags.get("actor_object") and not actor_object:
            continue  # "received Modi", not "received the report"
        if entry_flags.get("on_actor") and actor_object:
            kind = entry_flags["on_actor"]  # "suspended Gabon from the bloc"
            coding = Coding(kind, TYPE_CAMEO[kind])
        said = governor if tok.pos_ in ("NOUN", "PROPN") and governor is not None and (
            nouns[tok.lower_].get("light")) else None
        if coding.type in REACTIONS and tok.pos_ == "VERB":
            # "condemned the raid by Ruritanian troops in the border town": aimed at the one
            # who did it, not at the place or the victim.
            targets = _deed_agents(tok, index) or targets
        # "Qatar, Egypt and the U.S. brokered": mediators are not each other's counterpart.
        split_off = bool(entry_flags.get("no_split"))
        if entry_flags.get("directed_object") and any(
                c.dep_ in ("dobj", "obj") and not actors_of(c, index) for c in tok.children):
            # "Jamaica and the Bahamas offered personnel": a thing offered goes to a third
            # party; "Japan and Korea pledged to deepen ties" is to each other.
            split_off = True
        if tok.pos_ == "VERB" and (subject := subject_of(tok)) is not None and (
                subject.lower_ in DISTRIBUTIVES):
            split_off = True  # "after each offered Washington measures": each on its own
        named = bool(targets)
        # "India and China disengaged", "Thai and Cambodian soldiers clashed": each other.
        mutual = bool(entry_flags.get("mutual"))
        sources, targets = _orient(sources, targets, coding.type, index, split_off, mutual)
        # "Summit commended the Member States": an object naming only the source's own side
        # is no one else; it does not make room for a guessed counterpart.
        own_side = named and not targets
        if sources and not targets:
            targets = _anaphoric_target(tok, sources, events, index, lex)
        # "offered to send peacekeepers to Gaza": an intended act is aimed where the act
        # itself would be.
        acted = _coding(entry_flags, tok) if entry_flags and tok.pos_ == "VERB" else None
        place_kind = acted.type if acted is not None and acted.type in place_types else (
            coding.type)
        if sources and not targets and place_kind in place_types:
            targets = _place_target(tok, index, place_country, place_kind)
        if sources and not targets:
            targets = _governing_target(tok, sources, events, index)
        if sources and not targets and coding.type in ("AGREE", "COOPERATE") and (
                tok.pos_ == "VERB" and coding.cameo not in PROMISE_CODES
                and _collective(tok, sources, index)):
            # "NATO ministers agreed to raise spending", "the juntas signed a treaty": the
            # members among themselves.
            targets = list(sources)
        if sources and not targets and coding.type == "PROTEST" and not any(
                c.dep_ == "prep" and c.lower_ in ("against", "over", "at") and any(
                    actors_of(p, index) for p in c.children if p.dep_ == "pobj")
                for c in tok.children):
            # People protesting at home, against their government or its law ("marched
            # against the law"); a protest at another actor names it.
            targets = list(sources)
        if not sources and coding.type in DOMESTIC_TYPES and tok.pos_ == "VERB" and (
                _done_at_home(tok, doers)):
            sources = _sentence_place(tok, index, place_country, reach=PLACE_REACH)
            if coding.type == "PROTEST" and not targets:
                targets = list(sources)
        at_home = bool(sources) and not targets and coding.type in DOMESTIC_TYPES and (
            tok.pos_ == "VERB") and _hits_people(tok, domestic)
        if at_home:
            targets = _sentence_place(tok, index, place_country)
            if not targets and coding.type != "ASSAULT":
                targets = _own_country(sources, index)
        # A noun ("Iran's attack") or a warning names its target or is not coded.
        if sources and not targets and (tok.pos_ == "VERB" or said is not None) and (
                not explicit_only(tok, lex)) and not own_side:
            targets = implicit_target(sources, index, tok)
        if at_home and not targets:
            # "Burkinabe soldiers killed 40 civilians": no one else in sight, at home.
            targets = _own_country(sources, index)
        if not sources or not targets:
            continue
        if tok.pos_ == "VERB" and _demanded_of(tok, index, quote_spans) is not None:
            continue  # "Russia must withdraw its troops," the chancellor said: a demand
        clause = tok if tok.pos_ == "VERB" else governor  # "said it would hold talks"
        announced = clause is not None and clause.pos_ in ("VERB", "AUX") and (
            _announced_intent(clause, sources, index, lex))
        if announced:
            kind, cameo = (lex.get("intent_codes") or {}).get(coding.type, ["AGREE", "030"])
            coding = Coding(kind, cameo)
        reason = cancelled_reason(governor or said or tok, allow_modal=bool(
            announced or verbs.get(lemma, {}).get("modal_only")))
        if reason:
            sent = tok.sent
            non_events.append(NonEvent(
                coding.type, coding.cameo, sources, targets, _span(tok),
                Span(sent.start_char, sent.end_char, sent.text), reason))
            continue
        events.append(_event(coding, sources, targets, tok, tok, dates, default_date))
        pair = None if split_off else _coordinated_pair(sources, coding.type, index)
        if pair is not None and targets != pair[1]:
            # "Maduro and Ali met ... with Gonsalves": the two leaders met each other too.
            events.append(_event(coding, *pair, tok, tok, dates, default_date))
    # Coded from whole clauses rather than one trigger word; each adds what is not there yet.
    seen = {_key(e) for e in events}
    for find in (_reported_threats, _voiced_verdicts, _demands):
        for event in find(doc, index, quote_spans, events, dates, default_date, lex):
            if _key(event) not in seen:
                seen.add(_key(event))
                events.append(event)
    events = _merged(doc, _not_self_directed(events, index))
    events.sort(key=lambda e: e.trigger.start)
    return events, non_events


# Acts a country or body can direct at itself: protests at home, arrests, crackdowns,
# deployments inside its borders. Any other act of one actor on itself is a misreading.
DOMESTIC_TYPES = frozenset({"PROTEST", "COERCE", "ASSAULT", "MOBILIZE"})
# Actors made of members, who can agree or cooperate among themselves ("NATO agreed").
MEMBERSHIP_KINDS = frozenset({"igo", "group"})


def _not_self_directed(events: list[Event], index: ActorIndex | None = None) -> list[Event]:
    """An actor does not consult, accuse or agree with itself: a lone source drops out of
    its own targets, and an event left aimed only at its source is dropped, unless its
    type is domestic by nature or the actor is a body of members ("NATO agreed to raise
    spending"). (Several sources aimed at each other stay: "the three juntas signed a
    treaty".)"""
    def members(actor_id: str) -> bool:
        try:
            return index is not None and index.by_id(actor_id).kind in MEMBERSHIP_KINDS
        except KeyError:
            return False

    kept = []
    for event in events:
        if len(event.source) == 1 and event.source[0] in event.target and (
                event.type not in DOMESTIC_TYPES) and not members(event.source[0]):
            others = [t for t in event.target if t != event.source[0]]
            if not others:
                continue
            event.target = others
        kept.append(event)
    return kept


def _merged(doc: Doc, events: list[Event]) -> list[Event]:
    """One act, one event: when an event's trigger governs another's as its complement
    ("agreed to send police", "pledged to provide aid") and both have the same type and
    actors, only the promised act is kept: its code is the more specific."""
    by_token = {doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand"): e
                for e in events}
    by_root: dict[int, Event] = {}
    for s, g in by_token.items():
        if s is not None:
            by_root.setdefault(s.root.i, g)
    dropped: set[int] = set()
    for span, event in by_token.items():
        if span is None:
            continue
        word = span.root
        if word.dep_ not in ("xcomp", "ccomp") or word.head.i == word.i:
            continue
        governing = by_root.get(word.head.i)
        if governing is not None and governing is not event and _key(governing) == _key(event):
            dropped.add(id(governing))
    return [e for e in events if id(e) not in dropped]


def _span(tok: Token) -> Span:
    return Span(tok.idx, tok.idx + len(tok.text), tok.text)


def _event(coding: Coding, sources: list[str], targets: list[str], trigger: Token,
           clause: Token, dates: list[DateRef], default_date: str | None) -> Event:
    """An event triggered by a word, in the sentence of `clause`, dated by that sentence."""
    sent = clause.sent
    date = _date_in(dates, sent.start_char, sent.end_char) or default_date
    return Event(coding.type, coding.cameo, list(sources), list(targets), _span(trigger),
                 Span(sent.start_char, sent.end_char, sent.text), date=date)


def _key(event: Event) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return event.type, tuple(event.source), tuple(event.target)


FUTURE_MODALS = frozenset({"will", "would", "shall", "'ll"})
THREAT = Coding("THREATEN", "130")
VERDICT = Coding("ACCUSE", "111")


def _reported_threats(doc: Doc, index: ActorIndex, quote_spans: list[tuple[int, int]],
                      events: list[Event], dates: list[DateRef], default_date: str | None,
                      lex: dict[str, Any]) -> list[Event]:
    """'al-Ezzi said the United States would "pay a heavy price"', 'adding that further
    action would follow': a future clause reported from a speaker, holding a threat word."""
    words = set(lex.get("threat_words") or [])
    verbs = set(lex.get("threat_speech_verbs") or [])
    out: list[Event] = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs or in_spans(tok, quote_spans):
            continue
        reported = [c for c in tok.children if c.dep_ == "ccomp"]
        # '"Missiles are aimed at homes, and Tehran will pay a price," he said': each
        # coordinated clause of what was said.
        reported += [g for c in reported for g in c.conjuncts if g.pos_ in ("VERB", "AUX")]
        for clause in reported:
            sub = list(clause.subtree)
            future = any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in clause.children)
            threat = next((t for t in sub if t.lemma_.lower() in words and t.pos_ in
                           ("NOUN", "VERB")), None)
            if not future or threat is None or any(t.dep_ == "neg" for t in clause.children):
                continue
            subj = subject_of(tok)
            sources = actors_of(subj, index) if subj is not None else []
            if not sources:
                continue
            codes = {index.code(a) for a in sources}
            targets = _clause_target(clause, sub, codes, index)
            if not targets:
                targets = _anaphoric_target(threat, sources, events, index, lex)
            if not targets:
                targets = implicit_target(sources, index, tok)
            if targets:
                out.append(_event(THREAT, sources, targets, threat, tok, dates, default_date))
    return out


def _voiced_verdicts(doc: Doc, index: ActorIndex, quote_spans: list[tuple[int, int]],
                     events: list[Event], dates: list[DateRef], default_date: str | None,
                     lex: dict[str, Any]) -> list[Event]:
    """'This is a significant escalation', 'it is unacceptable' said in a statement's or a
    transcript turn's own voice: the speaker accuses whoever the verdict names, else whoever
    acted last."""
    words = set(lex.get("naming_words") or [])
    out: list[Event] = []
    for tok in doc:
        if tok.lemma_ != "be" or in_spans(tok, quote_spans) or any(
                c.dep_ == "neg" for c in tok.children):
            continue
        verdict = next((c for c in tok.children if c.dep_ in ("attr", "acomp")
                        and (c.lower_ in words or c.lemma_.lower() in words)), None)
        subj = subject_of(tok)
        if verdict is None or subj is None or subj.lower_ not in ("this", "it", "that"):
            continue
        voice = next((ids for start, end, ids in index.speakers if start <= tok.idx < end),
                     index.author)
        if not voice:
            continue
        codes = {index.code(a) for a in voice}
        named = [t for t in verdict.subtree
                 if t.i in index.token_actor and index.code(index.token_actor[t.i]) not in codes]
        # "a violation of Lithuania's airspace by Belarus": the one it is done by.
        by = [t for t in named if t.head.dep_ == "prep" and t.head.lower_ == "by"]
        targets = [index.token_actor[t.i] for t in by or named]
        if not targets:
            earlier = [e for e in events if e.trigger.start < tok.idx]
            targets = next(([a for a in e.source if index.code(a) not in codes]
                            for e in reversed(earlier)
                            if any(index.code(a) not in codes for a in e.source)), [])
        if targets:
            out.append(_event(VERDICT, voice, list(dict.fromkeys(targets)), verdict, tok, dates,
                              default_date))
    return out


DEONTIC = frozenset({"must", "should"})
DEMAND = Coding("REQUEST", "100")


def _demanded_of(verb: Token, index: ActorIndex, quote_spans: list[tuple[int, int]]
                 ) -> tuple[list[str], list[str]] | None:
    """(who demands, of whom) when the verb says what another must or should do, in a
    speaker's quotation ('"Both sides must stick to their commitments," Qatar said') or in
    what a party said ('Germany said Russia should withdraw'); None otherwise (also when
    the speaker says what it must do itself)."""
    modal = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in DEONTIC), None)
    if modal is None or any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return None  # "should not have approved": a reproach of the past, not a demand
    subj = subject_of(verb)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN", "PRON") or (
            subj.lower_ in ("we", "i", "us")) or modal.i < subj.i:
        return None  # "Should Hezbollah break the deal, ...": a condition
    obliged = actors_of(subj, index)
    if not obliged:
        return None
    voice: list[str] = []
    if in_spans(verb, quote_spans):
        voice = next((list(ids) for start, end, ids in index.speakers
                      if start <= verb.idx < end), [])
    elif verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SAYING:
        speaker = subject_of(verb.head)
        voice = actors_of(speaker, index) if speaker is not None else []
    codes = {index.code(a) for a in voice}
    obliged = [a for a in obliged if index.code(a) not in codes]
    if not voice or not obliged:
        return None
    return voice, obliged


SAYING = frozenset({"say", "insist", "stress", "tell", "warn", "declare", "state", "add",
                    "argue", "write", "note"})


def _demands(doc: Doc, index: ActorIndex, quote_spans: list[tuple[int, int]],
             events: list[Event], dates: list[DateRef], default_date: str | None,
             lex: dict[str, Any]) -> list[Event]:
    """What a speaker says another must or should do is a demand of it."""
    out = []
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        found = _demanded_of(tok, index, quote_spans)
        if found is not None:
            out.append(_event(DEMAND, found[0], found[1], tok, tok, dates, default_date))
    return out


def _clause_target(clause: Token, sub: list[Token], codes: set[str],
                   index: ActorIndex) -> list[str]:
    """Who a reported threat is aimed at: the clause's subject ('the United States and
    Britain would pay'), else the first other actor the clause names ('if Israel acts')."""
    subj = subject_of(clause)
    if subj is not None:
        ids = [a for a in actors_of(subj, index) if index.code(a) not in codes]
        if ids:
            return ids
    for t in sub:
        actor_id = index.token_actor.get(t.i)
        if actor_id is not None and index.code(actor_id) not in codes | {"UNK"}:
            return [actor_id]
    return []


def explicit_only(verb: Token, lex: dict[str, Any]) -> bool:
    """Verbs coded only with a target the text names ('warned Iran', not 'warned that
    revenue could fall')."""
    return verb.lemma_.lower() in (lex.get("explicit_target_verbs") or ())


ANAPHORA_WINDOW = 60  # events looked back through for what "the strikes" refers to


def _anaphoric_target(tok: Token, sources: list[str], events: list[Event],
                      index: ActorIndex, lex: dict[str, Any]) -> list[str]:
    """'condemned the strikes': aimed at whoever carried out the last such event."""
    anaphoric: dict[str, str] = lex.get("anaphoric_nouns") or {}
    objects = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    objects += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("against", "on")
                for p in c.children if p.dep_ == "pobj"]
    source_codes = {index.code(a) for a in sources}
    doc = tok.doc
    for obj in objects:
        wanted = anaphoric.get(obj.lower_)
        if wanted is None:
            continue
        # The same word first ("the strikes" -> "struck"), then the same kind of event,
        # among the last few events: what "the strikes" refers to was told recently, and
        # looking further back made a long text cost quadratic time.
        earlier = [e for e in reversed(events[-ANAPHORA_WINDOW:]) if e.trigger.start < tok.idx]
        same_word = [e for e in earlier if _lemma_at(doc, e.trigger.start) == obj.lemma_]
        for event in same_word + earlier:
            if wanted == "ANY" and event.type in REACTIONS:
                continue  # "supported the decision": a decision, not the last comment on it
            if wanted not in ("ANY", event.type) and not (
                    wanted == "ACCUSE" and event.type == "PROTEST"):
                continue
            # "criticised the deal": a deal has two sides, an attack one author.
            parties = event.source + event.target if event.type in SYMMETRIC else event.source
            ids = [a for a in dict.fromkeys(parties) if index.code(a) not in source_codes]
            if ids:
                return ids
    return []


def _deed_agents(verb: Token, index: ActorIndex) -> list[str]:
    """The agent of a deed the verb's object names: 'condemned the attacks by Sudan on Chad',
    'deplored the seizure of the tanker by Iranian forces'."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    objects += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("over", "at", "about")
                for p in c.children if p.dep_ == "pobj"]
    for obj in objects:
        # "the resolution drafted by the United States": the agent of a participle too.
        participles = [c for c in obj.children if c.dep_ == "acl" and c.tag_ == "VBN"
                       and not any(g.dep_ == "neg" for g in c.children)]
        for noun in (obj, *prep_objects(obj, 1), *participles):
            for prep in noun.children:
                if prep.dep_ in ("prep", "agent") and prep.lower_ == "by":
                    for p in prep.children:
                        if p.dep_ == "pobj":
                            ids = actors_of(p, index)
                            if ids:
                                return ids
    return []


def _lemma_at(doc: Doc, start: int) -> str:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span[0].lemma_ if span is not None else ""


def _collective(tok: Token, sources: list[str], index: ActorIndex) -> bool:
    """An organisation, or a plural subject ('the three governments', 'ministers')."""
    if all(index.by_id(a).kind == "igo" for a in sources):
        return True
    subj = subject_of(tok) if tok.pos_ == "VERB" else None
    return subj is not None and subj.tag_ in ("NNS", "NNPS") and len(sources) == 1 and (
        subj.i not in index.token_actor)


def _governing_target(tok: Token, sources: list[str], events: list[Event],
                      index: ActorIndex) -> list[str]:
    """'summoned India's envoy to protest': a purpose clause is aimed where its verb is."""
    if tok.dep_ not in ("advcl", "xcomp") or not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return []
    codes = {index.code(a) for a in sources}
    head = tok.head
    start = tok.sent.start_char
    for event in reversed(events):
        if event.trigger.start < start:
            break  # the governing verb is in this sentence: no need to look further back
        if event.trigger.start == head.idx:
            return [a for a in event.target if index.code(a) not in codes]
    return []


RECIPIENT_PREPS = frozenset({"to", "for", "into", "toward", "towards"})


def _place_target(tok: Token, index: ActorIndex, place_country: dict[int, str],
                  kind: str = "ASSAULT") -> list[str]:
    """A place in the verb's objects stands for its country ('struck targets in Sanaa',
    'shelled districts of Kharkiv', 'a blockade on Gaza'), named or not. Aid goes to a
    place ('sent food to Gaza'); where it was pledged ('at a meeting in Addis Ababa') is
    a venue."""
    objects = object_candidates(tok) if tok.pos_ == "VERB" else [
        p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    if kind in ("AID", "RETREAT"):
        objects = [o for o in objects if o.dep_ in ("dobj", "dative", "obj") or (
            o.dep_ == "pobj" and o.head.lower_ in RECIPIENT_PREPS | {"from", "out"})]
    for obj in objects:
        for t in obj.subtree:
            code = place_country.get(t.i)
            if code:
                return [_country_actor(index, code, t, place_country)]
    return []


def _country_actor(index: ActorIndex, code: str, place: Token,
                   place_country: dict[int, str]) -> str:
    """The actor a place's country stands for: the text's own, else one made for it."""
    if code in index.codes.values():
        return index.representative(code)
    return _implied_country(index, code, place, place_country)


def _hits_people(verb: Token, domestic: set[str]) -> bool:
    """The verb's object is people or a power at home ("detained more than 500 people",
    "killing dozens of civilians", "seized power"), not an actor or a thing abroad."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")] + [
        p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "upon")
        for p in c.children if p.dep_ == "pobj"]  # "fired tear gas at crowds"
    for obj in objects:
        heads = [obj, *(p for prep in obj.children if prep.dep_ == "prep" and prep.lower_ == "of"
                        for p in prep.children if p.dep_ == "pobj")]
        if any(h.lower_ in domestic for h in heads):
            return True
    return False


def _done_at_home(verb: Token, doers: set[str]) -> bool:
    """The verb's subject is people who act at home ("Police fired", "Tens of thousands
    marched"), of no country of their own."""
    subject = subject_of(verb)
    if subject is None:
        return False
    heads = [subject, *(p for prep in subject.children if prep.dep_ == "prep"
                        and prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj")]
    return any(h.lower_ in doers for h in heads)


PLACE_REACH = 60  # tokens before a sentence in which its doers' place may be named


def _sentence_place(tok: Token, index: ActorIndex, place_country: dict[int, str],
                    reach: int = 0) -> list[str]:
    """The country of the first place named in the token's sentence, else of the last one
    named in the `reach` tokens before it ("Thousands rallied in Caracas. Police fired
    tear gas at the crowds.")."""
    sent = tok.sent
    doc = tok.doc
    before = range(sent.start - 1, max(-1, sent.start - 1 - reach), -1)
    for i in [*range(sent.start, sent.end), *before]:
        code = place_country.get(i)
        if code:
            return [_country_actor(index, code, doc[i], place_country)]
    return []


def _own_country(sources: list[str], index: ActorIndex) -> list[str]:
    """The doers' country, when they are of one (its actor, as the doers name it)."""
    codes = {index.code(a) for a in sources}
    if len(codes) != 1 or "UNK" in codes:
        return []
    return [index.representative(codes.pop())]


def _implied_country(index: ActorIndex, code: str, place: Token,
                     place_country: dict[int, str]) -> str:
    """The country of a place when the text never names the country itself: an actor of
    its own whose mention is the place ('Kharkiv' for Ukraine), so the event can point at
    it. The country's name comes from ISO 3166 (pycountry)."""
    import pycountry

    doc = place.doc
    start = end = place.i
    while start > 0 and place_country.get(start - 1) == code:
        start -= 1
    while end + 1 < len(doc) and place_country.get(end + 1) == code:
        end += 1
    span = doc[start:end + 1]
    country = pycountry.countries.get(alpha_3=code)
    actor_id = f"a{len(index.actors) + 1}"
    while any(a.id == actor_id for a in index.actors):
        actor_id += "x"
    actor = Actor(id=actor_id, name=getattr(country, "common_name", None) or (
        country.name if country else code), kind="country", code=code, country=code,
        mentions=[Mention(span.start_char, span.end_char, span.text)])
    index.actors.append(actor)
    index.codes[actor_id] = code
    return actor_id


def _verb_arguments(verb: Token, index: ActorIndex, theme: bool = False,
                    measures: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    agent, patient = passive_parts(verb)
    if theme and patient is not None and agent is None and verb.tag_ == "VBN":
        # "North Korean troops have been sent to Russia": whose troops, sent where.
        sources = actors_of(patient, index)
        targets = [a for obj in object_candidates(verb) for a in actors_of(obj, index)]
        return sources, targets
    if patient is None and agent is not None and verb.dep_ in ("advcl", "acl", "conj"):
        # "Pressed by Brazil, Maduro and Ali met": the clause's subject is the patient.
        subj = subject_of(verb)
        return actors_of(agent, index), actors_of(subj, index) if subj is not None else []
    if patient is not None and agent is None and patient.lower_ in measures and (
            owner := [a for c in patient.children if c.dep_ in ("compound", "amod", "poss")
                      for a in actors_of(c, index)]):
        # "U.S. tariffs on Chinese goods were cut": the measure's owner cut it, for whom
        # it is aimed at.
        codes = {index.code(a) for a in owner}
        aimed = [a for c in patient.children if c.dep_ == "prep" for p in c.children
                 if p.dep_ == "pobj" for obj in (p, *prep_objects(p))
                 for a in actors_of(obj, index) if index.code(a) not in codes]
        return owner, list(dict.fromkeys(aimed))
    if patient is not None and (agent is not None or verb.tag_ == "VBN"):
        sources = actors_of(agent, index) if agent is not None else []
        targets = actors_of(patient, index)
        if not sources:
            # "the resolution drafted by ...": a participle's owner; not an adverbial clause
            # with a subject of its own ("I came because Kharkiv is being bombed").
            subj = subject_of(verb.head) if verb.dep_ == "acl" else None
            sources = actors_of(subj, index) if subj is not None else []
        return sources, targets
    subj = subject_of(verb)
    sources = actors_of(subj, index) if subj is not None else []
    targets: list[str] = []
    for obj in object_candidates(verb):
        found = actors_of(obj, index)
        if found and all(a in sources for a in found) and (obj.pos_ == "PRON" or any(
                c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children)):
            # "pulled its forces out of Niger": its own forces, then Niger; "condemned what
            # he called a coup": he is the speaker, not the one condemned.
            continue
        for actor_id in found:
            if actor_id not in targets:
                targets.append(actor_id)
        if targets:
            break
    return sources, targets


def light_governor(noun: Token) -> Token | None:
    """The verb a noun is the object of, through coordination and 'part in' ('expressed
    concern and disappointment', 'took part in joint drills', 'participated in talks')."""
    tok = noun
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in ("dobj", "obj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in (
            "round", "series", "rounds", "wave"):
        return light_governor(tok.head.head)  # "held a round of negotiations with India"
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "on", "into", "under"):
        host = tok.head.head
        if host.lower_ == "part" and host.head.pos_ == "VERB":
            return host.head
        if host.pos_ == "NOUN" and host.dep_ in ("dobj", "obj") and host.head.pos_ == "VERB":
            return host.head  # "placed its teams on alert"
        if host.pos_ == "VERB":
            return host
    return None


def _doer(verb: Token, index: ActorIndex) -> list[str]:
    """Who does what a verb says: its agent when passive ("a loan to Egypt was approved by
    the IMF"), else its subject."""
    agent, _ = passive_parts(verb)
    subj = agent if agent is not None else subject_of(verb)
    return actors_of(subj, index) if subj is not None else []


NOUN_TARGET_PREPS = ("on", "against", "with", "to", "from", "of", "over", "at", "about", "for",
                     "toward", "towards", "around", "near")


def _noun_arguments(noun: Token, index: ActorIndex,
                    light: Token | None = None) -> tuple[list[str], list[str]]:
    """'the meeting between X and Y', "their meeting", 'X's strikes on Y', 'mediation by
    Qatar'; with a light verb ('X expressed concern over Y'), its subject and objects."""
    sources: list[str] = []
    targets: list[str] = []
    if light is not None:
        # "Summit expressed its solidarity with Mozambique": the one who expresses it.
        sources = _doer(light, index)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("between", "among"):
            ids: list[str] = []
            for p in child.children:
                if p.dep_ == "pobj":
                    ids += actors_of(p, index)
            return ids[:1], ids[1:]
        if child.dep_ == "poss" and noun.lower_ in ("meeting", "call", "talks", "summit"):
            # "their call", "the leaders' meeting": the two sides met each other.
            ids = actors_of(child, index)
            if len({index.code(a) for a in ids}) >= 2:
                return ids[:1], ids[1:]
        if child.dep_ in ("poss", "compound", "amod") and noun.lower_ not in ("meeting", "call") \
                and not (light is not None and sources):
            sources += actors_of(child, index)
        if child.dep_ in ("prep", "agent") and child.lower_ == "by" and not sources:
            for p in child.children:
                if p.dep_ == "pobj":
                    sources += actors_of(p, index)
        if child.dep_ == "prep" and child.lower_ in NOUN_TARGET_PREPS:
            for p in child.children:
                if p.dep_ == "pobj":
                    for obj in (p, *prep_objects(p)):
                        targets += [a for a in actors_of(obj, index) if a not in targets]
    governor = light
    if governor is None:
        # "carried out strikes", "held a round of negotiations with India".
        candidate = light_governor(noun)
        if candidate is not None and candidate.lemma_ in NOUN_LIGHT_VERBS:
            governor = candidate
    if not sources and noun.dep_ == "conj" and noun.head.pos_ == "NOUN":
        # "Baerbock's visit and talks with Kuleba": the first noun's owner owns both.
        sources = [a for c in noun.head.children if c.dep_ == "poss"
                   for a in actors_of(c, index)]
    if not sources and governor is not None:
        # "carried out strikes", "announced sanctions".
        sources = _doer(governor, index)
    if light is not None and not targets:
        # "held talks in Doha with Qatar", "expressed to Japan its concern".
        for child in light.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in NOUN_TARGET_PREPS:
                for p in child.children:
                    if p.dep_ == "pobj":
                        targets += [a for a in actors_of(p, index) if a not in targets]
            if child.dep_ == "dative":
                targets += [a for a in actors_of(child, index) if a not in targets]
    return sources, targets


def _coordinated_pair(sources: list[str], kind: str, index: ActorIndex
                      ) -> tuple[list[str], list[str]] | None:
    """Coordinated sources of a symmetric event with distinct codes, as (first, others)."""
    if kind not in SYMMETRIC:
        return None
    kept = _one_per_code([a for a in sources if index.code(a) != "UNK"], index)
    return (kept[:1], kept[1:]) if len(kept) >= 2 else None


def _orient(sources: list[str], targets: list[str], kind: str, index: ActorIndex,
            split_off: bool = False, mutual: bool = False) -> tuple[list[str], list[str]]:
    """Drop self-targets by code; split coordinated subjects of symmetric verbs
    ('Japan and the U.S. agreed') into source and target."""
    sources = [a for a in sources if index.code(a) != "UNK" or index.by_id(a).kind != "person"]
    targets = [a for a in targets if index.code(a) != "UNK" or index.by_id(a).kind != "person"]
    source_codes = {index.code(a) for a in sources}
    targets = [t for t in targets if index.code(t) not in source_codes or (
        kind in DOMESTIC_TYPES and t not in sources and index.by_id(t).kind != "country"
        and all(index.by_id(a).kind != "country" for a in sources))]
    if not targets and (kind in SYMMETRIC or mutual) and not split_off:
        kept = _one_per_code(sources, index)
        if len(kept) >= 2:
            return kept[:1], kept[1:]
    return sources, targets


def _one_per_code(ids: list[str], index: ActorIndex) -> list[str]:
    """The first actor of each code, in order."""
    first: dict[str, str] = {}
    for a in ids:
        first.setdefault(index.code(a), a)
    return list(first.values())


def _date_in(dates: list[DateRef], start: int, end: int) -> str | None:
    """The first day-date in [start, end)."""
    return next((d.value for d in dates_between(dates, start, end) if d.granularity == "day"),
                None)
