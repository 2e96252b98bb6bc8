"""The petitioners the user may read, masked, newest first, a page at a time; an exact look-up
by ID number or phone through the blind index. The look-up is a POST: a number typed there never
lands in an address, a browser history or an access log (as ``POST /api/petitioners/search``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from xinfang.petitions import selectors as petitioner_selectors

from .exports import Column, export_format, export_response
from .paging import page_of


class PetitionerLookupForm(forms.Form):
    """One of the two: an ID number or a phone number."""

    id_number = forms.CharField(label=_("公民身份号码"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("id_number", "").strip()) == bool(data.get("phone", "").strip()):
            raise forms.ValidationError(_("请填写公民身份号码或联系电话，二者选一。"))
        return data


#: The columns of the list and of its download: masked identity only.
COLUMNS = (
    Column(_("编号"), lambda row: row["id"]),
    Column(_("姓名"), lambda row: row["name"]),
    Column(_("公民身份号码"), lambda row: row["id_number"]),
    Column(_("联系电话"), lambda row: row["phone"]),
    Column(_("住址"), lambda row: row["address"]),
    Column(_("登记机关"), lambda row: row["organ"]),
    Column(_("登记时间"), lambda row: row["created_at"]),
)


def _row(petitioner: Any) -> dict[str, Any]:
    row = petitioner_selectors.petitioner_masked(petitioner)
    row["organ"] = petitioner.organ.name if petitioner.organ_id else ""
    return row


@login_required
@never_cache
def petitioner_list(request: HttpRequest) -> HttpResponseBase:
    """Masked petitioners; a POST looks one up by ID number or phone."""
    rows = petitioner_selectors.petitioner_list(user=request.user).order_by("-created_at", "-id")
    form = PetitionerLookupForm(request.POST if request.method == "POST" else None)
    found = None
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["id_number"].strip():
            hits = petitioner_selectors.petitioner_find_by_id_number(
                user=request.user, id_number=form.cleaned_data["id_number"]
            )
        else:
            hits = petitioner_selectors.petitioner_find_by_phone(
                user=request.user, phone=form.cleaned_data["phone"]
            )
        found = [_row(p) for p in hits.select_related("organ").order_by("-created_at", "-id")]
    fmt = export_format(request)
    if fmt is not None and request.method == "GET":
        return export_response(
            request,
            fmt=fmt,
            name=str(_("信访人")),
            columns=COLUMNS,
            rows=(_row(p) for p in rows.iterator(chunk_size=500)),
            what="petitioners",
            filters={},
            count=rows.count(),
        )
    page = page_of(request, rows)
    return render(
        request,
        "web/petitioners/list.html",
        {
            "form": form,
            "found": found,
            "page_obj": page,
            "rows": [_row(p) for p in page.object_list],
        },
    )
