"""The document model: pure, picklable dataclasses with character offsets.

No spaCy, no I/O. `Document.to_dict()` produces the JSON contract of
`shared/eval/README.md` (plus extra fields the scorer ignores).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Bump whenever extraction output changes: each stored document records the version that
# produced its facts, and `communique ingest --reprocess` re-extracts older ones.
PIPELINE_VERSION = 1

ACTOR_KINDS = ("country", "person", "organization", "igo", "group", "other")
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
TOPICS = (
    "investment", "trade", "energy", "technology", "defense", "security", "nuclear",
    "territorial", "aid", "climate", "health", "human_rights", "migration", "diplomacy",
    "sanctions", "finance", "other",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of the source text; `text == source[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: str  # one of ACTOR_KINDS
    code: str  # ISO 3166-1 alpha-3, an IGO code, or UNK
    country: str | None = None  # the country a person/organisation belongs to
    role: str | None = None  # "Prime Minister" for persons with a title
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Amount:
    value: float  # in units of the currency (1e12 for "$1 trillion")
    currency: str  # ISO 4217
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateRef:
    value: str  # ISO date YYYY-MM-DD (day), YYYY-MM (month) or YYYY (year)
    granularity: str  # day | month | year
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Location:
    name: str
    kind: str  # city | region | sea | strait | island | country | place ...
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    type: str  # PLOVER
    cameo: str  # CAMEO code, e.g. "031"
    source: list[str]  # actor ids
    target: list[str]
    trigger: Span
    sentence: Span
    date: str | None = None
    location: str | None = None
    modality: str = "asserted"  # asserted | reported | intended


@dataclass(slots=True)
class NonEvent:
    type: str
    cameo: str
    source: list[str]
    target: list[str]
    trigger: Span
    sentence: Span
    reason: str  # negated | hypothetical | denied


@dataclass(slots=True)
class Commitment:
    by: list[str]
    to: list[str]
    action: str
    topic: str  # one of TOPICS
    status: str  # new | reaffirmed
    evidence: Span
    trigger: Span
    amount: Amount | None = None
    deadline: str | None = None


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    speaker: list[str]  # actor ids
    speaker_name: str | None
    cue: str | None = None  # "said", "according to", ...


@dataclass(slots=True)
class Document:
    text: str
    published: str | None = None
    title: str | None = None
    id: str | None = None
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    non_events: list[NonEvent] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)

    def actor(self, actor_id: str) -> Actor:
        return next(a for a in self.actors if a.id == actor_id)

    def to_dict(self, include_text: bool = False) -> dict[str, Any]:
        """The JSON contract: facts keyed by category, every fact with offsets."""
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        out["document"] = {"id": self.id, "published": self.published, "title": self.title,
                           "length": len(self.text)}
        if include_text:
            out["document"]["text"] = self.text
        for name in ("actors", "events", "non_events", "commitments", "quotes", "amounts",
                     "locations", "dates"):
            out[name] = [_clean(asdict(item)) for item in getattr(self, name)]
        return out


def _clean(value: Any) -> Any:
    """Drop None values so the JSON stays compact; keep empty lists (they mean 'none')."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value
