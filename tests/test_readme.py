"""The README's commands work: every `communique ...` line of its code blocks runs, in
order, against one fresh database, with no error and some output; the report the README
shows for the seed is the report the command prints.

Left out, each covered elsewhere: `bench` (minutes of timing; tests/test_bench.py), Dask
(`--executor dask`, a cluster; tests/test_runner.py), and the set-up and third-party lines
(`make`, `pip`, `datasette`, `dask`), which are not communique's commands.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
NOT_RUN = ("communique bench", "--executor dask")
pytestmark = pytest.mark.slow  # half a minute: run by `make test` in CI and `make test-slow`


def code_blocks() -> list[tuple[str, str]]:
    return FENCE.findall(README.read_text(encoding="utf-8"))


def readme_commands() -> list[str]:
    commands = []
    for language, body in code_blocks():
        if language:  # python, json, yaml: not shell
            continue
        for line in body.splitlines():
            if not line.startswith("communique "):
                continue
            command = re.split(r"\s{2,}#", line, maxsplit=1)[0].strip()
            if not any(skip in command for skip in NOT_RUN):
                commands.append(command)
    return commands


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    (folder / "examples").symlink_to(ROOT / "examples")
    return folder


def run(command: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "COMMUNIQUE_DB": f"sqlite:///{workdir / 'communique.db'}"}
    env.pop("COLUMNS", None)
    return subprocess.run(["bash", "-c", command], cwd=workdir, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_readme_shows_commands_to_run() -> None:
    commands = readme_commands()
    assert len(commands) >= 15
    assert commands[0].startswith("communique extract examples/")


def test_every_readme_command_runs_without_error_and_prints_something(workdir: Path) -> None:
    failures = []
    for command in readme_commands():  # in order: the ingests come before the listings
        result = run(command, workdir)
        output = result.stdout + result.stderr
        if result.returncode != 0 or "Traceback" in output or "error:" in output or not (
                output.strip() or ">" in command):
            failures.append(f"{command}\n  exit {result.returncode}: {output[-400:]}")
    assert not failures, "\n".join(failures)


def test_the_seed_report_in_the_readme_is_what_the_command_prints(workdir: Path) -> None:
    text = README.read_text(encoding="utf-8")
    heading = "`communique extract examples/japan-us-summit-2025-02.txt --published 2025-02-10`:"
    shown = FENCE.search(text, text.index(heading))
    assert shown is not None
    result = run("communique extract examples/japan-us-summit-2025-02.txt --published "
                 "2025-02-10", workdir)
    assert result.stdout.rstrip("\n").split("\n") == shown.group(2).rstrip("\n").split("\n")
