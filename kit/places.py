"""Where the kit keeps its files on this computer: the sessions folder and the app's settings folder.

Run from a source checkout, sessions stay in `./sessions` as they always have. Installed (pipx, uv
tool), the default is the user's own data folder that the platform names (platformdirs), so the
app started from a shortcut never scatters session files in whatever folder happened to be current.
`--sessions DIR` and `KIT_SESSIONS` always win.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "APP_NAME",
    "CONFIG_ENV",
    "SESSIONS_ENV",
    "config_folder",
    "default_sessions_folder",
    "output_folder",
    "running_from_checkout",
    "sessions_folder_choice",
]

APP_NAME = "codesign-kit"
SESSIONS_ENV = "KIT_SESSIONS"
CONFIG_ENV = "KIT_CONFIG_DIR"
CHECKOUT_SESSIONS = Path("sessions")
PACKAGE = Path(__file__).resolve().parent


def running_from_checkout() -> bool:
    """Whether the kit runs from a source checkout (its pyproject.toml beside the package), not an install."""
    return (PACKAGE.parent / "pyproject.toml").is_file()


def default_sessions_folder() -> Path:
    """./sessions in a checkout; else the per-user data folder (…/codesign-kit/sessions)."""
    if running_from_checkout():
        return CHECKOUT_SESSIONS
    import platformdirs  # textual needs it too, so it is always installed

    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "sessions"


def sessions_folder_choice(option: str | None = None) -> tuple[Path, str]:
    """The sessions folder and what chose it: the --sessions option, KIT_SESSIONS, or the default."""
    if option:
        return Path(option).expanduser(), "--sessions"
    if os.environ.get(SESSIONS_ENV):
        return Path(os.environ[SESSIONS_ENV]).expanduser(), SESSIONS_ENV
    folder = default_sessions_folder()
    return folder, ("the checkout's folder" if folder == CHECKOUT_SESSIONS else "your data folder")


def output_folder(sessions: Path, name: str) -> Path:
    """Where the app puts files people open (printouts, exports): a folder `name` beside the sessions folder.

    When the sessions folder is the installed kit's default, that is hidden from the facilitator
    (AppData on Windows, Library on macOS): the files go to Documents/codesign-kit/`name` instead.
    """
    sessions = sessions.expanduser().resolve()
    if not running_from_checkout() and sessions == default_sessions_folder().resolve():
        import platformdirs

        return platformdirs.user_documents_path() / APP_NAME / name
    return sessions.parent / name


def config_folder() -> Path:
    """Where the app remembers its settings: KIT_CONFIG_DIR, else the platform's per-user config folder."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)
