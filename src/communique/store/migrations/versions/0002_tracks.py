"""Tracked commitments (tracks and the commitments that mention them), and each actor's
document and mention counts kept on its row (the actors listing read them from a GROUP BY
over every mention: half a second at 100,000 documents).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("actors") as batch:
        batch.add_column(sa.Column("documents", sa.Integer(), server_default="0",
                                   nullable=False,
                                   comment="Documents that mention it (kept up to date by "
                                           "every write)."))
        batch.add_column(sa.Column("mentions", sa.Integer(), server_default="0",
                                   nullable=False,
                                   comment="Mentions of it in all documents (kept up to date "
                                           "by every write)."))
    op.execute("UPDATE actors SET "
               "documents = (SELECT count(DISTINCT document_id) FROM mentions "
               "WHERE mentions.actor_id = actors.id), "
               "mentions = (SELECT count(*) FROM mentions WHERE mentions.actor_id = actors.id)")
    op.create_table(
        "tracks",
        sa.Column("id", sa.String(), nullable=False,
                  comment="Track id, from its first mention's document and position "
                          "(t1a2b3c4d)."),
        sa.Column("block", sa.String(), nullable=False,
                  comment="The parties: actor codes of either side, 'JPN+USA'."),
        sa.Column("status", sa.String(), nullable=False,
                  comment="open | in_progress | fulfilled | abandoned | disputed."),
        sa.Column("topic", sa.String(), nullable=False,
                  comment="The topic of its first mention."),
        sa.Column("first_seen", sa.String(length=10), nullable=True,
                  comment="Publication date of its earliest mention."),
        sa.Column("last_seen", sa.String(length=10), nullable=True,
                  comment="Publication date of its latest mention."),
        sa.Column("sources", sa.Integer(), nullable=False,
                  comment="Documents that mention it."),
        sa.Column("size", sa.Integer(), nullable=False,
                  comment="Its mentions (track_mentions rows)."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracks")),
        comment="A tracked commitment: one real-world promise, mentioned by one or more "
                "stored commitments.",
    )
    op.create_index(op.f("ix_tracks_block"), "tracks", ["block"], unique=False)
    op.create_table(
        "track_mentions",
        sa.Column("commitment_id", sa.Integer(), nullable=False,
                  comment="The commitment (commitments.id)."),
        sa.Column("track_id", sa.String(), nullable=False, comment="The track (tracks.id)."),
        sa.Column("seq", sa.Integer(), nullable=False,
                  comment="Order in the track's timeline, from 0."),
        sa.Column("relation", sa.String(), nullable=False,
                  comment="made | repeated | reaffirmed | progress | modified | fulfilled | "
                          "abandoned | disputed."),
        sa.Column("score", sa.Float(), nullable=True,
                  comment="Link score (none for the first mention)."),
        sa.Column("reason", sa.Text(), nullable=False, comment="Why it was linked, in words."),
        sa.Column("delivered_value", sa.Float(), nullable=True,
                  comment="Amount delivered, for progress and fulfilled, when stated."),
        sa.Column("delivered_currency", sa.String(length=3), nullable=True,
                  comment="Currency of delivered_value."),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"],
                                name=op.f("fk_track_mentions_commitment_id_commitments"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["track_id"], ["tracks.id"],
                                name=op.f("fk_track_mentions_track_id_tracks"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("commitment_id", name=op.f("pk_track_mentions")),
        comment="A commitment's place in its track: what it does to the promise, and why it "
                "was linked.",
    )
    op.create_index(op.f("ix_track_mentions_track_id"), "track_mentions", ["track_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_track_mentions_track_id"), table_name="track_mentions")
    op.drop_table("track_mentions")
    op.drop_index(op.f("ix_tracks_block"), table_name="tracks")
    op.drop_table("tracks")
    with op.batch_alter_table("actors") as batch:
        batch.drop_column("mentions")
        batch.drop_column("documents")
