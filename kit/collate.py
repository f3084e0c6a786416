"""Collation: merge session logs copied from many laptops into one picture for a coordinator.

Files are read one at a time and folded into compact per-session records, so memory holds the merged
data and never more than one file's raw text. The same session from several places is merged by
session id and output id: identical copies count once, a withdrawn output stays withdrawn, an output
edited in two places keeps the newest edit (and the conflict is reported), responses keep the newest
`updated`, feedback the newest `received` per sheet. A damaged or foreign file is reported and skipped.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from kit.errors import CorruptSession
from kit.model import ANSWERS, STATUSES, Feedback, Output, Response, Session, SessionLog, Ticket
from kit.storage import read_session_json
from kit.store import DEMO_ID, log_from_data
from kit.vocab import ARTICLES

NO_RESPONSE = "none"


@dataclass(frozen=True)
class Conflict:
    """An output edited differently in two copies: which edit was kept and which was set aside."""

    session: str
    output: str
    kept: str
    dropped: str
    kept_path: Path
    dropped_path: Path

    def describe(self) -> str:
        return (
            f"session {self.session}, output {self.output}: edited in two places; kept the edit of "
            f"{self.kept} ({self.kept_path}), set aside the edit of {self.dropped} ({self.dropped_path})"
        )


@dataclass
class MergedSession:
    """One session's merged records, built up copy by copy."""

    session: Session
    outputs: dict[str, tuple[Output, Path]] = field(default_factory=dict)
    responses: dict[str, Response] = field(default_factory=dict)
    tickets: dict[str, Ticket] = field(default_factory=dict)
    feedback: dict[str, Feedback] = field(default_factory=dict)
    copies: int = 0

    def log(self) -> SessionLog:
        """The merged session as a SessionLog: live outputs in capture order, withdrawn ones apart."""
        ordered = sorted([o for o, _ in self.outputs.values()], key=attrgetter("created", "id"))
        live = [o for o in ordered if not o.deleted]
        ids = {o.id for o in live}
        return SessionLog(
            session=self.session,
            outputs=live,
            withdrawn=[o for o in ordered if o.deleted],
            responses={k: r for k, r in sorted(self.responses.items()) if k in ids},
            tickets=sorted(self.tickets.values(), key=attrgetter("issued", "token_hash")),
            feedback=sorted(self.feedback.values(), key=attrgetter("received", "token_hash")),
        )


@dataclass
class Collation:
    """The merged sessions, the conflicts found and the files that could not be used."""

    merged: dict[str, MergedSession] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0
    _logs: list[SessionLog] | None = None

    def logs(self) -> list[SessionLog]:
        """The merged sessions, oldest date first (then by id): the stable order of every export."""
        if self._logs is None:
            ordered = sorted(self.merged.values(), key=lambda m: (m.session.date, m.session.id))
            self._logs = [m.log() for m in ordered]
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
    feedback_by_principle: dict[int, dict[str, int]]

    def share(self, count: int) -> float:
        """count as a share of all outputs (0 when there are none)."""
        return count / self.outputs if self.outputs else 0.0


def find_session_files(paths: Iterable[Path], problems: list[str]) -> Iterator[Path]:
    """Every candidate session file under paths (folders searched recursively, hidden files skipped)."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found: Iterable[Path] = _walk(path)
        elif path.is_file():
            found = [path]
        else:
            problems.append(f"{path}: no such file or folder; check the path.")
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def _walk(folder: Path) -> Iterator[Path]:
    """Session files (*.json) under folder in a stable order, leaving out hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".json") and not name.startswith("."):
                yield Path(root) / name


def read_log(path: Path) -> SessionLog:
    """Read one session file into a SessionLog; CorruptSession (naming the file) for anything unusable."""
    data = read_session_json(path)
    try:
        log = log_from_data(data)
        _check(log)
    except (TypeError, KeyError, AttributeError, StopIteration, ValueError):
        raise CorruptSession(f"{path}: looks like a session log but its contents are damaged.") from None
    return log


def _check(log: SessionLog) -> None:
    """Raise ValueError if a field collation relies on has the wrong type (a hand-edited or damaged file)."""
    s = log.session
    if not s.id or not all(type(v) is str for v in (s.id, s.title, s.date, s.updated)):
        raise ValueError("session")
    for o in log.outputs + log.withdrawn:
        if (
            type(o.id) is not str
            or type(o.text) is not str
            or type(o.updated) is not str
            or type(o.created) is not str
            or type(o.activity) is not str
            or type(o.principles) is not list
            or type(o.themes) is not list
        ):
            raise ValueError("output")
        for p in o.principles:
            if type(p) is not int:
                raise ValueError("principles")
        for t in o.themes:
            if type(t) is not str:
                raise ValueError("themes")
    for r in log.responses.values():
        if type(r.status) is not str or type(r.text) is not str or type(r.updated) is not str:
            raise ValueError("response")
    for f in log.feedback:
        if type(f.answers) is not dict or type(f.received) is not str or type(f.comment) is not str:
            raise ValueError("feedback")
        for answer in f.answers.values():
            if type(answer) is not str:
                raise ValueError("answer")
    for t in log.tickets:
        if type(t.token_hash) is not str or type(t.issued) is not str:
            raise ValueError("ticket")


def _same_edit(a: Output, b: Output) -> bool:
    """Whether two copies of an output say the same thing (ignoring when they were saved)."""
    return (a.text, a.principles, a.themes, a.activity, a.step) == (b.text, b.principles, b.themes, b.activity, b.step)


def merge_log(collation: Collation, log: SessionLog, path: Path) -> None:
    """Fold one file's session log into the collation."""
    session = log.session
    merged = collation.merged.get(session.id)
    if merged is None:
        merged = collation.merged[session.id] = MergedSession(session)
    elif session.updated > merged.session.updated:
        merged.session = session
    merged.copies += 1
    collation._logs = None
    outputs = merged.outputs
    for output in (*log.outputs, *log.withdrawn):
        held = outputs.get(output.id)
        if held is None:
            outputs[output.id] = (output, path)
            continue
        old, old_path = held
        if old.deleted or output.deleted:
            if not old.deleted:
                outputs[output.id] = (output, path)
            continue
        newer = (output.updated, output.text) > (old.updated, old.text)
        if not _same_edit(old, output):
            kept, dropped = ((output, path), held) if newer else (held, (output, path))
            collation.conflicts.append(
                Conflict(session.id, output.id, kept[0].updated, dropped[0].updated, kept[1], dropped[1])
            )
        if newer:
            outputs[output.id] = (output, path)
    for key, response in log.responses.items():
        current = merged.responses.get(key)
        if current is None or response.updated > current.updated:
            merged.responses[key] = response
    for ticket in log.tickets:
        merged.tickets.setdefault(ticket.token_hash, ticket)
    for record in log.feedback:
        current_fb = merged.feedback.get(record.token_hash)
        if current_fb is None or record.received > current_fb.received:
            merged.feedback[record.token_hash] = record


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
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while the merged data grows: it would rescan it after every file."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _collate_into(
    collation: Collation, paths: Iterable[Path], include_demo: bool, progress: Callable[[int], None] | None
) -> None:
    for path in find_session_files(paths, collation.problems):
        collation.files += 1
        if progress is not None:
            progress(collation.files)
        try:
            log = read_log(path)
        except CorruptSession as exc:
            collation.problems.append(str(exc))
            continue
        except FileNotFoundError:
            collation.problems.append(f"{path}: disappeared while collating; it was skipped.")
            continue
        if log.session.id == DEMO_ID and not include_demo:
            collation.problems.append(f"{path}: the demo session (invented examples); left out.")
            continue
        merge_log(collation, log, path)


def feedback_counts(log: SessionLog) -> dict[str, dict[str, int]]:
    """Per live output id, how many young people answered yes / partly / no."""
    counts = {o.id: dict.fromkeys(ANSWERS, 0) for o in log.outputs}
    for record in log.feedback:
        for output_id, answer in record.answers.items():
            tally = counts.get(output_id)
            if tally is not None and answer in tally:
                tally[answer] += 1
    return counts


def output_rows(collation: Collation) -> Iterator[OutputRow]:
    """Every live output of every merged session, in the stable export order."""
    for log in collation.logs():
        counts = feedback_counts(log)
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


def summarise(collation: Collation) -> Summary:
    """Count outputs by principle, theme and status, and feedback answers by principle."""
    by_principle = dict.fromkeys(ARTICLES, 0)
    by_theme: Counter[str] = Counter()
    by_status = dict.fromkeys([*STATUSES, NO_RESPONSE], 0)
    feedback = {p: dict.fromkeys(ANSWERS, 0) for p in ARTICLES}
    outputs = responded = on_sheet = 0
    for row in output_rows(collation):
        outputs += 1
        by_theme.update(row.output.themes)
        by_status[row.status] = by_status.get(row.status, 0) + 1
        if row.response is not None:
            responded += 1
            on_sheet += bool(row.response.on_sheet)
        for p in row.output.principles:
            by_principle[p] = by_principle.get(p, 0) + 1
            answers = feedback.setdefault(p, dict.fromkeys(ANSWERS, 0))
            for a in ANSWERS:
                answers[a] += row.feedback[a]
    logs = collation.logs()
    return Summary(
        sessions=len(logs),
        outputs=outputs,
        withdrawn=sum(len(log.withdrawn) for log in logs),
        by_principle=by_principle,
        by_theme=dict(sorted(by_theme.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_status=by_status,
        responded=responded,
        on_sheet=on_sheet,
        feedback_sheets=sum(len(log.feedback) for log in logs),
        feedback_by_principle=feedback,
    )
