"""Small UI pieces every page shares: the warehouse guard and the footer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from dashboards import data
from dashboards.formatting import fmt_date, fmt_datetime

DATA_NOTE = "synthetic data"


@contextmanager
def warehouse_guard() -> Iterator[None]:
    """Run a page body; if the warehouse cannot answer, say why instead of showing a traceback.

    The exception is swallowed after the message is drawn, so the router still draws the footer.
    """
    try:
        yield
    except data.WarehouseNotBuilt as error:
        st.warning(f"**The warehouse has not been built yet.** {error}", icon=":material/construction:")
    except data.WarehouseUnavailable as error:
        st.warning(f"**The warehouse cannot be read just now.** {error}", icon=":material/hourglass_top:")


def footer_text() -> str:
    """`Data as of 30/09/2026; built 30/09/2026 14:05; synthetic data`."""
    try:
        info = data.get_build_info()
    except data.WarehouseError:
        return f"No warehouse built yet: {data.BUILD_HINT}; {DATA_NOTE}"
    if info.height == 0:
        return f"Warehouse build not recorded; {DATA_NOTE}"
    row = info.row(0, named=True)
    return f"Data as of {fmt_date(row['reporting_date'])}; built {fmt_datetime(row['built_at'])}; {DATA_NOTE}"


def render_footer() -> None:
    st.divider()
    st.caption(footer_text())
