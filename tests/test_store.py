"""The corpus store, on SQLite and on PostgreSQL: every test that takes `db_url` runs on both."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Table, func, inspect, select, text

from communique.errors import CommuniqueError
from communique.ingest import SourceDocument
from communique.model import PIPELINE_VERSION, Document
from communique.pipeline import Extractor
from communique.store import Store, StoreError, content_sha256, default_url
from communique.store import schema as s
from communique.store.store import alembic_config, fts5_query

SEED = Path(__file__).resolve().parent.parent / "examples" / "japan-us-summit-2025-02.txt"
PUBLISHED = "2025-02-10"
JAPAN_CHINA = ('Japan and China signed a trade agreement in Beijing on Monday. Chinese Foreign '
               'Minister Wang Yi said the deal "opens a new chapter".')
FRANCE_AID = ("France pledged $2 billion in aid to Ukraine on March 3, 2025, President "
              "Emmanuel Macron said.")
UNRELATED = "The weather in Paris was mild, and the museum opened a new wing for visitors."
NEGATED = "China did not sign the agreement with Japan."

Stored = tuple[SourceDocument, Document]

# Facts whose offsets point into documents.text, and the column holding the text they claim.
OFFSET_COLUMNS = [
    (s.mentions, "start", "end", "text"),
    (s.location_mentions, "start", "end", "text"),
    (s.amounts, "start", "end", "text"),
    (s.dates, "start", "end", "text"),
    (s.quotes, "start", "end", "text"),
    (s.events, "trigger_start", "trigger_end", "trigger_text"),
    (s.non_events, "trigger_start", "trigger_end", "trigger_text"),
    (s.commitments, "trigger_start", "trigger_end", "trigger_text"),
]
FACT_TABLES = [s.mentions, s.locations, s.location_mentions, s.amounts, s.dates, s.events,
               s.non_events, s.commitments, s.quotes]


def extracted(extractor: Extractor, text_: str, doc_id: str, published: str = "2025-03-04",
              title: str | None = None) -> Stored:
    source = SourceDocument(text=text_, name=f"{doc_id}.txt", id=doc_id, title=title,
                            published=published, url=f"https://example.org/{doc_id}",
                            outlet="example.org")
    return source, extractor.extract(text_, published=published, title=title, id=doc_id)


@pytest.fixture(scope="module")
def seed(extractor: Extractor) -> Stored:
    return extracted(extractor, SEED.read_text(encoding="utf-8"), "seed", PUBLISHED,
                     "Japan pledges $1 trillion of investment in the U.S.")


@pytest.fixture(scope="module")
def japan_china(extractor: Extractor) -> Stored:
    return extracted(extractor, JAPAN_CHINA, "japan-china")


@pytest.fixture(scope="module")
def france_aid(extractor: Extractor) -> Stored:
    return extracted(extractor, FRANCE_AID, "france-aid")


@pytest.fixture(scope="module")
def unrelated(extractor: Extractor) -> Stored:
    return extracted(extractor, UNRELATED, "weather")


@pytest.fixture(scope="module")
def negated(extractor: Extractor) -> Stored:
    return extracted(extractor, NEGATED, "negated")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def seeded(store: Store, seed: Stored) -> Store:
    store.write(*seed, PIPELINE_VERSION)
    return store


def count(store: Store, table: Table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def codes(actors: list[dict[str, str | None]]) -> list[str | None]:
    return [a["code"] for a in actors]


# --------------------------------------------------------------------------- schema


def test_open_creates_the_schema_by_migration_at_head(store: Store) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with store.engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        assert versions == [head]
        tables = set(inspect(conn).get_table_names())
    assert {t.name for t in s.Base.metadata.sorted_tables} <= tables


def test_migration_creates_exactly_the_models(store: Store) -> None:
    def ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
             ) -> bool:
        # The search objects differ by database and are known to the migration only.
        return not (name or "").startswith((s.SEARCH_TABLE, s.SEARCH_COLUMN,
                                            "ix_documents_search_vector", "alembic_version"))

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": ours})
        assert compare_metadata(context, s.Base.metadata) == []


def test_reopening_keeps_the_data(db_url: str, seed: Stored) -> None:
    with Store.open(db_url) as first:
        first.write(*seed, PIPELINE_VERSION)
        before = first.stats()
    with Store.open(db_url) as again:
        assert again.stats() == before


def test_sqlite_enforces_foreign_keys_and_uses_wal(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'c.db'}") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_default_database_is_communique_db_in_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMMUNIQUE_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_url() == "sqlite:///communique.db"
    with Store.open() as store:
        assert store.dialect == "sqlite"
    assert (tmp_path / "communique.db").is_file()


def test_default_database_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_DB", "postgresql://postgres@127.0.0.1/corpus")
    assert default_url() == "postgresql://postgres@127.0.0.1/corpus"


def test_plain_postgresql_url_uses_psycopg(postgresql_url: str) -> None:
    plain = postgresql_url.replace("postgresql+psycopg://", "postgresql://")
    with Store.open(plain) as store:
        assert store.dialect == "postgresql"
        assert store.engine.dialect.driver == "psycopg"


@pytest.mark.parametrize("url", [
    "not a url",
    "nosuchdb://somewhere/db",
    "postgresql://postgres@127.0.0.1:1/communique",
])
def test_open_failure_is_one_line_naming_the_url(url: str) -> None:
    with pytest.raises(CommuniqueError) as caught:
        Store.open(url)
    message = str(caught.value)
    assert url in message
    assert "\n" not in message


def test_open_failure_in_a_missing_directory_names_the_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'c.db'}"
    with pytest.raises(CommuniqueError, match=r"missing/c\.db: cannot open database: "):
        Store.open(url)


def test_open_failure_hides_the_password() -> None:
    with pytest.raises(CommuniqueError) as caught:
        Store.open("postgresql://postgres:hunter2@127.0.0.1:1/communique")
    assert "hunter2" not in str(caught.value)
    assert "postgresql://postgres:***@127.0.0.1:1/communique" in str(caught.value)


# --------------------------------------------------------------------------- writing


def test_write_stores_the_document_and_every_fact(store: Store, seed: Stored) -> None:
    source, doc = seed
    assert store.write(source, doc, PIPELINE_VERSION) == "added"
    assert store.stats() == {
        "documents": 1, "actors": len(doc.actors),
        "mentions": sum(len(a.mentions) for a in doc.actors), "events": len(doc.events),
        "commitments": len(doc.commitments), "quotes": len(doc.quotes),
        "amounts": len(doc.amounts), "locations": len(doc.locations), "dates": len(doc.dates),
        "tracks": 0, "stories": 0}  # Store.write stores; linking makes tracks, stories
    assert store.stats() == {"documents": 1, "actors": 10, "mentions": 36, "events": 10,
                             "commitments": 8, "quotes": 7, "amounts": 2, "locations": 6,
                             "dates": 1, "tracks": 0, "stories": 0}


def test_write_keeps_the_document_metadata(seeded: Store, seed: Stored) -> None:
    source, _ = seed
    with seeded.engine.connect() as conn:
        row = conn.execute(select(s.documents).where(s.documents.c.id == "seed")).one()
    assert (row.name, row.text, row.title, row.url, row.outlet, row.published, row.language,
            row.sha256, row.pipeline_version) == (
        "seed.txt", source.text, "Japan pledges $1 trillion of investment in the U.S.",
        "https://example.org/seed", "example.org", PUBLISHED, "en",
        content_sha256(source.text), PIPELINE_VERSION)


def test_non_events_are_stored_apart_from_events(store: Store, negated: Stored) -> None:
    store.write(*negated, PIPELINE_VERSION)
    assert (count(store, s.non_events), count(store, s.non_event_actors)) == (1, 2)
    assert store.stats()["events"] == 0
    assert store.events() == []


def test_second_document_reuses_the_canonical_actor(seeded: Store, japan_china: Stored
                                                    ) -> None:
    seeded.write(*japan_china, PIPELINE_VERSION)
    japan = [a for a in seeded.actors() if a["code"] == "JPN" and a["kind"] == "country"]
    assert japan == [{"actor_id": japan[0]["actor_id"], "name": "Japan", "kind": "country",
                      "code": "JPN", "country": "JPN", "role": None, "documents": 2,
                      "mentions": 11}]
    # Japan, United States ... from the seed, plus China and Wang Yi.
    assert seeded.stats()["actors"] == 12


def test_has_content_knows_stored_texts(seeded: Store, seed: Stored) -> None:
    assert seeded.has_content(content_sha256(seed[0].text))
    assert not seeded.has_content(content_sha256(UNRELATED))


def test_document_ids(seeded: Store, unrelated: Stored) -> None:
    seeded.write(*unrelated, PIPELINE_VERSION)
    assert seeded.document_ids() == {"seed", "weather"}


def test_replace_with_the_same_id_leaves_only_the_new_facts(
        seeded: Store, japan_china: Stored) -> None:
    source, doc = japan_china
    source = dataclasses.replace(source, id="seed")
    doc = dataclasses.replace(doc, id="seed")
    assert seeded.write(source, doc, PIPELINE_VERSION) == "replaced"
    assert seeded.stats() == {"documents": 1, "actors": 3, "mentions": 3, "events": 1,
                              "commitments": 1, "quotes": 1, "amounts": 0, "locations": 1,
                              "dates": 1, "tracks": 0, "stories": 0}
    assert [a["name"] for a in seeded.actors()] == ["Japan", "China", "Wang Yi"]
    # The trade agreement binds Japan and China to each other: two by rows, two to rows.
    assert (count(seeded, s.event_actors), count(seeded, s.commitment_actors),
            count(seeded, s.quote_speakers), count(seeded, s.location_mentions)) == (2, 4, 1, 1)
    assert seeded.search("Senkaku") == []
    assert [hit["document_id"] for hit in seeded.search("Beijing")] == ["seed"]


def test_replace_then_reuse_a_pruned_actor(seeded: Store, seed: Stored, unrelated: Stored
                                           ) -> None:
    # The seed's actors are deleted with it; writing the seed again must recreate them.
    source, doc = unrelated
    seeded.write(dataclasses.replace(source, id="seed"), doc, PIPELINE_VERSION)
    assert seeded.stats()["actors"] == 0
    assert seeded.write(*seed, PIPELINE_VERSION) == "replaced"
    assert seeded.stats()["actors"] == 10


def test_a_write_failing_midway_leaves_the_database_unchanged(
        seeded: Store, france_aid: Stored) -> None:
    source, doc = france_aid
    # An event without a type passes the document, the new actors and their mentions, then
    # fails on the events table.
    broken = dataclasses.replace(doc, events=[dataclasses.replace(doc.events[0], type=None)])
    before = (seeded.stats(), seeded.actors(), seeded.document_ids())
    with pytest.raises(StoreError, match=r"^france-aid\.txt: cannot store document"):
        seeded.write(source, broken, PIPELINE_VERSION)
    assert (seeded.stats(), seeded.actors(), seeded.document_ids()) == before
    # The actors of the failed write were rolled back, and are created again.
    assert seeded.write(source, doc, PIPELINE_VERSION) == "added"
    assert {"France", "Ukraine", "Emmanuel Macron"} <= {a["name"] for a in seeded.actors()}


def test_a_document_without_id_is_refused_before_any_write(store: Store, seed: Stored) -> None:
    source, doc = seed
    with pytest.raises(ValueError, match=r"^seed\.txt: a stored document needs an id$"):
        store.write(dataclasses.replace(source, id=None), doc, PIPELINE_VERSION)
    assert store.stats()["documents"] == 0


def test_the_same_text_under_another_id_is_refused(seeded: Store, seed: Stored) -> None:
    source, doc = seed
    with pytest.raises(StoreError, match=r"^copy\.txt: same text as stored document 'seed'$"):
        seeded.write(dataclasses.replace(source, id="copy", name="copy.txt"), doc,
                     PIPELINE_VERSION)
    assert seeded.document_ids() == {"seed"}


def test_every_stored_offset_slices_the_stored_text(seeded: Store, japan_china: Stored,
                                                    negated: Stored) -> None:
    seeded.write(*japan_china, PIPELINE_VERSION)
    seeded.write(*negated, PIPELINE_VERSION)
    d = s.documents.c
    with seeded.engine.connect() as conn:
        for table, start, end, claimed in OFFSET_COLUMNS:
            c = table.c
            stored = func.substr(d.text, c[start] + 1, c[end] - c[start])
            rows = conn.execute(select(c[claimed], stored).join(
                s.documents, d.id == c.document_id)).all()
            assert rows, table.name
            assert [r[0] for r in rows] == [r[1] for r in rows], table.name


# --------------------------------------------------------------------------- queries


def test_events_by_actor_and_type(seeded: Store) -> None:
    rows = seeded.events(actor="JPN", type="AGREE")
    assert [(e["trigger"], e["cameo"], codes(e["source"]), codes(e["target"]), e["date"])
            for e in rows] == [("pledged", "031", ["JPN"], ["USA"], "2025-02-07"),
                               ("agreed", "030", ["JPN"], ["USA"], "2025-02-07"),
                               ("committed", "031", ["JPN"], ["USA"], "2025-02-07"),
                               ("concurred", "030", ["JPN"], ["USA"], "2025-02-07")]


def test_event_rows_have_the_contract_shape(seeded: Store, seed: Stored) -> None:
    first = seeded.events(actor="japan", type="agree", limit=1)
    assert len(first) == 1
    event = first[0]
    assert list(event) == ["event_id", "document_id", "date", "published", "type", "cameo",
                           "modality", "source", "target", "trigger", "trigger_start",
                           "trigger_end", "sentence", "sentence_start", "sentence_end",
                           "location", "url", "outlet", "ingested_at", "story_id"]
    text_ = seed[0].text
    assert event["sentence"] == text_[event["sentence_start"]:event["sentence_end"]]
    assert event["source"] == [{"code": "JPN", "name": "Japan", "kind": "country",
                                "country": "JPN", "role": None}]
    assert (event["published"], event["url"], event["outlet"]) == (
        PUBLISHED, "https://example.org/seed", "example.org")
    # The place the event's sentence names: "(Washington D.C. time)".
    assert event["location"] == {"name": "Washington D.C.", "kind": "place", "country": None,
                                 "lat": None, "lon": None}
    assert event["ingested_at"].endswith("+00:00")


def test_events_by_cameo_prefix(seeded: Store) -> None:
    # "invited" is CONSULT by PLOVER type but CAMEO 036 (express intent to meet).
    # "meeting" three times: "an in-person meeting between ...", "their meeting" (twice).
    assert [e["trigger"] for e in seeded.events(type="CONSULT")] == [
        "meeting", "meeting", "meeting", "invited"]
    assert [e["trigger"] for e in seeded.events(type="04")] == ["meeting"] * 3
    assert [e["trigger"] for e in seeded.events(type="03")] == [
        "pledged", "agreed", "committed", "concurred", "invited"]


def test_events_by_date_fall_back_to_publication(seeded: Store, japan_china: Stored,
                                                 negated: Stored) -> None:
    seeded.write(*japan_china, PIPELINE_VERSION)
    # The seed's events are dated 2025-02-07, the signing in Beijing 2025-03-03.
    assert [e["trigger"] for e in seeded.events(since="2025-03-01")] == ["signed"]
    assert len(seeded.events(until="2025-02-07")) == 10
    assert seeded.events(since="2025-02-08", until="2025-03-02") == []


def test_event_location_links_to_the_named_place(store: Store, japan_china: Stored) -> None:
    # The extractor does not place events yet; the store links a named one all the same.
    source, doc = japan_china
    doc = dataclasses.replace(doc, events=[dataclasses.replace(doc.events[0],
                                                               location="Beijing")])
    store.write(source, doc, PIPELINE_VERSION)
    location = store.events()[0]["location"]
    assert location is not None
    assert (location["name"], location["kind"], location["country"]) == (
        "Beijing", "city", "CHN")


def test_commitments_by_actor_and_topic(seeded: Store) -> None:
    pledges = seeded.commitments(by="JPN", topic="investment")
    trillion = [c for c in pledges if c["amount_value"] is not None]
    assert len(trillion) == 1
    assert (trillion[0]["trigger"], trillion[0]["amount_value"],
            trillion[0]["amount_currency"], codes(trillion[0]["by"]),
            codes(trillion[0]["to"])) == ("pledged", 1e12, "USD", ["JPN"], ["USA"])
    assert list(trillion[0]) == [
        "commitment_id", "document_id", "published", "by", "to", "action", "topic", "status",
        "trigger", "trigger_start", "trigger_end", "evidence_start", "evidence_end",
        "amount_value", "amount_currency", "deadline", "url", "outlet", "evidence", "title"]


def test_commitments_to_an_actor(seeded: Store) -> None:
    assert [c["topic"] for c in seeded.commitments(to="north korea")] == ["nuclear"]


def test_quotes_by_speaker_name_part(seeded: Store) -> None:
    quotes = seeded.quotes(speaker="ishiba")
    assert [(q["text"], q["speaker_name"], codes(q["speaker"])) for q in quotes] == [
        ("full support", "Prime Minister Ishiba", ["JPN"])]
    assert list(quotes[0]) == ["quote_id", "document_id", "published", "text", "start", "end",
                               "speaker", "speaker_name", "cue", "url"]


def test_top_actors(seeded: Store) -> None:
    assert [(a["name"], a["documents"], a["mentions"]) for a in seeded.actors(top=2)] == [
        ("Japan", 1, 10), ("United States", 1, 10)]


def test_search_finds_the_matching_document_only(seeded: Store, unrelated: Stored) -> None:
    seeded.write(*unrelated, PIPELINE_VERSION)
    hits = seeded.search("Senkaku")
    assert [(h["document_id"], h["title"]) for h in hits] == [
        ("seed", "Japan pledges $1 trillion of investment in the U.S.")]
    assert "**Senkaku**" in hits[0]["snippet"]
    assert hits[0]["rank"] > 0


def test_search_reads_queries_like_a_web_search(seeded: Store, unrelated: Stored) -> None:
    seeded.write(*unrelated, PIPELINE_VERSION)
    assert [h["document_id"] for h in seeded.search("museum OR Senkaku")] in (
        ["seed", "weather"], ["weather", "seed"])
    assert [h["document_id"] for h in seeded.search('"Senkaku Islands" -museum')] == ["seed"]
    assert seeded.search('"Islands Senkaku"') == []
    assert seeded.search('U.S. "unbalanced ( *') == []  # no syntax error, no match


def test_stale_documents_come_back_with_their_text(seeded: Store, seed: Stored) -> None:
    assert list(seeded.stale(PIPELINE_VERSION)) == []
    assert list(seeded.stale(PIPELINE_VERSION + 1)) == [seed[0]]


def test_export_rows_stream_every_kind(seeded: Store) -> None:
    assert [len(list(seeded.export_rows(kind)))
            for kind in ("events", "commitments", "quotes", "actors")] == [10, 8, 7, 10]
    assert list(seeded.export_rows("actors")) == seeded.actors()
    with pytest.raises(ValueError, match="unknown export kind 'mentions'"):
        seeded.export_rows("mentions")


# --------------------------------------------------------------------------- search syntax


@pytest.mark.parametrize(("query", "expected"), [
    ("Senkaku", '("Senkaku")'),
    ("Japan trade", '("Japan") AND ("trade")'),
    ('"Senkaku Islands" OR Taiwan', '("Senkaku Islands" OR "Taiwan")'),
    ("Japan -China", '(("Japan")) NOT "China"'),
    ("U.S.", '("U S")'),
    ('AND NOT "', '("AND") AND ("NOT")'),
    ("( * -", None),
])
def test_fts5_query_quotes_every_term(query: str, expected: str | None) -> None:
    assert fts5_query(query) == expected


def test_throwaway_databases_left_by_a_killed_run_are_dropped_and_busy_ones_kept(
        postgresql_database: str) -> None:
    from psycopg import sql

    from conftest import PG_MAINTENANCE_DB, _pg_connect, drop_stale_test_databases

    with _pg_connect(PG_MAINTENANCE_DB) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(
            sql.Identifier("communique_test_left_behind")))
        with _pg_connect(postgresql_database):  # this session's database, in use
            dropped = drop_stale_test_databases(admin)
        names = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
    assert "communique_test_left_behind" in dropped
    assert "communique_test_left_behind" not in names
    assert postgresql_database in names


def _write_documents(url: str, prefix: str, count: int) -> list[str]:
    """Write `count` small documents; the errors met (none expected). Run in a process."""
    from communique.model import Actor, Mention

    errors = []
    with Store.open(url) as store:
        for n in range(count):
            text_ = f"Chile and Peru met, {prefix} report {n}, with a long enough text body."
            document = Document(text=text_, id=f"{prefix}-{n}", actors=[
                Actor("a1", "Chile", "country", "CHL", mentions=[Mention(0, 5, "Chile")])])
            try:
                store.write(SourceDocument(text=text_, name=f"{prefix}-{n}",
                                           id=f"{prefix}-{n}"), document, PIPELINE_VERSION)
            except CommuniqueError as error:
                errors.append(str(error))
    return errors


def test_two_processes_writing_one_sqlite_file_wait_for_each_other(tmp_path: Path) -> None:
    import multiprocessing

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    Store.open(url).close()  # schema created once, before the race
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(_write_documents, [(url, "first", 60), (url, "second", 60)])
    assert results == [[], []]
    with Store.open(url) as store:
        assert store.stats()["documents"] == 120


def test_a_writer_that_waited_too_long_says_another_process_is_writing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from communique.store import store as store_module

    path = tmp_path / "busy.db"
    Store.open(f"sqlite:///{path}").close()
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's write in progress
    try:
        with Store.open(f"sqlite:///{path}") as store, pytest.raises(
                store_module.StoreBusy) as raised:
            text_ = "Chile and Peru met in Lima."
            store.write(SourceDocument(text=text_, name="lima.txt", id="lima"),
                        Document(text=text_), PIPELINE_VERSION)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(raised.value) == (
        f"sqlite:///{path}: another process is writing to this database (waited 0.2 s for "
        "it); lima.txt and what follows were not stored: run the same command again when it "
        "is done")


# --------------------------------------------------------------------------- story events

VISIT_WIRE = "Japan and China signed a fisheries agreement in Tokyo on March 3, 2025."
VISIT_PAPER = ("On March 3, 2025, Japan and China signed an agreement on fisheries, the two "
               "governments said.")


def test_two_reports_of_one_event_make_one_story_with_two_documents(
        store: Store, extractor: Extractor) -> None:
    for doc_id, text_ in (("wire", VISIT_WIRE), ("paper", VISIT_PAPER)):
        store.write(*extracted(extractor, text_, doc_id), PIPELINE_VERSION)
    store.refresh_stories(["wire", "paper"])
    [story] = store.stories()
    assert (story["type"], story["source"], story["target"], story["date"],
            story["documents"], sorted(story["document_ids"])) == (
        "AGREE", ["JPN"], ["CHN"], "2025-03-03", 2, ["paper", "wire"])
    assert store.stats()["stories"] == 1
    assert {e["story_id"] for e in store.events()} == {story["id"]}


def test_stories_are_the_same_refreshed_one_by_one_or_all_at_once(
        store: Store, extractor: Extractor) -> None:
    for doc_id, text_ in (("paper", VISIT_PAPER), ("wire", VISIT_WIRE)):
        store.write(*extracted(extractor, text_, doc_id), PIPELINE_VERSION)
        store.refresh_stories([doc_id])
    one_by_one = store.stories(min_sources=1)
    store.refresh_stories()
    assert store.stories(min_sources=1) == one_by_one


def test_gdelt_counts_articles_and_mentions_from_the_story(
        store: Store, extractor: Extractor) -> None:
    from communique.export import GDELT_COLUMNS, gdelt_rows

    for doc_id, text_ in (("wire", VISIT_WIRE), ("paper", VISIT_PAPER)):
        store.write(*extracted(extractor, text_, doc_id), PIPELINE_VERSION)
    store.refresh_stories()
    rows = [r for r in gdelt_rows(store.export_rows("events")) if r[1] == "20250303"]
    assert [(r[GDELT_COLUMNS.index("NumMentions")], r[GDELT_COLUMNS.index("NumArticles")])
            for r in rows] == [("2", "2")]


def test_a_replaced_report_leaves_the_story_it_no_longer_tells(
        store: Store, extractor: Extractor) -> None:
    for doc_id, text_ in (("wire", VISIT_WIRE), ("paper", VISIT_PAPER)):
        store.write(*extracted(extractor, text_, doc_id), PIPELINE_VERSION)
    store.refresh_stories(["wire", "paper"])
    corrected = "On March 4, 2025, Chile and Peru signed an agreement on fisheries."
    assert store.write(*extracted(extractor, corrected, "paper"), PIPELINE_VERSION) == "replaced"
    store.refresh_stories(["paper"])
    fisheries = [s for s in store.stories(min_sources=1) if s["source"] == ["JPN"]]
    assert [(s["documents"], s["events"], s["document_ids"]) for s in fisheries] == [
        (1, 1, ["wire"])]


def test_upgrading_a_store_of_revision_0003_lists_its_stories_documents(
        store: Store, extractor: Extractor) -> None:
    from alembic import command

    for doc_id, text_ in (("wire", VISIT_WIRE), ("paper", VISIT_PAPER)):
        store.write(*extracted(extractor, text_, doc_id), PIPELINE_VERSION)
    store.refresh_stories()
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
    with store.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    [story] = store.stories()
    assert story["document_ids"] == ["paper", "wire"]  # published the same day: by id


FERRY_PAPER = ("Japan and China also agreed on March 3, 2025 to resume the ferry service "
               "between Osaka and Shanghai.")


def test_two_events_of_one_day_between_the_same_parties_are_two_stories(
        store: Store, extractor: Extractor) -> None:
    from communique.linking import story_numbers

    for doc_id, text_ in (("wire", VISIT_WIRE), ("paper", VISIT_PAPER), ("ferry", FERRY_PAPER)):
        store.write(*extracted(extractor, text_, doc_id), PIPELINE_VERSION)
    store.refresh_stories(split=story_numbers)
    assert sorted((s["type"], s["date"], s["document_ids"])
                  for s in store.stories(min_sources=1) if s["source"] == ["JPN"]) == [
        ("AGREE", "2025-03-03", ["ferry"]), ("AGREE", "2025-03-03", ["paper", "wire"])]


def test_stories_told_apart_by_sentences_are_the_same_in_any_order(
        store: Store, extractor: Extractor) -> None:
    from communique.linking import story_numbers

    for doc_id, text_ in (("ferry", FERRY_PAPER), ("paper", VISIT_PAPER), ("wire", VISIT_WIRE)):
        store.write(*extracted(extractor, text_, doc_id), PIPELINE_VERSION)
        store.refresh_stories([doc_id], split=story_numbers)
    one_by_one = store.stories(min_sources=1)
    store.refresh_stories(split=story_numbers)
    assert store.stories(min_sources=1) == one_by_one


def test_a_storys_first_documents_are_in_publication_order_whatever_the_ingest_order(
        store: Store, extractor: Extractor) -> None:
    for doc_id, text_, published in (("late", VISIT_PAPER, "2025-03-05"),
                                     ("early", VISIT_WIRE, "2025-03-04")):
        store.write(*extracted(extractor, text_, doc_id, published), PIPELINE_VERSION)
    store.refresh_stories()
    [story] = store.stories()
    assert story["document_ids"] == ["early", "late"]


def test_stories_told_apart_by_sentences_are_the_same_ingested_backwards(
        store: Store, extractor: Extractor) -> None:
    from communique.linking import story_numbers

    for doc_id, text_ in (("wire", VISIT_WIRE), ("paper", VISIT_PAPER), ("ferry", FERRY_PAPER)):
        store.write(*extracted(extractor, text_, doc_id), PIPELINE_VERSION)
        store.refresh_stories([doc_id], split=story_numbers)
    one_by_one = store.stories(min_sources=1)
    store.refresh_stories(split=story_numbers)
    assert store.stories(min_sources=1) == one_by_one
