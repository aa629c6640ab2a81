"""Synthetic free text for Domestic Homicide Review (DHR) action plans and scoping reviews: the
sentences composed from the phrases of the text bank (`dhr.synth.text_bank`, YAML files).

Everything this module writes is invented. It imitates the free text that Community Safety
Partnerships (CSPs) in England and Wales put into DHR action plans (003 Annex B / Sheffield
Template 25: recommendation, action, outcome, key milestones, RAG progress) and scoping reviews
(003 Annex C questions 1-9), so that synthetic forms look like real ones and so that the text
can later help to train the theme classifier.

Rules the text keeps:

* No real person's names, no real place names, no dates of birth, postcodes or phone numbers.
  People are referred to by role ("the victim", "the perpetrator") or by pseudonyms that the
  caller passes in; agencies are generic ("the police", "the ICB", "GP practices").
  National schemes and bodies that every DHR names (DVDS or "Clare's Law", MARAC, MAPPA,
  IRIS, AAFDA, SafeLives, DAHA, Operation Encompass) do appear, as they would in real text.
* Milestones are relative ("by end of Q2", "within 3 months"), never calendar dates.
* The theme codes are the taxonomy's (`dhr.themes.taxonomy`, itself checked against the contract
  ``../shared/themes.yml``): the labels the classifier predicts. Each theme has its own
  recommendation, action, outcome, milestone, progress and learning phrases in the bank, built
  compositionally from inline alternatives ``[a|b]`` and named slots ``{slot}``. Phrases that
  also speak to another theme name it (``also``) and are only drawn when the caller asked for
  that theme too, so that a text mentions every theme it claims and, as far as wording allows,
  no theme it does not claim.

Every public function takes a :class:`random.Random` first and draws only from it, so output is
deterministic for a given generator state (and for a given bank: the order of its lists counts).
What stays here is how sentences are put together: the weights of the ways a recommendation is
worded, which parts are optional, and the order of the draws.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence

from dhr.synth.text_bank import STATUSES, Frame, ScopingWording, ThemeText, load_text_bank
from dhr.themes.taxonomy import theme_codes

__all__ = [
    "LEVELS",
    "STATUSES",
    "THEME_CODES",
    "action_text",
    "learning_text",
    "milestones_text",
    "outcome_text",
    "progress_text",
    "recommendation_text",
    "scoping_answer",
]

# The theme codes are the taxonomy's (seeds/reference/learning_themes.csv), in its order: not a copy.
THEME_CODES: tuple[str, ...] = tuple(theme_codes())
LEVELS: tuple[str, ...] = ("single_agency", "multi_agency", "national")

# ---------------------------------------------------------------------------------------------
# Template engine
# ---------------------------------------------------------------------------------------------

_ALT_RE = re.compile(r"\[([^\[\]]*)\]")
_SLOT_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_AN_RE = re.compile(
    r"\b([Aa]) (?=(?:IDVA|ISVA|IRIS|ICB|IOPC|IMR|ED\b|A&E|MHHR|NRPF|ISA\b|LGBT|MCA\b|"
    r"[aeio](?!ne\b|nce\b)|up-to|und|unr|unl))"
)
_MAX_DEPTH = 6


def _expand(rng: random.Random, template: str, lex: Mapping[str, Sequence[str]], depth: int = 0) -> str:
    """Resolve ``[a|b]`` alternatives (innermost first) and then ``{slot}`` names, left to right."""
    if depth > _MAX_DEPTH:
        raise RecursionError(f"slot expansion too deep in {template!r}")
    text = template
    while (m := _ALT_RE.search(text)) is not None:
        text = text[: m.start()] + rng.choice(m.group(1).split("|")) + text[m.end() :]

    def _slot(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in lex:
            raise KeyError(f"unknown slot {{{key}}} in {template!r}")
        return _expand(rng, rng.choice(lex[key]), lex, depth + 1)

    return _SLOT_RE.sub(_slot, text)


def _tidy(text: str) -> str:
    """Fix spacing, articles and sentence-initial capitals left by optional template parts."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"\.\.+", ".", text)
    text = _AN_RE.sub(lambda m: m.group(1) + "n ", text)
    # capitalise a sentence that starts with a slot value ("the CSP has ..."), not list items ("ii. ensure")
    text = re.sub(r"(?<![ivx])([.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    text = text.strip()
    return _cap(text)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _decap(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("DASH", "MARAC")."""
    if len(text) > 1 and text[0].isupper() and (text[1].islower() or text[1] == " "):
        return text[0].lower() + text[1:]
    return text


def _strip_stop(text: str) -> str:
    return text.rstrip().rstrip(".")


_PLURAL_HEADS = (
    "practices",
    "agencies",
    "partners",
    "services",
    "providers",
    "landlords",
    "trusts",
    "schools",
    "boards",
    "teams",
    "authorities",
    "forces",
    "councils",
    "organisations",
    "icbs",
    "bodies",
    "police",
)
_SINGULAR_STARTS = ("the department", "the ministry", "the home office", "nhs england", "the college", "the crown")


def _possessive(addressee: str) -> str:
    """'its' or 'their' for an addressee, as UK DHR reports write it ("the police ... their")."""
    low = addressee.lower().strip()
    if low.startswith(_SINGULAR_STARTS):
        return "its"
    if " and " in low or low.startswith("all "):
        return "their"
    last = re.sub(r"[^a-z]", "", low.split()[-1]) if low.split() else ""
    return "their" if last in _PLURAL_HEADS else "its"


def _theme(code: str) -> ThemeText:
    return load_text_bank().themes[code]


def _lexicon(theme: str, addressee: str = "the agency") -> dict[str, tuple[str, ...]]:
    lex: dict[str, tuple[str, ...]] = dict(load_text_bank().shared_slots)
    lex.update(_theme(theme).slots)
    lex["A"] = (addressee,)
    lex["Acap"] = (_cap(addressee),)
    lex["lead"] = (addressee,)
    lex["Leadcap"] = (_cap(addressee),)
    lex["poss"] = (_possessive(addressee),)
    return lex


def _normalise_themes(themes: Sequence[str] | str) -> list[str]:
    if isinstance(themes, str):
        themes = [themes]
    codes: list[str] = []
    for code in themes:
        if code not in load_text_bank().themes:
            raise ValueError(f"unknown theme code {code!r}; expected one of {THEME_CODES}")
        if code not in codes:
            codes.append(code)
    if not 1 <= len(codes) <= 3:
        raise ValueError(f"expected 1-3 theme codes, got {len(codes)}")
    return codes


def _check_theme(theme: str) -> str:
    if theme not in load_text_bank().themes:
        raise ValueError(f"unknown theme code {theme!r}; expected one of {THEME_CODES}")
    return theme


def _pick_frame(rng: random.Random, pool: Sequence[Frame], allowed: frozenset[str], wanted: Sequence[str]) -> Frame:
    """Pick a frame whose other themes were all asked for; prefer one that covers a wanted theme."""
    usable = [fr for fr in pool if fr.also <= allowed]
    covering = [fr for fr in usable if any(w in fr.also for w in wanted)]
    if covering and rng.random() < 0.6:
        return rng.choice(covering)
    return rng.choice(usable)


def _pool(bank: ThemeText, level: str, rng: random.Random) -> tuple[Frame, ...]:
    if level == "national":
        return bank.rec_national
    if level == "multi_agency":
        return bank.rec_multi_agency if rng.random() < 0.55 else bank.rec_single_agency
    return bank.rec_single_agency


# ---------------------------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------------------------


def _wrap_local(
    rng: random.Random, a: str, pred: str, bank: ThemeText, lex: Mapping[str, Sequence[str]], multi: bool, timed: bool
) -> str:
    acap = _cap(a)
    n = rng.randint(1, 12)

    def purpose() -> str:
        return _expand(rng, rng.choice(bank.purpose), lex)

    def so_that() -> str:
        return _decap(_strip_stop(_expand(rng, rng.choice(bank.outcomes), lex)))

    forms: list[tuple[float, Callable[[], str]]] = [
        (5.0, lambda: f"{acap} should {pred}."),
        (3.0, lambda: f"It is recommended that {a} {pred}."),
        (2.0, lambda: f"The panel recommends that {a} {pred}."),
        (1.0, lambda: f"This review recommends that {a} should {pred}."),
        (2.0, lambda: f"{acap} to {pred}."),
        (1.0, lambda: f"That {a} {pred}."),
        (0.7, lambda: f"{acap} must {pred}."),
        (1.5, lambda: f"Recommendation {n}: {acap} should {pred}."),
        (1.0, lambda: f"{n}. {acap} should {pred}."),
        (1.2, lambda: f"In order to {purpose()}, {a} should {pred}."),
        (0.6, lambda: f"{acap} - {pred}."),
    ]
    if not timed:
        forms.append((0.8, lambda: f"{acap} should, within six months of publication, {pred}."))
    if "so that" not in pred:
        forms.append((1.2, lambda: f"{acap} should {pred}, so that {so_that()}."))
    if multi and "partner" not in a.lower():
        forms += [
            (1.5, lambda: f"{acap}, working with partner agencies, should {pred}."),
            (1.0, lambda: f"{acap}, with the support of partner agencies, should {pred}."),
        ]
    return _weighted(rng, forms)()


def _wrap_national(rng: random.Random, a: str, pred: str) -> str:
    acap = _cap(a)
    forms: list[tuple[float, Callable[[], str]]] = [
        (5.0, lambda: f"{acap} should {pred}."),
        (3.0, lambda: f"It is recommended that {a} {pred}."),
        (2.0, lambda: f"The panel recommends that {a} {pred}."),
        (1.5, lambda: f"National recommendation: {acap} should {pred}."),
        (1.0, lambda: f"{acap} to {pred}."),
        (1.0, lambda: f"That {a} {pred}."),
        (1.0, lambda: f"{acap} should, as a national priority, {pred}."),
    ]
    return _weighted(rng, forms)()


def _weighted(rng: random.Random, forms: Sequence[tuple[float, Callable[[], str]]]) -> Callable[[], str]:
    total = sum(w for w, _ in forms)
    x = rng.random() * total
    for w, fn in forms:
        x -= w
        if x < 0:
            return fn
    return forms[-1][1]


def recommendation_text(rng: random.Random, themes: Sequence[str], addressee: str, level: str) -> str:
    """A recommendation as a DHR panel writes it.

    ``themes``: 1-3 theme codes, primary first; the text mentions each of them. ``addressee``:
    the generic agency or body named in the text ("the police", "the ICB", "the Home Office").
    ``level``: "single_agency", "multi_agency" or "national" (addressed to a national body).
    """
    codes = _normalise_themes(themes)
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {LEVELS}")
    a = addressee.strip()
    if not a:
        raise ValueError("addressee must not be empty")
    primary, secondary = codes[0], codes[1:]
    allowed = frozenset(codes)
    bank = _theme(primary)
    wording = load_text_bank().recommendations
    lex = _lexicon(primary, a)

    frame = _pick_frame(rng, _pool(bank, level, rng), allowed, secondary)
    pred = _expand(rng, frame.text, lex)
    uncovered = [c for c in secondary if c not in frame.also]

    # Numbered sub-points: "The ICB should:\n(a) ...;\n(b) ..." (one point per theme).
    if level != "national" and rng.random() < 0.12:
        preds = [pred]
        for code in uncovered:
            sub = _theme(code)
            preds.append(_expand(rng, _pick_frame(rng, _pool(sub, level, rng), allowed, ()).text, _lexicon(code, a)))
        if len(preds) == 1:
            other = [fr for fr in bank.rec_single_agency if fr.also <= allowed and fr is not frame]
            preds.append(_expand(rng, rng.choice(other).text, lex))
        marks = rng.choice((("(a)", "(b)", "(c)"), ("a)", "b)", "c)"), ("i.", "ii.", "iii.")))
        body = "\n".join(f"{marks[i]} {p}{';' if i < len(preds) - 1 else '.'}" for i, p in enumerate(preds))
        return _tidy(f"{_cap(a)} should:\n{body}")

    clause = ""
    sentences: list[str] = []
    for i, code in enumerate(uncovered):
        sub = _theme(code)
        sub_lex = _lexicon(code, a)
        r = rng.random()
        clauses = [c for word, c in wording.clause_mentions if word not in pred]
        if i == 0 and r < 0.45 and clauses:
            clause = _expand(rng, rng.choice(clauses), {**sub_lex, "focus": sub.focus})
        elif r < 0.75:
            sentences.append(_expand(rng, rng.choice(wording.sentence_mentions), {**sub_lex, "focus": sub.focus}))
        else:
            sub_frame = _pick_frame(rng, _pool(sub, level, rng), allowed, ())
            sub_pred = _expand(rng, sub_frame.text, sub_lex)
            sentences.append(_expand(rng, rng.choice(wording.predicate_mentions), {**sub_lex, "pred": (sub_pred,)}))

    tail = ""
    if not clause:
        if level == "national":
            if rng.random() < 0.25:
                tail = rng.choice(wording.national_tails)
        elif rng.random() < 0.4:
            tail = _expand(rng, rng.choice(wording.local_tails), lex)
    full_pred = pred + clause + tail

    if level == "national":
        main = _wrap_national(rng, a, full_pred)
    else:
        main = _wrap_local(rng, a, full_pred, bank, lex, multi=level == "multi_agency", timed=bool(tail))
    return _tidy(" ".join([main, *sentences]))


# ---------------------------------------------------------------------------------------------
# Actions, outcomes, milestones, progress
# ---------------------------------------------------------------------------------------------


def action_text(rng: random.Random, theme: str, lead_agency: str) -> str:
    """One short, SMART-ish action under a recommendation, often imperative and abbreviated."""
    bank = _theme(_check_theme(theme))
    lead = lead_agency.strip() or "the lead agency"
    lex = _lexicon(theme, lead)
    template = rng.choice(bank.actions)
    text = _expand(rng, template, lex)
    if not template.startswith("{Leadcap}") and rng.random() < 0.18:
        text = f"{_cap(lead)} to {_decap(text)}"
    if rng.random() < 0.3:
        text += rng.choice(load_text_bank().action_suffixes)
    if rng.random() < 0.4:
        text += "."
    return _tidy(text)


def outcome_text(rng: random.Random, theme: str) -> str:
    """Text for the 'Outcome that action will achieve' column."""
    bank = _theme(_check_theme(theme))
    lex = _lexicon(theme)
    k = 2 if rng.random() < 0.3 else 1
    picked = rng.sample(bank.outcomes, k)
    return _tidy(" ".join(_expand(rng, o, lex) for o in picked))


def milestones_text(rng: random.Random, theme: str) -> str:
    """'Key milestones to complete action' as a short list with relative timings only."""
    bank = _theme(_check_theme(theme))
    lex = _lexicon(theme)
    k = rng.choice((2, 3, 3, 4))
    n_theme = min(len(bank.milestones), k if rng.random() < 0.5 else k - 1)
    lines = [
        _expand(rng, m.replace(" {when}", "{when}"), {**lex, "when": ("",)})
        for m in rng.sample(bank.milestones, n_theme)
    ]
    deliv = _expand(rng, rng.choice(bank.deliverables), lex)
    extra_lex = {**lex, "deliv": (deliv,), "Deliv": (_cap(deliv),)}
    extra = rng.sample(load_text_bank().deliverable_milestones, k - n_theme)
    for e in extra:
        line = _expand(rng, e, extra_lex)
        if e.startswith("Lead officer"):
            lines.insert(0, line)
        else:
            lines.append(line)
    all_times = load_text_bank().milestone_times
    times = sorted(rng.sample(range(len(all_times)), len(lines)))
    timed = [f"{line} {all_times[t]}" if rng.random() < 0.75 else line for line, t in zip(lines, times, strict=True)]
    style = rng.random()
    if style < 0.45:
        out = "\n".join(f"- {t}" for t in timed)
    elif style < 0.6:
        out = "\n".join(f"• {t}" for t in timed)
    elif style < 0.8:
        out = "\n".join(f"{i}. {t}" for i, t in enumerate(timed, 1))
    elif style < 0.9:
        out = "; ".join(timed[:1] + [_decap(t) for t in timed[1:]])
    else:
        out = "\n".join(timed)
    return "\n".join(_tidy(line) for line in out.split("\n"))


def progress_text(rng: random.Random, theme: str, status: str) -> str:
    """Quarterly progress update consistent with the RAG status (RED/AMBER/GREEN/COMPLETE)."""
    bank = _theme(_check_theme(theme))
    wording = load_text_bank().progress
    key = status.strip().upper()
    if key not in wording.updates:
        raise ValueError(f"unknown status {status!r}; expected one of {STATUSES}")
    lex = _lexicon(theme)
    deliv = _expand(rng, rng.choice(bank.deliverables), lex)
    lex.update({"deliv": (deliv,), "Deliv": (_cap(deliv),), "evidence": bank.evidence, **wording.slots})
    return _tidy(_expand(rng, rng.choice(wording.updates[key]), lex))


# ---------------------------------------------------------------------------------------------
# Learning
# ---------------------------------------------------------------------------------------------


def learning_text(rng: random.Random, themes: Sequence[str]) -> str:
    """Early learning or a lesson learnt: 2-4 past-tense sentences about what agencies did or missed."""
    codes = _normalise_themes(themes)
    n_primary = 2 if len(codes) < 3 and rng.random() < 0.6 else 1
    if len(codes) == 1:
        n_primary = rng.choice((2, 2, 3))
    picks: list[tuple[str, str]] = []
    primary = _theme(codes[0])
    picks += [(codes[0], s) for s in rng.sample(primary.learning, n_primary)]
    picks += [(c, rng.choice(_theme(c).learning)) for c in codes[1:]]
    sentences = [_tidy(_expand(rng, s, _lexicon(code))) for code, s in picks]
    if rng.random() < 0.35:
        lead = rng.choice(load_text_bank().learning_leads)
        sentences[0] = lead + _decap(sentences[0])
    return " ".join(sentences)


# ---------------------------------------------------------------------------------------------
# Scoping review answers (003 Annex C)
# ---------------------------------------------------------------------------------------------

_INTIMATE = ("partner", "spouse", "husband", "wife", "boyfriend", "girlfriend", "civil partner", "fiance", "fiancee")
_REL_MAP: dict[str, str] = {
    "intimate partner": "partner",
    "current partner": "partner",
    "ex partner": "former partner",
    "former partner": "former partner",
    "ex": "former partner",
    "familial": "family member",
    "family": "family member",
    "family member": "family member",
    "other family": "family member",
    "adult child": "adult child",
    "child": "adult child",
    "household member": "household member",
    "member of household": "household member",
    "other": "household member",
}


def _relationship(relationship: str) -> tuple[str, bool]:
    """A readable relationship noun and whether it is an intimate relationship."""
    rel = re.sub(r"[_\-]+", " ", relationship.strip().lower())
    rel = re.sub(r"\s+", " ", rel)
    rel = re.sub(r"\b(of|to) (the )?victim\b", "", rel).strip()
    noun = _REL_MAP.get(rel, rel or "partner")
    intimate = any(word in noun for word in _INTIMATE)
    return noun, intimate


def _death_kind(death_type: str) -> str:
    low = death_type.lower()
    if "suicide" in low:
        return "suicide"
    if "neglect" in low:
        return "neglect"
    if "homicide" in low or "murder" in low or "manslaughter" in low:
        return "homicide"
    return "undetermined"


def _join(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def scoping_answer(
    rng: random.Random,
    question: int,
    *,
    victim_pseudonym: str,
    perpetrator_pseudonym: str,
    relationship: str,
    death_type: str,
    decision: str,
    month_year: str,
    agencies: Sequence[str],
) -> str:
    """Free-text answer to scoping review question 1-9 (003 Annex C).

    1 notification; 2 summary of the fatal incident (month and year only, no place, no graphic
    detail); 3 background; 4 early learning; 5 one-line intro to the actions table; 6 rationale
    if not commissioned; 7 family/friends' views; 8 agencies consulted; 9 other reviews.
    """
    wording = load_text_bank().scoping
    v = victim_pseudonym.strip() or "the victim"
    p = perpetrator_pseudonym.strip() or "the perpetrator"
    kind = _death_kind(death_type)
    rel, intimate = _relationship(relationship)
    agency_list = [a.strip() for a in agencies if a and a.strip()]
    commissioned = decision.strip().lower() != "not_commissioned"

    if question == 1:
        return _scoping_q1(rng, wording, kind)
    if question == 2:
        return _scoping_q2(rng, wording, kind, v, p, rel, month_year)
    if question == 3:
        return _scoping_q3(rng, wording, v, p, rel, intimate, agency_list)
    if question == 4:
        themes = rng.sample(THEME_CODES, rng.choice((1, 2, 2)))
        learning = learning_text(rng, themes)
        intro = "" if learning.startswith(load_text_bank().learning_leads) else rng.choice(wording.learning_intros)
        outros = wording.learning_outros_commissioned if commissioned else wording.learning_outros_not_commissioned
        return _tidy(intro + learning + rng.choice(outros))
    if question == 5:
        return rng.choice(wording.actions_intro)
    if question == 6:
        if commissioned:
            return wording.not_applicable
        return _scoping_q6(rng, wording, kind, v, intimate)
    if question == 7:
        return _scoping_q7(rng, wording, v, commissioned)
    if question == 8:
        return _scoping_q8(rng, wording, agency_list)
    if question == 9:
        return _scoping_q9(rng, wording, kind)
    raise ValueError(f"scoping review questions are numbered 1-9, got {question!r}")


# The bank's scoping answers name the facts as {v}, {p}, {rel}, ...: filled with str.format, which
# draws nothing from rng (a {slot} of the other templates would), so the draws stay one per choice.


def _scoping_q1(rng: random.Random, wording: ScopingWording, kind: str) -> str:
    who = rng.choice(wording.notified_by[kind])
    route = rng.choice(wording.notification_routes)
    when = rng.choice(wording.notification_timing)
    extra = rng.choice(wording.notification_extras)
    return _tidy(f"The CSP was notified by {who} {route} {when}.{extra}")


def _scoping_q2(
    rng: random.Random, wording: ScopingWording, kind: str, v: str, p: str, rel: str, month_year: str
) -> str:
    facts = {"v": v, "p": p, "rel": rel, "when": month_year.strip() or "the month in question"}
    first = rng.choice(wording.incident_death[kind]).format(**facts)
    second = rng.choice(wording.incident_perpetrator[kind]).format(**facts)
    return _tidy(f"{first} {second}")


def _scoping_q3(
    rng: random.Random,
    wording: ScopingWording,
    v: str,
    p: str,
    rel: str,
    intimate: bool,
    agencies: Sequence[str],
) -> str:
    facts = {"v": v, "p": p, "rel": rel}
    if intimate:
        together = rng.choice(wording.together)
        rel_sentence = rng.choice(wording.intimate).format(**facts, together=together)
        rel_sentence += rng.choice(wording.separated if "former" in rel else wording.living)
    else:
        rel_sentence = rng.choice(wording.not_intimate).format(**facts)
    history = rng.choice(wording.history).format(**facts)
    household = rng.choice(wording.household)
    if agencies:
        known = list(agencies[: rng.randint(1, min(3, len(agencies)))])
        contact = rng.choice(wording.agency_contact).format(**facts, known=_join(known))
    else:
        contact = wording.no_agency_contact
    return _tidy(" ".join(s for s in (rel_sentence, history, household, contact) if s))


def _scoping_q6(rng: random.Random, wording: ScopingWording, kind: str, v: str, intimate: bool) -> str:
    reasons = list(wording.reasons_any_death)
    if kind == "neglect":
        reasons += wording.reasons_neglect
    if kind == "suicide":
        reasons += wording.reasons_suicide
    if not intimate:
        reasons += wording.reasons_not_intimate
    chosen = rng.choice(reasons).format(v=v)
    tail = rng.choice(wording.rationale_tails)
    return _tidy(chosen + tail)


def _scoping_q7(rng: random.Random, wording: ScopingWording, v: str, commissioned: bool) -> str:
    contact = rng.choice(wording.family_contact).format(v=v)
    views = wording.family_commissioned if commissioned else wording.family_not_commissioned
    view = rng.choice(views).format(v=v)
    return _tidy(f"{contact} {view}")


def _scoping_q8(rng: random.Random, wording: ScopingWording, agencies: Sequence[str]) -> str:
    if not agencies:
        return wording.no_agencies
    style = rng.random()
    if style < 0.5:
        intro = rng.choice(wording.agency_list_intros)
        return intro + "\n" + "\n".join(f"- {_cap(a)}" for a in agencies)
    joined = _join(list(agencies))
    return _tidy(rng.choice(wording.agency_sentences).format(agencies=joined, Agencies=_cap(joined)))


def _scoping_q9(rng: random.Random, wording: ScopingWording, kind: str) -> str:
    r = rng.random()
    if r < 0.15:
        return wording.no_other_reviews
    parts = [rng.choice(wording.other_reviews[kind])]
    if r > 0.6:
        parts.append(rng.choice(wording.other_review_extras))
    return _tidy(" ".join(parts))
