"""Hearings (听证): recorded by the organ that holds them, and the pause they put on the
re-review period.

The handling organ may hold a hearing on a major, complex or difficult matter (信访条例(2005)
第三十一条第二款, 信访工作条例(2022)第三十一条第六项); the handling period keeps running. The
re-review organ may hold one (2005 第三十五条第二款, 2022 第三十六条第二款: 听证所需时间不计算在前款
规定的期限内): from its first day the re-review clock is paused — the matter is neither overdue
nor due soon — and when its last day is recorded the due date is counted again from the same
start with the hearing's days (calendar days, first and last included) left out, then moved off
a rest day (民法典第二百零三条). The rules core decides who may hold one, when, and the dates
(``check_hearing_start``, ``check_hearing_end``, ``excluded_days``); these services apply it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xinfang.audit.services import actor_label
from xinfang.orgs.models import Organ
from xinfang.rules.basis import basis_strings
from xinfang.rules.deadlines import Pause, excluded_days
from xinfang.rules.procedure import (
    HearingDecision,
    TransitionRefused,
    check_hearing_end,
    check_hearing_start,
    hearing_rule,
)
from xinfang.rules.profiles import Profile
from xinfang.workflow import Act, Outcome, Step, run

from ..errors import MatterRefused
from ..models import Hearing, Matter, MatterClock
from ..selectors import hearing_is_running
from .common import (
    deadline,
    matter_calendar,
    procedural_actor,
    profile_of,
    running_clock,
)
from .machine import MATTER_EVENT

PLACE_MAX = 200
NOTE_MAX = 2000


def _clean(*, place: str = "", note: str = "") -> dict[str, str]:
    values = {"place": (place or "").strip(), "note": (note or "").strip()}
    errors = {}
    for name, limit in (("place", PLACE_MAX), ("note", NOTE_MAX)):
        if len(values[name]) > limit:
            errors[name] = ValidationError(
                _("不能超过 %(limit)d 个字。") % {"limit": limit}, code="max_length"
            )
    if errors:
        raise ValidationError(errors)
    return values


def _date(value: Any, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({field: ValidationError(_("请填写日期。"), code="required")})
    return value


def _rules(call: Any, *args: Any, **kwargs: Any) -> HearingDecision:
    try:
        decision: HearingDecision = call(*args, **kwargs)
    except TransitionRefused as exc:
        raise MatterRefused.from_rules(exc) from None
    return decision


def _check_dates(matter: Matter, *, started_on: dt.date, clock: MatterClock | None) -> None:
    """A hearing begins on or after the day its stage's period started (the request received,
    the matter accepted), and after the last day of the hearing before it."""
    if clock is not None and started_on < clock.started_on:
        raise ValidationError(
            {
                "started_on": ValidationError(
                    _("听证开始日不能早于本阶段期限的起算日（%(day)s）。")
                    % {"day": clock.started_on.isoformat()},
                    code="before_stage",
                )
            }
        )
    last = (
        Hearing.objects.filter(matter_id=matter.pk, ended_on__gte=started_on)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )
    if last is not None:
        raise ValidationError(
            {
                "started_on": ValidationError(
                    _("听证开始日须在上一次听证结束日（%(day)s）之后。")
                    % {"day": last.isoformat()},
                    code="overlaps",
                )
            }
        )


@dataclass(frozen=True)
class HearingStartInput:
    """The hearing's first day, its place and a note."""

    started_on: dt.date
    place: str = ""
    note: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        _date(self.started_on, "started_on")
        return _clean(place=self.place, note=self.note)


def _start_effect(act: Act[Matter, HearingStartInput], decision: None) -> Outcome:
    matter, organ, started_on = act.subject, act.organ, act.data.started_on
    profile = profile_of(matter)

    def check(*, running: bool) -> HearingDecision:
        return _rules(
            check_hearing_start,
            matter.state,
            actor=procedural_actor(matter, organ),
            profile=profile,
            started_on=started_on,
            today=act.on,
            running=running,
            period_due=matter.action_due,
        )

    rules = check(running=hearing_is_running(matter=matter))
    clock = running_clock(matter, rules.pauses or matter.action_period)
    _check_dates(matter, started_on=started_on, clock=clock)
    try:
        with transaction.atomic():
            hearing = Hearing.objects.create(
                matter=matter,
                organ=organ,
                stage=rules.stage.value,
                pauses=rules.pauses,
                started_on=started_on,
                basis=basis_strings(rules.basis),
                recorded_by=actor_label(act.actor),
                recorded_at=act.at,
                **act.values,
            )
    except IntegrityError:  # a concurrent start won the race: the rules refuse a second one
        check(running=True)
        raise
    details: dict[str, Any] = {
        "hearing": hearing.pk,
        "stage": hearing.stage,
        "started_on": started_on.isoformat(),
    }
    if rules.pauses and clock is not None:
        # 听证所需时间不计算在期限内: the clock stands still from the hearing's first day.
        clock.paused_on = started_on
        clock.save(update_fields=["paused_on"])
        matter.action_paused = True
        matter.save(update_fields=["action_paused"])
        details["paused"] = {"period": clock.period, "due_before": clock.due.isoformat()}
    return Outcome(
        details=details,
        options={"event": "hearing_started", "basis": basis_strings(rules.basis)},
    )


START_HEARING = Step(
    MATTER_EVENT,
    "hearing_start",
    HearingStartInput,
    effect=_start_effect,
    audit_action="matter.hearing",
)


def matter_hearing_start(
    *,
    matter: Matter,
    organ: Organ,
    started_on: dt.date,
    actor: Any,
    place: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Hearing:
    """Record a hearing that began on ``started_on`` (举行听证), held by ``organ``.

    The rules refuse a hearing by an organ whose step it is not, outside handling and
    re-review, while another runs, begun after today, or begun after the re-review period ran
    out. A re-review hearing pauses the re-review clock from ``started_on``.
    """
    data = HearingStartInput(started_on=started_on, place=place, note=note)
    run(START_HEARING, matter, organ=organ, actor=actor, data=data, at=at)
    return Hearing.objects.filter(matter_id=matter.pk).latest("id")


@dataclass(frozen=True)
class HearingEndInput:
    """The hearing that ended, its last day and a note."""

    hearing: Hearing
    ended_on: dt.date
    note: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        _date(self.ended_on, "ended_on")
        values = _clean(note=self.note)
        return {"note": values["note"]} if values["note"] else {}


def _end_effect(act: Act[Matter, HearingEndInput], decision: None) -> Outcome:
    matter, organ, hearing, ended_on = act.subject, act.organ, act.data.hearing, act.data.ended_on
    hearing.refresh_from_db()
    profile = profile_of(matter)
    rule = hearing_rule(hearing.stage)
    if organ.pk != hearing.organ_id:
        raise MatterRefused(
            "actor_not_allowed",
            "只有举行听证的机关可以登记听证结束",
            "only the organ that holds the hearing records its end",
            basis=profile.basis_for(rule.basis_rule),
        )
    rules = _rules(
        check_hearing_end,
        hearing.stage,
        profile=profile,
        running=hearing.ended_on is None,
        ended_on=ended_on,
        today=act.on,
    )
    if ended_on < hearing.started_on:
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    _("听证结束日不能早于开始日（%(day)s）。")
                    % {"day": hearing.started_on.isoformat()},
                    code="before_start",
                )
            }
        )
    hearing.ended_on = ended_on
    hearing.ended_by = actor_label(act.actor)
    hearing.ended_at = act.at
    details: dict[str, Any] = {
        "hearing": hearing.pk,
        "stage": hearing.stage,
        "started_on": hearing.started_on.isoformat(),
        "ended_on": ended_on.isoformat(),
        "days": (ended_on - hearing.started_on).days + 1,
    }
    basis = list(basis_strings(rules.basis))
    clock = running_clock(matter, hearing.pauses) if hearing.pauses else None
    if clock is not None:
        details.update(_resume(matter, hearing, clock, profile=profile))
        basis = list(dict.fromkeys([*basis, *clock.basis]))
    hearing.save()
    return Outcome(details=details, options={"event": "hearing_ended", "basis": basis})


END_HEARING = Step(
    MATTER_EVENT,
    "hearing_end",
    HearingEndInput,
    effect=_end_effect,
    audit_action="matter.hearing",
)


def matter_hearing_end(
    *,
    hearing: Hearing,
    organ: Organ,
    ended_on: dt.date,
    actor: Any,
    note: str = "",
    at: dt.datetime | None = None,
) -> Hearing:
    """Record the last day of a hearing (``ended_on``), by the organ that held it.

    For a re-review hearing the re-review due date is counted again from the period's start
    with every re-review hearing's days left out (``excluded_days``), and the clock runs on.
    """
    data = HearingEndInput(hearing=hearing, ended_on=ended_on, note=note)
    run(END_HEARING, hearing.matter, organ=organ, actor=actor, data=data, at=at)
    return hearing


def _resume(
    matter: Matter, hearing: Hearing, clock: MatterClock, *, profile: Profile
) -> dict[str, Any]:
    """Count the paused period again without the days of its hearings; the clock runs on."""
    spans = [
        Pause(first, last)
        for first, last in Hearing.objects.filter(
            matter_id=matter.pk, pauses=clock.period, ended_on__isnull=False
        )
        .exclude(pk=hearing.pk)
        .values_list("started_on", "ended_on")
        if last is not None
    ]
    assert hearing.ended_on is not None
    spans.append(Pause(hearing.started_on, hearing.ended_on))
    excluded = excluded_days(start=clock.started_on, pauses=spans)
    computed = deadline(
        profile=profile,
        period=clock.period,
        start=clock.started_on,
        calendar=matter_calendar(),
        excluded_days=excluded,
    )
    before = clock.due
    hearing.excluded_days = excluded - clock.paused_days
    clock.due = computed.due
    clock.provisional = computed.provisional
    clock.basis = basis_strings(computed.basis)
    clock.paused_days = excluded
    clock.paused_on = None
    clock.save(update_fields=["due", "provisional", "basis", "paused_days", "paused_on"])
    matter.action_paused = False
    fields = ["action_paused"]
    if matter.action_period == clock.period:
        matter.action_due = computed.due
        fields.append("action_due")
    matter.save(update_fields=fields)
    return {
        "excluded_days": hearing.excluded_days,
        "clock": {
            "period": clock.period,
            "start": clock.started_on.isoformat(),
            "due_before": before.isoformat(),
            "due": computed.due.isoformat(),
            "excluded_days": excluded,
            "provisional": computed.provisional,
        },
    }
