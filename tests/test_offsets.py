"""Every fact of every dev-set document slices back to its text: `text[start:end] == text`."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from communique.model import Document
from communique.pipeline import Extractor

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("COMMUNIQUE_EVAL_DIR", ROOT.parent / "shared" / "eval"))
DEV = EVAL / "dev"

if not DEV.is_dir():
    pytest.skip(f"evaluation kit not found at {DEV} (set COMMUNIQUE_EVAL_DIR)",
                allow_module_level=True)

GOLD_FILES = sorted(DEV.glob("*.json"))


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.name for p in GOLD_FILES])
def test_dev_document_facts_slice_back_to_their_text(
        extractor: Extractor, check_offsets: Callable[[Document], list[str]],
        path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    doc = extractor.extract(gold["text"], published=gold.get("published"),
                            title=gold.get("title"), id=gold.get("id"))
    assert check_offsets(doc) == []
