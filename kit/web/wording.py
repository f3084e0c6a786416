"""The feedback page's fixed wording, from gettext catalogues `kit/locale/CODE/LC_MESSAGES/web.po`.

The same catalogue format and parser as the printables (their domain is `kit`, the page's is `web`).
Each catalogue's header names the language in itself (X-Language-Name) and its direction
(X-Text-Direction: ltr or rtl). A message missing from a catalogue falls back to English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kit.errors import DataFileError
from kit.i18n import LOCALE_DIR, parse_po

DOMAIN = "web"
DEFAULT_LANGUAGE = "en"
HEADER = re.compile(r'^"(X-Language-Name|X-Text-Direction): (.*)\\n"$', re.MULTILINE)


@dataclass(frozen=True)
class Language:
    """One language the page is offered in: its code, its own name, its direction and its messages."""

    code: str
    name: str
    dir: str
    messages: dict[str, str]

    def gettext(self, message: str) -> str:
        """The message in this language, or the English when it has no translation."""
        return self.messages.get(message) or message


@cache
def load_wording(folder: Path = LOCALE_DIR) -> dict[str, Language]:
    """Every language of the page by code (English first), each catalogue checked once."""
    found: dict[str, Language] = {}
    for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        code = path.parent.parent.name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(f"{path}: cannot be read as UTF-8 text ({exc}).") from None
        header = dict(HEADER.findall(text))
        name, direction = header.get("X-Language-Name", "").strip(), header.get("X-Text-Direction", "").strip()
        if not name or direction not in ("ltr", "rtl"):
            raise DataFileError(
                f'{path}: the header needs "X-Language-Name: <the name in the language>\\n" and '
                f'"X-Text-Direction: ltr\\n" (or rtl). Add them and try again.'
            )
        found[code] = Language(code, name, direction, parse_po(text, path))
    if DEFAULT_LANGUAGE not in found:
        raise DataFileError(f"{folder}: no {DEFAULT_LANGUAGE}/LC_MESSAGES/{DOMAIN}.po; English is the source wording.")
    return {DEFAULT_LANGUAGE: found.pop(DEFAULT_LANGUAGE), **found}


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
