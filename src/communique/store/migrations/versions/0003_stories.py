"""Story events: the same event (type, parties, day) reported by several documents, with
its document and mention counts (GDELT's NumArticles and NumMentions), and which story each
document event reports. Filled by linking after each ingest; `communique link --rebuild`
fills them for a store written before this revision.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(), nullable=False,
                  comment="Story id, from its type, parties and day (s1a2b3c4d)."),
        sa.Column("type", sa.String(), nullable=False, comment="PLOVER type."),
        sa.Column("cameo", sa.String(), nullable=False,
                  comment="CAMEO code of its first event."),
        sa.Column("source", sa.String(), nullable=False,
                  comment="Source actor codes, 'JPN+USA'."),
        sa.Column("target", sa.String(), nullable=False,
                  comment="Target actor codes, 'CHN'."),
        sa.Column("date", sa.String(length=10), nullable=False,
                  comment="The day: event date, else publication date."),
        sa.Column("documents", sa.Integer(), nullable=False,
                  comment="Documents reporting it (GDELT NumArticles)."),
        sa.Column("mentions", sa.Integer(), nullable=False,
                  comment="Event rows reporting it (GDELT NumMentions)."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
        comment="A story event: the same event (type, parties, day) as reported by one or "
                "more documents.",
    )
    op.create_index(op.f("ix_stories_date"), "stories", ["date"], unique=False)
    op.create_index(op.f("ix_stories_documents"), "stories", ["documents"], unique=False)
    op.create_table(
        "story_events",
        sa.Column("event_id", sa.Integer(), nullable=False,
                  comment="The document event (events.id)."),
        sa.Column("story_id", sa.String(), nullable=False, comment="The story (stories.id)."),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_story_events_event_id_events"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"],
                                name=op.f("fk_story_events_story_id_stories"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_story_events")),
        comment="Which story event each document event reports.",
    )
    op.create_index(op.f("ix_story_events_story_id"), "story_events", ["story_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_story_events_story_id"), table_name="story_events")
    op.drop_table("story_events")
    op.drop_index(op.f("ix_stories_documents"), table_name="stories")
    op.drop_index(op.f("ix_stories_date"), table_name="stories")
    op.drop_table("stories")
