"""Commitments: promises made in commissive language ("pledged to", "agreed to",
"committed to", "reaffirmed their commitment to", "will", "is to"), with who promised,
to whom, what, the topic, amount, deadline and whether it is new or reaffirmed."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from functools import lru_cache
from typing import Any

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
from communique.extract.locations import city_table
from communique.extract.text import dates_between, derived, text_of
from communique.model import Amount, Commitment, DateRef, Event, Span
from communique.resources import lexicon, topic_lexicon

REPORTING = frozenset({"say", "tell", "announce", "state", "insist", "add", "note", "confirm"})
MONEY_VERBS = frozenset({"pledge", "announce", "add", "offer", "provide", "commit", "give",
                         "contribute", "donate", "allocate", "earmark", "promise", "secure",
                         "approve", "authorise", "authorize", "release", "unlock"})
GIVING_VERBS = frozenset({"pledge", "offer", "provide", "commit", "give", "contribute",
                          "donate", "promise", "send", "deliver", "supply", "lend"})
FUTURE_AUX = frozenset({"will", "shall"})
# Verbs whose subject made the promise their object names ("the pledge Japan made").
MAKING_VERBS = frozenset({"make", "give", "offer", "announce", "extend", "sign"})
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


def _mention_texts(actor: Any) -> frozenset[str]:
    """The words an actor is mentioned by."""
    return derived("mention texts", actor, len(actor.mentions),
                   lambda: frozenset(m.text for m in actor.mentions))


def extract_commitments(doc: Doc, index: ActorIndex, amounts: list[Amount],
                        dates: list[DateRef], quote_spans: list[tuple[int, int]],
                        events: list[Event] | None = None) -> list[Commitment]:
    lex = lexicon()
    partners = _Partners(index, events or [])
    verbs = set(lex["commissive_verbs"])
    nouns = set(lex["commissive_nouns"])
    reaffirm = set(lex["reaffirm_cues"])
    adjectives = set(lex.get("commissive_adjectives") or [])
    object_promises = set(lex.get("object_promise_verbs") or [])
    money_nouns = set(lex.get("priced_deal_nouns") or [])
    deal_nouns = set(lex.get("deal_nouns") or [])
    deal_verbs = set(lex.get("deal_verbs") or [])
    receiving = set(lex.get("receiving_verbs") or [])
    decisions = set(lex.get("decision_nouns") or [])
    goals = set(lex.get("goal_nouns") or [])
    reactions = set(lex.get("reaction_verbs") or [])
    concessions = set(lex.get("concession_nouns") or [])
    granting = set(lex.get("granting_verbs") or [])
    habitual = set(lex.get("habitual_complements") or [])
    frames = set(lex.get("forecast_frames") or [])
    requests = set(lex.get("request_verbs") or [])
    parts = set(lex.get("part_words") or [])
    keeping = set(lex.get("keeping_verbs") or [])
    statement = _is_statement(doc, index, set(lex.get("statement_nouns") or []))
    out: list[Commitment] = []
    seen_actions: set[tuple[int, int]] = set()
    # Who the last sum pledged went to: a pledge that names no recipient at a donors'
    # conference ("Germany added €125 million") is for the same one.
    money_to: list[str] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        actions: list[Token] = []
        status = "new"
        predicted = False  # only a future tense, no word of promise
        owner_only = False  # the promise is its possessor's ("rejected Poland's offer")
        in_focus = False  # no owner named: the promise of the actor in focus
        part_of = False  # "$8 billion of the pledge": a part of it, not its sum
        kept = False  # "has not kept its promise": named, whether kept or not
        agreed_with: list[str] = []  # "the railway agreed with Peru": a partner in it
        if tok.pos_ == "VERB" and lemma in verbs:
            actions = [a for a in _complement_verbs(tok) if a.lemma_.lower() not in habitual]
            if not actions and tok.dep_ == "relcl" and (
                    tok.head.pos_ in ("NOUN", "NUM", "PROPN")) and _named_subject(tok):
                # "the 10,000 troops it promised Washington are on the border": the noun
                # the clause qualifies is what was promised (an object naming an actor
                # is whom to).
                actions = [tok.head]
            if not actions and tok.dep_ == "amod" and tok.head.pos_ in ("NUM", "NOUN", "SYM") and (
                    _holds_amount(tok.head, amounts) or any(
                        c.dep_ == "poss" for c in tok.head.children)) and (
                    not in_spans(tok, quote_spans)):
                # "Qatar's promised $50 billion has barely moved", "Germany's promised tanks
                # arrived": the thing is the promise of its owner.
                actions = [tok.head]
            if not actions and lemma in MONEY_VERBS and _money_object(tok, amounts):
                actions = [tok]
            if not actions and tok.tag_ in ("VBN", "VBD") and tok.dep_ in ("acl", "advcl") and (
                    tok.i > 0 and tok.doc[tok.i - 1].pos_ == "NOUN") and not any(
                    c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "dobj")
                    for c in tok.children) and not in_spans(tok, quote_spans):
                # "its part of the railway agreed with Peru last year": the noun before the
                # participle is what was agreed, by the clause's subject and its partner.
                actions = [tok.doc[tok.i - 1]]
                agreed_with = [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
                               for p in c.children if p.dep_ == "pobj" for a in actors_of(p, index)]
            if not actions and lemma in object_promises:
                actions = [c for c in tok.children if c.dep_ == "dobj"]
            if not actions and _is_future(tok) and (
                    not any(c.dep_ in ("xcomp", "prep") for c in tok.children)
                    or any(c.dep_ == "dobj" for c in tok.children)):
                # "Support for civil society will continue": the verb is the whole promise;
                # "would keep up military aid to Kyiv": the verb and its object.
                actions = [tok]
                predicted = True
            if lemma in reaffirm:
                status = "reaffirmed"
        elif tok.pos_ == "VERB" and lemma in MONEY_VERBS and has_amount_object(tok, amounts) and (
                not (lemma in deal_verbs and any(c.dep_ == "dobj" and c.lemma_.lower() in (
                    deal_nouns | money_nouns) for c in tok.children))):
            # "Germany added €125 million"; "approved a contribution of $5 million" is the
            # contribution's, below.
            actions = [tok]
        elif tok.pos_ == "ADJ" and lemma in adjectives and tok.dep_ in ("acomp", "oprd") and (
                not in_spans(tok, quote_spans)):
            # "remained committed to the project": the project, when no act is named.
            # "is committed to spending 2 percent of GDP on defence": the gerund.
            actions = _complement_verbs(tok) or [
                p for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"
                for p in c.children if (p.dep_ == "pobj" and p.pos_ == "NOUN") or (
                    p.dep_ == "pcomp" and p.pos_ == "VERB")]
            if tok.head.lemma_.lower() in reaffirm:
                status = "reaffirmed"
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
        elif tok.pos_ == "NOUN" and lemma in money_nouns and _unowned_subject(tok) and (
                _holds_amount(tok, amounts)) and not in_spans(tok, quote_spans):
            # "The C$1.3 billion border plan is another matter", "The centrepiece, a plan
            # worth C$1.3 billion, was announced in December": a priced plan named with
            # no owner is the one of whom the text was speaking (with one, its owner's).
            actions = [tok]
            in_focus = True
            tok = tok.head if tok.dep_ != "appos" else tok.head.head
        elif tok.pos_ == "NOUN" and lemma in decisions and tok.dep_ == "dobj" and (
                tok.head.lemma_.lower() in reaffirm | verbs) and _has_infinitive(tok) and (
                not in_spans(tok.head, quote_spans)):
            # "reaffirmed its decision of 8 May to deploy the Standby Force": restated.
            actions = [tok]
            status = "reaffirmed" if tok.head.lemma_.lower() in reaffirm else status
            tok = tok.head
        elif tok.pos_ == "NOUN" and lemma in nouns and (made := next(
                (c for c in tok.children if c.dep_ == "relcl" and _named_subject(c)
                 and c.lemma_.lower() in MAKING_VERBS), None)) is not None:
            # "ticking off one of the promises Ottawa made": the clause names the maker.
            actions = [tok]
            tok = made
        elif tok.pos_ == "NOUN" and tok.lower_ in concessions and tok.dep_ in ("dobj", "pobj") and (
                (tok.head if tok.dep_ == "dobj" else tok.head.head).lemma_.lower() in granting
                ) and not in_spans(tok, quote_spans):
            # "is giving a one-month exemption from the tariffs", "turned the carve-out
            # into an exemption for all goods"
            actions = [tok]
            tok = tok.head if tok.dep_ == "dobj" else tok.head.head
        elif tok.pos_ == "NOUN" and lemma in goals and tok.dep_ == "dobj" and (
                tok.head.lemma_.lower() in reaffirm) and not in_spans(tok, quote_spans):
            actions = [tok]  # "Muto restated the goal on Tuesday"
            status = "reaffirmed"
            tok = tok.head
        elif tok.pos_ == "NOUN" and lemma in nouns and tok.dep_ == "pobj" and (
                tok.head.lower_ == "of") and (_holds_amount(tok.head.head, amounts) or (
                    tok.head.head.lower_ in parts)) and not in_spans(tok, quote_spans):
            # "About $8 billion of the pledge has been invested", "most of the pledge": a
            # part of the promise, told with what became of it.
            actions = [tok]
            part_of = True
            quantity = tok.head.head
            tok = quantity.head if quantity.head.pos_ in ("VERB", "AUX") else quantity
        elif tok.pos_ == "NOUN" and lemma in nouns and tok.head.pos_ in ("VERB", "AUX") and (
                tok.head.pos_ == "VERB" or (tok.dep_ == "nsubj" and (
                    _has_infinitive(tok) or _holds_amount(tok, amounts)))):
            # ("Qatar's pledge to put $50 billion into the economy is the largest": the
            # subject of a copula too, when it says what was promised.)
            governor = tok.head
            if tok.dep_ not in ("dobj", "nsubj", "attr", "nsubjpass") or in_spans(
                    governor, quote_spans):
                continue
            if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
                continue  # "contains no security guarantee": the promise is absent
            if governor.lemma_.lower() in reaffirm:
                status = "reaffirmed"
            # "Trump welcomed the offer", "Germany rejected Poland's offer": the one who
            # reacts is not the one who promised.
            # ("Saudi Arabia's promise ... was welcomed by Trump": the same, said passively.)
            owner_only = tok.dep_ in ("dobj", "nsubjpass") and (
                governor.lemma_.lower() in reactions)
            kept = tok.dep_ == "dobj" and governor.lemma_.lower() in keeping
            actions = [tok]
            tok = governor
        elif tok.pos_ == "VERB" and _is_future(tok):
            actions = [tok]
            predicted = True
        else:
            continue
        if not kept and _cancelled(tok, allow_modal=_reported_future(tok)):
            continue
        if _asked(tok):
            continue  # "What did Mexico offer?", "Will Germany send tanks?": a question
        if predicted and lemma in requests:
            continue  # "Trump would ask the kingdom to raise it": a request
        if predicted and _framed_as_forecast(tok, frames):
            continue  # "Summit noted that Zimbabwe will hold elections": observed, not promised
        subj = _subject(tok)
        by = _subject_actors(subj, index)
        reactors: list[str] = []
        if owner_only:
            reactors, by = by, _owners(actions[0], index)
            if not by:
                continue
            # "Germany rejected Poland's offer": the offer was made to Germany.
            reactors = [a for a in reactors
                        if index.code(a) not in {index.code(b) for b in by}]
        voiced: Token | None = None
        if not by and statement and (predicted or _is_future(tok)) and subj is not None and (
                subj.pos_ == "NOUN" and not in_spans(tok, quote_spans)):
            # A statement's own future ("Support for Georgian civil society will continue")
            # is its issuer's promise.
            by = list(index.author)
            voiced = subj
        agent = next((p for c in tok.children if c.dep_ == "agent" for p in c.children
                      if p.dep_ == "pobj"), None)
        if agent is not None and owner_only:
            # "Saudi Arabia's promise was welcomed by Trump": made to the one who reacts.
            reactors = [a for a in actors_of(agent, index)
                        if index.code(a) not in {index.code(b) for b in by}]
        elif agent is not None:
            by = actors_of(agent, index) or by  # "€5.8bn was pledged by the donors"
        giver = []
        if tok.lemma_.lower() in receiving:
            giver = _giver(tok, index) or next(
                (g for a in actions if a.pos_ == "NOUN" for g in [_giver(a, index)] if g), [])
        receiver: list[str] = list(reactors)
        if giver:
            # "Jordan will receive $1.5 billion from the World Bank": the bank promises.
            by, receiver = giver, by
        if not by and actions and actions[0].pos_ in ("NOUN", "NUM", "SYM"):
            by = _owners(actions[0], index)  # "Qatar's pledge", "Qatar's promised $50 billion"
        if not by and predicted and tok.dep_ == "relcl" and subj is not None and (
                subj.tag_ in ("WP", "WDT")) and not in_spans(tok, quote_spans):
            # "a fentanyl czar, a senior official who will coordinate the response": what a
            # new post or thing will do, told with no owner, is the promise of the actor in
            # focus; the promise is the thing, named with what it will do.
            in_focus = True
            thing = tok.head
            actions = [thing.head if thing.dep_ == "appos" else thing]
        if agreed_with and by:
            by = list(dict.fromkeys([*by, *agreed_with]))
        if not by and tok.i > 0 and tok.doc[tok.i - 1].dep_ == "case" and (
                tok.doc[tok.i - 1].lower_ in ("'s", "’s")) and tok.pos_ in ("VERB", "ADJ"):
            # "a fraction of Saudi Arabia's promised $600 billion", parsed with "promised" as
            # a verb of its own: the possessor before it made the promise, and the sum is
            # what was promised.
            by = actors_of(tok.doc[tok.i - 1].head, index)
            actions = [c for c in tok.children if c.dep_ == "dobj"
                       and _holds_amount(c, amounts)] or actions
        if not by and part_of:
            by = _actor_in_focus(index, doc, tok.sent.start)
        if not by and in_focus:
            # "Its centrepiece, a rail plan worth $2 billion": the owner of what it stands beside.
            head = actions[0].head if actions[0].dep_ == "appos" else None
            by = (_owners(head, index) if head is not None else []) or _actor_in_focus(
                index, doc, tok.sent.start)
        if not by:
            continue
        if predicted and _speaker_foretells_other(tok, by, index, quote_spans):
            continue  # Lammy: "Tehran will pay a price": a warning about Iran, no promise
        if predicted and _told_by_other(tok, by, index):
            continue  # "Analysts said Indian investment would climb": a forecast
        for action in actions:
            span = _action_span(action)
            if span in seen_actions:
                continue
            seen_actions.add(span)
            commitment = _build(doc, index, tok, action, span, by, status, amounts, dates,
                                money_to, partners)
            if commitment is None:
                continue
            if receiver:
                commitment.to = list(receiver)
            if voiced is not None and not commitment.to:
                # "Support for Georgian civil society will continue": for whom, in the subject.
                codes = {index.code(a) for a in by}
                commitment.to = list(dict.fromkeys(
                    index.token_actor[t.i] for t in voiced.subtree if t.i in index.token_actor
                    and index.code(index.token_actor[t.i]) not in codes))
            split = _respectively(doc, index, tok, commitment, amounts) or _split_sums(
                doc, commitment, span, amounts)
            if split:
                out.extend(split)
                money_to = next((list(c.to) for c in split if c.amount is not None and c.to),
                                money_to)
                continue
            if predicted and commitment.topic == "other" and commitment.amount is None:
                continue  # "the Kremlin will read silence as permission": a forecast
            if action.lemma_.lower() in goals and classify_topic(commitment.action) == "other":
                _inherit(commitment, out, index)
            out.append(commitment)
            if commitment.amount is not None and commitment.to:
                money_to = list(commitment.to)
    out.extend(_bullet_pledges(doc, index, out, amounts))
    return out


COOPERATIVE_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID",
                               "RETREAT", "REQUEST"})


class _Partners:
    """Whom each actor has dealt with in the text so far, from the events extracted
    before: a pledge that names no recipient ("Ottawa will press ahead with its border
    package") is made to the party its maker has been dealing with ("each offered
    Washington fresh border measures"), not to the text's most named other party."""

    def __init__(self, index: ActorIndex, events: list[Event]) -> None:
        self.index = index
        # Dealings are cooperation (CAMEO quad classes 1 and 2): a promise is not made to
        # the party one has just condemned.
        self.events = sorted((e for e in events if e.type in COOPERATIVE_TYPES),
                             key=lambda e: e.trigger.start)
        self.promisees: dict[str, dict[str, int]] = {}
        self._reset()

    def _reset(self) -> None:
        # Counted as the text is read, so that a long text costs one pass over its events.
        self.read = 0
        self.until = -1
        self.counts: dict[str, dict[str, int]] = {}

    def promised(self, by: list[str], to: list[str]) -> None:
        """Record whom the text says a promiser promised."""
        code = self.index.code
        for maker in {code(a) for a in by}:
            row = self.promisees.setdefault(maker, {})
            for actor_id in to:
                if code(actor_id) not in ("UNK", maker):
                    row[code(actor_id)] = row.get(code(actor_id), 0) + 1

    def fellow_promisee(self, by: list[str], to: list[str]) -> list[str]:
        """An inferred recipient who is itself a promiser in the text passes the promise
        on to whom it promised: "the 10,000 troops Sheinbaum offered Trump ... Canada names
        its fentanyl czar" — Canada's pledge, like Mexico's, is to the United States, not to
        its fellow promiser Mexico."""
        if len(to) != 1:
            return to
        by_codes = {self.index.code(a) for a in by}
        theirs = {c: n for c, n in self.promisees.get(self.index.code(to[0]), {}).items()
                  if c not in by_codes}
        if not theirs:
            return to
        return [self.index.representative(max(theirs, key=lambda c: theirs[c]))]

    def _named(self, event: Event) -> bool:
        """Both sides are named in the event's sentence: a target the event extractor
        only inferred (from the text's main parties) says nothing about dealings."""
        start, end = event.sentence.start, event.sentence.end
        return all(any(self.named_in(a, start, end) for a in side)
                   for side in (event.source, event.target))

    def named_in(self, actor_id: str, start: int, end: int) -> bool:
        """The actor is named between these character offsets."""
        # By bisection over the actor's mention offsets: a long text names one country
        # thousands of times, and every event asks.
        actor = self.index.by_id(actor_id)
        starts = derived("mention starts", actor, len(actor.mentions),
                         lambda: sorted(m.start for m in actor.mentions))
        at = bisect_left(starts, start)
        return at < len(starts) and starts[at] < end

    def of(self, by: list[str], before: int) -> list[str]:
        if before < self.until:
            self._reset()
        self.until = before
        code = self.index.code
        while self.read < len(self.events) and self.events[self.read].trigger.start < before:
            event = self.events[self.read]
            self.read += 1
            if not self._named(event):
                continue
            for mine in {code(a) for a in event.source}:
                row = self.counts.setdefault(mine, {})
                for theirs in {code(a) for a in event.target} - {mine, "UNK"}:
                    row[theirs] = row.get(theirs, 0) + 1
        by_codes = {code(a) for a in by}
        totals: dict[str, int] = {}
        for mine in by_codes:
            for theirs, n in self.counts.get(mine, {}).items():
                if theirs not in by_codes:
                    totals[theirs] = totals.get(theirs, 0) + n
        if not totals:
            return []
        return [self.index.representative(max(totals, key=lambda c: totals[c]))]


def _inherit(commitment: Commitment, earlier: list[Commitment], index: ActorIndex) -> None:
    """'restated the goal': the goal is the last promise its holder made in the text, with
    that promise's topic, sum and recipient."""
    codes = {index.code(a) for a in commitment.by}
    for before in reversed(earlier):
        if codes & {index.code(a) for a in before.by}:
            commitment.topic = before.topic
            commitment.amount = commitment.amount or before.amount
            commitment.to = commitment.to or list(before.to)
            return


def _told_by_other(verb: Token, by: list[str], index: ActorIndex) -> bool:
    """A future told by someone who is not its doer ('analysts told reporters that Indian
    investment would climb'); 'Modi told Biden that Indian investment would climb' is
    India's word."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in REPORTING:
        return False
    teller = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if teller is None or teller.pos_ == "PRON":
        return False
    return not {index.code(a) for a in actors_of(teller, index)} & {
        index.code(a) for a in by}


def _named_subject(verb: Token) -> bool:
    """The clause's subject is a word of its own ('the pause Putin agreed'), not the
    relative pronoun standing for the noun ('the leaders who agreed')."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WP", "WDT")
               and c.lower_ != "that" for c in verb.children)


def _asked(tok: Token) -> bool:
    """The clause of the token ends in a question mark."""
    text = text_of(tok.doc)
    end = tok.sent.end_char
    stop = re.compile(r"[.!?]").search(text, tok.idx + len(tok.text), end)
    return stop is not None and stop.group(0) == "?"


def _is_statement(doc: Doc, index: ActorIndex, statement_nouns: set[str]) -> bool:
    """A statement, communiqué or declaration whose issuer the heading names."""
    if not index.author:
        return False
    heading = "\n".join(text_of(doc).lstrip().splitlines()[:2]).lower()
    return any(re.search(rf"\b{re.escape(n)}\b", heading) for n in statement_nouns)


def _subject(tok: Token) -> Token | None:
    subj = subject_of(tok)
    if subj is None and tok.dep_ == "acl" and tok.head.pos_ == "PROPN" and any(
            c.dep_ == "xcomp" for c in tok.children):
        # "Oligui, who headed the Guard, promised to hold elections": parsed as a modifier.
        subj = tok.head
    if subj is None and tok.lemma_.lower() == "commit":
        # "Canada is committed to spending 2 percent of GDP": the committed party.
        subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    start, _ = _block(tok)
    if subj is not None and subj.idx < start:
        # A parse that ran the paragraph above into this one: the subject is the first
        # noun of the verb's own paragraph ("... von der Leyen\n\nGermany and Britain pledged").
        subj = next((t for t in tok.sent if start <= t.idx < tok.idx
                     and t.pos_ in ("PROPN", "NOUN", "PRON")), None)
    return subj


def _subject_actors(subj: Token | None, index: ActorIndex) -> list[str]:
    if subj is None:
        return []
    head = subj.head
    if subj.pos_ == "PRON" and subj.lower_ in ("they", "it") and head.dep_ == "ccomp" and (
            head.head.lemma_.lower() in REPORTING):
        # "Saudi officials say they intend to ...": the reporters speak of themselves.
        reporter = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if reporter is not None and reporter.pos_ != "PRON":
            found = actors_of(reporter, index)
            if found:
                return found
    by = actors_of(subj, index)
    if not by and subj.pos_ == "NOUN":
        # "The interim authorities under President al-Sharaa": who they answer to.
        by = [a for c in subj.children if c.dep_ == "prep" and c.lower_ == "under"
              for p in c.children if p.dep_ == "pobj" for a in actors_of(p, index)]
    return by


def _framed_as_forecast(verb: Token, frames: set[str]) -> bool:
    clause = verb
    for _ in range(3):
        if clause.dep_ == "ccomp":
            return clause.head.lemma_.lower() in frames
        if clause.dep_ != "conj" or clause.head.i == clause.i:
            return False
        clause = clause.head
    return False


def _speaker_foretells_other(verb: Token, by: list[str], index: ActorIndex,
                             quote_spans: list[tuple[int, int]]) -> bool:
    """A quoted future whose subject is another state than the speaker's: a warning or
    forecast about that state ("Tehran will pay a price"), not the speaker's promise."""
    if not in_spans(verb, quote_spans):
        return False
    speakers = next((ids for start, end, ids in index.speakers if start <= verb.idx < end), [])
    if not speakers:
        return False
    own = {index.code(a) for a in speakers}
    states = [a for a in by if index.by_id(a).kind == "country"]
    return len(states) == len(by) and not own & {index.code(a) for a in by}


def _infinitives(noun: Token) -> list[Token]:
    """The to-infinitives inside a noun phrase ('its decision of 8 May, taken in Windhoek,
    to deploy the force': the parse may hang the infinitive on any word of the phrase)."""
    return [t for t in noun.subtree if t is not noun and t.pos_ == "VERB" and any(
        g.dep_ == "aux" and g.lower_ == "to" for g in t.children)]


def _has_infinitive(noun: Token) -> bool:
    return bool(_infinitives(noun))


def _cancelled(verb: Token, allow_modal: bool) -> str | None:
    """cancelled_reason, except that a coordinated clause with its own subject and
    auxiliary ("Europe will not let Russia win, and we will stay at the side of the
    Ukrainians") does not take the negation of the clause before it."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "aux")]
    if verb.dep_ == "conj" and {c.dep_ for c in own} >= {"aux"} and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in own):
        if any(c.dep_ == "neg" or c.lower_ in ("never", "nor", "neither")
               for c in verb.children):
            return "negated"
        return None
    return cancelled_reason(verb, allow_modal=allow_modal)


# The same sum in another currency or as an approximation ("$200 million, or about 734.5
# million dirhams", "1.5 trillion rupees ($18 billion)").
RESTATED = re.compile(r"^[\s,;(]*(?:or|i\.e\.|equivalent to|about|roughly|some|approximately|"
                      r"around|nearly)?[\s,(]*(?:about|roughly|some|approximately|around|"
                      r"nearly)?\s*$", re.I)


def _distinct_sums(doc: Doc, amounts: list[Amount]) -> list[Amount]:
    """Amounts in text order with restatements of the sum before them left out."""
    text = text_of(doc)
    out: list[Amount] = []
    for a in sorted(amounts, key=lambda a: a.start):
        if out and a.start - out[-1].end < 25 and RESTATED.match(text[out[-1].end:a.start]):
            continue
        out.append(a)
    return out


def _split_sums(doc: Doc, commitment: Commitment, span: tuple[int, int],
                amounts: list[Amount]) -> list[Commitment]:
    """'provide $100 million in financial support and up to a further $100 million in
    logistical assistance': one commitment per sum, each topic from its own words."""
    start, end = span
    sums = _distinct_sums(doc, [a for a in amounts if start <= a.start < end])
    if len(sums) < 2 or commitment.amount is None:
        return []
    text = text_of(doc)
    out = []
    for n, amount in enumerate(sums):
        stop = sums[n + 1].start if n + 1 < len(sums) else end
        topic = classify_topic(text[amount.start:stop])
        if topic == "other":
            topic = commitment.topic
        out.append(dataclasses.replace(commitment, amount=amount, topic=topic,
                                       to=list(commitment.to)))
    return out


BULLET = re.compile(r"^[ \t]*[-•*–][ \t]+(.+)$", re.M)


def _bullet_pledges(doc: Doc, index: ActorIndex, found: list[Commitment],
                    amounts: list[Amount]) -> list[Commitment]:
    """A bulleted list of sums under a pledge ('The total, announced by the EU, ... breaks
    down as follows: - grants: €4.2 billion ...'): each sum not yet claimed is a pledge
    of the actor a bullet names, else of the pledger of the line above the list."""
    text = text_of(doc)
    claimed = {c.amount.start for c in found if c.amount is not None}
    out: list[Commitment] = []
    lead: Commitment | None = None
    lead_line = -1
    for m in BULLET.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        above = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        if not BULLET.match(text, above) and above != lead_line:
            # The first bullet of a list: its lead is the last sum pledged on the line above.
            lead_line = above
            lead = next((c for c in reversed(found) if c.amount is not None
                         and above <= c.trigger.start < line_start), None)
        if lead is None:
            continue
        sums = [a for a in _distinct_sums(doc, amounts) if m.start(1) <= a.start < m.end(1)]
        for amount in sums:
            if amount.start in claimed:
                continue
            span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            named = [index.token_actor[t.i] for t in span or [] if t.i in index.token_actor]
            by = named[:1] or list(lead.by)
            by_codes = {index.code(a) for a in by}
            to = [a for a in lead.to if index.code(a) not in by_codes]
            topic = classify_topic(m.group(1))
            evidence = Span(m.start(1), m.end(1), m.group(1))
            out.append(Commitment(
                by=by, to=to, action=m.group(1), topic="aid" if topic == "other" else topic,
                status=lead.status, evidence=evidence,
                trigger=Span(amount.start, amount.end, amount.text), amount=amount))
            claimed.add(amount.start)
    return out


def _place_or_pair_target(index: ActorIndex, objects: list[Token], by_codes: set[str],
                          trigger: Token) -> list[str]:
    """Objects that name no actor themselves: a capital or city stands for its country
    when that country is an actor of the text ('military aid to Kyiv'); 'with both' for the
    two others named before in the sentence ('spoke with Zelensky and Yoon ... consult
    closely with both')."""
    cities = city_table()
    for obj in objects:
        if obj.lower_ in ("both", "them") and obj.pos_ in ("PRON", "DET", "NOUN"):
            named: list[str] = []
            for _, actor_id in index.actor_tokens_back(obj.i, since=trigger.sent.start):
                if index.code(actor_id) not in by_codes and actor_id not in named:
                    named.append(actor_id)
            if len(named) >= 2:
                return named[:2]
        if obj.pos_ == "PROPN":
            # "withdraw from southern Lebanon": a country named as a place.
            same = [a.id for a in index.actors if a.kind == "country" and a.code not in by_codes
                    and (a.name == obj.text or obj.text in _mention_texts(a))]
            if same:
                return same[:1]
        city = cities.get(obj.text) if obj.pos_ == "PROPN" else None
        if city is not None and city.country and city.country not in by_codes:
            match = [a.id for a in index.actors if a.code == city.country and a.kind == "country"]
            if match:
                return match[:1]
    return []


def _block(tok: Token) -> tuple[int, int]:
    """The token's sentence, cut at paragraph breaks and list items: a parse may run a
    bulleted list into the paragraph after it, and a sum there is no part of the promise."""
    sent = tok.sent
    text = text_of(tok.doc)
    start, end = sent.start_char, sent.end_char
    brk = text.rfind("\n\n", start, tok.idx)
    if brk != -1:
        start = brk + 2
    brk = text.find("\n\n", tok.idx, end)
    if brk != -1:
        end = brk
    for m in BULLET.finditer(text, start, end):
        if m.start() <= tok.idx:
            start = max(start, m.start())
        elif m.start() < end:
            end = m.start()
            break
    line_end = text.find("\n", tok.idx, end)
    if BULLET.match(text, start) and line_end != -1:
        end = line_end  # a list item ends with its line
    return start, end


def _owners(noun: Token, index: ActorIndex) -> list[str]:
    """The actors of a noun's possessor ("Poland's offer", "its plan")."""
    return [a for c in noun.children if c.dep_ == "poss" for a in actors_of(c, index)]


def _unowned_subject(noun: Token) -> bool:
    """The subject of its clause, or set beside the subject ("The centrepiece, a border
    plan worth ..., was announced"); its possessor, if any, is its owner ("The EU's 50
    billion euro facility for Ukraine will run until 2027")."""
    if noun.dep_ == "appos":
        return noun.head.dep_ in ("nsubj", "nsubjpass")
    return noun.dep_ in ("nsubj", "nsubjpass")


FOCUS_REACH = 120  # tokens: about the last three sentences


def _actor_in_focus(index: ActorIndex, doc: Doc, before: int) -> list[str]:
    """The actor the text was speaking of before token `before`, within reach: the nearest
    one named as a subject or owner ("What did Canada offer?", "Saudi Arabia's promised
    $600 billion has reached the United States"), else the nearest one; of a known
    country."""
    nearest: list[str] = []
    for i, actor_id in index.actor_tokens_back(before, since=max(0, before - FOCUS_REACH)):
        if index.code(actor_id) == "UNK":
            continue
        tok = doc[i]
        while tok.dep_ == "compound" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass", "poss") or any(
                c.dep_ == "case" for c in tok.children):
            return [actor_id]
        nearest = nearest or [actor_id]
    return nearest


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
    _, sent_end = _block(noun)
    text = text_of(noun.doc)
    return next((a for a in amounts if end <= a.start < sent_end
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
    start, end = _block(trigger)
    if "respectively" not in text_of(doc)[start:end].lower() or len(commitment.by) < 2:
        return []
    sums = [a for a in amounts if start <= a.start < end
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
        if child.dep_ == "xcomp" or (child.dep_ == "advcl" and child.tag_ == "VB" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children)):
            # "promised in return to act against ...": the parse may make the infinitive
            # an adverbial clause when words come between.
            heads.append(child)
        elif child.dep_ == "prep" and child.lower_ == "to":
            # "agreed to a ceasefire" is a promise; "pledged $50 million to Sudan" and
            # "pledged to Kyiv" name whom to.
            heads.extend(g for g in child.children if g.dep_ == "pcomp" or (
                g.dep_ == "pobj" and g.pos_ != "PROPN"
                and not any(c.dep_ == "dobj" for c in verb.children)))
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
    _, sent_end = _block(verb)
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
        if child.dep_ == "advcl" and any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children):
            continue  # "..., while Hamas is to release hostages": another party's promise
        if child.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") or (
                child.dep_ in ("aux", "punct", "npadvmod") and child.i < action.i
                and child.lower_ != "to"):
            continue  # "TOKYO, June 3 — Japan will provide ...": the promise is "provide ..."
        toks.extend(child.subtree)
    start = min(t.idx for t in toks)
    clause = action
    while clause.dep_ == "xcomp" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "relcl" and clause.pos_ in ("VERB", "AUX") and _named_subject(clause):
        # "the Reconstruction Investment Fund, which Kyiv and the DFC are to run": what is
        # promised includes the noun the clause is about.
        start = min(start, clause.head.left_edge.idx)
    last = max(toks, key=lambda t: t.idx)
    return start, last.idx + len(last.text)


def _without_origins(doc: Doc, text: str, offset: int) -> str:
    """The text with its 'from ...' phrases and appositions blanked: what a sum or a
    resource comes from ('half of the revenue from oil and gas ... into a reconstruction
    fund') is not what it is promised for, and an aside on what the money buys ('the border
    package, money earmarked for aircraft and officers') does not outweigh its head."""
    chars = list(text)
    end = offset + len(text)
    for tok in doc.char_span(offset, end, alignment_mode="expand") or []:
        if (tok.dep_ == "prep" and tok.lower_ == "from") or tok.dep_ in ("appos", "npadvmod"):
            sub = list(tok.subtree)
            lo = max(sub[0].idx, offset)
            hi = min(sub[-1].idx + len(sub[-1].text), end)
            chars[lo - offset:hi - offset] = " " * max(0, hi - lo)
    return "".join(chars)


def _build(doc: Doc, index: ActorIndex, trigger: Token, action: Token, span: tuple[int, int],
           by: list[str], status: str, amounts: list[Amount],
           dates: list[DateRef], money_to: list[str] | None = None,
           partners: _Partners | None = None) -> Commitment | None:
    start, end = span
    text = text_of(doc)[start:end]
    sent = trigger.sent
    amount = next((a for a in amounts if start <= a.start < end), None)
    if amount is None and action.pos_ == "NOUN":
        amount = _price_after(action, amounts)  # "a contract ..., a deal worth $6.5bn"
    if amount is None and trigger.lemma_.lower() in MONEY_VERBS and (
            action.i == trigger.i or not action.conjuncts):
        # "pledged $5 million for Sudan": the verb's sum; but of "promised to lift investment
        # to $1 trillion and to buy more LNG" the sum is the first promise's alone.
        block_start, block_end = _block(trigger)
        amount = next((a for a in amounts if block_start <= a.start < block_end
                       and a.start > trigger.idx), None)
    full = text_of(doc)
    if action.pos_ == "NOUN" and action.lemma_.lower() in set(lexicon()["commissive_nouns"]) and (
            classify_topic(text) == "other" and amount is None):
        # "one of the promises Ottawa made to win the pause": the words say nothing of what
        # was promised; its sentence does ("named Brosseau as fentanyl czar, ticking off
        # one of the promises ...").
        text = sent.text
    context = text if amount is None else full[min(start, amount.start):max(end, amount.end)]
    topic = classify_topic(_without_origins(doc, context, start if amount is None
                                            else min(start, amount.start)))
    if topic == "other":
        topic = classify_topic(context)
    subj = _subject(trigger)
    if topic == "other" and subj is not None and subj.i < trigger.i:
        # "Israeli troops are to pull back": who acts says what kind of promise it is.
        words = list(subj.subtree)
        topic = classify_topic(full[words[0].idx:words[-1].idx + len(words[-1].text)])
    if topic == "other":
        # The trigger's own line: a parse may run a sentence into the list above it.
        line_start = full.rfind("\n", sent.start_char, trigger.idx) + 1 or sent.start_char
        line_end = full.find("\n", trigger.idx, sent.end_char)
        topic = classify_topic(full[max(line_start, sent.start_char):
                                    line_end if line_end != -1 else sent.end_char])
    if topic == "diplomacy" and amount is not None and classify_topic(context) == "other":
        # A sum whose own words name no purpose: the "summit" or "talks" of its line is
        # where it was given, not what it is for.
        topic = "other"
    if topic == "other" and amount is not None:
        topic = "aid"  # money promised with no other purpose named: a contribution
    by_codes = {index.code(a) for a in by}
    to: list[str] = []
    # "its decision to deploy the force in support of the DRC": the decided act's objects.
    acts = _infinitives(action) if action.pos_ == "NOUN" else []
    for obj in [*object_candidates(action), *(o for a in acts for o in object_candidates(a)),
                *object_candidates(trigger)]:
        for actor_id in actors_of(obj, index):
            if index.code(actor_id) not in by_codes and actor_id not in to:
                to.append(actor_id)
        if to:
            break
    if not to:
        to = _place_or_pair_target(index, [*object_candidates(action),
                                           *object_candidates(trigger)], by_codes, trigger)
    if to and partners is not None:
        partners.promised(by, to)
    if not to and amount is not None:
        to = [a for a in money_to or [] if index.code(a) not in by_codes]
    # "Jamaica and the Bahamas offered personnel": a thing given goes to a third party.
    given = action.pos_ in ("NOUN", "PROPN") and action.dep_ in ("dobj", "obj") and (
        action.head.i == trigger.i) and trigger.lemma_.lower() in GIVING_VERBS
    if not to and len(by_codes) >= 2 and not given:
        # "Kyiv and Washington will run the fund on an equal footing": parties promising
        # together promise each other.
        to = list(by)
    internal = amount is None and all(index.by_id(a).kind == "igo" for a in by)
    if not to and (len(by_codes) < 2 or given) and not internal:
        # Parties promising together ("Turkey and Greece agreed to resume talks") promise
        # each other, and an organisation ("NATO agreed to raise spending") its members,
        # unless it gives money; no third party is implied.
        to = partners.of(by, trigger.idx) if partners else []
        if not to:
            to = implicit_target(by, index, trigger)
            if partners is not None:
                to = partners.fellow_promisee(by, to)
                # "would post troops along its frontier with the United States": a recipient
                # inferred but named where the promise is told is as good as a stated one.
                if to and all(partners.named_in(a, sent.start_char, sent.end_char)
                              for a in to):
                    partners.promised(by, to)
    deadline = next((d.value for d in dates_between(dates, start, end) if
                     text_of(doc)[max(0, d.start - 7):d.start].strip().lower().endswith(
                         ("by", "before", "until", "within"))), None)
    evidence = Span(sent.start_char, sent.end_char, sent.text)
    trig = Span(trigger.idx, trigger.idx + len(trigger.text), trigger.text)
    return Commitment(by=list(by), to=to, action=text, topic=topic, status=status,
                      evidence=evidence, trigger=trig, amount=amount, deadline=deadline)
