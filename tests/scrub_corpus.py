"""The scrubber's test corpora and how they are scored; used by tests/test_scrub_names.py and bench/scrub.py.

Corpora live in tests/data/scrub/: notes with the names of people in {braces}, and clean Arabic, Farsi
and Tigrinya text with no names at all. Lines starting with '#' are comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kit.scrub import scrub
from kit.scrub.roster import WORD

CORPUS = Path(__file__).parent / "data" / "scrub"
MARK = re.compile(r"\{([^}]*)\}")

# A roster as a facilitator might type it for a mixed group: Latin letters only, as most will.
LATIN_ROSTER = [
    "Yonas", "Amira", "Hana", "Dritan", "Thi Lan", "Mehdi", "Mohammed", "Zahra", "Fatima", "Yusuf", "Aisha",
    "Hussein", "Maryam", "Tesfay", "Selam", "Omar", "Layla", "Khadija", "Ibrahim", "Senait", "Hassan", "Ali",
    "Abdullah", "Nasrin", "Farid", "Biniam", "Saba", "Meron", "Ahmed", "Sara",
]  # fmt: skip


@dataclass(frozen=True)
class Score:
    """How many name words went and how many ordinary words stayed."""

    names: int
    names_removed: int
    words: int
    words_kept: int
    capitals: int
    capitals_kept: int

    @property
    def recall(self) -> float:
        return self.names_removed / self.names if self.names else 1.0

    @property
    def kept(self) -> float:
        return self.words_kept / self.words if self.words else 1.0

    @property
    def capitals_kept_rate(self) -> float:
        return self.capitals_kept / self.capitals if self.capitals else 1.0


def read_lines(name: str) -> list[str]:
    """The lines of one corpus file, without comments and blanks."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def score(lines: Iterable[str], roster: list[str] | None = None) -> Score:
    """Scrub each marked line and count name words removed and ordinary words kept."""
    counts = [0] * 6
    for marked in lines:
        plain, names = "", []
        pos = 0
        for m in MARK.finditer(marked):
            plain += marked[pos : m.start()]
            names.append((len(plain), len(plain) + len(m.group(1))))
            plain += m.group(1)
            pos = m.end()
        plain += marked[pos:]
        spans = scrub(plain, roster or []).spans
        for w in WORD.finditer(plain):
            if w.group() in ("Mr", "Mrs", "Ms"):
                continue
            gone = any(s.start < w.end() and w.start() < s.end for s in spans)
            if any(a <= w.start() < b for a, b in names):
                counts[0] += 1
                counts[1] += gone
            else:
                counts[2] += 1
                counts[3] += not gone
                if w.group()[0].isupper():
                    counts[4] += 1
                    counts[5] += not gone
    return Score(*counts)


def removed_words(lines: Iterable[str], roster: list[str]) -> tuple[int, int, list[str]]:
    """Words of clean text (no names in it) that the scrubber removed: (removed, total, the words)."""
    total, gone = 0, []
    for line in lines:
        result = scrub(line, roster)
        total += len(WORD.findall(line))
        gone += [line[s.start : s.end] for s in result.spans]
    return len(gone), total, gone
