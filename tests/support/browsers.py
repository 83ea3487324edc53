"""Browsers that run elsewhere, started here on loopback as a remote machine would run them.

    with cdp_chromium(executable, args, profile) as endpoint:      # http://127.0.0.1:PORT
    with browser_server(executable, args) as endpoint:             # ws://127.0.0.1:PORT/…

Each runs in a process group of its own and is ended with it (Debian's chromium-headless-shell is
a script that runs the browser without exec: ending the script alone would leave the browser).
"""

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

STARTUP_SECONDS = 30.0


@contextmanager
def cdp_chromium(executable: str, args, profile: Path):
    """A Chromium listening for CDP on a free loopback port; yields its http:// endpoint."""
    command = [
        executable,
        "--headless=new",
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
        *args,
        "about:blank",
    ]
    # Chromium announces on stderr once it listens: "DevTools listening on ws://127.0.0.1:PORT/…".
    with _announcing(command, "stderr", r"DevTools listening on ws://[^/]+:(\d+)/") as announced:
        yield f"http://127.0.0.1:{announced.group(1)}"


@contextmanager
def browser_server(executable: str, args, folder: Path):
    """A Playwright browser server (`playwright launch-server`) for this Chromium; yields its ws:// endpoint."""
    config = folder / "browser-server.json"
    config.write_text(json.dumps({"executablePath": executable, "args": list(args), "headless": True}))
    command = [sys.executable, "-m", "playwright", "launch-server", "--browser", "chromium", "--config", str(config)]
    with _announcing(command, "stdout", r"(ws://\S+)") as announced:
        yield announced.group(1)


@contextmanager
def _announcing(command: list[str], stream: str, pattern: str):
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE if stream == "stdout" else subprocess.DEVNULL,
        stderr=subprocess.PIPE if stream == "stderr" else subprocess.DEVNULL,
        text=True,
        errors="replace",
        start_new_session=True,  # a group of its own, so the browser goes too if a wrapper script started it
    )
    try:
        yield _announcement(process, getattr(process, stream), pattern)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def _announcement(process: subprocess.Popen, stream, pattern: str) -> re.Match:
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_forward_lines, args=(stream, lines), daemon=True).start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            raise RuntimeError(f"{process.args[0]} exited with {process.wait()} before it listened")
        found = re.search(pattern, line)
        if found:
            return found
    raise TimeoutError(f"{process.args[0]} did not announce where it listens")


def _forward_lines(stream, lines: queue.Queue) -> None:
    # Reads to the end, so the browser never blocks on a full pipe; None marks its exit.
    for line in stream:
        lines.put(line)
    lines.put(None)
