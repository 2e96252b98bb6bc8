"""Writes of 细则第七条第二项 包案: a leader owns an important matter or a 信访突出问题 until it is
resolved. Assigning creates the ownership; a progress note, a milestone set or done, and the
resolution are steps over the ``OWNERSHIP`` table machine (owned → owned; owned → resolved).
Each step but the resolution is progress: it moves ``last_progress_on``, which tells a stalled
ownership (``selectors.leaders_ownership``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.audit.services import actor_label, audit_record
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.matters.models import Matter
from xinfang.refusals import Refused
from xinfang.workflow import Act, Outcome, Step, run
from xinfang.workflow.table import RecordMachine, Transition

from ..models.leaders import CaseOwnership, OwnershipMilestone, OwnershipNote, OwnershipState
from .leaders import (
    Checks,
    day_not_future,
    error,
    may_act_for,
    refuse_if_accused,
    required_text,
)


class Action(StrEnum):
    NOTE = "note"
    MILESTONE = "milestone"
    MILESTONE_DONE = "milestone_done"
    RESOLVE = "resolve"


_OWNED = frozenset({OwnershipState.OWNED})
_RESOLVED = gettext_lazy("包案事项已化解。")

OWNERSHIP_STEPS = (
    Transition(
        Action.NOTE,
        _OWNED,
        OwnershipState.OWNED,
        _RESOLVED,
        "ownership_resolved",
        "duties.ownership.progress",
    ),
    Transition(
        Action.MILESTONE,
        _OWNED,
        OwnershipState.OWNED,
        _RESOLVED,
        "ownership_resolved",
        "duties.ownership.milestone_set",
    ),
    Transition(
        Action.MILESTONE_DONE,
        _OWNED,
        OwnershipState.OWNED,
        _RESOLVED,
        "ownership_resolved",
        "duties.ownership.milestone_done",
    ),
    Transition(
        Action.RESOLVE,
        _OWNED,
        OwnershipState.RESOLVED,
        _RESOLVED,
        "ownership_resolved",
        "duties.ownership.resolved",
    ),
)

OWNERSHIP: RecordMachine[CaseOwnership] = RecordMachine(
    "ownership", CaseOwnership, OWNERSHIP_STEPS, related=("organ",), may_act=may_act_for
)


def ownership_assign(
    *,
    organ: Organ,
    leader: Person,
    title: str,
    actor: Any,
    description: str = "",
    plan: str = "",
    matters: Sequence[Matter] = (),
    assigned_by: Person | None = None,
    assigned_on: dt.date | None = None,
) -> CaseOwnership:
    """A leader of ``organ`` takes ownership (包案) of an important matter or a 信访突出问题
    (细则第七条第二项), assigned by ``assigned_by``; never of a matter that accuses the organ."""
    today = timezone.localdate()
    may_act_for(actor, organ, action="duties.ownership.assigned")
    checks = Checks()
    text = checks.value(lambda: required_text(title, "title", limit=200), "")
    day = checks.value(lambda: day_not_future(assigned_on, today, "assigned_on"), today)
    checks.leader(leader, organ, day)
    checks.done()
    for matter in matters:
        refuse_if_accused(matter, organ, leader)
    with transaction.atomic():
        ownership = CaseOwnership(
            organ=organ,
            leader=leader,
            title=text,
            description=(description or "").strip(),
            plan=(plan or "").strip(),
            assigned_by=assigned_by,
            assigned_on=day,
            last_progress_on=day,
        )
        ownership.full_clean()
        ownership.save()
        ownership.matters.set(matters)
        audit_record(
            actor=actor,
            action="duties.ownership.assigned",
            target=ownership,
            details={
                "organ": organ.pk,
                "leader": leader.pk,
                "assigned_by": assigned_by.pk if assigned_by else None,
                "assigned_on": day.isoformat(),
                "title": text,
                "matters": sorted(m.pk for m in matters),
            },
        )
    return ownership


def _progress(ownership: CaseOwnership, day: dt.date) -> list[str]:
    """Move the day of the latest progress forward (never back)."""
    if day > ownership.last_progress_on:
        ownership.last_progress_on = day
        return ["last_progress_on"]
    return []


@dataclass(frozen=True)
class NoteInput:
    text: str
    on: dt.date | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        text = required_text(self.text, "text")
        return {"text": text, "on": day_not_future(self.on, on, "on").isoformat()}


def _note_effect(act: Act[CaseOwnership, NoteInput], decision: Transition) -> Outcome:
    day = dt.date.fromisoformat(act.values["on"])
    note = OwnershipNote.objects.create(
        ownership=act.subject, on=day, text=act.values["text"], created_by=actor_label(act.actor)
    )
    return Outcome(details={"note": note.pk}, options={"fields": _progress(act.subject, day)})


NOTE = Step(OWNERSHIP, Action.NOTE, NoteInput, effect=_note_effect)


def ownership_note(
    *, ownership: CaseOwnership, text: str, actor: Any, on: dt.date | None = None
) -> CaseOwnership:
    """Record progress on the ownership."""
    return run(NOTE, ownership, organ=ownership.organ, actor=actor, data=NoteInput(text, on))


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due: dt.date

    def clean(self, on: dt.date) -> dict[str, Any]:
        title = required_text(self.title, "title", limit=200)
        if self.due is None:
            raise error("due", _("请填写此项。"), "required")
        return {"title": title, "due": self.due.isoformat()}


def _milestone_effect(act: Act[CaseOwnership, MilestoneInput], decision: Transition) -> Outcome:
    milestone = OwnershipMilestone.objects.create(
        ownership=act.subject, title=act.values["title"], due=act.data.due
    )
    return Outcome(
        details={"milestone": milestone.pk}, options={"fields": _progress(act.subject, act.on)}
    )


MILESTONE = Step(OWNERSHIP, Action.MILESTONE, MilestoneInput, effect=_milestone_effect)


def ownership_add_milestone(
    *, ownership: CaseOwnership, title: str, due: dt.date, actor: Any
) -> CaseOwnership:
    """Add a milestone to the ownership's plan."""
    data = MilestoneInput(title=title, due=due)
    return run(MILESTONE, ownership, organ=ownership.organ, actor=actor, data=data)


@dataclass(frozen=True)
class MilestoneDoneInput:
    milestone_id: int
    done_on: dt.date | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        day = day_not_future(self.done_on, on, "done_on")
        return {"milestone": self.milestone_id, "done_on": day.isoformat()}


def _milestone_done_effect(
    act: Act[CaseOwnership, MilestoneDoneInput], decision: Transition
) -> Outcome:
    milestone = OwnershipMilestone.objects.filter(
        pk=act.data.milestone_id, ownership_id=act.subject.pk
    ).first()
    if milestone is None:
        raise error("milestone_id", _("该包案没有这个节点。"), "unknown")
    if milestone.done_on is not None:
        raise Refused(_("该节点已完成。"), code="milestone_done")
    day = dt.date.fromisoformat(act.values["done_on"])
    milestone.done_on = day
    milestone.save(update_fields=["done_on"])
    return Outcome(options={"fields": _progress(act.subject, day)})


MILESTONE_DONE = Step(
    OWNERSHIP, Action.MILESTONE_DONE, MilestoneDoneInput, effect=_milestone_done_effect
)


def ownership_milestone_done(
    *, ownership: CaseOwnership, milestone_id: int, actor: Any, done_on: dt.date | None = None
) -> CaseOwnership:
    """Mark a milestone of the plan done."""
    data = MilestoneDoneInput(milestone_id=milestone_id, done_on=done_on)
    return run(MILESTONE_DONE, ownership, organ=ownership.organ, actor=actor, data=data)


@dataclass(frozen=True)
class ResolveInput:
    resolution: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        return {"resolution": required_text(self.resolution, "resolution")}


def _resolve_effect(act: Act[CaseOwnership, ResolveInput], decision: Transition) -> Outcome:
    act.subject.resolution = act.values["resolution"]
    act.subject.resolved_on = act.on
    return Outcome(options={"fields": ["resolution", "resolved_on"]})


RESOLVE = Step(OWNERSHIP, Action.RESOLVE, ResolveInput, effect=_resolve_effect)


def ownership_resolve(*, ownership: CaseOwnership, resolution: str, actor: Any) -> CaseOwnership:
    """The problem is resolved: the ownership ends (化解)."""
    data = ResolveInput(resolution=resolution)
    return run(RESOLVE, ownership, organ=ownership.organ, actor=actor, data=data)
