"""Benchmark: collate 1,000 session files of 50 outputs (optionally 10,000) with CSV export.

Every tenth file is another laptop's later copy of the session before it (outputs edited again, what
happened changed, an output withdrawn), and one copy in a hundred was also changed apart: collation
must report exactly those as conflicts (2 each: an output and a response), never a copy of the same
line of edits.

Prints the time against plain `json.load` of the same files (the floor), in wall-clock and CPU time (the
CPU ratio is steadier on a busy machine), the conflicts, peak memory and, with --scale, the growth from
1,000 to 10,000 files. Goal: at most 2.5x the floor at both sizes, growth no worse than linear,
no false conflict. Run it on a calm machine (`uptime`: load below 2).

    .venv/bin/python bench/collate.py            # 1,000 files
    .venv/bin/python bench/collate.py --scale    # also 10,000 files (a few minutes, ~2.5 GB of temp files)
    .venv/bin/python bench/collate.py --many-files 100000   # a folder of 100,000 files: refused in one line
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from kit.collate import collate, gc_paused, merge
from kit.collate.exports import write_csv
from kit.store.storage import SESSION_KIND

OUTPUTS = 50
REPEATS = 5
GOAL = 2.5  # collation plus CSV, at most this many times the plain json.load of the same files
COPY_EVERY = 10  # file n is a later copy of session n - 1 when n % COPY_EVERY == COPY_EVERY - 1
DIVERGED = (100, 19)  # ... and was also changed apart when n % 100 == 19 (a real conflict: output and response)
THEMES = ["safety", "trust", "home", "education", "interpreters", "turning-18", "participation"]
WORDS = "a safe place to live someone who believes you on the first day English classes and football".split()


def session_doc(n: int, rng: random.Random) -> dict:
    """One session file in the TinyDB layout the store writes (tables of numbered documents)."""
    stamp = f"2026-03-{1 + n % 28:02d}T10:00:00.{n % 1000000:06d}+00:00"
    outputs, responses, tickets, feedback = {}, {}, {}, {}
    ids = [f"{n:06x}{i:02x}" for i in range(OUTPUTS)]
    for i, output_id in enumerate(ids):
        outputs[str(i + 1)] = {
            "activity": "body-map",
            "created": stamp,
            "deleted": False,
            "history": [],
            "id": output_id,
            "principles": sorted(rng.sample([2, 3, 6, 12], rng.randint(1, 2))),
            "removed": {},
            "sheet_text": {},
            "step": None,
            "text": " ".join(rng.choices(WORDS, k=rng.randint(6, 20))),
            "themes": rng.sample(THEMES, rng.randint(0, 2)),
            "updated": stamp,
        }
        if i % 2 == 0:
            responses[str(len(responses) + 1)] = {
                "date": "2026-04-01",
                "history": [],
                "on_sheet": True,
                "output": output_id,
                "status": rng.choice(["acted", "passed-on", "considering", "not-possible"]),
                "text": " ".join(rng.choices(WORDS, k=12)),
                "translations": {},
                "updated": stamp,
            }
    for s in range(5):
        token = f"{n:08x}{s:056x}"
        tickets[str(s + 1)] = {"code_hash": token, "issued": stamp, "items": ids[::2], "token_hash": token}
        answers = {o: rng.choice(["yes", "partly", "no"]) for o in ids[::2]}
        feedback[str(s + 1)] = {"answers": answers, "comment": "", "received": stamp, "token_hash": token, "via": "web"}
    return {
        "feedback": feedback,
        "meta": {"1": {"kind": SESSION_KIND, "schema": 1}},
        "outputs": outputs,
        "responses": responses,
        "session": {
            "1": {
                "activities": ["body-map"],
                "created": stamp,
                "date": f"2026-03-{1 + n % 28:02d}",
                "facilitator": "",
                "group_size": 8,
                "id": f"bench-{n:06d}",
                "interpreter": False,
                "languages": ["en"],
                "length_minutes": 90,
                "title": f"Bench session {n}",
                "updated": stamp,
            }
        },
        "tickets": tickets,
    }


def later_copy(doc: dict, diverged: bool) -> dict:
    """Another laptop's later copy of a session file, continuing its line of edits as the store does.

    Every fifth output is edited again and every fourth "what happened" changed (each records the
    version it came from in `history`), and the second output is withdrawn. When diverged, the first
    output and its "what happened" come from a line of edits the original never had: real conflicts.
    """
    copy = json.loads(json.dumps(doc))
    session = copy["session"]["1"]
    later = session["updated"].replace("T10:", "T11:")
    session["updated"] = later

    def continue_line(record: dict, **changes: object) -> None:
        record["history"] = [*record["history"], record["updated"]]
        record.update(changes, updated=later)

    for i, output in enumerate(copy["outputs"].values()):
        if i == 1:
            continue_line(output, text="", principles=[], themes=[], removed={}, deleted=True)
        elif i % 5 == 0:
            continue_line(output, text=output["text"] + " (and more said later)")
    for i, response in enumerate(copy["responses"].values()):
        if i % 4 == 0:
            continue_line(response, status="acted", text=response["text"] + " and it was done")
    if diverged:
        for record in (copy["outputs"]["1"], copy["responses"]["1"]):
            record["history"] = ["2026-02-01T09:00:00.000000+00:00"]  # not the original's version
    return copy


def conflicts_made(count: int) -> int:
    """How many real conflicts generate(count) writes: 2 for each copy changed apart."""
    every, at = DIVERGED
    return 2 * sum(1 for n in range(count) if n % every == at and n % COPY_EVERY == COPY_EVERY - 1)


def generate(folder: Path, count: int) -> None:
    """Write count session files into folder (10 subfolders, as if copied from several laptops).

    The later copies lie in laptop-9 or laptop-0, so some are read after the file they continue and some before.
    """
    rng = random.Random(count)
    previous: dict = {}
    for n in range(count):
        if n % COPY_EVERY == COPY_EVERY - 1 and previous:
            doc, name = later_copy(previous, n % DIVERGED[0] == DIVERGED[1]), f"bench-{n - 1:06d}.json"
            sub = folder / f"laptop-{9 if (n // COPY_EVERY) % 2 else 0}"
        else:
            doc = previous = session_doc(n, rng)
            sub, name = folder / f"laptop-{n % 10}", f"bench-{n:06d}.json"
        sub.mkdir(exist_ok=True)
        text = json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1)
        (sub / name).write_text(text, encoding="utf-8")


def floor(folder: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds to json.load every file: the least any collation must spend."""
    start, cpu = time.perf_counter(), time.process_time()
    for path in sorted(folder.rglob("*.json")):
        with open(path, encoding="utf-8") as handle:
            json.load(handle)
    return time.perf_counter() - start, time.process_time() - cpu


def run(folder: Path, out: Path) -> tuple[float, float, int, int]:
    """Wall-clock and CPU seconds to collate the folder and write the CSV, the rows written and the conflicts."""
    start, cpu = time.perf_counter(), time.process_time()
    with gc_paused(freeze=True):  # as the collate command does
        collation = collate([folder])
        rows = write_csv(collation, out)
    took, took_cpu = time.perf_counter() - start, time.process_time() - cpu
    gc.unfreeze()  # the bench goes on running: let the collector see this collation again
    if collation.problems:
        raise SystemExit(f"the bench's own files were skipped: {collation.problems[0]}")
    return took, took_cpu, rows, len(collation.conflicts)


def measure(count: int) -> tuple[float, float, bool]:
    """Generate, warm the page cache, then time the floor and the collation; returns both (wall) and whether
    the conflicts reported are exactly those made."""
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        folder = Path(tmp) / "sessions"
        folder.mkdir()
        t0 = time.perf_counter()
        generate(folder, count)
        print(f"{count:>6} files: generated in {time.perf_counter() - t0:.1f} s")
        floor(folder)  # warm the cache so both timings read from memory
        # Best of REPEATS, as timeit does: the least disturbed run is the truest measure of the code.
        # The two are interleaved so that a busy moment on the machine weighs on both alike.
        bases, runs = [], []
        for _ in range(REPEATS):
            bases.append(floor(folder))
            runs.append(run(folder, Path(tmp) / "out.csv"))
        base, base_cpu = min(b[0] for b in bases), min(b[1] for b in bases)
        took, took_cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        rows, conflicts = runs[0][2], runs[0][3]
        made = conflicts_made(count)
        print(
            f"{count:>6} files: json.load {base:.2f} s, collate + CSV {took:.2f} s ({rows:,} rows): "
            f"{took / base:.2f}x (CPU time: {took_cpu / base_cpu:.2f}x)"
        )
        print(f"{count:>6} files: {conflicts} conflicts reported, {made} made on purpose, {conflicts - made} false")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{count:>6} files: peak memory so far {peak:.0f} MB")
        return base, took, conflicts == made


def many_files(count: int) -> tuple[list[str], float, int]:
    """Collate a folder of count small session files; the problems reported, the seconds taken and the files read.

    Over merge.MAX_FILES the folder must be refused in one line before any file is read.
    """
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        folder = Path(tmp) / "crowded"
        doc = session_doc(0, random.Random(0))
        doc["outputs"] = {"1": doc["outputs"]["1"]}
        doc["responses"] = doc["tickets"] = doc["feedback"] = {}
        folder.mkdir()
        for n in range(count):  # all in the one folder: the hardest case to walk
            doc["session"]["1"]["id"] = f"many-{n:06d}"
            (folder / f"many-{n:06d}.json").write_text(json.dumps(doc), encoding="utf-8")
        start = time.perf_counter()
        collation = collate([folder])
        return collation.problems, time.perf_counter() - start, collation.files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="files in the main run (default 1000)")
    parser.add_argument("--scale", action="store_true", help="also run 10x the files and print the growth")
    parser.add_argument("--many-files", type=int, metavar="N", help="only check a folder of N files (100000)")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} (measure below 2)")
    if args.many_files:
        problems, took, read = many_files(args.many_files)
        print(f"{args.many_files:,} files in one folder: {read:,} read, answered in {took:.2f} s")
        print("\n".join(problems) or "(no problem reported)")
        refused = args.many_files > merge.MAX_FILES
        ok = (read == 0 and len(problems) == 1) if refused else (read == args.many_files and not problems)
        print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        print(f"goal: {'refused in one line, nothing read' if refused else 'all read'} -> {'met' if ok else 'NOT met'}")
        return 0 if ok else 1
    base, took, exact = measure(args.files)
    ok = took <= GOAL * base and exact
    if args.scale:
        base10, took10, exact10 = measure(args.files * 10)
        growth = took10 / took
        print(f"growth from {args.files:,} to {args.files * 10:,} files: {growth:.1f}x (linear would be 10x)")
        print(f"floor growth: {base10 / base:.1f}x; ratio at scale {took10 / base10:.2f}x")
        ok = ok and exact10 and took10 <= GOAL * base10 and growth <= 12
    ratios = f"{took / base:.2f}x" + (f" and {took10 / base10:.2f}x" if args.scale else "")
    print(f"goal: at most {GOAL}x the floor, no false conflict -> {'met' if ok else 'NOT met'} ({ratios})")
    print(f"load average: {os.getloadavg()[0]:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
