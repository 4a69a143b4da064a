"""Each story keeps the ids of the first documents that report it, written when its counts
are, so that listing stories reads one row per story instead of all its events.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_DOCUMENTS = 20  # as communique.store.store.STORY_DOCUMENTS when this was written


def upgrade() -> None:
    op.add_column("stories", sa.Column(
        "first_documents", sa.Text(), nullable=False, server_default="",
        comment="Ids of the first documents reporting it (in publication order), one per line."))
    # Stories stored before this revision get theirs here.
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT se.story_id, e.document_id FROM story_events se "
        "JOIN events e ON e.id = se.event_id JOIN documents d ON d.id = e.document_id "
        "GROUP BY se.story_id, e.document_id, d.published "
        "ORDER BY se.story_id, COALESCE(d.published, '9999'), e.document_id")).all()
    first: dict[str, list[str]] = {}
    for story_id, document_id in rows:
        ids = first.setdefault(story_id, [])
        if len(ids) < FIRST_DOCUMENTS:
            ids.append(document_id)
    if first:
        bind.execute(sa.text("UPDATE stories SET first_documents = :ids WHERE id = :id"),
                     [{"id": k, "ids": "\n".join(v)} for k, v in first.items()])


def downgrade() -> None:
    op.drop_column("stories", "first_documents")
