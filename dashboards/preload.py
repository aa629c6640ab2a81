"""Load, once per server and in the background, what the pages load on first use (issue 15).

A page's first visit after the server starts used to import its heavy libraries while holding the
interpreter lock, stalling every other reader: 0.4 s for the Annex B workbook reader (openpyxl and
the form readers) on PCC oversight, 0.55 s for scipy's optimiser (the Researcher page's disclosure
audit). And the first chart started vl-convert's JavaScript engine (0.5-0.7 s) in a drawing process.
The router starts this when it first runs (a sign-in form is the first thing anyone sees), so by the
time someone has signed in it is done, and no reader's page pays for it.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading

from dashboards import drawing

#: Modules the pages import, or import on first use, that are slow to import (measured by py-spy).
#: tests/dashboards/test_preload.py checks that every module a page imports is here or already
#: imported by the router.
MODULES = (
    "dashboards.charts",
    # The pages' data modules are quick to import; listed so every module a page imports is loaded here.
    "dashboards.data.annual",
    "dashboards.data.national_recommendations",
    "dashboards.data.overview",
    "dashboards.data.oversight",
    "dashboards.data.reference",
    "dashboards.data.research",
    "dashboards.data.themes",
    "dashboards.data.uploads",
    "dashboards.figures",
    "dashboards.reports.annex_b",
    "dashboards.reports.annual",
    "dhr.disclosure",
    "dhr.research",
    "dhr.research_export",
    "dhr.data_dictionary",
    "dhr.reader_dictionary",
    "dhr.themes",
    "scipy.optimize",  # imported inside dhr.disclosure's audit, on the Researcher page's first table
)

_started = threading.Event()
_log = logging.getLogger(__name__)


def _preload() -> None:
    # The build process first: it is what a sender's first form waits for (its dbt parse and the
    # theme model take seconds of their own process), while the imports below only spare readers'
    # first views. Measured: started after them, it was still parsing when a quick sender's form
    # arrived 5 s after signing in, and the fast lane waited 8 s for it (bench/upload.py).
    warm_builder_once()
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # a module that fails here fails again, visibly, on the page that needs it
            _log.warning("preloading %s failed", name, exc_info=True)
    try:
        drawing.warm()
    except Exception:  # the first chart will start the drawing processes instead
        _log.warning("starting the drawing processes failed", exc_info=True)


def start_once() -> None:
    """Start the background preload, the first time only (the router runs on every rerun)."""
    if not _started.is_set():
        _started.set()
        threading.Thread(target=_preload, name="dhr-preload", daemon=True).start()


_builder_started = threading.Event()
#: "0" leaves the build process to start with the first build: the tests set it, as their pages are
#: rendered by many short-lived processes, each of which would start one.
WARM_BUILDER_ENV = "DHR_WARM_BUILD_PROCESS"


def warm_builder_once() -> None:
    """Start the server's build process (dhr/build_worker.py), which imports dbt, scikit-learn and the
    theme step and parses the dbt project: several seconds of a core, in its own process, so no reader
    waits for the interpreter lock. With the rest of the preload at server start: started when a
    sender opened Send forms, it was still importing when a quick sender's form arrived."""
    if not _builder_started.is_set() and os.environ.get(WARM_BUILDER_ENV, "1") != "0":
        _builder_started.set()
        try:
            from dhr.build_worker import worker

            worker().warm()
        except Exception:  # the first build starts it instead
            _log.warning("starting the build process failed", exc_info=True)
