"""The storage layer: atomic writes under a lock, and what a killed writer leaves behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kit import storage
from kit.errors import InputError
from kit.storage import locked
from kit.store import add_output, add_outputs, create_session, load_session


def test_a_temporary_file_left_by_a_killed_writer_is_removed_at_the_next_write(sessions: Path) -> None:
    path = create_session(sessions, "Crash", ["body-map"], date="2026-03-14")
    stale = path.with_name(f".{path.name}.424242.tmp")
    stale.write_bytes(b'{"half": ')  # what kill -9 in the middle of a write leaves
    other = path.with_name(".another-session.json.424242.tmp")
    other.write_bytes(b"not ours")
    add_output(path, "body-map", "Still here")
    assert not stale.exists() and other.exists()
    assert [o.text for o in load_session(path).outputs] == ["Still here"]


def test_lock_tolerates_glob_characters_in_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "odd[1]*.json"
    stale = path.with_name(f".{path.name}.7.tmp")
    stale.write_bytes(b"x")
    with locked(path):
        pass
    assert not stale.exists()


def test_a_write_that_could_not_be_read_back_is_refused_and_the_file_kept(
    sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = create_session(sessions, "Big", ["body-map"], date="2026-03-14")
    add_output(path, "body-map", "First")
    before = path.read_bytes()
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", len(before) + 2000)
    with pytest.raises(InputError, match="nothing was saved"):
        add_outputs(path, "body-map", ["one more line we said"] * 50)
    assert path.read_bytes() == before
    assert [o.text for o in load_session(path).outputs] == ["First"]


@pytest.mark.skipif(not Path("/dev/zero").exists() or not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_link_to_a_device_or_a_pipe_named_json_is_not_read(sessions: Path) -> None:
    from kit.store import list_sessions

    sessions.mkdir(exist_ok=True)
    (sessions / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(sessions / "pipe.json")
    summaries, warnings = list_sessions(sessions)
    assert summaries == [] and len(warnings) == 2
    assert all("not an ordinary file" in w for w in warnings)
