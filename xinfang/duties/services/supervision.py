"""Writes of 细则第六条: coordination of important petition problems (协调处理重要信访问题) and the
tasks it gives organs.

Supervision orders (督办, their ladder and the vertical systems' supervision, 细则第五条第二款)
are steps on the matter: ``xinfang.petitions.matters.services.supervision_order_issue`` and
``supervision_order_reply``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.policy import accused_organ_ids, assert_may_act_in
from xinfang.access.scope import organ_is_accused
from xinfang.audit.services import audit_record
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.petitions.matters.models import Matter
from xinfang.refusals import Refused
from xinfang.rules.basis import rules
from xinfang.workflow import Act, Outcome, Step, run
from xinfang.workflow.table import RecordMachine, Transition

from ..models.supervision import Coordination, CoordinationAssignment

TEXT_MAX = 5000


def may_act_for(actor: Any, organ: Organ, *, action: str) -> None:
    """A signed-in user acts within their own organ (本单位); commands and jobs act as named."""
    if isinstance(actor, AbstractBaseUser):
        assert_may_act_in(actor, organ, action=action)


@dataclass(frozen=True)
class AssignmentInput:
    """One task a coordination gives an organ, due by a date."""

    organ: Organ | None
    task: str
    due: dt.date | None


def _required(errors: dict[str, list[ValidationError]], name: str, value: Any) -> None:
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        errors.setdefault(name, []).append(ValidationError(_("此项不能为空。"), code="required"))


def _clean_coordination(
    *,
    held_on: dt.date | None,
    meeting: str,
    issue: str,
    outcome: str,
    organs: Sequence[Organ],
    matters: Sequence[Matter],
    assignments: Sequence[AssignmentInput],
    today: dt.date,
) -> None:
    errors: dict[str, list[ValidationError]] = {}
    for name, value in (
        ("held_on", held_on),
        ("meeting", meeting),
        ("issue", issue),
        ("outcome", outcome),
    ):
        _required(errors, name, value)
    if held_on is not None and held_on > today:
        errors.setdefault("held_on", []).append(
            ValidationError(_("协调日期不能晚于今天。"), code="future")
        )
    if not organs:
        errors.setdefault("organs", []).append(
            ValidationError(_("请选择参加协调的机关。"), code="required")
        )
    for matter in matters:
        accused = accused_organ_ids(matter)
        if any(organ_is_accused(organ_path=o.path, accused_organ_ids=accused) for o in organs):
            # 细则第十一条第一款第八项: the accused unit is never told of the matter.
            errors.setdefault("organs", []).append(
                ValidationError(
                    _("参加机关中有信访事项的被反映单位，不得参加对该事项的协调。"),
                    code="accused_organ",
                )
            )
            break
    participants = {o.pk for o in organs}
    for index, item in enumerate(assignments):
        where = f"assignments.{index}"
        if item.organ is None or not item.task.strip() or item.due is None:
            errors.setdefault(where, []).append(
                ValidationError(_("每项任务须写明承办机关、任务和完成期限。"), code="required")
            )
        elif item.organ.pk not in participants:
            errors.setdefault(where, []).append(
                ValidationError(_("任务只能交给参加协调的机关。"), code="not_participant")
            )
        elif held_on is not None and item.due < held_on:
            errors.setdefault(where, []).append(
                ValidationError(_("完成期限不能早于协调日期。"), code="before_meeting")
            )
    if errors:
        raise ValidationError(errors)


def coordination_record(
    *,
    convening_organ: Organ,
    held_on: dt.date | None,
    meeting: str,
    issue: str,
    outcome: str,
    organs: Sequence[Organ],
    actor: Any,
    matters: Sequence[Matter] = (),
    assignments: Sequence[AssignmentInput] = (),
) -> Coordination:
    """Record a coordination of an important petition problem (细则第六条: 信访部门…协调处理重要
    信访问题), convened by a petition office: the meeting, the organs taking part, the matters
    it was about (an organ a matter accuses does not take part), what was agreed, and a task
    with its due date for organs taking part."""
    may_act_for(actor, convening_organ, action="duties.coordination.record")
    if not convening_organ.has_role(OrganRole.PETITION_OFFICE):
        raise Refused(
            _("协调处理重要信访问题由信访部门召集。"),
            code="convener_not_petition_office",
            basis=(rules(6),),
        )
    _clean_coordination(
        held_on=held_on,
        meeting=meeting,
        issue=issue,
        outcome=outcome,
        organs=organs,
        matters=matters,
        assignments=assignments,
        today=timezone.localdate(),
    )
    assert held_on is not None
    with transaction.atomic():
        coordination = Coordination(
            convening_organ=convening_organ,
            held_on=held_on,
            meeting=meeting.strip(),
            issue=issue.strip(),
            outcome=outcome.strip(),
        )
        coordination.full_clean()
        coordination.save()
        coordination.organs.set(organs)
        coordination.matters.set(matters)
        made = []
        for item in assignments:
            assert item.organ is not None and item.due is not None  # cleaned above
            made.append(
                CoordinationAssignment.objects.create(
                    coordination=coordination,
                    organ=item.organ,
                    task=item.task.strip(),
                    due=item.due,
                )
            )
        audit_record(
            actor=actor,
            action="duties.coordination.recorded",
            target=coordination,
            details={
                "convening_organ": convening_organ.pk,
                "held_on": held_on.isoformat(),
                "organs": sorted(o.pk for o in organs),
                "matters": sorted(m.pk for m in matters),
                "assignments": [
                    {"id": a.pk, "organ": a.organ_id, "due": a.due.isoformat()} for a in made
                ],
            },
        )
    return coordination


# ---------------------------------------------------------------------------------------------
# A task given by a coordination: done


class AssignmentState(StrEnum):
    """A task has no state field: it is done once ``done_at`` is set."""

    DUE = "due"
    DONE = "done"


def assignment_state(assignment: CoordinationAssignment) -> str:
    return AssignmentState.DONE if assignment.done_at is not None else AssignmentState.DUE


ASSIGNMENT_STEPS = (
    Transition(
        "done",
        sources=frozenset({AssignmentState.DUE}),
        target=AssignmentState.DONE,
        refusal=gettext_lazy("该协调任务已记录完成。"),
        code="already_done",
        entry="duties.coordination.assignment_done",
    ),
)

ASSIGNMENT = RecordMachine(
    "coordination_assignment",
    CoordinationAssignment,
    ASSIGNMENT_STEPS,
    related=("coordination", "organ"),
    state_field=None,
    state_of=assignment_state,
    may_act=may_act_for,
)


@dataclass(frozen=True)
class DoneInput:
    """What the organ did."""

    note: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        text = (self.note or "").strip()
        if not text:
            raise ValidationError(
                {"note": [ValidationError(_("请写明完成情况。"), code="required")]}
            )
        if len(text) > TEXT_MAX:
            raise ValidationError({"note": [ValidationError(_("内容过长。"), code="max_length")]})
        return {}


def _done_effect(act: Act[CoordinationAssignment, DoneInput], decision: Transition) -> Outcome:
    assignment = act.subject
    assignment.done_at = act.at
    assignment.done_note = act.data.note.strip()
    late = timezone.localdate(act.at) > assignment.due
    return Outcome(
        details={"due": assignment.due.isoformat(), "late": late},
        options={"fields": ["done_at", "done_note"]},
    )


DONE = Step(ASSIGNMENT, "done", DoneInput, effect=_done_effect)


def coordination_assignment_done(
    *,
    assignment: CoordinationAssignment,
    note: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> CoordinationAssignment:
    """The organ a coordination gave a task records it done, with what it did (once; only its
    own staff, ``may_act_for``); done after the due date, it is recorded as late."""
    return run(DONE, assignment, organ=assignment.organ, actor=actor, data=DoneInput(note), at=at)
