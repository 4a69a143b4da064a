"""communique serve: the JSON API, the pages, and their safety (issue 12).

The API and pages are exercised through a real `communique serve` process (uvicorn on a
free loopback port) over a real SQLite file, and in headless Chromium (the system's
/usr/bin/chromium, driven by Playwright) for what only a browser can show: that no script
from a document ever runs, that the charts draw the numbers of their tables, and that no
page breaks its Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "japan-us-summit-2025-02.txt"
TOKEN = "s3cret-token"
HOSTILE_TITLE = '"><script>window.__xss=1;alert(1)</script><img src=x onerror="alert(2)">'
HOSTILE_TEXT = (
    "Japan pledged to invest $1 billion in Kenya. <script>window.__xss=1;alert(3)</script> "
    "Kenya welcomed the pledge.\n<img src=x onerror=alert(4)> \"'><svg onload=alert(5)>"
    " The United States praised Japan.")
HOSTILE_OUTLET = "</script><script>window.__xss=1;alert(6)</script>"  # in a chart's tooltip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, links_batch: Path) -> Iterator[str]:
    """A running `communique serve` over a database holding the seed, the links set
    (../shared/eval/links: the seed's $1 trillion pledge joins its track of Japanese
    investment) and a hostile document (title and text full of markup), with writing
    enabled."""
    folder = tmp_path_factory.mktemp("web")
    db = f"sqlite:///{folder / 'communique.db'}"
    batch = folder / "docs.jsonl"
    batch.write_text(json.dumps({"id": "hostile", "title": HOSTILE_TITLE,
                                 "outlet": HOSTILE_OUTLET, "published": "2025-02-11",
                                 "text": HOSTILE_TEXT}) + "\n", encoding="utf-8")
    for args in ([str(SEED), "--published", "2025-02-10"], [str(links_batch)], [str(batch)]):
        done = subprocess.run([sys.executable, "-m", "communique", "ingest", *args, "--db", db,
                               "--quiet"], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "communique", "serve", "--db", db, "--port", str(port)],
        env={**os.environ, "COMMUNIQUE_WRITE_TOKEN": TOKEN}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/v1/stats", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError(f"the server did not start: {process.stderr.read()}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def get(base: str, path: str) -> httpx.Response:
    return httpx.get(base + path, timeout=30)


# --------------------------------------------------------------------------- API


def test_stats_count_what_was_ingested(server: str) -> None:
    stats = get(server, "/api/v1/stats").json()
    assert stats["documents"] == 15 and stats["events"] >= 10  # the seed, 13 links, hostile


def test_listings_page_with_a_total(server: str) -> None:
    first = get(server, "/api/v1/events?limit=3").json()
    second = get(server, "/api/v1/events?limit=3&offset=3").json()
    assert (len(first["items"]), first["limit"], first["offset"]) == (3, 3, 0)
    assert first["total"] == second["total"] >= 10
    assert {e["event_id"] for e in first["items"]}.isdisjoint(
        e["event_id"] for e in second["items"])


def test_events_filter_like_the_cli(server: str) -> None:
    rows = get(server, "/api/v1/events?actor=JPN&type=AGREE&since=2025-01-01").json()["items"]
    assert {r["trigger"] for r in rows} >= {"pledged", "agreed", "committed", "concurred"}


def test_a_document_carries_its_facts_with_offsets(server: str) -> None:
    doc = get(server, "/api/v1/documents/japan-us-summit-2025-02").json()
    for span in doc["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(doc["text"])
    kinds = {span["kind"] for span in doc["spans"]}
    assert kinds >= {"actor", "trigger", "amount", "quote", "date", "place"}
    assert doc["text"][doc["events"][0]["trigger_start"]:doc["events"][0]["trigger_end"]] \
        == doc["events"][0]["trigger"]


def seed_pledge_track(server: str) -> str:
    """The track of the seed's $1 trillion pledge: the Japanese investment of the links set
    (made in l01, reaffirmed in l02, cut to $550 billion in l03)."""
    commitments = get(server, "/api/v1/documents/japan-us-summit-2025-02").json()[
        "commitments"]
    return next(c["track_id"] for c in commitments if c["amount_value"] == 1e12)


def test_tracks_and_one_track(server: str) -> None:
    tracks = get(server, "/api/v1/tracks?by=JPN&topic=investment").json()["items"]
    pledge = next(t for t in tracks if t["id"] == seed_pledge_track(server))
    assert (pledge["first_seen"], pledge["last_seen"], pledge["sources"], pledge["mentions"],
            pledge["amount"]) == ("2025-02-08", "2025-07-23", 4, 7,
                                  {"value": 5.5e11, "currency": "USD"})  # the latest amount
    one = get(server, f"/api/v1/tracks/{pledge['id']}").json()
    assert [(m["doc"], m["published"], m["relation"], (m["amount"] or {}).get("value"))
            for m in one["mentions"]] == [
        ("l01-japan-pledge-wire", "2025-02-08", "made", 1e12),
        ("l01-japan-pledge-wire", "2025-02-08", "repeated", 1e12),
        ("japan-us-summit-2025-02", "2025-02-10", "repeated", 1e12),
        ("japan-us-summit-2025-02", "2025-02-10", "repeated", None),
        ("l02-japan-pledge-analysis", "2025-03-05", "reaffirmed", 1e12),
        ("l02-japan-pledge-analysis", "2025-03-05", "repeated", 1e12),
        ("l03-us-japan-trade-deal", "2025-07-23", "modified", 5.5e11)]


def test_search_finds_documents_and_actors(server: str) -> None:
    found = get(server, "/api/v1/search?q=Senkaku").json()
    assert [h["document_id"] for h in found["hits"]] == ["japan-us-summit-2025-02"]
    assert [a["code"] for a in get(server, "/api/v1/search?q=JPN").json()["actors"]][:1] \
        == ["JPN"]


def test_errors_are_json_with_a_request_id_never_a_trace(server: str) -> None:
    missing = get(server, "/api/v1/documents/nope")
    assert missing.status_code == 404
    assert missing.json() == {"error": "no document 'nope'",
                              "request_id": missing.headers["x-request-id"]}
    bad = get(server, "/api/v1/events?since=yesterday")
    assert bad.status_code == 400
    assert bad.json()["error"] == "'yesterday' is not a date (YYYY-MM-DD)"
    assert "Traceback" not in bad.text


def test_the_openapi_docs_work_offline(server: str) -> None:
    page = get(server, "/docs")
    assert page.status_code == 200 and "/static/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert get(server, "/static/swagger-ui-bundle.js").status_code == 200
    assert "/api/v1/events" in get(server, "/openapi.json").json()["paths"]


# --------------------------------------------------------------------------- writing


def test_writing_needs_the_token(server: str) -> None:
    body = {"text": "Chile and Peru signed a trade agreement in Lima.", "id": "lima"}
    assert httpx.post(f"{server}/api/v1/documents", json=body).status_code == 401
    wrong = httpx.post(f"{server}/api/v1/documents", json=body,
                       headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    added = httpx.post(f"{server}/api/v1/documents", json=body, timeout=120,
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert added.status_code == 201, added.text
    assert added.json()["id"] == "lima"
    assert get(server, "/api/v1/documents/lima").json()["text"] == body["text"]


def test_without_a_token_the_server_is_read_only(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from communique.web import create_app

    client = TestClient(create_app(f"sqlite:///{tmp_path / 'c.db'}"))
    assert client.get("/add").status_code == 403
    refused = client.post("/api/v1/documents", json={"text": "Chile met Peru."})
    assert refused.status_code == 403
    assert "COMMUNIQUE_WRITE_TOKEN" in refused.json()["error"]


def test_a_broken_database_is_a_503_not_a_trace(tmp_path: Path) -> None:
    import sqlite3

    from fastapi.testclient import TestClient

    from communique.web import create_app

    path = tmp_path / "c.db"
    client = TestClient(create_app(f"sqlite:///{path}"))
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE tracks")
    failed = client.get("/api/v1/tracks")
    assert failed.status_code == 503
    assert failed.json()["error"] == "the database is not available"
    assert "Traceback" not in failed.text and "sqlite" not in failed.text.lower()


# --------------------------------------------------------------------------- pages


PAGES = ["/", "/documents", "/documents/hostile", "/documents/japan-us-summit-2025-02", "/map",
         "/commitments", "/actors/JPN", "/search?q=Kenya", "/add"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_escape_document_text_and_send_a_strict_csp(server: str, path: str) -> None:
    page = get(server, path)
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>window.__xss" not in page.text
    assert "<img src=x onerror" not in page.text and "<svg onload" not in page.text


def test_the_document_page_highlights_facts_and_links_the_side_panel(server: str) -> None:
    page = get(server, "/documents/japan-us-summit-2025-02").text
    assert '<mark class="trigger"' in page and '<mark class="amount"' in page
    assert 'href="#event-' in page and 'id="event-' in page
    assert 'href="/commitments/t' in page  # each commitment links to its track


def data_block(html: str, block_id: str) -> str:
    """The text of a page's JSON data block, up to the first `</script>`: where a block
    whose text was not escaped would end early."""
    opening = f'<script type="application/json" id="{block_id}">'
    return html.split(opening, 1)[1].split("</script>", 1)[0]


def hostile_track(server: str) -> str:
    """The track of the hostile document's pledge (its outlet is markup)."""
    return get(server, "/api/v1/tracks?by=JPN&to=KEN").json()["items"][0]["id"]


def test_a_chart_data_block_holds_document_text_escaped(server: str) -> None:
    page = get(server, f"/commitments/{hostile_track(server)}").text
    assert "<script>window.__xss" not in page
    block = data_block(page, "track-data")
    assert not {"<", ">", "&"} & set(block)  # each one written \\u003c, \\u003e, \\u0026
    assert [m["outlet"] for m in json.loads(block)["mentions"]] == [HOSTILE_OUTLET]


# The browser tests record every Content-Security-Policy violation the page reports, every
# console error or warning and every uncaught error: each must be none.
RECORD_CSP = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));"""


@contextlib.contextmanager
def browser_page(viewport: dict[str, int] | None = None) -> Iterator[tuple[Any, list[str]]]:
    """A page in headless Chromium and the list of problems it reports."""
    from playwright.sync_api import sync_playwright

    chromium = "/usr/bin/chromium"
    assert Path(chromium).exists(), "apt-get install -y chromium (.ci/run does)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox",
                                                                    "--disable-gpu"])
        try:
            page = browser.new_page(viewport=viewport)
            page.add_init_script(RECORD_CSP)
            problems: list[str] = []
            page.on("console", lambda message: problems.append(
                f"{message.type}: {message.text}") if message.type in ("error", "warning")
                else None)
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"),
                                              dialog.dismiss()))
            yield page, problems
        finally:
            browser.close()


def drawn(page: Any) -> None:
    """Wait until each chart of the page is drawn (an SVG in its box)."""
    charts = page.locator("[data-chart]")
    for n in range(charts.count()):
        charts.nth(n).locator("svg").first.wait_for(timeout=10_000)


def visit(page: Any, problems: list[str], url: str) -> None:
    """Open `url`, wait for its charts, and check it reported no problem."""
    from playwright.sync_api import TimeoutError as Timeout

    page.goto(url)
    try:
        drawn(page)
    except Timeout:
        raise AssertionError(f"{url}: a chart was not drawn; {problems}") from None
    problems.extend(page.evaluate("window.__violations"))
    assert problems == [], url
    assert page.evaluate("window.__xss === undefined"), url


def test_every_page_in_a_browser_runs_no_script_from_a_document(server: str) -> None:
    tracks = get(server, "/api/v1/tracks").json()["items"]
    with browser_page() as (page, problems):
        for path in [*PAGES, f"/commitments/{tracks[0]['id']}",
                     f"/commitments/{hostile_track(server)}"]:
            visit(page, problems, server + path)
        page.goto(server + "/documents/hostile")
        # The hostile title is shown as text, whole.
        assert page.locator("h1").inner_text() == HOSTILE_TITLE
        # A click on an event in the side panel scrolls to its words in the text.
        page.goto(server + "/documents/japan-us-summit-2025-02")
        page.locator("aside a[href^='#event-']").first.click()
        assert page.evaluate("location.hash").startswith("#event-")
        assert page.evaluate("document.querySelector(':target').tagName") == "MARK"


SERIES = """(selector) => echarts.getInstanceByDom(document.querySelector(selector))
  .getOption().series.map((s) => ({name: s.name ?? null, type: s.type,
    data: s.data.map((d) => d.value ?? d), links: (s.links || []).map((l) => (
      {source: l.source, target: l.target, value: l.value, color: l.lineStyle.color}))}))"""
MAP_SERIES = """() => echarts.getInstanceByDom(document.querySelector("#map-chart"))
  .getOption().series.map((s) => s.data.filter((d) => d.value != null && !Number.isNaN(d.value))
    .map((d) => [d.name, d.value, d.count ?? null]))"""
TABLE = """(selector) => [...document.querySelectorAll(selector + " tr")].map(
  (row) => [...row.cells].map((cell) => cell.textContent))"""


def hover(page: Any, selector: str, series: int, point: list[Any]) -> None:
    """Move the mouse onto a point of a chart's series."""
    x, y = page.evaluate("""([selector, series, point]) => echarts.getInstanceByDom(
      document.querySelector(selector)).convertToPixel({seriesIndex: series}, point)""",
                         [selector, series, point])
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)


def test_the_charts_draw_the_numbers_of_their_tables(server: str) -> None:
    """Each chart is drawn (an SVG in its box) from the numbers its page's table shows."""
    with browser_page() as (page, problems):
        visit(page, problems, server + "/")
        head, *rows = page.evaluate(TABLE, "#events-chart ~ details table")
        types = head[1:-1]
        assert [row[0] for row in rows] == ["2024-12", "2025-02", "2025-03", "2025-04",
                                            "2025-05", "2025-07"]  # the months with events
        assert set(types) >= {"AGREE", "CONSULT", "SUPPORT"}
        assert page.evaluate(SERIES, "#events-chart") == [
            {"name": t, "type": "bar", "data": [int(row[1 + n]) for row in rows], "links": []}
            for n, t in enumerate(types)]
        assert set(page.locator("#events-chart svg text").all_text_contents()) >= {
            *types, *(row[0] for row in rows)}  # the legend and the month under each bar

        visit(page, problems, server + "/actors/JPN")
        _head, *rows = page.evaluate(TABLE, "#activity-chart ~ details table")
        assert page.evaluate(SERIES, "#activity-chart") == [
            {"name": name, "type": "bar", "data": [int(row[column]) for row in rows],
             "links": []} for column, name in ((1, "as source"), (2, "as target"))]
        _head, *rows = page.evaluate(TABLE, ".beside table")
        usa = next(row for row in rows if row[0] == "USA")
        # Japan and the United States cooperate; one conflict: the tariffs of l02 (USA
        # SANCTION JPN, "Washington prepares to impose 25% tariffs").
        assert int(usa[1]) >= 20 and usa[2] == "1"
        (network,) = page.evaluate(SERIES, "#network-chart")
        assert [link for link in network["links"] if link["target"] == "USA"] == [
            {"source": "JPN", "target": "USA", "value": int(usa[1]),
             "color": "#1b7a3d"},  # green: cooperation
            {"source": "JPN", "target": "USA", "value": 1, "color": "#b3261e"}]  # red
        assert set(page.locator("#network-chart svg text").all_text_contents()) >= {
            "JPN", "USA"}
        hover(page, "#network-chart", 0, [0, -100])  # the first actor around it: USA
        page.mouse.down()
        page.mouse.up()
        page.wait_for_url("**/actors/USA")  # a click on an actor opens its page

        visit(page, problems, server + f"/commitments/{seed_pledge_track(server)}")
        _head, *rows = page.evaluate(TABLE, "#amounts-chart ~ table")
        relations = list(dict.fromkeys(row[2] for row in rows))
        assert relations == ["made", "repeated", "reaffirmed", "modified"]
        assert page.evaluate(SERIES, "#timeline-chart") == [  # a series for each relation
            {"name": relation, "type": "scatter", "links": [],
             "data": [[row[0], relation] for row in rows if row[2] == relation]}
            for relation in relations]
        assert [(row[0], row[3]) for row in rows if row[3]] == [
            ("2025-02-08", "$1 trillion"), ("2025-02-08", "$1 trillion"),
            ("2025-02-10", "$1 trillion"), ("2025-03-05", "$1 trillion"),
            ("2025-03-05", "$1 trillion"), ("2025-07-23", "$550 billion")]
        assert page.evaluate(SERIES, "#amounts-chart") == [
            {"name": "promised", "type": "bar", "links": [], "data": [
                ["2025-02-08", 1e12], ["2025-02-08", 1e12], ["2025-02-10", 1e12],
                ["2025-03-05", 1e12], ["2025-03-05", 1e12], ["2025-07-23", 5.5e11]]},
            {"name": "delivered", "type": "bar", "data": [], "links": []}]
        assert {*relations, "1T", "Promised and delivered (USD)"} <= set(
            page.locator("#track-data ~ div svg text").all_text_contents())

        # The hostile outlet in a tooltip: drawn in the chart as text, never run.
        visit(page, problems, server + f"/commitments/{hostile_track(server)}")
        hover(page, "#timeline-chart", 0, ["2025-02-11", "made"])
        page.locator("#timeline-chart svg text", has_text=HOSTILE_OUTLET).wait_for(
            timeout=5_000)
        assert page.evaluate("window.__xss === undefined")

        visit(page, problems, server + "/map")
        assert page.evaluate("echarts.getMap('world').geoJSON.features.length") == 177
        assert page.locator("#map-chart svg path").count() > 150  # the countries, drawn
        shaded, circles = page.evaluate(MAP_SERIES)
        _head, *rows = page.evaluate(TABLE, "#places")
        assert ["Indo-Pacific", "0.0", "110.0"] in [row[:3] for row in rows]
        assert circles == [  # a circle at (lon, lat) for each place
            [row[0], [float(row[2]), float(row[1])], int(row[3])] for row in rows]
        _head, *rows = page.evaluate(TABLE, "#countries")
        assert [count for _name, count, _none in shaded] == [
            int(row[1]) for row in rows if len(row) == 2]  # each country shaded by its events
        assert page.evaluate("window.__violations") == [] and problems == []


def test_a_reader_follows_the_pledge_from_the_seed_to_its_track(server: str) -> None:
    """The walk of the issue: the seed's page with "$1 trillion" and the Senkaku Islands
    highlighted, a click on the pledge's track, its timeline; an actor page; the map.
    Each page's screenshot is kept in build/screenshots/."""
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with browser_page(viewport={"width": 1200, "height": 900}) as (page, problems):
        visit(page, problems, server + "/documents/japan-us-summit-2025-02")
        assert page.locator("mark.amount", has_text="$1 trillion").count() >= 1
        assert page.locator("mark.place", has_text="Senkaku Islands").count() == 1
        page.screenshot(path=str(shots / "document.png"))
        pledge = page.locator("aside tr", has_text="to increase its investment")
        pledge.locator("a[href^='/commitments/']").click()
        page.wait_for_url("**/commitments/t*")
        drawn(page)
        assert page.url == f"{server}/commitments/{seed_pledge_track(server)}"
        assert page.locator("h2", has_text="Timeline").count() == 1
        # Its timeline: the seed among the links set's mentions, from the pledge made
        # (l01) to its cut to $550 billion (l03).
        _head, *rows = page.evaluate(TABLE, "#amounts-chart ~ table")
        assert [(row[1], row[2]) for row in rows] == [
            ("l01-japan-pledge-wire", "made"), ("l01-japan-pledge-wire", "repeated"),
            ("japan-us-summit-2025-02", "repeated"), ("japan-us-summit-2025-02", "repeated"),
            ("l02-japan-pledge-analysis", "reaffirmed"),
            ("l02-japan-pledge-analysis", "repeated"), ("l03-us-japan-trade-deal", "modified")]
        assert sum(len(series["data"]) for series in page.evaluate(
            SERIES, "#timeline-chart")) == len(rows)  # a dot for each
        page.screenshot(path=str(shots / "track.png"))
        for name, path in (("actor", "/actors/JPN"), ("map", "/map"), ("home", "/"),
                           ("commitments", "/commitments")):
            visit(page, problems, server + path)
            page.screenshot(path=str(shots / f"{name}.png"))
        assert page.locator("td", has_text="JPN → USA").count() >= 1  # the tracks listed


def test_the_server_listens_on_loopback_by_default() -> None:
    from typer.testing import CliRunner

    from communique.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "100"})
    assert "[default: 127.0.0.1]" in result.stdout


def test_the_pages_load_the_vendored_chart_scripts_and_no_other(server: str) -> None:
    page = get(server, "/map").text
    scripts = [line for line in page.splitlines() if "<script src=" in line]
    assert scripts == ['<script src="/static/htmx.min.js" defer></script>',
                       '<script src="/static/echarts.min.js" defer></script>',
                       '<script src="/static/topojson-client.min.js" defer></script>',
                       '<script src="/static/charts.js" defer></script>']
    echarts = get(server, "/static/echarts.min.js")
    assert echarts.status_code == 200 and "Apache License, Version 2.0" in echarts.text[:600]
    assert "topojson-client v3.1.0" in get(server, "/static/topojson-client.min.js").text
    assert "<path" not in page  # the map is drawn in the browser, from the vendored atlas
    assert json.loads(data_block(page, "map-data")).keys() == {"places", "countries"}


def test_the_map_counts_events_per_place_and_per_country() -> None:
    from communique.web.worldmap import countries, places

    lima = {"name": "Lima", "kind": "city", "country": "PER", "lat": -12.04, "lon": -77.03}
    rows = [{"location": lima}, {"location": lima},
            {"location": {"name": "Cusco", "kind": "city", "country": "PER", "lat": -13.5,
                          "lon": -71.97}},
            {"location": {"name": "Indo-Pacific", "kind": "region", "country": None,
                          "lat": 0.0, "lon": 110.0}},
            {"location": {"name": "Washington D.C.", "kind": "place", "country": "USA",
                          "lat": None, "lon": None}},
            {"location": None}]
    assert places(rows) == [
        {"name": "Lima", "lat": -12.04, "lon": -77.03, "count": 2},
        {"name": "Cusco", "lat": -13.5, "lon": -71.97, "count": 1},
        {"name": "Indo-Pacific", "lat": 0.0, "lon": 110.0, "count": 1}]
    assert countries(rows) == [{"code": "PER", "id": "604", "name": "Peru", "count": 3},
                               {"code": "USA", "id": "840", "name": "United States",
                                "count": 1}]
    atlas = json.loads((ROOT / "src/communique/web/static/countries-110m.json").read_text())
    names = {g.get("id"): g["properties"]["name"]
             for g in atlas["objects"]["countries"]["geometries"]}
    assert (names["604"], names["840"]) == ("Peru", "United States of America")


def test_the_home_chart_keeps_the_last_24_months_and_the_types_in_them() -> None:
    from communique.web.app import _per_type

    months = [f"{2020 + n // 12}-{n % 12 + 1:02d}" for n in range(30)]
    chart = _per_type({"months": months, "types": ["AGREE", "ASSAULT"],
                       "counts": {"AGREE": list(range(30)), "ASSAULT": [1] + [0] * 29}})
    assert chart == {"months": months[6:], "types": ["AGREE"],
                     "counts": {"AGREE": list(range(6, 30))}, "totals": list(range(6, 30))}


def test_the_actor_page_gives_its_chart_the_network_by_cooperation_and_conflict(
        server: str) -> None:
    data = json.loads(data_block(get(server, "/actors/JPN").text, "actor-data"))
    usa = next(other for other in data["network"] if other["code"] == "USA")
    assert usa["cooperation"] >= 20 and usa["conflict"] == 1  # the tariffs of l02
    assert data["actor"] == "JPN" and data["months"] == ["2025-02", "2025-03", "2025-07"]
    actor = get(server, "/api/v1/actors/JPN").json()
    assert (data["source"], data["target"]) == ([16, 2, 3], [4, 1, 1])  # per month
    assert (sum(data["source"]), sum(data["target"])) == (
        len(actor["events_as_source"]), len(actor["events_as_target"]))


LIST_ENDPOINTS = ["/api/v1/documents", "/api/v1/events?actor=JPN", "/api/v1/commitments?by=JPN",
                  "/api/v1/tracks", "/api/v1/actors", "/api/v1/quotes?speaker=ishiba",
                  "/api/v1/stories", "/api/v1/search?q=Senkaku", "/api/v1/stats"]


def test_the_list_endpoints_answer_alike_on_sqlite_and_postgresql(db_url: str) -> None:
    from typer.testing import CliRunner

    from communique.cli import app as cli
    from communique.web import create_app, local_client

    ingested = CliRunner().invoke(cli, ["ingest", str(SEED), "--published", "2025-02-10",
                                        "--db", db_url, "--quiet"])
    assert ingested.exit_code == 0, ingested.output
    web = create_app(db_url)
    try:
        client = local_client(web)
        answers = {path: client.get(path) for path in LIST_ENDPOINTS}
    finally:
        web.state.store.close()
    assert {path: r.status_code for path, r in answers.items()} == dict.fromkeys(
        LIST_ENDPOINTS, 200)
    events = answers["/api/v1/events?actor=JPN"].json()
    assert events["total"] == len(events["items"]) == 10  # Japan, or Ishiba, on a side
    assert answers["/api/v1/documents"].json()["total"] == 1
    assert [h["document_id"] for h in answers["/api/v1/search?q=Senkaku"].json()["hits"]] == [
        "japan-us-summit-2025-02"]
