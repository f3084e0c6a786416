"""The documents of one parsed session file, checked and given their defaults, for collation.

Collation merges the stored documents themselves (as `json` parsed them) rather than building model
objects for every copy: thousands of files are read, and most copies are duplicates. Each document is
checked here for the fields and types the merge and the exports rely on, and missing optional fields
get the same defaults as the model's dataclasses, so `Output.from_doc` and friends can build the
merged session later. Any damage raises ValueError; the caller reports the file and skips it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Doc = dict[str, Any]


@dataclass
class SessionTables:
    """One session file's documents: the session, and outputs, responses, tickets and feedback; and the marks
    left where a response was taken back (undone), so collation does not bring it back from an older copy."""

    session: Doc
    outputs: list[Doc]
    responses: list[Doc]
    tickets: list[Doc]
    feedback: list[Doc]
    removed_responses: list[Doc] = field(default_factory=list)


def _table(data: Doc, name: str) -> list[Doc]:
    rows = data.get(name)
    if rows is None:
        return []
    if type(rows) is not dict:
        raise ValueError(name)
    docs = list(rows.values())
    for doc in docs:
        if type(doc) is not dict:
            raise ValueError(name)
    return docs


def _strings(doc: Doc, *names: str) -> None:
    """Require string fields."""
    for name in names:
        if type(doc.get(name)) is not str:
            raise ValueError(name)


def _optional_strings(doc: Doc, *names: str) -> None:
    """String fields that default to ''."""
    for name in names:
        if type(doc.setdefault(name, "")) is not str:
            raise ValueError(name)


def _output_defaults(doc: Doc) -> None:
    """Give an output written by another kit version the fields it lacks (as Output's defaults do)."""
    for name, default in (("created", ""), ("updated", ""), ("step", None), ("deleted", False)):
        doc.setdefault(name, default)
    for name, factory in (
        ("principles", list),
        ("themes", list),
        ("removed", dict),
        ("sheet_text", dict),
        ("history", list),
    ):
        if name not in doc:
            doc[name] = factory()
    for name in ("id", "activity", "text"):
        if name not in doc:
            raise ValueError(name)


def check_output(doc: Doc) -> None:
    """An output: id, activity and text, tag lists of the right types, time stamps as strings."""
    try:
        _check_output_fields(doc)
    except KeyError:  # written by an older kit: give it the fields it lacks (or say which it needs), check again
        _output_defaults(doc)
        _check_output_fields(doc)


def _check_output_fields(doc: Doc) -> None:
    # Written out flat, without helpers: it runs for every output of every copy. A missing field raises
    # KeyError here, cheaper than comparing every document's keys first; extra fields (a newer kit's) pass.
    if type(doc["id"]) is not str or type(doc["activity"]) is not str or type(doc["text"]) is not str:
        raise ValueError("output")
    if type(doc["created"]) is not str or type(doc["updated"]) is not str:
        raise ValueError("time")
    principles, themes, step = doc["principles"], doc["themes"], doc["step"]
    if type(principles) is not list or type(themes) is not list:
        raise ValueError("tags")
    for article in principles:
        if type(article) is not int:
            raise ValueError("principles")
    for theme in themes:
        if type(theme) is not str:
            raise ValueError("themes")
    if step is not None and type(step) is not int:
        raise ValueError("step")
    if type(doc["removed"]) is not dict or type(doc["deleted"]) is not bool:
        raise ValueError("output")
    sheet_text = doc["sheet_text"]
    if sheet_text:
        _text_by_language(sheet_text)
    elif type(sheet_text) is not dict:
        raise ValueError("sheet_text")
    history = doc["history"]
    if type(history) is not list:
        raise ValueError("history")
    for stamp in history:
        if type(stamp) is not str:
            raise ValueError("history")


def _text_by_language(texts: object) -> None:
    """A {language code: text} mapping of strings."""
    if type(texts) is not dict or any(type(k) is not str or type(v) is not str for k, v in texts.items()):
        raise ValueError("texts by language")


def check_response(doc: Doc) -> None:
    """A response: which output, status, text and date as strings; on_sheet a yes/no; its history."""
    try:
        _check_response_fields(doc)
    except KeyError:  # written by an older kit (no history, say): give it the fields it lacks, check again
        doc.setdefault("updated", "")
        doc.setdefault("on_sheet", True)
        if "translations" not in doc:
            doc["translations"] = {}
        if "history" not in doc:
            doc["history"] = []
        for name in ("output", "status", "text", "date"):
            if name not in doc:
                raise ValueError(name) from None
        _check_response_fields(doc)


def check_removed_response(doc: Doc) -> None:
    """The mark of a response taken back: which output, when, and the line of edits it ended."""
    if type(doc.get("output")) is not str or type(doc.get("updated")) is not str:
        raise ValueError("removed response")
    history = doc.setdefault("history", [])
    if type(history) is not list or any(type(stamp) is not str for stamp in history):
        raise ValueError("history")


def _check_response_fields(doc: Doc) -> None:
    if type(doc["output"]) is not str or type(doc["status"]) is not str or type(doc["text"]) is not str:
        raise ValueError("response")
    if type(doc["date"]) is not str or type(doc["updated"]) is not str or type(doc["on_sheet"]) is not bool:
        raise ValueError("response")
    translations, history = doc["translations"], doc["history"]
    if translations:
        _text_by_language(translations)
    elif type(translations) is not dict:
        raise ValueError("translations")
    if type(history) is not list:
        raise ValueError("history")
    for stamp in history:
        if type(stamp) is not str:
            raise ValueError("history")


def check_ticket(doc: Doc) -> None:
    """A sheet ticket: hashes, items (output ids) and when it was issued."""
    _strings(doc, "token_hash", "code_hash", "issued")
    items = doc.get("items")
    if type(items) is not list:
        raise ValueError("items")
    for item in items:
        if type(item) is not str:
            raise ValueError("items")


def _optional_number(doc: Doc, name: str) -> None:
    value = doc.setdefault(name, None)
    if value is not None and type(value) is not int:
        raise ValueError(name)


def check_session(doc: Doc) -> None:
    """The session's plan: id, title and date as strings, lists of strings, numbers or nothing."""
    _strings(doc, "id", "title", "date")
    if not doc["id"]:
        raise ValueError("id")
    _optional_strings(doc, "facilitator", "created", "updated")
    for name in ("activities", "languages"):
        values = doc.setdefault(name, [])
        if type(values) is not list or any(type(value) is not str for value in values):
            raise ValueError(name)
    if type(doc.setdefault("interpreter", False)) is not bool:
        raise ValueError("interpreter")
    _optional_number(doc, "group_size")
    _optional_number(doc, "length_minutes")
    _optional_strings(doc, "start")
    blocks = doc.setdefault("blocks", [])
    if type(blocks) is not list:
        raise ValueError("blocks")
    for block in blocks:
        check_block(block)


def check_block(doc: Doc) -> None:
    """One block of a plan: its kind, an activity id or a title, minutes (or nothing), notes."""
    if type(doc) is not dict:
        raise ValueError("blocks")
    _optional_strings(doc, "activity", "title", "notes")
    if type(doc.setdefault("kind", "activity")) is not str:
        raise ValueError("kind")
    _optional_number(doc, "minutes")


def check_feedback(doc: Doc) -> None:
    """A feedback record: its sheet, answers as strings, when it came."""
    _strings(doc, "token_hash")
    _optional_strings(doc, "comment", "received")
    if type(doc.setdefault("via", "web")) is not str:
        raise ValueError("via")
    answers = doc.get("answers")
    if type(answers) is not dict:
        raise ValueError("answers")
    for answer in answers.values():
        if type(answer) is not str:
            raise ValueError("answers")


def session_tables(data: Doc) -> SessionTables:
    """Split a parsed session file into checked documents; ValueError if anything is damaged."""
    sessions = _table(data, "session")
    if not sessions:
        raise ValueError("session")
    session = sessions[0]
    check_session(session)
    tables = SessionTables(
        session,
        _table(data, "outputs"),
        _table(data, "responses"),
        _table(data, "tickets"),
        _table(data, "feedback"),
        _table(data, "removed_responses"),
    )
    for doc in tables.outputs:
        check_output(doc)
    for doc in tables.responses:
        check_response(doc)
    for doc in tables.tickets:
        check_ticket(doc)
    for doc in tables.feedback:
        check_feedback(doc)
    for doc in tables.removed_responses:
        check_removed_response(doc)
    return tables
