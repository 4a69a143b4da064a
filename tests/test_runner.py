"""Extraction executors: serial, process pool and Dask give the same outcomes, in order.

Real components throughout: the spaCy model, a spawn process pool, a Dask LocalCluster.
Each executor runs once per module (starting workers costs seconds per process).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from communique.bench import run_executor_bench
from communique.errors import CommuniqueError
from communique.ingest import SourceDocument
from communique.pipeline import Extractor
from communique.runner import Outcome, run_extraction

SEED = Path(__file__).resolve().parents[1] / "examples" / "japan-us-summit-2025-02.txt"

USER_ACTORS = """\
version: 1
groups:
  - code: MMR
    name: Arakan Army
    aliases: [Arakan Army, AA]
"""


def source(name: str, text: str, published: Any = "2025-03-01") -> SourceDocument:
    return SourceDocument(text=text, name=name, id=name.removesuffix(".txt"),
                          title=None, published=published)


SOURCES = [
    SourceDocument(text=SEED.read_text(encoding="utf-8"), name=SEED.name, id="seed",
                   title="Japan-U.S. summit", published="2025-02-08"),
    source("india-australia.txt",
           "Foreign ministers of India and Australia met in New Delhi on 12 March 2025 and "
           "agreed to expand maritime cooperation in the Indian Ocean. \"Our partnership has "
           "never been stronger,\" Indian External Affairs Minister S. Jaishankar said.",
           "2025-03-12"),
    source("germany-ukraine.txt",
           "Germany pledged €500 million in humanitarian aid to Ukraine on Tuesday, Chancellor "
           "Olaf Scholz announced after talks with President Volodymyr Zelensky in Berlin.",
           "2025-01-14"),
    source("shoal.txt",
           "China accused the Philippines of provoking tensions near Second Thomas Shoal, while "
           "Manila rejected the claim and summoned the Chinese ambassador.", "2024-06-18"),
    source("eu-sanctions.txt",
           "The European Union imposed new sanctions on Russia on 24 February 2025, freezing "
           "the assets of 48 individuals.", "2025-02-24"),
    source("pipeline.txt",
           "Brazil and Argentina signed an agreement to build a natural gas pipeline, President "
           "Luiz Inácio Lula da Silva said in Buenos Aires.", "2025-01-30"),
    source("paletwa.txt", "The AA seized the town of Paletwa, the group said on Sunday.",
           "2024-01-15"),
    source("korea-japan.txt",
           "South Korea and Japan agreed to resume regular summit meetings, Seoul's foreign "
           "ministry said on Friday.", "2023-03-17"),
]

# `published` should be an ISO date string; an int makes extraction raise a TypeError.
BAD_DATE = source("bad-date.txt", "Japan and China held talks in Beijing.", published=20250207)
BAD_DATE_ERROR = "bad-date.txt: extraction failed: TypeError: 'int' object is not subscriptable"

# Three per batch: several batches, and the failing document sits inside one of them.
BATCH = 3
MIXED = [*SOURCES[:4], BAD_DATE, *SOURCES[4:]]


class ExitOnRead(str):
    """A date string whose slicing ends the process at once, as a native crash (or the
    kernel's OOM killer) would. Only ever extracted in pool worker processes."""

    def __getitem__(self, key: Any) -> str:
        os._exit(70)


def summary(outcomes: list[Outcome]) -> list[tuple[str, str | None, dict[str, Any] | None]]:
    """(source name, error, document as JSON) of each outcome, in order."""
    return [(o.source.name, o.error, None if o.document is None else o.document.to_dict())
            for o in outcomes]


@pytest.fixture(scope="module")
def actor_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("actors") / "my_actors.yaml"
    path.write_text(USER_ACTORS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def user_extractor(actor_file: Path) -> Extractor:
    return Extractor(actor_files=[actor_file])


@pytest.fixture(scope="module")
def serial_outcomes(actor_file: Path) -> list[Outcome]:
    return list(run_extraction(MIXED, actor_files=[actor_file], batch_size=BATCH))


@pytest.fixture(scope="module")
def pool_outcomes(actor_file: Path) -> list[Outcome]:
    return list(run_extraction(MIXED, workers=2, actor_files=[actor_file], batch_size=BATCH))


@pytest.fixture(scope="module")
def dask_outcomes(actor_file: Path) -> list[Outcome]:
    return list(run_extraction(MIXED, workers=2, executor="dask", actor_files=[actor_file],
                               batch_size=BATCH))


# --------------------------------------------------------------------------- serial


def test_serial_yields_one_outcome_per_source_in_input_order(
        serial_outcomes: list[Outcome]) -> None:
    assert [o.source for o in serial_outcomes] == MIXED


def test_serial_documents_equal_extracting_each_source_alone(
        serial_outcomes: list[Outcome], user_extractor: Extractor) -> None:
    good = [o for o in serial_outcomes if o.source is not BAD_DATE]
    assert [o.document.to_dict() if o.document else o.error for o in good] == [
        user_extractor.extract(s.text, s.published, s.title, s.id).to_dict() for s in SOURCES]


def test_a_failing_document_is_an_error_outcome_and_its_batch_still_succeeds(
        serial_outcomes: list[Outcome]) -> None:
    assert [(o.source.name, o.error) for o in serial_outcomes if o.document is None] == [
        ("bad-date.txt", BAD_DATE_ERROR)]
    assert [o.error for o in serial_outcomes if o.document is not None] == [None] * 8
    # Its batch-mates (the batch is MIXED[3:6]) were extracted.
    assert [o.document is not None for o in serial_outcomes[3:6]] == [True, False, True]


def test_generator_input_is_consumed_one_batch_at_a_time() -> None:
    consumed = 0

    def sources() -> Iterator[SourceDocument]:
        nonlocal consumed
        for n in range(100_000):
            consumed += 1
            yield source(f"talks-{n}.txt", "Japan and China held talks in Beijing on Monday.")

    outcomes = run_extraction(sources(), batch_size=4)
    first = next(outcomes)
    assert (first.source.name, first.error, consumed) == ("talks-0.txt", None, 4)
    outcomes.close()
    assert consumed == 4


# --------------------------------------------------------------------------- executors


def test_process_pool_gives_the_serial_outcomes(pool_outcomes: list[Outcome],
                                                serial_outcomes: list[Outcome]) -> None:
    assert summary(pool_outcomes) == summary(serial_outcomes)


def test_dask_local_cluster_gives_the_serial_outcomes(dask_outcomes: list[Outcome],
                                                      serial_outcomes: list[Outcome]) -> None:
    assert summary(dask_outcomes) == summary(serial_outcomes)


@pytest.mark.parametrize("outcomes", ["serial_outcomes", "pool_outcomes", "dask_outcomes"])
def test_every_executor_reads_the_user_actor_files(outcomes: str,
                                                   request: pytest.FixtureRequest) -> None:
    # The packaged actors know "Arakan Army" but not "AA": only the user's file does.
    paletwa = next(o.document for o in request.getfixturevalue(outcomes)
                   if o.source.name == "paletwa.txt")
    assert paletwa is not None
    assert [(a.code, a.kind, a.name, [m.text for m in a.mentions]) for a in paletwa.actors] \
        == [("MMR", "group", "Arakan Army", ["AA"])]


def test_a_crashed_pool_worker_fails_only_the_document_it_was_extracting(
        serial_outcomes: list[Outcome], actor_file: Path) -> None:
    crash = source("crash.txt", "Japan and China held talks in Beijing.",
                   published=ExitOnRead("2025-02-07"))
    sources = [*SOURCES[:3], crash, *SOURCES[3:6]]
    outcomes = list(run_extraction(sources, workers=2, actor_files=[actor_file], batch_size=2))
    expected = {o.source.name: (o.error, o.document.to_dict() if o.document else None)
                for o in serial_outcomes}
    assert [(o.source.name, o.error, o.document.to_dict() if o.document else None)
            for o in outcomes] == [
        (s.name, "crash.txt: the worker process crashed while extracting it", None)
        if s is crash else (s.name, *expected[s.name]) for s in sources]


@pytest.mark.parametrize(("workers", "executor"), [(1, "local"), (2, "local"), (2, "dask")])
def test_no_input_yields_nothing(workers: int, executor: str) -> None:
    assert list(run_extraction(iter([]), workers=workers, executor=executor)) == []


# --------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"workers": 0}, "workers must be a whole number ≥ 1, not 0"),
    ({"executor": "spark"}, "unknown executor 'spark': use one of local, dask"),
    ({"scheduler": "tcp://127.0.0.1:8786"},
     "a scheduler address needs the dask executor (--executor dask)"),
    ({"executor": "dask", "scheduler": " "},
     "the scheduler address is empty (expected tcp://host:8786)"),
    ({"batch_size": 0}, "batch size must be a whole number ≥ 1, not 0"),
])
def test_bad_arguments_raise_a_one_line_error_before_any_work(kwargs: dict[str, Any],
                                                              message: str) -> None:
    with pytest.raises(CommuniqueError) as excinfo:
        run_extraction(SOURCES, **kwargs)
    assert str(excinfo.value) == message


def test_a_malformed_actor_file_is_a_one_line_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "bad_actors.yaml"
    path.write_text("version: 1\ngroups:\n  - name: Example Front\n    code: lower\n",
                    encoding="utf-8")
    with pytest.raises(CommuniqueError) as excinfo:
        list(run_extraction(SOURCES[:2], actor_files=[path]))
    assert str(excinfo.value) == (f"{path}: groups[0] ('Example Front'): code 'lower' is not "
                                  "an ISO alpha-3, IGO or UNK code")


# --------------------------------------------------------------------------- benchmark


def test_executor_bench_reports_both_sides_of_one_corpus() -> None:
    texts = [s.text for s in SOURCES[1:]] * 2  # 14 short documents
    report = run_executor_bench(texts, workers=2, executor="local", batch_size=4)
    assert {k: report[k] for k in ("executor", "documents", "words", "workers", "errors")} == {
        "executor": "local", "documents": 14, "words": 2 * 149, "workers": 2, "errors": 0}
    assert report["serial_wps"] > 0 and report["parallel_wps"] > 0
    assert report["speedup"] == pytest.approx(report["parallel_wps"] / report["serial_wps"],
                                              abs=1e-3)
    assert report["efficiency"] == pytest.approx(report["speedup"] / 2, abs=1e-3)
