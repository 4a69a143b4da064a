"""The shapes of the JSON API's answers, for its OpenAPI schema (/openapi.json) and for
FastAPI to check every answer against. The rows themselves come from `communique.queries`
and the store as plain dicts; a model names the fields a client can rely on and lets any
other field through (extra="allow"), so a field the store adds is never dropped."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Error(BaseModel):
    """Every error: a message and the id the server's log shows for the request."""

    error: str
    request_id: str


class Page(BaseModel):
    """One page of a listing; `total` is counted up to 1,000 (`total_capped` past it)."""

    items: list[dict[str, Any]]
    total: int
    total_capped: bool
    limit: int
    offset: int


class Actor(Open):
    actor_id: int
    name: str
    kind: str
    code: str | None
    country: str | None
    role: str | None
    documents: int
    mentions: int


class ActorPage(Page):
    items: list[Actor]  # type: ignore[assignment]


class DocumentSummary(Open):
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    length: int
    ingested_at: str | None


class DocumentPage(Page):
    items: list[DocumentSummary]  # type: ignore[assignment]


class Span(Open):
    kind: str
    start: int
    end: int
    label: str


class Document(Open):
    """One document, its text, and every fact that points into it."""

    id: str
    title: str | None
    text: str
    published: str | None
    outlet: str | None
    url: str | None
    ingested_at: str | None
    spans: list[Span]
    events: list[dict[str, Any]]
    commitments: list[dict[str, Any]]
    quotes: list[dict[str, Any]]


class Track(Open):
    """One tracked commitment and its timeline of mentions."""

    id: str
    status: str
    topic: str | None
    block: str
    first_seen: str | None
    last_seen: str | None
    sources: int
    mentions: list[dict[str, Any]]


class Stories(BaseModel):
    items: list[dict[str, Any]]
    total: int


class SearchHit(Open):
    document_id: str
    title: str | None
    snippet: str
    rank: float


class SearchResult(BaseModel):
    query: str
    hits: list[SearchHit]
    actors: list[Actor]


class Edge(BaseModel):
    """Events between the actor and another, by CAMEO quad class."""

    code: str
    cooperation: int
    conflict: int


class ActorProfile(BaseModel):
    actor: Actor
    also: list[Actor]
    events_as_source: list[dict[str, Any]]
    events_as_target: list[dict[str, Any]]
    commitments_made: list[dict[str, Any]]
    commitments_received: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    network: list[Edge]


class NewDocument(BaseModel):
    """POST /api/v1/documents: a text to extract and store."""

    text: str
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD")
    # An id is a name to read back in a URL: no control characters (a NUL in a key no
    # database keeps).
    id: str | None = Field(None, pattern=r"^[^\x00-\x1f\x7f]*$", max_length=500)

    @field_validator("text", "title", "published", "id")
    @classmethod
    def _unicode(cls, value: str | None) -> str | None:
        """JSON may escape a lone surrogate (\\ud800), which no UTF-8 text holds."""
        if value is not None and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("not valid Unicode (a lone surrogate)") from None
        return value


class Added(BaseModel):
    id: str
    result: str
    events: int
    commitments: int
