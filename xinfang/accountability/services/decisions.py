"""Writes of the managing authority (细则第十七条第一款) and of the measures taking effect.

``decision_record`` records the decision on one person or organ and, in the same transaction,
its effects: the rectification item (第十三条、第十四条), the organ's loss of honours for the
year (第十四条), referrals (第十二条第二款、第十六条) and the notices to the organization and
personnel departments (第十八条). ``rectification_mark_done`` records a rectification.

Both are steps declared once over the decision and rectification machines (``machine.py``)
and taken by the workflow runner. A decision's effects are written after it, each with its own
audit entry after the decision's (``Outcome.options["then"]``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.audit.services import actor_label
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.rules.basis import rules
from xinfang.workflow import Act, Outcome, Step, run

from ..choices import (
    HONOUR_MEASURES,
    RECTIFYING_MEASURES,
    DecisionState,
    NoticeRole,
    OrganizationalOption,
    OrganMeasure,
    PersonMeasure,
    ReferralTarget,
)
from ..models import (
    AccountabilityCase,
    CaseParticipant,
    Decision,
    HonourDisqualification,
    Notice,
    Rectification,
    Referral,
)
from ..selectors import organs_with_role_at_level_of
from .machine import CASE, DECISION, LEAD, RECTIFICATION, Action, Entry, Transition

REASONS_MAX = 5000
#: Where a referral goes: the organ with this role at the authority's level.
REFERRAL_ROLE = {
    ReferralTarget.DISCIPLINE: OrganRole.DISCIPLINE,
    # 涉嫌违法犯罪的，按照国家有关法律规定处理: the procuratorate of the same level.
    ReferralTarget.JUDICIAL: OrganRole.PROCURATORATE,
}
REFERRAL_BASIS = {
    ReferralTarget.DISCIPLINE: [str(rules(16))],
    ReferralTarget.JUDICIAL: [str(rules(12, 2))],
}


def _clean_decision(
    decision: Decision,
    *,
    measures: Sequence[str],
    options: Sequence[str],
    reasons: str,
    rectification_due: dt.date | None,
    decided_on: dt.date,
    today: dt.date,
) -> tuple[list[str], list[str], bool, str]:
    errors: dict[str, list[ValidationError]] = {}
    allowed = PersonMeasure.values if decision.person_id else OrganMeasure.values
    chosen = list(dict.fromkeys(str(m) for m in measures))
    if any(m not in allowed for m in chosen):
        errors["measures"] = [ValidationError(_("追责方式无效。"), code="invalid_choice")]
    picked = list(dict.fromkeys(str(o) for o in options))
    if any(o not in OrganizationalOption.values for o in picked):
        errors["options"] = [ValidationError(_("组织处理措施无效。"), code="invalid_choice")]
    if PersonMeasure.ORGANIZATIONAL_MEASURE in chosen and not picked:
        errors["options"] = [
            ValidationError(
                _("决定组织调整或者组织处理的，请选择具体措施（细则第十五条）。"),
                code="options_required",
            )
        ]
    if PersonMeasure.ORGANIZATIONAL_MEASURE not in chosen:
        picked = []
    text = (reasons or "").strip()
    differs = set(chosen) != set(decision.recommended_measures)
    if differs and not text:
        # 有管理权限的党政机关可以不采纳建议，但须说明理由。
        errors["reasons"] = [
            ValidationError(_("决定与建议不一致的，必须说明理由。"), code="reasons_required")
        ]
    if decided_on > today:
        errors["decided_on"] = [ValidationError(_("决定日期不能晚于今天。"), code="future")]
    sent_on = timezone.localtime(decision.recommendation.sent_at).date()
    if decided_on < sent_on:
        errors["decided_on"] = [
            ValidationError(_("决定日期不能早于建议送达日期。"), code="before_recommendation")
        ]
    needs_due = decision.person_id is not None and any(m in RECTIFYING_MEASURES for m in chosen)
    if needs_due and rectification_due is None:
        errors["rectification_due"] = [
            ValidationError(
                _("通报、诫勉应当限期整改，请填写整改期限（细则第十三条、第十四条）。"),
                code="rectification_due_required",
            )
        ]
    if (
        decision.person_id is not None
        and rectification_due is not None
        and not needs_due
        and "rectification_due" not in errors
    ):
        errors["rectification_due"] = [
            ValidationError(
                _(
                    "限期整改随通报、诫勉而定（细则第十三条、第十四条）；"
                    "未给予通报或诫勉的，不填写整改期限。"
                ),
                code="rectification_without_measure",
            )
        ]
    elif rectification_due is not None and rectification_due <= decided_on:
        errors["rectification_due"] = [
            ValidationError(_("整改期限应晚于决定日期。"), code="rectification_due_past")
        ]
    if errors:
        raise ValidationError(errors)
    return chosen, picked, differs, text[:REASONS_MAX]


def _rectifying_measure(measures: Sequence[str]) -> str:
    if PersonMeasure.ADMONISHMENT in measures:
        return PersonMeasure.ADMONISHMENT
    if PersonMeasure.CIRCULATED_NOTICE in measures:
        return PersonMeasure.CIRCULATED_NOTICE
    return ""


def _effects(decision: Decision, *, rectification_due: dt.date | None) -> list[Entry]:
    """Rectification, honours, referrals and notices of a decision just recorded; the audit
    entries of what they made."""
    case = decision.case
    authority = decision.recommendation.authority
    measures = list(decision.decided_measures)
    assert decision.decided_on is not None
    entries: list[Entry] = []
    due = rectification_due
    if due is not None:
        rectification = Rectification.objects.create(
            decision=decision,
            case=case,
            person=decision.person,
            organ=decision.organ,
            measure=_rectifying_measure(measures) if decision.person_id else "",
            due=due,
        )
        entries.append(
            {
                "action": "accountability.rectification.ordered",
                "target": rectification,
                "details": {"decision": decision.pk, "due": due.isoformat()},
            }
        )
    if decision.person_id and any(m in HONOUR_MEASURES for m in measures):
        # 细则第十四条：同时，取消该地区、部门和单位本年度评选综合性荣誉称号的资格。第十五条 says
        # nothing of honours; its graver facts reach them through 第十四条 a fortiori.
        basis = [str(rules(14))]
        honour, created = HonourDisqualification.objects.get_or_create(
            organ=case.organ,
            year=decision.decided_on.year,
            case=case,
            defaults={"decision": decision, "basis": basis},
        )
        if created:
            entries.append(
                {
                    "action": "accountability.honour.disqualified",
                    "target": honour,
                    "details": {"organ": case.organ_id, "year": honour.year, "basis": basis},
                }
            )
    targets: list[str] = []
    if decision.person_id and PersonMeasure.DISCIPLINARY_SANCTION in measures:
        targets.append(ReferralTarget.DISCIPLINE)
    if (
        decision.person_id
        and CaseParticipant.objects.filter(
            case_id=case.pk, person_id=decision.person_id, suspected_crime=True
        ).exists()
    ):
        targets.append(ReferralTarget.JUDICIAL)
    for target in targets:
        assert decision.person is not None  # referrals name a person
        organs = organs_with_role_at_level_of(authority, REFERRAL_ROLE[ReferralTarget(target)])
        referral = Referral.objects.create(
            decision=decision,
            case=case,
            person=decision.person,
            target=target,
            to_organ=organs[0] if organs else None,
            basis=REFERRAL_BASIS[ReferralTarget(target)],
        )
        entries.append(
            {
                "action": "accountability.referral.made",
                "target": referral,
                "details": {
                    "target": target,
                    "to_organ": referral.to_organ_id,
                    "person": decision.person_id,
                },
            }
        )
    if measures:
        entries += _notify(decision, authority)
    return entries


def _notify(decision: Decision, authority: Organ) -> list[Entry]:
    """Notify the organization and personnel departments of the authority's level (第十八条)."""
    entries: list[Entry] = []
    for role in (NoticeRole.ORGANIZATION, NoticeRole.PERSONNEL):
        for organ in organs_with_role_at_level_of(authority, role):
            notice, created = Notice.objects.get_or_create(
                decision=decision, to_organ=organ, defaults={"case": decision.case, "role": role}
            )
            if created:
                entries.append(
                    {
                        "action": "accountability.notice.sent",
                        "target": notice,
                        "details": {
                            "decision": decision.pk,
                            "to_organ": organ.pk,
                            "role": str(role),
                        },
                    }
                )
    return entries


@dataclass(frozen=True)
class DecisionInput:
    """The authority's decision: the measures (and for an organizational measure the options
    of 细则第十五条), the reasons where it differs from the recommendation, the rectification
    deadline of a 通报 or 诫勉, and the day (today unless given). Checked against the pending
    decision, under the lock."""

    measures: Sequence[str]
    options: Sequence[str] = ()
    reasons: str = ""
    rectification_due: dt.date | None = None
    decided_on: dt.date | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        # Every check needs the decision as recommended; the entry records the decision.
        return {}


def _decide_effect(act: Act[Decision, DecisionInput], transition: Transition) -> Outcome:
    decision, data = act.subject, act.data
    day = data.decided_on or act.on
    chosen, picked, differs, text = _clean_decision(
        decision,
        measures=data.measures,
        options=data.options,
        reasons=data.reasons,
        rectification_due=data.rectification_due,
        decided_on=day,
        today=act.on,
    )
    decision.decided_measures = chosen
    decision.decided_options = picked
    decision.differs = differs
    decision.reasons = text
    decision.decided_on = day
    decision.decided_at = act.at
    decision.decided_by = actor_label(act.actor)
    due = data.rectification_due
    details = {
        "case": decision.case_id,
        "authority": decision.recommendation.authority_id,
        "person": decision.person_id,
        "organ": decision.organ_id,
        "recommended": decision.recommended_measures,
        "decided": chosen,
        "options": picked,
        "differs": differs,
        "reasons": text,
        "decided_on": day.isoformat(),
        "rectification_due": due.isoformat() if due else None,
    }
    # The whole decision is saved (no ``fields``).
    return Outcome(details=details)


def _decide_after(
    act: Act[Decision, DecisionInput], transition: Transition, outcome: Outcome
) -> None:
    decision = act.subject
    then = _effects(decision, rectification_due=act.data.rectification_due)
    then += _close_case_if_decided(decision.case, at=act.at)
    outcome.options["then"] = then


DECIDE = Step(DECISION, Action.DECIDE, DecisionInput, effect=_decide_effect, after=_decide_after)


def decision_record(
    *,
    decision: Decision,
    measures: Sequence[str],
    actor: Any,
    options: Sequence[str] = (),
    reasons: str = "",
    rectification_due: dt.date | None = None,
    decided_on: dt.date | None = None,
) -> Decision:
    """Record the authority's decision on one person or the organ, and its effects.

    It may differ from the recommendation only with stated reasons; 通报 and 诫勉 need a
    rectification deadline. When the last decision of a case is recorded the case is decided
    and its lead closed.
    """
    data = DecisionInput(
        measures=measures,
        options=options,
        reasons=reasons,
        rectification_due=rectification_due,
        decided_on=decided_on,
    )
    return run(DECIDE, decision, organ=None, actor=actor, data=data)


def _close_case_if_decided(case: AccountabilityCase, *, at: dt.datetime) -> list[Entry]:
    """The case is decided, and its lead closed, once no decision of it is pending."""
    if Decision.objects.filter(case_id=case.pk, state=DecisionState.PENDING).exists():
        return []
    decided = CASE.follow(case, Action.CONCLUDE, details={"lead": case.lead_id}, decided_at=at)
    LEAD.follow(case.lead, Action.CLOSE)  # the case's entry names the lead
    return [decided]


@dataclass(frozen=True)
class RectifiedInput:
    """The material that shows the rectification done, and when it was done (not later than
    now)."""

    evidence: str
    rectified_at: dt.datetime

    @property
    def text(self) -> str:
        return (self.evidence or "").strip()

    def clean(self, on: dt.date) -> dict[str, Any]:
        if not self.text:
            raise ValidationError(
                {"evidence": [ValidationError(_("请说明整改情况或材料。"), code="required")]}
            )
        if self.rectified_at > timezone.now():
            raise ValidationError(
                {"rectified_at": [ValidationError(_("完成时间不能晚于现在。"), code="future")]}
            )
        return {"rectified_at": self.rectified_at.isoformat()}


def _mark_done_effect(act: Act[Rectification, RectifiedInput], transition: Transition) -> Outcome:
    rectification = act.subject
    rectification.rectified_at = act.data.rectified_at
    rectification.evidence = act.data.text[:REASONS_MAX]
    rectification.marked_by = actor_label(act.actor)
    return Outcome(
        details={"in_time": rectification.rectified_in_time},
        options={"fields": ["rectified_at", "evidence", "marked_by"]},
    )


MARK_DONE = Step(RECTIFICATION, Action.MARK_DONE, RectifiedInput, effect=_mark_done_effect)


def rectification_mark_done(
    *,
    rectification: Rectification,
    evidence: str,
    actor: Any,
    rectified_at: dt.datetime | None = None,
) -> Rectification:
    """Record that the rectification was completed, with the material that shows it."""
    data = RectifiedInput(evidence=evidence, rectified_at=rectified_at or timezone.now())
    return run(MARK_DONE, rectification, organ=None, actor=actor, data=data)
