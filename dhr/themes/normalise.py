"""Domain normaliser: expand the abbreviations of DHR action plans so unseen wording generalises.

An action plan may say "Refer to MARAC", "multi-agency risk assessment conference" or "the high-risk
meeting"; the classifier sees the same words for the first two because the abbreviation is kept
and its expansion appended ("marac multi agency risk assessment conference"). Expansions add the
plain words practitioners use (e.g. ICB -> "nhs health commissioner"), never a theme code.
Ambiguous short forms (ED, DA, HV, MH, SAR, ASC, CSC, HO) are expanded only when written in
capitals; everything else is matched case-insensitively, as a whole word, with an optional plural
or possessive ending (IDVAs, IDVA's, GPs).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: abbreviation -> expansion (lower case). Kept short: words a practitioner would write out.
ABBREVIATIONS: dict[str, str] = {
    "IDVA": "independent domestic violence advisor",
    "ISVA": "independent sexual violence advisor",
    "MARAC": "multi agency risk assessment conference",
    "MAPPA": "multi agency public protection arrangements perpetrator management",
    "MATAC": "multi agency tasking and coordination serial perpetrators",
    "DASH": "dash risk assessment checklist domestic abuse stalking harassment",
    "DARA": "domestic abuse risk assessment",
    "DVPN": "domestic violence protection notice",
    "DVPO": "domestic violence protection order",
    "DAPO": "domestic abuse protection order",
    "DAPN": "domestic abuse protection notice",
    "DVDS": "domestic violence disclosure scheme right to ask right to know",
    "SPO": "stalking protection order",
    "FMPO": "forced marriage protection order",
    "ICB": "integrated care board nhs health commissioner",
    "CCG": "clinical commissioning group nhs health commissioner",
    "GP": "general practitioner doctor surgery",
    "A&E": "accident and emergency emergency department hospital",
    "ED": "emergency department hospital",
    "ASC": "adult social care",
    "CSC": "children's social care",
    "MASH": "multi agency safeguarding hub",
    "SAR": "safeguarding adults review",
    "SAB": "safeguarding adults board",
    "CSPR": "child safeguarding practice review",
    "LSCP": "local safeguarding children partnership",
    "DSL": "designated safeguarding lead school",
    "CAMHS": "child and adolescent mental health services",
    "CMHT": "community mental health team",
    "IAPT": "talking therapies",
    "IRIS": "identification and referral to improve safety general practice programme",
    "NRPF": "no recourse to public funds immigration",
    "DDVC": "destitution domestic violence concession immigration",
    "BSL": "british sign language deaf",
    "VAWG": "violence against women and girls",
    "PPN": "public protection notice police",
    "CCR": "coordinated community response",
    "HBA": "honour based abuse",
    "FGM": "female genital mutilation",
    "CCB": "controlling or coercive behaviour",
    "APVA": "adolescent to parent violence and abuse",
    "CPV": "child to parent violence",
    "ASB": "anti-social behaviour",
    "DAHA": "domestic abuse housing alliance",
    "CSP": "community safety partnership",
    "PCC": "police and crime commissioner",
    "OPCC": "office of the police and crime commissioner",
    "CPS": "crown prosecution service",
    "PNC": "police national computer",
    "PND": "police national database",
    "RUI": "released under investigation",
    "PSR": "pre-sentence report probation",
    "NPS": "national probation service",
    "CRC": "community rehabilitation company probation",
    "HMPPS": "prison and probation service",
    "DAPP": "domestic abuse perpetrator programme",
    "BBR": "building better relationships perpetrator programme",
    "EIDA": "employers initiative on domestic abuse",
    "DWP": "department for work and pensions",
    "AAFDA": "advocacy after fatal domestic abuse",
    "DHR": "domestic homicide review",
    "IMR": "individual management review",
    "LGBT": "lesbian gay bisexual trans",
    "LGBTQ": "lesbian gay bisexual trans queer",
    "DHSC": "department of health and social care",
    "DFE": "department for education",
    "MOJ": "ministry of justice",
    "MHCLG": "ministry of housing communities and local government",
    "DLUHC": "department for levelling up housing and communities",
    "NHSE": "nhs england",
    "OHID": "office for health improvement and disparities",
    "DA": "domestic abuse",
    "DV": "domestic violence",
    "HV": "health visitor",
    "MH": "mental health",
    "HO": "home office",
}

#: Written in capitals only (as lower-case words they mean something else, or nothing).
CASE_SENSITIVE = frozenset(
    {"ED", "DA", "DV", "HV", "MH", "SAR", "ASC", "CSC", "HO", "SPO", "CPV", "DSL", "BBR", "CRC", "NPS", "PSR"}
)

#: Everyday wording -> the canonical term practitioners use, appended after the match (applied to
#: lower-cased text). Domain synonyms only; written from practice knowledge, not from test errors.
SYNONYMS: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:take|takes|took|taking|end|ends|ended|ending) (?:his|her|their|my|your) (?:own )?li(?:fe|ves)\b",
        "suicide",
    ),
    (r"\bkill(?:ed|ing|s)? (?:him|her|them|my|your)sel(?:f|ves)\b", "suicide"),
    (r"\b(?:low mood|depress\w*|psychiatr\w*|psycholog\w*|self-harm\w*|overdos\w*)", "mental health"),
    (r"\b(?:drink|drinks|drinking|drunk|intoxicated|booze|the bottle)\b", "alcohol"),
    (r"\b(?:crack|cannabis|heroin|cocaine|spice|methadone|opiate\w*|opioid\w*)\b", "drugs"),
    (r"\b(?:addict\w*|dependent on (?:drink|drugs|alcohol))", "substance misuse"),
    (r"\bfamily doctor\b|\bdoctor's surgery\b|\bsurgery teams?\b", "gp"),
    (r"\bcasualty\b", "emergency department"),
    (r"\b(?:midwi\w+|antenatal|postnatal|pregnan\w*)", "maternity"),
    (r"\b(?:landlords?|tenants?|tenanc\w+|rehous\w*|homeless\w*|a roof|council housing|social housing)\b", "housing"),
    (r"\bsafe houses?\b", "refuge"),
    (
        r"\b(?:elderly|frail|pensioners?|older (?:people|person|adults?|victims?|parents?)|in later life)\b",
        "older adult",
    ),
    (r"\b(?:vulnerable (?:adults?|grown-ups)|care and support needs)\b", "adult safeguarding"),
    (r"\b(?:youngsters?|little ones|teenagers?|pupils?|sons and daughters)\b", "children"),
    (r"\b(?:translat\w+|interpret\w*)", "interpreter language"),
    (r"\b(?:visas?|asylum|migrants?|right to stay|deport\w*)\b", "immigration"),
    (
        r"\b(?:tracking|tracked|tracks|spyware|hidden cameras?|checks? her phone|checked her phone)\b",
        "controlling monitoring",
    ),
    (r"\bunwanted (?:contact|calls|messages)\b|\bpursuit\b|\bfollowing her\b", "stalking harassment"),
    (r"\b(?:strangl\w*|chok\w*|hands? round (?:her|his|their) neck)", "strangulation"),
    (r"\b(?:danger|dangerous|dangerousness)\b", "risk"),
    (r"\b(?:dyslexi\w*|deaf|blind|wheelchair|learning disabilit\w*)", "disability"),
)

_PUNCT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def alternation(keys):
        return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))

    tail = r"(?:'s|s)?"
    insensitive = [k for k in ABBREVIATIONS if k not in CASE_SENSITIVE]
    p_ins = re.compile(rf"(?<![\w&])({alternation(insensitive)}){tail}(?![\w&])", re.IGNORECASE)
    p_cs = re.compile(rf"(?<![\w&])({alternation(CASE_SENSITIVE)}){tail}(?![\w&])")
    return p_ins, p_cs


@lru_cache(maxsize=1)
def _synonym_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), c) for p, c in SYNONYMS)


def normalise_text(text: str | None, expand: bool = True) -> str:
    """Lower-cased text with unified punctuation and, when `expand`, every known abbreviation and
    everyday synonym expanded in place (`expand=False` keeps only the clean-up: used for topics,
    where expansions would become topic terms)."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_PUNCT)
    if not expand:
        s = s.lower().replace("a&e", "a_and_e").replace("&", " and ")
        return re.sub(r"\s+", " ", s).strip()
    p_ins, p_cs = _patterns()

    def expand(m: re.Match[str]) -> str:
        key = m.group(1).upper()
        return f" {key.lower().replace('&', '')} {ABBREVIATIONS[key]} "

    s = p_cs.sub(expand, s)
    s = p_ins.sub(expand, s)
    s = s.lower().replace("&", " and ")
    for pattern, canonical in _synonym_patterns():
        s = pattern.sub(lambda m, c=canonical: f"{m.group(0)} {c}", s)
    s = re.sub(r"\bco-?ordinat", "coordinat", s)
    s = re.sub(r"\bre-(assess|refer|offend)", r"re\1", s)
    return re.sub(r"\s+", " ", s).strip()
