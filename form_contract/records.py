"""Form records: the content of one filled-in form, as Python values.

Field names match `form_contract.spec` (and so the raw columns). Codes are the canonical codes of
`seeds/code_lists/code_lists.csv`; dates are `datetime.date`. The writers in `dhr.forms` turn
a record into a real .xlsx/.docx file (a blank template when values are None), the synthetic
generator builds records, and the tests compare what ingest loaded with the record written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: (factor or agency or characteristic code, subject_type) -> yes / no / not_known
GridAnswers = dict[tuple[str, str], str]


@dataclass
class Person:
    """A victim or a perpetrator (004 Template 29, L4187-4241)."""

    person_number: int
    pseudonym: str | None = None
    sex: str | None = None
    age: int | None = None
    relationship: str | None = None
    ethnicity: str | None = None
    nationality: str | None = None
    immigration_status: str | None = None
    religion: str | None = None
    sexual_orientation: str | None = None
    disability: str | None = None
    gender_reassignment: str | None = None
    marital_status: str | None = None
    pregnancy_maternity: str | None = None
    verdict: str | None = None  # perpetrators only


@dataclass
class Child:
    person_number: int
    age: int | None = None
    sex: str | None = None
    relationship: str | None = None


@dataclass
class DataCaptureForm:
    csp_name: str | None = None
    dhr_reference: str | None = None
    force_area_name: str | None = None
    victim_pseudonym: str | None = None
    review_chair_name: str | None = None
    report_author_name: str | None = None
    notification_date: date | None = None
    ho_notified_date: date | None = None
    scoping_submitted_date: date | None = None
    decision_date: date | None = None
    commissioned_date: date | None = None
    decision: str | None = None
    death_type: str | None = None
    commenced_date: date | None = None
    tor_agreed_date: date | None = None
    completed_date: date | None = None
    submitted_date: date | None = None
    qa_response_date: date | None = None
    published_date: date | None = None
    delay_reason: str | None = None
    death_date: date | None = None
    place_of_death: str | None = None
    place_of_death_detail: str | None = None
    method: str | None = None
    method_detail: str | None = None
    children_in_household: int | None = None
    victims: list[Person] = field(default_factory=list)
    perpetrators: list[Person] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    analysis: GridAnswers = field(default_factory=dict)
    agency_contact: GridAnswers = field(default_factory=dict)
    equality: GridAnswers = field(default_factory=dict)


@dataclass
class EarlyAction:
    action_number: str
    action: str
    lead_agency: str | None = None
    outcome: str | None = None
    target_date: date | None = None


@dataclass
class ScopingReview:
    csp_name: str | None = None
    dhr_reference: str | None = None
    anonymised_identifier: str | None = None
    notification_date: date | None = None
    submitted_date: date | None = None
    decision: str | None = None
    death_type: str | None = None
    decision_date: date | None = None  # not on 003 Annex C: optional (issue 18)
    commissioned_date: date | None = None
    qa_response_date: date | None = None
    q1_notification: str | None = None
    q2_incident_summary: str | None = None
    q3_background: str | None = None
    q4_early_learning: str | None = None
    q5_actions_intro: str | None = None
    q6_not_commissioned_rationale: str | None = None
    q7_family_views: str | None = None
    q8_agencies_consulted: str | None = None
    q9_other_reviews: str | None = None
    early_actions: list[EarlyAction] = field(default_factory=list)


@dataclass
class Action:
    action_number: str
    action: str
    lead_agency: str | None = None
    outcome: str | None = None
    responsible_lead: str | None = None
    milestones: str | None = None
    target_date: date | None = None
    status: str | None = None
    progress: str | None = None
    completion_date: date | None = None
    outcome_achieved: str | None = None


@dataclass
class Recommendation:
    recommendation_number: int
    recommendation: str
    recommendation_level: str | None = None
    addressee: str | None = None
    addressee_notified_date: date | None = None
    response_date: date | None = None
    response: str | None = None
    implementation_status: str | None = None
    recommendation_completion_date: date | None = None  # 003 L1163
    actions: list[Action] = field(default_factory=list)


@dataclass
class ActionPlan:
    dhr_title: str | None = None
    csp_name: str | None = None
    dhr_reference: str | None = None
    governance: str | None = None
    as_at_date: date | None = None
    commissioned_date: date | None = None  # the optional status update (issue 18)
    commenced_date: date | None = None
    tor_agreed_date: date | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
