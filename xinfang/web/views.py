"""Pages: login, the home page of the signed-in user, and an organ's page.

Views are thin: they call selectors and render. Reading an organ goes through the access
chokepoint ``access_organ_by_id``; links are drawn only to organs the user may open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from xinfang.access.policy import access_organ_by_id, visible_organs
from xinfang.duties.selectors import OverviewRow, TodoItem, organ_overview
from xinfang.orgs import selectors
from xinfang.orgs.models import Organ, Position
from xinfang.oversight.selectors import organ_overview as oversight_overview

from .workbench import workbench_for


class XinfangLoginView(LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")


@dataclass
class OrganInContext:
    """An organ with its chain of parents and its children, for display."""

    organ: Organ
    ancestors: list[Organ]
    children: list[Organ]
    positions: list[Position]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The workbench: what waits for the user, overdue first, each number a link to the list
    it counts (``xinfang.web.workbench``); below it the organs where the user serves."""
    today = timezone.localdate()
    person = selectors.person_of_user(request.user)
    positions = selectors.positions_of_person_on(person, today) if person is not None else []
    organs = [
        OrganInContext(
            organ=organ,
            ancestors=selectors.organ_ancestors(organ),
            children=list(selectors.organ_children(organ)),
            positions=[p for p in positions if p.organ_id == organ.pk],
        )
        for organ in selectors.organs_of_user(request.user, today)
    ]
    display_name = person.name if person is not None else request.user.get_username()
    shown = [o for item in organs for o in (item.organ, *item.ancestors, *item.children)]
    bench = workbench_for(request.user, today)
    lines = [line.organ for glance in bench.glances for line in glance.lines]
    return render(
        request,
        "web/home.html",
        {
            "display_name": display_name,
            "organs": organs,
            "today": today,
            "linkable": linkable_ids(request.user, [*shown, *lines]),
            "bench": bench,
        },
    )


def linked(items: Iterable[TodoItem | OverviewRow]) -> list[tuple[TodoItem | OverviewRow, str]]:
    """Each item with the address of its page ("" when it names none)."""
    return [
        (item, reverse(item.url_name, args=item.url_args) if item.url_name else "")
        for item in items
    ]


def linkable_ids(user: object, organs: Iterable[Organ | None]) -> set[int]:
    """The ids among ``organs`` whose pages the user may open (one query)."""
    ids = {organ.pk for organ in organs if organ is not None}
    return set(visible_organs(user).filter(pk__in=ids).values_list("pk", flat=True))


@login_required
def organ_detail(request: HttpRequest, organ_id: int) -> HttpResponse:
    organ = access_organ_by_id(request.user, organ_id)
    today = timezone.localdate()
    ancestors = selectors.organ_ancestors(organ)
    children = list(selectors.organ_children(organ))
    related = [organ.vertical_parent, organ.managing_authority]
    return render(
        request,
        "web/organ_detail.html",
        {
            "organ": organ,
            "ancestors": ancestors,
            "children": children,
            "team": selectors.leadership_team_on(organ, today),
            "today": today,
            "linkable": linkable_ids(request.user, [*ancestors, *children, *related]),
            # What the organ owes under 细则第四条、第六条至第八条, as the user may see it.
            "duty_overview": linked(
                [
                    *organ_overview(request.user, organ, today),
                    *oversight_overview(request.user, organ, today),
                ]
            ),
        },
    )
