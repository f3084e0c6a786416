"""The command line: `codesign-kit` and `python -m kit`; a thin shell over the core functions."""

from __future__ import annotations

import argparse
import codecs
import errno
import importlib
import io
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from kit.errors import InputError, KitError
from kit.places import SESSIONS_ENV, default_sessions_folder

PROG = "codesign-kit"
MAX_ROSTER_BYTES = 64 * 1024
STOPPED = "stopped (Ctrl+C). Nothing is half-written: each file is saved whole or not at all."
MAX_CAPTURE_FILE_BYTES = 2 * 1024 * 1024

# Modules that add their own commands: each has `register(subparsers)`.
COMMAND_MODULES: list[str] = [
    "kit.cli.session",
    "kit.cli.collate",
    "kit.cli.web",
    "kit.cli.printables",
    "kit.cli.doctor",
    "kit.cli.languages",
]


def one_line(message: object) -> str:
    """A message made safe to print as one line: line breaks and terminal control codes shown escaped."""
    text = str(message)
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in text
    )


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one plain line that says what to do next."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{PROG}: {one_line(message).rstrip('.')}. Run '{self.prog} --help' to see the options.\n")


def print_json(value: object) -> None:
    """Print a JSON document the same way for every command (UTF-8, stable keys)."""
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


def read_roster(path: str | None) -> list[str]:
    """Read a roster file (one person a line or separated by commas; spellings joined by /); memory only."""
    if not path:
        return []
    # Imported here: the scrubber and its name lists are not needed to start the app (bench/startup.py).
    from kit.scrub.roster import parse_roster

    # The same rules as the app's Roster screen: "Amira, Yonas" is two people, "Amira / أميرة" one person.
    return parse_roster(read_text_file(path, "roster file", MAX_ROSTER_BYTES))


def read_text_file(path: str, what: str, limit: int) -> str:
    """Read a small UTF-8 text file given on the command line, with errors a user can act on."""
    file = Path(path)
    try:
        size = file.stat().st_size
        with file.open("rb") as handle:
            data = handle.read(limit + 1)  # never more: a pipe or a device such as /dev/zero has no size
        if max(size, len(data)) > limit:
            shown = f"{size:,} bytes" if size > limit else f"more than {limit:,} bytes"
            raise InputError(f"The {what} {path} is {shown}; the limit is {limit:,}. Split it into smaller files.")
        return data.decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"The {what} {path} does not exist. Check the path.") from None
    except IsADirectoryError:
        raise InputError(f"The {what} {path} is a folder; give a text file.") from None
    except UnicodeDecodeError:
        raise InputError(f"The {what} {path} is not UTF-8 text. Save it as UTF-8 and try again.") from None
    except OSError as exc:
        raise InputError(f"The {what} {path} cannot be read ({exc.strerror}).") from None


def build_parser() -> tuple[Parser, Callable[[argparse.Namespace], int]]:
    """The full parser, with every command module's subcommands registered."""
    parser = Parser(
        prog=PROG,
        description="Plan, run, capture and feed back youth co-design workshops. With no command, opens the app.",
    )
    add_app_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser, _open_app


def add_app_options(parser: argparse.ArgumentParser) -> None:
    """The options that come before any command (and are all the app needs)."""
    parser.add_argument(
        "--sessions",
        metavar="DIR",
        help=f"sessions folder (default: ${SESSIONS_ENV}, else {default_sessions_folder()})",
    )
    parser.add_argument("--open", metavar="SESSION", help="with no command: open the app with this session selected")


def app_only_args(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """With no command, the app's options, parsed without loading every command module (faster start)."""
    parser = Parser(prog=PROG, add_help=False)
    add_app_options(parser)
    args, rest = parser.parse_known_args(argv)
    return None if rest else args


def _open_app(args: argparse.Namespace) -> int:
    """With no command: open the facilitator's app if it is installed, else print help."""
    try:
        app_module = importlib.import_module("kit.tui.app")
    except ModuleNotFoundError:
        build_parser()[0].print_help()
        return 0
    return app_module.run(args)


def os_error_message(exc: OSError) -> str:
    """One line for a failed file operation, naming the file the user chose, not a hidden temporary one."""
    where = Path(exc.filename) if exc.filename else None
    if where is not None and where.name.startswith(".") and where.suffix in (".tmp", ".lock"):
        where = where.parent  # the kit's own temporary or lock file: the folder is what the user can act on
    shown = one_line(where if where is not None else "no file")
    if isinstance(exc, PermissionError):
        return f"permission denied for {shown}. Choose a folder you can write to. Nothing was changed."
    if exc.errno == errno.EROFS:
        return f"{shown} is on a read-only disk. Choose a folder you can write to. Nothing was changed."
    if exc.errno == errno.ENOSPC:
        disk = f"the disk holding {shown}" if where is not None else "the disk"
        return f"{disk} is full. Free some space and try again. Nothing was changed."
    return f"{exc.strerror or one_line(exc)} ({shown}). Nothing was changed."


def utf8_output(streams: Sequence[object] | None = None) -> None:
    """Let every script print, whatever the platform's default encoding.

    On Windows a pipe or a file gets the ANSI code page (cp1252), which has no Tigrinya or Arabic: print
    would fail. Output that is not a terminal is made UTF-8; a terminal that cannot show a character
    gets an escape for it instead of an error.
    """
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not isinstance(stream, io.TextIOWrapper) or not encoding or codecs.lookup(encoding).name == "utf-8":
            continue
        if stream.isatty():
            stream.reconfigure(errors="backslashreplace")
        else:
            stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return the process exit code; no traceback reaches the user."""
    utf8_output()
    quick = app_only_args(argv)
    handler: Callable[[argparse.Namespace], int | None]
    if quick is not None:
        args, handler = quick, _open_app
    else:
        parser, default = build_parser()
        args = parser.parse_args(argv)
        handler = getattr(args, "handler", default)
    try:
        return handler(args) or 0
    except KitError as exc:
        print(f"{PROG}: {one_line(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (`codesign-kit show ... | head`): stop quietly, like cat
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:
        print(f"{PROG}: {os_error_message(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: {STOPPED}", file=sys.stderr)
        return 130
