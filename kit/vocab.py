"""The four UNCRC General Principles, the theme vocabulary and the glossary, loaded from data files."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from kit.errors import DataFileError

T = TypeVar("T")

DATA_DIR = Path(__file__).parent / "data"
ARTICLES = (2, 3, 6, 12)
NATIONS = ("england", "wales", "scotland", "northern-ireland")


@dataclass(frozen=True)
class Principle:
    """One UNCRC General Principle as the kit shows it."""

    article: int
    name: str
    short: str
    child_friendly: str
    colour: str
    icon: str

    @property
    def label(self) -> str:
        return f"Art. {self.article} {self.name}"


@dataclass(frozen=True)
class Theme:
    """A word used to tag outputs, with a short plain description."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Term:
    """A glossary entry: a term likely to come up, its plain meaning, where it applies and when it was checked."""

    term: str
    meaning: str
    nations: tuple[str, ...] = NATIONS
    checked_on: dt.date | None = None


@dataclass(frozen=True)
class WordingRules:
    """What content must say (the right to pass and take back) and must never say, from wording.toml."""

    pass_words: tuple[str, ...]
    take_back: tuple[str, ...]
    banned: tuple[str, ...]
    banned_in_status: dict[str, tuple[str, ...]]

    def says_pass_and_take_back(self, text: str) -> bool:
        """Whether a text tells young people they can pass and can take back what they said."""
        lowered = text.lower()
        return _has_any(lowered, self.pass_words) and _has_any(lowered, self.take_back)

    def banned_phrase(self, text: str) -> str | None:
        """The first banned phrase in a text, if any."""
        lowered = " ".join(text.lower().split())
        return next((phrase for phrase in self.banned if phrase in lowered), None)

    def banned_status_word(self, language: str, text: str) -> str | None:
        """The first word a status must never use in this language (or in English), if any."""
        lowered = text.lower()
        words = self.banned_in_status.get(language, ()) + self.banned_in_status.get("en", ())
        return next((word for word in words if word in lowered), None)


def _has_any(lowered: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in words)


def read_toml(path: Path) -> dict:
    """Parse a TOML data file, naming the file in any error."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DataFileError(f"{path}: file not found.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: not valid TOML ({exc}). Fix the file or remove it.") from None


def require(path: Path, table: dict, field: str, kind: type[T], where: str = "") -> T:
    """Return table[field], raising a DataFileError naming file and field if missing or mistyped."""
    label = f"{where}{field}"
    if field not in table:
        raise DataFileError(f"{path}: field '{label}' is missing.")
    value = table[field]
    if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
        raise DataFileError(f"{path}: field '{label}' should be {kind.__name__}, not {type(value).__name__}.")
    if isinstance(value, str) and not value.strip():
        raise DataFileError(f"{path}: field '{label}' is empty.")
    return value


@cache
def load_wording() -> WordingRules:
    """The wording rules every activity, data file and catalogue is checked against."""
    path = DATA_DIR / "wording.toml"
    data = read_toml(path)

    def words(table: str, field: str) -> tuple[str, ...]:
        section = require(path, data, table, dict)
        values = require(path, section, field, list, f"{table}.")
        if not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise DataFileError(f"{path}: field '{table}.{field}' should be a list of non-empty strings.")
        return tuple(v.lower() for v in values)

    status = require(path, data, "banned_in_status", dict)
    return WordingRules(
        pass_words=words("right_to_pass", "pass"),
        take_back=words("right_to_pass", "take_back"),
        banned=words("banned", "phrases"),
        banned_in_status={language: words("banned_in_status", language) for language in status},
    )


def check_wording(path: Path, value: object, where: str = "") -> None:
    """Refuse a data file whose text makes a promise the kit cannot keep, naming the file and field."""
    if isinstance(value, dict):
        for key, item in value.items():
            check_wording(path, item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_wording(path, item, f"{where}[{index}]")
    elif isinstance(value, str):
        phrase = load_wording().banned_phrase(value)
        if phrase:
            raise DataFileError(
                f"{path}: field '{where}' says '{phrase}', which is not true: ideas leave the room. "
                "Say that who said what stays here and ideas go out without names."
            )


def checked_date(path: Path, table: dict, where: str) -> dt.date:
    """A 'checked_on' date (YYYY-MM-DD, not in the future), naming file and field in any error."""
    value = require(path, table, "checked_on", dt.date, where)
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise DataFileError(f"{path}: field '{where}checked_on' should be a date like 2026-12-01, without a time.")
    if value > dt.date.today():
        raise DataFileError(f"{path}: field '{where}checked_on' is {value}, in the future; use the day it was checked.")
    return value


def nations_of(path: Path, table: dict, where: str) -> tuple[str, ...]:
    """The UK nations a fact applies to (all four if the field is absent)."""
    if "nations" not in table:
        return NATIONS
    values = require(path, table, "nations", list, where)
    if not values or not all(v in NATIONS for v in values):
        raise DataFileError(f"{path}: field '{where}nations' should list one or more of {', '.join(NATIONS)}.")
    return tuple(n for n in NATIONS if n in values)


@cache
def load_principles() -> dict[int, Principle]:
    """The four principles keyed by article number."""
    path = DATA_DIR / "principles.toml"
    data = read_toml(path)
    check_wording(path, data)
    rows = data.get("principle", [])
    principles: dict[int, Principle] = {}
    for i, row in enumerate(rows):
        where = f"principle[{i}]."
        fields = {f: require(path, row, f, str, where) for f in ("name", "short", "child_friendly", "colour", "icon")}
        article = require(path, row, "article", int, where)
        checked_date(path, row, where)
        principles[article] = Principle(article, **fields)
    if tuple(sorted(principles)) != ARTICLES:
        raise DataFileError(f"{path}: must define exactly the articles {ARTICLES}.")
    return principles


def themes_file_from_env() -> Path | None:
    """The coordinator's own themes file, from KIT_THEMES, if set."""
    value = os.environ.get("KIT_THEMES")
    return Path(value) if value else None


def load_themes(extra: Path | None = None) -> dict[str, Theme]:
    """The theme vocabulary keyed by id: the kit's own, plus a coordinator's file if given."""
    paths = [DATA_DIR / "themes.toml"]
    extra = extra or themes_file_from_env()
    if extra is not None:
        paths.append(extra)
    themes: dict[str, Theme] = {}
    for path in paths:
        for i, row in enumerate(read_toml(path).get("theme", [])):
            where = f"theme[{i}]."
            theme = Theme(**{f: require(path, row, f, str, where) for f in ("id", "name", "description")})
            themes[theme.id] = theme
    return themes


@cache
def load_glossary() -> tuple[Term, ...]:
    """Terms an interpreter should know, in the order of the glossary file."""
    path = DATA_DIR / "glossary.toml"
    data = read_toml(path)
    check_wording(path, data)
    terms = []
    for i, row in enumerate(data.get("term", [])):
        where = f"term[{i}]."
        terms.append(
            Term(
                term=str(require(path, row, "term", str, where)),
                meaning=str(require(path, row, "meaning", str, where)),
                nations=nations_of(path, row, where),
                checked_on=checked_date(path, row, where),
            )
        )
    return tuple(terms)


@cache
def load_guidance(name: str, table: str) -> tuple[tuple[str, str], ...]:
    """Headed guidance (interpreting rules, safety panel) as (heading, text) pairs."""
    path = DATA_DIR / f"{name}.toml"
    data = read_toml(path)
    check_wording(path, data)
    rows = data.get(table, [])
    return tuple(
        (
            str(require(path, row, "heading", str, f"{table}[{i}].")),
            str(require(path, row, "text", str, f"{table}[{i}].")),
        )
        for i, row in enumerate(rows)
    )


@dataclass(frozen=True)
class Language:
    """A language a session can be held in."""

    code: str
    name: str
    own: str
    script: str

    @property
    def label(self) -> str:
        """The code with the English name and, if different, the language's own name."""
        return f"{self.code}  {self.name}" + (f" · {self.own}" if self.own != self.name else "")


@cache
def load_languages() -> dict[str, Language]:
    """The known languages keyed by code, in the order of the data file."""
    path = DATA_DIR / "languages.toml"
    languages: dict[str, Language] = {}
    for i, row in enumerate(read_toml(path).get("language", [])):
        fields = {f: str(require(path, row, f, str, f"language[{i}].")) for f in ("code", "name", "own", "script")}
        languages[fields["code"]] = Language(**fields)
    if "en" not in languages:
        raise DataFileError(f"{path}: English (en) must be in the list.")
    return languages


def _language_names(language: Language) -> set[str]:
    """Every way a facilitator might write a language: code, English name (and its parts), own name."""
    names = {language.code, language.name.lower(), language.own.lower()}
    if " (" in language.name:
        outer, inner = language.name.lower().rstrip(")").split(" (", 1)
        names |= {outer, inner}
    return names


def language_code(text: str) -> str:
    """The code of a known language given by code or name (any case); InputError listing the codes."""
    from kit.errors import InputError

    wanted = text.strip().lower().replace("_", "-")
    found = [lang for lang in load_languages().values() if wanted in _language_names(lang)]
    if len(found) == 1:
        return found[0].code
    shown = text.strip()[:30]
    if found:
        choices = " or ".join(f"{lang.code} ({lang.name})" for lang in found)
        raise InputError(f"'{shown}' could be {choices}; give the code.")
    known = ", ".join(f"{lang.code} ({lang.name})" for lang in load_languages().values())
    raise InputError(f"'{shown}' is not a language the kit knows. Choose from: {known}.")
