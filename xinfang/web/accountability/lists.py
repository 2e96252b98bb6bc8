"""The accountability lists: leads, cases, recommendations, rectifications, notices and honour
disqualifications. Each filters a queryset of the access policy through its FilterSet
(``xinfang.accountability.filters``: the API reads the same), sorts, pages with its total
(``xinfang.web.paging``), keeps its filters in the URL and downloads as XLSX or CSV
(``?format=xlsx|csv``, ``xinfang.web.exports``). A value the filter cannot read is shown as an
error of the form, with no rows: a list filtered by something else than asked is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.policy import visible_organs
from xinfang.accountability import filters, selectors
from xinfang.accountability.choices import LeadKind
from xinfang.accountability.labels import (
    code_label,
    code_labels,
    ground_label,
    record_reference,
    state_label,
)
from xinfang.accountability.models import (
    AccountabilityCase,
    HonourDisqualification,
    Notice,
    Recommendation,
    Rectification,
)
from xinfang.orgs.models import Organ
from xinfang.punctuation import join_list
from xinfang.web.exports import Column, export_format, export_response
from xinfang.web.paging import page_of

from .forms import RectifiedForm


def _day(value: Any) -> str:
    """A date or a datetime as the pages write it (local day), or ""."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date()
    return str(value.isoformat())


@dataclass(frozen=True)
class Listing:
    """One list: its FilterSet, page, download and the organ filters whose choices it offers
    (``organ`` and the others: the organs its rows name, and above them)."""

    filterset: type[Any]
    template: str
    name: str
    what: str
    columns: Callable[[], Sequence[Column]]
    organ_fields: Sequence[tuple[str, str]] = (("organ", "organ"),)


def _offer_organs(filterset: Any, base: QuerySet[Any], fields: Sequence[tuple[str, str]]) -> None:
    """Each organ filter offers the organs the user's rows name (and, for ``organ``, those
    above them, to take a subtree), never the whole registry; any organ is still accepted,
    so a link from another page keeps its meaning."""
    for field_name, lookup in fields:
        field = filterset.form.fields.get(field_name)
        if field is None:
            continue
        ids = set(base.order_by().values_list(f"{lookup}_id", flat=True).distinct())
        if field_name == "organ":
            for organ in Organ.objects.filter(pk__in=ids).only("path"):
                ids.update(organ.ancestor_ids)
        chosen = filterset.form.data.get(field_name, "")
        if str(chosen).isdigit():
            ids.add(int(chosen))
        organs = Organ.objects.filter(pk__in=ids).order_by("path")
        field.widget.choices = [("", "---------"), *((o.pk, o.name) for o in organs)]


def _applied(filterset: Any) -> dict[str, Any]:
    """The filters a download was made with, for the audit trail."""
    if not filterset.is_bound:
        return {}
    return {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "", [])}


def _list(
    request: HttpRequest,
    listing: Listing,
    base: QuerySet[Any],
    context: dict[str, Any] | None = None,
) -> HttpResponse | StreamingHttpResponse:
    filterset = listing.filterset(request.GET or None, queryset=base)
    valid = not filterset.is_bound or filterset.is_valid()
    rows = filterset.qs if valid else base.none()
    fmt = export_format(request)
    if fmt is not None and valid:
        return export_response(
            request,
            fmt=fmt,
            name=listing.name,
            columns=listing.columns(),
            rows=rows.iterator(chunk_size=500),
            what=listing.what,
            filters=_applied(filterset),
            count=rows.count(),
        )
    _offer_organs(filterset, base, listing.organ_fields)
    page = page_of(request, rows)
    return render(
        request,
        listing.template,
        {"filter": filterset, "page_obj": page, "rows": page.object_list, **(context or {})},
    )


# --- leads ----------------------------------------------------------------------------------


def _lead_columns() -> Sequence[Column]:
    return (
        Column(_("编号"), lambda lead: lead.pk),
        Column(_("线索或信号"), lambda lead: code_label(lead.tier)),
        Column(_("类型"), lambda lead: code_label(lead.kind)),
        Column(_("涉嫌情形"), lambda lead: ground_label(lead.ground)),
        Column(_("涉及机关"), lambda lead: lead.organ.name),
        Column(_("失职失责日期"), lambda lead: _day(lead.failure_date)),
        Column(_("来源"), lambda lead: code_label(lead.source)),
        Column(_("状态"), lambda lead: state_label(lead.state, "lead")),
        Column(_("发现时间"), lambda lead: _day(lead.created_at)),
        Column(_("摘要"), lambda lead: lead.summary_text),
    )


LEADS = Listing(
    filters.LeadFilter,
    "accountability/lead_list.html",
    "leads",
    "accountability.leads",
    _lead_columns,
)


@login_required
def lead_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    leads = selectors.prioritized(selectors.leads_visible_to(request.user))
    return _list(request, LEADS, leads, {"priority_kind": LeadKind.DISCLOSURE_TO_ACCUSED.value})


# --- cases ----------------------------------------------------------------------------------


def _case_columns() -> Sequence[Column]:
    return (
        Column(_("编号"), lambda case: case.pk),
        Column(_("涉及机关"), lambda case: case.organ.name),
        Column(_("涉嫌情形"), lambda case: ground_label(case.lead.ground)),
        Column(_("失职失责日期"), lambda case: _day(case.failure_date)),
        Column(_("调查机关"), lambda case: case.investigating_organ.name),
        Column(_("立案调查时间"), lambda case: _day(case.opened_at)),
        Column(_("责任类型"), lambda case: code_label(case.responsibility_kind)),
        Column(_("状态"), lambda case: state_label(case.state, "case")),
    )


CASES = Listing(
    filters.CaseFilter,
    "accountability/case_list.html",
    "accountability-cases",
    "accountability.cases",
    _case_columns,
    (("organ", "organ"), ("investigating_organ", "investigating_organ")),
)


@login_required
def case_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    cases: QuerySet[AccountabilityCase] = (
        selectors.cases_visible_to(request.user)
        .select_related("investigating_organ")
        .order_by("-opened_at", "-id")
    )
    return _list(request, CASES, cases)


# --- recommendations ------------------------------------------------------------------------


def _recommendation_columns() -> Sequence[Column]:
    return (
        Column(_("文号"), lambda r: r.number),
        Column(_("涉及机关"), lambda r: r.case.organ.name),
        Column(_("调查机关"), lambda r: r.case.investigating_organ.name),
        Column(_("有管理权限的党政机关"), lambda r: r.authority.name),
        Column(_("送达时间"), lambda r: _day(r.sent_at)),
        Column(_("待决定事项"), lambda r: r.pending_count),
    )


RECOMMENDATIONS = Listing(
    filters.RecommendationFilter,
    "accountability/recommendation_list.html",
    "accountability-recommendations",
    "accountability.recommendations",
    _recommendation_columns,
    (
        ("organ", "case__organ"),
        ("authority", "authority"),
        ("investigating_organ", "case__investigating_organ"),
    ),
)


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    letters: QuerySet[Recommendation] = selectors.recommendation_list_for(request.user)
    return _list(request, RECOMMENDATIONS, letters)


# --- rectifications -------------------------------------------------------------------------


def _subject(row: Rectification | Notice) -> str:
    if isinstance(row, Notice):
        return row.decision.subject_name
    return row.person.name if row.person else (row.organ.name if row.organ else "")


def _rectification_columns() -> Sequence[Column]:
    today = timezone.localdate()
    return (
        Column(_("对象"), _subject),
        Column(_("涉及机关"), lambda r: r.case.organ.name),
        Column(_("案件"), lambda r: record_reference(_("责任追究案件"), r.case_id)),
        Column(_("所受措施"), lambda r: code_label(r.measure)),
        Column(_("整改期限"), lambda r: _day(r.due)),
        Column(
            _("已逾期"),
            lambda r: _("是") if r.rectified_at is None and r.due < today else _("否"),
        ),
        Column(_("完成整改时间"), lambda r: _day(r.rectified_at)),
        Column(_("整改情况和材料"), lambda r: r.evidence),
    )


RECTIFICATIONS = Listing(
    filters.RectificationFilter,
    "accountability/rectification_list.html",
    "rectifications",
    "accountability.rectifications",
    _rectification_columns,
    (("organ", "case__organ"),),
)


@login_required
def rectification_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    items: QuerySet[Rectification] = selectors.rectifications_visible_to(
        request.user
    ).select_related("case__organ")
    context = {"today": timezone.localdate(), "form": RectifiedForm()}
    return _list(request, RECTIFICATIONS, items, context)


# --- notices --------------------------------------------------------------------------------


def _notice_columns() -> Sequence[Column]:
    return (
        Column(_("对象"), _subject),
        Column(_("涉及机关"), lambda n: n.case.organ.name),
        Column(_("通报对象"), lambda n: n.to_organ.name),
        Column(_("部门"), lambda n: code_label(n.role)),
        Column(_("决定"), lambda n: code_labels(n.decision.decided_measures)),
        Column(_("组织处理措施"), lambda n: _options(n.decision.decided_options)),
        Column(_("决定日期"), lambda n: _day(n.decision.decided_on)),
        Column(_("通报时间"), lambda n: _day(n.created_at)),
    )


def _options(values: Iterable[object] | None) -> str:
    return join_list(code_label(v) for v in values or []) if values else ""


NOTICES = Listing(
    filters.NoticeFilter,
    "accountability/notice_list.html",
    "accountability-notices",
    "accountability.notices",
    _notice_columns,
    (("organ", "case__organ"), ("to_organ", "to_organ")),
)


@login_required
def notice_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    notices: QuerySet[Notice] = selectors.notices_for(request.user).order_by("-created_at", "-id")
    return _list(request, NOTICES, notices)


# --- honours --------------------------------------------------------------------------------


def _honour_columns() -> Sequence[Column]:
    return (
        Column(_("年度"), lambda h: h.year),
        Column(_("地区、部门和单位"), lambda h: h.organ.name),
        Column(_("案件"), lambda h: record_reference(_("责任追究案件"), h.case_id)),
        Column(_("记录时间"), lambda h: _day(h.created_at)),
    )


HONOURS = Listing(
    filters.HonourFilter,
    "accountability/honour_list.html",
    "honour-disqualifications",
    "accountability.honours",
    _honour_columns,
)

#: The honours list's title, for the lookup page's link.
HONOURS_TITLE = gettext_lazy("不得评选综合性荣誉称号的地区、部门和单位")


@login_required
def honour_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Every disqualification of an organ the user may see, by year (细则第十四条)."""
    rows: QuerySet[HonourDisqualification] = (
        HonourDisqualification.objects.filter(organ__in=visible_organs(request.user))
        .select_related("organ")
        .order_by("-year", "organ__path", "id")
    )
    return _list(request, HONOURS, rows, {"title": HONOURS_TITLE})
