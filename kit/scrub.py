"""The scrubber: removes personal details from any text before it is written to disk.

Every output, response and feedback comment passes through `scrub()`. It replaces what could
identify a young person with a readable placeholder and reports what it removed (kind and count,
never the text), so the UI can say "2 things removed".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

PLACEHOLDERS = {
    "name": "[name]",
    "phone": "[phone]",
    "email": "[email]",
    "postcode": "[postcode]",
    "address": "[address]",
    "date": "[date]",
    "id number": "[id number]",
    "link": "[link]",
}
PLACEHOLDER_RE = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))

# Characters that are invisible or reorder text on screen; removed so they cannot hide a name.
# Zero-width joiner and non-joiner (U+200C, U+200D) stay: Persian and other scripts need them.
_INVISIBLE = dict.fromkeys(
    [
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),  # DEL and the C1 controls (U+009B starts a terminal escape in some terminals)
        0x200B,
        0x2060,
        0xFEFF,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
# Street types that are rarely ordinary words, matched in any case; those that are ordinary words
# too ("close", "park", "way") count only when capitalised, as in "Station Close".
_STREET = r"(?:street|st|road|rd|avenue|ave|lane|ln|crescent|cres|terrace|gardens|grove|square|sq|mews|parade)"
_STREET_TITLE = r"(?:Close|Drive|Dr|Way|Court|Ct|Place|Pl|Hill|Park|Row|Walk|Green|Rise|View|Estate)"
# Small words that cannot sit inside a street name: stops "3 years in the park" being an address.
_NOT_NAME = r"(?!(?:the|a|an|in|on|at|of|to|and|or|for|with|by|from|my|our|your|we|they|were|was|is|are|each)\b)"

_AT = r"(?:\s*[(\[]at[)\]]\s*|\s+at\s+)"
_DOT = r"(?:\s*[(\[]dot[)\]]\s*|\s+dot\s+|\.)"

# (kind, pattern) in priority order: when two matches overlap, the earlier kind wins.
# Who a young person might name: "my worker Sarah". Roles, not names, are what the kit wants.
_PEOPLE = (
    r"friend|brother|sister|cousin|mum|mother|dad|father|uncle|aunt|auntie|son|daughter|boyfriend|girlfriend"
    r"|(?:social|key|support|case|youth)\s+worker|worker|caseworker|guardian|(?:foster\s+)?carer|foster\s+mum"
    r"|foster\s+dad|solicitor|lawyer|teacher|tutor|interpreter|advis[eo]r|personal\s+advis[eo]r|doctor|nurse"
    r"|manager|officer|mentor|coach|landlord|neighbour"
)
# A capitalised word that is not a common word that starts a sentence or names an institution.
_NAME_WORD = (
    r"(?!(?:The|A|An|And|But|He|She|They|We|I|It|You|Who|From|At|In|On|To|Home|Office|Council|Court|College"
    r"|School|Service|Services|Team|Said|Says|Was|Is|Has|Had|Helped|Told|Always|Never|Sometimes)\b)"
    r"[A-Z\u00C0-\u00DE][\w'-]+"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)),
    (
        "email",  # written out to dodge spam filters: "amira at gmail dot com", "amira(at)gmail.com"
        re.compile(
            rf"(?<![\w.+'-])[\w.+'-]+(?:\s*@\s*|{_AT})[\w-]+(?:{_DOT}[\w-]+)?{_DOT}(?:com|org|net|uk|me|io|info)\b",
            re.IGNORECASE,
        ),
    ),
    ("link", re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)),
    (
        "link",
        re.compile(
            r"(?<![\w@.-])[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|org\.uk|uk|io|me|info|gov\.uk|tv|app|co|ly|gl)"
            r"(?:/[^\s<>\"]*)?(?![\w])",
            re.IGNORECASE,
        ),
    ),
    ("link", re.compile(r"(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])")),
    (
        "link",  # a handle named after its app: "snap: amira.k22", "insta is yonas_07"
        re.compile(
            r"\b(?:snap(?:chat)?|insta(?:gram)?|tiktok|twitter|telegram|facebook|fb|ig)\b"
            r"(?:\s*:\s*|\s+(?:is\s+)?(?=[\w.]*(?:\d|[_.]\w)))(?P<x>\w[\w.]{1,29}\w)",
            re.IGNORECASE,
        ),
    ),
    ("id number", re.compile(r"\b\d{4}([\s-])\d{4}\1\d{4}\1\d{4}\b")),
    (
        "id number",
        re.compile(r"\b[A-Z]{2}(?:[\s-]?\d){6}[\s-]?[A-D]\b", re.IGNORECASE),  # NI: QQ 12 34 56 C, qq-123-456-c
    ),
    (
        "date",
        re.compile(
            rf"\b\d{{1,2}}{_ORD}\s*(?:of\s+)?{_MONTH}\.?,?(?:\s*\d{{4}}|\s+'?\d{{2}})?\b"
            rf"|\b{_MONTH}\.?\s+\d{{1,2}}{_ORD}(?:,?\s*\d{{4}})?\b"
            r"|\b\d{4}(?P<s1>[/.-])\d{1,2}(?P=s1)\d{1,2}\b"
            r"|\b\d{1,2}(?P<s2>[/.-])\d{1,2}(?P=s2)(?:\d{4}|\d{2})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?:born(?:\s+(?:on|in))?|d\.?o\.?b\.?:?|date of birth:?|birthday(?:\s+is)?)\s+"
            rf"(?:{_MONTH}\.?\s+\d{{4}}|\d{{1,2}}[/.-]\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}|\d{{4}})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "phone",
        re.compile(
            r"(?<![\w+(])\(?(?:\+|00)\d{1,3}\)?[\s.-]?(?:\(0\)[\s.-]?)?(?:\(?\d{1,5}\)?[\s.-]?){2,6}\d{2,}(?!\d)"
            r"|(?<![\w])\(?0\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?!\d)"
            r"|(?<![\w.])0\d(?:[ .-]?\d){8,9}(?![\d])"  # odd spacing: 07 700 900 123, 077 00 90 01 23
            r"|(?<![\w.])7\d{3}[\s.-]?\d{3}[\s.-]?\d{3}(?!\d)"
        ),
    ),
    ("id number", re.compile(r"\b\d{3}[\s-]\d{3}[\s-]\d{4}\b")),
    ("id number", re.compile(r"\b[A-Z]{2,4}/\d{2,}(?:/\d+)*\b", re.IGNORECASE)),
    ("id number", re.compile(r"\b[A-Z]{1,3}\d{6,}\b", re.IGNORECASE)),
    (
        "id number",
        re.compile(
            r"\b(?:ref(?:erence)?|case|file|port|claim|home office|ho)\s*(?:no\.?|number|#|id)?\s*:?\s*"
            r"(?P<x>(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{3,})\b",
            re.IGNORECASE,
        ),
    ),
    ("id number", re.compile(r"(?<![\d.,])\d{6,}(?![\d.,])")),
    (
        "postcode",
        re.compile(r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE),
    ),
    (
        "address",
        re.compile(
            # Only the parts in (?i:...) ignore case: "Station Close" is an address, "people close by" is not.
            rf"(?i:\b(?:flat|apartment|apt)\s+\d+[a-z]?\b|\broom\s+\d{{3,}}[a-z]?\b)"
            rf"|\b\d{{1,4}}[a-zA-Z]?,?\s+(?:(?i:{_NOT_NAME})[\w'-]+\s+){{1,3}}(?:(?i:{_STREET})|{_STREET_TITLE})\b\.?",
        ),
    ),
    (
        "address",
        re.compile(
            r"\b(?:[A-Z][\w'-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Crescent|Terrace|Gardens|Grove|Square|Mews|Parade)\b"
        ),
    ),
    # Names of people who are not on the roster, recognised by how they are introduced:
    # "my worker Sarah", "Mr Okafor", "she is called Hana". Only the capitalised name goes.
    (
        "name",
        re.compile(
            rf"(?i:\b(?:(?:my|his|her|their|our|the)\s+(?:{_PEOPLE})|(?:is|was|am|'s)\s+called|named"
            rf"|name\s+is|name's)),?\s+"
            rf"(?P<x>{_NAME_WORD}(?:\s+{_NAME_WORD})?)"
            rf"|\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?P<y>{_NAME_WORD}(?:\s+{_NAME_WORD})?)"
        ),
    ),
]


@dataclass(frozen=True)
class Removal:
    """One stretch of the original text that the scrubber replaced."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class ScrubResult:
    """Scrubbed text, what kinds of thing were removed and how many, and where (for highlighting)."""

    text: str
    removed: dict[str, int] = field(default_factory=dict)
    spans: tuple[Removal, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def describe(self) -> str:
        """A short plain summary such as '2 things removed (1 name, 1 phone)'."""
        if not self.total:
            return "Nothing removed"
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.removed.items()))
        noun = "thing" if self.total == 1 else "things"
        return f"{self.total} {noun} removed ({parts})"


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Normalise to NFC and drop invisible control and direction-override characters."""
    # A byte that is not UTF-8 in a command-line argument reaches Python as a lone surrogate, which can be
    # neither encoded nor saved: show it as the replacement character instead.
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.translate(_INVISIBLE)


def _skeleton(text: str) -> str:
    """A same-length lower-case copy with accents removed, so 'José' and 'jose' match as names."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[0].lower()  # NFKD: full-width Ａ is A too
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _fold_digits(text: str) -> str:
    """A same-length copy with every other script's digits (٠٧٧, ０７７) as ASCII, so numbers match in any script."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


# Marks written on top of letters (Latin accents that do not compose, Hebrew points, Arabic harakat) and
# the Arabic tatweel that stretches a word: "مُحَمَّد" and "محــمد" are the roster's "محمد".
_MARKS = "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed"
_MARK_RE = re.compile(f"[{_MARKS}]")
# Arabic writes "and", "with", "for", "like" and "the" joined to the next word: "ومحمد" is "and Muhammad".
_ARABIC_PREFIX = "(?:\u0648\u0627\u0644|\u0627\u0644|\u0644\u0644|[\u0648\u0641\u0628\u0644\u0643])?"


def _name_pattern(name: str) -> str:
    if all(ch < "\u0250" for ch in name):  # Latin: NFC has already joined accents to their letters
        return re.escape(name)
    letters = "".join(f"{re.escape(ch)}[{_MARKS}]*" for ch in name)
    return (_ARABIC_PREFIX if "\u0600" <= name[0] <= "\u06ff" else "") + letters


def roster_pattern(roster: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern matching any roster name as a whole word, ignoring case, accents and marks."""
    names = {_MARK_RE.sub("", _skeleton(clean_text(n).strip())) for n in roster}
    names = sorted((n for n in names if n), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(_name_pattern(n) for n in names) + r")(?!\w)")


def _find(text: str, names: re.Pattern[str] | None) -> list[Removal]:
    """All removals in text, overlaps resolved by priority (names first), left to right."""
    taken: list[Removal] = [Removal("placeholder", m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
    candidates: list[tuple[int, Removal]] = []
    if names is not None:
        candidates += [(0, Removal("name", m.start(), m.end())) for m in names.finditer(_skeleton(text))]
    folded = _fold_digits(text)
    for priority, (kind, pattern) in enumerate(_PATTERNS, start=1):
        # An email or a link is removed whole even when a roster name is part of it ("sarah.jones@...").
        rank = priority - len(_PATTERNS) - 1 if kind in ("email", "link") else priority
        for m in pattern.finditer(folded):
            # A pattern with groups named x or y removes only that part (the number, not "case no.").
            part = next((g for g in ("x", "y") if g in pattern.groupindex and m.group(g) is not None), 0)
            start, end = m.span(part)
            if end > start:
                candidates.append((rank, Removal(kind, start, end)))
    candidates.sort(key=lambda c: (c[0], c[1].start))
    for _, cand in candidates:
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return sorted((t for t in taken if t.kind != "placeholder"), key=lambda r: r.start)


def _replace(text: str, removals: list[Removal]) -> str:
    pieces, pos = [], 0
    for r in removals:
        pieces += [text[pos : r.start], PLACEHOLDERS[r.kind]]
        pos = r.end
    pieces.append(text[pos:])
    return "".join(pieces)


def scrub(text: str, roster: Iterable[str] = ()) -> ScrubResult:
    """Replace personal details and roster names in text with placeholders; never raises on text."""
    names = roster_pattern(roster)
    current = clean_text(text)
    first = _find(current, names)
    counts: Counter[str] = Counter(r.kind for r in first)
    current = _replace(current, first)
    # Replacing can bring pieces together that form a new match; settle to a fixed point so that
    # scrubbing stored text again never changes it.
    for _ in range(5):
        more = _find(current, names)
        if not more:
            break
        counts.update(r.kind for r in more)
        current = _replace(current, more)
    return ScrubResult(text=current, removed=dict(counts), spans=tuple(first))
