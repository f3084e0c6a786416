"""Group commit: phones sending at the same moment share writes, and each hears its own result."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from web_helpers import session_with_sheets

from kit.errors import NotFound
from kit.store import hash_token, load_session
from kit.web import writer as writer_module
from kit.web.writer import FeedbackWriter


def test_concurrent_phones_are_all_stored_in_fewer_writes(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, sheets = session_with_sheets(sessions, copies=24)
    writes: list[int] = []
    real = writer_module.record_feedback_batch
    monkeypatch.setattr(
        writer_module, "record_feedback_batch", lambda p, e, **kw: writes.append(len(e)) or real(p, e, **kw)
    )
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
