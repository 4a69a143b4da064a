"""The real command line, run as `python -m communique` in a subprocess.

Each run loads spaCy (about 2 s), so runs whose output several tests read are module-scoped
fixtures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

SEED = Path(__file__).resolve().parent.parent / "examples" / "japan-us-summit-2025-02.txt"
FACT_KEYS = {"actors", "events", "commitments", "quotes", "amounts", "locations", "dates"}

FRENCH = (
    "Le président de la République a reçu mardi à l'Élysée son homologue allemand pour "
    "évoquer la guerre en Ukraine et l'avenir de la défense européenne. Les deux dirigeants "
    "ont réaffirmé leur soutien à Kiev et ont appelé à un renforcement des capacités "
    "industrielles du continent, selon un communiqué publié à l'issue de la rencontre.\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
CP1252_TEXT = (
    "“We will work closely with our allies in the region to keep the peace,” the Japanese "
    "foreign minister said on Monday after talks in Tokyo with his Australian counterpart.\n"
)


def run_cli(*args: str, stdin: str | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    # Without COLUMNS a non-terminal console is 80 columns wide, whoever runs the tests.
    env.pop("COLUMNS", None)
    return subprocess.run([sys.executable, "-m", "communique", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd,
                          check=False, timeout=300)


# --------------------------------------------------------------------------- --json


@pytest.fixture(scope="module")
def seed_json() -> subprocess.CompletedProcess[str]:
    return run_cli("extract", str(SEED), "--published", "2025-02-10", "--json")


def test_json_succeeds(seed_json: subprocess.CompletedProcess[str]) -> None:
    assert (seed_json.returncode, seed_json.stderr) == (0, "")


def test_json_prints_one_object_with_every_fact_category(
        seed_json: subprocess.CompletedProcess[str]) -> None:
    lines = seed_json.stdout.splitlines()
    assert len(lines) == 1
    assert set(json.loads(lines[0])) >= FACT_KEYS


def test_json_amounts_include_one_trillion_dollars(
        seed_json: subprocess.CompletedProcess[str]) -> None:
    amounts = json.loads(seed_json.stdout)["amounts"]
    assert (1e12, "USD") in [(a["value"], a["currency"]) for a in amounts]


# --------------------------------------------------------------------------- --jsonl


@pytest.fixture(scope="module")
def jsonl_run() -> subprocess.CompletedProcess[str]:
    lines = [
        json.dumps({"id": "a", "text": "Japan and the United States agreed to expand "
                                       "cooperation.", "published": "2025-02-10"}),
        "not json",
        json.dumps({"id": "b", "text": "Britain expelled Russia's defence attaché."}),
    ]
    return run_cli("extract", "--jsonl", "-", stdin="\n".join(lines) + "\n")


def test_jsonl_with_a_bad_line_exits_1(jsonl_run: subprocess.CompletedProcess[str]) -> None:
    assert jsonl_run.returncode == 1


def test_jsonl_prints_one_line_per_input_line_in_order(
        jsonl_run: subprocess.CompletedProcess[str]) -> None:
    records = [json.loads(line) for line in jsonl_run.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", None, "b"]


def test_jsonl_bad_line_becomes_an_error_record(
        jsonl_run: subprocess.CompletedProcess[str]) -> None:
    middle = json.loads(jsonl_run.stdout.splitlines()[1])
    assert sorted(middle) == ["error", "id", "line"]
    assert (middle["id"], middle["line"]) == (None, 2)
    assert middle["error"].startswith("<stdin> line 2: not valid JSON")


def test_jsonl_good_lines_carry_facts(jsonl_run: subprocess.CompletedProcess[str]) -> None:
    lines = jsonl_run.stdout.splitlines()
    assert all(set(json.loads(lines[i])) >= FACT_KEYS for i in (0, 2))


# --------------------------------------------------------------------------- report


@pytest.fixture(scope="module")
def seed_report() -> subprocess.CompletedProcess[str]:
    return run_cli("extract", str(SEED), "--published", "2025-02-10")


def test_report_succeeds(seed_report: subprocess.CompletedProcess[str]) -> None:
    assert (seed_report.returncode, seed_report.stderr) == (0, "")


@pytest.mark.parametrize("needle", ["Events · 10", "Who → whom", "Senkaku Islands"])
def test_report_shows(seed_report: subprocess.CompletedProcess[str], needle: str) -> None:
    assert needle in seed_report.stdout


def test_report_fits_100_columns(seed_report: subprocess.CompletedProcess[str]) -> None:
    lines = seed_report.stdout.splitlines()
    assert lines
    assert [line for line in lines if cell_len(line) > 100] == []


# --------------------------------------------------------------------------- bad inputs


def _missing(tmp: Path) -> str:
    return "missing-article.txt"


def _directory(tmp: Path) -> str:
    (tmp / "articles").mkdir()
    return "articles"


def _empty(tmp: Path) -> str:
    (tmp / "empty.txt").write_bytes(b"")
    return "empty.txt"


def _binary(tmp: Path) -> str:
    (tmp / "picture.png").write_bytes(PNG + bytes(range(256)) * 8)
    return "picture.png"


def _huge(tmp: Path) -> str:
    # 50 MB of English text: over the limit however the size is measured.
    line = b"The foreign ministers met in Geneva and agreed to talk again next month.\n"
    with (tmp / "huge.txt").open("wb") as handle:
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))
    return "huge.txt"


def _french(tmp: Path) -> str:
    (tmp / "depeche.txt").write_text(FRENCH, encoding="utf-8")
    return "depeche.txt"


BAD_INPUTS: dict[str, tuple[Callable[[Path], str], str]] = {
    # case: (how to make it in a folder, returning the name to pass; word the error must hold)
    "missing": (_missing, "no such file"),
    "directory": (_directory, "directory"),
    "empty": (_empty, "empty"),
    "binary": (_binary, "binary"),
    "50MB": (_huge, "limit"),
    "french": (_french, "not english"),
}
BadRun = tuple[str, subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BadRun]:
    """`bad_run(case)`: (input name, finished run) — each case runs the CLI only once."""
    runs: dict[str, BadRun] = {}

    def run(case: str) -> BadRun:
        if case not in runs:
            folder = tmp_path_factory.mktemp(case)
            name = BAD_INPUTS[case][0](folder)
            runs[case] = name, run_cli("extract", name, cwd=folder)
        return runs[case]

    return run


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_exits_2_with_an_error_naming_it(
        bad_run: Callable[[str], BadRun], case: str) -> None:
    name, proc = bad_run(case)
    message = " ".join(proc.stderr.split())  # the one-line property is tested below
    assert proc.returncode == 2
    assert message.startswith("communique: error:")
    assert name in message
    assert BAD_INPUTS[case][1] in message.lower()


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_gives_no_traceback(bad_run: Callable[[str], BadRun], case: str) -> None:
    _, proc = bad_run(case)
    assert "Traceback" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_error_is_a_single_line(bad_run: Callable[[str], BadRun], case: str) -> None:
    _, proc = bad_run(case)
    assert len(proc.stderr.splitlines()) == 1, proc.stderr


def test_error_naming_a_long_path_stays_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "2025" / "february" / "japan-us-summit-joint-statement.txt"
    proc = run_cli("extract", str(path))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"communique: error: {path}: no such file"]


# --------------------------------------------------------------------------- encodings


def test_windows_1252_file_with_curly_quotes_is_read_and_quoted(tmp_path: Path) -> None:
    data = CP1252_TEXT.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test is meaningless if the bytes happened to be UTF-8
    (tmp_path / "legacy.txt").write_bytes(data)
    proc = run_cli("extract", "legacy.txt", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    quotes = json.loads(proc.stdout)["quotes"]
    assert [q["text"].startswith("We will work closely with our allies") for q in quotes] == [
        True]


COMMANDS = ("extract", "ingest", "events", "commitments", "quotes", "actors", "search",
            "stats", "export", "metadata", "bench")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_names_values_not_python_types(command: str) -> None:
    from typer.testing import CliRunner

    from communique.cli import app

    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    for leak in ("<bool>", "<str>", "<int", "<list[", "<path>"):
        assert leak not in result.stdout, (command, leak)
    usage = next(line for line in result.stdout.splitlines() if "Usage:" in line)
    assert "{" not in usage
    assert all(len(line) <= 100 for line in result.stdout.splitlines())


def test_search_usage_names_its_argument_in_capitals() -> None:
    from typer.testing import CliRunner

    from communique.cli import app

    result = CliRunner().invoke(app, ["search", "--help"], env={"COLUMNS": "100"})
    usage = next(line for line in result.stdout.splitlines() if "Usage:" in line)
    assert usage.split()[2:] == ["search", "[OPTIONS]", "QUERY"]
