"""Print jobs shared by the CLI and the app: what to print for a session, where, and the feedback page's address.

Reportlab is imported only when a document is written, so the CLI and the app start fast.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

from kit.errors import InputError
from kit.model import FEEDBACK_PORT
from kit.places import output_folder
from kit.store.files import private_folder

DEFAULT_PORT = FEEDBACK_PORT
PROBE_ADDRESS = ("10.255.255.255", 1)  # a private address: connecting a UDP socket sends nothing
PRINTOUTS = "printouts"
MAX_COPIES = 500


def lan_address() -> str:
    """This machine's address on the local network, found without sending anything; else 127.0.0.1."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(PROBE_ADDRESS)
            address = probe.getsockname()[0]
            if address and not address.startswith("127.") and address != "0.0.0.0":
                return address
    except OSError:
        pass
    try:
        address = socket.gethostbyname(socket.gethostname())
        if not address.startswith("127."):
            return address
    except OSError:
        pass
    return "127.0.0.1"


def default_base_url() -> str:
    """The feedback page's address as phones on the same network will reach it."""
    return f"http://{lan_address()}:{DEFAULT_PORT}"


def check_base_url(value: str) -> str:
    """The feedback page's address without a trailing slash, or InputError saying what it should look like."""
    value = value.strip()
    if not value.startswith(("http://", "https://")) or any(c.isspace() for c in value) or len(value) > 200:
        raise InputError(f"The base URL should look like http://192.168.1.20:{FEEDBACK_PORT}, not '{value}'.")
    return value.rstrip("/")


def check_copies(value: int) -> int:
    """The number of sheets, or InputError when it is not from 1 to MAX_COPIES."""
    if not 1 <= value <= MAX_COPIES:
        raise InputError(f"Copies should be a whole number from 1 to {MAX_COPIES}, not {value}.")
    return value


def printouts_folder(sessions: Path) -> Path:
    """Where the app puts PDFs by default: 'printouts' beside the sessions folder (kit.places), not inside it."""
    return output_folder(sessions, PRINTOUTS)


def prepare_folder(folder: Path, sessions: Path) -> Path:
    """Create the output folder if missing; refuse the sessions folder (it holds session files only)."""
    folder = folder.expanduser().resolve()
    inside = sessions.resolve()
    if folder == inside or inside in folder.parents:
        raise InputError(
            f"{folder} is inside the sessions folder, which must hold session files only. Choose another folder."
        )
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder. Choose a folder for the PDFs.")
    try:
        private_folder(folder)
    except OSError as exc:
        message = f"Could not create the folder {folder} ({exc.strerror}). Choose a folder you can write to."
        raise InputError(message) from None
    return folder


SLUG_LENGTH = 32


def title_slug(title: str, limit: int = SLUG_LENGTH) -> str:
    """A short file-name form of a title in plain Latin letters ('Week 1: Turning 18!' -> 'week-1-turning-18'),
    cut at a word; '' when nothing is left."""
    from anyascii import anyascii

    words = re.findall(r"[a-z0-9]+", anyascii(title).lower())
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > limit:
            return slug or word[:limit]
        slug = longer
    return slug


def printout_stem(session_id: str, title: str, kind: str) -> str:
    """A printout's name without .pdf: the title's slug (else the session id) and what it is, e.g. 'week-1-brief'."""
    return f"{title_slug(title) or session_id}-{kind}"


def free_name(folder: Path, stem: str) -> Path:
    """`<stem>.pdf` in folder, or `<stem>-2.pdf`, `<stem>-3.pdf` ... if taken: never a file that exists."""
    candidate = folder / f"{stem}.pdf"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}.pdf"
        counter += 1
    return candidate


def print_cards(session_file: Path | None, out: Path, *, large_print: bool = False, paper: str = "a4") -> int:
    """Write the cards of the session's plan (or of the whole library when None); returns how many activities."""
    return len(print_card_set(session_file, out, large_print=large_print, paper=paper))


def print_card_set(
    session_file: Path | None, out: Path, *, large_print: bool = False, paper: str = "a4"
) -> dict[str, int]:
    """Write the cards of the session's plan (or the whole library); returns each activity's number of cards."""
    from kit.library import get_activity, load_library
    from kit.printables.cards import write_cards
    from kit.store import load_session

    if session_file is not None:
        log = load_session(session_file)
        activities = [get_activity(a) for a in log.session.activities]
        if not activities:
            raise InputError("This session has no planned activities yet; add some to its plan first.")
    else:
        activities = list(load_library().values())
    cards = write_cards(activities, out, large_print=large_print, paper=paper)
    return {card.activity.id: card.count for card in cards}
