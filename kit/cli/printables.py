"""CLI commands for printables: cards, brief, sheets (PDF, A4 or letter, fonts embedded)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.errors import InputError
from kit.printables.jobs import MAX_COPIES, check_base_url, default_base_url, lan_address

__all__ = ["default_base_url", "lan_address", "register"]


def _base_url(value: str) -> str:
    try:
        return check_base_url(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _copies(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_COPIES:
        raise argparse.ArgumentTypeError(f"copies should be a whole number from 1 to {MAX_COPIES}, not '{value}'")
    return int(value)


def _languages() -> str:
    from kit.i18n import available_languages

    return ", ".join(available_languages()) + " (default: en)"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size (default: a4)")


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("cards", help="print activity cards (the session's plan, or the whole library)")
    p.add_argument("session", nargs="?", metavar="SESSION", help="session id or file (default: every activity)")
    p.add_argument("--large-print", action="store_true", help="one card a page, body text 16 pt")
    _common(p)
    p.set_defaults(handler=cmd_cards)

    p = sub.add_parser("brief", help="print the interpreter brief of a session")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--language", metavar="CODE", help=f"language of the brief's headings: {_languages()}")
    _common(p)
    p.set_defaults(handler=cmd_brief)

    p = sub.add_parser("agenda", help="print the facilitator's agenda: clock times, steps, materials, safety notes")
    p.add_argument("session", metavar="SESSION")
    _common(p)
    p.set_defaults(handler=cmd_agenda)

    p = sub.add_parser("sheets", help="print feedback sheets, each with its own QR code and short code")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--copies", type=_copies, required=True, metavar="N", help="how many sheets (one per young person)")
    p.add_argument("--base-url", type=_base_url, metavar="URL", help="feedback page address (default: this machine)")
    p.add_argument("--language", metavar="CODE", help=f"language of the sheet's wording: {_languages()}")
    p.add_argument(
        "--no-duplex", action="store_true", help="do not pad each copy to an even number of pages (one-sided printing)"
    )
    _common(p)
    p.set_defaults(handler=cmd_sheets)


def cmd_cards(args: argparse.Namespace) -> int:
    from kit.printables.jobs import print_card_set
    from kit.store import session_path, sessions_folder

    path = session_path(sessions_folder(args.sessions), args.session) if args.session else None
    counts = print_card_set(path, Path(args.output), large_print=args.large_print, paper=args.paper)
    print(f"Wrote {len(counts)} activity card(s) to {args.output}; print double-sided, flipping on the long edge.")
    longer = [f"{activity} ({count} cards)" for activity, count in counts.items() if count > 1]
    if longer:
        print(f"note: too long for one card, so marked 1/2, 2/2: {', '.join(longer)}.", file=sys.stderr)
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from kit.printables.brief import render_brief
    from kit.store import session_path, sessions_folder

    path = session_path(sessions_folder(args.sessions), args.session)
    out = render_brief(path, Path(args.output), language=args.language, paper=args.paper)
    print(f"Wrote the interpreter brief to {out}.")
    return 0


def _say_missing(items: list, language: str) -> None:
    """On the terminal: which items have no words in the sheet's language (printed in English, marked)."""
    import sys

    names = {"sheet_text": "what was said", "what_happened": "what happened"}
    listed = "; ".join(f"item {i.number} ({', '.join(names[f] for f in i.missing)})" for i in items)
    print(
        f"warning: not yet in '{language}': {listed}. Those items are printed in English and marked on the sheet; "
        f"add the words with 'codesign-kit translations SESSION --language {language} -o FILE.csv' "
        "or 'edit --sheet-text' / 'respond --language'.",
        file=sys.stderr,
    )


def cmd_sheets(args: argparse.Namespace) -> int:
    from kit.printables.sheets import render_sheets
    from kit.store import session_path, sessions_folder

    path = session_path(sessions_folder(args.sessions), args.session)
    base_url = args.base_url or default_base_url()
    out = render_sheets(
        path,
        Path(args.output),
        args.copies,
        base_url,
        language=args.language,
        paper=args.paper,
        duplex=not args.no_duplex,
        on_missing=lambda items: _say_missing(items, args.language or "en"),
    )
    print(
        f"Wrote {args.copies} feedback sheet(s) to {out}; QR codes open {base_url}/f/...; "
        f"codes are typed at {base_url}/"
    )
    return 0


def cmd_agenda(args: argparse.Namespace) -> int:
    from kit.printables.agenda import render_agenda
    from kit.store import session_path, sessions_folder

    path = session_path(sessions_folder(args.sessions), args.session)
    out = render_agenda(path, Path(args.output), paper=args.paper)
    print(f"Wrote the agenda to {out}.")
    return 0
