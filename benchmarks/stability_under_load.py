"""The e2e stability loop while another process keeps one core busy: failures per N runs (target 0).

    python -m benchmarks.stability_under_load [-n 10] [--busy-cores 1] [-- extra pytest arguments]

The loop is the e2e issue's `python -m benchmarks.stability` (its traces of failing runs kept),
started with --busy-cores: a spinning process takes a core, as another tenant of a shared machine
would. Without that module, the same loop runs here: `pytest tests/e2e -q -p no:randomly` N times.
"""

import argparse
import subprocess
import sys
import time

from .machine import describe_machine

_SPIN = "while True: pass"


def _plain_loop(runs: int, busy_cores: int, pytest_args: list[str]) -> int:
    print(describe_machine(), flush=True)
    spinners = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(busy_cores)]  # noqa: S603
    failed = []
    try:
        for run in range(1, runs + 1):
            command = [sys.executable, "-m", "pytest", "tests/e2e", "-q", "-p", "no:randomly", *pytest_args]
            started = time.perf_counter()
            finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
            last = (finished.stdout.strip().splitlines() or ["(no output)"])[-1]
            verdict = "ok" if finished.returncode == 0 else "FAILED"
            print(f"run {run:2d}/{runs}: {verdict:6s} {time.perf_counter() - started:6.1f} s  {last}", flush=True)
            if finished.returncode != 0:
                failed.append(run)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    print(f"{len(failed)} of {runs} runs had a failure with {busy_cores} core(s) kept busy", flush=True)
    return 1 if failed else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stability_under_load", description=__doc__)
    parser.add_argument("-n", "--runs", type=int, default=10)
    parser.add_argument("--busy-cores", type=int, default=1)
    parser.add_argument("pytest_args", nargs="*", help="extra arguments for pytest (after --)")
    args = parser.parse_args(argv)
    try:
        from . import stability
    except ImportError:
        return _plain_loop(args.runs, args.busy_cores, args.pytest_args)
    extra = ["--", *args.pytest_args] if args.pytest_args else []
    return stability.main(["-n", str(args.runs), "--busy-cores", str(args.busy_cores), *extra])


if __name__ == "__main__":
    sys.exit(main())
