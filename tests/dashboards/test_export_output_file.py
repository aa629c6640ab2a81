"""`dhr export -o FILE` (issue 15): never writes through a symbolic link or over a file that is not
the user's own, and writes atomically (a temporary file in the same folder, then a rename), so a
reader never sees half an export and an interrupted export leaves nothing behind."""

from __future__ import annotations

import os

import pytest
from dashboard_warehouse import RESEARCHER_USER, TEST_PASSWORD
from typer.testing import CliRunner

from dhr import app_state
from dhr import research_export as research
from dhr.cli import app

runner = CliRunner()


def export(out, *extra: str):
    return runner.invoke(
        app,
        [
            "export",
            "DHRs by status",
            "--user",
            RESEARCHER_USER,
            "--password-stdin",
            "-o",
            str(out),
            "--years",
            "all",
            *extra,
        ],
        input=TEST_PASSWORD + "\n",
    )


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_refuses_to_write_through_a_symlink(warehouse, signed_in, tmp_path, fmt):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "authorized_keys"
    victim.write_text("ssh-ed25519 AAAA precious\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"export.{fmt}").symlink_to(victim)
    result = export(out / "export", "--format", fmt)
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.output
    assert victim.read_text() == "ssh-ed25519 AAAA precious\n"
    assert (out / f"export.{fmt}").is_symlink()
    assert leftovers(out) == []
    assert not app_state.audit_events(signed_in, action="export")  # nothing written, nothing exported


def test_export_refuses_a_dangling_symlink_and_a_folder(warehouse, signed_in, tmp_path):
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "nowhere" / "new.csv")
    result = export(tmp_path / "dangling")
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert not (tmp_path / "nowhere").exists()
    (tmp_path / "folder.csv").mkdir()
    result = export(tmp_path / "folder")
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_export_replaces_its_own_file_atomically(warehouse, signed_in, tmp_path):
    target = tmp_path / "export.csv"
    target.write_text("an older export\n")
    before = os.stat(target).st_ino
    result = export(tmp_path / "export")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbf# Topic: DHRs by status")
    assert os.stat(target).st_ino != before  # a new file renamed into place, not the old one rewritten
    assert leftovers(tmp_path) == []


def test_write_file_refuses_a_file_of_another_user(tmp_path, monkeypatch):
    target = tmp_path / "theirs.csv"
    target.write_text("someone else's\n")
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(target).st_uid + 1)
    with pytest.raises(research.UnsafeOutputFile, match="another user"):
        research.write_file(target, b"new")
    assert target.read_text() == "someone else's\n"


def test_write_file_leaves_nothing_behind_when_the_write_fails(tmp_path, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        research.write_file(folder / "export.csv", b"data")
    assert list(folder.iterdir()) == []
