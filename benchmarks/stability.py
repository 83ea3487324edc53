"""Stability: the browser suite N times in a row; how many runs had any failure (target 0).

    python -m benchmarks.stability [-n 10] [--busy-cores 1] [-- extra pytest arguments]

--busy-cores keeps that many cores busy with a spinning process for the whole loop, to prove
the suite does not depend on an idle machine. Failing runs keep their Playwright traces in
reports/stability/run-N/ so a flake can be studied rather than retried away.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

from .machine import describe_machine
from .suite import E2E_PYTEST

# A process that only burns CPU: the load another tenant of the machine would put on it.
_SPIN = "while True: pass"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stability", description=__doc__)
    parser.add_argument("-n", "--runs", type=int, default=10)
    parser.add_argument("--busy-cores", type=int, default=0, help="cores kept busy during the runs")
    parser.add_argument("--output", default="reports/stability")
    parser.add_argument("pytest_args", nargs="*", help="extra arguments for pytest (after --)")
    args = parser.parse_args(argv)
    print(describe_machine())
    spinners = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(args.busy_cores)]  # noqa: S603
    failed_runs = []
    try:
        for run in range(1, args.runs + 1):
            output = Path(args.output) / f"run-{run}"
            command = [
                *E2E_PYTEST,
                "--tracing=retain-on-failure",
                f"--output={output}",
                *args.pytest_args,
            ]
            started = time.perf_counter()
            finished = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # noqa: S603
            last_line = (finished.stdout.strip().splitlines() or ["(no output)"])[-1]
            verdict = "ok" if finished.returncode == 0 else "FAILED"
            print(
                f"run {run:2d}/{args.runs}: {verdict:6s} {time.perf_counter() - started:6.1f} s  {last_line}",
                flush=True,
            )
            if finished.returncode != 0:
                failed_runs.append(run)
    finally:
        for spinner in spinners:
            spinner.kill()
    load = f" with {args.busy_cores} core(s) kept busy" if args.busy_cores else ""
    print(
        f"{len(failed_runs)} of {args.runs} runs had a failure{load}"
        + (f" (runs {', '.join(map(str, failed_runs))}; traces in {args.output}/)" if failed_runs else "")
    )
    return 1 if failed_runs else 0


if __name__ == "__main__":
    sys.exit(main())
