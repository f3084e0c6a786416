"""Fixed wording of the printables in other languages, from gettext `.po` catalogues under `kit/locale/`.

The catalogues are read at run time by a small parser (no compile step, no extra dependency).
A message missing from a catalogue falls back to English.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kit.errors import DataFileError, InputError

LOCALE_DIR = Path(__file__).parent / "locale"
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

    names: Mapping[str, str]
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


HEADER_FIELD = re.compile(r'^"([A-Za-z-]+): (.*)\\n"$', re.MULTILINE)
REVIEW_FIELD = "X-Review-Status"


@dataclass(frozen=True)
class CatalogueStatus:
    """How far one language's catalogue of one domain goes, and whether a native speaker has reviewed it."""

    language: str
    domain: str
    translated: int
    total: int
    review: str  # 'source' (English), 'reviewed', 'draft', or 'missing' (no catalogue)
    note: str  # the header's own words about its review

    @property
    def coverage(self) -> float:
        return self.translated / self.total if self.total else 0.0


def catalogue_header(text: str) -> dict[str, str]:
    """The header fields of a .po catalogue (Language, X-Review-Status, ...)."""
    head = text.split("\n\n", 1)[0]
    return dict(HEADER_FIELD.findall(head))


def catalogue_status(language: str, domain: str = DOMAIN) -> CatalogueStatus:
    """Coverage of a language's catalogue against the English one, and its review status from the header."""
    english_path = LOCALE_DIR / SOURCE_LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
    english = parse_po(english_path.read_text(encoding="utf-8"), english_path)
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        return CatalogueStatus(language, domain, 0, len(english), "missing", "")
    text = path.read_text(encoding="utf-8")
    messages = parse_po(text, path)
    note = catalogue_header(text).get(REVIEW_FIELD, "").strip()
    if language == SOURCE_LANGUAGE:
        review = "source"
    elif note.lower().startswith("reviewed"):
        review = "reviewed"
    else:
        review = "draft"
    return CatalogueStatus(language, domain, len(set(messages) & set(english)), len(english), review, note)


def catalogue_languages() -> list[str]:
    """Every language code with a catalogue of any domain (the sheet's or the page's), English first."""
    codes = {p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/*.po")}
    return sorted(codes, key=lambda code: (code != SOURCE_LANGUAGE, code))
