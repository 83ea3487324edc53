"""python -m benchmarks: every benchmark in turn (`make bench`). Figures only, never a verdict."""

import importlib
import sys
import time

SECTIONS = (
    ("The browser suite", "benchmarks.suite"),
    ("The illustrated instruction", "benchmarks.docs"),
    ("Callbacks and start-up", "benchmarks.callbacks"),
)


def main() -> None:
    started = time.perf_counter()
    for title, module in SECTIONS:
        print(f"\n== {title} ({module}) ==", flush=True)
        importlib.import_module(module).main([])
    print(f"\nAll benchmarks: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
