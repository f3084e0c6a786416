"""The scrubber: removes personal details from any text before it is written to disk.

Every output, response and feedback comment passes through `scrub()`. It replaces what could
identify a young person with a readable placeholder and reports what it removed (kind and count,
never the text), so the UI can say "2 things removed".
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from kit.scrub.roster import WORD, Roster, compile_roster, extend_names, find_listed_names, find_speakers

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
    r"friends?|best\s+friend|bestie|mate|brother|bro|sister|sis|cousin|mum|mom|mother|mama|dad|father|baba|uncle"
    r"|aunt|auntie|aunty|grandma|grandad|grandmother|grandfather|granny|nan|nana|son|daughter|wife|husband"
    r"|boyfriend|girlfriend|partner|fianc[ée]e?|roommate|flatmate|housemate|neighbour|landlord|landlady"
    r"|(?:social|key|support|care|case|youth|link|project)\s+worker|keyworker|worker|caseworker|SW|PA"
    r"|personal\s+advis[eo]r|advis[eo]r|guardian|ICTG|(?:foster\s+)?carers?|foster\s+(?:mum|mom|mother|dad|father|parents?)"
    r"|solicitor|lawyer|barrister|teacher|tutor|head\s*teacher|interpreter|doctor|GP|nurse|therapist|counsell?or"
    r"|psychologist|manager|officer|mentor|coach|volunteer|imam|pastor|priest|sheikh|boss|employer|driver"
)
# Letters that every word of _PEOPLE holds, in lower case: the pattern that needs one is tried only on
# text that has one (a test checks each alternative of _PEOPLE holds one of these).
_PEOPLE_NEEDS = (
    *("friend", "bestie", "mate", "bro", "sis", "cousin", "mum", "mom", "mother", "mama", "dad", "father"),
    *("baba", "uncle", "aunt", "gran", "nan", "son", "daughter", "wife", "husband", "partner", "fianc"),
    *("neighbour", "landl", "worker", "sw", "pa", "advis", "guardian", "ictg", "carer", "foster", "solicitor"),
    *("lawyer", "barrister", "teacher", "tutor", "interpreter", "doctor", "gp", "nurse", "therapist", "counsel"),
    *("psychologist", "manager", "officer", "mentor", "coach", "volunteer", "imam", "pastor", "priest"),
    *("sheikh", "boss", "employer", "driver"),
)
# Titles and family words written before a name: "Mrs. Begum", "Auntie Fatima", "Uncle Tesfay".
_TITLE = r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Imam|Pastor|Sheikh|Father|Sister|Brother|Auntie|Aunty|Aunt|Uncle"
# A capitalised word that is not a common word that starts a sentence or names an institution.
_NAME_WORD = (
    r"(?!(?:The|A|An|And|But|He|She|They|We|I|It|You|Who|From|At|In|On|To|Home|Office|Council|Court|College"
    r"|School|Service|Services|Team|Said|Says|Was|Is|Has|Had|Helped|Told|Always|Never|Sometimes|Said|Says"
    rf"|Thinks|Told|Asked|Wants|Did|Does|Do|Not|No|Yes|Ok|OK|Because|So|Then|When|If|Or|Also|Too|{_TITLE})\b)"
    r"[A-Z\u00C0-\u00DE][^\W\d_]+(?:['-][^\W\d_]+)*"  # letters only: "(A1)" in a formula is not a name
)
_NAMES = rf"(?:(?:{_TITLE})\.?\s+)?(?P<x>{_NAME_WORD}(?:\s+{_NAME_WORD})?)"
_CAP = r"[A-Z][\w'-]*"
# Where a young person says where they live: "I stay at 69 Joshua Ways", "Studio 31, Carole Points".
_HOME_CUE = (
    r"(?i:\b(?:live[sd]?|living|stay(?:s|ed|ing)?|sleep(?:s|ing)?|moved|moving)\s+(?:now\s+)?(?:at|to)"
    r"|\bthe\s+(?:flat|house|hostel|hotel|room)\s+(?:on|at|in)|\baddress\s+(?:is\s+)?:?)\s+"
)


class _Guarded:
    """A pattern tried only on text that holds one of its words, and one of `also` if given (Python's re
    tries every alternative at every position, so a pattern of many alternatives is slow on text that
    cannot match it: a long paste, or any comment, as every answer sent from a phone is scrubbed)."""

    def __init__(self, needs: tuple[str, ...], pattern: re.Pattern[str], also: tuple[str, ...] = ()) -> None:
        self.needs, self.pattern, self.also, self.groupindex = needs, pattern, also, pattern.groupindex

    def finditer(self, text: str, lower: str | None = None) -> Iterator[re.Match[str]]:
        """The pattern's matches in text; `lower` is text.lower(), when the caller has made it already."""
        lower = text.lower() if lower is None else lower
        if not any(n in lower for n in self.needs) or (self.also and not any(n in lower for n in self.also)):
            return iter(())
        return self.pattern.finditer(text)


_DIGITS = tuple("0123456789")


def _needs_digit(pattern: re.Pattern[str]) -> _Guarded:
    """A pattern that matches nothing without a digit, tried only on text with one (digits are ASCII by then)."""
    return _Guarded(_DIGITS, pattern)


@cache
def patterns() -> list[tuple[str, re.Pattern[str] | _Guarded]]:
    """The kinds of detail and their patterns, in priority order; compiled on first use, not at start-up."""
    return [
        ("email", re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)),
        (
            "email",  # written out to dodge spam filters: "amira at gmail dot com", "amira(at)gmail.com"
            _Guarded(
                ("at", "@"),
                re.compile(
                    rf"(?<![\w.+'-])[\w.+'-]+(?:\s*@\s*|{_AT})[\w-]+(?:{_DOT}[\w-]+)?{_DOT}(?:com|org|net|uk|me|io|info)\b",
                    re.IGNORECASE,
                ),
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
            _Guarded(
                ("snap", "insta", "tiktok", "twitter", "telegram", "facebook", "fb", "ig"),
                re.compile(
                    r"\b(?:snap(?:chat)?|insta(?:gram)?|tiktok|twitter|telegram|facebook|fb|ig)\b"
                    r"(?:\s*:\s*|\s+(?:is\s+)?(?=[\w.]*(?:\d|[_.]\w)))(?P<x>\w[\w.]{1,29}\w)",
                    re.IGNORECASE,
                ),
            ),
        ),
        (
            "address",
            _Guarded(
                (
                    "live",
                    "living",
                    "stay",
                    "sleep",
                    "mov",
                    "flat",
                    "house",
                    "hostel",
                    "hotel",
                    "room",
                    "address",
                    "studio",
                    "apartment",
                    "apt",
                    "unit",
                ),
                re.compile(
                    rf"{_HOME_CUE}(?P<x>\d{{1,4}}[A-Za-z]?,?\s+{_CAP}(?:\s+{_CAP}){{0,3}})"
                    rf"|(?i:\b(?:flat|studio|room|apartment|apt|unit|house)\s+\d{{1,4}}[a-z]?),?\s+(?:\d{{1,4}}[A-Za-z]?,?\s+)?"
                    rf"{_CAP}(?:\s+{_CAP}){{0,3}}"
                    rf"|\b(?i:the\s+(?:flat|house|hostel|hotel|room)\s+on)\s+(?P<y>{_CAP}(?:\s+{_CAP}){{0,3}})"
                ),
            ),
        ),
        (
            "id number",  # after an NI cue the last letter can be anything: "my NI number is QQ123456E"
            _needs_digit(
                re.compile(
                    r"(?i:\b(?:NI|NINO|national\s+insurance)(?:\s+(?:number|no\.?|num))?(?:\s+is)?\s*:?\s*)"
                    r"(?P<x>[A-Z]{2}(?:[\s-]?\d){6}(?:[\s-]?[A-Z])?)\b",
                    re.IGNORECASE,
                )
            ),
        ),
        ("id number", _needs_digit(re.compile(r"\b\d{4}([\s-])\d{4}\1\d{4}\1\d{4}\b"))),
        (
            "id number",  # NI: QQ 12 34 56 C, qq-123-456-c
            _needs_digit(re.compile(r"\b[A-Z]{2}(?:[\s-]?\d){6}[\s-]?[A-D]\b", re.IGNORECASE)),
        ),
        (
            "date",
            _needs_digit(
                re.compile(
                    rf"\b\d{{1,2}}{_ORD}\s*(?:of\s+)?{_MONTH}\.?,?(?:\s*\d{{4}}|\s+'?\d{{2}})?\b"
                    rf"|\b{_MONTH}\.?\s+\d{{1,2}}{_ORD}(?:,?\s*\d{{4}})?\b"
                    r"|\b\d{4}(?P<s1>[/.-])\d{1,2}(?P=s1)\d{1,2}\b"
                    r"|\b\d{1,2}(?P<s2>[/.-])\d{1,2}(?P=s2)(?:\d{4}|\d{2})\b",
                    re.IGNORECASE,
                )
            ),
        ),
        (
            "date",
            _Guarded(
                ("born", "d", "birth"),
                re.compile(
                    rf"\b(?:born(?:\s+(?:on|in))?|d\.?o\.?b\.?:?|date of birth:?|birthday(?:\s+is)?)\s+"
                    rf"(?:{_MONTH}\.?\s+\d{{4}}|\d{{1,2}}[/.-]\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}|\d{{4}})\b",
                    re.IGNORECASE,
                ),
            ),
        ),
        (
            "phone",
            _Guarded(
                _DIGITS,
                re.compile(
                    r"(?<![\w+(])\(?(?:\+|00)\d{1,3}\)?[\s.-]?(?:\(0\)[\s.-]?)?(?:\(?\d{1,5}\)?[\s.-]?){2,6}\d{2,}(?!\d)"
                    r"|(?<![\w])\(?0\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?!\d)"
                    r"|(?<![\w.])0\d(?:[ .-]?\d){8,9}(?![\d])"  # odd spacing: 07 700 900 123, 077 00 90 01 23
                    r"|(?<![\w.])7\d{3}[\s.-]?\d{3}[\s.-]?\d{3}(?!\d)"
                ),
            ),
        ),
        ("id number", _needs_digit(re.compile(r"\b\d{3}[\s-]\d{3}[\s-]\d{4}\b"))),
        ("id number", _needs_digit(re.compile(r"\b[A-Z]{2,4}/\d{2,}(?:/\d+)*\b", re.IGNORECASE))),
        ("id number", _needs_digit(re.compile(r"\b[A-Z]{1,3}\d{6,}\b", re.IGNORECASE))),
        (
            "id number",
            _Guarded(
                ("ref", "case", "file", "port", "claim", "office", "ho"),
                re.compile(
                    r"\b(?:ref(?:erence)?|case|file|port|claim|home office|ho)\s*(?:no\.?|number|#|id)?\s*:?\s*"
                    r"(?P<x>(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{3,})\b",
                    re.IGNORECASE,
                ),
            ),
        ),
        ("id number", _needs_digit(re.compile(r"(?<![\d.,])\d{6,}(?![\d.,])"))),
        (
            "postcode",
            _needs_digit(
                re.compile(r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
            ),
        ),
        (
            "address",
            _needs_digit(
                re.compile(
                    # Only the parts in (?i:...) ignore case: "Station Close" is an address, "people close by" is not.
                    rf"(?i:\b(?:flat|apartment|apt)\s+\d+[a-z]?\b|\broom\s+\d{{3,}}[a-z]?\b)"
                    rf"|\b\d{{1,4}}[a-zA-Z]?,?\s+(?:(?i:{_NOT_NAME})[\w'-]+\s+){{1,3}}(?:(?i:{_STREET})|{_STREET_TITLE})\b\.?",
                )
            ),
        ),
        (
            "address",
            _Guarded(
                (
                    "street",
                    "road",
                    "avenue",
                    "lane",
                    "crescent",
                    "terrace",
                    "gardens",
                    "grove",
                    "square",
                    "mews",
                    "parade",
                ),
                re.compile(
                    r"\b(?:[A-Z][\w'-]+\s+){1,3}(?:Street|Road|Avenue|Lane|Crescent|Terrace|Gardens|Grove|Square|Mews|Parade)\b"
                ),
            ),
        ),
        # Names of people who are not on the roster, recognised by how they are introduced: "my worker Sarah",
        # "Saba's foster mum Linda", "a boy called Ahmed", "PA: Sarah", "Mrs. Begum", "Auntie Fatima", "(Sarah)".
        # Only the name goes; the role or title stays, so the note keeps its meaning.
        (
            "name",
            _Guarded(
                _PEOPLE_NEEDS,
                re.compile(
                    rf"(?i:\b(?:my|his|her|their|our|your|the|a|an|[\w\[\]]+'s)\s+(?:(?:new|old|own|best|little|big"
                    rf"|older|younger|main|first|last|other|female|male|good)\s+)?(?:{_PEOPLE}))(?:\s*[,:(-]\s*|\s+)"
                    rf"{_NAMES}"
                ),
            ),
        ),
        (
            "name",
            _Guarded(
                ("call", "name", "known", "goes by"),
                re.compile(
                    rf"(?i:\b(?:called|named|name\s+is|name's|known\s+as|goes\s+by|call\s+(?:him|her)))\s+{_NAMES}"
                ),
            ),
        ),
        ("name", _Guarded((":",), re.compile(rf"(?i:\b(?:{_PEOPLE}))\s*:\s*{_NAMES}"), also=_PEOPLE_NEEDS)),
        ("name", re.compile(rf"\b(?:{_TITLE})\.?\s+(?P<x>{_NAME_WORD}(?:\s+{_NAME_WORD})?)")),
        (
            "name",
            re.compile(rf"(?i:\b(?:auntie|aunty|aunt|uncle|cousin|granny|grandma|grandad|nana))\s+(?P<x>{_NAME_WORD})"),
        ),
        ("name", re.compile(rf"\(\s*(?P<x>{_NAME_WORD})\s*\)")),
        # In Arabic and Farsi, where no capital marks a name: the word after "his/her/my name" ("اسمه حسن",
        # "اسمم سارا"), or after "is called" ("يدعى"). Names that are everyday words are not on the shipped
        # list, so this, with the roster, is what removes them.
        (
            "name",
            _Guarded(
                ("اسم", "يدعى", "تدعى", "يسمى", "تسمى"),
                re.compile(
                    r"(?<![\u0600-\u06FF])(?:اسمي|اسمه|اسمها|اسمك|اسمهم|اسمم|اسمش|اسمت|اسمو|يدعى|تدعى|يسمى|تسمى)"
                    r"\s+(?:(?:هو|هي|است)\s+)?(?P<x>[\u0621-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC]{2,})"
                ),
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


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _fold_digits(text: str) -> str:
    """A same-length copy with every other script's digits (٠٧٧, ０７７) as ASCII, so numbers match in any script."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


def _find(text: str, roster: Roster, listed: bool = True) -> list[Removal]:
    """All removals in text, overlaps resolved by priority (names first), left to right."""
    taken: list[Removal] = [Removal("placeholder", m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)]
    words = list(WORD.finditer(text))
    candidates: list[tuple[int, Removal]] = [(0, Removal("name", s, e)) for s, e in roster.find(text, words)]
    if listed:
        candidates += [(0, Removal("name", s, e)) for s, e in find_listed_names(text, words)]
        candidates += [(0, Removal("name", s, e)) for s, e in find_speakers(text, words)]
        found = [(c.start, c.end) for _, c in candidates]
        candidates += [(0, Removal("name", s, e)) for s, e in extend_names(text, words, found)]
    folded = _fold_digits(text)
    lower = folded.lower()  # once for all the guarded patterns
    rules = patterns()
    for priority, (kind, pattern) in enumerate(rules, start=1):
        # An email, a link or an address is removed whole even when a name is part of it ("sarah.jones@...").
        rank = priority - len(rules) - 1 if kind in ("email", "link", "address") else priority
        rank = 0 if kind == "name" else rank  # a name found by its cue joins the names found by word
        matches = pattern.finditer(folded, lower) if isinstance(pattern, _Guarded) else pattern.finditer(folded)
        for m in matches:
            # A pattern with groups named x or y removes only that part (the number, not "case no.").
            part = next((g for g in ("x", "y") if g in pattern.groupindex and m.group(g) is not None), 0)
            start, end = m.span(part)
            if end > start:
                candidates.append((rank, Removal(kind, start, end)))
    candidates.sort(key=lambda c: (c[0], c[1].start, c[1].start - c[1].end))  # at one start, the longest
    # Taken stretches never overlap, so sorted by start they are sorted by end too: a bisection finds the
    # neighbours a candidate could overlap (a paste full of names stays fast, not quadratic).
    taken.sort(key=lambda r: r.start)
    starts = [t.start for t in taken]
    for _, cand in candidates:
        i = bisect.bisect_right(starts, cand.start)
        if (i and taken[i - 1].end > cand.start) or (i < len(taken) and taken[i].start < cand.end):
            continue
        taken.insert(i, cand)
        starts.insert(i, cand.start)
    return [t for t in taken if t.kind != "placeholder"]


def _replace(text: str, removals: list[Removal]) -> str:
    pieces, pos = [], 0
    for r in removals:
        pieces += [text[pos : r.start], PLACEHOLDERS[r.kind]]
        pos = r.end
    pieces.append(text[pos:])
    return "".join(pieces)


def scrub(text: str, roster: Iterable[str] = (), *, listed_names: bool = True) -> ScrubResult:
    """Replace personal details and roster names in text with placeholders; never raises on text.

    listed_names=False leaves the shipped list of first names out, for the facilitator's own alias.
    """
    names = compile_roster(tuple(roster))
    current = clean_text(text)
    first = _find(current, names, listed_names)
    if not first:  # nothing replaced: a second look at the same text would find nothing either
        return ScrubResult(text=current)
    counts: Counter[str] = Counter(r.kind for r in first)
    current = _replace(current, first)
    # Replacing can bring pieces together that form a new match; settle to a fixed point so that
    # scrubbing stored text again never changes it.
    for _ in range(5):
        more = _find(current, names, listed_names)
        if not more:
            break
        counts.update(r.kind for r in more)
        current = _replace(current, more)
    return ScrubResult(text=current, removed=dict(counts), spans=tuple(first))
