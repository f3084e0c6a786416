"""The sessions folder follows the user: ./sessions in a checkout, the user's data folder once installed."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from kit import places
from kit.cli import main
from kit.tui.app import make_app


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The kit as pipx or uv installs it (no pyproject.toml beside the package); returns the user's data folder."""
    package = tmp_path / "venv" / "lib" / "site-packages" / "kit"
    package.mkdir(parents=True)
    monkeypatch.setattr(places, "PACKAGE", package)
    data = tmp_path / "home" / "Zoë Ní Bhriain" / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv(places.SESSIONS_ENV, raising=False)
    elsewhere = tmp_path / "Start menu folder"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return data / "codesign-kit" / "sessions"


def test_a_checkout_keeps_its_sessions_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(places.SESSIONS_ENV, raising=False)
    assert places.running_from_checkout()
    assert places.sessions_folder_choice() == (Path("sessions"), "the checkout's folder")


def test_an_installed_kit_keeps_sessions_in_the_users_data_folder(installed: Path) -> None:
    assert not places.running_from_checkout()
    assert places.sessions_folder_choice() == (installed, "your data folder")


def test_the_option_and_the_variable_still_win(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(places.SESSIONS_ENV, "/media/USB stick/sessions")
    assert places.sessions_folder_choice() == (Path("/media/USB stick/sessions"), "KIT_SESSIONS")
    assert places.sessions_folder_choice("elsewhere") == (Path("elsewhere"), "--sessions")


def test_installed_commands_use_and_print_the_data_folder_never_the_current_one(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 0
    assert str(installed / "demo.json") in capsys.readouterr().out
    assert (installed / "demo.json").is_file() and list(Path.cwd().iterdir()) == []
    assert main(["list"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"Sessions in {installed}:"
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "".join(str(installed).split()) in "".join(capsys.readouterr().out.split())  # argparse wraps lines


def test_the_installed_app_opens_on_the_data_folder(installed: Path) -> None:
    app = make_app(argparse.Namespace(sessions=None, open="demo"))
    assert app.sessions == installed


def test_settings_go_to_the_platforms_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(places.CONFIG_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "Zoë config"))
    assert places.config_folder() == tmp_path / "Zoë config" / "codesign-kit"


def test_printouts_and_exports_of_an_installed_kit_go_where_people_find_them(
    installed: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kit.collate.exports import exports_folder
    from kit.printables.jobs import printouts_folder

    documents = tmp_path / "home" / "Zoë Ní Bhriain" / "Documents"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    assert printouts_folder(installed) == documents / "codesign-kit" / "printouts"
    assert exports_folder(installed) == documents / "codesign-kit" / "exports"
    usb = tmp_path / "USB stick" / "sessions"
    assert printouts_folder(usb) == tmp_path / "USB stick" / "printouts"  # a folder the user chose: beside it
