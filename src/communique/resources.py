"""Packaged knowledge files (YAML) read once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

# libyaml's C parser when PyYAML was built with it: the pure-Python one took 2.7 s of an
# 8.3 s start-up reading the gazetteers (same safe subset of YAML either way).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """yaml.safe_load, with the C parser when there is one."""
    return yaml.load(text, Loader=_SAFE_LOADER)


@cache
def load_data(name: str) -> dict[str, Any]:
    """Return the parsed YAML file `communique/data/<name>`."""
    text = resources.files("communique").joinpath("data", name).read_text(encoding="utf-8")
    data = safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"communique/data/{name}: expected a mapping at the top level")
    return data


def lexicon() -> dict[str, Any]:
    return load_data("lexicon.yaml")


def event_lexicon() -> dict[str, Any]:
    return load_data("events.yaml")


def topic_lexicon() -> dict[str, Any]:
    return load_data("topics.yaml")
