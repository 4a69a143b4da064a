"""Build a corpus: turn the inputs of `communique ingest` into documents with ids, extract
them, and store each in its own transaction.

Inputs are files, folders (searched recursively), JSONL batches, URLs (articles or RSS/Atom
feeds) and `.txt` lists of URLs. Documents already stored (same text, by SHA-256) are not
extracted again, so an interrupted ingest resumes by running the same command.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from communique.errors import CommuniqueError, InputError
from communique.ingest import LineError, SourceDocument, iter_jsonl, load_path

DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be stored: reported, then the batch goes on."""

    input: str
    error: str  # one line, naming the input
    id: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"input": self.input, "id": self.id, "error": self.error}


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    replaced: int = 0
    skipped: int = 0  # already stored with the same text
    failures: list[Failure] = field(default_factory=list)
    from_dateline: int = 0  # stored documents dated by a date line in their text
    undated: int = 0  # stored documents with no publication date
    redated: int = 0  # already stored, undated, now given the date of --published
    nul_replaced: int = 0  # stored documents whose NUL characters became U+FFFD
    tracks: int = 0  # tracks (re)written by the linking that ends the ingest
    written: list[str] = field(default_factory=list)  # ids of the documents added
    rewritten: list[str] = field(default_factory=list)  # ids of the documents replaced

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def summary(self) -> str:
        """One line, and a second one warning about undated documents, whose events
        `--since` and the GDELT export cannot place in time."""
        line = (f"{self.added} added, {self.replaced} replaced, {self.skipped} already "
                f"stored, {len(self.failures)} failed")
        notes = []
        if self.from_dateline:
            notes.append(f"{self.from_dateline} dated by the date line in the text")
        if self.redated:
            notes.append(f"{self.redated} already stored now dated by --published")
        if self.nul_replaced:
            notes.append(f"{self.nul_replaced} with NUL characters replaced by U+FFFD")
        if notes:
            line += f" ({'; '.join(notes)})"
        if self.undated:
            documents = "document" if self.undated == 1 else "documents"
            line += (f"\nwarning: {self.undated} {documents} stored without a publication date"
                     " (none stated in the input);\nwarning: --since, --until and the GDELT "
                     "export leave their events out: rerun with --published YYYY-MM-DD")
        return line


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, then raise it. Database calls run inside: a
    KeyboardInterrupt landing inside a driver or SQLAlchemy's pool (returning a connection)
    is logged by them with a traceback, and can leave the connection half-reset."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def slug(value: str) -> str:
    """A URL-safe id: 'example.org/news/article.html' -> 'example.org-news-article'."""
    value = re.sub(r"\.(html?|xhtml|php|aspx?)$", "", value.strip("/"))
    return _SLUG.sub("-", value).strip("-.") or "document"


def url_id(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "url"
    host = host[4:] if host.startswith("www.") else host
    path = parts.path + (f"-{parts.query}" if parts.query else "")
    return slug(f"{host}/{path}")


def is_url_list(path: Path) -> bool:
    """A .txt file whose lines are all URLs (blank lines and # comments allowed)."""
    if path.suffix.lower() != ".txt":
        return False
    from communique.fetch import is_url

    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(64 * 1024)
    except (OSError, UnicodeDecodeError):
        return False
    lines = [ln.strip() for ln in head.splitlines() if ln.strip() and not ln.startswith("#")]
    return bool(lines) and all(is_url(ln) for ln in lines)


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Folders become the documents and batches inside them, in sorted order."""
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.is_file() and child.suffix.lower() in DOCUMENT_SUFFIXES + JSONL_SUFFIXES:
                    yield str(child)
        else:
            yield item


def iter_sources(inputs: Iterable[str], *, allow_private: bool = False,
                 stdin: TextIO | None = None, fetch_deadline: float | None = None
                 ) -> Iterator[SourceDocument | Failure]:
    """Every document the inputs hold, with its id, or a Failure saying why not."""
    from communique.fetch import is_url

    for item in expand_inputs(inputs):
        if is_url(item):
            yield from _from_urls([item], allow_private, fetch_deadline)
            continue
        path = Path(item)
        if item == "-" or path.suffix.lower() in JSONL_SUFFIXES:
            yield from _from_jsonl(item, stdin)
        elif path.is_file() and is_url_list(path):
            urls = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
                    if ln.strip() and not ln.lstrip().startswith("#")]
            yield from _from_urls(urls, allow_private, fetch_deadline)
        else:
            try:
                source = load_path(item)
            except InputError as error:
                yield Failure(item, str(error))
                continue
            yield replace(source, id=source.id or slug(path.stem))


def _from_urls(urls: list[str], allow_private: bool, deadline: float | None = None
               ) -> Iterator[SourceDocument | Failure]:
    from communique.fetch import DEFAULT_DEADLINE, load_url

    for url in urls:
        for result in load_url(url, allow_private=allow_private,
                               deadline=deadline or DEFAULT_DEADLINE):
            if isinstance(result, InputError):
                yield Failure(url, str(result))
            else:
                yield replace(result, id=result.id or url_id(result.url or result.name))


def _from_jsonl(item: str, stdin: TextIO | None) -> Iterator[SourceDocument | Failure]:
    if item == "-":
        source = stdin or sys.stdin
        yield from _jsonl_records(getattr(source, "buffer", source), "<stdin>", "stdin")
        return
    try:
        stream = Path(item).open("rb")  # noqa: SIM115 - closed below, after the last record
    except OSError as error:
        yield Failure(item, f"{item}: cannot open ({error.strerror or error})")
        return
    with stream:
        yield from _jsonl_records(stream, item, slug(Path(item).stem))


def _jsonl_records(stream: object, name: str, stem: str
                   ) -> Iterator[SourceDocument | Failure]:
    """Records without an id are named after their batch and line: 'batch-12'."""
    for record in iter_jsonl(stream, name):  # type: ignore[arg-type]
        if isinstance(record, LineError):
            yield Failure(name, record.error, record.id)
        else:
            yield replace(record, id=record.id or f"{stem}-{_line_number(record.name)}")


def _line_number(name: str) -> str:
    match = re.search(r"line (\d+)", name)
    return match.group(1) if match else "0"


def count_inputs(inputs: Iterable[str]) -> int | None:
    """How many documents the inputs hold, when that is cheap to know (files and JSONL
    lines); None with URLs or standard input, whose size is unknown until read."""
    total = 0
    from communique.fetch import is_url

    for item in expand_inputs(inputs):
        path = Path(item)
        if item == "-" or is_url(item):
            return None
        if path.suffix.lower() in JSONL_SUFFIXES:
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        elif path.is_file() and is_url_list(path):
            return None
        else:
            total += 1
    return total


# --------------------------------------------------------------------------- ingest


def ingest(store: object, inputs: list[str], *, workers: int = 1, executor: str = "local",
           scheduler: str | None = None, actor_files: list[Path] | None = None,
           allow_private: bool = False, reprocess: bool = False,
           published: str | None = None, fetch_deadline: float | None = None,
           similarity: Callable[[str, str], float] | None = None,
           on_failure: Callable[[Failure], None] | None = None,
           on_progress: Callable[[int], None] | None = None) -> IngestReport:
    """Extract and store every new document of the inputs; report what happened.

    `store` is a `communique.store.Store`. Each document is written in its own transaction
    by this process (the single writer), whatever runs the extraction. `published`
    (YYYY-MM-DD) dates the documents that state no date of their own (page metadata, feed
    entry, JSONL field or the text's date line), and stored ones that have none.
    """
    from communique.model import PIPELINE_VERSION
    from communique.runner import run_extraction
    from communique.store import content_sha256
    from communique.store.store import StoreBusy

    report = IngestReport()
    seen: set[str] = set()

    def fail(failure: Failure) -> None:
        report.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)

    def advance() -> None:
        if on_progress is not None:
            on_progress(1)

    def pending() -> Iterator[SourceDocument]:
        if reprocess:
            yield from store.stale(PIPELINE_VERSION)  # type: ignore[attr-defined]
        for item in iter_sources(inputs, allow_private=allow_private,
                                 fetch_deadline=fetch_deadline):
            if isinstance(item, Failure):
                fail(item)
                advance()
                continue
            if item.published is None and published is not None:
                item = replace(item, published=published, date_source="given")
            digest = content_sha256(item.text)
            with deferred_interrupt():
                stored = digest in seen or store.has_content(digest)  # type: ignore[attr-defined]
                redated = stored and item.date_source == "given" and store.date_undated(  # type: ignore[attr-defined]
                    digest, published)
            if stored:
                report.skipped += 1
                report.redated += bool(redated)
                advance()
                continue
            seen.add(digest)
            yield item

    for outcome in run_extraction(pending(), workers=workers, executor=executor,
                                  scheduler=scheduler, actor_files=actor_files):
        if outcome.document is None:
            fail(Failure(outcome.source.name, outcome.error or "extraction failed",
                         outcome.source.id))
        else:
            try:
                with deferred_interrupt():
                    result = store.write(outcome.source, outcome.document,  # type: ignore[attr-defined]
                                         PIPELINE_VERSION)
            except StoreBusy:
                raise  # another writer holds the database: stop, do not fail each document
            except CommuniqueError as error:
                fail(Failure(outcome.source.name, str(error), outcome.source.id))
            else:
                if result == "replaced":
                    report.replaced += 1
                    report.rewritten.append(str(outcome.source.id))
                else:
                    report.added += 1
                    report.written.append(str(outcome.source.id))
                if outcome.source.date_source == "dateline":
                    report.from_dateline += 1
                report.nul_replaced += outcome.source.nul_replaced > 0
                if (outcome.source.published or outcome.document.published) is None:
                    report.undated += 1
        advance()
    if report.added or report.replaced:
        from communique.linking import link_documents

        with deferred_interrupt():
            store.optimize()  # type: ignore[attr-defined]
            # Commitments are linked into tracks incrementally: only the blocks (sets of
            # parties) the new documents touch.
            report.tracks = (
                link_documents(store, report.written, similarity, fresh=True)
                + link_documents(store, report.rewritten, similarity))
    return report


def write_failures(path: Path, failures: Iterable[Failure]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        for failure in failures:
            handle.write(json.dumps(failure.to_dict(), ensure_ascii=False) + "\n")
