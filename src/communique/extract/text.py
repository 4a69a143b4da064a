"""The text of a parsed document, computed once: spaCy rebuilds `Doc.text` from its tokens
on every access, which makes a per-sentence `doc.text` quadratic on long documents."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "communique.text"


def text_of(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text
