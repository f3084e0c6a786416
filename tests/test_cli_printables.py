"""The cards, brief and sheets commands: files written, one-line errors, the default feedback address."""

from __future__ import annotations

from pathlib import Path

import pytest
from printables_helpers import make_session, pdf_pages

from kit.cli import main
from kit.cli import printables as cli_printables
from kit.store import load_session


def test_cards_brief_and_sheets_commands_write_pdfs(
    sessions: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = make_session(sessions)
    assert main(["cards", path.stem, "-o", str(tmp_path / "c.pdf")]) == 0
    assert main(["cards", "-o", str(tmp_path / "all.pdf"), "--large-print", "--paper", "letter"]) == 0
    assert main(["brief", path.stem, "--language", "ti", "-o", str(tmp_path / "b.pdf")]) == 0
    assert (
        main(
            ["sheets", path.stem, "--copies", "2", "--base-url", "http://10.1.2.3:8765/", "-o", str(tmp_path / "s.pdf")]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Wrote 8 activity card(s)" in out and "http://10.1.2.3:8765/f/..." in out
    assert "typed at http://10.1.2.3:8765/" in out
    assert len(pdf_pages(tmp_path / "s.pdf")) == 4  # each copy padded to an even number of pages
    one_sided = ["sheets", path.stem, "--copies", "2", "--no-duplex", "-o", str(tmp_path / "s1.pdf")]
    assert main([*one_sided, "--base-url", "http://10.1.2.3:8765"]) == 0
    assert len(pdf_pages(tmp_path / "s1.pdf")) == 2
    assert len(load_session(path).tickets) == 4
    assert all((tmp_path / name).read_bytes().startswith(b"%PDF-") for name in ("c.pdf", "all.pdf", "b.pdf", "s.pdf"))


def test_errors_are_one_line_and_nothing_is_overwritten(
    sessions: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = make_session(sessions)
    notes = tmp_path / "notes.pdf"
    notes.write_text("not a pdf")
    assert main(["sheets", path.stem, "--copies", "2", "-o", str(notes)]) == 1
    assert main(["brief", "no-such-session", "-o", str(tmp_path / "b.pdf")]) == 1
    assert main(["sheets", path.stem, "--copies", "1", "--language", "zz", "-o", str(tmp_path / "s.pdf")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("codesign-kit: ") for line in err)
    assert notes.read_text() == "not a pdf"
    assert load_session(path).tickets == []


@pytest.mark.parametrize("argv", [["--copies", "0"], ["--copies", "2", "--base-url", "ftp://x"], ["--copies", "x"]])
def test_bad_options_exit_with_usage_error(sessions: Path, tmp_path: Path, argv: list[str]) -> None:
    path = make_session(sessions)
    with pytest.raises(SystemExit) as exit_info:
        main(["sheets", path.stem, *argv, "-o", str(tmp_path / "s.pdf")])
    assert exit_info.value.code == 2


def test_default_base_url_uses_this_machine_and_port_8765() -> None:
    url = cli_printables.default_base_url()
    assert url.startswith("http://") and url.endswith(":8765")


def test_lan_address_falls_back_to_loopback_without_a_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> socket.socket:
        raise OSError("network unreachable")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "gethostbyname", lambda name: "127.0.1.1")
    assert cli_printables.lan_address() == "127.0.0.1"
