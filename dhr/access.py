"""What a set of roles may read: the scope the data layer applies to every query (issue 6).

``Scope.from_roles`` turns the roles of ``dhr.auth`` into a scope; ``scoped_view_sql`` writes, for
one mart, the view a connection of that scope reads instead of the mart. The rules, by the columns
a mart has (so a mart added later is covered without edits):

* ``national``: every row.
* ``pcc:<force area>``: rows of that force area: by ``geography_level``/``geography_code`` (the
  national rows, and the force area's own and its CSPs' rows), else ``force_area_code``, else
  ``csp_code`` (CSPs of the force area), else ``dhr_id`` (its DHRs).
* ``csp:<CSP>``: rows of that CSP: by geography (national rows and the CSP's own), else
  ``csp_code``, else ``dhr_id``. A mart that only has ``force_area_code`` counts DHRs of other CSPs
  too and is refused, except the reference dimensions (the CSP's own force area).
* Linked cases (``LINKED_CASE_COLUMNS``): where a row of the user's own CSP points at another case
  (learning that repeats: a similar earlier recommendation elsewhere in the force area), the other
  case's reference, text, month and identifiers are null unless its CSP is in scope too; its year,
  similarity and action status stay.
* ``researcher``: row-level marts are readable *inside* the data layer only by the fixed researcher
  aggregate queries, whose results always pass disclosure control (``dashboards.data``).
* Research aggregates (``rpt_research_*``): national, and researchers through the same fixed
  queries; refused to pcc and csp users (other areas' small counts, before disclosure control).
* DEFAULT DENY: a mart with none of those columns is empty for every role but ``national``,
  unless it is in ``NATIONAL_AGGREGATES`` (figures about no DHR in particular, safe for everyone).
* No role: nothing at all.

Columns that are restricted (``restricted_columns()``: exact dates, place and method detail,
restricted free text, children's sex, and ``RESTRICTED_MART_COLUMNS``: the types of place and
method of killing the marts do carry) are left out of every view unless the user also holds
``restricted``. Scope values reach SQL only through the scope tables, filled with bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from dhr.auth import FLAG_RESTRICTED, ROLE_NATIONAL, ROLE_RESEARCHER, AuthError, parse_roles

#: Marts with no scope column whose rows are about no DHR in particular: shown to every role.
#: Anything not listed here and without a scope column is refused below ``national``.
NATIONAL_AGGREGATES = frozenset({"meta_build"})
#: The researcher topics' aggregates by year and region, before disclosure control (``rpt_research_*``,
#: read by ``dhr.research``): for national users and the researchers' fixed queries only. Their small
#: counts of other areas are exactly what a pcc or csp user must not see.
RESEARCH_AGGREGATE_PREFIX = "rpt_research_"
#: Reference dimensions (places, not cases): narrowed to the user's own geography, never refused.
REFERENCE_DIMENSIONS = frozenset({"dim_force_areas", "dim_csps", "dim_geographies"})
#: Columns restricted only for a particular mart (``sex`` is open for adults, restricted for children).
RESTRICTED_BY_MART = {"fct_dhr_children": frozenset({"sex", "age", "age_years", "date_of_birth"})}
#: Columns the marts never carry, named here so that the rule holds if one ever appears.
EXTRA_RESTRICTED = frozenset({"death_date", "date_of_death", "date_of_birth", "place_of_death_detail", "method_detail"})
#: Columns the marts DO carry that only ``restricted`` readers may see: the type of place of death
#: and of method of killing of 004 Template 29 (004 L4250-4253, a form "not for publication", 004
#: L4157), with their labels (``dim_dhrs``). Not restricted on the form (staging keeps the codes), but
#: with the month of death and the CSP they come close to naming the case (003 section 13, L599-605).
RESTRICTED_MART_COLUMNS = frozenset(
    {"place_of_death", "place_of_death_label", "method_of_killing", "method_of_killing_label"}
)

#: Columns of a mart that are about ANOTHER case than the row's own, with the column naming that
#: case's CSP: a pcc or csp user sees them only when that CSP is in scope, else null. "Learning that
#: repeats" links a CSP's recommendation to a similar earlier one, possibly of another CSP in the force
#: area: a CSP user learns that it exists, its year, its similarity and how its actions stand, never
#: the other CSP's DHR reference, its text, its month or the identifiers (which embed the reference).
LINKED_CASE_COLUMNS: dict[str, tuple[str, frozenset[str]]] = {
    "fct_repeated_learning": (
        "earlier_csp_code",
        frozenset(
            {
                "earlier_csp_code",
                "earlier_dhr_id",
                "earlier_dhr_reference",
                "earlier_recommendation",
                "earlier_recommendation_id",
                "earlier_month",
                "repeated_learning_id",
            }
        ),
    ),
}

#: Columns that place a row in a force area, a CSP or a DHR.
SCOPE_COLUMNS = frozenset({"csp_code", "force_area_code", "dhr_id", "geography_level"})
#: The schema of the scope tables inside each read connection (not in the warehouse).
SCOPE_SCHEMA = "dhr_scope"
#: The alias the warehouse is attached under; page SQL may never name it.
WAREHOUSE_ALIAS = "dhr_wh_raw"


@cache
def restricted_columns() -> frozenset[str]:
    """Column names restricted wherever they appear (from ``form_contract.spec`` via the data
    dictionary, plus ``EXTRA_RESTRICTED`` and ``RESTRICTED_MART_COLUMNS``)."""
    from dhr.data_dictionary import restricted_only_names

    return frozenset(restricted_only_names()) | EXTRA_RESTRICTED | RESTRICTED_MART_COLUMNS


class AccessDenied(PermissionError):
    """The signed-in user's roles do not allow this; ``str(error)`` is for the person at the screen."""


@dataclass(frozen=True)
class Scope:
    """What one user may read. ``kind``: national, pcc, csp, researcher or none."""

    kind: str
    force_area_codes: tuple[str, ...] = ()
    csp_codes: tuple[str, ...] = ()
    restricted: bool = False
    roles: tuple[str, ...] = ()

    @classmethod
    def from_roles(cls, roles: Iterable[str] | None) -> Scope:
        """The widest scope the roles give, in the order national > pcc/csp > researcher.

        pcc and csp roles combine (a user may oversee two force areas, or a force area and a CSP
        elsewhere); researcher combines with neither: it is a different kind of access.
        """
        try:
            parsed = parse_roles(roles or ())
        except AuthError:
            return cls("none")
        restricted = FLAG_RESTRICTED in parsed
        if ROLE_NATIONAL in parsed:
            return cls("national", restricted=restricted, roles=parsed)
        forces = tuple(sorted(r.split(":", 1)[1] for r in parsed if r.startswith("pcc:")))
        csps = tuple(sorted(r.split(":", 1)[1] for r in parsed if r.startswith("csp:")))
        if forces or csps:
            kind = "pcc" if forces else "csp"
            return cls(kind, forces, csps, restricted, parsed)
        if ROLE_RESEARCHER in parsed:
            return cls("researcher", restricted=False, roles=parsed)
        return cls("none", roles=parsed)

    @classmethod
    def national(cls, restricted: bool = False) -> Scope:
        return cls.from_roles([ROLE_NATIONAL, *([FLAG_RESTRICTED] if restricted else [])])

    @property
    def key(self) -> tuple:
        """Hashable identity, part of every cache key."""
        return (self.kind, self.force_area_codes, self.csp_codes, self.restricted)

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """What the reader sees, in words; ``names`` gives force areas' and CSPs' names by code (the
        sidebar passes them, so a reader sees "the Kent force area", not its code; issue 19)."""
        names = names or {}
        if self.kind == "national":
            return "all DHRs in England and Wales"
        if self.kind in ("pcc", "csp"):
            parts = [f"the {names[c]} force area" if c in names else f"force area {c}" for c in self.force_area_codes]
            parts += [f"{names[c]} CSP" if c in names else f"CSP {c}" for c in self.csp_codes]
            return "the DHRs of " + ", ".join(parts)
        if self.kind == "researcher":
            return "disclosure-controlled aggregates by region and nationally"
        return "nothing: this user has no role"


NO_ACCESS = Scope("none")

_CURRENT: ContextVar[Scope | None] = ContextVar("dhr_scope", default=None)


@contextmanager
def using_scope(scope: Scope):
    """Run the enclosed reads as ``scope`` (the CLI's ``dhr export``; data-layer tests)."""
    token = _CURRENT.set(scope)
    try:
        yield scope
    finally:
        _CURRENT.reset(token)


def explicit_scope() -> Scope | None:
    return _CURRENT.get()


# --------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------


def visible_columns(mart: str, columns: Sequence[str], scope: Scope) -> list[str]:
    """The mart's columns this scope may select (restricted ones only with ``restricted``)."""
    if scope.restricted:
        return list(columns)
    hidden = restricted_columns() | RESTRICTED_BY_MART.get(mart, frozenset())
    return [c for c in columns if c.lower() not in hidden]


def row_filter(mart: str, columns: Sequence[str], scope: Scope) -> str:
    """The WHERE condition of the mart's view for ``scope``; values come from the scope tables.

    Fixed SQL text chosen by column names only, never by a value."""
    cols = {c.lower() for c in columns}
    wh = f"{WAREHOUSE_ALIAS}.marts"
    if scope.kind == "national":
        return "true"
    if mart.startswith(RESEARCH_AGGREGATE_PREFIX):
        return "true" if scope.kind == "researcher" else "false"
    if not cols & SCOPE_COLUMNS and mart not in REFERENCE_DIMENSIONS:
        # Default deny: rows that cannot be placed are shown only if listed as national aggregates.
        return "true" if mart in NATIONAL_AGGREGATES else "false"
    if scope.kind == "researcher":
        # Read only by the fixed aggregate queries of the researcher topics, whose results always
        # pass disclosure control (dhr.research.controlled_table).
        return "true"
    if scope.kind not in ("pcc", "csp"):
        return "false"
    forces = _forces_sql()
    csps = _csps_sql()
    dhrs = f"(select dhr_id from {wh}.dim_dhrs where csp_code in {csps})"
    if "geography_level" in cols and "geography_code" in cols:
        return (
            "(geography_level = 'national'"
            f" or (geography_level = 'force_area' and geography_code in {forces})"
            f" or (geography_level = 'csp' and geography_code in {csps}))"
        )
    if mart in REFERENCE_DIMENSIONS:
        if "csp_code" in cols:
            return f"csp_code in {csps}"
        if "force_area_code" in cols:
            csp_forces = f"(select force_area_code from {wh}.dim_csps where csp_code in {csps})"
            return f"(force_area_code in {forces} or force_area_code in {csp_forces})"
        return "false"
    if "csp_code" in cols:
        return f"csp_code in {csps}"
    if "dhr_id" in cols:
        return f"dhr_id in {dhrs}"
    if "force_area_code" in cols:
        # Counts over a whole force area: a pcc of that force area only, never a CSP user.
        return f"force_area_code in {forces}"
    return "false"


def _forces_sql() -> str:
    return f"(select force_area_code from {SCOPE_SCHEMA}.force_areas)"


def _csps_sql() -> str:
    """The CSPs in scope: the csp roles' own, and every CSP of the pcc roles' force areas."""
    return (
        f"(select csp_code from {SCOPE_SCHEMA}.csps union select csp_code from {WAREHOUSE_ALIAS}.marts.dim_csps "
        f"where force_area_code in {_forces_sql()})"
    )


def select_column(mart: str, column: str, columns: Sequence[str], scope: Scope) -> str:
    """One column of the mart's view: as stored, or null where it is about a case of a CSP the scope
    does not cover (``LINKED_CASE_COLUMNS``)."""
    linked = LINKED_CASE_COLUMNS.get(mart)
    if scope.kind in ("pcc", "csp") and linked and column.lower() in linked[1]:
        owner = linked[0]
        if owner not in {c.lower() for c in columns}:
            return f"null as {quote(column)}"
        return f"case when {quote(owner)} in {_csps_sql()} then {quote(column)} end as {quote(column)}"
    return quote(column)


def view_sql(mart: str, columns: Sequence[str], scope: Scope) -> str:
    """``create view marts.<mart>`` over the attached warehouse for ``scope``."""
    shown = [select_column(mart, c, columns, scope) for c in visible_columns(mart, columns, scope)] or [
        "null as no_visible_column"
    ]
    return (
        f"create or replace view marts.{quote(mart)} as select {', '.join(shown)} "
        f"from {WAREHOUSE_ALIAS}.marts.{quote(mart)} where {row_filter(mart, columns, scope)}"
    )


def quote(identifier: str) -> str:
    """A DuckDB identifier in double quotes (names come from the warehouse catalogue, not from input)."""
    return '"' + str(identifier).replace('"', '""') + '"'
