"""The `communique` command line. Each command parses flags, calls the library, prints."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from communique.errors import CommuniqueError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Who did, said and promised what to whom: facts from diplomatic news.")
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one error, one line

JSONL_CHUNK = 64  # documents parsed together in --jsonl mode (output stays in input order)


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@app.command()
def extract(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Text or HTML files; - reads standard input.")] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD: anchors 'on Tuesday', 'last month'.",
        callback=_check_date)] = None,
    title: Annotated[str | None, typer.Option(help="Document title.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON contract.")] = False,
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help='Batch: JSON lines {"id","text","published","title"} in, one fact '
                        "object per line out, in order.")] = False,
    actors: Annotated[list[Path] | None, typer.Option(
        "--actors", help="Extra actor dictionary (YAML, the format of data/actors.yaml).")] = None,
) -> None:
    """Extract actors, events, commitments, quotes, amounts, places and dates."""
    from communique.ingest import load_path

    paths = inputs or ["-"]
    try:
        extractor = _extractor(actors)
        if jsonl:
            code = _run_jsonl(extractor, paths)
            raise typer.Exit(code)
        sources = [load_path(p) for p in paths]
        out = Console(highlight=False, width=100 if not sys.stdout.isatty() else None)
        for source in sources:
            document = extractor.extract(source.text, published=published or source.published,
                                         title=title or source.title, id=source.id)
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
def bench(
    corpus: Annotated[Path | None, typer.Argument(
        help="Folder of .txt/.json files or a .jsonl file (default: the dev texts).")] = None,
    min_words: Annotated[int, typer.Option(help="Repeat documents to at least this many words.")
                         ] = 50_000,
    batch_size: Annotated[int, typer.Option(help="nlp.pipe batch size for both runs.")] = 32,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """Throughput of extraction side by side with bare spaCy parsing, in one run."""
    from communique.bench import run_bench

    console = Console(stderr=as_json, highlight=False)
    try:
        result = run_bench(corpus, min_words=min_words, batch_size=batch_size, console=console)
    except CommuniqueError as error:
        err.print(f"communique: error: {error}", markup=False)
        raise typer.Exit(error.exit_code) from None
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")


def main() -> None:
    app()
