"""How a name sounds across scripts: the keys that let the scrubber match Amira, أميرة and አሚራ.

Arabic script writes consonants and long vowels but not short ones, Ge'ez writes a consonant and its
vowel as one sign, and Latin spellings of the same name vary (Mohammed, Muhammad, Mohamed). Each word
gets a consonant skeleton ("mhmd"): two spellings can only be one name if their skeletons are equal,
which is one dictionary look-up per word. A Latin name and an Arabic-script word with equal skeletons
are then checked letter by letter: every long vowel the Arabic writes must be a vowel in the Latin, and
a Latin name that ends in a vowel must end in a vowel letter in Arabic ("Amira" is أميرة, never أمر).

anyascii turns Ge'ez and other scripts into Latin letters; Arabic script gets its own small table
below because anyascii drops the alif, the long "a" that tells أمر ("matter") from a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Arabic-script letters as one-letter classes: consonants share the Latin skeleton's letters; A, W, Y are
# long vowels (or the consonants w, y), H a final "a" (ة), and ' a hamza or 'ayn, which Latin often skips.
_ARABIC = {
    "ا": "A", "أ": "A", "إ": "A", "آ": "A", "ٱ": "A", "ى": "A",  # noqa: E231
    "ء": "'", "ئ": "'", "ؤ": "'", "ع": "'",
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ط": "t", "ٹ": "t",
    "ج": "j", "چ": "S", "ح": "7", "خ": "x", "ه": "h", "ھ": "h", "ہ": "h", "ة": "H", "ۀ": "H",
    "د": "d", "ض": "d", "ڈ": "d", "ذ": "z", "ز": "z", "ژ": "z", "ظ": "z",
    "ر": "r", "ڑ": "r", "س": "s", "ص": "s", "ش": "S", "ف": "f", "ڤ": "w",
    "ق": "k", "ك": "k", "ک": "k", "گ": "g", "غ": "g", "ل": "l", "م": "m", "ن": "n", "ں": "n",
    "و": "W", "ي": "Y", "ی": "Y", "ې": "Y", "ۍ": "Y", "ے": "Y",
}  # fmt: skip
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ETHIOPIC_LETTER = re.compile("[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]")
# Arabic joins "and", "so", "with", "for", "like" and "the" to the next word: "وأميرة" is "and Amira".
ARABIC_PREFIXES = ("وال", "فال", "بال", "لل", "ال", "و", "ف", "ب", "ل", "ك")

# Latin spellings folded to the same consonant letters as the Arabic table.
_DIGRAPHS = [("kh", "x"), ("sh", "S"), ("ch", "S"), ("gh", "g"), ("th", "t"), ("dh", "d"), ("ph", "f"), ("ck", "k")]
_SINGLE = str.maketrans({"q": "k", "c": "k", "p": "b", "v": "w", "x": "ks"})
_VOWELS = "aeiou"


def script_of(word: str) -> str:
    """'arabic', 'ethiopic' or 'latin' (any other script is read through its Latin transliteration)."""
    first = word[:1]
    if first < "\u0600":
        return "latin"
    if _ARABIC_LETTER.match(first):
        return "arabic"
    if _ETHIOPIC_LETTER.match(first):
        return "ethiopic"
    return "latin"


@lru_cache(maxsize=65536)
def latin_fold(word: str) -> str:
    """Lower-case ASCII letters only: 'José' -> 'jose', 'ዮናስ' -> 'yonas', 'Ａｍｉｎａ' -> 'amina'."""
    return "".join(ch for ch in anyascii(word).lower() if "a" <= ch <= "z")


def _latin_consonants(fold: str) -> str:
    for pair, one in _DIGRAPHS:
        fold = fold.replace(pair, one)
    return fold.translate(_SINGLE)


def _squeeze(letters: str) -> str:
    return re.sub(r"(.)\1+", r"\1", letters)


@lru_cache(maxsize=65536)
def latin_skeleton(fold: str) -> str:
    """The consonants of a folded Latin spelling: 'mohammed' -> 'mhmd', 'yonas' -> 'yns', 'amira' -> 'mr'."""
    letters = _squeeze(_latin_consonants(fold))
    if letters.endswith("h") and len(letters) > 1 and letters[-2] in _VOWELS:
        letters = letters[:-1]  # Sarah, Amirah: a written-out final vowel
    head, rest = letters[:1], letters[1:]
    if head in _VOWELS:
        head = ""
    return _squeeze(head + "".join(ch for ch in rest if ch not in _VOWELS + "yw"))


def arabic_classes(word: str) -> str:
    """An Arabic-script word as letter classes, marks and tatweel dropped: 'أميرة' -> 'AmYrH'."""
    return "".join(_ARABIC.get(ch, "") for ch in word)


@lru_cache(maxsize=65536)
def arabic_skeleton(classes: str) -> str:
    """The consonants of an Arabic-script word, comparable with latin_skeleton: 'AmYrH' -> 'mr'."""
    if classes.endswith("h") and len(classes) > 1:
        classes = classes[:-1] + "H"  # Persian writes a final "a" as ه: فاطمه
    head, rest = classes[:1], classes[1:]
    head = {"W": "w", "Y": "y"}.get(head, head)
    letters = head + "".join(ch for ch in rest if ch not in "AWYH'")
    return _squeeze(letters.replace("A", "").replace("'", "").replace("7", "h"))


def _vowel_pattern(vowels: str, where: str) -> str:
    """What a run of Latin vowels may be written as in Arabic script at the start, middle or end."""
    long = {"a": "A", "e": "Y", "i": "Y", "o": "W", "u": "W"}
    letters = "".join(sorted({long[v] for v in vowels}))
    if where == "start":
        return f"['A]+[{letters}]?" if letters != "A" else "['A]+"
    if where == "end":
        if vowels[-1] in "ae":
            return "(?:A'?|H|h|'|Y|A'H)"
        return f"[{letters}]'?"
    # A hamza or 'ayn inside a name shows in Latin as a doubled vowel or an apostrophe (Saad, Sa'ad).
    if len(vowels) > 1:
        return f"['{letters}A]{{0,3}}"
    return f"[{letters}A]?" if "a" in vowels else f"[{letters}]?"


@lru_cache(maxsize=4096)
def _arabic_spellings(fold: str) -> re.Pattern[str]:
    """A pattern over arabic_classes() for the ways Arabic script can write a Latin name."""
    letters = re.sub(r"([^aeiou])\1+", r"\1", _latin_consonants(fold))  # doubled vowels stay: Saad is سعد
    if len(letters) > 1 and letters.endswith("h") and letters[-2] in _VOWELS:
        letters = letters[:-1]
    parts: list[str] = []
    runs = re.findall(r"[aeiou]+|[^aeiou]", letters)
    for n, run in enumerate(runs):
        if run[0] in _VOWELS:
            where = "start" if n == 0 else "end" if n == len(runs) - 1 else "middle"
            parts.append(_vowel_pattern(run, where))
        elif run in "yw":
            parts.append(run.upper() if n == 0 or runs[n - 1][0] in _VOWELS else f"{run.upper()}?")
        elif run == "h":
            parts.append("[h7]")
        else:
            parts.append(re.escape(run))
    return re.compile("".join(parts))


_ETHIOPIC_VOWEL = {"a": "[ae]", "e": "[aei]", "i": "[ie]", "o": "[ou]", "u": "[ou]"}


@lru_cache(maxsize=4096)
def _ethiopic_spellings(fold: str) -> re.Pattern[str]:
    """A pattern over the Latin letters of a Ge'ez word for the ways Ge'ez can write a Latin name.

    Ge'ez writes each vowel, but its sixth order can drop a short one (ዮሃንስ, yohans, for Yohannes) and its
    first order reads as e or a (ሰላም, selam, for Salam); the first and the last vowel must agree.
    """
    runs = re.findall(r"[aeiou]+|[^aeiou]", _squeeze(fold))
    parts = []
    for n, run in enumerate(runs):
        if run[0] in _VOWELS:
            # Inside a name any short vowel may be written (Mohammed is መሓመድ, mehamed); the first and last count.
            parts.append(_ETHIOPIC_VOWEL[run[0]] + "+" if n in (0, len(runs) - 1) else "[aeiou]*")
        else:
            parts.append(re.escape(run) + "+")
    return re.compile("".join(parts))


def latin_matches_ethiopic(fold: str, ethiopic_fold: str) -> bool:
    """Whether a Latin spelling (folded) can be written as this Ge'ez word (as its latin_fold)."""
    return _ethiopic_spellings(fold).fullmatch(ethiopic_fold) is not None


def latin_matches_arabic(fold: str, classes: str) -> bool:
    """Whether the Latin spelling (folded) can be written as this Arabic-script word (as classes)."""
    return _arabic_spellings(fold).fullmatch(classes) is not None


def strip_marks(word: str) -> str:
    """Remove combining marks (accents that did not compose, harakat) and the Arabic tatweel."""
    return "".join(ch for ch in word if not unicodedata.combining(ch) and ch != "\u0640")
