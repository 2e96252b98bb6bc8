"""Writes of the investigation (细则第十七条第二款): open a case, record the findings with the
rules core's recommendation, close without accountability, send the recommendation to the
managing authorities.

Each is a step declared once over a machine of ``machine.py`` — opening a case moves its lead
(``LEAD``), the others move the case (``CASE``) — and taken by the workflow runner: input
checked, record locked, state checked against the transition table, effect, state saved, audit
entries written, in one transaction. The functions below are the services' stable signatures
over those steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xinfang.audit.services import actor_label
from xinfang.legal.selectors import readings_in_force
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import person_managing_authority
from xinfang.punctuation import join_list
from xinfang.refusals import Refused
from xinfang.rules.basis import rules
from xinfang.rules.decide import FactsError, decide, parse_facts
from xinfang.rules.readings import Reading
from xinfang.workflow import Act, Outcome, Step, run, take

from ..choices import (
    DecisionState,
    DutyRole,
    Harm,
    Impact,
    ResponsibilityKind,
)
from ..models import AccountabilityCase, CaseParticipant, Decision, Lead, Recommendation
from ..selectors import prior_measures_of, role_of_person_on
from .machine import CASE, LEAD, Action, NoInput, ReasonInput, Transition

TEXT_MAX = 5000

#: The parts a finding may give the holder of each position on the failure date (细则第十一条
#: 第二款). A supervising leader or other member of the team is the 直接主管的负责人 only when
#: their portfolio covers the work that failed, so either part is open to both; the principal
#: leader is the principal leader, and a staff member is never a member of the team.
ROLES_FOR_POSITION: dict[str, frozenset[str]] = {
    DutyRole.PRINCIPAL_LEADER: frozenset({DutyRole.PRINCIPAL_LEADER}),
    DutyRole.SUPERVISING_LEADER: frozenset({DutyRole.SUPERVISING_LEADER, DutyRole.TEAM_MEMBER}),
    DutyRole.TEAM_MEMBER: frozenset({DutyRole.SUPERVISING_LEADER, DutyRole.TEAM_MEMBER}),
    DutyRole.STAFF: frozenset({DutyRole.STAFF}),
}


def _petition_office_only(actor: Any, lead: Lead, organ: Organ, data: NoInput) -> None:
    """Who takes the step is the law's: 细则第十七条第二款 (由信访部门……调查核实)."""
    if not organ.has_role(OrganRole.PETITION_OFFICE):
        raise Refused(
            _("调查核实由信访部门进行。"), code="not_a_petition_office", basis=[rules(17, 2)]
        )


def _investigate_effect(act: Act[Lead, NoInput], transition: Transition) -> Outcome:
    lead = act.subject
    case = AccountabilityCase.objects.create(
        lead=lead,
        organ=lead.organ,
        failure_date=lead.failure_date,
        investigating_organ=act.organ,
        opened_by=actor_label(act.actor),
    )
    seen: set[int] = set()
    for holder in lead.duty_holders.select_related("person").order_by("id"):
        if holder.person_id in seen:
            continue
        seen.add(holder.person_id)
        CaseParticipant.objects.create(
            case=case, person=holder.person, organ=holder.organ, role=holder.role
        )
    details = {
        "lead": lead.pk,
        "organ": lead.organ_id,
        "investigating_organ": act.organ.pk,
        "participants": sorted(seen),
    }
    return Outcome(details=details, options={"fields": [], "target": case}, made=case)


INVESTIGATE = Step(
    LEAD, Action.INVESTIGATE, NoInput, effect=_investigate_effect, access=_petition_office_only
)


def case_open(*, lead: Lead, investigating_organ: Organ, actor: Any) -> AccountabilityCase:
    """Open the investigation of an open lead; the lead's duty holders become participants.

    The investigating organ is a petition office (细则第十七条第二款: 由信访部门……调查核实).
    """
    taken = take(INVESTIGATE, lead, organ=investigating_organ, actor=actor, data=NoInput())
    case: AccountabilityCase = taken.outcome.made
    return case


def _clean_participants(
    case: AccountabilityCase, participants: Sequence[Mapping[str, Any]]
) -> list[CaseParticipant]:
    """Validate the people found to have taken part, against the positions on the failure day."""
    rows: list[CaseParticipant] = []
    errors: list[ValidationError] = []
    seen: set[int] = set()
    for i, item in enumerate(participants):
        person = item.get("person")
        if not isinstance(person, Person):
            errors.append(ValidationError(_("第 %(n)d 位人员无效。") % {"n": i + 1}, code="person"))
            continue
        if person.pk in seen:
            errors.append(
                ValidationError(_("%(name)s 重复。") % {"name": person.name}, code="duplicate")
            )
            continue
        seen.add(person.pk)
        role = str(item.get("role") or "")
        if role not in DutyRole.values:
            errors.append(
                ValidationError(_("%(name)s 的职责身份无效。") % {"name": person.name}, code="role")
            )
            continue
        # 责任依失职失责之日在任的职位确定：其后任职的人员不承担责任。
        held = role_of_person_on(person, case.organ, case.failure_date)
        if held is None:
            errors.append(
                ValidationError(
                    _("%(name)s 在失职失责之日（%(day)s）未在该机构任职，不承担责任。")
                    % {"name": person.name, "day": case.failure_date.isoformat()},
                    code="not_in_position",
                )
            )
            continue
        if role not in ROLES_FOR_POSITION[held[0]]:
            # 细则第十一条第二款 names each part by the position held that day.
            errors.append(
                ValidationError(
                    _("%(name)s 在失职失责之日（%(day)s）的职位是%(post)s，不能认定为%(role)s。")
                    % {
                        "name": person.name,
                        "day": case.failure_date.isoformat(),
                        "post": held[1].title_label or held[1].get_kind_display(),
                        "role": DutyRole(role).label,
                    },
                    code="role_not_held",
                )
            )
            continue
        objected = bool(item.get("objected", False))
        reference = str(item.get("objection_reference") or "").strip()
        if objected and not reference:
            errors.append(
                ValidationError(
                    _("%(name)s 提出反对意见的，须注明记载该意见的文件（如会议纪要）。")
                    % {"name": person.name},
                    code="objection_reference_required",
                )
            )
            continue
        rows.append(
            CaseParticipant(
                case=case,
                person=person,
                organ=case.organ,
                role=role,
                participated=bool(item.get("participated", True)),
                objected=objected,
                objection_reference=reference[:300] if objected else "",
                diligent=bool(item.get("diligent", False)),
                diligence_note=str(item.get("diligence_note") or "").strip()[:TEXT_MAX],
                discipline_warranted=bool(item.get("discipline_warranted", False)),
                suspected_crime=bool(item.get("suspected_crime", False)),
            )
        )
    if errors:
        raise ValidationError({"participants": errors})
    return rows


def build_facts(
    *,
    case: AccountabilityCase,
    participants: Sequence[CaseParticipant],
    grounds: Sequence[int],
    threshold_met: bool,
    harm: str,
    impact: str,
    responsibility: str,
    decided_on: dt.date,
    readings: Sequence[Reading] = (),
) -> dict[str, Any]:
    """The facts of the case in the shape of ``xinfang decide`` (docs/rules.md).

    People are named by their registry code; earlier measures of the same people with a
    rectification deadline are fed as ``prior_measures``. Only the rectification the case's
    lead follows up is ``same_target``: an unrectified 通报 or 诫勉 escalates its own follow-up
    (细则第十四条、第十五条: 仍未完成整改目标), not every later unrelated case of that person.
    ``readings`` are the municipal petition office's readings in force on ``decided_on``
    (细则第十九条); given only when there are any. ``supervising_leader_unclear`` is given when
    the lead found no leader whose portfolio covers the work that failed and the findings name
    no 直接主管的负责人 (细则第十一条第二款): the managing authority must establish who it is.
    """
    codes = {p.person_id: p.person.code for p in participants}
    rows = prior_measures_of(codes, exclude_case=case.pk, follow_up=case.lead.rectification_id)
    prior = [
        {
            "person": codes[person_id],
            "measure": measure,
            "rectification_due": due.isoformat(),
            "rectified": rectified,
            "same_target": same_target,
        }
        for person_id, measure, due, rectified, same_target in rows
    ]
    organ: dict[str, Any] = {"id": case.organ.code}
    if case.organ.has_role(OrganRole.PARTY_COMMITTEE) or case.organ.has_role(OrganRole.GOVERNMENT):
        # 细则第十四条: 取消该地区……的资格 — the region whose committee or government it is.
        organ["region"] = case.organ.region_code
    facts: dict[str, Any] = {
        "decided_on": decided_on.isoformat(),
        "grounds": sorted(set(grounds)),
        "threshold_met": threshold_met,
        "harm": harm,
        "impact": impact,
        "responsibility": responsibility,
        "organ": organ,
        "people": [
            {
                "id": p.person.code,
                "role": p.role,
                "participated": p.participated,
                "objected": p.objected,
                "diligent": p.diligent,
            }
            for p in participants
        ],
        "prior_measures": prior,
        "discipline_warranted": [p.person.code for p in participants if p.discipline_warranted],
        "suspected_crime": [p.person.code for p in participants if p.suspected_crime],
    }
    if case.lead.supervising_leader_unclear and not any(
        p.role == DutyRole.SUPERVISING_LEADER for p in participants
    ):
        # 细则第十一条第二款: the registry could not tell whose portfolio covers the work that
        # failed, and the findings name no one as the 直接主管的负责人 either.
        facts["supervising_leader_unclear"] = True
    if readings:
        facts["readings"] = {r.key: {"value": r.value, "document": r.document} for r in readings}
    return facts


@dataclass(frozen=True)
class FindingsInput:
    """The findings of the investigation (细则第十一条): the grounds, whether the consequence
    the grounds require came about and why, harm, impact, the kind of responsibility, the
    people who took part (checked against the positions on the failure day, under the lock),
    and the day of the recommendation (today unless given)."""

    grounds: Sequence[int]
    threshold_met: bool
    threshold_reasoning: str
    harm: str
    impact: str
    harm_description: str
    responsibility: str
    participants: Sequence[Mapping[str, Any]]
    decided_on: dt.date | None = None

    @property
    def reasoning(self) -> str:
        return (self.threshold_reasoning or "").strip()

    def clean(self, on: dt.date) -> dict[str, Any]:
        # The entry records the facts and the recommendation, not the input as given.
        errors: dict[str, list[ValidationError]] = {}
        if any(
            not isinstance(g, int) or isinstance(g, bool) or not 1 <= g <= 9 for g in self.grounds
        ):
            errors["grounds"] = [
                ValidationError(_("涉嫌情形应为第十一条第一款第一至九项。"), code="ground")
            ]
        if not self.reasoning:
            errors["threshold_reasoning"] = [
                ValidationError(_("请说明后果要件是否成立及其理由。"), code="required")
            ]
        if self.harm not in Harm.values:
            errors["harm"] = [ValidationError(_("请选择危害程度。"), code="invalid_choice")]
        if self.impact not in Impact.values:
            errors["impact"] = [ValidationError(_("请选择影响程度。"), code="invalid_choice")]
        if self.responsibility not in ResponsibilityKind.values:
            errors["responsibility"] = [
                ValidationError(_("请选择责任类型。"), code="invalid_choice")
            ]
        if errors:
            raise ValidationError(errors)
        return {}


def _findings_effect(
    act: Act[AccountabilityCase, FindingsInput], transition: Transition
) -> Outcome:
    case, data = act.subject, act.data
    day = data.decided_on or act.on
    rows = _clean_participants(case, data.participants)
    facts = build_facts(
        case=case,
        participants=rows,
        grounds=list(data.grounds),
        threshold_met=bool(data.threshold_met),
        harm=data.harm,
        impact=data.impact,
        responsibility=data.responsibility,
        decided_on=day,
        readings=readings_in_force(on=day),
    )
    try:
        recommendation = decide(parse_facts(facts)).to_json()
    except FactsError as exc:
        raise ValidationError(exc.message_zh, code="facts") from None
    CaseParticipant.objects.filter(case_id=case.pk).delete()
    CaseParticipant.objects.bulk_create(rows)
    case.grounds = facts["grounds"]
    case.threshold_met = bool(data.threshold_met)
    case.threshold_reasoning = data.reasoning[:TEXT_MAX]
    case.harm = data.harm
    case.impact = data.impact
    case.harm_description = (data.harm_description or "").strip()[:TEXT_MAX]
    case.responsibility_kind = data.responsibility
    case.findings_at = act.at
    case.facts = facts
    case.recommendation = recommendation
    case.recommended_on = day
    # The whole case is saved (no ``fields``).
    return Outcome(details={"facts": facts, "recommendation": recommendation})


RECORD_FINDINGS = Step(CASE, Action.RECORD_FINDINGS, FindingsInput, effect=_findings_effect)


def case_record_findings(
    *,
    case: AccountabilityCase,
    grounds: Sequence[int],
    threshold_met: bool,
    threshold_reasoning: str,
    harm: str,
    impact: str,
    harm_description: str,
    responsibility: str,
    participants: Sequence[Mapping[str, Any]],
    actor: Any,
    decided_on: dt.date | None = None,
) -> AccountabilityCase:
    """Record the findings and store the rules core's recommendation (``decide``) with them.

    Findings may be recorded again until the recommendation is sent.
    """
    data = FindingsInput(
        grounds=grounds,
        threshold_met=threshold_met,
        threshold_reasoning=threshold_reasoning,
        harm=harm,
        impact=impact,
        harm_description=harm_description,
        responsibility=responsibility,
        participants=participants,
        decided_on=decided_on,
    )
    return run(RECORD_FINDINGS, case, organ=None, actor=actor, data=data)


def _close_effect(act: Act[AccountabilityCase, ReasonInput], transition: Transition) -> Outcome:
    act.subject.closing_reason = act.values["reason"][:TEXT_MAX]
    return Outcome(options={"fields": ["closing_reason"]})


def _close_after(
    act: Act[AccountabilityCase, ReasonInput], transition: Transition, outcome: Outcome
) -> None:
    # The case's entry says why; the lead closes with it.
    LEAD.follow(act.subject.lead, Action.CLOSE_WITHOUT_CASE, state_reason=act.values["reason"])


CLOSE_NOT_ACCOUNTABLE = Step(
    CASE, Action.CLOSE_NOT_ACCOUNTABLE, ReasonInput, effect=_close_effect, after=_close_after
)


def case_close_not_accountable(
    *, case: AccountabilityCase, reason: str, actor: Any
) -> AccountabilityCase:
    """Close the case without accountability (不予追究), for a stated reason."""
    data = ReasonInput(reason=reason)
    return run(CLOSE_NOT_ACCOUNTABLE, case, organ=None, actor=actor, data=data)


def recommendation_number(case: AccountabilityCase, authority: Organ, year: int) -> str:
    """The letter's reference: 信访追究建〔year〕case-authority号."""
    return f"信访追究建〔{year}〕{case.pk}-{authority.pk}号"


def _send_effect(act: Act[AccountabilityCase, NoInput], transition: Transition) -> Outcome:
    case = act.subject
    if not case.recommendation:
        raise transition.refuse()
    rec = case.recommendation
    if not rec.get("accountable"):
        # 细则第十七条第二款: a recommendation only "对需要实行信访工作责任追究的".
        raise Refused(
            _("依认定的事实不予追究，不能提出追究建议。"),
            code="not_accountable",
            basis=[rules(17, 2)],
        )
    subjects = _decision_subjects(case, rec)
    letters: dict[int, Recommendation] = {}
    for authority, subject in subjects:
        letter = letters.get(authority.pk)
        if letter is None:
            letter = Recommendation.objects.create(
                case=case,
                authority=authority,
                number=recommendation_number(case, authority, act.at.year),
                sent_at=act.at,
                sent_by=actor_label(act.actor),
            )
            letters[authority.pk] = letter
        _create_decision(case, letter, subject)
    case.sent_at = act.at
    entries = [
        {
            "target": letter,
            "details": {
                "case": case.pk,
                "authority": letter.authority_id,
                "number": letter.number,
                "decisions": list(letter.decisions.order_by("id").values_list("pk", flat=True)),
            },
        }
        for letter in letters.values()
    ]
    return Outcome(options={"fields": ["sent_at"], "entries": entries}, made=list(letters.values()))


def _decision_subjects(
    case: AccountabilityCase, rec: dict[str, Any]
) -> list[tuple[Organ, dict[str, Any]]]:
    """Who decides on whom: the managing authority of each person the recommendation names a
    responsibility or measure for, and of the organ when it names a measure for the organ;
    refused when the registry knows no such authority, or no one is to be decided on."""
    participants = {
        p.person.code: p for p in case.participants.select_related("person").order_by("id")
    }
    subjects: list[tuple[Organ, dict[str, Any]]] = []
    missing: list[str] = []
    for outcome in rec.get("people", []):
        if outcome.get("responsibility") == "none" and not outcome.get("measures"):
            continue
        participant = participants[outcome["id"]]
        authority = person_managing_authority(participant.person, case.failure_date)
        if authority is None:
            missing.append(participant.person.name)
            continue
        subjects.append((authority, {"person": participant, "outcome": outcome}))
    organ_outcome = rec.get("organ") or {}
    if organ_outcome.get("measures"):
        if case.organ.managing_authority is None:
            missing.append(case.organ.name)
        else:
            subjects.append((case.organ.managing_authority, {"organ": organ_outcome}))
    if missing:
        raise Refused(
            _("登记信息中没有以下人员或机关的有管理权限的党政机关：%(names)s")
            % {"names": join_list(missing)},
            code="no_managing_authority",
            basis=[rules(17, 2)],
        )
    if not subjects:
        raise Refused(_("没有需要作出决定的人员或机关。"), code="no_subjects")
    return subjects


def _create_decision(
    case: AccountabilityCase, letter: Recommendation, subject: dict[str, Any]
) -> None:
    """The pending decision on one person or the organ, as the recommendation proposes."""
    if "person" in subject:
        participant, outcome = subject["person"], subject["outcome"]
        Decision.objects.create(
            recommendation=letter,
            case=case,
            person=participant.person,
            role=participant.role,
            responsibility=outcome.get("responsibility", ""),
            tier=int(outcome.get("tier", 0)),
            recommended_measures=list(outcome.get("measures", [])),
            recommended_options=list(outcome.get("options", [])),
            recommended_rectification=bool(outcome.get("rectification", False)),
            recommended_basis=list(outcome.get("basis", [])),
            state=DecisionState.PENDING,
        )
    else:
        organ_outcome = subject["organ"]
        Decision.objects.create(
            recommendation=letter,
            case=case,
            organ=case.organ,
            recommended_measures=list(organ_outcome.get("measures", [])),
            recommended_basis=list(organ_outcome.get("basis", [])),
            state=DecisionState.PENDING,
        )


SEND_RECOMMENDATION = Step(CASE, Action.SEND_RECOMMENDATION, NoInput, effect=_send_effect)


def case_send_recommendation(*, case: AccountabilityCase, actor: Any) -> list[Recommendation]:
    """Send the recommendation to the managing authority of each person and of the organ.

    A person's authority is ``person_managing_authority(person, failure_date)`` (the positions
    held on the failure date); the organ's is ``organ.managing_authority``. One letter per
    authority, one pending ``Decision`` per person or organ it must decide on.
    """
    taken = take(SEND_RECOMMENDATION, case, organ=None, actor=actor, data=NoInput())
    letters: list[Recommendation] = taken.outcome.made
    return letters
