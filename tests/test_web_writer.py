"""Group commit: phones sending at the same moment share writes, and each hears its own result."""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from web_helpers import session_with_sheets

from kit.errors import InputError, KitError, NotFound
from kit.model import MAX_COMMENT
from kit.store import hash_token, load_session
from kit.web import writer as writer_module
from kit.web.writer import FeedbackWriter


def test_concurrent_phones_are_all_stored_in_fewer_writes(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, sheets = session_with_sheets(sessions, copies=24)
    writes: list[int] = []
    real = writer_module.save_feedback
    monkeypatch.setattr(writer_module, "save_feedback", lambda p, e, **kw: writes.append(len(e)) or real(p, e, **kw))
    writer = FeedbackWriter()

    async def phones() -> dict[str, object]:
        hashes = [hash_token(sheet.token) for sheet in sheets]
        sent = [
            writer.record(path, h, {s.items[n % 2]: "yes"}, f"phone {n}")
            for n, (h, s) in enumerate(zip(hashes, sheets, strict=True))
        ]
        return dict(zip(hashes, await asyncio.gather(*sent), strict=True))

    got = asyncio.run(phones())
    stored = {f.token_hash: f.comment for f in load_session(path).feedback}
    assert stored == {hash_token(s.token): f"phone {n}" for n, s in enumerate(sheets)}
    assert {h: r.comment for h, r in got.items()} == stored  # each phone got its own record back
    assert sum(writes) == len(sheets) and len(writes) < len(sheets)  # phones that came together shared writes


def test_an_error_reaches_only_the_phone_that_caused_it(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions)
    writer = FeedbackWriter()

    async def two_phones() -> list[object]:
        wrong = writer.record(path, hash_token("never-issued"), {}, "hello")
        right = writer.record(path, hash_token(sheets[0].token), {}, "still works")
        return await asyncio.gather(wrong, right, return_exceptions=True)  # sent together: one write

    wrong, right = asyncio.run(two_phones())
    assert isinstance(wrong, NotFound)
    assert getattr(right, "comment", None) == "still works"


def test_a_phone_hears_its_answer_was_saved_only_once_it_is_on_disk(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.store.storage as storage

    path, sheets = session_with_sheets(sessions, copies=12)
    events: list[tuple[str, frozenset[str]]] = []  # list.append is atomic: the writer thread and the loop share it
    real_sync = storage.sync_folder

    def sync_then_look(folder: Path) -> None:  # the last step of a durable write: the rename is on disk
        real_sync(folder)
        events.append(("durable", frozenset(f.comment for f in load_session(path).feedback)))

    monkeypatch.setattr(storage, "sync_folder", sync_then_look)
    writer = FeedbackWriter()

    async def send(n: int) -> None:
        await asyncio.sleep(0.001 * (n % 4))  # some arrive while a write is under way
        await writer.record(path, hash_token(sheets[n].token), {}, f"phone {n}")
        events.append(("heard", frozenset({f"phone {n}"})))

    async def phones() -> None:
        await asyncio.gather(*(send(n) for n in range(len(sheets))))

    asyncio.run(phones())
    durable: set[str] = set()
    heard = 0
    for kind, comments in events:
        if kind == "durable":
            durable |= comments
        else:
            assert comments <= durable  # told "saved" only after a synced write that holds it
            heard += 1
    assert heard == len(sheets)


def test_an_answer_that_fails_its_checks_never_joins_a_write(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, sheets = session_with_sheets(sessions)
    writes: list[int] = []
    monkeypatch.setattr(writer_module, "save_feedback", lambda p, e, **kw: writes.append(len(e)))
    token_hash = hash_token(sheets[0].token)
    with pytest.raises(InputError):
        asyncio.run(FeedbackWriter().record(path, token_hash, {sheets[0].items[0]: "maybe"}, ""))
    with pytest.raises(InputError):
        asyncio.run(FeedbackWriter().record(path, token_hash, {}, "x" * (MAX_COMMENT + 1)))
    assert writes == []


def test_the_comment_is_scrubbed_before_it_joins_a_write(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, sheets = session_with_sheets(sessions)
    seen: list[str] = []
    real = writer_module.save_feedback
    monkeypatch.setattr(
        writer_module, "save_feedback", lambda p, e, **kw: seen.extend(x.comment for x in e) or real(p, e, **kw)
    )
    roster = ["Amira"]
    writer = FeedbackWriter(roster=lambda: roster)
    asyncio.run(writer.record(path, hash_token(sheets[0].token), {}, "Amira: call 07700 900123"))
    assert seen and not any("Amira" in c or "07700" in c for c in seen)


PHONES_UNTIL_KILLED = """
import asyncio, sys
from itertools import count
from pathlib import Path
from kit.store import hash_token
from kit.web.writer import FeedbackWriter

path, tokens = Path(sys.argv[1]), sys.argv[2:]
writer = FeedbackWriter()

async def phone(n, token):
    for round in count():  # sends again and again until the process is killed
        await writer.record(path, hash_token(token), {}, f"phone {n} round {round}")
        sys.stdout.write(f"{n} {round}\\n")  # only once record() returned: the phone was told it is saved
        sys.stdout.flush()

async def phones():
    await asyncio.gather(*(phone(n, token) for n, token in enumerate(tokens)))

asyncio.run(phones())
"""


@pytest.mark.long
def test_killing_the_page_mid_batch_loses_no_answer_a_phone_was_told_was_saved(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions, copies=8)
    rng = random.Random(4321)
    for _ in range(6):
        tokens = [s.token for s in sheets]
        page = subprocess.Popen(
            [sys.executable, "-c", PHONES_UNTIL_KILLED, str(path), *tokens], stdout=subprocess.PIPE, text=True
        )
        assert page.stdout is not None
        try:
            heard = [page.stdout.readline() for _ in range(rng.randint(1, 60))]  # the kill lands mid-batch or between
        finally:
            page.kill()
            page.wait(timeout=60)
        heard += page.stdout.read().splitlines(keepends=True)  # told before the kill, still in the pipe
        page.stdout.close()
        last_heard: dict[int, int] = {}
        for line in heard:
            n, round = map(int, line.split())
            last_heard[n] = max(round, last_heard.get(n, -1))
        log = load_session(path)  # loads every time: never half a file
        stored = {f.token_hash: f.comment for f in log.feedback}
        for n, round in last_heard.items():
            comment = stored[hash_token(sheets[n].token)]
            assert comment.startswith(f"phone {n} round ")
            assert int(comment.rsplit(" ", 1)[1]) >= round  # what the phone was told is saved, or a later answer
    assert [p for p in path.parent.iterdir() if p.suffix == ".json"] == [path]  # a half write is never a session


def test_a_phone_that_hangs_up_while_waiting_still_has_its_answers_saved(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions, copies=3)
    writer = FeedbackWriter()

    async def phones() -> None:
        sent = [
            asyncio.create_task(writer.record(path, hash_token(sheet.token), {}, f"phone {n}"))
            for n, sheet in enumerate(sheets)
        ]
        await asyncio.sleep(0)  # all three are waiting for the write
        sent[1].cancel()  # the second phone's connection drops
        done = await asyncio.gather(*sent, return_exceptions=True)
        assert isinstance(done[1], asyncio.CancelledError)

    asyncio.run(phones())
    assert sorted(f.comment for f in load_session(path).feedback) == ["phone 0", "phone 1", "phone 2"]


def test_forms_opened_during_a_write_are_served_without_reading_the_file(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.web.tokens import TokenIndex

    path, sheets = session_with_sheets(sessions)
    index = TokenIndex(sessions)
    index.load_all()
    seen: list[object] = []
    real = writer_module.save_feedback

    def save_and_open_another_form(p: Path, entries: list, **kw: object) -> object:
        saved = real(p, entries, **kw)  # on disk now: the file's stat has changed
        seen.append(index.peek(sheets[1].token))
        return saved

    monkeypatch.setattr(writer_module, "save_feedback", save_and_open_another_form)
    asyncio.run(FeedbackWriter(index=index).record(path, hash_token(sheets[0].token), {}, "sent"))
    assert seen[0] is not None  # before, the changed stat sent this form to read the whole file again
    after = index.peek(sheets[0].token)
    assert after is not None and [f.comment for f in after[1].feedback] == ["sent"]  # the written log, kept


def test_answers_sent_during_a_write_are_written_next_even_while_the_page_is_busy(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, sheets = session_with_sheets(sessions, copies=2)
    second_queued, second_written = threading.Event(), threading.Event()
    calls: list[list[str]] = []
    real = writer_module.save_feedback

    def save(p: Path, entries: list, **kw: object) -> object:
        calls.append([e.comment for e in entries])
        if len(calls) == 1:
            assert second_queued.wait(10)  # the second phone sends while the first write is under way
        else:
            second_written.set()
        return real(p, entries, **kw)

    monkeypatch.setattr(writer_module, "save_feedback", save)
    writer = FeedbackWriter()

    async def phones() -> bool:
        first = asyncio.create_task(writer.record(path, hash_token(sheets[0].token), {}, "first"))
        while not calls:
            await asyncio.sleep(0.001)
        second = asyncio.create_task(writer.record(path, hash_token(sheets[1].token), {}, "second"))
        await asyncio.sleep(0)  # the second phone's answers are queued
        second_queued.set()
        # The page is busy serving other phones: its loop runs nothing else. The second write must not
        # wait for it (before, it started only once the loop had heard the first write was done).
        written_while_busy = second_written.wait(5)
        await asyncio.gather(first, second)
        return written_while_busy

    assert asyncio.run(phones())
    assert calls == [["first"], ["second"]]


def test_a_phone_that_sends_just_as_the_writing_thread_finishes_is_written(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, sheets = session_with_sheets(sessions, copies=2)
    written: list[int] = []
    real = writer_module.save_feedback
    monkeypatch.setattr(writer_module, "save_feedback", lambda p, e, **kw: written.append(len(e)) or real(p, e, **kw))
    writer = FeedbackWriter()

    async def phones() -> list[str]:
        first = asyncio.create_task(writer.record(path, hash_token(sheets[0].token), {}, "first"))
        while not written:
            await asyncio.sleep(0.001)
        # Wait, without letting the loop run, until the thread has written and found nothing more: the
        # task that started it has not heard yet. (Before, that task then took the next phone's answers
        # and told it the page had stopped.)
        for _ in range(5000):  # a few seconds at most, so a thread that never finishes fails the test below
            if path not in writer._writing:
                break
            time.sleep(0.001)
        second = writer.record(path, hash_token(sheets[1].token), {}, "second")
        return [f.comment for f in await asyncio.gather(first, second)]

    assert asyncio.run(phones()) == ["first", "second"]
    assert sorted(f.comment for f in load_session(path).feedback) == ["first", "second"]


def test_answers_still_go_through_after_a_write_was_stopped_before_it_began(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions, copies=2)
    writer = FeedbackWriter()

    async def phones() -> str:
        first = asyncio.create_task(writer.record(path, hash_token(sheets[0].token), {}, "first"))
        await asyncio.sleep(0)  # queued, and the task that would start the writing thread made, not yet run
        for task in list(writer._tasks):
            task.cancel()  # as when the page stops
        with pytest.raises(KitError, match="send them again"):
            await asyncio.wait_for(first, timeout=10)
        later = writer.record(path, hash_token(sheets[1].token), {}, "later")
        return (await asyncio.wait_for(later, timeout=10)).comment  # before, it waited for ever

    assert asyncio.run(phones()) == "later"
    assert [f.comment for f in load_session(path).feedback] == ["later"]
