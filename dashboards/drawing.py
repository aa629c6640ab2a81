"""Charts drawn by vl-convert in helper processes, so that drawing never stalls the server (issue 15).

vl-convert holds Python's interpreter lock for the whole of a drawing (measured: a thread counting
beside 15 drawings ran at a tenth of its speed), about 65 ms a chart, and a reader's first visit
to a page draws five or six. In the dashboards' one server process that lock is every session's:
while one page's charts were drawn, every other reader's page waited. Here the drawing happens in
up to ``DHR_DRAWING_WORKERS`` (default 2, one per core) long-lived child processes,
``python -m dashboards.drawing``, that import nothing but vl-convert; the server's thread only
writes the Vega-Lite spec to a pipe and waits for the picture without holding the lock.

A child reads requests from its stdin until that closes, so it ends with the server, however the
server ends (even ``kill -9``). A child that dies or stops answering is replaced and the drawing
tried once more in a new one; a spec that vl-convert cannot draw is a ``DrawingError`` and the
child carries on.

Protocol, one request at a time per child: a 4-byte big-endian length and a JSON request
``{"format": "svg" | "png", "spec": {...}, "scale": 2.0}``; the answer is one status byte (``+``
drawn, ``!`` vl-convert's error as UTF-8), a 4-byte length and the bytes (SVG text or PNG).
Streamlit-free and Altair-free: the caller passes the spec as a dict.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import queue
import selectors
import struct
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, BinaryIO

#: Child processes drawing at once (DHR_DRAWING_WORKERS); the machine has two cores.
WORKERS = max(1, int(os.environ.get("DHR_DRAWING_WORKERS", "2")))
#: A drawing takes well under a second; a child silent for this long is stuck and is replaced.
ANSWER_SECONDS = 60.0
_HEADER = struct.Struct(">I")
_DRAWN, _FAILED = b"+", b"!"
_log = logging.getLogger(__name__)


class DrawingError(ValueError):
    """vl-convert could not draw the spec (its own message)."""


# ---- the child process ----------------------------------------------------------------------------


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _draw(request: dict[str, Any]) -> bytes:
    import vl_convert as vlc

    if request["format"] == "svg":
        return vlc.vegalite_to_svg(request["spec"]).encode("utf-8")
    if request["format"] == "png":
        return vlc.vegalite_to_png(request["spec"], scale=float(request.get("scale", 1.0)))
    raise ValueError(f"unknown format {request['format']!r}")


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """The child's loop: draw each request and answer it, until ``requests`` closes."""
    while (header := _read_exactly(requests, _HEADER.size)) is not None:
        body = _read_exactly(requests, _HEADER.unpack(header)[0])
        if body is None:
            return
        try:
            status, payload = _DRAWN, _draw(json.loads(body))
        except Exception as error:  # any failure to draw is told to the caller, not fatal
            status, payload = _FAILED, f"{type(error).__name__}: {error}".encode()
        answers.write(status + _HEADER.pack(len(payload)) + payload)
        answers.flush()


# ---- the server's side ----------------------------------------------------------------------------


class _Child:
    """One drawing process and its pipes."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dashboards.drawing"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            # Imports only this module and vl-convert; the project root is where `dashboards` lives.
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        )

    def ask(self, request: bytes) -> tuple[bytes, bytes]:
        """Send one request and wait for its answer; OSError if the child died or went silent."""
        if self.process.stdin is None or self.process.stdout is None:
            raise OSError("the drawing process has no pipes")
        self.process.stdin.write(_HEADER.pack(len(request)) + request)
        self.process.stdin.flush()
        status = self._read(1)
        payload = self._read(_HEADER.unpack(self._read(_HEADER.size))[0])
        return status, payload

    def _read(self, size: int) -> bytes:
        out = self.process.stdout
        if out is None:
            raise OSError("the drawing process has no pipes")
        chunks, left = [], size
        with selectors.DefaultSelector() as selector:
            selector.register(out, selectors.EVENT_READ)
            while left:
                if not selector.select(timeout=ANSWER_SECONDS):
                    raise OSError(f"the drawing process gave no answer in {ANSWER_SECONDS:.0f} s")
                chunk = os.read(out.fileno(), left)
                if not chunk:
                    raise OSError("the drawing process ended")
                chunks.append(chunk)
                left -= len(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                if self.process.stdin is not None:
                    self.process.stdin.close()  # the child's loop ends at end of input
                self.process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


class Drawers:
    """A pool of drawing processes shared by every thread of the server; started when first used."""

    def __init__(self, workers: int = WORKERS) -> None:
        self.workers = workers
        # Places, not processes: a child is started when a place is first taken.
        self._idle: queue.Queue[_Child | None] = queue.Queue()
        for _ in range(workers):
            self._idle.put(None)
        self._lock = threading.Lock()
        self._children: list[_Child] = []

    def draw(self, request: dict[str, Any]) -> bytes:
        body = json.dumps(request, separators=(",", ":")).encode("utf-8")
        child = self._idle.get()  # waits, without the interpreter lock, for a free child
        try:
            status, payload = None, b""
            for _attempt in (1, 2):
                try:
                    if child is None or child.process.poll() is not None:
                        child = self._spawn(child)
                    status, payload = child.ask(body)
                    break
                except OSError as error:
                    _log.warning("drawing process failed (%s); replacing it", error)
                    if child is not None:
                        child.process.kill()
                        child.process.wait()
            if status is None:
                # No child could draw it twice running: draw here, holding the lock, rather than fail the page.
                return _draw(request)
            if status == _FAILED:
                raise DrawingError(payload.decode("utf-8", "replace"))
            return payload
        finally:
            self._idle.put(child)

    def _spawn(self, old: _Child | None) -> _Child:
        with self._lock:
            if old is not None:
                old.stop()
                if old in self._children:
                    self._children.remove(old)
            child = _Child()
            self._children.append(child)
            return child

    def warm(self) -> None:
        """Start every child and its JavaScript engine now (0.5-0.7 s each, the first drawing's cost)."""
        tiny = {"format": "svg", "spec": {"mark": "point", "data": {"values": [{}]}}}
        with ThreadPoolExecutor(self.workers) as pool:
            list(pool.map(lambda _: self.draw(tiny), range(self.workers)))

    def pids(self) -> list[int]:
        """The running children's process ids (for tests and `dhr status`-like checks)."""
        with self._lock:
            return [c.process.pid for c in self._children if c.process.poll() is None]

    def stop(self) -> None:
        with self._lock:
            children, self._children = self._children, []
        for child in children:
            child.stop()


DRAWERS = Drawers()
atexit.register(DRAWERS.stop)


def svg(spec: dict[str, Any]) -> str:
    """The Vega-Lite ``spec`` drawn as SVG by vl-convert, in a drawing process."""
    return DRAWERS.draw({"format": "svg", "spec": spec}).decode("utf-8")


def warm() -> None:
    """Start the drawing processes before the first chart is asked for (``dashboards.preload``)."""
    DRAWERS.warm()


def png(spec: dict[str, Any], scale: float) -> bytes:
    """The Vega-Lite ``spec`` drawn as PNG at ``scale`` pixels per CSS pixel, in a drawing process."""
    return DRAWERS.draw({"format": "png", "spec": spec, "scale": scale})


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
