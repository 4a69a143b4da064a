"""Extraction executors: serial, a local process pool, and Dask distributed.

All three share one driver: the input is cut into batches read lazily, at most a bounded
number of batches is in flight, and outcomes come back in input order. A document whose
extraction raises becomes an error `Outcome`; the rest of its batch still succeeds. When a
whole batch is lost (a worker process crashed, a Dask worker died), its documents are run
again one at a time so that only the one that caused it is reported.

Workers build their `Extractor` once per process (module-level cache) and return plain
`Document` dataclasses, never spaCy objects, so results pickle cheaply.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from communique.errors import CommuniqueError
from communique.ingest import SourceDocument
from communique.model import Document

if TYPE_CHECKING:
    from communique.pipeline import Extractor

EXECUTORS = ("local", "dask")
DASK_MISSING = "the dask executor needs the [scale] extra: pip install 'communique[scale]'"
# Batches in flight per worker: one running, one queued, so no worker waits for the driver.
IN_FLIGHT_PER_WORKER = 2
# Lost batches in a row (crashes, dead workers) after which the run gives up: past this the
# workers themselves are broken (no memory for the model, say), not a document.
MAX_CONSECUTIVE_LOSSES = 5
_MAX_PROBLEM_CHARS = 300

# What a worker returns per document: the Document, or the problem as one line.
Result = Document | str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one source: a document, or an error naming the source."""

    source: SourceDocument
    document: Document | None  # None when extraction failed
    error: str | None  # one line: "<source.name>: <problem>"


def run_extraction(
    sources: Iterable[SourceDocument],
    *,
    workers: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    actor_files: list[Path] | None = None,
    batch_size: int = 16,
) -> Iterator[Outcome]:
    """Extract every source, yielding one `Outcome` per source in input order.

    `sources` is consumed lazily; at most about `2 × workers` batches of `batch_size` are
    read ahead. `executor="local"` runs in this process (`workers=1`) or in a process pool;
    `executor="dask"` uses a Dask cluster: the one at `scheduler`, or a LocalCluster of
    `workers` processes. `actor_files` (user dictionaries) must be readable by every worker.
    Arguments are checked now (CommuniqueError); the work starts when iteration does.
    """
    validate_args(workers=workers, executor=executor, scheduler=scheduler,
                  batch_size=batch_size)
    files = tuple(Path(p) for p in actor_files or ())
    backend = make_backend(workers=workers, executor=executor, scheduler=scheduler,
                           actor_files=files, batch_size=batch_size)
    return _run(backend, sources, batch_size)


def validate_args(*, workers: int, executor: str, scheduler: str | None,
                  batch_size: int) -> None:
    """Raise CommuniqueError with a one-line message for arguments that cannot work."""
    if executor not in EXECUTORS:
        raise CommuniqueError(f"unknown executor {executor!r}: use one of {', '.join(EXECUTORS)}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise CommuniqueError(f"workers must be a whole number ≥ 1, not {workers!r}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise CommuniqueError(f"batch size must be a whole number ≥ 1, not {batch_size!r}")
    if scheduler is not None and executor != "dask":
        raise CommuniqueError("a scheduler address needs the dask executor (--executor dask)")
    if scheduler is not None and not scheduler.strip():
        raise CommuniqueError("the scheduler address is empty (expected tcp://host:8786)")


def make_backend(*, workers: int, executor: str, scheduler: str | None,
                 actor_files: tuple[Path, ...], batch_size: int) -> Backend:
    """The backend for validated arguments; nothing starts until its first batch."""
    if executor == "dask":
        return DaskBackend(workers, scheduler, actor_files, batch_size)
    if workers == 1:
        return SerialBackend(actor_files, batch_size)
    return PoolBackend(workers, actor_files, batch_size)


def _run(backend: Backend, sources: Iterable[SourceDocument],
         batch_size: int) -> Iterator[Outcome]:
    try:
        yield from drive(backend, sources, batch_size)
    finally:
        # Also on GeneratorExit and KeyboardInterrupt: no worker processes outlive the run.
        backend.close()


# --------------------------------------------------------------------------- extraction


def extract_batch(extractor: Extractor, batch: list[SourceDocument]) -> list[Result]:
    """Extract a batch through `nlp.pipe`; if anything raises, keep what was done and run
    the rest one by one, so only the failing document is reported."""
    done: list[Result] = []
    try:
        for document in extractor.extract_many(batch):
            done.append(document)
    except Exception:
        for source in batch[len(done):]:
            try:
                done.append(extractor.extract(source.text, source.published, source.title,
                                              source.id))
            except Exception as exc:
                done.append(f"extraction failed: {_describe(exc)}")
    return done


def _describe(exc: BaseException) -> str:
    """`TypeError: what went wrong`, one line, bounded."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= _MAX_PROBLEM_CHARS else text[:_MAX_PROBLEM_CHARS - 1] + "…"


def _outcome(source: SourceDocument, result: Result) -> Outcome:
    if isinstance(result, Document):
        return Outcome(source, result, None)
    return Outcome(source, None, f"{source.name}: {result}")


def build_extractor(actor_files: tuple[Path, ...], batch_size: int) -> Extractor:
    """A new Extractor; a malformed actor file is a one-line CommuniqueError naming it."""
    from communique.gazetteer import GazetteerError
    from communique.pipeline import Extractor

    try:
        return Extractor(list(actor_files) or None, batch_size=batch_size)
    except GazetteerError as exc:
        raise CommuniqueError(str(exc)) from None


# Worker side (pool processes and Dask workers): one Extractor per process.
_worker_lock = threading.Lock()
_worker_extractor: Extractor | None = None
_worker_key: tuple[tuple[Path, ...], int] | None = None
_worker_error: str | None = None


def worker_extractor(actor_files: tuple[Path, ...], batch_size: int) -> Extractor:
    """This process's Extractor, built on first use. Raises CommuniqueError (picklable,
    one line) when the model cannot be loaded, so the driver stops with that message."""
    global _worker_extractor, _worker_key, _worker_error
    key = (actor_files, batch_size)
    if _worker_error is not None and _worker_key == key:
        raise CommuniqueError(_worker_error)
    if _worker_extractor is None or _worker_key != key:
        _worker_key = key
        try:
            _worker_extractor = build_extractor(actor_files, batch_size)
            _worker_error = None
        except Exception as exc:
            _worker_extractor = None
            _worker_error = (str(exc) if isinstance(exc, CommuniqueError)
                             else f"a worker cannot build the extractor: {_describe(exc)}")
            raise CommuniqueError(_worker_error) from None
    return _worker_extractor


def _pool_init(actor_files: tuple[Path, ...], batch_size: int,
               sample: list[SourceDocument]) -> None:
    # Ctrl-C is the driver's to handle: it shuts the pool down; workers finish their batch
    # quietly instead of each printing a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A failure is remembered and raised by every task: a raising initializer would break
    # the pool, and the driver would take that for a crash.
    with contextlib.suppress(CommuniqueError):
        extract_batch(worker_extractor(actor_files, batch_size), sample)


def _pool_task(batch: list[SourceDocument], actor_files: tuple[Path, ...],
               batch_size: int) -> list[Result]:
    return extract_batch(worker_extractor(actor_files, batch_size), batch)


def _dask_task(batch: list[SourceDocument], actor_files: tuple[Path, ...],
               batch_size: int) -> list[Result]:
    # Dask workers may run several threads; spaCy's pipeline is not meant to be shared
    # across threads, and the GIL leaves little to gain from it.
    with _worker_lock:
        return extract_batch(worker_extractor(actor_files, batch_size), batch)


def _dask_warm(actor_files: tuple[Path, ...], batch_size: int,
               sample: list[SourceDocument]) -> None:
    with _worker_lock:
        extract_batch(worker_extractor(actor_files, batch_size), sample)


# --------------------------------------------------------------------------- backends


class Backend(Protocol):
    """Where batches run. `submit` returns a future whose `.result()` is a `list[Result]`."""

    @property
    def in_flight(self) -> int: ...

    @property
    def generation(self) -> int: ...

    @property
    def parallelism(self) -> int:
        """How many documents can be extracted at once (worker processes or threads)."""
        ...

    def submit(self, batch: list[SourceDocument]) -> Any: ...

    def lost_all(self, exc: BaseException, generation: int) -> bool:
        """Whether `exc` took down every batch in flight of `generation` (then the backend
        has been restarted)."""
        ...

    def warm_up(self, sample: list[SourceDocument]) -> None:
        """Start the workers, load the model and extract `sample` on every worker, so that a
        benchmark times neither start-up nor a first, slower batch."""
        ...

    def close(self) -> None: ...


class SerialBackend:
    """One Extractor in this process, created on the first batch."""

    in_flight = 1
    generation = 0
    parallelism = 1

    def __init__(self, actor_files: tuple[Path, ...], batch_size: int) -> None:
        self.actor_files = actor_files
        self.batch_size = batch_size
        self._extractor: Extractor | None = None

    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = build_extractor(self.actor_files, self.batch_size)
        return self._extractor

    def submit(self, batch: list[SourceDocument]) -> Future[list[Result]]:
        future: Future[list[Result]] = Future()
        future.set_result(extract_batch(self.extractor(), batch))
        return future

    def lost_all(self, exc: BaseException, generation: int) -> bool:
        return False

    def warm_up(self, sample: list[SourceDocument]) -> None:
        extract_batch(self.extractor(), sample)

    def close(self) -> None:
        self._extractor = None


class PoolBackend:
    """A spawn-context process pool; each worker builds its Extractor in the initializer.

    Spawn, not fork: the parent may run a progress thread, and forking a threaded process
    can deadlock the child. A crashed worker breaks the whole pool; it is replaced.
    """

    def __init__(self, workers: int, actor_files: tuple[Path, ...], batch_size: int) -> None:
        self.workers = workers
        self.actor_files = actor_files
        self.batch_size = batch_size
        self.in_flight = IN_FLIGHT_PER_WORKER * workers
        self.parallelism = workers
        self.generation = 0
        self._pool: ProcessPoolExecutor | None = None
        self._sample: list[SourceDocument] = []  # what each new worker extracts first

    def _ensure(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_pool_init,
                initargs=(self.actor_files, self.batch_size, self._sample))
        return self._pool

    def submit(self, batch: list[SourceDocument]) -> Future[list[Result]]:
        return self._ensure().submit(_pool_task, batch, self.actor_files, self.batch_size)

    def lost_all(self, exc: BaseException, generation: int) -> bool:
        if not isinstance(exc, BrokenProcessPool):
            return False
        if generation == self.generation and self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self.generation += 1
        return True

    def warm_up(self, sample: list[SourceDocument]) -> None:
        # Processes start on demand, one per submit while none is idle: one task per worker
        # starts them all, and each runs the initializer (model load, sample) before its task.
        self.close()
        self._sample = list(sample)
        pool = self._ensure()
        for future in [pool.submit(_pool_task, [], self.actor_files, self.batch_size)
                       for _ in range(self.workers)]:
            future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskBackend:
    """Batches as Dask tasks, on the cluster at `scheduler` or on a LocalCluster started
    (and closed) here. Workers cache their Extractor; a dead worker's task is retried by the
    scheduler, and after too many deaths comes back as KilledWorker for this batch alone."""

    def __init__(self, workers: int, scheduler: str | None, actor_files: tuple[Path, ...],
                 batch_size: int) -> None:
        try:
            import distributed  # noqa: F401  # fail now, with the fix, not mid-run
        except ImportError:
            raise CommuniqueError(DASK_MISSING) from None
        self.workers = workers
        self.scheduler = scheduler
        self.actor_files = actor_files
        self.batch_size = batch_size
        self.generation = 0
        self._client: Any = None
        self._cluster: Any = None
        self._threads = 0

    @property
    def parallelism(self) -> int:
        # A scheduler's cluster has the size it has; before it is reached, assume `workers`.
        return self._threads or self.workers

    @property
    def in_flight(self) -> int:
        return IN_FLIGHT_PER_WORKER * max(self.workers, self._threads)

    def _ensure(self) -> Any:
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster

        try:
            if self.scheduler is None:
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.CRITICAL)
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            self.close()
            what = (f"cannot connect to the Dask scheduler at {self.scheduler}"
                    if self.scheduler else "cannot start a local Dask cluster")
            raise CommuniqueError(f"{what}: {_describe(exc)}") from None
        self._threads = sum(self._client.nthreads().values())
        return self._client

    def submit(self, batch: list[SourceDocument]) -> Any:
        return self._ensure().submit(_dask_task, batch, self.actor_files, self.batch_size,
                                     pure=False)

    def lost_all(self, exc: BaseException, generation: int) -> bool:
        return False

    def warm_up(self, sample: list[SourceDocument]) -> None:
        self._ensure().run(_dask_warm, self.actor_files, self.batch_size, list(sample))

    def close(self) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        try:
            if client is not None:
                client.close()
        finally:
            if cluster is not None:
                cluster.close()


# --------------------------------------------------------------------------- driver


@dataclass(slots=True)
class _Pending:
    batch: list[SourceDocument]
    future: Any  # None: lost with its backend; rerun one document at a time
    generation: int


def _batched(sources: Iterable[SourceDocument], size: int) -> Iterator[list[SourceDocument]]:
    iterator = iter(sources)
    while batch := list(islice(iterator, size)):
        yield batch


def drive(backend: Backend, sources: Iterable[SourceDocument],
          batch_size: int) -> Iterator[Outcome]:
    """Run `sources` on `backend` in batches, bounded in flight, yielding in input order."""
    batches = _batched(sources, batch_size)
    pending: deque[_Pending] = deque()
    losses = _LossCounter()

    def fill() -> None:
        # While lost batches wait to be rerun alone, nothing else may run beside them:
        # a second crash must point at the one document that caused it.
        if any(p.future is None for p in pending):
            return
        while len(pending) < backend.in_flight:
            batch = next(batches, None)
            if batch is None:
                return
            pending.append(_Pending(batch, backend.submit(batch), backend.generation))

    fill()
    while pending:
        item = pending.popleft()
        if item.future is None:
            yield from _one_by_one(backend, item.batch, losses)
        else:
            try:
                results = item.future.result()
            except CommuniqueError:
                raise
            except Exception as exc:
                if backend.lost_all(exc, item.generation):
                    for other in pending:
                        if (other.future is not None and other.generation == item.generation
                                and other.future.exception() is not None):
                            other.future = None
                yield from _one_by_one(backend, item.batch, losses)
            else:
                losses.reset()
                for source, result in zip(item.batch, results, strict=True):
                    yield _outcome(source, result)
        fill()


class _LossCounter:
    """Counts lost tasks in a row; too many means the workers, not the input, are broken."""

    def __init__(self) -> None:
        self.count = 0

    def reset(self) -> None:
        self.count = 0

    def add(self, exc: BaseException) -> None:
        self.count += 1
        if self.count >= MAX_CONSECUTIVE_LOSSES:
            raise CommuniqueError(f"extraction workers keep failing ({self.count} documents "
                                  f"in a row, last: {_lost_problem(exc)}); giving up")


def _lost_problem(exc: BaseException) -> str:
    if isinstance(exc, BrokenProcessPool):
        return "the worker process crashed while extracting it"
    if type(exc).__name__ == "KilledWorker":  # distributed.scheduler.KilledWorker
        return "every Dask worker that ran it died (KilledWorker)"
    return f"extraction failed: {_describe(exc)}"


def _one_by_one(backend: Backend, batch: list[SourceDocument],
                losses: _LossCounter) -> Iterator[Outcome]:
    """Rerun a lost batch a document at a time; a document that is lost again is the cause."""
    for source in batch:
        generation = backend.generation
        future = backend.submit([source])
        try:
            [result] = future.result()
        except CommuniqueError:
            raise
        except Exception as exc:
            backend.lost_all(exc, generation)
            losses.add(exc)
            yield Outcome(source, None, f"{source.name}: {_lost_problem(exc)}")
        else:
            losses.reset()
            yield _outcome(source, result)
