"""Initial schema: documents, canonical actors, facts, and full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite: an FTS5 index over documents(title, text) that stores no copy of the text (it reads
# it from `documents`), keyed by documents.seq: the implicit rowid of a table with a text
# primary key may change on VACUUM. Triggers keep it in step with every insert, delete, update.
SQLITE_SEARCH = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='seq',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
    """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    END""",
    """CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
]

# PostgreSQL: a generated tsvector column (title weighted above text) with a GIN index.
# A tsvector holds at most 1 MB, which a long text of many distinct words can exceed; rather
# than refuse such a document, the function indexes the longest prefix of it that fits.
POSTGRESQL_SEARCH = [
    """CREATE FUNCTION communique_search_vector(title text, body text) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE AS $$
    DECLARE
        n integer := length(body);
    BEGIN
        LOOP
            BEGIN
                RETURN setweight(to_tsvector('english', coalesce(title, '')), 'A')
                    || setweight(to_tsvector('english', left(body, n)), 'B');
            EXCEPTION WHEN program_limit_exceeded THEN
                IF n = 0 THEN
                    RETURN ''::tsvector;
                END IF;
                n := n / 2;
            END;
        END LOOP;
    END $$""",
    """ALTER TABLE documents ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (communique_search_vector(title, text)) STORED""",
    "CREATE INDEX ix_documents_search_vector ON documents USING gin (search_vector)",
    """COMMENT ON COLUMN documents.search_vector IS
    'Full-text search vector of title (weight A) and text (weight B), English stemming.'""",
]


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False, comment="Actor number."),
        sa.Column(
            "key",
            sa.String(),
            nullable=False,
            comment=(
                "Identity across documents: 'kind:CODE' for countries and IGOs, 'kind:casefolded "
                "name:CODE' otherwise."
            ),
        ),
        sa.Column("name", sa.String(), nullable=False, comment="Name, as first seen."),
        sa.Column(
            "kind",
            sa.String(),
            nullable=False,
            comment="country | person | organization | igo | group | other.",
        ),
        sa.Column(
            "code", sa.String(), nullable=False, comment="ISO 3166-1 alpha-3, an IGO code, or UNK."
        ),
        sa.Column(
            "country",
            sa.String(),
            nullable=True,
            comment="Country a person or organisation belongs to (alpha-3).",
        ),
        sa.Column("role", sa.String(), nullable=True, comment="Title of a person, e.g. President."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("key", name=op.f("uq_actors_key")),
        comment=(
            "Canonical actors shared by all documents: one row per real-world country, person, "
            "organisation or group."
        ),
    )
    op.create_index(op.f("ix_actors_code"), "actors", ["code"])
    op.create_table(
        "documents",
        sa.Column("id", sa.String(), nullable=False, comment="The document id given at ingest."),
        sa.Column(
            "seq",
            sa.Integer(),
            nullable=False,
            comment=(
                "Ingest order (1, 2, ...); the SQLite full-text index refers to documents by it."
            ),
        ),
        sa.Column(
            "name",
            sa.String(),
            nullable=False,
            comment="The input as the user named it: path, URL, 'batch.jsonl line 3'.",
        ),
        sa.Column(
            "text", sa.Text(), nullable=False, comment="The full text; fact offsets index into it."
        ),
        sa.Column("title", sa.Text(), nullable=True, comment="Headline, when known."),
        sa.Column("url", sa.Text(), nullable=True, comment="Where the document was fetched from."),
        sa.Column("outlet", sa.String(), nullable=True, comment="Site or publisher."),
        sa.Column(
            "published",
            sa.String(length=10),
            nullable=True,
            comment="Publication date YYYY-MM-DD, when known.",
        ),
        sa.Column(
            "language",
            sa.String(length=8),
            nullable=False,
            comment="ISO 639-1 language of the text (always 'en' for now).",
        ),
        sa.Column(
            "sha256",
            sa.String(length=64),
            nullable=False,
            comment="SHA-256 of the UTF-8 text, hex: finds duplicates.",
        ),
        sa.Column(
            "pipeline_version",
            sa.Integer(),
            nullable=False,
            comment="communique.model.PIPELINE_VERSION that extracted the facts.",
        ),
        sa.Column(
            "ingested_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When this version was stored (UTC).",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("seq", name=op.f("uq_documents_seq")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
        comment=(
            "One stored document: its text, metadata and the pipeline version that produced its "
            "facts."
        ),
    )
    op.create_index(op.f("ix_documents_pipeline_version"), "documents", ["pipeline_version"])
    op.create_index(op.f("ix_documents_published"), "documents", ["published"])
    op.create_table(
        "amounts",
        sa.Column("id", sa.Integer(), nullable=False, comment="Amount number."),
        sa.Column(
            "document_id",
            sa.String(),
            nullable=False,
            comment="The document this fact comes from (documents.id).",
        ),
        sa.Column(
            "value",
            sa.Float(),
            nullable=False,
            comment="In units of the currency: 1e12 for '$1 trillion'.",
        ),
        sa.Column("currency", sa.String(length=3), nullable=False, comment="ISO 4217 code."),
        sa.Column(
            "start",
            sa.Integer(),
            nullable=False,
            comment="Offset of the first character in documents.text.",
        ),
        sa.Column(
            "end",
            sa.Integer(),
            nullable=False,
            comment="Offset just past the last character in documents.text.",
        ),
        sa.Column("text", sa.Text(), nullable=False, comment="The text at [start:end]."),
        sa.CheckConstraint('"start" >= 0 AND "start" <= "end"', name=op.f("ck_amounts_offsets")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_amounts_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amounts")),
        comment="A money amount stated in a document.",
    )
    op.create_index(op.f("ix_amounts_document_id"), "amounts", ["document_id"])
    op.create_table(
        "dates",
        sa.Column("id", sa.Integer(), nullable=False, comment="Date number."),
        sa.Column(
            "document_id",
            sa.String(),
            nullable=False,
            comment="The document this fact comes from (documents.id).",
        ),
        sa.Column(
            "value", sa.String(length=10), nullable=False, comment="YYYY-MM-DD, YYYY-MM or YYYY."
        ),
        sa.Column(
            "granularity", sa.String(length=5), nullable=False, comment="day | month | year."
        ),
        sa.Column(
            "start",
            sa.Integer(),
            nullable=False,
            comment="Offset of the first character in documents.text.",
        ),
        sa.Column(
            "end",
            sa.Integer(),
            nullable=False,
            comment="Offset just past the last character in documents.text.",
        ),
        sa.Column("text", sa.Text(), nullable=False, comment="The text at [start:end]."),
        sa.CheckConstraint('"start" >= 0 AND "start" <= "end"', name=op.f("ck_dates_offsets")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_dates_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dates")),
        comment="A calendar date the text fixes.",
    )
    op.create_index(op.f("ix_dates_document_id"), "dates", ["document_id"])
    op.create_table(
        "locations",
        sa.Column("id", sa.Integer(), nullable=False, comment="Location number."),
        sa.Column(
            "document_id",
            sa.String(),
            nullable=False,
            comment="The document this fact comes from (documents.id).",
        ),
        sa.Column("name", sa.String(), nullable=False, comment="Gazetteer name."),
        sa.Column(
            "kind", sa.String(), nullable=False, comment="city | region | sea | strait | ..."
        ),
        sa.Column("country", sa.String(), nullable=True, comment="Country (alpha-3), when known."),
        sa.Column("lat", sa.Float(), nullable=True, comment="Latitude, degrees."),
        sa.Column("lon", sa.Float(), nullable=True, comment="Longitude, degrees."),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_locations_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
        comment="A place a document names (one row per place per document).",
    )
    op.create_index(op.f("ix_locations_document_id"), "locations", ["document_id"])
    op.create_index(op.f("ix_locations_name"), "locations", ["name"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False, comment="Mention number."),
        sa.Column("actor_id", sa.Integer(), nullable=False, comment="The actor named (actors.id)."),
        sa.Column(
            "document_id",
            sa.String(),
            nullable=False,
            comment="The document this fact comes from (documents.id).",
        ),
        sa.Column(
            "start",
            sa.Integer(),
            nullable=False,
            comment="Offset of the first character in documents.text.",
        ),
        sa.Column(
            "end",
            sa.Integer(),
            nullable=False,
            comment="Offset just past the last character in documents.text.",
        ),
        sa.Column("text", sa.Text(), nullable=False, comment="The text at [start:end]."),
        sa.CheckConstraint('"start" >= 0 AND "start" <= "end"', name=op.f("ck_mentions_offsets")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_mentions_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_mentions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
        comment="Where an actor is named in a document.",
    )
    op.create_index("ix_mentions_actor_document", "mentions", ["actor_id", "document_id"])
    op.create_index(op.f("ix_mentions_document_id"), "mentions", ["document_id"])
    op.create_table(
        "non_events",
        sa.Column("id", sa.Integer(), nullable=False, comment="Non-event number."),
        sa.Column(
            "document_id",
            sa.String(),
            nullable=False,
            comment="The document this fact comes from (documents.id).",
        ),
        sa.Column("type", sa.String(), nullable=False, comment="PLOVER type, e.g. AGREE."),
        sa.Column("cameo", sa.String(), nullable=False, comment="CAMEO code, e.g. 031."),
        sa.Column(
            "reason", sa.String(), nullable=False, comment="negated | hypothetical | denied."
        ),
        sa.Column(
            "trigger_text",
            sa.Text(),
            nullable=False,
            comment="The word(s) naming the event: text[trigger_start:trigger_end].",
        ),
        sa.Column("trigger_start", sa.Integer(), nullable=False, comment="Offset of the trigger."),
        sa.Column(
            "trigger_end", sa.Integer(), nullable=False, comment="End offset of the trigger."
        ),
        sa.Column(
            "sentence_start", sa.Integer(), nullable=False, comment="Offset of the sentence."
        ),
        sa.Column(
            "sentence_end", sa.Integer(), nullable=False, comment="End offset of the sentence."
        ),
        sa.CheckConstraint(
            '"sentence_start" >= 0 AND "sentence_start" <= "sentence_end"',
            name=op.f("ck_non_events_sentence_offsets"),
        ),
        sa.CheckConstraint(
            '"trigger_start" >= 0 AND "trigger_start" <= "trigger_end"',
            name=op.f("ck_non_events_trigger_offsets"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_non_events_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_non_events")),
        comment="An event the text negates, denies or only supposes: it did not happen.",
    )
    op.create_index(op.f("ix_non_events_document_id"), "non_events", ["document_id"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False, comment="Quote number."),
        sa.Column(
            "document_id",
            sa.String(),
            nullable=False,
            comment="The document this fact comes from (documents.id).",
        ),
        sa.Column(
            "text",
            sa.Text(),
            nullable=False,
            comment="The quoted words: documents.text[start:end].",
        ),
        sa.Column(
            "start",
            sa.Integer(),
            nullable=False,
            comment="Offset of the first character in documents.text.",
        ),
        sa.Column(
            "end",
            sa.Integer(),
            nullable=False,
            comment="Offset just past the last character in documents.text.",
        ),
        sa.Column(
            "speaker_name",
            sa.String(),
            nullable=True,
            comment="The speaker as the text names them ('Prime Minister Ishiba').",
        ),
        sa.Column("cue", sa.String(), nullable=True, comment="The attribution verb: said, ..."),
        sa.CheckConstraint('"start" >= 0 AND "start" <= "end"', name=op.f("ck_quotes_offsets")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_quotes_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        comment="A direct quotation and who said it.",
    )
    op.create_index(op.f("ix_quotes_document_id"), "quotes", ["document_id"])
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False, comment="Commitment number."),
        sa.Column(
            "document_id",
            sa.String(),
            nullable=False,
            comment="The document this fact comes from (documents.id).",
        ),
        sa.Column(
            "action", sa.Text(), nullable=False, comment="What was promised, in the text's words."
        ),
        sa.Column(
            "topic",
            sa.String(),
            nullable=False,
            comment="investment | trade | energy | defense | ... | other.",
        ),
        sa.Column("status", sa.String(), nullable=False, comment="new | reaffirmed."),
        sa.Column(
            "trigger_text",
            sa.Text(),
            nullable=False,
            comment="The pledging word(s): text[trigger_start:trigger_end].",
        ),
        sa.Column("trigger_start", sa.Integer(), nullable=False, comment="Offset of the trigger."),
        sa.Column(
            "trigger_end", sa.Integer(), nullable=False, comment="End offset of the trigger."
        ),
        sa.Column(
            "evidence_start",
            sa.Integer(),
            nullable=False,
            comment="Offset of the passage that states the commitment.",
        ),
        sa.Column(
            "evidence_end", sa.Integer(), nullable=False, comment="End offset of that passage."
        ),
        sa.Column(
            "amount_id",
            sa.Integer(),
            nullable=True,
            comment="The money pledged (amounts.id), if any.",
        ),
        sa.Column(
            "deadline",
            sa.String(length=10),
            nullable=True,
            comment="By when (YYYY-MM-DD, YYYY-MM or YYYY), if stated.",
        ),
        sa.CheckConstraint(
            '"evidence_start" >= 0 AND "evidence_start" <= "evidence_end"',
            name=op.f("ck_commitments_evidence_offsets"),
        ),
        sa.CheckConstraint(
            '"trigger_start" >= 0 AND "trigger_start" <= "trigger_end"',
            name=op.f("ck_commitments_trigger_offsets"),
        ),
        sa.ForeignKeyConstraint(
            ["amount_id"],
            ["amounts.id"],
            name=op.f("fk_commitments_amount_id_amounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_commitments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
        comment="A pledge: who promised what to whom.",
    )
    op.create_index(op.f("ix_commitments_amount_id"), "commitments", ["amount_id"])
    op.create_index(op.f("ix_commitments_document_id"), "commitments", ["document_id"])
    op.create_index(op.f("ix_commitments_topic"), "commitments", ["topic"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False, comment="Event number."),
        sa.Column(
            "document_id",
            sa.String(),
            nullable=False,
            comment="The document this fact comes from (documents.id).",
        ),
        sa.Column("type", sa.String(), nullable=False, comment="PLOVER type, e.g. AGREE."),
        sa.Column("cameo", sa.String(), nullable=False, comment="CAMEO code, e.g. 031."),
        sa.Column(
            "date",
            sa.String(length=10),
            nullable=True,
            comment="When it happened (YYYY-MM-DD), when the text says.",
        ),
        sa.Column(
            "modality", sa.String(), nullable=False, comment="asserted | reported | intended."
        ),
        sa.Column(
            "trigger_text",
            sa.Text(),
            nullable=False,
            comment="The word(s) naming the event: text[trigger_start:trigger_end].",
        ),
        sa.Column("trigger_start", sa.Integer(), nullable=False, comment="Offset of the trigger."),
        sa.Column(
            "trigger_end", sa.Integer(), nullable=False, comment="End offset of the trigger."
        ),
        sa.Column(
            "sentence_start", sa.Integer(), nullable=False, comment="Offset of the sentence."
        ),
        sa.Column(
            "sentence_end", sa.Integer(), nullable=False, comment="End offset of the sentence."
        ),
        sa.Column(
            "location_id",
            sa.Integer(),
            nullable=True,
            comment="Where it happened (locations.id), when the text says.",
        ),
        sa.CheckConstraint(
            '"sentence_start" >= 0 AND "sentence_start" <= "sentence_end"',
            name=op.f("ck_events_sentence_offsets"),
        ),
        sa.CheckConstraint(
            '"trigger_start" >= 0 AND "trigger_start" <= "trigger_end"',
            name=op.f("ck_events_trigger_offsets"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_events_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_events_location_id_locations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        comment="An asserted, reported or intended event: who did what to whom.",
    )
    op.create_index(op.f("ix_events_cameo"), "events", ["cameo"])
    op.create_index(op.f("ix_events_date"), "events", ["date"])
    op.create_index(op.f("ix_events_document_id"), "events", ["document_id"])
    op.create_index(op.f("ix_events_location_id"), "events", ["location_id"])
    op.create_index(op.f("ix_events_type"), "events", ["type"])
    op.create_table(
        "location_mentions",
        sa.Column("id", sa.Integer(), nullable=False, comment="Mention number."),
        sa.Column(
            "location_id",
            sa.Integer(),
            nullable=False,
            comment="The location named (locations.id).",
        ),
        sa.Column(
            "document_id",
            sa.String(),
            nullable=False,
            comment="The document this fact comes from (documents.id).",
        ),
        sa.Column(
            "start",
            sa.Integer(),
            nullable=False,
            comment="Offset of the first character in documents.text.",
        ),
        sa.Column(
            "end",
            sa.Integer(),
            nullable=False,
            comment="Offset just past the last character in documents.text.",
        ),
        sa.Column("text", sa.Text(), nullable=False, comment="The text at [start:end]."),
        sa.CheckConstraint(
            '"start" >= 0 AND "start" <= "end"', name=op.f("ck_location_mentions_offsets")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_location_mentions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_location_mentions_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location_mentions")),
        comment="Where a location is named in its document.",
    )
    op.create_index(op.f("ix_location_mentions_document_id"), "location_mentions", ["document_id"])
    op.create_index(op.f("ix_location_mentions_location_id"), "location_mentions", ["location_id"])
    op.create_table(
        "non_event_actors",
        sa.Column(
            "non_event_id", sa.Integer(), nullable=False, comment="The non-event (non_events.id)."
        ),
        sa.Column(
            "role",
            sa.String(length=6),
            nullable=False,
            comment="source (who acts) | target (acted upon).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order among the actors of this role, from 0.",
        ),
        sa.Column("actor_id", sa.Integer(), nullable=False, comment="The actor (actors.id)."),
        sa.CheckConstraint("role IN ('source', 'target')", name=op.f("ck_non_event_actors_role")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_non_event_actors_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["non_event_id"],
            ["non_events.id"],
            name=op.f("fk_non_event_actors_non_event_id_non_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "non_event_id", "role", "position", name=op.f("pk_non_event_actors")
        ),
        comment="The actors of a non-event, in the order the text gives them.",
    )
    op.create_index(op.f("ix_non_event_actors_actor_id"), "non_event_actors", ["actor_id"])
    op.create_table(
        "quote_speakers",
        sa.Column("quote_id", sa.Integer(), nullable=False, comment="The quote (quotes.id)."),
        sa.Column(
            "position", sa.Integer(), nullable=False, comment="Order among the speakers, from 0."
        ),
        sa.Column("actor_id", sa.Integer(), nullable=False, comment="The speaker (actors.id)."),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_quote_speakers_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["quote_id"],
            ["quotes.id"],
            name=op.f("fk_quote_speakers_quote_id_quotes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("quote_id", "position", name=op.f("pk_quote_speakers")),
        comment="The actors a quotation is attributed to.",
    )
    op.create_index(op.f("ix_quote_speakers_actor_id"), "quote_speakers", ["actor_id"])
    op.create_table(
        "commitment_actors",
        sa.Column(
            "commitment_id",
            sa.Integer(),
            nullable=False,
            comment="The commitment (commitments.id).",
        ),
        sa.Column(
            "role",
            sa.String(length=2),
            nullable=False,
            comment="by (who promised) | to (the recipient).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order among the actors of this role, from 0.",
        ),
        sa.Column("actor_id", sa.Integer(), nullable=False, comment="The actor (actors.id)."),
        sa.CheckConstraint("role IN ('by', 'to')", name=op.f("ck_commitment_actors_role")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_commitment_actors_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_commitment_actors_commitment_id_commitments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "commitment_id", "role", "position", name=op.f("pk_commitment_actors")
        ),
        comment="Who made a commitment and to whom.",
    )
    op.create_index(op.f("ix_commitment_actors_actor_id"), "commitment_actors", ["actor_id"])
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.Integer(), nullable=False, comment="The event (events.id)."),
        sa.Column(
            "role",
            sa.String(length=6),
            nullable=False,
            comment="source (who acts) | target (acted upon).",
        ),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="Order among the actors of this role, from 0.",
        ),
        sa.Column("actor_id", sa.Integer(), nullable=False, comment="The actor (actors.id)."),
        sa.CheckConstraint("role IN ('source', 'target')", name=op.f("ck_event_actors_role")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_event_actors_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_actors_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "role", "position", name=op.f("pk_event_actors")),
        comment="The actors of an event, in the order the text gives them.",
    )
    op.create_index(op.f("ix_event_actors_actor_id"), "event_actors", ["actor_id"])

    # Full-text search differs by database (see the lists above).
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_SEARCH, "postgresql": POSTGRESQL_SEARCH}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE documents_fts")  # its triggers go with `documents`
    op.drop_table("event_actors")
    op.drop_table("commitment_actors")
    op.drop_table("quote_speakers")
    op.drop_table("non_event_actors")
    op.drop_table("location_mentions")
    op.drop_table("events")
    op.drop_table("commitments")
    op.drop_table("quotes")
    op.drop_table("non_events")
    op.drop_table("mentions")
    op.drop_table("locations")
    op.drop_table("dates")
    op.drop_table("amounts")
    op.drop_table("documents")
    op.drop_table("actors")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION communique_search_vector(text, text)")
