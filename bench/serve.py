"""Benchmark: 30 phones answer their feedback sheets at once against `codesign-kit serve`.

Starts the real server (`python -m kit serve`) on a free loopback port with a temporary sessions
folder holding one workshop and 30 issued sheets, then runs 30 concurrent clients, each from its own
loopback address (127.0.1.N, as each phone has its own address on the room's network) with its own
keep-alive connection, each looping GET form -> POST answers -> GET thank-you page (the redirect)
for 20 seconds (bounded in count too). Prints requests per second and latency percentiles.
Goal: p99 under 100 ms and no error.

The per-address limit (30 requests a minute) would refuse all but the first seconds of traffic
from one loopback address, so the server is started with `--rate-limit` raised: this measures the
server, not the limiter. Traffic goes to 127.0.0.1 only.

    .venv/bin/python bench/serve.py [--clients 30] [--seconds 20]
    .venv/bin/python bench/serve.py --pause 5      # phones that pause to read, as young people do

Without --pause it is a stress test: every phone sends again the moment it is answered, so the
latency measured is mostly the queue of 30 phones waiting for one Python process. With --pause, each
phone waits about that long to read and tick the form and again before the next round.
    .venv/bin/python bench/serve.py --profile 300     # where a POST spends its time, before tuning

`--profile N` runs no server: it sends N form-and-answer rounds through the app in this process (one
thread, the page's thread-pool calls made inline so cProfile sees them), then prints where the time
went: the functions with the most cumulative time and the share of a few stages (the store's locked
write and its fsyncs, the scrubber, reading the session, the templates, the form parser).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from kit.demo import create_demo
from kit.store import issue_sheets, load_session

MAX_REQUESTS_PER_CLIENT = 100_000
GOAL_P99_MS = 100.0
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(folder: Path, port: int) -> subprocess.Popen:
    """Run `codesign-kit serve` and wait until it answers."""
    command = [sys.executable, "-m", "kit", "--sessions", str(folder), "serve", "--port", str(port)]
    process = subprocess.Popen([*command, "--rate-limit", "1000000"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:  # ready when it answers, not when the port takes connections (it listens before it has warmed up)
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            probe.request("GET", "/")
            ready = probe.getresponse().status == 200
            probe.close()
            if ready:
                return process
        except (OSError, http.client.HTTPException):
            if process.poll() is not None:
                raise SystemExit(f"serve stopped: {process.stderr.read().decode()}") from None
        time.sleep(0.1)
    process.kill()
    raise SystemExit("serve did not start within 20 seconds")


def phone(
    port: int,
    source: str,
    token: str,
    items: list[str],
    until: float,
    times: dict[str, list[float]],
    errors: list[str],
    pause: float = 0.0,
) -> None:
    """One phone: open the form, send answers, again and again until the time is up.

    With a pause, the phone waits about that long (0.5 to 1.5 times, at random) after the form opens
    (reading and ticking) and after the thank-you page (the next young person picks it up). All phones
    open their forms at the same moment, as when the facilitator says "now"; then each takes its time.
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    choices = ("yes", "partly", "no")
    rng = random.Random(source)
    idle = False  # whether the connection sat unused while the phone paused

    def wait() -> None:
        nonlocal idle
        if pause:
            time.sleep(min(pause * rng.uniform(0.5, 1.5), max(0.0, until - time.monotonic())))
            idle = True

    def ask(method: str, url: str, body: str | None = None, headers: dict[str, str] | None = None) -> tuple:
        """Send one request; as a browser does, send it again on a new connection if the server had
        closed the idle one (uvicorn closes keep-alive connections after 5 s)."""
        nonlocal conn, idle
        retry, idle = idle, False
        try:
            conn.request(method, url, body, headers or {})
            reply = conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            if not retry:
                raise
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
            conn.request(method, url, body, headers or {})
            reply = conn.getresponse()
        return reply, reply.read()

    for n in range(MAX_REQUESTS_PER_CLIENT // 2):
        if time.monotonic() >= until:
            break
        try:
            start = time.perf_counter()
            reply, raw = ask("GET", f"/f/{token}")
            page = raw.decode("utf-8")
            times["GET"].append(time.perf_counter() - start)
            if reply.status != 200:
                errors.append(f"GET {reply.status}")
                continue
            fields = dict(HIDDEN.findall(page))
            fields.update({f"item-{item}": choices[(n + i) % 3] for i, item in enumerate(items)})
            fields["comment"] = f"Round {n}: call me on 07700 900123"
            body = urlencode(fields)
            wait()
            start = time.perf_counter()
            reply, _ = ask("POST", f"/f/{token}", body, {"Content-Type": "application/x-www-form-urlencoded"})
            times["POST"].append(time.perf_counter() - start)
            if reply.status != 303:
                errors.append(f"POST {reply.status}")
                continue
            start = time.perf_counter()
            reply, _ = ask("GET", reply.getheader("location", "/thanks"))
            times["THANKS"].append(time.perf_counter() - start)
            if reply.status != 200:
                errors.append(f"thank-you page {reply.status}")
            wait()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    conn.close()


STAGES = {  # label: (where the function is defined, its name), as cProfile names them
    "checking and scrubbing the answers": ("kit/store/sheets.py", "prepare_feedback"),
    "  of which the scrubber": ("kit/scrub/text.py", "scrub"),
    "store write (lock, read, write, fsync)": ("kit/store/sheets.py", "save_feedback"),
    "  of which JSON encoding": ("json/encoder.py", "encode"),
    "  of which fsync": ("~", "<built-in method posix.fsync>"),
    "reading a session file": ("kit/store/sessions.py", "load_session"),
    "templates": ("jinja2/environment.py", "render"),
    "form parsing": ("starlette/requests.py", "_get_form"),
}


def profile(rounds: int) -> int:
    """Send `rounds` GET + POST pairs through the app in one thread under cProfile; print where time goes."""
    import asyncio
    import cProfile
    import pstats

    import httpx2 as httpx
    import starlette.concurrency

    from kit.web.app import build_app

    async def inline(func, *args, **kwargs):  # type: ignore[no-untyped-def]
        return func(*args, **kwargs)

    # So the profile sees the writes and the reads, which run in worker threads.
    starlette.concurrency.run_in_threadpool = inline
    asyncio.to_thread = inline
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sessions"
        path, _ = create_demo(folder)
        sheets = issue_sheets(path, 30)
        app = build_app(folder, rate_limit=10**9)

        async def run() -> None:
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 1234))
            async with httpx.AsyncClient(transport=transport, base_url="http://page") as client:
                for n in range(rounds):
                    sheet = sheets[n % len(sheets)]
                    page = (await client.get(f"/f/{sheet.token}")).text
                    fields = dict(HIDDEN.findall(page))
                    fields.update({f"item-{item}": ("yes", "partly", "no")[n % 3] for item in sheet.items})
                    fields["comment"] = f"Round {n}: call me on 07700 900123"
                    reply = await client.post(f"/f/{sheet.token}", data=fields)
                    if reply.status_code != 303:
                        raise SystemExit(f"POST answered {reply.status_code}")

        profiler = cProfile.Profile()
        began = time.perf_counter()
        profiler.runcall(asyncio.run, run())
        elapsed = time.perf_counter() - began
    stats = pstats.Stats(profiler)
    print(
        f"{rounds} rounds (a GET and a POST each) in {elapsed:.2f} s under the profiler: "
        f"{elapsed / rounds * 1000:.1f} ms a round"
    )
    whole = max(entry[3] for entry in stats.stats.values())  # type: ignore[attr-defined]
    for label, (where, name) in STAGES.items():
        found = [entry[3] for (file, _, func), entry in stats.stats.items() if where in file and func == name]  # type: ignore[attr-defined]
        spent = max(found, default=0.0)
        print(f"  {label:<40} {spent / rounds * 1000:6.1f} ms a round ({spent / whole:.0%})")
    stats.sort_stats("tottime").print_stats(20)
    return 0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30, choices=range(1, 251), metavar="N (1-250)")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="each phone pauses about this long to read the form and between young people (default 0: "
        "a stress test, every phone sending again the moment it is answered)",
    )
    parser.add_argument("--profile", type=int, metavar="ROUNDS", help="profile ROUNDS answers in-process instead")
    args = parser.parse_args()
    if args.profile:
        return profile(min(args.profile, 5000))
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sessions"
        path, _ = create_demo(folder)
        sheets = issue_sheets(path, args.clients)
        port = free_port()
        server = start_server(folder, port)
        times: list[dict[str, list[float]]] = [{"GET": [], "POST": [], "THANKS": []} for _ in sheets]
        errors: list[str] = []
        try:
            until = time.monotonic() + args.seconds
            threads = [
                threading.Thread(
                    target=phone,
                    args=(port, f"127.0.1.{i + 1}", s.token, s.items, until, times[i], errors, args.pause),
                )
                for i, s in enumerate(sheets)
            ]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + 30)
            elapsed = time.perf_counter() - began
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        gets = [x for per in times for x in per["GET"]]
        posts = [x for per in times for x in per["POST"]]
        thanks = [x for per in times for x in per["THANKS"]]
        every = gets + posts + thanks
        cpu_server = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_clients = resource.getrusage(resource.RUSAGE_SELF)
        log = load_session(path)
        scrubbed = all("07700" not in f.comment for f in log.feedback)
    if not every:
        print("no request completed")
        return 1
    p50, p99 = percentile(every, 0.50) * 1000, percentile(every, 0.99) * 1000
    mode = f"each pausing about {args.pause:g} s twice a round" if args.pause else "without pause (stress test)"
    rate = len(every) / elapsed
    print(f"{args.clients} clients {mode}, {elapsed:.1f} s, {len(every):,} requests, {rate:,.0f} requests/s")
    print(f"load average before the run: {load_before:.2f} (2 cores: other jobs on the machine skew the figures)")
    print(
        f"latency p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(every) * 1000:.1f} ms (goal: p99 < {GOAL_P99_MS:.0f} ms)"
    )
    for method, values in (("GET form", gets), ("POST", posts), ("GET thank-you", thanks)):
        if values:
            print(
                f"  {method:<13} {len(values):>7,}  p50 {percentile(values, 0.5) * 1000:.1f} ms, "
                f"p99 {percentile(values, 0.99) * 1000:.1f} ms"
            )
    print(
        f"CPU seconds: server {cpu_server.ru_utime + cpu_server.ru_stime:.1f}, "
        f"clients {cpu_clients.ru_utime + cpu_clients.ru_stime:.1f} (2 cores shared)"
    )
    print(f"errors: {len(errors)}{' (' + ', '.join(sorted(set(errors))) + ')' if errors else ''}")
    print(
        f"feedback records: {len(log.feedback)} (one per sheet: {len(log.feedback) == len(sheets)}), "
        f"comments scrubbed: {scrubbed}"
    )
    ok = p99 < GOAL_P99_MS and not errors and len(log.feedback) == len(sheets) and scrubbed
    print("goal met" if ok else "goal NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
