"""Commitments: promises made in commissive language ("pledged to", "agreed to",
"committed to", "reaffirmed their commitment to", "will", "is to"), with who promised,
to whom, what, the topic, amount, deadline and whether it is new or reaffirmed."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from communique.extract.actors import ActorIndex
from communique.extract.arguments import (
    actors_of,
    implicit_target,
    in_spans,
    object_candidates,
    subject_of,
)
from communique.extract.events import cancelled_reason, has_amount_object
from communique.extract.text import text_of
from communique.model import Amount, Commitment, DateRef, Span
from communique.resources import lexicon, topic_lexicon

REPORTING = frozenset({"say", "tell", "announce", "state", "insist", "add", "note", "confirm"})
MONEY_VERBS = frozenset({"pledge", "announce", "add", "offer", "provide", "commit", "give",
                         "contribute", "donate", "allocate", "earmark", "promise", "secure"})
FUTURE_AUX = frozenset({"will", "shall"})
# Verbs that carry the promise in their complement ("take steps to improve", "keep working").
LIGHT_VERBS = frozenset({"take", "work", "continue", "cooperate", "seek", "keep", "try", "move"})


@lru_cache(maxsize=1)
def _topic_patterns() -> list[tuple[str, re.Pattern[str], int]]:
    lex = topic_lexicon()
    weights = {str(k).lower(): int(v) for k, v in (lex.get("weights") or {}).items()}
    out = []
    for topic, words in lex["topics"].items():
        for word in words:
            w = str(word).lower()
            out.append((topic, re.compile(rf"\b{re.escape(w)}\b"), weights.get(w, 1)))
    return out


def classify_topic(text: str) -> str:
    """The topic whose keywords weigh most in the text; 'other' when none appear."""
    lowered = text.lower()
    scores: dict[str, int] = {}
    order = list(topic_lexicon()["topics"])
    for topic, pattern, weight in _topic_patterns():
        hits = len(pattern.findall(lowered))
        if hits:
            scores[topic] = scores.get(topic, 0) + hits * weight
    if not scores:
        return "other"
    return max(scores, key=lambda t: (scores[t], -order.index(t)))


def extract_commitments(doc: Doc, index: ActorIndex, amounts: list[Amount],
                        dates: list[DateRef],
                        quote_spans: list[tuple[int, int]]) -> list[Commitment]:
    lex = lexicon()
    verbs = set(lex["commissive_verbs"])
    nouns = set(lex["commissive_nouns"])
    reaffirm = set(lex["reaffirm_cues"])
    adjectives = set(lex.get("commissive_adjectives") or [])
    object_promises = set(lex.get("object_promise_verbs") or [])
    money_nouns = set(lex.get("priced_deal_nouns") or [])
    deal_nouns = set(lex.get("deal_nouns") or [])
    deal_verbs = set(lex.get("deal_verbs") or [])
    receiving = set(lex.get("receiving_verbs") or [])
    out: list[Commitment] = []
    seen_actions: set[tuple[int, int]] = set()
    for tok in doc:
        lemma = tok.lemma_.lower()
        actions: list[Token] = []
        status = "new"
        predicted = False  # only a future tense, no word of promise
        if tok.pos_ == "VERB" and lemma in verbs:
            actions = _complement_verbs(tok)
            if not actions and lemma in MONEY_VERBS and _money_object(tok, amounts):
                actions = [tok]
            if not actions and lemma in object_promises:
                actions = [c for c in tok.children if c.dep_ == "dobj"]
            if lemma in reaffirm:
                status = "reaffirmed"
        elif tok.pos_ == "VERB" and lemma in MONEY_VERBS and has_amount_object(tok, amounts):
            actions = [tok]  # "Germany added €125 million"
        elif tok.pos_ == "ADJ" and lemma in adjectives and tok.dep_ in ("acomp", "oprd") and (
                not in_spans(tok, quote_spans)):
            actions = _complement_verbs(tok)
            tok = tok.head
        elif tok.pos_ == "NOUN" and lemma in deal_nouns and tok.dep_ == "dobj" and (
                tok.head.lemma_.lower() in deal_verbs):
            # "signed four agreements on agriculture", "approved the extension of the
            # mandate": what was signed or approved binds whoever did it.
            actions = [tok]
            tok = tok.head
        elif tok.pos_ == "NOUN" and lemma in money_nouns and tok.head.pos_ == "VERB" and (
                tok.dep_ in ("dobj", "nsubjpass") and _holds_amount(tok, amounts)):
            # "signed a contract for 180 tanks worth $6.5 billion", "approved a $5 billion
            # loan": a priced deal binds whoever made it.
            actions = [tok]
            tok = tok.head
        elif tok.pos_ == "NOUN" and lemma in nouns and tok.head.pos_ == "VERB":
            governor = tok.head
            if tok.dep_ not in ("dobj", "nsubj", "attr") or in_spans(governor, quote_spans):
                continue
            if governor.lemma_.lower() in reaffirm:
                status = "reaffirmed"
            actions = [tok]
            tok = governor
        elif tok.pos_ == "VERB" and _is_future(tok):
            actions = [tok]
            predicted = True
        else:
            continue
        if cancelled_reason(tok, allow_modal=_reported_future(tok)):
            continue
        subj = subject_of(tok)
        by = actors_of(subj, index) if subj is not None else []
        agent = next((p for c in tok.children if c.dep_ == "agent" for p in c.children
                      if p.dep_ == "pobj"), None)
        if agent is not None:
            by = actors_of(agent, index) or by  # "€5.8bn was pledged by the donors"
        giver = []
        if tok.lemma_.lower() in receiving:
            giver = _giver(tok, index) or next(
                (g for a in actions if a.pos_ == "NOUN" for g in [_giver(a, index)] if g), [])
        receiver: list[str] = []
        if giver:
            # "Jordan will receive $1.5 billion from the World Bank": the bank promises.
            by, receiver = giver, by
        if not by and actions and actions[0].pos_ == "NOUN":
            by = [a for c in actions[0].children if c.dep_ == "poss" for a in actors_of(c, index)]
        if not by:
            continue
        for action in actions:
            span = _action_span(action)
            if span in seen_actions:
                continue
            seen_actions.add(span)
            commitment = _build(doc, index, tok, action, span, by, status, amounts, dates)
            if commitment is None:
                continue
            if receiver:
                commitment.to = list(receiver)
            split = _respectively(doc, index, tok, commitment, amounts)
            if split:
                out.extend(split)
                continue
            if predicted and commitment.topic == "other" and commitment.amount is None:
                continue  # "the Kremlin will read silence as permission": a forecast
            out.append(commitment)
    return out


def _holds_amount(noun: Token, amounts: list[Amount]) -> bool:
    """A sum inside the noun phrase ('a $5 billion loan', 'a contract ... worth $6.5bn')."""
    sub = list(noun.subtree)
    start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    if any(start <= a.start < end for a in amounts):
        return True
    return _price_after(noun, amounts) is not None


PRICE_CUE = re.compile(r"\b(?:worth|valued at|totalling|totaling|costing)\s+(?:about|some|"
                       r"around|nearly|roughly|almost|more than|over|up to)?\s*$")


def _price_after(noun: Token, amounts: list[Amount]) -> Amount | None:
    """'signed a contract for 180 tanks, a deal worth about $6.5 billion': a price given
    later in the noun's sentence after "worth" or "valued at"."""
    end = noun.idx + len(noun.text)
    sent = noun.sent
    text = text_of(noun.doc)
    return next((a for a in amounts if end <= a.start < sent.end_char
                 and PRICE_CUE.search(text[max(end, a.start - 40):a.start])), None)


def _giver(verb: Token, index: ActorIndex) -> list[str]:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "from":
            for p in child.children:
                if p.dep_ == "pobj":
                    return actors_of(p, index)
    return []


def _respectively(doc: Doc, index: ActorIndex, trigger: Token, commitment: Commitment,
                  amounts: list[Amount]) -> list[Commitment]:
    """'Norway and Denmark pledged $50 million and $35 million respectively': one
    commitment per pledger, each with its own sum, in the order the text gives them."""
    sent = trigger.sent
    if "respectively" not in sent.text.lower() or len(commitment.by) < 2:
        return []
    sums = [a for a in amounts if sent.start_char <= a.start < sent.end_char
            and a.start > trigger.idx]
    if len(sums) != len(commitment.by):
        return []
    out = []
    for actor_id, amount in zip(commitment.by, sums, strict=True):
        part = dataclasses.replace(commitment, by=[actor_id], amount=amount)
        part.to = [a for a in commitment.to if index.code(a) != index.code(actor_id)]
        if not part.to:
            part.to = implicit_target([actor_id], index, trigger)
        out.append(part)
    return out


def _complement_verbs(verb: Token) -> list[Token]:
    """'pledged to increase', 'agreed to take steps to improve X, increase Y and strengthen
    Z' (each coordinated verb its own promise), 'committed to enhancing'."""
    heads: list[Token] = []
    for child in verb.children:
        if child.dep_ == "xcomp":
            heads.append(child)
        elif child.dep_ == "prep" and child.lower_ == "to":
            heads.extend(g for g in child.children if g.dep_ in ("pcomp", "pobj"))
    out: list[Token] = []
    for head in heads:
        for t in [head, *head.conjuncts]:
            inner = [c for c in t.children if c.dep_ in ("xcomp", "advcl") and c.tag_ == "VB"
                     and t.lemma_ in LIGHT_VERBS]
            for u in ([inner[0], *inner[0].conjuncts] if inner else [t]):
                if u not in out:
                    out.append(u)
    return out


def _money_object(verb: Token, amounts: list[Amount]) -> bool:
    start = verb.idx
    sent_end = verb.sent.end_char
    return any(start < a.start < sent_end for a in amounts)


def _is_future(verb: Token) -> bool:
    """'X will work to stop', 'Hamas is to release', 'said Washington would provide': a
    promise about the speaker's future."""
    aux = [c for c in verb.children if c.dep_ == "aux"]
    future = any(a.lower_ in FUTURE_AUX for a in aux) or _reported_future(verb)
    if future and not any(c.dep_ == "neg" for c in verb.children):
        return verb.lemma_ not in ("be", "have", "say", "take", "meet", "follow", "last")
    if verb.tag_ == "VB" and verb.dep_ == "xcomp" and verb.head.lemma_ == "be":
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return False


def _reported_future(verb: Token) -> bool:
    """'said the United States would keep working': 'would' is a reported 'will'; so is
    'would' in the terms of a deal ('Under the terms, Israeli troops would withdraw ...,
    while the Lebanese army would deploy ...')."""
    has_would = any(c.dep_ == "aux" and c.lower_ == "would" for c in verb.children)
    if not has_would:
        return False
    if verb.dep_ == "ccomp" and verb.head.lemma_ in REPORTING:
        return True
    clause = verb
    for _ in range(3):
        if _under_terms(clause):
            return True
        if clause.dep_ not in ("advcl", "conj") or clause.head.i == clause.i:
            break
        clause = clause.head
    return False


TERMS_NOUNS = frozenset({"terms", "deal", "agreement", "accord", "truce", "ceasefire", "plan",
                         "arrangement", "pact", "treaty", "framework"})


def _under_terms(verb: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "under" and any(
        p.dep_ == "pobj" and (p.lower_ in TERMS_NOUNS or p.lemma_.lower() in TERMS_NOUNS)
        for p in c.children)
        for c in verb.children)


def _action_span(action: Token) -> tuple[int, int]:
    """The action's own words: the verb and its objects, not coordinated siblings."""
    toks = [action]
    for child in action.children:
        if child.dep_ in ("conj", "cc") or (child.dep_ == "punct" and child.i > action.i):
            continue
        if child.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") or (
                child.dep_ in ("aux", "punct", "npadvmod") and child.i < action.i
                and child.lower_ != "to"):
            continue  # "TOKYO, June 3 — Japan will provide ...": the promise is "provide ..."
        toks.extend(child.subtree)
    start = min(t.idx for t in toks)
    last = max(toks, key=lambda t: t.idx)
    return start, last.idx + len(last.text)


def _build(doc: Doc, index: ActorIndex, trigger: Token, action: Token, span: tuple[int, int],
           by: list[str], status: str, amounts: list[Amount],
           dates: list[DateRef]) -> Commitment | None:
    start, end = span
    text = text_of(doc)[start:end]
    sent = trigger.sent
    amount = next((a for a in amounts if start <= a.start < end), None)
    if amount is None and action.pos_ == "NOUN":
        amount = _price_after(action, amounts)  # "a contract ..., a deal worth $6.5bn"
    if amount is None and trigger.lemma_.lower() in MONEY_VERBS:
        amount = next((a for a in amounts if sent.start_char <= a.start < sent.end_char
                       and a.start > trigger.idx), None)
    full = text_of(doc)
    context = text if amount is None else full[min(start, amount.start):max(end, amount.end)]
    topic = classify_topic(context)
    if topic == "other":
        # The trigger's own line: a parse may run a sentence into the list above it.
        line_start = full.rfind("\n", sent.start_char, trigger.idx) + 1 or sent.start_char
        line_end = full.find("\n", trigger.idx, sent.end_char)
        topic = classify_topic(full[max(line_start, sent.start_char):
                                    line_end if line_end != -1 else sent.end_char])
    if topic == "other" and amount is not None:
        topic = "aid"  # money promised with no other purpose named: a contribution
    by_codes = {index.code(a) for a in by}
    to: list[str] = []
    for obj in [*object_candidates(action), *object_candidates(trigger)]:
        for actor_id in actors_of(obj, index):
            if index.code(actor_id) not in by_codes and actor_id not in to:
                to.append(actor_id)
        if to:
            break
    internal = amount is None and all(index.by_id(a).kind == "igo" for a in by)
    if not to and len(by_codes) < 2 and not internal:
        # Parties promising together ("Turkey and Greece agreed to resume talks") promise
        # each other, and an organisation ("NATO agreed to raise spending") its members,
        # unless it gives money; no third party is implied.
        to = implicit_target(by, index, trigger)
    deadline = next((d.value for d in dates if start <= d.start < end and
                     text_of(doc)[max(0, d.start - 7):d.start].strip().lower().endswith(
                         ("by", "before", "until", "within"))), None)
    evidence = Span(sent.start_char, sent.end_char, sent.text)
    trig = Span(trigger.idx, trigger.idx + len(trigger.text), trigger.text)
    return Commitment(by=list(by), to=to, action=text, topic=topic, status=status,
                      evidence=evidence, trigger=trig, amount=amount, deadline=deadline)
