"""The scoping review (.docx) of 003 Annex C (003 L805-816), laid out as docs/design.md §1.2.

Title `Scoping Review`, the protective marking, table 1 (title-page fields, 003 L807), then a
`Heading 2` per question "n. <question>" with its answer paragraphs; table 2, the early actions
(003 L812), follows the answer to question 5.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from dhr.forms import _docx as D
from dhr.forms._common import (
    MARKING_BLANK,
    MARKING_FILLED,
    TEMPLATE_TIMESTAMP,
    docx_text,
    paragraphs,
    record_timestamp,
    save_document,
)
from form_contract.records import ScopingReview
from form_contract.spec import EARLY_ACTION_FIELDS, SCOPING_QUESTIONS, SCOPING_TITLE_FIELDS

TITLE = "Scoping Review"

#: Blank early-action rows in the template.
BLANK_EARLY_ACTIONS = 3

#: How to complete the template (blank template only), with citations.
TEMPLATE_GUIDANCE = (
    "A CSP must conduct a Scoping Review for all fatal incidents that meet the criteria for a DHR within four "
    "weeks of notification (003 L268). Send it to the Home Office, the Domestic Abuse Commissioner and the local "
    "Police and Crime Commissioner, including where the decision is not to commission a DHR (003 L286-290).",
    "Complete the table below (title page, 003 L807) and answer each question under its heading (003 L808-816). "
    "Use pseudonyms; give month and year only, never exact dates of death, place names or a child's sex (003 L599-605).",
    "Question 5: at this stage a comprehensive action plan is not necessary. Only actions already agreed need to be "
    "included; they are transferred automatically to the DHR action plan (003 L812). Question 6 is answered only "
    "when the Scoping Review Panel has agreed not to commission a DHR (003 L813).",
)


def build_scoping_document(review: ScopingReview | None = None):
    """The scoping review document for a record (a blank template when `review` is None)."""
    marking = MARKING_BLANK if review is None else MARKING_FILLED
    doc = D.new_document(marking=marking)
    D.add_styled_paragraph(doc, TITLE, "Title")
    doc.add_paragraph().add_run(marking).bold = True
    if review is None:
        for text in TEMPLATE_GUIDANCE:
            doc.add_paragraph().add_run(text).italic = True

    pairs = [
        (f.label, docx_text(f, getattr(review, f.name) if review is not None else None)) for f in SCOPING_TITLE_FIELDS
    ]
    D.key_value_table(doc, pairs, (7.5, 9.5))

    for n, question in enumerate(SCOPING_QUESTIONS, start=1):
        D.add_styled_paragraph(doc, f"{n}. {question.label}", "Heading2")
        answer = getattr(review, question.name) if review is not None else None
        blocks = paragraphs(answer)
        if not blocks:
            doc.add_paragraph()
        for block in blocks:
            doc.add_paragraph(block)
        if n == 5:
            _early_actions_table(doc, review)
    return doc


def _early_actions_table(doc, review: ScopingReview | None) -> None:
    header = [D.CellSpec(f.label, bold=True) for f in EARLY_ACTION_FIELDS]
    if review is None:
        body = [[""] * len(EARLY_ACTION_FIELDS) for _ in range(BLANK_EARLY_ACTIONS)]
    else:
        body = [[docx_text(f, getattr(action, f.name)) for f in EARLY_ACTION_FIELDS] for action in review.early_actions]
    D.table(doc, [header, *body], (1.4, 6.0, 3.0, 4.6, 2.4), header_rows=1)


def _timestamp(review: ScopingReview | None) -> datetime:
    if review is None:
        return TEMPLATE_TIMESTAMP
    return record_timestamp([review.notification_date, review.submitted_date])


def write_scoping_review(path: Path, review: ScopingReview | None = None, *, timestamp: datetime | None = None) -> Path:
    """Write the scoping review (.docx) for `review`, or the blank template when it is None.

    `timestamp` is the document's created/modified time; by default 09:00 on the latest date
    on the review, so the same record always gives the same bytes.
    """
    doc = build_scoping_document(review)
    author = review.csp_name if review is not None and review.csp_name else ""
    return save_document(doc, Path(path), timestamp or _timestamp(review), title=TITLE, author=author or "")
