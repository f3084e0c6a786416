"""Group commit for feedback: phones that send at the same moment share one durable write.

Every write of a session file is a locked read, a rewrite and two fsyncs. One at a time, 30 phones
sending together would queue behind each other. Here a phone's answers are checked and scrubbed as they
arrive, then wait in the event loop while a write is under way; one worker thread then writes every
answer that waited for that session in one store call, and only once that write is on disk are their
requests answered, each with its own result. A phone costs no thread and no trip to one: a batch makes
one trip, and holds the store's lock only to read, add and write.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import KitError
from kit.model import Feedback
from kit.store import FeedbackEntry, prepare_feedback, save_feedback

if TYPE_CHECKING:
    from kit.web.tokens import TokenIndex


@dataclass(frozen=True)
class _Sent:
    """One phone's answers, checked and scrubbed, and where its result goes."""

    entry: FeedbackEntry
    result: asyncio.Future[Feedback]


class FeedbackWriter:
    """Records web feedback from the event loop, batching answers that arrive while a write is under way."""

    def __init__(self, roster: Callable[[], Iterable[str]] = tuple, index: TokenIndex | None = None) -> None:
        self.roster = roster  # the app's memory-only roster, if it runs the page: names leave comments too
        # The page's sheet index: it serves forms from memory while a write is under way, and hears the
        # session as written (with the file's stat) before any phone of the batch is answered, so the
        # pages they open next come from memory too.
        self.index = index
        self._pending: dict[Path, list[_Sent]] = {}
        self._writing: dict[Path, asyncio.Task[None]] = {}

    async def record(self, path: Path, token_hash: str, answers: dict[str, str], comment: str) -> Feedback:
        """Store one sheet's answers, returning only once they are on disk; raises the store's KitError."""
        entry = prepare_feedback(token_hash, answers, comment, self.roster())  # an InputError joins no write
        sent = _Sent(entry, asyncio.get_running_loop().create_future())
        self._pending.setdefault(path, []).append(sent)
        if path not in self._writing:
            self._writing[path] = asyncio.create_task(self._drain(path))
        # A phone that hangs up while waiting cancels only its wait: its answers are still written.
        return await sent.result

    async def _drain(self, path: Path) -> None:
        """Write what waits for path, batch after batch, until nothing does."""
        batch: list[_Sent] = []
        try:
            while batch := self._pending.pop(path, []):
                try:
                    results = await asyncio.to_thread(self._write, path, batch)
                except Exception as exc:  # the write could not run at all: every phone in the batch hears why
                    results = [exc] * len(batch)
                for sent, result in zip(batch, results, strict=True):
                    _settle(sent.result, result)
        finally:  # normally nothing is left; when the page stops mid-write, the phones waiting are told
            del self._writing[path]
            stopping = KitError("The page stopped before the answers were saved; please send them again.")
            for sent in batch + self._pending.pop(path, []):
                _settle(sent.result, stopping)

    def _write(self, path: Path, batch: list[_Sent]) -> list[Feedback | BaseException]:
        """In a worker thread: store the batch's answers in one write; each phone gets its record or error."""
        with self.index.writing(path) if self.index else nullcontext():
            try:
                saved = save_feedback(path, [sent.entry for sent in batch], via="web")
            except Exception as exc:  # the whole write failed (a full disk, say): every phone in it hears why
                return [exc] * len(batch)
            if saved.log is not None and saved.stat is not None and self.index:
                self.index.remember(path, saved.log, saved.stat)
        return list(saved.results)


def _settle(future: asyncio.Future[Feedback], result: Feedback | BaseException) -> None:
    if future.done():
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)
