"""The feedback page through Starlette's test client: what a token shows, what a POST stores, what is refused."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from web_helpers import form_fields, session_with_sheets

from kit.store import add_output, issue_sheets, load_session, record_response, withdraw_output
from kit.web.app import build_app
from kit.web.guard import MAX_BODY, Nonces
from kit.web.server import make_server


class FakeClock:
    """A clock the test moves by hand, so the rate limit can be tested without waiting a minute."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def client(sessions: Path) -> TestClient:
    return TestClient(build_app(sessions, rate_limit=1000))


def post(client: TestClient, token: str, answers: dict[str, str], comment: str = "", **extra: str):
    """Open the form, then send it with these answers as a phone would."""
    fields = form_fields(client.get(f"/f/{token}").text)
    data = {**fields, **{f"item-{k}": v for k, v in answers.items()}, "comment": comment, **extra}
    return client.post(f"/f/{token}", data=data)


def test_a_valid_token_shows_exactly_its_sheet_items(sessions: Path, client: TestClient) -> None:
    path, sheets = session_with_sheets(sessions)
    later = add_output(path, "body-map", "Added after the sheets were printed")[0].id
    record_response(path, later, "acted", "Done later")
    page = client.get(f"/f/{sheets[0].token}")
    assert page.status_code == 200
    log = load_session(path)
    shown = set(re.findall(r'name="item-(\w+)" value="yes"', page.text))
    assert shown == set(sheets[0].items)
    for output in log.outputs:
        assert (output.text in page.text) == (output.id in sheets[0].items)
    assert "Sent to the council" not in page.text
    assert "Our first week" in page.text and "2026-03-14" in page.text
    assert page.text.count('type="radio"') == 3 * len(sheets[0].items)


def test_answers_are_stored_and_a_second_post_updates_them(sessions: Path, client: TestClient) -> None:
    path, sheets = session_with_sheets(sessions)
    first, second = sheets[0].items
    reply = post(client, sheets[0].token, {first: "yes", second: "no"}, "Good")
    assert reply.status_code == 200 and "Thank you" in reply.text and "What happens next" in reply.text
    reply = post(client, sheets[0].token, {first: "partly"}, "Better now")
    assert reply.status_code == 200
    feedback = load_session(path).feedback
    assert len(feedback) == 1
    assert feedback[0].answers == {first: "partly"} and feedback[0].comment == "Better now"
    assert feedback[0].via == "web"
    post(client, sheets[1].token, {second: "yes"})
    assert len(load_session(path).feedback) == 2


def test_opening_a_sheet_again_shows_when_answers_came_but_never_what_they_were(
    sessions: Path, client: TestClient
) -> None:
    _, sheets = session_with_sheets(sessions)
    post(client, sheets[0].token, {sheets[0].items[1]: "no"}, "Earlier private words")
    for url in (f"/f/{sheets[0].token}", f"/c/{sheets[0].code}"):
        page = client.get(url).text
        assert "Earlier private words" not in page and " checked" not in page
        assert "Answers for this sheet were received on" in page and "they replace the earlier ones" in page
    assert "received on" not in client.get(f"/f/{sheets[1].token}").text  # the other copy has sent nothing


def test_the_date_answers_came_is_written_in_the_page_language(
    sessions: Path, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.store.sheets

    _, sheets = session_with_sheets(sessions)
    monkeypatch.setattr(kit.store.sheets, "now", lambda: "2026-03-20T12:00:00.000000+00:00")
    post(client, sheets[0].token, {sheets[0].items[0]: "yes"})
    assert "received on 20 March 2026." in client.get(f"/f/{sheets[0].token}").text
    assert "20 مارس 2026" in client.get(f"/f/{sheets[0].token}?lang=ar").text
    assert "14 March 2026" in client.get(f"/f/{sheets[0].token}").text  # the session's date too


def test_sending_answers_redirects_to_a_thank_you_page_that_holds_nothing_of_the_sheet(
    sessions: Path, client: TestClient
) -> None:
    _, sheets = session_with_sheets(sessions)
    fields = form_fields(client.get(f"/f/{sheets[0].token}?lang=vi").text)
    sent = client.post(
        f"/f/{sheets[0].token}?lang=vi",
        data={**fields, f"item-{sheets[0].items[0]}": "partly", "comment": "Kept private"},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/thanks?lang=vi"
    thanks = client.get(sent.headers["location"])
    assert thanks.status_code == 200 and '<html lang="vi" dir="ltr">' in thanks.text
    assert sheets[0].token not in thanks.text and "Kept private" not in thanks.text


def test_a_short_code_typed_in_any_form_opens_its_sheet(sessions: Path, client: TestClient) -> None:
    path, sheets = session_with_sheets(sessions)
    code = sheets[1].code
    home = client.get("/")
    assert home.status_code == 200 and 'name="code"' in home.text and 'action="/"' in home.text
    arabic_indic = code.translate(str.maketrans("23456789", "٢٣٤٥٦٧٨٩"))
    for typed in (code, code.lower(), f"  {code[:5]}-{code[5:]}  ", f"{code[:5].lower()} {code[5:]}", arabic_indic):
        reply = client.post("/", data={"code": typed, "lang": "ar"}, follow_redirects=False)
        assert reply.status_code == 303 and reply.headers["location"] == f"/c/{code}?lang=ar", typed
    assert (
        client.get("/", params={"code": code.lower()}, follow_redirects=False)
        .headers["location"]
        .startswith(f"/c/{code}")
    )
    page = client.get(f"/c/{code}")
    assert page.status_code == 200 and set(re.findall(r'name="item-(\w+)" value="yes"', page.text)) == set(
        sheets[1].items
    )
    assert client.get(f"/c/{code[:5].lower()}-{code[5:]}").status_code == 200
    fields = form_fields(page.text)
    sent = client.post(f"/c/{code}", data={**fields, f"item-{sheets[1].items[0]}": "yes"}, follow_redirects=False)
    assert sent.status_code == 303
    [record] = load_session(path).feedback
    assert record.token_hash == load_session(path).tickets[1].token_hash and record.via == "web"


def test_a_wrong_code_gets_the_same_404_as_an_unknown_token_and_counts_toward_the_limit(sessions: Path) -> None:
    _, sheets = session_with_sheets(sessions)
    clock = FakeClock()
    client = TestClient(build_app(sessions, rate_limit=4, clock=clock))
    wrong = "QWERT-YUP23" if sheets[0].code != "QWERTYUP23" else "ZZZZZ-ZZZZZ"
    by_code = client.post("/", data={"code": wrong, "lang": "en"})
    by_token = client.get("/f/" + "A" * 22)
    by_junk = client.post("/", data={"code": "x" * 5000, "lang": "en"})
    assert by_code.status_code == by_token.status_code == by_junk.status_code == 404
    assert by_code.content == by_token.content == by_junk.content
    assert wrong not in by_code.text and 'name="code"' in by_code.text  # a place to type it again
    assert client.post("/", data={"code": sheets[0].code}).status_code == 429  # the fourth request this minute


def test_unknown_malformed_and_other_sessions_tokens_get_identical_404s(
    sessions: Path, tmp_path: Path, client: TestClient
) -> None:
    session_with_sheets(sessions)
    _, elsewhere = session_with_sheets(tmp_path / "other-folder", title="Another group")
    tokens = ["A" * 22, "short", "not a token!", "%00", "a" * 65, elsewhere[0].token, "..%2F..%2Fetc%2Fpasswd"]
    replies = [client.get(f"/f/{t}") for t in tokens] + [client.post(f"/f/{elsewhere[0].token}", data={"a": "b"})]
    replies += [client.get(p) for p in ("/f/", "/sessions", "/static/", "/static/../kit/store.py", "/static/x.css")]

    def same(reply):
        return reply.status_code, reply.content, sorted((k, v) for k, v in reply.headers.items() if k != "date")

    assert all(r.status_code == 404 for r in replies)
    assert len({repr(same(r)) for r in replies}) == 1
    assert "We could not find this sheet" in replies[0].text
    assert replies[0].headers["content-type"] == "text/html; charset=utf-8"
    assert client.get("/f/" + "A" * 22, headers={"Accept-Language": "ti"}).text.count('<html lang="ti"') == 1


def test_bodies_over_16_kib_are_refused_with_413(sessions: Path, client: TestClient) -> None:
    path, sheets = session_with_sheets(sessions)
    fields = form_fields(client.get(f"/f/{sheets[0].token}").text)
    reply = client.post(f"/f/{sheets[0].token}", data={**fields, "comment": "x" * (MAX_BODY + 1)})
    assert reply.status_code == 413
    streamed = client.post(f"/f/{sheets[0].token}", content=(b"comment=" + b"y" * 4096 for _ in range(5)))
    assert streamed.status_code == 413
    assert load_session(path).feedback == []


def test_the_31st_request_in_a_minute_gets_429(sessions: Path) -> None:
    _, sheets = session_with_sheets(sessions)
    clock = FakeClock()
    client = TestClient(build_app(sessions, clock=clock))
    for _ in range(30):
        assert client.get(f"/f/{sheets[0].token}").status_code == 200
        clock.now += 1.0
    refused = client.get(f"/f/{sheets[0].token}")
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
    clock.now += 31.0  # the first request is now more than a minute old
    assert client.get(f"/f/{sheets[0].token}").status_code == 200


def test_a_comment_with_a_script_comes_back_escaped(sessions: Path, client: TestClient) -> None:
    _, sheets = session_with_sheets(sessions)
    page = post(client, sheets[0].token, {}, '<script>alert("hi")</script>', nonce="forged").text  # shown again
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;hi&#34;)&lt;/script&gt;" in page


def test_a_comment_with_a_phone_number_is_stored_scrubbed(sessions: Path, client: TestClient) -> None:
    path, sheets = session_with_sheets(sessions)
    post(client, sheets[0].token, {}, "Text me on 07700 900123 please")
    stored = load_session(path).feedback[0].comment
    assert "07700" not in stored and "[phone]" in stored
    assert "07700" not in path.read_text(encoding="utf-8")


def test_a_post_without_a_valid_nonce_keeps_the_answers_and_asks_again(sessions: Path, client: TestClient) -> None:
    path, sheets = session_with_sheets(sessions)
    item = sheets[0].items[0]
    reply = client.post(f"/f/{sheets[0].token}", data={f"item-{item}": "no", "stamp": "1", "nonce": "forged"})
    assert reply.status_code == 400
    assert "open for a long time" in reply.text and f'name="item-{item}" value="no" checked' in reply.text
    other = form_fields(client.get(f"/f/{sheets[1].token}").text)  # a nonce made for another sheet
    assert client.post(f"/f/{sheets[0].token}", data={**other, f"item-{item}": "no"}).status_code == 400
    assert load_session(path).feedback == []


def test_sending_nothing_asks_for_an_answer_or_a_comment(sessions: Path, client: TestClient) -> None:
    path, sheets = session_with_sheets(sessions)
    reply = post(client, sheets[0].token, {}, "   ")
    assert reply.status_code == 400 and "at least one item" in reply.text
    assert load_session(path).feedback == []


def test_answers_outside_the_choices_or_the_sheet_are_ignored(sessions: Path, client: TestClient) -> None:
    path, sheets = session_with_sheets(sessions)
    off_sheet = next(o.id for o in load_session(path).outputs if o.id not in sheets[0].items)
    post(client, sheets[0].token, {sheets[0].items[0]: "maybe", off_sheet: "yes", sheets[0].items[1]: "partly"})
    assert load_session(path).feedback[0].answers == {sheets[0].items[1]: "partly"}


def test_the_page_follows_the_browser_language_and_the_picker(sessions: Path, client: TestClient) -> None:
    _, sheets = session_with_sheets(sessions)
    url = f"/f/{sheets[0].token}"
    arabic = client.get(url, headers={"Accept-Language": "ar-SD,ar;q=0.9,en;q=0.5"})
    assert '<html lang="ar" dir="rtl">' in arabic.text and "هل فهمناك بشكل صحيح؟" in arabic.text
    assert arabic.headers["content-type"] == "text/html; charset=utf-8"
    picked = client.get(f"{url}?lang=ti", headers={"Accept-Language": "ar"})
    assert '<html lang="ti" dir="ltr">' in picked.text and "እወ" in picked.text
    assert '<html lang="en" dir="ltr">' in client.get(f"{url}?lang=xx", headers={"Accept-Language": "de"}).text
    thanks = post(client, sheets[0].token, {sheets[0].items[0]: "yes"}, lang="fa")
    assert '<html lang="fa" dir="rtl">' in thanks.text and "متشکریم" in thanks.text


def test_a_withdrawn_output_leaves_the_page(sessions: Path, client: TestClient) -> None:
    path, sheets = session_with_sheets(sessions)
    assert "Tell us about our case" in client.get(f"/f/{sheets[0].token}").text
    withdraw_output(path, sheets[0].items[0])
    page = client.get(f"/f/{sheets[0].token}").text
    assert "Tell us about our case" not in page and "A safe place to sleep" in page


def test_sheets_issued_while_the_server_runs_are_found(sessions: Path, client: TestClient) -> None:
    path, _ = session_with_sheets(sessions)
    assert client.get("/f/" + "B" * 22).status_code == 404  # builds the index
    fresh = issue_sheets(path, 1)[0]
    assert client.get(f"/f/{fresh.token}").status_code == 200


def test_every_response_carries_strict_headers(sessions: Path, client: TestClient) -> None:
    _, sheets = session_with_sheets(sessions)
    for reply in (client.get("/"), client.get(f"/f/{sheets[0].token}"), client.get("/nope")):
        assert "default-src 'none'" in reply.headers["content-security-policy"]
        assert reply.headers["referrer-policy"] == "no-referrer"
        assert reply.headers["cache-control"] == "no-store"
    css = client.get("/static/style.css")
    assert css.headers["content-type"].startswith("text/css") and css.headers["cache-control"] == "max-age=3600"
    assert css.headers["x-content-type-options"] == "nosniff"


def test_error_pages_speak_the_pages_language_with_the_same_headers(sessions: Path) -> None:
    _, sheets = session_with_sheets(sessions)
    url = f"/f/{sheets[0].token}?lang=fa"
    fields = form_fields(TestClient(build_app(sessions)).get(url).text)
    replies = {
        404: TestClient(build_app(sessions)).get("/f/" + "A" * 22, headers={"Accept-Language": "fa"}),
        413: TestClient(build_app(sessions)).post(url, data={**fields, "comment": "x" * (MAX_BODY + 1)}),
        503: TestClient(build_app(sessions, in_flight=0)).get(url),
    }
    limited = TestClient(build_app(sessions, rate_limit=1))
    limited.get(url)
    replies[429] = limited.get(url)
    page = TestClient(build_app(sessions)).get(url)
    security = {k: v for k, v in page.headers.items() if k not in ("date", "content-length")}
    titles = {404: "این برگه را پیدا نکردیم", 413: "چیزی که فرستادید", 429: "یک دقیقه صبر کنید", 503: "صفحه الان شلوغ"}
    for status, reply in replies.items():
        assert reply.status_code == status
        assert '<html lang="fa" dir="rtl">' in reply.text and titles[status] in reply.text, status
        assert reply.text.count('role="alert"') == 1  # one line saying what to do
        for name in ("content-security-policy", "referrer-policy", "x-frame-options", "cache-control", "content-type"):
            assert reply.headers[name] == security[name], (status, name)


def test_items_show_in_the_pages_language_and_untranslated_words_say_so(sessions: Path, client: TestClient) -> None:
    from kit.store import set_translations

    path, sheets = session_with_sheets(sessions)
    first, second = sheets[0].items
    set_translations(
        path,
        "ar",
        [(first, "sheet_text", "أخبرونا عن قضيتنا"), (first, "what_happened", "كل قادم جديد يحصل الآن على ورقة")],
    )
    page = client.get(f"/f/{sheets[0].token}?lang=ar").text
    assert '<p class="told">أخبرونا عن قضيتنا</p>' in page and "كل قادم جديد يحصل الآن على ورقة" in page
    assert "Tell us about our case" not in page  # the translated item shows only its Arabic
    assert '<p class="told" lang="en" dir="ltr">A safe place to sleep</p>' in page  # the other says it is English
    assert '<span lang="en" dir="ltr">The housing team is looking at it</span>' in page
    assert "ليست بلغتك بعد" in page and '<span lang="en" dir="ltr">Our first week</span>' in page
    english = client.get(f"/f/{sheets[0].token}?lang=en").text
    assert 'lang="en" dir' not in english.split("</nav>")[1] and "not in your language yet" not in english
    set_translations(path, "ar", [(second, "sheet_text", "مكان آمن للنوم"), (second, "what_happened", "فريق السكن")])
    assert "ليست بلغتك بعد" not in client.get(f"/f/{sheets[0].token}?lang=ar").text


def test_feedback_from_the_page_and_edits_from_the_app_never_lose_each_other(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions, copies=12)
    outputs = [add_output(path, "body-map", f"Idea number {n}")[0].id for n in range(12)]
    client = TestClient(build_app(sessions, rate_limit=10_000))
    errors: list[BaseException] = []

    def edit() -> None:  # what the facilitator's app does meanwhile
        try:
            for n, output_id in enumerate(outputs):
                record_response(path, output_id, "acted", f"Done {n}", on_sheet=False)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    editor = threading.Thread(target=edit)
    editor.start()
    for n, sheet in enumerate(sheets):
        assert post(client, sheet.token, {sheet.items[n % 2]: "yes"}, f"comment {n}").status_code == 200
    editor.join()
    assert not errors
    log = load_session(path)
    assert sorted(f.comment for f in log.feedback) == sorted(f"comment {n}" for n in range(12))
    assert all(log.responses[o].text == f"Done {n}" for n, o in enumerate(outputs))


def test_names_on_the_apps_roster_are_scrubbed_from_web_comments(sessions: Path) -> None:
    path, sheets = session_with_sheets(sessions)
    roster = ["Amira"]
    client = TestClient(build_app(sessions, roster=lambda: roster))
    post(client, sheets[0].token, {}, "Amira helped me a lot")
    stored = load_session(path).feedback[0].comment
    assert "Amira" not in stored and "[name]" in stored


def test_a_write_that_fails_keeps_the_answers_and_asks_to_send_again(
    sessions: Path, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.web.writer as writer

    path, sheets = session_with_sheets(sessions)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "save_feedback", full_disk)
    item = sheets[0].items[0]
    reply = post(client, sheets[0].token, {item: "partly"}, "kept")
    assert reply.status_code == 503 and "could not be saved just now" in reply.text
    assert 'value="partly" checked' in reply.text and "kept</textarea>" in reply.text
    assert load_session(path).feedback == []


def test_edits_from_another_process_and_web_feedback_never_lose_each_other(sessions: Path) -> None:
    import subprocess
    import sys

    path, sheets = session_with_sheets(sessions, copies=10)
    outputs = [add_output(path, "body-map", f"Idea number {n}")[0].id for n in range(10)]
    script = (
        "import sys; from pathlib import Path; from kit.store import record_response\n"
        "for n, o in enumerate(sys.argv[2:]): record_response(Path(sys.argv[1]), o, 'considering', f'Later {n}')\n"
    )
    editor = subprocess.Popen([sys.executable, "-c", script, str(path), *outputs])
    client = TestClient(build_app(sessions, rate_limit=10_000))
    for n, sheet in enumerate(sheets):
        assert post(client, sheet.token, {sheet.items[0]: "no"}, f"from phone {n}").status_code == 200
    assert editor.wait(timeout=60) == 0
    log = load_session(path)
    assert sorted(f.comment for f in log.feedback) == sorted(f"from phone {n}" for n in range(10))
    assert [log.responses[o].text for o in outputs] == [f"Later {n}" for n in range(10)]


def test_after_answers_are_saved_the_next_form_is_served_from_memory(
    sessions: Path, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit.web.tokens as tokens

    _, sheets = session_with_sheets(sessions)
    post(client, sheets[0].token, {sheets[0].items[0]: "yes"})
    reads: list[Path] = []
    real = tokens.load_session
    monkeypatch.setattr(tokens, "load_session", lambda p: reads.append(p) or real(p))
    post(client, sheets[1].token, {sheets[1].items[0]: "no"})
    assert reads == []  # the writer handed the index the log it wrote: nothing is read again
    assert client.get(f"/f/{sheets[0].token}").status_code == 200 and reads == []
    path, log, _ = client.app.state.index.peek(sheets[1].token)  # type: ignore[attr-defined]
    assert log == real(path)  # and that log is the file as it is on disk


def test_the_server_warms_up_before_the_first_phone(sessions: Path) -> None:
    _, sheets = session_with_sheets(sessions)
    server, sock = make_server(sessions, "127.0.0.1", 0)
    sock.close()
    page = server.config.app.state.page
    assert page.index.peek(sheets[0].token) is not None  # the log is in memory: no read for the first form


def test_pages_that_are_the_same_for_everyone_are_rendered_once_per_language(sessions: Path) -> None:
    app = build_app(sessions)
    page = app.state.page
    client = TestClient(app)
    first = {lang: client.get(f"/thanks?lang={lang}").text for lang in ("en", "ar")}
    page.env = None  # nothing may render again: the thank-you page comes from memory
    assert {lang: client.get(f"/thanks?lang={lang}").text for lang in ("en", "ar")} == first
    assert '<html lang="ar" dir="rtl">' in first["ar"] and '<html lang="en" dir="ltr">' in first["en"]


def test_a_form_is_rendered_once_and_each_opening_gets_its_own_nonce_and_the_words_as_they_are_now(
    sessions: Path,
) -> None:
    path, sheets = session_with_sheets(sessions, copies=2)
    clock = FakeClock()
    app = build_app(sessions, rate_limit=1000, nonces=Nonces(clock=clock))
    client = TestClient(app)
    url = f"/f/{sheets[0].token}"
    first = client.get(url).text
    clock.now += 5
    again = client.get(url).text
    fields = [form_fields(page) for page in (first, again)]
    assert fields[0]["nonce"] != fields[1]["nonce"] and fields[0]["stamp"] != fields[1]["stamp"]  # each its own
    stripped = [
        page.replace(f["nonce"], "").replace(f["stamp"], "") for page, f in zip((first, again), fields, strict=True)
    ]
    assert stripped[0] == stripped[1]  # and nothing else differs
    renders: list[str] = []
    real = app.state.page.html
    app.state.page.html = lambda name, *a, **kw: renders.append(name) or real(name, *a, **kw)
    post(client, sheets[1].token, {sheets[1].items[0]: "yes"})  # another phone's answers change the log...
    renders.clear()
    assert client.get(url).status_code == 200 and renders == []  # ...not this form: it is not rendered again
    record_response(path, sheets[0].items[0], "acted", "The new words")  # the facilitator changes what it says
    page = client.get(url).text
    assert "The new words" in page and renders == ["form.html"]
    reply = client.post(url, data={**form_fields(first), f"item-{sheets[0].items[0]}": "yes"})  # an older form
    assert reply.status_code == 200 and "Thank you" in reply.text
