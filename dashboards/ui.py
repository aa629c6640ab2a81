"""Small UI pieces every page shares: the warehouse guard, cached charts and the footer."""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import polars as pl
import streamlit as st

from dashboards import charts, data, kpi_cards, pictures, tables, text_cards
from dashboards.formatting import dhr_name, fmt_date, fmt_datetime, plural

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
    except data.AccessDenied as error:
        st.error(f"**Not available to your role.** {error}", icon=":material/lock:")


def _frame_hash(frame: pl.DataFrame) -> str:
    digest = hashlib.sha256(str(frame.schema).encode())
    if frame.height:
        digest.update(frame.hash_rows(seed=0).to_numpy().tobytes())
    return digest.hexdigest()


@st.cache_data(
    ttl=data.CACHE_TTL_SECONDS,
    max_entries=data.CACHE_MAX_ENTRIES,
    show_spinner=False,
    hash_funcs={pl.DataFrame: _frame_hash},
)
def _chart_svg(builder: str, args: tuple, kwargs: tuple, width: int) -> tuple[str, str]:
    """``charts.<builder>(*args, **kwargs)`` drawn ``width`` CSS pixels wide as SVG on the server, and
    its alternative text.

    Drawn here rather than in the reader's browser: Vega in the browser costs about 0.1 s of CPU per
    chart each time a page is shown, and 25 readers sharing two cores with the server could not
    afford it (issue 15). The picture is the same Vega-Lite spec drawn by the same Vega (vl-convert);
    what a picture loses is the tooltip, so every chart labels its marks and offers its table."""
    chart = getattr(charts, builder)(*args, **dict(kwargs))
    return pictures.draw_svg(chart, width), chart_alt_text(chart.to_dict(validate=False))


def chart_alt_text(spec: dict) -> str:
    """The picture's words for a screen reader: its title and subtitle, and where its figures are."""
    text, subtitle = charts.title_words(spec)
    words = [text or "Chart", *subtitle]
    return ". ".join(w.rstrip(".") for w in words if w) + ". The figures are in the table that goes with it."


def chart(builder: Callable[..., Any], *args: Any, per_row: int = 1, **kwargs: Any) -> None:
    """Draw ``builder(*args, **kwargs)`` (a ``dashboards.charts`` builder) as a picture, cached,
    ``pictures.CHART_WIDTHS_PX[per_row]`` wide. ``per_row=2`` for a chart in one of the
    ``side_by_side`` boxes."""
    width = pictures.CHART_WIDTHS_PX[per_row]
    if "drawing_width" in inspect.signature(builder).parameters:
        # A builder that lays its words out for the width it is drawn at is told that width here,
        # once, rather than by every page that places it.
        kwargs.setdefault("drawing_width", width)
    svg, alt = _chart_svg(builder.__name__, args, tuple(sorted(kwargs.items())), width)
    st.html(pictures.chart_html(width, svg, alt))


def side_by_side(count: int = 2) -> list[Any]:
    """``count`` boxes as wide as a half-row chart, side by side where the page has room for them
    and under each other where it has not (a 1024 px window), so that a chart is never squeezed
    into half a narrow column (issue 19: nothing cut off or shrunk out of reading)."""
    row = st.container(horizontal=True, gap="large")
    return [row.container(width=pictures.CHART_WIDTHS_PX[2]) for _ in range(count)]


def kpis(*cards: kpi_cards.Kpi) -> None:
    """The page's headline figures as one row of cards that wraps where the page is narrow."""
    st.html(kpi_cards.kpi_html(cards))


def table(frame: pl.DataFrame, label: str | None = None, **grid_args: Any) -> None:
    """Show a table: plain HTML, light on the reader's browser (``dashboards.tables``); a long one
    as the data grid, which draws only the rows in view. ``label`` names a scrolling table for a
    screen reader; ``grid_args`` go to the grid (column_config)."""
    if frame.height >= tables.GRID_FROM_ROWS:
        st.dataframe(frame, hide_index=True, width="stretch", **grid_args)
    else:
        st.html(tables.table_html(frame, label))


def table_on_demand(label: str, key: str, table: Callable[[], pl.DataFrame], **dataframe_args: Any) -> None:
    """A chart's figures as a table, in an expander that builds and sends the table only when opened.

    Streamlit draws a collapsed expander's contents all the same, and a data grid costs the reader's
    browser about as much as a chart; these tables are the alternative to a chart beside them, read
    by few, so they are drawn when asked for (issue 15: 25 people on two cores)."""
    with st.expander(label, key=key, on_change="rerun") as box:
        if box.open:
            st.dataframe(table(), hide_index=True, width="stretch", **dataframe_args)


def footer_text() -> str:
    """`Data as of 30/09/2026; built 30/09/2026 14:05; synthetic data`."""
    try:
        info = data.get_build_info()
    except data.AccessDenied:
        return DATA_NOTE
    except data.WarehouseError:
        return f"No warehouse built yet: {data.BUILD_HINT}; {DATA_NOTE}"
    if info.height == 0:
        return f"Warehouse build not recorded; {DATA_NOTE}"
    row = info.row(0, named=True)
    return f"Data as of {fmt_date(row['reporting_date'])}; built {fmt_datetime(row['built_at'])}; {DATA_NOTE}"


def next_duties(duties: pl.DataFrame, whose: str, *, with_csp: bool = True) -> None:
    """Every open DHR's next duty against its clock (issue 18; ``marts.fct_dhr_clocks``): due date,
    overdue or due in words, days overdue, where the clock started, and the rule with its citation
    in plain words (the column's tooltip and a caption per duty)."""
    from dashboards import figures
    from dhr.guidance import plain

    st.header("Next duty of each open DHR", divider="gray")
    st.caption(
        plain(
            "Every duty has a clock set by the guidance in force when the CSP was notified: the decision "
            "(003 L268), completion within one year of commencement (003 L763; six months under the 2016 "
            "guidance, 004 L4000), the quality assurance answer, the quarterly update (003 L712). Where the "
            "date that starts a clock is not recorded, the earliest date that can stand in for it is used, "
            "so a DHR still goes overdue; 'Clock started from' says which."
        )
    )
    if duties.height == 0:
        st.info(f"No DHR of {whose} is open, so no duty is waiting.")
        return
    overdue = duties.filter(pl.col("clock_status") == "overdue")
    st.markdown(
        f"**{duties.height:,}** open DHR(s) of {whose}; the next duty of **{overdue.height:,}** is overdue"
        + (f", the longest by {int(overdue.get_column('days_overdue').max()):,} days." if overdue.height else ".")
    )
    st.dataframe(
        figures.next_duties_table(duties, with_csp=with_csp),
        hide_index=True,
        width="stretch",
        column_config={
            "Next duty": st.column_config.TextColumn(
                help="The DHR's earliest duty not yet done, by due date. The rule and where the guidance sets it are "
                "in the Rule column and listed under the table."
            ),
            "Due date": st.column_config.DateColumn(format="DD/MM/YYYY", help="When the duty is due."),
            "Clock": st.column_config.TextColumn(help="Overdue: the due date has passed. Due: it has not."),
            "Days overdue": st.column_config.NumberColumn(
                format="%d", help="Days from the due date to the reporting date; blank when not overdue."
            ),
            "Rule": st.column_config.TextColumn(
                width="large", help="The rule in words and where the guidance sets it."
            ),
        },
    )
    with st.expander("How each duty is timed"):
        for line in figures.duty_rules(duties):
            st.markdown(f"- {line}")


def quarterly_register(updates: pl.DataFrame, whose: str, key: str, *, with_csp: bool = True) -> None:
    """The quarterly-update register of the PCC oversight page and the CSP board (issue 17): which
    quarterly updates of each open action plan were received, when, and which are late or missing,
    with a reminder list to download (003 L712; 004 L252-254)."""
    from dashboards import figures
    from dhr.guidance import plain
    from dhr.safe_cells import escape_frame

    st.header("Quarterly updates received", divider="gray")
    st.caption(
        plain(
            "The CSP updates the PCC on each action plan every quarter (003 L712), from submission until every "
            "action is complete (004 L252-254). An update is on time when received within a month of the quarter's "
            "end; received means loaded into this warehouse. 'Backlog' marks an update loaded with its CSP's first "
            "files after its quarter was already due: when the CSP sent it is not known, so it is not counted late."
        )
    )
    register = figures.quarterly_register(updates, with_csp=with_csp)
    if register.height == 0:
        st.info(f"No action plan of {whose} is open, so no quarterly update is owed.")
        return
    open_plans = updates.filter(~pl.col("is_plan_complete"))
    missing = open_plans.filter(pl.col("update_status") == "missing")
    late = open_plans.filter(pl.col("update_status") == "received_late").height
    backlog = open_plans.filter(pl.col("update_status") == "received_in_backlog").height
    st.markdown(
        f"**{register.height:,}** DHR(s) of {whose} with an open action plan; **{missing.height:,}** quarterly "
        f"update(s) missing for {missing.get_column('dhr_id').n_unique():,} of them, {late:,} received late"
        + (f", {backlog:,} loaded in the backlog (when they were sent is not known)." if backlog else ".")
    )
    table(register, "Quarterly updates received")
    reminders = figures.reminder_list(updates)
    if reminders.height:
        st.download_button(
            f"Download the reminder list ({reminders.height:,} missing update(s), .csv)",
            # Text cells escaped: a reference or CSP name starting with = must not run as a formula (issue 15).
            data=escape_frame(reminders).write_csv().encode("utf-8-sig"),
            file_name="quarterly update reminders.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=key,
        )


#: Session key of the build ticket of the last forms this session sent (dashboards/app_pages/send_forms.py).
BUILD_TICKET_KEY = "dhr_build_ticket"
#: The banner said "in the figures on every page" in this session: a reload does not say it again.
BUILD_TICKET_SAID = "dhr_build_ticket_said"
#: How long after the last build a reloaded page still says how the user's last sending went.
RELOADED_BANNER_FOR = timedelta(minutes=10)


def build_banner(user: str | None) -> None:
    """After ``user`` sent forms: whether the new figures are live yet, on every page (issue 17).

    The ticket is kept in the session; a reloaded page starts a new session, so then the server's
    queue is asked for the user's last ticket, and a build still running is still announced. While
    the build runs the banner watches the queue and redraws the page when its figures move on, so
    the officer sees the new quarter without reloading."""
    from dashboards.data import uploads

    ticket = st.session_state.get(BUILD_TICKET_KEY)
    state = None
    if ticket is None and user and not st.session_state.get(BUILD_TICKET_SAID):
        ticket = uploads.last_ticket(user)
        if ticket is None:
            return
        state = uploads.build_state()
        finished = state.last_finished_at
        recent = finished is not None and datetime.now(UTC) - finished < RELOADED_BANNER_FOR
        if state.state == "idle" and not state.waiting and not recent:
            return  # an old ticket, said long ago, stays quiet
        st.session_state[BUILD_TICKET_KEY] = ticket
    if ticket is None:
        return
    state = state or uploads.build_state()
    stage = build_stage(state, ticket)
    if stage in ("live", "failed"):
        _say_build_stage(stage, state)
    else:
        _watch_build(ticket, stage)


#: How often a waiting banner asks the server's build queue (in memory: no warehouse read) whether
#: the figures moved on. A full page redraw happens only when they did.
BUILD_WATCH_SECONDS = 1.0

BuildStage = Literal["waiting", "sender_pages", "live", "failed"]


def build_stage(state: Any, ticket: int) -> BuildStage:
    """Where the forms sent with ``ticket`` are: not yet in any figures, on the sender's pages only,
    on every page, or in no figures because the build failed."""
    if state.is_live(ticket):
        return "live"
    if state.last_status == "failed" and state.state == "idle" and not state.waiting:
        return "failed"
    if state.is_on_sender_pages(ticket):
        return "sender_pages"
    return "waiting"


@st.fragment(run_every=BUILD_WATCH_SECONDS)
def _watch_build(ticket: int, drawn_stage: BuildStage) -> None:
    # Runs alone every second (the rest of the page is kept): a cheap look at the queue. When the
    # stage moved on, the whole page runs again, so its figures come from the swapped-in warehouse.
    from dashboards.data import uploads

    state = uploads.build_state()
    stage = build_stage(state, ticket)
    if stage != drawn_stage:
        st.rerun(scope="app")
    _say_build_stage(stage, state)


def _say_build_stage(stage: BuildStage, state: Any) -> None:
    if stage == "live":
        st.success(
            f"The forms you sent are in the figures on every page (updated {fmt_datetime(state.last_finished_at)}).",
            icon=":material/task_alt:",
        )
        st.session_state.pop(BUILD_TICKET_KEY, None)  # said once
        st.session_state[BUILD_TICKET_SAID] = True
    elif stage == "failed":
        st.error(
            "The figures could not be updated with the forms you sent, so every page shows the figures from "
            "before. The forms themselves were received; the warehouse's administrator can see why in the "
            "server's log.",
            icon=":material/error:",
        )
    elif stage == "sender_pages":
        st.info(
            "The forms you sent are on the CSP board and in the files received. The other pages are being "
            "updated; this page changes by itself when every page has them.",
            icon=":material/hourglass_top:",
        )
    else:
        st.info(
            "The figures are being updated with the forms you sent. Until then every page shows the figures "
            "from before; this page changes by itself when the new ones are live.",
            icon=":material/hourglass_top:",
        )


def render_footer() -> None:
    st.divider()
    st.caption(footer_text())


STATUS_WORDS = {
    "red": "RED",
    "amber": "AMBER",
    "green": "GREEN",
    "complete": "all COMPLETE",
    "no_actions": "not in a plan",
}


def learning_themes(comparison: pl.DataFrame, local_name: str, key: str) -> None:
    """The learning themes of a force area's or CSP's DHRs beside England and Wales (the PCC
    oversight page and the CSP board; 003 L716: drawing together findings from multiple DHRs)."""
    from dashboards import figures
    from dhr.guidance import plain

    st.subheader("Learning themes")
    local = comparison.filter(pl.col("local_themed_dhr_count") > 0)
    if local.height == 0:
        st.info(
            f"No recommendation or finding of {local_name}'s DHRs has a learning theme yet: themes come from the "
            "recommendations of action plans and the findings of the forms once they are sent."
        )
        return
    themed = int(local.get_column("local_themed_dhr_count").max())
    st.caption(
        plain(
            f"Of the {themed:,} DHR(s) of {local_name} whose recommendations or findings have learning themes, the share "
            "carrying each theme, beside England and Wales (all years; the 17 learning themes, drawing together "
            "findings from multiple DHRs, 003 L716). A DHR counts once per theme however many of its texts carry it. "
            "Themes are given by the theme classifier and corrected by analysts on the Theme review page."
        )
    )
    chart(
        charts.dot_comparison_chart,
        figures.theme_comparison_long(comparison, local_name),
        f"Learning themes: {local_name} and England and Wales",
        "Share of DHRs with themed recommendations or findings (the ten most frequent locally)",
        "DHRs carrying the theme (%)",
        "Learning theme",
    )
    table_on_demand(
        "Every learning theme with its counts",
        key,
        lambda: figures.theme_comparison_table(comparison, local_name),
    )


def repeated_learning_sentence(row: dict) -> str:
    """'A similar recommendation was made in DHR X in 2021 (same CSP); its actions are RED.' Plain
    text: the card it goes on escapes it."""
    where = "by the same CSP" if row["link_scope"] == "same_csp" else "elsewhere in the force area"
    status = STATUS_WORDS.get(row["earlier_status_summary"], row["earlier_status_summary"])
    if row.get("earlier_dhr_reference") is None:  # another CSP's DHR: the data layer withholds its reference
        return (
            f"A similar recommendation was made by another CSP in the force area in {row['earlier_year']} "
            f"(similarity {row['similarity']:.2f}); its actions are {status}."
        )
    return (
        f"A similar recommendation was made in {dhr_name(row['earlier_dhr_reference'])} in {row['earlier_year']} "
        f"({where}, similarity {row['similarity']:.2f}); its actions are {status}."
    )


def repeated_learning(frame: pl.DataFrame, whose: str) -> None:
    """The 'Learning that repeats' section of the CSP board and PCC oversight pages."""
    st.header("Learning that repeats", divider="gray")
    st.caption(
        "Recommendations that restate one made in an earlier DHR of the same CSP or force area (TF-IDF similarity "
        "of at least 0.38, docs/themes.md), with how the earlier recommendation's actions stand now."
    )
    if frame.height == 0:
        st.info(f"No recommendation of {whose} repeats an earlier one above the similarity threshold.")
        return
    red = frame.filter(pl.col("earlier_status_summary").is_in(["red", "amber"])).height
    st.markdown(
        f"**{frame.height:,}** link(s) to earlier recommendations; **{red:,}** of those earlier "
        "recommendations still have RED or AMBER actions."
    )
    # Recommendations are the CSPs' own words: escaped text, never Markdown or HTML (issue 15), and one
    # element for the five cards, not ten (each element costs the reader's browser a render).
    cards = [
        text_cards.TextCard(
            dhr_name(row["dhr_reference"]),
            str(row["recommendation_year"]),
            row["recommendation"],
            repeated_learning_sentence(row),
            # withheld for another CSP's DHR
            "" if row.get("earlier_recommendation") is None else f"Earlier: {row['earlier_recommendation']}",
        )
        for row in frame.head(5).iter_rows(named=True)
    ]
    st.html(text_cards.cards_html(cards, "The five closest links to earlier recommendations"))
    links = frame.select(
        pl.col("dhr_reference").alias("DHR"),
        pl.col("recommendation").alias("Recommendation"),
        pl.col("earlier_dhr_reference").fill_null("another CSP's").alias("Earlier DHR"),
        pl.col("earlier_year").alias("Earlier year"),
        pl.col("link_scope").replace({"same_csp": "same CSP", "same_force_area": "same force area"}).alias("Scope"),
        pl.col("similarity").round(2).alias("Similarity"),
        pl.col("earlier_status_summary").replace(STATUS_WORDS).alias("Earlier actions"),
    )
    table(links, "Learning that repeats")


def case_details(frame: pl.DataFrame, whose: str, *, with_csp: bool = True, key: str | None = None) -> None:
    """What each DHR's Home Office data collection form records (004 Template 29), under the DHR
    list of the CSP board and PCC oversight pages: the month the Home Office was first notified,
    children in the household and the verdict; the place of death and method of killing only when
    the reader's role carries restricted fields (``data.oversight.get_dhr_case_details``). With
    ``key``, the table is drawn on demand in an expander (a force area lists many DHRs)."""
    from dashboards import figures
    from dhr.guidance import plain

    st.subheader("What the Home Office data collection form records")
    shown = figures.case_details_table(frame, with_csp=with_csp)
    restricted = [h for c, h in figures.RESTRICTED_CASE_DETAILS.items() if c in frame.columns]
    st.caption(
        plain(
            "From each DHR's latest data capture form (004 Template 29): the month and year the Home Office was "
            "first notified (month and year only, 003 L602), the number of children in the household and the "
            "verdict of the (first) perpetrator. "
        )
        + (
            "Place of death and method of killing are shown as types only, because your role includes "
            "restricted fields."
            if restricted
            else "Place of death and method of killing are restricted fields: only users whose role includes "
            "restricted fields see them."
        )
    )
    if frame.height == 0:
        st.info(f"No DHR of {whose} is recorded yet.")
    elif key is None:
        table(shown, "What the Home Office data collection form records")
    else:
        table_on_demand(f"The form's details of {plural(frame.height, 'DHR')}", key, lambda: shown)
