"""`communique ingest` and the corpus commands, end to end, on SQLite and PostgreSQL.

Every test gets a fresh database from the `db_url` fixture (one run per dialect) and runs
the real command line: real files, a real HTTP server, the real spaCy model.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.ingest import SourceDocument
from communique.model import PIPELINE_VERSION
from communique.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "japan-us-summit-2025-02.txt"

BRIEFS = {
    "kenya-haiti": "Kenya pledged to send 1,000 police officers to Haiti on Monday. "
                   "The United States welcomed the decision and offered $100 million.",
    "chile-peru": "Chile and Peru signed a trade agreement in Lima on Tuesday. "
                  "Peru's president said the deal would lower tariffs on copper.",
    "egypt-sudan": "Egypt urged Sudan to accept a ceasefire. Sudan rejected the proposal "
                   "and accused the United Arab Emirates of arming the rebels.",
}

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def write_batch(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with the seed (text) and a JSONL batch of three briefs."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "japan-us-summit.txt").write_text(SEED.read_text(encoding="utf-8"),
                                                encoding="utf-8")
    write_batch(folder / "briefs.jsonl", [
        {"id": key, "text": text, "published": "2024-05-0" + str(n + 1), "title": key}
        for n, (key, text) in enumerate(BRIEFS.items())])
    return folder


def numbered_records(count: int) -> list[dict[str, object]]:
    """`count` distinct texts (the seed and the briefs, each copy numbered) with ids."""
    texts = [SEED.read_text(encoding="utf-8"), *BRIEFS.values()]
    return [{"id": f"doc-{n:03d}", "text": f"{texts[n % len(texts)]}\n\n(Item {n}.)"}
            for n in range(count)]


def wait_for_documents(db_url: str, count: int, seconds: float = 120) -> None:
    """Poll until a running ingest has stored at least `count` documents (or time is up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.2)
        with Store.open(db_url) as store:
            if store.stats()["documents"] >= count:
                return


def stored_ids(db_url: str) -> list[str]:
    with Store.open(db_url) as store:
        return sorted(store.document_ids())


def test_ingest_stores_every_document_of_a_folder(db_url: str, corpus: Path) -> None:
    code, _ = run("ingest", str(corpus), "--db", db_url, "--quiet")
    assert code == 0
    assert stored_ids(db_url) == ["chile-peru", "egypt-sudan", "japan-us-summit", "kenya-haiti"]


def test_ingesting_the_same_texts_again_stores_them_once(db_url: str, corpus: Path) -> None:
    run("ingest", str(corpus), "--db", db_url, "--quiet")
    with Store.open(db_url) as store:
        before = store.stats()
    code, output = run("ingest", str(corpus), "--db", db_url)
    assert code == 0
    assert "0 added, 0 replaced, 4 already stored, 0 failed" in output
    with Store.open(db_url) as store:
        assert store.stats() == before


def test_bad_documents_are_reported_and_the_rest_land(db_url: str, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "good", "text": BRIEFS["chile-peru"]}) + "\n"
                     + "{not json\n"
                     + json.dumps({"id": "empty", "text": "  "}) + "\n", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    errors = tmp_path / "errors.jsonl"
    code, output = run("ingest", str(batch), str(binary), "--db", db_url,
                       "--errors", str(errors), "--quiet")
    assert code == 1
    assert stored_ids(db_url) == ["good"]
    failures = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [(f["input"], f["id"]) for f in failures] == [
        (str(batch), None), (str(batch), "empty"), (str(binary), None)]
    assert failures[1]["error"] == f'{batch} line 3 (id "empty"): empty "text"'
    assert failures[2]["error"] == f"{binary}: binary file (not text or HTML)"
    assert all(f["error"] in output for f in failures)


def test_nothing_to_ingest_is_a_usage_error(db_url: str) -> None:
    code, output = run("ingest", "--db", db_url)
    assert code == 2
    assert "nothing to ingest" in output


def test_an_unusable_database_url_is_a_one_line_error(tmp_path: Path) -> None:
    code, output = run("stats", "--db", "mysql://nobody@127.0.0.1/none")
    assert code == 2
    assert output.startswith("communique: error: ")
    assert len(output.strip().splitlines()) == 1


def test_reprocess_re_extracts_documents_of_an_older_pipeline(db_url: str,
                                                            corpus: Path) -> None:
    run("ingest", str(corpus), "--db", db_url, "--quiet")
    with Store.open(db_url) as store:
        before = store.stats()
        source = next(s for s in store.stale(PIPELINE_VERSION + 1) if s.id == "kenya-haiti")
    # The same document as an older pipeline version would have left it.
    from communique.pipeline import Extractor

    with Store.open(db_url) as store:
        store.write(source, Extractor().extract(source.text, source.published, source.title,
                                                source.id), PIPELINE_VERSION - 1)
    code, output = run("ingest", "--reprocess", "--db", db_url)
    assert code == 0
    assert "0 added, 1 replaced, 0 already stored, 0 failed" in output
    with Store.open(db_url) as store:
        assert store.stats() == before
        assert list(store.stale(PIPELINE_VERSION)) == []


@pytest.mark.slow
def test_a_killed_ingest_resumes_and_stores_each_document_once(db_url: str,
                                                             tmp_path: Path) -> None:
    records = numbered_records(60)
    batch = write_batch(tmp_path / "batch.jsonl", records)
    command = [sys.executable, "-m", "communique", "ingest", str(batch), "--db", db_url,
               "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_documents(db_url, 5)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL
    with Store.open(db_url) as store:
        landed = store.stats()["documents"]
    assert 5 <= landed < len(records)

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert stored_ids(db_url) == [r["id"] for r in records]

    # Every document holds exactly the facts a clean, uninterrupted run gives it.
    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    subprocess.run([*command[:-4], str(batch), "--db", clean, "--quiet"], check=True,
                   timeout=300)
    with Store.open(db_url) as resumed_store, Store.open(clean) as clean_store:
        assert resumed_store.stats() == clean_store.stats()
        assert _facts(resumed_store) == _facts(clean_store)


def _facts(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Events and commitments per document, without database ids and ingest times."""
    out: dict[str, list[tuple[object, ...]]] = {}
    for row in store.export_rows("events"):
        out.setdefault(row["document_id"], []).append(
            ("event", row["type"], row["trigger_start"],
             tuple(a["code"] for a in row["source"]), tuple(a["code"] for a in row["target"])))
    for row in store.export_rows("commitments"):
        out.setdefault(row["document_id"], []).append(
            ("commitment", row["topic"], row["trigger_start"], row["amount_value"]))
    return {k: sorted(v, key=repr) for k, v in out.items()}


# --------------------------------------------------------------------------- URLs


class _Pages(BaseHTTPRequestHandler):
    ARTICLE = ("<html><head><title>Chile and Peru sign a trade pact</title>"
               '<meta property="og:site_name" content="Andes Wire"></head><body><article>'
               f"<p>{BRIEFS['chile-peru']}</p><p>{BRIEFS['egypt-sudan']}</p>"
               "</article></body></html>")

    def do_GET(self) -> None:
        if self.path == "/news/trade-pact.html":
            body, kind = self.ARTICLE.encode(), "text/html; charset=utf-8"
        elif self.path == "/feed.xml":
            host = f"http://127.0.0.1:{self.server.server_port}"
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                    f"<item><title>Pact</title><link>{host}/news/trade-pact.html</link></item>"
                    f"<item><title>Gone</title><link>{host}/missing</link></item>"
                    "</channel></rss>").encode()
            kind = "application/rss+xml"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_url_on_a_private_address_is_refused_without_allow_private(db_url: str,
                                                                    site: str) -> None:
    code, output = run("ingest", f"{site}/news/trade-pact.html", "--db", db_url, "--quiet")
    assert code == 1
    assert "refused: 127.0.0.1 is a loopback address; use --allow-private" in output
    assert stored_ids(db_url) == []


def test_a_feed_stores_its_articles_with_ids_from_their_urls(db_url: str, site: str,
                                                            tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# wires\n{site}/feed.xml\n", encoding="utf-8")
    code, output = run("ingest", str(feeds), "--db", db_url, "--allow-private", "--quiet")
    assert code == 1  # the feed's second entry is a 404
    assert f"{site}/missing: HTTP 404" in output
    assert stored_ids(db_url) == ["127.0.0.1-news-trade-pact"]
    code, output = run("search", "copper", "--db", db_url, "--format", "json")
    assert [r["document_id"] for r in json.loads(output)] == ["127.0.0.1-news-trade-pact"]


# --------------------------------------------------------------------------- queries


@pytest.fixture
def filled(db_url: str, corpus: Path) -> str:
    code, _ = run("ingest", str(corpus), "--db", db_url, "--quiet")
    assert code == 0
    return db_url


def test_events_filter_by_actor_and_type(filled: str) -> None:
    code, output = run("events", "--actor", "JPN", "--type", "AGREE", "--db", filled,
                       "--format", "json")
    assert code == 0
    rows = json.loads(output)
    assert {(r["document_id"], r["trigger"]) for r in rows} == {
        ("japan-us-summit", "pledged"), ("japan-us-summit", "agreed"),
        ("japan-us-summit", "committed"), ("japan-us-summit", "concurred")}
    assert all("JPN" in {a["code"] for a in r["source"] + r["target"]} for r in rows)


def test_commitments_filter_by_promiser_and_topic_as_csv(filled: str) -> None:
    code, output = run("commitments", "--by", "JPN", "--topic", "investment", "--db", filled,
                       "--format", "csv")
    assert code == 0
    lines = output.splitlines()
    assert lines[0].startswith("commitment_id,document_id,")
    assert any("1000000000000.0,USD" in line for line in lines[1:])


def test_quotes_filter_by_speaker_name(filled: str) -> None:
    code, output = run("quotes", "--speaker", "ishiba", "--db", filled, "--format", "json")
    assert code == 0
    rows = json.loads(output)
    assert rows and all("ishiba" in (r["speaker_name"] or "").lower() for r in rows)


def test_actors_top_ranks_by_documents_then_mentions(filled: str) -> None:
    code, output = run("actors", "--top", "2", "--db", filled, "--format", "json")
    assert code == 0
    # The United States is in two documents (the seed, Kenya-Haiti); Japan in one, often.
    assert [(r["code"], r["documents"]) for r in json.loads(output)] == [
        ("USA", 2), ("JPN", 1)]


def test_stats_json_counts_documents_and_facts(filled: str) -> None:
    code, output = run("stats", "--json", "--db", filled)
    assert code == 0
    counts = json.loads(output)
    assert counts["documents"] == 4
    assert set(counts) == {"documents", "actors", "mentions", "events", "commitments",
                           "quotes", "amounts", "locations", "dates", "tracks", "stories"}
    assert counts["tracks"] >= 1  # ingest linked the commitments
    assert counts["stories"] >= 1  # and put the events in their stories


def test_export_writes_one_file_per_kind(filled: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _ = run("export", "--format", "csv", "--out", str(out), "--db", filled)
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "actors.csv", "commitments.csv", "events.csv", "quotes.csv"]


def test_the_database_url_can_come_from_the_environment(filled: str) -> None:
    result = runner.invoke(app, ["stats", "--json"], env={**os.environ, "COMMUNIQUE_DB": filled})
    assert json.loads(result.output)["documents"] == 4


def test_a_dask_cluster_stores_the_same_facts_as_a_serial_run(db_url: str, corpus: Path,
                                                              tmp_path: Path) -> None:
    """A real LocalCluster with two worker processes; this process is the only writer."""
    code, _ = run("ingest", str(corpus), "--db", db_url, "--executor", "dask",
                  "--workers", "2", "--quiet")
    assert code == 0
    serial = f"sqlite:///{tmp_path / 'serial.db'}"
    assert run("ingest", str(corpus), "--db", serial, "--quiet")[0] == 0
    with Store.open(db_url) as cluster_store, Store.open(serial) as serial_store:
        assert cluster_store.stats() == serial_store.stats()
        assert _facts(cluster_store) == _facts(serial_store)


def test_worker_processes_store_the_same_facts_as_a_serial_run(db_url: str, corpus: Path,
                                                               tmp_path: Path) -> None:
    assert run("ingest", str(corpus), "--db", db_url, "--workers", "2", "--quiet")[0] == 0
    serial = f"sqlite:///{tmp_path / 'serial.db'}"
    assert run("ingest", str(corpus), "--db", serial, "--quiet")[0] == 0
    with Store.open(db_url) as pool_store, Store.open(serial) as serial_store:
        assert _facts(pool_store) == _facts(serial_store)


def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(db_url: str, tmp_path: Path) -> None:
    records = numbered_records(40)
    batch = write_batch(tmp_path / "batch.jsonl", records)
    command = [sys.executable, "-m", "communique", "ingest", str(batch), "--db", db_url]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    wait_for_documents(db_url, 3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted; what was stored stays stored" in stderr
    assert "Traceback" not in stderr
    resumed = subprocess.run([*command, "--quiet"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert stored_ids(db_url) == [r["id"] for r in records]


# --------------------------------------------------------------------------- NUL


def test_a_nul_in_a_text_becomes_u_fffd_and_every_sentence_reads_back_whole(
        db_url: str, tmp_path: Path) -> None:
    text = ("President Trump reiterated the United States' commitment to Japan.\x00 "
            "Japan and the United States signed a trade agreement in Tokyo.")
    batch = write_batch(tmp_path / "nul.jsonl", [{"id": "nul", "text": text}])
    code, output = run("ingest", str(batch), "--db", db_url, "--quiet")
    assert code == 0, output
    with Store.open(db_url) as store:
        stored = store.stale(PIPELINE_VERSION + 1).__next__().text
        sentences = [row["sentence"] for row in store.events()]
    assert stored == text.replace("\x00", "\ufffd")  # same length, same offsets
    assert sentences and all(s.endswith(".") for s in sentences)
    assert any("signed a trade agreement in Tokyo." in s for s in sentences)


def test_the_store_refuses_a_nul_on_both_databases(db_url: str) -> None:
    from communique.model import Document
    from communique.store import StoreError

    text = "Chile and Peru met.\x00"
    with Store.open(db_url) as store, pytest.raises(StoreError) as refused:
        store.write(SourceDocument(text=text, name="nul.txt", id="nul"), Document(text=text),
                    PIPELINE_VERSION)
    assert str(refused.value).startswith("nul.txt: the text contains NUL characters")
