"""Word lists the synthetic generator draws from: pseudonyms, agencies, national bodies, job titles.

Everything is generic or invented: pseudonyms are common first names (003 L750 asks for
pseudonyms, not letters), agencies are kinds of agency, never a named local organisation, and
restricted fields (chair and author names, place and method detail) get obviously fictional
values.
"""

from __future__ import annotations

#: Common first names used as pseudonyms (never a real person's data: pseudonyms only, 003 L599-600).
FEMALE_PSEUDONYMS: tuple[str, ...] = (
    "Alice",
    "Amira",
    "Anna",
    "Beth",
    "Bella",
    "Carla",
    "Chloe",
    "Daisy",
    "Dina",
    "Ella",
    "Emma",
    "Esther",
    "Faith",
    "Fatima",
    "Gemma",
    "Grace",
    "Hannah",
    "Helen",
    "Holly",
    "Iris",
    "Isla",
    "Jade",
    "Jasmine",
    "Joy",
    "Julia",
    "Kate",
    "Kiran",
    "Laura",
    "Leah",
    "Lily",
    "Lucy",
    "Maria",
    "Maya",
    "Mia",
    "Nadia",
    "Naomi",
    "Nina",
    "Olivia",
    "Pam",
    "Priya",
    "Rachel",
    "Rosa",
    "Ruby",
    "Ruth",
    "Sadia",
    "Sara",
    "Sophie",
    "Tara",
    "Tess",
    "Una",
    "Vera",
    "Violet",
    "Wendy",
    "Yasmin",
    "Zara",
    "Zoe",
    "Agnes",
    "Edith",
    "Joan",
    "Margaret",
    "Sheila",
    "Irene",
    "Doreen",
    "Brenda",
)
MALE_PSEUDONYMS: tuple[str, ...] = (
    "Adam",
    "Alan",
    "Amir",
    "Ben",
    "Callum",
    "Carl",
    "Colin",
    "Dan",
    "David",
    "Dev",
    "Eddie",
    "Ethan",
    "Frank",
    "Gary",
    "George",
    "Harry",
    "Ian",
    "Imran",
    "Jack",
    "Jamal",
    "James",
    "Joe",
    "Karl",
    "Kevin",
    "Leon",
    "Liam",
    "Luke",
    "Mark",
    "Matt",
    "Mo",
    "Neil",
    "Noah",
    "Oscar",
    "Owen",
    "Paul",
    "Pete",
    "Raj",
    "Rob",
    "Ryan",
    "Sam",
    "Scott",
    "Sean",
    "Steve",
    "Theo",
    "Tom",
    "Tony",
    "Vic",
    "Wayne",
    "Will",
    "Zak",
    "Arthur",
    "Bernard",
    "Dennis",
    "Ken",
    "Ron",
    "Stan",
)

#: Fictional place-of-death detail, by place type (restricted field: never published, 003 L603).
PLACE_DETAIL: dict[str, tuple[str, ...]] = {
    "victim_home": (
        "Kitchen of the victim's address",
        "Living room of the victim's flat",
        "Hallway of the victim's address",
    ),
    "shared_home": (
        "Kitchen of the shared address",
        "Bedroom at the shared address",
        "Living room of the shared address",
    ),
    "perpetrator_home": ("Living room of the perpetrator's address", "Kitchen of the perpetrator's flat"),
    "other_residence": ("Address of a relative", "Address of a friend"),
    "public_place": (
        "Footpath near the victim's address",
        "Car park near a shopping area",
        "Street outside the victim's address",
    ),
    "other": ("Vehicle belonging to the perpetrator", "Workplace of the victim"),
    "not_known": ("Not recorded on the police summary",),
}

#: Fictional method detail, by method (restricted field, 003 L603).
METHOD_DETAIL: dict[str, tuple[str, ...]] = {
    "sharp_instrument": (
        "Knife from the kitchen (detail held by the police)",
        "Bladed article (detail held by the police)",
    ),
    "blunt_instrument": ("Blunt object (detail held by the police)",),
    "strangulation": ("Manual strangulation (post-mortem finding)", "Ligature (post-mortem finding)"),
    "hitting_kicking": ("Multiple blows (post-mortem finding)",),
    "shooting": ("Firearm (detail held by the police)",),
    "burning": ("Fire set at the address (fire service report)",),
    "poisoning": ("Overdose of prescribed medication (toxicology report)",),
    "suicide_or_neglect": ("See the coroner's findings (detail held by the CSP)",),
    "other": ("Detail held by the police",),
    "not_known": ("Awaiting post-mortem findings",),
}


class LeadAgency:
    """An agency that leads actions: as written on the form, as text names it, and job titles."""

    __slots__ = ("form_name", "job_titles", "text_name")

    def __init__(self, form_name: str, text_name: str, job_titles: tuple[str, ...]) -> None:
        self.form_name = form_name
        self.text_name = text_name
        self.job_titles = job_titles


#: Local lead agencies of action-plan actions (003 L778 LEAD AGENCY; job titles, not names: 004 L2341).
LEAD_AGENCIES: tuple[LeadAgency, ...] = (
    LeadAgency(
        "Police",
        "the police",
        ("Detective Chief Inspector, Public Protection", "Head of Safeguarding", "Domestic Abuse Lead"),
    ),
    LeadAgency(
        "Integrated Care Board (ICB)",
        "the ICB",
        (
            "Designated Nurse for Safeguarding Adults",
            "Head of Safeguarding",
            "Designated Professional for Safeguarding",
        ),
    ),
    LeadAgency("GP practices", "GP practices", ("Named GP for Safeguarding", "Primary Care Safeguarding Lead")),
    LeadAgency("Adult Social Care", "adult social care", ("Head of Adult Safeguarding", "Principal Social Worker")),
    LeadAgency(
        "Children's Social Care",
        "children's social care",
        ("Head of Service, Children's Safeguarding", "Principal Social Worker (Children)"),
    ),
    LeadAgency("Housing", "the housing service", ("Housing Options Manager", "Head of Housing Needs")),
    LeadAgency("IDVA service", "the IDVA service", ("IDVA Service Manager", "Domestic Abuse Services Manager")),
    LeadAgency("Probation Service", "the Probation Service", ("Head of Public Protection", "Senior Probation Officer")),
    LeadAgency(
        "Mental health trust",
        "the mental health trust",
        ("Named Nurse for Safeguarding Adults", "Associate Director of Safeguarding"),
    ),
    LeadAgency("Drug and alcohol service", "the drug and alcohol service", ("Service Manager", "Clinical Lead")),
    LeadAgency("Community Safety Partnership", "the CSP", ("Community Safety Manager", "DHR Coordinator")),
    LeadAgency("Local authority", "the local authority", ("Domestic Abuse Strategic Lead", "Head of Community Safety")),
    LeadAgency(
        "Acute hospital trust", "the acute trust", ("Named Nurse for Safeguarding Adults", "Head of Safeguarding")
    ),
    LeadAgency("Ambulance service", "the ambulance service", ("Safeguarding Lead",)),
    LeadAgency("Safeguarding Adults Board", "the Safeguarding Adults Board", ("SAB Business Manager",)),
)
#: Relative weights of the lead agencies above (police, health and social care lead most actions).
LEAD_AGENCY_WEIGHTS: tuple[float, ...] = (16, 10, 8, 9, 6, 6, 6, 5, 7, 4, 10, 6, 5, 2, 3)

#: Who a multi-agency recommendation is addressed to.
MULTI_AGENCY_ADDRESSEES: tuple[LeadAgency, ...] = (
    LeadAgency("Community Safety Partnership", "the CSP", ("Community Safety Manager",)),
    LeadAgency("All partner agencies", "all partner agencies", ("Community Safety Manager",)),
    LeadAgency(
        "Domestic Abuse Partnership Board", "the Domestic Abuse Partnership Board", ("Domestic Abuse Strategic Lead",)
    ),
    LeadAgency("Safeguarding Adults Board", "the Safeguarding Adults Board", ("SAB Business Manager",)),
    LeadAgency(
        "Safeguarding Children Partnership", "the safeguarding children partnership", ("Partnership Business Manager",)
    ),
)


def national_bodies(on: str) -> tuple[tuple[str, str], ...]:
    """National addressees (form name, text name) of a recommendation made on ISO date `on`.

    National recommendations go to government departments and national bodies (003 L684;
    003 L761); DLUHC was renamed MHCLG in July 2024.
    """
    housing = (
        (
            "Ministry of Housing, Communities and Local Government",
            "the Ministry of Housing, Communities and Local Government",
        )
        if on >= "2024-07-08"
        else (
            "Department for Levelling Up, Housing and Communities",
            "the Department for Levelling Up, Housing and Communities",
        )
    )
    return (
        ("Home Office", "the Home Office"),
        ("Department of Health and Social Care", "the Department of Health and Social Care"),
        ("NHS England", "NHS England"),
        ("College of Policing", "the College of Policing"),
        ("Ministry of Justice", "the Ministry of Justice"),
        ("Department for Education", "the Department for Education"),
        housing,
        ("Department for Work and Pensions", "the Department for Work and Pensions"),
        ("HM Prison and Probation Service", "HM Prison and Probation Service"),
    )


NATIONAL_WEIGHTS: tuple[float, ...] = (30, 16, 14, 12, 8, 6, 6, 5, 3)

#: Generic answers from national addressees (recommendation responses, 003 L684).
NATIONAL_RESPONSES: tuple[str, ...] = (
    "The recommendation has been noted and will be considered in the next refresh of the statutory guidance.",
    "Accepted. Work is under way with partners and an update will be provided to the Domestic Abuse Commissioner.",
    "Accepted in part: existing guidance already covers much of this; the remaining points are being considered.",
    "Not accepted at this time; the department considers that current arrangements address the issue.",
    "The department has written to the CSP setting out the action already taken nationally.",
    "Accepted. The guidance has been updated and circulated to local areas.",
)

#: Readable agency names for the scoping review's list of agencies consulted, by agencies.csv code.
AGENCY_TEXT: dict[str, str] = {
    "police": "the police",
    "probation": "the Probation Service",
    "prison": "HM Prison Service",
    "childrens_social_care": "children's social care",
    "adult_social_care": "adult social care",
    "mental_health": "the mental health trust",
    "gp_primary_care": "the GP practice",
    "emergency_department": "the acute hospital trust",
    "maternity_health_visiting": "the health visiting service",
    "ambulance": "the ambulance service",
    "housing": "the housing provider",
    "immigration": "Home Office Immigration Enforcement",
    "specialist_da_service": "the specialist domestic abuse service",
    "substance_misuse": "the drug and alcohol service",
    "education": "the school",
    "dwp": "the Department for Work and Pensions",
    "employer": "the employer",
    "marac": "the MARAC coordinator",
    "mappa": "the MAPPA coordinator",
}

#: Governance statements for the action-plan header (003 L776).
GOVERNANCE: tuple[str, ...] = (
    "Progress is monitored quarterly by the Community Safety Partnership board; the Police and Crime Commissioner receives each quarterly update.",
    "The DHR action plan is overseen by the Domestic Abuse Partnership Board, which reviews progress every quarter and escalates blocked actions.",
    "Delivery is monitored by the DHR Steering Group on behalf of the CSP, reporting quarterly to the CSP board and the Police and Crime Commissioner.",
    "The CSP's DHR sub-group tracks each action and reports to the Safer Communities Board every quarter.",
)
