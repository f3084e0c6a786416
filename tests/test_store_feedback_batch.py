"""record_feedback_batch: several sheets' answers in one write, each with its own record or error."""

from __future__ import annotations

from pathlib import Path

from web_helpers import session_with_sheets

from kit.errors import InputError, NotFound
from kit.model import Feedback
from kit.store import hash_token, load_session, record_feedback, record_feedback_batch


def test_a_batch_stores_new_and_replaces_earlier_answers(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions, copies=3)
    a, b, c = (hash_token(s.token) for s in sheets)
    first, second = sheets[0].items
    record_feedback(path, a, {first: "no"}, "before")
    results = record_feedback_batch(path, [(a, {first: "yes"}, "after"), (b, {second: "partly"}, ""), (c, {}, "hi")])
    assert all(isinstance(r, Feedback) for r in results)
    stored = {f.token_hash: f for f in load_session(path).feedback}
    assert len(stored) == 3
    assert stored[a].answers == {first: "yes"} and stored[a].comment == "after"
    assert stored[b].answers == {second: "partly"} and stored[c].comment == "hi"


def test_each_bad_entry_gets_its_own_error_and_the_rest_are_stored(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions, copies=2)
    good, other = (hash_token(s.token) for s in sheets)
    results = record_feedback_batch(
        path,
        [
            (hash_token("not-issued-anywhere"), {}, "x"),
            (good, {sheets[0].items[0]: "maybe"}, ""),
            (good, {"not-on-sheet": "yes"}, ""),
            (good, {}, "y" * 2001),
            (other, {sheets[1].items[0]: "yes"}, "Call 07700 900123"),
        ],
    )
    assert isinstance(results[0], NotFound)
    assert all(isinstance(r, InputError) for r in results[1:4])
    assert isinstance(results[4], Feedback) and "[phone]" in results[4].comment
    [stored] = load_session(path).feedback
    assert stored.token_hash == other and "07700" not in stored.comment


def test_a_batch_with_only_errors_leaves_the_file_untouched(sessions: Path) -> None:
    path, _ = session_with_sheets(sessions)
    before = path.read_bytes()
    assert isinstance(record_feedback_batch(path, [(hash_token("nope"), {}, "")])[0], NotFound)
    assert record_feedback_batch(path, []) == []
    assert path.read_bytes() == before
