"""Group commit for feedback: phones that send at the same moment share one durable write.

Every write of a session file is a locked read, a rewrite and two fsyncs. One at a time, 30 phones
sending together would queue behind each other. Here each request first checks and scrubs its own
answers (in its own thread, no lock held), then one request at a time per session leads: it writes
every answer waiting for that session in one store call, and only once that write is on disk wakes
their requests with their results and hands the lead to the first request that arrived meanwhile.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError
from kit.model import Feedback, SessionLog
from kit.store import FeedbackEntry, SavedFeedback, prepare_feedback, save_feedback

AfterWrite = Callable[[Path, SessionLog, os.stat_result], object]


@dataclass
class _Waiting:
    entry: FeedbackEntry
    result: Feedback | BaseException | None = None
    lead: bool = False
    wake: threading.Event = field(default_factory=threading.Event)


class FeedbackWriter:
    """Records web feedback, batching requests that arrive while a write is under way (thread-safe)."""

    def __init__(self, roster: Callable[[], Iterable[str]] = tuple, after_write: AfterWrite | None = None) -> None:
        self.roster = roster  # the app's memory-only roster, if it runs the page: names leave comments too
        # Hears the session as written (and the file's stat) before any phone of the batch is answered,
        # so the pages they open next come from memory.
        self.after_write = after_write
        self._guard = threading.Lock()
        self._pending: dict[Path, list[_Waiting]] = {}
        self._leading: set[Path] = set()

    def record(self, path: Path, token_hash: str, answers: dict[str, str], comment: str) -> Feedback:
        """Store one sheet's answers, returning only once they are on disk; raises the store's KitError."""
        # Checked and scrubbed here, before joining a write: a batch holds the lock only to read and write.
        mine = _Waiting(prepare_feedback(token_hash, answers, comment, self.roster()))
        with self._guard:
            self._pending.setdefault(path, []).append(mine)
            if path not in self._leading:
                self._leading.add(path)
                mine.lead = True
        if not mine.lead:
            mine.wake.wait()  # woken with a result, or to lead the next write
        if mine.lead:
            self._write(path)
        if isinstance(mine.result, BaseException):
            raise mine.result
        if not isinstance(mine.result, Feedback):
            raise KitError("The answers could not be saved; please send them again.")
        return mine.result

    def _write(self, path: Path) -> None:
        """Write everything waiting for path, then answer its requests and pass the lead on (or give it up)."""
        with self._guard:
            batch = self._pending.pop(path, [])
        saved: SavedFeedback | None = None
        try:
            saved = save_feedback(path, [w.entry for w in batch], via="web")
            results: list[Feedback | BaseException] = list(saved.results)
        except BaseException as exc:  # the whole write failed: every waiting phone hears why
            results = [exc] * len(batch)
        for waiting, result in zip(batch, results, strict=True):
            waiting.result = result
        try:
            if saved is not None and saved.log is not None and saved.stat is not None and self.after_write:
                self.after_write(path, saved.log, saved.stat)
        finally:
            for waiting in batch:
                if not waiting.lead:
                    waiting.wake.set()
            with self._guard:
                queue = self._pending.get(path)
                following = queue[0] if queue else None
                if following is None:
                    self._leading.discard(path)
                else:
                    following.lead = True
            if following is not None:
                following.wake.set()
