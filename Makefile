# Two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SEED   := examples/japan-us-summit-2025-02.txt

.PHONY: demo test install lint eval bench clean test-embed test-slow
# torch lives in a virtual environment of its own: it slows `import spacy` 2.4x.
EMBED_VENV := .venv-embed

$(BIN)/communique: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip   # pip 23.2 drops extras (lxml_html_clean)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,scale,server]"
	touch $@

install: $(BIN)/communique

demo: install
	$(BIN)/communique extract $(SEED) --published 2025-02-10

lint: install
	$(BIN)/ruff check src tests

test: lint
	bash scripts/ensure_postgres.sh
	$(BIN)/pytest
	$(MAKE) test-embed
	if [ "$$CI" = "true" ]; then $(MAKE) test-slow; fi

# The slow cases (a text over spaCy's limit, kill-and-resume loops, every README command);
# CI runs them.
test-slow: install
	bash scripts/ensure_postgres.sh
	$(BIN)/pytest -m slow

$(EMBED_VENV)/bin/communique: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(EMBED_VENV)
	$(EMBED_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(EMBED_VENV)/bin/python -m pip install --quiet -c constraints.txt -e ".[dev,embed]"
	touch $@

# The [embed] path of commitment tracking, in a virtual environment with torch.
test-embed: $(EMBED_VENV)/bin/communique
	$(EMBED_VENV)/bin/pytest -m embed tests/test_embed.py

eval: install
	$(PYTHON) ../shared/eval/score.py --batch-cmd "$(BIN)/communique extract --jsonl -" ../shared/eval/dev

bench: install
	$(BIN)/communique bench

clean:
	rm -rf $(VENV) $(EMBED_VENV) build src/*.egg-info .pytest_cache .ruff_cache
