"""The synthetic generator's text bank: its phrases as YAML files beside this loader (issue 16).

`dhr.synth.free_text` composes sentences from them; this module only reads, checks and types them.
One file per family of text, each opening with a comment on what it feeds and how to add to it:

* ``slots.yml``: what a ``{slot}`` in any template may be replaced by, shared and per theme.
* ``recommendations.yml``, ``actions.yml``, ``outcomes.yml``, ``milestones.yml``, ``progress.yml``,
  ``learning.yml``: the action-plan columns and early learning, per learning theme (``by_theme``),
  plus the shared wording around them.
* ``scoping.yml``: the answers to the scoping review questions (003 Annex C).

Texts are keyed by learning-theme code, but the codes are not defined here: the one source is the
taxonomy seed (`dhr.themes.taxonomy`), and loading fails on a code it does not hold (a typo would
otherwise leave a theme's phrases silently unused) or on a theme with no phrases.

The lists keep the order of their files: the generator draws from them with a seeded random
generator, so reordering a list changes the corpus a seed produces (adding to one does too).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from dhr.themes.taxonomy import theme_codes

__all__ = [
    "FILES",
    "STATUSES",
    "Frame",
    "ProgressWording",
    "RecommendationWording",
    "ScopingWording",
    "TextBank",
    "ThemeText",
    "build_text_bank",
    "load_text_bank",
    "read_bank_files",
]

#: The bank's files, in this package (installed with it: a wheel takes every file under `dhr/`).
FILES: tuple[str, ...] = (
    "slots.yml",
    "recommendations.yml",
    "actions.yml",
    "outcomes.yml",
    "milestones.yml",
    "progress.yml",
    "learning.yml",
    "scoping.yml",
)
DEATH_KINDS: tuple[str, ...] = ("homicide", "suicide", "neglect", "undetermined")
#: The RAG statuses progress updates are written for (004 L4628-4638), the keys of progress.yml updates.
STATUSES: tuple[str, ...] = ("RED", "AMBER", "GREEN", "COMPLETE")

Texts = tuple[str, ...]
Slots = Mapping[str, Texts]


@dataclass(frozen=True)
class Frame:
    """A recommendation predicate plus the other themes it also speaks to (``also`` in the file)."""

    text: str
    also: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ThemeText:
    """Everything written for one learning theme, gathered from the files' ``by_theme`` sections."""

    slots: Slots
    rec_single_agency: tuple[Frame, ...]
    rec_multi_agency: tuple[Frame, ...]
    rec_national: tuple[Frame, ...]
    focus: Texts
    purpose: Texts
    actions: Texts
    outcomes: Texts
    milestones: Texts
    deliverables: Texts
    evidence: Texts
    learning: Texts


@dataclass(frozen=True)
class RecommendationWording:
    """What goes around a recommendation's predicate (recommendations.yml, outside ``by_theme``)."""

    local_tails: Texts
    national_tails: Texts
    clause_mentions: tuple[tuple[str, str], ...]  # (word the predicate must not have, clause)
    sentence_mentions: Texts
    predicate_mentions: Texts


@dataclass(frozen=True)
class ProgressWording:
    """progress.yml outside ``by_theme``: update templates by status and the lists they draw on."""

    updates: Mapping[str, Texts]
    slots: Slots  # red_reason, red_hold, amber_step, next_when, green_step, monitor, done_when


@dataclass(frozen=True)
class ScopingWording:
    """scoping.yml, question by question (003 Annex C); maps are keyed by kind of death."""

    notified_by: Mapping[str, Texts]
    notification_routes: Texts
    notification_timing: Texts
    notification_extras: Texts
    incident_death: Mapping[str, Texts]
    incident_perpetrator: Mapping[str, Texts]
    together: Texts
    intimate: Texts
    separated: Texts
    living: Texts
    not_intimate: Texts
    history: Texts
    household: Texts
    agency_contact: Texts
    no_agency_contact: str
    learning_intros: Texts
    learning_outros_commissioned: Texts
    learning_outros_not_commissioned: Texts
    actions_intro: Texts
    not_applicable: str
    reasons_any_death: Texts
    reasons_neglect: Texts
    reasons_suicide: Texts
    reasons_not_intimate: Texts
    rationale_tails: Texts
    family_contact: Texts
    family_commissioned: Texts
    family_not_commissioned: Texts
    no_agencies: str
    agency_list_intros: Texts
    agency_sentences: Texts
    no_other_reviews: str
    other_reviews: Mapping[str, Texts]
    other_review_extras: Texts


@dataclass(frozen=True)
class TextBank:
    shared_slots: Slots
    themes: Mapping[str, ThemeText]
    recommendations: RecommendationWording
    action_suffixes: Texts
    milestone_times: Texts
    deliverable_milestones: Texts
    progress: ProgressWording
    learning_leads: Texts
    scoping: ScopingWording


def read_bank_files() -> dict[str, Any]:
    """Each file of the bank parsed, by file name, read through importlib.resources (so from the
    installed package too, not only from a checkout)."""
    root = resources.files(__name__)
    return {name: _parse_yaml(root.joinpath(name).read_text(encoding="utf-8")) for name in FILES}


def _parse_yaml(text: str) -> Any:
    # libyaml's safe loader when PyYAML has it: about 20 times faster than the pure-Python one
    # (0.4 s for the whole bank), and the generator and every test process load the bank.
    if yaml.__with_libyaml__:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def load_text_bank() -> TextBank:
    """The bank, read and checked once per process."""
    return build_text_bank(read_bank_files(), theme_codes())


def build_text_bank(files: Mapping[str, Any], codes: Collection[str]) -> TextBank:
    """Type and check parsed files (`read_bank_files`) against the theme codes of the taxonomy.

    Raises ValueError naming the file and key for an unknown theme code, a theme with no phrases, a
    missing or unexpected key, an empty or duplicated list (duplicates would silently double a
    phrase's chance of being drawn) or an entry that is not text.
    """
    known = frozenset(codes)
    slots = _by_theme(files["slots.yml"], "slots.yml", known, every_theme=False)
    recs = _by_theme(files["recommendations.yml"], "recommendations.yml", known)
    actions = _by_theme(files["actions.yml"], "actions.yml", known)
    outcomes = _by_theme(files["outcomes.yml"], "outcomes.yml", known)
    milestones = _by_theme(files["milestones.yml"], "milestones.yml", known)
    progress = _by_theme(files["progress.yml"], "progress.yml", known)
    learning = _by_theme(files["learning.yml"], "learning.yml", known)

    themes: dict[str, ThemeText] = {}
    for code in codes:
        where = f"by_theme.{code}"
        rec = _section(recs[code], f"recommendations.yml {where}", "single_agency multi_agency national focus purpose")
        ms = _section(milestones[code], f"milestones.yml {where}", "milestones deliverables")
        themes[code] = ThemeText(
            slots=_slots(slots.get(code, {}), f"slots.yml {where}"),
            rec_single_agency=_frames(rec["single_agency"], f"recommendations.yml {where}.single_agency", code, known),
            rec_multi_agency=_frames(rec["multi_agency"], f"recommendations.yml {where}.multi_agency", code, known),
            rec_national=_frames(rec["national"], f"recommendations.yml {where}.national", code, known),
            focus=_texts(rec["focus"], f"recommendations.yml {where}.focus"),
            purpose=_texts(rec["purpose"], f"recommendations.yml {where}.purpose"),
            actions=_texts(
                _section(actions[code], f"actions.yml {where}", "actions")["actions"], f"actions.yml {where}"
            ),
            outcomes=_texts(
                _section(outcomes[code], f"outcomes.yml {where}", "outcomes")["outcomes"], f"outcomes.yml {where}"
            ),
            milestones=_texts(ms["milestones"], f"milestones.yml {where}.milestones"),
            deliverables=_texts(ms["deliverables"], f"milestones.yml {where}.deliverables"),
            evidence=_texts(
                _section(progress[code], f"progress.yml {where}", "evidence")["evidence"], f"progress.yml {where}"
            ),
            learning=_texts(
                _section(learning[code], f"learning.yml {where}", "sentences")["sentences"], f"learning.yml {where}"
            ),
        )

    rec_file = _section(
        files["recommendations.yml"],
        "recommendations.yml",
        "by_theme local_tails national_tails clause_mentions sentence_mentions predicate_mentions",
    )
    clause_mentions = tuple(
        _clause_mention(m, f"recommendations.yml clause_mentions[{i}]")
        for i, m in enumerate(_list(rec_file["clause_mentions"], "recommendations.yml clause_mentions"))
    )
    _no_duplicates(clause_mentions, "recommendations.yml clause_mentions")
    progress_file = _section(
        files["progress.yml"],
        "progress.yml",
        "by_theme updates red_reason red_hold amber_step next_when green_step monitor done_when",
    )
    updates = _section(progress_file["updates"], "progress.yml updates", " ".join(STATUSES))
    actions_file = _section(files["actions.yml"], "actions.yml", "by_theme suffixes")
    milestones_file = _section(files["milestones.yml"], "milestones.yml", "by_theme times deliverable_milestones")
    learning_file = _section(files["learning.yml"], "learning.yml", "by_theme leads")
    slots_file = _section(files["slots.yml"], "slots.yml", "shared by_theme")
    _section(files["outcomes.yml"], "outcomes.yml", "by_theme")
    return TextBank(
        shared_slots=_slots(slots_file["shared"], "slots.yml shared"),
        themes=themes,
        recommendations=RecommendationWording(
            local_tails=_texts(rec_file["local_tails"], "recommendations.yml local_tails"),
            national_tails=_texts(rec_file["national_tails"], "recommendations.yml national_tails"),
            clause_mentions=clause_mentions,
            sentence_mentions=_texts(rec_file["sentence_mentions"], "recommendations.yml sentence_mentions"),
            predicate_mentions=_texts(rec_file["predicate_mentions"], "recommendations.yml predicate_mentions"),
        ),
        action_suffixes=_texts(actions_file["suffixes"], "actions.yml suffixes"),
        milestone_times=_texts(milestones_file["times"], "milestones.yml times"),
        deliverable_milestones=_texts(
            milestones_file["deliverable_milestones"], "milestones.yml deliverable_milestones"
        ),
        progress=ProgressWording(
            updates={s: _texts(updates[s], f"progress.yml updates.{s}") for s in STATUSES},
            slots={
                key: _texts(progress_file[key], f"progress.yml {key}")
                for key in ("red_reason", "red_hold", "amber_step", "next_when", "green_step", "monitor", "done_when")
            },
        ),
        learning_leads=_texts(learning_file["leads"], "learning.yml leads"),
        scoping=_scoping(files["scoping.yml"]),
    )


def _scoping(raw: Any) -> ScopingWording:
    f = "scoping.yml"
    top = _section(
        raw,
        f,
        "notification incident background early_learning actions_intro not_commissioned family_views "
        "agencies_consulted other_reviews",
    )
    n = _section(top["notification"], f"{f} notification", "notified_by routes timing extras")
    incident = _section(top["incident"], f"{f} incident", " ".join(DEATH_KINDS))
    by_kind = {k: _section(incident[k], f"{f} incident.{k}", "death perpetrator") for k in DEATH_KINDS}
    b = _section(
        top["background"],
        f"{f} background",
        "together intimate separated living not_intimate history household agency_contact no_agency_contact",
    )
    el = _section(top["early_learning"], f"{f} early_learning", "intros outros_commissioned outros_not_commissioned")
    nc = _section(
        top["not_commissioned"],
        f"{f} not_commissioned",
        "not_applicable any_death neglect suicide not_intimate tails",
    )
    fv = _section(top["family_views"], f"{f} family_views", "contact commissioned not_commissioned")
    ac = _section(top["agencies_consulted"], f"{f} agencies_consulted", "none list_intros sentences")
    other = _section(top["other_reviews"], f"{f} other_reviews", "none by_death extras")

    def texts(section: Mapping[str, Any], key: str, where: str) -> Texts:
        return _texts(section[key], f"{f} {where}.{key}")

    def by_death(section: Any, where: str) -> dict[str, Texts]:
        kinds = _section(section, f"{f} {where}", " ".join(DEATH_KINDS))
        return {k: _texts(kinds[k], f"{f} {where}.{k}") for k in DEATH_KINDS}

    return ScopingWording(
        notified_by=by_death(n["notified_by"], "notification.notified_by"),
        notification_routes=texts(n, "routes", "notification"),
        notification_timing=texts(n, "timing", "notification"),
        notification_extras=texts(n, "extras", "notification"),
        incident_death={k: texts(by_kind[k], "death", f"incident.{k}") for k in DEATH_KINDS},
        incident_perpetrator={k: texts(by_kind[k], "perpetrator", f"incident.{k}") for k in DEATH_KINDS},
        together=texts(b, "together", "background"),
        intimate=texts(b, "intimate", "background"),
        separated=texts(b, "separated", "background"),
        living=texts(b, "living", "background"),
        not_intimate=texts(b, "not_intimate", "background"),
        history=texts(b, "history", "background"),
        household=texts(b, "household", "background"),
        agency_contact=texts(b, "agency_contact", "background"),
        no_agency_contact=_text(b["no_agency_contact"], f"{f} background.no_agency_contact"),
        learning_intros=texts(el, "intros", "early_learning"),
        learning_outros_commissioned=texts(el, "outros_commissioned", "early_learning"),
        learning_outros_not_commissioned=texts(el, "outros_not_commissioned", "early_learning"),
        actions_intro=_texts(top["actions_intro"], f"{f} actions_intro"),
        not_applicable=_text(nc["not_applicable"], f"{f} not_commissioned.not_applicable"),
        reasons_any_death=texts(nc, "any_death", "not_commissioned"),
        reasons_neglect=texts(nc, "neglect", "not_commissioned"),
        reasons_suicide=texts(nc, "suicide", "not_commissioned"),
        reasons_not_intimate=texts(nc, "not_intimate", "not_commissioned"),
        rationale_tails=texts(nc, "tails", "not_commissioned"),
        family_contact=texts(fv, "contact", "family_views"),
        family_commissioned=texts(fv, "commissioned", "family_views"),
        family_not_commissioned=texts(fv, "not_commissioned", "family_views"),
        no_agencies=_text(ac["none"], f"{f} agencies_consulted.none"),
        agency_list_intros=texts(ac, "list_intros", "agencies_consulted"),
        agency_sentences=texts(ac, "sentences", "agencies_consulted"),
        no_other_reviews=_text(other["none"], f"{f} other_reviews.none"),
        other_reviews=by_death(other["by_death"], "other_reviews.by_death"),
        other_review_extras=texts(other, "extras", "other_reviews"),
    )


# --- checks: every failure names the file and the key, so a person adding phrases can find it ---


def _by_theme(raw: Any, where: str, known: frozenset[str], *, every_theme: bool = True) -> dict[str, Any]:
    """A file's ``by_theme`` map, its keys checked against the taxonomy's codes."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("by_theme"), Mapping):
        raise ValueError(f"{where}: expected a by_theme map of learning-theme codes")
    themes = raw["by_theme"]
    if unknown := sorted(set(themes) - known):
        raise ValueError(
            f"{where}: by_theme has unknown learning-theme codes {unknown}; "
            "the codes are those of seeds/reference/learning_themes.csv"
        )
    if every_theme and (missing := sorted(known - set(themes))):
        raise ValueError(f"{where}: by_theme has no text for the learning themes {missing}")
    return dict(themes)


def _section(raw: Any, where: str, keys: str) -> Mapping[str, Any]:
    """A map with exactly the given keys (a misspelt key would otherwise be ignored)."""
    expected = set(keys.split())
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: expected a map with the keys {sorted(expected)}")
    if missing := sorted(expected - set(raw)):
        raise ValueError(f"{where}: missing {missing}")
    if extra := sorted(set(raw) - expected):
        raise ValueError(f"{where}: unexpected {extra}; expected only {sorted(expected)}")
    return raw


def _list(raw: Any, where: str) -> list[Any]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{where}: expected a non-empty list")
    return raw


def _text(raw: Any, where: str) -> str:
    if not isinstance(raw, str):
        raise ValueError(f"{where}: expected text, got {raw!r}")
    return raw


def _texts(raw: Any, where: str) -> Texts:
    texts = tuple(_text(item, f"{where}[{i}]") for i, item in enumerate(_list(raw, where)))
    _no_duplicates(texts, where)
    return texts


def _no_duplicates(items: tuple[Any, ...], where: str) -> None:
    if dup := sorted({repr(x) for x in items if items.count(x) > 1}):
        raise ValueError(f"{where}: listed twice: {', '.join(dup)}")


def _slots(raw: Any, where: str) -> dict[str, Texts]:
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: expected a map of slot names to lists")
    return {str(name): _texts(values, f"{where}.{name}") for name, values in raw.items()}


def _frames(raw: Any, where: str, theme: str, known: frozenset[str]) -> tuple[Frame, ...]:
    """Predicates: plain text, or ``{text: ..., also: [codes]}`` for one that speaks to more themes."""
    frames: list[Frame] = []
    for i, item in enumerate(_list(raw, where)):
        if isinstance(item, str):
            frames.append(Frame(item))
            continue
        entry = _section(item, f"{where}[{i}]", "text also")
        also = frozenset(_texts(entry["also"], f"{where}[{i}].also"))
        if unknown := sorted(also - known):
            raise ValueError(f"{where}[{i}].also: unknown learning-theme codes {unknown}")
        if theme in also:
            raise ValueError(f"{where}[{i}].also: names its own theme {theme!r}")
        frames.append(Frame(_text(entry["text"], f"{where}[{i}].text"), also))
    _no_duplicates(tuple(f.text for f in frames), where)
    return tuple(frames)


def _clause_mention(raw: Any, where: str) -> tuple[str, str]:
    entry = _section(raw, where, "unless_pred_has clause")
    return _text(entry["unless_pred_has"], f"{where}.unless_pred_has"), _text(entry["clause"], f"{where}.clause")
