"""Commands for the young people's feedback: serve (the page behind the QR code) and feedback (paper sheets)."""

from __future__ import annotations

import argparse
import sys

from kit.cli import print_json, read_roster
from kit.model import ANSWERS


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(
            f"a port is a whole number from 1 to 65535 (usually 1024 or more), not '{value}'"
        )
    return int(value)


def _per_minute(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of requests of 1 or more, not '{value}'")
    return int(value)


def _answer(value: str) -> tuple[str, str]:
    item, sep, answer = value.partition("=")
    answer = answer.strip().lower()
    if not sep or not item.strip() or answer not in ANSWERS:
        raise argparse.ArgumentTypeError(f"write each answer as ITEM=yes, ITEM=partly or ITEM=no, not '{value}'")
    return item.strip(), answer


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    from kit.web.guard import RATE_LIMIT
    from kit.web.server import DEFAULT_HOST, DEFAULT_PORT

    p = sub.add_parser("serve", help="run the feedback page that the sheets' QR codes open")
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0 for phones on the local network)",
    )
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument(
        "--rate-limit",
        type=_per_minute,
        default=RATE_LIMIT,
        metavar="N",
        help=f"requests a minute allowed from one address (default {RATE_LIMIT})",
    )
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("feedback", help="type in a paper feedback sheet by its short code")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--code", required=True, help="the short code printed under the sheet's QR code")
    p.add_argument(
        "--answer",
        type=_answer,
        action="append",
        required=True,
        metavar="ITEM=yes|partly|no",
        help="the answer for one item, by its number on the sheet or its output id (repeat)",
    )
    p.add_argument("--comment", default="", metavar="TEXT", help="the young person's comment (scrubbed before saving)")
    p.add_argument("--roster-file", metavar="FILE", help="first names to remove, one a line (never saved)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_feedback)


def _warn(line: str) -> None:
    print(f"Warning: {line}", file=sys.stderr, flush=True)


def cmd_serve(args: argparse.Namespace) -> int:
    import asyncio

    from kit.store import sessions_folder
    from kit.web.server import is_loopback, make_server, page_urls, qr_text

    folder = sessions_folder(args.sessions)
    server, sock = make_server(folder, args.host, args.port, rate_limit=args.rate_limit, on_warning=_warn)
    if is_loopback(args.host):
        print(f"Feedback page running at http://{args.host}:{args.port}/ for this computer only.")
        print("To let phones on the local network open it, run again with --host 0.0.0.0.")
    else:
        urls = page_urls(args.host, args.port)
        if not urls:
            print(f"Feedback page running on port {args.port} of every network address of this computer.")
            print("Find this computer's address in its network settings and open http://ADDRESS:PORT/ on a phone.")
        for url in urls[:3]:
            print(f"Feedback page running on the local network at {url}")
            print("Scan this with a phone on the same network to check it opens:")
            print(qr_text(url))
        print("If phones cannot open it, check that this computer's firewall allows the port.")
    print(f"Sheets of sessions in {folder} work here. Press Ctrl+C to stop.", flush=True)
    try:
        asyncio.run(server.serve(sockets=[sock]))
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("Feedback page stopped.")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from kit.errors import InputError
    from kit.store import (
        find_ticket,
        format_code,
        load_session,
        normalise_code,
        record_paper_feedback,
        session_path,
        sessions_folder,
    )

    path = session_path(sessions_folder(args.sessions), args.session)
    answers = dict(args.answer)
    if len(answers) != len(args.answer):
        raise InputError("The same item was given more than one answer; give each item once.")
    record = record_paper_feedback(path, args.code, answers, args.comment, roster=read_roster(args.roster_file))
    if args.json:
        print_json(record.to_doc())
        return 0
    code = normalise_code(args.code)
    ticket = find_ticket(load_session(path), code=code)
    numbers = {item: n for n, item in enumerate(ticket.items if ticket else [], 1)}
    told = ", ".join(
        f"item {numbers.get(i, i)} {a}" for i, a in sorted(record.answers.items(), key=lambda x: numbers.get(x[0], 0))
    )
    print(f"Saved the answers of sheet {format_code(code)}: {told}.")
    if record.comment:
        print(f"Comment as stored: {record.comment}")
    return 0
