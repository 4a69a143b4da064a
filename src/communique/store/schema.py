"""The corpus database: one row per document, per canonical actor and per extracted fact.

Tables (every fact row carries `document_id` and the character offsets `start`/`end` into
`documents.text`, so `documents.text[start:end] == text`; deleting a document deletes its facts):

documents           One stored document: its text, metadata and the pipeline version of its facts.
                    id (the caller's id), seq (ingest order; the SQLite search index keys on it),
                    name (the input as the user named it), text, title, url, outlet, published
                    (YYYY-MM-DD), language, sha256 (of text, unique), pipeline_version, ingested_at.
actors              Canonical actors shared by all documents: "Japan" in 100 documents is one row.
                    id, key (unique: "country:JPN", "person:shigeru ishiba:JPN"), name, kind,
                    code, country, role.
mentions            Where an actor is named in a document: actor_id, document_id, start, end, text.
locations           Places a document names: document_id, name, kind, country, lat, lon.
location_mentions   Where a location is named: location_id, document_id, start, end, text.
amounts             Money amounts: document_id, value (units of currency), currency (ISO 4217),
                    start, end, text.
dates               Calendar dates the text fixes: document_id, value (YYYY-MM-DD), granularity,
                    start, end, text.
events              Asserted, reported or intended events: document_id, type (PLOVER), cameo,
                    date, modality, trigger_text/start/end, sentence_start/end, location_id.
event_actors        Who did an event to whom: event_id, actor_id, role (source|target), position.
non_events          Events the text negates, denies or only supposes (kept apart from events so
                    that no query counts them by accident): like events, with `reason`
                    (negated|hypothetical|denied) instead of date/modality/location.
non_event_actors    non_event_id, actor_id, role (source|target), position.
commitments         Pledges: document_id, action, topic, status (new|reaffirmed),
                    trigger_text/start/end, evidence_start/end, amount_id, deadline.
commitment_actors   commitment_id, actor_id, role (by|to), position.
quotes              Direct quotations: document_id, text, start, end, speaker_name, cue.
quote_speakers      quote_id, actor_id, position.

Full-text search lives outside these models because it differs by database: on SQLite an FTS5
table `documents_fts` (title, text; keyed by documents.seq, kept in sync by triggers), on
PostgreSQL a generated column `documents.search_vector` (tsvector, GIN-indexed). Both are created
by the migration.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so that migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Objects of the full-text search, made by the migration and unknown to the models.
SEARCH_TABLE = "documents_fts"
SEARCH_COLUMN = "search_vector"

# `end` is an SQL keyword; SQLAlchemy quotes it, raw SQL must write "end".
OFFSETS_CHECK = '"start" >= 0 AND "start" <= "end"'


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _document_fk() -> Mapped[str]:
    return mapped_column(
        String, ForeignKey("documents.id", ondelete="CASCADE"), index=True,
        comment="The document this fact comes from (documents.id).")


def _start() -> Mapped[int]:
    return mapped_column(Integer, comment="Offset of the first character in documents.text.")


def _end() -> Mapped[int]:
    return mapped_column(Integer, comment="Offset just past the last character in documents.text.")


def _text(what: str = "The text at [start:end].") -> Mapped[str]:
    return mapped_column(Text, comment=what)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = ({"comment": "One stored document: its text, metadata and the pipeline "
                      "version that produced its facts."},)

    id: Mapped[str] = mapped_column(String, primary_key=True,
                                    comment="The document id given at ingest.")
    seq: Mapped[int] = mapped_column(
        Integer, unique=True,
        comment="Ingest order (1, 2, ...); the SQLite full-text index refers to documents by it.")
    name: Mapped[str] = mapped_column(
        String, comment="The input as the user named it: path, URL, 'batch.jsonl line 3'.")
    text: Mapped[str] = mapped_column(Text, comment="The full text; fact offsets index into it.")
    title: Mapped[str | None] = mapped_column(Text, comment="Headline, when known.")
    url: Mapped[str | None] = mapped_column(Text, comment="Where the document was fetched from.")
    outlet: Mapped[str | None] = mapped_column(String, comment="Site or publisher.")
    published: Mapped[str | None] = mapped_column(
        String(10), index=True, comment="Publication date YYYY-MM-DD, when known.")
    language: Mapped[str] = mapped_column(
        String(8), comment="ISO 639-1 language of the text (always 'en' for now).")
    sha256: Mapped[str] = mapped_column(
        String(64), unique=True, comment="SHA-256 of the UTF-8 text, hex: finds duplicates.")
    pipeline_version: Mapped[int] = mapped_column(
        Integer, index=True, comment="communique.model.PIPELINE_VERSION that extracted the facts.")
    ingested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), comment="When this version was stored (UTC).")


class ActorRow(Base):
    __tablename__ = "actors"
    __table_args__ = ({"comment": "Canonical actors shared by all documents: one row per "
                      "real-world country, person, organisation or group."},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Actor number.")
    key: Mapped[str] = mapped_column(
        String, unique=True,
        comment="Identity across documents: 'kind:CODE' for countries and IGOs, "
                "'kind:casefolded name:CODE' otherwise.")
    name: Mapped[str] = mapped_column(String, comment="Name, as first seen.")
    kind: Mapped[str] = mapped_column(
        String, comment="country | person | organization | igo | group | other.")
    code: Mapped[str] = mapped_column(
        String, index=True, comment="ISO 3166-1 alpha-3, an IGO code, or UNK.")
    country: Mapped[str | None] = mapped_column(
        String, comment="Country a person or organisation belongs to (alpha-3).")
    role: Mapped[str | None] = mapped_column(String, comment="Title of a person, e.g. President.")
    documents: Mapped[int] = mapped_column(
        Integer, server_default="0",
        comment="Documents that mention it (kept up to date by every write).")
    mention_count: Mapped[int] = mapped_column(
        "mentions", Integer, server_default="0",
        comment="Mentions of it in all documents (kept up to date by every write).")


class MentionRow(Base):
    __tablename__ = "mentions"
    __table_args__ = (CheckConstraint(OFFSETS_CHECK, name="offsets"),
                      {"comment": "Where an actor is named in a document."})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Mention number.")
    # Indexed by ix_mentions_actor_document (actor_id first).
    actor_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("actors.id"), comment="The actor named (actors.id).")
    document_id: Mapped[str] = _document_fk()
    start: Mapped[int] = _start()
    end: Mapped[int] = _end()
    text: Mapped[str] = _text()


class LocationRow(Base):
    __tablename__ = "locations"
    __table_args__ = ({"comment": "A place a document names (one row per place per document)."},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Location number.")
    document_id: Mapped[str] = _document_fk()
    name: Mapped[str] = mapped_column(String, index=True, comment="Gazetteer name.")
    kind: Mapped[str] = mapped_column(String, comment="city | region | sea | strait | ...")
    country: Mapped[str | None] = mapped_column(String, comment="Country (alpha-3), when known.")
    lat: Mapped[float | None] = mapped_column(Float, comment="Latitude, degrees.")
    lon: Mapped[float | None] = mapped_column(Float, comment="Longitude, degrees.")


class LocationMentionRow(Base):
    __tablename__ = "location_mentions"
    __table_args__ = (CheckConstraint(OFFSETS_CHECK, name="offsets"),
                      {"comment": "Where a location is named in its document."})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Mention number.")
    location_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("locations.id", ondelete="CASCADE"), index=True,
        comment="The location named (locations.id).")
    document_id: Mapped[str] = _document_fk()
    start: Mapped[int] = _start()
    end: Mapped[int] = _end()
    text: Mapped[str] = _text()


class AmountRow(Base):
    __tablename__ = "amounts"
    __table_args__ = (CheckConstraint(OFFSETS_CHECK, name="offsets"),
                      {"comment": "A money amount stated in a document."})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Amount number.")
    document_id: Mapped[str] = _document_fk()
    value: Mapped[float] = mapped_column(
        Float, comment="In units of the currency: 1e12 for '$1 trillion'.")
    currency: Mapped[str] = mapped_column(String(3), comment="ISO 4217 code.")
    start: Mapped[int] = _start()
    end: Mapped[int] = _end()
    text: Mapped[str] = _text()


class DateRow(Base):
    __tablename__ = "dates"
    __table_args__ = (CheckConstraint(OFFSETS_CHECK, name="offsets"),
                      {"comment": "A calendar date the text fixes."})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Date number.")
    document_id: Mapped[str] = _document_fk()
    value: Mapped[str] = mapped_column(String(10), comment="YYYY-MM-DD, YYYY-MM or YYYY.")
    granularity: Mapped[str] = mapped_column(String(5), comment="day | month | year.")
    start: Mapped[int] = _start()
    end: Mapped[int] = _end()
    text: Mapped[str] = _text()


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint('"trigger_start" >= 0 AND "trigger_start" <= "trigger_end"',
                        name="trigger_offsets"),
        CheckConstraint('"sentence_start" >= 0 AND "sentence_start" <= "sentence_end"',
                        name="sentence_offsets"),
        {"comment": "An asserted, reported or intended event: who did what to whom."})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Event number.")
    document_id: Mapped[str] = _document_fk()
    type: Mapped[str] = mapped_column(String, index=True, comment="PLOVER type, e.g. AGREE.")
    cameo: Mapped[str] = mapped_column(String, index=True, comment="CAMEO code, e.g. 031.")
    date: Mapped[str | None] = mapped_column(
        String(10), index=True, comment="When it happened (YYYY-MM-DD), when the text says.")
    modality: Mapped[str] = mapped_column(String, comment="asserted | reported | intended.")
    trigger_text: Mapped[str] = _text("The word(s) naming the event: text[trigger_start:"
                                      "trigger_end].")
    trigger_start: Mapped[int] = mapped_column(Integer, comment="Offset of the trigger.")
    trigger_end: Mapped[int] = mapped_column(Integer, comment="End offset of the trigger.")
    sentence_start: Mapped[int] = mapped_column(Integer, comment="Offset of the sentence.")
    sentence_end: Mapped[int] = mapped_column(Integer, comment="End offset of the sentence.")
    location_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("locations.id", ondelete="SET NULL"), index=True,
        comment="Where it happened (locations.id), when the text says.")


class EventActorRow(Base):
    __tablename__ = "event_actors"
    __table_args__ = (CheckConstraint("role IN ('source', 'target')", name="role"),
                      {"comment": "The actors of an event, in the order the text gives them."})

    event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True,
        comment="The event (events.id).")
    role: Mapped[str] = mapped_column(
        String(6), primary_key=True, comment="source (who acts) | target (acted upon).")
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order among the actors of this role, from 0.")
    actor_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("actors.id"), index=True, comment="The actor (actors.id).")


class NonEventRow(Base):
    __tablename__ = "non_events"
    __table_args__ = (
        CheckConstraint('"trigger_start" >= 0 AND "trigger_start" <= "trigger_end"',
                        name="trigger_offsets"),
        CheckConstraint('"sentence_start" >= 0 AND "sentence_start" <= "sentence_end"',
                        name="sentence_offsets"),
        {"comment": "An event the text negates, denies or only supposes: it did not happen."})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Non-event number.")
    document_id: Mapped[str] = _document_fk()
    type: Mapped[str] = mapped_column(String, comment="PLOVER type, e.g. AGREE.")
    cameo: Mapped[str] = mapped_column(String, comment="CAMEO code, e.g. 031.")
    reason: Mapped[str] = mapped_column(String, comment="negated | hypothetical | denied.")
    trigger_text: Mapped[str] = _text("The word(s) naming the event: text[trigger_start:"
                                      "trigger_end].")
    trigger_start: Mapped[int] = mapped_column(Integer, comment="Offset of the trigger.")
    trigger_end: Mapped[int] = mapped_column(Integer, comment="End offset of the trigger.")
    sentence_start: Mapped[int] = mapped_column(Integer, comment="Offset of the sentence.")
    sentence_end: Mapped[int] = mapped_column(Integer, comment="End offset of the sentence.")


class NonEventActorRow(Base):
    __tablename__ = "non_event_actors"
    __table_args__ = (CheckConstraint("role IN ('source', 'target')", name="role"),
                      {"comment": "The actors of a non-event, in the order the text gives them."})

    non_event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("non_events.id", ondelete="CASCADE"), primary_key=True,
        comment="The non-event (non_events.id).")
    role: Mapped[str] = mapped_column(
        String(6), primary_key=True, comment="source (who acts) | target (acted upon).")
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order among the actors of this role, from 0.")
    actor_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("actors.id"), index=True, comment="The actor (actors.id).")


class CommitmentRow(Base):
    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint('"trigger_start" >= 0 AND "trigger_start" <= "trigger_end"',
                        name="trigger_offsets"),
        CheckConstraint('"evidence_start" >= 0 AND "evidence_start" <= "evidence_end"',
                        name="evidence_offsets"),
        {"comment": "A pledge: who promised what to whom."})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Commitment number.")
    document_id: Mapped[str] = _document_fk()
    action: Mapped[str] = mapped_column(Text, comment="What was promised, in the text's words.")
    topic: Mapped[str] = mapped_column(
        String, index=True, comment="investment | trade | energy | defense | ... | other.")
    status: Mapped[str] = mapped_column(String, comment="new | reaffirmed.")
    trigger_text: Mapped[str] = _text("The pledging word(s): text[trigger_start:trigger_end].")
    trigger_start: Mapped[int] = mapped_column(Integer, comment="Offset of the trigger.")
    trigger_end: Mapped[int] = mapped_column(Integer, comment="End offset of the trigger.")
    evidence_start: Mapped[int] = mapped_column(
        Integer, comment="Offset of the passage that states the commitment.")
    evidence_end: Mapped[int] = mapped_column(Integer, comment="End offset of that passage.")
    amount_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("amounts.id", ondelete="SET NULL"), index=True,
        comment="The money pledged (amounts.id), if any.")
    deadline: Mapped[str | None] = mapped_column(
        String(10), comment="By when (YYYY-MM-DD, YYYY-MM or YYYY), if stated.")


class CommitmentActorRow(Base):
    __tablename__ = "commitment_actors"
    __table_args__ = (CheckConstraint("role IN ('by', 'to')", name="role"),
                      {"comment": "Who made a commitment and to whom."})

    commitment_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True,
        comment="The commitment (commitments.id).")
    role: Mapped[str] = mapped_column(
        String(2), primary_key=True, comment="by (who promised) | to (the recipient).")
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order among the actors of this role, from 0.")
    actor_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("actors.id"), index=True, comment="The actor (actors.id).")


class QuoteRow(Base):
    __tablename__ = "quotes"
    __table_args__ = (CheckConstraint(OFFSETS_CHECK, name="offsets"),
                      {"comment": "A direct quotation and who said it."})

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Quote number.")
    document_id: Mapped[str] = _document_fk()
    text: Mapped[str] = _text("The quoted words: documents.text[start:end].")
    start: Mapped[int] = _start()
    end: Mapped[int] = _end()
    speaker_name: Mapped[str | None] = mapped_column(
        String, comment="The speaker as the text names them ('Prime Minister Ishiba').")
    cue: Mapped[str | None] = mapped_column(String, comment="The attribution verb: said, ...")


class QuoteSpeakerRow(Base):
    __tablename__ = "quote_speakers"
    __table_args__ = ({"comment": "The actors a quotation is attributed to."},)

    quote_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True,
        comment="The quote (quotes.id).")
    position: Mapped[int] = mapped_column(
        Integer, primary_key=True, comment="Order among the speakers, from 0.")
    actor_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("actors.id"), index=True, comment="The speaker (actors.id).")


class TrackRow(Base):
    __tablename__ = "tracks"
    __table_args__ = ({"comment": "A tracked commitment: one real-world promise, "
                                  "mentioned by one or more stored commitments."},)

    id: Mapped[str] = mapped_column(
        String, primary_key=True,
        comment="Track id, from its first mention's document and position (t1a2b3c4d).")
    block: Mapped[str] = mapped_column(
        String, index=True, comment="The parties: actor codes of either side, 'JPN+USA'.")
    status: Mapped[str] = mapped_column(
        String, comment="open | in_progress | fulfilled | abandoned | disputed.")
    topic: Mapped[str] = mapped_column(String, comment="The topic of its first mention.")
    first_seen: Mapped[str | None] = mapped_column(
        String(10), comment="Publication date of its earliest mention.")
    last_seen: Mapped[str | None] = mapped_column(
        String(10), comment="Publication date of its latest mention.")
    sources: Mapped[int] = mapped_column(Integer, comment="Documents that mention it.")
    size: Mapped[int] = mapped_column(Integer, comment="Its mentions (track_mentions rows).")


class TrackMentionRow(Base):
    __tablename__ = "track_mentions"
    __table_args__ = ({"comment": "A commitment's place in its track: what it does to the "
                                  "promise, and why it was linked."},)

    commitment_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True,
        comment="The commitment (commitments.id).")
    track_id: Mapped[str] = mapped_column(
        String, ForeignKey("tracks.id", ondelete="CASCADE"), index=True,
        comment="The track (tracks.id).")
    seq: Mapped[int] = mapped_column(Integer, comment="Order in the track's timeline, from 0.")
    relation: Mapped[str] = mapped_column(
        String, comment="made | repeated | reaffirmed | progress | modified | fulfilled | "
                        "abandoned | disputed.")
    score: Mapped[float | None] = mapped_column(
        Float, comment="Link score (none for the first mention).")
    reason: Mapped[str] = mapped_column(Text, comment="Why it was linked, in words.")
    delivered_value: Mapped[float | None] = mapped_column(
        Float, comment="Amount delivered, for progress and fulfilled, when stated.")
    delivered_currency: Mapped[str | None] = mapped_column(
        String(3), comment="Currency of delivered_value.")


class StoryRow(Base):
    __tablename__ = "stories"
    __table_args__ = ({"comment": "A story event: the same event (type, parties, day) as "
                                  "reported by one or more documents."},)

    id: Mapped[str] = mapped_column(
        String, primary_key=True, comment="Story id, from its type, parties and day (s1a2b3c4d).")
    type: Mapped[str] = mapped_column(String, comment="PLOVER type.")
    cameo: Mapped[str] = mapped_column(String, comment="CAMEO code of its first event.")
    source: Mapped[str] = mapped_column(String, comment="Source actor codes, 'JPN+USA'.")
    target: Mapped[str] = mapped_column(String, comment="Target actor codes, 'CHN'.")
    date: Mapped[str] = mapped_column(
        String(10), index=True, comment="The day: event date, else publication date.")
    documents: Mapped[int] = mapped_column(
        Integer, index=True, comment="Documents reporting it (GDELT NumArticles).")
    mentions: Mapped[int] = mapped_column(
        Integer, comment="Event rows reporting it (GDELT NumMentions).")
    first_documents: Mapped[str] = mapped_column(
        Text, server_default="",
        comment="Ids of the first documents reporting it (in publication order), one per line.")


class StoryEventRow(Base):
    __tablename__ = "story_events"
    __table_args__ = ({"comment": "Which story event each document event reports."},)

    event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True,
        comment="The document event (events.id).")
    story_id: Mapped[str] = mapped_column(
        String, ForeignKey("stories.id", ondelete="CASCADE"), index=True,
        comment="The story (stories.id).")


# Composite index for the actors listing (counts per actor and document).
Index("ix_mentions_actor_document", MentionRow.actor_id, MentionRow.document_id)

documents = DocumentRow.__table__
actors = ActorRow.__table__
mentions = MentionRow.__table__
locations = LocationRow.__table__
location_mentions = LocationMentionRow.__table__
amounts = AmountRow.__table__
dates = DateRow.__table__
events = EventRow.__table__
event_actors = EventActorRow.__table__
non_events = NonEventRow.__table__
non_event_actors = NonEventActorRow.__table__
commitments = CommitmentRow.__table__
commitment_actors = CommitmentActorRow.__table__
quotes = QuoteRow.__table__
quote_speakers = QuoteSpeakerRow.__table__
tracks = TrackRow.__table__
track_mentions = TrackMentionRow.__table__
stories = StoryRow.__table__
story_events = StoryEventRow.__table__


def datasette_metadata(database: str = "communique") -> dict[str, object]:
    """Datasette metadata (https://docs.datasette.io/en/stable/metadata.html) describing
    every table and column of the store, from the comments above: `datasette
    communique.db -m metadata.json` then shows what each column means."""
    tables: dict[str, object] = {}
    for table in Base.metadata.sorted_tables:
        tables[table.name] = {
            "description": table.comment or "",
            "columns": {column.name: column.comment or "" for column in table.columns},
        }
    return {"title": "communique",
            "description": "Who did, said and promised what to whom: facts extracted from "
                           "diplomatic news, each with character offsets into its document.",
            "databases": {database: {"tables": tables}}}
