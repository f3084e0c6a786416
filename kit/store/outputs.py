"""Outputs and what happened to them: capture, edit, withdraw, respond, translate, choose what goes on the sheet.
Every text is scrubbed before it is written.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from datetime import date as Date
from pathlib import Path

from tinydb import Query, TinyDB
from tinydb.table import Document

from kit.errors import InputError, NotFound
from kit.library import get_activity
from kit.model import (
    SHEET_FIELDS,
    SOURCE_LANGUAGE,
    STATUSES,
    Output,
    Response,
)
from kit.scrub import ScrubResult
from kit.store.sessions import _check_date, _check_tags, _open, _text, now
from kit.vocab import language_code

_NOT_NUMBER = re.compile("[a-df]")


def _new_output_id(taken: set[str]) -> str:
    """A random output id not in taken (which it joins), never one a spreadsheet reads as a number."""
    # Hex with no letter but "e" ("12345678", "32e10120") is a number (or an overflow) to spreadsheets.
    while (candidate := secrets.token_hex(4)) in taken or not _NOT_NUMBER.search(candidate):
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
        doc["history"], doc["updated"] = _next_history(doc), now()
        db.table("outputs").update(doc, doc_ids=[doc.doc_id])
        return Output.from_doc(doc)


def _next_history(doc: dict) -> list[str]:
    """An output's or response's line of edits with its current version added, for the version that replaces it.

    How collation tells a newer copy of the same line from a copy changed apart on another laptop.
    """
    history = list(doc.get("history") or [])
    if doc.get("updated"):
        history.append(doc["updated"])
    return history


def withdraw_output(path: Path, output_id: str) -> None:
    """Delete an output a young person withdrew: its text and response go, a marker stays for merging."""
    with _open(path) as db:
        doc = _output_doc(db, output_id)
        db.table("outputs").update(
            {
                "text": "",
                "removed": {},
                "principles": [],
                "themes": [],
                "deleted": True,
                "history": _next_history(doc),
                "updated": now(),
            },
            doc_ids=[doc.doc_id],
        )
        db.table("responses").remove(Query().output == output_id)


REMOVED = "removed_responses"  # marks of responses taken back (undone), read only by collation


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
            history=_line_of_edits(db, output_id, before),
        )
        db.table("responses").upsert(response.to_doc(), Query().output == output_id)
        return response


def restore_response(path: Path, output_id: str, previous: Response | None) -> None:
    """Put back what happened to an output as it was before the last change (None: there was nothing).

    The restored words are a new version in the response's line of changes, so other copies see it as the newest.
    """
    with _open(path) as db:
        _output_doc(db, output_id)
        responses = db.table("responses")
        current = responses.get(Query().output == output_id)
        if previous is None:
            if isinstance(current, Document):  # taken back: leave a mark, so an older copy cannot bring it back
                mark = {"output": output_id, "updated": now(), "history": _next_history(current)}
                db.table(REMOVED).upsert(mark, Query().output == output_id)
                responses.remove(Query().output == output_id)
            return
        history = _line_of_edits(db, output_id, current if isinstance(current, Document) else None, previous.history)
        doc = {**previous.to_doc(), "output": output_id, "updated": now(), "history": history}
        responses.upsert(doc, Query().output == output_id)


def _line_of_edits(db: TinyDB, output_id: str, current: dict | None, fallback: Sequence[str] = ()) -> list[str]:
    """The history for a new version of an output's response: it follows the response there is, else the
    mark of one taken back (which the new version replaces), else `fallback`."""
    if current is not None:
        return _next_history(current)
    removed = db.table(REMOVED)
    mark = removed.get(Query().output == output_id)
    if isinstance(mark, Document):
        removed.remove(doc_ids=[mark.doc_id])
        return _next_history(mark)
    return list(fallback)


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
            table.update({key: versions, "history": _next_history(doc), "updated": now()}, doc_ids=[doc.doc_id])
    return len(cleaned)


def set_on_sheet(path: Path, output_id: str, on_sheet: bool) -> None:
    """Choose whether an output with a response goes on the young people's feedback sheet."""
    with _open(path) as db:
        table = db.table("responses")
        doc = table.get(Query().output == output_id)
        if not isinstance(doc, Document):
            raise NotFound(f"Output '{output_id}' has no 'what happened' yet; record one before choosing the sheet.")
        table.update({"on_sheet": on_sheet, "history": _next_history(doc), "updated": now()}, doc_ids=[doc.doc_id])
