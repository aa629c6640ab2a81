"""The row of headline figures at the top of a page, written as one block of HTML.

Five ``st.metric`` cards with a caption under each were ten Streamlit elements in five columns: the
costliest part of a page for the reader's browser (issue 15: 25 readers on two cores), and in a
1024 px window the columns were so narrow that the labels were cut ("Actio...", issue 19). One block
of cards in a grid that wraps onto a second line where the row is narrow costs one element and cuts nothing.
Each card's explanation is a tooltip on its "?" (hover or keyboard focus) and is read out by a
screen reader with the card.

Pure functions, no Streamlit: the page calls ``dashboards.ui.kpis``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

STYLE = """<style>
.dhr-kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:1rem;margin:0 0 .25rem 0}
.dhr-kpi{display:flex;flex-direction:column}
.dhr-kpi-card{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;padding:.9rem 1rem}
.dhr-kpi-label{font-size:.875rem;line-height:1.3;display:flex;gap:.35rem;align-items:flex-start}
.dhr-kpi-value{font-size:2.25rem;line-height:1.25;padding-top:.35rem;font-variant-numeric:tabular-nums}
.dhr-kpi-note{font-size:.875rem;line-height:1.4;color:rgba(49,51,63,.6);padding-top:.5rem}
.dhr-kpi-help{position:relative;flex:none;display:inline-block;width:1.05rem;height:1.05rem;line-height:1rem;
  text-align:center;font-size:.7rem;border:1px solid rgba(49,51,63,.45);border-radius:50%;
  color:rgba(49,51,63,.7);cursor:help}
.dhr-kpi-tip{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.dhr-kpi-help:hover .dhr-kpi-tip,.dhr-kpi-help:focus .dhr-kpi-tip{clip:auto;width:16rem;height:auto;
  white-space:normal;overflow:visible;z-index:10;left:0;top:1.4rem;background:#262730;color:#fff;
  padding:.5rem .65rem;border-radius:.4rem;font-size:.8rem;line-height:1.35;text-align:left}
</style>"""


@dataclass(frozen=True)
class Kpi:
    """One headline figure: what it counts, the figure as shown, a line under it, what it means."""

    label: str
    value: str
    note: str = ""
    help: str = ""


def kpi_html(kpis: Sequence[Kpi]) -> str:
    """The cards as one escaped block (labels and notes may carry names from the data)."""
    cards = []
    for kpi in kpis:
        esc = html.escape
        tip = (
            f'<span class="dhr-kpi-help" tabindex="0"><span aria-hidden="true">?</span>'
            f'<span class="dhr-kpi-tip" role="tooltip">{esc(kpi.help)}</span></span>'
            if kpi.help
            else ""
        )
        note = f'<div class="dhr-kpi-note">{esc(kpi.note)}</div>' if kpi.note else ""
        cards.append(
            f'<div class="dhr-kpi" role="listitem"><div class="dhr-kpi-card">'
            f'<div class="dhr-kpi-label"><span class="dhr-kpi-name">{esc(kpi.label)}</span>{tip}</div>'
            f'<div class="dhr-kpi-value">{esc(kpi.value)}</div></div>{note}</div>'
        )
    return f'{STYLE}<div class="dhr-kpis" role="list">{"".join(cards)}</div>'
