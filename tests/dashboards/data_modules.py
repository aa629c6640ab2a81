"""The modules of the dashboards' data layer (``dashboards/data/``), found on disk, so a test that
sweeps every query or ``get_*`` function also sweeps an audience module added later."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import dashboards.data


def data_modules() -> list[ModuleType]:
    """Every module of the package, the private one (``_core``) included, by name."""
    names = sorted(info.name for info in pkgutil.iter_modules(dashboards.data.__path__))
    return [importlib.import_module(f"dashboards.data.{name}") for name in names]
