"""Queries over the store that the CLI, the API and the web pages share: each returns plain
JSON-ready dicts, a listing as {"items", "total", "total_capped", "limit", "offset"}.

Offset pagination reads `offset + limit` rows and keeps the last `limit`: simple and right
for the first pages people read; totals are counted up to `TOTAL_CAP` ("total_capped").
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any

TOTAL_CAP = 1_000  # as the CLI's footer: counting further costs more than a page
MAX_LIMIT = 500
# PLOVER types by CAMEO quad class: 1 verbal cooperation, 2 material cooperation,
# 3 verbal conflict, 4 material conflict.
QUAD_OF_TYPE = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2,
    "RETREAT": 2, "REQUEST": 1, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3,
    "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


def _page(items: list[dict[str, Any]], total: int, limit: int | None, offset: int,
          cap: int | None = TOTAL_CAP) -> dict[str, Any]:
    capped = cap is not None and total > cap
    return {"items": items, "total": cap if capped else total, "total_capped": capped,
            "limit": limit, "offset": offset}


def _bounded(limit: int | None, offset: int, max_limit: int | None) -> tuple[int | None, int]:
    """`limit` between 1 and `max_limit` (None: no upper bound; a None limit: every row),
    `offset` from 0."""
    if limit is not None:
        limit = max(1, limit if max_limit is None else min(limit, max_limit))
    return limit, max(0, offset)


def _listing(rows_upto: Callable[[int | None], list[dict[str, Any]]],
             count: Callable[[int | None], int], limit: int | None, offset: int,
             cap: int | None) -> dict[str, Any]:
    """One page: `rows_upto(n)` reads the first n rows (None: all), `count(cap)` counts them
    all up to `cap` and one more. A short page needs no count: nothing is past it."""
    rows = rows_upto(None if limit is None else offset + limit)[offset:]
    if limit is None or (len(rows) < limit and (rows or offset == 0)):
        total = offset + len(rows)
    else:
        total = count(cap)
    return _page(rows, total, limit, offset, cap)


# Each listing: `limit` rows from `offset` (a None limit: every row), at most `max_limit`
# (None: as many as asked, as the CLI's --limit); `cap`: count the total no further (None:
# exactly). The page is {"items", "total", "total_capped", "limit", "offset"}.

def events(store: Any, *, actor: str | None = None, type: str | None = None,
           since: str | None = None, until: str | None = None, limit: int | None = 50,
           offset: int = 0, max_limit: int | None = MAX_LIMIT, cap: int | None = TOTAL_CAP,
           undated: bool = False) -> dict[str, Any]:
    """Events; with `undated` and a date filter, the page also says how many events of the
    actor and type it left out for having no date at all ("undated")."""
    limit, offset = _bounded(limit, offset, max_limit)
    filters = {"actor": actor, "type": type, "since": since, "until": until}
    page = _listing(lambda n: store.events(**filters, limit=n),
                    lambda cap: store.count_events(**filters, cap=cap), limit, offset, cap)
    if undated:
        page["undated"] = (store.count_events(actor=actor, type=type, undated=True)
                           if since or until else 0)
    return page


def commitments(store: Any, *, by: str | None = None, to: str | None = None,
                topic: str | None = None, since: str | None = None,
                until: str | None = None, limit: int | None = 50, offset: int = 0,
                max_limit: int | None = MAX_LIMIT, cap: int | None = TOTAL_CAP,
                undated: bool = False) -> dict[str, Any]:
    """Commitments; `undated` as in `events`."""
    limit, offset = _bounded(limit, offset, max_limit)
    filters = {"by": by, "to": to, "topic": topic, "since": since, "until": until}
    page = _listing(lambda n: store.commitments(**filters, limit=n),
                    lambda cap: store.count_commitments(**filters, cap=cap), limit, offset,
                    cap)
    if undated:
        page["undated"] = (store.count_commitments(by=by, to=to, topic=topic, undated=True)
                           if since or until else 0)
    return page


def quotes(store: Any, *, speaker: str | None = None, limit: int | None = 50,
           offset: int = 0, max_limit: int | None = MAX_LIMIT, cap: int | None = TOTAL_CAP
           ) -> dict[str, Any]:
    limit, offset = _bounded(limit, offset, max_limit)
    return _listing(lambda n: store.quotes(speaker=speaker, limit=n),
                    lambda cap: store.count_quotes(speaker=speaker, cap=cap), limit, offset,
                    cap)


def tracks(store: Any, *, by: str | None = None, to: str | None = None,
           topic: str | None = None, status: str | None = None, since: str | None = None,
           until: str | None = None, limit: int | None = 50, offset: int = 0,
           max_limit: int | None = MAX_LIMIT, cap: int | None = TOTAL_CAP) -> dict[str, Any]:
    limit, offset = _bounded(limit, offset, max_limit)
    filters = {"by": by, "to": to, "topic": topic, "status": status, "since": since,
               "until": until}
    return _listing(lambda n: store.tracks(**filters, limit=n),
                    lambda cap: store.count_tracks(**filters, cap=cap), limit, offset, cap)


def track(store: Any, track_id: str) -> dict[str, Any] | None:
    """One track with its whole timeline, or None."""
    return store.track(track_id)


def actors(store: Any, *, limit: int | None = 50, offset: int = 0,
           max_limit: int | None = MAX_LIMIT, cap: int | None = TOTAL_CAP) -> dict[str, Any]:
    """Canonical actors, most mentioned first."""
    limit, offset = _bounded(limit, offset, max_limit)
    return _listing(lambda n: store.actors(top=n), lambda _cap: store.count_actors(), limit,
                    offset, cap)


def documents(store: Any, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    return _page(store.documents(limit=limit, offset=offset), store.count_documents(), limit,
                 offset)


def document(store: Any, document_id: str) -> dict[str, Any] | None:
    """One document with its text and every fact that points into it, or None."""
    return store.document(document_id)


def stories(store: Any, *, min_sources: int = 2, limit: int | None = 50) -> dict[str, Any]:
    """Events reported by at least `min_sources` documents, merged, most reported first."""
    items = store.stories(min_sources=max(1, min_sources),
                          limit=None if limit is None else max(1, limit))
    return {"items": items, "total": len(items)}


def search(store: Any, query: str, *, limit: int = 20, max_limit: int | None = MAX_LIMIT,
           with_actors: bool = True) -> dict[str, Any]:
    """Full-text hits, and (`with_actors`) the actors whose name or code matches the
    query."""
    limit = max(1, limit if max_limit is None else min(limit, max_limit))
    hits = store.search(query, limit=limit) if query.strip() else []
    words = query.strip().lower()
    matching = [a for a in store.actors() if words in a["name"].lower()
                or words == (a["code"] or "").lower()][:20] if with_actors and words else []
    return {"query": query, "hits": hits, "actors": matching}


def stats(store: Any) -> dict[str, int]:
    return store.stats()


def events_per_type(store: Any, limit: int = 5000) -> dict[str, Any]:
    """Events per PLOVER type and month (YYYY-MM), for the home page's chart."""
    counts: Counter[tuple[str, str]] = Counter()
    for row in store.events(limit=limit):
        when = row["date"] or row["published"]
        if when:
            counts[(when[:7], row["type"])] += 1
    months = sorted({m for m, _t in counts})
    types = sorted({t for _m, t in counts})
    return {"months": months, "types": types,
            "counts": {t: [counts[(m, t)] for m in months] for t in types}}


def actor_profile(store: Any, code: str, limit: int = 500) -> dict[str, Any] | None:
    """An actor (by code or name): its events as source and as target, commitments made and
    received, quotes, and the actors it interacts with (edges by CAMEO quad class)."""
    named = [a for a in store.actors() if (a["code"] or "").upper() == code.upper()
             or a["name"].lower() == code.lower()]
    if not named:
        return None
    main = next((a for a in named if a["kind"] in ("country", "igo")), named[0])
    code = main["code"]
    rows = store.events(actor=code, limit=limit)
    as_source = [r for r in rows if code in {a["code"] for a in r["source"]}]
    as_target = [r for r in rows if code in {a["code"] for a in r["target"]}]
    edges: Counter[tuple[str, int]] = Counter()
    for r in rows:
        for other in {a["code"] for a in r["source"] + r["target"]} - {code, "UNK"}:
            edges[(other, QUAD_OF_TYPE.get(r["type"], 1))] += 1
    network: dict[str, dict[str, int]] = {}
    for (other, quad), n in edges.items():
        entry = network.setdefault(other, {"cooperation": 0, "conflict": 0})
        entry["cooperation" if quad <= 2 else "conflict"] += n
    return {"actor": main, "also": [a for a in named if a is not main],
            "events_as_source": as_source, "events_as_target": as_target,
            "commitments_made": store.commitments(by=code, limit=limit),
            "commitments_received": store.commitments(to=code, limit=limit),
            "quotes": store.quotes(speaker=main["name"], limit=limit),
            "network": [{"code": other, **counts} for other, counts in sorted(
                network.items(), key=lambda item: -sum(item[1].values()))]}


def highlighted(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut into segments at every fact boundary: [{"text", "kinds", "labels",
    "anchor"}], each segment's kinds the facts covering it. The page escapes each segment
    and wraps it in a mark: offsets stay the facts' own."""
    cuts = sorted({0, len(text), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    segments = []
    first_of: dict[str, int] = {}
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        covering = [s for s in spans if s["start"] <= a and b <= s["end"]]
        anchor = None
        for s in covering:
            fact = s.get("fact")
            if fact and fact not in first_of:
                first_of[fact] = a
                anchor = fact
        segments.append({"text": text[a:b], "kinds": sorted({s["kind"] for s in covering}),
                         "labels": [s["label"] for s in covering], "anchor": anchor})
    return segments
