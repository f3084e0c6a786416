"""CLI commands for printables: cards, brief, sheets (PDF, A4 or letter, fonts embedded)."""

from __future__ import annotations

import argparse
import socket
from pathlib import Path

from kit.errors import InputError

DEFAULT_PORT = 8765
PROBE_ADDRESS = ("10.255.255.255", 1)  # a private address: connecting a UDP socket sends nothing


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


def _base_url(value: str) -> str:
    if not value.startswith(("http://", "https://")) or any(c.isspace() for c in value) or len(value) > 200:
        raise argparse.ArgumentTypeError(f"base URL should look like http://192.168.1.20:8765, not '{value}'")
    return value.rstrip("/")


def _copies(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 500:
        raise argparse.ArgumentTypeError(f"copies should be a whole number from 1 to 500, not '{value}'")
    return int(value)


def _languages() -> str:
    from kit.printables.i18n import available_languages

    return ", ".join(available_languages()) + " (default: en)"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size (default: a4)")


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("cards", help="print activity cards (the session's plan, or the whole library)")
    p.add_argument("session", nargs="?", metavar="SESSION", help="session id or file (default: every activity)")
    p.add_argument("--large-print", action="store_true", help="one card per A5 half page, larger type")
    _common(p)
    p.set_defaults(handler=cmd_cards)

    p = sub.add_parser("brief", help="print the interpreter brief of a session")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--language", metavar="CODE", help=f"language of the brief's headings: {_languages()}")
    _common(p)
    p.set_defaults(handler=cmd_brief)

    p = sub.add_parser("sheets", help="print feedback sheets, each with its own QR code and short code")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--copies", type=_copies, required=True, metavar="N", help="how many sheets (one per young person)")
    p.add_argument("--base-url", type=_base_url, metavar="URL", help="feedback page address (default: this machine)")
    p.add_argument("--language", metavar="CODE", help=f"language of the sheet's wording: {_languages()}")
    _common(p)
    p.set_defaults(handler=cmd_sheets)


def cmd_cards(args: argparse.Namespace) -> int:
    from kit.library import get_activity, load_library
    from kit.printables.cards import render_cards
    from kit.store import load_session, session_path, sessions_folder

    if args.session:
        log = load_session(session_path(sessions_folder(args.sessions), args.session))
        activities = [get_activity(a) for a in log.session.activities]
        if not activities:
            raise InputError("This session has no planned activities yet; add some, or leave out SESSION.")
    else:
        activities = list(load_library().values())
    out = render_cards(activities, Path(args.output), large_print=args.large_print, paper=args.paper)
    print(f"Wrote {len(activities)} activity card(s) to {out}.")
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from kit.printables.brief import render_brief
    from kit.store import session_path, sessions_folder

    path = session_path(sessions_folder(args.sessions), args.session)
    out = render_brief(path, Path(args.output), language=args.language, paper=args.paper)
    print(f"Wrote the interpreter brief to {out}.")
    return 0


def cmd_sheets(args: argparse.Namespace) -> int:
    from kit.printables.sheets import render_sheets
    from kit.store import session_path, sessions_folder

    path = session_path(sessions_folder(args.sessions), args.session)
    base_url = args.base_url or default_base_url()
    out = render_sheets(path, Path(args.output), args.copies, base_url, language=args.language, paper=args.paper)
    print(f"Wrote {args.copies} feedback sheet(s) to {out}; QR codes open {base_url}/f/...")
    return 0
