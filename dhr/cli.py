"""The `dhr` command: one front door for templates, synthetic data, ingest, build and dashboards.

Each sub-command is a thin wrapper: the work lives in `dhr.forms`, `dhr.synth`, `ingest`,
`dhr.warehouse_build` and `dashboards`, so it can be tested without the command line.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from dhr.child_process import run_child
from dhr.settings import DEFAULT_SYNTH_AS_OF, PROJECT_ROOT, get_settings

app = typer.Typer(
    name="dhr",
    help="DHR Learning Warehouse: Domestic Homicide Review forms in, DuckDB warehouse out, dashboards up.",
    no_args_is_help=True,
    add_completion=False,
)


class FormType(StrEnum):
    data_capture = "data-capture"
    scoping_review = "scoping-review"
    action_plan = "action-plan"

    @property
    def spec_name(self) -> str:
        return self.value.replace("-", "_")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from exc


@app.command()
def template(
    form: Annotated[
        FormType,
        typer.Argument(
            help="Which form: data-capture (.xlsx), scoping-review (.docx) or action-plan (.xlsx or .docx)."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
) -> None:
    """Write a blank form a CSP can fill in, with drop-down lists where Excel allows them."""
    from dhr.forms import write_template

    expected = {"data_capture": {".xlsx"}, "scoping_review": {".docx"}, "action_plan": {".xlsx", ".docx"}}[
        form.spec_name
    ]
    if out.suffix.lower() not in expected:
        raise typer.BadParameter(
            f"a {form.value} template is written as {' or '.join(sorted(expected))}, not {out.suffix or 'no extension'}",
            param_hint="--out",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    written = write_template(form.spec_name, out)
    typer.echo(f"wrote blank {form.value} template to {written}")


@app.command()
def synth(
    dhrs: Annotated[int, typer.Option(min=1, help="How many DHRs to generate.")] = 300,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed always gives the same files.")] = 42,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the corpus into.")] = Path("corpus"),
    as_of: Annotated[
        str | None, typer.Option(help="The corpus's 'today' (YYYY-MM-DD): no form is dated after it.")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes to use.")] = max(1, min(2, os.cpu_count() or 1)),
) -> None:
    """Generate a synthetic corpus of real .xlsx/.docx forms (no real person's data), with its ground truth."""
    from dhr.synth.generator import generate_corpus

    summary = generate_corpus(
        out,
        dhrs=dhrs,
        seed=seed,
        as_of=_parse_date(as_of) or DEFAULT_SYNTH_AS_OF,
        workers=workers,
        progress=sys.stderr.isatty(),
    )
    by_form = ", ".join(f"{n:,} {form}" for form, n in sorted(summary.files_by_form.items()))
    typer.echo(
        f"wrote {summary.file_count:,} files for {summary.dhr_count:,} DHRs to {summary.out_dir} ({by_form}); ground truth in {summary.truth_path}"
    )


#: Lines of errors or warnings `dhr ingest` prints per file (issue 14: at most a screenful).
SCREENFUL = 20


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).", exists=True)],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per file instead of a summary.")
    ] = False,
) -> None:
    """Detect, parse, validate and load forms into the raw layer. Exit 1 if any file is rejected."""
    from ingest.pipeline import ingest_paths

    settings = get_settings()
    reader_gone = False

    def print_line(result) -> None:
        """One line per file as it finishes, flushed (click.echo flushes), so a pipe sees it at once."""
        nonlocal reader_gone
        if reader_gone:
            return
        try:
            typer.echo(json.dumps(result.to_dict(), default=str))
        except BrokenPipeError:  # the reader stopped (`| head -1`): keep ingesting, stop printing
            reader_gone = True
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    results = ingest_paths(
        paths,
        settings.warehouse_path,
        progress=not as_json and sys.stderr.isatty(),
        on_result=print_line if as_json else None,
    )
    if not as_json:
        counts = {status: sum(r.status == status for r in results) for status in ("accepted", "duplicate", "rejected")}
        typer.echo(
            f"{len(results):,} files: {counts['accepted']:,} accepted, {counts['duplicate']:,} duplicate, {counts['rejected']:,} rejected -> {settings.warehouse_path}"
        )
        for result in results:
            if result.status == "rejected":
                typer.echo(f"\nREJECTED {result.file}", err=True)
                # At most a screenful: the fix that matters comes first; the rest stay in the quarantine.
                for error in result.errors[:SCREENFUL]:
                    typer.echo(f"  - {error}", err=True)
                if len(result.errors) > SCREENFUL:
                    typer.echo(
                        f"  ... and {len(result.errors) - SCREENFUL} more: `dhr quarantine show "
                        f"{result.sha256[:12]}` lists them all",
                        err=True,
                    )
                for note in result.notes:  # e.g. received before and rejected then (issue 15)
                    typer.echo(f"  note: {note}", err=True)
            elif result.warnings or result.notes:
                # Accepted, but the officer should know how it was read (what was inferred or mapped,
                # issue 14) and what was left out (extra columns, hidden sheets, withheld text).
                typer.echo(f"\nACCEPTED WITH WARNINGS {result.file}", err=True)
                said = [*result.warnings, *result.notes]
                for note in said[:SCREENFUL]:
                    typer.echo(f"  - {note}", err=True)
                if len(said) > SCREENFUL:
                    typer.echo(f"  ... and {len(said) - SCREENFUL} more (dhr ingest --json gives them all)", err=True)
    if any(r.status == "rejected" for r in results):
        raise typer.Exit(code=1)


@app.command()
def build(
    if_stale: Annotated[
        bool, typer.Option("--if-stale", help="Skip when nothing was ingested since the last build.")
    ] = False,
    reporting_date: Annotated[
        str | None,
        typer.Option(help="Date that 'overdue' is judged at (YYYY-MM-DD); default today or DHR_REPORTING_DATE."),
    ] = None,
    select: Annotated[str | None, typer.Option(help="dbt selection, e.g. 'marts' (default: everything).")] = None,
    unit_tests: Annotated[
        bool,
        typer.Option(
            "--unit-tests", help="Also run dbt's unit tests (they test the SQL on fixed inputs; make test runs them)."
        ),
    ] = False,
) -> None:
    """Run dbt build (seeds, models, data tests) on a copy of the warehouse and swap it in only if every test passes."""
    from dhr.warehouse_build import build_warehouse

    settings = get_settings()
    result = build_warehouse(
        settings.warehouse_path,
        reporting_date=_parse_date(reporting_date) or settings.reporting_date,
        if_stale=if_stale,
        select=select,
        unit_tests=unit_tests,
        progress=True,
    )
    typer.echo(f"{result.status}: {result.message} ({result.seconds:.1f} s) -> {result.warehouse_path}")
    typer.echo(f"dbt's log of every node: {settings.dbt_log_dir / 'dbt.log'}")
    if result.status == "failed":
        raise typer.Exit(code=1)


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port for the dashboards.")] = 8501,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "localhost",
) -> None:
    """Start the Streamlit dashboards (read-only) on http://HOST:PORT."""
    settings = get_settings()
    if not settings.warehouse_path.exists():
        typer.echo(
            f"note: no warehouse at {settings.warehouse_path} yet; run `dhr ingest` and `dhr build` (or `make run`).",
            err=True,
        )
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "dashboards" / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    from dhr.app_state import app_state_path
    from dhr.auth import list_users

    if not list_users():
        typer.echo("note: nobody can sign in yet; add a user first: `dhr users add NAME --role national`.", err=True)
    typer.echo(f"dashboards on http://{host}:{port}  (Ctrl+C to stop)")
    # The server runs from the project root (for .streamlit/config.toml), so pass the warehouse and
    # the app-state file (users, audit log) as absolute paths.
    env = {**os.environ, "DHR_DB": str(settings.warehouse_path), "DHR_APP_STATE": str(app_state_path())}
    # SIGTERM/SIGINT/SIGHUP are passed on to the server and waited for: stopping `dhr serve` stops
    # the dashboards (issue 15).
    raise typer.Exit(code=run_child(command, cwd=PROJECT_ROOT, env=env))


@app.command()
def docs(
    check: Annotated[
        bool, typer.Option("--check", help="Only report problems (missing descriptions, drift); exit 1 if any.")
    ] = False,
) -> None:
    """Generate the data dictionary (data_dictionary/) from the dbt yml and the form specification."""
    from dhr.data_dictionary import check_data_dictionary, generate_data_dictionary, sync_sources_yml

    if check:
        problems = check_data_dictionary()
        for problem in problems:
            typer.echo(f"- {problem}")
        if problems:
            raise typer.Exit(code=1)
        typer.echo("data dictionary: no problems")
        return
    if sync_sources_yml():
        typer.echo("updated the raw tables in models/staging/_dhr_forms__sources.yml from form_contract/spec.py")
    written = generate_data_dictionary()
    typer.echo(f"wrote {len(written)} data dictionary pages")


themes_app = typer.Typer(
    help="Thematic learning: train, evaluate and apply the learning-theme classifier (../shared/themes.yml codes).",
    no_args_is_help=True,
)
app.add_typer(themes_app, name="themes")


@themes_app.command("train")
def themes_train(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same model.")] = 0,
) -> None:
    """Fit the classifier on the labelled corpus (and analyst overrides) and save it beside the warehouse."""
    from dhr.themes import train
    from dhr.themes.overrides import training_examples

    overrides = training_examples()  # the latest analyst decision per text (app-state file), docs/themes.md section 8
    result = train(seed=seed, overrides=overrides)
    typer.echo(
        f"trained theme model {result.version} on {result.n_texts:,} texts ({len(overrides):,} analyst override(s)) "
        f"in {result.seconds:.1f} s -> {result.model_dir}"
    )


@themes_app.command("evaluate")
def themes_evaluate(
    seed: Annotated[int, typer.Option(help="Random seed for the folds.")] = 0,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds.")] = 5,
    repeats: Annotated[int, typer.Option(min=1, help="Repeats of the cross-validation.")] = 3,
    candidates: Annotated[
        bool, typer.Option(help="Also measure the candidate models against each other (several minutes).")
    ] = True,
) -> None:
    """Repeated nested cross-validation against a keyword baseline, the held-back slice, and the
    candidate models; writes data_dictionary/themes_evaluation.md."""
    from dhr.themes import evaluate

    report = evaluate(seed=seed, folds=folds, repeats=repeats, candidates=candidates)
    s, b = report.summary, report.baseline_summary
    typer.echo(
        f"macro-F1 {s['macro_f1']['mean']:.3f} (keyword baseline {b['macro_f1']['mean']:.3f}); "
        f"micro-F1 {s['micro_f1']['mean']:.3f}; report in {report.markdown_path}"
    )
    for key, name in (
        ("heldback", "held-back slice"),
        ("confirmation", "confirmation slice (scored after the choice)"),
    ):
        if scored := s.get(key):
            typer.echo(
                f"{name}: macro-F1 {scored['macro_f1']:.3f}, micro-F1 {scored['micro_f1']:.3f}, "
                f"{scored['predicted_labels_per_text']:.2f} themes per text (labels {scored['true_labels_per_text']:.2f}), "
                f"worst {scored['worst_theme']} {scored['worst_theme_f1']:.3f}"
                + ("" if scored["targets_met"] else " (target: macro-F1 >= 0.88, no theme below 0.70: not met)")
            )
    for c in report.candidates:
        hb = c.get("heldback") or {}
        typer.echo(
            f"  {c['candidate']}: CV macro-F1 {c['cross_validation']['macro_f1']:.3f}"
            + (f", held-back {hb['macro_f1']:.3f}" if hb else "")
        )
    if not s.get("targets_met", True):
        typer.echo("targets not met: macro-F1 >= 0.80 with no theme below 0.60", err=True)
        raise typer.Exit(code=1)


@themes_app.command("classify")
def themes_classify(
    input_csv: Annotated[Path, typer.Option("--input", exists=True, dir_okay=False, help="CSV with a text column.")],
    text_column: Annotated[str, typer.Option("--text-column", help="Name of the column holding the text.")],
    output_csv: Annotated[
        Path, typer.Option("--output", help="CSV to write: the input plus `themes` and one score column per theme.")
    ],
) -> None:
    """Add a `themes` column (codes separated by |, best first) and a score per theme to a CSV."""
    from dhr.themes import MissingTextColumnError, classify_csv

    try:
        rows = classify_csv(input_csv, text_column, output_csv)
    except MissingTextColumnError as exc:
        raise typer.BadParameter(str(exc), param_hint="--text-column") from exc
    typer.echo(f"classified {rows:,} rows -> {output_csv}")


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a summary.")] = False,
) -> None:
    """What the warehouse holds: files by form type and state, the latest ingest, when it was built, the quarantine."""
    from dhr import app_state
    from dhr.uploads import upload_summary
    from ingest.quarantine import warehouse_status

    report = warehouse_status(get_settings().warehouse_path)
    sent = upload_summary(app_state.app_state_path(get_settings().warehouse_path))
    if as_json:
        typer.echo(json.dumps(report.to_dict() | {"uploads": sent.to_dict()}))
        return
    if not report.exists:
        typer.echo(f"no warehouse at {report.warehouse_path} yet: run `dhr ingest PATH` and `dhr build`")
        return
    typer.echo(f"warehouse {report.warehouse_path}")
    built = (
        f"{report.built_at:%Y-%m-%d %H:%M:%S} UTC (reporting date {report.reporting_date})"
        if report.built_at
        else "never: run `dhr build`"
    )
    latest = f"{report.latest_ingest:%Y-%m-%d %H:%M:%S} UTC" if report.latest_ingest else "nothing yet"
    typer.echo(f"  built at       {built}")
    typer.echo(f"  latest ingest  {latest}")
    states = ("accepted", "open", "superseded")
    forms = sorted({form for form, _ in report.counts})
    typer.echo(f"\n  {'form type':<16}{'accepted':>10}{'rejected':>10}{'superseded':>12}")
    for form in forms:
        accepted, open_, superseded = (report.counts.get((form, s), 0) for s in states)
        typer.echo(f"  {form:<16}{accepted:>10,}{open_:>10,}{superseded:>12,}")
    typer.echo(
        f"  {'all':<16}{sum(report.counts.get((f, 'accepted'), 0) for f in forms):>10,}"
        f"{report.open_quarantine:>10,}{report.superseded:>12,}"
    )
    typer.echo(
        f"\n  quarantine: {report.open_quarantine:,} rejected file(s) waiting for a corrected copy, "
        f"{report.superseded:,} superseded (`dhr quarantine list`)"
    )
    if sent.files:
        outcomes = ", ".join(f"{n:,} {outcome.replace('_', ' ')}" for outcome, n in sent.by_outcome.items())
        typer.echo(
            f"  sent through the dashboards: {sent.files:,} file(s) by {sent.senders:,} user(s) ({outcomes}); "
            f"latest {sent.latest_at:%Y-%m-%d %H:%M:%S} UTC"
        )
    else:
        typer.echo("  sent through the dashboards: none yet (every file above came by `dhr ingest`)")
    if report.text_findings:
        typer.echo(
            f"  privacy: {report.text_findings:,} possible personal detail(s) in the free text of "
            f"{report.files_with_findings:,} file(s); that text is withheld from the marts"
        )


quarantine_app = typer.Typer(
    help="Rejected files: list them and show every reason each was rejected.", no_args_is_help=True
)
app.add_typer(quarantine_app, name="quarantine")


@quarantine_app.command("list")
def quarantine_list(
    open_only: Annotated[
        bool, typer.Option("--open", help="Only files not yet superseded by a corrected copy.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file.")] = False,
) -> None:
    """Every rejected file: when, which form and case, how many reasons, and whether a corrected file superseded it."""
    import duckdb

    from ingest.quarantine import quarantine

    path = get_settings().warehouse_path
    if not path.exists():
        typer.echo(f"no warehouse at {path} yet: nothing has been received")
        return
    with duckdb.connect(str(path), read_only=True) as con:
        files = quarantine(con, include_superseded=not open_only)
    if as_json:
        for f in files:
            typer.echo(json.dumps(f.to_dict()))
        return
    if not files:
        typer.echo("the quarantine is empty")
        return
    for f in files:
        case = " ".join(x for x in (f.csp_code, f.dhr_reference) if x) or "case not read"
        state = (
            f"superseded by {f.superseded_by.file_name} ({f.superseded_by.sha256[:12]})" if f.superseded_by else "OPEN"
        )
        typer.echo(
            f"{f.sha256[:12]}  {f.ingested_at:%Y-%m-%d %H:%M}  {f.form_type or '(unknown form)':<15} {case:<28} "
            f"{len(f.errors):>3} reason(s)  {f.file_name}  [{state}]"
        )
    typer.echo(f"\n{sum(f.state == 'open' for f in files):,} open; `dhr quarantine show SHA_OR_FILE` for every reason")


@quarantine_app.command("show")
def quarantine_show(
    key: Annotated[str, typer.Argument(help="The file's sha256 (or its first 6+ characters), or its file name.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Every reason a file was rejected (or the notes of an accepted file), where it is kept, and what superseded it."""
    import duckdb

    from ingest.quarantine import NoSuchFile, find_file

    path = get_settings().warehouse_path
    if not path.exists():
        typer.echo(f"no warehouse at {path} yet: nothing has been received", err=True)
        raise typer.Exit(code=1)
    with duckdb.connect(str(path), read_only=True) as con:
        try:
            f = find_file(con, key)
        except NoSuchFile as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(code=1) from exc
    if as_json:
        typer.echo(json.dumps(f.to_dict()))
        return
    typer.echo(f"{f.file_name}\n  sha256       {f.sha256}\n  status       {f.state}")
    typer.echo(
        f"  received     {f.ingested_at:%Y-%m-%d %H:%M:%S} UTC\n  form type    {f.form_type or '(not recognised)'}"
    )
    typer.echo(f"  case         {f.csp_code or '(CSP not read)'} {f.dhr_reference or '(reference not read)'}")
    typer.echo(f"  kept at      {path.parent / f.stored_path if f.stored_path else '(not stored)'}")
    if f.superseded_by:
        typer.echo(
            f"  superseded by {f.superseded_by.file_name} ({f.superseded_by.sha256}), "
            f"received {f.superseded_by.ingested_at:%Y-%m-%d %H:%M:%S}"
        )
    if f.errors:
        typer.echo(f"\n{len(f.errors)} reason(s) it was rejected:")
        for error in f.errors:
            typer.echo(f"  - {error}")
    if f.notes:
        typer.echo("\nnotes:")
        for note in f.notes:
            typer.echo(f"  - {note}")


@app.command()
def rebuild(
    reporting_date: Annotated[
        str | None,
        typer.Option(help="Date that 'overdue' is judged at (YYYY-MM-DD); default today or DHR_REPORTING_DATE."),
    ] = None,
) -> None:
    """Recreate the warehouse from the raw store alone (every file received, in the order received), then build it."""
    from dhr.rebuild import rebuild_warehouse

    settings = get_settings()
    result = rebuild_warehouse(
        settings.warehouse_path,
        reporting_date=_parse_date(reporting_date) or settings.reporting_date,
        progress=sys.stderr.isatty(),
    )
    for problem in result.skipped:
        typer.echo(f"skipped {problem}", err=True)
    typer.echo(f"{result.status}: {result.message} ({result.seconds:.1f} s) -> {result.warehouse_path}")
    if result.status == "failed":
        raise typer.Exit(code=1)


audit_app = typer.Typer(
    help="The audit log of sign-ins, exports and user changes (app-state file).", no_args_is_help=True
)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of text.")] = False,
) -> None:
    """Recompute the hash chain, check event ids have no gap, and compare with the anchor file kept
    outside the database (DHR_AUDIT_ANCHOR, default beside the app-state file). Exit 1 on any problem."""
    from dhr import app_state

    result = app_state.verify_audit()
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "ok": result.ok,
                    "events": result.events,
                    "head_event_id": result.head[0] if result.head else None,
                    "head_hash": result.head[1] if result.head else None,
                    "anchored_heads": result.anchored,
                    "anchor_file": str(app_state.anchor_path()),
                    "problems": result.problems,
                }
            )
        )
    else:
        head = f"head {result.head[0]} {result.head[1][:16]}..." if result.head else "empty"
        typer.echo(f"{result.events:,} events, {head}; {result.anchored:,} heads anchored in {app_state.anchor_path()}")
        for problem in result.problems:
            typer.echo(f"problem: {problem}", err=True)
        typer.echo("audit log verified" if result.ok else "audit log FAILED verification")
    if not result.ok:
        raise typer.Exit(code=1)


users_app = typer.Typer(
    help="Who may sign in to the dashboards and as what (roles: national, pcc:<force area code>, csp:<CSP code>, "
    "researcher; flag: restricted). Users live in the app-state file beside the warehouse.",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")

RolesOption = Annotated[
    list[str],
    typer.Option(
        "--role",
        "-r",
        help="A role (repeat, or comma-separate): national, pcc:E23000001, csp:E22000012, researcher, restricted.",
    ),
]
PasswordStdinOption = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input instead of a prompt."
    ),
]


def _cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (a container without a user entry)
        return "cli:unknown"


def _read_password(from_stdin: bool, *, confirm: bool) -> str:
    """From stdin or a hidden prompt: never an argument, so it is not in the shell history or ps."""
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=confirm)


def _auth_call(fn, *args, **kwargs):
    from dhr.auth import AuthError

    try:
        return fn(*args, **kwargs)
    except AuthError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None


@users_app.command("add")
def users_add(
    user_name: Annotated[str, typer.Argument(help="Lower-case user name, e.g. a.khan or a.khan@example.gov.uk.")],
    role: RolesOption = None,  # type: ignore[assignment]
    password_stdin: PasswordStdinOption = False,
) -> None:
    """Add a user (the password is asked for twice, hidden, or read from --password-stdin)."""
    from dhr import auth

    roles = _auth_call(auth.parse_roles, role or [])
    password = _read_password(password_stdin, confirm=True)
    user = _auth_call(auth.add_user, user_name, password, roles, actor=_cli_actor())
    typer.echo(f"added {user.user_name} with roles: {', '.join(user.roles) or 'none (sees nothing)'}")


@users_app.command("demo")
def users_demo() -> None:
    """First run only: when nobody can sign in yet, add `demo` (national) with a random password shown once.

    `make run` calls this so the two commands of the README give a usable app on a fresh machine with
    its synthetic corpus. The password is printed to the operator's terminal once and stored only as
    an Argon2 hash; nothing happens when any user exists.
    """
    import secrets

    from dhr import auth

    if auth.list_users():
        typer.echo("users exist already: no demo user added (`dhr users list`)")
        return
    password = secrets.token_urlsafe(12)
    _auth_call(auth.add_user, "demo", password, ("national",), actor=_cli_actor())
    typer.echo(
        "No user could sign in yet, so one was added for this machine:\n"
        f"  user name: demo\n  password:  {password}\n"
        "It is shown only now (stored as a hash). Role `national`; add your own with `dhr users add`, "
        "then `dhr users remove demo`."
    )


@users_app.command("remove")
def users_remove(user_name: Annotated[str, typer.Argument(help="The user to remove.")]) -> None:
    """Remove a user: their next click in the dashboards signs them out."""
    from dhr import auth

    _auth_call(auth.remove_user, user_name, actor=_cli_actor())
    typer.echo(f"removed {auth.normalise_user_name(user_name)}")


@users_app.command("list")
def users_list(as_json: Annotated[bool, typer.Option("--json", help="One JSON object per user.")] = False) -> None:
    """Every user with their roles (never a password or its hash)."""
    from dhr import auth

    for user in auth.list_users():
        if as_json:
            typer.echo(
                json.dumps({"user_name": user.user_name, "roles": list(user.roles), "updated_at": str(user.updated_at)})
            )
        else:
            typer.echo(f"{user.user_name}\t{', '.join(user.roles) or '(no role)'}\t{user.updated_at:%Y-%m-%d %H:%M}")


@users_app.command("set-role")
def users_set_role(
    user_name: Annotated[str, typer.Argument(help="The user whose roles change.")],
    role: RolesOption = None,  # type: ignore[assignment]
) -> None:
    """Replace a user's roles (no --role leaves them with none: they see nothing)."""
    from dhr import auth

    user = _auth_call(auth.set_roles, user_name, role or [], actor=_cli_actor())
    typer.echo(f"{user.user_name} now has roles: {', '.join(user.roles) or 'none (sees nothing)'}")


@users_app.command("set-password")
def users_set_password(
    user_name: Annotated[str, typer.Argument(help="The user whose password changes.")],
    password_stdin: PasswordStdinOption = False,
) -> None:
    """Set a new password (and lift a lockout after failed sign-ins)."""
    from dhr import auth

    password = _read_password(password_stdin, confirm=True)
    _auth_call(auth.set_password, user_name, password, actor=_cli_actor())
    typer.echo(f"password changed for {auth.normalise_user_name(user_name)}")


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


@app.command("export")
def export(
    topic: Annotated[str, typer.Argument(help="A researcher topic, e.g. 'DHRs by status' (see --list).")] = "",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write; the extension follows --format.")
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="csv, xlsx (with a Notes sheet) or parquet.")
    ] = ExportFormat.csv,
    user: Annotated[
        str, typer.Option("--user", "-u", help="Who exports: a user of `dhr users`; their roles scope the figures.")
    ] = "",
    password_stdin: PasswordStdinOption = False,
    policy: Annotated[str, typer.Option(help="Disclosure control: hes (default) or threshold10.")] = "hes",
    geography: Annotated[str, typer.Option(help="region (with England and Wales) or national.")] = "region",
    years: Annotated[str, typer.Option(help="Notification years: 3 (the fixed 3-year bands) or all (pooled).")] = "3",
    list_topics: Annotated[bool, typer.Option("--list", help="List the topics and policies, then stop.")] = False,
) -> None:
    """Export a disclosure-controlled aggregate for research (never a row about a person, a case or an action).

    The user signs in (password prompt or --password-stdin); the export is scoped to their roles,
    controlled by the policy, carries the policy's rule in its notes, and is written to the audit log.
    """
    # The research core and the file writers, never the dashboards: no web framework is imported
    # to write a file (issue 16; a test checks sys.modules).
    import polars as pl

    from dhr import auth, disclosure, research, research_export, warehouse_reader
    from dhr.access import AccessDenied, Scope

    if list_topics:
        for name in research.RESEARCH_TOPICS:
            typer.echo(f"topic: {name}")
        for name, pol in disclosure.POLICIES.items():
            typer.echo(f"policy: {name} - {pol.rule}")
        return
    # One banding only (fixed 3-year bands, and their total): two overlapping bandings would give
    # single years back by subtraction (issue 15).
    bands = {"3": "3-year bands", "all": "All years pooled"}
    topic = research.RESEARCH_TOPIC_ALIASES.get(topic, topic)
    if topic not in research.RESEARCH_TOPICS:
        raise typer.BadParameter(
            f"{topic!r} is not a topic; one of: {', '.join(research.RESEARCH_TOPICS)}", param_hint="TOPIC"
        )
    if years not in bands:
        raise typer.BadParameter(
            "3 (fixed 3-year bands) or all; 5-year bands are no longer offered, as they overlap the 3-year bands",
            param_hint="--years",
        )
    if geography not in research.GEOGRAPHIES:
        raise typer.BadParameter("region or national", param_hint="--geography")
    if policy not in disclosure.POLICIES:
        raise typer.BadParameter(f"one of {', '.join(disclosure.POLICIES)}", param_hint="--policy")
    if out is None:
        raise typer.BadParameter("where to write the export", param_hint="--out")
    if not user:
        raise typer.BadParameter("the user who exports (their roles scope the figures)", param_hint="--user")
    result = auth.sign_in(user, _read_password(password_stdin, confirm=False))
    if not result.ok or result.user is None:
        typer.echo(f"error: {result.message}", err=True)
        raise typer.Exit(code=3)
    scope = Scope.from_roles(result.user.roles)
    chosen = disclosure.get_policy(policy)
    path = warehouse_reader.warehouse_path()

    def query(sql: str, **params) -> pl.DataFrame:
        warehouse_reader.check_scope(sql, scope)
        return warehouse_reader.run_query(path, sql, params, scope)

    try:
        release = research.linked_release(query, topic)
        frame, counts = research.controlled_table(release, chosen, geography=geography, year_band=bands[years])
        build = query(warehouse_reader.SQL_BUILD_INFO)
    except AccessDenied as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=3) from None
    except warehouse_reader.WarehouseError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    coverage = f"{'regions and England and Wales' if geography == 'region' else 'England and Wales'}; {bands[years].lower()}; {scope.describe()}"
    item = research_export.ResearchExport(
        topic=topic,
        frame=frame,
        counts=counts,
        policy=chosen,
        filters_text=coverage,
        reporting_date=build.get_column("reporting_date")[0] if build.height else None,
    )
    target = out.with_suffix(f".{fmt.value}")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:  # never through a symbolic link or over another user's file; atomically (issue 15)
        research_export.write_file(target, research_export.to_bytes(item, fmt.value))
    except research_export.UnsafeOutputFile as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    research_export.log_export(result.user.user_name, item, fmt.value, channel="cli", extra={"file": target.name})
    typer.echo(f"wrote {frame.height:,} rows ({chosen.name}) -> {target}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
