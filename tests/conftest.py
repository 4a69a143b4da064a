"""Shared fixtures: one `Extractor` for the whole session (loading spaCy takes about 1 s)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from communique.model import Document
from communique.pipeline import Extractor

# (what the fact is, start, end, the text the fact claims to cover)
FactSpan = tuple[str, int, int, str]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The one shared extractor, with the packaged gazetteers only."""
    return Extractor()


# The links set of the evaluation kit (../shared/eval/links): gold documents in stories.
LINKS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "links"


@pytest.fixture(scope="session")
def links_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The links set as one JSON-lines batch for `communique ingest` ({"id", "text",
    "published", "title"} per document); fails when the kit is missing."""
    assert LINKS.is_dir(), f"the evaluation kit is missing: {LINKS}"
    batch = tmp_path_factory.mktemp("links") / "links.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        for path in sorted(LINKS.glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            out.write(json.dumps({k: gold.get(k) for k in ("id", "text", "published",
                                                          "title")}) + "\n")
    return batch


def fact_spans(doc: Document) -> Iterator[FactSpan]:
    """Every character range a document's facts point at, labelled for error messages."""
    for actor in doc.actors:
        for m in actor.mentions:
            yield f"actor {actor.id} mention", m.start, m.end, m.text
    for amount in doc.amounts:
        yield "amount", amount.start, amount.end, amount.text
    for date in doc.dates:
        yield "date", date.start, date.end, date.text
    for quote in doc.quotes:
        yield "quote", quote.start, quote.end, quote.text
    for location in doc.locations:
        for m in location.mentions:
            yield f"location {location.name!r} mention", m.start, m.end, m.text
    for kind, events in (("event", doc.events), ("non_event", doc.non_events)):
        for event in events:
            yield f"{kind} {event.type} trigger", event.trigger.start, event.trigger.end, \
                event.trigger.text
            yield f"{kind} {event.type} sentence", event.sentence.start, event.sentence.end, \
                event.sentence.text
    for c in doc.commitments:
        yield "commitment evidence", c.evidence.start, c.evidence.end, c.evidence.text
        yield "commitment trigger", c.trigger.start, c.trigger.end, c.trigger.text
        if c.amount is not None:
            yield "commitment amount", c.amount.start, c.amount.end, c.amount.text


def offset_errors(doc: Document) -> list[str]:
    """The facts whose offsets do not slice back to their text (empty when all do)."""
    errors = []
    for label, start, end, text in fact_spans(doc):
        if not (0 <= start <= end <= len(doc.text)) or doc.text[start:end] != text:
            errors.append(f"{label} [{start}:{end}] claims {text!r}, "
                          f"source has {doc.text[max(start, 0):max(end, 0)]!r}")
    return errors


@pytest.fixture(scope="session")
def check_offsets() -> Callable[[Document], list[str]]:
    """`check_offsets(doc)` lists every fact whose offsets do not slice back to its text."""
    return offset_errors


# --------------------------------------------------------------------------- databases
# Store tests run on SQLite (a file in tmp_path) and on the PostgreSQL server of the test
# environment: 127.0.0.1:5432, user postgres, trust authentication, maintenance database
# `test`. The session creates one throwaway database and drops it at the end.

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
PG_MAINTENANCE_DB = "test"


def _pg_connect(dbname: str) -> psycopg.Connection:
    """An autocommit connection; the test fails (never skips) when the server is not there."""
    try:
        return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname,
                               autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        detail = " ".join(str(exc).split())
    # Outside the except block, so that the report is this one line, not a chained traceback.
    pytest.fail(f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT} as user {PG_USER} "
                f"(database {dbname}): {detail}", pytrace=False)


def drop_stale_test_databases(admin: psycopg.Connection) -> list[str]:
    """Drop the throwaway databases a killed test run left behind: every
    `communique_test_*` nobody is connected to (a running session's database is in use,
    and DROP DATABASE without FORCE refuses it). The names dropped."""
    stale = [row[0] for row in admin.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE 'communique\\_test\\_%' "
        "AND datname NOT IN (SELECT datname FROM pg_stat_activity WHERE datname IS NOT NULL)")]
    dropped = []
    for name in stale:
        try:
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.ObjectInUse:
            continue  # someone connected in the meantime: not stale after all
        dropped.append(name)
    return dropped


@pytest.fixture(scope="session")
def postgresql_database() -> Iterator[str]:
    """Name of a throwaway database `communique_test_<hex>`, dropped when the session ends."""
    name = f"communique_test_{secrets.token_hex(6)}"
    with _pg_connect(PG_MAINTENANCE_DB) as admin:
        drop_stale_test_databases(admin)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            # Stores a test left open would block DROP DATABASE.
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.fixture
def postgresql_url(postgresql_database: str) -> str:
    """URL of the throwaway PostgreSQL database, emptied for this test."""
    with _pg_connect(postgresql_database) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{postgresql_database}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, then the PostgreSQL test database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'communique.db'}"
    # Looked up lazily, so that a run of SQLite tests alone needs no server.
    return request.getfixturevalue("postgresql_url")
