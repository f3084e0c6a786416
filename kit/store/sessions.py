"""Sessions: create, find, load, list, re-plan, duplicate and delete session files; the locked read-modify-write
every operation uses, and the checks every text passes (scrubbed first).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from datetime import date as Date
from pathlib import Path
from typing import cast

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware

from kit.errors import CorruptSession, InputError, SessionNotFound
from kit.model import (
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
from kit.store.files import private_folder
from kit.store.schema import session_tables
from kit.store.storage import SESSION_KIND, AtomicJSONStorage, locked, read_session_json
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


def last_written(db: TinyDB) -> tuple[dict, os.stat_result] | None:
    """What the last write of a database opened with _open put on disk, and the file's stat just after it."""
    middleware = cast(CachingMiddleware, db.storage)
    return cast(AtomicJSONStorage, middleware.storage).written


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
