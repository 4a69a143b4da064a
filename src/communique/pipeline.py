"""Parse once with spaCy, run every extractor on the parse, assemble a `Document`."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from communique.extract.actors import ActorResolver
from communique.extract.amounts import find_amounts
from communique.extract.commitments import extract_commitments
from communique.extract.dates import find_dates
from communique.extract.events import extract_events
from communique.extract.locations import PlaceFinder, city_table
from communique.extract.quotes import extract_quotes, find_quote_spans
from communique.extract.voice import document_author, turn_speakers
from communique.gazetteer import load_actor_entries, load_place_entries
from communique.model import Amount, Document, Event, Location
from communique.nlp import load_nlp

# Texts longer than this are parsed in pieces of this size (spaCy's own limit is 1,000,000).
# The parser's working memory grows with the piece: pieces of 50,000 characters rather than
# 100,000 cut the peak of a 1 MB text from 623 to 438 MB, at the same speed. (At 10 MB the
# joined Doc dominates: 1,548 MB against 1,561.)
CHUNK_CHARS = 50_000


class TextRecord(Protocol):
    text: str
    published: str | None
    title: str | None
    id: str | None


class Extractor:
    """Holds the model and the compiled gazetteers; reuse one for many documents."""

    def __init__(self, actor_files: list[Path] | None = None, batch_size: int = 32) -> None:
        self.nlp: Language = load_nlp()
        self.batch_size = batch_size
        entries = load_actor_entries(actor_files)
        country_names = {name for e in entries if e.kind == "country"
                         for name in (e.name, *e.aliases)}
        place_entries = load_place_entries()
        self.places = PlaceFinder(place_entries, self.nlp.vocab, country_names)
        place_names = set(city_table()) | {p.name for p in place_entries}
        self.actors = ActorResolver(entries, self.nlp.vocab, place_names - country_names)

    def extract(self, text: str, published: str | None = None, title: str | None = None,
                id: str | None = None) -> Document:
        return self.from_doc(self.parse(text), published, title, id)

    def extract_many(self, items: Iterable[TextRecord]) -> Iterator[Document]:
        """Stream documents through `nlp.pipe`, in order, parsing each exactly once."""
        # Long texts go round the batch (an empty stand-in keeps the order) and are parsed
        # in pieces by `parse`.
        pairs = ((item.text if len(item.text) <= CHUNK_CHARS else "", item) for item in items)
        for doc, item in self.nlp.pipe(pairs, batch_size=self.batch_size, as_tuples=True):
            if len(item.text) > CHUNK_CHARS:
                doc = self.parse(item.text)
            yield self.from_doc(doc, item.published, item.title, item.id)

    def parse(self, text: str) -> Doc:
        """Parse a text of any length up to the input limit. spaCy refuses more than
        `nlp.max_length` characters and its memory grows with the text, so a long text is
        parsed paragraph-aligned piece by piece and the pieces joined: offsets stay those
        of the whole text."""
        if len(text) <= CHUNK_CHARS:
            return self.nlp(text)
        doc = _joined(self.nlp, _pieces(text, CHUNK_CHARS))
        assert doc.text == text  # the pieces end in their own whitespace
        return doc

    def from_doc(self, doc: Doc, published: str | None, title: str | None,
                  doc_id: str | None) -> Document:
        text = doc.text
        pub = _parse_published(published)
        place_spans, blocked = self.places.claimed_tokens(doc)
        amounts = find_amounts(text)
        # "150 million US dollars": a currency's country is no actor.
        blocked = blocked | _amount_tokens(doc, amounts)
        index = self.actors.resolve(doc, blocked)
        all_dates = find_dates(doc, pub, datelines=False)
        # The output lists the days the text fixes; months and years serve as deadlines.
        dates = [d for d in all_dates if d.granularity == "day"]
        quote_spans = find_quote_spans(text)
        quotes = extract_quotes(doc, index)
        index.speakers = [(q.start, q.end, q.speaker) for q in quotes if q.speaker]
        index.speakers += turn_speakers(doc, index)
        index.author = document_author(doc, index)
        default_date = dates[0].value if dates else None
        locations = self.places.locations(doc, place_spans, set(index.token_actor))
        events, non_events = extract_events(doc, index, dates, quote_spans, default_date,
                                            amounts, _place_countries(doc, locations))
        commitments = extract_commitments(doc, index, amounts, all_dates, quote_spans, events)
        _place_events(events, locations)
        return Document(text=text, published=published, title=title, id=doc_id,
                        actors=index.actors, events=events, non_events=non_events,
                        commitments=commitments, quotes=quotes, amounts=amounts,
                        locations=locations, dates=dates)


def _joined(nlp: Language, pieces: list[str]) -> Doc:
    """One Doc of the pieces parsed in turn. What `Doc.from_docs` does, but keeping of each
    parsed piece only its words and attribute arrays: from_docs needs every piece's Doc
    alive at once beside the joined one, which at 10 MB cost ~450 MB more."""
    attrs = list(Doc._get_array_attrs())
    words: list[str] = []
    spaces: list[bool] = []
    arrays = []
    for piece in nlp.pipe(pieces, batch_size=1):
        words.extend(token.text for token in piece)
        spaces.extend(bool(token.whitespace_) for token in piece)
        arrays.append(piece.to_array(attrs))
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    del words, spaces
    # Copied piece by piece into an untouched buffer, each piece freed once copied: the
    # buffer's pages become resident only as they are written, so the arrays are held
    # about once, not twice as by numpy.concatenate.
    joined = numpy.empty((len(doc), len(attrs)), dtype=arrays[0].dtype)
    at = 0
    while arrays:
        array = arrays.pop(0)
        joined[at:at + len(array)] = array
        at += len(array)
    doc.from_array(attrs, joined)
    return doc


def _pieces(text: str, size: int) -> list[str]:
    """Consecutive pieces of at most `size` characters that join back into `text`, cut
    after a blank line, else a line break, else a space, where one is near the limit."""
    out = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            at = window.rfind(sep, size // 2)
            if at != -1:
                cut = at + len(sep)
                break
        if cut == -1:
            cut = size
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


def _amount_tokens(doc: Doc, amounts: list[Amount]) -> set[int]:
    """Indices of the tokens inside the amounts' spans."""
    out: set[int] = set()
    for amount in amounts:
        span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _place_events(events: list[Event], locations: list[Location]) -> None:
    """An event happens at the place its sentence names nearest to the trigger."""
    mentions = sorted((m.start, loc.name) for loc in locations for m in loc.mentions)
    starts = [start for start, _ in mentions]
    for event in events:
        first = bisect_left(starts, event.sentence.start)
        last = bisect_left(starts, event.sentence.end)
        inside = [(abs(start - event.trigger.start), name) for start, name in mentions[first:last]]
        if inside:
            event.location = min(inside)[1]


def _place_countries(doc: Doc, locations: list[Location]) -> dict[int, str]:
    """Token index -> country code of the place it names."""
    out: dict[int, str] = {}
    for loc in locations:
        if not loc.country:
            continue
        for m in loc.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                out.update(dict.fromkeys(range(span.start, span.end), loc.country))
    return out


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
