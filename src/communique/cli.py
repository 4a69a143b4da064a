"""The `communique` command line. Each command parses flags, calls the library, prints."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from communique import queries
from communique.errors import CommuniqueError

_TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "path": "PATH",
               "file": "FILE", "directory": "DIRECTORY"}


def _click_style_help() -> None:
    """Typer 0.29 writes Python type names into --help (`<bool>`, `<list[str]>`, `<str>`)
    and wraps a required argument in braces (`{query}`). Show what click and most CLIs
    show instead: nothing for a flag, the option's metavar (or its type in capitals) for a
    value, and an argument as QUERY or [INPUTS]...; typer has no setting for it."""
    from typer.core import TyperArgument, TyperOption

    def option_type(self: TyperOption, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        label = TyperOption.__base__.display_type_rich(self, ctx) or ""  # type: ignore[attr-defined]
        label = label.strip("<>").removeprefix("list[").removesuffix("]")
        return _TYPE_NAMES.get(label.removesuffix(" range"), label.upper())

    def argument_usage(self: TyperArgument) -> str:
        name = (self.metavar or self.name or "").upper()
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    TyperOption.display_type_rich = option_type  # type: ignore[method-assign]
    TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    TyperArgument._usage_display_name = argument_usage  # type: ignore[method-assign]
    TyperArgument._rich_display_name = lambda self: argument_usage(self)  # type: ignore


_click_style_help()
app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Who did, said and promised what to whom: facts from diplomatic news.")
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one error, one line

def _show_version(value: bool) -> None:
    if value:
        from communique import __version__

        typer.echo(f"communique {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", callback=_show_version,
        is_eager=True)] = False) -> None:
    """Who did, said and promised what to whom: facts from diplomatic news."""


INTERRUPTED_INGEST = ("communique: interrupted; what was stored stays stored. Run the same "
                      "command again to resume.")
JSONL_CHUNK = 64


def interruptible(command: Callable[..., None]) -> Callable[..., None]:
    """Ctrl-C at any moment of a command, loading the model included, ends with one line
    and exit 130 (Click would otherwise exit 130 silently)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            err.print(INTERRUPTED_INGEST if command.__name__ == "ingest"
                      else "communique: interrupted", markup=False)
            raise typer.Exit(130) from None

    return run  # documents parsed together in --jsonl mode (output stays in input order)


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@app.command()
@interruptible
def extract(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Text or HTML files; - reads standard input.")] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD: anchors 'on Tuesday', 'last month'.",
        callback=_check_date, metavar="DATE")] = None,
    title: Annotated[str | None, typer.Option(help="Document title.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help='Batch: JSON lines {"id","text","published","title"} in, one fact '
                        "object per line out, in order.")] = False,
    actors: Annotated[list[Path] | None, typer.Option(
        "--actors", help="Extra actor dictionary (YAML, the format of data/actors.yaml).")] = None,
) -> None:
    """Extract actors, events, commitments, quotes, amounts, places and dates."""
    from communique.corpus import slug
    from communique.ingest import STDIN, load_path

    paths = inputs or ["-"]
    if as_json and jsonl:
        err.print("communique: error: --json and --jsonl are two output formats: give one",
                  markup=False)
        raise typer.Exit(2)
    try:
        extractor = _extractor(actors)
        if jsonl:
            code = _run_jsonl(extractor, paths)
            raise typer.Exit(code)
        sources = [load_path(p) for p in paths]
        out = _stdout()
        for source in sources:
            # A file is known by its name: the id, and the title when it has none.
            named = source.name != STDIN
            document = extractor.extract(
                source.text, published=published or source.published,
                title=title or source.title or (Path(source.name).name if named else None),
                id=source.id or (slug(Path(source.name).stem) if named else None))
            if as_json:
                sys.stdout.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
            else:
                from communique.report import render_report

                if len(sources) > 1:
                    out.rule(source.name)
                render_report(document, out)
    except CommuniqueError as error:
        err.print(f"communique: error: {error}", markup=False)
        raise typer.Exit(error.exit_code) from None


def _extractor(actor_files: list[Path] | None):
    from communique.pipeline import Extractor

    return Extractor(actor_files=list(actor_files or []))


def _run_jsonl(extractor, paths: list[str]) -> int:
    """Stream JSONL: each input line gives exactly one output line; a bad line gives an
    error object (and a message on stderr) and the batch goes on."""
    from communique.ingest import LineError, iter_jsonl

    failures = 0
    for path in paths:
        name = "<stdin>" if path == "-" else path
        stream = sys.stdin.buffer if path == "-" else _open(path)
        chunk: list = []
        for item in iter_jsonl(stream, name):
            chunk.append(item)
            if len(chunk) >= JSONL_CHUNK:
                failures += _flush(extractor, chunk, LineError)
                chunk = []
        failures += _flush(extractor, chunk, LineError)
    return 1 if failures else 0


def _open(path: str):
    from communique.errors import InputError

    try:
        return Path(path).open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None


def _flush(extractor, chunk: list, line_error: type) -> int:
    good = [item for item in chunk if not isinstance(item, line_error)]
    parsed: Iterator = extractor.nlp.pipe((g.text for g in good), batch_size=extractor.batch_size)
    docs = dict(zip((id(g) for g in good), parsed, strict=True))
    failures = 0
    for item in chunk:
        if isinstance(item, line_error):
            failures += 1
            err.print(f"communique: error: {item.error}", markup=False)
            record = {"id": item.id, "line": item.line, "error": item.error}
        else:
            if item.nul_replaced:
                err.print(f"communique: warning: {item.name}: {item.nul_replaced} NUL "
                          "character(s) replaced by U+FFFD", markup=False)
            try:
                document = extractor.from_doc(docs[id(item)], item.published, item.title,
                                              item.id)
                record = document.to_dict()
            except Exception as error:  # one bad document must not stop the batch
                failures += 1
                message = f"{item.name}: extraction failed ({type(error).__name__}: {error})"
                err.print(f"communique: error: {message}", markup=False)
                record = {"id": item.id, "error": message}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return failures


@app.command()
@interruptible
def bench(
    corpus: Annotated[Path | None, typer.Argument(
        help="Folder of .txt/.json files or a .jsonl file (default: the dev texts).")] = None,
    min_words: Annotated[int, typer.Option(help="Repeat documents to at least this many words.")
                         ] = 50_000,
    batch_size: Annotated[int, typer.Option(help="nlp.pipe batch size for both runs.")] = 32,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
    store: Annotated[bool, typer.Option(
        "--store", help="Compare extract-only with extract+store (ingest) throughput.")] = False,
    db: DbOption = None,
    executor: Annotated[str | None, typer.Option(
        help="Compare serial extraction with this executor: local (processes) or dask.")
    ] = None,
    workers: Annotated[int, typer.Option(help="Workers for --executor.")] = 2,
    queries: Annotated[bool, typer.Option(
        "--queries", help="Time the first page of every listing (target < 100 ms) on a "
                          "database of --documents documents (an empty --db is filled with "
                          "synthetic ones first).")] = False,
    documents: Annotated[int, typer.Option(help="Documents for --queries.", min=1)] = 20_000,
    link: Annotated[bool, typer.Option(
        "--link", help="Milliseconds to link one new document into stores of 10,000 and "
                       "100,000 commitments (target < 50 ms).")] = False,
    api: Annotated[bool, typer.Option(
        "--api", help="p95 latency of every API list endpoint and a document page (target "
                      "< 100 ms) on --db (an empty one is filled with --documents).")] = False,
    long: Annotated[bool, typer.Option(
        "--long", help="Seconds per MB and peak memory for one long text of each --sizes "
                       "(MB), each in its own process.")] = False,
    sizes: Annotated[str, typer.Option(help="Text sizes in MB for --long.")] = "0.1,1,10",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler for --executor dask.")
                         ] = None,
) -> None:
    """Throughput of extraction side by side with bare spaCy parsing, in one run; with
    --store, extraction with and without storing; with --executor, serial vs parallel."""
    from communique.bench import (
        load_corpus,
        repeat_to_words,
        run_bench,
        run_executor_bench,
        run_store_bench,
    )

    console = Console(stderr=as_json, highlight=False)
    try:
        if link:
            from communique.bench import run_link_bench

            result = run_link_bench(console=console)
        elif api:
            from communique.bench import run_api_bench

            result = run_api_bench(db, documents, console=console)
        elif long:
            from communique.bench import run_long_bench

            try:
                chosen = [float(size) for size in sizes.split(",")]
            except ValueError:
                raise typer.BadParameter(f"{sizes!r}: sizes in MB, e.g. 0.1,1,10",
                                         param_hint="--sizes") from None
            result = run_long_bench(chosen, corpus, console=console)
        elif queries:
            from communique.bench import run_query_bench

            result = run_query_bench(db, documents, console=console)
        elif store:
            result = run_store_bench(corpus, min_words=min_words, batch_size=batch_size,
                                     console=console, db_url=db)
        elif executor is not None:
            texts = repeat_to_words([d.text for d in load_corpus(corpus)], min_words)
            result = run_executor_bench(texts, workers, executor=executor, scheduler=scheduler)
            console.print(
                f"{executor} with {result['workers']} workers: "
                f"{result['parallel_wps']:,.0f} words/s vs serial {result['serial_wps']:,.0f}"
                f" · speed-up {result['speedup']:.2f} · parallel efficiency "
                f"{result['efficiency']:.2f}", markup=False)
        else:
            result = run_bench(corpus, min_words=min_words, batch_size=batch_size,
                               console=console)
    except CommuniqueError as error:
        err.print(f"communique: error: {error}", markup=False)
        raise typer.Exit(error.exit_code) from None
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")


# --------------------------------------------------------------------------- corpus

DbOption = Annotated[str | None, typer.Option(
    "--db", envvar="COMMUNIQUE_DB", metavar="URL",
    help="Database URL: sqlite:///path.db (default sqlite:///communique.db) or "
         "postgresql://user@host/db.")]
FormatOption = Annotated[str, typer.Option(
    "--format", metavar="FORMAT", help="table (default), csv or json.")]
DEFAULT_LIMIT = 50
COUNT_CAP = queries.TOTAL_CAP  # the footer counts the rows left out up to this many
LimitOption = Annotated[int, typer.Option(help="At most this many rows (the first ones).",
                                          min=1)]
AllOption = Annotated[bool, typer.Option("--all", help="Every row, no --limit.")]
RawOption = Annotated[bool, typer.Option(
    "--raw", help="CSV cells exactly as stored (by default a cell starting with = + - @ "
                  "gets a leading ' so that spreadsheets do not run it as a formula).")]
def _check_similarity(value: str) -> str:
    if value not in ("lexical", "embed"):
        raise typer.BadParameter(f"{value!r}: choose lexical or embed")
    return value


SimilarityOption = Annotated[str, typer.Option(
    help="How alike two promised actions are: lexical (word overlap) or embed (the "
         "offline MiniLM embedder of the [embed] extra).", metavar="lexical|embed",
    callback=_check_similarity)]
WideOption = Annotated[bool, typer.Option(
    "--wide", help="Table cells whole (wrapped), not cut to one line.")]


def _fail(error: CommuniqueError) -> typer.Exit:
    err.print(f"communique: error: {error}", markup=False)
    return typer.Exit(error.exit_code)


def _store(db: str | None):
    from communique.store import Store

    return Store.open(db)


@app.command()
@interruptible
def ingest(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Files, folders, JSONL batches, URLs (articles or RSS/Atom feeds), .txt lists "
             "of URLs; - reads JSONL from standard input.")] = None,
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Extraction processes.")] = 1,
    executor: Annotated[str, typer.Option(help="local (processes on this machine) or dask.")
                        ] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address (tcp://host:8786); without it a local cluster starts."
    )] = None,
    errors: Annotated[Path | None, typer.Option(
        "--errors", help="Also write each failure as a JSON line to this file.")] = None,
    reprocess: Annotated[bool, typer.Option(
        help="Re-extract stored documents whose pipeline version is older.")] = False,
    allow_private: Annotated[bool, typer.Option(
        help="Let URLs reach loopback, private and link-local addresses.")] = False,
    fetch_deadline: Annotated[float, typer.Option(
        help="Seconds one URL may take, all of it (connecting, redirects, headers, body).",
        min=1, metavar="SECONDS")] = 60.0,
    similarity: SimilarityOption = "lexical",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    actors: Annotated[list[Path] | None, typer.Option(
        "--actors", help="Extra actor dictionary (YAML).")] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD of the documents that state none (page metadata, "
             "feed entries, JSONL \"published\" and a text's date line come first).",
        callback=_check_date, metavar="DATE")] = None,
) -> None:
    """Extract documents and store their facts; already stored texts are skipped.

    Exit status: 0 when every document landed, 1 when some failed, 2 for usage errors.
    """
    from communique.corpus import count_inputs, write_failures
    from communique.corpus import ingest as run_ingest

    if not inputs and not reprocess:
        err.print("communique: error: nothing to ingest: give files, folders, URLs or "
                  "--reprocess", markup=False)
        raise typer.Exit(2)
    if workers < 1:
        err.print("communique: error: --workers must be at least 1", markup=False)
        raise typer.Exit(2)
    if errors is not None:
        try:
            errors.write_text("", encoding="utf-8")  # this run's failures only
        except OSError as error:
            err.print(f"communique: error: {errors}: cannot write ({error.strerror})",
                      markup=False)
            raise typer.Exit(2) from None

    def on_failure(failure) -> None:
        err.print(f"communique: error: {failure.error}", markup=False)
        if errors is not None:
            write_failures(errors, [failure])

    try:
        from communique.linking import similarity_named

        similar = similarity_named(similarity)
        store = _store(db)
    except CommuniqueError as error:
        raise _fail(error) from None
    progress = _progress(quiet)
    total = count_inputs(inputs or [])
    if reprocess and total is not None:
        from communique.model import PIPELINE_VERSION

        try:
            total += store.count_stale(PIPELINE_VERSION)
        except CommuniqueError as error:
            store.close()
            raise _fail(error) from None
    task = progress.add_task("ingesting", total=total)
    try:
        with progress:
            report = run_ingest(
                store, list(inputs or []), workers=workers, executor=executor,
                scheduler=scheduler, actor_files=list(actors or []),
                allow_private=allow_private, reprocess=reprocess, published=published,
                fetch_deadline=fetch_deadline, similarity=similar,
                on_failure=on_failure,
                on_progress=lambda n: progress.advance(task, n))
    except KeyboardInterrupt:
        err.print(INTERRUPTED_INGEST, markup=False)
        raise typer.Exit(130) from None
    except CommuniqueError as error:
        raise _fail(error) from None
    finally:
        from communique.corpus import deferred_interrupt

        with deferred_interrupt():
            store.close()
    summary, *warnings = report.summary().split("\n")
    for line in ([] if quiet else [summary]) + warnings:
        err.print(f"communique: {line}", markup=False)
    raise typer.Exit(report.exit_code)


def _progress(quiet: bool):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            # Finished: documents over the whole run (a burst at the end after a slow model
            # load would otherwise read as hundreds a second).
            speed = (task.completed / task.elapsed if task.finished and task.elapsed
                     else task.speed)
            return Text(f"{speed:.1f} docs/s" if speed else "– docs/s")

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    MofNCompleteColumn(), RateColumn(), TimeRemainingColumn(),
                    console=err, disable=quiet or not err.is_terminal, transient=False)


def _show(kind: str, rows: list[dict], fmt: str, wide: bool = False,
          filters: str = "", raw: bool = False) -> None:
    """Print listing rows as a table, CSV or JSON."""
    import csv

    from communique.export import flat_row

    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    flat = [flat_row(kind, r) if kind in ("events", "commitments", "quotes", "actors") else r
            for r in rows]
    if fmt == "csv":
        from communique.export import COLUMNS

        names = list(flat[0]) if flat else list(COLUMNS.get(kind, ("document_id", "title",
                                                                   "snippet", "rank")))
        from communique.export import spreadsheet_safe

        writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flat if raw else [{k: spreadsheet_safe(v) for k, v in row.items()}
                                           for row in flat])
        return
    out = _stdout()
    if not rows:
        what = "documents" if kind == "search" else kind
        out.print(f"no {what} match{f' ({filters})' if filters else ''}", markup=False)
        return
    from communique.report import listing_table

    out.print(listing_table(kind, flat, width=out.width, wide=wide))


def _stdout() -> Console:
    """Standard output for people: the terminal's width, or COLUMNS, or 100 when piped."""
    import os

    sized = sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit()
    return Console(highlight=False, width=None if sized else 100)


def _filters(**values: object) -> str:
    """'actor JPN, since 2025-01-01': the filters a listing was given, for its messages."""
    return ", ".join(f"{name.rstrip('_')} {value}" for name, value in values.items()
                     if value not in (None, False, ""))


@app.command()
@interruptible
def events(
    actor: Annotated[str | None, typer.Option(help="Actor code or name, either side.")] = None,
    type: Annotated[str | None, typer.Option(
        "--type", help="PLOVER type (AGREE) or CAMEO code prefix (03).")] = None,
    since: Annotated[str | None, typer.Option(
        help="From this date (YYYY-MM-DD), on the event's date or else its document's.",
        callback=_check_date, metavar="DATE")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD), inclusive.",
                                              callback=_check_date, metavar="DATE")] = None,
    limit: LimitOption = DEFAULT_LIMIT, all_rows: AllOption = False, wide: WideOption = False,
    fmt: FormatOption = "table", raw: RawOption = False, db: DbOption = None,
) -> None:
    """Stored events: who did what to whom, when."""
    filters = {"actor": actor, "type": type, "since": since, "until": until}
    _listing("events", db, fmt, wide, None if all_rows else limit, _filters(**filters),
             lambda s, n: queries.events(s, **filters, limit=n, max_limit=None,
                                         undated=True), raw)


@app.command()
@interruptible
def commitments(
    by: Annotated[str | None, typer.Option(help="Who promised (code or name).")] = None,
    to: Annotated[str | None, typer.Option(help="To whom (code or name).")] = None,
    topic: Annotated[str | None, typer.Option(help="investment, trade, energy, ...")] = None,
    since: Annotated[str | None, typer.Option(
        help="Published from this date (YYYY-MM-DD).", callback=_check_date, metavar="DATE")
    ] = None,
    until: Annotated[str | None, typer.Option(
        help="Published up to this date (YYYY-MM-DD), inclusive.", callback=_check_date,
        metavar="DATE")] = None,
    limit: LimitOption = DEFAULT_LIMIT, all_rows: AllOption = False, wide: WideOption = False,
    fmt: FormatOption = "table", raw: RawOption = False, db: DbOption = None,
) -> None:
    """Stored commitments: who promised what to whom."""
    filters = {"by": by, "to": to, "topic": topic, "since": since, "until": until}
    _listing("commitments", db, fmt, wide, None if all_rows else limit, _filters(**filters),
             lambda s, n: queries.commitments(s, **filters, limit=n, max_limit=None,
                                              undated=True), raw)


@app.command()
@interruptible
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Part of the speaker's name.")] = None,
    limit: LimitOption = DEFAULT_LIMIT, all_rows: AllOption = False, wide: WideOption = False,
    fmt: FormatOption = "table", raw: RawOption = False, db: DbOption = None,
) -> None:
    """Stored quotations with their speakers."""
    _listing("quotes", db, fmt, wide, None if all_rows else limit, _filters(speaker=speaker),
             lambda s, n: queries.quotes(s, speaker=speaker, limit=n, max_limit=None), raw)


@app.command("actors")
@interruptible
def actors_command(
    top: Annotated[int | None, typer.Option(help="Only the N most mentioned.", min=1)] = None,
    limit: LimitOption = DEFAULT_LIMIT, all_rows: AllOption = False, wide: WideOption = False,
    fmt: FormatOption = "table", raw: RawOption = False, db: DbOption = None,
) -> None:
    """Canonical actors across documents, most mentioned first."""
    shown = top if top is not None else None if all_rows else limit
    _listing("actors", db, fmt, wide, shown, "",
             lambda s, n: queries.actors(s, limit=n, max_limit=None, cap=None), raw,
             footer=top is None)


@app.command()
@interruptible
def search(
    query: Annotated[str, typer.Argument(help="Words to find (full-text search).")],
    limit: Annotated[int, typer.Option(help="At most this many documents.", min=1)] = 20,
    wide: WideOption = False, fmt: FormatOption = "table", raw: RawOption = False,
    db: DbOption = None,
) -> None:
    """Full-text search over stored documents, best matches first."""
    _listing("search", db, fmt, wide, limit, f"search {query}",
             lambda s, n: {"items": queries.search(s, query, limit=n, max_limit=None,
                                                   with_actors=False)["hits"]}, raw,
             footer=False)


@app.command()
@interruptible
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """How many documents, actors and facts the database holds."""
    try:
        store = _store(db)
        try:
            counts = queries.stats(store)
        finally:
            store.close()
    except CommuniqueError as error:
        raise _fail(error) from None
    if as_json:
        sys.stdout.write(json.dumps(counts) + "\n")
        return
    for key, value in counts.items():
        sys.stdout.write(f"{key:<12} {value:>10,}\n")


@app.command()
@interruptible
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv, jsonl, parquet or gdelt.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the files into.")],
    raw: RawOption = False, db: DbOption = None,
) -> None:
    """Write events, commitments, quotes and actors as CSV, JSONL, Parquet or GDELT 2.0."""
    from communique.export import FORMATS
    from communique.export import export as run_export

    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(FORMATS)}",
                                 param_hint="--format")
    try:
        store = _store(db)
        try:
            paths = run_export(store.export_rows, fmt, out, raw=raw)
        finally:
            store.close()
    except CommuniqueError as error:
        raise _fail(error) from None
    for path in paths:
        err.print(f"wrote {path}", markup=False)


@app.command()
@interruptible
def metadata(
    db: DbOption = None,
) -> None:
    """Print datasette metadata (JSON) describing every table and column of the database:
    `communique metadata > metadata.json; datasette communique.db -m metadata.json`."""
    from communique.store import default_url
    from communique.store.schema import datasette_metadata

    url = db or default_url()
    name = Path(url.rsplit("/", 1)[-1]).stem or "communique"
    sys.stdout.write(json.dumps(datasette_metadata(name), indent=1) + "\n")


@app.command()
@interruptible
def link(
    rebuild: Annotated[bool, typer.Option(
        "--rebuild", help="Link every commitment again (after a lexicon or model change).")
    ] = False,
    similarity: SimilarityOption = "lexical",
    db: DbOption = None,
) -> None:
    """Link stored commitments into tracks (ingest does this for what it stores)."""
    from communique.corpus import deferred_interrupt
    from communique.linking import link_documents, similarity_named
    from communique.linking import rebuild as relink_all

    try:
        similar = similarity_named(similarity)
        store = _store(db)
        try:
            with deferred_interrupt():
                count = relink_all(store, similar) if rebuild else link_documents(
                    store, sorted(store.document_ids()), similar)
                total = store.count_tracks()
        finally:
            store.close()
    except CommuniqueError as error:
        raise _fail(error) from None
    err.print(f"communique: {count:,} tracks written; {total:,} tracks in the database",
              markup=False)


@app.command()
@interruptible
def track(
    track_id: Annotated[str | None, typer.Argument(
        help="A track's id: its whole timeline.", metavar="TRACK")] = None,
    by: Annotated[str | None, typer.Option(help="Who promised (code or name).")] = None,
    to: Annotated[str | None, typer.Option(help="To whom (code or name).")] = None,
    topic: Annotated[str | None, typer.Option(help="investment, trade, energy, ...")] = None,
    status: Annotated[str | None, typer.Option(
        help="open, in_progress, fulfilled, abandoned or disputed.")] = None,
    since: Annotated[str | None, typer.Option(
        help="Last seen on or after this date (YYYY-MM-DD).", callback=_check_date,
        metavar="DATE")] = None,
    until: Annotated[str | None, typer.Option(
        help="First seen on or before this date (YYYY-MM-DD).", callback=_check_date,
        metavar="DATE")] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print JSON: {\"tracks\": [{\"id\", \"status\", \"mentions\"}]}.")
    ] = False,
    limit: LimitOption = DEFAULT_LIMIT, all_rows: AllOption = False,
    db: DbOption = None,
) -> None:
    """Tracked commitments: one promise, its sources, and what became of it."""
    from communique.report import render_track, render_tracks

    try:
        store = _store(db)
        try:
            if track_id is not None:
                found = queries.track(store, track_id)
                if found is None:
                    raise _fail(CommuniqueError(f"no track {track_id!r} (communique track "
                                                "lists them)"))
                rows = [found]
            else:
                shown = None if all_rows or as_json else limit
                page = queries.tracks(store, by=by, to=to, topic=topic, status=status,
                                      since=since, until=until, limit=shown, max_limit=None,
                                      cap=None)
                rows = page["items"]
                if as_json:
                    rows = [queries.track(store, r["id"]) or r for r in rows]
                total = page["total"]
        finally:
            store.close()
    except CommuniqueError as error:
        raise _fail(error) from None
    if as_json:
        sys.stdout.write(json.dumps({"tracks": [_track_json(r) for r in rows]},
                                    ensure_ascii=False) + "\n")
        return
    out = _stdout()
    if track_id is not None:
        render_track(rows[0], out)
        return
    if not rows:
        filters = _filters(by=by, to=to, topic=topic, status=status, since=since, until=until)
        out.print(f"no tracks match{f' ({filters})' if filters else ''}", markup=False)
        return
    render_tracks(rows, out)
    if len(rows) < total and not (by or to or topic or status or since or until):
        err.print(f"showing {len(rows):,} of {total:,} — --limit N for more, --all for every "
                  "row", markup=False)


def _track_json(track: dict) -> dict:
    """The contract of shared/eval/links/README.md, plus each mention's date, reason and
    evidence."""
    return {"id": track["id"], "status": track["status"], "topic": track["topic"],
            "first_seen": track["first_seen"], "last_seen": track["last_seen"],
            "mentions": [{
                "doc": m["doc"], "by": m["by"], "to": m["to"], "topic": m["topic"],
                "amount": m["amount"], "relation": m["relation"], "delivered": m["delivered"],
                "published": m["published"], "outlet": m["outlet"], "score": m["score"],
                "reason": m["reason"], "evidence": m["evidence"]}
                for m in track.get("mentions") or []]}


@app.command()
@interruptible
def stories(
    min_sources: Annotated[int, typer.Option(
        help="Reported by at least this many documents.", min=1)] = 2,
    limit: LimitOption = DEFAULT_LIMIT, fmt: FormatOption = "table", db: DbOption = None,
) -> None:
    """Events reported by several documents, merged, with their source counts."""
    try:
        store = _store(db)
        try:
            rows = queries.stories(store, min_sources=min_sources, limit=limit)["items"]
        finally:
            store.close()
    except CommuniqueError as error:
        raise _fail(error) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt != "table":
        raise typer.BadParameter(f"{fmt!r}: choose table or json", param_hint="--format")
    out = _stdout()
    if not rows:
        out.print(f"no stories reported by {min_sources} or more documents", markup=False)
        return
    from communique.report import render_stories

    render_stories(rows, out)


@app.command()
@interruptible
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine "
                                           "only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
) -> None:
    """The web interface and the JSON API (/api/v1, docs at /docs). Adding documents needs
    COMMUNIQUE_WRITE_TOKEN in the environment."""
    import os

    try:
        import uvicorn

        from communique.web import create_app
    except ImportError:
        raise _fail(CommuniqueError("the [server] extra is not installed: pip install "
                                    "'communique[server]'")) from None
    try:
        application = create_app(db, os.environ.get("COMMUNIQUE_WRITE_TOKEN"))
    except CommuniqueError as error:
        raise _fail(error) from None
    err.print(f"communique: serving {application.state.store.url} on http://{host}:{port}/",
              markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def _listing(kind: str, db: str | None, fmt: str, wide: bool, limit: int | None,
             filters: str, query: Callable[[Any, int | None], dict[str, Any]],
             raw: bool = False, footer: bool = True) -> None:
    """Query the first page of a listing (`communique.queries`; the limit is the SQL limit:
    a table never draws more than it shows), print it, and say on stderr what was left
    out: the rows past the limit (with `footer`), and the undated rows a date filter cannot
    place (the page's "undated")."""
    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter(f"{fmt!r}: choose table, csv or json", param_hint="--format")
    try:
        store = _store(db)
        try:
            page = query(store, limit)
        finally:
            store.close()
    except CommuniqueError as error:
        raise _fail(error) from None
    rows = page["items"]
    # The total as far as it was counted: past the cap, one more than the cap.
    total = (COUNT_CAP + 1 if page["total_capped"] else page["total"]) if footer else 0
    left_out = page.get("undated", 0)
    _show(kind, rows, fmt, wide, filters, raw)
    if total > len(rows):
        of = f"more than {COUNT_CAP:,}" if total > COUNT_CAP else f"{total:,}"
        err.print(f"showing {len(rows):,} of {of} — --limit N for more, --all for every row",
                  markup=False)
    if left_out:
        things = kind if left_out != 1 else kind.removesuffix("s")
        err.print(f"note: {left_out:,} undated {things} left out by --since/--until (their "
                  "documents have no publication date: ingest them with --published)",
                  markup=False)


def main() -> None:
    """Run the CLI. Whatever a command did not turn into its own message, a user-facing
    error or an OS error on a file the user named still ends as one line and exit 2, never
    a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        # Ctrl-C before a command's own handler is in place (while the model loads): the
        # same line the command would have printed.
        ingesting = len(sys.argv) > 1 and sys.argv[1] == "ingest"
        err.print(INTERRUPTED_INGEST if ingesting else "communique: interrupted",
                  markup=False)
        sys.exit(130)
    except CommuniqueError as error:
        err.print(f"communique: error: {error}", markup=False)
        sys.exit(error.exit_code)
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        err.print(f"communique: error: {where}{error.strerror or error}", markup=False)
        sys.exit(2)
