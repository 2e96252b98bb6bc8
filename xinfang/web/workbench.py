"""The workbench: what waits for the signed-in user, for the home page — counted, overdue first,
each number a link to the list it counts.

- per organ where the user serves, its open matters by the step they wait for (to route, to
  accept, to handle, to review), the objections it verifies and the supervision orders it
  answers (细则第六条至第八条);
- the extension requests the user approves as a responsible person of the handling organ;
- accountability: leads, recommendations awaiting a decision, rectification, notices
  (第十三条至第十八条);
- the duties and the oversight items waiting on the user (第四条、第六条至第十条), listed on the
  page itself;
- for a leader (a leadership position, or a scope over a subtree: a petition office serves its
  region), each subtree at a glance — open, overdue, due soon, repeats, collective visits,
  risk warnings — with its organs one level down to drill into;
- for the system administrator, who serves in no organ, the whole registry at a glance, the
  audit chain's head and the administration's pages.

A matter count is taken by ``xinfang.petitions.matters.workload`` with the URL parameters of
its link to the list of all matters; the other counts by the selector of the list they link
to. The page shows only non-zero counts: nothing waiting is said in words, not as a zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.policy import scope_for
from xinfang.accountability.selectors.workload import accountability_load
from xinfang.audit.verify import chain_head
from xinfang.duties.selectors import TodoItem, todo_for
from xinfang.duties.selectors.agenda_warnings import may_see_warnings, region_warnings
from xinfang.duties.selectors.supervision import supervision_orders
from xinfang.orgs import selectors as orgs
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS
from xinfang.orgs.models import Organ, Person, Position
from xinfang.oversight.selectors import todo_for as oversight_todo
from xinfang.petitions.matters import workload
from xinfang.petitions.matters.choices import MatterState
from xinfang.petitions.matters.selectors import extension_requests_awaiting
from xinfang.petitions.matters.waiting import objections_to_verify
from xinfang.petitions.matters.workload import Counted, Params


@dataclass(frozen=True)
class Figure:
    """A number on the home page and the address of the list that shows exactly that many
    rows. ``overdue``: the number counts work past its deadline (shown first, in red)."""

    label: str
    count: int
    url: str
    overdue: bool = False


@dataclass
class Card:
    """A group of figures under one heading (an organ's matters, the user's approvals...)."""

    key: str
    heading: str
    figures: list[Figure]
    organ: Organ | None = None

    @property
    def overdue(self) -> int:
        return sum(f.count for f in self.figures if f.overdue)


@dataclass(frozen=True)
class Line:
    """One organ of a drill-down: its subtree's open and overdue matters."""

    organ: Organ
    open: Figure
    overdue: Figure


@dataclass
class Glance:
    """A subtree at a glance, with its organs one level down."""

    organ: Organ
    figures: list[Figure]
    lines: list[Line]


@dataclass(frozen=True)
class AdminPanel:
    """The system administrator's page: the registry's size, the audit chain's head, and the
    pages of the administration."""

    organs: int
    people: int
    audit_head: dict[str, Any]
    links: list[tuple[str, str]]


@dataclass
class Workbench:
    """Everything the home page shows of the user's work, overdue first."""

    cards: list[Card] = field(default_factory=list)
    extension_requests: list[Any] = field(default_factory=list)
    overdue_todo: list[tuple[TodoItem, str]] = field(default_factory=list)
    todo: list[tuple[TodoItem, str]] = field(default_factory=list)
    glances: list[Glance] = field(default_factory=list)
    admin: AdminPanel | None = None

    @property
    def waiting(self) -> bool:
        """Whether anything waits on the user at all."""
        return bool(self.cards or self.overdue_todo or self.todo)


def matter_url(params: Params) -> str:
    """The list of all matters, filtered by ``params`` (``MatterFilter``'s)."""
    return f"{reverse('web:matter_list')}?{urlencode(params)}"


def _url(name: str, params: Params = (), args: tuple[Any, ...] = (), anchor: str = "") -> str:
    query = f"?{urlencode(params)}" if params else ""
    return f"{reverse(name, args=args)}{query}{anchor}"


def _figure(counted: Counted, *, overdue: bool = False) -> Figure:
    return Figure(str(counted.label), counted.count, matter_url(counted.params), overdue=overdue)


def _overdue_first(figures: list[Figure]) -> list[Figure]:
    return sorted((f for f in figures if f.count), key=lambda f: 0 if f.overdue else 1)


def organ_card(user: Any, organ: Organ, today: dt.date) -> Card | None:
    """What waits at ``organ``: its open matters by step (and the overdue among them), the
    objections it verifies, the supervision orders it answers. None when nothing does."""
    figures: list[Figure] = []
    if organ.has_role("petition_office"):
        # Online submissions wait for the office to register them (not yet open work).
        submitted: Params = (("organ", str(organ.pk)), ("state", MatterState.SUBMITTED.value))
        figures.append(
            _figure(
                workload.counted(
                    user=user, label=_("网上提出待登记"), params=submitted, today=today
                )
            )
        )
    for load in workload.organ_steps(user=user, organ=organ, today=today):
        figures.append(_figure(load.all))
        label = _("%(step)s：已逾期") % {"step": load.step.label}
        figures.append(
            Figure(label, load.overdue.count, matter_url(load.overdue.params), overdue=True)
        )
    # 信访工作条例(2022)第二十三条第三款: the objections the office verifies, on its queue.
    objections = objections_to_verify(organ=organ, user=user)
    queue = _url("web:matter_queue", (("organ", str(organ.pk)),), anchor="#objections-heading")
    figures.append(
        Figure(
            _("异议待核实"),
            len(objections),
            queue,
            overdue=any(m.action_due is not None and m.action_due < today for m in objections),
        )
    )
    orders = supervision_orders(user, organ=organ, open_only=True)
    answered = _url("duties:supervision_order_list", (("organ", str(organ.pk)), ("open", "1")))
    figures.append(
        Figure(
            _("督办待反馈"),
            orders.count(),
            answered,
            overdue=orders.filter(reply_due__lt=today).exists(),
        )
    )
    shown = _overdue_first(figures)
    if not shown:
        return None
    return Card(key=f"organ-{organ.pk}", heading=organ.name, figures=shown, organ=organ)


def approvals_card(requests: list[Any]) -> Card | None:
    """The extension requests the user approves, listed lower on the page."""
    if not requests:
        return None
    figure = Figure(_("延期申请待批准"), len(requests), "#extension-requests")
    return Card(key="approvals", heading=_("待您审批"), figures=[figure])


def accountability_card(user: Any, today: dt.date) -> Card | None:
    """Leads, recommendations awaiting a decision, rectification, notices received."""
    load = accountability_load(user, today)
    leads = "accountability:lead_list"
    figures = [
        Figure(_("待核查的线索"), load.leads_open, _url(leads, (("state", "open"),))),
        Figure(
            _("调查核实中的线索"),
            load.leads_investigating,
            _url(leads, (("state", "investigating"),)),
        ),
        *(
            Figure(
                _("待作出追究决定的建议（%(authority)s）") % {"authority": name},
                n,
                _url(
                    "accountability:recommendation_list",
                    (("authority", str(pk)), ("pending", "1")),
                ),
            )
            for pk, name, n in load.pending_by_authority
        ),
        Figure(
            _("整改逾期未完成"),
            load.rectifications_overdue,
            _url("accountability:rectification_list", (("done", "0"), ("overdue", "1"))),
            overdue=True,
        ),
        Figure(
            _("待完成的整改事项"),
            load.rectifications_open,
            _url("accountability:rectification_list", (("done", "0"),)),
        ),
        Figure(
            _("近期收到的追究情况通报"),
            load.notices_recent,
            _url(
                "accountability:notice_list",
                (("decided_from", load.notices_since.isoformat()),),
            ),
        ),
    ]
    shown = _overdue_first(figures)
    if not shown:
        return None
    return Card(key="accountability", heading=_("责任追究"), figures=shown)


def _linked(items: list[TodoItem]) -> list[tuple[TodoItem, str]]:
    return [
        (item, reverse(item.url_name, args=item.url_args) if item.url_name else "")
        for item in items
    ]


def todo_card(overdue: int, other: int) -> Card | None:
    """The duties and oversight items, listed lower on the page: overdue, then the others."""
    figures = [
        Figure(_("逾期的职责事项"), overdue, "#duty-overdue", overdue=True),
        Figure(_("待办职责事项"), other, "#duty-todo"),
    ]
    shown = [f for f in figures if f.count]
    if not shown:
        return None
    return Card(key="duties", heading=_("职责与督查考核"), figures=shown)


def glance_roots(user: Any, today: dt.date) -> list[Organ]:
    """The subtrees a leader looks after: organs where the user holds a leadership position,
    and the roots of the user's scope (a petition office serves its region). An organ inside
    another of them is left out: its state is a line of the larger one."""
    leading = Position.objects.filter(
        orgs.held_on(today),
        person__user_id=getattr(user, "pk", 0),
        kind__in=LEADERSHIP_POSITION_KINDS,
    ).values_list("organ__path", flat=True)
    paths = set(scope_for(user).subtree_paths) | set(leading)
    kept = sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths))
    return list(Organ.objects.filter(path__in=kept).order_by("path"))


def glance(user: Any, organ: Organ, today: dt.date) -> Glance:
    """``organ``'s subtree at a glance, and its organs one level down."""
    figures = [
        _figure(counted, overdue=key == "overdue")
        for key, counted in workload.subtree_glance(user=user, organ=organ, today=today)
    ]
    if may_see_warnings(user, organ, today):
        total = region_warnings(user, organ, today).total
        url = _url("duties:agenda_warnings", args=(organ.pk,))
        figures.append(Figure(_("风险预警"), total, url))
    children = list(orgs.organ_children(organ))
    lines = [
        Line(line.organ, _figure(line.open), _figure(line.overdue, overdue=True))
        for line in workload.organ_lines(
            user=user, organs=children, base=workload.at_organ(organ, subtree=True), today=today
        )
        if line.open.count
    ]
    return Glance(organ=organ, figures=figures, lines=lines)


def admin_panel(user: Any, today: dt.date) -> Glance:
    """The whole registry at a glance: every matter the administrator may read, and the top
    organs (those with no parent) to drill into."""
    figures = [
        _figure(
            workload.counted(user=user, label=label, params=(("open", "1"), *extra), today=today),
            overdue=key == "overdue",
        )
        for key, label, extra in workload.GLANCE
    ]
    roots = Organ.objects.filter(parent__isnull=True).order_by("path")
    lines = [
        Line(line.organ, _figure(line.open), _figure(line.overdue, overdue=True))
        for line in workload.organ_lines(
            user=user, organs=roots, base=(("open", "1"),), today=today
        )
        if line.open.count
    ]
    return Glance(organ=Organ(), figures=figures, lines=lines)


#: The administration's pages: (label, URL name).
ADMIN_LINKS = (
    (gettext_lazy("系统管理"), "admin:index"),
    (gettext_lazy("机构名录"), "admin:orgs_organ_changelist"),
    (gettext_lazy("人员"), "admin:orgs_person_changelist"),
    (gettext_lazy("用户账号"), "admin:auth_user_changelist"),
    (gettext_lazy("统计"), "statistics:index"),
    (gettext_lazy("督查考核"), "oversight:index"),
    (gettext_lazy("职责"), "duties:index"),
)


def admin_info() -> AdminPanel:
    """The registry's size, the audit chain's head and the administration's pages."""
    head = dict(chain_head())
    if head.get("time"):
        # Shown to a person in the locale's format, not the chain's canonical text.
        head["time"] = dt.datetime.fromisoformat(str(head["time"]).replace("Z", "+00:00"))
    return AdminPanel(
        organs=Organ.objects.count(),
        people=Person.objects.count(),
        audit_head=head,
        links=[(str(label), reverse(name)) for label, name in ADMIN_LINKS],
    )


def workbench_for(user: Any, today: dt.date) -> Workbench:
    """Everything that waits on ``user`` on ``today``, overdue first."""
    bench = Workbench()
    scope = scope_for(user)
    cards = [organ_card(user, organ, today) for organ in orgs.organs_of_user(user, today)]
    bench.extension_requests = extension_requests_awaiting(user=user, day=today)
    cards.append(approvals_card(bench.extension_requests))
    cards.append(accountability_card(user, today))
    items = [*todo_for(user, today), *oversight_todo(user, today)]
    bench.overdue_todo = _linked([i for i in items if i.overdue])
    bench.todo = _linked([i for i in items if not i.overdue])
    cards.append(todo_card(len(bench.overdue_todo), len(bench.todo)))
    found = [card for card in cards if card is not None]
    bench.cards = sorted(found, key=lambda card: 0 if card.overdue else 1)
    bench.glances = [glance(user, organ, today) for organ in glance_roots(user, today)]
    if scope.is_admin:
        bench.glances.insert(0, admin_panel(user, today))
        bench.admin = admin_info()
    return bench
