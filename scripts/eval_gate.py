#!/usr/bin/env python3
"""Accuracy gate: score the dev set and compare with the floors pinned in
tests/eval_baseline.json (which also pins every gold file's SHA-256).

    python scripts/eval_gate.py                      # check; exit 1 on a regression
    python scripts/eval_gate.py --update             # re-pin gold hashes, raise floors
    python scripts/eval_gate.py --update --allow-regression --reason "..."   # lower a floor
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "eval_baseline.json"
METRICS = ("actors", "events", "commitments", "quotes", "amounts", "locations", "dates")
EXTRA = ("quote_attribution", "overall_f1")
EPSILON = 0.01
# Subsets with floors of their own: documents the rules were not written on must not hide
# behind the average ("dev-c" are the twelve documents added after the first sixteen).
SUBSETS = {"dev-c": ("events", "commitments", "overall_f1")}


def eval_dir() -> Path:
    return Path(os.environ.get("COMMUNIQUE_EVAL_DIR", ROOT.parent / "shared" / "eval"))


def gold_hashes(dev: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dev.glob("*.json"))}


def score(dev: Path, prefix: str | None = None) -> dict[str, float]:
    """Scores on every gold file of `dev`, or on those whose name starts with `prefix`."""
    if prefix is not None:
        with tempfile.TemporaryDirectory() as tmp:
            for p in sorted(dev.glob(f"{prefix}*.json")):
                (Path(tmp) / p.name).symlink_to(p.resolve())
            return _score(Path(tmp), dev.parent / "score.py")
    return _score(dev, dev.parent / "score.py")


def subset_scores(dev: Path) -> dict[str, dict[str, float]]:
    return {name: {m: s[m] for m in metrics}
            for name, metrics in SUBSETS.items() for s in [score(dev, name)]}


def _score(dev: Path, scorer: Path) -> dict[str, float]:
    exe = Path(sys.executable).parent / "communique"
    cmd = [sys.executable, str(scorer), "--json", "--batch-cmd",
           f"{exe} extract --jsonl -", str(dev)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if not proc.stdout.strip().startswith("{"):
        raise SystemExit(f"eval_gate: the scorer failed: {proc.stderr.strip()[-500:]}")
    summary = json.loads(proc.stdout)
    if summary.get("failures"):
        raise SystemExit(f"eval_gate: {summary['failures']} documents failed to extract")
    out = {m: summary[m]["f1"] for m in METRICS}
    out.update({m: summary[m] for m in EXTRA})
    return out


def check(baseline: dict, scores: dict[str, float], hashes: dict[str, str],
          subsets: dict[str, dict[str, float]] | None = None) -> list[str]:
    problems = []
    if hashes != baseline["gold"]:
        added = sorted(set(hashes) - set(baseline["gold"]))
        pinned = baseline["gold"]
        changed = sorted(k for k in hashes if k in pinned and hashes[k] != pinned[k])
        removed = sorted(set(baseline["gold"]) - set(hashes))
        problems.append(f"gold files differ from the pinned set (added {added}, changed "
                        f"{changed}, removed {removed}): re-pin deliberately with "
                        "scripts/eval_gate.py --update")
    for metric, floor in baseline["floors"].items():
        if scores[metric] < floor - baseline.get("epsilon", EPSILON):
            problems.append(f"{metric} F1 {scores[metric]:.3f} is below its floor {floor:.3f}")
    for name, floors in baseline.get("subsets", {}).items():
        got = (subsets or {}).get(name, {})
        for metric, floor in floors.items():
            if got.get(metric, 0.0) < floor - baseline.get("epsilon", EPSILON):
                problems.append(f"{name} {metric} F1 {got.get(metric, 0.0):.3f} is below its "
                                f"floor {floor:.3f}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="re-pin gold hashes and raise floors")
    ap.add_argument("--allow-regression", action="store_true", help="let --update lower floors")
    ap.add_argument("--reason", default="", help="why a floor is lowered (required with it)")
    args = ap.parse_args()
    dev = eval_dir() / "dev"
    hashes = gold_hashes(dev)
    scores = score(dev)
    subsets = subset_scores(dev)
    print(json.dumps({**scores, "subsets": subsets}))
    if not args.update:
        problems = check(json.loads(BASELINE.read_text()), scores, hashes, subsets)
        for p in problems:
            print(f"eval_gate: {p}", file=sys.stderr)
        return 1 if problems else 0
    old = json.loads(BASELINE.read_text()) if BASELINE.exists() else {"floors": {}}
    floors = {}
    for metric in (*METRICS, *EXTRA):
        previous = old["floors"].get(metric, 0.0)
        if scores[metric] < previous and not args.allow_regression:
            print(f"eval_gate: {metric} would fall {previous:.3f} -> {scores[metric]:.3f}; "
                  "pass --allow-regression --reason '...' to lower it", file=sys.stderr)
            return 1
        floors[metric] = scores[metric] if args.allow_regression else max(previous, scores[metric])
    subset_floors: dict[str, dict[str, float]] = {}
    for name, got in subsets.items():
        old_sub = old.get("subsets", {}).get(name, {})
        for metric, value in got.items():
            previous = old_sub.get(metric, 0.0)
            if value < previous and not args.allow_regression:
                print(f"eval_gate: {name} {metric} would fall {previous:.3f} -> {value:.3f}; "
                      "pass --allow-regression --reason '...' to lower it", file=sys.stderr)
                return 1
            subset_floors.setdefault(name, {})[metric] = (
                value if args.allow_regression else max(previous, value))
    if args.allow_regression and not args.reason:
        print("eval_gate: --allow-regression needs --reason", file=sys.stderr)
        return 1
    BASELINE.write_text(json.dumps({"epsilon": EPSILON, "floors": floors,
                                    "subsets": subset_floors, "gold": hashes,
                                    "reason": args.reason or old.get("reason", "")},
                                   indent=1) + "\n")
    print(f"eval_gate: pinned {len(hashes)} gold files and {len(floors)} floors in {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
