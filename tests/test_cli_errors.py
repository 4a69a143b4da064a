"""Every command meets a bad file with one line on stderr and exit status 2: a missing
file, a file that cannot be read as text, a malformed actor dictionary. Never a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "japan-us-summit-2025-02.txt"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=cwd, check=False,
                          timeout=300)


def bad_dictionaries(folder: Path) -> dict[str, Path]:
    (folder / "truncated.yaml").write_text("actors: [\n", encoding="utf-8")
    (folder / "binary.yaml").write_bytes(b"\xff\xfe\x00actors\x00\x9c")
    (folder / "a-folder.yaml").mkdir()
    return {"missing": folder / "missing.yaml", "truncated": folder / "truncated.yaml",
            "binary": folder / "binary.yaml", "a folder": folder / "a-folder.yaml"}


def commands(folder: Path, dictionary: Path) -> dict[str, list[str]]:
    db = f"sqlite:///{folder / 'store.db'}"
    return {"extract": ["extract", str(SEED), "--actors", str(dictionary)],
            "ingest": ["ingest", str(SEED), "--db", db, "--quiet", "--actors", str(dictionary)]}


@pytest.mark.parametrize("case", ["missing", "truncated", "binary", "a folder"])
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_bad_actor_dictionary_is_one_line_and_exit_2(tmp_path: Path, command: str,
                                                       case: str) -> None:
    dictionary = bad_dictionaries(tmp_path)[case]
    proc = run(*commands(tmp_path, dictionary)[command], cwd=tmp_path)
    lines = proc.stderr.strip().splitlines()
    assert (proc.returncode, len(lines)) == (2, 1), proc.stderr
    assert lines[0].startswith(f"communique: error: {dictionary}")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["extract", "ingest", "bench"])
def test_a_missing_input_is_one_line_and_exit_2(tmp_path: Path, command: str) -> None:
    missing = str(tmp_path / "no-such-article.txt")
    args = {"extract": ["extract", missing],
            "ingest": ["ingest", missing, "--db", f"sqlite:///{tmp_path / 's.db'}", "--quiet"],
            "bench": ["bench", missing]}[command]
    proc = run(*args, cwd=tmp_path)
    lines = proc.stderr.strip().splitlines()
    # A batch that could not read one of its inputs exits 1 (some documents failed).
    assert proc.returncode == (1 if command == "ingest" else 2), proc.stderr
    assert "Traceback" not in proc.stderr
    assert any("no-such-article.txt" in line for line in lines), proc.stderr


# --------------------------------------------------------------------------- naming


def test_several_files_are_known_by_their_names(tmp_path: Path) -> None:
    (tmp_path / "rome-talks.txt").write_text(
        "# Leaders meet in Rome\n\nItaly and France signed a defence pact on Monday.\n",
        encoding="utf-8")
    proc = run("extract", "rome-talks.txt", str(SEED), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    docs = [json.loads(line)["document"] for line in proc.stdout.splitlines()]
    assert [(d["id"], d["title"]) for d in docs] == [
        ("rome-talks", "Leaders meet in Rome"),
        ("japan-us-summit-2025-02", "japan-us-summit-2025-02.txt")]


def test_json_and_jsonl_together_are_a_usage_error(tmp_path: Path) -> None:
    proc = run("extract", str(SEED), "--json", "--jsonl", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.strip() == ("communique: error: --json and --jsonl are two output "
                                   "formats: give one")


# --------------------------------------------------------------------------- Ctrl-C


@pytest.mark.parametrize("delay", [0.8, 1.5])
def test_ctrl_c_early_says_the_same_line_as_later(tmp_path: Path, delay: float) -> None:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "communique", "ingest", str(SEED), "--db",
         f"sqlite:///{tmp_path / 's.db'}", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the ingest finished before the interrupt arrived")
    assert proc.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == (
        "communique: interrupted; what was stored stays stored. Run the same command "
        "again to resume.")


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    from communique import __version__

    proc = run("--version", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, f"communique {__version__}\n")
