"""An offline world map drawn as SVG on the server: country shapes from the vendored
world-atlas TopoJSON (countries-110m.json), in an equirectangular projection.

Decoding TopoJSON is a few lines (arcs are delta-encoded, quantized points; rings list
arcs, a negative index ~i meaning arc i reversed), so the page needs no map script and no
tile server, and the Content-Security-Policy stays scripts-from-self.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

ATLAS = Path(__file__).parent / "static" / "countries-110m.json"
WIDTH, HEIGHT = 960, 480  # 2.667 px per degree


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) * WIDTH / 360, (90 - lat) * HEIGHT / 180


@cache
def country_paths() -> tuple[tuple[str, str], ...]:
    """(country name, SVG path data) for every country of the atlas."""
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(project(x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> str:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        # A ring that crosses the antimeridian (Russia, Fiji) jumps across the map: the
        # jump starts a new subpath instead of a line across the world.
        out, last = [], None
        for x, y in points:
            step = "M" if last is None or abs(x - last) > WIDTH / 2 else "L"
            out.append(f"{step}{x:.1f},{y:.1f}")
            last = x
        return "".join(out) + "Z"

    out = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = (geometry.get("arcs") or []) if geometry["type"] == "MultiPolygon" else (
            [geometry["arcs"]] if geometry["type"] == "Polygon" else [])
        data = "".join(ring(r) for polygon in polygons for r in polygon)
        if data:
            out.append(((geometry.get("properties") or {}).get("name", ""), data))
    return tuple(out)


def event_points(events: list[dict]) -> list[dict]:
    """Places where events happened, with how many: [{"name", "x", "y", "count", "r"}]."""
    places: dict[tuple[float, float, str], int] = {}
    for event in events:
        location = event.get("location") or {}
        if location.get("lat") is None or location.get("lon") is None:
            continue
        key = (float(location["lat"]), float(location["lon"]), str(location["name"]))
        places[key] = places.get(key, 0) + 1
    points = []
    for (lat, lon, name), count in sorted(places.items(), key=lambda item: -item[1]):
        x, y = project(lon, lat)
        points.append({"name": name, "x": round(x, 1), "y": round(y, 1), "count": count,
                       "r": round(min(3 + count ** 0.5 * 2, 18), 1)})
    return points
