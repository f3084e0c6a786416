"""The one place that touches session files: a crash-safe TinyDB storage and a file lock.

TinyDB's stock JSONStorage rewrites a file in place, so a power cut mid-write can leave half a file.
`AtomicJSONStorage` writes a temporary file beside the real one, fsyncs it, renames it over the old
file and fsyncs the folder: a kill at any moment leaves either the old file or the new one.
How each step is done on Windows, macOS and Linux lives in `kit.store.files`.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from glob import escape as glob_escape
from pathlib import Path
from typing import IO

from tinydb.storages import Storage

from kit.errors import CorruptSession, InputError
from kit.store.files import lock_file, private_opener, replace_file, sync_file, sync_folder, unlock_file

SESSION_KIND = "codesign-kit session"
MAX_FILE_BYTES = 64 * 1024 * 1024
TEMP_SUFFIX = ".tmp"


EXPORT_KEY = "codesign_kit_export"  # the first key of a collation export (keys are sorted), holding its format
EXPORT_START = b'{"' + EXPORT_KEY.encode() + b'"'
MAX_EXPORT_BYTES = 1024 * 1024 * 1024


def read_session_json(path: Path, *, exports: bool = False) -> dict:
    """Parse a session file, raising CorruptSession (naming the file) for anything unreadable.

    With exports, a collation export (`collate --json`) is accepted too, and may be larger.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device (a link to /dev/zero) would block or never end
            raise CorruptSession(f"{path}: is not an ordinary file, so not a session log; it was left untouched.")
        with path.open("rb") as handle:
            limit = MAX_FILE_BYTES
            if exports and info.st_size > limit and handle.read(len(EXPORT_START)) == EXPORT_START:
                limit = MAX_EXPORT_BYTES
            handle.seek(0)
            if info.st_size > limit:  # refused by its size alone: a 2 GB file is never read into memory
                raise _too_large(path, exports, f"{info.st_size:,} bytes is too large", "it was not read")
            # Read what stat said (asking for `limit` bytes would allocate that much for every file), and
            # then whatever it grew by meanwhile, up to the limit.
            raw = handle.read(info.st_size + 1)
            if len(raw) > info.st_size:
                raw += handle.read(limit + 1 - len(raw))
        if len(raw) > limit:  # it grew while being read
            raise _too_large(path, exports, "grew too large while being read", "it was left untouched")
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise CorruptSession(f"{path}: is a folder, not a session file.") from None
    except OSError as exc:
        raise CorruptSession(f"{path}: cannot be read ({exc.strerror}). Check its permissions.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CorruptSession(
            f"{path}: is damaged or not a session log (not valid JSON). It was left untouched; "
            "restore it from a backup copy or move it out of the sessions folder."
        ) from None
    if exports and isinstance(data, dict) and EXPORT_KEY in data:
        return data
    if not isinstance(data, dict) or not _is_session(data):
        if exports:
            raise CorruptSession(
                f"{path}: is JSON but neither a codesign-kit session log nor a `collate --json` export; "
                "it was skipped. Move it out of the folders you collate."
            )
        raise CorruptSession(
            f"{path}: is not a codesign-kit session log. It was left untouched; move it out of the sessions folder."
        )
    return data


def _too_large(path: Path, exports: bool, happened: str, outcome: str) -> CorruptSession:
    """The one line for a file over the size limit: the limits, and (when collating) what to do."""
    if exports:
        what = f"a session log or a collation export (at most {MAX_FILE_BYTES // 2**20} MB, an export "
        what += f"{MAX_EXPORT_BYTES // 2**30} GB); {outcome}. Move it out of the folders you collate."
    else:
        what = f"a session log (at most {MAX_FILE_BYTES // 2**20} MB); {outcome}."
    return CorruptSession(f"{path}: {happened} for {what}")


def _is_session(data: dict) -> bool:
    meta = data.get("meta")
    if not isinstance(meta, dict):
        return False
    return any(isinstance(doc, dict) and doc.get("kind") == SESSION_KIND for doc in meta.values())


@contextmanager
def atomic_file(path: Path, mode: str = "wb", **kwargs: object) -> Iterator[IO]:
    """Write beside path, fsync and rename over it, so a crash leaves the old or the new file, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        # The new file replaces the old one, mode and all: a session file found wider becomes 0600 here.
        with open(tmp, mode, opener=private_opener, **kwargs) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            sync_file(handle)
        replace_file(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_atomic(path: Path, payload: bytes) -> None:
    """Write payload to path so that a crash leaves either the old or the new content."""
    with atomic_file(path) as handle:
        handle.write(payload)


class AtomicJSONStorage(Storage):
    """TinyDB storage that validates on read and replaces the file atomically on write."""

    def __init__(self, path: str | Path, create: bool = False) -> None:
        self.path = Path(path)
        self.create = create
        # What the last write put on disk and the file's stat just after it. Writes happen under the
        # session's lock, so this stat names exactly that content: a reader may keep both instead of
        # reading the file again.
        self.written: tuple[dict, os.stat_result] | None = None

    def read(self) -> dict | None:
        try:
            return read_session_json(self.path)
        except FileNotFoundError:
            if self.create:
                return None
            raise

    def write(self, data: dict) -> None:
        # No indent: with one, Python falls back to its pure-Python encoder, four times slower on every save.
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        if len(payload) > MAX_FILE_BYTES:  # it could never be read back: refuse, and keep the file as it was
            raise InputError(
                f"{self.path.name} would grow to {len(payload):,} bytes, more than a session log can hold "
                f"({MAX_FILE_BYTES:,}); nothing was saved. Start a new session for more outputs."
            )
        write_atomic(self.path, payload)
        self.written = (data, self.path.stat())

    def close(self) -> None:
        pass


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for path (on a hidden sidecar file) around a read-modify-write."""
    lock_path = path.with_name(f".{path.name}.lock")
    with open(lock_path, "a+b", opener=private_opener) as handle:
        lock_file(handle)
        try:
            # Writers hold this lock while they write, so a temporary file of path seen now was left by a
            # writer killed mid-write (kill -9, power cut): the real file is whole; remove the leftover.
            for stale in path.parent.glob(f".{glob_escape(path.name)}.*{TEMP_SUFFIX}"):
                stale.unlink(missing_ok=True)
            yield
        finally:
            unlock_file(handle)
