"""Benchmark: the kit against itself, ten times the input in at most about twelve times the time.

These used to be tests with wall-clock budgets, which failed whenever another program used the CPU.
Here each case runs a small and a ten-times-larger input in the same process and prints the ratio of
their times; goal: at most 12 (linear growth, with some room for caches).

- scrubbing hostile pastes (inputs that made earlier patterns backtrack) and a long roster;
- storing a long notes file as outputs in one write (each insert used to re-read the whole table).

    .venv/bin/python bench/linear.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit.scrub import scrub  # noqa: E402
from kit.store import add_outputs, create_session  # noqa: E402

GOAL = 12.0
RUNS = 5


def best_of(work: Callable[[], object]) -> float:
    """The fastest of a few runs: the least disturbed by other programs."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def scrub_case(unit: str, roster: list[str] | None = None) -> Callable[[int], Callable[[], object]]:
    def make(scale: int) -> Callable[[], object]:
        text = unit * scale
        return lambda: scrub(text, roster or [])

    return make


def store_case(scale: int) -> Callable[[], object]:
    folder = Path(tempfile.mkdtemp(prefix="kit-bench-"))
    lines = [f"line {n} we said" for n in range(scale)]

    def work() -> object:
        session = create_session(folder, "Bench", ["body-map"])
        return add_outputs(session, "body-map", lines)

    return work


def main() -> int:
    roster = [f"Name{a}{b}" for a in "abcdefghij" for b in "klmnopqrstuvwxyzabcdefghij"]
    said = " ".join(name + " said" for name in roster)
    cases: list[tuple[str, Callable[[int], Callable[[], object]], int]] = [
        ("scrub 'x-' repeated", scrub_case("x-"), 250),
        ("scrub '1.1.' repeated", scrub_case("1.1."), 125),
        ("scrub '+1' repeated", scrub_case("+1"), 250),
        ("scrub phone and address", scrub_case("call 07700 900123 at 14 Mill Lane "), 15),
        ("scrub with a 260-name roster", scrub_case(said + " ", roster), 1),
        ("store a notes file in one write", store_case, 400),
    ]
    worst = 0.0
    print(f"{'case':36} {'small s':>9} {'10x s':>9} {'ratio':>6}")
    for name, make, small in cases:
        small_time = best_of(make(small))
        large_time = best_of(make(small * 10))
        ratio = large_time / small_time
        worst = max(worst, ratio)
        print(f"{name:36} {small_time:9.4f} {large_time:9.4f} {ratio:6.1f}")
    print(f"worst ratio {worst:.1f} (goal: at most {GOAL:.0f})")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
