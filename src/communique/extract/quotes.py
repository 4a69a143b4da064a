"""Quotations and who said them.

Quote spans come from quotation marks (curly and straight, across sentences) and from
transcript lines ("SPEAKER: text"). The speaker is the subject of the reporting verb
outside the quote ("..., she said"; "X said: ..."; "X reiterated the country's
'...'"), the object of "according to", a statement noun ("the joint statement read"),
or, for a quote with no cue of its own, the speaker of the quote just before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Token

from communique.extract.actors import ActorIndex
from communique.extract.arguments import actors_of, subject_of
from communique.extract.text import text_of
from communique.model import Quote
from communique.resources import lexicon

QUOTE_PATTERNS = (
    re.compile(r"“([^”]{2,}?)”", re.S),
    re.compile(r'"([^"\n]{2,}?)"'),
)
# A transcript turn: up to four capitalised words before the colon ("MR. MILLER: ...").
TRANSCRIPT_LINE = re.compile(r"^([A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3}):\s+(\S.+)$", re.M)


# Nouns of office: a subject "the minister", "Haiti's Minister for Foreign Affairs" is a
# person speaking for the country it names.
TITLE_NOUNS = frozenset({"minister", "president", "premier", "chancellor", "secretary",
                         "ambassador", "envoy", "representative", "spokesman", "spokeswoman",
                         "spokesperson", "foreign", "leader", "king", "emir", "official",
                         "diplomat", "commissioner", "chairman", "chairperson"})

# '," he said. "' / '," the minister added. "': an attribution between two parts of a quote.
CONTINUED = re.compile(r"""[\s,.”"’']*(?:\w[\w.'’-]*\s+){1,3}(?:said|says|added|continued|"""
                       r"""went\s+on|told)(?:\s+[\w'’-]+){0,4}[\s.,]*[“"]?""")


# '," it added.' right after a quote: "it" is the document quoted just before.
STATEMENT_GOES_ON = re.compile(
    r"""[,.”"’'\s]*it\s+(?:added|said|says|continued|noted|stated|read)\b""")


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted text (without the marks), in order, non-overlapping."""
    spans: list[tuple[int, int]] = []  # sorted; earlier patterns take precedence
    for pattern in QUOTE_PATTERNS:
        kept = list(spans)
        for m in pattern.finditer(text):
            s, e = m.span(1)
            at = bisect_left(spans, (s, s))
            overlaps = (at < len(spans) and spans[at][0] < e) or (
                at > 0 and spans[at - 1][1] > s)
            if not overlaps:
                kept.append((s, e))
        spans = sorted(kept)
    return spans


def extract_quotes(doc: Doc, index: ActorIndex) -> list[Quote]:
    text = text_of(doc)
    lex = lexicon()
    speech = set(lex["speech_verbs"])
    statements = set(lex["statement_nouns"])
    quotes: list[Quote] = []
    questioners = {str(n).lower() for n in lex.get("questioner_labels") or []}
    spans = find_quote_spans(text)
    for s, e in spans:
        inner = text[s:e].strip()
        if len(inner.split()) < 2 and not inner[:1].isupper():
            continue
        # The quote before, in the same paragraph and already attributed: "he said" /
        # "she added" after this one is most likely the same voice.
        prev = quotes[-1] if quotes and quotes[-1].speaker and "\n" not in text[
            quotes[-1].end:s] else None
        speaker_ids, name, cue = _attribute(doc, index, s, e, speech, statements, prev)
        if quotes and STATEMENT_GOES_ON.match(text, e) and any(
                w in (quotes[-1].speaker_name or "").lower().split() for w in statements):
            # '"...," according to the joint statement. "...," it added.': the statement.
            prev = quotes[-1]
            speaker_ids, name, cue = list(prev.speaker), prev.speaker_name, prev.cue
        if not speaker_ids and name is None and quotes and _adjacent(text, quotes[-1].end, s):
            prev = quotes[-1]
            speaker_ids, name, cue = list(prev.speaker), prev.speaker_name, prev.cue
        quotes.append(Quote(text=text[s:e], start=s, end=e, speaker=speaker_ids,
                            speaker_name=name, cue=cue))
    for m in TRANSCRIPT_LINE.finditer(text):
        s, e = m.span(2)
        if any(qs <= s < qe for qs, qe in spans):
            continue
        name = m.group(1).strip()
        if name.lower() in questioners:
            continue  # a reporter's question in a briefing quotes nobody
        ids = _ids_for_name(doc, index, m.start(1), m.end(1))
        quotes.append(Quote(text=text[s:e], start=s, end=e, speaker=ids,
                            speaker_name=name.title() if name.isupper() else name, cue=":"))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _adjacent(text: str, prev_end: int, start: int) -> bool:
    """Only punctuation, or the previous quote's own attribution ('," he said. "'), between
    two quotes: the quotation goes on."""
    gap = text[prev_end:start]
    if len(gap) < 8 and not re.search(r"\w", gap):
        return True
    return bool(CONTINUED.fullmatch(gap))


def _attribute(doc: Doc, index: ActorIndex, s: int, e: int, speech: set[str],
               statements: set[str], prev: Quote | None = None
               ) -> tuple[list[str], str | None, str | None]:
    span = doc.char_span(s, e, alignment_mode="expand")
    inside = [t for t in span if s <= t.idx < e] if span is not None else []
    if not inside:
        return [], None, None
    first, last = inside[0].sent, inside[-1].sent
    sents = [first] if first.start == last.start else [first, last]
    # The attribution is in the quote's own paragraph: a sentence the parser runs on past
    # a line break ('..." \nThe minister said ...') belongs to the next quote or statement.
    text = text_of(doc)
    para_start = text.rfind("\n", 0, s) + 1
    para_end = text.find("\n", e)
    para_end = len(text) if para_end == -1 else para_end
    sents = [doc[max(sent.start, _token_at(doc, para_start)):
                 min(sent.end, _token_at(doc, para_end) + 1)] for sent in sents]
    # 1. "according to X"
    for sent in sents:
        for tok in sent:
            if tok.lower_ == "according" and not (s <= tok.idx < e):
                nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
                if nxt is not None and nxt.lower_ == "to":
                    obj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return _speaker(doc, index, obj, statements, "according to")
    # 2. The verb that governs the quote from outside it.
    for tok in inside:
        head = tok
        hops = 0
        while head.head.i != head.i and s <= head.idx < e and hops < 20:
            head = head.head
            hops += 1
        if s <= head.idx < e:
            continue
        verb = head if head.pos_ in ("VERB", "AUX") else _verb_above(head)
        if verb is None or s <= verb.idx < e or not para_start <= verb.idx < para_end:
            continue  # a verb of quoted words, or of another paragraph, names no speaker
        result = _from_verb(doc, index, verb, statements, s, e, prev)
        if result[0] or result[1]:
            return result
        break
    # 3. A reporting verb in the sentence outside the quote ("..., she told the chamber.").
    for sent in sents:
        for tok in sent:
            if s <= tok.idx < e or tok.lemma_.lower() not in speech:
                continue
            if tok.pos_ != "VERB" and not (tok.dep_ == "ROOT" and any(
                    c.dep_ == "nsubj" for c in tok.children)):
                continue  # '..., the joint statement read.': "read" tagged as a noun
            result = _from_verb(doc, index, tok, statements, s, e, prev)
            if result[0] or result[1]:
                return result
    # 4. A quotation introduced by a colon ("X went further at his briefing: '...'";
    # "Excerpts, translated from French:"): the subject of the clause before the colon,
    # else the person the paragraph is about.
    before = text[max(0, text.rfind("\n", 0, para_start - 1) + 1):s].rstrip(" \t“\"‘'\n")
    if before.endswith(":"):
        colon = doc[_token_at(doc, len(before) - 1 + text.rfind(before, 0, s))]
        clause = colon.head if colon.head.pos_ in ("VERB", "AUX") else _verb_above(colon)
        subj = subject_of(clause) if clause is not None and not s <= clause.idx < e else None
        if subj is not None and not s <= subj.idx < e:
            result = _speaker(doc, index, subj, statements, ":", prev)
            if result[0]:
                return result
        about = _paragraph_person(doc, index, colon)
        if about is not None:
            return about[0], about[1], ":"
    return [], None, None


def _token_at(doc: Doc, char: int) -> int:
    """The index of the token at or just before a character offset."""
    span = doc.char_span(char, min(char + 1, len(text_of(doc))), alignment_mode="expand")
    if span is not None and len(span):
        return span.start
    return len(doc) - 1 if char >= len(text_of(doc)) else 0


def _verb_above(tok: Token) -> Token | None:
    hops = 0
    while tok.head.i != tok.i and hops < 10:
        tok = tok.head
        hops += 1
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _from_verb(doc: Doc, index: ActorIndex, verb: Token, statements: set[str], s: int,
               e: int, prev: Quote | None = None) -> tuple[list[str], str | None, str | None]:
    subj = subject_of(verb)
    if subj is None or s <= subj.idx < e:
        # "Article V ... applies", the statement said that "...": look one clause up.
        if verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
            subj = subject_of(verb.head)
        if subj is None or s <= subj.idx < e:
            return [], None, None
    return _speaker(doc, index, subj, statements, verb.lemma_, prev)


def _speaker(doc: Doc, index: ActorIndex, tok: Token, statements: set[str],
             cue: str, prev: Quote | None = None) -> tuple[list[str], str | None, str | None]:
    if tok.lower_ in statements or tok.lemma_.lower() in statements:
        # A statement speaks for whoever issued it; a joint one for the principal pair.
        ids = actors_of(tok, index) or index.principal()
        name = " ".join(t.text for t in tok.subtree
                        if t.dep_ in ("amod", "compound") or t.i == tok.i)
        return ids, name or tok.text, cue
    if tok.lower_ in ("he", "she") and tok.pos_ == "PRON":
        # '"...," he said.': the voice of the quote just before in the paragraph, else the
        # person the paragraph is about, not whoever was named last (inside the quote, or
        # as the object of the sentence).
        if prev is not None:
            return list(prev.speaker), prev.speaker_name, cue
        about = _paragraph_person(doc, index, tok)
        if about is not None:
            return about[0], about[1], cue
    ids = actors_of(tok, index)
    if tok.pos_ == "PRON":
        if not ids and tok.lower_ in ("he", "she"):
            # "The representative of Kenya said ... 'We will ...,' he said.": the person
            # the text last made a subject, when no named person precedes.
            antecedent = _antecedent_subject(tok, index)
            if antecedent is not None:
                return actors_of(antecedent, index), _phrase(antecedent), cue
        name = index.by_id(ids[0]).name if ids else tok.text
        return ids, name, cue
    name = _phrase(tok)
    return ids, name, cue


def _paragraph_person(doc: Doc, index: ActorIndex, tok: Token) -> tuple[list[str], str] | None:
    """The person the paragraph before `tok` is about: the last main-clause subject, outside
    quotations, that is a person ('Macron went back ...'; 'In a speech, he pressed ...') or
    a title ('Haiti's Minister for Foreign Affairs, Jean Victor Généus, reminded ...')."""
    text = text_of(doc)
    para = text.rfind("\n", 0, tok.idx) + 1
    spans = find_quote_spans(text[para:tok.idx])
    best: tuple[list[str], str] | None = None
    for t in doc[_token_at(doc, para):tok.i]:
        if t.dep_ not in ("nsubj", "nsubjpass") or t.head.dep_ not in ("ROOT", "conj") \
                or any(para + qs <= t.idx < para + qe for qs, qe in spans):
            continue
        named = [c for c in [t, *t.children] if c.dep_ in ("nsubj", "nsubjpass", "appos")
                 and c.i in index.token_actor
                 and index.by_id(index.token_actor[c.i]).kind == "person"]
        if named:
            actor = index.by_id(index.token_actor[named[-1].i])
            best = ([actor.id], actor.name)
        elif t.lower_ in ("he", "she") and best is None:
            ids = [i for i in actors_of(t, index) if index.by_id(i).kind == "person"]
            if ids:
                best = (ids, index.by_id(ids[0]).name)
        elif t.lower_ in ("he", "she"):
            continue  # "he" goes on with the person already found
        elif t.lower_ in TITLE_NOUNS and actors_of(t, index):
            best = (actors_of(t, index), _phrase(t))
    return best


def _antecedent_subject(pronoun: Token, index: ActorIndex) -> Token | None:
    """The nearest earlier clause subject (not a pronoun) that refers to an actor."""
    doc = pronoun.doc
    for tok in reversed(doc[max(0, pronoun.sent.start - 80):pronoun.i]):
        if tok.dep_ == "nsubj" and tok.pos_ in ("NOUN", "PROPN") and actors_of(tok, index):
            return tok
    return None


def _phrase(tok: Token) -> str:
    """The speaker as written: the noun phrase without relative clauses and appositions."""
    words = [t for t in tok.subtree if t.i <= tok.i or t.dep_ in ("appos",) or
             (t.head.dep_ == "appos")]
    keep = [t for t in words if t.dep_ not in ("det", "punct") or t.i > words[0].i]
    text = " ".join(t.text for t in keep).replace(" 's", "'s").replace(" ’s", "’s")
    return text.strip(" ,")


def _ids_for_name(doc: Doc, index: ActorIndex, start: int, end: int) -> list[str]:
    ids: list[str] = []
    span = doc.char_span(start, end, alignment_mode="expand")
    for tok in span if span is not None else ():
        if start <= tok.idx < end and tok.i in index.token_actor:
            actor_id = index.token_actor[tok.i]
            if actor_id not in ids:
                ids.append(actor_id)
    if ids:
        return ids
    label = text_of(doc)[start:end].strip()
    surname = label.split()[-1].lower() if label else ""
    for actor in index.actors:
        if actor.kind == "person" and actor.name.split()[-1].lower() == surname:
            return [actor.id]
    return []
