"""Pages of 细则第四条: an organ's agenda, decisions and screening; an agenda item and its
follow-up; a decision with its assessment and linked matters; the region's early warning; the
organ's own norms. Thin: the forms parse, the services write, the selectors read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinfang.access.choices import DenialReason
from xinfang.access.policy import (
    access_organ_by_id,
    access_organ_records_by_id,
    access_working_organ,
    log_denial,
)
from xinfang.duties.models.agenda import AgendaItem, MajorDecision
from xinfang.duties.models.settings import ORGAN_SETTINGS, OrganDutySettings
from xinfang.duties.selectors import agenda as selectors
from xinfang.duties.selectors import duty_setting
from xinfang.duties.selectors.agenda_warnings import may_see_warnings, region_warnings
from xinfang.duties.services import agenda as services
from xinfang.duties.services import agenda_decisions as decisions
from xinfang.duties.services.agenda import is_region_organ
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import organs_of_user
from xinfang.petitions.matters.selectors import access_matter_by_id
from xinfang.web.accountability.forms import apply_errors
from xinfang.web.exports import export_if_asked
from xinfang.web.forms_focus import focus_first_error
from xinfang.web.paging import page_of

from . import downloads
from .agenda_forms import (
    AgendaItemForm,
    AssessmentForm,
    DecisionForm,
    FollowUpForm,
    LinkForm,
    ScreeningForm,
    SettingsForm,
    people_choices,
)

T = TypeVar("T")


def _form_page(
    request: HttpRequest, form: Any, *, organ: Organ, title: str, intro: str = ""
) -> HttpResponse:
    focus_first_error(form)
    return render(
        request,
        "duties/agenda/form.html",
        {"form": form, "organ": organ, "title": title, "intro": intro},
    )


def _written(request: HttpRequest, form: Form, write: Callable[[dict[str, Any]], T]) -> T | None:
    """What ``write`` made of the form's data; None when the form was not posted, is not valid
    or the service refused it (its errors then stand on the form, by field)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def _person(pk: int | None) -> Person | None:
    return Person.objects.filter(pk=pk).first() if pk else None


@login_required
def agenda_home(request: HttpRequest) -> HttpResponse:
    """The agenda of the user's organ (or the one asked for)."""
    organ, _organs = access_working_organ(request.user, request.GET.get("organ", ""))
    return redirect("duties:agenda_organ", organ_id=organ.pk)


def _agenda_export(
    request: HttpRequest, organ: Organ, year: int, items: Any, decision_rows: Any
) -> HttpResponseBase | None:
    """The download of the organ's agenda items of the year, or (``table=decisions``) of its
    major decisions."""
    if request.GET.get("table") == "decisions":
        return export_if_asked(
            request,
            decision_rows,
            name=_("%(organ)s重大决策") % {"organ": organ.name},
            columns=downloads.DECISIONS,
            what="duties.decisions",
        )
    return export_if_asked(
        request,
        items,
        name=_("%(organ)s%(year)s年研究信访工作") % {"organ": organ.name, "year": year},
        columns=downloads.AGENDA_ITEMS,
        what="duties.agenda_items",
    )


@login_required
def agenda_organ(request: HttpRequest, organ_id: int) -> HttpResponseBase:
    """An organ's year: agenda items against the norm, decisions and their assessment,
    dispute screening (a region's party committee or government)."""
    organ = access_organ_records_by_id(request.user, organ_id)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2017), today.year)
    items = selectors.agenda_items_visible(request.user).filter(
        organ_id=organ.pk, held_on__year=year
    )
    regional = is_region_organ(organ)
    decision_rows = selectors.decisions_visible(request.user).filter(organ_id=organ.pk)
    exported = _agenda_export(request, organ, year, items, decision_rows)
    if exported is not None:
        return exported
    decisions_page = page_of(request, decision_rows)
    lacking = set(
        selectors.without_prior_assessment(decision_rows)
        .filter(pk__in=[d.pk for d in decisions_page])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "duties/agenda/organ.html",
        {
            "organ": organ,
            "year": year,
            "years": list(range(today.year, 2016, -1))[:10],
            "today": today,
            "norm": selectors.agenda_norm(organ, year, today),
            "items": items,
            "decisions": [(d, d.pk in lacking) for d in decisions_page],
            "page_obj": decisions_page,
            "regional": regional,
            "screening": selectors.screening_norm(organ, year, today) if regional else None,
            "screenings": selectors.screenings_visible(request.user).filter(
                organ_id=organ.pk, held_on__year=year
            )
            if regional
            else [],
            "may_act": organ in organs_of_user(request.user),
            "may_see_warnings": may_see_warnings(request.user, organ, today),
        },
    )


@login_required
def agenda_item_new(request: HttpRequest, organ_id: int) -> HttpResponse:
    organ = access_organ_by_id(request.user, organ_id)
    form = AgendaItemForm(
        request.POST or None,
        people=people_choices(organ),
        owners=people_choices(organ, with_children=True),
    )
    item = _written(
        request,
        form,
        lambda data: services.agenda_item_record(
            organ=organ,
            kind=data["kind"],
            held_on=data["held_on"],
            meeting=data["meeting"],
            decisions=data["decisions"],
            minutes_ref=data["minutes_ref"],
            attendees=list(Person.objects.filter(pk__in=data["attendees"]).order_by("pk")),
            follow_up_owner=_person(data["follow_up_owner"]),
            follow_up_due=data["follow_up_due"],
            actor=request.user,
        ),
    )
    if item is not None:
        return redirect("duties:agenda_item_detail", item_id=item.pk)
    return _form_page(
        request,
        form,
        organ=organ,
        title=_("登记研究信访工作的会议"),
        intro=_("细则第四条第一款：定期听取工作汇报、分析信访形势、研究解决工作中的重要问题。"),
    )


def _item_page(request: HttpRequest, item: AgendaItem, form: FollowUpForm) -> HttpResponse:
    today = timezone.localdate()
    focus_first_error(form)
    return render(
        request,
        "duties/agenda/item_detail.html",
        {
            "item": item,
            "attendees": item.attendees.order_by("name"),
            "steps": services.AGENDA_ITEM.allowed(item),
            "overdue": item.state == "open"
            and item.follow_up_due is not None
            and item.follow_up_due < today,
            "form": form,
        },
    )


@login_required
def agenda_item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.access_agenda_item_by_id(request.user, item_id)
    return _item_page(request, item, FollowUpForm())


@login_required
@require_POST
def agenda_item_follow_up(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.access_agenda_item_by_id(request.user, item_id, action="follow_up_done")
    form = FollowUpForm(request.POST)
    done = _written(
        request,
        form,
        lambda data: services.agenda_follow_up_done(
            item=item, note=data["note"], actor=request.user
        ),
    )
    if done is not None:
        return redirect("duties:agenda_item_detail", item_id=item.pk)
    return _item_page(request, item, form)


@login_required
def agenda_decision_new(request: HttpRequest, organ_id: int) -> HttpResponse:
    organ = access_organ_by_id(request.user, organ_id)
    form = DecisionForm(request.POST or None, people=people_choices(organ))
    decision = _written(
        request,
        form,
        lambda data: decisions.decision_record(
            organ=organ,
            title=data["title"],
            decided_on=data["decided_on"],
            decision_maker=_person(data["decision_maker"]),
            in_scope=data["in_scope"],
            description=data["description"],
            actor=request.user,
        ),
    )
    if decision is not None:
        return redirect("duties:agenda_decision_detail", decision_id=decision.pk)
    return _form_page(
        request,
        form,
        organ=organ,
        title=_("登记重大决策"),
        intro=_("细则第四条第一款：落实重大决策社会稳定风险评估机制。"),
    )


def _decision_page(
    request: HttpRequest,
    decision: MajorDecision,
    *,
    assess: AssessmentForm | None = None,
    link: LinkForm | None = None,
) -> HttpResponse:
    shown, count = selectors.linked_matters(request.user, decision)
    focus_first_error(assess, link)
    return render(
        request,
        "duties/agenda/decision_detail.html",
        {
            "decision": decision,
            "assessment": selectors.assessment_of(decision),
            "missing": selectors.assessment_missing(decision),
            "linked": shown,
            "linked_count": count,
            "suggested": selectors.matter_suggestions(request.user, decision),
            "assess_form": assess or AssessmentForm(),
            "link_form": link or LinkForm(),
        },
    )


@login_required
def agenda_decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    return _decision_page(request, selectors.access_decision_by_id(request.user, decision_id))


@login_required
@require_POST
def agenda_decision_assess(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.access_decision_by_id(request.user, decision_id, action="assess")
    form = AssessmentForm(request.POST)
    assessed = _written(
        request,
        form,
        lambda data: decisions.risk_assessment_record(
            decision=decision, actor=request.user, **data
        ),
    )
    if assessed is not None:
        return redirect("duties:agenda_decision_detail", decision_id=decision.pk)
    return _decision_page(request, decision, assess=form)


@login_required
@require_POST
def agenda_decision_link(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.access_decision_by_id(request.user, decision_id, action="link_matter")
    form = LinkForm(request.POST)
    unlink = request.POST.get("unlink") == "1"
    if form.is_valid():
        try:
            matter = access_matter_by_id(request.user, form.cleaned_data["matter_id"])
        except Http404:
            form.add_error("matter_id", _("未找到该信访事项。"))
        else:
            change = decisions.decision_unlink_matter if unlink else decisions.decision_link_matter
            try:
                change(decision=decision, matter=matter, actor=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("duties:agenda_decision_detail", decision_id=decision.pk)
    return _decision_page(request, decision, link=form)


@login_required
def agenda_screening_new(request: HttpRequest, organ_id: int) -> HttpResponse:
    organ = access_organ_by_id(request.user, organ_id)
    form = ScreeningForm(request.POST or None)
    written = _written(
        request,
        form,
        lambda data: services.dispute_screening_record(organ=organ, actor=request.user, **data),
    )
    if written is not None:
        return redirect("duties:agenda_organ", organ_id=organ.pk)
    return _form_page(
        request,
        form,
        organ=organ,
        title=_("登记矛盾纠纷排查"),
        intro=_("细则第四条第二款：加强矛盾纠纷排查化解和信访风险防控预警。"),
    )


@login_required
def agenda_warnings(request: HttpRequest, organ_id: int) -> HttpResponse:
    """风险预警: the region's warnings, for its leaders and petition office."""
    organ = access_organ_records_by_id(request.user, organ_id)
    today = timezone.localdate()
    if not may_see_warnings(request.user, organ, today):
        log_denial(
            request.user,
            object_type="orgs.organ",
            object_id=organ.pk,
            reason=DenialReason.OUT_OF_SCOPE,
            action="warnings",
        )
        raise Http404(_("未找到。"))
    return render(
        request,
        "duties/agenda/warnings.html",
        {"organ": organ, "found": region_warnings(request.user, organ, today)},
    )


@login_required
def agenda_settings(request: HttpRequest, organ_id: int) -> HttpResponse:
    """The organ's own norms for its team, beside the policy values."""
    organ = access_organ_by_id(request.user, organ_id)
    own = OrganDutySettings.objects.filter(organ_id=organ.pk).first()
    initial = {name: getattr(own, name, None) for name in (*ORGAN_SETTINGS, "decided_by")}
    form = SettingsForm(request.POST or None, initial=initial)
    saved = _written(
        request,
        form,
        lambda data: services.organ_duty_settings_set(organ=organ, actor=request.user, **data),
    )
    if saved is not None:
        return redirect("duties:agenda_settings", organ_id=organ.pk)
    today = timezone.localdate()
    focus_first_error(form)
    return render(
        request,
        "duties/agenda/settings.html",
        {
            "organ": organ,
            "form": form,
            "applied": [duty_setting(name, on=today, organ=organ) for name in ORGAN_SETTINGS],
        },
    )


urlpatterns: list[URLPattern] = [
    path("", agenda_home, name="agenda_home"),
    path("organ/<int:organ_id>/", agenda_organ, name="agenda_organ"),
    path("organ/<int:organ_id>/items/new/", agenda_item_new, name="agenda_item_new"),
    path("organ/<int:organ_id>/decisions/new/", agenda_decision_new, name="agenda_decision_new"),
    path("organ/<int:organ_id>/screenings/new/", agenda_screening_new, name="agenda_screening_new"),
    path("organ/<int:organ_id>/settings/", agenda_settings, name="agenda_settings"),
    path("items/<int:item_id>/", agenda_item_detail, name="agenda_item_detail"),
    path("items/<int:item_id>/follow-up/", agenda_item_follow_up, name="agenda_item_follow_up"),
    path("decisions/<int:decision_id>/", agenda_decision_detail, name="agenda_decision_detail"),
    path(
        "decisions/<int:decision_id>/assessment/",
        agenda_decision_assess,
        name="agenda_decision_assess",
    ),
    path("decisions/<int:decision_id>/matters/", agenda_decision_link, name="agenda_decision_link"),
    path("warnings/<int:organ_id>/", agenda_warnings, name="agenda_warnings"),
]
