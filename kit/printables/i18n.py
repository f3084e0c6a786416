"""Fixed wording of the printables in other languages, from gettext `.po` catalogues under `kit/locale/`.

The catalogues are read at run time by a small parser (no compile step, no extra dependency).
A message missing from a catalogue falls back to English.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import cache
from pathlib import Path

from kit.errors import DataFileError, InputError

LOCALE_DIR = Path(__file__).parent.parent / "locale"
DOMAIN = "kit"
SOURCE_LANGUAGE = "en"


def catalogue_path(language: str) -> Path:
    """The .po file for a language code."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages() -> list[str]:
    """Language codes that have a catalogue."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def parse_po(text: str, path: Path) -> dict[str, str]:
    """Parse .po text into {msgid: msgstr}, skipping the header and untranslated or fuzzy entries."""
    messages: dict[str, str] = {}
    entry: dict[str, str] = {}
    key = ""
    fuzzy = False

    def finish() -> None:
        nonlocal entry, fuzzy
        if entry.get("msgid") and entry.get("msgstr") and not fuzzy:
            messages[entry["msgid"]] = entry["msgstr"]
        entry, fuzzy = {}, False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if "msgstr" in entry and not line.startswith('"'):
            finish()
        if line.startswith("#"):
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue
        try:
            if line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, quoted = line.partition(" ")
                entry[key] = ast.literal_eval(quoted)
        except (SyntaxError, ValueError, KeyError):
            raise DataFileError(f"{path}, line {number}: not valid .po syntax. Fix the line and try again.") from None
    finish()
    return messages


@cache
def load_catalogue(language: str) -> dict[str, str]:
    """The messages of one language's catalogue (empty for the source language's identity entries)."""
    path = catalogue_path(language)
    if not path.is_file():
        known = ", ".join(available_languages())
        raise InputError(f"No translation for language '{language}'. Languages available: {known}.")
    return parse_po(path.read_text(encoding="utf-8"), path)


def language_code(language: str | None) -> str:
    """A language code as the catalogues name it: 'AR' and 'ar' are 'ar'; None is English."""
    return (language or SOURCE_LANGUAGE).strip().lower().replace("_", "-")


def translator(language: str | None) -> Callable[[str], str]:
    """A gettext-style `_` for a language code (English when None)."""
    messages = load_catalogue(language_code(language))
    return lambda message: messages.get(message) or message


def format_minutes(minutes: int, language: str | None) -> str:
    """'5 minutes' in a language, with its plural form from CLDR ('5 دقائق', '11 دقيقة', '2 ደቒቓታት')."""
    from babel.core import UnknownLocaleError
    from babel.units import format_unit

    try:
        return format_unit(minutes, "duration-minute", length="long", locale=_babel_locale(language))
    except (UnknownLocaleError, ValueError):
        return format_unit(minutes, "duration-minute", length="long", locale=SOURCE_LANGUAGE)


def language_name(code: str, language: str | None) -> str:
    """A language's name in another language, from CLDR ('ti' in Arabic: 'التغرينية'); else its own name."""
    from babel import Locale
    from babel.core import UnknownLocaleError

    from kit.vocab import load_languages

    try:
        names = Locale.parse(_babel_locale(language)).languages
    except (UnknownLocaleError, ValueError):
        names = {}
    # CLDR names Dari by its region variant of Persian.
    name = names.get(code.replace("-", "_")) or names.get({"prs": "fa_AF"}.get(code, ""))
    if name:
        return name
    known = load_languages().get(code)
    return known.own if known else code


def _babel_locale(language: str | None) -> str:
    return language_code(language).replace("-", "_")
