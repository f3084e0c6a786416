"""Group commit: phones sending at the same moment share writes, and each hears its own result."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from web_helpers import session_with_sheets

from kit.errors import InputError, NotFound
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
    start = threading.Barrier(len(sheets))
    got: dict[str, object] = {}

    def send(n: int) -> None:
        start.wait()
        token_hash = hash_token(sheets[n].token)
        got[token_hash] = writer.record(path, token_hash, {sheets[n].items[n % 2]: "yes"}, f"phone {n}")

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(sheets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = {f.token_hash: f.comment for f in load_session(path).feedback}
    assert stored == {hash_token(s.token): f"phone {n}" for n, s in enumerate(sheets)}
    assert {h: r.comment for h, r in got.items()} == stored  # each phone got its own record back
    assert sum(writes) == len(sheets) and len(writes) <= len(sheets)


def test_an_error_reaches_only_the_phone_that_caused_it(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions)
    writer = FeedbackWriter()
    with pytest.raises(NotFound):
        writer.record(path, hash_token("never-issued"), {}, "hello")
    record = writer.record(path, hash_token(sheets[0].token), {}, "still works")
    assert record.comment == "still works"


def test_a_phone_hears_its_answer_was_saved_only_once_it_is_on_disk(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.store.storage as storage

    path, sheets = session_with_sheets(sessions, copies=12)
    events: list[tuple[str, frozenset[str]]] = []
    lock = threading.Lock()
    real_sync = storage.sync_folder

    def sync_then_look(folder: Path) -> None:  # the last step of a durable write: the rename is on disk
        real_sync(folder)
        on_disk = frozenset(f.comment for f in load_session(path).feedback)
        with lock:
            events.append(("durable", on_disk))

    monkeypatch.setattr(storage, "sync_folder", sync_then_look)
    writer = FeedbackWriter()
    start = threading.Barrier(len(sheets))

    def send(n: int) -> None:
        start.wait()
        writer.record(path, hash_token(sheets[n].token), {}, f"phone {n}")
        with lock:
            events.append(("heard", frozenset({f"phone {n}"})))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(sheets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
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
    with pytest.raises(InputError):
        FeedbackWriter().record(path, hash_token(sheets[0].token), {sheets[0].items[0]: "maybe"}, "")
    with pytest.raises(InputError):
        FeedbackWriter().record(path, hash_token(sheets[0].token), {}, "x" * (MAX_COMMENT + 1))
    assert writes == []


def test_the_comment_is_scrubbed_before_it_joins_a_write(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, sheets = session_with_sheets(sessions)
    seen: list[str] = []
    real = writer_module.save_feedback
    monkeypatch.setattr(
        writer_module, "save_feedback", lambda p, e, **kw: seen.extend(x.comment for x in e) or real(p, e, **kw)
    )
    roster = ["Amira"]
    FeedbackWriter(roster=lambda: roster).record(path, hash_token(sheets[0].token), {}, "Amira: call 07700 900123")
    assert seen and not any("Amira" in c or "07700" in c for c in seen)


PHONES_UNTIL_KILLED = """
import sys, threading
from itertools import count
from pathlib import Path
from kit.store import hash_token
from kit.web.writer import FeedbackWriter

path, tokens = Path(sys.argv[1]), sys.argv[2:]
writer, said = FeedbackWriter(), threading.Lock()

def phone(n, token):
    for round in count():  # sends again and again until the process is killed
        writer.record(path, hash_token(token), {}, f"phone {n} round {round}")
        with said:  # printed only once record() returned: the phone was told its answer is saved
            sys.stdout.write(f"{n} {round}\\n")
            sys.stdout.flush()

for n, token in enumerate(tokens):
    threading.Thread(target=phone, args=(n, token)).start()
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
