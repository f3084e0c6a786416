"""Where Windows, macOS and Linux differ in handling files: replacing, locking, syncing and keeping them private.

Each operation has one small implementation per platform, chosen once when this module loads (from
`os.name` and `sys.platform`), so the rest of the kit calls one function and never branches on the
platform itself. Tests call the other platforms' implementations with fakes.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from kit.errors import KitError

__all__ = [
    "PRIVATE_FILE",
    "PRIVATE_FOLDER",
    "FileBusy",
    "is_private",
    "lock_file",
    "make_private",
    "private_folder",
    "private_opener",
    "replace_file",
    "sync_file",
    "sync_folder",
    "unlock_file",
]

PRIVATE_FILE = 0o600  # only the user who made it reads or writes a session file
PRIVATE_FOLDER = 0o700


class FileBusy(KitError):
    """A file could not be replaced because another program holds it open (Windows)."""


# --- replacing a file ------------------------------------------------------------------------------------

# On Windows a backup, sync or antivirus tool, or an editor, that has the target open makes os.replace
# fail with PermissionError for a moment: try again after these pauses (1.5 s in all) before giving up.
WINDOWS_REPLACE_WAITS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.45)


def replace_waits(os_name: str = os.name) -> Sequence[float]:
    """The pauses between tries of a replace: none where a PermissionError is final (POSIX)."""
    return WINDOWS_REPLACE_WAITS if os_name == "nt" else ()


def replace_file(
    source: Path | str,
    target: Path | str,
    *,
    waits: Sequence[float] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Rename source over target in one step; on Windows, retry briefly while another program holds target."""
    pauses = replace_waits() if waits is None else waits
    for pause in pauses:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            sleep(pause)
    try:
        os.replace(source, target)
    except PermissionError as exc:
        if not pauses:
            raise
        raise FileBusy(
            f"{target} could not be saved: another program has it open (a PDF viewer or an editor, or a backup, "
            f"sync or antivirus tool), or you may not write there. Close that program and try again; "
            f"{Path(target).name} was left as it was."
        ) from exc


# --- syncing to disk -------------------------------------------------------------------------------------


def _sync_file_fsync(handle: IO) -> None:
    os.fsync(handle.fileno())


def _sync_file_macos(handle: IO) -> None:
    # macOS's fsync leaves data in the drive's cache; F_FULLFSYNC asks the drive to write it out.
    import fcntl

    try:
        fcntl.fcntl(handle.fileno(), fcntl.F_FULLFSYNC)  # type: ignore[attr-defined]
    except OSError:  # a file system without it (some network shares): the plain fsync is the best there is
        os.fsync(handle.fileno())


def _sync_folder_posix(folder: Path) -> None:
    # A rename is only durable once the folder's entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems (network shares) cannot sync a folder; the file itself was synced
        pass
    finally:
        os.close(fd)


def _sync_folder_windows(folder: Path) -> None:
    # Folders cannot be opened for syncing on Windows; NTFS journals the rename itself.
    return None


# --- locking ---------------------------------------------------------------------------------------------


def _lock_posix(handle: IO) -> None:
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _unlock_posix(handle: IO) -> None:
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


WINDOWS_LOCK_TRIES = 6  # msvcrt's LK_LOCK itself tries for about 10 s: a minute in all


def _lock_windows(handle: IO) -> None:
    # msvcrt locks bytes from the current position, so always the first byte.
    import msvcrt

    for _ in range(WINDOWS_LOCK_TRIES):
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
            return
        except OSError:  # another writer held it for 10 s: keep waiting a while, as flock would
            continue
    raise FileBusy(
        f"{Path(handle.name).parent} is busy: another copy of the kit has been saving there for a minute. "
        "Close the other copy and try again; nothing was changed."
    )


def _unlock_windows(handle: IO) -> None:
    import msvcrt

    handle.seek(0)
    msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


# --- private files and folders ---------------------------------------------------------------------------


def private_folder(folder: Path) -> Path:
    """Create folder (and any missing parents) reachable by its owner only; a folder that exists is left as is."""
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)  # Windows ignores the mode
    return folder


def _private_opener_posix(path: str | os.PathLike[str], flags: int) -> int:
    fd = os.open(path, flags, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)  # the umask cannot widen it, and a file found wider is tightened
    return fd


def _private_opener_windows(path: str | os.PathLike[str], flags: int) -> int:
    # Windows has no group/other bits (a mode only sets read-only); the user's profile folders are private.
    return os.open(path, flags, PRIVATE_FILE)


def _make_private_posix(path: Path) -> None:
    os.chmod(path, PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE)


def _make_private_windows(path: Path) -> None:
    return None  # as _private_opener_windows: nothing to tighten


def _is_private_posix(path: Path) -> bool | None:
    return not (path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def _is_private_windows(path: Path) -> bool | None:
    return None  # not knowable from mode bits; see _private_opener_windows


def implementations(os_name: str, platform: str) -> dict[str, Callable]:
    """The implementation of each operation for a platform (os.name, sys.platform)."""
    windows = os_name == "nt"
    return {
        "sync_file": _sync_file_macos if platform == "darwin" else _sync_file_fsync,
        "sync_folder": _sync_folder_windows if windows else _sync_folder_posix,
        "lock_file": _lock_windows if windows else _lock_posix,
        "unlock_file": _unlock_windows if windows else _unlock_posix,
        "private_opener": _private_opener_windows if windows else _private_opener_posix,
        "make_private": _make_private_windows if windows else _make_private_posix,
        "is_private": _is_private_windows if windows else _is_private_posix,
    }


_CHOSEN = implementations(os.name, sys.platform)
sync_file: Callable[[IO], None] = _CHOSEN["sync_file"]
"""Flush a written file to the disk itself (F_FULLFSYNC on macOS, fsync elsewhere)."""
sync_folder: Callable[[Path], None] = _CHOSEN["sync_folder"]
"""Make a rename in a folder durable (a no-op on Windows)."""
lock_file: Callable[[IO], None] = _CHOSEN["lock_file"]
"""Wait for and take an exclusive lock on an open file (flock; msvcrt on Windows)."""
unlock_file: Callable[[IO], None] = _CHOSEN["unlock_file"]
"""Release a lock taken with lock_file."""
private_opener: Callable[[str | os.PathLike[str], int], int] = _CHOSEN["private_opener"]
"""An `opener` for open(): the file is created 0600, and one found wider is tightened (POSIX)."""
make_private: Callable[[Path], None] = _CHOSEN["make_private"]
"""Let only the user reach a file (0600) or folder (0700); Windows profile folders are private already."""
is_private: Callable[[Path], bool | None] = _CHOSEN["is_private"]
"""Whether only the user can reach path; None where mode bits cannot tell (Windows)."""
