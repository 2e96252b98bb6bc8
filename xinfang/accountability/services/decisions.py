"""Writes of the managing authority (细则第十七条第一款) and of the measures taking effect.

``decision_record`` records the decision on one person or organ and, in the same transaction,
its effects: the rectification item (第十三条、第十四条), the organ's loss of honours for the
year (第十四条), referrals (第十二条第二款、第十六条) and the notices to the organization and
personnel departments (第十八条). ``rectification_mark_done`` records a rectification.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.refusals import Refused
from xinfang.rules.basis import rules

from ..choices import (
    HONOUR_MEASURES,
    RECTIFYING_MEASURES,
    CaseState,
    DecisionState,
    LeadState,
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
    Lead,
    Notice,
    Rectification,
    Referral,
)
from ..selectors import organs_with_role_at_level_of

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
    today = timezone.localdate()
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


def _effects(decision: Decision, *, rectification_due: dt.date | None, actor: Any) -> None:
    """Rectification, honours, referrals and notices of a decision just recorded."""
    case = decision.case
    authority = decision.recommendation.authority
    measures = list(decision.decided_measures)
    assert decision.decided_on is not None
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
        audit_record(
            actor=actor,
            action="accountability.rectification.ordered",
            target=rectification,
            details={"decision": decision.pk, "due": due.isoformat()},
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
            audit_record(
                actor=actor,
                action="accountability.honour.disqualified",
                target=honour,
                details={"organ": case.organ_id, "year": honour.year, "basis": basis},
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
        audit_record(
            actor=actor,
            action="accountability.referral.made",
            target=referral,
            details={
                "target": target,
                "to_organ": referral.to_organ_id,
                "person": decision.person_id,
            },
        )
    if measures:
        _notify(decision, authority, actor=actor)


def _notify(decision: Decision, authority: Organ, *, actor: Any) -> None:
    """Notify the organization and personnel departments of the authority's level (第十八条)."""
    for role in (NoticeRole.ORGANIZATION, NoticeRole.PERSONNEL):
        for organ in organs_with_role_at_level_of(authority, role):
            notice, created = Notice.objects.get_or_create(
                decision=decision, to_organ=organ, defaults={"case": decision.case, "role": role}
            )
            if created:
                audit_record(
                    actor=actor,
                    action="accountability.notice.sent",
                    target=notice,
                    details={"decision": decision.pk, "to_organ": organ.pk, "role": str(role)},
                )


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
    day = decided_on or timezone.localdate()
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("recommendation", "recommendation__authority", "case", "case__organ")
            .get(pk=decision.pk)
        )
        if decision.state != DecisionState.PENDING:
            raise Refused(_("该决定已记录，不能重复作出。"), code="already_decided")
        chosen, picked, differs, text = _clean_decision(
            decision,
            measures=measures,
            options=options,
            reasons=reasons,
            rectification_due=rectification_due,
            decided_on=day,
        )
        decision.state = DecisionState.DECIDED
        decision.decided_measures = chosen
        decision.decided_options = picked
        decision.differs = differs
        decision.reasons = text
        decision.decided_on = day
        decision.decided_at = timezone.now()
        decision.decided_by = actor_label(actor)
        decision.save()
        audit_record(
            actor=actor,
            action="accountability.decision.recorded",
            target=decision,
            details={
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
                "rectification_due": rectification_due.isoformat() if rectification_due else None,
            },
        )
        _effects(decision, rectification_due=rectification_due, actor=actor)
        _close_case_if_decided(decision.case, actor=actor)
    return decision


def _close_case_if_decided(case: AccountabilityCase, *, actor: Any) -> None:
    if Decision.objects.filter(case_id=case.pk, state=DecisionState.PENDING).exists():
        return
    AccountabilityCase.objects.filter(pk=case.pk).update(
        state=CaseState.DECIDED, decided_at=timezone.now()
    )
    Lead.objects.filter(pk=case.lead_id).update(state=LeadState.CLOSED)
    audit_record(
        actor=actor,
        action="accountability.case.decided",
        object_type="accountability.accountabilitycase",
        object_id=str(case.pk),
        details={"lead": case.lead_id},
    )


def rectification_mark_done(
    *,
    rectification: Rectification,
    evidence: str,
    actor: Any,
    rectified_at: dt.datetime | None = None,
) -> Rectification:
    """Record that the rectification was completed, with the material that shows it."""
    text = (evidence or "").strip()
    if not text:
        raise ValidationError(
            {"evidence": [ValidationError(_("请说明整改情况或材料。"), code="required")]}
        )
    moment = rectified_at or timezone.now()
    if moment > timezone.now():
        raise ValidationError(
            {"rectified_at": [ValidationError(_("完成时间不能晚于现在。"), code="future")]}
        )
    with transaction.atomic():
        rectification = Rectification.objects.select_for_update(of=("self",)).get(
            pk=rectification.pk
        )
        if rectification.rectified_at is not None:
            raise Refused(_("该整改事项已确认完成。"), code="already_rectified")
        rectification.rectified_at = moment
        rectification.evidence = text[:REASONS_MAX]
        rectification.marked_by = actor_label(actor)
        rectification.save(update_fields=["rectified_at", "evidence", "marked_by"])
        audit_record(
            actor=actor,
            action="accountability.rectification.done",
            target=rectification,
            details={
                "rectified_at": moment.isoformat(),
                "in_time": rectification.rectified_in_time,
            },
        )
    return rectification
