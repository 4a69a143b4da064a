"""The text of a parsed document, computed once: spaCy rebuilds `Doc.text` from its tokens
on every access, which makes a per-sentence `doc.text` quadratic on long documents."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any, TypeVar

from spacy.tokens import Doc

from communique.model import DateRef

_KEY = "communique.text"


def text_of(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text


# Values derived from a document's lists (an actor's mentions, the dates), kept while the
# object is the same and its list has not grown: a long text asks for them thousands of
# times. One table for all of them; cleared when it grows past a document's worth.
_DERIVED: dict[tuple[str, int], tuple[object, int, Any]] = {}
_DERIVED_MAX = 10_000
T = TypeVar("T")


def derived(kind: str, owner: object, size: int, build: Callable[[], T]) -> T:
    """`build()`, computed once for `owner` while its list holds `size` items."""
    key = (kind, id(owner))
    cached = _DERIVED.get(key)
    if cached is None or cached[0] is not owner or cached[1] != size:
        if len(_DERIVED) > _DERIVED_MAX:
            _DERIVED.clear()
        cached = (owner, size, build())
        _DERIVED[key] = cached
    return cached[2]  # type: ignore[no-any-return]


def dates_between(dates: list[DateRef], start: int, end: int) -> list[DateRef]:
    """The dates (in text order, as find_dates gives them) that start in [start, end),
    found by bisection."""
    starts = derived("date starts", dates, len(dates), lambda: [d.start for d in dates])
    return dates[bisect_left(starts, start):bisect_left(starts, end)]
