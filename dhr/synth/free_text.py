"""Synthetic free text for Domestic Homicide Review (DHR) action plans and scoping reviews.

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
* The theme codes are the contract in ``../shared/themes.yml`` (version 1): the labels the
  classifier predicts. Each theme has its own bank of recommendation, action, outcome,
  milestone, progress and learning frames, built compositionally from inline alternatives
  ``[a|b]`` and named slots ``{slot}``. Frames that also speak to another theme carry that
  theme as a tag and are only drawn when the caller asked for that theme too, so that a text
  mentions every theme it claims and, as far as wording allows, no theme it does not claim.

Every public function takes a :class:`random.Random` first and draws only from it, so output is
deterministic for a given generator state.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

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

THEME_CODES: tuple[str, ...] = (
    "risk_assessment",
    "information_sharing",
    "record_keeping",
    "training_awareness",
    "policy_procedure",
    "multi_agency_working",
    "coercive_control",
    "mental_health_suicide",
    "substance_misuse",
    "children_safeguarding",
    "adult_safeguarding",
    "perpetrator_response",
    "housing_homelessness",
    "health_response",
    "public_awareness",
    "specialist_support",
    "equality_access",
)

LEVELS: tuple[str, ...] = ("single_agency", "multi_agency", "national")
STATUSES: tuple[str, ...] = ("RED", "AMBER", "GREEN", "COMPLETE")

# Short aliases for tagging frames that also speak to a second theme.
_RA = "risk_assessment"
_IS = "information_sharing"
_RK = "record_keeping"
_TR = "training_awareness"
_PP = "policy_procedure"
_MA = "multi_agency_working"
_CC = "coercive_control"
_MH = "mental_health_suicide"
_SU = "substance_misuse"
_CH = "children_safeguarding"
_AS = "adult_safeguarding"
_PR = "perpetrator_response"
_HO = "housing_homelessness"
_HE = "health_response"
_PA = "public_awareness"
_SP = "specialist_support"
_EQ = "equality_access"


@dataclass(frozen=True)
class _Frame:
    """A template plus the other themes it genuinely speaks to."""

    text: str
    tags: frozenset[str] = frozenset()


def _f(text: str, *tags: str) -> _Frame:
    return _Frame(text, frozenset(tags))


@dataclass(frozen=True)
class _Bank:
    """All the frames for one theme.

    ``rec_*`` frames are predicates in the base form of the verb ("review its ..."), so the same
    frame works after "should", "to", "It is recommended that X" and in imperative lists.
    ``focus`` are noun phrases used when the theme is a secondary theme of a recommendation.
    ``outcomes`` are full clauses (they are reused after "so that").
    """

    lex: Mapping[str, tuple[str, ...]]
    rec_local: tuple[_Frame, ...]
    rec_multi: tuple[_Frame, ...]
    rec_national: tuple[_Frame, ...]
    focus: tuple[str, ...]
    purpose: tuple[str, ...]
    actions: tuple[str, ...]
    outcomes: tuple[str, ...]
    milestones: tuple[str, ...]
    deliverables: tuple[str, ...]
    evidence: tuple[str, ...]
    learning: tuple[str, ...]


_COMMON_LEX: dict[str, tuple[str, ...]] = {
    "board": (
        "the DA Strategic Board",
        "the Community Safety Partnership",
        "the CSP",
        "the Domestic Abuse Partnership Board",
        "the VAWG Strategic Board",
        "the CSP Board",
    ),
    "staff": (
        "frontline staff",
        "practitioners",
        "frontline practitioners",
        "staff",
        "all relevant staff",
    ),
    "when": (
        "within three months",
        "within 3 months",
        "within six months",
        "by end of Q2",
        "by Q3",
        "within 12 months",
        "by Q4",
    ),
}

# ---------------------------------------------------------------------------------------------
# Theme banks
# ---------------------------------------------------------------------------------------------

_BANKS: dict[str, _Bank] = {}

_BANKS[_RA] = _Bank(
    lex={
        "dash": (
            "the DASH risk checklist",
            "the DASH RIC",
            "the DASH risk identification checklist",
            "DASH",
            "the DARA",
            "the Domestic Abuse Risk Assessment (DARA)",
        ),
        "ra_staff": (
            "frontline officers",
            "response officers",
            "call handlers and attending officers",
            "frontline practitioners",
            "staff",
        ),
        "ra_trigger": (
            "every domestic abuse incident",
            "each reported incident",
            "every contact where domestic abuse is disclosed",
            "every disclosure of domestic abuse",
        ),
        "newinc": (
            "after each new incident",
            "when circumstances change",
            "following any new incident or disclosure",
            "when the victim's circumstances change, such as on separation",
        ),
        "threshold": (
            "the MARAC threshold",
            "the high-risk threshold",
            "the visible high-risk threshold",
            "the threshold for referral to MARAC",
        ),
    },
    rec_local=(
        _f(
            "ensure that {dash} is completed by {ra_staff} at {ra_trigger}, and that the risk level "
            "is [explained to the victim|discussed with the victim]"
        ),
        _f(
            "review how risk is [re-assessed|reviewed] {newinc}, so that escalating risk is "
            "[recognised|identified] and acted upon"
        ),
        _f(
            "ensure that professional judgement is used alongside {dash}, so that a victim can be "
            "referred to MARAC as high risk even where the score falls below {threshold}"
        ),
        _f(
            "strengthen {poss} arrangements for [escalating|managing] high-risk domestic abuse cases, "
            "including [referral to MARAC|a MARAC referral] where {threshold} is met"
        ),
        _f(
            "ensure that a victim who declines to answer [the DASH questions|the DARA questions|risk "
            "assessment questions] is still assessed "
            "[using professional judgement|on the information available], with the case "
            "[escalated to|reviewed by] a supervisor"
        ),
        _f(
            "ensure that every victim assessed as [medium|high] risk is offered a safety plan that is "
            "reviewed [as risk changes|at each contact]"
        ),
        _f(
            "develop a quality assurance process for {dash}, [dip-sampling|auditing] cases "
            "[each quarter|every six months] to check that risk has been graded correctly"
        ),
        _f(
            "ensure that [previous incidents and repeat victimisation are|the perpetrator's "
            "history is] taken into account when grading risk, rather than each incident being "
            "assessed in isolation"
        ),
        _f(
            "ensure that {ra_staff} ask about the known high-risk indicators, including "
            "[non-fatal strangulation|strangulation], recent separation, threats to kill and "
            "escalation"
        ),
        _f(
            "require risk to be [re-assessed|reviewed] [when a case is transferred between teams|"
            "before a case is closed], so that risk is not [lost|overlooked] at that point"
        ),
        _f(
            "ensure that where {dash} identifies high risk, a referral to the IDVA service is made "
            "[without delay|within 24 hours]",
            _SP,
        ),
        _f(
            "deliver [refresher|mandatory] training on {dash} to {ra_staff}, [with an emphasis on|"
            "focusing on] the recognition of escalating risk",
            _TR,
        ),
        _f(
            "review {poss} domestic abuse risk assessment [policy|procedure|guidance] so that it "
            "[sets out clearly|makes clear] when and how risk should be re-assessed",
            _PP,
        ),
        _f(
            "ensure that the outcome of {dash} is shared with [partner agencies|the GP and other "
            "agencies involved] when a victim is assessed as high risk",
            _IS,
        ),
        _f(
            "ensure that risk is assessed for victims harmed by [an adult family member|adult "
            "children or other relatives], not only by intimate partners",
            _CC,
        ),
    ),
    rec_multi=(
        _f(
            "agree a [shared|common] approach to risk assessment across partner agencies, so that "
            "{dash} is used consistently and {threshold} is understood by all"
        ),
        _f(
            "ensure that every partner agency can refer to MARAC on professional judgement, and "
            "that [this route is promoted|staff know how to use this route]"
        ),
        _f(
            "review how risk information held by different agencies is brought together "
            "[at the point of referral|before a MARAC], so that the full picture of risk is "
            "understood",
            _IS,
        ),
        _f(
            "develop a [joint|shared] approach to safety planning for victims at high risk, "
            "[with agreed roles for each agency|setting out who is responsible for each part of "
            "the safety plan]"
        ),
        _f(
            "establish a process for repeat referral to MARAC where [a further incident occurs|new "
            "risk is identified] within 12 months, and ensure partners [understand|apply] the "
            "repeat criteria"
        ),
    ),
    rec_national=(
        _f(
            "[complete|conclude] the national roll-out of the Domestic Abuse Risk Assessment "
            "(DARA) and evaluate its impact on the identification of high-risk victims"
        ),
        _f(
            "issue [national|updated] guidance on the re-assessment of risk after [separation|"
            "new incidents], [drawing on|reflecting] learning from domestic homicide reviews"
        ),
        _f(
            "review whether [the DASH risk checklist|DASH] remains fit for purpose [for use by "
            "non-police agencies|in health and social care settings|for all relationship types]"
        ),
        _f(
            "commission research into how well risk assessment tools [identify|predict] victims "
            "at risk of domestic homicide"
        ),
        _f(
            "work with SafeLives and the College of Policing to [review|update] [the MARAC risk "
            "threshold|guidance on risk thresholds for MARAC referral]"
        ),
        _f(
            "[set out|establish] minimum standards for [risk assessment|the assessment and review "
            "of domestic abuse risk] across all agencies that work with victims"
        ),
    ),
    focus=(
        "completion of {dash} at {ra_trigger}",
        "re-assessment of risk {newinc}",
        "referral to MARAC where {threshold} is met",
        "the use of professional judgement alongside {dash}",
        "safety planning [with the victim|for victims assessed as high risk]",
        "recognition of escalating risk, such as [separation|threats to kill|non-fatal strangulation]",
    ),
    purpose=(
        "make sure escalating risk is recognised",
        "improve the identification of high-risk victims",
        "ensure that risk is re-assessed when circumstances change",
        "strengthen risk assessment and safety planning",
    ),
    actions=(
        "Deliver DASH refresher training to all frontline [response officers|officers|practitioners]",
        "Audit [20|30|50] DASH risk assessments [per quarter|over six months] [for accuracy of "
        "risk grading|to check professional judgement is applied]",
        "Update the risk assessment procedure to require re-assessment [after every new "
        "incident|following separation or a new incident]",
        "Introduce supervisor review of [standard|medium]-risk DASH assessments [where there are "
        "repeat incidents|with three or more previous incidents]",
        "Issue a [7-minute briefing|practice briefing] on [escalating risk|non-fatal "
        "strangulation and other high-risk indicators]",
        "Add [DASH|DARA] completion rates to the [monthly|quarterly] performance report to {board}",
        "Embed a safety planning template in frontline practice and [check use through audit|monitor its use]",
        "Promote professional judgement referrals to MARAC [across the service|through team briefings]",
        "Review high-risk threshold guidance with [MARAC|safeguarding] leads",
        "Ensure high-risk cases are [re-assessed|reviewed] before case closure",
        "{Leadcap} to roll out the DARA to [all response officers|frontline officers] and monitor completion",
        "Develop a risk escalation flowchart for [call handlers|frontline staff]",
    ),
    outcomes=(
        "Risk is [identified|assessed] consistently and high-risk victims are referred to MARAC "
        "[without delay|promptly].",
        "Frontline officers are confident in completing DASH and in recognising [escalating "
        "risk|high-risk indicators].",
        "Risk is re-assessed after each new incident, so that changes in risk are [identified "
        "and acted upon|not missed].",
        "Victims have a safety plan that [reflects|is reviewed against] their current level of risk.",
        "Professional judgement is used alongside the DASH score, and referrals to MARAC on "
        "professional judgement increase.",
        "Risk grading is more accurate, as shown by [audit|quarterly dip-sampling].",
        "Fewer cases with repeat incidents are graded as standard risk without supervisor oversight.",
    ),
    milestones=(
        "Baseline audit of DASH completion {when}",
        "Refresher training materials agreed {when}",
        "Revised risk assessment guidance [drafted|published] {when}",
        "Re-audit of risk grading {when}",
        "Supervisor review process [in place|live] {when}",
        "Safety planning template [tested with frontline staff|piloted] {when}",
    ),
    deliverables=(
        "the DASH refresher training",
        "the revised risk assessment guidance",
        "the DASH quality audit",
        "the supervisor review of repeat standard-risk cases",
        "the safety planning template",
    ),
    evidence=(
        "[85%|90%|over 80%] of frontline officers have completed the DASH refresher",
        "an audit of [20|30|40] cases found DASH completed in almost all of them, with risk graded appropriately",
        "MARAC referrals on professional judgement have increased [since the training|over two quarters]",
        "re-assessment after new incidents is now evident in audited cases",
    ),
    learning=(
        "A DASH risk assessment was completed [after the first reported incident|at the first "
        "incident] but risk was not re-assessed when [further incidents were reported|the victim "
        "reported a further assault], so the escalation was not recognised.",
        "The victim was assessed as [standard|medium] risk on [several|three] occasions despite "
        "[repeat incidents|a history of escalating abuse], and professional judgement was not used "
        "to refer the case to MARAC.",
        "Risk was assessed on the basis of each incident in isolation, without [reference to|"
        "taking account of] the perpetrator's history of violence.",
        "The victim [declined to answer|did not complete] the DASH questions [on two occasions|"
        "when police attended], and no further attempt was made to assess risk.",
        "Separation was a known period of heightened risk, but this was not reflected in the risk "
        "assessment or [safety planning|the safety plan] after the relationship ended.",
        "No formal risk assessment was completed when the victim disclosed [threats to kill|"
        "non-fatal strangulation], which should have triggered a MARAC referral.",
        "No safety plan was [put in place|agreed with the victim] despite the level of risk "
        "identified [by the police|by health staff|at the last contact].",
        "The risk posed by the perpetrator was graded lower than the information available "
        "warranted, because [the victim minimised the abuse|officers relied on the victim's "
        "account alone].",
    ),
)

_BANKS[_IS] = _Bank(
    lex={
        "is_info": (
            "information about domestic abuse",
            "relevant information",
            "safeguarding information",
            "information about risk",
        ),
        "is_partners": (
            "partner agencies",
            "other agencies",
            "relevant partners",
            "the other agencies involved",
        ),
        "isa": (
            "information sharing agreement",
            "information sharing agreement (ISA)",
            "ISA",
        ),
        "dvds": (
            "the Domestic Violence Disclosure Scheme (DVDS)",
            "the DVDS",
            "the DVDS (Clare's Law)",
        ),
    },
    rec_local=(
        _f(
            "ensure that staff understand when information can be shared without consent [where "
            "there is a risk of serious harm|to prevent serious harm|in the public interest], and "
            "that the rationale is documented"
        ),
        _f(
            "review {poss} arrangements for sharing {is_info} with {is_partners}, so that concerns "
            "reach the agencies [best placed to act|that need to know]"
        ),
        _f(
            "ensure that [Public Protection Notices (PPNs)|PPNs|domestic abuse notifications] are "
            "shared with [partner agencies|the relevant agencies|the agencies working with the "
            "family] [within agreed timescales|promptly]"
        ),
        _f(
            "ensure that when a victim discloses domestic abuse, staff consider whether the "
            "information should be shared with [other agencies|partners] and document the decision"
        ),
        _f(
            "[raise awareness of|promote] the right to ask and right to know routes of {dvds} "
            "[among staff|with frontline practitioners]"
        ),
        _f(
            "ensure that applications under {dvds} are [processed|completed] within the national "
            "timescales and that disclosures are made [in person|face to face] with support "
            "offered"
        ),
        _f(
            "consider a right to know disclosure under {dvds} [where a new partner may be at risk|"
            "when the perpetrator is known to be in a new relationship]"
        ),
        _f(
            "establish [clear|reliable] routes for two-way communication with partner agencies, so "
            "that concerns raised by one professional are [acknowledged and acted upon|followed up]"
        ),
        _f(
            "ensure that information held about the perpetrator's [previous relationships|history "
            "of abuse] is shared with professionals working with the victim where this is lawful "
            "and proportionate"
        ),
        _f(
            "remind staff that data protection legislation [does not prevent|is not a barrier to] "
            "sharing information to safeguard a person at risk of harm"
        ),
        _f(
            "ensure that [a professionals' meeting|a case discussion] is convened to share information "
            "when more than one agency holds concerns about the same household",
            _MA,
        ),
        _f(
            "review {poss} information sharing policy so that it [sets out|explains] the lawful "
            "bases for sharing domestic abuse information [without consent|]",
            _PP,
        ),
        _f(
            "deliver [briefings|training] to staff on [information sharing and consent|the lawful "
            "basis for sharing information]",
            _TR,
        ),
    ),
    rec_multi=(
        _f(
            "[review and refresh|update] the [multi-agency|partnership] {isa} so that domestic "
            "abuse information can be shared [promptly|safely and lawfully] between partners"
        ),
        _f(
            "agree a single route for sharing [police domestic abuse notifications|PPNs] with "
            "partner agencies, [with named contacts in each agency|with agreed timescales]"
        ),
        _f(
            "ensure that information sharing [between agencies|across the partnership] is "
            "two-way, so that agencies receiving notifications [report back on the action taken|"
            "confirm what action was taken]"
        ),
        _f(
            "test how well information is shared between agencies through a [joint|themed] audit "
            "of recent domestic abuse cases"
        ),
    ),
    rec_national=(
        _f(
            "issue [clearer|updated] guidance on [sharing information without consent|the lawful "
            "basis for sharing information] in domestic abuse cases"
        ),
        _f(
            "[review|evaluate] the Domestic Violence Disclosure Scheme so that [disclosures are "
            "made within consistent timescales|right to know disclosures are considered in all "
            "relevant cases]"
        ),
        _f(
            "set [national|minimum] timescales for [applications|disclosures] under the Domestic "
            "Violence Disclosure Scheme and publish [performance data|data] by force"
        ),
        _f(
            "[work with|consult] the Information Commissioner's Office to publish practical "
            "guidance for practitioners on sharing domestic abuse information"
        ),
        _f(
            "explore [the feasibility of|options for] national arrangements for sharing "
            "information about domestic abuse between police forces and other agencies"
        ),
    ),
    focus=(
        "the sharing of {is_info} with {is_partners}",
        "when information can be shared without consent",
        "use of the right to ask and right to know routes of {dvds}",
        "timely sharing of [PPNs|domestic abuse notifications]",
        "feedback to the referring agency on [the action taken|what happened next]",
        "the lawful basis for sharing domestic abuse information",
    ),
    purpose=(
        "improve information sharing between agencies",
        "make sure that relevant information reaches the agencies that need it",
        "ensure that concerns are shared promptly and lawfully",
    ),
    actions=(
        "Refresh the multi-agency information sharing agreement [and circulate to partners|and "
        "re-sign with all partners]",
        "Issue a [practice note|briefing] on sharing information without consent",
        "Audit the timeliness of PPN sharing [with partners|over one quarter]",
        "Promote DVDS right to ask [through staff briefings|on the intranet]",
        "Agree named information sharing contacts in each partner agency",
        "Introduce a feedback loop so that referrers are told the outcome of [notifications|referrals]",
        "Review DVDS [application|disclosure] timescales [and report to {board}|against national guidance]",
        "Add a prompt to record consent and sharing decisions [to the referral form|on the case system]",
        "Circulate a [one-page|7-minute] guide to the lawful basis for sharing",
        "{Leadcap} to confirm secure email routes for sharing DA information with partners",
        "Deliver an information governance briefing on DA information sharing to [team leaders|frontline managers]",
    ),
    outcomes=(
        "Information about domestic abuse is shared [promptly|in a timely way] with the agencies that need it.",
        "Practitioners are confident about when information can be shared without consent.",
        "Referring agencies receive feedback on the action taken after a notification.",
        "DVDS applications are completed within national timescales.",
        "Partners share information under a current, signed information sharing agreement.",
        "PPNs reach partner agencies without [delay|gaps].",
    ),
    milestones=(
        "Information sharing agreement [redrafted|reviewed] {when}",
        "ISA signed by all partners {when}",
        "Baseline audit of PPN timeliness {when}",
        "Practice note on consent [issued|circulated] {when}",
        "DVDS timescales reported to {board} {when}",
    ),
    deliverables=(
        "the refreshed information sharing agreement",
        "the practice note on sharing without consent",
        "the PPN timeliness audit",
        "the DVDS promotion",
        "the feedback process for referring agencies",
    ),
    evidence=(
        "the revised ISA has been signed by [all|most] partners",
        "PPNs are now shared with partners within agreed timescales in [90% of|most] audited cases",
        "DVDS applications are being processed within national timescales",
        "referring agencies now receive feedback [in most cases|as routine]",
    ),
    learning=(
        "Information held by [the police|the GP|one agency] about previous incidents was not "
        "shared with other agencies working with the victim, so no agency had the full picture.",
        "The police raised a [PPN|domestic abuse notification] but it was not shared with "
        "partner agencies [for several weeks|until after the homicide].",
        "Practitioners were unsure whether they could share information [without the victim's "
        "consent|when the victim declined consent], and as a result did not share it.",
        "A [DVDS|Clare's Law] application was made by a family member, but the disclosure took "
        "[several weeks|over two months] to complete.",
        "The perpetrator's history of abuse towards previous partners was known to [the police|"
        "probation] but was not shared with agencies supporting the victim.",
        "Concerns raised by [the GP|a support worker] were shared by email with another agency, but no "
        "[acknowledgement|response] was received and the concern was not followed up.",
        "There was no mechanism for agencies to feed back the action taken after an information "
        "sharing referral, so the referring professional assumed the concern was being managed.",
    ),
)

_BANKS[_RK] = _Bank(
    lex={
        "rec_sys": (
            "case management system",
            "electronic record",
            "records system",
            "case record",
        ),
        "flag": (
            "domestic abuse flag",
            "DA flag",
            "domestic abuse alert",
            "DA warning marker",
            "domestic abuse marker",
        ),
    },
    rec_local=(
        _f(
            "ensure that disclosures of domestic abuse are recorded [accurately|fully] on the "
            "{rec_sys}, including [who disclosed|the source of the information] and [the action "
            "taken|what was done in response]"
        ),
        _f(
            "introduce a {flag} on {poss} {rec_sys} so that [staff|all staff who "
            "open the record] are aware of [known risk|the history of abuse]"
        ),
        _f(
            "review the use of {flag}s on {poss} {rec_sys} to ensure they are [applied "
            "consistently|kept up to date] and [removed only after review|reviewed when risk "
            "changes]"
        ),
        _f(
            "ensure that records clearly distinguish between the victim and the perpetrator, and "
            "that [counter-allegations|cross-allegations] are recorded with the history of the "
            "relationship"
        ),
        _f(
            "ensure that information received from third parties, including [family members|"
            "neighbours|friends], is recorded and linked to the relevant records"
        ),
        _f(
            "[audit|review] the quality of {poss} domestic abuse records [annually|every six "
            "months], checking that decisions and their rationale are recorded"
        ),
        _f(
            "ensure that the rationale for decisions is recorded, including decisions [not to "
            "take further action|to close a case]"
        ),
        _f(
            "ensure that the details of [all household members|everyone in the household] are "
            "recorded and kept up to date on the {rec_sys}"
        ),
        _f("ensure that records show whether the victim was seen alone [when abuse was discussed|at each contact]"),
        _f(
            "improve the linking of records [within|across] {poss} systems, so that previous "
            "incidents are visible to staff [at the point of contact|when a new report is "
            "received]"
        ),
        _f(
            "ensure that domestic abuse incidents are [correctly|accurately] recorded and "
            "classified [in line with national crime recording standards|under the Home Office "
            "Counting Rules]"
        ),
        _f(
            "ensure that when a case is transferred [between teams|to another area], the {flag} "
            "and key history transfer with the record"
        ),
        _f(
            "update {poss} record-keeping [guidance|policy] so that disclosures of abuse must "
            "be recorded in a set place on the record",
            _PP,
        ),
        _f(
            "deliver [training|briefings] to staff on [recording domestic abuse|good record "
            "keeping in domestic abuse cases]",
            _TR,
        ),
    ),
    rec_multi=(
        _f(
            "agree common standards for recording domestic abuse across partner agencies, "
            "[including the use of|with agreed] {flag}s and definitions"
        ),
        _f(
            "explore whether the [case management systems|IT systems] used by partner agencies "
            "can be linked, so that the history of abuse is not lost"
        ),
        _f(
            "ensure that the outcome of MARAC is recorded on each agency's {rec_sys}, with a "
            "{flag} [added|applied] to the records of the victim and perpetrator"
        ),
        _f(
            "carry out a [joint|partnership] audit of record quality in domestic abuse cases "
            "[across agencies|by each partner]"
        ),
    ),
    rec_national=(
        _f("[develop|publish] national standards for the recording of domestic abuse across public services"),
        _f(
            "explore whether police national systems can identify repeat victims and perpetrators "
            "of domestic abuse [across force boundaries|between areas]"
        ),
        _f(
            "[require|ensure] that records relating to both parties are linked when records "
            "transfer between organisations"
        ),
        _f("issue guidance on the use of {flag}s on GP records", _HE),
        _f(
            "[review|update] national crime recording [rules|standards] so that non-crime domestic "
            "abuse incidents are recorded consistently"
        ),
        _f("ensure that case management systems procured for public services support the recording of {flag}s"),
    ),
    focus=(
        "the recording of [disclosures|domestic abuse disclosures] on the {rec_sys}",
        "the use of {flag}s on the {rec_sys}",
        "the quality of [records|case recording] and the recording of the rationale for decisions",
        "recording information received from [family members|third parties]",
        "the linking of records so that the history of abuse is visible",
    ),
    purpose=(
        "improve the quality of domestic abuse records",
        "make sure the history of abuse is visible to staff",
        "ensure that disclosures are recorded and can be found",
    ),
    actions=(
        "Introduce a {flag} on the {rec_sys}",
        "Audit [25|20|30] case records [for recording of DA disclosures|for quality of DA recording]",
        "Issue [recording|record-keeping] guidance [for DA cases|on domestic abuse disclosures]",
        "Review all existing {flag}s [for accuracy|and update]",
        "Add a mandatory recording field for [DA disclosure|seen alone] to the [assessment template|contact form]",
        "Set up a [monthly|quarterly] records dip sample by team managers",
        "Link victim and perpetrator records [where lawful|on the {rec_sys}]",
        "{Leadcap} to amend system configuration so {flag}s display on opening the record",
        "Record third-party information [and link it|on both records]",
        "Remind staff of record-keeping standards [through team meetings|via a staff bulletin]",
        "Check accurate crime recording of DA incidents [through a quarterly audit|with the force crime registrar]",
    ),
    outcomes=(
        "Domestic abuse disclosures are recorded consistently and can be [found|seen] by staff at the next contact.",
        "Records carry accurate domestic abuse flags, so risk is visible to all staff who open them.",
        "Record quality improves, as shown by [audit|dip-sampling].",
        "Decisions and their rationale are recorded in all audited cases.",
        "The history of abuse is not lost when [cases transfer|a case moves between teams].",
        "Information from family and third parties is recorded and linked to the right records.",
    ),
    milestones=(
        "System change to add {flag} [specified|requested] {when}",
        "Baseline record audit {when}",
        "Recording guidance issued {when}",
        "Re-audit of records {when}",
        "Flag review completed {when}",
    ),
    deliverables=(
        "the domestic abuse flag on the case management system",
        "the records audit",
        "the revised recording guidance",
        "the system change to link records",
    ),
    evidence=(
        "the {flag} is live and [being applied|in use]",
        "re-audit shows disclosures recorded in [most|all but one of the] audited cases",
        "the rationale for decisions is now evident in audited records",
    ),
    learning=(
        "The victim's disclosure of abuse to [a support worker|a call handler|a duty worker] was "
        "not recorded, so later professionals were unaware of it.",
        "There was no {flag} on the victim's record, [despite|even though there had been] several previous incidents.",
        "Records did not show the rationale for [closing the case|taking no further action], so "
        "it was not possible to understand the decision-making.",
        "Information provided by [a family member|a neighbour] about concerns for the victim was "
        "received but not recorded on the victim's record.",
        "Previous incidents were recorded [under different spellings of the victim's name|on "
        "separate records], so the pattern of abuse was not visible.",
        "The perpetrator was recorded as the injured party in one incident, and this was not "
        "corrected when later information came to light.",
    ),
)

_BANKS[_TR] = _Bank(
    lex={
        "tr_staff": (
            "frontline staff",
            "all staff who have contact with the public",
            "practitioners",
            "managers and supervisors",
            "new starters",
            "staff at all levels",
        ),
    },
    rec_local=(
        _f(
            "ensure that {tr_staff} receive [mandatory|regular|refresher] domestic abuse training "
            "[appropriate to their role|that is refreshed at least every three years]"
        ),
        _f(
            "[promote|embed] professional curiosity [in domestic abuse cases|among practitioners], "
            "so that staff [ask further questions|look beyond the presenting issue] when "
            "[something does not feel right|abuse may be present]"
        ),
        _f(
            "ensure that {poss} domestic abuse training covers trauma-informed practice and how "
            "trauma affects the way victims [present|engage with services]"
        ),
        _f(
            "ensure that supervision [provides|includes] [space to reflect on|a regular "
            "opportunity to discuss] domestic abuse cases and the practitioner's concerns"
        ),
        _f("hold a learning event [for staff|with practitioners] to share the learning from this review"),
        _f(
            "[evaluate|measure] the impact of {poss} domestic abuse training on frontline "
            "practice, [not only attendance|rather than recording attendance alone]"
        ),
        _f("include domestic abuse in the induction programme for all new staff [and volunteers|]"),
        _f(
            "ensure that [managers|team leaders] have the training and [knowledge|skills] to support "
            "staff who respond to disclosures of domestic abuse"
        ),
        _f(
            "[produce|develop] a [7-minute briefing|learning briefing] from this review and "
            "[disseminate|cascade] it to {tr_staff}"
        ),
        _f(
            "review {poss} domestic abuse training offer [against the learning from this DHR|to "
            "make sure it reflects the learning from this review]"
        ),
        _f(
            "ensure that staff who may encounter domestic abuse complete [e-learning|face-to-face "
            "training] [and that completion is monitored|with completion monitored by managers]"
        ),
        _f(
            "support staff to take a trauma-informed approach [when victims do not engage|when "
            "victims miss appointments]"
        ),
        _f(
            "ensure that staff training covers the statutory definition of domestic abuse, including "
            "that it covers abuse by adult family members",
            _CC,
        ),
    ),
    rec_multi=(
        _f(
            "[develop|commission] a domestic abuse training programme [that all partners can "
            "access|available to all partner agencies]"
        ),
        _f(
            "hold a [joint|partnership-wide] learning event on the findings of this DHR [with "
            "practitioners from all agencies|]"
        ),
        _f("set a minimum standard of domestic abuse training for all partners, with completion reported to {board}"),
        _f("use the learning from this review in single-agency and partnership training [programmes|courses]"),
    ),
    rec_national=(
        _f(
            "[ensure|require] that domestic abuse training is [mandatory|a core requirement] for "
            "[all frontline professionals|public sector staff in frontline roles]"
        ),
        _f(
            "work with [professional bodies|regulators and professional bodies] to embed domestic "
            "abuse in qualifying training for [social workers, health professionals and police "
            "officers|all relevant professions]"
        ),
        _f("[develop|publish] national learning materials based on DHR findings for use in workforce training"),
        _f(
            "[fund|commission] national training on trauma-informed practice for [public "
            "services|frontline practitioners]"
        ),
        _f("[set|issue] national expectations for reflective supervision of practitioners working with domestic abuse"),
    ),
    focus=(
        "[domestic abuse|refresher] training for {tr_staff}",
        "professional curiosity [when working with victims|in everyday practice]",
        "trauma-informed practice",
        "reflective supervision [for practitioners|of domestic abuse cases]",
        "learning events to share the findings of this review",
        "a learning briefing for staff",
    ),
    purpose=(
        "improve practitioners' understanding of domestic abuse",
        "encourage professional curiosity",
        "embed the learning from this review",
    ),
    actions=(
        "Deliver domestic abuse awareness training to {tr_staff}",
        "Hold a [DHR learning event|practitioner learning event] [within three months of "
        "publication|after publication]",
        "Produce a 7-minute briefing on [this review|the learning from this DHR]",
        "Add professional curiosity [to the training plan|to the supervision template]",
        "Monitor [training|DA training] completion [quarterly|monthly] [and report to {board}|]",
        "Include domestic abuse in [corporate induction|induction for new starters]",
        "Evaluate training through [post-course questionnaires|follow-up case audits]",
        "Deliver trauma-informed practice [workshops|sessions] to [team leaders|frontline teams]",
        "Update the supervision template to include [a prompt on|discussion of] domestic abuse",
        "Cascade the learning briefing through team meetings",
        "{Leadcap} to [review|refresh] the domestic abuse e-learning module",
    ),
    outcomes=(
        "Staff are confident in recognising and responding to domestic abuse.",
        "Practitioners show professional curiosity when abuse may be present, as evidenced through audit.",
        "Frontline staff understand the learning from this review.",
        "Training completion rates increase [across the service|for frontline staff].",
        "Supervision supports practitioners to reflect on domestic abuse and their decisions.",
        "Victims experience a trauma-informed response from staff.",
    ),
    milestones=(
        "Training needs analysis completed {when}",
        "Learning event held {when}",
        "7-minute briefing circulated {when}",
        "Training [materials|content] updated {when}",
        "Completion rates reported {when}",
        "Evaluation of training impact {when}",
    ),
    deliverables=(
        "the domestic abuse training programme",
        "the learning event",
        "the 7-minute briefing",
        "the trauma-informed practice programme",
        "the revised supervision template",
    ),
    evidence=(
        "[120|200|85] staff have completed the training",
        "the learning event was attended by [60|45|over 70] practitioners",
        "feedback shows improved confidence in responding to disclosures",
        "the briefing has been cascaded to all teams",
    ),
    learning=(
        "Practitioners did not show professional curiosity when the victim [presented with "
        "injuries|gave inconsistent explanations], and the possibility of domestic abuse was not "
        "explored.",
        "Staff had not completed domestic abuse training [for several years|appropriate to their "
        "role], and did not recognise the signs of abuse.",
        "The victim's [missed appointments were|disengagement was] seen as [non-compliance|a lack of "
        "motivation] rather than understood through a trauma-informed lens.",
        "Supervision did not offer space to reflect on the case, so a practitioner's unease was not explored.",
        "Frontline staff [accepted|took at face value] the explanations they were given "
        "[without further enquiry|without asking further questions], showing a lack of professional "
        "curiosity.",
        "The panel found that staff knowledge of domestic abuse, and access to training, varied "
        "[widely|considerably] between teams.",
    ),
)

_BANKS[_PP] = _Bank(
    lex={
        "pol": (
            "domestic abuse policy",
            "domestic abuse procedure",
            "domestic abuse policy and procedure",
            "domestic abuse guidance",
        ),
        "pol_short": ("policy", "procedure", "protocol", "guidance"),
    },
    rec_local=(
        _f(
            "review and update {poss} {pol} [to reflect|so that it reflects] the statutory "
            "definition in the Domestic Abuse Act 2021"
        ),
        _f(
            "ensure that {poss} {pol} sets out [clearly|] what staff should do when [domestic "
            "abuse is disclosed|abuse is suspected], including [escalation routes|who to contact "
            "for advice]"
        ),
        _f(
            "audit compliance with {poss} {pol} [within six months|annually] and [report|present] "
            "the findings to [senior managers|{board}]"
        ),
        _f(
            "develop a [clear|written] [pathway|procedure] for responding to disclosures of "
            "domestic abuse [where none currently exists|]"
        ),
        _f(
            "ensure that {poss} policies on [missed appointments|non-engagement|case closure] "
            "consider domestic abuse as a possible reason"
        ),
        _f(
            "ensure that all domestic abuse-related policies are dated, version-controlled and "
            "reviewed [on time|at least every two years]"
        ),
        _f(
            "revise {poss} [procedure|protocol] for closing cases so that open concerns about "
            "domestic abuse are considered before a case is closed"
        ),
        _f("ensure that {poss} {pol} covers [staff who are themselves victims|employees experiencing domestic abuse]"),
        _f("ensure that {poss} {pol} can be easily found by staff [on the intranet|] and is promoted to teams"),
        _f(
            "[develop|introduce] a [protocol|procedure] for responding to [counter-allegations|"
            "cross-allegations] of domestic abuse"
        ),
        _f("bring {poss} procedures into line with [current|the latest] statutory guidance on domestic abuse"),
        _f("[embed|incorporate] the learning from this review into {poss} {pol} [and associated procedures|]"),
        _f("update {poss} {pol} so that it sets out when to complete a DASH and refer to MARAC", _RA),
        _f("ensure that {poss} revised {pol} is [supported|accompanied] by [training|briefings] for staff", _TR),
    ),
    rec_multi=(
        _f(
            "[develop|agree] a multi-agency domestic abuse [protocol|procedure] setting out the "
            "responsibilities of each partner",
            _MA,
        ),
        _f(
            "ensure that each agency's domestic abuse policy is consistent with the [partnership|"
            "local] domestic abuse procedures"
        ),
        _f(
            "[review|refresh] the partnership domestic abuse procedures [in light of|to reflect] "
            "the findings of this review"
        ),
        _f(
            "require partner agencies to [confirm|provide assurance] that their domestic abuse "
            "policies [have been reviewed within the last two years|reflect current guidance]"
        ),
    ),
    rec_national=(
        _f(
            "[update|revise] the statutory guidance to [make clear|clarify] how agencies should "
            "respond to disclosures of domestic abuse"
        ),
        _f(
            "[issue|publish] model domestic abuse [policies|procedures] [that organisations can "
            "adopt|for use by public bodies]"
        ),
        _f(
            "[require|expect] public bodies to have a [current|up-to-date] domestic abuse policy "
            "that is reviewed regularly"
        ),
        _f(
            "[review|consider] national guidance on [missed appointments|non-engagement] so that "
            "domestic abuse is considered as a possible cause"
        ),
        _f("[produce|develop] national guidance on workplace domestic abuse policies for public sector employers"),
    ),
    focus=(
        "an update to {poss} {pol}",
        "[clear|written] procedures for responding to [disclosures|domestic abuse]",
        "[an audit of|monitoring] compliance with the {pol}",
        "the procedure for case closure where domestic abuse is a concern",
        "policies on [missed appointments|non-engagement] that consider domestic abuse",
    ),
    purpose=(
        "give staff clear and current procedures",
        "make sure that policy reflects the statutory definition of domestic abuse",
        "ensure procedures are followed consistently",
    ),
    actions=(
        "Review and update the {pol}",
        "Audit compliance with the DA [procedure|policy] [in 20 cases|across teams]",
        "Draft a [DA|domestic abuse] disclosure pathway [for staff|]",
        "Amend the [missed appointments|non-engagement] policy to prompt consideration of domestic abuse",
        "Publish the revised [policy|procedure] on the intranet and [notify staff|circulate to teams]",
        "Add domestic abuse [to the case closure procedure checklist|prompts to the closure procedure]",
        "Align the {pol} with the Domestic Abuse Act 2021 statutory guidance",
        "[Develop|Write] a [counter-allegations|cross-allegations] protocol",
        "Set a review date and owner for all DA-related [policies|procedures]",
        "{Leadcap} to [sign off|approve] the revised {pol} through [the governance board|the senior leadership team]",
        "Map existing policies against the learning from this DHR",
    ),
    outcomes=(
        "Staff have clear, up-to-date [guidance|procedures] on responding to domestic abuse.",
        "Policies reflect the statutory definition of domestic abuse [and current guidance|].",
        "Compliance with the domestic abuse procedure is [monitored|tested] and gaps are addressed.",
        "Cases are not closed while concerns about domestic abuse remain unresolved.",
        "Practice is consistent across teams, [underpinned|supported] by a single procedure.",
    ),
    milestones=(
        "Policy [review|rewrite] scoped {when}",
        "Draft {pol_short} [out for consultation|shared with staff for comment] {when}",
        "[Sign-off|Approval] of revised {pol_short} {when}",
        "[Policy|Procedure] published [and launched|] {when}",
        "Compliance audit {when}",
    ),
    deliverables=(
        "the revised domestic abuse policy",
        "the updated procedure",
        "the disclosure pathway",
        "the policy compliance audit",
        "the amended case closure procedure",
    ),
    evidence=(
        "the revised [policy|procedure] was [approved|signed off] and published to staff",
        "a compliance audit [found|showed] the procedure being followed in [most|the majority of] cases",
        "all DA-related policies now have a review date and owner",
    ),
    learning=(
        "The relevant [policy|procedure] had not been [reviewed|updated] for several years and "
        "did not reflect the [statutory|current] definition of domestic abuse.",
        "Staff were not aware of their agency's domestic abuse [policy|procedure] or where to seek advice.",
        "The case was closed [after|following] [missed appointments|non-engagement] in line "
        "with [policy|procedure], and no consideration was given to whether domestic abuse was a "
        "factor.",
        "There was no [written procedure|clear pathway] for responding to disclosures, so "
        "responses varied between [teams|practitioners].",
        "The agency's procedure was not followed [when the victim disclosed abuse|on at least two "
        "occasions], and this was not identified by managers.",
    ),
)

_BANKS[_MA] = _Bank(
    lex={
        "marac": (
            "MARAC",
            "the MARAC",
            "the Multi-Agency Risk Assessment Conference (MARAC)",
        ),
    },
    rec_local=(
        _f(
            "ensure that an appropriately senior representative attends every MARAC meeting and "
            "that MARAC actions are completed within agreed timescales"
        ),
        _f(
            "review the [effectiveness|functioning] of {marac} [against the SafeLives quality "
            "standards|through a self-assessment against the MARAC quality standards]"
        ),
        _f("ensure that MARAC actions are [specific|SMART], have a named owner and are tracked until complete"),
        _f(
            "[strengthen|clarify] the referral pathway between {poss} services and partner "
            "agencies, so that no referral is lost"
        ),
        _f(
            "[convene|hold] professionals' meetings when several agencies are involved with the "
            "same household and concerns about domestic abuse persist"
        ),
        _f(
            "ensure that there is a named lead professional [in complex domestic abuse cases|"
            "where several agencies are involved], responsible for coordinating the response"
        ),
        _f("[review|strengthen] the [governance|oversight] of {marac}, reporting on its performance to {board}"),
        _f(
            "[develop|adopt] a coordinated community response (CCR) to domestic abuse, so that "
            "each agency's role is clear"
        ),
        _f(
            "ensure that victims discussed at {marac} are followed up by the relevant agencies "
            "[until risk has reduced|after the meeting]"
        ),
        _f(
            "ensure that the police and the Probation Service use MAPPA to manage domestic abuse "
            "perpetrators who meet the criteria",
            _PR,
        ),
        _f(
            "use the escalation protocol to resolve professional disagreements between agencies "
            "[so that they do not delay the response|without delay]"
        ),
        _f(
            "ensure that MARAC has [enough capacity|sufficient resources] to manage the "
            "[volume|number] of referrals without [cutting|reducing] the time given to each case"
        ),
        _f("ensure that all relevant agencies, including the voluntary sector, are represented at MARAC"),
    ),
    rec_multi=(
        _f(
            "[commission|undertake] an independent review of MARAC arrangements to test whether "
            "they are operating effectively"
        ),
        _f("[establish|develop] a [multi-agency|partnership] forum for complex cases below the MARAC threshold"),
        _f(
            "[agree|develop] a joint approach to families with multiple needs in which domestic "
            "abuse is present, [with clear lead professional arrangements|]"
        ),
        _f("[review|map] referral pathways between partner agencies to remove duplication and gaps"),
        _f("[strengthen|clarify] the links between {board} and the local safeguarding partnerships"),
        _f(
            "ensure that partners collectively own the delivery of DHR action plans, with "
            "progress monitored through {board}"
        ),
    ),
    rec_national=(
        _f(
            "[publish|issue] national guidance on the operation of MARACs, [including minimum "
            "standards for attendance and action-tracking|and consider placing MARAC on a "
            "statutory footing]"
        ),
        _f("[consider|review] whether MAPPA eligibility should include serial domestic abuse perpetrators", _PR),
        _f(
            "[fund|support] the development of coordinated community response approaches to "
            "domestic abuse in every area"
        ),
        _f(
            "[clarify|set out] the respective roles of Community Safety Partnerships and the "
            "statutory safeguarding partnerships in responding to domestic abuse"
        ),
        _f("[require|ensure] that all relevant agencies participate in MARAC through a statutory duty"),
    ),
    focus=(
        "attendance at and [actions from|the effectiveness of] MARAC",
        "joint working between [agencies|partner agencies]",
        "[referral pathways|the referral pathway] between [services|agencies]",
        "[a named lead professional|lead professional arrangements] [where several agencies are "
        "involved|in complex cases]",
        "professionals' meetings [when several agencies hold concerns|where concerns persist]",
        "the coordinated community response to domestic abuse",
    ),
    purpose=(
        "improve joint working between agencies",
        "make sure MARAC operates effectively",
        "strengthen the coordinated community response",
    ),
    actions=(
        "Complete a MARAC self-assessment against the quality standards",
        "Review MARAC [attendance|representation] [and escalate gaps to {board}|]",
        "Introduce action tracking for MARAC [with named owners|]",
        "[Map|Review] referral pathways between [partner agencies|services]",
        "Agree a lead professional protocol for complex DA cases",
        "Refresh the multi-agency escalation protocol",
        "Hold a [partnership|multi-agency] workshop on [joint working|the CCR]",
        "Report MARAC performance data to {board} [quarterly|each quarter]",
        "{Leadcap} to [nominate|confirm] a named MARAC representative [and deputy|]",
        "Establish a complex case panel for cases below MARAC threshold",
        "Review MARAC [capacity|frequency] in light of referral volumes",
    ),
    outcomes=(
        "MARAC operates effectively, with [full|consistent] attendance and actions completed on time.",
        "Agencies work to a shared plan in complex cases.",
        "Clear referral pathways [mean|ensure] that referrals are acknowledged and acted on.",
        "A lead professional coordinates the response where several agencies are involved.",
        "{board} has [oversight|assurance] of MARAC performance.",
        "Professional disagreements are resolved [quickly|without delay] through escalation.",
    ),
    milestones=(
        "MARAC self-assessment completed {when}",
        "Action tracker [in use|live] {when}",
        "Pathway mapping workshop {when}",
        "Lead professional protocol agreed {when}",
        "First MARAC performance report to {board} {when}",
    ),
    deliverables=(
        "the MARAC self-assessment",
        "the MARAC action tracker",
        "the lead professional protocol",
        "the referral pathway review",
        "the complex case panel",
    ),
    evidence=(
        "MARAC attendance is now [above 90%|at 95%|consistently over 90%]",
        "[all|almost all] MARAC actions have a named owner and most are completed within timescale",
        "the complex case panel has met monthly since launch",
    ),
    learning=(
        "Several agencies were involved with the victim and the perpetrator, but they did not "
        "come together to agree a joint plan.",
        "The case was heard at MARAC, but the actions agreed were not specific and there was no follow-up.",
        "No single agency took the lead in coordinating the response, and each [assumed|"
        "believed] another agency was taking action.",
        "[Key agencies|Some agencies] did not attend the MARAC at which the victim was "
        "discussed, so their information was not considered.",
        "Referrals between agencies were delayed because the referral pathway was unclear.",
        "Professional disagreement about [thresholds|the level of concern] was not escalated, and the case drifted.",
    ),
)

_BANKS[_CC] = _Bank(
    lex={
        "cc": (
            "coercive and controlling behaviour",
            "controlling or coercive behaviour",
            "coercive control",
        ),
        "cc_forms": (
            "economic abuse",
            "stalking",
            "isolation from family and friends",
            "monitoring of phone and social media use",
            "control of finances",
        ),
    },
    rec_local=(
        _f("ensure that staff recognise {cc}, including {cc_forms}, and do not focus solely on physical violence"),
        _f(
            "ensure that controlling or coercive behaviour is investigated as a [course of "
            "conduct|pattern of behaviour] rather than [as isolated incidents|incident by "
            "incident]"
        ),
        _f(
            "ensure that stalking and harassment by a current or former partner are recognised as "
            "domestic abuse, and that the full pattern of [behaviour|contact] is considered"
        ),
        _f(
            "ensure that practitioners ask about economic abuse, including [control of money|"
            "control of benefits|debt taken out in the victim's name], when working with victims"
        ),
        _f(
            "ensure that abuse by adult family members, including [adult children|sons and "
            "daughters] and [siblings|other relatives], is recognised as domestic abuse within the "
            "statutory definition"
        ),
        _f(
            "ensure that 'honour'-based abuse and forced marriage are [recognised|identified] by "
            "staff and responded to in line with the statutory guidance"
        ),
        _f(
            "[improve|strengthen] the [recognition|identification] of {cc} where there is little "
            "or no physical violence"
        ),
        _f(
            "ensure that practitioners are alert to signs of isolation and control, such as [a "
            "partner who always attends|a partner answering for the victim|the victim never "
            "being seen alone]"
        ),
        _f("consider {cc} when a victim reports [financial difficulties|debt|being cut off from friends]"),
        _f("ensure that the pattern of {cc} is taken into account when responding to each new incident"),
        _f("increase the use of the controlling or coercive behaviour offence in charging decisions", _PR),
        _f(
            "deliver training on [coercive control, stalking and economic abuse|coercive and "
            "controlling behaviour] to {staff}",
            _TR,
        ),
        _f("ensure that risk assessments fully explore {cc} and stalking, not only physical violence", _RA),
    ),
    rec_multi=(
        _f(
            "[develop|agree] a shared understanding of {cc} across partner agencies, so that "
            "non-physical abuse is recognised consistently"
        ),
        _f(
            "[agree|develop] a partnership response to economic abuse, working with [banks and "
            "money advice services|money advice services]"
        ),
        _f(
            "ensure that adult family abuse is covered by the [local domestic abuse strategy|"
            "partnership's domestic abuse strategy]"
        ),
        _f(
            "improve the partnership response to stalking, so that repeated unwanted contact by "
            "a former partner is recognised as a pattern"
        ),
    ),
    rec_national=(
        _f(
            "[review|evaluate] the use of the controlling or coercive behaviour offence and issue guidance on charging",
            _PR,
        ),
        _f("[issue|publish] guidance on recognising economic abuse for [banks and financial services|public services]"),
        _f("commission research into adult family homicide, particularly the killing of parents by adult children"),
        _f(
            "[strengthen|review] national guidance on {cc} so that it covers [post-separation "
            "abuse|abuse after separation] and stalking"
        ),
        _f(
            "consider whether the statutory guidance on 'honour'-based abuse and forced marriage "
            "remains [fit for purpose|sufficient] in light of the learning from DHRs"
        ),
    ),
    focus=(
        "recognition of {cc}",
        "[economic abuse|control of the victim's finances]",
        "stalking and harassment [after separation|by a former partner]",
        "abuse by adult family members that is not seen as domestic abuse",
        "'honour'-based abuse and forced marriage",
        "non-physical abuse, such as {cc_forms}",
    ),
    purpose=(
        "improve the recognition of coercive control",
        "make sure non-physical abuse is recognised",
        "ensure that the pattern of controlling behaviour is understood",
    ),
    actions=(
        "Deliver coercive control [briefings|workshops] to [response teams|frontline teams]",
        "Audit [CCB|controlling or coercive behaviour] investigations [for quality|to check a "
        "course of conduct was considered]",
        "Add [economic abuse|questions on financial control] to [assessment|initial] templates",
        "Issue a [7-minute briefing|practice note] on [adult family abuse|stalking|economic "
        "abuse|HBA and forced marriage]",
        "Promote the [CCB offence|offence of controlling or coercive behaviour] [in team "
        "briefings|with investigating officers]",
        "Review responses to stalking [by ex-partners|after separation] in a dip sample",
        "Include adult family abuse in the [DA strategy|strategy refresh]",
        "Circulate ['honour'-based abuse|HBA] and forced marriage guidance [to staff|to frontline managers]",
        "{Leadcap} to appoint a [coercive control|stalking] champion in each team",
        "[Develop|Produce] a coercive control [prompt sheet|aide-memoire] for [practitioners|staff]",
    ),
    outcomes=(
        "Staff recognise coercive control and respond to the pattern of behaviour, not only to single incidents.",
        "Economic abuse is identified and recorded in assessments.",
        "More controlling or coercive behaviour offences are investigated as a course of conduct.",
        "Adult family abuse is recognised as domestic abuse [by all agencies|across the partnership].",
        "Stalking by former partners is identified [early|at first report] and responded to as a pattern.",
        "Victims of 'honour'-based abuse and forced marriage receive an informed response.",
    ),
    milestones=(
        "Coercive control briefing [designed|developed] {when}",
        "CCB investigation audit {when}",
        "Assessment template amended to include economic abuse {when}",
        "Adult family abuse included in strategy {when}",
        "Stalking dip sample completed {when}",
    ),
    deliverables=(
        "the coercive control briefing",
        "the CCB investigation audit",
        "the economic abuse prompt in assessments",
        "the adult family abuse guidance",
        "the stalking dip sample",
    ),
    evidence=(
        "recorded CCB offences have increased [since the briefings|over the last two quarters]",
        "economic abuse prompts are now part of the assessment template",
        "audit shows a course of conduct considered in [most|the majority of] CCB investigations",
    ),
    learning=(
        "Agencies [responded to|focused on] individual incidents of physical violence and did "
        "not recognise the wider pattern of coercive and controlling behaviour that the victim "
        "described.",
        "The victim's family described the perpetrator controlling the victim's money and "
        "contact with friends, but this was not recognised as [economic abuse|coercive control].",
        "Abuse by the perpetrator, who was the victim's [adult child|sibling|grandchild], was "
        "seen as a family [dispute|conflict] rather than as domestic abuse.",
        "Repeated contact after the relationship ended, including [messages|calls] and "
        "[turning up at the victim's home|following the victim], was not recognised as stalking.",
        "Indicators of 'honour'-based abuse were present but were not explored by professionals.",
        "The victim was rarely seen without the perpetrator, yet the perpetrator's constant "
        "presence was not recognised as a possible sign of control.",
    ),
)

_BANKS[_MH] = _Bank(
    lex={
        "mh_svc": (
            "mental health services",
            "secondary mental health services",
            "the community mental health team",
            "the crisis team",
            "the home treatment team",
        ),
    },
    rec_local=(
        _f(
            "ensure that [mental health practitioners|clinicians] ask about domestic abuse when "
            "assessing [patients|service users] who present with [self-harm|suicidal ideation|low "
            "mood]"
        ),
        _f("ensure that assessments of suicide risk take account of domestic abuse as a [risk factor|possible driver]"),
        _f(
            "[strengthen|review] the response for service users discharged from [inpatient "
            "care|crisis services] who are experiencing domestic abuse"
        ),
        _f(
            "ensure that when a service user is discharged from {mh_svc}, family members are "
            "consulted unless they are the source of risk"
        ),
        _f(
            "ensure that {mh_svc} consider the risk that a service user may pose to a partner or "
            "others in the household"
        ),
        _f("[improve|strengthen] the response to victims of domestic abuse who are at risk of suicide"),
        _f(
            "ensure that people referred to {mh_svc} after [self-harm|an overdose] are assessed "
            "[promptly|without delay], with domestic abuse explored in the assessment"
        ),
        _f(
            "[review|improve] access to crisis support [out of hours|at night and weekends] for "
            "people experiencing a mental health crisis"
        ),
        _f("ensure that a victim's mental ill health is not used as a reason to doubt their account of abuse"),
        _f(
            "ensure that threats of suicide made by the perpetrator are treated as an indicator of "
            "risk to [the victim|others]"
        ),
        _f("involve families in safety planning for [people|patients] at risk of suicide where it is safe to do so"),
        _f(
            "deliver [suicide prevention training|training on domestic abuse-related suicide] to "
            "[mental health staff|clinicians]",
            _TR,
        ),
    ),
    rec_multi=(
        _f("ensure that domestic abuse is included in the local suicide prevention [strategy|action plan]"),
        _f(
            "use real-time suicide surveillance to identify deaths where domestic abuse was a "
            "factor, so that the CSP is notified and can consider a review"
        ),
        _f(
            "[agree|develop] joint working arrangements between mental health services and "
            "specialist domestic abuse services",
            _SP,
        ),
        _f("[improve|strengthen] the links between the suicide prevention partnership and {board}"),
    ),
    rec_national=(
        _f(
            "[issue|publish] guidance on [recognising|identifying] domestic abuse as a driver of "
            "suicide within national suicide prevention work"
        ),
        _f(
            "ensure that the national suicide prevention strategy [recognises|addresses] domestic "
            "abuse as a risk factor"
        ),
        _f(
            "[collect|publish] national data on [domestic abuse-related suicides|suicides "
            "following domestic abuse] through real-time surveillance"
        ),
        _f("[clarify|confirm] when a suicide following domestic abuse should lead to a DHR"),
        _f("[ensure|make sure] that questions about domestic abuse are part of every mental health assessment"),
    ),
    focus=(
        "the victim's mental health [needs|and wellbeing]",
        "[the risk of suicide|suicide risk] [linked to domestic abuse|where domestic abuse is present]",
        "access to crisis [mental health support|care]",
        "[domestic abuse-related suicide|suicide prevention]",
        "the perpetrator's mental health and any threats of suicide",
        "enquiry about domestic abuse in mental health assessments",
    ),
    purpose=(
        "reduce domestic abuse-related suicide",
        "make sure mental health assessments consider domestic abuse",
        "improve crisis support for people experiencing domestic abuse",
    ),
    actions=(
        "Add domestic abuse questions to the [mental health triage|mental health assessment] [template|form]",
        "Include DA-related suicide in the suicide prevention action plan",
        "Agree a notification route from real-time suicide surveillance to the CSP",
        "Audit [crisis team|community mental health team (CMHT)] assessments for enquiry about DA",
        "Deliver [suicide prevention|DA and suicide] training to [crisis team staff|CMHT clinicians]",
        "Review mental health discharge [planning|arrangements] for [service users|patients] where DA is known",
        "Invite the DA lead to the suicide prevention [partnership|group]",
        "Develop a practice note on threats of suicide made by perpetrators",
        "{Leadcap} to add DA to clinical risk formulation guidance for mental health staff",
        "Review out-of-hours crisis [access|pathways] for people experiencing DA",
        "Share learning with the mental health trust's [patient safety|suicide prevention] group",
    ),
    outcomes=(
        "Domestic abuse is [routinely|consistently] explored in mental health and suicide risk assessments.",
        "Domestic abuse-related suicides are identified and [notified to the CSP|considered for review].",
        "People in mental health crisis who are experiencing domestic abuse receive [timely|prompt] support.",
        "The suicide prevention strategy addresses domestic abuse as a risk factor.",
        "Clinicians [recognise|understand] domestic abuse as a driver of suicide.",
    ),
    milestones=(
        "Mental health assessment template [updated|amended] {when}",
        "DA added to suicide prevention action plan {when}",
        "Real-time surveillance notification route [agreed|tested] {when}",
        "Audit of crisis assessments {when}",
        "Training [delivered|rolled out] to crisis teams {when}",
    ),
    deliverables=(
        "the amended mental health assessment template",
        "the suicide prevention action plan update",
        "the real-time surveillance notification route",
        "the crisis assessment audit",
        "the DA and suicide training for clinicians",
    ),
    evidence=(
        "domestic abuse [is now|has been] included in the suicide prevention action plan",
        "the CSP [now receives|has received] notifications from real-time surveillance",
        "audit shows enquiry about DA in [most|the majority of] crisis assessments",
    ),
    learning=(
        "The victim was seen by [mental health services|the crisis team] [after self-harming|"
        "with suicidal thoughts], but [the assessment did not explore domestic abuse|no one asked "
        "about the relationship with the perpetrator].",
        "The victim's [low mood|anxiety|depression] was treated as the primary problem, without "
        "considering the abuse as a possible cause.",
        "The perpetrator made threats of suicide [when the victim tried to leave|on several "
        "occasions], and this was not recognised as a risk to the victim.",
        "After discharge from [the crisis team|mental health services], the victim was not "
        "followed up [for several weeks|at all].",
        "Clinicians did not recognise that the victim's risk of suicide increased [as the abuse "
        "escalated|after separation].",
        "The suicide was not initially recognised as linked to domestic abuse, because the "
        "[real-time suicide surveillance|coroner's notification] process did not capture domestic "
        "abuse.",
    ),
)

_BANKS[_SU] = _Bank(
    lex={
        "drug_svc": (
            "drug and alcohol services",
            "substance misuse services",
            "the drug and alcohol treatment service",
            "alcohol services",
        ),
    },
    rec_local=(
        _f(
            "ensure that [substance misuse|drug and alcohol] [workers|practitioners] ask about "
            "domestic abuse at assessment [and at review|]"
        ),
        _f(
            "ensure that a victim's alcohol or drug use is not treated as the [only|main] issue, "
            "and that domestic abuse is [considered|explored]"
        ),
        _f("[review|improve] access to {drug_svc} for people experiencing domestic abuse who use alcohol or drugs"),
        _f(
            "ensure that {drug_svc} consider the risk clients may pose to a partner where "
            "[alcohol use|substance use] is linked to abusive behaviour"
        ),
        _f(
            "strengthen the response to clients with co-occurring mental health and substance use "
            "needs (dual diagnosis), so that neither service excludes them",
            _MH,
        ),
        _f(
            "ensure that disengagement from [treatment|substance misuse treatment] prompts "
            "follow-up that considers whether domestic abuse is a barrier"
        ),
        _f(
            "ensure that intoxication at incidents does not result in victims being [disbelieved|seen as less credible]"
        ),
        _f(
            "offer joint assessments between {drug_svc} and partner agencies where both "
            "substance use and domestic abuse are present"
        ),
        _f(
            "ensure that perpetrators whose alcohol use is linked to their abuse are referred to "
            "{drug_svc} alongside other interventions",
            _PR,
        ),
        _f(
            "ensure that couples who [both use substances|use substances together] are seen "
            "separately so that domestic abuse can be [disclosed|safely disclosed]"
        ),
        _f(
            "consider how {poss} [alcohol|substance misuse] services can reach dependent drinkers "
            "who are not in treatment"
        ),
        _f(
            "ensure that alcohol and drug use is recognised as a factor that can increase risk "
            "when domestic abuse is assessed",
            _RA,
        ),
        _f(
            "[deliver|provide] training to [substance misuse staff|drug and alcohol workers] on "
            "recognising domestic abuse",
            _TR,
        ),
    ),
    rec_multi=(
        _f(
            "[develop|agree] a dual diagnosis [protocol|pathway] between mental health and substance misuse services",
            _MH,
        ),
        _f("commission drug and alcohol services that have the skills to respond to domestic abuse"),
        _f(
            "strengthen joint working between {drug_svc} and specialist domestic abuse services, "
            "[with co-located workers|including joint case discussions]",
            _SP,
        ),
        _f("ensure that victims with alcohol or drug needs are not excluded from refuge and specialist support", _SP),
        _f("[review|map] the local alcohol and drug provision available to adults experiencing domestic abuse"),
    ),
    rec_national=(
        _f(
            "[issue|publish] guidance on the links between domestic abuse and [substance use|"
            "alcohol and drug use] for treatment providers"
        ),
        _f("ensure that national drug and alcohol strategies [recognise|address] the links with domestic abuse"),
        _f("[fund|commission] services for victims with multiple disadvantage, including substance use"),
        _f(
            "[review|consider] guidance for commissioners so that [drug and alcohol|substance "
            "misuse] services ask about domestic abuse"
        ),
        _f(
            "commission research into the role of alcohol and drug use in domestic homicide [and "
            "how services can intervene earlier|]"
        ),
    ),
    focus=(
        "[alcohol and drug use|substance use] [by the victim or perpetrator|in the household]",
        "access to {drug_svc}",
        "[dual diagnosis|co-occurring mental health and substance use needs]",
        "enquiry about domestic abuse in {drug_svc}",
        "how alcohol use affects engagement with services",
    ),
    purpose=(
        "improve the response to domestic abuse where alcohol or drugs are involved",
        "make sure substance use is not a barrier to support",
        "strengthen the link between treatment services and the domestic abuse response",
    ),
    actions=(
        "Add DA routine enquiry to [substance misuse|drug and alcohol] assessments",
        "Audit [20|30] drug and alcohol treatment records for evidence of DA enquiry",
        "Agree a dual diagnosis [pathway|protocol] with [the mental health trust|mental health services]",
        "Deliver DA briefings to [drug and alcohol|substance misuse] [recovery workers|keyworkers]",
        "Introduce follow-up after non-attendance at drug and alcohol treatment that considers DA",
        "Review treatment [exclusion|discharge] criteria for clients experiencing DA",
        "Offer separate appointments to [couples|partners] in treatment",
        "{Leadcap} to embed DA prompts in alcohol identification and brief advice (IBA)",
        "Map alcohol and drug provision for victims of DA",
        "Develop [outreach|assertive outreach] for dependent drinkers not in treatment",
        "Discuss cases where substance use and DA co-exist with the [DA lead|IDVA service]",
    ),
    outcomes=(
        "Domestic abuse is [routinely|consistently] asked about in [drug and alcohol|substance misuse] assessments.",
        "Victims who use alcohol or drugs can access treatment and are not excluded from support.",
        "People with a dual diagnosis receive a joined-up [response|service].",
        "Missed appointments prompt follow-up that considers domestic abuse.",
        "Substance use is understood in the context of the abuse, not as a reason to close the case.",
    ),
    milestones=(
        "DA questions added to [treatment|substance misuse] assessment {when}",
        "Dual diagnosis protocol [drafted|agreed] {when}",
        "Record audit of DA enquiry {when}",
        "Briefings delivered to keyworkers {when}",
        "Exclusion criteria reviewed {when}",
    ),
    deliverables=(
        "the addition of DA questions to substance misuse assessments",
        "the dual diagnosis protocol",
        "the DA enquiry audit in treatment services",
        "the keyworker briefing programme",
        "the follow-up process for missed treatment appointments",
    ),
    evidence=(
        "DA enquiry is now evident in [most|the large majority of] treatment assessments",
        "the dual diagnosis protocol has been [agreed|signed off] by mental health and substance misuse services",
        "all keyworkers have received the DA briefing",
    ),
    learning=(
        "The victim's alcohol use was treated as the [main|primary] problem, and the possibility "
        "that it was linked to abuse was not considered.",
        "The perpetrator's drinking was known to [several agencies|the GP and the police], but "
        "its link to the violence was not addressed.",
        "The victim was discharged from [drug and alcohol services|treatment] after missing "
        "appointments, without considering whether abuse was a factor.",
        "Mental health and substance misuse services each saw the other as responsible, and the "
        "victim's dual diagnosis meant no service took ownership.",
        "Professionals put incidents down to both parties being intoxicated, rather than "
        "recognising a pattern of domestic abuse.",
        "The couple were seen together [by the treatment service|in treatment], so the victim "
        "had no private opportunity to disclose abuse.",
    ),
)

_BANKS[_CH] = _Bank(
    lex={
        "csc": (
            "children's social care",
            "children's social care (CSC)",
            "CSC",
            "children's services",
        ),
        "kids": (
            "children in the household",
            "children living in the household",
            "any children in the home",
            "children living with domestic abuse",
        ),
    },
    rec_local=(
        _f("ensure that the impact of domestic abuse on {kids} is considered at every contact [with the family|]"),
        _f(
            "ensure that a referral to {csc} is made whenever children are present at, or "
            "affected by, a domestic abuse incident"
        ),
        _f(
            "ensure that the voice of the child is [captured|heard] in all assessments of "
            "families affected by domestic abuse"
        ),
        _f(
            "strengthen notifications to schools through Operation Encompass, so that [staff|"
            "schools] can support a child [the morning after|after] a domestic abuse incident"
        ),
        _f(
            "ensure that child and family assessments explore the history of the person causing "
            "harm, rather than focusing solely on the ability of the non-abusing parent to "
            "protect the children"
        ),
        _f(
            "ensure that adolescent-to-parent abuse is recognised and that the response "
            "safeguards both the parent and the young person"
        ),
        _f(
            "ensure that the needs of unborn babies are considered in pre-birth assessments "
            "where there is domestic abuse"
        ),
        _f(
            "ensure that young people experiencing abuse in their own relationships are "
            "[identified|recognised] and offered support"
        ),
        _f("ensure that children bereaved by domestic homicide are offered [timely|specialist] therapeutic support"),
        _f(
            "ensure that [schools|education staff] know how to respond to a child's disclosure of "
            "domestic abuse at home"
        ),
        _f(
            "ensure that decisions to close or step down children's cases are based on evidence "
            "that the risk from domestic abuse has reduced"
        ),
        _f(
            "ensure that children are considered for referral to the MASH when a DASH identifies "
            "the victim as high risk",
            _RA,
        ),
        _f(
            "ensure that concerns about domestic abuse are shared with schools and early years "
            "settings where children are involved",
            _IS,
        ),
    ),
    rec_multi=(
        _f("agree a [joint|multi-agency] response to adolescent-to-parent abuse, with clear referral routes"),
        _f(
            "ensure that the safeguarding children partnership and {board} jointly consider the "
            "learning about children living with domestic abuse"
        ),
        _f("[roll out|extend] Operation Encompass [to all schools|to early years settings] and monitor take-up"),
        _f("ensure that age-appropriate support is available for children and young people affected by domestic abuse"),
    ),
    rec_national=(
        _f("[issue|publish] guidance on responding to adolescent-to-parent [abuse|violence] for statutory agencies"),
        _f(
            "ensure that statutory guidance makes clear that children who see, hear or experience "
            "domestic abuse are victims in their own right"
        ),
        _f("[fund|commission] sustained support for children bereaved by domestic homicide"),
        _f("consider whether Operation Encompass should be placed on a statutory footing"),
        _f(
            "[align|clarify] the interface between DHRs and Child Safeguarding Practice Reviews "
            "(CSPRs) where children are affected"
        ),
    ),
    focus=(
        "the needs of {kids}",
        "the voice of the child",
        "referral to {csc} [where children are present|when children are affected]",
        "adolescent-to-parent abuse",
        "notification to schools through Operation Encompass",
        "the impact of domestic abuse on children [and young people|]",
    ),
    purpose=(
        "safeguard children living with domestic abuse",
        "make sure the voice of the child is heard",
        "improve the response to children affected by domestic abuse",
    ),
    actions=(
        "Audit [20|15] child and family assessments for [voice of the child|the child's lived experience]",
        "Remind officers to note the presence of children at DA incidents",
        "[Extend|Roll out] Operation Encompass to [all schools|early years settings]",
        "Develop an adolescent-to-parent abuse [pathway|practice guide]",
        "Deliver [voice of the child|child-focused] workshops to [social workers|CSC teams]",
        "Review [step-down|closure] decisions in children's DA cases through audit",
        "Offer specialist support to children bereaved by the homicide",
        "Add a DA prompt to [pre-birth assessments|the CSC assessment template]",
        "{Leadcap} to brief designated safeguarding leads (DSLs) in schools on this review",
        "Share the learning with the safeguarding children partnership",
        "Check [MASH|front door] screening of DA incidents with children present",
    ),
    outcomes=(
        "Children living with domestic abuse are identified and [safeguarded|supported].",
        "The voice of the child [is heard|is evident] in child and family assessments.",
        "Schools are notified [the next day|promptly] after a domestic abuse incident and can support the child.",
        "Adolescent-to-parent abuse is recognised and responded to [safely|consistently].",
        "Children's cases are not closed until there is evidence the risk to children has reduced.",
        "Children bereaved by domestic homicide [receive|are offered] timely support.",
    ),
    milestones=(
        "Voice of the child audit {when}",
        "Operation Encompass extended {when}",
        "APVA [pathway|guidance] [drafted|agreed] {when}",
        "DSL briefings delivered {when}",
        "CSC assessment template updated {when}",
    ),
    deliverables=(
        "the voice of the child audit",
        "the Operation Encompass roll-out",
        "the adolescent-to-parent abuse pathway",
        "the DSL briefing programme",
        "the updated CSC assessment template",
    ),
    evidence=(
        "all schools are now signed up to Operation Encompass",
        "audit shows the voice of the child evident in [most|the majority of] assessments",
        "the APVA pathway [is in use|has been launched]",
    ),
    learning=(
        "The children were present during several incidents, but agencies did not explore the impact on them.",
        "No referral was made to {csc} [after|following] incidents at which children were present.",
        "The voice of the child was [absent|missing] from the assessment, and the children were "
        "not spoken to on their own.",
        "Abuse of the victim by [an adolescent child|a young person in the household] was not "
        "understood as adolescent-to-parent abuse.",
        "The school did not know about incidents at home and was unable to support the child.",
        "The children's case was closed when the parent reported that they had separated, "
        "without evidence that the risk had reduced.",
    ),
)

_BANKS[_AS] = _Bank(
    lex={
        "asc": (
            "adult social care",
            "adult social care (ASC)",
            "ASC",
            "adult safeguarding teams",
        ),
        "s42": (
            "section 42 enquiry",
            "safeguarding enquiry under section 42 of the Care Act 2014",
            "Care Act section 42 enquiry",
        ),
    },
    rec_local=(
        _f("ensure that domestic abuse concerns about adults with care and support needs are considered for a {s42}"),
        _f(
            "ensure that staff recognise that older people experience domestic abuse, including "
            "from a long-term partner or an adult child"
        ),
        _f("ensure that carers' assessments explore whether a carer is under strain or may be causing harm"),
        _f(
            "ensure that where the perpetrator is also the victim's main carer, the risk this "
            "creates is recognised and addressed in care planning"
        ),
        _f(
            "ensure that self-neglect concerns prompt consideration of whether domestic abuse "
            "[is a factor|lies behind them]"
        ),
        _f(
            "ensure that mental capacity is assessed when an adult with care and support needs "
            "declines safeguarding support while experiencing domestic abuse"
        ),
        _f(
            "ensure that adult safeguarding enquiries are not closed simply because the adult declines "
            "support, without first considering whether the decision is made freely"
        ),
        _f(
            "consider the Safeguarding Adults Review (SAR) criteria when an adult with care and "
            "support needs dies following domestic abuse"
        ),
        _f(
            "ensure that [home care|domiciliary care] workers know how to recognise and raise "
            "concerns about domestic abuse in the homes they visit"
        ),
        _f(
            "ensure that adult safeguarding enquiries follow Making Safeguarding Personal while taking "
            "account of the risk from the perpetrator"
        ),
        _f(
            "ensure that adults who depend on others for care are asked about domestic abuse "
            "[in private|when seen alone]"
        ),
        _f("[deliver|provide] training to [adult social care|ASC] staff on domestic abuse in later life", _TR),
        _f("[review|improve] how {asc} responds to safeguarding referrals about domestic abuse between older couples"),
    ),
    rec_multi=(
        _f(
            "ensure that the Safeguarding Adults Board and {board} agree a protocol for deciding "
            "when a joint DHR and SAR should be commissioned"
        ),
        _f(
            "develop a joint approach to domestic abuse in later life, recognising that older "
            "victims may not identify as victims of domestic abuse"
        ),
        _f("agree that unpaid carers who are struggling are offered [support|respite] before risk escalates"),
        _f(
            "strengthen the links between adult safeguarding and domestic abuse responses, so "
            "that concerns are not treated as either one or the other"
        ),
    ),
    rec_national=(
        _f(
            "update the Care and Support Statutory Guidance to clarify the interface between "
            "adult safeguarding and domestic abuse"
        ),
        _f("ensure that national services reflect the needs of [older victims|victims in later life]"),
        _f("develop an integrated review process for deaths that meet the criteria for both a DHR and a SAR"),
        _f("[commission|fund] research into domestic abuse in later life, including abuse by carers"),
        _f("[publish|issue] guidance on the risks where the perpetrator is also the victim's carer"),
    ),
    focus=(
        "the victim's care and support needs",
        "a {s42} where the adult has care and support needs",
        "[domestic abuse in later life|older victims of domestic abuse]",
        "carer stress and the risk where the perpetrator is also the carer",
        "[self-neglect|mental capacity and self-neglect]",
        "the criteria for a Safeguarding Adults Review (SAR)",
    ),
    purpose=(
        "protect adults with care and support needs",
        "improve the response to older victims of domestic abuse",
        "make sure Care Act safeguarding duties are applied in domestic abuse cases",
    ),
    actions=(
        "Audit [section 42|s42] enquiries where DA was a factor",
        "Add DA [questions|prompts] to [carers' assessments|the carer's assessment template]",
        "Deliver [DA in later life|older people and DA] briefings to ASC teams",
        "Agree a joint DHR/SAR decision protocol with the SAB",
        "Brief [home care|domiciliary care] providers on recognising and reporting DA",
        "Review closed adult safeguarding cases where the adult declined support",
        "Include mental capacity prompts in DA safeguarding templates",
        "{Leadcap} to update the adult safeguarding referral form to capture DA",
        "Share learning with the Safeguarding Adults Board",
        "Develop a practice note on abuse where the perpetrator is the carer",
        "Review support for unpaid carers under strain",
    ),
    outcomes=(
        "Adults with care and support needs who experience domestic abuse receive a Care Act safeguarding response.",
        "Older victims are [recognised|identified] and offered support.",
        "Carers' assessments identify strain and risk early, so that support can be put in place.",
        "Safeguarding enquiries are not closed without considering mental capacity and risk.",
        "Joint DHR/SAR decisions are made [promptly|consistently].",
    ),
    milestones=(
        "Section 42 audit {when}",
        "Carer's assessment template updated {when}",
        "Joint review protocol agreed with SAB {when}",
        "Home care provider briefing {when}",
        "ASC briefings delivered {when}",
    ),
    deliverables=(
        "the section 42 audit",
        "the updated carer's assessment template",
        "the DHR/SAR protocol",
        "the home care provider briefing",
        "the DA in later life briefing programme",
    ),
    evidence=(
        "the joint DHR/SAR protocol has been agreed with the SAB",
        "audit shows DA explored in [most|the majority of] section 42 enquiries",
        "home care providers have received the briefing",
    ),
    learning=(
        "The victim had care and support needs, but the concerns raised were not progressed "
        "[under a section 42 enquiry|as adult safeguarding].",
        "Professionals saw the perpetrator primarily as the victim's carer and did not consider "
        "that they might also be causing harm.",
        "Because the victim was an older person, the possibility of domestic abuse was overlooked and "
        "[injuries were|bruising was] put down to falls.",
        "An adult safeguarding enquiry was closed after the victim declined support, without "
        "considering [mental capacity|whether this was a free choice].",
        "Signs of carer strain were noted by [home care staff|care workers] but not escalated.",
        "The victim's self-neglect was seen as a lifestyle choice, and control by another person was not explored.",
    ),
)

_BANKS[_PR] = _Bank(
    lex={
        "dvpo": (
            "Domestic Violence Protection Notices and Orders (DVPN/DVPO)",
            "DVPNs and DVPOs",
            "DVPN/DVPO",
            "Domestic Abuse Protection Notices and Orders (DAPN/DAPO)",
        ),
        "bcp": (
            "a behaviour-change programme",
            "a perpetrator programme",
            "a Respect-accredited perpetrator programme",
            "a domestic abuse perpetrator intervention",
        ),
    },
    rec_local=(
        _f(
            "ensure that positive action is taken at domestic abuse incidents where an offence is "
            "disclosed, and that decisions not to arrest are [reviewed|endorsed] by a supervisor"
        ),
        _f(
            "[increase|improve] the use of {dvpo} where there is insufficient evidence to charge "
            "but the victim needs protection"
        ),
        _f(
            "ensure that bail decisions in domestic abuse cases consider the risk to the victim, "
            "and that breaches are responded to robustly"
        ),
        _f(
            "ensure that suspects released [under investigation|on bail] remain actively managed, "
            "and that victims are kept informed"
        ),
        _f(
            "ensure that probation assessments explore the perpetrator's history of domestic abuse, "
            "including [previous partners|previous relationships]"
        ),
        _f("ensure that domestic abuse safeguarding enquiries are completed before pre-sentence reports are written"),
        _f(
            "refer people who cause harm to {bcp} where they are assessed as suitable, alongside "
            "support for their partner"
        ),
        _f("consider evidence-led prosecutions when a victim does not support a prosecution"),
        _f(
            "ensure that breaches of [non-molestation orders|protective orders] are treated as "
            "serious offences, with positive action where the breach is established"
        ),
        _f("identify and manage serial and high-harm perpetrators through a dedicated perpetrator management approach"),
        _f(
            "ensure that a suspect's history of violence towards previous partners is taken into "
            "account in charge and bail decisions"
        ),
        _f(
            "ensure that suspects who have left the scene are actively pursued and that "
            "investigations are not closed before the suspect has been interviewed"
        ),
        _f("ensure that people who ask for help with their abusive behaviour are [signposted|referred] to {bcp}"),
    ),
    rec_multi=(
        _f(
            "commission a perpetrator intervention for people who cause harm but are not within "
            "the criminal justice system"
        ),
        _f("[establish|develop] a partnership approach to managing high-harm and serial perpetrators"),
        _f("ensure that perpetrator programmes work alongside an integrated support service for partners"),
        _f("agree joint arrangements for managing the risk from perpetrators released from custody"),
    ),
    rec_national=(
        _f("fund perpetrator interventions in every area, so that access does not depend on where a person lives"),
        _f("[review|strengthen] the use of Domestic Abuse Protection Orders (DAPOs), including their enforcement"),
        _f(
            "[consider|review] whether serial domestic abuse perpetrators should be managed under "
            "statutory arrangements such as MAPPA"
        ),
        _f("[issue|publish] guidance on pre-charge bail for domestic abuse suspects that prioritises victim safety"),
        _f("[develop|publish] a national perpetrator strategy setting minimum standards for interventions"),
    ),
    focus=(
        "arrest and bail decisions that prioritise the victim's safety",
        "the use of {dvpo}",
        "[referral|access] to {bcp}",
        "the management of [high-harm|serial] perpetrators",
        "action on breaches of [protective orders|bail conditions]",
        "the perpetrator's history of violence towards previous partners",
    ),
    purpose=(
        "hold perpetrators to account",
        "make sure perpetrators are actively managed",
        "increase the use of protective orders",
    ),
    actions=(
        "Audit DA arrest decisions [over one quarter|in 30 cases]",
        "[Refresh|Reissue] [DVPN/DVPO|DAPO] guidance for [response supervisors|duty inspectors]",
        "Review [bail|released under investigation (RUI)] management in DA cases [monthly|through a quarterly audit]",
        "Introduce a bail breach [escalation|response] process",
        "Commission a [perpetrator|behaviour-change] [programme|intervention] outside the criminal justice system",
        "Launch a [serial|high-harm] perpetrator [identification|tasking] process",
        "Ensure DA checks are completed before every pre-sentence report",
        "{Leadcap} to promote evidence-led prosecution [guidance|good practice] to investigators",
        "Monitor [take-up|completion] of behaviour-change programmes",
        "Brief [officers|investigators] on locating suspects who leave the scene",
        "Review MAPPA referrals of DA perpetrators who meet the criteria",
    ),
    outcomes=(
        "Perpetrators are held to account through [timely arrest|positive action] and robust bail management.",
        "Protective orders are used where needed, improving victim safety.",
        "More perpetrators [access|complete] behaviour-change interventions.",
        "Serial perpetrators are identified and [actively managed|managed across agencies].",
        "Breaches of [orders|bail] lead to [swift action|a prompt response].",
    ),
    milestones=(
        "Arrest decision audit {when}",
        "DVPO guidance [refreshed|reissued] {when}",
        "Perpetrator programme [specification agreed|commissioned] {when}",
        "Serial perpetrator process [launched|live] {when}",
        "Bail management review {when}",
    ),
    deliverables=(
        "the arrest decision audit",
        "the refreshed DVPN/DVPO guidance",
        "the perpetrator programme",
        "the serial perpetrator process",
        "the bail management review",
    ),
    evidence=(
        "[DVPO|DAPO] applications have risen [this quarter|since the guidance was issued]",
        "the perpetrator programme has received [15|24|over 30] referrals",
        "the serial perpetrator process has reviewed [12|20] nominals",
    ),
    learning=(
        "The perpetrator was not arrested at [several|earlier] incidents although there were grounds for arrest.",
        "The perpetrator was released [without conditions|under investigation] and contacted the "
        "victim [within days|shortly afterwards].",
        "[Breaches|Repeated breaches] of [a non-molestation order|bail conditions] were dealt with by words of advice.",
        "The perpetrator's history of violence against previous partners was not taken into "
        "account in charging and bail decisions.",
        "No [DVPN|protective order] was considered after the victim declined to support a prosecution.",
        "The perpetrator sought help to change, but there was no perpetrator service to refer them to.",
    ),
)

_BANKS[_HO] = _Bank(
    lex={},
    rec_local=(
        _f(
            "ensure that housing officers treat repeated repairs requests for damage, noise "
            "complaints and ASB reports as possible indicators of domestic abuse"
        ),
        _f(
            "ensure that homelessness applications from people fleeing domestic abuse are "
            "[prioritised|handled] in line with the priority need provisions of the Domestic "
            "Abuse Act 2021"
        ),
        _f("work towards [Domestic Abuse Housing Alliance (DAHA)|DAHA] accreditation"),
        _f(
            "ensure that tenancy enforcement, such as [possession proceedings|eviction for "
            "arrears or ASB], takes account of whether domestic abuse is a factor"
        ),
        _f(
            "ensure that victims who wish to stay in their home can do so safely through "
            "[sanctuary measures|target hardening]"
        ),
        _f(
            "ensure that joint tenancy issues are resolved when a victim separates, so that the "
            "victim is not left with rent arrears or found intentionally homeless"
        ),
        _f("review how quickly refuge and safe accommodation can be accessed by people fleeing domestic abuse"),
        _f(
            "ensure that move-on accommodation from refuge is available so that victims are not "
            "forced to return to the perpetrator"
        ),
        _f("ensure that housing officers who visit homes look for signs of domestic abuse and know how to respond"),
        _f(
            "review the housing offer for perpetrators who leave or are removed from the family "
            "home, to reduce the risk that they return to the victim's address"
        ),
        _f(
            "ensure that [homelessness|rough sleeping] services ask about domestic abuse when "
            "triaging new presentations"
        ),
        _f("ensure that known domestic abuse risk is shared with the housing provider when a victim is rehoused", _IS),
        _f("provide [training|briefings] for housing staff on domestic abuse indicators and tenancy sustainment", _TR),
    ),
    rec_multi=(
        _f(
            "[develop|agree] a [joint|partnership] housing pathway for victims of domestic abuse, "
            "including [refuge, move-on and sanctuary|reciprocal arrangements with other "
            "authorities]"
        ),
        _f("ensure that housing providers are represented at MARAC and that tenancy actions are completed", _MA),
        _f(
            "agree reciprocal rehousing arrangements with [neighbouring authorities|other "
            "authorities] for victims who need to relocate"
        ),
        _f(
            "review the supply of safe accommodation against the needs assessment required under "
            "Part 4 of the Domestic Abuse Act 2021"
        ),
    ),
    rec_national=(
        _f("update the Homelessness Code of Guidance to clarify the duties owed to people fleeing domestic abuse"),
        _f("[review|consider] the operation of joint tenancy law where one joint tenant is abusive"),
        _f("ensure sufficient refuge and safe accommodation [nationally|in every area]"),
        _f("[require|encourage] all social landlords to achieve DAHA accreditation"),
        _f(
            "set expectations for social landlords on identifying domestic abuse through [the "
            "regulatory framework|the consumer standards]"
        ),
    ),
    focus=(
        "[housing|tenancy] decisions where domestic abuse is a factor",
        "[repairs requests|ASB reports] as possible indicators of domestic abuse",
        "access to [refuge|safe accommodation] and move-on housing",
        "[homelessness|housing options] advice for people fleeing domestic abuse",
        "[sanctuary measures|target hardening] so that victims can stay safely in their tenancy",
    ),
    purpose=(
        "make sure housing services recognise domestic abuse",
        "improve access to safe accommodation",
        "ensure tenancy decisions take account of domestic abuse",
    ),
    actions=(
        "[Start|Complete] the DAHA accreditation process",
        "Brief [housing officers|neighbourhood officers] on repairs and ASB as DA indicators",
        "Add a DA question to the [repairs|ASB] triage script",
        "Review possession cases for evidence of DA before court action",
        "[Agree|Sign] a reciprocal rehousing protocol",
        "Map safe accommodation supply against demand",
        "Develop a [sanctuary scheme|target hardening] offer",
        "{Leadcap} to confirm a housing representative for MARAC",
        "Audit homelessness decisions citing DA",
        "Introduce joint tenancy advice for separating victims",
        "Review move-on options from refuge",
    ),
    outcomes=(
        "Housing staff recognise signs of domestic abuse [in repairs and ASB reports|during home visits].",
        "Victims fleeing domestic abuse are housed safely and without delay.",
        "Tenancy decisions take account of domestic abuse.",
        "Victims can stay safely in their home if they wish.",
        "The housing provider achieves DAHA accreditation.",
        "Sufficient safe accommodation and move-on housing are available.",
    ),
    milestones=(
        "DAHA [self-assessment|gap analysis] {when}",
        "Housing officer briefings {when}",
        "Repairs triage script [amended|updated] {when}",
        "Reciprocal agreement [drafted|signed] {when}",
        "Safe accommodation mapping {when}",
    ),
    deliverables=(
        "DAHA accreditation",
        "the housing officer briefing programme",
        "the amended repairs triage script",
        "the reciprocal rehousing agreement",
        "the sanctuary scheme",
    ),
    evidence=(
        "DAHA accreditation has been awarded",
        "[all|90% of] housing officers have been briefed",
        "the reciprocal agreement has been signed by [four|five] authorities",
    ),
    learning=(
        "The housing provider logged [repeated|several] requests to repair [a broken door|damaged "
        "doors and windows], but did not recognise these as possible indicators of domestic "
        "abuse.",
        "Neighbours' reports of shouting were treated as anti-social behaviour, and no one "
        "considered whether domestic abuse was occurring.",
        "The victim asked housing options about leaving the home, but was not offered advice on safe accommodation.",
        "The victim stayed in the joint tenancy because giving it up would have meant [losing "
        "their home|being found intentionally homeless].",
        "Possession proceedings for rent arrears were started without considering domestic abuse.",
        "There was no refuge space available when the victim needed it, and the victim went back to the shared home.",
    ),
)

_BANKS[_HE] = _Bank(
    lex={
        "ed": ("the ED", "A&E", "the emergency department"),
    },
    rec_local=(
        _f(
            "ensure that routine enquiry about domestic abuse is embedded in [maternity and health "
            "visiting contacts|maternity services|health visiting]"
        ),
        _f("[commission|roll out] the IRIS programme across GP practices"),
        _f(
            "ensure that patients who present at {ed} with injuries are asked about domestic abuse "
            "[when seen alone|in private]"
        ),
        _f("embed [health-based IDVAs|hospital IDVAs] within acute [settings|trusts]", _SP),
        _f(
            "ensure that GPs explore domestic abuse when patients present with unexplained "
            "physical symptoms, injuries or frequent attendance"
        ),
        _f(
            "ensure that pregnant women are given the opportunity to be seen alone at least once "
            "during antenatal care and asked about domestic abuse"
        ),
        _f(
            "ensure that GP practices act on domestic abuse notifications received from other "
            "agencies, reviewing the patient's care in light of them"
        ),
        _f("ensure that repeat attendance at {ed} prompts consideration of possible domestic abuse"),
        _f("ensure that health visitors ask about domestic abuse at each mandated contact where it is safe to do so"),
        _f("appoint a named domestic abuse lead in every [GP practice|hospital ward|hospital department]"),
        _f(
            "ensure that a partner is not routinely present in consultations where domestic abuse "
            "may be a concern, so that the patient can be seen alone"
        ),
        _f(
            "ensure that paramedics consider domestic abuse when attending calls in the home and "
            "make safeguarding referrals where needed"
        ),
        _f(
            "deliver domestic abuse training to [GP practice staff|primary care clinicians], with "
            "a focus on how to ask about abuse",
            _TR,
        ),
    ),
    rec_multi=(
        _f(
            "ensure that health partners develop a system-wide approach to domestic abuse across "
            "primary, acute and community care"
        ),
        _f(
            "[commission|fund] IRIS or an equivalent general practice model [across the area|in "
            "every primary care network]"
        ),
        _f("ensure that health partners receive domestic abuse notifications and have a process to act on them", _IS),
        _f(
            "[strengthen|improve] communication between midwives, health visitors and GPs when "
            "domestic abuse is disclosed"
        ),
    ),
    rec_national=(
        _f(
            "[issue|publish] guidance requiring routine enquiry about domestic abuse in [all "
            "health settings|primary and secondary care]"
        ),
        _f("[fund|commission] a domestic abuse programme for general practice [nationally|in every area]"),
        _f("[require|encourage] integrated care boards to commission IDVAs in health settings", _SP),
        _f("make domestic abuse a core part of [GP|medical] appraisal and revalidation"),
        _f("[review|update] NICE guidance on domestic violence and abuse [in light of|reflecting] DHR findings"),
    ),
    focus=(
        "[routine enquiry|enquiry] about domestic abuse [in health settings|by health professionals]",
        "the response of [GP practices|primary care]",
        "[ED|A&E] presentations with injuries",
        "[maternity and health visiting|antenatal care]",
        "the IRIS programme in general practice",
        "ensuring patients are seen alone in consultations",
    ),
    purpose=(
        "improve the identification of domestic abuse in health settings",
        "make sure health professionals ask about domestic abuse",
        "strengthen the health response to domestic abuse",
    ),
    actions=(
        "Roll out IRIS to [remaining|all] GP practices",
        "Audit [ED|A&E] records for [DA enquiry|routine enquiry]",
        "Add routine enquiry to [the maternity booking template|antenatal templates]",
        "Nominate a DA [lead|champion] in each GP practice",
        "Deliver DA refresher sessions to [health visitors|midwives|ED staff]",
        "Introduce a frequent attender review in the ED",
        "Check how GP practices act on [PPNs|police notifications]",
        "{Leadcap} to ensure seen alone is documented in maternity records",
        "Brief [paramedics|ambulance crews] on DA safeguarding referrals",
        "Report routine enquiry rates to the [ICB|safeguarding] assurance group",
        "Evaluate the [hospital IDVA|health IDVA] post at 12 months",
    ),
    outcomes=(
        "Clinicians ask about domestic abuse [routinely|safely] and respond well to disclosures.",
        "[GP practices|Primary care] [identify|recognise] and support patients experiencing domestic abuse.",
        "ED clinicians recognise domestic abuse among patients presenting with injuries.",
        "Pregnant women are seen alone and asked about domestic abuse.",
        "Referrals from health settings to specialist support increase.",
    ),
    milestones=(
        "IRIS [launched|rolled out] in pilot practices {when}",
        "ED audit of DA enquiry {when}",
        "Maternity template [amended|updated] {when}",
        "DA leads nominated in all practices {when}",
        "RE rates reported to ICB {when}",
    ),
    deliverables=(
        "the IRIS roll-out",
        "the ED enquiry audit",
        "the amended maternity booking template",
        "the appointment of DA leads in GP practices",
        "the routine enquiry reporting",
    ),
    evidence=(
        "IRIS is now [live|running] in [24|31|18] practices",
        "routine enquiry rates in maternity have [risen|increased] to [86%|over 80%]",
        "every GP practice now has a named DA lead",
    ),
    learning=(
        "The victim attended the GP [several times|on a number of occasions] with [unexplained "
        "injuries|headaches and sleeplessness], but was never asked about domestic abuse.",
        "The victim attended {ed} with injuries on [two|three] occasions, and the explanations "
        "given were accepted without question.",
        "Midwives did not see the victim alone at any antenatal appointment, so routine enquiry "
        "about domestic abuse was not possible.",
        "A police notification of a domestic abuse incident was scanned into the GP record but "
        "was not reviewed by a clinician.",
        "The health visitor could not ask about domestic abuse at the new birth visit because "
        "the perpetrator was present.",
        "Paramedics attended the home and did not make a safeguarding referral despite injuries "
        "consistent with assault.",
    ),
)

_BANKS[_PA] = _Bank(
    lex={},
    rec_local=(
        _f(
            "[run|deliver] a [public|community] awareness campaign on the signs of domestic abuse "
            "and [where to get help|how to seek help]"
        ),
        _f(
            "ensure that information about where to get help is displayed in public places, such "
            "as [libraries, pharmacies and community centres|leisure centres and community hubs]"
        ),
        _f(
            "[develop|promote] guidance for friends and family on what to do if they are worried "
            "about someone they know"
        ),
        _f(
            "encourage local employers to support staff experiencing domestic abuse and to help "
            "line managers recognise the signs"
        ),
        _f(
            "[work with|engage] faith leaders and community groups to raise awareness of domestic "
            "abuse and the help available"
        ),
        _f("[promote|publicise] the Ask for ANI codeword scheme through local pharmacies"),
        _f("ensure that awareness messages reach [men experiencing abuse|young people|bystanders]"),
        _f("[promote|publicise] local domestic abuse helplines through social media and in community settings"),
        _f("help neighbours and bystanders to recognise and safely report concerns about domestic abuse"),
        _f("use awareness days, such as the 16 Days of Activism, to share messages about where to get help"),
        _f("raise public awareness of the right to ask under the Domestic Violence Disclosure Scheme", _IS),
        _f("[develop|run] a campaign to help family and friends recognise coercive control", _CC),
    ),
    rec_multi=(
        _f(
            "[develop|deliver] a coordinated communications plan on domestic abuse that targets "
            "people who may be the first to notice abuse"
        ),
        _f("engage local businesses, through business networks, to raise awareness of domestic abuse in the workplace"),
        _f("[co-produce|develop] awareness materials with survivors and families bereaved by domestic homicide"),
        _f("ensure that all partners display consistent messages about where to get help"),
    ),
    rec_national=(
        _f(
            "run a national campaign to help friends, family and colleagues recognise domestic "
            "abuse and know what to do"
        ),
        _f("[work with|encourage] national employer bodies to promote workplace domestic abuse support"),
        _f("extend the Ask for ANI scheme to further settings [such as banks and post offices|]"),
        _f("[fund|support] community-based awareness projects with faith groups"),
        _f("fund a national campaign on the signs of coercive control aimed at friends and family", _CC),
    ),
    focus=(
        "[public|community] awareness of the signs of domestic abuse",
        "information for friends and family [on what to do|who are worried]",
        "where to get help [for domestic abuse|]",
        "[employer awareness|awareness in the workplace]",
        "[engagement with|awareness among] faith and community groups",
    ),
    purpose=(
        "raise public awareness of domestic abuse",
        "help friends and family know where to get help",
        "make sure communities recognise the signs of abuse",
    ),
    actions=(
        "Launch a public awareness campaign [on DA|during the 16 Days of Activism]",
        "Produce a [friends and family|bystander] [leaflet|guide] on what to do",
        "Display where to get help posters in [pharmacies, libraries and community centres|community venues]",
        "Engage [faith leaders|community groups] through awareness sessions",
        "Promote Ask for ANI with local pharmacies",
        "Run a workplace DA awareness session with local businesses",
        "Update the partnership website with clear DA help pages",
        "{Leadcap} to post campaign messages on social media [monthly|during campaigns]",
        "Co-produce campaign materials with survivors",
        "Evaluate campaign reach using [website visits and helpline calls|survey data]",
        "Brief local employers on supporting staff affected by DA",
    ),
    outcomes=(
        "Friends, family and neighbours recognise the signs of domestic abuse and know where to get help.",
        "Self-referrals and calls to helplines increase after the campaign.",
        "Employers support staff experiencing domestic abuse.",
        "Faith and community groups can signpost people to help.",
        "Information on where to get help is visible in community settings.",
    ),
    milestones=(
        "Campaign plan agreed {when}",
        "Materials [designed|co-produced] {when}",
        "Campaign [launched|live] {when}",
        "[Faith|Community] engagement sessions {when}",
        "Campaign evaluation {when}",
    ),
    deliverables=(
        "the public awareness campaign",
        "the friends and family guide",
        "the employer awareness programme",
        "the faith and community engagement programme",
        "the website update",
    ),
    evidence=(
        "the campaign reached [an estimated 40,000|over 25,000] people through social media",
        "calls to the helpline rose during the campaign",
        "[12|20] employers have attended sessions",
    ),
    learning=(
        "[Friends|Family members|Colleagues] were worried about the victim but did not know "
        "[where to get help|what to do].",
        "The victim's [employer|manager] noticed [changes in behaviour|injuries|frequent "
        "absences] but did not recognise these as possible signs of abuse.",
        "Neighbours heard shouting over a long period but did not know who to tell.",
        "The victim's family had not recognised the perpetrator's behaviour as domestic abuse "
        "[until after the homicide|at the time].",
        "The victim confided in [a friend|a colleague|a faith leader] about the abuse, but they "
        "did not know what help was available.",
        "Information about where to get help was not visible in the community settings the victim used.",
    ),
)

_BANKS[_SP] = _Bank(
    lex={
        "idva": (
            "the IDVA service",
            "Independent Domestic Violence Advisers (IDVAs)",
            "IDVAs",
            "the local IDVA service",
        ),
        "spec": (
            "specialist domestic abuse services",
            "specialist services",
            "local specialist domestic abuse services",
        ),
    },
    rec_local=(
        _f(
            "ensure that every victim assessed as high risk is offered an IDVA, and that attempts "
            "to engage are persistent and flexible"
        ),
        _f("review the capacity of {idva} so that caseloads remain [manageable|in line with recommended levels]"),
        _f(
            "[commission|fund] by-and-for services for [Black and minoritised victims|LGBT+ victims|disabled victims]",
            _EQ,
        ),
        _f(
            "ensure that victims who decline IDVA support are offered further opportunities to "
            "engage as circumstances change"
        ),
        _f(
            "ensure that bereaved families are referred to specialist advocacy [from AAFDA|such "
            "as AAFDA] at the earliest opportunity"
        ),
        _f(
            "commission community-based outreach support for victims at standard and medium "
            "risk, not only those at high risk"
        ),
        _f("ensure that the domestic abuse helpline is available [out of hours|in the evenings and at weekends]"),
        _f("ensure that refuge provision can accommodate victims with complex needs"),
        _f(
            "[commission|provide] an Independent Sexual Violence Adviser (ISVA) service for victims "
            "of sexual violence within relationships"
        ),
        _f("ensure that {spec} are sufficiently [funded|resourced] to meet local demand"),
        _f("co-locate IDVAs in key settings, such as police stations and council offices"),
        _f("ensure that specialist support continues beyond the initial crisis through longer-term recovery work"),
        _f("ensure that IDVAs attend and present cases at MARAC", _MA),
    ),
    rec_multi=(
        _f(
            "[review|re-commission] the local specialist domestic abuse offer so that it meets "
            "the needs of victims at all levels of risk"
        ),
        _f("agree a single referral route into {spec} for all partner agencies"),
        _f("fund specialist advocacy for families bereaved by domestic homicide from the start of the DHR"),
        _f("[commission|secure] multi-year funding for {spec} rather than short-term grants"),
    ),
    rec_national=(
        _f("[provide|ensure] sustainable national funding for IDVA and specialist domestic abuse services"),
        _f(
            "[fund|ensure] specialist advocacy, such as AAFDA, for all families bereaved by "
            "domestic homicide [and suicide|]"
        ),
        _f(
            "[fund|support] national by-and-for organisations supporting [Black and minoritised|"
            "LGBT+|Deaf and disabled] victims",
            _EQ,
        ),
        _f("[set|publish] national standards on recommended IDVA caseloads"),
        _f("ensure that national domestic abuse helplines operate [24 hours a day|around the clock]"),
        _f(
            "[review|consider] the funding model for community-based specialist support alongside "
            "the statutory duty on safe accommodation"
        ),
    ),
    focus=(
        "[referral|access] to [an IDVA|IDVA support]",
        "specialist advocacy for [the victim|bereaved families]",
        "[support from|access to] {spec}",
        "[refuge|refuge and accommodation-based specialist support]",
        "[helpline|out-of-hours helpline] support",
    ),
    purpose=(
        "make sure victims can access specialist support",
        "strengthen IDVA provision",
        "ensure families receive specialist advocacy",
    ),
    actions=(
        "Review IDVA caseloads against [SafeLives|recommended] levels",
        "Recruit an additional IDVA [post|] [to meet demand|]",
        "Introduce repeat engagement attempts for victims who decline IDVA support",
        "Refer bereaved families to AAFDA [at notification|from the start of the DHR]",
        "Commission outreach support for [medium-risk|standard- and medium-risk] victims",
        "[Extend|Review] helpline hours [to evenings and weekends|]",
        "Co-locate an IDVA [in the police station|in the council's customer service centre]",
        "{Leadcap} to agree a single referral form for specialist DA services",
        "[Re-commission|Tender] the IDVA contract [on a three-year basis|with multi-year funding]",
        "Review refuge provision for victims with complex needs",
        "Publish the specialist support directory for professionals",
    ),
    outcomes=(
        "High-risk victims are engaged by an IDVA [promptly|quickly].",
        "Victims at all levels of risk can access specialist support.",
        "IDVA caseloads remain within recommended levels.",
        "Bereaved families receive specialist advocacy [from the outset|throughout the review].",
        "Specialist services are [sustainably|securely] funded, giving continuity for victims.",
    ),
    milestones=(
        "IDVA caseload review {when}",
        "Additional IDVA [recruited|in post] {when}",
        "AAFDA referral process agreed {when}",
        "Outreach service commissioned {when}",
        "Helpline hours extended {when}",
    ),
    deliverables=(
        "the IDVA caseload review",
        "the additional IDVA post",
        "the AAFDA referral process",
        "the outreach service",
        "the extension of helpline hours",
    ),
    evidence=(
        "the additional IDVA took up post [this quarter|last quarter]",
        "IDVA caseloads are now within recommended levels",
        "every bereaved family has been referred to AAFDA since the process began",
    ),
    learning=(
        "The victim was referred to the IDVA service but could not be contacted, and the case "
        "was closed after [two|a small number of] attempts.",
        "High IDVA caseloads limited the time the IDVA could spend with the victim.",
        "The victim was assessed as [medium|standard] risk and was therefore not eligible for "
        "IDVA support, and no other specialist support was offered.",
        "There was no [by-and-for|culturally specific] specialist service in the area that "
        "could have understood the victim's needs.",
        "The family were not offered specialist advocacy [after the homicide|at the start of the review].",
        "A refuge place could not be found when the victim sought one, so the victim stayed in "
        "the home they shared with the perpetrator.",
    ),
)

_BANKS[_EQ] = _Bank(
    lex={
        "interp": (
            "a professional interpreter",
            "an independent interpreter",
            "a qualified interpreter",
        ),
    },
    rec_local=(
        _f(
            "ensure that {interp} is used whenever a victim [does not speak English|has limited "
            "English], and that family members are never used to interpret"
        ),
        _f(
            "ensure that victims with no recourse to public funds (NRPF) are told about the "
            "Migrant Victims of Domestic Abuse Concession and can access support"
        ),
        _f(
            "ensure that {poss} services are accessible to [disabled victims|victims with physical "
            "or learning disabilities], with [easy-read information|accessible formats] and "
            "reasonable adjustments"
        ),
        _f(
            "consider how [culture, faith and ethnicity|ethnicity, culture and faith] may affect a "
            "victim's willingness to seek help, [without making assumptions|without "
            "stereotyping]"
        ),
        _f(
            "ensure that LGBT+ victims receive an inclusive response and that staff recognise "
            "domestic abuse in same-sex relationships"
        ),
        _f(
            "consider all protected characteristics of victims when planning support, in line "
            "with the Equality Act 2010"
        ),
        _f("improve access to support in rural areas, where isolation and transport can be barriers"),
        _f("ensure that older victims are not overlooked by services designed around younger people"),
        _f("ensure that male victims are recognised and offered support appropriate to their needs"),
        _f("ensure that Deaf victims are offered British Sign Language (BSL) interpreters"),
        _f(
            "ensure that information about domestic abuse support is available in community "
            "languages and accessible formats"
        ),
        _f(
            "ensure that staff understand how a victim's immigration status may be used by the "
            "perpetrator to control them"
        ),
        _f("include cultural competence in {poss} domestic abuse training", _TR),
    ),
    rec_multi=(
        _f(
            "agree a partnership approach to the use of interpreters in domestic abuse cases, "
            "ensuring [interpreters are independent|no family member is used to interpret]"
        ),
        _f(
            "[engage with|work with] by-and-for organisations to understand the barriers "
            "minoritised victims face in reaching support"
        ),
        _f("complete an equality impact assessment of local domestic abuse provision and act on the gaps identified"),
        _f("agree a local support offer for victims with no recourse to public funds, funded jointly by partners"),
    ),
    rec_national=(
        _f(
            "[extend|review] the Migrant Victims of Domestic Abuse Concession so that victims on "
            "all visa types can access support"
        ),
        _f("[introduce|establish] a firewall separating domestic abuse reporting from immigration enforcement"),
        _f("[develop|publish] national guidance on the use of interpreters in domestic abuse cases"),
        _f(
            "ensure that national data collection captures the protected characteristics of "
            "victims and perpetrators so that disparities can be [identified|analysed]"
        ),
        _f("[review|improve] the accessibility of national helplines for [Deaf and disabled|disabled] victims"),
    ),
    focus=(
        "the use of {interp}",
        "barriers linked to [immigration status|NRPF]",
        "[the needs of|access for] disabled victims",
        "[culture, faith and ethnicity|ethnicity and culture] as possible barriers to seeking help",
        "access to services in rural areas",
        "the protected characteristics of the victim under the Equality Act 2010",
    ),
    purpose=(
        "remove barriers to support",
        "make sure services are accessible to all victims",
        "ensure that equality and diversity are considered",
    ),
    actions=(
        "Audit interpreter use in DA cases [over a quarter|in a dip sample]",
        "Issue guidance stating that family members must not interpret",
        "Publish [easy-read|accessible] DA information for people with learning disabilities",
        "Translate help leaflets into [the main community languages|community languages]",
        "Agree an NRPF [support|funding] [pathway|protocol] with partners",
        "Brief staff on the Migrant Victims of Domestic Abuse Concession",
        "Complete an equality impact assessment of DA services",
        "{Leadcap} to meet by-and-for organisations about barriers to support",
        "Review outreach to [rural|isolated] communities",
        "Add equality monitoring to [referral|service] data",
        "Ensure BSL interpreters can be booked at short notice",
    ),
    outcomes=(
        "Victims who do not speak English can disclose safely through {interp}.",
        "Victims with NRPF can access support.",
        "Services are accessible to disabled victims.",
        "Barriers faced by minoritised victims are [understood|identified] and [addressed|reduced].",
        "Equality data are used to identify gaps in access to services.",
    ),
    milestones=(
        "Interpreter use audit {when}",
        "Easy-read materials published {when}",
        "NRPF pathway agreed {when}",
        "Equality impact assessment completed {when}",
        "Translated materials [available|printed] {when}",
    ),
    deliverables=(
        "the interpreter audit",
        "the easy-read information pack",
        "the NRPF pathway",
        "the equality impact assessment",
        "the translation of help materials",
    ),
    evidence=(
        "the audit found professional interpreters used in every case reviewed",
        "the NRPF pathway has supported [six|eight|ten] victims",
        "easy-read information has been published on the website",
    ),
    learning=(
        "[The perpetrator|A family member] was used to interpret for the victim [on several "
        "occasions|at appointments], which prevented any disclosure of abuse.",
        "The victim's [insecure immigration status|lack of recourse to public funds] limited the "
        "options for leaving, and staff were unsure what help could be offered.",
        "Assumptions about the family's culture led to the abuse being treated as a private family matter.",
        "The victim's [learning|physical] disability was not taken into account when planning support.",
        "The victim lived in a rural area with limited public transport, which made it difficult to reach services.",
        "Agencies did not consider whether the victim's [age|sexual orientation] affected how the victim sought help.",
    ),
)

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


def _lexicon(theme: str, addressee: str = "the agency") -> dict[str, tuple[str, ...]]:
    lex: dict[str, tuple[str, ...]] = dict(_COMMON_LEX)
    lex.update(_BANKS[theme].lex)
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
        if code not in _BANKS:
            raise ValueError(f"unknown theme code {code!r}; expected one of {THEME_CODES}")
        if code not in codes:
            codes.append(code)
    if not 1 <= len(codes) <= 3:
        raise ValueError(f"expected 1-3 theme codes, got {len(codes)}")
    return codes


def _check_theme(theme: str) -> str:
    if theme not in _BANKS:
        raise ValueError(f"unknown theme code {theme!r}; expected one of {THEME_CODES}")
    return theme


def _pick_frame(rng: random.Random, pool: Sequence[_Frame], allowed: frozenset[str], wanted: Sequence[str]) -> _Frame:
    """Pick a frame whose extra tags were all asked for; prefer one that covers a wanted theme."""
    usable = [fr for fr in pool if fr.tags <= allowed]
    covering = [fr for fr in usable if any(w in fr.tags for w in wanted)]
    if covering and rng.random() < 0.6:
        return rng.choice(covering)
    return rng.choice(usable)


def _pool(bank: _Bank, level: str, rng: random.Random) -> tuple[_Frame, ...]:
    if level == "national":
        return bank.rec_national
    if level == "multi_agency":
        return bank.rec_multi if rng.random() < 0.55 else bank.rec_local
    return bank.rec_local


# ---------------------------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------------------------

_LOCAL_TAILS: tuple[str, ...] = (
    " within six months",
    " within 12 months of publication",
    ", and report progress to {board}",
    ", and provide assurance to {board} that this has been achieved",
    ", with progress monitored by {board}",
    " and evidence the impact through audit",
    " within three months of the publication of this review",
)
_NATIONAL_TAILS: tuple[str, ...] = (
    ", taking account of the learning from DHRs",
    ", in consultation with the Domestic Abuse Commissioner",
    ", working with the sector",
)
_CLAUSE_MENTIONS: tuple[tuple[str, str], ...] = (  # (word it must not repeat, clause)
    ("attention", ", with particular attention to {focus}"),
    ("including", ", including {focus}"),
    ("include", ", to include {focus}"),
    ("covering", ", covering {focus}"),
)
_SENTENCE_MENTIONS: tuple[str, ...] = (
    "This should include {focus}.",
    "This work should also cover {focus}.",
    "Particular attention should be given to {focus}.",
    "Any review should also consider {focus}.",
)
_PRED_MENTIONS: tuple[str, ...] = (
    "{Acap} should also {pred}.",
    "In addition, {A} should {pred}.",
    "As part of this, {A} should {pred}.",
)


def _wrap_local(
    rng: random.Random, a: str, pred: str, bank: _Bank, lex: Mapping[str, Sequence[str]], multi: bool, timed: bool
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
    bank = _BANKS[primary]
    lex = _lexicon(primary, a)

    frame = _pick_frame(rng, _pool(bank, level, rng), allowed, secondary)
    pred = _expand(rng, frame.text, lex)
    uncovered = [c for c in secondary if c not in frame.tags]

    # Numbered sub-points: "The ICB should:\n(a) ...;\n(b) ..." (one point per theme).
    if level != "national" and rng.random() < 0.12:
        preds = [pred]
        for code in uncovered:
            sub = _BANKS[code]
            preds.append(_expand(rng, _pick_frame(rng, _pool(sub, level, rng), allowed, ()).text, _lexicon(code, a)))
        if len(preds) == 1:
            other = [fr for fr in bank.rec_local if fr.tags <= allowed and fr is not frame]
            preds.append(_expand(rng, rng.choice(other).text, lex))
        marks = rng.choice((("(a)", "(b)", "(c)"), ("a)", "b)", "c)"), ("i.", "ii.", "iii.")))
        body = "\n".join(f"{marks[i]} {p}{';' if i < len(preds) - 1 else '.'}" for i, p in enumerate(preds))
        return _tidy(f"{_cap(a)} should:\n{body}")

    clause = ""
    sentences: list[str] = []
    for i, code in enumerate(uncovered):
        sub = _BANKS[code]
        sub_lex = _lexicon(code, a)
        r = rng.random()
        clauses = [c for word, c in _CLAUSE_MENTIONS if word not in pred]
        if i == 0 and r < 0.45 and clauses:
            clause = _expand(rng, rng.choice(clauses), {**sub_lex, "focus": sub.focus})
        elif r < 0.75:
            sentences.append(_expand(rng, rng.choice(_SENTENCE_MENTIONS), {**sub_lex, "focus": sub.focus}))
        else:
            sub_frame = _pick_frame(rng, _pool(sub, level, rng), allowed, ())
            sub_pred = _expand(rng, sub_frame.text, sub_lex)
            sentences.append(_expand(rng, rng.choice(_PRED_MENTIONS), {**sub_lex, "pred": (sub_pred,)}))

    tail = ""
    if not clause:
        if level == "national":
            if rng.random() < 0.25:
                tail = rng.choice(_NATIONAL_TAILS)
        elif rng.random() < 0.4:
            tail = _expand(rng, rng.choice(_LOCAL_TAILS), lex)
    full_pred = pred + clause + tail

    if level == "national":
        main = _wrap_national(rng, a, full_pred)
    else:
        main = _wrap_local(rng, a, full_pred, bank, lex, multi=level == "multi_agency", timed=bool(tail))
    return _tidy(" ".join([main, *sentences]))


# ---------------------------------------------------------------------------------------------
# Actions, outcomes, milestones, progress
# ---------------------------------------------------------------------------------------------

_ACTION_SUFFIXES: tuple[str, ...] = (
    " by end of Q1",
    " by end of Q2",
    " by Q3",
    " by Q4",
    " within 3 months",
    " within six months",
    " within 12 months",
)


def action_text(rng: random.Random, theme: str, lead_agency: str) -> str:
    """One short, SMART-ish action under a recommendation, often imperative and abbreviated."""
    bank = _BANKS[_check_theme(theme)]
    lead = lead_agency.strip() or "the lead agency"
    lex = _lexicon(theme, lead)
    template = rng.choice(bank.actions)
    text = _expand(rng, template, lex)
    if not template.startswith("{Leadcap}") and rng.random() < 0.18:
        text = f"{_cap(lead)} to {_decap(text)}"
    if rng.random() < 0.3:
        text += rng.choice(_ACTION_SUFFIXES)
    if rng.random() < 0.4:
        text += "."
    return _tidy(text)


def outcome_text(rng: random.Random, theme: str) -> str:
    """Text for the 'Outcome that action will achieve' column."""
    bank = _BANKS[_check_theme(theme)]
    lex = _lexicon(theme)
    k = 2 if rng.random() < 0.3 else 1
    picked = rng.sample(bank.outcomes, k)
    return _tidy(" ".join(_expand(rng, o, lex) for o in picked))


_TIMES: tuple[str, ...] = (
    "within 1 month",
    "within 6 weeks",
    "by end of Q1",
    "within 3 months",
    "by Q2",
    "within six months",
    "by end of Q3",
    "within 9 months",
    "by Q4",
    "within 12 months",
    "within 12 months of publication",
)
_DELIVERABLE_MILESTONES: tuple[str, ...] = (
    "{Deliv} signed off at {board}",
    "Progress on {deliv} reported to {board}",
    "Lead officer for {deliv} identified",
    "Review of impact of {deliv}",
)


def milestones_text(rng: random.Random, theme: str) -> str:
    """'Key milestones to complete action' as a short list with relative timings only."""
    bank = _BANKS[_check_theme(theme)]
    lex = _lexicon(theme)
    k = rng.choice((2, 3, 3, 4))
    n_theme = min(len(bank.milestones), k if rng.random() < 0.5 else k - 1)
    lines = [
        _expand(rng, m.replace(" {when}", "{when}"), {**lex, "when": ("",)})
        for m in rng.sample(bank.milestones, n_theme)
    ]
    deliv = _expand(rng, rng.choice(bank.deliverables), lex)
    extra_lex = {**lex, "deliv": (deliv,), "Deliv": (_cap(deliv),)}
    extra = rng.sample(_DELIVERABLE_MILESTONES, k - n_theme)
    for e in extra:
        line = _expand(rng, e, extra_lex)
        if e.startswith("Lead officer"):
            lines.insert(0, line)
        else:
            lines.append(line)
    times = sorted(rng.sample(range(len(_TIMES)), len(lines)))
    timed = [f"{line} {_TIMES[t]}" if rng.random() < 0.75 else line for line, t in zip(lines, times, strict=True)]
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


_RED_REASONS: tuple[str, ...] = (
    "the lead officer has left the organisation and the post is vacant",
    "funding has not yet been identified",
    "the team has had limited capacity due to operational pressures",
    "the lead agency has not provided an update",
    "it depends on national guidance that has not yet been published",
    "the service is going through a restructure",
    "the system supplier has not yet scheduled the change",
)
_RED_HOLDS: tuple[str, ...] = (
    "funding is confirmed",
    "a new lead is appointed",
    "national guidance is published",
    "the service restructure has finished",
)
_AMBER_STEPS: tuple[str, ...] = (
    "a draft has been prepared",
    "a task and finish group has been set up",
    "the scope has been agreed",
    "a lead has been identified and a project plan agreed",
    "consultation with partners is in progress",
    "a baseline has been taken",
)
_NEXT_WHEN: tuple[str, ...] = (
    "next quarter",
    "in Q3",
    "at the next board meeting",
    "by the end of the year",
    "within the next two months",
)
_GREEN_STEPS: tuple[str, ...] = (
    "has been launched",
    "is now in place",
    "has started",
    "is being implemented",
)
_MONITOR: tuple[str, ...] = (
    "through quarterly audit",
    "through monthly performance reports",
    "by {board}",
    "through the action plan tracker",
)

_PROGRESS: dict[str, tuple[str, ...]] = {
    "RED": (
        "Not started: {deliv} has not yet been scoped because {red_reason}; this has been escalated to {board}.",
        "No progress this quarter on {deliv}, as {red_reason}. Action required - {deliv} is "
        "overdue and a recovery plan has been requested.",
        "{Deliv} has stalled because {red_reason}; the lead agency has been asked to present a "
        "recovery plan to {board}.",
        "RED - {deliv} not yet started; {red_reason}.",
        "Action required: no update received on {deliv} this quarter and the target date has passed.",
        "{Deliv} is on hold until {red_hold}, and the action is now overdue.",
    ),
    "AMBER": (
        "Preparation underway - {amber_step} for {deliv}; sign-off is expected {next_when}.",
        "Work on {deliv} is in progress: {amber_step}, and the action is on track for the target date.",
        "{Deliv} is being prepared and will go to {board} for approval {next_when}.",
        "In progress: {deliv} is being developed with partners, and {amber_step}.",
        "Preparation for {deliv} is underway and {amber_step}; delivery is planned {next_when}.",
    ),
    "GREEN": (
        "Preparation complete and action ongoing: {deliv} {green_step}, and delivery is being monitored {monitor}.",
        "{Deliv} {green_step} and remains ongoing; so far {evidence}.",
        "On track - {deliv} {green_step} and roll-out is ongoing, with progress reported to {board}.",
        "Action ongoing: {evidence}, and {deliv} will continue to be monitored {monitor}.",
    ),
    "COMPLETE": (
        "Action completed: {deliv} has been delivered and {evidence}.",
        "Complete - {evidence}; {deliv} is now part of routine practice.",
        "{Deliv} was completed {done_when} and signed off by {board}; {evidence}.",
        "Action completed and closed by {board}: {evidence}, and {deliv} will be reviewed "
        "{next_when} to check the change has been sustained.",
        "COMPLETE - {deliv} delivered. Evidence of outcome: {evidence}.",
    ),
}


def progress_text(rng: random.Random, theme: str, status: str) -> str:
    """Quarterly progress update consistent with the RAG status (RED/AMBER/GREEN/COMPLETE)."""
    bank = _BANKS[_check_theme(theme)]
    key = status.strip().upper()
    if key not in _PROGRESS:
        raise ValueError(f"unknown status {status!r}; expected one of {STATUSES}")
    lex = _lexicon(theme)
    deliv = _expand(rng, rng.choice(bank.deliverables), lex)
    lex.update(
        {
            "deliv": (deliv,),
            "Deliv": (_cap(deliv),),
            "evidence": bank.evidence,
            "red_reason": _RED_REASONS,
            "red_hold": _RED_HOLDS,
            "amber_step": _AMBER_STEPS,
            "next_when": _NEXT_WHEN,
            "green_step": _GREEN_STEPS,
            "monitor": _MONITOR,
            "done_when": ("in Q1", "in Q2", "in Q3", "in Q4", "last quarter", "this quarter"),
        }
    )
    return _tidy(_expand(rng, rng.choice(_PROGRESS[key]), lex))


# ---------------------------------------------------------------------------------------------
# Learning
# ---------------------------------------------------------------------------------------------

_LEARNING_LEADS: tuple[str, ...] = (
    "The review found that ",
    "Agencies identified that ",
    "The panel noted that ",
    "In this case, ",
    "Early learning shows that ",
)


def learning_text(rng: random.Random, themes: Sequence[str]) -> str:
    """Early learning or a lesson learnt: 2-4 past-tense sentences about what agencies did or missed."""
    codes = _normalise_themes(themes)
    n_primary = 2 if len(codes) < 3 and rng.random() < 0.6 else 1
    if len(codes) == 1:
        n_primary = rng.choice((2, 2, 3))
    picks: list[tuple[str, str]] = []
    primary = _BANKS[codes[0]]
    picks += [(codes[0], s) for s in rng.sample(primary.learning, n_primary)]
    picks += [(c, rng.choice(_BANKS[c].learning)) for c in codes[1:]]
    sentences = [_tidy(_expand(rng, s, _lexicon(code))) for code, s in picks]
    if rng.random() < 0.35:
        lead = rng.choice(_LEARNING_LEADS)
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
    v = victim_pseudonym.strip() or "the victim"
    p = perpetrator_pseudonym.strip() or "the perpetrator"
    kind = _death_kind(death_type)
    rel, intimate = _relationship(relationship)
    agency_list = [a.strip() for a in agencies if a and a.strip()]
    commissioned = decision.strip().lower() != "not_commissioned"

    if question == 1:
        return _scoping_q1(rng, kind)
    if question == 2:
        return _scoping_q2(rng, kind, v, p, rel, month_year)
    if question == 3:
        return _scoping_q3(rng, v, p, rel, intimate, agency_list)
    if question == 4:
        themes = rng.sample(THEME_CODES, rng.choice((1, 2, 2)))
        learning = learning_text(rng, themes)
        intro = (
            ""
            if learning.startswith(_LEARNING_LEADS)
            else rng.choice(
                (
                    "Agencies have identified the following early learning. ",
                    "Early learning identified by agencies at this stage: ",
                    "",
                    "The scoping panel identified early learning as follows. ",
                )
            )
        )
        outro = (
            rng.choice(
                (
                    "",
                    " Agencies have begun to act on this learning through their single-agency action plans.",
                    " This learning will be explored further in the review.",
                )
            )
            if commissioned
            else rng.choice(
                (
                    " This learning has been shared with the agencies concerned.",
                    " The agencies concerned have agreed single-agency actions in response.",
                )
            )
        )
        return _tidy(intro + learning + outro)
    if question == 5:
        return rng.choice(
            (
                "Actions already agreed by agencies are set out in the action plan table below; "
                "they will be transferred to the DHR action plan as it develops.",
                "The actions agreed at this stage, with outcomes and timescales, are listed in the table below.",
                "See the action plan table below for the actions agreed so far.",
                "Agencies have agreed the following actions, which are summarised in the table below.",
            )
        )
    if question == 6:
        if commissioned:
            return "Not applicable - a DHR has been commissioned."
        return _scoping_q6(rng, kind, v, intimate)
    if question == 7:
        return _scoping_q7(rng, v, commissioned)
    if question == 8:
        return _scoping_q8(rng, agency_list)
    if question == 9:
        return _scoping_q9(rng, kind)
    raise ValueError(f"scoping review questions are numbered 1-9, got {question!r}")


def _scoping_q1(rng: random.Random, kind: str) -> str:
    notifier = {
        "homicide": ("the police", "the police major investigation team", "the police public protection unit"),
        "suicide": (
            "the police",
            "the coroner's office",
            "the real-time suicide surveillance lead",
            "the IDVA service",
        ),
        "neglect": ("adult social care", "the police", "the Safeguarding Adults Board manager"),
        "undetermined": ("the police", "the police public protection unit", "the coroner's office"),
    }[kind]
    who = rng.choice(notifier)
    route = rng.choice(
        (
            "by email to the DHR coordinator",
            "by telephone to the CSP manager",
            "through the agreed DHR notification form",
            "by secure email to the Community Safety team",
        )
    )
    when = rng.choice(
        (
            "within two working days of the death",
            "within a week of the death",
            "shortly after the death",
            "the day after the death",
        )
    )
    extra = rng.choice(
        (
            "",
            " The CSP chair was informed the same day.",
            " Partner agencies were asked to secure their records.",
            " Information requests were sent to partner agencies the following week.",
        )
    )
    return _tidy(f"The CSP was notified by {who} {route} {when}.{extra}")


def _scoping_q2(rng: random.Random, kind: str, v: str, p: str, rel: str, month_year: str) -> str:
    when = month_year.strip() or "the month in question"
    if kind == "homicide":
        first = rng.choice(
            (
                f"In {when}, the police were called to the home address, where {v} was found "
                "with serious injuries and was pronounced dead at the scene.",
                f"In {when}, emergency services attended an address in the CSP area following a "
                f"call from a neighbour, and {v} was found to have died.",
                f"{v} died in hospital in {when} from injuries sustained at home.",
            )
        )
        second = rng.choice(
            (
                f"{p}, {v}'s {rel}, was arrested at the scene and has since been charged with murder.",
                f"{p}, {v}'s {rel}, was arrested and charged with murder; criminal proceedings are ongoing.",
                f"{p}, {v}'s {rel}, was later convicted of manslaughter.",
                f"{p}, {v}'s {rel}, was arrested and later pleaded guilty to murder.",
            )
        )
    elif kind == "suicide":
        first = rng.choice(
            (
                f"{v} died in {when}; the death is being treated as suicide and an inquest has been opened.",
                f"In {when}, {v} was found to have died at home. The police are not treating the death as suspicious.",
            )
        )
        second = rng.choice(
            (
                f"Information held by agencies indicates that {v} had experienced domestic abuse "
                f"from {p}, {v}'s {rel}.",
                f"Family members have reported that {v} experienced controlling behaviour from {p}, "
                f"{v}'s {rel}, in the months before the death.",
            )
        )
    elif kind == "neglect":
        first = rng.choice(
            (
                f"{v}, who had care and support needs, died in hospital in {when}.",
                f"In {when}, {v} was admitted to hospital in a poor condition and died shortly afterwards.",
            )
        )
        second = rng.choice(
            (
                f"There are concerns that {p}, {v}'s {rel} and main carer, did not meet {v}'s basic care needs.",
                f"The police are investigating whether {p}, {v}'s {rel}, neglected {v}'s care.",
            )
        )
    else:
        first = rng.choice(
            (
                f"{v} died in {when}. The cause of death has not yet been established.",
                f"In {when}, {v} was found to have died at home; the post-mortem findings are awaited.",
            )
        )
        second = rng.choice(
            (
                f"{p}, {v}'s {rel}, has been arrested and released on bail while the police investigation continues.",
                f"The police investigation is ongoing and {p}, {v}'s {rel}, has been interviewed.",
            )
        )
    return _tidy(f"{first} {second}")


def _scoping_q3(rng: random.Random, v: str, p: str, rel: str, intimate: bool, agencies: Sequence[str]) -> str:
    if intimate:
        together = rng.choice(
            ("about two years", "several years", "over ten years", "a few months", "around five years")
        )
        rel_sentence = rng.choice(
            (
                f"{v} and {p} had been in a relationship for {together}.",
                f"{p} was {v}'s {rel}; they had been together for {together}.",
            )
        )
        if "former" in rel:
            rel_sentence += rng.choice(
                (
                    " They had separated shortly before the death.",
                    " The relationship had ended some months earlier, but contact continued.",
                )
            )
        else:
            rel_sentence += rng.choice((" They lived together.", " They did not live together.", ""))
    else:
        rel_sentence = rng.choice(
            (
                f"{p} was {v}'s {rel} and had lived with {v} for several years.",
                f"{p}, {v}'s {rel}, had moved back into {v}'s home in the months before the death.",
                f"{p} was {v}'s {rel} and visited {v} regularly.",
            )
        )
    history = rng.choice(
        (
            f"Family members have described a history of controlling behaviour by {p}.",
            f"There had been previous reports of domestic abuse involving {v} and {p}.",
            "No agency had recorded domestic abuse before the death, although friends were aware of arguments.",
            f"{p} had a history of violence towards a previous partner.",
            f"{v} had disclosed abuse to a friend but not to any agency.",
        )
    )
    household = rng.choice(
        (
            "There were no children in the household.",
            "There were children in the household, who were not present at the time.",
            "Adult children of the victim lived elsewhere.",
            "",
        )
    )
    if agencies:
        known = list(agencies[: rng.randint(1, min(3, len(agencies)))])
        contact = rng.choice(
            (
                f"Both were known to {_join(known)}.",
                f"{v} had contact with {_join(known)} in the period under review.",
                f"Agency contact was mainly with {_join(known)}.",
            )
        )
    else:
        contact = "Agencies have found little or no contact with either party."
    return _tidy(" ".join(s for s in (rel_sentence, history, household, contact) if s))


def _scoping_q6(rng: random.Random, kind: str, v: str, intimate: bool) -> str:
    reasons = [
        "Agencies had very limited contact with either party, and the panel agreed that a full "
        "review was unlikely to identify further learning beyond that set out in this scoping "
        "review.",
        "The panel concluded that the death did not meet the criteria in section 9 of the "
        "Domestic Violence, Crime and Victims Act 2004, as there was no evidence that it "
        "resulted from violence, abuse or neglect by the person suspected.",
    ]
    if kind == "neglect":
        reasons.append(
            "The learning is being captured through a Safeguarding Adults Review (SAR), and the "
            "panel agreed that a separate DHR would duplicate that work."
        )
    if kind == "suicide":
        reasons.append(
            f"The panel found no evidence that {v} had experienced domestic abuse, and "
            "the inquest will consider the circumstances of the death."
        )
    if not intimate:
        reasons.append(
            "The panel considered whether the relationship fell within the statutory definition "
            "and agreed that the learning would be better captured through a single-agency "
            "review."
        )
    chosen = rng.choice(reasons)
    tail = rng.choice(
        (
            " The family have been informed of the decision and their views are recorded at question 7.",
            " The decision will be reviewed by the Home Office Quality Assurance Board.",
            " Agencies have agreed single-agency actions in response to the learning identified.",
        )
    )
    return _tidy(chosen + tail)


def _scoping_q7(rng: random.Random, v: str, commissioned: bool) -> str:
    contact = rng.choice(
        (
            "The family were contacted through the police family liaison officer.",
            f"{v}'s family were contacted by letter and offered a meeting with the CSP.",
            "The CSP wrote to the next of kin, with an information leaflet about DHRs.",
        )
    )
    if commissioned:
        view = rng.choice(
            (
                "They support a DHR being commissioned and wish to contribute to it.",
                "The family welcomed the review and have been offered specialist advocacy from AAFDA.",
                "The family have not yet responded; further contact will be made through their advocate.",
                f"{v}'s friends have also been contacted and would like to contribute.",
            )
        )
    else:
        view = rng.choice(
            (
                "The family agreed with the panel's recommendation not to commission a DHR.",
                "The family expressed disappointment that a DHR will not be commissioned, and their "
                "views have been included in this scoping review.",
                "The family did not respond to the CSP's letters.",
                "The family declined contact with the CSP at this time.",
            )
        )
    return _tidy(f"{contact} {view}")


def _scoping_q8(rng: random.Random, agencies: Sequence[str]) -> str:
    if not agencies:
        return "Checks were made with partner agencies; none reported contact with the victim or the perpetrator."
    style = rng.random()
    if style < 0.5:
        intro = rng.choice(
            (
                "The following agencies were consulted:",
                "Agencies consulted and involved in the scoping review:",
                "The following agencies and organisations were involved:",
            )
        )
        return intro + "\n" + "\n".join(f"- {_cap(a)}" for a in agencies)
    return _tidy(
        rng.choice(
            (
                f"The scoping review involved {_join(list(agencies))}.",
                f"Information was requested from {_join(list(agencies))}.",
                f"{_cap(_join(list(agencies)))} were consulted and provided summaries of their contact.",
            )
        )
    )


def _scoping_q9(rng: random.Random, kind: str) -> str:
    options = {
        "homicide": [
            "The inquest has been opened and adjourned pending the outcome of criminal proceedings.",
            "Criminal proceedings are ongoing; the DHR will be paused where needed so as not to prejudice the trial.",
        ],
        "suicide": ["An inquest has been opened and the coroner will be kept informed of the DHR."],
        "neglect": [
            "The Safeguarding Adults Board is considering whether a Safeguarding Adults "
            "Review (SAR) is required; a joint review will be considered."
        ],
        "undetermined": [
            "The coroner has opened an inquest, which is adjourned while the police investigation continues."
        ],
    }[kind]
    extras = [
        "A Child Safeguarding Practice Review (CSPR) is being considered by the safeguarding children partnership.",
        "A mental health homicide review (MHHR) is being carried out by NHS England.",
        "The police have made a referral to the Independent Office for Police Conduct (IOPC).",
        "The mental health trust is carrying out a patient safety incident investigation.",
    ]
    r = rng.random()
    if r < 0.15:
        return "No other reviews are planned at this time."
    parts = [rng.choice(options)]
    if r > 0.6:
        parts.append(rng.choice(extras))
    return _tidy(" ".join(parts))
