"""Dates kept on ingest, and listings that fit a terminal (issue 9, items 1 and 3).

The commands run end to end on a real SQLite file with the real model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from communique.cli import app
from communique.ingest import dateline_date

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "japan-us-summit-2025-02.txt"
runner = CliRunner()


def run(*args: str, columns: int | None = None) -> tuple[int, str, str]:
    env = {"COLUMNS": str(columns)} if columns else {}
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


# --------------------------------------------------------------------------- date lines


@pytest.mark.parametrize(("head", "date"), [
    ("Press Statement\nAntony J. Blinken, Secretary of State\nAugust 1, 2024\nOn July 28, "
     "millions of Venezuelans voted.", "2024-08-01"),
    ("FOR IMMEDIATE RELEASE - July 23, 2025\nThe President secured a deal.", "2025-07-23"),
    ("NORTH AMERICA BRIEFING - Wednesday, February 12, 2025\nGood morning.", "2025-02-12"),
    ("Press Briefing\nWashington, DC, March 28, 2025\nMS. BRUCE: Hello.", "2025-03-28"),
    ("WASHINGTON, Feb. 8, 2025 — Japan promised to invest.", "2025-02-08"),
    ("LONDON, 10 February 2025 (Reuters) - Britain expelled a diplomat.", "2025-02-10"),
    ("# Leaders meet\nPublished: 2025-02-10\nThe leaders met.", "2025-02-10"),
])
def test_a_date_line_at_the_top_of_a_text_is_its_publication_date(head: str,
                                                                  date: str) -> None:
    assert dateline_date(head) == date


@pytest.mark.parametrize("head", [
    "WASHINGTON, Feb 8 - Japan promised to invest.",  # no year: could be any year
    "On July 28, 2024, millions of Venezuelans voted.",  # a date in a sentence
    "Japan pledged on February 7, 2025 to raise its investment.",
    "Lead paragraph.\n\n\n\n\n\n\nAugust 1, 2024",  # too far down
    "GENEVA, February 30, 2025 — No such day.",
])
def test_a_date_in_the_body_or_without_a_year_is_not_a_date_line(head: str) -> None:
    assert dateline_date(head) is None


# --------------------------------------------------------------------------- ingest dates


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'communique.db'}"


def test_an_undated_text_is_stored_with_a_warning_and_since_says_what_it_left_out(
        db: str) -> None:
    code, _out, err = run("ingest", str(SEED), "--db", db, "--quiet")
    assert code == 0
    assert err.splitlines() == [
        "communique: warning: 1 document stored without a publication date (none stated in "
        "the input);",
        "communique: warning: --since, --until and the GDELT export leave their events out: "
        "rerun with --published YYYY-MM-DD"]
    code, out, err = run("events", "--actor", "JPN", "--type", "AGREE", "--since",
                         "2025-01-01", "--db", db)
    assert code == 0
    assert out.strip() == "no events match (actor JPN, type AGREE, since 2025-01-01)"
    assert ("note: 4 undated events left out by --since/--until (their documents have no "
            "publication date: ingest them with --published)") in err


def test_published_dates_an_ingest_and_a_rerun_dates_what_is_already_stored(
        db: str) -> None:
    run("ingest", str(SEED), "--db", db, "--quiet")
    code, _out, err = run("ingest", str(SEED), "--db", db, "--published", "2025-02-10")
    assert code == 0
    assert err.strip() == ("communique: 0 added, 0 replaced, 1 already stored, 0 failed "
                           "(1 already stored now dated by --published)")
    code, out, _err = run("events", "--actor", "JPN", "--type", "AGREE", "--since",
                          "2025-01-01", "--db", db, "--format", "json")
    assert {(r["trigger"], r["published"]) for r in json.loads(out)} == {
        ("pledged", "2025-02-10"), ("agreed", "2025-02-10"), ("committed", "2025-02-10"),
        ("concurred", "2025-02-10")}


def test_a_text_with_a_date_line_is_dated_by_it_and_the_summary_says_so(
        db: str, tmp_path: Path) -> None:
    story = tmp_path / "veto.txt"
    story.write_text("UNITED NATIONS, Feb. 20, 2024 — Chile and Peru signed a trade "
                     "agreement.\n", encoding="utf-8")
    code, _out, err = run("ingest", str(story), "--db", db, "--published", "2020-01-01")
    assert code == 0
    assert err.strip() == ("communique: 1 added, 0 replaced, 0 already stored, 0 failed "
                           "(1 dated by the date line in the text)")
    code, out, _err = run("events", "--db", db, "--format", "json")
    assert [r["published"] for r in json.loads(out)] == ["2024-02-20"]


def test_a_jsonl_date_is_kept_and_published_fills_only_the_records_without_one(
        db: str, tmp_path: Path) -> None:
    batch = tmp_path / "briefs.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "text": "Chile and Peru signed a trade agreement.",
                    "published": "2024-05-01"}) + "\n"
        + json.dumps({"id": "b", "text": "Egypt urged Sudan to accept a ceasefire."}) + "\n",
        encoding="utf-8")
    code, _out, _err = run("ingest", str(batch), "--db", db, "--published", "2024-06-30")
    assert code == 0
    code, out, _err = run("events", "--db", db, "--format", "json")
    assert {(r["document_id"], r["published"]) for r in json.loads(out)} == {
        ("a", "2024-05-01"), ("b", "2024-06-30")}


# --------------------------------------------------------------------------- tables


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('listings') / 'communique.db'}"
    code, _out, _err = run("ingest", str(SEED), "--db", url, "--published", "2025-02-10",
                           "--quiet")
    assert code == 0
    return url


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("kind", ["events", "commitments", "quotes", "actors"])
def test_every_listing_fits_the_width_it_is_given_one_line_per_row(
        seed_db: str, kind: str, columns: int) -> None:
    code, out, _err = run(kind, "--db", seed_db, "--all", columns=columns)
    assert code == 0
    lines = out.rstrip("\n").split("\n")
    assert max(cell_len(line) for line in lines) <= columns
    code, rows, _err = run(kind, "--db", seed_db, "--all", "--format", "json")
    assert len(lines) == 2 + len(json.loads(rows))  # heading, rule, then a line a row


def test_piped_output_is_100_columns_wide(seed_db: str) -> None:
    _code, out, _err = run("commitments", "--db", seed_db)
    assert max(cell_len(line) for line in out.splitlines()) == 100


def test_long_actions_are_cut_with_an_ellipsis_and_shown_whole_with_wide(
        seed_db: str) -> None:
    _code, out, _err = run("commitments", "--by", "JPN", "--topic", "investment", "--db",
                           seed_db)
    pledge = next(line for line in out.splitlines() if "$1 trillion" in line)
    assert pledge.rstrip().endswith("…") and "to increase its investment" in pledge
    _code, out, _err = run("commitments", "--by", "JPN", "--topic", "investment", "--db",
                           seed_db, "--wide")
    assert "Donald J. Trump on February 7" in " ".join(" ".join(out.split()).split("│"))


def test_numbers_are_right_aligned(seed_db: str) -> None:
    _code, out, _err = run("actors", "--db", seed_db)
    heading, _rule, first, *_ = out.splitlines()
    assert heading.rstrip().endswith("Documents   Mentions")
    assert first.rstrip().endswith("1         10")
    assert len(first.rstrip()) == len(heading.rstrip())


def test_a_page_says_how_many_rows_it_left_out(seed_db: str) -> None:
    code, out, err = run("events", "--db", seed_db, "--limit", "3")
    assert code == 0
    assert len(out.splitlines()) == 5
    assert err.strip() == "showing 3 of 10 — --limit N for more, --all for every row"
    code, out, err = run("events", "--db", seed_db)  # default limit 50: all ten fit
    assert len(out.splitlines()) == 12 and err == ""


def test_an_empty_result_says_what_matched_nothing(seed_db: str) -> None:
    code, out, _err = run("commitments", "--by", "FRA", "--topic", "trade", "--db", seed_db)
    assert code == 0
    assert out.strip() == "no commitments match (by FRA, topic trade)"
    code, out, _err = run("commitments", "--by", "FRA", "--db", seed_db, "--format", "csv")
    assert out.startswith("commitment_id,document_id,") and len(out.splitlines()) == 1


# --------------------------------------------------------------------------- progress


def test_ingest_of_a_folder_shows_done_of_total_rate_and_time_left_on_a_terminal(
        db: str, tmp_path: Path) -> None:
    import os
    import pty
    import re
    import subprocess
    import sys

    folder = tmp_path / "news"
    folder.mkdir()
    for n, country in enumerate(("Chile", "Kenya", "Japan"), 1):
        (folder / f"{n}.txt").write_text(f"{country} signed a trade agreement with Peru.\n",
                                         encoding="utf-8")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "communique", "ingest", str(folder), "--db", db],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    assert process.wait(timeout=120) == 0
    os.close(leader)
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.decode("utf-8", "replace"))
    assert "0/3" in shown and "3/3" in shown  # the total is known from the start
    final = [line for line in shown.replace("\r", "\n").splitlines() if "3/3" in line][-1]
    assert re.search(r"3/3 \d+(\.\d)? docs/s 0:00:00", final), final


def test_csv_listings_neutralise_formulas_unless_raw(db: str, tmp_path: Path) -> None:
    batch = tmp_path / "evil.jsonl"
    batch.write_text(json.dumps({
        "id": "=cmd", "title": '@SUM(1+1)*cmd|" /C calc"!A0',
        "text": "Chile and Peru signed a trade agreement in Lima."}) + "\n", encoding="utf-8")
    assert run("ingest", str(batch), "--db", db, "--quiet")[0] == 0
    _code, out, _err = run("search", "Chile", "--db", db, "--format", "csv")
    assert out.splitlines()[1].startswith("'=cmd,\"'@SUM(1+1)*cmd|")
    _code, out, _err = run("events", "--db", db, "--format", "csv", "--raw")
    assert ",=cmd," in out.splitlines()[1]
