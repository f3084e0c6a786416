"""CLI commands for languages: `translations` (a CSV round trip for interpreters) and `languages`."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.cli import print_json, read_roster
from kit.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser(
        "translations", help="write a session's sheet texts to a CSV file for translating, or import it back"
    )
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--language", metavar="CODE", help="the language to translate into (for -o; optional on import)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", metavar="FILE.csv", help="write the texts to translate")
    where.add_argument("--import", dest="import_file", metavar="FILE.csv", help="read the translations back in")
    p.add_argument("--roster-file", metavar="FILE", help="first names to remove, one a line (never saved)")
    p.set_defaults(handler=cmd_translations)

    p = sub.add_parser("languages", help="list the languages of the sheets and the page, with coverage and review")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_languages)


def cmd_translations(args: argparse.Namespace) -> int:
    from kit.store import session_path, sessions_folder
    from kit.store.translations import import_translations, write_translations_csv

    path = session_path(sessions_folder(args.sessions), args.session)
    if args.output:
        if not args.language:
            raise InputError("Say which language the texts are to be translated into: --language CODE.")
        count = write_translations_csv(path, args.language, Path(args.output))
        print(f"Wrote {count} text(s) to translate to {args.output}: fill in the 'translation' column, then import it.")
        return 0
    language, count = import_translations(path, Path(args.import_file), args.language, read_roster(args.roster_file))
    print(f"Saved {count} translation(s) in {language}; print the sheets with --language {language}.")
    return 0


def cmd_languages(args: argparse.Namespace) -> int:
    from kit.i18n import catalogue_languages, catalogue_status
    from kit.vocab import load_languages

    known = load_languages()
    rows = []
    for code in catalogue_languages():
        sheet, page = catalogue_status(code, "kit"), catalogue_status(code, "web")
        name = known[code].name if code in known else code
        rows.append((code, name, sheet, page))
    if args.json:
        print_json(
            [
                {
                    "code": code,
                    "name": name,
                    **{
                        part: {
                            "coverage": round(status.coverage, 3),
                            "translated": status.translated,
                            "messages": status.total,
                            "review": status.review,
                            "review_note": status.note,
                        }
                        for part, status in (("sheet", sheet), ("page", page))
                    },
                }
                for code, name, sheet, page in rows
            ]
        )
        return 0
    print(f"{'code':<6}{'language':<18}{'sheet':>7}{'page':>7}  review")
    for code, name, sheet, page in rows:
        reviews = {sheet.review, page.review} - {"missing"}
        review = reviews.pop() if len(reviews) == 1 else f"sheet {sheet.review}, page {page.review}"
        print(f"{code:<6}{name[:17]:<18}{sheet.coverage:>7.0%}{page.coverage:>7.0%}  {review}")
    print("A draft must be reviewed by a native speaker before young people read it.")
    return 0
