"""Reads of petition matters: queues, counts, deadlines, timelines, repeats, the public lookup.

Open means the matter waits for a step of the organ where it sits: its state is one of
``OPEN_STATE_VALUES``, whether or not a clock runs (a ``duty`` or ``suggestion`` matter, a
direct receipt whose petitioner is unclear, have none). Overdue is ``action_due < today`` and
due soon ``today <= action_due <= today + days``: derived at query time from stored due dates,
so they are right without any background job; a matter without a due date is neither. A clock
paused by a re-review hearing (``action_paused``: 听证所需时间不计算在期限内) is open but neither
overdue nor due soon. Each selector is one indexed query unless it says otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.db.models.lookups import In

from xinfang.access.policy import (
    access_record_by_id,
    exclusion_at_organ,
    scope_for,
    visibility_key,
    visible,
    visible_at_organ,
)
from xinfang.orgs.models import Organ, Position
from xinfang.orgs.selectors import held_on, organs_of_user
from xinfang.prepared import prepared_rows
from xinfang.rules.procedure import EXTENSION_APPROVER_POSITIONS

from .choices import NOT_OPEN_STATE_VALUES, ExtensionStatus, MatterState
from .counts import state_counts, state_counts_query
from .models import (
    ExtensionRequest,
    Hearing,
    Matter,
    MatterClock,
    MatterEvent,
    MatterRoute,
    Opinion,
    RepeatLink,
)

#: A running clock is "due soon" from this many days before its due date.
DUE_SOON_DAYS = 3

#: The columns of a queue row (``department_queue_rows``): what a queue shows of a matter.
QUEUE_ROW_FIELDS = (
    "pk",
    "summary",
    "state",
    "channel",
    "action_period",
    "action_due",
    "received_at",
    "action_paused",
)
QUEUE_FIELDS = (
    "id",
    *QUEUE_ROW_FIELDS[1:],
    "registered_at",
    "current_organ_id",
    "category_id",
    "is_collective",
)


if TYPE_CHECKING:
    _InBase = In[str]
else:
    _InBase = In


class _InConstants(_InBase):
    """``IN`` with its values written into the statement, as a partial index's condition is.

    SQLite uses a partial index only when the query repeats the index's condition; it matches
    a bound parameter to a literal in a comparison, but not inside an ``IN`` list. The values
    are the states' names, checked to be plain identifiers before they are written."""

    prepare_rhs = False

    def process_rhs(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        values = list(self.rhs)
        if not values or not all(isinstance(v, str) and v.isidentifier() for v in values):
            raise ValueError(f"not a list of state names: {values!r}")
        return "(" + ", ".join(f"'{v}'" for v in values) + ")", []


def _open() -> Q:
    """The open matters' condition, as ``matter_queue_idx`` states it: the matter waits for the
    organ where it sits (``OPEN_STATE_VALUES``), its state none of the others."""
    return ~Q(_InConstants(F("state"), NOT_OPEN_STATE_VALUES))


#: The queue's order: by due date, the overdue first by themselves, then the matters without a
#: due date (NULLS LAST on every database: SQLite puts NULL first by default), then oldest id.
QUEUE_ORDER = (F("action_due").asc(nulls_last=True), "id")


def subtree_q(organ: Organ, lookup: str = "current_organ__") -> Q:
    """Rows whose organ lies in ``organ``'s subtree (a range on the indexed ``path``)."""
    q = Q(**{f"{lookup}path__startswith": organ.path})
    if connection.vendor == "sqlite":
        # SQLite's LIKE cannot use the index; paths hold digits and "/", so a range can.
        q &= Q(**{f"{lookup}path__gte": organ.path, f"{lookup}path__lt": organ.path[:-1] + "0"})
    return q


def review_base(matter: Matter, *, rereview: bool) -> Organ | None:
    """The organ a review (复查) or re-review (复核) goes above: the one that handled the
    matter, or for a re-review the one that reviewed it (where it now sits)."""
    if rereview:
        return matter.current_organ
    return matter.handling_organ or matter.current_organ


def access_matter_by_id(user: Any, matter_id: Any, *, action: str = "read") -> Matter:
    """The chokepoint for one matter: in scope and not excluded, else a logged 404."""
    return access_record_by_id(user, Matter, matter_id, action=action)


def acting_organ_for(user: Any, matter: Matter) -> Organ:
    """The organ ``user`` acts for on ``matter`` when the request names none: the first of the
    matter's current, handling and registering organs where the user serves (an administrator:
    the first of them); else the user's first organ, else the matter's current organ.

    It only picks: the step's service refuses an organ that may not take it, with its reason.
    """
    scope = scope_for(user)
    for pk in (matter.current_organ_id, matter.handling_organ_id, matter.registering_organ_id):
        if pk is not None and (scope.is_admin or pk in scope.member_organ_ids):
            return Organ.objects.get(pk=pk)
    organs = organs_of_user(user)
    return organs[0] if organs else Organ.objects.get(pk=matter.current_organ_id)


def matter_list(*, user: Any) -> QuerySet[Matter]:
    """Matters the user may list or export (scope and conflict exclusion applied)."""
    return visible(user, Matter.objects.all())


def department_queue(
    *,
    organ: Organ,
    today: dt.date,
    limit: int = 50,
    offset: int = 0,
    user: Any = None,
) -> QuerySet[Matter]:
    """The organ's open matters, overdue first, then by due date, then those without one
    (then oldest id).

    Sorting by due date puts the overdue first by itself. One query on ``matter_queue_idx``;
    each row carries ``is_overdue``. With ``user``, the access chokepoint's exclusion also
    applies (an accused person in the organ never sees the matter).
    """
    return (
        _open_at_organ(organ=organ, user=user)
        .only(*QUEUE_FIELDS)
        .annotate(
            # A matter without a due date: false (``action_due < today`` alone is NULL).
            is_overdue=ExpressionWrapper(
                Q(action_due__isnull=False, action_due__lt=today, action_paused=False),
                output_field=BooleanField(),
            )
        )
        .order_by(*QUEUE_ORDER)[offset : offset + limit]
    )


def _open_at_organ(*, organ: Organ, user: Any) -> QuerySet[Matter]:
    qs = Matter.objects.filter(_open())
    if user is not None:
        return visible_at_organ(user, qs, organ=organ)
    return qs.filter(current_organ_id=organ.pk)


def department_queue_rows(
    *,
    organ: Organ,
    limit: int = 50,
    offset: int = 0,
    user: Any = None,
    fields: tuple[str, ...] = QUEUE_ROW_FIELDS,
) -> list[tuple[Any, ...]]:
    """``department_queue``'s rows as ``values_list(*fields)``: for pages and the API, which
    show a few columns. When the user's scope covers the organ the statement is compiled once
    per user's exclusion and page (``xinfang.prepared``). Overdue and due soon: ``due_flags``
    of the due date."""
    exclusion = exclusion_at_organ(user, organ) if user is not None else None
    if exclusion is None:
        qs = _open_at_organ(organ=organ, user=user).order_by(*QUEUE_ORDER)
        return list(qs.values_list(*fields)[offset : offset + limit])
    return prepared_rows(
        ("department_queue", exclusion.key(Matter), fields, limit, offset),
        lambda organ_id: (
            exclusion.visible(Matter.objects.filter(_open()), organ_id)
            .order_by(*QUEUE_ORDER)
            .values_list(*fields)[offset : offset + limit]
        ),
        organ_id=organ.pk,
    )


def matter_counts_by_state(
    *, organ: Organ | None = None, subtree: Organ | None = None
) -> dict[str, int]:
    """How many matters sit in each state at ``organ``, or anywhere in ``subtree`` (from the
    counters the services keep, ``counts``)."""
    where = Q()
    if organ is not None:
        where &= Q(organ_id=organ.pk)
    if subtree is not None:
        where &= subtree_q(subtree, lookup="organ__")
    return state_counts(where)


@dataclass(frozen=True)
class OrganLoad:
    """Open and overdue matters of one organ on a day."""

    organ_id: int
    open: int
    overdue: int


def open_and_overdue_counts_by_organ(*, today: dt.date) -> dict[int, OrganLoad]:
    """Open and overdue counts for every organ that has open matters: one GROUP BY."""
    rows = (
        Matter.objects.filter(_open())
        .order_by()
        .values_list("current_organ_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(action_due__lt=today, action_paused=False)),
        )
    )
    return {
        organ_id: OrganLoad(organ_id=organ_id, open=open_, overdue=overdue)
        for organ_id, open_, overdue in rows
    }


def overdue_matters(*, today: dt.date, organ: Organ | None = None) -> QuerySet[Matter]:
    """Open matters whose organ step is past due on ``today``, oldest due first; never one
    whose clock a hearing pauses."""
    qs = Matter.objects.filter(action_due__lt=today, action_paused=False)
    if organ is not None:
        qs = qs.filter(current_organ_id=organ.pk)
    return qs.order_by("action_due", "id")


def due_flags(due: dt.date | None, today: dt.date, *, paused: bool = False) -> dict[str, bool]:
    """Overdue and due soon, derived from a stored due date (never stored themselves); neither
    while a hearing pauses the clock (``paused``)."""
    if paused:
        return {"is_overdue": False, "is_due_soon": False}
    return {
        "is_overdue": due is not None and due < today,
        "is_due_soon": due is not None and today <= due <= today + dt.timedelta(DUE_SOON_DAYS),
    }


def time_flags(matter: Matter, today: dt.date) -> dict[str, bool]:
    """Overdue and due soon of the matter's running organ clock."""
    return due_flags(matter.action_due, today, paused=matter.action_paused)


def organ_counts(*, user: Any, organ: Organ, today: dt.date) -> dict[str, Any]:
    """Matters at ``organ`` by state, open, overdue and due soon, as ``user`` may see them.

    When the user's scope covers the organ (``exclusion_at_organ``), two statements compiled
    once (``xinfang.prepared``): the organ's counters by state (``counts``) less the few
    matters the user may not see there, read by primary key; and one grouped count of the
    open rows (``matter_queue_idx``). When the user sees the organ's matters only through
    another organ's scope, the same from the rows ``visible`` leaves.
    """
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    by_state = dict.fromkeys(MatterState.values, 0)
    exclusion = exclusion_at_organ(user, organ)
    if exclusion is None:
        at_organ = visible_at_organ(user, Matter.objects.all(), organ=organ)
        by_state.update(dict(at_organ.order_by().values_list("state").annotate(n=Count("*"))))
        rows: list[tuple[Any, ...]] = list(_open_counts(at_organ, today=today, soon=soon))
    else:
        for state, n in prepared_rows(
            ("organ_counts_by_state", exclusion.key(Matter)),
            lambda organ_id: state_counts_query(
                Q(organ_id=organ_id), less=exclusion.hidden(Matter.objects.all(), organ_id)
            ),
            organ_id=organ.pk,
        ):
            by_state[state] += n
        rows = prepared_rows(
            ("organ_open_counts", exclusion.key(Matter)),
            lambda organ_id, today, soon: _open_counts(
                exclusion.visible(Matter.objects.all(), organ_id), today=today, soon=soon
            ),
            organ_id=organ.pk,
            today=today,
            soon=soon,
        )
    open_, overdue, due_soon = rows[0] if rows else (0, 0, 0)
    return {"by_state": by_state, "open": open_, "overdue": overdue, "due_soon": due_soon}


def _open_counts(
    at_organ: QuerySet[Matter], *, today: dt.date, soon: dt.date
) -> QuerySet[Matter, tuple[int, int, int]]:
    """Open, overdue and due-soon matters among ``at_organ`` (one organ's rows): one row, or
    none when the organ has no open matter."""
    return (
        at_organ.filter(_open())
        .order_by()
        .values("current_organ_id")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(action_due__lt=today, action_paused=False)),
            due_soon=Count(
                "id", filter=Q(action_due__gte=today, action_due__lte=soon, action_paused=False)
            ),
        )
        .values_list("open", "overdue", "due_soon")
    )


def due_soon_matters(
    *, today: dt.date, days: int = DUE_SOON_DAYS, organ: Organ | None = None
) -> QuerySet[Matter]:
    """Open matters due today or within ``days`` days, soonest first."""
    qs = Matter.objects.filter(
        action_due__gte=today, action_due__lte=today + dt.timedelta(days=days), action_paused=False
    )
    if organ is not None:
        qs = qs.filter(current_organ_id=organ.pk)
    return qs.order_by("action_due", "id")


def matter_timeline(*, matter: Matter) -> list[MatterEvent]:
    """Every event of the matter in order, with the acting organ."""
    return list(
        MatterEvent.objects.filter(matter_id=matter.pk).select_related("organ").order_by("at", "id")
    )


def matter_clocks(*, matter: Matter) -> list[MatterClock]:
    """Every clock of the matter, running or stopped, in the order they started."""
    return list(MatterClock.objects.filter(matter_id=matter.pk).order_by("id"))


def matter_hearings(*, matter: Matter) -> list[Hearing]:
    """The matter's hearings (听证) in the order they began, with the organ that held each."""
    return list(
        Hearing.objects.filter(matter_id=matter.pk)
        .select_related("organ")
        .order_by("started_on", "id")
    )


def running_hearing(*, matter: Matter) -> Hearing | None:
    """The matter's hearing that has begun and not ended (at most one), with its organ."""
    return (
        Hearing.objects.filter(matter_id=matter.pk, ended_on__isnull=True)
        .select_related("organ")
        .first()
    )


def routes_here(matter_id: Any, current_organ_id: Any) -> QuerySet[MatterRoute]:
    """The transfers and assignments that brought a matter to the organ where it sits, newest
    first (ids, or ``OuterRef``s in a subquery)."""
    return MatterRoute.objects.filter(matter_id=matter_id, to_organ_id=current_organ_id).order_by(
        "-routed_at", "-id"
    )


def latest_route(matter: Matter) -> MatterRoute | None:
    """The transfer or assignment that brought the matter where it sits, if one did."""
    return routes_here(matter.pk, matter.current_organ_id).first()


def hearing_is_running(*, matter: Matter) -> bool:
    """Whether a hearing on the matter has begun and not ended (an opinion waits for its end)."""
    return Hearing.objects.filter(matter_id=matter.pk, ended_on__isnull=True).exists()


def repeat_candidates(
    *, matter: Matter, user: Any, links: list[RepeatLink] | None = None
) -> list[RepeatLink]:
    """Earlier matters shown as likely repeats of this one, best score first.

    Only the earlier matters ``user`` may read (``visible``: scope and the conflict-of-interest
    exclusion): a repeat link never shows a clerk the summary of a matter outside their scope
    or one that accuses them (细则第十一条第八项). ``user=None`` gives every link, for code
    that shows nobody anything (services, tests). ``links``: the new matter's links as the
    registration just wrote them (``matter.new_repeat_links``), not read again; each gets its
    earlier matter's state and summary.
    """
    if links is None:
        stored = RepeatLink.objects.filter(matter_id=matter.pk).order_by("-score", "-earlier_id")
        if user is None:
            return list(stored.select_related("earlier"))
        links = list(stored)
    links = sorted(links, key=lambda link: (-link.score, -link.earlier_id))
    earlier = _earlier_matters(user, sorted({link.earlier_id for link in links}))
    shown = []
    for link in links:
        found = earlier.get(link.earlier_id)
        if found is not None:
            link.earlier = found
            shown.append(link)
    return shown


def _earlier_matters(user: Any, ids: list[int]) -> dict[int, Matter]:
    """The matters of ``ids`` the user may read (all with ``user=None``), with their state and
    summary: one statement, compiled once per user's scope and number of ids."""
    if not ids:
        return {}
    if user is None:
        return {m.pk: m for m in Matter.objects.filter(pk__in=ids).only("id", "state", "summary")}
    rows = prepared_rows(
        ("earlier_matters", visibility_key(user, Matter)),
        lambda ids: visible(user, Matter.objects.filter(pk__in=ids)).values_list(*_EARLIER_FIELDS),
        ids=ids,
    )
    # Built as the ORM builds a row read with ``only("id", "state", "summary")``: ``from_db``
    # takes a partial row's values in the model's field order.
    return {row[0]: Matter.from_db("default", _EARLIER_FIELDS, row) for row in rows}


#: The fields of an earlier matter shown with a repeat link, in the model's field order.
_EARLIER_FIELDS = [
    field.attname
    for field in Matter._meta.concrete_fields
    if field.attname in {"id", "state", "summary"}
]


# ---------------------------------------------------------------------------------------------
# The petitioner's lookup by query code


@dataclass(frozen=True)
class PublicOpinion:
    stage: str
    kind: str
    facts: str
    reasons: str
    legal_basis: str
    issued_at: dt.datetime


@dataclass(frozen=True)
class PublicMatter:
    """What a petitioner may see about their matter: never internal notes or other people."""

    query_code: str
    state: str
    state_label: str
    received_at: dt.datetime
    registered_at: dt.datetime
    summary: str
    handling_organ: str
    action_due: dt.date | None
    request_due: dt.date | None
    #: A re-review hearing is running: the period does not count its days (shown so).
    action_paused: bool = False
    notices: list[dict[str, Any]] = field(default_factory=list)
    opinions: list[PublicOpinion] = field(default_factory=list)


#: Steps whose notice the petitioner reads; a conclusion carries one only as a reply (答复).
PUBLIC_NOTICE_ACTIONS = (
    "route_out",
    "decline",
    "send_to_other_organ",
    "accept",
    "extend",
    "conclude",
)


def normalise_query_code(code: str) -> str:
    """Upper case, without spaces or hyphens (as people type it)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def matter_for_petitioner(*, query_code: str) -> PublicMatter | None:
    """The petitioner's view of the matter with this query code, or None (three queries).

    Shows the state, dates, due dates, the notices sent to the petitioner (acceptance,
    decline, route-out, other organ, extension, the reply concluding a duty or suggestion) and
    the opinions; nothing else.
    """
    code = normalise_query_code(query_code)
    if not code:
        return None
    matter = (
        Matter.objects.filter(query_code=code)
        .select_related("handling_organ")
        .only(
            "id",
            "query_code",
            "state",
            "received_at",
            "registered_at",
            "summary",
            "action_due",
            "action_paused",
            "request_due",
            "handling_organ__name",
        )
        .first()
    )
    if matter is None:
        return None
    notices = [
        {"action": action, "at": at, "notice": details.get("notice", "")}
        for action, at, details in MatterEvent.objects.filter(
            matter_id=matter.pk, action__in=PUBLIC_NOTICE_ACTIONS
        )
        .order_by("at", "id")
        .values_list("action", "at", "details")
        if details.get("notice")
    ]
    opinions = [
        PublicOpinion(*row)
        for row in Opinion.objects.filter(matter_id=matter.pk)
        .order_by("issued_at", "id")
        .values_list("stage", "kind", "facts", "reasons", "legal_basis", "issued_at")
    ]
    return PublicMatter(
        query_code=matter.query_code,
        state=matter.state,
        state_label=str(MatterState(matter.state).label),
        received_at=matter.received_at,
        registered_at=matter.registered_at,
        summary=matter.summary,
        handling_organ=matter.handling_organ.name if matter.handling_organ else "",
        action_due=matter.action_due,
        request_due=matter.request_due,
        action_paused=matter.action_paused,
        notices=notices,
        opinions=opinions,
    )


def opinion_due_for_execution(*, matter: Matter) -> Opinion | None:
    """The matter's opinion still to be carried out (the latest supporting one), if any."""
    return (
        Opinion.objects.filter(
            matter_id=matter.pk, execution_due__isnull=False, executed_at__isnull=True
        )
        .order_by("-issued_at", "-pk")
        .first()
    )


def matter_extension_requests(*, matter: Matter) -> list[ExtensionRequest]:
    """The matter's extension requests, oldest first, with their organ and approver."""
    return list(
        ExtensionRequest.objects.filter(matter_id=matter.pk)
        .select_related("organ", "approved_by")
        .order_by("requested_at", "id")
    )


def extension_requests_awaiting(*, user: Any, day: dt.date) -> list[ExtensionRequest]:
    """The extension requests waiting for the user as a responsible person (the principal or a
    supervising leader) of the handling organ on ``day``, oldest first — only on matters the
    user may see (scope and conflict exclusion) that are still being handled. Two queries."""
    if not getattr(user, "is_authenticated", False):
        return []
    organ_ids = list(
        Position.objects.filter(
            held_on(day), person__user_id=user.pk, kind__in=EXTENSION_APPROVER_POSITIONS
        ).values_list("organ_id", flat=True)
    )
    if not organ_ids:
        return []
    return list(
        ExtensionRequest.objects.filter(
            status=ExtensionStatus.PENDING,
            organ_id__in=organ_ids,
            matter__in=visible(user, Matter.objects.filter(state=MatterState.ACCEPTED)).values(
                "pk"
            ),
        )
        .select_related("matter", "organ")
        .order_by("requested_at", "id")
    )
