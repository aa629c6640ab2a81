"""Disclosure control for figures that leave the system: the ONE place a policy is applied.

Every aggregate the Researcher page shows or lets people download passes through ``apply_policy``.
No policy is applied yet (the disclosure-control issue adds one, e.g. suppressing counts below a
threshold and the secondary cells that would reveal them); until then every table and download says
``POLICY_NOTE``. A policy is a function from a frame of aggregates (and the names of its count
columns) to the frame that may be shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

POLICY_NOTE = "Figures are not yet disclosure-controlled; do not publish."


@dataclass(frozen=True)
class DisclosurePolicy:
    name: str
    description: str
    apply: Callable[[pl.DataFrame, Sequence[str]], pl.DataFrame]
    is_controlled: bool = False


NO_CONTROL = DisclosurePolicy(
    name="none",
    description="No disclosure control yet: figures are shown as counted.",
    apply=lambda frame, _counts: frame,
)

#: The policy in force. Change it here (and only here) when a real one exists.
ACTIVE_POLICY = NO_CONTROL


def count_columns(frame: pl.DataFrame) -> list[str]:
    """The columns of an aggregate that hold counts (integer columns other than the year)."""
    return [c for c, t in frame.schema.items() if t.is_integer() and c != "notification_year"]


def apply_policy(frame: pl.DataFrame, policy: DisclosurePolicy | None = None) -> pl.DataFrame:
    """The aggregate as it may be shown under ``policy`` (default ``ACTIVE_POLICY``)."""
    chosen = policy or ACTIVE_POLICY
    return chosen.apply(frame, count_columns(frame))


def note(policy: DisclosurePolicy | None = None) -> str:
    """What to tell the person about the figures they see."""
    chosen = policy or ACTIVE_POLICY
    return chosen.description if chosen.is_controlled else POLICY_NOTE
