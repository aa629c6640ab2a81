"""Run a command and measure its wall time and the peak resident memory of it and its children.

The peak is the largest sum of RSS over the process and every descendant (ingest's parse
workers, dbt's threads live in the one process), sampled from /proc every `interval` seconds.
Linux only; elsewhere the peak is reported as None.
"""

from __future__ import annotations

import os
import resource
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Measured:
    """A finished command: exit code, wall seconds, peak RSS of its process tree (bytes), output."""

    returncode: int
    seconds: float
    peak_rss_bytes: int | None
    stdout: str
    stderr: str
    #: user + system CPU seconds of the command and the children it waited for (its worker processes)
    cpu_seconds: float | None = None


def _children(pid: int) -> list[int]:
    found: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        tasks = list(task_dir.iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _rss(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    return int(fields[1]) * _PAGE


def tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and all its descendants now (0 once they are gone)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss(current)
        stack.extend(_children(current))
    return total


def run_measured(
    command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, interval: float = 0.05
) -> Measured:
    """Run `command` (no shell), sampling its process tree's memory until it exits."""
    can_sample = Path("/proc/self/statm").exists()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        list(command),
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    stdout_parts: list[str] = []
    stderr_parts: list[str] = []
    while True:
        try:
            out, err = process.communicate(timeout=interval)
            stdout_parts.append(out)
            stderr_parts.append(err)
            break
        except subprocess.TimeoutExpired:
            if can_sample:
                peak = max(peak, tree_rss(process.pid))
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(
        process.returncode,
        seconds,
        peak if can_sample else None,
        "".join(stdout_parts),
        "".join(stderr_parts),
        round(cpu, 3),
    )
