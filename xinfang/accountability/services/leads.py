"""Writes of leads (线索): recorded by detection or filed by hand, dismissed with a reason; a
signal (待研判信号) promoted to a lead.

Each function is one transaction and writes its audit entry in it. A detected lead is keyed by
``dedup_key``; creating it twice returns the first one (the unique constraint settles a race
between two concurrent runs). Recording and filing create a lead, with nothing to lock or move;
dismissing and promoting are steps over the lead machine (``machine.LEAD``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.choices import PortfolioSubject
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Matter
from xinfang.rules.profiles import earliest_effective
from xinfang.workflow import Act, Outcome, Step, run

from ..choices import MANUAL_KINDS, LeadSource, LeadTier
from ..models import Lead, LeadDutyHolder, Rectification
from ..selectors import (
    DutyHolder,
    duty_holders_on,
    failed_work_subject,
    role_of_person_on,
    supervising_leader_unclear,
)
from .machine import LEAD, Action, ReasonInput, Transition

SUMMARY_MAX = 2000


def _holders_json(holders: Sequence[DutyHolder]) -> list[dict[str, Any]]:
    return [
        {
            "person": h.person.pk,
            "name": h.person.name,
            "role": str(h.role),
            "position": h.position.pk if h.position else None,
        }
        for h in holders
    ]


def _save_holders(lead: Lead, holders: Sequence[DutyHolder]) -> None:
    LeadDutyHolder.objects.bulk_create(
        [
            LeadDutyHolder(
                lead=lead, person=h.person, organ=h.organ, position=h.position, role=str(h.role)
            )
            for h in holders
        ],
        ignore_conflicts=True,
    )


def _create(lead: Lead, holders: Sequence[DutyHolder], *, actor: Any, action: str) -> None:
    """Save a new lead with its duty holders and write its audit entry, in the caller's
    transaction."""
    # The unique constraint on ``dedup_key`` is left to the database: it is the arbiter between
    # concurrent runs of detection (an IntegrityError), not a read before the write.
    lead.full_clean(validate_unique=False, validate_constraints=False)
    lead.save()
    _save_holders(lead, holders)
    keyed = {"dedup_key": lead.dedup_key} if lead.source == LeadSource.DETECTED else {}
    audit_record(
        actor=actor,
        action=action,
        target=lead,
        details={
            "kind": lead.kind,
            "tier": lead.tier,
            "ground": lead.ground,
            "organ": lead.organ_id,
            "failure_date": lead.failure_date.isoformat(),
            **keyed,
            "duty_holders": _holders_json(holders),
            "work_subject": lead.work_subject,
            "supervising_leader_unclear": lead.supervising_leader_unclear,
            "evidence": lead.evidence,
        },
    )


def lead_record_detected(
    *,
    kind: str,
    ground: int,
    organ: Organ,
    failure_date: dt.date,
    dedup_key: str,
    summary: str,
    evidence: list[dict[str, Any]],
    actor: Any,
    summary_params: dict[str, Any] | None = None,
    holders: Sequence[DutyHolder] | None = None,
    matter_id: int | None = None,
    rectification: Rectification | None = None,
    work_subject: str | None = None,
    tier: str = LeadTier.LEAD,
) -> tuple[Lead, bool]:
    """Record a detected lead once; returns the lead and whether this call created it.

    ``work_subject`` is the portfolio that covers the work that failed
    (``failed_work_subject``; "" when the registry cannot tell); with it the lead records
    whether the registry names a 直接主管的负责人 among ``holders`` (细则第十一条第二款).
    None for a lead whose duty holders are not the organ's team (an escalation names the
    person who failed to rectify). ``holders`` defaults to the duty holders at ``organ`` on
    ``failure_date`` for that subject (petition work when none is given).
    ``summary_params`` (a code and its values, ``xinfang.accountability.summaries``) let pages
    show the summary in the reader's language; ``summary`` is its Chinese text. ``tier`` is
    ``signal`` for what the data only suggests (细则第十一条第一款第三、六、八项), for the
    petition office to promote or dismiss.
    """
    if not 1 <= ground <= 9:
        raise ValueError(f"the grounds of 细则第十一条 run from 1 to 9, not {ground}")
    existing = Lead.objects.filter(dedup_key=dedup_key).first()
    if existing is not None:
        return existing, False
    if holders is None:
        subject = PortfolioSubject.PETITION if work_subject is None else work_subject
        holders = duty_holders_on(organ, failure_date, subject=subject)
    unclear = work_subject is not None and supervising_leader_unclear(work_subject, holders)
    try:
        with transaction.atomic():
            lead = Lead(
                source=LeadSource.DETECTED,
                kind=kind,
                tier=tier,
                ground=ground,
                organ=organ,
                failure_date=failure_date,
                summary=summary[:SUMMARY_MAX],
                summary_params=summary_params or {},
                evidence=evidence,
                dedup_key=dedup_key,
                matter_id=matter_id,
                rectification=rectification,
                work_subject=work_subject or "",
                supervising_leader_unclear=unclear,
                created_by=actor_label(actor),
            )
            _create(lead, holders, actor=actor, action="accountability.lead.detected")
    except IntegrityError:
        # A concurrent run created it first: the constraint is the arbiter.
        found = Lead.objects.filter(dedup_key=dedup_key).first()
        if found is None:
            raise
        return found, False
    return lead, True


def lead_file_manual(
    *,
    kind: str,
    ground: int,
    organ: Organ,
    failure_date: dt.date,
    summary: str,
    actor: Any,
    evidence: Iterable[dict[str, Any]] = (),
    persons: Iterable[Person] = (),
    matter_id: int | None = None,
) -> Lead:
    """File a lead by hand, from a complaint or an inspection finding (细则第十七条第二款).

    The duty holders are those at ``organ`` on ``failure_date`` from the positions then in
    force — the principal leader and the leaders whose portfolio covers the work that failed
    (``failed_work_subject``: petition work at a petition office, the category of the matter
    at a department) — plus the ``persons`` named, each with the role their position gave them
    that day; a person who held no position there that day is refused. Where the registry
    cannot tell the 直接主管的负责人 the lead says so (细则第十一条第二款).
    """
    errors: dict[str, list[ValidationError]] = {}
    if kind not in [k.value for k in MANUAL_KINDS]:
        errors["kind"] = [ValidationError(_("该类型的线索由系统发现，不能人工录入。"), code="kind")]
    if not isinstance(ground, int) or not 1 <= ground <= 9:
        errors["ground"] = [
            ValidationError(_("涉嫌情形应为第十一条第一款第一至九项。"), code="ground")
        ]
    text = (summary or "").strip()
    if not text:
        errors["summary"] = [ValidationError(_("请填写线索摘要。"), code="required")]
    elif len(text) > SUMMARY_MAX:
        errors["summary"] = [ValidationError(_("摘要过长。"), code="max_length")]
    if failure_date > timezone.localdate():
        errors["failure_date"] = [ValidationError(_("失职失责日期不能晚于今天。"), code="future")]
    elif failure_date < earliest_effective():
        errors["failure_date"] = [
            ValidationError(
                _("失职失责日期早于细则施行日期（%(date)s），不能依细则追究责任。")
                % {"date": earliest_effective().isoformat()},
                code="before_rules",
            )
        ]
    matter = (
        Matter.objects.filter(pk=matter_id).select_related("category__parent").first()
        if matter_id is not None
        else None
    )
    subject = failed_work_subject(organ, matter=matter)
    holders = duty_holders_on(organ, failure_date, subject=subject)
    # What the registry tells, before the people the clerk names are added.
    unclear = supervising_leader_unclear(subject, holders)
    known = {h.person.pk for h in holders}
    for person in persons:
        if person.pk in known:
            continue
        found = role_of_person_on(person, organ, failure_date)
        if found is None:
            errors.setdefault("persons", []).append(
                ValidationError(
                    _("%(name)s 在该日期未在该机构任职，不承担该项职责。") % {"name": person.name},
                    code="not_in_position",
                )
            )
            continue
        role, position = found
        holders.append(DutyHolder(person, organ, position, role))
        known.add(person.pk)
    if errors:
        raise ValidationError(errors)
    refs = [dict(item) for item in evidence]
    with transaction.atomic():
        lead = Lead(
            source=LeadSource.MANUAL,
            kind=kind,
            ground=ground,
            organ=organ,
            failure_date=failure_date,
            summary=text,
            evidence=refs,
            dedup_key=f"manual:{uuid.uuid4().hex}",
            matter_id=matter_id,
            work_subject=subject,
            supervising_leader_unclear=unclear,
            created_by=actor_label(actor),
        )
        _create(lead, holders, actor=actor, action="accountability.lead.filed")
    return lead


def _dismiss_effect(act: Act[Lead, ReasonInput], transition: Transition) -> Outcome:
    act.subject.state_reason = act.values["reason"]
    return Outcome(options={"fields": ["state_reason"]})


DISMISS = Step(LEAD, Action.DISMISS, ReasonInput, effect=_dismiss_effect)


def lead_dismiss(*, lead: Lead, reason: str, actor: Any) -> Lead:
    """Close an open lead without a case, for a stated reason (不予追究)."""
    return run(DISMISS, lead, organ=None, actor=actor, data=ReasonInput(reason=reason))


@dataclass(frozen=True)
class PromoteInput:
    """Why the signal is worth investigating (optional)."""

    note: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        note = (self.note or "").strip()
        if len(note) > SUMMARY_MAX:
            raise ValidationError({"note": [ValidationError(_("说明过长。"), code="max_length")]})
        return {"note": note}


def _promote_effect(act: Act[Lead, PromoteInput], transition: Transition) -> Outcome:
    act.subject.tier = LeadTier.LEAD
    details = {"from": LeadTier.SIGNAL.value, "to": LeadTier.LEAD.value, "kind": act.subject.kind}
    if act.values["note"]:
        details["note"] = act.values["note"]
    return Outcome(details=details, options={"fields": ["tier"]})


PROMOTE = Step(LEAD, Action.PROMOTE, PromoteInput, effect=_promote_effect)


def lead_promote(*, lead: Lead, actor: Any, note: str = "") -> Lead:
    """Make an open signal (待研判信号) a lead: it stays open, now for investigation
    (细则第十七条第二款); the audit trail keeps who promoted it and why."""
    return run(PROMOTE, lead, organ=None, actor=actor, data=PromoteInput(note=note))
