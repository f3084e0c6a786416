"""The session log's records as plain dataclasses: session, output, response, feedback, sheet ticket."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any, Self

STATUSES = {
    "acted": "Acted on",
    "passed-on": "Passed on",
    "considering": "Being considered",
    "not-possible": "Not possible",
}
ANSWERS = ("yes", "partly", "no")
FEEDBACK_PORT = 8765  # where the feedback page listens unless told otherwise; the sheets' QR codes point there
MAX_COMMENT = 2000  # characters of a young person's comment, on the page and on paper
SOURCE_LANGUAGE = "en"  # the language outputs and "what happened" are logged in; sheets in others need versions
SHEET_FIELDS = ("sheet_text", "what_happened")  # the texts of a sheet item that can have a version per language


@lru_cache(maxsize=4096)
def written_in(text: str, script: str) -> bool:
    """Whether most letters of a text are of a script ('arabic', 'ethiopic'), by their Unicode names.

    Kept per text: the feedback page asks it of every text of a sheet on every form it shows.
    """
    letters = [ch for ch in text if ch.isalpha()]
    prefix = script.upper()
    return bool(letters) and sum(_letter_name(ch).startswith(prefix) for ch in letters) * 2 > len(letters)


@lru_cache(maxsize=8192)
def _letter_name(ch: str) -> str:
    return unicodedata.name(ch, "")


class Record:
    """What every stored record can do: become a document and be built back from one."""

    def to_doc(self) -> dict[str, Any]:
        """The record as a plain document for the session file."""
        return asdict(self)  # type: ignore[call-overload]  # every subclass is a dataclass

    @classmethod
    def from_doc(cls, doc: dict) -> Self:
        """Build the record from a stored document, ignoring fields a newer kit may have added."""
        try:
            return cls(**doc)  # the common case, and fast: the document has exactly the known fields
        except TypeError:
            pass
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in doc.items() if k in names})


BLOCK_KINDS = {
    "activity": "Activity",
    "break": "Break",
    "energiser": "Energiser",
    "own": "Own block",
}


@dataclass(frozen=True)
class Block(Record):
    """One block of the plan: an activity from the library (its minutes may be changed), or a break,
    an energiser or the facilitator's own block with a title, minutes and notes."""

    kind: str = "activity"
    activity: str = ""
    minutes: int | None = None  # None: an activity's own minutes from the library
    title: str = ""
    notes: str = ""


@dataclass
class Session(Record):
    """The plan and the facts of one workshop; never a list of the people in it.

    `blocks` is the plan in order; `activities` repeats the planned activity ids, so files written
    before blocks existed (a plan stored as a list of ids) still load, and older kits still read new files.
    """

    id: str
    title: str
    date: str
    facilitator: str = ""
    activities: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    interpreter: bool = False
    group_size: int | None = None
    length_minutes: int | None = None
    created: str = ""
    updated: str = ""
    blocks: list[Block] = field(default_factory=list)
    start: str = ""  # HH:MM, or "" when no start time is set

    def __post_init__(self) -> None:
        self.blocks = [b if isinstance(b, Block) else Block.from_doc(b) for b in self.blocks]
        planned = [b.activity for b in self.blocks if b.kind == "activity"]
        if planned != self.activities:  # a plan stored as a list of ids, or its ids changed by an older kit
            self.blocks = [Block("activity", a) for a in self.activities]


@dataclass
class Output(Record):
    """One thing the group said, as captured and scrubbed; a withdrawn output keeps only its id."""

    id: str
    activity: str
    text: str
    step: int | None = None
    principles: list[int] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)
    created: str = ""
    updated: str = ""
    deleted: bool = False
    sheet_text: dict[str, str] = field(default_factory=dict)  # words for young people, by language code
    history: list[str] = field(default_factory=list)  # the `updated` stamp of each earlier version, oldest first


@dataclass
class Response(Record):
    """What happened to an output ("you said / what happened"), and whether it goes on the sheet.

    `history` holds the `updated` stamp of each earlier version, oldest first, as an output's does:
    collation tells a newer copy of the same line of changes from one changed apart on another laptop.
    """

    output: str
    status: str
    text: str
    date: str
    on_sheet: bool = True
    updated: str = ""
    translations: dict[str, str] = field(default_factory=dict)  # the text in other languages, by code
    history: list[str] = field(default_factory=list)  # the `updated` stamp of each earlier version, oldest first

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


@dataclass
class Ticket(Record):
    """One printed feedback sheet: hashes of its token and short code, and the items it listed."""

    token_hash: str
    code_hash: str
    items: list[str]
    issued: str


@dataclass
class Feedback(Record):
    """What one young person said back about one sheet, by web page or on paper."""

    token_hash: str
    answers: dict[str, str]
    comment: str = ""
    via: str = "web"
    received: str = ""


@dataclass(frozen=True)
class SheetWording:
    """One numbered sheet item as young people read it in one language."""

    number: int
    output: Output
    response: Response
    said: str
    happened: str
    missing: tuple[str, ...]  # SHEET_FIELDS with no version in the language (printed in the logged one)


@dataclass
class SessionLog:
    """Everything in one session file, read at one moment."""

    session: Session
    outputs: list[Output]
    responses: dict[str, Response]
    tickets: list[Ticket]
    feedback: list[Feedback]
    schema: int = 1
    withdrawn: list[Output] = field(default_factory=list)

    def output(self, output_id: str) -> Output | None:
        return next((o for o in self.outputs if o.id == output_id), None)

    def sheet_items(self) -> list[tuple[Output, Response]]:
        """Outputs with a response marked for the young people's feedback sheet, in capture order."""
        return [
            (o, self.responses[o.id]) for o in self.outputs if o.id in self.responses and self.responses[o.id].on_sheet
        ]

    def sheet_wording(self, language: str, script: str = "latin") -> list[SheetWording]:
        """Each sheet item's words for young people in a language, falling back to the logged language.

        A text logged in the language's own script (Arabic or Ethiopic, say) counts as already in
        that language. An item with no version of its sheet wording or "what happened" in the
        language is marked `missing` (naming the fields) and carries the logged words instead.
        """
        entries = []
        for number, (output, response) in enumerate(self.sheet_items(), 1):
            said_source = output.sheet_text.get(SOURCE_LANGUAGE) or output.text
            said = said_source if language == SOURCE_LANGUAGE else output.sheet_text.get(language)
            happened = response.text if language == SOURCE_LANGUAGE else response.translations.get(language)
            if script != "latin":
                said = said or (said_source if written_in(said_source, script) else None)
                happened = happened or (response.text if written_in(response.text, script) else None)
            missing = tuple(f for f, v in zip(SHEET_FIELDS, (said, happened), strict=True) if not v)
            entries.append(
                SheetWording(number, output, response, said or said_source, happened or response.text, missing)
            )
        return entries

    def feedback_counts(self) -> dict[str, dict[str, int]]:
        """Per live output id, how many young people answered yes / partly / no (the kit's one count)."""
        counts = {o.id: dict.fromkeys(ANSWERS, 0) for o in self.outputs}
        for record in self.feedback:
            for output_id, answer in record.answers.items():
                tally = counts.get(output_id)
                if tally is not None and answer in tally:
                    tally[answer] += 1
        return counts

    def to_json(self) -> dict:
        """The session as stored, ready for `json.dumps` (used by `show --json`)."""
        counts = self.feedback_counts()
        return {
            "schema": self.schema,
            "session": self.session.to_doc(),
            "outputs": [
                {
                    **o.to_doc(),
                    "response": self.responses[o.id].to_doc() if o.id in self.responses else None,
                    "feedback": {a: counts[o.id][a] for a in ANSWERS},
                }
                for o in self.outputs
            ],
            "withdrawn": [o.id for o in self.withdrawn],
            "sheets_issued": len(self.tickets),
            "feedback": [f.to_doc() for f in self.feedback],
        }
