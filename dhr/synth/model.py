"""The generator's model of one DHR: its timeline, people, analysis answers and action plan.

Every draw comes from the DHR's own `random.Random(f"{seed}:{index}")`, in a fixed order, so a
DHR is the same whichever process builds it. The distributions below follow the guidance and
the published figures it quotes; each is cited where it is set.

Timeline (per DHR)
  * notification: 2019-01-01 .. as_of, rising ~7 % a year;
  * scoping review submitted 14-28 days after notification for 85 %, 29-45 days (late) for 15 %
    (must be within four weeks: 003 L268);
  * decision at scoping (003 L807): commissioned 78 %, not commissioned 12 %, commissioned but
    paused for criminal proceedings 10 % (003 L284; 003 L549-556);
  * commenced 1-3 months after the decision; paused ones resume 6-18 months later;
  * report completed 8-30 months after commencement (target: one year, 003 L763; most DHRs
    take longer), submitted to the Home Office 0-3 months later, published 3-10 months after
    submission (003 L660-667);
  * main reason for delay set when completion is later than the target of the guidance version
    in force at notification (seeds/code_lists/guidance_rules.csv).

Death type: domestic homicide ~70 %, suicide ~20 %, neglect ~3 %; 'still to be determined' on the
scoping review for ~7 %, mostly deaths notified in the last year (003 L807). The data capture
form, written after the review, carries the determined type.

People (003 Annex F, 003 L885-941; digest §6.1): victims ~70 % female (67.3 % of homicide
victims, L926); perpetrators ~88 % male (88.6 %, L926); female victims mostly killed by a
partner or ex-partner (74.7 %), male victims mostly by a male family member (66.1 %); ~25 %
familial overall; victim age mean ~50 with ~25 % aged 65+ (L885); ethnicity ~74 % White, ~9 %
Black, ~15 % Asian/Mixed/Other, ~3 % not known (L906); sexual orientation ~64 % heterosexual,
~3 % LGB, ~32 % not known (L927); gender reassignment 'No', or not known for ~27 % (L887);
physical disability ~12 %, learning disability ~5 % (L886); pregnancy ~4 % of women of child-
bearing age (3 of 71, L905).

Analysis answers (003 L757-759) carry 5-20 % 'Not known' depending on the item; ~8 % of DHRs
have no known agency contact (every agency answered No).
"""

from __future__ import annotations

import calendar
import random
import zlib
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from dhr.synth import free_text, vocab
from form_contract.code_lists import agencies, analysis_factors, asked_subjects, protected_characteristics
from form_contract.records import Child, Person

FIRST_NOTIFICATION = date(2019, 1, 1)

# ------------------------------------------------------------------------------------------------
# small helpers
# ------------------------------------------------------------------------------------------------


def pick(rng: random.Random, weighted: dict[str, float]) -> str:
    """One key of `weighted`, with probability proportional to its value."""
    keys = list(weighted)
    cum = list(accumulate(weighted[k] for k in keys))
    return keys[bisect(cum, rng.random() * cum[-1])]


def month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def quarter_end(d: date) -> date:
    """The quarter end (31 Mar, 30 Jun, 30 Sep, 31 Dec) on or after `d`."""
    q_month = ((d.month - 1) // 3 + 1) * 3
    return month_end(date(d.year, q_month, 1))


def next_quarter_end(d: date) -> date:
    """The first quarter end strictly after `d`."""
    end = quarter_end(d)
    return end if end > d else quarter_end(end + timedelta(days=1))


def add_months(d: date, months: float) -> date:
    return d + timedelta(days=round(months * 30.44))


def add_calendar_months(d: date, months: int) -> date:
    """The same day `months` calendar months later, or the last day of a shorter month (31 January
    + 1 month = 28 or 29 February), as int_dhr_clocks counts "one month" (docs/clocks.md)."""
    year, month = divmod(d.month - 1 + months, 12)
    year, month = d.year + year, month + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def stable_choice(key: str, n: int) -> int:
    """A choice in range(n) fixed by `key` (not Python's per-process string hash)."""
    return zlib.crc32(key.encode("utf-8")) % n


# ------------------------------------------------------------------------------------------------
# reference context
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CspRef:
    csp_code: str
    csp_name: str
    force_area_code: str
    force_area_name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class GuidanceRule:
    """A guidance version and its completion clock (the `completion` row of guidance_rules.csv)."""

    version: str
    applies_from: date
    applies_to: date
    completion_length: int
    completion_unit: str  # day / month / year (calendar months, as int_dhr_clocks counts them)
    clock_starts: str  # decision / commenced

    def completion_due(self, start: date) -> date:
        if self.completion_unit == "day":
            return start + timedelta(days=self.completion_length)
        months = self.completion_length * (12 if self.completion_unit == "year" else 1)
        return add_calendar_months(start, months)


@dataclass
class Context:
    """What every DHR draw needs: reference data, CSP weights, the corpus dates."""

    seed: int
    as_of: date
    csps: list[CspRef]
    csp_cum_weights: list[float]
    guidance: list[GuidanceRule]

    @classmethod
    def build(cls, seed: int, as_of: date, csps: list[CspRef], guidance: list[GuidanceRule]) -> Context:
        # CSPs differ in size: a fixed lognormal weight per CSP for this seed.
        weights = [random.Random(f"{seed}:csp:{c.csp_code}").lognormvariate(0.0, 0.6) for c in csps]
        return cls(seed, as_of, csps, list(accumulate(weights)), guidance)

    def rule_for(self, notification: date) -> GuidanceRule:
        for rule in self.guidance:
            if rule.applies_from <= notification <= rule.applies_to:
                return rule
        return self.guidance[-1]


# ------------------------------------------------------------------------------------------------
# skeleton: the first draws of every DHR (CSP, notification, scoping delay)
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Skeleton:
    index: int
    csp: CspRef
    notification_date: date
    scoping_delay_days: int


def draw_skeleton(rng: random.Random, index: int, ctx: Context) -> Skeleton:
    csp = ctx.csps[bisect(ctx.csp_cum_weights, rng.random() * ctx.csp_cum_weights[-1])]
    # 003 L268: scoping review within four weeks of notification; ~15 % are late.
    delay = rng.randint(14, 28) if rng.random() < 0.85 else rng.randint(29, 45)
    last = ctx.as_of - timedelta(days=delay)  # every DHR in the corpus has sent its scoping review
    years = list(range(FIRST_NOTIFICATION.year, last.year + 1))
    spans = []
    for y in years:
        lo = max(date(y, 1, 1), FIRST_NOTIFICATION)
        hi = min(date(y, 12, 31), last)
        spans.append((lo, hi))
    # slightly more DHRs each year (+7 % a year), in proportion to the part of the year covered
    weights = [
        (1 + 0.07 * (y - FIRST_NOTIFICATION.year)) * ((hi - lo).days + 1)
        for y, (lo, hi) in zip(years, spans, strict=True)
    ]
    cum = list(accumulate(weights))
    lo, hi = spans[bisect(cum, rng.random() * cum[-1])]
    notification = lo + timedelta(days=rng.randint(0, (hi - lo).days))
    return Skeleton(index, csp, notification, delay)


# ------------------------------------------------------------------------------------------------
# reference numbers and names as CSPs write them
# ------------------------------------------------------------------------------------------------
def _initials(name: str) -> str:
    words = [
        w
        for w in name.replace(",", " ").replace("-", " ").split()
        if w[:1].isalpha() and w.lower() not in ("and", "of", "upon", "the", "on", "city")
    ]
    return "".join(w[0].upper() for w in words)[:4] or "CSP"


def dhr_reference(csp: CspRef, year: int, seq: int) -> str:
    """The CSP's own DHR reference; each CSP has its own style (004 L4163)."""
    style = stable_choice(f"ref:{csp.csp_code}", 5)
    if style == 0:
        return f"DHR {year}-{seq:02d}"
    if style == 1:
        return f"DHR/{year}/{seq:02d}"
    if style == 2:
        return f"DHR {seq:02d}/{year % 100:02d}"
    if style == 3:
        return f"{_initials(csp.csp_name)} DHR {year}/{seq:03d}"
    return f"DHR-{year}-{seq:02d}"


def dhr_id(csp_code: str, reference: str) -> str:
    """design.md §4: csp_code || ':' || upper(reference without non-alphanumerics)."""
    return f"{csp_code}:{''.join(ch for ch in reference if ch.isascii() and ch.isalnum()).upper()}"


def safe_name(reference: str) -> str:
    """A reference made safe as a file or folder name."""
    out = "".join("-" if ch in '\\/:*?"<>|' else ch for ch in reference).strip(" .")
    return out or "DHR"


def file_names(csp_code: str, ref: str) -> tuple[str, str, str]:
    """(scoping review, data capture, action plan) file-name patterns of a CSP; plans take {date} parts."""
    style = stable_choice(f"files:{csp_code}", 4)
    return (
        (f"{ref} Scoping Review.docx", f"{ref} data capture form.xlsx", f"{ref} action plan update {{iso}}{{ext}}"),
        (
            f"Scoping Review - {ref}.docx",
            f"Home Office DHR data collection form - {ref}.xlsx",
            f"{ref} Action Plan Q{{quarter}} {{year}}{{ext}}",
        ),
        (f"{ref}_scoping_review.docx", f"{ref}_HO_data_capture.xlsx", f"{ref}_action_plan_{{compact}}{{ext}}"),
        (
            f"{ref} - Scoping Review (OFFICIAL-SENSITIVE).docx",
            f"{ref} - DHR data form.xlsx",
            f"{ref} - Action Plan as at {{dotted}}{{ext}}",
        ),
    )[style]


def plan_file_name(pattern: str, as_at: date, ext: str) -> str:
    return pattern.format(
        iso=as_at.isoformat(),
        quarter=(as_at.month - 1) // 3 + 1,
        year=as_at.year,
        compact=as_at.strftime("%Y%m%d"),
        dotted=as_at.strftime("%d.%m.%Y"),
        ext=ext,
    )


def csp_name_on_form(rng: random.Random, csp: CspRef) -> str:
    """About 15 % of forms name the CSP by an alias (seeds/reference/csp_aliases.csv)."""
    if csp.aliases and rng.random() < 0.15:
        return rng.choice(csp.aliases)
    return csp.csp_name


# ------------------------------------------------------------------------------------------------
# the case model
# ------------------------------------------------------------------------------------------------
@dataclass
class ActionModel:
    number: str
    recommendation_number: int
    text: str
    lead_agency: str
    outcome: str | None  # None: the ~3 % with no outcome (003 L1157 quality problem)
    responsible_lead: str
    milestones: str
    target_date: date
    theme: str
    themes: list[str]
    amber_on: date | None
    green_on: date | None
    complete_on: date | None
    missing_completion_date: bool  # COMPLETE without a completion date (003 L1162 quality problem)
    outcome_achieved: str
    progress: dict[str, str]  # status word -> progress text
    stalled: bool

    def status_on(self, d: date) -> str:
        if self.complete_on is not None and self.complete_on <= d:
            return "complete"
        if self.green_on is not None and self.green_on <= d:
            return "green"
        if self.amber_on is not None and self.amber_on <= d:
            return "amber"
        return "red"


@dataclass
class RecommendationModel:
    number: int
    text: str
    level: str
    addressee: str
    themes: list[str]
    notified_on: date | None = None
    response_on: date | None = None
    response: str | None = None
    final_implementation_status: str | None = None
    actions: list[ActionModel] = field(default_factory=list)
    # ~5 % of recommendations whose actions are all COMPLETE have no recommendation completion
    # date on the plan (003 L1163 quality problem)
    completion_date_left_blank: bool = False

    def is_complete_on(self, d: date) -> bool:
        """Every action of the recommendation is COMPLETE at `d`."""
        return bool(self.actions) and all(a.status_on(d) == "complete" for a in self.actions)

    def completion_date_on(self, d: date) -> date | None:
        """The recommendation completion date written on the plan at `d` (003 L1163): the day its
        last action was completed, once every action is COMPLETE; blank when left out."""
        if self.completion_date_left_blank or not self.is_complete_on(d):
            return None
        return max(a.complete_on for a in self.actions if a.complete_on is not None)

    def implementation_status_on(self, d: date) -> str | None:
        """Five-point scheme (003 L727-732): missing until the addressee has answered."""
        if self.level != "national":
            return None
        if self.response_on is not None and self.response_on <= d:
            return self.final_implementation_status
        return "missing"


@dataclass
class PlanModel:
    file_format: str  # xlsx / docx
    title: str
    governance: str
    csp_name: str
    start: date
    recommendations: list[RecommendationModel]
    snapshots: list[date]


@dataclass
class EarlyActionModel:
    number: str
    text: str
    lead_agency: str
    outcome: str
    target_date: date
    theme: str


@dataclass
class Case:
    index: int
    csp: CspRef
    reference: str
    dhr_id: str
    seq: int
    guidance_version: str
    notification_date: date
    death_date: date
    ho_notified_date: date
    scoping_submitted_date: date
    decision: str
    death_type: str  # as finally determined (data capture form)
    scoping_death_type: str  # as on the scoping review (may be to_be_determined)
    commenced_date: date | None
    completed_date: date | None
    submitted_date: date | None
    published_date: date | None
    delay_reason: str | None
    place_of_death: str
    place_of_death_detail: str
    method: str
    method_detail: str
    chair: str
    author: str
    victims: list[Person]
    perpetrators: list[Person]
    children: list[Child]
    analysis: dict[tuple[str, str], str]
    agency_contact: dict[tuple[str, str], str]
    equality: dict[tuple[str, str], str]
    no_known_agency_contact: bool
    themes: list[str]
    scoping_csp_name: str
    data_capture_csp_name: str
    scoping_answers: dict[str, str]
    anonymised_identifier: str
    early_actions: list[EarlyActionModel]
    plan: PlanModel | None
    # The dates that start and stop the clocks (issue 18), drawn from their own Random so that every
    # other draw of the DHR is what it was before they existed.
    clock_dates: ClockDates | None = None


@dataclass(frozen=True)
class ClockDates:
    """When each duty was done, and which forms say so (the templates lack these fields, so only
    some CSPs write them: 003 Annex C has no decision date, 003 Annex B no process dates)."""

    decision_date: date
    commissioned_date: date | None
    tor_agreed_date: date | None
    qa_response_date: date | None
    decision_date_on_scoping_review: bool
    commissioned_date_on_scoping_review: bool
    status_update_on_action_plan: bool


def draw_clock_dates(
    rng: random.Random,
    decision: str,
    notification: date,
    scoping: date,
    commenced: date | None,
    submitted: date | None,
) -> ClockDates:
    """The decision a few days before the scoping review that records it (003 L807); commissioning
    0-3 weeks after the decision (003 L300) and never after commencement; terms of reference agreed
    at or up to a month after commencement (004 L963); the QA answer 3-9 weeks after submission
    (003 L648), or 2-6 weeks after a scoping review that decided against a DHR (003 L294-296)."""
    decision_date = max(notification, scoping - timedelta(days=rng.randint(0, 7)))
    commissioned = tor = qa = None
    if decision != "not_commissioned" and commenced is not None:
        commissioned = min(decision_date + timedelta(days=rng.randint(0, 21)), commenced)
        tor = commenced + timedelta(days=rng.randint(0, 30))
    if submitted is not None:
        qa = submitted + timedelta(days=rng.randint(21, 63))
    elif decision == "not_commissioned":
        qa = scoping + timedelta(days=rng.randint(14, 42))
    return ClockDates(
        decision_date=decision_date,
        commissioned_date=commissioned,
        tor_agreed_date=tor,
        qa_response_date=qa,
        decision_date_on_scoping_review=rng.random() < 0.6,
        commissioned_date_on_scoping_review=commissioned is not None and commissioned <= scoping and rng.random() < 0.6,
        status_update_on_action_plan=rng.random() < 0.5,
    )


# ------------------------------------------------------------------------------------------------
# people
# ------------------------------------------------------------------------------------------------
_INVERSE = {
    "spouse_or_civil_partner": "spouse_or_civil_partner",
    "partner": "partner",
    "ex_spouse_or_ex_partner": "ex_spouse_or_ex_partner",
    "parent": "child",
    "child": "parent",
    "sibling": "sibling",
    "grandparent": "grandchild",
    "grandchild": "grandparent",
    "other_relative": "other_relative",
    "household_member": "household_member",
    "other": "other",
    "not_known": "not_known",
}
_INTIMATE = ("spouse_or_civil_partner", "partner", "ex_spouse_or_ex_partner")

#: What the perpetrator was to the victim, as the scoping text names it.
_REL_NOUNS = {
    ("spouse_or_civil_partner", "male"): "husband",
    ("spouse_or_civil_partner", "female"): "wife",
    ("partner", "male"): "partner",
    ("partner", "female"): "partner",
    ("ex_spouse_or_ex_partner", "male"): "former partner",
    ("ex_spouse_or_ex_partner", "female"): "former partner",
    ("child", "male"): "adult son",
    ("child", "female"): "adult daughter",
    ("parent", "male"): "father",
    ("parent", "female"): "mother",
    ("sibling", "male"): "brother",
    ("sibling", "female"): "sister",
    ("grandchild", "male"): "grandson",
    ("grandchild", "female"): "granddaughter",
    ("grandparent", "male"): "grandfather",
    ("grandparent", "female"): "grandmother",
}


def relationship_noun(perp_relationship: str, perp_sex: str) -> str:
    return _REL_NOUNS.get(
        (perp_relationship, perp_sex),
        {"other_relative": "relative", "household_member": "household member"}.get(perp_relationship, "acquaintance"),
    )


def _clamp(v: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, v))


def _victim_sex(rng: random.Random, death_type: str) -> str:
    # 003 L926: 67.3 % of homicide victims women; suicide DHRs are mostly women abused by a partner.
    p_female = {"domestic_homicide": 0.67, "suicide": 0.82, "neglect": 0.62}[death_type]
    return "female" if rng.random() < p_female else "male"


def _relationship_group(rng: random.Random, death_type: str, victim_sex: str) -> str:
    # 003 L926: female victims 74.7 % partner/ex-partner suspect; male victims 66.1 % family member.
    if death_type == "suicide":
        return pick(rng, {"intimate": 0.9, "familial": 0.1})
    if death_type == "neglect":
        return pick(rng, {"intimate": 0.35, "familial": 0.6, "other": 0.05})
    if victim_sex == "female":
        return pick(rng, {"intimate": 0.85, "familial": 0.12, "other": 0.03})
    return pick(rng, {"intimate": 0.25, "familial": 0.64, "other": 0.11})


def _victim_relationship(rng: random.Random, group: str, death_type: str) -> str:
    """What the victim was to the perpetrator."""
    if group == "intimate":
        return pick(rng, {"spouse_or_civil_partner": 0.38, "partner": 0.29, "ex_spouse_or_ex_partner": 0.33})
    if group == "familial":
        if death_type == "neglect":
            return pick(rng, {"parent": 0.75, "grandparent": 0.1, "sibling": 0.1, "other_relative": 0.05})
        # matricide/patricide by an adult child is the commonest familial homicide
        return pick(rng, {"parent": 0.52, "child": 0.14, "sibling": 0.16, "grandparent": 0.08, "other_relative": 0.10})
    return pick(rng, {"household_member": 0.6, "other": 0.4})


def _victim_age(rng: random.Random, relationship: str, death_type: str) -> int:
    # 003 L885: mean age of victims about 50; a quarter aged 65 or older.
    if death_type == "neglect":
        return _clamp(round(rng.gauss(78, 9)), 55, 99)
    if relationship == "parent":
        return _clamp(round(rng.gauss(73, 10)), 45, 97)
    if relationship == "grandparent":
        return _clamp(round(rng.gauss(79, 7)), 60, 99)
    if relationship == "child":
        return _clamp(round(rng.gauss(30, 10)), 16, 60)
    if relationship in _INTIMATE:
        if death_type == "suicide":
            return _clamp(round(rng.gauss(36, 12)), 16, 80)
        return _clamp(round(rng.lognormvariate(3.79, 0.36)), 16, 94)
    return _clamp(round(rng.gauss(45, 16)), 16, 90)


def _perp_age(rng: random.Random, victim_age: int, victim_relationship: str, perp_sex: str) -> int:
    if victim_relationship in _INTIMATE:
        return _clamp(victim_age + round(rng.gauss(2.5 if perp_sex == "male" else -2, 5)), 16, 95)
    if victim_relationship in ("parent", "grandparent"):
        gap = rng.randint(20, 38) if victim_relationship == "parent" else rng.randint(42, 60)
        return _clamp(victim_age - gap, 16, 80)
    if victim_relationship == "child":
        return _clamp(victim_age + rng.randint(20, 35), 36, 95)
    if victim_relationship == "sibling":
        return _clamp(victim_age + rng.randint(-8, 8), 16, 95)
    return _clamp(round(rng.gauss(38, 13)), 16, 90)


_ETHNIC_GROUPS = {"white": 0.74, "black": 0.09, "asian": 0.09, "mixed": 0.035, "other": 0.025, "not_known": 0.03}
_ETHNICITY_IN_GROUP = {
    "white": {
        "white_british": 0.84,
        "white_irish": 0.02,
        "white_gypsy_traveller": 0.01,
        "white_roma": 0.005,
        "white_other": 0.125,
    },
    "black": {"black_african": 0.55, "black_caribbean": 0.35, "black_other": 0.10},
    "asian": {
        "asian_pakistani": 0.35,
        "asian_indian": 0.30,
        "asian_bangladeshi": 0.15,
        "asian_chinese": 0.05,
        "asian_other": 0.15,
    },
    "mixed": {
        "mixed_white_black_caribbean": 0.35,
        "mixed_white_asian": 0.25,
        "mixed_white_black_african": 0.15,
        "mixed_other": 0.25,
    },
    "other": {"other_arab": 0.4, "other_any": 0.6},
    "not_known": {"not_known": 1.0},
}


def _ethnicity(rng: random.Random) -> str:
    return pick(rng, _ETHNICITY_IN_GROUP[pick(rng, _ETHNIC_GROUPS)])


def _nationality(rng: random.Random, ethnicity: str) -> str:
    if ethnicity == "not_known":
        return pick(rng, {"british": 0.6, "not_known": 0.4})
    if ethnicity == "white_other" or ethnicity == "white_roma":
        return pick(rng, {"eu_eea": 0.6, "british": 0.25, "other": 0.1, "not_known": 0.05})
    if ethnicity == "white_irish":
        return pick(rng, {"irish": 0.7, "british": 0.3})
    if ethnicity.startswith(("black_african", "asian", "other_")):
        return pick(rng, {"british": 0.62, "other": 0.3, "eu_eea": 0.03, "not_known": 0.05})
    return pick(rng, {"british": 0.95, "other": 0.02, "not_known": 0.03})


def _immigration(rng: random.Random, nationality: str) -> str:
    if nationality in ("british", "irish"):
        return "citizen"
    if nationality == "eu_eea":
        return pick(rng, {"settled": 0.8, "insecure": 0.05, "not_known": 0.15})
    if nationality == "other":
        return pick(
            rng,
            {
                "settled": 0.35,
                "spousal_visa": 0.2,
                "other_visa": 0.15,
                "asylum": 0.1,
                "insecure": 0.08,
                "not_known": 0.12,
            },
        )
    return "not_known"


def _religion(rng: random.Random, ethnicity: str) -> str:
    # 003 L907: religion recorded, rarely judged relevant; many 'not known'.
    if ethnicity in ("asian_pakistani", "asian_bangladeshi", "other_arab"):
        return pick(rng, {"muslim": 0.8, "no_religion": 0.05, "not_known": 0.15})
    if ethnicity == "asian_indian":
        return pick(rng, {"hindu": 0.45, "sikh": 0.25, "muslim": 0.1, "christian": 0.05, "not_known": 0.15})
    return pick(
        rng,
        {
            "no_religion": 0.34,
            "christian": 0.38,
            "muslim": 0.03,
            "buddhist": 0.01,
            "jewish": 0.01,
            "other": 0.01,
            "not_known": 0.22,
        },
    )


def _sexual_orientation(rng: random.Random, same_sex_partner: bool) -> str:
    # 003 L927: 64 % heterosexual ('no'), 3 % LGBTQ+, 32 % not known.
    if same_sex_partner:
        return pick(rng, {"gay_or_lesbian": 0.7, "bisexual": 0.2, "not_known": 0.1})
    return pick(
        rng, {"heterosexual": 0.655, "bisexual": 0.01, "gay_or_lesbian": 0.006, "other": 0.004, "not_known": 0.325}
    )


def _marital(rng: random.Random, relationship: str, age: int) -> str:
    if rng.random() < 0.05:
        return "not_known"
    if relationship == "spouse_or_civil_partner":
        return pick(rng, {"married_or_civil_partnership": 0.85, "separated": 0.15})
    if relationship == "partner":
        return pick(rng, {"cohabiting": 0.7, "single": 0.2, "divorced_or_dissolved": 0.1})
    if relationship == "ex_spouse_or_ex_partner":
        return pick(rng, {"separated": 0.45, "divorced_or_dissolved": 0.3, "single": 0.25})
    if age < 25:
        return pick(rng, {"single": 0.92, "cohabiting": 0.05, "married_or_civil_partnership": 0.03})
    if age >= 65:
        return pick(
            rng, {"widowed": 0.45, "married_or_civil_partnership": 0.3, "divorced_or_dissolved": 0.15, "single": 0.1}
        )
    return pick(
        rng, {"single": 0.55, "divorced_or_dissolved": 0.2, "married_or_civil_partnership": 0.15, "separated": 0.1}
    )


def _yes_no_nk(rng: random.Random, p_yes: float, p_nk: float) -> str:
    r = rng.random()
    if r < p_nk:
        return "not_known"
    return "yes" if r < p_nk + (1 - p_nk) * p_yes else "no"


def _pseudonym(rng: random.Random, sex: str, taken: set[str]) -> str:
    pool = vocab.FEMALE_PSEUDONYMS if sex == "female" else vocab.MALE_PSEUDONYMS
    for _ in range(10):
        name = rng.choice(pool)
        if name not in taken:
            taken.add(name)
            return name
    return rng.choice(pool)


@dataclass
class _PersonFlags:
    physical_disability: str
    learning_disability: str
    pregnant: str


def _draw_people(rng: random.Random, death_type: str):
    """Victims, perpetrators and their flags; the first of each is the pair the relationship describes."""
    taken: set[str] = set()
    v_sex = _victim_sex(rng, death_type)
    group = _relationship_group(rng, death_type, v_sex)
    v_rel = _victim_relationship(rng, group, death_type)
    p_rel = _INVERSE[v_rel]
    if group == "intimate":
        same_sex = rng.random() < 0.03
        p_sex = v_sex if same_sex else ("male" if v_sex == "female" else "female")
        if v_sex == "male" and not same_sex and rng.random() < 0.1:
            p_sex, same_sex = "male", True
    else:
        same_sex = False
        p_sex = "male" if rng.random() < 0.93 else "female"
    v_age = _victim_age(rng, v_rel, death_type)
    p_age = _perp_age(rng, v_age, v_rel, p_sex)

    def person(
        number: int, sex: str, age: int, rel: str, ethnicity: str | None, is_victim: bool
    ) -> tuple[Person, _PersonFlags]:
        eth = ethnicity or _ethnicity(rng)
        nat = _nationality(rng, eth)
        physical = _yes_no_nk(rng, 0.13 if is_victim else 0.06, 0.08)
        learning = _yes_no_nk(rng, 0.055 if is_victim else 0.06, 0.1)
        disability = (
            "yes" if "yes" in (physical, learning) else ("not_known" if "not_known" in (physical, learning) else "no")
        )
        if is_victim and sex == "female" and 16 <= age <= 45:
            pregnant = _yes_no_nk(rng, 0.09, 0.12)
        else:
            pregnant = "no" if rng.random() < 0.85 else "not_known"
        p = Person(
            person_number=number,
            pseudonym=_pseudonym(rng, sex, taken),
            sex=sex,
            age=age,
            relationship=rel,
            ethnicity=eth,
            nationality=nat,
            immigration_status=_immigration(rng, nat),
            religion=_religion(rng, eth),
            sexual_orientation=_sexual_orientation(rng, same_sex and rel in _INTIMATE),
            disability=disability,
            gender_reassignment="not_known" if rng.random() < 0.27 else "no",  # 003 L887
            marital_status=_marital(rng, rel if number == 1 else "other", age),
            pregnancy_maternity=pregnant,
        )
        return p, _PersonFlags(physical, learning, pregnant)

    v1, v1_flags = person(1, v_sex, v_age, v_rel, None, True)
    # perpetrators in a family or a couple mostly share an ethnicity
    p_eth = v1.ethnicity if rng.random() < 0.8 else None
    p1, p1_flags = person(1, p_sex, p_age, p_rel, p_eth, False)
    victims, perps = [v1], [p1]
    v_flags, p_flags = [v1_flags], [p1_flags]
    if death_type == "domestic_homicide" and rng.random() < 0.03:  # a second victim (e.g. a new partner or relative)
        sex2 = "male" if rng.random() < 0.5 else "female"
        rel2 = pick(rng, {"other": 0.5, "other_relative": 0.3, "child": 0.2})
        age2 = _clamp(round(rng.gauss(40, 15)), 16, 90)
        v2, f2 = person(2, sex2, age2, rel2, v1.ethnicity if rng.random() < 0.7 else None, True)
        victims.append(v2)
        v_flags.append(f2)
    if death_type != "suicide" and rng.random() < 0.05:  # a second perpetrator
        sex2 = "male" if rng.random() < 0.8 else "female"
        p2, f2 = person(
            2,
            sex2,
            _clamp(round(rng.gauss(32, 12)), 16, 80),
            pick(rng, {"other_relative": 0.4, "other": 0.4, "household_member": 0.2}),
            p1.ethnicity,
            False,
        )
        perps.append(p2)
        p_flags.append(f2)
    verdicts = {
        "domestic_homicide": {
            "murder": 0.56,
            "manslaughter": 0.14,
            "manslaughter_diminished": 0.08,
            "perpetrator_deceased": 0.1,
            "other_conviction": 0.03,
            "acquitted": 0.02,
            "awaiting_trial": 0.03,
            "no_charge": 0.04,
        }
    }
    for p in perps:
        p.verdict = pick(rng, verdicts[death_type]) if death_type in verdicts else "not_applicable"
    return victims, perps, v_flags, p_flags, same_sex


def _draw_children(rng: random.Random, victim: Person) -> list[Child]:
    """Children in the household: 0-4, ages 0-17 (004 L4256)."""
    if (victim.age or 0) >= 60:
        n = 0 if rng.random() < 0.95 else 1
    else:
        n = int(pick(rng, {"0": 0.5, "1": 0.2, "2": 0.16, "3": 0.09, "4": 0.05}))
    children = []
    for i in range(1, n + 1):
        rel = (
            pick(
                rng, {"child_of_both": 0.55, "child_of_victim": 0.3, "child_of_perpetrator": 0.08, "other_child": 0.07}
            )
            if victim.relationship in _INTIMATE
            else pick(rng, {"child_of_victim": 0.4, "child_of_perpetrator": 0.3, "other_child": 0.3})
        )
        children.append(
            Child(person_number=i, age=rng.randint(0, 17), sex=rng.choice(("female", "male")), relationship=rel)
        )
    return children


# ------------------------------------------------------------------------------------------------
# analysis, agency contact and equality answers (003 L757-759)
# ------------------------------------------------------------------------------------------------
def _draw_analysis(
    rng: random.Random,
    victim: Person,
    perp: Person,
    v_flags: _PersonFlags,
    p_flags: _PersonFlags,
    children: list[Child],
    death_type: str,
) -> dict[tuple[str, str], str]:
    rel = victim.relationship
    intimate = rel in _INTIMATE
    ex = rel == "ex_spouse_or_ex_partner"
    has_children = bool(children)
    # P(yes), P(not known) per (factor, subject)
    probs: dict[tuple[str, str], tuple[float, float]] = {
        ("agg_separation", "victim"): (0.88 if ex else 0.3 if intimate else 0.03, 0.06),
        ("agg_coercive_control", "victim"): (0.72 if intimate else 0.35, 0.08),
        ("agg_stalking", "victim"): (0.45 if ex else 0.16 if intimate else 0.05, 0.1),
        ("agg_forced_marriage", "victim"): (0.01, 0.05),
        ("agg_honour_based_abuse", "victim"): (
            0.03 if victim.religion == "muslim" or (victim.ethnicity or "").startswith("asian") else 0.005,
            0.05,
        ),
        ("agg_faith_based_abuse", "victim"): (0.005, 0.05),
        ("agg_sexual_abuse", "victim"): (0.15 if intimate else 0.03, 0.15),
        ("agg_psychological_abuse", "victim"): (0.75 if intimate else 0.45, 0.08),
        ("agg_physical_abuse", "victim"): (0.62 if intimate else 0.42, 0.06),
        ("agg_economic_abuse", "victim"): (0.22 if intimate else 0.18, 0.12),
        ("mh_diagnosed", "victim"): (0.45 if death_type == "suicide" else 0.3, 0.1),
        ("mh_undiagnosed", "victim"): (0.15, 0.2),
        ("mh_diagnosed", "perpetrator"): (0.5 if rel == "parent" else 0.35, 0.1),
        ("mh_undiagnosed", "perpetrator"): (0.2, 0.2),
        ("mh_diagnosed", "children"): (0.1, 0.15),
        ("mh_undiagnosed", "children"): (0.08, 0.2),
        ("vul_alcohol_misuse", "victim"): (0.25, 0.08),
        ("vul_alcohol_misuse", "perpetrator"): (0.45, 0.08),
        ("vul_substance_misuse", "victim"): (0.15, 0.1),
        ("vul_substance_misuse", "perpetrator"): (0.38, 0.1),
        ("vul_housing_issues", "victim"): (0.15, 0.08),
        ("vul_housing_issues", "perpetrator"): (0.25, 0.08),
        ("vul_communication", "victim"): (0.04, 0.1),
        ("vul_communication", "perpetrator"): (0.04, 0.1),
        ("prev_victim_of_abuse", "victim"): (0.6 if intimate else 0.4, 0.1),
        ("prev_known_perpetrator", "perpetrator"): (0.5 if intimate else 0.3, 0.1),
        ("prev_aces", "victim"): (0.22, 0.35),
        ("prev_aces", "perpetrator"): (0.32, 0.35),
        ("child_present_at_death", "children"): (0.2, 0.05),
        ("child_protection", "children"): (0.15, 0.05),
        ("child_known_to_csc", "children"): (0.38, 0.05),
    }
    answers: dict[tuple[str, str], str] = {}
    for row in analysis_factors():
        code = row["factor_code"]
        for subject in asked_subjects(row):
            key = (code, subject)
            if subject == "children" and not has_children:
                answers[key] = "no"
                continue
            if code == "vul_physical_disability":
                answers[key] = (v_flags if subject == "victim" else p_flags).physical_disability
            elif code == "vul_learning_disability":
                answers[key] = (v_flags if subject == "victim" else p_flags).learning_disability
            elif code == "vul_pregnancy":
                answers[key] = v_flags.pregnant
            elif code == "vul_mental_ill_health":
                mh = (answers.get(("mh_diagnosed", subject)), answers.get(("mh_undiagnosed", subject)))
                answers[key] = "yes" if "yes" in mh else ("not_known" if "not_known" in mh else "no")
            elif code == "child_referral_nfa":
                answers[key] = (
                    _yes_no_nk(rng, 0.4, 0.1) if answers.get(("child_known_to_csc", "children")) == "yes" else "no"
                )
            else:
                p_yes, p_nk = probs.get(key, (0.1, 0.1))
                answers[key] = _yes_no_nk(rng, p_yes, p_nk)
    return answers


#: P(contact) per agency and subject; not known 5-10 %.
_AGENCY_P = {
    "police": (0.6, 0.65, 0.25),
    "probation": (0.05, 0.25, 0.0),
    "prison": (0.02, 0.12, 0.0),
    "childrens_social_care": (0.2, 0.2, 0.35),
    "adult_social_care": (0.2, 0.1, 0.0),
    "mental_health": (0.3, 0.35, 0.08),
    "gp_primary_care": (0.9, 0.8, 0.9),
    "emergency_department": (0.35, 0.3, 0.2),
    "maternity_health_visiting": (0.1, 0.0, 0.4),
    "ambulance": (0.2, 0.15, 0.0),
    "housing": (0.2, 0.2, 0.0),
    "immigration": (0.03, 0.03, 0.0),
    "specialist_da_service": (0.27, 0.08, 0.0),
    "substance_misuse": (0.12, 0.25, 0.0),
    "education": (0.0, 0.0, 0.8),
    "dwp": (0.15, 0.2, 0.0),
    "employer": (0.25, 0.25, 0.0),
    "marac": (0.17, 0.0, 0.0),
    "mappa": (0.0, 0.05, 0.0),
}


def _draw_agency_contact(
    rng: random.Random, victim: Person, perp: Person, children: list[Child], analysis: dict, no_contact: bool
) -> dict[tuple[str, str], str]:
    answers: dict[tuple[str, str], str] = {}
    for row in agencies():
        code = row["agency_code"]
        for subject in asked_subjects(row):
            key = (code, subject)
            if no_contact or (subject == "children" and not children):
                answers[key] = "no"
                continue
            p = _AGENCY_P.get(code, (0.1, 0.1, 0.1))[("victim", "perpetrator", "children").index(subject)]
            person = victim if subject == "victim" else perp
            if code == "adult_social_care" and subject == "victim" and (victim.age or 0) >= 65:
                p = 0.5
            if code == "immigration" and subject != "children" and person.nationality in ("other", "eu_eea"):
                p = 0.35
            if code == "substance_misuse" and analysis.get(("vul_substance_misuse", subject)) == "yes":
                p = 0.6
            if code == "mental_health" and analysis.get(("vul_mental_ill_health", subject)) == "yes":
                p = 0.7
            if code == "education" and all((c.age or 0) < 4 for c in children):
                p = 0.05
            if code == "specialist_da_service" and answers.get(("marac", "victim")) == "yes":
                p = 0.8
            answers[key] = _yes_no_nk(rng, p, 0.06)
    # a MARAC referral means the police knew the victim
    if answers.get(("marac", "victim")) == "yes":
        answers[("police", "victim")] = "yes"
    return answers


def _draw_equality(rng: random.Random, victim: Person, perp: Person) -> dict[tuple[str, str], str]:
    """Was each protected characteristic judged relevant to the DHR (003 L757; 003 L1091-1095)?"""
    answers: dict[tuple[str, str], str] = {}
    for row in protected_characteristics():
        code = row["characteristic_code"]
        for subject, person in (("victim", victim), ("perpetrator", perp)):
            age = person.age or 40
            p = {
                "age": 0.75 if age >= 65 or age < 21 else 0.1,
                "disability": 0.8 if person.disability == "yes" else 0.02,
                "gender_reassignment": 0.002,
                "marriage_civil_partnership": 0.25,
                "pregnancy_maternity": 0.9 if person.pregnancy_maternity == "yes" else 0.0,
                "race": 0.35 if person.ethnicity not in ("white_british", "not_known") else 0.03,
                "religion_belief": 0.02,  # 003 L907: no HO review found religion a relevant factor
                "sex": 0.7 if person.sex == "female" and subject == "victim" else 0.2,
                "sexual_orientation": 0.8 if person.sexual_orientation in ("gay_or_lesbian", "bisexual") else 0.01,
            }.get(code, 0.1)
            answers[(code, subject)] = _yes_no_nk(rng, p, 0.05)
    return answers


# ------------------------------------------------------------------------------------------------
# themes, recommendations and actions
# ------------------------------------------------------------------------------------------------
def _case_themes(
    rng: random.Random, death_type: str, analysis: dict, agency_contact: dict, children: list[Child]
) -> list[str]:
    """Learning themes of the case, weighted by what happened."""
    w = dict.fromkeys(free_text.THEME_CODES, 1.0)
    for code in ("risk_assessment", "information_sharing", "multi_agency_working", "training_awareness"):
        w[code] = 4.0
    w["policy_procedure"] = 2.5
    w["record_keeping"] = 2.0
    if analysis.get(("agg_coercive_control", "victim")) == "yes":
        w["coercive_control"] = 5.0
    if death_type == "suicide" or "yes" in (
        analysis.get(("mh_diagnosed", "victim")),
        analysis.get(("mh_diagnosed", "perpetrator")),
    ):
        w["mental_health_suicide"] = 5.0 if death_type == "suicide" else 3.0
    if "yes" in (
        analysis.get(("vul_substance_misuse", "perpetrator")),
        analysis.get(("vul_alcohol_misuse", "perpetrator")),
    ):
        w["substance_misuse"] = 3.0
    if children:
        w["children_safeguarding"] = 4.0
    if death_type == "neglect" or agency_contact.get(("adult_social_care", "victim")) == "yes":
        w["adult_safeguarding"] = 4.0
    if analysis.get(("prev_known_perpetrator", "perpetrator")) == "yes":
        w["perpetrator_response"] = 3.5
    if "yes" in (analysis.get(("vul_housing_issues", "victim")), analysis.get(("vul_housing_issues", "perpetrator"))):
        w["housing_homelessness"] = 3.0
    if agency_contact.get(("gp_primary_care", "victim")) == "yes":
        w["health_response"] = 3.0
    if agency_contact.get(("specialist_da_service", "victim")) == "yes":
        w["specialist_support"] = 3.0
    n = rng.randint(3, 6)
    themes: list[str] = []
    while len(themes) < n:
        t = pick(rng, {k: v for k, v in w.items() if k not in themes})
        themes.append(t)
    return themes


def _snap_target(rng: random.Random, d: date) -> date:
    """Targets are often quarter or month ends."""
    r = rng.random()
    if r < 0.5:
        return quarter_end(d)
    if r < 0.85:
        return month_end(d)
    return d


def _draw_action(
    rng: random.Random, rec_number: int, number: int, theme: str, themes: list[str], lead: vocab.LeadAgency, start: date
) -> ActionModel:
    text = free_text.action_text(rng, theme, lead.text_name)
    outcome = free_text.outcome_text(rng, theme)
    milestones = free_text.milestones_text(rng, theme)
    target = _snap_target(rng, start + timedelta(days=rng.randint(90, 548)))  # 3-18 months after the plan starts
    stalled = rng.random() < 0.2
    if rng.random() < 0.08:
        # done during the review (early learning acted on): complete before the first update
        amber = start - timedelta(days=rng.randint(60, 200))
        green = amber + timedelta(days=rng.randint(10, 40))
        complete: date | None = min(start, green + timedelta(days=rng.randint(10, 60)))
    elif stalled:
        # ~20 % stall: stay RED or AMBER for several quarters, some well past the target date
        amber = None if rng.random() < 0.4 else start + timedelta(days=rng.randint(0, 200))
        green = None if amber is None or rng.random() < 0.5 else amber + timedelta(days=rng.randint(300, 900))
        complete = None if green is None or rng.random() < 0.4 else green + timedelta(days=rng.randint(60, 400))
    else:
        amber = start + timedelta(days=rng.choice((0, 0, rng.randint(1, 150))))
        green = amber + timedelta(days=rng.randint(20, 240))
        complete = max(green + timedelta(days=rng.randint(7, 60)), target + timedelta(days=round(rng.gauss(-20, 75))))
    progress = {word: free_text.progress_text(rng, theme, word) for word in ("RED", "AMBER", "GREEN", "COMPLETE")}
    return ActionModel(
        number=f"{rec_number}.{number}",
        recommendation_number=rec_number,
        text=text,
        lead_agency=lead.form_name,
        outcome=None if rng.random() < 0.03 else outcome,
        responsible_lead=rng.choice(lead.job_titles),
        milestones=milestones,
        target_date=target,
        theme=theme,
        themes=[theme],
        amber_on=amber,
        green_on=green,
        complete_on=complete,
        missing_completion_date=rng.random() < 0.03,
        outcome_achieved=pick(rng, {"yes": 0.7, "partially": 0.2, "no": 0.1}),
        progress=progress,
        stalled=stalled,
    )


def _lead(rng: random.Random) -> vocab.LeadAgency:
    cum = list(accumulate(vocab.LEAD_AGENCY_WEIGHTS))
    return vocab.LEAD_AGENCIES[bisect(cum, rng.random() * cum[-1])]


def _draw_plan(
    rng: random.Random,
    case_themes: list[str],
    complexity: int,
    start: date,
    as_of: date,
    csp: CspRef,
    victim: Person,
    death_date: date,
) -> PlanModel:
    n_recs = _clamp(round(rng.triangular(2, 8, 3)) + (1 if complexity > 22 else 0), 2, 8)
    recs: list[RecommendationModel] = []
    for r in range(1, n_recs + 1):
        primary = case_themes[(r - 1) % len(case_themes)] if rng.random() < 0.7 else rng.choice(case_themes)
        themes = [primary]
        if rng.random() < 0.45:
            themes.append(rng.choice([t for t in case_themes if t != primary] or [primary]))
        themes = list(dict.fromkeys(themes))
        level = pick(rng, {"single_agency": 0.55, "multi_agency": 0.35, "national": 0.10})
        if level == "national":
            bodies = vocab.national_bodies(start.isoformat())
            cum = list(accumulate(vocab.NATIONAL_WEIGHTS))
            form_name, text_name = bodies[bisect(cum, rng.random() * cum[-1])]
            addressee_form, addressee_text = form_name, text_name
        elif level == "multi_agency":
            body = rng.choice(vocab.MULTI_AGENCY_ADDRESSEES)
            addressee_form, addressee_text = body.form_name, body.text_name
        else:
            agency = _lead(rng)
            addressee_form, addressee_text = agency.form_name, agency.text_name
        rec = RecommendationModel(
            r, free_text.recommendation_text(rng, themes, addressee_text, level), level, addressee_form, themes
        )
        if level == "national" and rng.random() < 0.65:  # many national recommendations are never sent on
            rec.notified_on = start + timedelta(days=rng.randint(14, 200))
            if rng.random() < 0.5:  # and many never answered
                rec.response_on = rec.notified_on + timedelta(days=rng.randint(30, 260))
                rec.response = rng.choice(vocab.NATIONAL_RESPONSES)
                rec.final_implementation_status = pick(
                    rng, {"fully_implemented": 0.18, "already_happening": 0.22, "partly_met": 0.3, "not_met": 0.3}
                )
        n_actions = _clamp(round(rng.triangular(1, 5, 1 + min(1.0, complexity / 30))), 1, 5)
        for a in range(1, n_actions + 1):
            theme = themes[0] if a == 1 or len(themes) == 1 or rng.random() < 0.6 else themes[1]
            if level == "national":
                lead = vocab.LEAD_AGENCIES[10]  # the CSP writes to the national body
            elif level == "single_agency":
                lead = next((x for x in vocab.LEAD_AGENCIES if x.form_name == addressee_form), None) or _lead(rng)
                if rng.random() < 0.15:
                    lead = _lead(rng)
            else:
                lead = _lead(rng)
            rec.actions.append(_draw_action(rng, r, a, theme, themes, lead, start))
        # keyed on the recommendation's own text, not drawn from `rng`, so every other draw of
        # the corpus stays as it was before the field existed
        rec.completion_date_left_blank = stable_choice(f"rec-completion:{csp.csp_code}:{start}:{r}:{rec.text}", 100) < 5
        recs.append(rec)

    # quarterly snapshots (003 L712) from the first quarter end after completion up to as_of,
    # stopping 1-3 quarters after every action is COMPLETE
    snapshots: list[date] = []
    extra = rng.randint(1, 3)
    q = next_quarter_end(start)
    done_since = None
    actions = [a for rec in recs for a in rec.actions]
    while q <= as_of:
        snapshots.append(q)
        if all(a.status_on(q) == "complete" for a in actions):
            done_since = q if done_since is None else done_since
            if len(snapshots) - snapshots.index(done_since) > extra:
                snapshots.pop()
                break
        q = next_quarter_end(q)
    month_year = death_date.strftime("%B %Y")
    title = rng.choice(
        (
            f"DHR into the death of {victim.pseudonym} ({month_year})",
            f"Domestic Homicide Review: {victim.pseudonym}",
            f"{victim.pseudonym} ({month_year})",
        )
    )
    return PlanModel(
        file_format="xlsx" if rng.random() < 0.8 else "docx",
        title=title,
        governance=rng.choice(vocab.GOVERNANCE),
        csp_name=csp_name_on_form(rng, csp),
        start=start,
        recommendations=recs,
        snapshots=snapshots,
    )


# ------------------------------------------------------------------------------------------------
# the whole case
# ------------------------------------------------------------------------------------------------
def draw_case(rng: random.Random, skeleton: Skeleton, seq: int, ctx: Context) -> Case:
    """Everything about one DHR. `rng` continues from `draw_skeleton` (same Random object)."""
    csp = skeleton.csp
    notification = skeleton.notification_date
    scoping = notification + timedelta(days=skeleton.scoping_delay_days)
    year = notification.year
    reference = dhr_reference(csp, year, seq)
    as_of = ctx.as_of
    rule = ctx.rule_for(notification)

    # death type (003 L807); 'still to be determined' at scoping, mostly for recent deaths
    death_type = pick(rng, {"domestic_homicide": 0.745, "suicide": 0.222, "neglect": 0.033})
    recent = (as_of - notification).days < 365
    scoping_death_type = "to_be_determined" if rng.random() < (0.25 if recent else 0.04) else death_type
    decision = pick(rng, {"commissioned": 0.78, "not_commissioned": 0.12, "commissioned_paused": 0.10})
    death_date = notification - timedelta(days=rng.randint(0, 21))
    ho_notified = notification + timedelta(days=rng.randint(0, min(14, skeleton.scoping_delay_days)))

    commenced = completed = submitted = published = None
    if decision != "not_commissioned":
        commenced = scoping + timedelta(days=rng.randint(30, 92))  # 1-3 months after the decision
        if decision == "commissioned_paused":
            commenced = scoping + timedelta(days=rng.randint(183, 548))  # resumes after criminal proceedings
        completed = add_months(commenced, rng.triangular(8, 30, 13))
        submitted = completed + timedelta(days=rng.randint(0, 92))
        published = add_months(submitted, rng.uniform(3, 10))

    # reason for delay when completion is later than the guidance target (guidance_rules.csv)
    delay_reason = None
    if completed is not None:
        # the decision is dated by the scoping review that records it (003 L807)
        clock = {"decision": scoping, "commenced": commenced}.get(rule.clock_starts, commenced)
        if completed > rule.completion_due(clock):
            weights = {
                "criminal_proceedings": 0.22,
                "inquest": 0.1,
                "complexity": 0.22,
                "family_engagement": 0.14,
                "agency_engagement": 0.14,
                "qa_resubmission": 0.1,
                "other": 0.08,
            }
            if decision == "commissioned_paused":
                weights["criminal_proceedings"] = 2.0
            delay_reason = pick(rng, weights)
        else:
            delay_reason = "none"

    victims, perps, v_flags, p_flags, _same_sex = _draw_people(rng, death_type)
    children = _draw_children(rng, victims[0])
    analysis = _draw_analysis(rng, victims[0], perps[0], v_flags[0], p_flags[0], children, death_type)
    no_contact = rng.random() < 0.08  # no known agency contact
    agency_contact = _draw_agency_contact(rng, victims[0], perps[0], children, analysis, no_contact)
    equality = _draw_equality(rng, victims[0], perps[0])
    themes = _case_themes(rng, death_type, analysis, agency_contact, children)

    if death_type == "domestic_homicide":
        method = pick(
            rng,
            {
                "sharp_instrument": 0.45,
                "hitting_kicking": 0.15,
                "strangulation": 0.14,
                "blunt_instrument": 0.1,
                "shooting": 0.02,
                "burning": 0.02,
                "poisoning": 0.02,
                "other": 0.04,
                "not_known": 0.06,
            },
        )
        place = pick(
            rng,
            {
                "shared_home": 0.4,
                "victim_home": 0.33,
                "perpetrator_home": 0.08,
                "other_residence": 0.06,
                "public_place": 0.09,
                "other": 0.02,
                "not_known": 0.02,
            },
        )
    else:
        method = "suicide_or_neglect"
        place = pick(
            rng,
            {"victim_home": 0.6, "shared_home": 0.3, "other_residence": 0.04, "public_place": 0.04, "not_known": 0.02},
        )
    place_detail = rng.choice(vocab.PLACE_DETAIL[place])
    method_detail = rng.choice(vocab.METHOD_DETAIL[method])
    chair = f"Independent Chair CH-{rng.randint(1, 9999):04d}"
    author = (
        chair.replace("Chair", "Chair and Author")
        if rng.random() < 0.55
        else f"Independent Author AU-{rng.randint(1, 9999):04d}"
    )

    victim, perp = victims[0], perps[0]
    month_year = death_date.strftime("%B %Y")
    contacted = [
        vocab.AGENCY_TEXT[code]
        for (code, subject), ans in agency_contact.items()
        if ans == "yes" and subject in ("victim", "perpetrator") and code in vocab.AGENCY_TEXT
    ]
    consulted = list(dict.fromkeys(contacted))[:7]
    answers = {}
    for n, name in enumerate(
        (
            "q1_notification",
            "q2_incident_summary",
            "q3_background",
            "q4_early_learning",
            "q5_actions_intro",
            "q6_not_commissioned_rationale",
            "q7_family_views",
            "q8_agencies_consulted",
            "q9_other_reviews",
        ),
        start=1,
    ):
        answers[name] = free_text.scoping_answer(
            rng,
            n,
            victim_pseudonym=victim.pseudonym or "",
            perpetrator_pseudonym=perp.pseudonym or "",
            relationship=relationship_noun(perp.relationship or "", perp.sex or ""),
            death_type=scoping_death_type,
            decision=decision,
            month_year=month_year,
            agencies=consulted,
        )
    anonymised = victim.pseudonym if rng.random() < 0.9 else f"Case {seq:02d}/{year}"

    early: list[EarlyActionModel] = []
    for i in range(1, int(pick(rng, {"0": 0.3, "1": 0.3, "2": 0.25, "3": 0.15})) + 1):
        theme = rng.choice(themes)
        lead = _lead(rng)
        early.append(
            EarlyActionModel(
                str(i),
                free_text.action_text(rng, theme, lead.text_name),
                lead.form_name,
                free_text.outcome_text(rng, theme),
                month_end(add_months(scoping, rng.randint(1, 6))),
                theme,
            )
        )

    complexity = (
        sum(1 for v in analysis.values() if v == "yes") + sum(1 for v in agency_contact.values() if v == "yes") // 2
    )
    plan = None
    if completed is not None and completed <= as_of:
        plan = _draw_plan(rng, themes, complexity, completed, as_of, csp, victim, death_date)

    return Case(
        index=skeleton.index,
        csp=csp,
        reference=reference,
        dhr_id=dhr_id(csp.csp_code, reference),
        seq=seq,
        guidance_version=rule.version,
        notification_date=notification,
        death_date=death_date,
        ho_notified_date=ho_notified,
        scoping_submitted_date=scoping,
        decision=decision,
        death_type=death_type,
        scoping_death_type=scoping_death_type,
        commenced_date=commenced,
        completed_date=completed,
        submitted_date=submitted,
        published_date=published,
        delay_reason=delay_reason,
        place_of_death=place,
        place_of_death_detail=place_detail,
        method=method,
        method_detail=method_detail,
        chair=chair,
        author=author,
        victims=victims,
        perpetrators=perps,
        children=children,
        analysis=analysis,
        agency_contact=agency_contact,
        equality=equality,
        no_known_agency_contact=no_contact,
        themes=themes,
        scoping_csp_name=csp_name_on_form(rng, csp),
        data_capture_csp_name=csp_name_on_form(rng, csp),
        scoping_answers=answers,
        anonymised_identifier=anonymised or "Case",
        early_actions=early,
        plan=plan,
        clock_dates=draw_clock_dates(
            random.Random(f"{ctx.seed}:{skeleton.index}:clocks"), decision, notification, scoping, commenced, submitted
        ),
    )
