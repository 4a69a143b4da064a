"""Corpus loading and the repeat-to-min-words logic of the benchmark (no timing here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from communique.bench import (
    BenchDoc,
    default_corpus,
    load_corpus,
    repeat_indices,
    repeat_to_words,
    word_count,
)


def words(n: int) -> str:
    return " ".join(["word"] * n)


def test_repeat_to_words_cycles_until_min_words() -> None:
    texts = [words(10), words(20), words(30)]  # 60 words a pass
    assert repeat_to_words(texts, 60) == texts
    assert repeat_to_words(texts, 0) == texts  # every document at least once
    out = repeat_to_words(texts, 100)  # 60 + 10 + 20 = 90 < 100, + 30 = 120
    assert out == texts + texts
    assert len(repeat_to_words(texts, 61)) == 4  # 60 + 10
    assert len(repeat_to_words(texts, 121)) == 7  # 120 + 10
    big = repeat_to_words(texts, 50_000)
    total = sum(word_count(t) for t in big)
    assert total >= 50_000
    assert total - word_count(big[-1]) < 50_000  # stops as soon as the target is reached
    assert big[:3] == texts and big[3:6] == texts  # the order cycles


def test_repeat_indices_edge_cases() -> None:
    assert repeat_indices([5], 12) == [0, 0, 0]
    with pytest.raises(ValueError):
        repeat_indices([], 10)
    with pytest.raises(ValueError):
        repeat_indices([0, 0], 10)


def test_load_directory(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(words(7), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(
        {"id": "b", "published": "2024-02-20", "title": "B", "text": words(3), "events": []}),
        encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": words(2)}) + "\n\n" + json.dumps({"text": words(4)}) + "\n",
        encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "notes.md").write_text(words(100), encoding="utf-8")
    (tmp_path / "no-text.json").write_text(json.dumps({"id": "x"}), encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert [word_count(d.text) for d in docs] == [7, 3, 2, 4]
    assert docs[1] == BenchDoc(text=words(3), published="2024-02-20", title="B", id="b",
                               name="b.json")
    assert len(repeat_to_words([d.text for d in docs], 40)) == 10  # 16, +7+3+2+4 = 32, +7+3


def test_load_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"text": words(n), "id": f"d{n}"}) for n in (100, 200, 300)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = load_corpus(path)
    assert [d.id for d in docs] == ["d100", "d200", "d300"]
    texts = repeat_to_words([d.text for d in docs], 1_000)  # 600, +100, +200, +300 = 1200
    assert len(texts) == 6


def test_default_corpus_prefers_shared_eval(tmp_path: Path) -> None:
    work = tmp_path / "main"
    work.mkdir()
    (work / "examples").mkdir()
    (work / "examples" / "seed.txt").write_text(words(5), encoding="utf-8")
    assert default_corpus(work) == work / "examples"
    assert [d.name for d in load_corpus(None, cwd=work)] == ["seed.txt"]
    dev = tmp_path / "shared" / "eval" / "dev"
    dev.mkdir(parents=True)
    (dev / "d1.json").write_text(json.dumps({"text": words(9)}), encoding="utf-8")
    assert default_corpus(work).resolve() == dev.resolve()
    assert [word_count(d.text) for d in load_corpus(None, cwd=work)] == [9]


def test_missing_or_empty_corpus(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        load_corpus(tmp_path / "nope")
    with pytest.raises(ValueError):
        load_corpus(tmp_path)


def test_store_bench_stores_every_document_it_extracts(tmp_path: Path, extractor) -> None:
    from io import StringIO

    from rich.console import Console

    from communique.bench import run_store_bench
    from communique.store import Store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Chile and Peru signed a trade agreement in Lima.")
    (corpus / "b.txt").write_text("Kenya pledged to send police officers to Haiti.")
    db = f"sqlite:///{tmp_path / 'bench.db'}"
    result = run_store_bench(corpus, min_words=40, console=Console(file=StringIO()),
                             db_url=db, extractor=extractor)
    assert (result["docs"], result["dialect"]) == (5, "sqlite")  # 9 + 9 words a pass, >= 40
    with Store.open(db) as store:
        assert store.stats()["documents"] == 5


def test_store_bench_refuses_a_database_that_holds_documents(tmp_path: Path,
                                                             extractor) -> None:
    from io import StringIO

    from rich.console import Console

    from communique.bench import run_store_bench
    from communique.errors import CommuniqueError

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Chile and Peru signed a trade agreement in Lima.")
    db = f"sqlite:///{tmp_path / 'bench.db'}"
    run_store_bench(corpus, min_words=0, console=Console(file=StringIO()), db_url=db,
                    extractor=extractor)
    with pytest.raises(CommuniqueError, match="bench --store needs an empty database"):
        run_store_bench(corpus, min_words=0, console=Console(file=StringIO()), db_url=db,
                        extractor=extractor)


def test_bench_shows_a_progress_bar_with_the_total_on_a_terminal(tmp_path: Path,
                                                                  extractor) -> None:
    from io import StringIO

    from rich.console import Console

    from communique.bench import run_bench

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Chile and Peru signed a trade agreement in Lima.")
    screen = StringIO()
    result = run_bench(corpus, min_words=40, batch_size=2, trace_memory=False,
                       console=Console(file=screen, force_terminal=True, width=100),
                       extractor=extractor)
    assert result["docs"] == 5
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())  # colours off
    # 2 warm-up documents on each path, then the 5 documents twice (bare, extract): 14.
    for phase in ("bench: warming up", "bench: nlp.pipe", "bench: extract_many"):
        assert phase in shown
    assert "/14 docs" in shown


def test_long_text_bench_reports_seconds_per_mb_and_peak_memory_per_size(
        tmp_path: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from communique.bench import long_text, run_long_bench

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Chile and Peru signed a trade agreement in Lima.\n\n"
                                  "Kenya pledged to send police officers to Haiti.")
    assert len(long_text(3000, corpus)) <= 3000
    result = run_long_bench((0.002, 0.004), corpus, console=Console(file=StringIO()))
    assert [row["mb"] for row in result["sizes"]] == [0.002, 0.004]
    for row in result["sizes"]:
        assert row["events"] > 0 and row["peak_mb"] > 100 and row["s_per_mb"] > 0
    assert result["ratio"] == round(result["sizes"][1]["s_per_mb"]
                                    / result["sizes"][0]["s_per_mb"], 3)


def test_api_bench_times_every_list_endpoint_and_a_document_page(tmp_path: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from communique.bench import API_ENDPOINTS, run_api_bench

    result = run_api_bench(f"sqlite:///{tmp_path / 'api.db'}", documents=12, repeats=2,
                           console=Console(file=StringIO()))
    assert result["documents"] == 12 and result["events"] == 120
    assert set(result["endpoints"]) == {*API_ENDPOINTS, "/documents/synthetic-11"}
    assert all(row["p95_ms"] >= row["median_ms"] > 0 for row in result["endpoints"].values())


def test_query_bench_fills_an_empty_database_and_times_each_listing(tmp_path: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from communique.bench import run_query_bench

    result = run_query_bench(f"sqlite:///{tmp_path / 'q.db'}", documents=12,
                             console=Console(file=StringIO()))
    assert (result["documents"], result["events"]) == (12, 120)
    assert "events --actor USA" in result["queries_ms"]


def test_link_bench_times_linking_one_document_per_store_size(extractor) -> None:
    from io import StringIO

    from rich.console import Console

    from communique.bench import run_link_bench

    result = run_link_bench((40, 80), console=Console(file=StringIO()), extractor=extractor)
    assert [row["commitments"] >= size for row, size in zip(result["sizes"], (40, 80),
                                                                 strict=True)] == [True, True]
    assert all(row["ms"] > 0 and row["tracks"] > 0 for row in result["sizes"])
