"""The JSON API against its own OpenAPI schema (issue 12): schemathesis generates requests
for every /api/v1 operation from /openapi.json, valid ones and invalid ones, and checks
that none gets a 5xx, that every status code is one the schema declares and that every
body has the declared shape.

The app is the real one over a real SQLite file holding the seeds (no mocks); requests go
to it in process (ASGI), without a network.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from typer.testing import CliRunner

from communique.cli import app as cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [ROOT / "examples" / "japan-us-summit-2025-02.txt",
         ROOT.parent / "shared" / "seeds" / "000_f04180515d5410da.txt"]
TOKEN = "schema-token"
API = r"^/api/v1/"  # the pages (HTML) are tested in test_web.py
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Bounded so that the file runs in well under a minute on two cores.
BOUNDED = settings(max_examples=25, deadline=None, database=None)


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app over a database holding the seeds and an undated document with markup in its
    title, with writing enabled."""
    from communique.web import create_app

    folder = tmp_path_factory.mktemp("schema")
    db = f"sqlite:///{folder / 'communique.db'}"
    batch = folder / "docs.jsonl"
    batch.write_text(json.dumps({"id": "undated", "title": '"><b>Kenya</b>', "text": (
        "Japan pledged to invest $1 billion in Kenya. Kenya welcomed the pledge. The "
        "United States praised Japan.")}) + "\n", encoding="utf-8")
    for args in ([str(SEEDS[0]), "--published", "2025-02-10"],
                 [str(s) for s in SEEDS[1:] if s.exists()], [str(batch)]):
        if args:
            done = CliRunner().invoke(cli, ["ingest", *args, "--db", db, "--quiet"])
            assert done.exit_code == 0, done.output
    application = create_app(db, write_token=TOKEN)
    yield application
    application.state.store.close()


def load_schema() -> Any:
    """The schema, read at collection time (pytest parametrizes by operation) from an app
    over an empty throwaway database: the schema depends on the code only. (schemathesis'
    fixture-based `from_fixture` does not run under pytest 9.)"""
    from communique.web import create_app

    with tempfile.TemporaryDirectory() as folder:
        empty = create_app(f"sqlite:///{Path(folder) / 'empty.db'}")
        try:
            return schemathesis.openapi.from_asgi("/openapi.json", empty)
        finally:
            empty.state.store.close()


schema = load_schema()


@schema.include(method="GET", path_regex=API).parametrize()
@BOUNDED
def test_every_read_conforms_to_the_schema(case: Any, web_app: Any) -> None:
    case.call_and_validate(app=web_app, checks=CHECKS)


# Writing extracts a document (about 10 ms for a short text) and stores it: a few examples,
# with the token, so that generated bodies reach the extraction and not only the 401.
@schema.include(method="POST", path_regex=API).parametrize()
@settings(BOUNDED, max_examples=15)
def test_writing_conforms_to_the_schema(case: Any, web_app: Any) -> None:
    case.call_and_validate(app=web_app, headers={"Authorization": f"Bearer {TOKEN}"},
                           checks=CHECKS)


def test_the_schema_tested_is_the_served_one_and_covers_every_api_route(web_app: Any
                                                                       ) -> None:
    assert web_app.openapi() == schema.raw_schema
    routes = {r.path for r in web_app.routes if getattr(r, "path", "").startswith("/api/")}
    assert routes == {p for p in schema.raw_schema["paths"] if p.startswith("/api/")}
