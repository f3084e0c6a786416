"""Which session a sheet token belongs to: an index from token hash to session file.

The index is built by reading the tickets of every session in the folder and refreshed when a token
is not found, re-reading only files that changed (a new inode, size or time), so sheets printed
while the server runs work at once without re-reading every log on each request.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from kit.errors import KitError
from kit.model import SessionLog, Ticket
from kit.store import find_ticket, hash_token, load_session

# Tokens are secrets.token_urlsafe(16): 22 URL-safe characters. Allow some slack, nothing else.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def well_formed(token: str) -> bool:
    """Whether a string could be a sheet token at all (checked before any lookup)."""
    return TOKEN_PATTERN.fullmatch(token) is not None


class TokenIndex:
    """Token hash -> session file for one sessions folder; safe to use from several threads."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[Path, tuple[tuple[int, int, int], tuple[str, ...]]] = {}
        self._by_hash: dict[str, Path] = {}
        self._logs: dict[Path, tuple[tuple[int, int, int], SessionLog]] = {}
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Re-read the tickets of session files that are new or changed since the last look."""
        files: dict[Path, tuple[tuple[int, int, int], tuple[str, ...]]] = {}
        for path in sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []:
            try:
                stat = path.stat()
            except OSError:
                continue
            key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            known = self._files.get(path)
            if known and known[0] == key:
                files[path] = known
                continue
            try:
                hashes = tuple(t.token_hash for t in load_session(path).tickets)
            except KitError:
                continue  # a damaged or foreign file: no sheet can point at it
            files[path] = (key, hashes)
        self._files = files
        self._by_hash = {h: path for path, (_, hashes) in files.items() for h in hashes}

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

    def peek(self, token: str) -> tuple[Path, SessionLog, Ticket] | None:
        """open() from memory if the file is unchanged (one stat, no read); None means "ask open()"."""
        path = self._by_hash.get(hash_token(token)) if well_formed(token) else None
        cached = self._logs.get(path) if path else None
        if path is None or cached is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        if cached[0] != (stat.st_ino, stat.st_size, stat.st_mtime_ns):
            return None
        ticket = find_ticket(cached[1], token=token)
        return (path, cached[1], ticket) if ticket else None

    def open(self, token: str) -> tuple[Path, SessionLog, Ticket] | None:
        """The session file, its log and the token's ticket (compared in constant time), or None."""
        path = self.find(token)
        if path is None:
            return None
        log = self.session(path)
        if log is None:
            return None
        ticket = find_ticket(log, token=token)
        return (path, log, ticket) if ticket else None

    def session(self, path: Path) -> SessionLog | None:
        """The session log as it is on disk now, parsed again only when the file has changed."""
        try:
            stat = path.stat()
            key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            cached = self._logs.get(path)
            if cached and cached[0] == key:
                return cached[1]
            log = load_session(path)
        except (KitError, OSError):
            return None
        self._logs[path] = (key, log)  # a race only costs a re-read: the key is checked every time
        return log
