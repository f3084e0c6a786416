"""Feedback sheets and their answers: tokens and short codes (only hashes are stored), issuing sheets, recording
answers from the page and from paper.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tinydb import Query, TinyDB

from kit.errors import InputError, KitError, NotFound
from kit.model import (
    ANSWERS,
    MAX_COMMENT,
    Feedback,
    SessionLog,
    Ticket,
)
from kit.store.sessions import CODE_ALPHABET, CODE_LENGTH, _open, _text, last_written, load_session, log_from_data, now


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


@dataclass(frozen=True)
class FeedbackEntry:
    """One sheet's answers, checked and with the comment scrubbed: ready to be stored (see prepare_feedback)."""

    token_hash: str
    answers: dict[str, str]
    comment: str


@dataclass(frozen=True)
class SavedFeedback:
    """What save_feedback did: each entry's record or error, and the session as it is now on disk.

    `log` and `stat` describe the file the write left (its stat taken under the session's lock), so a reader
    can keep them instead of reading the file again; both are None when nothing was written.
    """

    results: list[Feedback | KitError]
    log: SessionLog | None = None
    stat: os.stat_result | None = None


def prepare_feedback(
    token_hash: str, answers: dict[str, str], comment: str = "", roster: Iterable[str] = ()
) -> FeedbackEntry:
    """Check one sheet's answers and scrub its comment, before any lock is taken; InputError says what is wrong."""
    bad = [a for a in answers.values() if a not in ANSWERS]
    if bad:
        raise InputError(f"Answer '{bad[0]}' should be one of: {', '.join(ANSWERS)}.")
    cleaned = _text(comment, "comment", roster, limit=MAX_COMMENT, required=False).text
    return FeedbackEntry(token_hash, dict(answers), cleaned)


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
    entry = prepare_feedback(token_hash, answers, comment, roster)
    with _open(path) as db:
        return _upsert_feedback(db, entry, via)


def _upsert_feedback(db: TinyDB, entry: FeedbackEntry, via: str) -> Feedback:
    ticket = db.table("tickets").get(Query().token_hash == entry.token_hash)
    if ticket is None:
        raise NotFound("That feedback sheet is not one issued for this session.")
    unknown = set(entry.answers) - set(ticket["items"])
    if unknown:
        raise InputError(f"Item '{sorted(unknown)[0]}' is not on that feedback sheet.")
    record = Feedback(entry.token_hash, dict(entry.answers), entry.comment, via, now())
    db.table("feedback").upsert(record.to_doc(), Query().token_hash == entry.token_hash)
    return record


def save_feedback(path: Path, entries: Sequence[FeedbackEntry], *, via: str = "web") -> SavedFeedback:
    """Store several prepared sheets' answers in one locked, durable write; each gets its record or error.

    The feedback page uses it to let phones that send at the same moment share one write: the lock is
    held only for reading the file, adding the records and writing it (scrubbing happened before).
    """
    results: list[Feedback | KitError] = []
    if not entries:
        return SavedFeedback(results)
    with _open(path) as db:  # one pass over each table, however many sheets are in the batch
        items = {t["token_hash"]: set(t["items"]) for t in db.table("tickets").all()}
        table = db.table("feedback")
        stored = {doc["token_hash"] for doc in table.all()}
        changed: dict[str, dict] = {}
        added: dict[str, dict] = {}
        for entry in entries:
            if entry.token_hash not in items:
                results.append(NotFound("That feedback sheet is not one issued for this session."))
            elif unknown := set(entry.answers) - items[entry.token_hash]:
                results.append(InputError(f"Item '{sorted(unknown)[0]}' is not on that feedback sheet."))
            else:
                record = Feedback(entry.token_hash, dict(entry.answers), entry.comment, via, now())
                (changed if entry.token_hash in stored else added)[entry.token_hash] = record.to_doc()
                results.append(record)
        if changed:
            table.update(lambda doc: doc.update(changed[doc["token_hash"]]), lambda doc: doc["token_hash"] in changed)
        if added:
            table.insert_multiple(added.values())
    written = last_written(db)
    if written is None:
        return SavedFeedback(results)
    data, stat = written
    try:
        log = log_from_data(data)
    except (TypeError, KeyError, AttributeError, StopIteration, ValueError):
        return SavedFeedback(results)  # the answers are on disk all the same; a reader reads the file instead
    return SavedFeedback(results, log, stat)


def record_feedback_batch(
    path: Path, entries: Sequence[tuple[str, dict[str, str], str]], *, via: str = "web", roster: Iterable[str] = ()
) -> list[Feedback | KitError]:
    """Store several sheets' answers (token hash, answers, comment) in one write; each gets its record or error."""
    results: list[Feedback | KitError | None] = []
    prepared: list[FeedbackEntry] = []
    roster = list(roster)
    for token_hash, answers, comment in entries:
        try:
            prepared.append(prepare_feedback(token_hash, answers, comment, roster))
            results.append(None)
        except KitError as exc:
            results.append(exc)
    saved = iter(save_feedback(path, prepared, via=via).results)
    return [next(saved) if r is None else r for r in results]


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
