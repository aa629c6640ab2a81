"""Cards of quoted text (the "Learning that repeats" recommendations) as one block of HTML.

Five bordered ``st.container``s with a Markdown element in each were ten elements, among the
costliest for the reader's browser (issue 15); one block of HTML is one. The texts are the CSPs' own
words: every part is escaped, so ``**bold**`` keeps its asterisks and ``<img>`` is shown, never
loaded (issue 15, text as text).

Pure functions, no Streamlit.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

STYLE = """<style>
.dhr-cards{display:flex;flex-direction:column;gap:.75rem;margin-bottom:.5rem}
.dhr-card{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;padding:.75rem 1rem;line-height:1.5}
.dhr-card p{margin:0 0 .4rem 0}
.dhr-card p:last-child{margin-bottom:0}
.dhr-card .dhr-card-aside{font-size:.875rem;color:rgba(49,51,63,.6)}
</style>"""


@dataclass(frozen=True)
class TextCard:
    """A quoted text: who said it (shown bold), when, what, a sentence about it, an aside."""

    source: str
    when: str
    text: str
    sentence: str = ""
    aside: str = ""


def cards_html(cards: Sequence[TextCard], label: str) -> str:
    esc = html.escape
    parts = []
    for card in cards:
        body = [f"<p><strong>{esc(card.source)}</strong> ({esc(card.when)}): {esc(card.text)}</p>"]
        if card.sentence:
            body.append(f"<p>{esc(card.sentence)}</p>")
        if card.aside:
            body.append(f'<p class="dhr-card-aside">{esc(card.aside)}</p>')
        parts.append(f'<div class="dhr-card" role="listitem">{"".join(body)}</div>')
    return f'{STYLE}<div class="dhr-cards" role="list" aria-label="{esc(label)}">{"".join(parts)}</div>'
