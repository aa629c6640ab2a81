"""Charts are drawn by vl-convert in helper processes (dashboards/drawing.py, issue 15): the same
pictures, never crossed between readers, no drawing in the server's own interpreter, and no helper
outliving the server or staying dead."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import vl_convert as vlc

from dashboards import drawing

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def bar_spec(title: str, values: list[int]) -> dict:
    return {
        "title": title,
        "data": {"values": [{"label": f"row {i}", "count": v} for i, v in enumerate(values)]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "label", "type": "nominal"},
            "x": {"field": "count", "type": "quantitative"},
        },
    }


@pytest.fixture
def drawers():
    pool = drawing.Drawers(workers=2)
    yield pool
    pool.stop()


def test_a_chart_drawn_in_a_drawing_process_is_the_picture_vl_convert_draws(drawers):
    spec = bar_spec("Action status by CSP", [3, 1, 4])
    picture = drawers.draw({"format": "svg", "spec": spec}).decode()
    assert picture == vlc.vegalite_to_svg(spec)
    assert drawers.pids() and os.getpid() not in drawers.pids()


def test_a_png_for_the_annual_report_is_drawn_at_its_scale(drawers):
    spec = bar_spec("Themes", [5, 2])
    picture = drawers.draw({"format": "png", "spec": spec, "scale": 2.0})
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture == vlc.vegalite_to_png(spec, scale=2.0)


def test_many_readers_drawing_at_once_each_get_their_own_chart(drawers):
    specs = [bar_spec(f"Chart {i}", [i + 1, 2 * i + 1]) for i in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        pictures = list(pool.map(lambda s: drawers.draw({"format": "svg", "spec": s}).decode(), specs))
    for i, picture in enumerate(pictures):
        assert f"Chart {i}</text>" in picture
        assert all(f"Chart {j}</text>" not in picture for j in range(12) if j != i)
    assert len(drawers.pids()) == 2  # never more children than places


def test_a_spec_vl_convert_cannot_draw_is_a_drawing_error_and_the_process_carries_on():
    drawers = drawing.Drawers(workers=1)
    try:
        drawers.draw({"format": "svg", "spec": bar_spec("first", [1])})
        before = drawers.pids()
        with pytest.raises(drawing.DrawingError, match="conversion failed"):
            drawers.draw({"format": "svg", "spec": {"mark": "no such mark"}})
        assert "second" in drawers.draw({"format": "svg", "spec": bar_spec("second", [1])}).decode()
        assert drawers.pids() == before
    finally:
        drawers.stop()


def test_a_drawing_process_killed_is_replaced_and_the_chart_still_drawn():
    drawers = drawing.Drawers(workers=1)
    try:
        drawers.draw({"format": "svg", "spec": bar_spec("before", [1])})
        (killed,) = drawers.pids()
        os.kill(killed, signal.SIGKILL)
        assert "after" in drawers.draw({"format": "svg", "spec": bar_spec("after", [2])}).decode()
        assert drawers.pids() and killed not in drawers.pids()
    finally:
        drawers.stop()


def _ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in state  # ended, waiting to be reaped by whoever adopted it


def _run_server_like(script: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_the_server_never_draws_in_its_own_interpreter():
    """vl-convert holds the interpreter lock while it draws: the server must not import it at all."""
    server = _run_server_like(
        f"""
        import sys, json
        from dashboards import drawing
        picture = drawing.svg({json.dumps(bar_spec("x", [1]))})
        print(json.dumps({{"drawn": picture.startswith("<svg"), "vl_convert_here": "vl_convert" in sys.modules}}))
        """
    )
    out, _ = server.communicate(timeout=120)
    assert json.loads(out) == {"drawn": True, "vl_convert_here": False}


def test_drawing_processes_end_with_the_server_even_when_it_is_killed():
    server = _run_server_like(
        f"""
        import json, time
        from concurrent.futures import ThreadPoolExecutor
        from dashboards import drawing
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(drawing.svg, [{json.dumps(bar_spec("a", [1]))}] * 4))
        print(json.dumps(drawing.DRAWERS.pids()), flush=True)
        time.sleep(600)
        """
    )
    assert server.stdout is not None
    children = json.loads(server.stdout.readline())
    assert children
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not all(_ended(pid) for pid in children):
        time.sleep(0.2)
    assert all(_ended(pid) for pid in children), "a drawing process outlived the server"
