"""Extension of the handling period (延期): asked for by the handling organ, approved or refused
by its responsible person.

信访条例(2005)第三十三条 and 信访工作条例(2022)第三十四条: a complex matter's handling period may
be extended, by at most 30 days, with the approval of the handling organ's responsible person
(负责人), and the petitioner is told the reason. Staff ask (``matter_extension_request``); the
handling period keeps running while the request waits; a responsible person — the principal or
a supervising leader, taken from the acting account, never picked from a list — approves
(``matter_extension_approve``: the due date moves, the notice to the petitioner states the
reason) or refuses with the reason (``matter_extension_refuse``). An approval given on paper is
recorded with the approval document's reference (批准文件文号). A responsible person who asks
decides at once (``matter_extend``: asked, decided and documented in one step).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.audit.services import actor_label
from xinfang.orgs.models import Organ, Person, Position
from xinfang.orgs.selectors import held_on, person_of_user
from xinfang.rules.basis import Basis
from xinfang.rules.procedure import (
    Action,
    Decision,
    ExtensionApproval,
    TransitionContext,
    TransitionRefused,
    check_extension_approval,
)
from xinfang.rules.profiles import Profile
from xinfang.workflow import Act, Outcome, Step, act_time, run

from ..choices import ExtensionStatus
from ..errors import MatterRefused
from ..models import ExtensionRequest, Matter
from .common import Step as Applied
from .common import (
    assert_user_may_act,
    decide,
    follow_handle_due,
    handling_way_of,
    period_in_force,
    procedural_actor,
    profile_of,
    require_text,
    running_clock,
)
from .machine import MATTER, MATTER_EVENT

DOCUMENT_REF_MAX = 100


def _extension_source(matter: Matter) -> tuple[Basis, ...]:
    """The extension's citations, from the handling period as its clock reads it
    (``period_in_force`` on the day handling started, as ``deadline`` computed it)."""
    handle = running_clock(matter, "handle")
    on = handle.started_on if handle is not None else timezone.localdate()
    return period_in_force(profile=profile_of(matter), period="handle", on=on).extension_source


def _check_extension(matter: Matter, organ: Organ, *, days: int, today: dt.date) -> Any:
    """The rules' decision on extending by ``days`` today (state, organ, limit, expiry)."""
    handle = running_clock(matter, "handle")
    return decide(
        matter,
        Action.EXTEND,
        actor=procedural_actor(matter, organ),
        profile=profile_of(matter),
        context=TransitionContext(
            extension_days=days,
            handling_expired=handle is not None and handle.due < today,
            handling_way=handling_way_of(matter),
        ),
    )


def _deciding_person(actor: Any, approver: Person | None) -> Person | None:
    """Who decides: the person of the acting account; ``approver`` only for an actor without
    one (a command or an import), never in place of a signed-in user."""
    if isinstance(actor, AbstractBaseUser):
        person = person_of_user(actor)
        if approver is not None and (person is None or approver.pk != person.pk):
            raise ValidationError(
                {"approver": ValidationError(_("批准人就是操作账号本人，不能代他人批准。"))}
            )
        return person
    return approver


def _approval(
    *,
    profile: Profile,
    organ: Organ,
    person: Person | None,
    document_ref: str,
    today: dt.date,
) -> ExtensionApproval:
    """How the extension is approved (the rules decide), or ``extension_approver``."""
    kinds: list[str] = []
    if person is not None:
        kinds = list(
            Position.objects.filter(held_on(today), person_id=person.pk, organ_id=organ.pk)
            .values_list("kind", flat=True)
            .distinct()
        )
    try:
        return check_extension_approval(
            profile=profile, approver_positions=kinds, document_ref=document_ref
        )
    except TransitionRefused as exc:
        raise MatterRefused.from_rules(exc) from None


def _clean_document_ref(document_ref: str) -> str:
    value = (document_ref or "").strip()
    if len(value) > DOCUMENT_REF_MAX:
        raise ValidationError(
            {
                "document_ref": ValidationError(
                    _("批准文件文号不能超过 %(limit)d 个字。") % {"limit": DOCUMENT_REF_MAX},
                    code="max_length",
                )
            }
        )
    return value


@dataclass(frozen=True)
class ExtensionInput:
    """An extension asked for (``days``, ``reason``) or decided: how it is approved, by whom,
    on which document, what the petitioner is told; ``extension`` the request decided (none
    when it is asked and approved at once)."""

    days: int
    reason: str
    document_ref: str = ""
    notice: str = ""
    how: ExtensionApproval | None = None
    person: Person | None = None
    extension: ExtensionRequest | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        require_text(reason=self.reason)
        _clean_document_ref(self.document_ref)
        return {}


def _extension_context(act: Act[Matter, ExtensionInput]) -> TransitionContext:
    if act.data.extension is not None:
        # A request decided already is answered as such, before the rules look at it again.
        _pending(act.data.extension)
    handle = running_clock(act.subject, "handle")
    return TransitionContext(
        extension_days=act.data.days,
        handling_expired=handle is not None and handle.due < act.on,
        handling_way=handling_way_of(act.subject),
    )


def _extend_effect(act: Act[Matter, ExtensionInput], decision: Decision) -> Outcome:
    """Approve: the request decided, or one asked and approved at once; the handling period is
    counted again from its start with the extra days."""
    data, matter = act.data, act.subject
    extension = _create_request(act) if data.extension is None else data.extension
    act.facts["extension"] = extension
    handle = running_clock(matter, "handle")
    assert handle is not None
    return Outcome(
        options={
            "clock_organ": extension.organ,
            "starts_on": {"handle": handle.started_on},
            "extension_days": decision.extension_days,
        }
    )


def _extend_after(act: Act[Matter, ExtensionInput], applied: Applied, outcome: Outcome) -> None:
    data, matter = act.data, act.subject
    extension: ExtensionRequest = act.facts["extension"]
    how = data.how
    assert how is not None and matter.action_due is not None
    follow_handle_due(matter, matter.action_due)
    document_ref = _clean_document_ref(data.document_ref)
    extension.status = ExtensionStatus.APPROVED
    extension.decided_at = act.at
    extension.decided_by = actor_label(act.actor)
    extension.approval = how.value
    extension.approved_by = data.person if how is ExtensionApproval.LEADER else None
    extension.document_ref = document_ref
    extension.save()
    # 并告知信访人延期理由: the notice the petitioner reads states the reason.
    told = (data.notice or "").strip() or (
        f"经本机关负责人批准，本信访事项的办理期限延长{extension.days}日，"
        f"至{matter.action_due:%Y年%m月%d日}。延期理由：{extension.reason}"
    )
    outcome.details.update(
        days=applied.decision.extension_days,
        extension=extension.pk,
        approval=how.value,
        approver=extension.approved_by_id,
        document_ref=document_ref,
        reason=extension.reason,
        notice=told,
    )


EXTEND = Step(
    MATTER,
    Action.EXTEND,
    ExtensionInput,
    context=_extension_context,
    effect=_extend_effect,
    after=_extend_after,
)


def _create_request(act: Act[Matter, ExtensionInput]) -> ExtensionRequest:
    """Record the request (refused while another waits); one that waits for the responsible
    person has its own event, one approved at once is told by the extension's event."""
    matter, data = act.subject, act.data
    reason = data.reason.strip()
    if ExtensionRequest.objects.filter(
        matter_id=matter.pk, status=ExtensionStatus.PENDING
    ).exists():
        raise MatterRefused(
            "extension_pending",
            "该信访事项已有待批准的延期申请，须先由本机关负责人批准或不予批准",
            "the matter already has an extension request awaiting the responsible person",
            basis=_extension_source(matter),
        )
    try:
        with transaction.atomic():
            extension = ExtensionRequest.objects.create(
                matter=matter,
                organ=act.organ,
                days=data.days,
                reason=reason,
                requested_at=act.at,
                requested_by=actor_label(act.actor),
            )
    except IntegrityError:  # a concurrent request won the race (SQLite: no row lock)
        raise MatterRefused(
            "extension_pending",
            "该信访事项已有待批准的延期申请，须先由本机关负责人批准或不予批准",
            "the matter already has an extension request awaiting the responsible person",
            basis=_extension_source(matter),
        ) from None
    return extension


def _request_effect(act: Act[Matter, ExtensionInput], decision: None) -> Outcome:
    """A request that waits for the responsible person: the rules refuse now what they would
    refuse on approval (state, organ, limit, expiry, the way it is handled)."""
    _check_extension(act.subject, act.organ, days=act.data.days, today=act.on)
    extension = _create_request(act)
    act.facts["extension"] = extension
    return Outcome(
        details={"extension": extension.pk, "days": act.data.days, "reason": extension.reason},
        options={
            "event": "extension_requested",
            "basis": [str(b) for b in _extension_source(act.subject)],
        },
    )


REQUEST_EXTENSION = Step(
    MATTER_EVENT,
    "extension_request",
    ExtensionInput,
    effect=_request_effect,
    audit_action="matter.extend",
)


def _refuse_effect(act: Act[Matter, ExtensionInput], decision: None) -> Outcome:
    extension, person = act.data.extension, act.data.person
    assert extension is not None
    _pending(extension)
    # Only a responsible person decides: refusing is approving's other answer.
    _approval(
        profile=profile_of(act.subject),
        organ=act.organ,
        person=person,
        document_ref="",
        today=act.on,
    )
    assert person is not None
    reason = act.data.reason.strip()
    extension.status = ExtensionStatus.REFUSED
    extension.decided_at = act.at
    extension.decided_by = actor_label(act.actor)
    extension.refusal_reason = reason
    extension.save()
    return Outcome(
        details={
            "extension": extension.pk,
            "days": extension.days,
            "reason": reason,
            "refused_by": person.pk,
        },
        options={
            "event": "extension_refused",
            "basis": [str(b) for b in _extension_source(act.subject)],
        },
    )


REFUSE_EXTENSION = Step(
    MATTER_EVENT,
    "extension_refuse",
    ExtensionInput,
    effect=_refuse_effect,
    audit_action="matter.extend",
)


def _request(
    *,
    matter: Matter,
    organ: Organ,
    days: int,
    reason: str,
    actor: Any,
    approver: Person | None,
    document_ref: str,
    notice: str,
    at: dt.datetime | None,
    must_approve: bool,
) -> ExtensionRequest:
    """Ask; approved at once when the asking account is a responsible person or the approval
    was given on paper (``document_ref``), else the request waits."""
    _moment, today = act_time(at)
    data = ExtensionInput(days=days, reason=reason, document_ref=document_ref, notice=notice)
    data.clean(today)
    assert_user_may_act(actor, organ, action="matter.extend")
    person = _deciding_person(actor, approver)
    how: ExtensionApproval | None = None
    try:
        how = _approval(
            profile=profile_of(matter),
            organ=organ,
            person=person,
            document_ref=_clean_document_ref(document_ref),
            today=today,
        )
    except MatterRefused:
        if must_approve or approver is not None:
            raise
    if how is None:
        run(REQUEST_EXTENSION, matter, organ=organ, actor=actor, data=data, at=at)
    else:
        data = ExtensionInput(
            days=days,
            reason=reason,
            document_ref=document_ref,
            notice=notice,
            how=how,
            person=person,
        )
        run(EXTEND, matter, organ=organ, actor=actor, data=data, at=at)
    extension = (ExtensionRequest.objects.filter(matter_id=matter.pk).order_by("-id")).first()
    assert extension is not None
    return extension


def matter_extension_request(
    *,
    matter: Matter,
    organ: Organ,
    days: int,
    reason: str,
    actor: Any,
    document_ref: str = "",
    at: dt.datetime | None = None,
) -> ExtensionRequest:
    """Ask to extend the handling period by ``days`` with the reason (延期申请).

    The rules refuse now what they would refuse on approval: more than the profile's limit, a
    second extension, a request once the handling period has run out. The request waits for a
    responsible person of ``organ``; the handling period keeps running meanwhile. Asked by a
    responsible person, or with the reference of an approval already given on paper
    (``document_ref``), it is approved at once.
    """
    return _request(
        matter=matter,
        organ=organ,
        days=days,
        reason=reason,
        actor=actor,
        approver=None,
        document_ref=document_ref,
        notice="",
        at=at,
        must_approve=False,
    )


def matter_extend(
    *,
    matter: Matter,
    organ: Organ,
    days: int,
    reason: str,
    actor: Any,
    approver: Person | None = None,
    document_ref: str = "",
    notice: str = "",
    at: dt.datetime | None = None,
) -> Matter:
    """Extend the handling period in one step: asked, approved and documented (延期).

    For a responsible person of ``organ`` acting themselves, or with the reference of an
    approval given on paper; otherwise refused (``extension_approver``). ``approver`` names
    the responsible person only for an actor without an account (a command, an import). The
    new due date counts the handling period plus ``days`` from the day of acceptance.
    """
    _request(
        matter=matter,
        organ=organ,
        days=days,
        reason=reason,
        actor=actor,
        approver=approver,
        document_ref=document_ref,
        notice=notice,
        at=at,
        must_approve=True,
    )
    return matter


def _pending(extension: ExtensionRequest) -> None:
    extension.refresh_from_db()
    if extension.status != ExtensionStatus.PENDING:
        raise MatterRefused(
            "extension_decided",
            "该延期申请已经作出决定",
            "the extension request has already been decided",
            basis=_extension_source(extension.matter),
        )


def matter_extension_approve(
    *,
    extension: ExtensionRequest,
    actor: Any,
    document_ref: str = "",
    notice: str = "",
    approver: Person | None = None,
    at: dt.datetime | None = None,
) -> Matter:
    """A responsible person of the handling organ approves the request: the handling due date
    moves by its days from the day of acceptance, and ``notice`` (by default a sentence with
    the reason) is what the petitioner is told. The approver is the acting account's person;
    staff record an approval given on paper with its ``document_ref``. The rules check the
    extension again today: once the handling period has run out it is no longer granted."""
    _moment, today = act_time(at)
    document_ref = _clean_document_ref(document_ref)
    matter, organ = extension.matter, extension.organ
    assert_user_may_act(actor, organ, action="matter.extend")
    person = _deciding_person(actor, approver)
    how = _approval(
        profile=profile_of(matter),
        organ=organ,
        person=person,
        document_ref=document_ref,
        today=today,
    )
    data = ExtensionInput(
        days=extension.days,
        reason=extension.reason,
        document_ref=document_ref,
        notice=notice,
        how=how,
        person=person,
        extension=extension,
    )
    return run(EXTEND, matter, organ=organ, actor=actor, data=data, at=at)


def matter_extension_refuse(
    *,
    extension: ExtensionRequest,
    reason: str,
    actor: Any,
    approver: Person | None = None,
    at: dt.datetime | None = None,
) -> ExtensionRequest:
    """A responsible person of the handling organ refuses the request with the reason; the
    handling period stays as it was."""
    act_time(at)
    require_text(reason=reason)
    matter, organ = extension.matter, extension.organ
    assert_user_may_act(actor, organ, action="matter.extend")
    person = _deciding_person(actor, approver)
    data = ExtensionInput(days=extension.days, reason=reason, person=person, extension=extension)
    run(REFUSE_EXTENSION, matter, organ=organ, actor=actor, data=data, at=at)
    return extension
