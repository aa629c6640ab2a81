"""Theme review: an analyst confirms or changes the learning themes the classifier gave a text.

Decisions are stored in the app-state file with who and when (dhr/themes/overrides.py, through
``themes.save_theme_override``), each with an audit event; they win over the prediction in the marts
from the next ``dhr build`` and feed the next ``dhr themes train`` (docs/themes.md section 8)."""

from __future__ import annotations

import streamlit as st

from dashboards import data, figures, signin, ui
from dashboards.data import reference, themes
from dashboards.formatting import dhr_name, md_escape, plural

ALL = "__all__"
KIND_LABELS = {
    ALL: "Every kind of text",
    "recommendation": "Recommendations",
    "action": "Actions",
    "early_action": "Early actions (scoping)",
    "scoping_learning": "Early learning (scoping)",
}


def analyst_name() -> str | None:
    """The signed-in user (dashboards/signin.py): every decision records who made it, and nobody
    can type someone else's name."""
    name = signin.current_user()
    if name:
        st.caption(f"Deciding as **{md_escape(name)}**.")
    return name


def choose_filters() -> dict:
    areas = reference.get_force_areas()
    area_names = {ALL: "Every force area", **dict(areas.select("force_area_code", "force_area_name").iter_rows())}
    cols = st.columns(4)
    area = cols[0].selectbox("Force area", list(area_names), format_func=area_names.get, key="theme_review_area")
    csps = reference.get_csps(None if area == ALL else area)
    csp_names = {ALL: "Every CSP", **dict(csps.select("csp_code", "csp_name").iter_rows())}
    if st.session_state.get("theme_review_csp") not in csp_names:
        st.session_state.pop("theme_review_csp", None)
    csp = cols[1].selectbox("CSP", list(csp_names), format_func=csp_names.get, key="theme_review_csp")
    codes = themes.get_theme_codes()
    theme_names = {ALL: "Every theme", **dict(codes.iter_rows())}
    theme = cols[2].selectbox(
        "Theme in force", list(theme_names), format_func=theme_names.get, key="theme_review_theme"
    )
    kind = cols[3].selectbox("Kind of text", list(KIND_LABELS), format_func=KIND_LABELS.get, key="theme_review_kind")
    low = st.toggle("Low confidence only (no theme scored 0.5 or more)", key="theme_review_low")
    return {
        "force_area_code": None if area == ALL else area,
        "csp_code": None if csp == ALL else csp,
        "theme_code": None if theme == ALL else theme,
        "text_source": None if kind == ALL else kind,
        "low_confidence_only": low,
    }


def _label(row: dict) -> str:
    text = row["text"] if len(row["text"]) <= 90 else row["text"][:87] + "..."
    mark = "✓ " if row["has_override"] else ""
    return f"{mark}{row['dhr_reference']} · {row['text_source']} · {text}"


def review(row: dict, user: str, theme_titles: dict[str, str]) -> None:
    st.subheader("The text")
    # The words as the CSP sent them: plain text, never Markdown (a sender's ![x](http://...) would
    # make the analyst's browser fetch it; issue 15). Everything else from the data is escaped.
    st.text(row["text"])
    st.caption(
        f"{md_escape(row['csp_name'])} · {md_escape(row['force_area_name'])} · {md_escape(dhr_name(row['dhr_reference']))} · "
        f"{md_escape(row['text_source'])} · model {md_escape(row['model_version'])} · highest score {row['top_score']:.2f}"
    )
    final = [c for c in (row["final_themes"] or "").split("|") if c]
    predicted = [c for c in (row["predicted_themes"] or "").split("|") if c]

    def titles(codes: list[str]) -> str:  # the themes by their titles, not the taxonomy's codes (issue 19)
        return "; ".join(theme_titles.get(c, c) for c in codes)

    if row["has_override"]:
        st.info(
            f"Themes set by {md_escape(row['overridden_by'])} on {row['overridden_at']:%d %b %Y}: "
            f"{titles(final)} (the classifier said {titles(predicted)}).",
            icon=":material/person:",
        )
    else:
        st.info(
            f"Predicted themes: {titles(predicted)}. No analyst has reviewed this text yet.",
            icon=":material/smart_toy:",
        )
    scores = themes.get_text_theme_scores(row["text_id"])
    reasons = themes.get_theme_reasons(row["text"], predicted)
    st.markdown("**Why the classifier gave these themes**")
    if reasons is None:
        st.caption("The reasons appear once the warehouse has been built with the current theme model.")
    for reason in reasons or []:
        words = ", ".join(f"“{md_escape(t)}”" for t in reason.terms) or "none of its words in particular"
        st.markdown(
            f"- **{md_escape(theme_titles.get(reason.code, reason.code))}**, score {reason.score:.2f}: "
            f"the words that raised it most: {words}."
        )
        for example in reason.examples:
            st.caption(f"A labelled text of this theme that reads alike: {md_escape(example)}")
    with st.expander("Every theme's score"):
        ui.table(figures.theme_scores_table(scores), "Theme scores")

    st.subheader("Your decision")
    chosen = st.multiselect(
        "Themes (primary first)",
        list(theme_titles),
        default=final,
        format_func=lambda c: theme_titles[c],
        key=f"theme_review_choice_{row['text_id']}",
    )
    note = st.text_input("Note (optional)", key=f"theme_review_note_{row['text_id']}")
    label = "Confirm these themes" if chosen == final else "Save the changed themes"
    if st.button(label, type="primary", key="theme_review_save", icon=":material/save:"):
        if not user:
            st.error("Sign in before saving: every decision records who made it.")
        elif not chosen:
            st.error("Choose at least one theme.")
        else:
            try:
                saved = themes.save_theme_override(
                    text_id=row["text_id"],
                    text=row["text"],
                    text_source=row["text_source"],
                    themes=chosen,
                    previous_themes=final,
                    user=user,
                    note=note,
                )
            except (ValueError, data.WarehouseUnavailable) as error:
                st.error(md_escape(error))
            else:
                st.success(
                    f"Saved decision {saved.override_id} by {md_escape(saved.overridden_by)}: {titles(list(saved.themes))}. "
                    "The pages show it once the warehouse is next rebuilt, and the theme model learns from it when it is next trained."
                )
    history = themes.get_override_history(row["text_id"])
    if history.height:
        st.subheader("History of this text")
        ui.table(figures.override_history_table(history, theme_titles), "Decision history")


st.title("Theme review")
st.markdown(
    "Check the learning themes the classifier gave recommendations, actions and scoping-review learning, and "
    "confirm or correct them. Your decision always wins over the prediction in the reports, is kept with your name "
    "and the time (earlier decisions are never lost), and teaches the next model."
)

with ui.warehouse_guard():
    user = analyst_name()
    chosen_filters = choose_filters()
    texts = themes.get_theme_texts(**chosen_filters)
    if texts.height == 0:
        st.info("No text matches these choices.")
    else:
        st.caption(f"{plural(texts.height, 'text')} (at most 200), not yet reviewed and least confident first.")
        rows = {r["text_id"]: r for r in texts.iter_rows(named=True)}
        if st.session_state.get("theme_review_text") not in rows:
            st.session_state.pop("theme_review_text", None)
        text_id = st.selectbox("Text", list(rows), format_func=lambda t: _label(rows[t]), key="theme_review_text")
        titles = dict(themes.get_theme_codes().iter_rows())
        review(rows[text_id], user, titles)
