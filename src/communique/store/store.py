"""The corpus store: documents and their facts in SQLite or PostgreSQL, one code path for both.

`Store.open(url)` brings the schema to the newest Alembic revision; `write` stores one document
with all its facts in one transaction; the query methods return plain JSON-able dicts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    Table,
    bindparam,
    create_engine,
    delete,
    desc,
    event,
    exists,
    func,
    insert,
    intersect,
    literal_column,
    or_,
    select,
    union,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from communique.errors import CommuniqueError
from communique.ingest import SourceDocument
from communique.model import Actor, Amount, Document
from communique.store.schema import (
    SEARCH_TABLE,
    actors,
    amounts,
    commitment_actors,
    commitments,
    dates,
    documents,
    event_actors,
    events,
    location_mentions,
    locations,
    mentions,
    non_event_actors,
    non_events,
    quote_speakers,
    quotes,
    story_events,
    track_mentions,
)
from communique.store.schema import stories as stories_table
from communique.store.schema import tracks as tracks_table

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_URL = "sqlite:///communique.db"
LANGUAGE = "en"  # ingest refuses text that is not English
PAGE = 1000  # rows fetched per query when streaming exports
STALE_BATCH = 100  # documents read per query by `stale`
SNIPPET_MARK = "**"  # around matched words in search snippets
SNIPPET_WORDS = 24
STORY_DOCUMENTS = 20  # document ids listed with a story
# Numbers the events of one story group (same type, parties and day) by their sentences,
# given in order: events numbered alike are one story.
StorySplit = Callable[[Sequence[str]], list[int]]
SEARCH_CANDIDATES = 2000  # matching documents ranked by search, the most recent ones
CONNECT_TIMEOUT_S = 10  # an unreachable PostgreSQL server fails in this time, not minutes
# A second process writing to the same SQLite file waits this long for the lock (each
# document's transaction is short, so two ingests interleave) before giving up.
BUSY_TIMEOUT_S = 60
# An actor linked to at least this many facts is "common" for the query plan of a listing
# filtered by it (see Store._linked_to).
COMMON_ACTOR_LINKS = 2000


class StoreError(CommuniqueError):
    """The database refused an operation: one line naming the database or the document."""


class StoreBusy(StoreError):
    """Another process held the SQLite write lock for longer than BUSY_TIMEOUT_S: the
    whole ingest stops (every further document would fail the same way)."""


def default_url() -> str:
    """$COMMUNIQUE_DB if set, else `communique.db` in the current directory."""
    return os.environ.get("COMMUNIQUE_DB") or DEFAULT_URL


def content_sha256(content: str) -> str:
    """The hash `documents.sha256` holds for a text (what `Store.has_content` looks up)."""
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def actor_key(actor: Actor) -> str:
    """Identity of a canonical actor: a country or IGO is its code; others are kind+name+code."""
    if actor.kind in ("country", "igo"):
        return f"{actor.kind}:{actor.code}"
    return f"{actor.kind}:{actor.name.casefold()}:{actor.code}"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configured in code: the packaged migrations, run on `connection`."""
    config = Config()
    # configparser interpolates '%' in option values.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


class Store:
    """A corpus database. Use `Store.open(url)`; one writer at a time per database."""

    def __init__(self, engine: Engine, shown_url: str) -> None:
        self.engine = engine
        self.url = shown_url  # password hidden
        # Canonical actor ids by key. Valid because one Store is the only writer; updated only
        # after a write commits, so a rolled-back write leaves no ids that do not exist.
        self._actor_ids: dict[str, int] = {}

    # ------------------------------------------------------------------ opening and closing

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Connect and bring the schema to the newest revision.

        Raises CommuniqueError with one line naming the URL when the URL is malformed, the
        database is unsupported or cannot be reached.
        """
        raw = url or default_url()
        shown = _shown(raw)
        try:
            sa_url = _driver_url(make_url(raw))
        except ArgumentError:
            raise StoreError(f"{shown}: not a database URL (use sqlite:///file.db or "
                             "postgresql://user@host/database)") from None
        backend = sa_url.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise StoreError(f"{shown}: unsupported database {backend!r} "
                             "(communique stores to SQLite or PostgreSQL)")
        try:
            engine = _engine(sa_url)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise StoreError(f"{shown}: cannot open database: {_one_line(exc)}") from None
        try:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), "head")
        except CommandError as exc:
            engine.dispose()
            # The usual cause: a database written by a newer communique.
            raise StoreError(f"{shown}: cannot upgrade the database schema: "
                             f"{_one_line(exc)}") from None
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"{shown}: cannot open database: {_one_line(exc)}") from None
        return cls(engine, shown)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction. On SQLite it takes the write lock when it begins (BEGIN
        IMMEDIATE), waiting up to BUSY_TIMEOUT_S for another writer: a transaction that
        read first and asked for the lock later would fail at once with "database is
        locked" while another process writes."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(communique_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Database failures (server gone, disk full, locked) as one line naming the URL."""
        try:
            yield
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: {_one_line(exc)}") from exc

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    # ------------------------------------------------------------------ documents

    def has_content(self, sha256: str) -> bool:
        """Is a document with this text hash (`content_sha256`) stored?"""
        with self._guard(), self.engine.connect() as conn:
            return conn.execute(
                select(exists().where(documents.c.sha256 == sha256))).scalar_one()

    def date_undated(self, sha256: str, published: str) -> bool:
        """Give the stored document with this text hash the publication date `published`
        when it has none; whether it did."""
        with self._guard(), self._writing() as conn:
            done = conn.execute(update(documents).where(
                documents.c.sha256 == sha256, documents.c.published.is_(None))
                .values(published=_check_date(published))).rowcount
        return bool(done)

    def document_ids(self) -> set[str]:
        with self._guard(), self.engine.connect() as conn:
            return set(conn.execute(select(documents.c.id)).scalars())

    def count_stale(self, pipeline_version: int) -> int:
        """How many documents `stale(pipeline_version)` yields."""
        return self._count(documents, [documents.c.pipeline_version < pipeline_version])

    def stale(self, pipeline_version: int) -> Iterator[SourceDocument]:
        """Stored documents whose facts come from a pipeline older than `pipeline_version`.

        The ids are read first and the texts in small batches, so that the caller may
        `write` each document again while iterating and memory stays bounded.
        """
        with self._guard(), self.engine.connect() as conn:
            ids = list(conn.execute(
                select(documents.c.id).where(documents.c.pipeline_version < pipeline_version)
                .order_by(documents.c.seq)).scalars())
        d = documents.c
        for i in range(0, len(ids), STALE_BATCH):
            batch = ids[i:i + STALE_BATCH]
            with self._guard(), self.engine.connect() as conn:
                rows = conn.execute(
                    select(d.id, d.name, d.text, d.title, d.published, d.url, d.outlet)
                    .where(d.id.in_(batch)).order_by(d.seq)).all()
            for r in rows:
                yield SourceDocument(text=r.text, name=r.name, id=r.id, title=r.title,
                                     published=r.published, url=r.url, outlet=r.outlet)

    def write(self, source: SourceDocument, document: Document, pipeline_version: int) -> str:
        """Store a document and all its facts in one transaction: "added" or "replaced".

        A stored document with the same id is replaced, facts and all. Raises ValueError
        before touching the database when the input is unusable (no id, facts extracted from
        another text), and StoreError (nothing stored) when the database refuses the write.
        """
        doc_id = source.id
        if not doc_id:
            raise ValueError(f"{source.name}: a stored document needs an id")
        if document.text != source.text:
            raise ValueError(f"{source.name}: the facts were extracted from a different text")
        if "\x00" in source.text:
            # One rule for both databases: SQLite would store it and read the text back
            # cut at the NUL; PostgreSQL refuses it. Ingest replaces NUL with U+FFFD.
            raise StoreError(f"{source.name}: the text contains NUL characters, which "
                             "cannot be stored (replace them, e.g. with U+FFFD, as "
                             "ingest does)")
        sha = content_sha256(source.text)
        row = {
            "id": doc_id, "name": source.name, "text": source.text,
            "title": document.title if document.title is not None else source.title,
            "url": source.url, "outlet": source.outlet,
            "published": document.published if document.published is not None
            else source.published,
            "language": LANGUAGE, "sha256": sha, "pipeline_version": pipeline_version,
            "ingested_at": dt.datetime.now(dt.UTC).replace(microsecond=0),
        }
        replaced = False
        found: dict[str, int] = {}  # actor ids this write looked up or created
        pruned: list[str] = []  # actor keys this write deleted
        try:
            with self._writing() as conn:
                d = documents.c
                hits = conn.execute(select(d.id, d.sha256).where(
                    or_(d.id == doc_id, d.sha256 == sha))).all()
                same_text = [h.id for h in hits if h.sha256 == sha and h.id != doc_id]
                if same_text:
                    raise StoreError(f"{source.name}: same text as stored document "
                                     f"{same_text[0]!r}")
                replaced = any(h.id == doc_id for h in hits)
                old_actors: list[int] = []
                old_stories: list[str] = []
                if replaced:
                    old_actors = _document_actor_ids(conn, doc_id)
                    _count_mentions(conn, doc_id, -1)
                    old_stories = list(conn.execute(
                        select(story_events.c.story_id).join(
                            events, events.c.id == story_events.c.event_id)
                        .where(events.c.document_id == doc_id).distinct()).scalars())
                    conn.execute(delete(documents).where(d.id == doc_id))  # facts cascade
                    _recount_stories(conn, old_stories)  # what the old text told is gone
                row["seq"] = conn.execute(select(func.coalesce(func.max(d.seq), 0))
                                          ).scalar_one() + 1
                conn.execute(insert(documents), [row])
                actor_ids = self._actor_ids_for(conn, document.actors, found)
                _insert_facts(conn, doc_id, document, actor_ids, source.name)
                _count_mentions(conn, doc_id, +1)
                if old_actors:
                    pruned = _prune_actors(conn, old_actors)
        except SQLAlchemyError as exc:
            if _locked(exc):
                raise StoreBusy(
                    f"{self.url}: another process is writing to this database (waited "
                    f"{BUSY_TIMEOUT_S} s for it); {source.name} and what follows were not "
                    "stored: run the same command again when it is done") from exc
            raise StoreError(f"{source.name}: cannot store document {doc_id!r}: "
                             f"{_one_line(exc)}") from exc
        self._actor_ids.update(found)
        for key in pruned:
            self._actor_ids.pop(key, None)
        return "replaced" if replaced else "added"

    def _actor_ids_for(self, conn: Connection, doc_actors: Sequence[Actor],
                       found: dict[str, int]) -> dict[str, int]:
        """Per-document actor id ("a1") -> canonical actors.id, inserting new actors."""
        keys = {a.id: actor_key(a) for a in doc_actors}
        missing: dict[str, Actor] = {}
        for a in doc_actors:
            key = keys[a.id]
            if key not in self._actor_ids and key not in found:
                missing.setdefault(key, a)
        if missing:
            cols = actors.c
            # (a Result has .keys(), so dict.update would take it for a mapping)
            found.update(conn.execute(select(cols.key, cols.id).where(
                cols.key.in_(list(missing)))).tuples().all())
            new = [{"key": key, "name": x.name, "kind": x.kind, "code": x.code,
                    "country": x.country, "role": x.role}
                   for key, x in missing.items() if key not in found]
            if new:
                conn.execute(insert(actors), new)
                found.update(conn.execute(select(cols.key, cols.id).where(
                    cols.key.in_([n["key"] for n in new]))).tuples().all())
        return {local: self._actor_ids.get(key) or found[key] for local, key in keys.items()}

    def optimize(self) -> None:
        """Refresh the planner's statistics after a batch of writes (`ingest` calls it):
        without them SQLite and PostgreSQL guess row counts and may scan where an index
        serves. On SQLite the analysis is sampled (analysis_limit), so it stays quick on a
        large file."""
        with self._guard(), self._writing() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit=1000")
                conn.exec_driver_sql("ANALYZE")
            else:
                conn.exec_driver_sql("ANALYZE")

    # ------------------------------------------------------------------ queries

    def stats(self) -> dict[str, int]:
        """Row counts: documents, canonical actors, and each kind of fact."""
        tables = {"documents": documents, "actors": actors, "mentions": mentions,
                  "events": events, "commitments": commitments, "quotes": quotes,
                  "amounts": amounts, "locations": locations, "dates": dates,
                  "tracks": tracks_table, "stories": stories_table}
        query = select(*(select(func.count()).select_from(t).scalar_subquery().label(name)
                         for name, t in tables.items()))
        with self._guard(), self.engine.connect() as conn:
            row = conn.execute(query).one()
        return {name: int(row._mapping[name]) for name in tables}

    def events(self, actor: str | None = None, type: str | None = None,
               since: str | None = None, until: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Events, in the order they were stored, filtered as documented in the contract.

        `actor`: a canonical actor's code or name (case-insensitive), source or target.
        `type`: a PLOVER type, or when all digits a CAMEO code prefix. `since`/`until`:
        YYYY-MM-DD, inclusive, on the event date or else the document's publication date.
        """
        return list(self._event_rows(self._event_filter(actor, type, since, until), limit))

    def count_events(self, actor: str | None = None, type: str | None = None,
                     since: str | None = None, until: str | None = None,
                     undated: bool = False, cap: int | None = None) -> int:
        """How many events `events()` finds without a limit (up to `cap` and one more).
        With `undated`, how many match actor and type but have no date at all (no event
        date, no publication date): the rows `since`/`until` leave out."""
        where = self._event_filter(actor, type, None if undated else since,
                                   None if undated else until)
        if undated:
            where.append(func.coalesce(events.c.date, documents.c.published).is_(None))
        return self._count(events.join(documents, documents.c.id == events.c.document_id),
                           where, cap)

    def commitments(self, by: str | None = None, to: str | None = None,
                    topic: str | None = None, since: str | None = None,
                    until: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Commitments in stored order; `by`/`to` like `events(actor=)`, dates on publication."""
        return list(self._commitment_rows(
            self._commitment_filter(by, to, topic, since, until), limit))

    def count_commitments(self, by: str | None = None, to: str | None = None,
                          topic: str | None = None, since: str | None = None,
                          until: str | None = None, undated: bool = False,
                          cap: int | None = None) -> int:
        """How many commitments `commitments()` finds; `undated` as in `count_events`."""
        where = self._commitment_filter(by, to, topic, None if undated else since,
                                        None if undated else until)
        if undated:
            where.append(documents.c.published.is_(None))
        return self._count(
            commitments.join(documents, documents.c.id == commitments.c.document_id), where,
            cap)

    def quotes(self, speaker: str | None = None, limit: int | None = None
               ) -> list[dict[str, Any]]:
        """Quotes in stored order; `speaker`: case-insensitive part of the speaker's name."""
        return list(self._quote_rows(self._quote_filter(speaker), limit))

    def count_quotes(self, speaker: str | None = None, cap: int | None = None) -> int:
        """How many quotes `quotes()` finds without a limit (up to `cap` and one more)."""
        return self._count(quotes, self._quote_filter(speaker), cap)

    def _count(self, joined: Any, where: list[ColumnElement[bool]],
               cap: int | None = None) -> int:
        """How many rows match, counting no further than `cap` (a listing's footer says
        "more than 10,000" rather than count a million rows)."""
        query = select(literal_column("1")).select_from(joined).where(*where)
        if cap is not None:
            query = query.limit(cap + 1)
        with self._guard(), self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(query.subquery())
                                    ).scalar_one())

    def _named_actor_ids(self, value: str) -> list[int]:
        """The canonical actors a filter names. Resolved first, in a query of its own, so
        that the fact query joins through the index on actor_id (an OR of code and name
        inside the join made SQLite scan the link tables)."""
        with self._guard(), self.engine.connect() as conn:
            return list(conn.execute(select(actors.c.id).where(_actor_matches(value)))
                        .scalars())

    def _linked_to(self, fact_id: ColumnElement[int], link: Table,
                   link_fact: ColumnElement[int], actor_ids: list[int],
                   role: str | None = None) -> ColumnElement[bool]:
        """Facts linked to one of `actor_ids`. An actor in many facts (the United States)
        is tested row by row (EXISTS through the link table's primary key), so the first
        page is found after a few hundred rows; a rare one through the list of its facts
        (IN, by the actor index), which is short. Either way no scan of the link table."""
        conditions = [link.c.actor_id.in_(actor_ids)]
        if role is not None:
            conditions.append(link.c.role == role)
        with self._guard(), self.engine.connect() as conn:
            links = conn.execute(select(func.count()).select_from(
                select(literal_column("1")).select_from(link).where(*conditions)
                .limit(COMMON_ACTOR_LINKS).subquery())).scalar_one()
        if links >= COMMON_ACTOR_LINKS:
            return exists().where(link_fact == fact_id, *conditions)
        return fact_id.in_(select(link_fact).where(*conditions))

    def _event_filter(self, actor: str | None, type: str | None, since: str | None,
                      until: str | None) -> list[ColumnElement[bool]]:
        e = events.c
        where: list[ColumnElement[bool]] = []
        if actor:
            where.append(self._linked_to(e.id, event_actors, event_actors.c.event_id,
                                         self._named_actor_ids(actor)))
        if type:
            where.append(e.cameo.startswith(type, autoescape=True) if type.isdigit()
                         else e.type == type.upper())
        where.extend(_date_range(func.coalesce(e.date, documents.c.published), since, until))
        return where

    def _commitment_filter(self, by: str | None, to: str | None, topic: str | None,
                           since: str | None, until: str | None
                           ) -> list[ColumnElement[bool]]:
        c, links = commitments.c, commitment_actors.c
        where: list[ColumnElement[bool]] = []
        for role, value in (("by", by), ("to", to)):
            if value:
                where.append(self._linked_to(c.id, commitment_actors, links.commitment_id,
                                             self._named_actor_ids(value), role))
        if topic:
            where.append(c.topic == topic.lower())
        where.extend(_date_range(documents.c.published, since, until))
        return where

    def _quote_filter(self, speaker: str | None) -> list[ColumnElement[bool]]:
        if not speaker:
            return []
        part = speaker.lower()
        with self._guard(), self.engine.connect() as conn:  # the actors table is small
            ids = list(conn.execute(select(actors.c.id).where(
                func.lower(actors.c.name).contains(part, autoescape=True))).scalars())
        by_name = func.lower(quotes.c.speaker_name).contains(part, autoescape=True)
        if not ids:
            return [by_name]
        return [or_(self._linked_to(quotes.c.id, quote_speakers, quote_speakers.c.quote_id,
                                    ids), by_name)]

    def actors(self, top: int | None = None) -> list[dict[str, Any]]:
        """Canonical actors by number of documents, then mentions, most first."""
        a = actors.c
        query = (select(a.id, a.name, a.kind, a.code, a.country, a.role, a.documents,
                        a.mentions)
                 .order_by(desc(a.documents), desc(a.mentions), a.id))
        if top is not None:
            query = query.limit(top)
        with self._guard(), self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{"actor_id": r.id, "name": r.name, "kind": r.kind, "code": r.code,
                 "country": r.country, "role": r.role, "documents": int(r.documents),
                 "mentions": int(r.mentions)} for r in rows]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts, best first: the best of the latest
        SEARCH_CANDIDATES matching documents (ranking every match of a word found in a
        hundred thousand documents took longer than a page may).

        The query reads like a web search: words (all must match), "quoted phrases", OR
        between alternatives, -word to exclude. Each hit is {"document_id", "title",
        "snippet" (matches between ** marks), "rank" (higher is better; the scale differs
        between SQLite and PostgreSQL)}.
        """
        params: dict[str, Any]
        if self.dialect == "sqlite":
            match = fts5_query(query)
            if match is None:
                return []
            sql = sql_text(
                f"SELECT d.id AS document_id, d.title AS title, "
                f"snippet({SEARCH_TABLE}, 1, :mark, :mark, '…', :words) AS snippet, "
                f"-bm25({SEARCH_TABLE}, 2.0, 1.0) AS rank "
                f"FROM {SEARCH_TABLE} JOIN documents AS d ON d.seq = {SEARCH_TABLE}.rowid "
                f"WHERE {SEARCH_TABLE} MATCH :match AND {SEARCH_TABLE}.rowid >= :lowest "
                f"ORDER BY bm25({SEARCH_TABLE}, 2.0, 1.0), d.seq LIMIT :limit")
            # The candidates as a rowid range (FTS5 walks a range of its doclists cheaply;
            # an IN list made it rank every match).
            with self._guard(), self.engine.connect() as conn:
                lowest = conn.execute(sql_text(
                    f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :match "
                    "ORDER BY rowid DESC LIMIT 1 OFFSET :skip"),
                    {"match": match, "skip": SEARCH_CANDIDATES - 1}).scalar()
            params = {"match": match, "mark": SNIPPET_MARK, "words": SNIPPET_WORDS,
                      "limit": limit, "lowest": lowest or 0}
        else:
            # ts_headline is slow on long texts: compute it for the returned rows only.
            sql = sql_text(
                "SELECT hit.id AS document_id, hit.title AS title, "
                "ts_headline('english', hit.text, hit.query, :options) AS snippet, "
                "hit.rank AS rank FROM ("
                " SELECT c.id, c.title, c.text, c.seq, c.query,"
                " ts_rank(c.search_vector, c.query) AS rank FROM ("
                "  SELECT d.id, d.title, d.text, d.seq, d.search_vector, q.query"
                "  FROM documents AS d, websearch_to_tsquery('english', :query) AS q(query)"
                "  WHERE d.search_vector @@ q.query ORDER BY d.seq DESC LIMIT :candidates) AS c"
                " ORDER BY rank DESC, c.seq LIMIT :limit) AS hit "
                "ORDER BY hit.rank DESC, hit.seq")
            params = {"query": query, "limit": limit, "candidates": SEARCH_CANDIDATES,
                      "options": (
                f"StartSel={SNIPPET_MARK}, StopSel={SNIPPET_MARK}, MaxWords={SNIPPET_WORDS}, "
                f"MinWords={SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter=\" … \"")}
        with self._guard(), self.engine.connect() as conn:
            rows = conn.execute(sql, params).all()
        return [{"document_id": r.document_id, "title": r.title, "snippet": r.snippet,
                 "rank": float(r.rank)} for r in rows]

    def export_rows(self, kind: str) -> Iterator[dict[str, Any]]:
        """Every row of one kind ("events", "commitments", "quotes", "actors"), streamed."""
        if kind == "events":
            return self._event_rows([], None)
        if kind == "commitments":
            return self._commitment_rows([], None)
        if kind == "quotes":
            return self._quote_rows([], None)
        if kind == "actors":
            return iter(self.actors())
        raise ValueError(f"unknown export kind {kind!r} "
                         "(events, commitments, quotes or actors)")

    # ------------------------------------------------------------------ documents

    def documents(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stored documents, the latest ingested first: id, title, published, outlet, url,
        length and ingested_at (no text)."""
        d = documents.c
        query = (select(d.id, d.title, d.published, d.outlet, d.url, d.ingested_at,
                        func.length(d.text).label("length"))
                 .order_by(desc(d.seq)).limit(limit).offset(offset))
        with self._guard(), self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{"id": r.id, "title": r.title, "published": r.published, "outlet": r.outlet,
                 "url": r.url, "length": int(r.length), "ingested_at": _iso_utc(r.ingested_at)}
                for r in rows]

    def count_documents(self) -> int:
        return self._count(documents, [])

    def document(self, document_id: str) -> dict[str, Any] | None:
        """One stored document with its text and every fact that points into it: "spans"
        ({"kind": actor | trigger | amount | quote | date | place, "start", "end",
        "label"}, in text order), and its "events", "commitments" and "quotes" rows."""
        d = documents.c
        with self._guard(), self.engine.connect() as conn:
            row = conn.execute(select(d.id, d.title, d.text, d.published, d.outlet, d.url,
                                      d.ingested_at).where(d.id == document_id)).one_or_none()
            if row is None:
                return None
            spans: list[dict[str, Any]] = []
            for r in conn.execute(select(mentions.c.start, mentions.c.end, actors.c.name,
                                         actors.c.code)
                                  .join(actors, actors.c.id == mentions.c.actor_id)
                                  .where(mentions.c.document_id == document_id)):
                spans.append({"kind": "actor", "start": r.start, "end": r.end,
                              "label": f"{r.name} ({r.code})"})
            for r in conn.execute(select(amounts.c.start, amounts.c.end, amounts.c.value,
                                         amounts.c.currency)
                                  .where(amounts.c.document_id == document_id)):
                spans.append({"kind": "amount", "start": r.start, "end": r.end,
                              "label": f"{r.value:,.0f} {r.currency}"})
            for r in conn.execute(select(dates.c.start, dates.c.end, dates.c.value)
                                  .where(dates.c.document_id == document_id)):
                spans.append({"kind": "date", "start": r.start, "end": r.end,
                              "label": r.value})
            for r in conn.execute(select(location_mentions.c.start, location_mentions.c.end,
                                         locations.c.name)
                                  .join(locations,
                                        locations.c.id == location_mentions.c.location_id)
                                  .where(location_mentions.c.document_id == document_id)):
                spans.append({"kind": "place", "start": r.start, "end": r.end,
                              "label": r.name})
        event_rows = list(self._event_rows([events.c.document_id == document_id], None))
        commitment_rows = list(self._commitment_rows(
            [commitments.c.document_id == document_id], None))
        quote_rows = list(self._quote_rows([quotes.c.document_id == document_id], None))
        for e in event_rows:
            spans.append({"kind": "trigger", "start": e["trigger_start"],
                          "end": e["trigger_end"], "label": f"{e['type']} ({e['cameo']})",
                          "fact": f"event-{e['event_id']}"})
        for q in quote_rows:
            spans.append({"kind": "quote", "start": q["start"], "end": q["end"],
                          "label": q["speaker_name"] or "quote", "fact": f"quote-{q['quote_id']}"})
        spans.sort(key=lambda span: (span["start"], -span["end"]))
        with self._guard(), self.engine.connect() as conn:
            tracked = dict(conn.execute(select(track_mentions.c.commitment_id,
                                               track_mentions.c.track_id).where(
                track_mentions.c.commitment_id.in_(
                    [c["commitment_id"] for c in commitment_rows]))).tuples().all()) \
                if commitment_rows else {}
        for c in commitment_rows:
            c["track_id"] = tracked.get(c["commitment_id"])
        return {"id": row.id, "title": row.title, "text": row.text,
                "published": row.published, "outlet": row.outlet, "url": row.url,
                "ingested_at": _iso_utc(row.ingested_at), "spans": spans,
                "events": event_rows, "commitments": commitment_rows, "quotes": quote_rows}

    # ------------------------------------------------------------------ tracking

    def commitment_parties(self, document_ids: Iterable[str] | None = None
                           ) -> list[tuple[list[str], list[str]]]:
        """(by codes, to codes) of every stored commitment, or of those of `document_ids`:
        what the tracker needs to know which blocks to link."""
        c, links = commitments.c, commitment_actors.c
        query = (select(links.commitment_id, links.role, actors.c.code)
                 .join(actors, actors.c.id == links.actor_id)
                 .join(commitments, c.id == links.commitment_id))
        if document_ids is not None:
            query = query.where(c.document_id.in_(list(document_ids)))
        parties: dict[int, tuple[list[str], list[str]]] = {}
        with self._guard(), self.engine.connect() as conn:
            ids = select(c.id) if document_ids is None else select(c.id).where(
                c.document_id.in_(list(document_ids)))
            for commitment_id in conn.execute(ids).scalars():
                parties[commitment_id] = ([], [])
            for r in conn.execute(query.order_by(links.commitment_id, links.role,
                                                 links.position)):
                parties[r.commitment_id][0 if r.role == "by" else 1].append(r.code)
        return list(parties.values())

    def commitments_of_parties(self, codes: Sequence[str]) -> list[dict[str, Any]]:
        """The commitments that involve every one of `codes` on either side (found through
        the actor index: the commitments of each code, intersected), as `commitments()`
        rows; the tracker keeps those whose parties are exactly `codes`."""
        if not codes:
            return []
        links = commitment_actors.c
        per_code = [select(links.commitment_id).join(actors, actors.c.id == links.actor_id)
                    .where(actors.c.code == code) for code in codes]
        shared = per_code[0] if len(per_code) == 1 else intersect(*per_code)
        with self._guard(), self.engine.connect() as conn:
            ids = sorted(set(conn.execute(shared).scalars()))
        rows: list[dict[str, Any]] = []
        for i in range(0, len(ids), PAGE):
            rows += self._commitment_rows([commitments.c.id.in_(ids[i:i + PAGE])], None)
        return rows

    def commitments_of_documents(self, document_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The commitments of these documents, as `commitments()` rows."""
        return list(self._commitment_rows(
            [commitments.c.document_id.in_(list(document_ids))], None))

    def block_tracks(self, block: str, latest: int = 3) -> list[dict[str, Any]]:
        """The tracks of one block, each with its first mention and its `latest` last ones
        (`commitments()` rows with the link's "relation", "score", "reason", "seq",
        "delivered_value", "delivered_currency") under "representatives", in order."""
        t, tm = tracks_table.c, track_mentions.c
        with self._guard(), self.engine.connect() as conn:
            found = conn.execute(select(tracks_table).where(t.block == block)).all()
            if not found:
                return []
            sizes = {r.id: r.size for r in found}
            links = conn.execute(select(track_mentions).join(
                tracks_table, t.id == tm.track_id).where(
                t.block == block, or_(tm.seq == 0, tm.seq >= t.size - latest))
                .order_by(tm.track_id, tm.seq)).all()
        rows = {r["commitment_id"]: r for r in self._commitment_rows(
            [commitments.c.id.in_([link.commitment_id for link in links])], None)}
        chosen: dict[str, list[dict[str, Any]]] = {}
        for link in links:
            if link.commitment_id in rows and sizes.get(link.track_id) is not None:
                chosen.setdefault(link.track_id, []).append({
                    **rows[link.commitment_id], "relation": link.relation,
                    "score": link.score, "reason": link.reason, "seq": link.seq,
                    "delivered_value": link.delivered_value,
                    "delivered_currency": link.delivered_currency})
        return [{"id": r.id, "status": r.status, "topic": r.topic, "sources": r.sources,
                 "size": r.size, "first_seen": r.first_seen, "last_seen": r.last_seen,
                 "representatives": chosen[r.id]} for r in found if r.id in chosen]

    def append_tracks(self, tracks: Sequence[dict[str, Any]]) -> None:
        """New mentions of tracks, in one transaction: each dict holds a track's new
        column values, "new" (insert rather than update) and "mentions" to insert."""
        t = tracks_table.c
        with self._guard(), self._writing() as conn:
            for track in tracks:
                values = {k: v for k, v in track.items() if k not in ("mentions", "new")}
                if track["new"]:
                    conn.execute(insert(tracks_table), [values])
                else:
                    conn.execute(update(tracks_table).where(t.id == track["id"])
                                 .values(**{k: v for k, v in values.items() if k != "id"}))
                rows = [{**m, "track_id": track["id"]} for m in track["mentions"]]
                if rows:
                    conn.execute(insert(track_mentions), rows)

    def write_tracks(self, blocks: Iterable[str], tracks: Sequence[dict[str, Any]]) -> None:
        """Replace the tracks of `blocks` by `tracks` in one transaction. Each track is a
        dict of the `tracks` columns plus "mentions": dicts of the `track_mentions`
        columns. Tracks left without a mention (their documents were replaced) go too."""
        blocks = list(blocks)
        mention_rows = [{**m, "track_id": t["id"], "seq": n}
                        for t in tracks for n, m in enumerate(t["mentions"])]
        track_rows = [{k: v for k, v in t.items() if k != "mentions"} for t in tracks]
        with self._guard(), self._writing() as conn:
            for i in range(0, len(blocks), PAGE):
                conn.execute(delete(track_mentions).where(track_mentions.c.track_id.in_(
                    select(tracks_table.c.id).where(
                        tracks_table.c.block.in_(blocks[i:i + PAGE])))))
                conn.execute(delete(tracks_table).where(
                    tracks_table.c.block.in_(blocks[i:i + PAGE])))
            conn.execute(delete(tracks_table).where(~exists().where(
                track_mentions.c.track_id == tracks_table.c.id)))
            if track_rows:
                conn.execute(insert(tracks_table), track_rows)
            if mention_rows:
                conn.execute(insert(track_mentions), mention_rows)

    def tracks(self, by: str | None = None, to: str | None = None, topic: str | None = None,
               status: str | None = None, since: str | None = None, until: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Tracked commitments, earliest first: {"id", "status", "topic", "block",
        "first_seen", "last_seen", "sources", "by", "to" (codes of the first mention),
        "amount" (the latest stated, or None), "mentions" (count)}. `by`/`to`: an actor code
        or name of the first mention's side; `since`/`until` on the last/first seen date."""
        t = tracks_table.c
        where = self._track_filter(by, to, topic, status, since, until)
        query = select(tracks_table).where(*where).order_by(
            func.coalesce(t.first_seen, "9999"), t.id)
        if limit is not None:
            query = query.limit(limit)
        with self._guard(), self.engine.connect() as conn:
            found = conn.execute(query).all()
        timelines = self._timelines([r.id for r in found])
        out = []
        for r in found:
            mentions = timelines.get(r.id, [])
            first = mentions[0] if mentions else {}
            amount = next((m["amount"] for m in reversed(mentions) if m["amount"]), None)
            out.append({"id": r.id, "status": r.status, "topic": r.topic, "block": r.block,
                        "first_seen": r.first_seen, "last_seen": r.last_seen,
                        "sources": r.sources, "by": first.get("by", []),
                        "to": first.get("to", []), "amount": amount,
                        "mentions": len(mentions)})
        return out

    def _track_filter(self, by: str | None, to: str | None, topic: str | None,
                      status: str | None, since: str | None, until: str | None
                      ) -> list[ColumnElement[bool]]:
        t = tracks_table.c
        where: list[ColumnElement[bool]] = []
        if status:
            where.append(t.status == status)
        if topic:
            where.append(t.topic == topic.lower())
        if since:
            where.append(t.last_seen >= _check_date(since))
        if until:
            where.append(t.first_seen <= _check_date(until))
        for role, value in (("by", by), ("to", to)):
            if value:
                ids = self._named_actor_ids(value)
                where.append(exists().where(
                    track_mentions.c.track_id == t.id,
                    commitment_actors.c.commitment_id == track_mentions.c.commitment_id,
                    commitment_actors.c.role == role, commitment_actors.c.actor_id.in_(ids)))
        return where

    def count_actors(self) -> int:
        return self._count(actors, [])

    def count_tracks(self, by: str | None = None, to: str | None = None,
                     topic: str | None = None, status: str | None = None,
                     since: str | None = None, until: str | None = None,
                     cap: int | None = None) -> int:
        """How many tracks `tracks()` finds without a limit (up to `cap` and one more)."""
        return self._count(tracks_table, self._track_filter(by, to, topic, status, since,
                                                            until), cap)

    def track(self, track_id: str) -> dict[str, Any] | None:
        """One track with its timeline: every mention, in order, with its date, outlet,
        document, parties, topic, amount, relation, link score and reason, delivered amount
        and evidence sentence (with offsets)."""
        with self._guard(), self.engine.connect() as conn:
            row = conn.execute(select(tracks_table).where(tracks_table.c.id == track_id)
                               ).one_or_none()
        if row is None:
            return None
        return {"id": row.id, "status": row.status, "topic": row.topic, "block": row.block,
                "first_seen": row.first_seen, "last_seen": row.last_seen,
                "sources": row.sources, "mentions": self._timelines([row.id]).get(row.id, [])}

    def _timelines(self, track_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        if not track_ids:
            return {}
        tm = track_mentions.c
        out: dict[str, list[dict[str, Any]]] = {}
        for i in range(0, len(track_ids), PAGE):
            with self._guard(), self.engine.connect() as conn:
                links = conn.execute(select(track_mentions).where(
                    tm.track_id.in_(track_ids[i:i + PAGE])).order_by(tm.track_id, tm.seq)).all()
            rows = {r["commitment_id"]: r for r in self._commitment_rows(
                [commitments.c.id.in_([link.commitment_id for link in links])], None)} \
                if links else {}
            for link in links:
                r = rows.get(link.commitment_id)
                if r is None:
                    continue
                out.setdefault(link.track_id, []).append({
                    "commitment_id": link.commitment_id, "doc": r["document_id"],
                    "published": r["published"], "outlet": r["outlet"], "url": r["url"],
                    "by": [a["code"] for a in r["by"]], "to": [a["code"] for a in r["to"]],
                    "topic": r["topic"], "action": r["action"],
                    "amount": None if r["amount_value"] is None else {
                        "value": r["amount_value"], "currency": r["amount_currency"]},
                    "relation": link.relation, "score": link.score, "reason": link.reason,
                    "delivered": None if link.delivered_value is None else {
                        "value": link.delivered_value, "currency": link.delivered_currency},
                    "evidence": {"start": r["evidence_start"], "end": r["evidence_end"],
                                 "text": r["evidence"]}})
        return out

    def refresh_stories(self, document_ids: Iterable[str] | None = None,
                        split: StorySplit | None = None) -> int:
        """Put each event of the documents (of every document when None) in its story: the
        same PLOVER type between the same parties (actor codes) on the same day (its date,
        else its document's publication date). With `split`, the events of one such group
        (in the order publication date, document, event) are told apart by their sentences:
        `split` numbers them, and each number is a story of its own. Keyed by those alone,
        a story is the same whatever order documents came in. Counts of the stories touched
        are recomputed and stories left without events go. Undated events belong to no
        story. The number of stories touched."""
        e, d, sc = events.c, documents.c, stories_table.c
        ids = None if document_ids is None else list(document_ids)
        chunks = [None] if ids is None else [ids[i:i + PAGE] for i in range(0, len(ids), PAGE)]
        touched: set[str] = set()
        columns = (e.id, e.type, e.cameo, e.date, e.document_id, d.published,
                   _slice(d.text, e.sentence_start, e.sentence_end).label("sentence"))
        with self._guard(), self._writing() as conn:
            if ids is None:
                conn.execute(delete(story_events))
            for chunk in chunks:
                query = select(*columns).select_from(events.join(documents,
                                                                  d.id == e.document_id))
                if chunk is not None:
                    query = query.where(e.document_id.in_(chunk))
                    mine = select(e.id).where(e.document_id.in_(chunk))
                    touched |= set(conn.execute(select(story_events.c.story_id).where(
                        story_events.c.event_id.in_(mine)).distinct()).scalars())
                    conn.execute(delete(story_events).where(story_events.c.event_id.in_(mine)))
                groups: dict[tuple[str, str, str, str], list[Any]] = {}
                for key, row in _story_keys(conn, conn.execute(query).all()):
                    groups.setdefault(key, []).append(row)
                # Events in publication order, then document and id: how a group is numbered.
                def order(r: Any) -> tuple[str, str, int]:
                    return (r.published or "", r.document_id, r.id)

                seeds: dict[tuple[str, str, str, str], list[str]] = {}
                if split is not None and chunk is not None:
                    for key, members in groups.items():
                        kind, source, target, day = key
                        in_group = (events.join(documents, d.id == e.document_id)
                                    .join(story_events, story_events.c.event_id == e.id)
                                    .join(stories_table, sc.id == story_events.c.story_id))
                        where = (sc.type == kind, sc.source == source, sc.target == target,
                                 sc.date == day)
                        held = conn.execute(select(e.id, e.document_id, d.published,
                                                   story_events.c.story_id)
                                            .select_from(in_group).where(*where)).all()
                        if not held:
                            continue
                        if min(map(order, members)) > max(map(order, held)):
                            # News after all the group holds (the usual case): the stories
                            # stay as they are, and the new events are numbered against the
                            # first sentence of each.
                            firsts: dict[str, Any] = {}
                            for r in held:
                                if r.story_id not in firsts or order(r) < order(firsts[r.story_id]):
                                    firsts[r.story_id] = r
                            first_rows = sorted(firsts.values(), key=order)
                            said = dict(conn.execute(
                                select(e.id, _slice(d.text, e.sentence_start, e.sentence_end))
                                .select_from(events.join(documents, d.id == e.document_id))
                                .where(e.id.in_([r.id for r in first_rows]))).all())
                            seeds[key] = [said.get(r.id) or "" for r in first_rows]
                            continue
                        # Else the group is numbered again, held events and new together.
                        held_ids = [r.id for r in held]
                        touched |= {r.story_id for r in held}
                        conn.execute(delete(story_events).where(
                            story_events.c.event_id.in_(held_ids)))
                        members.extend(conn.execute(
                            select(*columns).select_from(events.join(
                                documents, d.id == e.document_id))
                            .where(e.id.in_(held_ids))).all())
                links, new = [], {}
                for key, members in groups.items():
                    kind, source, target, day = key
                    members.sort(key=order)
                    seed = seeds.get(key, [])
                    numbers = (split(seed + [r.sentence or "" for r in members])[len(seed):]
                               if split is not None else [0] * len(members))
                    for row, number in zip(members, numbers, strict=True):
                        story_id = _story_id(kind, source, target,
                                             day if number == 0 else f"{day}#{number}")
                        links.append({"event_id": row.id, "story_id": story_id})
                        new.setdefault(story_id, {
                            "id": story_id, "type": kind, "cameo": row.cameo,
                            "source": source, "target": target, "date": day,
                            "documents": 0, "mentions": 0})
                stored = set()
                for start in range(0, len(new), PAGE):
                    part = list(new)[start:start + PAGE]
                    stored |= set(conn.execute(select(sc.id).where(sc.id.in_(part))).scalars())
                missing = [row for story_id, row in new.items() if story_id not in stored]
                if missing:
                    conn.execute(insert(stories_table), missing)
                for start in range(0, len(links), PAGE):
                    conn.execute(insert(story_events), links[start:start + PAGE])
                touched |= set(new)
            # Recount what was touched (and, with every document, everything).
            _recount_stories(conn, touched)
            if ids is None:  # stories of events that are no more
                conn.execute(delete(stories_table).where(~exists().where(
                    story_events.c.story_id == sc.id)))
        return len(touched)

    def stories(self, min_sources: int = 2, limit: int | None = None) -> list[dict[str, Any]]:
        """Story events reported by at least `min_sources` documents, most reported first:
        {"id", "type", "cameo", "source", "target" (codes), "date", "documents", "events",
        "document_ids" (the first `STORY_DOCUMENTS`)}."""
        sc = stories_table.c
        query = (select(stories_table).where(sc.documents >= min_sources)
                 .order_by(sc.documents.desc(), sc.mentions.desc(), sc.date, sc.id))
        if limit is not None:
            query = query.limit(limit)
        with self._guard(), self.engine.connect() as conn:
            found = conn.execute(query).all()
        return [{"id": r.id, "type": r.type, "cameo": r.cameo,
                 "source": [c for c in r.source.split("+") if c],
                 "target": [c for c in r.target.split("+") if c], "date": r.date,
                 "documents": r.documents, "events": r.mentions,
                 "document_ids": [d for d in r.first_documents.split("\n") if d]}
                for r in found]

    # ------------------------------------------------------------------ row shapes

    def _event_rows(self, where: list[ColumnElement[bool]], limit: int | None
                    ) -> Iterator[dict[str, Any]]:
        e, d, loc = events.c, documents.c, locations.c
        query = (select(
            e.id, e.document_id, e.date, d.published, e.type, e.cameo, e.modality,
            e.trigger_text, e.trigger_start, e.trigger_end,
            _slice(d.text, e.sentence_start, e.sentence_end).label("sentence"),
            e.sentence_start, e.sentence_end, e.location_id,
            loc.name.label("location_name"), loc.kind.label("location_kind"),
            loc.country.label("location_country"), loc.lat, loc.lon,
            d.url, d.outlet, d.ingested_at, story_events.c.story_id)
            .select_from(events.join(documents, d.id == e.document_id)
                         .outerjoin(locations, loc.id == e.location_id)
                         .outerjoin(story_events, story_events.c.event_id == e.id))
            .where(*where))

        def shape(r: Any, people: dict[int, dict[str, list[dict[str, Any]]]]
                  ) -> dict[str, Any]:
            roles = people.get(r.id, {})
            location = None if r.location_id is None else {
                "name": r.location_name, "kind": r.location_kind,
                "country": r.location_country, "lat": r.lat, "lon": r.lon}
            return {
                "event_id": r.id, "document_id": r.document_id, "date": r.date,
                "published": r.published, "type": r.type, "cameo": r.cameo,
                "modality": r.modality, "source": roles.get("source", []),
                "target": roles.get("target", []), "trigger": r.trigger_text,
                "trigger_start": r.trigger_start, "trigger_end": r.trigger_end,
                "sentence": r.sentence, "sentence_start": r.sentence_start,
                "sentence_end": r.sentence_end, "location": location, "url": r.url,
                "outlet": r.outlet, "ingested_at": _iso_utc(r.ingested_at),
                "story_id": r.story_id}

        return self._paged(query, e.id, limit,
                           lambda conn, ids: _linked_actors(conn, event_actors,
                                                            "event_id", ids), shape)

    def _commitment_rows(self, where: list[ColumnElement[bool]], limit: int | None
                         ) -> Iterator[dict[str, Any]]:
        c, d, am = commitments.c, documents.c, amounts.c
        query = (select(
            c.id, c.document_id, d.published, c.action, c.topic, c.status, c.trigger_text,
            c.trigger_start, c.trigger_end, c.evidence_start, c.evidence_end,
            am.value.label("amount_value"), am.currency.label("amount_currency"),
            c.deadline, d.url, d.outlet, d.title,
            _slice(d.text, c.evidence_start, c.evidence_end).label("evidence"))
            .select_from(commitments.join(documents, d.id == c.document_id)
                         .outerjoin(amounts, am.id == c.amount_id))
            .where(*where))

        def shape(r: Any, people: dict[int, dict[str, list[dict[str, Any]]]]
                  ) -> dict[str, Any]:
            roles = people.get(r.id, {})
            return {
                "commitment_id": r.id, "document_id": r.document_id,
                "published": r.published, "by": roles.get("by", []),
                "to": roles.get("to", []), "action": r.action, "topic": r.topic,
                "status": r.status, "trigger": r.trigger_text,
                "trigger_start": r.trigger_start, "trigger_end": r.trigger_end,
                "evidence_start": r.evidence_start, "evidence_end": r.evidence_end,
                "amount_value": None if r.amount_value is None else float(r.amount_value),
                "amount_currency": r.amount_currency, "deadline": r.deadline, "url": r.url,
                "outlet": r.outlet, "evidence": r.evidence, "title": r.title}

        return self._paged(query, c.id, limit,
                           lambda conn, ids: _linked_actors(conn, commitment_actors,
                                                            "commitment_id", ids), shape)

    def _quote_rows(self, where: list[ColumnElement[bool]], limit: int | None
                    ) -> Iterator[dict[str, Any]]:
        q, d = quotes.c, documents.c
        query = (select(q.id, q.document_id, d.published, q.text, q.start, q.end,
                        q.speaker_name, q.cue, d.url)
                 .select_from(quotes.join(documents, d.id == q.document_id)).where(*where))

        def shape(r: Any, people: dict[int, dict[str, list[dict[str, Any]]]]
                  ) -> dict[str, Any]:
            return {
                "quote_id": r.id, "document_id": r.document_id, "published": r.published,
                "text": r.text, "start": r.start, "end": r.end,
                "speaker": people.get(r.id, {}).get("speaker", []),
                "speaker_name": r.speaker_name, "cue": r.cue, "url": r.url}

        return self._paged(query, q.id, limit,
                           lambda conn, ids: _linked_actors(conn, quote_speakers,
                                                            "quote_id", ids), shape)

    def _paged(self, query: Select[Any], id_column: ColumnElement[int], limit: int | None,
               linked: Callable[[Connection, list[int]], dict[int, dict[str, list[Any]]]],
               shape: Callable[[Any, dict[int, dict[str, list[Any]]]], dict[str, Any]],
               ) -> Iterator[dict[str, Any]]:
        """Rows in id order, a page per query (keyset paging), no connection held between."""
        last: int | None = None
        left = limit
        while left is None or left > 0:
            size = PAGE if left is None else min(PAGE, left)
            page = query if last is None else query.where(id_column > last)
            with self._guard(), self.engine.connect() as conn:
                rows = conn.execute(page.order_by(id_column).limit(size)).all()
                people = linked(conn, [r.id for r in rows]) if rows else {}
            for r in rows:
                yield shape(r, people)
            if len(rows) < size:
                return
            last = rows[-1].id
            if left is not None:
                left -= len(rows)


# ---------------------------------------------------------------------- engine and URLs


def _driver_url(url: URL) -> URL:
    """postgresql:// and postgres:// use psycopg 3, the driver communique ships with."""
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    return url


def _shown(url: str) -> str:
    """The URL for messages, password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _engine(url: URL) -> Engine:
    if url.get_backend_name() == "postgresql":
        engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        # Multi-row INSERT ... VALUES for every bulk insert, not only those with RETURNING:
        # one round trip per table instead of one per row (what the psycopg2 dialect does).
        engine.dialect.use_insertmanyvalues_wo_returning = True
        return engine
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so that a
        # write's reads and the migrations' DDL are inside the transaction too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")  # off by default; cascades need it
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, and much faster commits
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Connection) -> None:
        writing = conn.get_execution_options().get("communique_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def _locked(exc: BaseException) -> bool:
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return "database is locked" in str(inner)


def _one_line(exc: BaseException) -> str:
    """The first line of the driver's message, without SQLAlchemy's SQL and links."""
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    return lines[0] if lines else type(inner).__name__


# ---------------------------------------------------------------------- writing


def _rows_with_ids(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows in one statement; their new ids, in the order of `rows`."""
    if not rows:
        return []
    result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                          rows)
    return list(result.scalars())


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _insert_facts(conn: Connection, doc_id: str, document: Document,
                  actor_ids: dict[str, int], name: str) -> None:
    """Every fact of `document`, a few multi-row statements per table."""

    def actor_id(local: str) -> int:
        try:
            return actor_ids[local]
        except KeyError:
            raise ValueError(f"{name}: a fact refers to unknown actor {local!r}") from None

    _insert(conn, mentions, [
        {"actor_id": actor_ids[a.id], "document_id": doc_id, "start": m.start, "end": m.end,
         "text": m.text} for a in document.actors for m in a.mentions])

    location_ids = _rows_with_ids(conn, locations, [
        {"document_id": doc_id, "name": loc.name, "kind": loc.kind, "country": loc.country,
         "lat": loc.lat, "lon": loc.lon} for loc in document.locations])
    location_by_name: dict[str, int] = {}
    for loc, loc_id in zip(document.locations, location_ids, strict=True):
        location_by_name.setdefault(loc.name, loc_id)
    _insert(conn, location_mentions, [
        {"location_id": loc_id, "document_id": doc_id, "start": m.start, "end": m.end,
         "text": m.text}
        for loc, loc_id in zip(document.locations, location_ids, strict=True)
        for m in loc.mentions])

    # A commitment's amount is normally one of the document's amounts; one that is not is
    # stored as an amount of its own, so that every amount_id points at a row.
    all_amounts: list[Amount] = list(document.amounts)
    extra = {c.amount for c in document.commitments if c.amount is not None} - set(all_amounts)
    all_amounts.extend(a for a in dict.fromkeys(c.amount for c in document.commitments)
                       if a in extra)
    amount_ids = _rows_with_ids(conn, amounts, [
        {"document_id": doc_id, "value": a.value, "currency": a.currency, "start": a.start,
         "end": a.end, "text": a.text} for a in all_amounts])
    amount_by_value: dict[Amount, int] = {}
    for a, a_id in zip(all_amounts, amount_ids, strict=True):
        amount_by_value.setdefault(a, a_id)

    _insert(conn, dates, [
        {"document_id": doc_id, "value": x.value, "granularity": x.granularity,
         "start": x.start, "end": x.end, "text": x.text} for x in document.dates])

    event_ids = _rows_with_ids(conn, events, [
        {"document_id": doc_id, "type": e.type, "cameo": e.cameo, "date": e.date,
         "modality": e.modality, "trigger_text": e.trigger.text,
         "trigger_start": e.trigger.start, "trigger_end": e.trigger.end,
         "sentence_start": e.sentence.start, "sentence_end": e.sentence.end,
         "location_id": location_by_name.get(e.location) if e.location else None}
        for e in document.events])
    _insert(conn, event_actors, [
        {"event_id": e_id, "role": role, "position": i, "actor_id": actor_id(local)}
        for e, e_id in zip(document.events, event_ids, strict=True)
        for role, locals_ in (("source", e.source), ("target", e.target))
        for i, local in enumerate(locals_)])

    non_event_ids = _rows_with_ids(conn, non_events, [
        {"document_id": doc_id, "type": e.type, "cameo": e.cameo, "reason": e.reason,
         "trigger_text": e.trigger.text, "trigger_start": e.trigger.start,
         "trigger_end": e.trigger.end, "sentence_start": e.sentence.start,
         "sentence_end": e.sentence.end} for e in document.non_events])
    _insert(conn, non_event_actors, [
        {"non_event_id": e_id, "role": role, "position": i, "actor_id": actor_id(local)}
        for e, e_id in zip(document.non_events, non_event_ids, strict=True)
        for role, locals_ in (("source", e.source), ("target", e.target))
        for i, local in enumerate(locals_)])

    commitment_ids = _rows_with_ids(conn, commitments, [
        {"document_id": doc_id, "action": c.action, "topic": c.topic, "status": c.status,
         "trigger_text": c.trigger.text, "trigger_start": c.trigger.start,
         "trigger_end": c.trigger.end, "evidence_start": c.evidence.start,
         "evidence_end": c.evidence.end,
         "amount_id": None if c.amount is None else amount_by_value[c.amount],
         "deadline": c.deadline} for c in document.commitments])
    _insert(conn, commitment_actors, [
        {"commitment_id": c_id, "role": role, "position": i, "actor_id": actor_id(local)}
        for c, c_id in zip(document.commitments, commitment_ids, strict=True)
        for role, locals_ in (("by", c.by), ("to", c.to))
        for i, local in enumerate(locals_)])

    quote_ids = _rows_with_ids(conn, quotes, [
        {"document_id": doc_id, "text": q.text, "start": q.start, "end": q.end,
         "speaker_name": q.speaker_name, "cue": q.cue} for q in document.quotes])
    _insert(conn, quote_speakers, [
        {"quote_id": q_id, "position": i, "actor_id": actor_id(local)}
        for q, q_id in zip(document.quotes, quote_ids, strict=True)
        for i, local in enumerate(q.speaker)])


def _actor_links() -> list[tuple[Table, Table, str]]:
    """(link table, fact table, link column to the fact) for every actor reference."""
    return [(event_actors, events, "event_id"), (non_event_actors, non_events, "non_event_id"),
            (commitment_actors, commitments, "commitment_id"),
            (quote_speakers, quotes, "quote_id")]


def _document_actor_ids(conn: Connection, doc_id: str) -> list[int]:
    """Canonical actors a stored document refers to."""
    parts: list[Select[Any]] = [
        select(mentions.c.actor_id).where(mentions.c.document_id == doc_id)]
    for link, fact, column in _actor_links():
        parts.append(select(link.c.actor_id).join(fact, fact.c.id == link.c[column])
                     .where(fact.c.document_id == doc_id))
    return list(conn.execute(union(*parts)).scalars())


def _count_mentions(conn: Connection, doc_id: str, sign: int) -> None:
    """Add (sign +1) or take back (-1) a document's mentions in its actors' counts."""
    m = mentions.c
    per_actor = conn.execute(select(m.actor_id, func.count()).where(m.document_id == doc_id)
                             .group_by(m.actor_id)).all()
    for actor_id, count in per_actor:
        conn.execute(update(actors).where(actors.c.id == actor_id).values(
            documents=actors.c.documents + sign, mentions=actors.c.mentions + sign * count))


def _prune_actors(conn: Connection, candidates: list[int]) -> list[str]:
    """Delete those canonical actors no document refers to any more; their keys."""
    unused = [actors.c.id.in_(candidates),
              ~exists().where(mentions.c.actor_id == actors.c.id)]
    unused.extend(~exists().where(link.c.actor_id == actors.c.id)
                  for link, _fact, _column in _actor_links())
    gone = conn.execute(select(actors.c.id, actors.c.key).where(*unused)).all()
    if gone:
        conn.execute(delete(actors).where(actors.c.id.in_([g.id for g in gone])))
    return [g.key for g in gone]


# ---------------------------------------------------------------------- reading


def _actor_matches(value: str) -> ColumnElement[bool]:
    """A canonical actor whose code or name is `value`, ignoring case."""
    return or_(actors.c.code == value.upper(), func.lower(actors.c.name) == value.lower())


def _date_range(column: ColumnElement[Any], since: str | None, until: str | None
                ) -> list[ColumnElement[bool]]:
    out = []
    if since:
        out.append(column >= _check_date(since))
    if until:
        # Inclusive: "2025-02" (a month) and "2025-02-07" are both within until=2025-02-07.
        out.append(column <= _check_date(until))
    return out


def _check_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _slice(column: ColumnElement[str], start: ColumnElement[int], end: ColumnElement[int]
           ) -> ColumnElement[str]:
    """column[start:end] in SQL (substr counts characters from 1 on both databases)."""
    return func.substr(column, start + 1, end - start)


def _linked_actors(conn: Connection, link: Table, column: str, ids: list[int]
                   ) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """fact id -> role -> actor dicts in position order ("speaker" for quote speakers)."""
    a = actors.c
    role = link.c.role if "role" in link.c else literal_column("'speaker'")
    rows = conn.execute(
        select(link.c[column].label("fact_id"), role.label("role"), a.code, a.name, a.kind,
               a.country, a.role.label("actor_role"))
        .join(actors, a.id == link.c.actor_id).where(link.c[column].in_(ids))
        .order_by(link.c[column], link.c.position)).all()
    out: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for r in rows:
        out.setdefault(r.fact_id, {}).setdefault(r.role, []).append(
            {"code": r.code, "name": r.name, "kind": r.kind, "country": r.country,
             "role": r.actor_role})
    return out




def _story_keys(conn: Connection, rows: Sequence[Any]
                ) -> Iterator[tuple[tuple[str, str, str, str], Any]]:
    """(type, source codes, target codes, day) of each dated event row."""
    codes: dict[int, dict[str, set[str]]] = {}
    for start in range(0, len(rows), PAGE):
        part = [r.id for r in rows[start:start + PAGE]]
        for r in conn.execute(
                select(event_actors.c.event_id, event_actors.c.role, actors.c.code)
                .join(actors, actors.c.id == event_actors.c.actor_id)
                .where(event_actors.c.event_id.in_(part))):
            codes.setdefault(r.event_id, {}).setdefault(r.role, set()).add(r.code)
    for r in rows:
        day = r.date or r.published
        if not day:
            continue
        roles = codes.get(r.id, {})
        yield (r.type, "+".join(sorted(roles.get("source", ()))),
               "+".join(sorted(roles.get("target", ()))), day[:10]), r


def _recount_stories(conn: Connection, story_ids: Iterable[str]) -> None:
    """Count the documents and events of these stories again and note each one's first
    documents (in publication order); a story left with no event goes."""
    e, sc = events.c, stories_table.c
    # First in publication order, then by id: the same whatever order documents came in.
    d = documents.c
    per_document = (select(story_events.c.story_id, e.document_id,
                           func.count().label("events"))
                    .join(events, e.id == story_events.c.event_id)
                    .join(documents, d.id == e.document_id)
                    .group_by(story_events.c.story_id, e.document_id, d.published)
                    .order_by(story_events.c.story_id, func.coalesce(d.published, "9999"),
                              e.document_id))
    targets = sorted(set(story_ids))
    for start in range(0, len(targets), PAGE):
        part = targets[start:start + PAGE]
        counts: dict[str, dict[str, Any]] = {}
        for r in conn.execute(per_document.where(story_events.c.story_id.in_(part))):
            story = counts.setdefault(r.story_id, {"b_id": r.story_id, "mentions": 0,
                                                   "documents": 0, "first": []})
            story["mentions"] += r.events
            story["documents"] += 1
            if len(story["first"]) < STORY_DOCUMENTS:
                story["first"].append(r.document_id)
        if counts:
            conn.execute(
                update(stories_table).where(sc.id == bindparam("b_id")).values(
                    mentions=bindparam("mentions"), documents=bindparam("documents"),
                    first_documents=bindparam("first_documents")),
                [{"b_id": c["b_id"], "mentions": c["mentions"], "documents": c["documents"],
                  "first_documents": "\n".join(c["first"])} for c in counts.values()])
    for start in range(0, len(targets), PAGE):
        conn.execute(delete(stories_table).where(
            sc.id.in_(targets[start:start + PAGE]),
            ~exists().where(story_events.c.story_id == sc.id)))


def _story_id(kind: str, source: str, target: str, day: str) -> str:
    """A story is named after what makes it one: type, parties and day."""
    digest = hashlib.sha1(f"{kind}\0{source}\0{target}\0{day}".encode()).hexdigest()
    return f"s{digest[:8]}"


def _iso_utc(value: dt.datetime | str) -> str:
    """ISO 8601 in UTC (SQLite hands back naive datetimes, stored as UTC)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


_QUERY_TOKEN = re.compile(r'(-)?(?:"([^"]*)"?|([^\s"]+))')


def fts5_query(query: str) -> str | None:
    """A web-search style query as an FTS5 expression that cannot be a syntax error.

    Like PostgreSQL's websearch_to_tsquery: words are ANDed, "quoted text" is a phrase, OR
    joins the terms on each side, a leading - excludes a term. Punctuation only separates
    words ("U.S." is the phrase "U S"). None when nothing searchable is left.
    """
    groups: list[list[str]] = []
    excluded: list[str] = []
    after_or = False
    for m in _QUERY_TOKEN.finditer(query):
        negated, phrase, word = m.group(1), m.group(2), m.group(3)
        if phrase is None and not negated and word == "OR":
            after_or = bool(groups)
            continue
        words = re.findall(r"\w+", phrase if phrase is not None else word)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'  # \w+ never holds a double quote
        if negated:
            excluded.append(term)
        elif after_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        after_or = False
    if not groups:
        return None
    expression = " AND ".join("(" + " OR ".join(g) + ")" for g in groups)
    if excluded:
        expression = f"({expression})" + "".join(f" NOT {t}" for t in excluded)
    return expression
