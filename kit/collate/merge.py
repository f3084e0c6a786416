"""Collation: merge session logs copied from many laptops into one picture for a coordinator.

Files are read one at a time and folded into compact per-session records, so memory holds the merged
data and never more than one file's raw text. The same session from several places is merged by
session id and output id: identical copies count once, a withdrawn output stays withdrawn, a copy
continuing another's line of edits (its `history` holds the other's `updated`) supersedes it silently,
copies edited apart keep the newest edit (and the conflict is reported); responses ("what happened")
are merged the same way by their own history; feedback keeps the newest `received` per sheet. A damaged
or foreign file is reported and skipped.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path

from kit.collate.exported import export_tables
from kit.errors import CorruptSession
from kit.model import ANSWERS, STATUSES, Feedback, Output, Response, Session, SessionLog, Ticket
from kit.store import DEMO_ID
from kit.store.schema import Doc, SessionTables, session_tables
from kit.store.storage import EXPORT_KEY, read_session_json
from kit.vocab import ARTICLES

NO_RESPONSE = "none"
# Files to read under one given path. More is most likely the wrong folder (a home folder, a project's
# dependencies), and merging them would outgrow a laptop's memory (about 115 MB per 1,000 session files
# of 50 outputs, measured with bench/collate.py).
MAX_FILES = 20_000
CAPTURE_ORDER = itemgetter("created", "id")
SAME_EDIT = itemgetter("text", "principles", "themes", "activity", "step")
ANSWER_SLOTS = {answer: slot for slot, answer in enumerate(ANSWERS)}
SAME_RESPONSE = itemgetter("status", "text", "date", "on_sheet", "translations")


@dataclass(frozen=True)
class Conflict:
    """An output (or what happened to it) changed apart in two copies: which version was kept, which set aside.

    kept and dropped are the two versions' `updated` stamps; record is "output" or "response".
    """

    session: str
    output: str
    kept: str
    dropped: str
    kept_path: Path
    dropped_path: Path
    record: str = "output"

    def describe(self) -> str:
        what, one = ("what happened was changed", "the one") if self.record == "response" else ("edited", "the edit")
        return (
            f"session {self.session}, output {self.output}: {what} in two places; kept {one} of "
            f"{self.kept} ({self.kept_path}), set aside {one} of {self.dropped} ({self.dropped_path})"
        )


@dataclass
class MergedSession:
    """One session's merged documents (as stored), built up copy by copy."""

    session: Doc
    outputs: dict[str, tuple[Doc, Path]] = field(default_factory=dict)
    responses: dict[str, Doc] = field(default_factory=dict)
    response_paths: dict[str, Path] = field(default_factory=dict)  # the file each kept response came from
    # Responses taken back (undone) where that is the newest version: they keep older copies from bringing
    # the response back, in this collation and in its export.
    removed_responses: dict[str, Doc] = field(default_factory=dict)
    tickets: dict[str, Doc] = field(default_factory=dict)
    feedback: dict[str, Doc] = field(default_factory=dict)
    copies: int = 0

    def order(self) -> tuple[str, str]:
        """Where the session comes in every export: by date, then id."""
        return self.session["date"], self.session["id"]

    def live_outputs(self) -> list[Doc]:
        """The outputs not withdrawn, in capture order."""
        docs = [doc for doc, _ in self.outputs.values() if not doc["deleted"]]
        docs.sort(key=CAPTURE_ORDER)
        return docs

    def answer_counts(self) -> dict[str, list[int]]:
        """Per output id young people answered about, how many answered each of ANSWERS (in that order)."""
        counts: dict[str, list[int]] = {}
        for record in self.feedback.values():
            for output_id, answer in record["answers"].items():
                slot = ANSWER_SLOTS.get(answer)
                if slot is not None:
                    tally = counts.get(output_id)
                    if tally is None:
                        tally = counts[output_id] = [0] * len(ANSWERS)
                    tally[slot] += 1
        return counts

    def tallies(self, live: list[Doc]) -> dict[str, dict[str, int]]:
        """Per live output id, how many young people answered yes / partly / no."""
        counts, none = self.answer_counts(), [0] * len(ANSWERS)
        return {doc["id"]: dict(zip(ANSWERS, counts.get(doc["id"], none), strict=True)) for doc in live}

    def log(self) -> SessionLog:
        """The merged session as a SessionLog: live outputs in capture order, withdrawn ones apart."""
        ordered = [Output.from_doc(doc) for doc, _ in sorted(self.outputs.values(), key=lambda d: CAPTURE_ORDER(d[0]))]
        live = [o for o in ordered if not o.deleted]
        ids = {o.id for o in live}
        return SessionLog(
            session=Session.from_doc(self.session),
            outputs=live,
            withdrawn=[o for o in ordered if o.deleted],
            responses={k: Response.from_doc(d) for k, d in sorted(self.responses.items()) if k in ids},
            tickets=[Ticket.from_doc(d) for d in sorted(self.tickets.values(), key=itemgetter("issued", "token_hash"))],
            feedback=[
                Feedback.from_doc(d) for d in sorted(self.feedback.values(), key=itemgetter("received", "token_hash"))
            ],
        )


@dataclass
class Collation:
    """The merged sessions, the conflicts found and the files that could not be used."""

    merged: dict[str, MergedSession] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty: list[Path] = field(default_factory=list)  # paths given that held nothing to collate
    files: int = 0
    _logs: list[SessionLog] | None = None

    def ordered(self) -> list[MergedSession]:
        """The merged sessions, oldest date first (then by id): the stable order of every export."""
        return sorted(self.merged.values(), key=MergedSession.order)

    def logs(self) -> list[SessionLog]:
        """The merged sessions as SessionLogs, in export order (built once, on first use)."""
        if self._logs is None:
            self._logs = [m.log() for m in self.ordered()]
        return self._logs


@dataclass(frozen=True)
class OutputRow:
    """One live output with its session, response and feedback answers: a row of every export."""

    session: Session
    output: Output
    response: Response | None
    feedback: dict[str, int]

    @property
    def status(self) -> str:
        return self.response.status if self.response else NO_RESPONSE


@dataclass(frozen=True)
class Summary:
    """The coordinator's picture: counts by principle, theme, status and feedback answer."""

    sessions: int
    outputs: int
    withdrawn: int
    by_principle: dict[int, int]
    by_theme: dict[str, int]
    by_status: dict[str, int]
    responded: int
    on_sheet: int
    feedback_sheets: int
    feedback_by_principle: dict[int, dict[str, int]]  # an answer counts under each principle of its output
    feedback_answers: int = 0  # answers about live outputs, each counted once

    def share(self, count: int) -> float:
        """count as a share of all outputs (0 when there are none)."""
        return count / self.outputs if self.outputs else 0.0


def find_session_files(paths: Iterable[Path], problems: list[str]) -> Iterator[Path]:
    """Every candidate session file under paths (folders searched recursively, hidden files skipped)."""
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            found: Iterable[Path] = _walk(path, problems)
        elif path.is_file():
            found = [path]
        else:
            problems.append(f"{path}: no such file or folder; check the path.")
            continue
        for file in found:
            key = os.path.abspath(file)  # no syscalls: os.walk does not follow links, so this is enough
            if key not in seen:
                seen.add(key)
                yield file


def _walk(folder: Path, problems: list[str]) -> Iterator[Path]:
    """Session files (*.json) under folder in a stable order, leaving out hidden files and folders."""

    def unreadable(exc: OSError) -> None:
        problems.append(f"{exc.filename}: cannot be read ({exc.strerror}); it was skipped. Check its permissions.")

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".json") and not name.startswith("."):
                yield Path(root) / name


def read_tables(path: Path) -> SessionTables:
    """Read one session file's documents; CorruptSession (naming the file) for anything unusable."""
    return _session_file_tables(read_session_json(path), path)


def _session_file_tables(data: Doc, path: Path) -> SessionTables:
    try:
        return session_tables(data)
    except (ValueError, TypeError, AttributeError):
        raise CorruptSession(f"{path}: looks like a session log but its contents are damaged.") from None


def read_input(path: Path) -> tuple[list[SessionTables], list[tuple[str, str, str, str, str]], bool]:
    """A session file's documents, or an export's sessions and conflicts; and whether it was an export."""
    data = read_session_json(path, exports=True)
    if EXPORT_KEY in data:
        return (*export_tables(data, path), True)
    return [_session_file_tables(data, path)], [], False


def _response_said(doc: Doc) -> tuple[object, ...] | None:
    """What a version of a response says (None for one taken back), to tell a real difference from a copy."""
    return None if "status" not in doc else SAME_RESPONSE(doc)


def _same_edit(a: Doc, b: Doc) -> bool:
    """Whether two copies of an output say the same thing (ignoring when they were saved)."""
    return SAME_EDIT(a) == SAME_EDIT(b)


def merge_tables(collation: Collation, tables: SessionTables, path: Path) -> None:
    """Fold one file's documents into the collation."""
    session = tables.session
    session_id = session["id"]
    merged = collation.merged.get(session_id)
    if merged is None:
        merged = collation.merged[session_id] = MergedSession(session)
    elif session["updated"] > merged.session["updated"]:
        merged.session = session
    merged.copies += 1
    collation._logs = None
    outputs = merged.outputs
    for doc in tables.outputs:
        output_id = doc["id"]
        held = outputs.get(output_id)
        if held is None:
            outputs[output_id] = (doc, path)
            continue
        old = held[0]
        if old["deleted"] or doc["deleted"]:
            if not old["deleted"]:
                outputs[output_id] = (doc, path)
            continue
        if old["updated"] in doc["history"]:  # doc continues old's line of edits: it supersedes, silently
            outputs[output_id] = (doc, path)
            continue
        if doc["updated"] in old["history"]:  # an older copy of the line held already
            continue
        newer = (doc["updated"], doc["text"]) > (old["updated"], old["text"])
        if not _same_edit(old, doc):
            kept, dropped = ((doc, path), held) if newer else (held, (doc, path))
            collation.conflicts.append(
                Conflict(session_id, output_id, kept[0]["updated"], dropped[0]["updated"], kept[1], dropped[1])
            )
        if newer:
            outputs[output_id] = (doc, path)
    responses, removed, paths = merged.responses, merged.removed_responses, merged.response_paths
    versions = [(doc, False) for doc in tables.responses] + [(doc, True) for doc in tables.removed_responses]
    for doc, is_removal in versions:
        output_id = doc["output"]
        held_response = responses.get(output_id) or removed.get(output_id)
        if held_response is not None and doc["updated"] in held_response["history"]:
            continue  # an older copy of the line held already
        if held_response is not None and held_response["updated"] not in doc["history"]:  # changed apart
            newer = (doc["updated"], doc.get("text", "")) > (held_response["updated"], held_response.get("text", ""))
            if _response_said(held_response) != _response_said(doc):
                versions_apart = ((doc, path), (held_response, paths[output_id]))
                (kept_doc, kept_path), (dropped_doc, dropped_path) = versions_apart if newer else versions_apart[::-1]
                collation.conflicts.append(
                    Conflict(
                        session_id,
                        output_id,
                        kept_doc["updated"],
                        dropped_doc["updated"],
                        kept_path,
                        dropped_path,
                        "response",
                    )
                )
            if not newer:
                continue
        # New, continuing the held version's line (it supersedes silently), or the newer of two apart.
        responses.pop(output_id, None)
        removed.pop(output_id, None)
        (removed if is_removal else responses)[output_id], paths[output_id] = doc, path
    for doc in tables.tickets:
        merged.tickets.setdefault(doc["token_hash"], doc)
    feedback = merged.feedback
    for doc in tables.feedback:
        current = feedback.get(doc["token_hash"])
        if current is None or doc["received"] > current["received"]:
            feedback[doc["token_hash"]] = doc


def collate(
    paths: Iterable[Path],
    *,
    include_demo: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Collation:
    """Read every session file under paths and merge them; problems are collected, never raised."""
    collation = Collation()
    with gc_paused():
        _collate_into(collation, paths, include_demo, progress)
    return collation


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Pause the cycle collector while the merged data grows: it would rescan it after every file.

    The merged data holds no reference cycles, so reference counting alone frees it. With freeze
    (for a short-lived command), what was built is moved to the collector's permanent generation on
    the way out, so switching the collector back on does not rescan a million objects at once.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def _collate_into(
    collation: Collation, paths: Iterable[Path], include_demo: bool, progress: Callable[[int], None] | None
) -> None:
    seen: set[str] = set()
    origins: dict[str, tuple[Path, bool]] = {}  # session id -> the first file holding it, and whether an export
    for root in paths:
        used = 0
        found = list(islice(find_session_files([root], collation.problems), MAX_FILES + 1))
        if len(found) > MAX_FILES:  # said before any of its files is merged, so nothing is half-collated
            collation.problems.append(
                f"{root}: holds more than {MAX_FILES:,} files to collate (is it the right folder?); it was skipped. "
                f"To collate it, do it in parts of at most {MAX_FILES:,} files (a subfolder at a time), each with "
                "--json FILE, then collate those exports together."
            )
            continue
        for path in found:
            key = os.path.abspath(path)  # no syscalls: os.walk does not follow links, so this is enough
            if key in seen:  # already read under an earlier path
                continue
            seen.add(key)
            collation.files += 1
            if progress is not None:
                progress(collation.files)
            try:
                tables, conflicts, is_export = read_input(path)
            except CorruptSession as exc:
                collation.problems.append(str(exc))
                continue
            except FileNotFoundError:
                collation.problems.append(f"{path}: disappeared while collating; it was skipped.")
                continue
            collation.conflicts.extend(
                Conflict(s, o, kept, dropped, path, path, record) for s, o, kept, dropped, record in conflicts
            )
            for table in tables:
                session_id = table.session["id"]
                if session_id == DEMO_ID and not include_demo:
                    collation.problems.append(f"{path}: the demo session (invented examples); left out.")
                    continue
                first, first_is_export = origins.setdefault(session_id, (path, is_export))
                if first_is_export != is_export:
                    export, file = (first, path) if first_is_export else (path, first)
                    collation.notes.append(
                        f"{file}: session {session_id} is also in the export {export}; "
                        "merged, so each output counts once."
                    )
                merge_tables(collation, table, path)
                used += 1
        if not used and root.exists():
            collation.empty.append(root)


def output_rows(collation: Collation) -> Iterator[OutputRow]:
    """Every live output of every merged session, in the stable export order."""
    for log in collation.logs():
        counts = log.feedback_counts()
        for output in log.outputs:
            yield OutputRow(log.session, output, log.responses.get(output.id), counts[output.id])


def filter_rows(
    rows: Iterable[OutputRow],
    *,
    principle: int | None = None,
    theme: str | None = None,
    status: str | None = None,
    feedback: str | None = None,
) -> list[OutputRow]:
    """Rows matching every filter given: a principle, a theme, a status (or 'none') and a feedback answer.

    feedback is one of the answers (at least one young person gave it), 'any' (some feedback) or 'none'.
    """
    picked = []
    for row in rows:
        if principle is not None and principle not in row.output.principles:
            continue
        if theme is not None and theme not in row.output.themes:
            continue
        if status is not None and row.status != status:
            continue
        if feedback is not None:
            total = sum(row.feedback.values())
            if feedback == "any" and not total or feedback == "none" and total:
                continue
            if feedback in ANSWERS and not row.feedback[feedback]:
                continue
        picked.append(row)
    return picked


def restrict(collation: Collation, rows: Iterable[OutputRow]) -> Collation:
    """A collation holding only the outputs of rows (the filtered view), for exporting just those."""
    keep: dict[str, set[str]] = {}
    for row in rows:
        keep.setdefault(row.session.id, set()).add(row.output.id)
    merged = {
        session_id: MergedSession(
            session=m.session,
            outputs={k: v for k, v in m.outputs.items() if k in keep[session_id]},
            responses={k: v for k, v in m.responses.items() if k in keep[session_id]},
            response_paths=m.response_paths,
            removed_responses={k: v for k, v in m.removed_responses.items() if k in keep[session_id]},
            tickets=m.tickets,
            feedback=m.feedback,
            copies=m.copies,
        )
        for session_id, m in collation.merged.items()
        if session_id in keep
    }
    conflicts = [c for c in collation.conflicts if c.output in keep.get(c.session, set())]
    return Collation(merged=merged, conflicts=conflicts, problems=collation.problems, files=collation.files)


def summarise(collation: Collation) -> Summary:
    """Count outputs by principle, theme and status, and feedback answers by principle."""
    by_principle = dict.fromkeys(ARTICLES, 0)
    by_theme: Counter[str] = Counter()
    by_status = dict.fromkeys([*STATUSES, NO_RESPONSE], 0)
    feedback = {p: dict.fromkeys(ANSWERS, 0) for p in ARTICLES}
    outputs = responded = on_sheet = withdrawn = sheets = answers_given = 0
    for merged in collation.merged.values():  # from the merged documents: no model objects needed
        live = merged.live_outputs()
        counts = merged.tallies(live)
        withdrawn += len(merged.outputs) - len(live)
        sheets += len(merged.feedback)
        outputs += len(live)
        for doc in live:
            by_theme.update(doc["themes"])
            response = merged.responses.get(doc["id"])
            status = response["status"] if response else NO_RESPONSE
            by_status[status] = by_status.get(status, 0) + 1
            if response:
                responded += 1
                on_sheet += bool(response["on_sheet"])
            tally = counts[doc["id"]]
            answers_given += sum(tally.values())
            for p in doc["principles"]:
                by_principle[p] = by_principle.get(p, 0) + 1
                answers = feedback.setdefault(p, dict.fromkeys(ANSWERS, 0))
                for a in ANSWERS:
                    answers[a] += tally[a]
    return Summary(
        sessions=len(collation.merged),
        outputs=outputs,
        withdrawn=withdrawn,
        by_principle=by_principle,
        by_theme=dict(sorted(by_theme.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_status=by_status,
        responded=responded,
        on_sheet=on_sheet,
        feedback_sheets=sheets,
        feedback_by_principle=feedback,
        feedback_answers=answers_given,
    )
