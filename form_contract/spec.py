"""The three forms a Community Safety Partnership (CSP) sends, as this warehouse reads and writes them.

One source of truth for: the blank templates (`dhr template`), the synthetic generator
(`dhr synth`), ingest validation, the raw tables ingest loads (`raw.<form>__<section>`) and the
form pages of the data dictionary. Change a field here and every one of those follows.

The forms:

* **Data capture form** (.xlsx): the Home Office data collection form, 004 Template 29
  (004 L4157-4258), extended with the national analysis categories of 003 Annex A item 10
  (003 L757-759), the Equality Act protected characteristics (003 L248, L757) and the process
  dates the oversight roles need (003 sections 5, 15, 20-21).
* **Scoping review** (.docx): 003 Annex C (003 L805-816).
* **Action plan** (.xlsx or .docx): the columns of 003 Annex B (003 L778) with the status key of
  the Sheffield variant, 004 Template 25 (004 L4628-4656), plus the national-recommendation
  fields the Domestic Abuse Commissioner tracks. A plan is resubmitted every quarter
  (003 L712); each submission is a dated snapshot ("Progress as at").

Every form carries the CSP and the local DHR reference (004 L4160-4163 "Local DHR Reference");
together they identify the case across forms.

Fields marked ``restricted`` hold what 003 section 13 (003 L599-605) forbids in anything
published: names, exact dates of death, place and method detail, children's sex. They are loaded
into the raw layer (Official-Sensitive, 003 L609) and never selected into a mart.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

FieldKind = Literal["text", "long_text", "date", "target_date", "integer", "code", "reference"]

#: Lineage columns every raw row carries: the file it came from and where in it.
LINEAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("file_sha256", "varchar"),
    ("source_sheet", "varchar"),
    ("source_row", "integer"),
    # What the row's cells said where ingest mapped, inferred or could not read a value (issue 14):
    # JSON {field: text as written}; null when every value was read as written.
    ("as_written", "json"),
)


@dataclass(frozen=True)
class Field:
    """One field of a form, and the raw column it lands in."""

    name: str
    label: str
    kind: FieldKind = "text"
    code_list: str | None = None
    required: bool = False
    restricted: bool = False
    description: str = ""
    source: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def sql_type(self) -> str:
        return {"date": "date", "target_date": "date", "integer": "integer"}.get(self.kind, "varchar")

    @property
    def labels(self) -> tuple[str, ...]:
        """The printed label and the other headings people write for it."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class RawTable:
    """A raw table: one record kind of one form, with lineage on every row."""

    name: str
    form_type: str
    record_kind: str  # the key used in `dhr ingest --json` "records"
    grain: str
    fields: tuple[Field, ...]
    extra_columns: tuple[tuple[str, str, str], ...] = field(default=())  # (name, sql type, description)

    @property
    def qualified_name(self) -> str:
        return f"raw.{self.name}"

    def columns(self) -> list[tuple[str, str]]:
        cols = list(LINEAGE_COLUMNS)
        cols += [(name, sql_type) for name, sql_type, _ in self.extra_columns]
        cols += [(f.name, f.sql_type) for f in self.fields]
        return cols


# --------------------------------------------------------------------------------------------
# Shared header fields: every form identifies its case with these two (004 L4160-4163).
# --------------------------------------------------------------------------------------------
CSP = Field(
    "csp_name",
    "Community Safety Partnership",
    kind="reference",
    required=True,
    description="The CSP as written on the form; ingest resolves it to an ONS CSP code (csp_code).",
    source="004 L4160; 003 L746; 003 L807",
    aliases=("CSP", "Name of the Community Safety Partnership", "Community Safety Partnership (CSP)"),
)
DHR_REFERENCE = Field(
    "dhr_reference",
    "Local DHR reference",
    required=True,
    description="The CSP's own reference for the case; with the CSP it identifies the DHR across forms.",
    source="004 L4163 (Local DHR Reference)",
    aliases=("DHR reference", "Local DHR Ref", "DHR ref", "Reference"),
)

# --------------------------------------------------------------------------------------------
# Data capture form (.xlsx)
# --------------------------------------------------------------------------------------------
DATA_CAPTURE_CASE_FIELDS: tuple[Field, ...] = (
    CSP,
    DHR_REFERENCE,
    Field(
        "force_area_name",
        "Police force",
        description="Police force area as written; checked against the CSP's force area.",
        source="004 L4166 (Police Force)",
        aliases=("Police force area", "Police area"),
    ),
    Field(
        "victim_pseudonym",
        "Victim pseudonym",
        description="Pseudonym agreed with the family (003 L750).",
        source="003 L746; 003 L750",
    ),
    Field(
        "review_chair_name",
        "Name of review panel chair",
        restricted=True,
        description="Restricted: panel members are not named in published material (003 L605).",
        source="004 L4172",
        aliases=("Review panel chair", "Panel chair", "Independent chair"),
    ),
    Field(
        "report_author_name",
        "Name of report author",
        restricted=True,
        description="Restricted.",
        source="004 L4175",
        aliases=("Report author", "Overview report author"),
    ),
    Field(
        "notification_date",
        "Date CSP notified of the death",
        kind="date",
        description="When the CSP was notified of the death; the scoping-review clock starts here (003 L268). Not on 004 Template 29, so not required.",
        source="003 L262-268",
        aliases=(
            "Date CSP notified",
            "Date CSP was notified",
            "Date of notification",
            "Notification date",
            "Date notified of the death",
        ),
    ),
    Field(
        "ho_notified_date",
        "Date first notified to Home Office",
        kind="date",
        source="004 L4169",
        aliases=("Date Home Office notified", "Date notified to Home Office", "Date Home Office first notified"),
    ),
    Field(
        "scoping_submitted_date",
        "Date scoping review submitted to Home Office",
        kind="date",
        source="003 L286-290; 003 L807",
    ),
    Field(
        "decision_date",
        "Date of decision",
        kind="date",
        description="When the CSP decided whether to hold a DHR; starts the 2011 completion clock (001 L238) and meets the decision clock (001 L236; 003 L268). Not on 004 Template 29, so not required.",
        source="001 L236; 003 L268; 003 L807",
        aliases=("Decision date", "Date of the decision", "Date decision made", "Date of decision to hold a DHR"),
    ),
    Field(
        "commissioned_date",
        "Date DHR commissioned",
        kind="date",
        description="When the CSP formally commissioned the DHR (003 L300); the first stand-in for the commencement date. Not on 004 Template 29, so not required.",
        source="003 L300",
        aliases=("Commissioned on", "Date commissioned", "Date of commissioning"),
    ),
    Field(
        "decision",
        "Decision",
        kind="code",
        code_list="scoping_decision",
        description="Not on 004 Template 29, so not required.",
        source="003 L807; 003 L283-284",
        aliases=("Scoping decision", "DHR decision"),
    ),
    Field(
        "death_type",
        "Death type",
        kind="code",
        code_list="death_type",
        description="Not on 004 Template 29, so not required.",
        source="003 L807",
        aliases=("Type of death",),
    ),
    Field(
        "commenced_date",
        "Date DHR commenced",
        kind="date",
        source="003 L763 (This DHR began on (date))",
        aliases=("DHR commenced", "Date DHR started", "This DHR began on"),
    ),
    Field(
        "tor_agreed_date",
        "Date terms of reference agreed",
        kind="date",
        description="When the panel agreed the terms of reference: within one month of notifying the Home Office (004 L963; 2011: within the month of the decision, 001 L236). Not on 004 Template 29, so not required.",
        source="004 L963; 001 L236; 000 L285-291",
        aliases=("Terms of reference agreed", "Date ToR agreed", "ToR agreed", "Date terms of reference were agreed"),
    ),
    Field(
        "completed_date",
        "Date report completed",
        kind="date",
        source="004 L4178; 003 L763",
        aliases=("Date completed", "Report completed"),
    ),
    Field(
        "submitted_date",
        "Date submitted to Home Office",
        kind="date",
        source="004 L4181",
        aliases=("Date sent to Home Office", "Submitted to Home Office"),
    ),
    Field(
        "qa_response_date",
        "Date of Home Office QA answer",
        kind="date",
        description="When the Home Office Quality Assurance Board answered the DHR submitted to it (003 L648; 004 L1340). Not on 004 Template 29, so not required.",
        source="003 L648; 004 L1340; 003 Annex E",
        aliases=(
            "Date reviewed by QA Board",
            "QA Board answer",
            "Date of QA Board decision",
            "Date QA Board responded",
            "QA answer received",
        ),
    ),
    Field(
        "published_date",
        "Date published",
        kind="date",
        source="003 L660-667 (publication on the DHR Library)",
        aliases=("Date of publication", "Publication date"),
    ),
    Field(
        "delay_reason",
        "Main reason for delay",
        kind="code",
        code_list="delay_reason",
        description="Main reason the DHR took longer than its target, or 'No delay'.",
        source="003 L763; 004 L4002",
    ),
    Field(
        "death_date",
        "Date of death",
        kind="date",
        restricted=True,
        description="Restricted: published outputs use month and year only (003 L602).",
        source="004 L4247 (Date of homicide)",
        aliases=(
            "Date of homicide",
            "Date of murder",
            "Date of incident",
            "Date of the homicide",
            "Date of fatal incident",
        ),
    ),
    Field(
        "place_of_death",
        "Place of death",
        kind="code",
        code_list="place_of_death",
        description="Type of place only; the place itself is restricted (003 L603).",
        source="004 L4250 (Place of murder)",
        aliases=("Place of murder", "Place of homicide", "Location of homicide", "Location of death"),
    ),
    Field(
        "place_of_death_detail",
        "Place of death (detail)",
        kind="long_text",
        restricted=True,
        description="Restricted.",
        source="004 L4250",
    ),
    Field(
        "method",
        "Method of killing",
        kind="code",
        code_list="method",
        source="004 L4253",
        aliases=("Method", "Method of death", "Method of homicide", "Cause of death"),
    ),
    Field(
        "method_detail",
        "Method (detail)",
        kind="long_text",
        restricted=True,
        description="Restricted.",
        source="004 L4253",
    ),
    Field(
        "children_in_household",
        "Number of children in household",
        kind="integer",
        source="004 L4256",
        aliases=("Children in household", "Number of children", "Children in the household"),
    ),
)

PERSON_FIELDS: tuple[Field, ...] = (
    Field(
        "pseudonym",
        "Pseudonym",
        description="Pseudonym used in the DHR (003 L750); never a real name.",
        source="003 L750; 003 L1085",
    ),
    Field(
        "sex",
        "Sex",
        kind="code",
        code_list="sex",
        description="Not required: a person with no sex given is loaded with a warning.",
        source="004 L4187; 004 L4217 (Gender)",
        aliases=(
            "Gender",
            "Victim gender",
            "Victim sex",
            "Perpetrator gender",
            "Perpetrator sex",
            "Sex / gender",
            "Gender / sex",
        ),
    ),
    Field(
        "age",
        "Age at time of incident",
        kind="integer",
        description="Age in years at the time of the fatal incident (003 L1086). Not required: a person with no age given is loaded with a warning.",
        source="004 L4190; 004 L4220",
        aliases=(
            "Age",
            "Age at time of death",
            "Age at death",
            "Age at time of homicide",
            "Age (years)",
            "Victim age",
            "Perpetrator age",
        ),
    ),
    Field(
        "ethnicity",
        "Ethnicity (ONS)",
        kind="code",
        code_list="ethnicity",
        source="004 L4196; ONS Census 2021 19 groups",
        aliases=("Ethnicity", "Ethnic group", "Ethnic origin", "Ethnicity (ONS 2021)"),
    ),
    Field("nationality", "Nationality", kind="code", code_list="nationality", source="004 L4199"),
    Field(
        "immigration_status",
        "Immigration status",
        kind="code",
        code_list="immigration_status",
        source="004 L609; 003 L501",
    ),
    Field(
        "religion",
        "Religion",
        kind="code",
        code_list="religion",
        source="004 L4202",
        aliases=("Religion or belief", "Faith", "Religion / belief"),
    ),
    Field(
        "sexual_orientation",
        "Sexual orientation",
        kind="code",
        code_list="sexual_orientation",
        source="004 L4205",
        aliases=("Sexuality",),
    ),
    Field(
        "disability",
        "Disability",
        kind="code",
        code_list="yes_no_not_known",
        source="004 L4208",
        aliases=("Disabilities", "Any disability", "Disabled"),
    ),
    Field(
        "gender_reassignment",
        "Gender reassignment",
        kind="code",
        code_list="yes_no_not_known",
        source="003 L248; 003 L887",
    ),
    Field(
        "marital_status",
        "Marriage or civil partnership",
        kind="code",
        code_list="marital_status",
        source="003 L248; 003 L904",
        aliases=("Marital status",),
    ),
    Field(
        "pregnancy_maternity",
        "Pregnancy or maternity",
        kind="code",
        code_list="yes_no_not_known",
        source="003 L248; 003 L905",
        aliases=("Pregnant", "Pregnancy"),
    ),
)

VICTIM_FIELDS: tuple[Field, ...] = (
    Field(
        "person_number",
        "Victim",
        kind="integer",
        required=True,
        description="1 for the first victim, 2 for the second ('all victims', 004 L4187); from the 'Victim 1' / 'Victim 2' headings, or in order when the form does not number them.",
        source="004 L4187",
        aliases=("Victim number", "Victim no", "Victim no."),
    ),
    *PERSON_FIELDS[:3],
    Field(
        "relationship",
        "Relationship to perpetrator",
        kind="code",
        code_list="relationship",
        description="What the victim was to the (first) perpetrator.",
        source="004 L4193",
        aliases=(
            "Relationship",
            "Relationship to the perpetrator",
            "Relationship to suspect",
            "Victim's relationship to perpetrator",
        ),
    ),
    *PERSON_FIELDS[3:],
)

PERPETRATOR_FIELDS: tuple[Field, ...] = (
    Field(
        "person_number",
        "Perpetrator",
        kind="integer",
        required=True,
        description="1 for the first perpetrator, 2 for the second; in order when the form does not number them.",
        source="004 L4217",
        aliases=("Perpetrator number", "Perpetrator no", "Perpetrator no."),
    ),
    *PERSON_FIELDS[:3],
    Field(
        "relationship",
        "Relationship to victim",
        kind="code",
        code_list="relationship",
        description="What the perpetrator was to the (first) victim, on the DA Act 2021 s.2 categories (003 L214-221).",
        source="004 L4223",
        aliases=(
            "Relationship",
            "Relationship to the victim",
            "Relationship to victim(s)",
            "Perpetrator's relationship to victim",
        ),
    ),
    *PERSON_FIELDS[3:],
    Field(
        "verdict",
        "Details of verdict",
        kind="code",
        code_list="verdict",
        source="004 L4241",
        aliases=("Verdict", "Outcome of trial", "Criminal justice outcome", "Conviction", "Verdict and sentence"),
    ),
)

CHILD_FIELDS: tuple[Field, ...] = (
    Field(
        "person_number",
        "Child",
        kind="integer",
        required=True,
        description="1 for the first child; from 'Child 1' labels, or in order.",
        source="004 L4256",
        aliases=("Child number", "Child no", "Child no."),
    ),
    Field(
        "age",
        "Age at time of incident",
        kind="integer",
        description="Published only in bands: no exact age for children (003 L604).",
        source="003 L753",
        aliases=("Age",),
    ),
    Field(
        "sex",
        "Sex",
        kind="code",
        code_list="sex",
        restricted=True,
        description="Restricted: held for the Home Office data sheet only, never published (003 L604; 003 L1099).",
        source="003 L1099",
    ),
    Field(
        "relationship",
        "Relationship",
        kind="code",
        code_list="child_relationship",
        source="004 L4256",
        aliases=("Relationship to victim", "Relationship to victim and perpetrator", "Whose child"),
    ),
)

GRID_ANSWER = Field("answer", "Answer", kind="code", code_list="yes_no_not_known", required=True, source="003 L757-759")

DATA_CAPTURE_TABLES: tuple[RawTable, ...] = (
    RawTable(
        "data_capture__cases",
        "data_capture",
        "cases",
        "one row per data capture form received",
        DATA_CAPTURE_CASE_FIELDS,
        extra_columns=(
            ("csp_code", "varchar", "ONS code of the CSP, resolved from csp_name by ingest"),
            ("csp_source", "varchar", "Where the CSP was found: labelled, title, file name or folder"),
            ("dhr_reference_source", "varchar", "Where the DHR reference was found: labelled or sentence"),
        ),
    ),
    RawTable("data_capture__victims", "data_capture", "victims", "one row per victim per form", VICTIM_FIELDS),
    RawTable(
        "data_capture__perpetrators",
        "data_capture",
        "perpetrators",
        "one row per perpetrator per form",
        PERPETRATOR_FIELDS,
    ),
    RawTable(
        "data_capture__children",
        "data_capture",
        "children",
        "one row per child in the household per form",
        CHILD_FIELDS,
    ),
    RawTable(
        "data_capture__analysis",
        "data_capture",
        "analysis_answers",
        "one row per form x Annex A item 10 factor x subject asked about",
        (
            Field("factor_code", "Ref", kind="code", required=True, source="003 L757-759"),
            Field("subject_type", "Subject", kind="code", code_list="subject_type", required=True),
            GRID_ANSWER,
        ),
    ),
    RawTable(
        "data_capture__agency_contact",
        "data_capture",
        "agency_contacts",
        "one row per form x agency x subject asked about",
        (
            Field("agency_code", "Ref", kind="code", required=True, source="003 L759; 001 L563-579"),
            Field("subject_type", "Subject", kind="code", code_list="subject_type", required=True),
            GRID_ANSWER,
        ),
    ),
    RawTable(
        "data_capture__equality",
        "data_capture",
        "equality_answers",
        "one row per form x protected characteristic x subject: was it judged relevant to the DHR",
        (
            Field("characteristic_code", "Ref", kind="code", required=True, source="003 L757; 003 L1091-1095"),
            Field("subject_type", "Subject", kind="code", code_list="subject_type", required=True),
            GRID_ANSWER,
        ),
    ),
)

#: Sheets of the data capture workbook, in order. "Lists" holds the drop-down values.
DATA_CAPTURE_SHEETS = {
    "case": "Case",
    "victims": "Victims",
    "perpetrators": "Perpetrators",
    "children": "Children",
    "analysis": "Analysis",
    "agency_contact": "Agency contact",
    "equality": "Equality",
    "guidance": "Guidance",
    "lists": "Lists",
}

# --------------------------------------------------------------------------------------------
# Scoping review (.docx), 003 Annex C
# --------------------------------------------------------------------------------------------
#: Annex C's own title-page wordings (003 L807) and the usual local rewordings are aliases. Only the
#: CSP and something identifying the review are needed to accept a review (ingest/scoping_review.py
#: infers the CSP from the title or file name, and the reference from the identifier); the 2024
#: Annex C has no DHR reference and no notification date, so neither is required here.
SCOPING_TITLE_FIELDS: tuple[Field, ...] = (
    replace(
        CSP,
        aliases=(
            *CSP.aliases,
            "CSP name",
            "Name of CSP",
            "Name of the CSP",
            "Community Safety Partnership name",
            "Partnership",
            "Name of partnership",
            "Partnership name",
        ),
    ),
    replace(
        DHR_REFERENCE,
        required=False,
        aliases=(
            *DHR_REFERENCE.aliases,
            "Scoping Review reference",
            "Scoping review ref",
            "Review reference",
            "Case reference",
            "Case ref",
            "DHR number",
            "Our ref",
            "Ref",
        ),
    ),
    Field(
        "anonymised_identifier",
        "Anonymised identifier (pseudonym or number)",
        description="Pseudonym or number identifying the scoping review (003 L807). When no DHR reference is written, it is used as the reference (dhr_reference_source says so).",
        source="003 L807",
        aliases=(
            "Anonymised identifier",
            "Anonymised identifier as to which Scoping Review this refers to, i.e. pseudonym or number",
            "Anonymised identifier as to which Scoping Review this refers to",
            "Scoping Review identifier",
            "Scoping review number",
            "Review identifier",
            "Identifier",
            "Pseudonym",
            "Pseudonym or number",
            "Pseudonym of the victim",
            "Victim pseudonym",
        ),
    ),
    Field(
        "notification_date",
        "Date CSP notified of the death",
        kind="date",
        description="When the CSP was told of the death; the scoping review is due within four weeks (003 L268).",
        source="003 L262-268",
        aliases=(
            "Date the CSP was notified",
            "Date the CSP was notified of the death",
            "Date CSP notified",
            "Date notified",
            "Date of notification",
            "Notification date",
            "Date notified of the death",
            "Date the death was notified to the CSP",
        ),
    ),
    Field(
        "submitted_date",
        "Date the scoping review was submitted to the Home Office",
        kind="date",
        source="003 L807",
        aliases=(
            "Date submitted to the Home Office",
            "Date sent to Home Office",
            "Date sent to the Home Office",
            "Date submitted to Home Office",
            "Submitted to the Home Office",
            "Date of submission to the Home Office",
            "Date submitted",
        ),
    ),
    Field(
        "decision",
        "Decision",
        kind="code",
        code_list="scoping_decision",
        description="Whether the CSP has commissioned a DHR, is recommending one should not be commissioned, or has commissioned one paused for criminal proceedings.",
        source="003 L807; 003 L283-284",
        aliases=(
            "Whether the CSP has commissioned a DHR or is recommending a DHR should not be commissioned",
            "Has the CSP commissioned a DHR or is it recommending a DHR should not be commissioned?",
            "Outcome of scoping",
            "Outcome of the scoping review",
            "Scoping outcome",
            "Scoping decision",
            "Decision of the Scoping Review Panel",
            "Panel decision",
            "Decision on commissioning",
            "Commissioning decision",
        ),
    ),
    Field(
        "death_type",
        "Death type",
        kind="code",
        code_list="death_type",
        source="003 L807",
        aliases=(
            "Whether the death is a domestic homicide / neglect / suicide / still to be determined",
            "Is the death a domestic homicide / neglect / suicide / still to be determined?",
            "Type of death",
            "Nature of death",
            "Category of death",
            "Death category",
        ),
    ),
    # Not on 003 Annex C (its only date is the submission to the Home Office): optional, read
    # when a CSP writes them, so the clocks start from the first date known (issue 18).
    Field(
        "decision_date",
        "Date of decision",
        kind="date",
        description="When the CSP decided whether to commission a DHR. Not on 003 Annex C, so never required.",
        source="003 L268; 003 L807; 001 L236",
        aliases=(
            "Decision date",
            "Date of the decision",
            "Date decision made",
            "Date of the Scoping Review Panel decision",
            "Date of scoping decision",
        ),
    ),
    Field(
        "commissioned_date",
        "Date DHR commissioned",
        kind="date",
        description="When the CSP formally commissioned the DHR (003 L300). Not on 003 Annex C, so never required.",
        source="003 L300",
        aliases=("Commissioned on", "Date commissioned", "Date of commissioning"),
    ),
    Field(
        "qa_response_date",
        "Date of Home Office QA answer",
        kind="date",
        description="Decisions not to commission: when the QA Board told the CSP whether it agrees (within four weeks, 003 L294-296). Not on 003 Annex C, so never required.",
        source="003 L294-296",
        aliases=("Date QA Board responded", "QA Board answer", "Date of QA Board response", "QA answer received"),
    ),
)

#: Questions 1-9 of 003 Annex C (003 L808-816), verbatim, and the raw column of each answer.
SCOPING_QUESTIONS: tuple[Field, ...] = (
    Field(
        "q1_notification",
        "How was the CSP notified of this death?",
        kind="long_text",
        source="003 L808",
        aliases=(
            "How was the CSP notified?",
            "How the CSP was notified of this death",
            "How the CSP was notified",
            "How was the Community Safety Partnership notified of this death?",
            "Notification of the death",
            "Notification",
        ),
    ),
    Field(
        "q2_incident_summary",
        "Summary of fatal incident",
        kind="long_text",
        restricted=True,
        description="Restricted: a narrative of the death (003 section 13).",
        source="003 L809",
        aliases=(
            "Summary of the fatal incident",
            "Summary of incident",
            "Summary of the incident",
            "Fatal incident summary",
            "Summary of the death",
            "Circumstances of the death",
        ),
    ),
    Field(
        "q3_background",
        "Background – what has been learnt about the victim and perpetrator?",
        kind="long_text",
        restricted=True,
        description="Restricted: personal history.",
        source="003 L810",
        aliases=(
            "Background - what has been learned about the victim and perpetrator?",
            "What has been learnt about the victim and perpetrator?",
            "What has been learned about the victim and perpetrator?",
            "Background information",
            "Background",
        ),
    ),
    Field(
        "q4_early_learning",
        "What is the early learning that has been identified by agencies in this case?",
        kind="long_text",
        description="Early learning; classified into learning themes.",
        source="003 L811",
        aliases=(
            "What early learning has been identified by agencies in this case?",
            "What is the early learning identified by agencies?",
            "Early learning identified by agencies",
            "Early learning identified",
            "Early learning",
        ),
    ),
    Field(
        "q5_actions_intro",
        "What action(s), with outcomes and timelines will be taken as a result of the learning identified?",
        kind="long_text",
        description="Introduction to the early actions table.",
        source="003 L812",
        aliases=(
            "What actions, with outcomes and timelines, will be taken as a result of the learning identified?",
            "What action(s) will be taken as a result of the learning identified?",
            "Actions to be taken as a result of the learning identified",
            "Actions to be taken",
            "Actions agreed",
            "Early actions",
            "Early actions agreed",
            "Actions already agreed",
        ),
    ),
    Field(
        "q6_not_commissioned_rationale",
        "If the Scoping Review Panel has agreed to not commission a DHR for this case please outline the rationale for this decision below.",
        kind="long_text",
        source="003 L813",
        aliases=(
            "If the Scoping Review Panel has agreed not to commission a DHR for this case please outline the rationale for this decision",
            "If the panel has agreed not to commission a DHR, the rationale for this decision",
            "Rationale for not commissioning a DHR",
            "Rationale for the decision not to commission a DHR",
            "Rationale for decision",
            "Rationale",
        ),
    ),
    Field(
        "q7_family_views",
        "What are the family/friends' views on whether a DHR should be commissioned?",
        kind="long_text",
        restricted=True,
        description="Restricted: family's own words.",
        source="003 L814",
        aliases=(
            "What are the family/friends views on whether a DHR should be commissioned?",
            "What are the views of family and friends on whether a DHR should be commissioned?",
            "Views of family and friends",
            "Family/friends' views",
            "Family and friends' views",
            "Family views",
        ),
    ),
    Field(
        "q8_agencies_consulted",
        "Which agencies and organisations have been consulted/involved in the Scoping Review?",
        kind="long_text",
        source="003 L815",
        aliases=(
            "Which agencies and organisations have been consulted or involved in the Scoping Review?",
            "Agencies and organisations consulted/involved in the Scoping Review",
            "Agencies and organisations consulted",
            "Agencies consulted",
            "Agencies involved",
        ),
    ),
    Field(
        "q9_other_reviews",
        "Are there other reviews planned relating to this death?",
        kind="long_text",
        source="003 L816",
        aliases=(
            "Are there any other reviews planned relating to this death?",
            "Are other reviews planned relating to this death?",
            "Other reviews planned relating to this death",
            "Other reviews planned",
            "Other reviews",
            "Parallel reviews",
        ),
    ),
)

#: A table without a number column has its actions numbered 1, 2, 3 in order (with a warning).
EARLY_ACTION_FIELDS: tuple[Field, ...] = (
    Field(
        "action_number",
        "No.",
        required=True,
        source="003 L812",
        aliases=("Number", "Action number", "Ref", "No", "Action no", "Action ref", "Ref no", "#"),
    ),
    Field(
        "action",
        "Action",
        kind="long_text",
        required=True,
        source="003 L812",
        aliases=("Actions", "Action agreed", "Agreed action", "Early action", "Action to be taken", "Action(s)"),
    ),
    Field(
        "lead_agency",
        "Lead agency",
        source="003 L812",
        aliases=(
            "Owner",
            "Action owner",
            "Lead",
            "Lead organisation",
            "Responsible agency",
            "Agency",
            "Lead agency/agencies",
            "Who",
        ),
    ),
    Field(
        "outcome",
        "Outcome",
        kind="long_text",
        source="003 L812",
        aliases=("Expected outcome", "Intended outcome", "Outcome sought", "Desired outcome", "Outcomes"),
    ),
    Field(
        "target_date",
        "Target date",
        kind="target_date",
        source="003 L812 (timelines)",
        aliases=(
            "Timeline",
            "Timescale",
            "By when",
            "Deadline",
            "Due date",
            "Target",
            "Completion date",
            "Target completion date",
            "Timescales",
            "When",
        ),
    ),
)

SCOPING_TABLES: tuple[RawTable, ...] = (
    RawTable(
        "scoping_review__reviews",
        "scoping_review",
        "reviews",
        "one row per scoping review received",
        (*SCOPING_TITLE_FIELDS, *SCOPING_QUESTIONS),
        extra_columns=(
            ("csp_code", "varchar", "ONS code of the CSP, resolved from csp_name by ingest"),
            ("csp_source", "varchar", "Where the CSP was found: labelled, title, file name or folder"),
            (
                "dhr_reference_source",
                "varchar",
                "Where the DHR reference was found: labelled, identifier (the Annex C anonymised identifier), or sentence",
            ),
        ),
    ),
    RawTable(
        "scoping_review__early_actions",
        "scoping_review",
        "early_actions",
        "one row per early action agreed at scoping (question 5) per review",
        EARLY_ACTION_FIELDS,
    ),
)

# --------------------------------------------------------------------------------------------
# Action plan (.xlsx or .docx), 003 Annex B + 004 Template 25
# --------------------------------------------------------------------------------------------
ACTION_PLAN_HEADER_FIELDS: tuple[Field, ...] = (
    Field(
        "dhr_title",
        "Title of DHR",
        description="e.g. 'DHR into the death of Alice (March 2023)': pseudonym, month and year only.",
        source="003 L775",
    ),
    # Neither 003 Annex B, 004 Template 25 nor 001 Appendix Five has a CSP or a reference cell:
    # ingest finds them in the title, a sentence, the file name or folder (ingest/infer.py).
    replace(CSP, required=False),
    replace(
        DHR_REFERENCE,
        required=False,
        aliases=(*DHR_REFERENCE.aliases, "Case ref", "Case reference", "DHR number", "Our ref", "DHR ref no"),
    ),
    Field(
        "governance",
        "Governance arrangements",
        kind="long_text",
        description="How the CSP oversees delivery of the plan (003 L776).",
        source="003 L776",
    ),
    Field(
        "as_at_date",
        "Progress as at",
        kind="date",
        description="The date this quarterly submission reports progress to; each value is one snapshot of the plan. Not on the official templates: when no labelled cell gives it, ingest reads it from a sentence or the file name, else the date received dates the snapshot (as_at_source says which).",
        source="003 L712 (quarterly progress update)",
        aliases=(
            "Progress update as at",
            "Reporting date",
            "Date of update",
            "As at",
            "Position as at",
            "Last updated",
            "Date last updated",
            "Updated",
            "Update as at",
            "Status as at",
            "Progress as of",
            "Position at",
        ),
    ),
    # The DHR's progress dates, an optional status update at the head of a quarterly plan: neither
    # 003 Annex B nor 004 Template 25 has them, so never required. They arrive long before the data
    # capture form that otherwise first carries them, and start the clocks (issue 18).
    Field(
        "commissioned_date",
        "Date DHR commissioned",
        kind="date",
        description="Status update: when the CSP formally commissioned the DHR (003 L300). Optional.",
        source="003 L300",
        aliases=("Commissioned on", "Date commissioned"),
    ),
    Field(
        "commenced_date",
        "Date DHR commenced",
        kind="date",
        description="Status update: when the DHR began; the one-year completion clock starts here (003 L763). Optional.",
        source="003 L763 (This DHR began on (date))",
        aliases=("DHR commenced", "Date DHR started", "This DHR began on"),
    ),
    Field(
        "tor_agreed_date",
        "Date terms of reference agreed",
        kind="date",
        description="Status update: when the panel agreed the terms of reference (004 L963). Optional.",
        source="004 L963; 001 L236",
        aliases=("Terms of reference agreed", "Date ToR agreed", "ToR agreed"),
    ),
)

#: Action-plan table columns, in template order. Recommendation-level fields repeat (or are merged) over their actions.
ACTION_FIELDS: tuple[Field, ...] = (
    Field(
        "recommendation_number",
        "Rec. no.",
        kind="integer",
        required=True,
        description="Recommendation number; the part before the dot in the action number.",
        source="004 L4640 (Rec. No.)",
        aliases=(
            "Rec no",
            "Recommendation number",
            "Rec",
            "Recommendation no",
            "Rec ref",
            "Recommendation ref",
            "Rec number",
        ),
    ),
    Field(
        "recommendation",
        "Recommendation",
        kind="long_text",
        required=True,
        source="003 L778; 001 L725",
        aliases=("Recommendations", "Recommendation text", "Recommendation made"),
    ),
    Field(
        "recommendation_level",
        "Recommendation level",
        kind="code",
        code_list="recommendation_level",
        description="Single agency, multi-agency or national (000 L965-966; 003 L761).",
        source="000 L965-966; 003 L761",
        aliases=("Level", "Scope of recommendation", "Scope of recommendation i.e. local or regional", "Scope"),
    ),
    Field(
        "addressee",
        "Addressee",
        description="The agency or national body the recommendation is addressed to (a local agency, or e.g. the Home Office, DHSC, NHS England, the College of Policing).",
        source="003 L684; 003 L761",
        aliases=("Recommendation addressed to",),
    ),
    Field(
        "action_number",
        "Action no.",
        required=True,
        description="Action number in the form <recommendation>.<action>, e.g. 1.2 (003 L779-786).",
        source="003 L779-786",
        aliases=("Action number", "No.", "Ref", "Action ref", "Action No", "Ref no", "Action reference"),
    ),
    Field(
        "action",
        "Action",
        kind="long_text",
        required=True,
        source="003 L778; 001 L725 (Action to take)",
        aliases=("Action to take", "Actions", "Action required", "Agreed action", "Actions to be taken"),
    ),
    # Not required at ingest: a blank lead agency is an 003 Annex B quality flag (dbt), and 004
    # Template 25 has only 'Lead person'. Several agencies in one cell are kept as a list too.
    Field(
        "lead_agency",
        "Lead agency",
        source="003 L778; 001 L725",
        aliases=("Lead agencies", "Lead agency/agencies", "Lead organisation", "Responsible agency", "Agency"),
    ),
    # Not required at ingest: an action with no outcome is an 003 Annex I quality problem (003 L1157)
    # that the CSP must be shown and can fix, so it is loaded and flagged by dbt, not rejected.
    Field(
        "outcome",
        "Outcome that action will achieve",
        kind="long_text",
        description="What change the action will bring (003 L797). Blank outcomes are flagged, not rejected (003 L1157).",
        source="003 L778; 003 L797 (outcome focussed)",
        aliases=(
            "Outcome",
            "Evidence of outcome and improvements made",
            "Evidence of outcome",
            "Outcome sought",
            "Intended outcome",
            "Expected outcome",
            "Desired outcome",
        ),
    ),
    Field(
        "responsible_lead",
        "Responsible lead",
        description="Job title of the responsible owner (003 L798); job titles, not names (004 L2341).",
        source="003 L778",
        aliases=("Lead person", "Responsible officer", "Lead officer", "Owner", "Named lead", "Responsible person"),
    ),
    Field(
        "milestones",
        "Key milestones to complete action",
        kind="long_text",
        source="003 L778; 004 L4640",
        aliases=("Key milestones", "Milestones", "Key milestones achieved in enacting recommendation"),
    ),
    # Not required at ingest: a blank target date is a quality flag; 'Ongoing' or 'Quarterly' is no date, with a warning.
    Field(
        "target_date",
        "Target date",
        kind="target_date",
        description="A month-only target ('Mar 2025') means the end of that month.",
        source="003 L778; 001 L725",
        aliases=("Target completion date", "Timescale", "Deadline", "Due date", "By when", "Target"),
    ),
    # Not required at ingest: 001 Appendix Five has no status column (the status is read from
    # 'Date of completion and Outcome'), and a status may be given only as a cell's colour.
    Field(
        "status",
        "Overall RAG",
        kind="code",
        code_list="action_status",
        description="RED / AMBER / GREEN / COMPLETE, defined by 004 Template 25 (004 L4628-4638). Tracker words, cell colours and the plan's own key are read into these (status_text and status_source say how).",
        source="003 L778; 004 L4628-4638",
        aliases=("Status", "RAG", "RAG status", "RAG rating", "Current status", "Progress status", "Overall status"),
    ),
    Field(
        "progress",
        "Progress",
        kind="long_text",
        source="003 L778; 001 L725",
        aliases=(
            "Milestones / actions taken",
            "Actions taken",
            "Progress update",
            "Update",
            "Update / evidence",
            "Progress to date",
            "Current position",
            "Date of completion and Outcome",
            "Latest update",
        ),
    ),
    Field(
        "completion_date",
        "Date of completion",
        kind="date",
        description="Required once an action is COMPLETE (003 L1160-1163).",
        source="003 L778; 003 L1162",
        aliases=("Date completed", "Date the full action was completed", "Completion date", "Date actually completed"),
    ),
    Field(
        "outcome_achieved",
        "Was outcome achieved?",
        kind="code",
        code_list="outcome_achieved",
        source="003 L778",
        aliases=("Outcome achieved",),
    ),
    Field(
        "addressee_notified_date",
        "Date addressee notified",
        kind="date",
        description="National recommendations: when the addressee was told of the recommendation.",
        source="003 L684",
    ),
    Field(
        "response_date",
        "Date of response",
        kind="date",
        description="National recommendations: when the addressee answered.",
        source="003 L684",
    ),
    Field("response", "Response from addressee", kind="long_text", source="003 L684", aliases=("Response",)),
    Field(
        "implementation_status",
        "Implementation status",
        kind="code",
        code_list="implementation_status",
        description="The Domestic Abuse Commissioner's five-point scheme for recommendations.",
        source="003 L727-732",
    ),
    # 003 Annex I asks whether a recommendation whose actions are all complete has its completion
    # date entered (003 L1163); Annex B has no column for it, so the plan gets one per recommendation.
    Field(
        "recommendation_completion_date",
        "Recommendation completed on",
        kind="date",
        description="Recommendation level: the date the last action of the recommendation was completed; enter it once every action is COMPLETE (003 L1163).",
        source="003 L1163",
        aliases=("Date recommendation completed", "Recommendation completion date"),
    ),
)

ACTION_PLAN_TABLES: tuple[RawTable, ...] = (
    RawTable(
        "action_plan__plans",
        "action_plan",
        "plans",
        "one row per action plan submission (snapshot)",
        ACTION_PLAN_HEADER_FIELDS,
        extra_columns=(
            ("csp_code", "varchar", "ONS code of the CSP, resolved from csp_name by ingest"),
            ("file_format", "varchar", "xlsx, xls or docx"),
            (
                "csp_source",
                "varchar",
                "Where the CSP was found: labelled, title, file name, folder or sender's partnership",
            ),
            ("dhr_reference_source", "varchar", "Where the DHR reference was found: labelled, sentence or file name"),
            (
                "as_at_source",
                "varchar",
                "Where the reporting date was found: labelled, sentence, quarter or file name; null when the file gives none (the date received is used)",
            ),
        ),
    ),
    RawTable(
        "action_plan__actions",
        "action_plan",
        "actions",
        "one row per action per submission",
        ACTION_FIELDS,
        extra_columns=(
            (
                "status_text",
                "varchar",
                "The status as written (e.g. 'Ongoing', 'Blue'), or the colour of a status given only as a cell's fill",
            ),
            (
                "status_source",
                "varchar",
                "How the status was read: text, key (the plan's own key), word (a tracker word), colour, or progress text",
            ),
            (
                "lead_agencies",
                "varchar[]",
                "The lead agencies of the action, one per element, when a cell names several ('Police / ICB')",
            ),
            (
                "recommendation_ref",
                "varchar",
                "The recommendation's number as written when it is not a whole number (e.g. 'N1', '21.10')",
            ),
        ),
    ),
)

#: Sheet name of an action plan workbook (the first sheet is read if it is missing).
ACTION_PLAN_SHEET = "Action plan"

#: 004 Template 25 status key, printed under every action-plan table (004 L4628-4638).
STATUS_KEY: tuple[tuple[str, str], ...] = (
    ("RED", "Action required"),
    ("AMBER", "Preparation underway"),
    ("GREEN", "Preparation complete and action ongoing"),
    ("COMPLETE", "Action completed"),
)

FORM_TYPES = ("data_capture", "scoping_review", "action_plan")

ALL_RAW_TABLES: tuple[RawTable, ...] = (*DATA_CAPTURE_TABLES, *SCOPING_TABLES, *ACTION_PLAN_TABLES)


def raw_table(name: str) -> RawTable:
    for table in ALL_RAW_TABLES:
        if table.name == name:
            return table
    raise KeyError(name)
