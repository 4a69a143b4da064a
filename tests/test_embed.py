"""The [embed] path of commitment tracking: the offline MiniLM embedder. These tests run
in a virtual environment with the extra installed (`make test-embed`, part of `make
test`); the main suite has no torch, so they are deselected there by the `embed` marker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.linking import LinkMention, lexical_similarity, link_block

pytestmark = pytest.mark.embed


@pytest.fixture(scope="module")
def embedder():
    from communique.embed import EmbeddingSimilarity, available

    assert available(), "make test-embed installs the [embed] extra"
    return EmbeddingSimilarity()


def test_a_paraphrase_is_near_and_another_subject_far(embedder) -> None:
    pledge = "Japan pledged $1 trillion of investment in the United States."
    assert embedder(pledge, "Tokyo promised to invest one trillion dollars in America.") > 0.7
    assert embedder(pledge, "North Korea fired a ballistic missile.") < 0.3


def _guard(n: int, doc: str, day: str, action: str, topic: str) -> LinkMention:
    return LinkMention(n, doc, day, 0, ("MEX",), ("USA",), topic, action,
                       f"Mexico pledged {action}.")


def test_embeddings_link_a_promise_told_in_other_words(embedder) -> None:
    # No word, number or topic in common: only the meaning links them.
    first = _guard(1, "wire", "2025-02-04", "to move National Guard troops to its northern "
                   "border", "security")
    second = _guard(2, "explainer", "2025-02-05", "to post soldiers of the Guardia Nacional "
                    "along the frontier", "defense")
    assert len(link_block([first, second], lexical_similarity)) == 2  # few shared words
    [track] = link_block([first, second], embedder)
    assert [m.relation for m in track.mentions] == ["made", "repeated"]
    assert "similarity 0." in track.mentions[1].reason


def test_link_rebuild_with_embeddings(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    batch = tmp_path / "story.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "wire", "published": "2025-02-08", "text": "Japan pledged to raise its "
         "investment in the United States to $1 trillion."},
        {"id": "analysis", "published": "2025-03-05", "text": "Japan reaffirmed its pledge "
         "to invest $1 trillion in the United States."}]), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(batch), "--db", db, "--quiet",
                               "--similarity", "embed"]).exit_code == 0
    result = runner.invoke(app, ["link", "--rebuild", "--similarity", "embed", "--db", db])
    assert result.exit_code == 0, result.output
    tracks = json.loads(runner.invoke(app, ["track", "--json", "--db", db]).stdout)["tracks"]
    assert [[m["doc"] for m in t["mentions"]] for t in tracks] == [["wire", "analysis"]]
