"""Pages of the assessment (细则第十条第一款; 信访工作条例(2022)第三十九条).

Thin: schemes and runs are read through the chokepoints of
``xinfang.oversight.selectors.assessment`` (404 for anyone else), forms are parsed and one
service is called; a refusal says why.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from xinfang.orgs.models import Organ
from xinfang.oversight.models import AssessmentScheme, IndicatorSource, RunState, SchemeState
from xinfang.oversight.selectors import assessment as selectors
from xinfang.oversight.selectors.assessment_catalogue import CATALOGUE, indicator_title
from xinfang.oversight.services import assessment as services
from xinfang.refusals import Refused
from xinfang.rules.assessment import parse_fraction
from xinfang.web.accountability.forms import apply_errors
from xinfang.web.exports import export_if_asked
from xinfang.web.forms_focus import focus_first_error
from xinfang.web.paging import page_of

from . import downloads
from .assessment_forms import DiscardForm, HandScoreForm, IndicatorForm, SchemeEditForm, SchemeForm

TEMPLATES = "oversight/assessment"


def _refused(request: HttpRequest, exc: Refused, back: str) -> HttpResponse:
    context = {"messages_": exc.messages, "back": back}
    return render(request, "accountability/refused.html", context, status=409)


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    """The schemes the user manages, and the results the user may read."""
    organs, _office = selectors.assessing_organ_choices(request.user)
    return render(
        request,
        f"{TEMPLATES}/schemes.html",
        {
            "schemes": selectors.schemes_managed(request.user).order_by("-period_end", "-pk"),
            "may_create": bool(organs),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme_new(request: HttpRequest) -> HttpResponse:
    organs, office = selectors.assessing_organ_choices(request.user)
    if not organs:
        raise Http404(_("未找到。"))
    form = SchemeForm(request.POST or None, organs=organs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessing = next(o for o in organs if o.pk == data["assessing_organ"])
        try:
            scheme = services.assessment_scheme_create(
                assessing_organ=assessing,
                office=office,
                title=data["title"],
                period_kind=data["period_kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                organ_group=data["organ_group"],
                indicators=[services.IndicatorSpec(code=c, weight=10) for c in data["indicators"]],
                actor=request.user,
                acting_for=office if office is not None else assessing,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("oversight:assessment_scheme", scheme_id=scheme.pk)
    focus_first_error(form)
    return render(request, f"{TEMPLATES}/scheme_new.html", {"form": form})


def _specs(scheme: AssessmentScheme) -> list[services.IndicatorSpec]:
    return [
        services.IndicatorSpec(
            code=i.code,
            weight=i.weight,
            title=i.title,
            source=i.source,
            direction=i.direction,
            target=i.target,
            per_volume=i.per_volume,
        )
        for i in scheme.indicators.all()
    ]


def _candidates(scheme: AssessmentScheme) -> list[Organ]:
    """The organs a draft may assess: those it assesses and every group of the territory."""
    found = {o.pk: o for o in scheme.organs.order_by("region_code", "path")}
    for group in services.ORGAN_GROUPS:
        for organ in services.default_organs(scheme.assessing_organ, group):
            found.setdefault(organ.pk, organ)
    return list(found.values())


def _scheme_page(request: HttpRequest, scheme: AssessmentScheme, **forms: Any) -> HttpResponse:
    organs = list(scheme.organs.order_by("region_code", "path"))
    manual = [i for i in scheme.indicators.all() if i.source == IndicatorSource.MANUAL]
    indicators = list(scheme.indicators.all())
    for indicator in indicators:
        indicator.shown_title = indicator_title(indicator.code, indicator.title)  # type: ignore[attr-defined]
    context = {
        "scheme": scheme,
        "organs": organs,
        "indicators": indicators,
        "hand_scores": [
            (i, list(i.hand_scores.select_related("organ").order_by("organ__path"))) for i in manual
        ],
        "runs": scheme.runs.order_by("-computed_at", "-pk"),
        "draft": scheme.state == SchemeState.DRAFT,
        "edit_form": forms.get("edit_form")
        or SchemeEditForm(
            organs=_candidates(scheme),
            initial={"title": scheme.title, "organs": [o.pk for o in organs]},
        ),
        "indicator_form": forms.get("indicator_form") or IndicatorForm(initial={"weight": 10}),
        "score_form": forms.get("score_form") or HandScoreForm(indicators=manual, organs=organs),
        "catalogue": CATALOGUE,
    }
    focus_first_error(*forms.values())
    return render(request, f"{TEMPLATES}/scheme.html", context)


@login_required
def scheme_detail(request: HttpRequest, scheme_id: int) -> HttpResponse:
    return _scheme_page(request, selectors.access_scheme_by_id(request.user, scheme_id))


@login_required
@require_POST
def scheme_edit(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = selectors.access_scheme_by_id(request.user, scheme_id)
    candidates = _candidates(scheme)
    form = SchemeEditForm(request.POST, organs=candidates)
    if not form.is_valid():
        return _scheme_page(request, scheme, edit_form=form)
    chosen = {o.pk: o for o in candidates}
    return _update(
        request,
        scheme,
        form,
        "edit_form",
        title=form.cleaned_data["title"],
        organs=[chosen[pk] for pk in form.cleaned_data["organs"]],
    )


def _update(
    request: HttpRequest, scheme: AssessmentScheme, form: Any, name: str, **changes: Any
) -> HttpResponse:
    """Edit a draft through the service: back to the scheme, or the form with its errors."""
    try:
        services.assessment_scheme_update(
            scheme=scheme,
            actor=request.user,
            acting_for=selectors.acting_organ(request.user, scheme),
            **changes,
        )
    except Refused as exc:
        return _refused(request, exc, reverse("oversight:assessment_scheme", args=[scheme.pk]))
    except ValidationError as exc:
        apply_errors(form, exc)
        return _scheme_page(request, scheme, **{name: form})
    return redirect("oversight:assessment_scheme", scheme_id=scheme.pk)


@login_required
@require_POST
def indicator_set(request: HttpRequest, scheme_id: int) -> HttpResponse:
    """Add an indicator, change one (same code) or remove it (``remove``)."""
    scheme = selectors.access_scheme_by_id(request.user, scheme_id)
    specs = _specs(scheme)
    remove = request.POST.get("remove", "")
    form = IndicatorForm(request.POST)
    if remove:
        specs = [s for s in specs if s.code != remove]
    elif not form.is_valid():
        return _scheme_page(request, scheme, indicator_form=form)
    else:
        data = form.cleaned_data
        spec = services.IndicatorSpec(
            code=data["code"],
            weight=data["weight"],
            title=data["title"] or "",
            source=data["source"],
            direction=data["direction"] or "",
            target=data["target"] or "",
            per_volume=data["per_volume"] or 0,
        )
        specs = [spec if s.code == spec.code else s for s in specs]
        if spec.code not in {s.code for s in specs}:
            specs.append(spec)
    return _update(request, scheme, form, "indicator_form", indicators=specs)


@login_required
@require_POST
def scheme_activate(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = selectors.access_scheme_by_id(request.user, scheme_id)
    back = reverse("oversight:assessment_scheme", args=[scheme.pk])
    try:
        services.assessment_scheme_activate(
            scheme=scheme,
            actor=request.user,
            acting_for=selectors.acting_organ(request.user, scheme),
        )
    except Refused as exc:
        return _refused(request, exc, back)
    return redirect(back)


@login_required
@require_POST
def hand_score(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = selectors.access_scheme_by_id(request.user, scheme_id)
    manual = [i for i in scheme.indicators.all() if i.source == IndicatorSource.MANUAL]
    organs = list(scheme.organs.all())
    form = HandScoreForm(request.POST, indicators=manual, organs=organs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.hand_score_enter(
                indicator=next(i for i in manual if i.pk == data["indicator"]),
                organ=next(o for o in organs if o.pk == data["organ"]),
                value=data["value"],
                evidence=data["evidence"],
                actor=request.user,
                acting_for=selectors.acting_organ(request.user, scheme),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("oversight:assessment_scheme", scheme_id=scheme.pk)
    return _scheme_page(request, scheme, score_form=form)


@login_required
@require_POST
def run_compute(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = selectors.access_scheme_by_id(request.user, scheme_id)
    try:
        found = services.assessment_run_compute(
            scheme=scheme,
            actor=request.user,
            acting_for=selectors.acting_organ(request.user, scheme),
        )
    except Refused as exc:
        return _refused(request, exc, reverse("oversight:assessment_scheme", args=[scheme.pk]))
    return redirect("oversight:assessment_run", run_id=found.pk)


# --- runs ------------------------------------------------------------------------------------


def _display(lines: list[dict[str, Any]], titles: dict[str, str]) -> list[dict[str, Any]]:
    """Lines with their fractions as numbers for the page (the stored text stays exact)."""

    def number(text: str | None, scale: int = 1) -> str:
        value = parse_fraction(text)
        return "—" if value is None else f"{float(value) * scale:.2f}"

    return [
        {
            **line,
            "score_text": number(line["score"]),
            "parts": [
                {
                    **part,
                    "title": titles.get(part["code"], part["code"]),
                    "value_text": number(part["value"]),
                    "normalised_text": number(part["normalised"]),
                    "weight_text": number(part["weight"], 100),
                    "contribution_text": number(part["contribution"]),
                    "drill": CATALOGUE.get(part["code"]) is not None
                    and CATALOGUE[part["code"]].drill is not None
                    and part["denominator"] is not None,
                }
                for part in line["indicators"]
            ],
        }
        for line in lines
    ]


@login_required
def run_list(request: HttpRequest) -> HttpResponseBase:
    """Runs of the user's schemes, results delivered to the user's department, and published
    results of the user's own organ."""
    runs = selectors.runs_visible(request.user)
    exported = export_if_asked(
        request, runs, name=_("考核结果"), columns=downloads.RUNS, what="oversight.assessment_runs"
    )
    if exported is not None:
        return exported
    page = page_of(request, runs)
    return render(request, f"{TEMPLATES}/runs.html", {"runs": page, "page_obj": page})


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponseBase:
    view = selectors.access_run_by_id(request.user, run_id)
    found = view.run
    titles = {
        i["code"]: indicator_title(i["code"], i["title"])
        for i in found.result["scheme"]["indicators"]
    }
    exported = export_if_asked(
        request,
        downloads.ranking_rows(view.lines(), titles),
        name=_("%(scheme)s考核结果") % {"scheme": found.scheme.title},
        columns=downloads.RANKING,
        what=f"oversight.assessment_run.{found.pk}",
    )
    if exported is not None:
        return exported
    return render(
        request,
        f"{TEMPLATES}/run.html",
        {
            "run": found,
            "view": view,
            "lines": _display(view.lines(), titles),
            "indicators": found.result["scheme"]["indicators"],
            "may_decide": view.manager and found.state == RunState.COMPUTED,
            "delivery": selectors.delivery_of(request.user, view),
            "discard_form": DiscardForm(),
            "recipients": services.recipients_of(found.scheme),
        },
    )


@login_required
@require_POST
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    view = selectors.access_run_by_id(request.user, run_id)
    back = reverse("oversight:assessment_run", args=[view.run.pk])
    if not view.manager:
        raise Http404(_("未找到。"))
    try:
        services.assessment_run_publish(
            run_record=view.run,
            actor=request.user,
            acting_for=selectors.acting_organ(request.user, view.run.scheme),
        )
    except Refused as exc:
        return _refused(request, exc, back)
    return redirect(back)


@login_required
@require_POST
def run_discard(request: HttpRequest, run_id: int) -> HttpResponse:
    view = selectors.access_run_by_id(request.user, run_id)
    back = reverse("oversight:assessment_run", args=[view.run.pk])
    if not view.manager:
        raise Http404(_("未找到。"))
    try:
        services.assessment_run_discard(
            run_record=view.run,
            reason=request.POST.get("reason", ""),
            actor=request.user,
            acting_for=selectors.acting_organ(request.user, view.run.scheme),
        )
    except Refused as exc:
        return _refused(request, exc, back)
    except ValidationError as exc:
        return _refused(request, Refused(" ".join(exc.messages), code="invalid"), back)
    return redirect(back)


@login_required
@require_POST
def run_read(request: HttpRequest, run_id: int) -> HttpResponse:
    view = selectors.access_run_by_id(request.user, run_id)
    delivery = selectors.delivery_of(request.user, view)
    if delivery is None:
        raise Http404(_("未找到。"))
    services.run_delivery_read(delivery=delivery, actor=request.user, at=timezone.now())
    return redirect("oversight:assessment_run", run_id=view.run.pk)


@login_required
def run_drill(request: HttpRequest, run_id: int, organ_id: int, code: str) -> HttpResponseBase:
    """The matters behind one figure, as the user may read them."""
    view = selectors.access_run_by_id(request.user, run_id)
    matters = selectors.drill_matters(request.user, view, organ_id, code)
    line = next(r for r in view.run.result["lines"] if r["organ"] == organ_id)
    title = next(
        (
            indicator_title(code, i["title"])
            for i in view.run.result["scheme"]["indicators"]
            if i["code"] == code
        ),
        code,
    )
    exported = export_if_asked(
        request,
        matters,
        name=f"{line['name']}{title}",
        columns=downloads.MATTERS,
        what=f"oversight.assessment_drill.{view.run.pk}",
    )
    if exported is not None:
        return exported
    page = page_of(request, matters)
    return render(
        request,
        f"{TEMPLATES}/drill.html",
        {"run": view.run, "line": line, "title": title, "matters": page, "page_obj": page},
    )


#: The part's pages the oversight index links to: (title, URL name).
PAGES: tuple[tuple[Promise, str], ...] = (
    (gettext_lazy("考核方案"), "oversight:assessment_schemes"),
    (gettext_lazy("考核结果"), "oversight:assessment_runs"),
)

urlpatterns: list[URLPattern] = [
    path("", scheme_list, name="assessment_schemes"),
    path("new/", scheme_new, name="assessment_scheme_new"),
    path("<int:scheme_id>/", scheme_detail, name="assessment_scheme"),
    path("<int:scheme_id>/edit/", scheme_edit, name="assessment_scheme_edit"),
    path("<int:scheme_id>/indicators/", indicator_set, name="assessment_indicator_set"),
    path("<int:scheme_id>/activate/", scheme_activate, name="assessment_scheme_activate"),
    path("<int:scheme_id>/scores/", hand_score, name="assessment_hand_score"),
    path("<int:scheme_id>/run/", run_compute, name="assessment_run_compute"),
    path("runs/", run_list, name="assessment_runs"),
    path("runs/<int:run_id>/", run_detail, name="assessment_run"),
    path("runs/<int:run_id>/publish/", run_publish, name="assessment_run_publish"),
    path("runs/<int:run_id>/discard/", run_discard, name="assessment_run_discard"),
    path("runs/<int:run_id>/read/", run_read, name="assessment_run_read"),
    path(
        "runs/<int:run_id>/organs/<int:organ_id>/<slug:code>/",
        run_drill,
        name="assessment_run_drill",
    ),
]
