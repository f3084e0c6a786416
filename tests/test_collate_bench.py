"""The collation benchmark's generated files are real session logs, so its figures measure real work."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kit.collate import collate, merge, summarise
from kit.store import load_session

BENCH = Path(__file__).parent.parent / "bench" / "collate.py"


def load_bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_collate", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_files_are_session_logs_the_store_and_collation_read(tmp_path: Path) -> None:
    bench = load_bench()
    bench.generate(tmp_path, 3)
    files = sorted(tmp_path.rglob("*.json"))
    assert len(files) == 3
    for path in files:
        log = load_session(path)
        assert len(log.outputs) == bench.OUTPUTS and log.feedback
    collation = collate([tmp_path])
    assert collation.problems == [] and summarise(collation).outputs == 3 * bench.OUTPUTS
    took, took_cpu, rows, conflicts = bench.run(tmp_path, tmp_path / "out.csv")
    assert rows == 3 * bench.OUTPUTS and took > 0 and took_cpu > 0 and conflicts == 0


def test_bench_copies_continue_the_line_of_edits_and_only_diverged_ones_conflict(tmp_path: Path) -> None:
    bench = load_bench()
    bench.generate(tmp_path, 20)  # file 9 continues 8 (read first), file 19 continues 18 but was changed apart
    files = sorted(tmp_path.rglob("*.json"))
    assert len(files) == 20 and len({path.name for path in files}) == 18
    collation = collate([tmp_path])
    assert collation.problems == [] and bench.conflicts_made(20) == 2
    assert sorted((c.session, c.record) for c in collation.conflicts) == [
        ("bench-000018", "output"),
        ("bench-000018", "response"),
    ]
    continued = collation.logs()[8]
    assert continued.session.id == "bench-000008" and len(continued.withdrawn) == 1
    assert len(continued.outputs) == bench.OUTPUTS - 1
    edited = {o.id for o in continued.outputs if o.text.endswith("(and more said later)")}
    assert edited == {f"{8:06x}{i:02x}" for i in range(0, bench.OUTPUTS, 5)}  # the copy's edits were kept
    kept = [r for r in continued.responses.values() if r.status == "acted" and r.text.endswith("it was done")]
    assert len(kept) == len(range(0, (bench.OUTPUTS + 1) // 2, 4))
    assert summarise(collation).outputs == 18 * bench.OUTPUTS - 2


def test_bench_many_files_is_refused_in_one_line_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    bench = load_bench()
    monkeypatch.setattr(merge, "MAX_FILES", 10)
    problems, _, read = bench.many_files(11)
    assert read == 0 and len(problems) == 1 and "holds more than 10 files" in problems[0]
    problems, _, read = bench.many_files(10)
    assert read == 10 and problems == []
