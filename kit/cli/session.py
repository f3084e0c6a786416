"""CLI commands for the library and the session log: activities, new, capture, respond, show, list, demo."""

from __future__ import annotations

import argparse

from kit.cli import MAX_CAPTURE_FILE_BYTES, one_line, print_json, read_roster, read_text_file
from kit.errors import InputError
from kit.library import LUNDY
from kit.model import ANSWERS, SOURCE_LANGUAGE, STATUSES, Block
from kit.plan import parse_clock, parse_minutes
from kit.vocab import ARTICLES, language_code, load_languages


def _principle(value: str) -> int:
    if not value.isdigit() or int(value) not in ARTICLES:
        raise argparse.ArgumentTypeError(f"principle should be one of {', '.join(map(str, ARTICLES))}, not '{value}'")
    return int(value)


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not '{value}'")
    return int(value)


class PlanBlocks(argparse.Action):
    """Collect --activity and --break into one list in the order they were given (the plan's order)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        blocks = list(getattr(namespace, self.dest, None) or [])
        blocks.append(values)
        setattr(namespace, self.dest, blocks)


def _activity_block(value: str) -> Block:
    """--activity ID[:MINUTES]: a planned activity, with its minutes changed if given."""
    activity, colon, minutes = value.partition(":")
    try:
        block = Block(
            "activity", activity.strip(), parse_minutes(minutes, f"Activity '{activity[:30]}'") if colon else None
        )
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return block


def _break_block(value: str) -> Block:
    """--break MINUTES[:TITLE]: a break between activities, with its own title if given."""
    minutes, _, title = value.partition(":")
    try:
        return Block("break", minutes=parse_minutes(minutes, "A break"), title=title.strip())
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _language(value: str) -> str:
    try:
        return language_code(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _start(value: str) -> str:
    try:
        return parse_clock(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("activities", help="list the activity library")
    p.add_argument("--principle", type=_principle, metavar="N", help="only activities for article N (2, 3, 6, 12)")
    p.add_argument(
        "--lundy",
        choices=LUNDY,
        metavar="ELEMENT",
        help=f"only activities that serve this part of the Lundy model ({', '.join(LUNDY)})",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_activities)

    p = sub.add_parser("new", help="create a session and print its id")
    p.add_argument("--title", required=True)
    p.add_argument(
        "--activity",
        action=PlanBlocks,
        type=_activity_block,
        dest="blocks",
        metavar="ID[:MINUTES]",
        help="planned activity, in order, with its minutes if changed (repeat)",
    )
    p.add_argument(
        "--break",
        action=PlanBlocks,
        type=_break_block,
        dest="blocks",
        metavar="MINUTES[:TITLE]",
        help="a break where it is given among the activities (repeat)",
    )
    p.add_argument("--start", type=_start, default="", metavar="HH:MM", help="start time, for clock times")
    p.add_argument(
        "--language",
        type=_language,
        action="append",
        default=[],
        metavar="CODE",
        help=f"a language in the room, by code or name (repeat): {', '.join(load_languages())}",
    )
    p.add_argument("--group-size", type=_count, metavar="N", help="how many young people (a count, no names)")
    p.add_argument("--facilitator", default="", metavar="ALIAS", help="facilitator alias (not a full name)")
    p.add_argument("--date", metavar="DD/MM/YYYY", help="session date, or YYYY-MM-DD (default: today)")
    p.add_argument("--minutes", type=_count, metavar="N", help="planned length in minutes")
    p.add_argument("--interpreter", action="store_true", help="an interpreter will be present")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("capture", help="log what the group said (scrubbed before saving)")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--activity", required=True, metavar="ID")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", metavar="TEXT")
    source.add_argument("--from-file", metavar="FILE", help="one output per non-blank line")
    p.add_argument("--principle", type=_principle, action="append", default=[], metavar="N")
    p.add_argument("--theme", action="append", default=[], metavar="T")
    p.add_argument("--step", type=_count, metavar="N", help="step number within the activity")
    p.add_argument("--roster-file", metavar="FILE", help="first names to remove, one a line (never saved)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_capture)

    p = sub.add_parser("edit", help="correct an output's text or tags, or set its words for the sheet")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("output", metavar="OUTPUT_ID")
    p.add_argument("--text", metavar="T", help="the corrected text (scrubbed again)")
    p.add_argument("--principle", type=_principle, action="append", metavar="N", help="principle (repeat; replaces)")
    p.add_argument("--theme", action="append", metavar="T", help="theme (repeat; replaces)")
    p.add_argument(
        "--sheet-text", metavar="T", help="the words young people read on the sheet ('' goes back to the text)"
    )
    p.add_argument("--language", metavar="CODE", help="the language of --sheet-text (default: en)")
    p.add_argument("--roster-file", metavar="FILE", help="first names to remove, one a line (never saved)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser("respond", help="record what happened to an output")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("output", metavar="OUTPUT_ID")
    p.add_argument("--status", choices=list(STATUSES), help="what happened (needed unless --language is given)")
    p.add_argument("--text", required=True)
    p.add_argument("--language", metavar="CODE", help="give the 'what happened' text in another language")
    p.add_argument("--not-on-sheet", action="store_true", help="leave it off the young people's feedback sheet")
    p.add_argument("--roster-file", metavar="FILE", help="first names to remove, one a line (never saved)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_respond)

    p = sub.add_parser("show", help="show a session with its outputs, responses and feedback")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("list", help="list the sessions in the sessions folder")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("demo", help="create (once) a demo session to try the kit")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_demo)


def cmd_activities(args: argparse.Namespace) -> int:
    from kit.library import find_activities

    activities = find_activities(principle=args.principle, lundy=args.lundy)
    if args.json:
        print_json([a.summary() for a in activities])
        return 0
    for a in activities:
        arts = ",".join(map(str, a.principles))
        print(f"{a.id:<24} {a.minutes:>3} min  Art. {arts:<10} {a.title}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from kit.store import create_session, sessions_folder

    blocks = args.blocks or []
    if not any(b.kind == "activity" for b in blocks):
        raise InputError("A session needs at least one --activity ID; run 'codesign-kit activities' to see the ids.")
    path = create_session(
        sessions_folder(args.sessions),
        args.title,
        [],
        blocks=blocks,
        start=args.start,
        date=args.date,
        facilitator=args.facilitator,
        languages=args.language,
        interpreter=args.interpreter,
        group_size=args.group_size,
        length_minutes=args.minutes,
    )
    session_id = path.stem
    print_json({"id": session_id, "path": str(path)}) if args.json else print(session_id)
    return 0


def cmd_capture(args: argparse.Namespace) -> int:
    from kit.scrub import clean_text
    from kit.store import MAX_TEXT, add_outputs, session_path, sessions_folder

    path = session_path(sessions_folder(args.sessions), args.session)
    if args.from_file:
        lines = read_text_file(args.from_file, "notes file", MAX_CAPTURE_FILE_BYTES).splitlines()
        for number, line in enumerate(lines, 1):
            if len(line) > MAX_TEXT:
                raise InputError(
                    f"Line {number} of {args.from_file} is {len(line):,} characters long; the limit is {MAX_TEXT:,}. "
                    "Split it into shorter lines; nothing was saved."
                )
        texts = [t for t in lines if clean_text(t).strip()]  # a line of only invisible characters is blank
        if not texts:
            raise InputError(f"The notes file {args.from_file} has no text in it; nothing was saved.")
    else:
        texts = [args.text]
    stored = add_outputs(
        path,
        args.activity,
        texts,
        step=args.step,
        principles=args.principle,
        themes=args.theme,
        roster=read_roster(args.roster_file),
    )
    if args.json:
        print_json([{**output.to_doc(), "removed": result.removed} for output, result in stored])
    else:
        for output, result in stored:
            print(f"{output.id}  {result.describe()}: {output.text}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from kit.store import edit_output, session_path, sessions_folder

    if args.text is None and args.principle is None and args.theme is None and args.sheet_text is None:
        raise InputError("Say what to change: --text, --principle, --theme or --sheet-text.")
    if args.language and args.sheet_text is None:
        raise InputError("--language says which language --sheet-text is in; give --sheet-text too.")
    path = session_path(sessions_folder(args.sessions), args.session)
    output = edit_output(
        path,
        args.output,
        text=args.text,
        principles=args.principle,
        themes=args.theme,
        sheet_text=args.sheet_text,
        language=args.language or SOURCE_LANGUAGE,
        roster=read_roster(args.roster_file),
    )
    if args.json:
        print_json(output.to_doc())
    else:
        print(f"{output.id}: {output.text}")
        for code, words in output.sheet_text.items():
            print(f"  on the sheet ({code}): {words}")
    return 0


def cmd_respond(args: argparse.Namespace) -> int:
    from kit.store import record_response, session_path, sessions_folder, set_translations

    path = session_path(sessions_folder(args.sessions), args.session)
    roster = read_roster(args.roster_file)
    if args.language:
        if args.status or args.not_on_sheet:
            raise InputError("With --language only the text is given; change --status in the session's language.")
        set_translations(path, args.language, [(args.output, "what_happened", args.text)], roster)
        print(f"{args.output}: 'what happened' saved in {args.language}.")
        return 0
    if args.status is None:
        raise InputError(f"Give --status ({', '.join(STATUSES)}), or --language CODE for a text in another language.")
    response = record_response(path, args.output, args.status, args.text, on_sheet=not args.not_on_sheet, roster=roster)
    if args.json:
        print_json(response.to_doc())
    else:
        where = "on the feedback sheet" if response.on_sheet else "not on the feedback sheet"
        print(f"{args.output}: {response.status_label}, {where}.")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from kit.plan import session_schedule
    from kit.store import load_session, session_path, sessions_folder, show_date

    log = load_session(session_path(sessions_folder(args.sessions), args.session))
    timed = session_schedule(log.session)
    if args.json:
        print_json({**log.to_json(), "plan": timed.to_json()})
        return 0
    s = log.session
    print(f"{s.title}  ({s.id}, {show_date(s.date)})")
    details = [f"facilitator {s.facilitator or '-'}", f"languages {', '.join(s.languages) or '-'}"]
    details += [f"group of {s.group_size}" if s.group_size else "group size not set"]
    details += ["interpreter present" if s.interpreter else "no interpreter"]
    print("  " + "; ".join(details))
    print("\nPlan:")
    for b in timed.blocks:
        clock = f"{b.clock}  " if b.clock else ""
        with_interpreting = f", {b.interpreted} with interpreting" if b.interpreted != b.minutes else ""
        print(f"  {b.number}. {clock}{b.title} ({b.minutes} min{with_interpreting})")
        if b.block.notes:
            print(f"      {b.block.notes}")
    print(f"  {timed.total_message()[0]}")
    counts = log.feedback_counts()
    print(f"\nOutputs ({len(log.outputs)}):")
    for o in log.outputs:
        print(f"  [{o.id}] {o.text}")
        response = log.responses.get(o.id)
        if response:
            sheet = "" if response.on_sheet else " (not on sheet)"
            print(f"      what happened: {response.status_label}{sheet}: {response.text}")
        if sum(counts[o.id].values()):
            print("      heard right: " + ", ".join(f"{a} {counts[o.id][a]}" for a in ANSWERS))
    comments = [f.comment for f in log.feedback if f.comment]
    if comments:
        print("\nComments from young people:")
        for comment in comments:
            print(f"  - {comment}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    import sys

    from kit.store import list_sessions, sessions_folder

    folder = sessions_folder(args.sessions)
    summaries, warnings = list_sessions(folder)
    for warning in warnings:
        print(f"warning: {one_line(warning)}", file=sys.stderr)
    if args.json:
        print_json(
            [
                {
                    "id": s.id,
                    "title": s.title,
                    "date": s.date,
                    "path": str(s.path),
                    "outputs": s.outputs,
                    "responded": s.responded,
                    "on_sheet": s.on_sheet,
                    "feedback": s.feedback,
                }
                for s in summaries
            ]
        )
        return 0
    if not summaries:
        print(f"No sessions in {folder}. Create one with 'codesign-kit new' or try 'codesign-kit demo'.")
    else:
        print(f"Sessions in {folder}:")
    for s in summaries:
        counts = f"{s.outputs:>3} outputs  {s.responded:>3} answered  {s.feedback:>3} feedback"
        print(f"{s.id:<18} {s.date}  {counts}  {s.title}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from kit.demo import create_demo
    from kit.store import sessions_folder

    path, created = create_demo(sessions_folder(args.sessions))
    if args.json:
        print_json({"id": path.stem, "path": str(path), "created": created})
    else:
        print(f"{path.stem}: {'created' if created else 'already there'} ({path})")
    return 0
