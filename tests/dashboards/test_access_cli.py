"""`dhr users` and `dhr export` (issue 6): passwords only from a prompt or stdin and never stored or
logged in clear; every role's export scoped, disclosure-controlled, carrying its rule, and audited."""

from __future__ import annotations

import io
import json

import openpyxl
import polars as pl
import pyarrow.parquet as pq
import pytest
from dashboard_warehouse import CSP_USER, NATIONAL_USER, NO_ROLE_USER, PCC_USER, RESEARCHER_USER, TEST_PASSWORD
from typer.testing import CliRunner

from dhr import app_state, auth, disclosure
from dhr.cli import app

runner = CliRunner()
NEW_PASSWORD = "a new long passphrase 42"  # noqa: S105 - test fixture
ROW_LEVEL = {"dhr_id", "dhr_reference", "csp_code", "csp_name", "action_id", "victim_pseudonym", "notification_year"}


def test_users_add_list_set_role_remove(warehouse, signed_in):
    result = runner.invoke(
        app, ["users", "add", "A.Khan", "--role", "csp:e22000012", "--password-stdin"], input=NEW_PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "added a.khan with roles: csp:E22000012" in result.output
    assert NEW_PASSWORD not in result.output
    listing = runner.invoke(app, ["users", "list", "--json"])
    users = {json.loads(line)["user_name"]: json.loads(line)["roles"] for line in listing.output.splitlines()}
    assert users["a.khan"] == ["csp:E22000012"] and users[PCC_USER] == ["pcc:E23000032"]
    assert NEW_PASSWORD not in listing.output
    assert auth.sign_in("a.khan", NEW_PASSWORD, path=signed_in).ok
    assert runner.invoke(app, ["users", "set-role", "a.khan", "-r", "researcher,restricted"]).exit_code == 0
    assert auth.get_user("a.khan", path=signed_in).roles == ("researcher", "restricted")
    assert runner.invoke(app, ["users", "remove", "a.khan"]).exit_code == 0
    assert auth.get_user("a.khan", path=signed_in) is None
    actions = [e.action for e in app_state.audit_events(signed_in) if e.detail.get("user_name") == "a.khan"]
    assert actions == ["user_added", "role_changed", "user_removed"]
    # Never in clear text: not in the audit log, not anywhere in the app-state file.
    assert NEW_PASSWORD not in json.dumps([e.detail for e in app_state.audit_events(signed_in)])
    assert NEW_PASSWORD.encode() not in signed_in.read_bytes()
    assert app_state.verify_audit_chain(signed_in) == []


def test_users_add_from_a_hidden_prompt_and_the_hash_is_argon2id(warehouse, signed_in):
    result = runner.invoke(
        app, ["users", "add", "b.jones", "-r", "national"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output
    import duckdb

    with duckdb.connect(str(signed_in), read_only=True) as con:
        stored = con.execute("select password_hash from users where user_name = 'b.jones'").fetchone()[0]
    assert stored.startswith("$argon2id$") and NEW_PASSWORD not in stored


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["users", "add", "c.x", "-r", "admin", "--password-stdin"], NEW_PASSWORD, "unknown role"),
        (["users", "add", "c.x", "-r", "pcc:E23000001' or 1=1", "--password-stdin"], NEW_PASSWORD, "unknown role"),
        (["users", "add", "c.x", "-r", "national", "--password-stdin"], "short", "at least"),
        (["users", "add", "Robert'); drop table users;--", "--password-stdin"], NEW_PASSWORD, "user name"),
        (["users", "add", PCC_USER, "-r", "national", "--password-stdin"], NEW_PASSWORD, "exists already"),
        (["users", "remove", "nobody"], "", "no user"),
        (["users", "set-role", "nobody", "-r", "national"], "", "no user"),
    ],
)
def test_users_refuses_bad_input(warehouse, signed_in, args, stdin, message):
    result = runner.invoke(app, args, input=stdin + "\n")
    assert result.exit_code == 2
    assert message in result.output
    assert len(auth.list_users(path=signed_in)) == 6


def _export(user: str, out, *extra: str, password: str = TEST_PASSWORD):
    return runner.invoke(
        app,
        ["export", "DHRs by status", "--user", user, "--password-stdin", "-o", str(out), *extra],
        input=password + "\n",
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
@pytest.mark.parametrize("policy", ["hes", "threshold10"])
def test_export_formats_carry_the_rule_and_are_audited(warehouse, signed_in, tmp_path, fmt, policy):
    result = _export(RESEARCHER_USER, tmp_path / "out", "--format", fmt, "--policy", policy, "--years", "all")
    assert result.exit_code == 0, result.output
    path = tmp_path / f"out.{fmt}"
    rule = disclosure.get_policy(policy).rule
    if fmt == "csv":
        text = path.read_bytes().decode("utf-8-sig")
        assert f"# Rule: {rule}" in text
        frame = pl.read_csv(io.StringIO(text), comment_prefix="#", infer_schema=False)
    elif fmt == "xlsx":
        wb = openpyxl.load_workbook(path)
        notes = dict(wb["Notes"].iter_rows(values_only=True))
        assert notes["Rule"] == rule and notes["Source"] and notes["Coverage"] and notes["Created"]
        rows = list(wb["Data"].iter_rows(values_only=True))
        frame = pl.DataFrame([list(map(str, r)) for r in rows[1:]], schema=list(rows[0]), orient="row")
    else:
        assert pq.read_schema(path).metadata[b"dhr:rule"].decode() == rule
        frame = pl.read_parquet(path).cast(pl.Utf8)
    assert not ROW_LEVEL & set(frame.columns)
    counts = [v for v in frame.get_column("dhr_count").to_list() if v not in ("*", None, "None")]
    regional = frame.filter(pl.col("region_name") != "England and Wales").get_column("dhr_count").to_list()
    if policy == "threshold10":
        assert all(int(v) >= 10 for v in counts)
    else:
        assert all(v in ("*", None, "None") or (int(v) % 5 == 0 and not 1 <= int(v) <= 7) for v in regional)
    event = app_state.audit_events(signed_in, action="export")[-1]
    assert event.actor == RESEARCHER_USER
    assert event.detail["policy"] == policy and event.detail["format"] == fmt
    assert event.detail["row_count"] == frame.height and event.detail["topic"] == "DHRs by status"
    assert event.occurred_at is not None


@pytest.mark.parametrize(
    ("user", "regions"),
    [
        (NATIONAL_USER, {"London", "South East", "Wales", "England and Wales"}),
        (PCC_USER, {"South East", "England and Wales"}),  # Kent only: its region, and its own total
        (CSP_USER, {"London", "England and Wales"}),
        (RESEARCHER_USER, {"London", "South East", "Wales", "England and Wales"}),
    ],
)
def test_every_role_exports_within_its_scope(warehouse, signed_in, tmp_path, user, regions):
    for topic in ("DHRs by status", "Action-plan delivery", "Risk factors (003 Annex A item 10)"):
        out = tmp_path / f"{user}-{topic[:5]}"
        result = runner.invoke(
            app,
            ["export", topic, "--user", user, "--password-stdin", "-o", str(out), "--policy", "threshold10"],
            input=TEST_PASSWORD + "\n",
        )
        assert result.exit_code == 0, result.output
        frame = pl.read_csv(
            io.StringIO(out.with_suffix(".csv").read_bytes().decode("utf-8-sig")),
            comment_prefix="#",
            infer_schema=False,
        )
        assert set(frame.get_column("region_name")) <= regions, (user, topic)
        assert not ROW_LEVEL & set(frame.columns)


def test_export_refuses_no_role_wrong_password_and_row_level_requests(warehouse, signed_in, tmp_path):
    no_role = _export(NO_ROLE_USER, tmp_path / "x")
    assert no_role.exit_code == 3 and "without a role" in no_role.output
    wrong = _export(RESEARCHER_USER, tmp_path / "y", password="not the password")  # noqa: S106
    assert wrong.exit_code == 3 and "not right" in wrong.output
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "y.csv").exists()
    for topic in ("dim_dhrs", "marts.fct_actions", "select * from marts.dim_dhrs"):
        result = runner.invoke(
            app,
            ["export", topic, "--user", NATIONAL_USER, "--password-stdin", "-o", str(tmp_path / "z")],
            input=TEST_PASSWORD + "\n",
        )
        assert result.exit_code == 2
    assert not list(tmp_path.glob("z*"))
    assert not app_state.audit_events(signed_in, action="export")


def test_first_run_demo_user_is_added_only_when_nobody_can_sign_in(tmp_path, monkeypatch):
    state = tmp_path / "app_state.duckdb"
    monkeypatch.setenv("DHR_APP_STATE", str(state))
    first = runner.invoke(app, ["users", "demo"])
    assert first.exit_code == 0, first.output
    password = first.output.split("password:")[1].split()[0]
    assert auth.sign_in("demo", password, path=state).ok
    assert auth.get_user("demo", path=state).roles == ("national",)
    assert password.encode() not in state.read_bytes()  # only its hash is kept
    again = runner.invoke(app, ["users", "demo"])
    assert "users exist already" in again.output
    assert [u.user_name for u in auth.list_users(path=state)] == ["demo"]


def test_export_writes_its_file_without_importing_the_dashboards_or_streamlit(warehouse, signed_in, tmp_path):
    """Issue 16: `dhr export` reads the release through the research core (dhr.research), not
    through the dashboards' data layer, so writing a file starts no web framework."""
    import subprocess
    import sys

    out = tmp_path / "export"
    code = (
        "import sys\n"
        "from dhr.cli import app\n"
        "try:\n"
        f"    app(['export', 'DHRs by status', '--user', {RESEARCHER_USER!r}, '--password-stdin', '-o', {str(out)!r}],"
        " standalone_mode=False)\n"
        "finally:\n"
        "    print('IMPORTED', sorted({m.split('.')[0] for m in sys.modules} & {'streamlit', 'dashboards'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=TEST_PASSWORD + "\n", capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "IMPORTED []" in done.stdout, done.stdout
    assert out.with_suffix(".csv").read_text(encoding="utf-8").count("\n") > 3
