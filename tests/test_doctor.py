"""`codesign-kit doctor`: each thing a laptop needs is checked, and each problem is named with its fix."""

from __future__ import annotations

import errno
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit import doctor
from kit.cli import main
from kit.printables import fonts, theme


@pytest.fixture
def free_port(monkeypatch: pytest.MonkeyPatch) -> int:
    """A port nothing listens on, used as the feedback port (never the real 8765 other tests may use)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(doctor, "DEFAULT_PORT", port)
    return port


@pytest.fixture
def private_sessions(sessions: Path) -> Path:
    sessions.chmod(0o700)
    return sessions


def _refuse_writes_in(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Make creating any file inside folder fail with an OS error (as root, modes alone would not stop us)."""
    real_open = os.open

    def fake_open(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: object) -> int:
        if Path(path).parent == folder and flags & os.O_CREAT:
            raise (PermissionError if code == errno.EACCES else OSError)(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


def _doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, dict]]:
    code = main([*args, "doctor", "--json"])
    report = json.loads(capsys.readouterr().out)
    return code, {check["name"]: check for check in report["checks"]}


def test_a_laptop_with_everything_in_place_passes_every_check(
    private_sessions: Path, free_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, checks = _doctor(capsys)
    assert list(checks) == ["version", "sessions", "fonts", "port", "network", "languages"]
    failed = {name: c for name, c in checks.items() if not c["ok"] and name != "network"}  # the CI box may be offline
    assert code in (0, 1) and failed == {}
    assert checks["sessions"]["facts"] == {
        "folder": str(private_sessions),
        "chosen_by": "KIT_SESSIONS",
        "exists": True,
        "writable": True,
        "private": True,
    }
    assert checks["version"]["facts"]["version"] == "0.1.0"
    assert {f["origin"] for f in checks["fonts"]["facts"]["fonts"]} == {"kit"}
    assert checks["port"]["facts"] == {"port": free_port, "free": True}
    assert "ti (draft)" in checks["languages"]["found"] and checks["languages"]["found"].startswith("en,")
    assert list(private_sessions.iterdir()) == []  # the write probe leaves nothing behind


def test_the_text_report_says_ok_or_problem_on_each_line(
    private_sessions: Path, free_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["doctor"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ok      version    codesign-kit 0.1.0")
    assert lines[1] == f"ok      sessions   {private_sessions} (KIT_SESSIONS): writable, private to you"
    assert any(line.startswith("ok      fonts      7 Noto fonts from the kit") for line in lines)


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.EROFS, "read-only disk (a USB stick with its lock switch on"),
        (errno.EACCES, "your account may not write there"),
    ],
)
def test_a_sessions_folder_that_cannot_be_written_is_named_with_the_fix(
    private_sessions: Path, free_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    code: int, said: str,
) -> None:  # fmt: skip
    _refuse_writes_in(monkeypatch, private_sessions, code)
    status, checks = _doctor(capsys)
    sessions = checks["sessions"]
    assert status == 1 and not sessions["ok"] and sessions["found"].endswith("not writable")
    assert said in sessions["fix"] and "--sessions DIR or KIT_SESSIONS" in sessions["fix"]


@pytest.mark.parametrize(
    ("code", "said"), [(errno.EROFS, "{} is on a read-only disk"), (errno.EACCES, "permission denied for {}")]
)
@pytest.mark.parametrize("command", [["demo"], ["new", "--title", "Week one", "--activity", "check-in"]])
def test_other_commands_say_one_line_about_a_sessions_folder_they_cannot_write(
    private_sessions: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    code: int, said: str, command: list[str],
) -> None:  # fmt: skip
    _refuse_writes_in(monkeypatch, private_sessions, code)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said.format(private_sessions) in err and "Nothing was changed" in err
    assert list(private_sessions.iterdir()) == []


def test_a_sessions_folder_others_can_read_is_a_problem(
    sessions: Path, free_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    sessions.chmod(0o755)
    _, checks = _doctor(capsys)
    assert not checks["sessions"]["ok"] and f"chmod 700 '{sessions}'" in checks["sessions"]["fix"]


def test_a_sessions_folder_not_made_yet_is_fine(
    tmp_path: Path, free_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    _, checks = _doctor(capsys, "--sessions", str(tmp_path / "Zoë Ní Bhriain" / "sessions"))
    assert checks["sessions"]["ok"] and "will be made" in checks["sessions"]["found"]
    assert not (tmp_path / "Zoë Ní Bhriain").exists()


@pytest.fixture
def damaged_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "my fonts"
    folder.mkdir()
    bad = folder / "NotoSansArabic-Bold.ttf"
    bad.write_bytes((fonts.BUNDLED / bad.name).read_bytes()[:4000])
    monkeypatch.setenv(fonts.FONT_ENV, str(folder))
    theme.register_fonts.cache_clear()
    yield bad
    theme.register_fonts.cache_clear()


def test_a_damaged_font_is_named_by_doctor_and_in_one_line_by_the_printing_commands(
    private_sessions: Path, demo_session: Path, damaged_font: Path, free_port: int, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    status, checks = _doctor(capsys)
    assert status == 1 and checks["fonts"]["found"] == "1 of 7 fonts cannot be used"
    assert f"{damaged_font} is damaged" in checks["fonts"]["fix"] and "unset KIT_FONTS" in checks["fonts"]["fix"]
    bad = [f for f in checks["fonts"]["facts"]["fonts"] if not f["ok"]]
    assert bad == [
        {"file": damaged_font.name, "script": "arabic", "bold": True, "path": str(damaged_font),
         "origin": "KIT_FONTS", "ok": False}
    ]  # fmt: skip
    assert main(["sheets", "demo", "--copies", "1", "--language", "ar", "-o", str(tmp_path / "s.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{damaged_font} is damaged" in err
    assert not (tmp_path / "s.pdf").exists()


def test_a_port_in_use_is_named_with_another_to_use(
    private_sessions: Path, free_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as other_program:
        other_program.bind(("0.0.0.0", free_port))
        other_program.listen()
        status, checks = _doctor(capsys)
    port = checks["port"]
    assert status == 1 and port["found"] == f"port {free_port} is in use"
    assert f"--port {free_port + 1}" in port["fix"] and port["facts"] == {"port": free_port, "free": False}


def test_no_network_says_how_phones_can_reach_the_laptop(
    private_sessions: Path, free_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(doctor, "lan_address", lambda: "127.0.0.1")
    _, checks = _doctor(capsys)
    assert not checks["network"]["ok"] and "hotspot" in checks["network"]["fix"]
    monkeypatch.setattr(doctor, "lan_address", lambda: "192.168.1.20")
    _, checks = _doctor(capsys)
    assert checks["network"]["ok"] and checks["network"]["facts"]["url"] == f"http://192.168.1.20:{free_port}"
