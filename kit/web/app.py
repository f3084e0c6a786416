"""The feedback page as a Starlette app: a sheet's form by QR token (/f/TOKEN) or short code (/c/CODE),
a home page to type the code into, a thank-you page and one stylesheet.

Nothing else of a session is reachable: a token or code opens only its own sheet's items, and every
unknown, malformed or foreign token or code gets the same 404 page. A form is sent with POST and
answered with a redirect (303) to the thank-you page, so going back or reloading never sends twice.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from kit.errors import CorruptSession, InputError, KitError, NotFound, SessionNotFound
from kit.model import ANSWERS, MAX_COMMENT, SHEET_FIELDS, SOURCE_LANGUAGE, Response, SessionLog, Ticket, written_in
from kit.vocab import load_languages
from kit.web.guard import (
    BODY_TIMEOUT,
    MAX_BODY,
    MAX_IN_FLIGHT,
    RATE_LIMIT,
    RATE_WINDOW,
    BodyLimit,
    InFlight,
    Nonces,
    RateLimit,
    Scope,
    SecurityHeaders,
)
from kit.web.tokens import Opened, TokenIndex, code_form
from kit.web.wording import Language, choose_language, load_wording
from kit.web.writer import FeedbackWriter

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response as HttpResponse

HERE = Path(__file__).parent
HTML = b"text/html; charset=utf-8"
# Babel's English is American; the kit's workshops are in the UK.
DATE_LOCALES = {"en": "en_GB"}
ROUTES = {"token": "/f/", "code": "/c/"}
SOURCE_MARKS = {direction: Markup(f' lang="{SOURCE_LANGUAGE}" dir="{direction}"') for direction in ("ltr", "rtl")}
FORMS_KEPT = 512  # rendered forms kept for reuse (a form is a few kilobytes)
# Stand-ins for a form's stamp and nonce in a rendered form kept for reuse: random, so no text can hold them.
STAMP_MARK, NONCE_MARK = (f"kit-{name}-{secrets.token_hex(12)}" for name in ("stamp", "nonce"))


def ltr(message: str, part: str) -> Markup:
    """The message, escaped, with `part` (a code, an address) kept left to right inside right-to-left text."""
    isolated = Markup('<bdi dir="ltr">') + escape(part) + Markup("</bdi>")
    return escape(message).replace(escape(part), isolated)


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ltr"] = ltr
    env.globals["max_comment"] = MAX_COMMENT
    return env


def long_date(value: str, lang: Language) -> str:
    """A date or an ISO time stamp written out in the page's language (the ISO date if it cannot be)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # this computer's time zone: the room's, not UTC
    return _written_out(moment.date(), lang.code)


@lru_cache(maxsize=512)
def _written_out(day: date, code: str) -> str:
    # Babel takes a fraction of a millisecond a date, on every form: a session has a few dates, so keep them.
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(day, format="long", locale=DATE_LOCALES.get(code, code))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


def source_attributes(text: str, page: Language) -> Markup:
    """lang and dir for a text shown in the language the log is kept in, on a page in another language."""
    if page.code == SOURCE_LANGUAGE:
        return Markup("")
    return SOURCE_MARKS["rtl" if written_in(text, "arabic") else "ltr"]


@dataclass(frozen=True)
class PageItem:
    """One item of a sheet as the page shows it: its number, words, and lang/dir marks for words not translated."""

    number: int
    output_id: str
    said: str
    said_marks: Markup
    response: Response | None
    happened: str
    happened_marks: Markup


def page_items(log: SessionLog, ticket: Ticket, lang: Language) -> list[PageItem]:
    """The ticket's items still in the log, in its order, each in the page's language where a version exists.

    A text with no version in the page's language is shown as logged and marked with its language.
    """
    known = load_languages()
    script = known[lang.code].script if lang.code in known else "latin"
    worded = {w.output.id: w for w in log.sheet_wording(lang.code, script)}
    items = []
    for number, output_id in enumerate(ticket.items, 1):
        output = log.output(output_id)
        if output is None:
            continue
        response = log.responses.get(output_id)
        wording = worded.get(output_id)
        if wording is not None:
            said, happened, missing = wording.said, wording.happened, wording.missing
        else:  # taken off the sheet after it was printed: shown as logged
            said, happened, missing = output.text, response.text if response else "", SHEET_FIELDS
        said_marks = source_attributes(said, lang) if "sheet_text" in missing else Markup("")
        happened_marks = source_attributes(happened, lang) if "what_happened" in missing else Markup("")
        items.append(PageItem(number, output.id, said, said_marks, response, happened, happened_marks))
    return items


def _shown(item: PageItem) -> tuple[object, ...]:
    """Everything of an item that a form shows."""
    status = item.response.status_label if item.response else None
    return (item.number, item.output_id, item.said, item.said_marks, status, item.happened, item.happened_marks)


class FeedbackPage:
    """The request handlers, holding the sheet index, the nonces and the templates."""

    def __init__(self, sessions: Path, nonces: Nonces, roster: Callable[[], Iterable[str]] = tuple) -> None:
        self.index = TokenIndex(sessions)
        # Each write hands the log it wrote to the index, so the forms opened next need no read.
        self.writer = FeedbackWriter(roster, self.index)
        self.nonces = nonces
        self.env = _templates()
        self.css = (HERE / "static" / "style.css").read_bytes()
        self._fixed: dict[tuple[str, str, int], str] = {}
        self._forms: dict[tuple[object, ...], str] = {}
        load_wording()  # a broken wording file shows at start, not on a young person's phone

    def html(self, name: str, lang: Language, **context: object) -> str:
        return self.env.get_template(name).render(
            languages=load_wording().values(), lang=lang, _=lang.gettext, **context
        )

    def fixed_page(self, name: str, lang: Language, status: int = 200) -> str:
        """A page that is the same for everyone in a language (home, thank-you, errors): rendered once."""
        key = (name, lang.code, status)
        page = self._fixed.get(key)
        if page is None:
            page = self._fixed[key] = self.html(name, lang, status=status)
        return page

    def error_page(self, scope: Scope, status: int) -> tuple[bytes, bytes]:
        """The page for an error status, in the language the request asks for (used by the guards too)."""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        asked = query.get("lang", [None])[0]
        accept = dict(scope.get("headers") or []).get(b"accept-language", b"").decode("latin-1")
        return HTML, self.fixed_page("error.html", choose_language(asked, accept), status).encode("utf-8")

    def not_found(self, request: Request, lang: Language | None = None) -> HttpResponse:
        """The one 404 every unknown, malformed or foreign token or code (and any other path) gets."""
        from starlette.responses import HTMLResponse

        if lang is None:
            return HTMLResponse(self.error_page(request.scope, 404)[1], status_code=404)
        return HTMLResponse(self.fixed_page("error.html", lang, 404), status_code=404)

    @staticmethod
    def language(request: Request, field: object = None) -> Language:
        """The page's language: a form's lang field, else ?lang=, else the browser's languages."""
        asked = field if isinstance(field, str) else request.query_params.get("lang")
        return choose_language(asked, request.headers.get("accept-language"))

    def warm(self) -> None:
        """Do once, before the first phone, what the first request in each language would do.

        Compiling the templates and loading each language's date data take a few hundred
        milliseconds; 30 phones opening their sheets at the same moment would all wait for it.
        """
        for lang in load_wording().values():
            self.fixed_page("home.html", lang)
            self.fixed_page("error.html", lang, 404)
            self.fixed_page("thanks.html", lang)
            long_date("2026-01-01", lang)
        self.env.get_template("form.html")
        load_languages()
        self.index.load_all()

    async def stylesheet(self, request: Request) -> HttpResponse:
        from starlette.responses import Response

        return Response(self.css, media_type="text/css; charset=utf-8", headers={"cache-control": "max-age=3600"})

    async def home(self, request: Request) -> HttpResponse:
        """The start page, where a code from a paper sheet is typed in (GET /?code= works too)."""
        from starlette.responses import HTMLResponse

        lang = self.language(request)
        if "code" in request.query_params:
            return await self.go_to_code(request, request.query_params["code"], lang)
        return HTMLResponse(self.fixed_page("home.html", lang))

    async def code_sent(self, request: Request) -> HttpResponse:
        """POST /: the code typed on the start page opens its sheet, or the same 404 as an unknown token."""
        form = await request.form(max_files=0, max_fields=20, max_part_size=MAX_BODY)
        code = form.get("code")
        return await self.go_to_code(
            request, code if isinstance(code, str) else "", self.language(request, form.get("lang"))
        )

    async def go_to_code(self, request: Request, code: str, lang: Language) -> HttpResponse:
        from starlette.responses import RedirectResponse

        canonical = code_form(code)
        if canonical is None or await self.opened("code", canonical) is None:
            return self.not_found(request, lang)
        return RedirectResponse(f"/c/{canonical}?lang={lang.code}", status_code=303)

    async def opened(self, kind: str, key: str) -> Opened | None:
        """The sheet's session and ticket: from memory when the file is unchanged, else read in a thread."""
        from starlette.concurrency import run_in_threadpool

        if kind == "code":
            return self.index.peek_code(key) or await run_in_threadpool(self.index.open_code, key)
        return self.index.peek(key) or await run_in_threadpool(self.index.open, key)

    @staticmethod
    def sheet_key(request: Request) -> tuple[str, str]:
        if "token" in request.path_params:
            return "token", request.path_params["token"]
        return "code", code_form(request.path_params["code"]) or ""

    def form(
        self,
        lang: Language,
        action: str,
        log: SessionLog,
        ticket: Ticket,
        answers: dict[str, str],
        comment: str,
        problem: str = "",
        status: int = 200,
    ) -> HttpResponse:
        """A sheet's form; a fresh one (nothing ticked, no problem) is rendered once and reused while it shows
        the same words, with only its stamp and nonce new: phones answering together change the log, not this."""
        from starlette.responses import HTMLResponse

        items = page_items(log, ticket, lang)
        earlier = next((f for f in log.feedback if f.token_hash == ticket.token_hash), None)
        title = log.session.title
        known = load_languages()
        in_script = (
            lang.code in known and known[lang.code].script != "latin" and written_in(title, known[lang.code].script)
        )
        context = {
            "action": f"{action}?lang={lang.code}",
            "session": log.session,
            "session_date": long_date(log.session.date, lang),
            "title_marks": Markup("") if in_script else source_attributes(title, lang),
            "untranslated": any(i.said_marks or i.happened_marks for i in items),
            "items": items,
            "answers": answers,
            "comment": comment,
            "problem": problem,
            "sent_on": long_date(earlier.received, lang) if earlier and earlier.received else "",
            "choices": ANSWERS,
        }
        stamp, nonce = self.nonces.make(ticket.token_hash)
        if answers or comment or problem or status != 200:  # a form sent back with what was typed: as it is
            return HTMLResponse(self.html("form.html", lang, stamp=stamp, nonce=nonce, **context), status_code=status)
        key = (lang.code, context["action"], title, log.session.date, context["sent_on"], *map(_shown, items))
        page = self._forms.get(key)
        if page is None:
            if len(self._forms) >= FORMS_KEPT:
                del self._forms[next(iter(self._forms))]  # the oldest kept
            page = self._forms[key] = self.html("form.html", lang, stamp=STAMP_MARK, nonce=NONCE_MARK, **context)
        return HTMLResponse(page.replace(STAMP_MARK, stamp).replace(NONCE_MARK, nonce))

    async def show(self, request: Request) -> HttpResponse:
        """GET a sheet's form: its items with no earlier answer ticked and no earlier comment shown."""
        kind, key = self.sheet_key(request)
        opened = await self.opened(kind, key) if key else None
        if opened is None:
            return self.not_found(request)
        _, log, ticket = opened
        return self.form(self.language(request), ROUTES[kind] + key, log, ticket, {}, "")

    async def answer(self, request: Request) -> HttpResponse:
        """POST a sheet's answers: stored, then a redirect to the thank-you page; or the form again saying why."""
        from starlette.responses import RedirectResponse

        kind, key = self.sheet_key(request)
        opened = await self.opened(kind, key) if key else None
        if opened is None:
            return self.not_found(request)
        path, log, ticket = opened
        form = await request.form(max_files=0, max_fields=200, max_part_size=MAX_BODY)
        lang = self.language(request, form.get("lang"))
        present = [o.id for o in log.outputs if o.id in ticket.items]
        answers = {i: a for i in present if isinstance(a := form.get(f"item-{i}"), str) and a in ANSWERS}
        raw = form.get("comment")
        comment = raw.replace("\r\n", "\n").strip() if isinstance(raw, str) else ""
        stamp, nonce = form.get("stamp"), form.get("nonce")

        def again(problem: str, status: int = 400) -> HttpResponse:
            return self.form(lang, ROUTES[kind] + key, log, ticket, answers, comment, problem, status=status)

        if not (
            isinstance(stamp, str) and isinstance(nonce, str) and self.nonces.check(ticket.token_hash, stamp, nonce)
        ):
            return again("expired")
        if not answers and not comment:
            return again("need_answer")
        if len(comment) > MAX_COMMENT:
            return again("too_long")
        try:
            await self.writer.record(path, ticket.token_hash, answers, comment)
        except (NotFound, SessionNotFound, CorruptSession):
            return self.not_found(request, lang)
        except InputError:
            return again("too_long")
        except (KitError, OSError):  # e.g. a full disk: nothing was saved, so ask to send again
            return again("not_saved", status=503)
        return RedirectResponse(f"/thanks?lang={lang.code}", status_code=303)

    async def thanks(self, request: Request) -> HttpResponse:
        """The thank-you page the form redirects to; it holds nothing about the sheet or its answers."""
        from starlette.responses import HTMLResponse

        return HTMLResponse(self.fixed_page("thanks.html", self.language(request)))


def build_app(
    sessions: Path,
    *,
    rate_limit: int = RATE_LIMIT,
    clock: Callable[[], float] = time.monotonic,
    nonces: Nonces | None = None,
    roster: Callable[[], Iterable[str]] = tuple,
    body_timeout: float = BODY_TIMEOUT,
    in_flight: int = MAX_IN_FLIGHT,
) -> Starlette:
    """The feedback page for the sessions in this folder, with its limits and headers.

    `roster` gives the first names the app holds in memory, so comments are scrubbed of them too.
    The app's `state.index` is its sheet index (the server asks it for duplicate session files) and
    `state.page` its handlers (the server warms them up before the first phone).
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Route

    page = FeedbackPage(sessions, nonces or Nonces(), roster)

    async def on_not_found(request: Request, exc: Exception) -> HttpResponse:
        return page.not_found(request)

    app = Starlette(
        routes=[
            Route("/", page.home, methods=["GET"]),
            Route("/", page.code_sent, methods=["POST"]),
            Route("/thanks", page.thanks, methods=["GET"]),
            Route("/static/style.css", page.stylesheet, methods=["GET"]),
            Route("/f/{token}", page.show, methods=["GET"]),
            Route("/f/{token}", page.answer, methods=["POST"]),
            Route("/c/{code}", page.show, methods=["GET"]),
            Route("/c/{code}", page.answer, methods=["POST"]),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(InFlight, limit=in_flight, page=page.error_page),
            Middleware(RateLimit, limit=rate_limit, window=RATE_WINDOW, clock=clock, page=page.error_page),
            Middleware(BodyLimit, limit=MAX_BODY, timeout=body_timeout, page=page.error_page),
        ],
        exception_handlers={404: on_not_found, 405: on_not_found},
    )
    app.state.index = page.index
    app.state.page = page
    return app
