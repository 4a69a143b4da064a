"""communique: who did, said and promised what to whom — sourced facts from diplomatic news."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from communique.model import Document
    from communique.pipeline import Extractor

__version__ = "0.1.0"
__all__ = ["__version__", "extract"]


@lru_cache(maxsize=1)
def _default_extractor() -> Extractor:
    from communique.pipeline import Extractor

    return Extractor()


def extract(text: str, published: str | None = None, title: str | None = None) -> Document:
    """Extract actors, events, commitments, quotes, amounts, places and dates from `text`.

    `published` (YYYY-MM-DD) anchors relative dates ("on Tuesday", "last month").
    """
    return _default_extractor().extract(text, published=published, title=title)
