"""Which session a sheet belongs to: an index from token hash and short code to session file.

The index is built by reading the tickets of every session in the folder and refreshed when a token
or code is not found, re-reading only files that changed (a new inode, size or time), so sheets
printed while the server runs work at once without re-reading every log on each request.

Two files holding the same session (a copy made by hand, a backup) would both match a sheet: the
file named by the session's id wins, and `duplicates()` says which copies are ignored.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kit.errors import KitError
from kit.model import SessionLog, Ticket
from kit.store import CODE_ALPHABET, CODE_LENGTH, find_ticket, hash_code, hash_token, load_session, normalise_code

# Tokens are secrets.token_urlsafe(16): 22 URL-safe characters. Allow some slack, nothing else.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
CODE_PATTERN = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")

Stamp = tuple[int, int, int]
Opened = tuple[Path, SessionLog, Ticket]


def well_formed(token: str) -> bool:
    """Whether a string could be a sheet token at all (checked before any lookup)."""
    return TOKEN_PATTERN.fullmatch(token) is not None


def code_form(code: str) -> str | None:
    """A short code as typed, in its canonical form, or None if it could not be a sheet's code."""
    canonical = normalise_code(code[:64])
    return canonical if CODE_PATTERN.fullmatch(canonical) else None


@dataclass(frozen=True)
class _File:
    stamp: Stamp
    session_id: str
    token_hashes: tuple[str, ...]
    code_hashes: tuple[str, ...]


def _stamp(path: Path) -> Stamp:
    return _stamp_of(path.stat())


def _stamp_of(stat: os.stat_result) -> Stamp:
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class TokenIndex:
    """Token hash and code hash -> session file for one sessions folder; safe to use from several threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[Path, _File] = {}
        self._by_hash: dict[str, Path] = {}
        self._by_code: dict[str, Path] = {}
        self._session_ids: tuple[str, ...] = ()
        self._duplicates: list[str] = []
        self._logs: dict[Path, tuple[Stamp, SessionLog]] = {}
        self._reading: dict[Path, threading.Lock] = {}
        self._writes: dict[Path, int] = {}  # writes of this process under way, by file
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Re-read the tickets of session files that are new or changed since the last look."""
        files: dict[Path, _File] = {}
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                stamp = _stamp(path)
            except OSError:
                continue
            known = self._files.get(path)
            if known and known.stamp == stamp:
                files[path] = known
                continue
            try:
                log = load_session(path)
            except KitError:
                continue  # a damaged or foreign file: no sheet can point at it
            tickets = log.tickets
            files[path] = _File(
                stamp, log.session.id, tuple(t.token_hash for t in tickets), tuple(t.code_hash for t in tickets)
            )
        by_session: dict[str, list[Path]] = {}
        for path, found in files.items():
            by_session.setdefault(found.session_id, []).append(path)
        winners: list[Path] = []
        duplicates: list[str] = []
        for session_id, paths in by_session.items():
            named = [p for p in paths if p.stem == session_id]
            winner = named[0] if named else paths[0]
            winners.append(winner)
            for copy in paths:
                if copy != winner:
                    duplicates.append(_duplicate_message(copy, winner, session_id, bool(named)))
        self._files = files
        self._by_hash = {h: path for path in winners for h in files[path].token_hashes}
        self._by_code = {h: path for path in winners for h in files[path].code_hashes}
        self._session_ids = tuple(files[path].session_id for path in winners)
        self._duplicates = duplicates

    def load_all(self) -> None:
        """Read every session that has sheets into memory now, so the first phones need not wait for it."""
        with self._lock:
            self.refresh()
            paths = set(self._by_hash.values())
        for path in paths:
            self.session(path)

    def duplicates(self) -> list[str]:
        """One line per session file ignored because another file holds the same session (after a look)."""
        with self._lock:
            self.refresh()
            return list(self._duplicates)

    def _path_for_code(self, code: str) -> Path | None:
        for session_id in self._session_ids:
            path = self._by_code.get(hash_code(session_id, code))
            if path is not None:
                return path
        return None

    def find(self, token: str) -> Path | None:
        """The session file holding this token's ticket, or None (also for a malformed token)."""
        if not well_formed(token):
            return None
        wanted = hash_token(token)
        with self._lock:
            path = self._by_hash.get(wanted)
            if path is None:
                self.refresh()
                path = self._by_hash.get(wanted)
        return path

    def find_code(self, code: str) -> Path | None:
        """The session file holding the ticket with this short code (any case, dashes or spaces), or None."""
        canonical = code_form(code)
        if canonical is None:
            return None
        with self._lock:
            path = self._path_for_code(canonical)
            if path is None:
                self.refresh()
                path = self._path_for_code(canonical)
        return path

    def _cached(self, path: Path | None) -> SessionLog | None:
        cached = self._logs.get(path) if path else None
        if path is None or cached is None:
            return None
        if path in self._writes:  # the file is this process's to change now: what was read before still holds
            return cached[1]
        try:
            if cached[0] != _stamp(path):
                return None
        except OSError:
            return None
        return cached[1]

    def peek(self, token: str) -> Opened | None:
        """open() from memory if the file is unchanged (one stat, no read); None means "ask open()"."""
        path = self._by_hash.get(hash_token(token)) if well_formed(token) else None
        log = self._cached(path)
        ticket = find_ticket(log, token=token) if log else None
        return (path, log, ticket) if path and log and ticket else None

    def peek_code(self, code: str) -> Opened | None:
        """open_code() from memory if the file is unchanged; None means "ask open_code()"."""
        canonical = code_form(code)
        path = self._path_for_code(canonical) if canonical else None
        log = self._cached(path)
        ticket = find_ticket(log, code=canonical) if log and canonical else None
        return (path, log, ticket) if path and log and ticket else None

    def open(self, token: str) -> Opened | None:
        """The session file, its log and the token's ticket (compared in constant time), or None."""
        path = self.find(token)
        log = self.session(path) if path else None
        ticket = find_ticket(log, token=token) if log else None
        return (path, log, ticket) if path and log and ticket else None

    def open_code(self, code: str) -> Opened | None:
        """The session file, its log and the ticket of this short code, or None."""
        path = self.find_code(code)
        log = self.session(path) if path else None
        ticket = find_ticket(log, code=code) if log else None
        return (path, log, ticket) if path and log and ticket else None

    def session(self, path: Path) -> SessionLog | None:
        """The session log as it is on disk now, parsed again only when the file has changed.

        Phones that ask at the same moment after a change share one parse: each answer sent changes
        the file, and 30 forms opened just after it would otherwise each read the whole log again.
        """
        with self._lock:
            reading = self._reading.setdefault(path, threading.Lock())
        with reading:
            try:
                stamp = _stamp(path)
                cached = self._logs.get(path)
                if cached and cached[0] == stamp:
                    return cached[1]
                log = load_session(path)
            except (KitError, OSError):
                return None
            # A change between the stat and the read only costs a re-read: the stamp is checked every time.
            self._logs[path] = (stamp, log)
            return log

    @contextmanager
    def writing(self, path: Path) -> Iterator[None]:
        """Around a write of path by this process: forms are served from the log read before it, unchecked.

        The file's stat changes the moment the new file is renamed into place, milliseconds before the
        write hands over the log it wrote (`remember`); without this, every form opened in between would
        read the whole file again, a quarter of the forms when phones answer all the time. A form opened
        meanwhile shows the log as last seen, as if opened a moment earlier; once the write is over, the
        file is checked again on every form, so a change by another program shows as before.
        """
        with self._lock:
            self._writes[path] = self._writes.get(path, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                if self._writes[path] > 1:
                    self._writes[path] -= 1
                else:
                    del self._writes[path]

    def remember(self, path: Path, log: SessionLog, stat: os.stat_result) -> None:
        """Keep a log this process has just written, with the file's stat taken right after the write.

        The stat is the file's own, so the log is used only while the file stays exactly as written.
        """
        self._logs[path] = (_stamp_of(stat), log)


def _duplicate_message(copy: Path, winner: Path, session_id: str, named: bool) -> str:
    if named:
        return (
            f"{copy} is a second copy of session '{session_id}': sheets are answered into {winner.name} only. "
            f"Move the copy out of the sessions folder."
        )
    return (
        f"{copy} holds the same session '{session_id}' as {winner.name}: sheets are answered into {winner.name} "
        f"only. Keep one file, named {session_id}.json."
    )
