"""Send forms: a CSP officer (or a PCC office, or the national team) sends data capture forms,
scoping reviews and quarterly action-plan updates, and is told at once, per file, what was read or
what to fix (issue 17). The files take the path of `dhr ingest` (dashboards.data.uploads); the
warehouse is rebuilt in the background and the pages catch up by themselves."""

from __future__ import annotations

import html

import polars as pl
import streamlit as st

from dashboards import signin, ui
from dashboards.data import uploads
from dashboards.formatting import md_escape, plural
from dhr.guidance import plain

FORM_NAMES = {
    "data_capture": "Home Office data capture form",
    "scoping_review": "scoping review",
    "action_plan": "action plan",
    None: "file of a kind that could not be told",
}
ICONS = {
    "accepted": ":material/check_circle:",
    "accepted_with_warnings": ":material/check_circle:",
    "rejected": ":material/error:",
    "already_received": ":material/content_copy:",
    "refused": ":material/block:",
}
RECORD_WORDS = {
    "recommendations": "recommendation",
    "actions": "action",
    "cases": "case",
    "victims": "victim",
    "perpetrators": "perpetrator",
    "children": "child",
    "agency_contacts": "agency answer",
    "early_actions": "early action",
}
INFERRED_WORDS = {
    "csp": "CSP",
    "dhr_reference": "DHR reference",
    "progress_as_at": "progress as at",
}
STATE_WORDS = {
    "open": "waiting for a corrected file",
    "superseded": "replaced by a corrected file",
    "accepted": "accepted",
}
LAST_SENT = "send_forms_last_sent"


def what_was_read(outcome: uploads.UploadOutcome) -> str:
    """'Action plan of DHR X (Hackney): 4 recommendations, 9 actions.'"""
    form = FORM_NAMES.get(outcome.form_type, "form").capitalize()
    case = f" of {outcome.dhr_reference}" if outcome.dhr_reference else ""
    # The form's own row ("plans", "reviews") is not news to its sender; what it held is.
    counts = ", ".join(
        plural(outcome.records[kind], word) for kind, word in RECORD_WORDS.items() if outcome.records.get(kind)
    )
    return f"{form}{case}" + (f": {counts}." if counts else ".")


def inferred_lines(outcome: uploads.UploadOutcome) -> list[str]:
    """'DHR reference taken from the file name: DHR-2024-01.' for every value the file did not state."""
    lines = []
    for name, found in outcome.inferred.items():
        value, source = found.get("value"), found.get("source")
        what = INFERRED_WORDS.get(name, name.replace("_", " "))
        lines.append(f"{what.capitalize()}: {value if value is not None else 'not found'} ({source}).")
    return lines


def show_outcome(outcome: uploads.UploadOutcome, index: int) -> None:
    with st.container(border=True):
        st.markdown(f"{ICONS[outcome.outcome]} **{md_escape(outcome.file_name)}** · {outcome.headline}")
        if outcome.outcome in ("accepted", "accepted_with_warnings", "already_received"):
            st.write(what_was_read(outcome))
        for line in inferred_lines(outcome):
            st.write(line)
        if outcome.reasons:
            label = {"rejected": "To fix, in this order:", "refused": "Why:"}.get(outcome.outcome, "Please check:")
            st.write(label)
            st.html("<ol>" + "".join(f"<li>{html.escape(r)}</li>" for r in outcome.reasons) + "</ol>")
        if outcome.outcome == "rejected":
            for form_type in uploads.templates_for(outcome):
                name, content = uploads.template_bytes(form_type)
                st.download_button(
                    f"Download a blank {FORM_NAMES[form_type]}",
                    data=content,
                    file_name=name,
                    icon=":material/download:",
                    on_click="ignore",
                    key=f"send_forms_template_{index}_{form_type}",
                )


def quarantine_section() -> None:
    st.header("Files received", divider="gray")
    files = uploads.get_files_received()
    if files.height == 0:
        st.info("No file from your CSPs has been received yet.")
        return
    waiting = files.filter(pl.col("quarantine_state") == "open").height
    st.markdown(
        f"The latest {plural(files.height, 'file')} received for your CSPs; **{plural(waiting, 'file')}** "
        "not accepted and waiting for a corrected copy. A corrected file of the same form and DHR, once accepted, "
        "replaces the one that was not."
    )
    # No file names here: a sender's file name can name the victim or the family, so the warehouse's
    # marts never keep one; the form, DHR, CSP and time say which file it was.
    shown = files.select(
        pl.col("received_at").dt.strftime("%d/%m/%Y %H:%M").alias("Received"),
        pl.col("form_type").replace_strict(FORM_NAMES, default="unknown").alias("Form"),
        pl.col("dhr_reference").fill_null("not read").alias("DHR"),
        pl.col("csp_name").fill_null("not read").alias("CSP"),
        pl.col("quarantine_state").replace_strict(STATE_WORDS, default=None).alias("State"),
        pl.col("error_count").alias("Reasons"),
    )
    ui.table(shown, "Files received")
    # Why each file still waiting for a corrected copy was not accepted: what the sender was told
    # when it was sent, kept for whoever sends the corrected one (issue 17).
    for index, row in enumerate(files.filter(pl.col("quarantine_state") == "open").iter_rows(named=True)):
        received = f"received {row['received_at']:%d/%m/%Y %H:%M}"
        if row["form_type"] and row["dhr_reference"]:
            label = f"Not accepted: {FORM_NAMES.get(row['form_type'], 'form')} of {row['dhr_reference']}, {received}"
        else:
            label = f"Not accepted: a file {received} (its form or DHR could not be read)"
        with st.expander(label, icon=":material/error:", key=f"send_forms_quarantine_{index}"):
            reasons = row["rejection_reasons"] or []
            st.markdown("To fix, in this order, then send the corrected file here:")
            st.html("<ol>" + "".join(f"<li>{html.escape(r)}</li>" for r in reasons) + "</ol>")


st.title("Send forms")
st.markdown(
    plain(
        "Send the DHR forms of your CSPs here: the Home Office data capture form, the scoping review (003 Annex C) "
        "and each quarterly update of the action plan (003 L712). Each file is checked at once; an accepted file "
        "reaches every page of these dashboards after a short rebuild."
    )
)

with ui.warehouse_guard():
    user = signin.current_user()
    with st.form("send_forms_form", clear_on_submit=True, border=True):
        files = st.file_uploader(
            "Forms to send (.xlsx, .xls or .docx; several at once)",
            type=["xlsx", "xlsm", "xls", "docx", "doc"],
            accept_multiple_files=True,
            key="send_forms_files",
            help=f"Up to {uploads.MAX_UPLOAD_BYTES // (1024 * 1024)} MB a file. Files are kept as received.",
        )
        sent = st.form_submit_button("Send", type="primary", icon=":material/send:")
    if sent and files and user:
        result = uploads.send_forms([(f.name, f.getvalue()) for f in files], user)
        st.session_state[LAST_SENT] = result.outcomes
        if result.ticket is not None:
            st.session_state[ui.BUILD_TICKET_KEY] = result.ticket
        st.rerun()
    elif sent and not files:
        st.warning("Choose one or more files first.")
    outcomes = st.session_state.get(LAST_SENT) or []
    if outcomes:
        st.header("What happened to each file", divider="gray")
        for i, outcome in enumerate(outcomes):
            show_outcome(outcome, i)
    quarantine_section()
