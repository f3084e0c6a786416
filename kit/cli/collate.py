"""CLI command for coordinators: collate session logs from many laptops, print the picture, export."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import InputError

if TYPE_CHECKING:
    from kit.collate import Collation, Summary

EXPORTS = ("csv", "feedback_csv", "json", "report", "qdpx")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the collate command to the parser."""
    p = sub.add_parser(
        "collate",
        help="merge session logs from many laptops, print a summary and export it",
        description=(
            "Merge session files, collation exports (--json) and folders of them (searched recursively) by "
            "session and output id, print a summary and write the exports asked for. Damaged or foreign files "
            "are reported and skipped."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="session files, collation exports (--json) or folders")
    p.add_argument("--csv", metavar="FILE", help="one row per output, for spreadsheets (UTF-8 with BOM)")
    p.add_argument(
        "--feedback-csv",
        metavar="FILE",
        help="one row per answered item of each returned feedback sheet, with the sheet's (scrubbed) comment",
    )
    p.add_argument("--json", metavar="FILE", help="the merged data, one object per session")
    p.add_argument("--report", metavar="FILE.pdf", help="a PDF summary with charts for managers and funders")
    p.add_argument("--qdpx", metavar="FILE", help="a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA")
    p.add_argument(
        "--raw",
        action="store_true",
        help="CSV cells exactly as typed, even those a spreadsheet would run as a formula (=, +, -, @)",
    )
    p.add_argument("--overwrite", action="store_true", help="replace export files that already exist")
    p.add_argument("--include-demo", action="store_true", help="count the demo session too (left out by default)")
    p.add_argument("--quiet", action="store_true", help="do not print the summary")
    p.set_defaults(handler=cmd_collate)


def cmd_collate(args: argparse.Namespace) -> int:
    from kit.cli import one_line
    from kit.collate import collate, gc_paused, summarise

    targets = {kind: Path(getattr(args, kind)) for kind in EXPORTS if getattr(args, kind)}
    _check_targets(targets, args.overwrite)
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.exists():
            raise InputError(f"There is no file or folder {path}; check the path. Nothing was collated or written.")
    with gc_paused(freeze=True):  # a short-lived command: see gc_paused
        collation = collate(paths, include_demo=args.include_demo)
        for problem in collation.problems:
            print(f"skipped: {one_line(problem)}", file=sys.stderr)
        for note in collation.notes:
            print(f"note: {one_line(note)}", file=sys.stderr)
        for conflict in collation.conflicts:
            print(f"conflict: {one_line(conflict.describe())}", file=sys.stderr)
        empty = [p for p in collation.empty if p.is_dir()]
        if empty:
            raise InputError(
                f"{', '.join(map(str, empty))}: no session file or collation export to collate there; "
                "give the folders or files that hold them. Nothing was written."
            )
        if not collation.merged:
            raise InputError(
                "Nothing to collate: every file given was skipped (the lines above say why). Nothing was written."
            )
        summary = summarise(collation)
        if not args.quiet:
            print(format_summary(summary, collation.files))
        if "csv" in targets or "feedback_csv" in targets:
            _warn_csv(collation, args.raw)
        for kind, target in targets.items():
            _export(kind, collation, target, raw=args.raw)
            print(f"wrote {target}")
    return 0


def _check_targets(targets: dict[str, Path], overwrite: bool) -> None:
    """Check every export target before the (slow) collation, so a typo costs nothing."""
    from kit.collate.exports import check_target

    if len(set(targets.values())) < len(targets):
        raise InputError("Two exports were given the same file name; give each its own.")
    for kind, target in targets.items():
        check_target(target, overwrite)
        if kind == "report" and target.suffix.lower() != ".pdf":
            raise InputError(f"The report is a PDF; name it with .pdf, for example {target.with_suffix('.pdf')}.")


def _warn_csv(collation: Collation, raw: bool) -> None:
    """Say what a spreadsheet may do with the CSV: run formulas (--raw) or read old ids as numbers."""
    from kit.collate.exports import looks_like_number

    if raw:
        print(
            "warning: --raw keeps cells starting with =, +, -, @ as typed; a spreadsheet may run them as "
            "formulas. Open the CSV with formulas off, or leave out --raw.",
            file=sys.stderr,
        )
    numeric = sum(looks_like_number(o) for m in collation.merged.values() for o in m.outputs)
    if numeric:
        print(
            f"warning: {numeric} output id{'s' if numeric > 1 else ''} from older kits look like numbers to "
            "spreadsheets; import the output column as text to keep them exact.",
            file=sys.stderr,
        )


def _export(kind: str, collation: Collation, target: Path, *, raw: bool = False) -> None:
    from kit.collate import exports as collate_export

    if kind == "csv":
        collate_export.write_csv(collation, target, raw=raw)
    elif kind == "feedback_csv":
        collate_export.write_feedback_csv(collation, target, raw=raw)
    elif kind == "report":
        from kit.printables.report import write_report

        write_report(collation, target, on_warning=lambda line: print(f"note: {line}", file=sys.stderr))
    else:
        getattr(collate_export, f"write_{kind}")(collation, target)


def format_summary(summary: Summary, files: int) -> str:
    """The printed summary: counts, shares and feedback answers per principle."""
    from kit.collate import NO_RESPONSE
    from kit.collate.exports import principle_label, theme_names
    from kit.model import ANSWERS, STATUSES

    s = summary
    lines = [
        f"{s.sessions} session{'' if s.sessions == 1 else 's'} from {files} file{'' if files == 1 else 's'}, "
        f"{s.outputs} output{'' if s.outputs == 1 else 's'} ({s.withdrawn} withdrawn and left out)",
        f"with a 'what happened': {s.responded} ({s.share(s.responded):.0%}); "
        f"marked for feedback: {s.on_sheet} ({s.share(s.on_sheet):.0%}); feedback sheets returned: {s.feedback_sheets}",
        "",
        "Outputs by principle, and young people's answers to 'did we hear you right?'",
        f"  {'':<42}{'outputs':>8}  {'  '.join(f'{a:>6}' for a in ANSWERS)}",
    ]
    for article, count in s.by_principle.items():
        answers = s.feedback_by_principle.get(article, {})
        cells = "  ".join(f"{answers.get(a, 0):>6}" for a in ANSWERS)
        lines.append(f"  {principle_label(article):<42}{count:>8}  {cells}")
    lines += ["", "Outputs by theme"]
    names = theme_names()
    if not s.by_theme:
        lines.append("  (no themes tagged)")
    for theme, count in s.by_theme.items():
        lines.append(f"  {names.get(theme, theme):<42}{count:>8}")
    lines += ["", "What happened"]
    for status, count in s.by_status.items():
        label = "No 'what happened' yet" if status == NO_RESPONSE else STATUSES.get(status, status)
        lines.append(f"  {label:<42}{count:>8}")
    return "\n".join(lines)
