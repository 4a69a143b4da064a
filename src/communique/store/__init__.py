"""The corpus store: documents and facts in SQLite or PostgreSQL (`Store.open(url)`)."""

from communique.store.store import Store, StoreError, content_sha256, default_url

__all__ = ["Store", "StoreError", "content_sha256", "default_url"]
