"""Group commit for feedback: phones that send at the same moment share one durable write.

Every write of a session file is a locked read, a rewrite and two fsyncs. One at a time, 30 phones
sending together would queue behind each other. Here a phone's answers are checked and scrubbed as they
arrive in the event loop, then queued for their session. One worker thread writes every answer queued
for that session in one store call, and goes straight on to the answers that arrived meanwhile, until
none are left; only once a write is on disk are its phones answered, each with its own result, while
the next write goes on. A phone costs no thread and no trip to one, and no write waits for the event
loop: under load the loop is busy, and a write that waited for its turn there left the disk idle.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import KitError
from kit.model import Feedback
from kit.store import FeedbackEntry, prepare_feedback, save_feedback

if TYPE_CHECKING:
    from kit.web.tokens import TokenIndex

Result = Feedback | BaseException


@dataclass(frozen=True)
class _Sent:
    """One phone's answers, checked and scrubbed, and where its result goes."""

    entry: FeedbackEntry
    result: asyncio.Future[Feedback]


def _stopped() -> KitError:
    return KitError("The page stopped before the answers were saved; please send them again.")


class FeedbackWriter:
    """Records web feedback from the event loop, batching answers that arrive while a write is under way."""

    def __init__(self, roster: Callable[[], Iterable[str]] = tuple, index: TokenIndex | None = None) -> None:
        self.roster = roster  # the app's memory-only roster, if it runs the page: names leave comments too
        # The page's sheet index: it serves forms from memory while a write is under way, and hears the
        # session as written (with the file's stat) before any phone of the batch is answered, so the
        # pages they open next come from memory too.
        self.index = index
        # The loop adds answers and the writing thread takes them: both only while holding this lock, so
        # an answer is never left queued after its session's thread has decided there is nothing more.
        self._lock = threading.Lock()
        self._queued: dict[Path, list[_Sent]] = {}
        self._writing: dict[Path, list[_Sent]] = {}  # the batch on its way to disk, for each session written now
        self._tasks: set[asyncio.Task[None]] = set()

    async def record(self, path: Path, token_hash: str, answers: dict[str, str], comment: str) -> Feedback:
        """Store one sheet's answers, returning only once they are on disk; raises the store's KitError."""
        entry = prepare_feedback(token_hash, answers, comment, self.roster())  # an InputError joins no write
        sent = _Sent(entry, asyncio.get_running_loop().create_future())
        with self._lock:
            self._queued.setdefault(path, []).append(sent)
            start = path not in self._writing
            if start:
                self._writing[path] = []
        if start:  # a worker thread writes what is queued for path, batch after batch, until nothing is
            task = asyncio.create_task(asyncio.to_thread(self._write_all, path))
            self._tasks.add(task)
            task.add_done_callback(partial(self._written_all, path))
        # A phone that hangs up while waiting cancels only its wait: its answers are still written.
        return await sent.result

    def _written_all(self, path: Path, task: asyncio.Task[None]) -> None:
        """When the page stops (the task is cancelled, even before its thread began), tell the phones waiting."""
        self._tasks.discard(task)
        if not task.cancelled():
            return
        with self._lock:  # a thread under way finishes its write and finds nothing more; one that never
            # began leaves no mark behind, so the next answer starts a thread of its own
            waiting = (self._writing.pop(path, None) or []) + self._queued.pop(path, [])
        for sent in waiting:
            _settle(sent.result, _stopped())

    def _write_all(self, path: Path) -> None:
        """In a worker thread: write batch after batch for path; each batch's phones hear as it lands."""
        batch: list[_Sent] = []
        try:
            while True:
                with self._lock:
                    batch = self._queued.pop(path, [])
                    if not batch:
                        self._writing.pop(path, None)
                        return
                    self._writing[path] = batch
                _answer(batch, self._write(path, batch))
        except BaseException:  # a loop that closed, say: nobody may wait for a thread that is gone
            with self._lock:
                waiting = batch + self._queued.pop(path, [])
                self._writing.pop(path, None)
            _answer(waiting, [_stopped()] * len(waiting))
            raise

    def _write(self, path: Path, batch: list[_Sent]) -> list[Result]:
        """Store the batch's answers in one write; each phone gets its record or error."""
        with self.index.writing(path) if self.index else nullcontext():
            try:
                saved = save_feedback(path, [sent.entry for sent in batch], via="web")
            except Exception as exc:  # the whole write failed (a full disk, say): every phone in it hears why
                return [exc] * len(batch)
            if saved.log is not None and saved.stat is not None and self.index:
                self.index.remember(path, saved.log, saved.stat)
        return list(saved.results)


def _answer(batch: Sequence[_Sent], results: Sequence[Result]) -> None:
    """From any thread: settle each phone's wait with its result, in the loop it waits in."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Feedback], Result]]] = {}
    for sent, result in zip(batch, results, strict=True):
        by_loop.setdefault(sent.result.get_loop(), []).append((sent.result, result))
    for loop, settled in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle_all, settled)
        except RuntimeError:  # that loop has closed: nobody is waiting there any more
            pass


def _settle_all(settled: list[tuple[asyncio.Future[Feedback], Result]]) -> None:
    for future, result in settled:
        _settle(future, result)


def _settle(future: asyncio.Future[Feedback], result: Result) -> None:
    if future.done():
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)
