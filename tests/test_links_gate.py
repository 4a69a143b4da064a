"""Commitment tracking is a gate: the links set (../shared/eval/links), ingested into a
fresh database and scored by its own scorer, may not fall below tests/links_baseline.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINKS = ROOT.parent / "shared" / "eval" / "links"
BASELINE = json.loads((ROOT / "tests" / "links_baseline.json").read_text(encoding="utf-8"))


def test_linking_the_links_set_scores_at_least_its_floors(tmp_path: Path,
                                                           links_batch: Path) -> None:
    db = f"sqlite:///{tmp_path / 'links.db'}"
    communique = [sys.executable, "-m", "communique"]
    done = subprocess.run([*communique, "ingest", str(links_batch), "--db", db, "--quiet"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    tracks = subprocess.run([*communique, "track", "--json", "--db", db],
                            capture_output=True, text=True, timeout=300, check=True).stdout
    (tmp_path / "tracks.json").write_text(tracks, encoding="utf-8")
    scored = subprocess.run([sys.executable, str(LINKS / "score_links.py"), "--tracks",
                             str(tmp_path / "tracks.json"), "--json", str(LINKS)],
                            capture_output=True, text=True, timeout=300, check=True)
    summary = json.loads(scored.stdout.strip().splitlines()[-1])
    low = {metric: (summary[metric], floor) for metric, floor in BASELINE["floors"].items()
           if summary[metric] < floor - BASELINE["epsilon"]}
    assert not low, f"below the floors (score, floor): {low}"
