"""Benchmarks that print figures (never timed assertions: these machines are shared and noisy).

- `python -m benchmarks.suite`: the browser suite, serial and parallel, against a naive baseline.
- `python -m benchmarks.docs`: `make docs` against plain Playwright screenshots.
- `python -m benchmarks.stability`: the browser suite N times in a row, runs with any failure.
`make bench` runs them all.
"""
