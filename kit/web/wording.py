"""The feedback page's fixed wording in each language, and choosing the language for a request."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kit.errors import DataFileError

WORDING_FILE = Path(__file__).with_name("wording.toml")
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """One language the page is offered in: its code, its own name, its direction and its words."""

    code: str
    name: str
    dir: str
    text: dict[str, str]


@cache
def load_wording(path: Path = WORDING_FILE) -> dict[str, Language]:
    """Every language of the page by code, checked once: each has every English key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read as TOML ({exc}).") from None
    languages, texts = data.get("languages", {}), data.get("text", {})
    source = texts.get(DEFAULT_LANGUAGE)
    if not isinstance(source, dict) or not source:
        raise DataFileError(f"{path}: [text.{DEFAULT_LANGUAGE}] is missing; English is the source wording.")
    found: dict[str, Language] = {}
    for code, meta in languages.items():
        text = texts.get(code)
        if not isinstance(text, dict):
            raise DataFileError(f"{path}: language '{code}' has no [text.{code}] table.")
        missing = sorted(set(source) - set(text))
        if missing:
            raise DataFileError(f"{path}: [text.{code}] lacks '{missing[0]}'; every language needs every key.")
        if meta.get("dir") not in ("ltr", "rtl") or not meta.get("name"):
            raise DataFileError(f'{path}: [languages.{code}] needs a name and dir = "ltr" or "rtl".')
        found[code] = Language(code, str(meta["name"]), str(meta["dir"]), {k: str(v) for k, v in text.items()})
    if DEFAULT_LANGUAGE not in found:
        raise DataFileError(f"{path}: [languages.{DEFAULT_LANGUAGE}] is missing.")
    return found


def choose_language(asked: str | None, accept_language: str | None) -> Language:
    """The language for a request: ?lang= if offered, else the best Accept-Language match, else English."""
    languages = load_wording()
    if asked and asked in languages:
        return languages[asked]
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in languages and weight > 0:
            ranked.append((-weight, index, primary))
    return languages[min(ranked)[2]] if ranked else languages[DEFAULT_LANGUAGE]
