"""Session fixtures made once for the whole `make test` run, not once per pytest-xdist worker.

`make test` runs two workers (`-n 2`). A session-scoped fixture is per worker, so each worker built
the session's synthetic warehouse and the hand-written one, and trained the theme model: about
two minutes of the machine's two cores spent making the same thing twice (issue 16). Here the
first worker to ask makes it, under a file lock in the directory the workers share, and leaves
the value pickled beside it; the other worker waits for the lock and reads it.

What is shared this way must be read only: a test that writes works on its own copy (as the
fixtures' docstrings say).
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

T = TypeVar("T")


def shared_dir(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A directory every worker of this run sees (the run's base temp); one per worker without xdist."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return tmp_path_factory.mktemp(name)
    path = tmp_path_factory.getbasetemp().parent / name
    path.mkdir(exist_ok=True)
    return path


def once_for_all_workers(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """``make(directory)`` run once for the whole run; every worker gets its (pickled) value.

    A failure is not cached: the next worker to ask tries again, and reports its own error.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return make(tmp_path_factory.mktemp(name))
    base = tmp_path_factory.getbasetemp().parent
    done = base / f"{name}.pickle"
    with FileLock(str(base / f"{name}.lock")):
        if done.exists():
            return pickle.loads(done.read_bytes())  # noqa: S301 - written by this same test run
        directory = base / name
        shutil.rmtree(directory, ignore_errors=True)  # what a failed attempt left
        directory.mkdir()
        value = make(directory)
        done.write_bytes(pickle.dumps(value))
        return value
