"""Accuracy is a gate: the dev-set scores may not fall below the pinned floors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("eval_gate", ROOT / "scripts" / "eval_gate.py")
assert spec and spec.loader
eval_gate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(eval_gate)

DEV = eval_gate.eval_dir() / "dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"evaluation kit not found at {DEV}")


def test_check_reports_a_metric_below_its_floor() -> None:
    baseline = {"epsilon": 0.01, "floors": {"events": 0.70}, "gold": {"a.json": "x"}}
    problems = eval_gate.check(baseline, {"events": 0.68}, {"a.json": "x"})
    assert problems == ["events F1 0.680 is below its floor 0.700"]


def test_check_allows_a_drop_within_epsilon() -> None:
    baseline = {"epsilon": 0.01, "floors": {"events": 0.70}, "gold": {"a.json": "x"}}
    assert eval_gate.check(baseline, {"events": 0.695}, {"a.json": "x"}) == []


def test_check_reports_a_changed_gold_file() -> None:
    baseline = {"epsilon": 0.01, "floors": {}, "gold": {"a.json": "x"}}
    problems = eval_gate.check(baseline, {}, {"a.json": "y", "b.json": "z"})
    assert len(problems) == 1
    assert "added ['b.json'], changed ['a.json']" in problems[0]


def test_check_reports_a_subset_metric_below_its_floor() -> None:
    baseline = {"epsilon": 0.01, "floors": {}, "subsets": {"dev-c": {"events": 0.65}},
                "gold": {"a.json": "x"}}
    problems = eval_gate.check(baseline, {}, {"a.json": "x"}, {"dev-c": {"events": 0.60}})
    assert problems == ["dev-c events F1 0.600 is below its floor 0.650"]


@needs_dev
def test_dev_set_scores_stay_above_the_pinned_floors() -> None:
    baseline = json.loads(eval_gate.BASELINE.read_text())
    scores = eval_gate.score(DEV)
    subsets = eval_gate.subset_scores(DEV)
    assert eval_gate.check(baseline, scores, eval_gate.gold_hashes(DEV), subsets) == []
