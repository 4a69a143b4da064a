"""Throughput benchmark: bare spaCy vs. the full extractor, side by side in one process.

Both phases run over the same documents with the same model object and batch size, so
the ratio `extract words/s ÷ bare words/s` says what the extraction layer costs on top of
spaCy. Timings are taken without tracing; Python-level peak memory is measured by a
second, traced pass per phase (tracemalloc slows Python code down by a third or more).
"""

from __future__ import annotations

import gc
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from communique.errors import CommuniqueError

if TYPE_CHECKING:
    from communique.pipeline import Extractor

TARGET_RATIO = 0.8
DEFAULT_EVAL_DIR = Path("..") / "shared" / "eval" / "dev"
_REPO_ROOT = Path(__file__).resolve().parents[2]
MIN_WARMUP_DOCS = 2


class BenchInputError(CommuniqueError, ValueError):
    """The corpus given to `bench` cannot be benchmarked: one line, exit 2."""


@dataclass(frozen=True, slots=True)
class BenchDoc:
    """The attributes `Extractor.extract_many` reads from a `SourceDocument`."""

    text: str
    published: str | None = None
    title: str | None = None
    id: str | None = None
    name: str = ""
    url: str | None = None


# --------------------------------------------------------------------------- corpus


def word_count(text: str) -> int:
    return len(text.split())


def repeat_indices(word_counts: Sequence[int], min_words: int) -> list[int]:
    """Indices into the base list: every document once, then cycling on until the total
    word count reaches `min_words`."""
    if not word_counts:
        raise BenchInputError("the corpus is empty")
    total = sum(word_counts)
    if total <= 0:
        raise BenchInputError("the corpus has no words")
    indices = list(range(len(word_counts)))
    i = 0
    while total < min_words:
        indices.append(i)
        total += word_counts[i]
        i = (i + 1) % len(word_counts)
    return indices


def repeat_to_words(texts: Sequence[str], min_words: int) -> list[str]:
    """`texts` once, then repeated document by document until they hold ≥ `min_words`."""
    return [texts[i] for i in repeat_indices([word_count(t) for t in texts], min_words)]


def _docs_from_json(value: Any, name: str) -> list[BenchDoc]:
    items = value if isinstance(value, list) else [value]
    docs = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
            docs.append(BenchDoc(text=item["text"], published=item.get("published"),
                                 title=item.get("title"), id=item.get("id"), name=name))
    return docs


def _load_file(path: Path) -> list[BenchDoc]:
    suffix = path.suffix.lower()
    raw = path.read_text(encoding="utf-8")
    if suffix == ".jsonl":
        docs: list[BenchDoc] = []
        for n, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                docs.extend(_docs_from_json(json.loads(line), f"{path.name}:{n}"))
        return docs
    if suffix == ".json":
        return _docs_from_json(json.loads(raw), path.name)
    return [BenchDoc(text=raw, name=path.name)] if raw.strip() else []


def default_corpus(cwd: Path | None = None) -> Path:
    """`../shared/eval/dev` if it holds JSON documents, else the packaged `examples/`."""
    base = Path.cwd() if cwd is None else cwd
    eval_dir = base / DEFAULT_EVAL_DIR
    if eval_dir.is_dir() and any(eval_dir.glob("*.json")):
        return eval_dir
    for examples in (base / "examples", _REPO_ROOT / "examples"):
        if examples.is_dir() and any(examples.glob("*.txt")):
            return examples
    raise BenchInputError(f"no benchmark corpus: neither {eval_dir} nor examples/*.txt exists")


def load_corpus(corpus: Path | None = None, cwd: Path | None = None) -> list[BenchDoc]:
    """Documents of a directory (*.txt, *.json, *.jsonl), a .jsonl/.json/.txt file, or
    the default corpus. JSON objects need a "text"; "published", "title", "id" are kept."""
    path = default_corpus(cwd) if corpus is None else corpus
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.is_file() and p.suffix.lower() in (".txt", ".json", ".jsonl"))
        docs = [doc for file in files for doc in _load_file(file)]
    elif path.is_file():
        docs = _load_file(path)
    else:
        raise BenchInputError(f"corpus not found: {path}")
    if not docs:
        raise BenchInputError(f"no documents with text in {path}")
    return docs


# --------------------------------------------------------------------------- measuring


def _timed(run: Callable[[], int]) -> tuple[int, float]:
    gc.collect()
    start = time.perf_counter()
    count = run()
    return count, time.perf_counter() - start


def _traced_peak_mb(run: Callable[[], int]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _consume(items: Iterable[object], tick: Callable[[], None] | None = None) -> int:
    count = 0
    for _ in items:
        count += 1
        if tick is not None:
            tick()
    return count


class _Progress:
    """One bar across a bench's phases: documents done of all the documents it will run,
    the phase under way, and the time left. Shown on a terminal only, and gone when the
    bench prints its table. Both sides of a ratio tick alike, so the ratio is fair."""

    def __init__(self, console: Console, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TextColumn("docs"), TimeElapsedColumn(),
                            TextColumn("left"), TimeRemainingColumn(), console=console,
                            transient=True, disable=not console.is_terminal)
        self.task = self.bar.add_task("bench", total=total)

    def phase(self, name: str) -> Callable[[], None]:
        self.bar.update(self.task, description=f"bench: {name}")
        self.bar.refresh()  # shown at once, however short the phase
        return lambda: self.bar.advance(self.task)

    def __enter__(self) -> _Progress:
        self.bar.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.bar.stop()


def _display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below or beside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def rss_high_water_mb() -> float:
    """Process RSS high-water mark (ru_maxrss: KiB on Linux, bytes on macOS)."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / 1e6 if sys.platform == "darwin" else maxrss * 1024 / 1e6


def _phase(docs: int, words: int, seconds: float, peak_mb: float | None) -> dict[str, Any]:
    return {
        "docs": docs,
        "words": words,
        "seconds": round(seconds, 3),
        "docs_per_s": round(docs / seconds, 2) if seconds else None,
        "words_per_s": round(words / seconds, 1) if seconds else None,
        "peak_mb": None if peak_mb is None else round(peak_mb, 1),
    }


def run_bench(
    corpus: Path | None = None,
    min_words: int = 50_000,
    batch_size: int = 32,
    console: Console | None = None,
    *,
    trace_memory: bool = True,
    extractor: Extractor | None = None,
) -> dict[str, Any]:
    """Run bare `nlp.pipe` and `Extractor.extract_many` over the same documents, print a
    table and return the numbers."""
    console = console or Console()
    base = load_corpus(corpus)
    base_words = sum(word_count(d.text) for d in base)
    docs = [base[i] for i in repeat_indices([word_count(d.text) for d in base], min_words)]
    texts = [d.text for d in docs]
    words = sum(word_count(t) for t in texts)
    corpus_name = _display_path(corpus if corpus is not None else default_corpus())

    startup_s: float | None = None
    if extractor is None:
        start = time.perf_counter()
        from communique.pipeline import Extractor

        extractor = Extractor(batch_size=batch_size)
        extractor.extract("Japan and the United States held talks.")  # first call: lazy tables
        startup_s = time.perf_counter() - start
    nlp = extractor.nlp
    extractor.batch_size = batch_size
    model = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"

    console.print(Text.assemble(
        ("bench ", "bold"),
        f"{corpus_name}: {len(base)} docs, {base_words:,} words → {len(docs)} docs, "
        f"{words:,} words · batch {batch_size} · {model} ({', '.join(nlp.pipe_names)})",
    ))

    warmup = min(max(MIN_WARMUP_DOCS, batch_size), len(docs))
    progress = _Progress(console, 2 * warmup + len(docs) * (4 if trace_memory else 2))
    tick: Callable[[], None] | None = None

    def bare() -> int:
        return _consume(nlp.pipe(texts, batch_size=batch_size), tick)

    def extract() -> int:
        return _consume(extractor.extract_many(docs), tick)  # type: ignore[arg-type]

    with progress:
        # Warm up both paths (lazy pipes, regexes, caches, thinc's buffers) before timing
        # anything: a whole batch, as a first full batch alone runs ~10% slower than later.
        tick = progress.phase("warming up")
        _consume(nlp.pipe(texts[:warmup], batch_size=batch_size), tick)
        _consume(extractor.extract_many(docs[:warmup]), tick)  # type: ignore[arg-type]
        tick = progress.phase("nlp.pipe")
        bare_docs, bare_s = _timed(bare)
        tick = progress.phase("extract_many")
        extract_docs, extract_s = _timed(extract)
        tick = progress.phase("memory of nlp.pipe")
        bare_peak = _traced_peak_mb(bare) if trace_memory else None
        tick = progress.phase("memory of extract_many")
        extract_peak = _traced_peak_mb(extract) if trace_memory else None
    rss_mb = rss_high_water_mb()

    phases = {
        "bare": _phase(bare_docs, words, bare_s, bare_peak),
        "extract": _phase(extract_docs, words, extract_s, extract_peak),
    }
    ratio = bare_s / extract_s if extract_s else 0.0
    met = ratio >= TARGET_RATIO

    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for column in ("phase", "docs", "words", "seconds", "docs/s", "words/s", "peak MB"):
        table.add_column(column, justify="left" if column == "phase" else "right",
                         no_wrap=True)
    labels = {"bare": "nlp.pipe", "extract": "extract_many"}
    for key, numbers in phases.items():
        peak = numbers["peak_mb"]
        table.add_row(
            labels[key], f"{numbers['docs']:,}", f"{numbers['words']:,}",
            f"{numbers['seconds']:.2f}", f"{numbers['docs_per_s'] or 0:,.1f}",
            f"{numbers['words_per_s'] or 0:,.0f}", "—" if peak is None else f"{peak:,.1f}",
        )
    console.print(table)
    console.print(Text(f"ratio extract/bare: {ratio:.2f} (target ≥ {TARGET_RATIO})",
                       style="bold green" if met else "bold red"))
    peak_note = ("peak MB: Python-level peak (tracemalloc) of a second, traced pass per phase"
                 if trace_memory else "peak MB: not measured")
    console.print(Text(f"{peak_note}; process RSS high-water (ru_maxrss, whole run): "
                       f"{rss_mb:,.0f} MB", style="dim"))
    if startup_s is not None:
        console.print(Text(f"start-up (import, model, gazetteers, first document): "
                           f"{startup_s:.2f} s", style="dim"))

    return {
        "corpus": corpus_name,
        "base_docs": len(base),
        "base_words": base_words,
        "docs": len(docs),
        "words": words,
        "min_words": min_words,
        "batch_size": batch_size,
        "model": model,
        "pipes": list(nlp.pipe_names),
        "phases": phases,
        "ratio": round(ratio, 3),
        "target": TARGET_RATIO,
        "met": met,
        "rss_max_mb": round(rss_mb, 1),
        "startup_s": None if startup_s is None else round(startup_s, 2),
        "python": platform.python_version(),
    }


# --------------------------------------------------------------------------- executors


def run_executor_bench(
    texts: Sequence[str],
    workers: int,
    executor: str = "local",
    scheduler: str | None = None,
    batch_size: int = 16,
) -> dict[str, Any]:
    """Extract the same documents serially and through `executor` in one run; return words
    per second of each side, the speed-up and the efficiency (speed-up ÷ workers).

    Start-up is left out of both timings: each side loads its model and extracts the first
    batch — on every worker, for the parallel side — before the clock starts. `workers` in
    the result is the parallelism actually used (the cluster's threads with a scheduler).
    """
    from communique.ingest import SourceDocument
    from communique.runner import Backend, SerialBackend, drive, make_backend, validate_args

    validate_args(workers=workers, executor=executor, scheduler=scheduler,
                  batch_size=batch_size)
    if not texts:
        raise BenchInputError("the corpus is empty")
    sources = [SourceDocument(text=text, name=f"bench document {n}")
               for n, text in enumerate(texts, 1)]
    words = sum(word_count(text) for text in texts)

    def measure(backend: Backend) -> tuple[float, int]:
        try:
            backend.warm_up(sources[:batch_size])
            errors = 0

            def run() -> int:
                nonlocal errors
                outcomes = list(drive(backend, sources, batch_size))
                errors = sum(o.error is not None for o in outcomes)
                return len(outcomes)

            _, seconds = _timed(run)
            return seconds, errors
        finally:
            backend.close()

    serial_s, serial_errors = measure(SerialBackend((), batch_size))
    parallel = make_backend(workers=workers, executor=executor, scheduler=scheduler,
                            actor_files=(), batch_size=batch_size)
    parallel_s, parallel_errors = measure(parallel)
    used = parallel.parallelism
    serial_wps = words / serial_s if serial_s else 0.0
    parallel_wps = words / parallel_s if parallel_s else 0.0
    speedup = parallel_wps / serial_wps if serial_wps else 0.0
    return {
        "executor": executor,
        "scheduler": scheduler,
        "documents": len(sources),
        "words": words,
        "batch_size": batch_size,
        "workers": used,
        "serial_seconds": round(serial_s, 3),
        "parallel_seconds": round(parallel_s, 3),
        "serial_wps": round(serial_wps, 1),
        "parallel_wps": round(parallel_wps, 1),
        "speedup": round(speedup, 3),
        "efficiency": round(speedup / used, 3),
        "errors": serial_errors + parallel_errors,
    }


# --------------------------------------------------------------------------- store

STORE_TARGET_RATIO = 0.9


def run_store_bench(
    corpus: Path | None = None,
    min_words: int = 50_000,
    batch_size: int = 32,
    console: Console | None = None,
    db_url: str | None = None,
    *,
    extractor: Extractor | None = None,
) -> dict[str, Any]:
    """Extract-only and extract+store throughput on the same documents, in one run.

    The store phase does what `communique ingest` does per document: look the text up by
    its hash, then write the document and its facts in one transaction. Repeated documents
    get a numbered line so that every text is new to the store. Without `db_url` a
    temporary SQLite file is used (and deleted).
    """
    import tempfile

    from communique.ingest import SourceDocument
    from communique.model import PIPELINE_VERSION
    from communique.store import Store, content_sha256

    console = console or Console()
    base = load_corpus(corpus)
    indices = repeat_indices([word_count(d.text) for d in base], min_words)
    sources = [SourceDocument(text=f"{base[i].text}\n\n(Copy {n}.)", name=f"bench-{n}",
                              id=f"bench-{n}") for n, i in enumerate(indices)]
    words = sum(word_count(s.text) for s in sources)
    if extractor is None:
        from communique.pipeline import Extractor

        extractor = Extractor(batch_size=batch_size)
    extractor.batch_size = batch_size
    warmup = min(max(MIN_WARMUP_DOCS, batch_size), len(sources))
    progress = _Progress(console, warmup + 2 * len(sources))
    with progress, tempfile.TemporaryDirectory() as tmp:
        _consume(extractor.extract_many(sources[:warmup]),  # type: ignore[arg-type]
                 progress.phase("warming up"))
        url = db_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        with Store.open(url) as store:
            if db_url and store.stats()["documents"]:
                # The bench writes its own documents: never into someone's corpus.
                raise CommuniqueError(f"{db_url}: bench --store needs an empty database")

            def extract_only() -> int:
                return _consume(extractor.extract_many(sources),  # type: ignore[arg-type]
                                progress.phase("extract"))

            def extract_and_store() -> int:
                count = 0
                tick = progress.phase("extract+store")
                for source, document in zip(sources, extractor.extract_many(  # type: ignore[arg-type]
                        sources), strict=True):
                    if not store.has_content(content_sha256(source.text)):
                        store.write(source, document, PIPELINE_VERSION)
                    count += 1
                    tick()
                return count

            extract_docs, extract_s = _timed(extract_only)
            store_docs, store_s = _timed(extract_and_store)
            dialect = store.dialect
    ratio = extract_s / store_s if store_s else 0.0
    met = ratio >= STORE_TARGET_RATIO
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for column in ("phase", "docs", "words", "seconds", "docs/s", "words/s"):
        table.add_column(column, justify="left" if column == "phase" else "right")
    for label, docs, seconds in (("extract", extract_docs, extract_s),
                                 (f"extract+store ({dialect})", store_docs, store_s)):
        table.add_row(label, f"{docs:,}", f"{words:,}", f"{seconds:.2f}",
                      f"{docs / seconds:,.1f}", f"{words / seconds:,.0f}")
    console.print(table)
    console.print(Text(f"ratio (extract+store)/extract throughput: {ratio:.2f} "
                       f"(target ≥ {STORE_TARGET_RATIO})",
                       style="bold green" if met else "bold red"))
    return {"docs": len(sources), "words": words, "dialect": dialect,
            "extract": _phase(extract_docs, words, extract_s, None),
            "extract_store": _phase(store_docs, words, store_s, None),
            "ratio": round(ratio, 3), "target": STORE_TARGET_RATIO, "met": met}


# --------------------------------------------------------------------------- queries

QUERY_TARGET_MS = 100.0
# The synthetic corpus rotates the seed's two countries through these, so that an actor
# filter matches a share of the documents, as in a real corpus, not all of them.
_ROTATED_COUNTRIES = (
    ("United States", "USA"), ("Japan", "JPN"), ("China", "CHN"), ("Russia", "RUS"),
    ("Ukraine", "UKR"), ("France", "FRA"), ("Germany", "DEU"), ("India", "IND"),
    ("Brazil", "BRA"), ("South Africa", "ZAF"), ("Kenya", "KEN"), ("Egypt", "EGY"),
    ("Turkey", "TUR"), ("Iran", "IRN"), ("Israel", "ISR"), ("Mexico", "MEX"),
    ("Canada", "CAN"), ("Australia", "AUS"), ("Indonesia", "IDN"), ("Nigeria", "NGA"),
)


def synthetic_documents(count: int, extractor: Extractor, chronological: bool = False
                        ) -> Iterator[tuple[Any, Any]]:
    """`count` (SourceDocument, Document) pairs made from the seed's extraction: each text
    made unique, its two main countries rotated through 20, its date through 2023–2025
    (or, `chronological`, one day after another as news arrives). The facts are real
    extraction output; only names, codes and dates vary."""
    import datetime as dt
    from dataclasses import replace

    from communique.ingest import SourceDocument

    seed = (_REPO_ROOT / "examples" / "japan-us-summit-2025-02.txt").read_text(encoding="utf-8")
    document = extractor.extract(seed, published="2025-02-10")
    countries = [a.id for a in document.actors if a.kind == "country"][:2]
    for n in range(count):
        text = f"{seed}\n(Copy {n}.)"
        swap = {}
        for k, actor_id in enumerate(countries):
            name, code = _ROTATED_COUNTRIES[(n + 7 * k) % len(_ROTATED_COUNTRIES)]
            swap[actor_id] = (name, code)
        actors = [replace(a, name=swap[a.id][0], code=swap[a.id][1], country=swap[a.id][1])
                  if a.id in swap else a for a in document.actors]
        day = ((dt.date(2000, 1, 1) + dt.timedelta(days=n)).isoformat() if chronological
               else f"{2023 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}")
        yield (SourceDocument(text=text, name=f"synthetic-{n}", id=f"synthetic-{n}",
                              published=day),
               replace(document, text=text, actors=actors, published=day,
                       events=[replace(e, date=None) for e in document.events]))


def _query_cases() -> list[tuple[str, Callable[[Any], object]]]:
    """The first page of every listing, as the CLI asks for it: the page and, when the
    page is full, the count behind its "showing 50 of N" footer."""
    def page(kind: str, **filters: object) -> Callable[[Any], object]:
        counter = {"events": "count_events", "commitments": "count_commitments",
                   "quotes": "count_quotes"}.get(kind)

        def run(store: Any) -> object:
            rows = getattr(store, kind)(**filters, limit=50) if kind != "actors" else (
                store.actors(top=50))
            if counter and len(rows) == 50:
                getattr(store, counter)(**filters, cap=1_000)  # as the CLI footer
            return rows
        return run

    return [
        ("events", page("events")),
        ("events --actor USA", page("events", actor="USA")),
        ("events --actor 'united states'", page("events", actor="united states")),
        ("events --type AGREE", page("events", type="AGREE")),
        ("events --since 2025-06-01", page("events", since="2025-06-01")),
        ("events --actor USA --since 2025-06-01", page("events", actor="USA",
                                                       since="2025-06-01")),
        ("commitments --by USA", page("commitments", by="USA")),
        ("commitments --topic investment", page("commitments", topic="investment")),
        ("quotes --speaker ishiba", page("quotes", speaker="ishiba")),
        ("actors", page("actors")),
        ("search investment", lambda store: store.search("investment", limit=20)),
    ]


def run_query_bench(db_url: str | None, documents: int = 20_000,
                    console: Console | None = None, *,
                    extractor: Extractor | None = None) -> dict[str, Any]:
    """Time the first page of every listing on a corpus of `documents` documents (target
    under 100 ms each). An empty database is filled with synthetic documents first (kept,
    so the next run measures at once); without `db_url` a temporary SQLite file is used."""
    import statistics
    import tempfile

    from communique.model import PIPELINE_VERSION
    from communique.store import Store

    console = console or Console()
    with tempfile.TemporaryDirectory() as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'queries.db'}"
        with Store.open(url) as store:
            held = store.stats()["documents"]
            if held == 0:
                if extractor is None:
                    from communique.pipeline import Extractor

                    extractor = Extractor()
                progress = _Progress(console, documents)
                with progress:
                    tick = progress.phase(f"writing {documents:,} synthetic documents")
                    for source, document in synthetic_documents(documents, extractor):
                        store.write(source, document, PIPELINE_VERSION)
                        tick()
                store.optimize()
                held = documents
            counts = store.stats()
            rows = []
            for label, query in _query_cases():
                query(store)  # warm: caches, prepared plans
                times = []
                for _ in range(3):
                    start = time.perf_counter()
                    query(store)
                    times.append((time.perf_counter() - start) * 1000)
                rows.append((label, statistics.median(times)))
            dialect = store.dialect
    worst = max(ms for _label, ms in rows)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    table.add_column("first page of")
    table.add_column("ms", justify="right")
    for label, ms in rows:
        table.add_row(label, Text(f"{ms:,.1f}", style="green" if ms < QUERY_TARGET_MS
                                  else "red"))
    console.print(Text(f"queries on {dialect}: {held:,} documents, {counts['events']:,} "
                       f"events, {counts['commitments']:,} commitments", style="bold"))
    console.print(table)
    console.print(Text(f"slowest first page: {worst:,.1f} ms (target < {QUERY_TARGET_MS:.0f})",
                       style="bold green" if worst < QUERY_TARGET_MS else "bold red"))
    return {"dialect": dialect, "documents": held, "events": counts["events"],
            "commitments": counts["commitments"],
            "queries_ms": {label: round(ms, 2) for label, ms in rows},
            "slowest_ms": round(worst, 2), "target_ms": QUERY_TARGET_MS,
            "met": worst < QUERY_TARGET_MS}


# --------------------------------------------------------------------------- long texts

LONG_SIZES_MB = (0.1, 1.0, 10.0)
LONG_TIME_RATIO = 1.3  # seconds per MB of the longest text / of the shortest, at most
LONG_PEAK_MB = 1500.0  # peak memory of the process reading the longest text, at most


def long_text(size: int, corpus: Path | None = None) -> str:
    """A text of `size` characters: the corpus's documents one after another, repeated,
    cut at a paragraph break near the end."""
    texts = [d.text for d in load_corpus(corpus)]
    base = "\n\n".join(texts) + "\n\n"
    text = base * (size // len(base) + 1)
    cut = text.rfind("\n\n", 0, size)
    return text[:cut + 2 if cut > size // 2 else size]


def measure_long_text(size: int, corpus: Path | str | None = None) -> dict[str, Any]:
    """Parse and extract one text of `size` characters in this process: seconds and the
    process's peak memory. Run in a fresh process per size, so that peaks do not mix."""
    from communique.pipeline import Extractor

    extractor = Extractor()
    text = long_text(size, Path(corpus) if corpus else None)
    start = time.perf_counter()
    doc = extractor.parse(text)
    parsed = time.perf_counter()
    document = extractor.from_doc(doc, "2025-01-01", None, None)
    done = time.perf_counter()
    return {"chars": len(text), "parse_s": round(parsed - start, 2),
            "extract_s": round(done - parsed, 2), "seconds": round(done - start, 2),
            "events": len(document.events), "peak_mb": round(rss_high_water_mb(), 1)}


def run_long_bench(sizes_mb: Sequence[float] = LONG_SIZES_MB, corpus: Path | None = None,
                   console: Console | None = None) -> dict[str, Any]:
    """Seconds per MB and peak memory for texts of each size (each in its own process):
    reading stays linear when seconds per MB of the longest is at most 1.3 × that of the
    shortest, and the longest fits in 1.5 GB."""
    import subprocess

    console = console or Console()
    rows = []
    progress = _Progress(console, len(sizes_mb))
    with progress:
        tick = progress.phase("long texts")
        for size_mb in sizes_mb:
            size = int(size_mb * 1_000_000)
            code = ("import json, sys; from communique.bench import measure_long_text; "
                    "print(json.dumps(measure_long_text(int(sys.argv[1]), sys.argv[2])))")
            result = subprocess.run([sys.executable, "-c", code, str(size), str(corpus or "")],
                                    capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BenchInputError(f"long text of {size_mb} MB: "
                                      f"{result.stderr.strip().splitlines()[-1]}")
            row = json.loads(result.stdout.strip().splitlines()[-1])
            row["mb"] = size_mb
            row["s_per_mb"] = round(row["seconds"] / (row["chars"] / 1e6), 2)
            rows.append(row)
            tick()
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for column in ("MB", "parse s", "extract s", "s/MB", "events", "peak MB"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(f"{row['mb']:g}", f"{row['parse_s']:.1f}", f"{row['extract_s']:.1f}",
                      f"{row['s_per_mb']:.1f}", f"{row['events']:,}", f"{row['peak_mb']:,.0f}")
    console.print(table)
    ratio = rows[-1]["s_per_mb"] / rows[0]["s_per_mb"] if rows[0]["s_per_mb"] else 0.0
    peak = rows[-1]["peak_mb"]
    met = ratio <= LONG_TIME_RATIO and peak <= LONG_PEAK_MB
    console.print(Text(f"s/MB at {rows[-1]['mb']:g} MB ÷ s/MB at {rows[0]['mb']:g} MB: "
                       f"{ratio:.2f} (target ≤ {LONG_TIME_RATIO}); peak {peak:,.0f} MB "
                       f"(target ≤ {LONG_PEAK_MB:,.0f})",
                       style="bold green" if met else "bold red"))
    return {"sizes": rows, "ratio": round(ratio, 3), "peak_mb": peak, "met": met,
            "target_ratio": LONG_TIME_RATIO, "target_peak_mb": LONG_PEAK_MB}


# --------------------------------------------------------------------------- API

API_TARGET_MS = 100.0
API_ENDPOINTS = (
    "/api/v1/documents", "/api/v1/events", "/api/v1/events?actor=USA",
    "/api/v1/events?type=AGREE&since=2025-01-01", "/api/v1/commitments",
    "/api/v1/commitments?by=JPN&topic=investment", "/api/v1/tracks", "/api/v1/actors",
    "/api/v1/quotes?speaker=ishiba", "/api/v1/search?q=investment", "/api/v1/stats",
    "/api/v1/stories",
)


def run_api_bench(db_url: str | None, documents: int = 10_000, repeats: int = 20,
                  console: Console | None = None) -> dict[str, Any]:
    """p95 latency of every list endpoint and of a document page, in this process through
    the ASGI app (no network), on a database of `documents` documents (an empty one is
    filled with synthetic documents first, as `bench --queries` does)."""
    import statistics
    import tempfile

    from communique.web import create_app, local_client

    console = console or Console()
    with tempfile.TemporaryDirectory() as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'api.db'}"
        from communique.store import Store

        with Store.open(url) as store:
            empty = store.stats()["documents"] == 0
        if empty:
            run_query_bench(url, documents, console=Console(file=open(os.devnull, "w")))  # noqa: SIM115
        app = create_app(url)
        client = local_client(app)
        first = client.get("/api/v1/documents?limit=1").json()["items"][0]["id"]
        paths = [*API_ENDPOINTS, f"/documents/{first}"]
        rows = []
        progress = _Progress(console, len(paths) * (repeats + 1))
        with progress:
            tick = progress.phase("API")
            for path in paths:
                client.get(path)  # warm
                tick()
                times = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                    tick()
                    if response.status_code != 200:
                        raise BenchInputError(f"{path}: HTTP {response.status_code}")
                times.sort()
                rows.append((path, statistics.median(times),
                             times[max(0, round(0.95 * len(times)) - 1)]))
        counts = app.state.store.stats()
        dialect = app.state.store.dialect
        app.state.store.close()
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    table.add_column("endpoint")
    table.add_column("median ms", justify="right")
    table.add_column("p95 ms", justify="right")
    for path, median, p95 in rows:
        table.add_row(path, f"{median:,.1f}", Text(f"{p95:,.1f}", style="green"
                                                   if p95 < API_TARGET_MS else "red"))
    worst = max(p95 for _p, _m, p95 in rows)
    console.print(Text(f"API on {dialect}: {counts['documents']:,} documents, "
                       f"{counts['events']:,} events", style="bold"))
    console.print(table)
    console.print(Text(f"slowest p95: {worst:,.1f} ms (target < {API_TARGET_MS:.0f})",
                       style="bold green" if worst < API_TARGET_MS else "bold red"))
    return {"dialect": dialect, "documents": counts["documents"], "events": counts["events"],
            "endpoints": {path: {"median_ms": round(m, 2), "p95_ms": round(p, 2)}
                          for path, m, p in rows},
            "slowest_p95_ms": round(worst, 2), "met": worst < API_TARGET_MS}


# --------------------------------------------------------------------------- linking

LINK_TARGET_MS = 50.0


def run_link_bench(sizes: Sequence[int] = (10_000, 100_000), console: Console | None = None,
                   *, extractor: Extractor | None = None) -> dict[str, Any]:
    """Milliseconds to link one new document into stores of `sizes` commitments (synthetic
    documents, eight commitments each, linked once in full first), in one run."""
    import tempfile

    from communique.linking import link_documents, rebuild
    from communique.model import PIPELINE_VERSION
    from communique.store import Store

    console = console or Console()
    if extractor is None:
        from communique.pipeline import Extractor

        extractor = Extractor()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'link.db'}"
        with Store.open(url) as store:
            written = 0
            documents = synthetic_documents(10 ** 6, extractor, chronological=True)
            progress = _Progress(console, max(sizes))
            with progress:
                tick = progress.phase("writing commitments")
                for size in sorted(sizes):
                    while store.stats()["commitments"] < size:
                        source, document = next(documents)
                        store.write(source, document, PIPELINE_VERSION)
                        written += 1
                        for _ in document.commitments:
                            tick()
                    rebuild(store)
                    source, document = next(documents)
                    store.write(source, document, PIPELINE_VERSION)
                    start = time.perf_counter()
                    link_documents(store, [str(source.id)], fresh=True)
                    ms = (time.perf_counter() - start) * 1000
                    rows.append({"commitments": store.stats()["commitments"], "ms": round(ms, 1),
                                 "tracks": store.count_tracks()})
    for row in rows:
        console.print(f"{row['commitments']:,} commitments: {row['ms']:,.1f} ms per document "
                      f"({row['tracks']:,} tracks)", markup=False)
    worst = max(row["ms"] for row in rows)
    console.print(Text(f"target < {LINK_TARGET_MS:.0f} ms per document at the largest size",
                       style="bold green" if rows[-1]["ms"] < LINK_TARGET_MS else "bold red"))
    return {"sizes": rows, "target_ms": LINK_TARGET_MS, "met": rows[-1]["ms"] < LINK_TARGET_MS,
            "slowest_ms": worst}
