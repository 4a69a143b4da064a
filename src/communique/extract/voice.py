"""Whose voice "I" and "we" are outside quotation marks.

Official texts speak in the first person: a press statement signed "Antony J. Blinken,
Secretary of State", a "Statement of the Ministry of Foreign Affairs of Ukraine", a
transcript whose turns open with a line of their own ("NATO Secretary General Mark
Rutte:"). This module finds the issuer named in the heading and the speaker of each turn.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from communique.extract.actors import ActorIndex
from communique.extract.text import text_of

HEADING_LINES = 4  # a heading is at most this many lines before the body starts
TURN_MAX_WORDS = 8  # "Question (Yonhap News Agency):", "NATO Secretary General Mark Rutte:"
TURN_LABEL = re.compile(r"^[ \t]*([A-Z][^\n:]{0,80}?):(?=\s)", re.M)
SENTENCE_END = re.compile(r"[.!?\"”’]\s*$")
ISSUER_CUES = re.compile(r"\b(?:by|of|from)\s+(?:the\s+)?$", re.I)
ISSUER_END = re.compile(r"\s(?:on|about|regarding|concerning|following|after|at|in|with|"
                        r"for|to)\s|\(", re.I)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, without its surrounding spaces."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        if line.strip():
            start = m.start() + len(line) - len(line.lstrip())
            out.append((start, m.start() + len(line.rstrip())))
    return out


def _actors_in(doc: Doc, index: ActorIndex, start: int, end: int) -> list[tuple[int, str]]:
    """(character offset, actor id) of the actor tokens inside a character range."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [(t.idx, index.token_actor[t.i]) for t in span if t.i in index.token_actor]


def document_author(doc: Doc, index: ActorIndex) -> list[str]:
    """The issuer named in a heading: a byline that opens with a person ("Antony J. Blinken,
    Secretary of State") or an actor after "statement of/by" ("Press point by NATO ...").
    Headings are the leading lines that do not end like a sentence; none, no author."""
    text = text_of(doc)
    heading = []
    for start, end in _lines(text)[:HEADING_LINES]:
        if SENTENCE_END.search(text[start:end]):
            break
        heading.append((start, end))
    for start, end in heading:
        found = _actors_in(doc, index, start, end)
        if found and found[0][0] == start and index.by_id(found[0][1]).kind == "person":
            return [found[0][1]]
    for start, end in heading:
        for offset, _ in _actors_in(doc, index, start, end):
            if ISSUER_CUES.search(text[start:offset]):
                # "... by the Leaders of Egypt, Jordan and the United Arab Emirates": the
                # issuers run to the first preposition that starts another topic ("... of
                # Ukraine on the Russian missile strike").
                stop = ISSUER_END.search(text, offset, end)
                ids: list[str] = []
                for _, other in _actors_in(doc, index, offset, stop.start() if stop else end):
                    if other not in ids:
                        ids.append(other)
                return ids
    return []


def turn_speakers(doc: Doc, index: ActorIndex) -> list[tuple[int, int, list[str]]]:
    """Spans of transcript turns: a line that opens with a short label and a colon
    ("NATO Secretary General Mark Rutte: ...", "QUESTION:"). A turn runs to the next label;
    labelled turns that name an actor get that actor as the voice of "I" and "we"."""
    text = text_of(doc)
    labels = [m for m in TURN_LABEL.finditer(text)
              if len(m.group(1).split()) <= TURN_MAX_WORDS]
    out = []
    for n, m in enumerate(labels):
        found = _actors_in(doc, index, m.start(1), m.end(1))
        if not found:
            continue
        turn_end = labels[n + 1].start() if n + 1 < len(labels) else len(text)
        # The last actor in the label is the speaker ("NATO Secretary General Mark Rutte").
        out.append((m.end(), turn_end, [found[-1][1]]))
    return out
