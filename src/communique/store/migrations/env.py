"""Alembic environment: runs migrations on the connection the Store hands over.

Alembic is configured in code (see `communique.store.store.alembic_config`), not by an
alembic.ini: the caller puts an open connection in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context

from communique.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("communique migrations need config.attributes['connection']")

context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
