"""The verb lexicon reads every CAMEO root: `cameo_coverage.yaml` holds short sentences for
every three-digit CAMEO code that PLOVER maps, each with the PLOVER type, the two-digit root
and the source and target it must yield. The share that do is pinned from below.

    python tests/test_cameo_coverage.py      # the figure, and every sentence that misses
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from communique.model import Document
from communique.pipeline import Extractor

SUITE = Path(__file__).with_name("cameo_coverage.yaml")
# The share of sentences that must yield their event (the target is 0.90).
FLOOR = 0.90


@dataclass(frozen=True)
class Case:
    text: str
    type: str
    cameo_root: str
    source: str
    target: str


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    published: str | None = None
    title: str | None = None


def cases() -> list[Case]:
    return [Case(**{k: str(v) for k, v in entry.items()})
            for entry in yaml.safe_load(SUITE.read_text(encoding="utf-8"))]


def yields(doc: Document, case: Case) -> bool:
    """An event of the case's type and root from its source to its target."""
    code = {a.id: a.code for a in doc.actors}
    for e in doc.events:
        sources = {code[a] for a in e.source}
        targets = {code[a] for a in e.target}
        pair = (case.source in sources and case.target in targets) or (
            e.type in ("AGREE", "CONSULT", "COOPERATE")
            and case.target in sources and case.source in targets)
        if e.type == case.type and e.cameo[:2] == case.cameo_root and pair:
            return True
    return False


def run(extractor: Extractor) -> tuple[float, list[tuple[Case, Document]]]:
    suite = cases()
    docs = list(extractor.extract_many(Sentence(str(n), c.text) for n, c in enumerate(suite)))
    misses = [(c, d) for c, d in zip(suite, docs, strict=True) if not yields(d, c)]
    return 1 - len(misses) / len(suite), misses


def test_the_suite_names_every_field_and_a_root_of_two_digits() -> None:
    suite = cases()
    assert len(suite) >= 300
    assert all(len(c.cameo_root) == 2 and c.cameo_root.isdigit() for c in suite)
    assert all(c.source != c.target for c in suite)


def test_every_cameo_root_from_02_to_20_has_sentences() -> None:
    roots = {c.cameo_root for c in cases()}
    assert roots == {f"{n:02d}" for n in range(2, 21)}


def test_the_share_of_sentences_yielding_their_event_stays_above_the_floor(
        extractor: Extractor) -> None:
    share, misses = run(extractor)
    listing = "\n".join(f"{c.cameo_root} {c.type} {c.source}->{c.target}: {c.text}"
                        for c, _ in misses[:40])
    assert share >= FLOOR, f"{share:.3f} of the coverage suite yields its event\n{listing}"


if __name__ == "__main__":
    share, misses = run(Extractor())
    for case, doc in misses:
        code = {a.id: a.code for a in doc.actors}
        got = [f"{e.type}/{e.cameo} {[code[a] for a in e.source]}->{[code[a] for a in e.target]}"
               for e in doc.events]
        print(f"{case.cameo_root} {case.type} {case.source}->{case.target}: {case.text}\n"
              f"    got {got}")
    print(f"{share:.3f} of {len(cases())} sentences yield their event")
    sys.exit(0)
