"""The SQLite store opens in datasette, with every table and column described."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from datasette.app import Datasette
from typer.testing import CliRunner

from communique.cli import app

SEED = Path(__file__).resolve().parents[1] / "examples" / "japan-us-summit-2025-02.txt"
runner = CliRunner()


def test_datasette_shows_the_stored_events_with_column_descriptions(tmp_path: Path) -> None:
    db = tmp_path / "communique.db"
    url = f"sqlite:///{db}"
    assert runner.invoke(app, ["ingest", str(SEED), "--db", url, "--quiet"]).exit_code == 0
    metadata = json.loads(runner.invoke(app, ["metadata", "--db", url]).output)
    columns = metadata["databases"]["communique"]["tables"]["events"]["columns"]
    assert all(columns.values()), "every events column has a description"

    async def fetch() -> tuple[list[str], list[dict], str]:
        ds = Datasette([str(db)], metadata=metadata)
        tables = (await ds.client.get("/communique.json")).json()["tables"]
        rows = (await ds.client.get("/communique/events.json?_shape=array&type=AGREE")).json()
        page = (await ds.client.get("/communique/events")).text
        return [t["name"] for t in tables if not t["hidden"]], rows, page

    tables, rows, page = asyncio.run(fetch())
    assert {"documents", "actors", "mentions", "events", "event_actors", "commitments",
            "quotes", "amounts", "locations", "dates"} <= set(tables)
    assert [r["trigger_text"] for r in rows] == ["pledged", "agreed", "committed", "concurred"]
    assert columns["trigger_text"] in page
