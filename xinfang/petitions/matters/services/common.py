"""What every matter service shares: the cached calendar, the transition check, clocks, events.

Nothing here decides the law: ``check_transition`` and ``compute_deadline`` of the rules core
do. This module applies their decisions to the tables.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from xinfang.access.choices import DenialReason
from xinfang.access.policy import (
    RoutingRefused,
    assert_may_act_in,
    assert_routable,
    log_denial,
    scope_for,
)
from xinfang.audit.services import actor_label, audit_record
from xinfang.legal.models import CalendarDay, CalendarYear
from xinfang.legal.selectors import period_overrides_in_force, work_calendar
from xinfang.orgs.choices import LEVEL_RANK, OrganLevel, OrganRole
from xinfang.orgs.models import Organ
from xinfang.rules.basis import basis_strings, rules
from xinfang.rules.calendar import WorkCalendar
from xinfang.rules.deadlines import Deadline, compute_deadline
from xinfang.rules.errors import RulesError
from xinfang.rules.procedure import (
    Action,
    Actor,
    Decision,
    HandlingWay,
    TransitionContext,
    TransitionRefused,
    check_transition,
)
from xinfang.rules.procedure import LegalRoute as RulesRoute
from xinfang.rules.procedure import OtherOrgan as RulesOther
from xinfang.rules.profiles import (
    PeriodRule,
    Profile,
    is_office_period,
    load_profile,
    with_determinations,
)

from ..choices import FINAL_STATE_VALUES, PETITIONER_PERIODS, MatterState, RouteKind
from ..counts import count_places
from ..errors import MatterRefused
from ..models import Matter, MatterClock, MatterEvent, MatterRoute, RepeatLink
from ..selectors import routes_here

# ---------------------------------------------------------------------------------------------
# The working calendar, built once per process


_CALENDAR_TTL_SECONDS = 300.0
_calendar_lock = threading.Lock()
_calendar_state: dict[str, Any] = {
    "signature": None,
    "calendar": None,
    "checked": 0.0,
    "built": 0.0,
}


def _calendar_signature() -> tuple[Any, ...]:
    """A cheap fingerprint of the calendar tables: one query over two small tables."""
    days = CalendarDay._meta.db_table
    years = CalendarYear._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {days}), (SELECT MAX(id) FROM {days}), "  # noqa: S608
            f"(SELECT COUNT(*) FROM {years} WHERE complete = %s), "
            f"(SELECT MAX(updated_at) FROM {years})",
            [True],
        )
        row = cursor.fetchone()
    return tuple(str(value) for value in row or ())


def matter_calendar(*, recheck: bool = True) -> WorkCalendar:
    """The whole working calendar, cached per process.

    Rebuilt when a calendar row is saved or deleted in this process (signals), and otherwise
    when the tables' fingerprint (row counts, last id, last year update) changes; the
    fingerprint is read at most once per second, and at least every five minutes the
    calendar is rebuilt regardless, so an edit made by another process is seen soon.
    """
    now = time.monotonic()
    with _calendar_lock:
        calendar = _calendar_state["calendar"]
        fresh = calendar is not None and now - _calendar_state["built"] < _CALENDAR_TTL_SECONDS
        if fresh and (not recheck or now - _calendar_state["checked"] < 1.0):
            return calendar  # type: ignore[no-any-return]
    signature = _calendar_signature()
    with _calendar_lock:
        if fresh and signature == _calendar_state["signature"]:
            _calendar_state["checked"] = now
            return _calendar_state["calendar"]  # type: ignore[no-any-return]
    calendar = work_calendar()
    with _calendar_lock:
        _calendar_state.update(signature=signature, calendar=calendar, checked=now, built=now)
    return calendar


def forget_calendar(**_: Any) -> None:
    """Drop the cached calendar (connected to saves and deletes of calendar rows)."""
    with _calendar_lock:
        _calendar_state.update(signature=None, calendar=None, checked=0.0, built=0.0)


for _model in (CalendarDay, CalendarYear):
    post_save.connect(forget_calendar, sender=_model, dispatch_uid=f"matters-cal-save-{_model}")
    post_delete.connect(forget_calendar, sender=_model, dispatch_uid=f"matters-cal-del-{_model}")


# ---------------------------------------------------------------------------------------------
# Who acts


def assert_user_may_act(actor: Any, organ: Organ, *, action: str) -> None:
    """A person acting through the interface acts within their own organ (本单位)."""
    if isinstance(actor, AbstractBaseUser):
        assert_may_act_in(actor, organ, action=action)


def assert_user_may_record_for_petitioner(
    actor: Any, matter: Matter, *, also: Organ | None = None, action: str
) -> None:
    """A petitioner's own act (a review request, a rating) is recorded by staff of an organ
    that works on the matter — the registering, handling or current organ, or ``also`` (the
    organ the request goes to) — never by any reader in scope."""
    organ_ids = {matter.registering_organ_id, matter.handling_organ_id, matter.current_organ_id}
    if also is not None:
        organ_ids.add(also.pk)
    assert_member_of_one(
        actor,
        matter,
        organ_ids,
        action=action,
        message=_("只有办理该信访事项的机关可以登记信访人的请求或评价。"),
    )


def assert_member_of_one(
    actor: Any, matter: Matter, organ_ids: Iterable[int | None], *, action: str, message: str
) -> None:
    """A signed-in user acts on ``matter`` here only as staff of one of ``organ_ids`` (an
    administrator always); a refusal is logged (not the user's own organ) and raised with
    ``message``."""
    if not isinstance(actor, AbstractBaseUser):
        return
    scope = scope_for(actor)
    if scope.is_admin or scope.member_organ_ids & {i for i in organ_ids if i is not None}:
        return
    log_denial(
        actor,
        object_type=matter._meta.label_lower,
        object_id=matter.pk,
        reason=DenialReason.NOT_OWN_ORGAN,
        action=action,
    )
    raise PermissionDenied(message)


def procedural_actor(matter: Matter, organ: Organ) -> Actor:
    """The role ``organ`` plays for ``matter`` in the procedure (for ``check_transition``).

    The organ where the matter sits acts as the higher organ while a review or re-review is
    requested there, as the petition office while it is registered there, and as the
    handling organ otherwise; the organ that accepted it stays the handling organ; the organ
    that routed an objected matter decides the objection as the petition office; the
    petition office that registered it stays the petition office. Any other organ has no
    part in the matter.
    """
    if organ.pk == matter.current_organ_id:
        if matter.state in (MatterState.REVIEW_REQUESTED, MatterState.REREVIEW_REQUESTED):
            return Actor.HIGHER_ORGAN
        if matter.state == MatterState.REGISTERED:
            return Actor.PETITION_OFFICE
        return Actor.HANDLING_ORGAN
    if organ.pk == matter.handling_organ_id:
        return Actor.HANDLING_ORGAN
    if matter.state == MatterState.OBJECTED and (
        routes_here(matter.pk, matter.current_organ_id)
        .values_list("from_organ_id", flat=True)
        .first()
        == organ.pk
    ):
        # 信访工作条例(2022)第二十三条第三款: the office (or higher organ) that routed the
        # matter verifies the objection to it.
        return Actor.PETITION_OFFICE
    if organ.pk == matter.registering_organ_id and organ.has_role(OrganRole.PETITION_OFFICE):
        return Actor.PETITION_OFFICE
    raise MatterRefused(
        "organ_not_party",
        "该机关不是本信访事项的登记、办理或复查复核机关，不能办理此项操作",
        "this organ neither registered, holds nor handles the matter",
        basis=(rules(3),),  # 属地管理、分级负责，谁主管、谁负责
    )


# ---------------------------------------------------------------------------------------------
# Rules core adapters


def profile_of(matter: Matter) -> Profile:
    """The regulation profile the matter is judged by (in force at registration)."""
    return load_profile(matter.profile)


def handling_way_of(matter: Matter) -> HandlingWay:
    """How the matter is handled; one accepted before the way was recorded was handled for a
    信访处理意见书, the only way there was (empty until accepted)."""
    return HandlingWay(matter.handling_way or HandlingWay.OPINION)


def petitioner_unclear(matter: Matter) -> list[str]:
    """What of the petitioner's name and address the stored data leaves unclear: ``name`` and
    ``address`` for a matter taken in without a petitioner (anonymous), ``address`` for a
    petitioner registered without one (信访工作条例(2022)第二十三条第二款, 信访条例(2005)
    第二十二条第二款: 信访人的姓名（名称）、住址不清的除外). An empty value is stored empty, so
    nothing is decrypted to tell."""
    petitioner = matter.petitioner
    if petitioner is None:
        return ["name", "address"]
    unclear = [] if petitioner.name_ciphertext else ["name"]
    if not petitioner.address_ciphertext:
        unclear.append("address")
    return unclear


def decide(
    matter: Matter,
    action: Action,
    *,
    actor: Actor,
    profile: Profile,
    context: TransitionContext | None = None,
) -> Decision:
    """``check_transition`` for the matter, its refusal as ``MatterRefused``."""
    try:
        return check_transition(matter.state, action, actor=actor, profile=profile, context=context)
    except TransitionRefused as exc:
        raise MatterRefused.from_rules(exc) from None


def _layered(profile: Profile, period: str, on: dt.date) -> Profile:
    """``profile`` with the office's determination of ``period`` in force on ``on`` layered
    over it (细则第十九条); a statutory period reads no determination at all."""
    rule = profile.periods.get(period)
    if rule is None or not is_office_period(rule):
        # Only a period of the office's own may be set by a determination: a statutory one (the
        # most of them, every registration's) reads no determination at all.
        return profile
    overrides = tuple(
        o for o in period_overrides_in_force(profile=profile.name, on=on) if o.period == period
    )
    return with_determinations(profile, overrides)


def period_in_force(*, profile: Profile, period: str, on: dt.date) -> PeriodRule:
    """The period as a deadline started on ``on`` reads it: its length, counting and basis
    with the office's determination then in force (as ``deadline``), so a refusal that cites
    the period cites what set it; ``MatterRefused`` for a period the profile lacks."""
    try:
        return _layered(profile, period, on).period(period)
    except RulesError as exc:
        raise MatterRefused.from_rules(exc) from None


def deadline(
    *,
    profile: Profile,
    period: str,
    start: dt.date,
    calendar: WorkCalendar,
    extension_days: int = 0,
    excluded_days: int = 0,
) -> Deadline:
    """``compute_deadline``, its refusal as ``MatterRefused``; ``excluded_days`` are days a
    hearing took out of the period.

    The municipal petition office's determinations in force on ``start`` are layered over
    the profile first (细则第十九条): a period they set cites their document number, and a
    period of the office that none sets is labelled as the system's default.
    """
    try:
        return compute_deadline(
            profile=_layered(profile, period, start),
            period=period,
            start=start,
            calendar=calendar,
            extension_days=extension_days,
            excluded_days=excluded_days,
        )
    except RulesError as exc:
        raise MatterRefused.from_rules(exc) from None


def assert_not_accused(matter: Matter, organ: Organ) -> None:
    """Never route to, nor let act, a unit the matter accuses (细则第十一条第八项)."""
    try:
        assert_routable(matter, organ)
    except RoutingRefused:
        raise MatterRefused(
            "routing_to_accused_unit",
            "不得将信访群众的揭发控告材料转给被揭发控告单位或其下属单位",
            "the matter accuses this unit (or a unit above it); it may not be sent there",
            basis=(rules(11, None, 8),),
        ) from None


def _region_prefix(organ: Organ) -> str:
    """The part of region codes an organ's territory shares (municipal: the province)."""
    if organ.level == OrganLevel.MUNICIPAL:
        return organ.region_code[:2]
    return organ.region_code


def pending_below(matter: Matter, organ: Organ) -> bool:
    """Whether the same request (same petitioner, similar content) is pending below ``organ``.

    Pending: an earlier linked matter that is not final and sits at an organ of a lower level
    within ``organ``'s territory — the competent level (信访条例第十六条, 条例(2022)第二十五条).
    One query.
    """
    earlier = (
        RepeatLink.objects.filter(matter_id=matter.pk, similar=True, same_petitioner=True)
        .exclude(earlier__state__in=FINAL_STATE_VALUES)
        .values_list("earlier__current_organ__level", "earlier__current_organ__region_code")
    )
    rank = LEVEL_RANK.get(organ.level, 0)
    prefix = _region_prefix(organ)
    return any(
        LEVEL_RANK.get(level, 0) > rank and region.startswith(prefix) for level, region in earlier
    )


def acceptability(matter: Matter, organ: Organ, **extra: Any) -> TransitionContext:
    """The facts ``check_transition`` needs for receive, route and accept at ``organ``."""
    legal_route = None
    if matter.legal_route in {r.value for r in RulesRoute}:
        legal_route = RulesRoute(matter.legal_route)
    below = pending_below(matter, organ) if matter.pk else False
    return TransitionContext(
        legal_route=legal_route,
        other_organ=RulesOther(matter.other_organ) if matter.other_organ else None,
        accusation=matter.is_accusation,
        higher_level=below,
        pending_at_competent_level=below,
        same_request_after_rereview=matter.rereviewed_match_id is not None,
        **extra,
    )


# ---------------------------------------------------------------------------------------------
# Clocks and events


@dataclass
class Step:
    """One applied transition, for the event and the audit entry."""

    matter: Matter
    decision: Decision
    at: dt.datetime
    on: dt.date
    clocks: list[MatterClock]


def apply_decision(
    matter: Matter,
    decision: Decision,
    *,
    at: dt.datetime,
    on: dt.date,
    profile: Profile,
    calendar: WorkCalendar,
    clock_organ: Organ | None,
    starts_on: dict[str, dt.date] | None = None,
    extension_days: int = 0,
    save: bool = True,
    memo: dict[tuple[Any, ...], Deadline] | None = None,
) -> Step:
    """Stop and start the clocks the decision names, move the state, save the matter.

    ``starts_on`` gives a period a start other than the day of the act (a routing period
    runs from the day the matter was received). An extension restarts ``handle`` from its
    original start with the extra days (``compute_deadline``). ``memo`` reuses deadlines
    already computed in a batch (same profile, period, start and extension).
    """
    starts_on = starts_on or {}
    if decision.stops and matter.pk:
        MatterClock.objects.filter(
            matter_id=matter.pk, period__in=decision.stops, stopped_on__isnull=True
        ).update(stopped_on=on, stopped_by=decision.action.value)
    clocks: list[MatterClock] = []
    for period in decision.starts:
        start = starts_on.get(period, on)
        extra = extension_days if period == "handle" else 0
        key = (profile.name, period, start, extra)
        computed = memo.get(key) if memo is not None else None
        if computed is None:
            computed = deadline(
                profile=profile, period=period, start=start, calendar=calendar, extension_days=extra
            )
            if memo is not None:
                memo[key] = computed
        clocks.append(
            MatterClock(
                matter=matter,
                period=period,
                organ=None if period in PETITIONER_PERIODS else clock_organ,
                started_on=start,
                days=computed.days,
                extension_days=computed.extension_days,
                due=computed.due,
                provisional=computed.provisional,
                basis=basis_strings(computed.basis),
            )
        )
    organ_clock = next((c for c in clocks if c.period not in PETITIONER_PERIODS), None)
    request_clock = next((c for c in clocks if c.period in PETITIONER_PERIODS), None)
    if organ_clock is not None:
        matter.action_period, matter.action_due = organ_clock.period, organ_clock.due
    elif matter.action_period in decision.stops or decision.final:
        matter.action_period, matter.action_due = "", None
    if request_clock is not None:
        matter.request_due = request_clock.due
    elif decision.stops and any(p in PETITIONER_PERIODS for p in decision.stops):
        matter.request_due = None
    matter.state = decision.target.value
    if decision.final:
        matter.final_at = at
    if save:
        matter.save()
        for clock in clocks:
            clock.matter = matter
        MatterClock.objects.bulk_create(clocks)
    return Step(matter=matter, decision=decision, at=at, on=on, clocks=clocks)


def build_event(
    step: Step,
    *,
    actor: Any,
    organ: Organ | None,
    details: dict[str, Any] | None = None,
    action: str | None = None,
) -> tuple[MatterEvent, dict[str, Any]]:
    """The step's event (unsaved) and the details of its audit entry."""
    decision = step.decision
    name = action or decision.action.value
    payload = dict(details or {})
    if step.clocks:
        payload["clocks"] = [
            {
                "period": c.period,
                "start": c.started_on.isoformat(),
                "due": c.due.isoformat(),
                "provisional": c.provisional,
            }
            for c in step.clocks
        ]
    if decision.stops:
        payload["stopped"] = list(decision.stops)
    event = MatterEvent(
        matter=step.matter,
        at=step.at,
        actor=actor_label(actor),
        organ=organ,
        action=name,
        from_state=decision.source.value,
        to_state=decision.target.value,
        details=payload,
        basis=list(
            dict.fromkeys(
                [*basis_strings(decision.basis), *(b for c in step.clocks for b in c.basis)]
            )
        ),
    )
    audit = {
        "from": decision.source.value,
        "to": decision.target.value,
        "organ": organ.pk if organ else None,
        **{k: v for k, v in payload.items() if k != "clocks"},
    }
    return event, audit


def record(
    step: Step,
    *,
    actor: Any,
    organ: Organ | None,
    details: dict[str, Any] | None = None,
    action: str | None = None,
) -> MatterEvent:
    """Write the step's event and its audit entry, and move the matter's count by organ and
    state (same transaction as the change).

    The count moves after the audit entry: every write takes the audit chain's head first, so
    the counters are only ever locked by the one writer holding the head, and a transaction
    never waits for a counter while holding what another waits for (PostgreSQL deadlocks)."""
    event, audit = build_event(step, actor=actor, organ=organ, details=details, action=action)
    event.save()
    audit_record(actor=actor, action=f"matter.{event.action}", target=step.matter, details=audit)
    count_places([step.matter])
    return event


def record_plain(
    matter: Matter,
    *,
    at: dt.datetime,
    actor: Any,
    organ: Organ | None,
    action: str,
    details: dict[str, Any] | None = None,
    basis: Iterable[str] = (),
) -> MatterEvent:
    """An event that does not move the state (rating, follow-up, supervision, ...)."""
    event = MatterEvent.objects.create(
        matter=matter,
        at=at,
        actor=actor_label(actor),
        organ=organ,
        action=action,
        from_state=matter.state,
        to_state=matter.state,
        details=dict(details or {}),
        basis=list(basis),
    )
    audit_record(
        actor=actor,
        action=f"matter.{action}",
        target=matter,
        details={"organ": organ.pk if organ else None, **(details or {})},
    )
    return event


def require_text(**fields: str) -> dict[str, str]:
    """Stripped values; a ``ValidationError`` naming each empty one."""
    values = {name: (value or "").strip() for name, value in fields.items()}
    errors = {
        name: ValidationError(_("此项不能为空。"), code="required")
        for name, value in values.items()
        if not value
    }
    if errors:
        raise ValidationError(errors)
    return values


def running_clock(matter: Matter, period: str) -> MatterClock | None:
    """The matter's clock of ``period`` that has not stopped (the latest, if ever two)."""
    return (
        MatterClock.objects.filter(matter_id=matter.pk, period=period, stopped_on__isnull=True)
        .order_by("-id")
        .first()
    )


def lock_matter(matter: Matter) -> None:
    """Reload the matter under a row lock (PostgreSQL; SQLite writes are serialised)."""
    matter.refresh_from_db(from_queryset=Matter.objects.select_for_update())


def follow_handle_due(matter: Matter, due: dt.date) -> None:
    """An assignment without a fixed report date expects the result with the handling due;
    one returned on an agreed objection expects nothing (``MatterRoute.returned_at``)."""
    MatterRoute.objects.filter(
        matter_id=matter.pk,
        kind=RouteKind.ASSIGN,
        reported_at=None,
        returned_at=None,
        report_due_fixed=False,
    ).update(report_due=due)
