"""Writes of 细则第四条第一款 on major decisions: the register, the social stability risk
assessment (社会稳定风险评估) of a decision, and the petition matters a clerk links to a
decision as arising from it (第十一条第一款第一项: 导致信访问题产生).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.accountability.selectors import role_of_person_on
from xinfang.audit.services import audit_record
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import organs_of_user
from xinfang.petitions.matters.models import Matter
from xinfang.refusals import Refused
from xinfang.rules.basis import rules

from ..models.agenda import MajorDecision, RiskAssessment, RiskLevel
from .agenda import Errors, add_error, check_day, check_text, may_act_for


def decision_record(
    *,
    organ: Organ,
    title: str,
    decided_on: dt.date | None,
    decision_maker: Person | None,
    in_scope: bool,
    actor: Any,
    description: str = "",
) -> MajorDecision:
    """Enter a major decision in the register. The decision maker held a post at the organ on
    the day (the registry says which: 细则第十一条第二款 allocates by the post)."""
    may_act_for(actor, organ, action="duties.decision.record")
    errors: Errors = {}
    title_text = check_text(errors, "title", title, limit=200)
    text = check_text(errors, "description", description, limit=5000, required=False)
    check_day(errors, "decided_on", decided_on, timezone.localdate())
    if decision_maker is None:
        add_error(errors, "decision_maker", _("请指定决策人。"), "required")
    elif decided_on is not None and role_of_person_on(decision_maker, organ, decided_on) is None:
        add_error(
            errors,
            "decision_maker",
            _("决策人在决策之日未在该机关任职。"),
            "not_in_post",
        )
    if errors:
        raise ValidationError(errors)
    assert decision_maker is not None and decided_on is not None
    with transaction.atomic():
        decision = MajorDecision.objects.create(
            organ=organ,
            title=title_text,
            decided_on=decided_on,
            decision_maker=decision_maker,
            in_scope=bool(in_scope),
            description=text,
        )
        audit_record(
            actor=actor,
            action="duties.decision.recorded",
            target=decision,
            details={
                "organ": organ.pk,
                "decided_on": str(decided_on),
                "decision_maker": decision_maker.pk,
                "in_scope": bool(in_scope),
            },
        )
    return decision


def risk_assessment_record(
    *,
    decision: MajorDecision,
    assessed_on: dt.date | None,
    conclusion: str,
    risk_level: str,
    actor: Any,
    measures: str = "",
) -> RiskAssessment:
    """Record the stability risk assessment of a decision; a decision has one. One dated after
    the decision is recorded as it was done: late (细则第四条第一款 wants it before)."""
    may_act_for(actor, decision.organ, action="duties.assessment.record")
    errors: Errors = {}
    check_day(errors, "assessed_on", assessed_on, timezone.localdate())
    conclusion_text = check_text(errors, "conclusion", conclusion, limit=5000)
    measures_text = check_text(errors, "measures", measures, limit=5000, required=False)
    if risk_level not in RiskLevel.values:
        add_error(errors, "risk_level", _("请选择风险等级。"), "invalid_choice")
    if errors:
        raise ValidationError(errors)
    assert assessed_on is not None
    with transaction.atomic():
        MajorDecision.objects.select_for_update().filter(pk=decision.pk).first()
        if RiskAssessment.objects.filter(decision_id=decision.pk).exists():
            raise Refused(
                _("该决策已有社会稳定风险评估记录。"),
                code="already_assessed",
                basis=(rules(4, 1),),
            )
        assessment = RiskAssessment.objects.create(
            decision=decision,
            assessed_on=assessed_on,
            conclusion=conclusion_text,
            risk_level=risk_level,
            measures=measures_text,
        )
        audit_record(
            actor=actor,
            action="duties.assessment.recorded",
            target=assessment,
            details={
                "decision": decision.pk,
                "assessed_on": str(assessed_on),
                "risk_level": risk_level,
                "before_decision": assessed_on <= decision.decided_on,
            },
        )
    return assessment


def may_link_matters(actor: Any, decision: MajorDecision) -> None:
    """Who links matters to a decision: someone acting for the deciding organ, or the staff of
    a petition office of its region (信访部门 analyse where petitions come from: 细则第六条)."""
    if not isinstance(actor, str):
        for organ in organs_of_user(actor):
            offices = organ.has_role(OrganRole.PETITION_OFFICE)
            if offices and organ.region_code == decision.organ.region_code:
                return
    may_act_for(actor, decision.organ, action="duties.decision.link_matter")


def _relink(*, decision: MajorDecision, matter: Matter, actor: Any, link: bool) -> MajorDecision:
    may_link_matters(actor, decision)
    with transaction.atomic():
        MajorDecision.objects.select_for_update().filter(pk=decision.pk).first()
        linked = decision.matters.filter(pk=matter.pk).exists()
        if link and linked:
            raise Refused(_("该信访事项已与此决策关联。"), code="already_linked")
        if not link and not linked:
            raise Refused(_("该信访事项未与此决策关联。"), code="not_linked")
        (decision.matters.add if link else decision.matters.remove)(matter)
        audit_record(
            actor=actor,
            action="duties.decision.matter_linked" if link else "duties.decision.matter_unlinked",
            target=decision,
            details={"matter": matter.pk},
        )
    return decision


def decision_link_matter(*, decision: MajorDecision, matter: Matter, actor: Any) -> MajorDecision:
    """Link a petition matter to the decision it arose from (the caller checked the actor may
    read the matter)."""
    return _relink(decision=decision, matter=matter, actor=actor, link=True)


def decision_unlink_matter(*, decision: MajorDecision, matter: Matter, actor: Any) -> MajorDecision:
    """Undo a link (the matter did not arise from the decision)."""
    return _relink(decision=decision, matter=matter, actor=actor, link=False)
