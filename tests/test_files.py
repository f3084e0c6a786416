"""Platform differences in file handling: each platform's implementation, tested here with fakes."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import pytest

from kit.cli import main
from kit.store import add_output, create_session, files, list_sessions, load_session


def test_each_platform_gets_its_own_implementations() -> None:
    windows = files.implementations("nt", "win32")
    macos = files.implementations("posix", "darwin")
    linux = files.implementations("posix", "linux")
    assert windows["lock_file"] is files._lock_windows and linux["lock_file"] is files._lock_posix
    assert windows["sync_folder"] is files._sync_folder_windows and macos["sync_folder"] is files._sync_folder_posix
    assert macos["sync_file"] is files._sync_file_macos and linux["sync_file"] is files._sync_file_fsync
    assert windows["make_private"] is files._make_private_windows and linux["is_private"] is files._is_private_posix
    assert windows["private_opener"] is files._private_opener_windows
    assert macos["private_opener"] is files._private_opener_posix
    assert files.replace_waits("nt") and not files.replace_waits("posix")


def _flaky_replace(monkeypatch: pytest.MonkeyPatch, failures: int, held: str = "") -> list[tuple[str, str]]:
    """os.replace that fails with PermissionError `failures` times (another program holds the file), then works.

    With `held`, only targets whose name ends so are held open.
    """
    calls: list[tuple[str, str]] = []
    real = os.replace

    def replace(source: str, target: str) -> None:
        if not str(target).endswith(held):
            return real(source, target)
        calls.append((str(source), str(target)))
        if len(calls) <= failures:
            raise PermissionError(13, "The process cannot access the file because it is being used", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    return calls


def test_a_replace_on_windows_is_retried_while_another_program_holds_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source, target = tmp_path / "new", tmp_path / "Zoë Ní Bhriain's sheets.pdf"
    source.write_text("new")
    target.write_text("old")
    calls = _flaky_replace(monkeypatch, failures=3)
    pauses: list[float] = []
    files.replace_file(source, target, waits=files.replace_waits("nt"), sleep=pauses.append)
    assert target.read_text() == "new" and len(calls) == 4 and pauses == list(files.WINDOWS_REPLACE_WAITS[:3])


def test_a_file_held_open_too_long_is_named_with_why_and_left_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source, target = tmp_path / "new", tmp_path / "demo.json"
    source.write_text("new")
    target.write_text("old")
    calls = _flaky_replace(monkeypatch, failures=100)
    with pytest.raises(files.FileBusy, match=r"demo.json could not be saved: another program has it open"):
        files.replace_file(source, target, waits=files.replace_waits("nt"), sleep=lambda _: None)
    assert target.read_text() == "old" and len(calls) == len(files.WINDOWS_REPLACE_WAITS) + 1


def test_a_permission_error_elsewhere_is_not_retried(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = _flaky_replace(monkeypatch, failures=100)
    with pytest.raises(PermissionError):
        files.replace_file(tmp_path / "a", tmp_path / "b", waits=files.replace_waits("posix"))
    assert len(calls) == 1


def test_a_pdf_open_in_a_viewer_on_windows_gives_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, sessions: Path, demo_session: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "sheets.pdf"
    out.write_bytes(b"%PDF-1.4 the copy open in the viewer")
    monkeypatch.setattr(files, "replace_waits", lambda: (0.0, 0.0))
    _flaky_replace(monkeypatch, failures=100, held=".pdf")
    code = main(["sheets", "demo", "--copies", "1", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and f"{out} could not be saved: another program has it open" in err
    assert out.read_bytes() == b"%PDF-1.4 the copy open in the viewer"
    assert not list(tmp_path.glob(".sheets*"))  # no temporary file left behind


class FakeMsvcrt(types.ModuleType):
    """Windows' msvcrt: LK_LOCK fails `busy` times (another writer holds the byte), then locks."""

    LK_LOCK, LK_UNLCK = 1, 0

    def __init__(self, busy: int) -> None:
        super().__init__("msvcrt")
        self.busy = busy
        self.calls: list[tuple[int, int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        self.calls.append((fd, mode, nbytes))
        if mode == self.LK_LOCK and self.busy > 0:
            self.busy -= 1
            raise OSError(36, "Resource deadlock avoided")


def test_windows_locking_takes_the_first_byte_and_waits_for_another_writer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = FakeMsvcrt(busy=2)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    with open(tmp_path / ".demo.json.lock", "a+b") as handle:
        handle.write(b"x")
        files._lock_windows(handle)
        assert handle.tell() == 0
        files._unlock_windows(handle)
        fd = handle.fileno()
    assert fake.calls == [(fd, 1, 1), (fd, 1, 1), (fd, 1, 1), (fd, 0, 1)]


def test_windows_locking_gives_up_after_a_minute_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "msvcrt", FakeMsvcrt(busy=1000))
    folder = tmp_path / "Zoë Ní Bhriain"
    folder.mkdir()
    with open(folder / ".demo.json.lock", "a+b") as handle:
        with pytest.raises(files.FileBusy, match="Zoë Ní Bhriain is busy"):
            files._lock_windows(handle)


def test_macos_syncs_to_the_drive_itself_and_falls_back_to_fsync(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[int] = []
    fake = types.ModuleType("fcntl")
    fake.F_FULLFSYNC = 51  # type: ignore[attr-defined]
    fake.fcntl = lambda fd, op: asked.append(op)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fcntl", fake)
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    with open(tmp_path / "f", "wb") as handle:
        files._sync_file_macos(handle)
        assert asked == [51] and synced == []

        def refuse(fd: int, op: int) -> None:
            raise OSError(45, "Operation not supported")

        fake.fcntl = refuse  # type: ignore[attr-defined]
        files._sync_file_macos(handle)
        assert synced == [handle.fileno()]


def test_windows_neither_opens_folders_to_sync_them_nor_changes_modes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def forbidden(*args: object) -> None:
        raise AssertionError("not on Windows")

    opened: list[tuple[str, int, int]] = []
    monkeypatch.setattr(os, "open", lambda path, flags, mode=0o777: opened.append((str(path), flags, mode)) or 7)
    monkeypatch.setattr(os, "chmod", forbidden)
    monkeypatch.setattr(os, "fchmod", forbidden, raising=False)
    files._sync_folder_windows(tmp_path)
    assert opened == []
    files._make_private_windows(tmp_path)
    assert files._is_private_windows(tmp_path) is None
    assert files._private_opener_windows(tmp_path / "demo.json", os.O_WRONLY) == 7  # created, never chmod-ed


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_private_means_only_the_user_can_reach_it(tmp_path: Path) -> None:
    folder, file = tmp_path / "sessions", tmp_path / "sessions" / "demo.json"
    folder.mkdir(mode=0o755)
    file.write_text("{}")
    file.chmod(0o644)
    assert files._is_private_posix(file) is False
    files._make_private_posix(folder)
    files._make_private_posix(file)
    assert folder.stat().st_mode & 0o777 == files.PRIVATE_FOLDER and file.stat().st_mode & 0o777 == files.PRIVATE_FILE
    assert files._is_private_posix(folder) and files._is_private_posix(file)
    wide = tmp_path / "wide.json"
    wide.write_text("{}")
    wide.chmod(0o666)
    with open(wide, "w", opener=files._private_opener_posix) as handle:
        handle.write("{}")
    assert wide.stat().st_mode & 0o777 == files.PRIVATE_FILE
    made = files.private_folder(tmp_path / "Zoë Ní Bhriain" / "printouts")
    assert made.stat().st_mode & 0o777 == files.PRIVATE_FOLDER


def test_sessions_live_happily_under_a_user_name_with_spaces_and_accents(tmp_path: Path) -> None:
    folder = tmp_path / "Users" / "Zoë Ní Bhriain" / "AppData" / "Local" / "codesign-kit" / "sessions"
    path = create_session(folder, "Wythnos gyntaf – ሰላም", ["check-in"], date="2026-03-14")
    add_output(path, "check-in", "Teimlo’n ddiogel")
    summaries, warnings = list_sessions(folder)
    assert warnings == [] and [s.path for s in summaries] == [path]
    assert load_session(path).outputs[0].text == "Teimlo’n ddiogel"
