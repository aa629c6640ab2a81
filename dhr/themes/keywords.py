"""Keyword baseline: a hand-made list of words and phrases per theme.

A theme is predicted when any of its keywords occurs in the lower-cased text (whole-word match,
so `gp` does not fire inside `group`). If none fires, the baseline predicts nothing for that text:
it is the "search the spreadsheet with Ctrl+F" method an analyst would otherwise use, and the
learned model has to beat it on the same folds (see `dhr.themes.evaluate`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

KEYWORDS: dict[str, tuple[str, ...]] = {
    "risk_assessment": (
        "risk assessment", "risk assessed", "assess risk", "re-assess", "reassess", "dash", "dara",
        "risk checklist", "safety plan", "safety planning", "high risk", "high-risk", "escalation", "escalating",
        "strangulation", "threats to kill", "risk identification", "risk to the victim", "risk grading",
    ),
    "information_sharing": (
        "information sharing", "information-sharing", "share information", "shared with", "sharing",
        "notify", "notification", "dvds", "disclosure scheme", "right to ask", "right to know", "consent",
        "communication between", "passed on", "pass on", "passed to",
    ),
    "record_keeping": (
        "record", "records", "recorded", "recording", "flag", "flagged", "alert", "case management system",
        "case notes", "patient record", "clinical code", "electronic", "system",
    ),
    "training_awareness": (
        "training", "trained", "train", "briefing", "e-learning", "learning event", "supervision",
        "professional curiosity", "induction", "workshop", "trauma-informed", "refresher",
    ),
    "policy_procedure": (
        "policy", "policies", "procedure", "procedures", "protocol", "guidance", "pathway", "framework",
    ),
    "multi_agency_working": (
        "marac", "mappa", "multi-agency", "multi agency", "partnership", "joint working", "jointly", "mash",
        "coordinated community response", "ccr", "lead professional", "steering group", "commissioning",
    ),
    "coercive_control": (
        "coercive", "controlling", "coercion", "stalking", "harassment", "economic abuse", "honour",
        "forced marriage", "hba", "isolated", "monitor her phone", "adult son", "adult child",
    ),
    "mental_health_suicide": (
        "mental health", "suicide", "suicidal", "self-harm", "crisis team", "depression", "anxiety",
        "psychiatric", "talking therapies", "section 136", "dual diagnosis",
    ),
    "substance_misuse": (
        "alcohol", "drug", "drugs", "substance", "drinking", "methadone", "heroin", "cocaine", "dual diagnosis",
        "addiction",
    ),
    "children_safeguarding": (
        "child", "children", "school", "schools", "pupil", "young people", "csc", "children's social care",
        "voice of the child", "apva", "adolescent", "teenage", "cafcass", "unborn", "camhs",
    ),
    "adult_safeguarding": (
        "adult social care", "asc", "care act", "section 42", "older", "carer", "carers", "self-neglect",
        "safeguarding adults", "sar", "care and support needs", "mental capacity", "dementia", "care home",
    ),
    "perpetrator_response": (
        "perpetrator programme", "arrest", "bail", "dvpn", "dvpo", "dapo", "probation", "mappa", "charge",
        "prosecution", "behaviour change", "behaviour-change", "restraining order", "non-molestation", "serial perpetrator",
        "held to account", "offence",
    ),
    "housing_homelessness": (
        "housing", "homeless", "homelessness", "tenancy", "tenant", "landlord", "temporary accommodation",
        "refuge", "anti-social behaviour", "asb", "repairs", "sanctuary scheme", "rent arrears", "daha",
    ),
    "health_response": (
        "gp", "gps", "emergency department", "a&e", "ed", "maternity", "midwife", "health visitor",
        "health visiting", "iris", "routine enquiry", "selective enquiry", "hospital", "icb", "ccg", "clinician",
        "patient", "paramedic", "ambulance",
    ),
    "public_awareness": (
        "public awareness", "campaign", "awareness campaign", "friends and family", "neighbours", "employer",
        "employers", "workplace", "community groups", "faith", "bystander", "helpline posters", "community champions",
    ),
    "specialist_support": (
        "idva", "isva", "specialist service", "specialist domestic abuse service", "refuge", "helpline", "advocacy",
        "advocate", "by-and-for", "outreach", "aafda",
    ),
    "equality_access": (
        "interpreter", "interpreters", "nrpf", "no recourse", "immigration", "disability", "disabled", "deaf",
        "bsl", "ethnicity", "minoritised", "culture", "cultural", "lgbt", "trans", "same-sex", "rural", "language",
        "languages", "equality", "male victims",
    ),
}


@cache
def _pattern(code: str) -> re.Pattern[str]:
    words = sorted(KEYWORDS[code], key=len, reverse=True)
    return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w&])")


def keyword_hits(text: str) -> list[str]:
    """Theme codes whose keywords occur in `text`, in taxonomy order (may be empty)."""
    low = (text or "").lower()
    return [code for code in KEYWORDS if _pattern(code).search(low)]


def predict_keywords(texts: Sequence[str]) -> list[list[str]]:
    return [keyword_hits(t) for t in texts]
