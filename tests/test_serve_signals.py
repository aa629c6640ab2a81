"""`dhr serve` stops its Streamlit server when it is told to stop (issue 15): SIGTERM (systemd,
docker stop, kill) or SIGINT reaches the child, `dhr serve` waits for it, and nothing is left
listening. A real server on a free loopback port, bounded in time."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

STARTUP_SECONDS = 90
STOP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    """Running (a zombie, already dead and waiting to be reaped, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.timeout(STARTUP_SECONDS + STOP_SECONDS + 30)
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the child through /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_its_streamlit_child_on_a_signal(tmp_path, sig):
    port = free_port()
    env = {
        **os.environ,
        "DHR_DB": str(tmp_path / "wh" / "dhr.duckdb"),
        "DHR_APP_STATE": str(tmp_path / "app_state.duckdb"),
    }
    env.pop("DHR_TEST_SIGN_IN_AS", None)
    serve = subprocess.Popen(
        [sys.executable, "-m", "dhr.cli", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    kids: list[int] = []
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not healthy(port):
            assert serve.poll() is None, f"dhr serve exited with {serve.returncode} before serving"
            assert time.monotonic() < deadline, f"no /_stcore/health on port {port} within {STARTUP_SECONDS} s"
            time.sleep(0.5)
        kids = children(serve.pid)
        assert kids, "the dashboards run in a child process of dhr serve"

        serve.send_signal(sig)  # to dhr serve alone, as systemd or `kill` would send it
        code = serve.wait(timeout=STOP_SECONDS)
        assert code in (0, 128 + sig), code
        deadline = time.monotonic() + 5
        while (port_open(port) or any(alive(k) for k in kids)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not port_open(port), "the Streamlit server is still listening"
        assert not [k for k in kids if alive(k)], "the Streamlit child is still running"
    finally:
        for pid in [*kids, serve.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            serve.wait(timeout=5)


@pytest.mark.timeout(60)
def test_run_child_kills_a_child_that_ignores_sigterm_after_the_grace_period(tmp_path):
    """The stop is bounded: a server that ignores SIGTERM is killed `grace` seconds later."""
    ready = tmp_path / "ready"
    script = textwrap.dedent(f"""
        import signal, time, pathlib
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        pathlib.Path({str(ready)!r}).touch()
        time.sleep(60)
    """)
    runner = textwrap.dedent(f"""
        import sys
        from dhr.child_process import run_child
        sys.exit(run_child([sys.executable, "-c", {script!r}], grace=1.0))
    """)
    parent = subprocess.Popen([sys.executable, "-c", runner])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert time.monotonic() < deadline
            time.sleep(0.1)
        [child] = children(parent.pid)
        started = time.monotonic()
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=20) == 128 + signal.SIGKILL
        assert time.monotonic() - started < 10
        assert not alive(child)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
