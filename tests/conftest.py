"""Shared fixtures: one `Extractor` for the whole session (loading spaCy takes about 1 s)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from communique.model import Document
from communique.pipeline import Extractor

# (what the fact is, start, end, the text the fact claims to cover)
FactSpan = tuple[str, int, int, str]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The one shared extractor, with the packaged gazetteers only."""
    return Extractor()


def fact_spans(doc: Document) -> Iterator[FactSpan]:
    """Every character range a document's facts point at, labelled for error messages."""
    for actor in doc.actors:
        for m in actor.mentions:
            yield f"actor {actor.id} mention", m.start, m.end, m.text
    for amount in doc.amounts:
        yield "amount", amount.start, amount.end, amount.text
    for date in doc.dates:
        yield "date", date.start, date.end, date.text
    for quote in doc.quotes:
        yield "quote", quote.start, quote.end, quote.text
    for location in doc.locations:
        for m in location.mentions:
            yield f"location {location.name!r} mention", m.start, m.end, m.text
    for kind, events in (("event", doc.events), ("non_event", doc.non_events)):
        for event in events:
            yield f"{kind} {event.type} trigger", event.trigger.start, event.trigger.end, \
                event.trigger.text
            yield f"{kind} {event.type} sentence", event.sentence.start, event.sentence.end, \
                event.sentence.text
    for c in doc.commitments:
        yield "commitment evidence", c.evidence.start, c.evidence.end, c.evidence.text
        yield "commitment trigger", c.trigger.start, c.trigger.end, c.trigger.text
        if c.amount is not None:
            yield "commitment amount", c.amount.start, c.amount.end, c.amount.text


def offset_errors(doc: Document) -> list[str]:
    """The facts whose offsets do not slice back to their text (empty when all do)."""
    errors = []
    for label, start, end, text in fact_spans(doc):
        if not (0 <= start <= end <= len(doc.text)) or doc.text[start:end] != text:
            errors.append(f"{label} [{start}:{end}] claims {text!r}, "
                          f"source has {doc.text[max(start, 0):max(end, 0)]!r}")
    return errors


@pytest.fixture(scope="session")
def check_offsets() -> Callable[[Document], list[str]]:
    """`check_offsets(doc)` lists every fact whose offsets do not slice back to its text."""
    return offset_errors
