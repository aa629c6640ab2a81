"""Tests for the synthetic DHR free text composed from the text bank (dhr.synth.free_text).

The bank's files themselves are checked in test_text_bank.py."""

from __future__ import annotations

import random
import re
from collections import defaultdict

import pytest

from dhr.synth import free_text
from dhr.synth.text_bank import load_text_bank
from dhr.themes.taxonomy import theme_codes

# The theme contract: the taxonomy's one copy (the seed), itself checked against ../shared/themes.yml.
EXPECTED_CODES = tuple(theme_codes())

LOCAL_ADDRESSEES = (
    "the police",
    "the ICB",
    "GP practices",
    "the local authority",
    "the housing provider",
    "the IDVA service",
    "all partner agencies",
    "the CSP",
    "adult social care",
)
NATIONAL_ADDRESSEES = ("the Home Office", "NHS England", "the Department of Health and Social Care")

# Words that show a text is really about a theme (hand-made, deliberately independent of the bank).
THEME_WORDS = {
    "risk_assessment": r"risk|DASH|DARA|safety plan|MARAC",
    "information_sharing": r"shar|DVDS|Clare's Law|Disclosure Scheme|right to (?:ask|know)|PPN|notification|consent"
    r"|feedback|feed back|information|communication",
    "record_keeping": r"record|flag|alert|marker|system",
    "training_awareness": r"training|learning|curiosity|trauma|supervision|briefing|induction",
    "policy_procedure": r"polic|procedure|protocol|guidance|pathway",
    "multi_agency_working": r"MARAC|MAPPA|multi-agency|joint|lead professional|coordinat|pathway|partnership"
    r"|professionals' meeting|case discussion|partners collectively|professional disagreement",
    "coercive_control": r"coerci|controlling|control\b|stalking|economic abuse|financial control|honour|forced marriage"
    r"|adult famil|family (?:dispute|conflict)|adult children|non-physical|isolation|CCB",
    "mental_health_suicide": r"mental|suicid|crisis|self-harm|clinician|anxiety|depression|low mood|inpatient"
    r"|home treatment|overdose",
    "substance_misuse": r"alcohol|drug|substance|dual diagnosis|intoxica|drinker|drinking|treatment",
    "children_safeguarding": r"child|school|adolescent|young people|Operation Encompass|CSC|unborn|MASH|pre-birth",
    "adult_safeguarding": r"care and support|Care Act|section 42|\bs42\b|older|carer|self-neglect|SAR\b"
    r"|Safeguarding Adults|later life|capacity|adult social care|ASC\b|adult safeguarding"
    r"|domiciliary|home care|depend on others|safeguarding enquir",
    "perpetrator_response": r"perpetrator|arrest|bail|DVPN|DVPO|DAPO|prosecution|behaviour-change|MAPPA|RUI"
    r"|suspect|orders|sentenc|probation|people who cause harm|charg|offence|breach",
    "housing_homelessness": r"housing|homeless|tenan|refuge|accommodation|repairs|ASB|DAHA|landlord|sanctuary"
    r"|rehous|target hardening|possession|anti-social|arrears|rough sleeping",
    "health_response": r"\bGPs?\b|health|\bED\b|A&E|emergency department|maternity|antenatal|midwi|IRIS|hospital"
    r"|paramedic|ambulance|NICE|routine enquiry|medical|patient|general practice|consultation"
    r"|primary care",
    "public_awareness": r"awareness|public|campaign|friend|family|employer|faith|communit|bystander|neighbour"
    r"|Ask for ANI|communications|website|where to get help|colleague|manager",
    "specialist_support": r"IDVA|ISVA|specialist|refuge|helpline|AAFDA|advocacy|by-and-for|outreach",
    "equality_access": r"interpret|NRPF|recourse|immigration|Migrant|disab|ethnic|cultur|faith|LGBT|rural"
    r"|protected characteristic|older|\bage\b|sexual orientation|male victims|Deaf|BSL|language"
    r"|equality|minoritised|by-and-for|barriers|accessible|isolated communities|easy-read",
}

DOB_RE = re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b")
DAY_MONTH_RE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b", re.IGNORECASE
)
POSTCODE_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
PHONE_RE = re.compile(r"(?:\+44\s?|\b0)\d{2,4}[\s\-]?\d{3,4}[\s\-]?\d{3,4}\b|\b\d{9,}\b")
TEMPLATE_LEFTOVER_RE = re.compile(r"[{}\[\]|]")
PLACES = (
    "London",
    "Manchester",
    "Sheffield",
    "Southwark",
    "Birmingham",
    "Leeds",
    "Liverpool",
    "Bristol",
    "Cardiff",
    "Loamshire",
    "Wales",
    "England",
    "Yorkshire",
    "Lancashire",
)

SCOPING_KW = {
    "victim_pseudonym": "Rowan",
    "perpetrator_pseudonym": "Ellis",
    "relationship": "intimate_partner",
    "death_type": "domestic_homicide",
    "decision": "commissioned",
    "month_year": "June 2022",
    "agencies": ["the police", "the GP practice", "the housing provider", "children's social care"],
}


def _all_outputs(rng: random.Random, theme: str) -> list[str]:
    """One of everything for a theme, for checks that apply to all generated text."""
    out = [
        free_text.recommendation_text(rng, [theme], rng.choice(LOCAL_ADDRESSEES), "single_agency"),
        free_text.recommendation_text(rng, [theme], rng.choice(LOCAL_ADDRESSEES), "multi_agency"),
        free_text.recommendation_text(rng, [theme], rng.choice(NATIONAL_ADDRESSEES), "national"),
        free_text.action_text(rng, theme, rng.choice(LOCAL_ADDRESSEES)),
        free_text.outcome_text(rng, theme),
        free_text.milestones_text(rng, theme),
        free_text.learning_text(rng, [theme]),
    ]
    out += [free_text.progress_text(rng, theme, status) for status in free_text.STATUSES]
    return out


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|\n", text)
    cleaned = (re.sub(r"^(?:[-•]|\d+\.|\(?[a-c]\)|i+\.)\s*", "", p).strip().lower() for p in parts)
    return [c for c in cleaned if c and not c.endswith(":")]  # "the police should:" only introduces a list


def test_same_seed_gives_same_text_and_different_seeds_differ():
    def run(seed: int) -> list[str]:
        rng = random.Random(seed)
        texts: list[str] = []
        for theme in free_text.THEME_CODES:
            texts += _all_outputs(rng, theme)
            texts.append(
                free_text.recommendation_text(rng, [theme, "children_safeguarding"], "the police", "multi_agency")
            )
        texts += [free_text.scoping_answer(rng, q, **SCOPING_KW) for q in range(1, 10)]
        return texts

    assert run(42) == run(42)
    assert run(42) != run(43)


def test_global_random_state_is_neither_used_nor_changed():
    random.seed(123)
    before = random.getstate()
    first = [free_text.recommendation_text(random.Random(5), ["risk_assessment"], "the police", "single_agency")]
    first += [free_text.scoping_answer(random.Random(5), q, **SCOPING_KW) for q in range(1, 10)]
    assert random.getstate() == before
    random.seed(999)
    second = [free_text.recommendation_text(random.Random(5), ["risk_assessment"], "the police", "single_agency")]
    second += [free_text.scoping_answer(random.Random(5), q, **SCOPING_KW) for q in range(1, 10)]
    assert first == second


@pytest.mark.parametrize("theme", EXPECTED_CODES)
def test_every_theme_produces_clean_non_empty_text(theme):
    rng = random.Random(f"clean-{theme}")
    for _ in range(40):
        for text in _all_outputs(rng, theme):
            assert text.strip(), theme
            assert not TEMPLATE_LEFTOVER_RE.search(text), text
            assert "  " not in text, text
            assert text[0].isupper() or text[0].isdigit() or text[0] in "-•", text


@pytest.mark.parametrize("theme", EXPECTED_CODES)
def test_each_theme_has_enough_frames(theme):
    bank = load_text_bank().themes[theme]
    assert len(bank.rec_single_agency) + len(bank.rec_multi_agency) + len(bank.rec_national) >= 12
    assert len(bank.rec_single_agency) >= 10
    assert len(bank.actions) >= 10
    # a single-theme request must always find a frame that claims no other theme
    for pool in (bank.rec_single_agency, bank.rec_multi_agency, bank.rec_national):
        assert any(not frame.also for frame in pool)
    # `also` only ever names real themes, and never the theme itself
    for frame in bank.rec_single_agency + bank.rec_multi_agency + bank.rec_national:
        assert frame.also <= set(EXPECTED_CODES) - {theme}


@pytest.mark.parametrize("theme", EXPECTED_CODES)
def test_recommendations_are_varied(theme):
    rng = random.Random(f"variety-{theme}")
    mixed = {
        free_text.recommendation_text(
            rng,
            [theme],
            rng.choice(
                NATIONAL_ADDRESSEES if (level := rng.choice(free_text.LEVELS)) == "national" else LOCAL_ADDRESSEES
            ),
            level,
        )
        for _ in range(200)
    }
    assert len(mixed) > 150
    fixed = {free_text.recommendation_text(rng, [theme], "the police", "single_agency") for _ in range(200)}
    assert len(fixed) > 150


@pytest.mark.parametrize("theme", EXPECTED_CODES)
def test_single_theme_texts_talk_about_their_theme(theme):
    rng = random.Random(f"about-{theme}")
    pattern = re.compile(THEME_WORDS[theme], re.IGNORECASE)
    for _ in range(60):
        level = rng.choice(free_text.LEVELS)
        addressee = rng.choice(NATIONAL_ADDRESSEES if level == "national" else LOCAL_ADDRESSEES)
        rec = free_text.recommendation_text(rng, [theme], addressee, level)
        assert pattern.search(rec), rec
        act = free_text.action_text(rng, theme, "the police")
        assert pattern.search(act), act
        learning = free_text.learning_text(rng, [theme])
        assert pattern.search(learning), learning


def test_multi_theme_recommendations_mention_every_theme():
    rng = random.Random("multi")
    for _ in range(1500):
        themes = rng.sample(EXPECTED_CODES, rng.choice((2, 3)))
        level = rng.choice(free_text.LEVELS)
        addressee = rng.choice(NATIONAL_ADDRESSEES if level == "national" else LOCAL_ADDRESSEES)
        text = free_text.recommendation_text(rng, themes, addressee, level)
        for theme in themes:
            assert re.search(THEME_WORDS[theme], text, re.IGNORECASE), (theme, themes, text)


def test_risk_and_children_recommendation_mentions_dash_and_children():
    rng = random.Random("dash-children")
    for _ in range(200):
        text = free_text.recommendation_text(
            rng, ["risk_assessment", "children_safeguarding"], "the police", "single_agency"
        )
        assert re.search(r"risk|DASH|DARA", text), text
        assert re.search(r"child|school|young people|adolescent|unborn|CSC", text, re.IGNORECASE), text


def test_multi_theme_learning_covers_every_theme_in_two_to_four_sentences():
    rng = random.Random("learning")
    for _ in range(500):
        themes = rng.sample(EXPECTED_CODES, rng.choice((1, 2, 3)))
        text = free_text.learning_text(rng, themes)
        n_sentences = len(re.findall(r"[.!?](?:\s|$)", text))
        assert 2 <= n_sentences <= 4, text
        for theme in themes:
            assert re.search(THEME_WORDS[theme], text, re.IGNORECASE), (theme, text)


def test_no_sentence_is_shared_between_two_themes():
    owners: dict[str, set[str]] = defaultdict(set)
    for theme in EXPECTED_CODES:
        rng = random.Random(f"shared-{theme}")
        for _ in range(150):
            for text in _all_outputs(rng, theme):
                for sentence in _sentences(text):
                    owners[sentence].add(theme)
    shared = {s: t for s, t in owners.items() if len(t) > 1}
    assert not shared, sorted(shared)[:10]


@pytest.mark.parametrize("theme", EXPECTED_CODES)
def test_progress_text_is_consistent_with_status(theme):
    rng = random.Random(f"progress-{theme}")
    for _ in range(60):
        red = free_text.progress_text(rng, theme, "RED").lower()
        assert re.search(r"not (yet )?started|stalled|no progress|overdue|action required|on hold|no update", red)
        assert "complet" not in red
        amber = free_text.progress_text(rng, theme, "AMBER").lower()
        assert re.search(r"underway|in progress|being prepared|being developed", amber)
        assert "complet" not in amber
        green = free_text.progress_text(rng, theme, "GREEN").lower()
        assert re.search(r"ongoing|on track", green)
        complete = free_text.progress_text(rng, theme, "COMPLETE").lower()
        assert "complete" in complete
        assert not re.search(r"not (yet )?started|stalled|on hold", complete)
    assert free_text.progress_text(rng, theme, "complete")  # status is case-insensitive


@pytest.mark.parametrize("theme", EXPECTED_CODES)
def test_milestones_are_lists_with_relative_timings_only(theme):
    rng = random.Random(f"milestones-{theme}")
    timed = 0
    for _ in range(50):
        text = free_text.milestones_text(rng, theme)
        assert 2 <= len(re.split(r"\n|; ", text)) <= 4, text
        assert not re.search(r"\b(19|20)\d\d\b", text), text
        timed += bool(re.search(r"\bQ[1-4]\b|within \S+ (months?|weeks)", text))
    assert timed > 35


def test_no_personal_data_patterns_or_real_places_anywhere():
    rng = random.Random("pii")
    texts: list[str] = []
    for theme in EXPECTED_CODES:
        for _ in range(60):
            texts += _all_outputs(rng, theme)
    for _ in range(200):
        kw = dict(
            SCOPING_KW,
            relationship=rng.choice(["ex_partner", "adult_child", "familial", "spouse"]),
            death_type=rng.choice(["domestic_homicide", "suicide", "neglect", "still_to_be_determined"]),
            decision=rng.choice(["commissioned", "not_commissioned"]),
        )
        texts += [free_text.scoping_answer(rng, q, **kw) for q in range(1, 10)]
    for text in texts:
        assert not DOB_RE.search(text), text
        assert not DAY_MONTH_RE.search(text), text
        assert not POSTCODE_RE.search(text), text
        assert not PHONE_RE.search(text), text
        bare = text.replace("NHS England", "")
        for place in PLACES:
            assert place not in bare, (place, text)


def test_scoping_question_6_depends_on_the_decision():
    rng = random.Random("q6")
    for decision in ("commissioned", "commissioned_paused"):
        answer = free_text.scoping_answer(rng, 6, **dict(SCOPING_KW, decision=decision))
        assert answer == "Not applicable - a DHR has been commissioned."
    for death_type in ("domestic_homicide", "suicide", "neglect", "still_to_be_determined"):
        for _ in range(20):
            answer = free_text.scoping_answer(
                rng, 6, **dict(SCOPING_KW, decision="not_commissioned", death_type=death_type)
            )
            assert answer != "Not applicable - a DHR has been commissioned."
            assert len(answer) > 60


def test_scoping_answers_use_the_given_facts_only():
    rng = random.Random("scoping")
    for _ in range(50):
        q2 = free_text.scoping_answer(rng, 2, **SCOPING_KW)
        assert "June 2022" in q2
        assert "Rowan" in q2 and "Ellis" in q2
        other_months = re.findall(
            r"\b(January|February|March|April|May|July|August|September|October|November"
            r"|December)\b",
            q2,
        )
        assert not other_months, q2
        q8 = free_text.scoping_answer(rng, 8, **SCOPING_KW)
        for agency in SCOPING_KW["agencies"]:
            assert agency.lower() in q8.lower()
        q5 = free_text.scoping_answer(rng, 5, **SCOPING_KW)
        assert "\n" not in q5 and "table" in q5
        q9 = free_text.scoping_answer(rng, 9, **SCOPING_KW)
        assert re.search(r"inquest|criminal|review|IOPC", q9, re.IGNORECASE), q9
    empty = free_text.scoping_answer(rng, 8, **dict(SCOPING_KW, agencies=[]))
    assert "none" in empty.lower()


def test_invalid_arguments_are_rejected():
    rng = random.Random(0)
    with pytest.raises(ValueError):
        free_text.recommendation_text(rng, ["not_a_theme"], "the police", "single_agency")
    with pytest.raises(ValueError):
        free_text.recommendation_text(rng, ["risk_assessment"], "the police", "regional")
    with pytest.raises(ValueError):
        free_text.recommendation_text(rng, [], "the police", "single_agency")
    with pytest.raises(ValueError):
        free_text.recommendation_text(rng, list(EXPECTED_CODES[:4]), "the police", "single_agency")
    with pytest.raises(ValueError):
        free_text.progress_text(rng, "risk_assessment", "BLUE")
    with pytest.raises(ValueError):
        free_text.action_text(rng, "nope", "the police")
    with pytest.raises(ValueError):
        free_text.scoping_answer(rng, 10, **SCOPING_KW)
