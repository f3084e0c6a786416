"""The `doctor` command: checks what this laptop needs to run a session, and says how to fix each problem."""

from __future__ import annotations

import argparse

from kit.cli import print_json


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "doctor",
        help="check this laptop: version, sessions folder, fonts, feedback port, network address, languages",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from kit.doctor import report_lines, run_checks

    checks = run_checks(args.sessions)
    if args.json:
        print_json({"ok": all(c.ok for c in checks), "checks": [c.as_dict() for c in checks]})
    else:
        print("\n".join(report_lines(checks)))
    return 0 if all(c.ok for c in checks) else 1
