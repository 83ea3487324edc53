"""The benchmark's naive baseline (benchmarks/suite.py): what the suite would cost without its economies."""

import os


def naive_baseline() -> bool:
    """E2E_NAIVE_BASELINE=1: a fresh browser and a UI login for every test."""
    return os.environ.get("E2E_NAIVE_BASELINE") == "1"
