"""Long documents: parsed in pieces, facts still pointing at the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.pipeline import CHUNK_CHARS, Extractor, _pieces

SEED = Path(__file__).resolve().parents[1] / "examples" / "japan-us-summit-2025-02.txt"


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), st.integers(5, 60))
def test_pieces_join_back_into_the_text_and_respect_the_size(text: str, size: int) -> None:
    pieces = _pieces(text, size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces)


def test_pieces_are_cut_after_a_blank_line_when_there_is_one() -> None:
    assert _pieces("one two.\n\nthree four five.", 16) == ["one two.\n\n", "three four five."]


@pytest.mark.slow
def test_a_text_longer_than_spacys_limit_is_extracted_with_whole_text_offsets(
        extractor: Extractor, check_offsets) -> None:
    seed = SEED.read_text(encoding="utf-8")
    copies = 1_000_000 // len(seed) + 2  # past spaCy's 1,000,000-character limit
    text = "\n\n".join([seed] * copies)
    assert len(text) > 1_000_000 > CHUNK_CHARS
    doc = extractor.extract(text, published="2025-02-10")
    assert check_offsets(doc) == []
    assert len(doc.amounts) == copies * len(extractor.extract(seed).amounts)
    last = doc.amounts[-1]
    assert text[last.start:last.end] == last.text
