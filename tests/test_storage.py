"""The storage layer: atomic writes under a lock, and what a killed writer leaves behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kit.errors import InputError
from kit.store import add_output, add_outputs, create_session, load_session, storage
from kit.store.storage import locked


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


posix_only = pytest.mark.skipif(os.name == "nt", reason="owner-only mode bits are POSIX")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@posix_only
def test_session_files_their_lock_and_a_new_sessions_folder_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "sessions"
    path = create_session(folder, "Private", ["body-map"], date="2026-03-14")
    add_output(path, "body-map", "We want a safe home")
    assert mode(folder) == 0o700
    assert mode(path) == 0o600
    assert mode(path.with_name(f".{path.name}.lock")) == 0o600


@posix_only
def test_a_session_file_found_readable_by_others_is_tightened_at_its_next_write(sessions: Path) -> None:
    path = create_session(sessions, "Wide", ["body-map"], date="2026-03-14")
    os.chmod(path, 0o644)
    os.chmod(path.with_name(f".{path.name}.lock"), 0o666)
    add_output(path, "body-map", "Trust takes time")
    assert mode(path) == 0o600
    assert mode(path.with_name(f".{path.name}.lock")) == 0o600


@posix_only
def test_the_temporary_file_of_a_write_is_private_while_it_is_written(sessions: Path) -> None:
    seen: list[int] = []
    target = sessions / "export.csv"
    with storage.atomic_file(target, "w", encoding="utf-8") as handle:
        handle.write("a,b\n")
        seen.append(os.fstat(handle.fileno()).st_mode & 0o777)
    assert seen == [0o600] and mode(target) == 0o600


@posix_only
def test_an_existing_folder_chosen_by_the_user_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    create_session(folder, "Theirs", ["body-map"], date="2026-03-14")
    assert mode(folder) == 0o755
