"""communique serve: the JSON API, the pages, and their safety (issue 12).

The API and pages are exercised through a real `communique serve` process (uvicorn on a
free loopback port) over a real SQLite file, and in headless Chromium (the system's
/usr/bin/chromium, driven by Playwright) for what only a browser can show: that no script
from a document ever runs.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running `communique serve` over a database holding the seed and a hostile
    document (title and text full of markup), with writing enabled."""
    folder = tmp_path_factory.mktemp("web")
    db = f"sqlite:///{folder / 'communique.db'}"
    batch = folder / "docs.jsonl"
    batch.write_text(json.dumps({"id": "hostile", "title": HOSTILE_TITLE,
                                 "published": "2025-02-11", "text": HOSTILE_TEXT}) + "\n",
                     encoding="utf-8")
    for args in ([str(SEED), "--published", "2025-02-10"], [str(batch)]):
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
    assert stats["documents"] == 2 and stats["events"] >= 10


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


def test_tracks_and_one_track(server: str) -> None:
    tracks = get(server, "/api/v1/tracks?by=JPN&topic=investment").json()["items"]
    pledge = next(t for t in tracks if t["amount"] == {"value": 1e12, "currency": "USD"})
    one = get(server, f"/api/v1/tracks/{pledge['id']}").json()
    assert [(m["doc"], m["relation"]) for m in one["mentions"]] == [
        ("japan-us-summit-2025-02", "made")]


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


def test_every_page_in_a_browser_runs_no_script_from_a_document(server: str) -> None:
    from playwright.sync_api import sync_playwright

    chromium = "/usr/bin/chromium"
    assert Path(chromium).exists(), "apt-get install -y chromium (.ci/run does)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox",
                                                                    "--disable-gpu"])
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message),
                                              dialog.dismiss()))
            tracks = get(server, "/api/v1/tracks").json()["items"]
            for path in [*PAGES, f"/commitments/{tracks[0]['id']}"]:
                page.goto(server + path)
                assert page.evaluate("window.__xss === undefined"), path
            assert dialogs == []
            page.goto(server + "/documents/hostile")
            # The hostile title is shown as text, whole.
            assert page.locator("h1").inner_text() == HOSTILE_TITLE
            # A click on an event in the side panel scrolls to its words in the text.
            page.goto(server + "/documents/japan-us-summit-2025-02")
            page.locator("aside a[href^='#event-']").first.click()
            assert page.evaluate("location.hash").startswith("#event-")
            assert page.evaluate("document.querySelector(':target').tagName") == "MARK"
        finally:
            browser.close()


def test_a_reader_follows_the_pledge_from_the_seed_to_its_track(server: str) -> None:
    """The walk of the issue: the seed's page with "$1 trillion" and the Senkaku Islands
    highlighted, a click on the pledge's track, its timeline; an actor page; the map.
    Each page's screenshot is kept in build/screenshots/."""
    from playwright.sync_api import sync_playwright

    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(server + "/documents/japan-us-summit-2025-02")
            assert page.locator("mark.amount", has_text="$1 trillion").count() >= 1
            assert page.locator("mark.place", has_text="Senkaku Islands").count() == 1
            page.screenshot(path=str(shots / "document.png"))
            pledge = page.locator("aside tr", has_text="to increase its investment")
            pledge.locator("a[href^='/commitments/']").click()
            page.wait_for_url("**/commitments/t*")
            assert page.locator("h2", has_text="Timeline").count() == 1
            assert page.locator("td", has_text="made").count() >= 1
            page.screenshot(path=str(shots / "track.png"))
            for name, path in (("actor", "/actors/JPN"), ("map", "/map"), ("home", "/"),
                               ("commitments", "/commitments")):
                page.goto(server + path)
                page.screenshot(path=str(shots / f"{name}.png"))
            assert page.locator("td", has_text="JPN → USA").count() >= 1  # the tracks listed
        finally:
            browser.close()


def test_the_server_listens_on_loopback_by_default() -> None:
    from typer.testing import CliRunner

    from communique.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "100"})
    assert "[default: 127.0.0.1]" in result.stdout


def test_the_map_draws_the_countries_and_the_places_of_events(server: str) -> None:
    page = get(server, "/map")
    assert page.status_code == 200
    assert page.text.count("<path") > 150  # the world's countries, from the vendored atlas
    assert "<title>Japan</title>" in page.text
    assert "events</title></circle>" in page.text
    assert "<script" not in page.text.split("</head>", 1)[1]  # no map script


def test_the_world_map_projects_longitude_and_latitude() -> None:
    from communique.web.worldmap import project

    assert project(-180, 90) == (0, 0)
    assert project(0, 0) == (480, 240)
    assert project(139.7, 35.7)[0] > 850  # Tokyo, far east


def test_the_actor_page_draws_its_network_coloured_by_cooperation_and_conflict(
        server: str) -> None:
    page = get(server, "/actors/JPN").text
    assert '<svg class="network"' in page
    assert '<line class="edge-coop"' in page  # Japan and the United States cooperate
    assert '<a href="/actors/USA">' in page


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
