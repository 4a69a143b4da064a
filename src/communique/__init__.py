"""communique: who did, said and promised what to whom — sourced facts from diplomatic news."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from communique.model import Document
    from communique.pipeline import Extractor
    from communique.store import Store

__version__ = "0.1.0"
__all__ = ["__version__", "extract", "open_store"]


@lru_cache(maxsize=1)
def _default_extractor() -> Extractor:
    from communique.pipeline import Extractor

    return Extractor()


def extract(text: str, published: str | None = None, title: str | None = None) -> Document:
    """Extract actors, events, commitments, quotes, amounts, places and dates from `text`.

    `published` (YYYY-MM-DD) anchors relative dates ("on Tuesday", "last month").
    """
    return _default_extractor().extract(text, published=published, title=title)


def open_store(url: str | None = None) -> Store:
    """The corpus database at `url` (sqlite:///path.db or postgresql://...; default
    $COMMUNIQUE_DB or communique.db): `.events()`, `.commitments()`, `.tracks()`,
    `.track(id)`, `.stories()` are what the CLI prints. Use it as a context manager."""
    from communique.store import Store

    return Store.open(url)
