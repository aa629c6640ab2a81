"""Run a server as a child process that stops when `dhr serve` is told to stop (issue 15).

`subprocess.call` leaves the child running when the parent gets SIGTERM (systemd, `docker stop`,
`kill`): the parent dies at once and the Streamlit server goes on serving, unowned. Here SIGTERM,
SIGINT and SIGHUP are passed on to the child, and the parent waits for it: `grace` seconds after
the first signal it is killed, so a stop never hangs and never leaves a server behind. The child
runs in its own process group, so Ctrl+C in a terminal reaches it once, through this process.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def run_child(
    command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None, grace: float = 10.0
) -> int:
    """Run `command` until it exits; pass SIGTERM/SIGINT/SIGHUP on to it. The exit status: the child's,
    or 128 + the signal number when a signal ended it (the shell's convention)."""
    signals: list[int] = []
    stopping_since: list[float] = []
    child: subprocess.Popen[bytes] | None = None

    def forward(signum: int, _frame: object) -> None:
        signals.append(signum)
        if not stopping_since:
            stopping_since.append(time.monotonic())
        if child is not None:  # send_signal does nothing once the child has exited
            # SIGHUP (the terminal closed) stops the server like SIGTERM.
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED}
    try:
        # Its own process group: Ctrl+C in the terminal reaches this process only, which passes it on
        # once (two SIGINTs would make the server force its exit instead of closing its sessions).
        child = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            list(command),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            process_group=0,
        )
        if signals:  # a signal arrived while the child was starting
            forward(signals[0], None)
        while True:
            try:
                code = child.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stopping_since and time.monotonic() - stopping_since[0] > grace:
                    child.kill()
                    code = child.wait()
                    break
    finally:
        if child is not None and child.poll() is None:  # an error here: never leave the server behind
            child.kill()
            child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 - code if code < 0 else code
