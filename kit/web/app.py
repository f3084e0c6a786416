"""The feedback page as a Starlette app: GET and POST /f/{token}, a home page and one stylesheet.

Nothing else of a session is reachable: a token opens only its own sheet's items, and every
unknown, malformed or foreign token gets the same plain 404.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kit.errors import CorruptSession, InputError, KitError, NotFound, SessionNotFound
from kit.model import ANSWERS, SessionLog, Ticket
from kit.web.guard import MAX_BODY, RATE_LIMIT, RATE_WINDOW, BodyLimit, Nonces, RateLimit, SecurityHeaders
from kit.web.tokens import TokenIndex
from kit.web.wording import Language, choose_language, load_wording
from kit.web.writer import FeedbackWriter

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

HERE = Path(__file__).parent
MAX_COMMENT = 2000
NOT_FOUND_TEXT = "Not found\n"


def _templates() -> Environment:
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def not_found() -> Response:
    """The one 404 every unknown, malformed or foreign token (and any other path) gets."""
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(NOT_FOUND_TEXT, status_code=404)


class FeedbackPage:
    """The request handlers, holding the token index, the nonces and the templates."""

    def __init__(self, sessions: Path, nonces: Nonces, roster: Callable[[], Iterable[str]] = tuple) -> None:
        self.index = TokenIndex(sessions)
        self.writer = FeedbackWriter(roster)
        self.nonces = nonces
        self.env = _templates()
        self.css = (HERE / "static" / "style.css").read_bytes()
        load_wording()  # a broken wording file shows at start, not on a young person's phone

    def render(self, name: str, status: int = 200, **context: object) -> Response:
        from starlette.responses import HTMLResponse

        lang: Language = context["lang"]  # type: ignore[assignment]
        html = self.env.get_template(name).render(languages=load_wording().values(), _=lang.gettext, **context)
        return HTMLResponse(html, status_code=status)

    async def home(self, request: Request) -> Response:
        lang = choose_language(request.query_params.get("lang"), request.headers.get("accept-language"))
        return self.render("home.html", lang=lang)

    async def stylesheet(self, request: Request) -> Response:
        from starlette.responses import Response

        return Response(self.css, media_type="text/css; charset=utf-8", headers={"cache-control": "max-age=3600"})

    def form(
        self,
        lang: Language,
        token: str,
        log: SessionLog,
        ticket: Ticket,
        answers: dict[str, str],
        comment: str,
        problem: str = "",
        status: int = 200,
    ) -> Response:
        items = [
            (number, output, log.responses.get(output.id))
            for number, output_id in enumerate(ticket.items, 1)
            if (output := log.output(output_id)) is not None
        ]
        stamp, nonce = self.nonces.make(ticket.token_hash)
        return self.render(
            "form.html",
            status,
            lang=lang,
            token=token,
            session=log.session,
            items=items,
            answers=answers,
            comment=comment,
            problem=problem,
            stamp=stamp,
            nonce=nonce,
            choices=ANSWERS,
        )

    async def opened(self, token: str) -> tuple[Path, SessionLog, Ticket] | None:
        """The token's session and ticket: from memory when the file is unchanged, else read in a thread."""
        from starlette.concurrency import run_in_threadpool

        return self.index.peek(token) or await run_in_threadpool(self.index.open, token)

    async def show(self, request: Request) -> Response:
        token = request.path_params["token"]
        opened = await self.opened(token)
        if opened is None:
            return not_found()
        _, log, ticket = opened
        lang = choose_language(request.query_params.get("lang"), request.headers.get("accept-language"))
        previous = next((f for f in log.feedback if f.token_hash == ticket.token_hash), None)
        answers = previous.answers if previous else {}
        return self.form(lang, token, log, ticket, answers, previous.comment if previous else "")

    async def answer(self, request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        token = request.path_params["token"]
        opened = await self.opened(token)
        if opened is None:
            return not_found()
        path, log, ticket = opened
        form = await request.form(max_files=0, max_fields=200, max_part_size=MAX_BODY)
        field = form.get("lang")
        lang = choose_language(
            field if isinstance(field, str) else request.query_params.get("lang"),
            request.headers.get("accept-language"),
        )
        present = [o.id for o in log.outputs if o.id in ticket.items]
        answers = {i: a for i in present if isinstance(a := form.get(f"item-{i}"), str) and a in ANSWERS}
        raw = form.get("comment")
        comment = raw.replace("\r\n", "\n").strip() if isinstance(raw, str) else ""
        stamp, nonce = form.get("stamp"), form.get("nonce")

        def again(problem: str, status: int = 400) -> Response:
            return self.form(lang, token, log, ticket, answers, comment, problem, status=status)

        if not (
            isinstance(stamp, str) and isinstance(nonce, str) and self.nonces.check(ticket.token_hash, stamp, nonce)
        ):
            return again("expired")
        if not answers and not comment:
            return again("need_answer")
        if len(comment) > MAX_COMMENT:
            return again("too_long")
        try:
            await run_in_threadpool(self.writer.record, path, ticket.token_hash, answers, comment)
        except (NotFound, SessionNotFound, CorruptSession):
            return not_found()
        except InputError:
            return again("too_long")
        except (KitError, OSError):  # e.g. a full disk: nothing was saved, so ask to send again
            return again("not_saved", status=503)
        return self.render("thanks.html", lang=lang, token=token, session=log.session)


def build_app(
    sessions: Path,
    *,
    rate_limit: int = RATE_LIMIT,
    clock: Callable[[], float] = time.monotonic,
    nonces: Nonces | None = None,
    roster: Callable[[], Iterable[str]] = tuple,
) -> Starlette:
    """The feedback page for the sessions in this folder, with its limits and headers.

    `roster` gives the first names the app holds in memory, so comments are scrubbed of them too.
    """
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.routing import Route

    page = FeedbackPage(sessions, nonces or Nonces(), roster)

    async def on_not_found(request: Request, exc: HTTPException) -> Response:
        return not_found()

    return Starlette(
        routes=[
            Route("/", page.home, methods=["GET"]),
            Route("/static/style.css", page.stylesheet, methods=["GET"]),
            Route("/f/{token}", page.show, methods=["GET"]),
            Route("/f/{token}", page.answer, methods=["POST"]),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(RateLimit, limit=rate_limit, window=RATE_WINDOW, clock=clock),
            Middleware(BodyLimit, limit=MAX_BODY),
        ],
        exception_handlers={404: on_not_found},
    )
