"""The roster and the list of first names: which words in a text are names of people.

A roster holds the names of the people in the room, in memory only. Each entry is one person and may
give several spellings ("Amira / أميرة"); each part of a multi-part name ("Thi Lan") is matched on its
own, in any script and common spelling (see kit/spelling.py). Names not on the roster are found with a
list of first names shipped as data (kit/data/names.toml), held against a keep-list of ordinary words,
places, nationalities, languages and institutions that are also names (Hope, Jordan, Victoria).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kit.errors import InputError
from kit.scrub.spelling import (
    ARABIC_PREFIXES,
    arabic_classes,
    arabic_skeleton,
    latin_fold,
    latin_matches_arabic,
    latin_matches_ethiopic,
    latin_skeleton,
    script_of,
    strip_marks,
)

NAMES_FILE = Path(__file__).parent.parent / "data" / "names.toml"
MIN_PART_LETTERS = 2
MANY_WORDS = 4  # more words than one person's name usually has
# Tigrinya and Amharic join "to", "with", "from", "by", "of" to the next word: "ንዮናስ" is "to Yonas".
ETHIOPIC_PREFIXES = ("ካብ", "ምስ", "ናብ", "ከም", "ን", "ብ", "ለ", "በ", "ከ", "የ")

# A word: letters with their marks; an apostrophe ends it ("Amina's" is "Amina" + "'s").
WORD = re.compile(r"[^\W\d_][^\W_]*(?:[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640][^\W_]*)*")
SAID = re.compile(
    r"\s*(?:said|says|told|thinks|thought|wants|wanted|asked|added|agreed|explained|suggested|wrote|laughed)\b"
)
# ى stays: على ("on") and علي (Ali) differ only in it.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ی": "ي", "ک": "ك"})


def arabic_fold(word: str) -> str:
    """An Arabic-script word with marks gone and the letters people write either way made one."""
    return strip_marks(word).translate(_ARABIC_FOLD)


@dataclass(frozen=True)
class NameData:
    """First names by origin, spelling variants and the keep-list, loaded from kit/data/names.toml."""

    latin: frozenset[str]  # lower-case, as written and without accents
    arabic: frozenset[str]  # arabic_fold() of each
    ethiopic: frozenset[str]
    variants: dict[str, frozenset[str]]  # latin_fold -> every spelling of that name, folded
    words: frozenset[str]  # ordinary words that are also names: a name only where used as one
    proper: frozenset[str]  # places, nationalities, languages, institutions, months: a name only with a cue
    shown: tuple[str, ...] = ()  # every name and spelling as written in the file, for showing what an entry takes
    subjects: frozenset[str] = frozenset()  # words that start a sentence before "said" and are not names


@lru_cache(maxsize=1)
def load_names(path: Path = NAMES_FILE) -> NameData:
    """Read the shipped name lists once; a damaged file names itself and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        latin: set[str] = set()
        shown: dict[str, None] = {}
        arabic: set[str] = set()
        ethiopic: set[str] = set()
        for origin, names in data["first_names"].items():
            for name in names:
                if not isinstance(name, str) or not name.strip():
                    raise ValueError(f"first_names.{origin} holds {name!r}, not a name")
                shown[name] = None
                script = script_of(name)
                if script == "arabic":
                    arabic.add(arabic_fold(name))
                elif script == "ethiopic":
                    ethiopic.add(name)
                else:
                    latin.update({name.lower(), latin_fold(name)})
        variants: dict[str, frozenset[str]] = {}
        for group in data["variants"]["groups"]:
            shown.update(dict.fromkeys(group))
            folds = frozenset(latin_fold(v) for v in group)
            for fold in folds:
                variants[fold] = variants.get(fold, frozenset()) | folds
        keep = data["keep"]
        words = frozenset(w.lower() for w in keep["words"])
        subjects = frozenset(w.lower() for w in keep["subjects"])
        proper = frozenset(
            w.lower() for key, values in keep.items() if key not in ("words", "subjects") for w in values
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"{path}: the name lists cannot be read ({exc}). Reinstall the kit.") from None
    return NameData(
        frozenset(latin), frozenset(arabic), frozenset(ethiopic), variants, words, proper, tuple(shown), subjects
    )


@dataclass(frozen=True)
class Part:
    """One word of one spelling of a roster entry, with the keys it is matched by."""

    text: str
    script: str
    fold: str  # latin_fold (also for Ge'ez and other scripts)
    native: str  # arabic_fold for Arabic script, else the folded Latin
    skeleton: str
    common_word: bool  # Hope, Joy, Will: removed only where used as a name


@dataclass
class Roster:
    """The roster compiled for matching; built once per list of entries."""

    entries: tuple[str, ...]
    parts: list[Part] = field(default_factory=list)
    latin_exact: dict[str, Part] = field(default_factory=dict)
    arabic_exact: dict[str, Part] = field(default_factory=dict)
    by_skeleton: dict[str, list[Part]] = field(default_factory=dict)

    def find(self, text: str, tokens: Iterable[re.Match[str]]) -> Iterator[tuple[int, int]]:
        """Spans of text that are roster names."""
        if not self.parts:
            return
        for m in tokens:
            if self.matches(m.group(), text, m.start(), m.end()):
                yield m.start(), m.end()

    def matches(self, word: str, text: str = "", start: int = 0, end: int = 0) -> bool:
        """Whether one word of a text (at start..end) is a spelling of a roster name."""
        script = script_of(word)
        if script == "arabic":
            return any(self._arabic(form) for form in _without_prefixes(arabic_fold(word), ARABIC_PREFIXES))
        fold = latin_fold(word)
        if len(fold) < MIN_PART_LETTERS:
            return False
        part = self.latin_exact.get(fold)
        if part is not None and (not part.common_word or used_as_name(word, text, start, end)):
            return True
        if script == "ethiopic":
            return any(self._loose(latin_fold(form), True) for form in _without_prefixes(word, ETHIOPIC_PREFIXES))
        if not word[0].isupper():
            return False  # other spellings of a name count only where it is written as a name
        return self._loose(fold, False)

    def _arabic(self, form: str) -> bool:
        if form in self.arabic_exact:
            return True
        classes = arabic_classes(form)
        for part in self.by_skeleton.get(arabic_skeleton(classes), ()):
            if part.script != "arabic" and not part.common_word and latin_matches_arabic(part.fold, classes):
                return True
        return False

    def _loose(self, fold: str, ethiopic: bool) -> bool:
        """Another spelling of a roster name: Muhammad for Mohammed, Yonas for يونس, ዮናስ for Yonas."""
        if len(fold) < MIN_PART_LETTERS:
            return False
        if ethiopic and fold in self.latin_exact:
            return not self.latin_exact[fold].common_word
        names = load_names()
        for part in self.by_skeleton.get(latin_skeleton(fold), ()):
            if part.common_word:
                continue
            if part.script == "arabic":
                if latin_matches_arabic(fold, arabic_classes(part.native)):
                    return True
            elif ethiopic:
                if latin_matches_ethiopic(part.fold, fold):
                    return True
            elif part.script == "ethiopic":
                if latin_matches_ethiopic(fold, part.fold):
                    return True
            elif fold in names.variants.get(part.fold, ()):
                return True
        return False


def find_listed_names(text: str, tokens: Iterable[re.Match[str]]) -> Iterator[tuple[int, int]]:
    """Spans of words that are first names on the shipped list, where they are used as names."""
    names = load_names()
    for m in tokens:
        word = m.group()
        if word[0] < "\u0600" and not word[0].isupper():
            continue  # a lower-case Latin word is never taken for a name from the list
        script = script_of(word)
        if script == "arabic":
            if any(form in names.arabic for form in _without_prefixes(arabic_fold(word), ARABIC_PREFIXES)):
                yield m.start(), m.end()
            continue
        if script == "ethiopic":
            if any(form in names.ethiopic for form in _without_prefixes(word, ETHIOPIC_PREFIXES)):
                yield m.start(), m.end()
            continue
        if not word[0].isupper() or len(word) < MIN_PART_LETTERS:
            continue
        lower = word.lower()
        if lower not in names.latin:
            continue
        if lower in names.proper:
            if SAID.match(text, m.end()):
                yield m.start(), m.end()
        elif lower in names.words:
            if used_as_name(word, text, m.start(), m.end()):
                yield m.start(), m.end()
        else:
            yield m.start(), m.end()


ACTS = re.compile(
    r"\s+(?:said|says|told|tells|thinks|thought|wants|wanted|drew|draws|wrote|writes|asked|asks|agreed|agrees"
    r"|explained|suggested|added|laughed|feels|felt|likes|liked|loves|hates|needs|needed|chose|voted|talked"
    r"|spoke|shared|cried|smiled|arrived|came|joined|want|need|think|say|like)\b"
)
_AND = re.compile(r"\s+and\s+")


def _plain_word(word: str, names: NameData) -> bool:
    """A word that is not a name: an ordinary or proper word on the keep-list, or a usual sentence subject."""
    lower = word.lower()
    return lower in names.subjects or lower in names.words or lower in names.proper


def find_speakers(text: str, tokens: list[re.Match[str]]) -> Iterator[tuple[int, int]]:
    """Capitalised words that say or do something, "Kaleb said", "Dejen and Samrawit want", as names.

    A sentence's first word is a name here only if it is not a usual subject (We, Staff, Everyone) or a word
    on the keep-list; this catches names no list holds.
    """
    names = load_names()
    for n, m in enumerate(tokens):
        word = m.group()
        if not word[:1].isupper() or not word.isalpha() or word.isupper() or _plain_word(word, names):
            continue
        following = ACTS.match(text, m.end())
        pair = None
        if following is None and n + 2 < len(tokens) and _AND.fullmatch(text, m.end(), tokens[n + 2].start()):
            other = tokens[n + 2]
            if other.group()[:1].isupper() and not _plain_word(other.group(), names) and ACTS.match(text, other.end()):
                pair = other
        if following is None and pair is None:
            continue
        yield m.start(), m.end()
        if pair is not None:
            yield pair.start(), pair.end()


def extend_names(text: str, tokens: list[re.Match[str]], found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The capitalised word right beside a name is part of it ("Ahmad Shah", "Thi Hoa"), unless a kept word."""
    names = load_names()
    starts = {start for start, _ in found}
    ends = {end for _, end in found}
    more: list[tuple[int, int]] = []
    for n, m in enumerate(tokens):
        if m.start() in starts:
            continue
        word = m.group()
        if not word[:1].isupper() or word.isupper() or _plain_word(word, names) and word.lower() not in names.latin:
            continue
        before = n > 0 and tokens[n - 1].end() in ends and text[tokens[n - 1].end() : m.start()] == " "
        after = n + 1 < len(tokens) and tokens[n + 1].start() in starts and text[m.end() : tokens[n + 1].start()] == " "
        if before or after:
            more.append((m.start(), m.end()))
    return more


def _without_prefixes(word: str, prefixes: tuple[str, ...]) -> list[str]:
    forms = [word]
    for prefix in prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.append(word[len(prefix) :])
    return forms


def used_as_name(word: str, text: str, start: int, end: int) -> bool:
    """A word that is also an ordinary word is a name where it is capitalised mid-sentence or before 'said'."""
    if not word[:1].isupper():
        return False
    if SAID.match(text, end):
        return True
    before = text[:start].rstrip(" \t\"'“‘(*-•")
    return bool(before) and before[-1] not in ".!?:;\n"


def split_spellings(entry: str) -> list[str]:
    """The spellings of one roster entry: 'Amira / أميرة' is two spellings of one person."""
    return [s.strip() for s in entry.split("/") if s.strip()]


def split_parts(spelling: str) -> list[str]:
    """The words of one spelling: 'Thi Lan' is matched as 'Thi' and 'Lan'."""
    # Invisible characters (zero-width spaces, direction marks) pasted into a name must not split it.
    visible = "".join(ch for ch in spelling if unicodedata.category(ch) != "Cf")
    return [m.group() for m in WORD.finditer(unicodedata.normalize("NFC", visible))]


@lru_cache(maxsize=512)
def also_catches(entry: str, limit: int = 8) -> tuple[str, ...]:
    """Other spellings one roster entry will also remove, found among the names the kit knows."""
    roster = compile_roster((entry,))
    own = {latin_fold(word) or word for spelling in split_spellings(entry) for word in split_parts(spelling)}
    found: list[str] = []
    for name in load_names().shown:
        if (latin_fold(name) or name) in own and script_of(name) == "latin":
            continue
        if name not in split_parts(entry) and roster.matches(name, f"and {name}", 4, 4 + len(name)):
            found.append(name)
            if len(found) == limit:
                break
    return tuple(found)


def is_common_word(entry: str) -> bool:
    """Whether an entry is also an ordinary word or a place (Hope, Will, Jordan): removed only as a name."""
    return any(part.common_word for part in compile_roster((entry,)).parts)


def parse_roster(text: str) -> list[str]:
    """Roster entries typed one a line or separated by commas or semicolons, without blanks or repeats."""
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # zero-width spaces, marks
    entries = (entry.strip() for entry in re.split(r"[,;\n،]+", visible))
    return list(dict.fromkeys(entry for entry in entries if entry))


def roster_warnings(entries: list[str], scripts: Iterable[str] = ()) -> list[str]:
    """Plain warnings about a roster: one-letter parts that are not used, scripts no entry is written in."""
    notes: list[str] = []
    if not entries:
        return notes
    for entry in entries:
        words = [w for s in split_spellings(entry) for w in split_parts(s)]
        if len(words) > MANY_WORDS:
            notes.append(
                f"One line holds {len(words)} words ('{entry[:30]}...'): if these are several people, put each on "
                "its own line or separate them with commas. Every word is taken out either way."
            )
        for spelling in split_spellings(entry):
            for word in split_parts(spelling):
                if len(latin_fold(word) or word) < MIN_PART_LETTERS:
                    notes.append(f"'{word}' in '{entry}' is too short to find safely; it is not used.")
    written = {script_of(word) for entry in entries for s in split_spellings(entry) for word in split_parts(s)}
    for script in dict.fromkeys(scripts):
        if script != "latin" and script not in written:
            label, example = {
                "arabic": ("Arabic script", "Amira / أميرة"),
                "ethiopic": ("Ge'ez (Ethiopic) script", "Yonas / ዮናስ"),
            }.get(script, (script, "Amira / Amirah"))
            notes.append(
                f"The group may write in {label}, but no name is written in it: add that spelling after a / "
                f"(for example '{example}'). Common spellings are found anyway; the one they use is surer."
            )
    return notes


def _part(word: str) -> Part | None:
    script = script_of(word)
    fold = latin_fold(word)
    if script == "arabic":
        native = arabic_fold(word)
        skeleton = arabic_skeleton(arabic_classes(native))
        if len(native) < MIN_PART_LETTERS:
            return None
        return Part(word, script, fold, native, skeleton, False)
    if len(fold) < MIN_PART_LETTERS:
        return None
    common = fold in load_names().words or fold in load_names().proper
    return Part(word, script, fold, fold, latin_skeleton(fold), common)


@lru_cache(maxsize=8)
def compile_roster(entries: tuple[str, ...]) -> Roster:
    """A Roster ready to match, from entries as typed (kept in memory only, like the entries)."""
    roster = Roster(entries)
    for entry in entries:
        for spelling in split_spellings(entry):
            for word in split_parts(spelling):
                part = _part(word)
                if part is None:
                    continue
                roster.parts.append(part)
                if part.script == "arabic":
                    roster.arabic_exact[part.native] = part
                else:
                    roster.latin_exact.setdefault(part.fold, part)
                    for variant in load_names().variants.get(part.fold, ()):
                        roster.latin_exact.setdefault(variant, part)
                roster.by_skeleton.setdefault(part.skeleton, []).append(part)
    return roster
