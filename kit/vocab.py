"""The four UNCRC General Principles, the theme vocabulary and the glossary, loaded from data files."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from kit.errors import DataFileError

T = TypeVar("T")

DATA_DIR = Path(__file__).parent / "data"
ARTICLES = (2, 3, 6, 12)


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
    """A glossary entry: a term likely to come up, and its plain meaning."""

    term: str
    meaning: str


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
def load_principles() -> dict[int, Principle]:
    """The four principles keyed by article number."""
    path = DATA_DIR / "principles.toml"
    rows = read_toml(path).get("principle", [])
    principles: dict[int, Principle] = {}
    for i, row in enumerate(rows):
        where = f"principle[{i}]."
        fields = {f: require(path, row, f, str, where) for f in ("name", "short", "child_friendly", "colour", "icon")}
        article = require(path, row, "article", int, where)
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
    rows = read_toml(path).get("term", [])
    return tuple(
        Term(**{f: require(path, row, f, str, f"term[{i}].") for f in ("term", "meaning")})
        for i, row in enumerate(rows)
    )


@cache
def load_guidance(name: str, table: str) -> tuple[tuple[str, str], ...]:
    """Headed guidance (interpreting rules, safety panel) as (heading, text) pairs."""
    path = DATA_DIR / f"{name}.toml"
    rows = read_toml(path).get(table, [])
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
