"""Group commit for feedback: phones that send at the same moment share one durable write.

Every write of a session file is a locked read, a rewrite, and two fsyncs (a few milliseconds).
One at a time, 30 phones sending together would queue behind each other; here the first request
to take a session's write lock writes everything waiting for that session in one store call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import KitError
from kit.model import Feedback
from kit.store import record_feedback_batch


@dataclass
class _Waiting:
    entry: tuple[str, dict[str, str], str]
    result: Feedback | BaseException | None = field(default=None)


class FeedbackWriter:
    """Records web feedback, batching requests that arrive while a write is under way (thread-safe)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._pending: dict[Path, list[_Waiting]] = {}
        self._writing: dict[Path, threading.Lock] = {}

    def record(self, path: Path, token_hash: str, answers: dict[str, str], comment: str) -> Feedback:
        """Store one sheet's answers (blocking until they are on disk); raises the store's KitError."""
        mine = _Waiting((token_hash, answers, comment))
        with self._guard:
            self._pending.setdefault(path, []).append(mine)
            writing = self._writing.setdefault(path, threading.Lock())
        with writing:
            with self._guard:
                batch = self._pending.pop(path, [])
            if batch:
                try:
                    results: list = record_feedback_batch(path, [w.entry for w in batch], via="web")
                except BaseException as exc:  # the whole write failed: every waiting phone hears why
                    results = [exc] * len(batch)
                for waiting, result in zip(batch, results, strict=True):
                    waiting.result = result
        # Whoever took `mine` into a batch set its result before releasing the write lock.
        if isinstance(mine.result, BaseException):
            raise mine.result
        if not isinstance(mine.result, Feedback):
            raise KitError("The answers could not be saved; please send them again.")
        return mine.result
