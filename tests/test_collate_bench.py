"""The collation benchmark's generated files are real session logs, so its figures measure real work."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kit.collate import collate, summarise
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
    took, rows = bench.run(tmp_path, tmp_path / "out.csv")
    assert rows == 3 * bench.OUTPUTS and took > 0
