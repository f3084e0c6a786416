"""Benchmark: collate 1,000 session files of 50 outputs (optionally 10,000) with CSV export.

Prints the time against plain `json.load` of the same files (the floor) and, with --scale, the
growth from 1,000 to 10,000 files. Goal: at most 3x the floor, growth no worse than linear.

    .venv/bin/python bench/collate.py            # 1,000 files
    .venv/bin/python bench/collate.py --scale    # also 10,000 files (a few minutes, ~2.5 GB of temp files)
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from kit.collate import collate, gc_paused
from kit.collate.exports import write_csv
from kit.store.storage import SESSION_KIND

OUTPUTS = 50
REPEATS = 5
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


def generate(folder: Path, count: int) -> None:
    """Write count session files into folder (10 subfolders, as if copied from several laptops)."""
    rng = random.Random(count)
    for n in range(count):
        sub = folder / f"laptop-{n % 10}"
        sub.mkdir(exist_ok=True)
        text = json.dumps(session_doc(n, rng), ensure_ascii=False, sort_keys=True, indent=1)
        (sub / f"bench-{n:06d}.json").write_text(text, encoding="utf-8")


def floor(folder: Path) -> float:
    """Seconds to json.load every file: the least any collation must spend."""
    start = time.perf_counter()
    for path in sorted(folder.rglob("*.json")):
        with open(path, encoding="utf-8") as handle:
            json.load(handle)
    return time.perf_counter() - start


def run(folder: Path, out: Path) -> tuple[float, int]:
    """Seconds to collate the folder and write the CSV, and the number of rows written."""
    start = time.perf_counter()
    with gc_paused(freeze=True):  # as the collate command does
        collation = collate([folder])
        rows = write_csv(collation, out)
    took = time.perf_counter() - start
    gc.unfreeze()  # the bench goes on running: let the collector see this collation again
    return took, rows


def measure(count: int) -> tuple[float, float]:
    """Generate, warm the page cache, then time the floor and the collation; returns both."""
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
        base, (took, rows) = min(bases), min(runs)
        print(
            f"{count:>6} files: json.load {base:.2f} s, collate + CSV {took:.2f} s ({rows:,} rows), {took / base:.2f}x"
        )
        return base, took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="files in the main run (default 1000)")
    parser.add_argument("--scale", action="store_true", help="also run 10x the files and print the growth")
    args = parser.parse_args()
    base, took = measure(args.files)
    ok = took <= 3 * base
    print(f"goal: at most 3x the floor -> {'met' if ok else 'NOT met'} ({took / base:.2f}x)")
    if args.scale:
        base10, took10 = measure(args.files * 10)
        growth = took10 / took
        print(f"growth from {args.files:,} to {args.files * 10:,} files: {growth:.1f}x (linear would be 10x)")
        print(f"floor growth: {base10 / base:.1f}x; ratio at scale {took10 / base10:.2f}x")
        ok = ok and growth <= 12
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
