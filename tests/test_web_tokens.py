"""The token index: finds a token's session, refreshes on a miss, skips damaged files and bad tokens."""

from __future__ import annotations

from pathlib import Path

from web_helpers import session_with_sheets

from kit.store import issue_sheets, withdraw_output
from kit.web.tokens import TokenIndex, well_formed


def test_the_index_finds_each_token_in_its_own_session(sessions: Path) -> None:
    first, first_sheets = session_with_sheets(sessions, title="First")
    second, second_sheets = session_with_sheets(sessions, title="Second")
    index = TokenIndex(sessions)
    assert index.find(first_sheets[0].token) == first
    assert index.find(second_sheets[1].token) == second
    path, log, ticket = index.open(second_sheets[0].token)
    assert log.session.title == "Second" and ticket.items == second_sheets[0].items


def test_a_miss_rereads_only_changed_files(sessions: Path, monkeypatch) -> None:
    path, _ = session_with_sheets(sessions)
    index = TokenIndex(sessions)
    assert index.find("C" * 22) is None
    reads: list[Path] = []
    import kit.web.tokens as tokens

    real = tokens.load_session
    monkeypatch.setattr(tokens, "load_session", lambda p: reads.append(p) or real(p))
    assert index.find("D" * 22) is None
    assert reads == []  # nothing changed, nothing re-read
    fresh = issue_sheets(path, 1)[0]
    assert index.find(fresh.token) == path and reads == [path]


def test_damaged_and_foreign_files_are_skipped(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions)
    (sessions / "broken.json").write_text("{not json", encoding="utf-8")
    (sessions / "other.json").write_text('{"a": 1}', encoding="utf-8")
    assert TokenIndex(sessions).find(sheets[0].token) == path


def test_malformed_tokens_are_never_looked_up() -> None:
    assert well_formed("abcDEF123_-abcDEF123_-")
    for bad in ("", "short", "has space in it here!!", "../../../../etc/passwd", "é" * 22, "a" * 65):
        assert not well_formed(bad)
    assert TokenIndex(Path("/nonexistent-folder")).find("../../x") is None


def test_an_unchanged_session_is_served_from_memory_and_a_changed_one_read_again(sessions: Path, monkeypatch) -> None:
    path, sheets = session_with_sheets(sessions)
    index = TokenIndex(sessions)
    assert index.peek(sheets[0].token) is None  # nothing known yet: the caller asks open()
    first = index.open(sheets[0].token)
    assert index.peek(sheets[0].token)[1] is first[1]
    withdraw_output(path, sheets[0].items[0])
    assert index.peek(sheets[0].token) is None
    assert index.open(sheets[0].token)[1].output(sheets[0].items[0]) is None
    assert index.peek("not a token") is None and index.peek(sheets[1].token[:-1] + "?") is None


def test_a_log_the_page_wrote_is_used_only_while_the_file_stays_as_written(sessions: Path) -> None:
    from kit.store import FeedbackEntry, add_output, hash_token, save_feedback

    path, sheets = session_with_sheets(sessions)
    index = TokenIndex(sessions)
    index.load_all()  # as the server does before the first phone
    saved = save_feedback(path, [FeedbackEntry(hash_token(sheets[0].token), {}, "from the page")])
    assert saved.log is not None and saved.stat is not None
    index.remember(path, saved.log, saved.stat)
    opened = index.peek(sheets[0].token)
    assert opened is not None and opened[1] is saved.log  # served from memory, no read
    add_output(path, "body-map", "Added by the facilitator's app meanwhile")
    assert index.peek(sheets[0].token) is None  # the file changed: the page must read it again
    reopened = index.open(sheets[0].token)
    assert reopened is not None and "Added by the facilitator's app meanwhile" in [o.text for o in reopened[1].outputs]


def test_forms_opened_while_the_page_writes_come_from_memory_and_the_file_is_checked_after(sessions: Path) -> None:
    from kit.store import FeedbackEntry, add_output, hash_token, save_feedback

    path, sheets = session_with_sheets(sessions)
    index = TokenIndex(sessions)
    before = index.open(sheets[0].token)
    assert before is not None
    with index.writing(path):
        saved = save_feedback(path, [FeedbackEntry(hash_token(sheets[0].token), {}, "from the page")])
        during = index.peek(sheets[1].token)  # the file is new on disk; the write has not handed its log over
        assert during is not None and during[1] is before[1]
        index.remember(path, saved.log, saved.stat)
    assert index.peek(sheets[1].token)[1] is saved.log
    with index.writing(path), index.writing(path):  # two writes under way at once
        pass
    add_output(path, "body-map", "Added by the facilitator's app")
    assert index.peek(sheets[1].token) is None  # no write under way: the changed file is read again
