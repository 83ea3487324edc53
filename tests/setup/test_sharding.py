"""`make test SHARD=i SHARDS=n`: the suite split over n CI machines by its recorded durations.

Collected as each shard would collect it: every test is in exactly one shard, and the shards'
recorded times are near each other (pytest-split's least-duration split of tests/durations.json).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DURATIONS = ROOT / "tests" / "durations.json"
SHARDS = 3


def collected(*extra: str) -> list[str]:
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    finished = subprocess.run([*command, *extra], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    return [line for line in finished.stdout.splitlines() if "::" in line]


def test_every_test_is_in_exactly_one_shard_and_the_shards_take_about_as_long():
    everything = collected()
    split = ["--splits", str(SHARDS), "--durations-path", str(DURATIONS), "--splitting-algorithm", "least_duration"]
    shards = [collected(*split, "--group", str(group)) for group in range(1, SHARDS + 1)]

    flat = [test_id for shard in shards for test_id in shard]
    assert sorted(flat) == sorted(everything), "a test in no shard, or in two"
    recorded = json.loads(DURATIONS.read_text(encoding="utf-8"))
    known = [sum(recorded.get(test_id, 0.0) for test_id in shard) for shard in shards]
    assert all(shard for shard in shards)
    assert max(known) <= 1.5 * min(known), f"the shards' recorded seconds are far apart: {known}"
