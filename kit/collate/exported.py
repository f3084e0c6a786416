"""Reading a collation export (`collate --json`) back, so merged exports can be collated again.

An export holds each merged session as `show --json` prints it, plus what merging needs and that
view leaves out (the withdrawn outputs' markers and the sheets issued, under "for_merging"). Each
session is turned back into the documents of a session file and checked by the same schema.
"""

from __future__ import annotations

from pathlib import Path

from kit.errors import CorruptSession
from kit.store.schema import Doc, SessionTables, session_tables
from kit.store.sessions import SCHEMA_VERSION
from kit.store.storage import EXPORT_KEY

EXPORT_FORMAT = 1  # raised when an older kit could no longer read the export right
FOR_MERGING = "for_merging"


def export_tables(data: Doc, path: Path) -> tuple[list[SessionTables], list[tuple[str, str, str, str, str]]]:
    """Every session of an export as a session file's documents, and the conflicts it recorded
    (session, output, kept, set aside, record: "output", or "response" for what happened).

    CorruptSession (naming the file, one line) for an export from a newer kit or a damaged one.
    """
    version = data.get(EXPORT_KEY)
    if type(version) is not int or version > EXPORT_FORMAT:
        raise CorruptSession(
            f"{path}: a collation export from a newer version of the kit (format {version}); "
            "it was skipped. Update the kit to collate it."
        )
    sessions = data.get("sessions")
    if type(sessions) is not list:
        raise CorruptSession(f"{path}: a collation export whose sessions are damaged; it was skipped.")
    try:
        tables = [_session_tables(item, path) for item in sessions]
        conflicts = [
            (str(c["session"]), str(c["output"]), str(c["kept"]), str(c["set_aside"]), _record(c.get("record")))
            for c in data.get("conflicts", [])
        ]
    except (ValueError, TypeError, AttributeError, KeyError):
        raise CorruptSession(f"{path}: a collation export whose contents are damaged; it was skipped.") from None
    return tables, conflicts


def _session_tables(item: Doc, path: Path) -> SessionTables:
    """One exported session back as the tables of a session file (checked like one)."""
    schema = item.get("schema", SCHEMA_VERSION)
    if type(schema) is not int or schema > SCHEMA_VERSION:
        raise CorruptSession(
            f"{path}: holds a session from a newer version of the kit (schema {schema}); "
            "it was skipped. Update the kit to collate it."
        )
    outputs: list[Doc] = []
    responses: list[Doc] = []
    for exported in item["outputs"]:
        doc = dict(exported)
        response = doc.pop("response", None)
        doc.pop("feedback", None)
        outputs.append(doc)
        if response is not None:
            responses.append(response)
    extra = item.get(FOR_MERGING)
    if extra is None:  # an export written before "for_merging": the withdrawn ids are all there is
        withdrawn = [{"id": output_id, "activity": "", "text": "", "deleted": True} for output_id in item["withdrawn"]]
        tickets: list[Doc] = []
        removed: list[Doc] = []
    else:  # exports before responses could be taken back have no removed_responses
        withdrawn, tickets, removed = extra["withdrawn"], extra["tickets"], extra.get("removed_responses", [])
    data = {
        "session": {"1": item["session"]},
        "outputs": _numbered([*outputs, *withdrawn]),
        "responses": _numbered(responses),
        "tickets": _numbered(tickets),
        "feedback": _numbered(item["feedback"]),
        "removed_responses": _numbered(removed),
    }
    return session_tables(data)


def _record(value: object) -> str:
    """What a recorded conflict is about: "response", or "output" (exports before responses had a history)."""
    if value is None:
        return "output"
    if value not in ("output", "response"):
        raise ValueError("record")
    return str(value)


def _numbered(docs: list[Doc]) -> dict[str, Doc]:
    """Documents keyed as TinyDB keys them, for session_tables."""
    if type(docs) is not list:
        raise ValueError("table")
    return {str(index): doc for index, doc in enumerate(docs, 1)}
