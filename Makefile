# Two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SEED   := examples/japan-us-summit-2025-02.txt

.PHONY: demo test install lint eval bench clean

$(BIN)/communique: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip   # pip 23.2 drops extras (lxml_html_clean)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,scale]"
	touch $@

install: $(BIN)/communique

demo: install
	$(BIN)/communique extract $(SEED) --published 2025-02-10

lint: install
	$(BIN)/ruff check src tests

test: lint
	bash scripts/ensure_postgres.sh
	$(BIN)/pytest

eval: install
	$(PYTHON) ../shared/eval/score.py --batch-cmd "$(BIN)/communique extract --jsonl -" ../shared/eval/dev

bench: install
	$(BIN)/communique bench

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
