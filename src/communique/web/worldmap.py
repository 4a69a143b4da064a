"""The numbers of the map (/map): events per place and per country.

The map itself is drawn in the browser (static/charts.js): the country shapes of the
vendored world-atlas TopoJSON (countries-110m.json, decoded by topojson-client) as an
Apache ECharts map, countries shaded by their events, places as circles. No tile server.
"""

from __future__ import annotations

from collections import Counter
from typing import Any


def places(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Places with coordinates where events happened, most events first:
    [{"name", "lat", "lon", "count"}]."""
    counts: Counter[tuple[str, float, float]] = Counter()
    for event in events:
        location = event.get("location") or {}
        if location.get("lat") is not None and location.get("lon") is not None:
            counts[(str(location["name"]), float(location["lat"]),
                    float(location["lon"]))] += 1
    return [{"name": name, "lat": lat, "lon": lon, "count": count}
            for (name, lat, lon), count in sorted(counts.items(),
                                                 key=lambda item: (-item[1], item[0]))]


def countries(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Countries where events happened (the country of the event's place), most events
    first: [{"code" (ISO alpha-3), "id" (ISO numeric, the atlas's id), "name", "count"}]."""
    import pycountry

    counts = Counter((event.get("location") or {}).get("country") for event in events)
    out = []
    for code, count in counts.items():
        country = pycountry.countries.get(alpha_3=code) if code else None
        if country is not None:
            out.append({"code": code, "id": country.numeric,
                        "name": getattr(country, "common_name", country.name),
                        "count": count})
    return sorted(out, key=lambda c: (-c["count"], c["name"]))
