"""The matters that wait for an organ, counted for the workbench (the home page's 待办): by
the step of the procedure they wait for, and an organ's subtree at a glance.

Every count is taken by the one filter of matter lists (``filters.MatterFilter``) over what the
user may read (``matter_list(user=...)``), with the very URL parameters of the link drawn beside
it: the list of all matters (``web:matter_list``) reads the same parameters through the same
filter, so a count and the rows of the list it links to agree by construction. An accused unit
never counts a matter that accuses it: ``matter_list`` has already left it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xinfang.orgs.models import Organ

from .choices import MatterState
from .filters import MatterFilter
from .models import Matter
from .selectors import matter_list

#: URL parameters of ``MatterFilter``, in order, as pairs (a parameter may repeat).
Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Step:
    """A step of the procedure an open matter waits for at the organ where it sits, and the
    states in which it does (``xinfang.rules.procedure.OPEN_STATES``)."""

    key: str
    label: Promise
    states: tuple[str, ...]


#: The steps, in the procedure's order. A matter the organ objected to (``objected``) still
#: awaits its acceptance decision there (信访工作条例(2022)第二十三条第三款).
STEPS: tuple[Step, ...] = (
    Step("route", _("待转送、交办"), (MatterState.REGISTERED,)),
    Step("accept", _("待决定是否受理"), (MatterState.ROUTED, MatterState.OBJECTED)),
    Step("handle", _("办理中"), (MatterState.ACCEPTED, MatterState.EXTENDED)),
    Step(
        "review", _("待复查、复核"), (MatterState.REVIEW_REQUESTED, MatterState.REREVIEW_REQUESTED)
    ),
)


@dataclass(frozen=True)
class Counted:
    """A number of matters and the ``MatterFilter`` parameters that select them."""

    label: Promise | str
    params: Params
    count: int


@dataclass(frozen=True)
class StepLoad:
    """The open matters at one organ waiting for one step: all of them, and the overdue."""

    step: Step
    all: Counted
    overdue: Counted


def filtered_matters(*, user: Any, params: Params, today: dt.date) -> QuerySet[Matter]:
    """The matters ``user`` may read that ``params`` select, as the list of all matters
    filters them. Parameters the filter refuses are a programming error here."""
    data = QueryDict(mutable=True)
    for name, value in params:
        data.appendlist(name, value)
    found = MatterFilter(data, queryset=matter_list(user=user), today=today)
    if not found.is_valid():
        raise ValueError(f"matter filter parameters refused: {found.errors.as_json()}")
    qs: QuerySet[Matter] = found.qs
    return qs


def counted(*, user: Any, label: Promise | str, params: Params, today: dt.date) -> Counted:
    """``params``' matters, counted for ``user``."""
    count = filtered_matters(user=user, params=params, today=today).order_by().count()
    return Counted(label=label, params=params, count=count)


def at_organ(organ: Organ, *, subtree: bool = False) -> Params:
    """The open matters sitting at ``organ`` (or anywhere in its subtree)."""
    where: Params = (("organ", str(organ.pk)),)
    if subtree:
        where += (("subtree", "1"),)
    return (*where, ("open", "1"))


def step_params(organ: Organ, step: Step) -> Params:
    """The open matters at ``organ`` waiting for ``step``."""
    return (*at_organ(organ), *(("state", str(state)) for state in step.states))


def organ_steps(*, user: Any, organ: Organ, today: dt.date) -> list[StepLoad]:
    """The steps ``organ``'s open matters wait for, as ``user`` may count them: those with
    any matter only, the ones with overdue matters first, then in the procedure's order."""
    loads = []
    for step in STEPS:
        params = step_params(organ, step)
        every = counted(user=user, label=step.label, params=params, today=today)
        if not every.count:
            continue
        late: Params = (*params, ("overdue", "1"))
        overdue = counted(user=user, label=_("已逾期"), params=late, today=today)
        loads.append(StepLoad(step=step, all=every, overdue=overdue))
    return sorted(loads, key=lambda load: 0 if load.overdue.count else 1)


#: The at-a-glance figures of a subtree: each narrows its open matters by one parameter.
GLANCE: tuple[tuple[str, Promise, Params], ...] = (
    ("open", _("未办结"), ()),
    ("overdue", _("已逾期"), (("overdue", "1"),)),
    ("due_soon", _("即将到期"), (("due_soon", "1"),)),
    ("repeat", _("重复信访"), (("repeat", "1"),)),
    ("collective", _("集体访"), (("collective", "1"),)),
)


def subtree_glance(*, user: Any, organ: Organ, today: dt.date) -> list[tuple[str, Counted]]:
    """``organ``'s subtree at a glance: its open matters, the overdue, those due soon, the
    repeats and the collective visits among them, each with its key."""
    base = at_organ(organ, subtree=True)
    return [
        (key, counted(user=user, label=label, params=(*base, *extra), today=today))
        for key, label, extra in GLANCE
    ]


@dataclass(frozen=True)
class OrganLine:
    """One organ of a drill-down: its subtree's open and overdue matters."""

    organ: Organ
    open: Counted
    overdue: Counted


def _by_path(*, user: Any, params: Params, today: dt.date) -> dict[str, int]:
    """``params``' matters counted by the path of the organ where each sits (one GROUP BY)."""
    rows = (
        filtered_matters(user=user, params=params, today=today)
        .order_by()
        .values_list("current_organ__path")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def _within(counts: dict[str, int], organ: Organ) -> int:
    return sum(n for path, n in counts.items() if path.startswith(organ.path))


def organ_lines(
    *, user: Any, organs: Iterable[Organ], base: Params, today: dt.date
) -> list[OrganLine]:
    """For each of ``organs``, how many of ``base``'s matters (open ones) sit in its subtree,
    and how many of them are overdue; those with overdue matters first, then by most open.

    Two grouped queries in all, whatever the number of organs: the matters ``base`` selects
    are counted by organ, and each organ's subtree sums the organs whose path starts with its
    own — what ``organ=<id>&subtree=1`` selects among them (``selectors.subtree_q``), so each
    line's link to ``(*base, organ, subtree)`` lists exactly that many rows.
    """
    every = _by_path(user=user, params=base, today=today)
    late = _by_path(user=user, params=(*base, ("overdue", "1")), today=today) if every else {}
    lines = []
    for organ in organs:
        where = _without_organ(base) + at_organ(organ, subtree=True)
        lines.append(
            OrganLine(
                organ=organ,
                open=Counted(_("未办结"), where, _within(every, organ)),
                overdue=Counted(_("已逾期"), (*where, ("overdue", "1")), _within(late, organ)),
            )
        )
    return sorted(lines, key=lambda line: (-line.overdue.count, -line.open.count, line.organ.path))


def _without_organ(params: Params) -> Params:
    """``params`` less the organ and the open flag (``at_organ`` adds them back)."""
    return tuple((k, v) for k, v in params if k not in ("organ", "subtree", "open"))
