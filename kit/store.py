"""The session log: one TinyDB file per session, changed only through the named operations here.

Every text passes through the scrubber before it is written; each operation runs under the
session's file lock as one read-modify-write, so the app and the feedback server never lose
each other's updates.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path

from tinydb import Query, TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.table import Document

from kit.collate_docs import session_tables
from kit.errors import CorruptSession, InputError, KitError, NotFound, SessionNotFound
from kit.files import private_folder
from kit.library import get_activity
from kit.model import (
    ANSWERS,
    SHEET_FIELDS,
    SOURCE_LANGUAGE,
    STATUSES,
    Block,
    Feedback,
    Output,
    Response,
    Session,
    SessionLog,
    Ticket,
)
from kit.places import sessions_folder_choice
from kit.plan import MAX_BLOCK_NOTES, MAX_BLOCK_TITLE, check_blocks, parse_clock
from kit.scrub import ScrubResult, clean_text, scrub
from kit.storage import SESSION_KIND, AtomicJSONStorage, locked, read_session_json
from kit.vocab import ARTICLES, language_code, load_themes

SCHEMA_VERSION = 1
MAX_TEXT = 5000
MAX_TITLE = 200
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
DEMO_ID = "demo"


def now() -> str:
    """The current time as an ISO 8601 UTC string with microseconds (orders edits for merging)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def sessions_folder(option: str | None = None) -> Path:
    """The sessions folder (see kit.places: --sessions, KIT_SESSIONS, else the default); never a file."""
    folder = sessions_folder_choice(option)[0]
    if folder.exists() and not folder.is_dir():
        raise InputError(
            f"{folder} is a file, not a sessions folder; give a folder with --sessions DIR (or KIT_SESSIONS)."
        )
    return folder


def session_path(folder: Path, ref: str) -> Path:
    """Find a session by id (a file in folder) or by path; SessionNotFound says what to do."""
    candidate = Path(ref)
    shown = ref if len(ref) <= 80 else f"{ref[:60]}..."
    try:
        if candidate.suffix == ".json" and candidate.is_file():
            return candidate
        if not ref or any(c in ref for c in "/\\") or ref.startswith("."):
            raise SessionNotFound(f"No session file at '{shown}'. Run 'codesign-kit list' to see the sessions.")
        path = folder / f"{ref}.json"
        found = path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, or with a NUL in it
        found = False
    if not found:
        raise SessionNotFound(f"No session '{shown}' in {folder}. Run 'codesign-kit list' to see the session ids.")
    return path


@contextmanager
def _open(path: Path, create: bool = False) -> Iterator[TinyDB]:
    """Lock the session and open it; changes are written once, atomically, if the body succeeds."""
    if not create and not path.is_file():
        raise SessionNotFound(f"No session file at {path}. Run 'codesign-kit list' to see the sessions.")
    with locked(path):
        db = TinyDB(path, storage=CachingMiddleware(AtomicJSONStorage), create=create)
        if not create:
            try:
                session_tables(db.storage.read() or {})  # a damaged document fails here, before any change
            except (TypeError, KeyError, AttributeError, ValueError):
                raise CorruptSession(
                    f"{path}: looks like a session log but its contents are damaged. It was left untouched."
                ) from None
        yield db
        db.close()  # flushes the cached changes in one atomic write; skipped if the body raised


def _text(
    value: str, what: str, roster: Iterable[str], limit: int = MAX_TEXT, required: bool = True, listed: bool = True
) -> ScrubResult:
    """Scrub a text after checking it is present and not too long."""
    if len(value) > limit:
        raise InputError(
            f"The {what} is {len(value):,} characters long; the limit is {limit:,}. "
            "Split it into shorter pieces and save each one."
        )
    result = scrub(value, roster, listed_names=listed)
    if required and not result.text.strip():
        raise InputError(f"The {what} is empty; type something before saving.")
    return result


def _line(text: str) -> str:
    """A title or alias on one line: line breaks and runs of spaces become single spaces."""
    return " ".join(text.split())


def _check_tags(principles: Iterable[int], themes: Iterable[str]) -> tuple[list[int], list[str]]:
    principles = sorted(set(principles))
    bad = [p for p in principles if p not in ARTICLES]
    if bad:
        raise InputError(f"Principle {bad[0]} is not one of the articles {', '.join(map(str, ARTICLES))}.")
    known = load_themes()
    themes = list(dict.fromkeys(themes))
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise InputError(f"Unknown theme '{unknown[0]}'. Known themes: {', '.join(known)}.")
    return principles, themes


MAX_MINUTES = 24 * 60
MAX_LANGUAGE = 40


def _check_plan_numbers(group_size: object, length_minutes: object) -> None:
    """Group size and planned length, checked the same way for a new session and a changed plan."""
    if group_size is not None and not (isinstance(group_size, int) and 1 <= group_size <= 200):
        raise InputError("Group size should be a number of people between 1 and 200.")
    if length_minutes is not None and not (isinstance(length_minutes, int) and 1 <= length_minutes <= MAX_MINUTES):
        raise InputError(f"The planned length should be between 1 and {MAX_MINUTES:,} minutes.")


def _check_languages(languages: Iterable[str]) -> list[str]:
    """Languages as known codes (a code or a name is accepted), without repeats; InputError lists the known ones."""
    cleaned = [clean_text(code).strip() for code in languages if code.strip()]
    long = [code for code in cleaned if len(code) > MAX_LANGUAGE]
    if long:
        raise InputError(f"'{long[0][:20]}...' is not a language; give codes such as en, ar, ti.")
    return list(dict.fromkeys(language_code(code) for code in cleaned))


DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")


def _check_date(value: str) -> str:
    """A date as DD/MM/YYYY (as UK facilitators write it) or YYYY-MM-DD, stored as YYYY-MM-DD."""
    text = value.strip()
    if not text:
        raise InputError("The date is empty; write it as DD/MM/YYYY, for example 14/03/2026.")
    for pattern in ("%Y-%m-%d", *DATE_FORMATS):
        try:
            when = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if not 2000 <= when.year <= 2100:
            raise InputError(f"'{text[:20]}' has the year {when.year}; write the year in full, for example 14/03/2026.")
        return when.isoformat()
    raise InputError(f"'{text[:20]}' is not a date; write it as DD/MM/YYYY, for example 14/03/2026.")


def show_date(iso: str) -> str:
    """A stored YYYY-MM-DD date as DD/MM/YYYY for the screen (unchanged if it is not such a date)."""
    try:
        return Date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _check_plan(
    blocks: Sequence[Block] | None, activities: Sequence[str], start: str
) -> tuple[list[Block], list[str], str]:
    """The plan's blocks (scrubbed titles and notes), its activity ids in order, and its start time."""
    if blocks is None:
        blocks = [Block("activity", a) for a in activities]
    checked = []
    for block in check_blocks(blocks):
        title = _line(_text(block.title, "block title", (), MAX_BLOCK_TITLE, required=False).text)
        notes = _text(block.notes, "block notes", (), MAX_BLOCK_NOTES, required=False).text.strip()
        checked.append(replace(block, title=title, notes=notes))
    return checked, [b.activity for b in checked if b.kind == "activity"], parse_clock(start)


def create_session(
    folder: Path,
    title: str,
    activities: Sequence[str],
    *,
    date: str | None = None,
    facilitator: str = "",
    languages: Sequence[str] = (),
    interpreter: bool = False,
    group_size: int | None = None,
    length_minutes: int | None = None,
    session_id: str | None = None,
    blocks: Sequence[Block] | None = None,
    start: str = "",
) -> Path:
    """Create a new session file with its plan (activity ids, or blocks in order) and return its path."""
    blocks, activities, start = _check_plan(blocks, activities, start)
    _check_plan_numbers(group_size, length_minutes)
    languages = _check_languages(languages)
    when = _check_date(date) if date else Date.today().isoformat()
    private_folder(folder)
    session_id = session_id or f"{when.replace('-', '')}-{secrets.token_hex(3)}"
    path = folder / f"{session_id}.json"
    if path.exists():
        raise InputError(f"A session file {path} already exists; it was left untouched.")
    stamp = now()
    session = Session(
        id=session_id,
        title=_line(_text(title, "title", (), MAX_TITLE).text),
        date=when,
        facilitator=_line(_text(facilitator, "facilitator alias", (), 80, required=False, listed=False).text),
        activities=activities,
        blocks=blocks,
        start=start,
        languages=languages,
        interpreter=interpreter,
        group_size=group_size,
        length_minutes=length_minutes,
        created=stamp,
        updated=stamp,
    )
    with _open(path, create=True) as db:
        db.table("meta").insert({"kind": SESSION_KIND, "schema": SCHEMA_VERSION})
        db.table("session").insert(session.to_doc())
    return path


def load_session(path: Path) -> SessionLog:
    """Read a whole session file; CorruptSession if it is damaged or not a session log."""
    try:
        data = read_session_json(path)
    except FileNotFoundError:
        raise SessionNotFound(f"No session file at {path}. Run 'codesign-kit list' to see the sessions.") from None
    try:
        session_tables(data)  # checks every field's type, so a damaged file fails here, not mid-command
        return log_from_data(data)
    except (TypeError, KeyError, AttributeError, StopIteration, ValueError):
        raise CorruptSession(
            f"{path}: looks like a session log but its contents are damaged. It was left untouched."
        ) from None


def _docs(data: dict, table: str) -> list[dict]:
    rows = data.get(table) or {}
    return [rows[k] for k in sorted(rows, key=int)]


def log_from_data(data: dict) -> SessionLog:
    """Build a SessionLog from a parsed session file (TinyDB tables); errors if its tables are damaged."""
    meta = _docs(data, "meta")[0]
    session = Session.from_doc(next(iter(_docs(data, "session"))))
    outputs = [Output.from_doc(d) for d in _docs(data, "outputs")]
    return SessionLog(
        session=session,
        outputs=[o for o in outputs if not o.deleted],
        withdrawn=[o for o in outputs if o.deleted],
        responses={d["output"]: Response.from_doc(d) for d in _docs(data, "responses")},
        tickets=[Ticket.from_doc(d) for d in _docs(data, "tickets")],
        feedback=[Feedback.from_doc(d) for d in _docs(data, "feedback")],
        schema=int(meta.get("schema", SCHEMA_VERSION)),
    )


_log_from_tables = log_from_data  # the earlier private name, kept for callers that used it


@dataclass(frozen=True)
class SessionSummary:
    """One row of the sessions list."""

    path: Path
    id: str
    title: str
    date: str
    outputs: int
    responded: int
    on_sheet: int
    feedback: int


def list_sessions(folder: Path) -> tuple[list[SessionSummary], list[str]]:
    """Summaries of every session in folder, newest first, and a warning for each unreadable file."""
    summaries: list[SessionSummary] = []
    warnings: list[str] = []
    if not folder.is_dir():
        return summaries, warnings
    for path in sorted(folder.glob("*.json")):
        try:
            log = load_session(path)
        except (CorruptSession, SessionNotFound) as exc:
            warnings.append(str(exc))
            continue
        summaries.append(
            SessionSummary(
                path=path,
                id=log.session.id,
                title=log.session.title,
                date=log.session.date,
                outputs=len(log.outputs),
                responded=sum(1 for o in log.outputs if o.id in log.responses),
                on_sheet=len(log.sheet_items()),
                feedback=len(log.feedback),
            )
        )
    summaries.sort(key=lambda s: (s.date, s.id), reverse=True)
    return summaries, warnings


PLAN_FIELDS = {
    "title",
    "date",
    "facilitator",
    "activities",
    "blocks",
    "start",
    "languages",
    "interpreter",
    "group_size",
    "length_minutes",
}


def update_plan(path: Path, **changes: object) -> Session:
    """Change the session's plan (title, date, alias, blocks or activities, start, languages, interpreter, sizes)."""
    unknown = set(changes) - PLAN_FIELDS
    if unknown:
        raise InputError(f"Cannot change {', '.join(sorted(unknown))} of a session.")
    if "title" in changes:
        changes["title"] = _line(_text(str(changes["title"]), "title", (), MAX_TITLE).text)
    if "facilitator" in changes:
        alias = _text(str(changes["facilitator"]), "facilitator alias", (), 80, required=False, listed=False).text
        changes["facilitator"] = _line(alias)
    if "date" in changes:
        changes["date"] = _check_date(str(changes["date"]))
    _check_plan_numbers(changes.get("group_size"), changes.get("length_minutes"))
    if "languages" in changes:
        changes["languages"] = _check_languages(changes["languages"])  # type: ignore[arg-type]
    if "blocks" in changes or "activities" in changes:
        blocks, activities, _ = _check_plan(changes.get("blocks"), changes.get("activities", []), "")  # type: ignore[arg-type]
        changes["blocks"], changes["activities"] = [b.to_doc() for b in blocks], activities
    if "start" in changes:
        changes["start"] = parse_clock(str(changes["start"]))
    with _open(path) as db:
        table = db.table("session")
        doc = table.all()[0]
        doc.update(changes, updated=now())
        table.update(doc, doc_ids=[doc.doc_id])
        return Session.from_doc(dict(doc))


def duplicate_session(path: Path, title: str | None = None) -> Path:
    """A new session with the same plan for today (no outputs, responses, sheets or feedback); returns its path."""
    s = load_session(path).session
    copy_title = title if title is not None else f"Copy of {s.title}"[:MAX_TITLE]
    return create_session(
        path.parent,
        copy_title,
        s.activities,
        blocks=s.blocks,
        start=s.start,
        facilitator=s.facilitator,
        languages=s.languages,
        interpreter=s.interpreter,
        group_size=s.group_size,
        length_minutes=s.length_minutes,
    )


def delete_session(path: Path) -> None:
    """Delete a session file for good (the only deletion of a log the kit does; the app asks first)."""
    load_session(path)  # only a readable session log is deleted here; anything else is left alone
    with locked(path):
        path.unlink()
    path.with_name(f".{path.name}.lock").unlink(missing_ok=True)


def _new_output_id(taken: set[str]) -> str:
    """A random output id not in taken (which it joins)."""
    while (candidate := secrets.token_hex(4)) in taken:
        pass
    taken.add(candidate)
    return candidate


def add_outputs(
    path: Path,
    activity: str,
    texts: Sequence[str],
    *,
    step: int | None = None,
    principles: Iterable[int] = (),
    themes: Iterable[str] = (),
    roster: Iterable[str] = (),
) -> list[tuple[Output, ScrubResult]]:
    """Scrub and log one output per text, all in one write; returns what was stored and removed."""
    steps = len(get_activity(activity).steps)
    if step is not None and not 1 <= step <= steps:
        raise InputError(f"Step {step} is not a step of the activity '{activity}'; it has steps 1 to {steps}.")
    principles, themes = _check_tags(principles, themes)
    roster = list(roster)
    results = [_text(t, "output", roster) for t in texts]
    if not results:
        raise InputError("There is nothing to save: no text was given.")
    stored: list[tuple[Output, ScrubResult]] = []
    with _open(path) as db:  # ids read once and one insert for all: a long notes file stays linear
        table = db.table("outputs")
        taken = {d["id"] for d in table.all()}
        for result in results:
            stamp = now()
            output = Output(
                id=_new_output_id(taken),
                activity=activity,
                text=result.text,
                step=step,
                principles=principles,
                themes=themes,
                removed=result.removed,
                created=stamp,
                updated=stamp,
            )
            stored.append((output, result))
        table.insert_multiple(output.to_doc() for output, _ in stored)
    return stored


def add_output(path: Path, activity: str, text: str, **tags: object) -> tuple[Output, ScrubResult]:
    """Scrub and log one output."""
    return add_outputs(path, activity, [text], **tags)[0]  # type: ignore[arg-type]


def _output_doc(db: TinyDB, output_id: str) -> Document:
    doc = db.table("outputs").get(Query().id == output_id)
    if doc is None or doc.get("deleted"):
        raise NotFound(f"No output '{output_id}' in this session. Run 'codesign-kit show SESSION' to see the ids.")
    return doc


def edit_output(
    path: Path,
    output_id: str,
    *,
    text: str | None = None,
    principles: Iterable[int] | None = None,
    themes: Iterable[str] | None = None,
    sheet_text: str | None = None,
    language: str = SOURCE_LANGUAGE,
    roster: Iterable[str] = (),
) -> Output:
    """Change an output's text, tags or sheet wording in a language (scrubbed again; '' clears the wording)."""
    language = language_code(language)
    cleaned = _text(sheet_text, "sheet wording", roster, required=False).text.strip() if sheet_text else ""
    with _open(path) as db:
        doc = _output_doc(db, output_id)
        if sheet_text is not None:
            wording = dict(doc.get("sheet_text") or {})
            if cleaned:
                wording[language] = cleaned
            else:
                wording.pop(language, None)
            doc["sheet_text"] = wording
        if text is not None:
            result = _text(text, "output", roster)
            doc["text"], doc["removed"] = result.text, result.removed
        if principles is not None or themes is not None:
            p, t = _check_tags(
                principles if principles is not None else doc["principles"],
                themes if themes is not None else doc["themes"],
            )
            doc["principles"], doc["themes"] = p, t
        doc["updated"] = now()
        db.table("outputs").update(doc, doc_ids=[doc.doc_id])
        return Output.from_doc(doc)


def withdraw_output(path: Path, output_id: str) -> None:
    """Delete an output a young person withdrew: its text and response go, a marker stays for merging."""
    with _open(path) as db:
        doc = _output_doc(db, output_id)
        db.table("outputs").update(
            {"text": "", "removed": {}, "principles": [], "themes": [], "deleted": True, "updated": now()},
            doc_ids=[doc.doc_id],
        )
        db.table("responses").remove(Query().output == output_id)


def record_response(
    path: Path,
    output_id: str,
    status: str,
    text: str,
    *,
    on_sheet: bool = True,
    date: str | None = None,
    roster: Iterable[str] = (),
) -> Response:
    """Record (or replace) what happened to an output."""
    if status not in STATUSES:
        raise InputError(f"Status '{status}' is not one of: {', '.join(STATUSES)}.")
    result = _text(text, "'what happened' text", roster)
    with _open(path) as db:
        _output_doc(db, output_id)
        before = db.table("responses").get(Query().output == output_id)
        # Versions in other languages stay only while the text they translate is unchanged.
        kept = dict(before.get("translations") or {}) if before and before["text"] == result.text else {}
        response = Response(
            output=output_id,
            status=status,
            text=result.text,
            date=_check_date(date) if date else Date.today().isoformat(),
            on_sheet=on_sheet,
            updated=now(),
            translations=kept,
        )
        db.table("responses").upsert(response.to_doc(), Query().output == output_id)
        return response


def restore_response(path: Path, output_id: str, previous: Response | None) -> None:
    """Put back what happened to an output as it was before the last change (None: there was nothing)."""
    with _open(path) as db:
        _output_doc(db, output_id)
        responses = db.table("responses")
        if previous is None:
            responses.remove(Query().output == output_id)
            return
        doc = {**previous.to_doc(), "output": output_id, "updated": now()}
        responses.upsert(doc, Query().output == output_id)


def set_translations(
    path: Path, language: str, entries: Sequence[tuple[str, str, str]], roster: Iterable[str] = ()
) -> int:
    """Store versions of sheet texts in a language, all in one write: (output id, field, text) each.

    The field is 'sheet_text' (the output's words for young people) or 'what_happened'; an empty
    text clears that version. Every text is scrubbed first; any bad entry changes nothing.
    Returns how many versions were stored or cleared.
    """
    language = language_code(language)
    if language == SOURCE_LANGUAGE:
        raise InputError(
            f"'{language}' is the language the session is logged in; change its texts with edit or respond."
        )
    roster = list(roster)
    cleaned = [(o, f, _text(t, "translation", roster, required=False).text.strip()) for o, f, t in entries]
    with _open(path) as db:
        outputs = db.table("outputs")
        responses = db.table("responses")
        for output_id, field_name, text in cleaned:
            if field_name not in SHEET_FIELDS:
                raise InputError(f"'{field_name}' is not a text of a sheet; use one of: {', '.join(SHEET_FIELDS)}.")
            if field_name == "sheet_text":
                doc = _output_doc(db, output_id)
                table, key = outputs, "sheet_text"
            else:
                found = responses.get(Query().output == output_id)
                if not isinstance(found, Document):
                    raise NotFound(
                        f"Output '{output_id}' has no 'what happened' yet; record one before translating it."
                    )
                doc, table, key = found, responses, "translations"
            versions = dict(doc.get(key) or {})
            if text:
                versions[language] = text
            else:
                versions.pop(language, None)
            table.update({key: versions, "updated": now()}, doc_ids=[doc.doc_id])
    return len(cleaned)


def set_on_sheet(path: Path, output_id: str, on_sheet: bool) -> None:
    """Choose whether an output with a response goes on the young people's feedback sheet."""
    with _open(path) as db:
        table = db.table("responses")
        if not table.contains(Query().output == output_id):
            raise NotFound(f"Output '{output_id}' has no 'what happened' yet; record one before choosing the sheet.")
        table.update({"on_sheet": on_sheet, "updated": now()}, Query().output == output_id)


def hash_token(token: str) -> str:
    """The stored form of a sheet token: its SHA-256, so the log alone cannot forge feedback."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """A short code as typed (any case, spaces or hyphens, full-width or Arabic-Indic digits) in canonical form."""
    letters = unicodedata.normalize("NFKC", code).upper()
    return "".join(str(unicodedata.digit(ch)) if ch.isdecimal() else ch for ch in letters if ch.isalnum())


def hash_code(session_id: str, code: str) -> str:
    """The stored form of a short code, bound to its session."""
    return hashlib.sha256(f"{session_id}:{normalise_code(code)}".encode()).hexdigest()


def format_code(code: str) -> str:
    """Print a short code in two easy-to-read halves, e.g. ABCDE-FGHJK."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


@dataclass(frozen=True)
class IssuedSheet:
    """A freshly issued sheet: the token and code exist only here and on the paper."""

    token: str
    code: str
    items: list[str]


def issue_sheets(path: Path, copies: int) -> list[IssuedSheet]:
    """Issue tokens for copies of the feedback sheet, storing only their hashes."""
    if not 1 <= copies <= 500:
        raise InputError("Copies should be between 1 and 500.")
    log = load_session(path)
    items = [o.id for o, _ in log.sheet_items()]
    if not items:
        raise InputError(
            "No output is marked for the feedback sheet yet. Record a 'what happened' first "
            "(codesign-kit respond, or the Follow-up screen)."
        )
    issued: list[IssuedSheet] = []
    with _open(path) as db:
        table = db.table("tickets")
        stamp = now()
        for _ in range(copies):
            token = secrets.token_urlsafe(16)
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            ticket = Ticket(hash_token(token), hash_code(log.session.id, code), items, stamp)
            table.insert(ticket.to_doc())
            issued.append(IssuedSheet(token, code, items))
    return issued


def find_ticket(log: SessionLog, *, token: str | None = None, code: str | None = None) -> Ticket | None:
    """The ticket for a token or short code, compared by hash in constant time."""
    if token is not None:
        wanted, attr = hash_token(token), "token_hash"
    elif code is not None:
        wanted, attr = hash_code(log.session.id, code), "code_hash"
    else:
        return None
    found = None
    for ticket in log.tickets:
        if hmac.compare_digest(getattr(ticket, attr), wanted):
            found = ticket
    return found


def record_feedback(
    path: Path,
    token_hash: str,
    answers: dict[str, str],
    comment: str = "",
    *,
    via: str = "web",
    roster: Iterable[str] = (),
) -> Feedback:
    """Store (or replace) one sheet's answers; the comment is scrubbed like every other text."""
    bad = [a for a in answers.values() if a not in ANSWERS]
    if bad:
        raise InputError(f"Answer '{bad[0]}' should be one of: {', '.join(ANSWERS)}.")
    cleaned = _text(comment, "comment", roster, limit=2000, required=False).text
    with _open(path) as db:
        return _upsert_feedback(db, token_hash, answers, cleaned, via)


def _upsert_feedback(db: TinyDB, token_hash: str, answers: dict[str, str], cleaned: str, via: str) -> Feedback:
    ticket = db.table("tickets").get(Query().token_hash == token_hash)
    if ticket is None:
        raise NotFound("That feedback sheet is not one issued for this session.")
    unknown = set(answers) - set(ticket["items"])
    if unknown:
        raise InputError(f"Item '{sorted(unknown)[0]}' is not on that feedback sheet.")
    record = Feedback(token_hash, dict(answers), cleaned, via, now())
    db.table("feedback").upsert(record.to_doc(), Query().token_hash == token_hash)
    return record


def record_feedback_batch(
    path: Path, entries: Sequence[tuple[str, dict[str, str], str]], *, via: str = "web", roster: Iterable[str] = ()
) -> list[Feedback | KitError]:
    """Store several sheets' answers (token hash, answers, comment) in one write; each gets its record or error.

    The feedback page uses it to let phones that send at the same moment share one durable write.
    """
    results: list[Feedback | KitError] = []
    prepared: list[tuple[int, str, dict[str, str], str]] = []
    roster = list(roster)
    for index, (token_hash, answers, comment) in enumerate(entries):
        try:
            bad = [a for a in answers.values() if a not in ANSWERS]
            if bad:
                raise InputError(f"Answer '{bad[0]}' should be one of: {', '.join(ANSWERS)}.")
            cleaned = _text(comment, "comment", roster, limit=2000, required=False).text
            prepared.append((index, token_hash, answers, cleaned))
            results.append(InputError("not stored"))
        except KitError as exc:
            results.append(exc)
    if not prepared:
        return results
    with _open(path) as db:  # one pass over each table, however many sheets are in the batch
        items = {t["token_hash"]: set(t["items"]) for t in db.table("tickets").all()}
        table = db.table("feedback")
        stored = {doc["token_hash"] for doc in table.all()}
        changed: dict[str, dict] = {}
        added: dict[str, dict] = {}
        for index, token_hash, answers, cleaned in prepared:
            if token_hash not in items:
                results[index] = NotFound("That feedback sheet is not one issued for this session.")
            elif unknown := set(answers) - items[token_hash]:
                results[index] = InputError(f"Item '{sorted(unknown)[0]}' is not on that feedback sheet.")
            else:
                record = Feedback(token_hash, dict(answers), cleaned, via, now())
                (changed if token_hash in stored else added)[token_hash] = record.to_doc()
                results[index] = record
        if changed:
            table.update(lambda doc: doc.update(changed[doc["token_hash"]]), lambda doc: doc["token_hash"] in changed)
        if added:
            table.insert_multiple(added.values())
    return results


def record_paper_feedback(
    path: Path, code: str, answers: dict[str, str], comment: str = "", roster: Iterable[str] = ()
) -> Feedback:
    """Store a paper sheet's answers by its short code; items may be given by number (1, 2...) or id."""
    log = load_session(path)
    ticket = find_ticket(log, code=code)
    if ticket is None:
        raise NotFound(f"No feedback sheet of this session has the code '{code}'. Check the code on the sheet.")
    by_id: dict[str, str] = {}
    for item, answer in answers.items():
        if item.isdecimal() and 1 <= int(item) <= len(ticket.items):
            by_id[ticket.items[int(item) - 1]] = answer
        elif item in ticket.items:
            by_id[item] = answer
        else:
            raise InputError(f"Item '{item}' is not on that sheet; it lists items 1 to {len(ticket.items)}.")
    return record_feedback(path, ticket.token_hash, by_id, comment, via="paper", roster=roster)
