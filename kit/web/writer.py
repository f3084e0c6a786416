"""Group commit for feedback: phones that send at the same moment share one durable write.

Every write of a session file is a locked read, a rewrite and two fsyncs. One at a time, 30 phones
sending together would queue behind each other. Here one request at a time per session leads: it
writes every answer waiting for that session in one store call, wakes their requests with their
results, and hands the lead to the first request that arrived meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError
from kit.model import Feedback
from kit.store import record_feedback_batch


@dataclass
class _Waiting:
    entry: tuple[str, dict[str, str], str]
    result: Feedback | BaseException | None = None
    lead: bool = False
    wake: threading.Event = field(default_factory=threading.Event)


class FeedbackWriter:
    """Records web feedback, batching requests that arrive while a write is under way (thread-safe)."""

    def __init__(
        self, roster: Callable[[], Iterable[str]] = tuple, after_write: Callable[[Path], object] | None = None
    ) -> None:
        self.roster = roster  # the app's memory-only roster, if it runs the page: names leave comments too
        self.after_write = after_write  # e.g. read the changed log into memory once, before the phones ask
        self._guard = threading.Lock()
        self._pending: dict[Path, list[_Waiting]] = {}
        self._leading: set[Path] = set()

    def record(self, path: Path, token_hash: str, answers: dict[str, str], comment: str) -> Feedback:
        """Store one sheet's answers (blocking until they are on disk); raises the store's KitError."""
        mine = _Waiting((token_hash, answers, comment))
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
        """Write everything waiting for path, then pass the lead on (or give it up)."""
        with self._guard:
            batch = self._pending.pop(path, [])
        try:
            entries = [w.entry for w in batch]
            results: list = record_feedback_batch(path, entries, via="web", roster=self.roster())
        except BaseException as exc:  # the whole write failed: every waiting phone hears why
            results = [exc] * len(batch)
        for waiting, result in zip(batch, results, strict=True):
            waiting.result = result
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
        if self.after_write is not None:  # off every waiting phone's path: they are already answered
            self.after_write(path)
