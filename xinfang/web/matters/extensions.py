"""The responsible person's decision on an extension request (the requests and their forms are
shown on the matter page: ``page.extension_panel``).

Staff ask for an extension through the matter page's ``extend`` step; the request waits here
for a responsible person of the handling organ (信访条例(2005)第三十三条, 信访工作条例(2022)
第三十四条), who approves it — as themselves: the service takes the approver from the account —
or refuses it with the reason. Staff of the organ record an approval given on paper with its
document reference. A refusal of the service is put back on the form that caused it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters import services
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import ExtensionRequest

from . import forms as f
from .page import matter_page, put_on_form


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def extension_decide(
    request: HttpRequest, matter_id: int, request_id: int, verb: str
) -> HttpResponse:
    """Approve or refuse a pending extension request; the page again with the rule on refusal.

    Asked with GET (a reload, a language switch), it goes back to the matter's page."""
    if request.method == "GET":
        return redirect("web:matter_detail", matter_id=matter_id)
    form_class = f.EXTENSION_FORMS.get(verb)
    if form_class is None:
        raise Http404(_("未找到。"))
    matter = matter_selectors.access_matter_by_id(request.user, matter_id, action="matter.extend")
    extension = ExtensionRequest.objects.filter(pk=request_id, matter_id=matter.pk).first()
    if extension is None:
        raise Http404(_("未找到。"))
    form = form_class(request.POST, prefix=f"extension-{verb}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if verb == "approve":
                services.matter_extension_approve(
                    extension=extension,
                    document_ref=data["document_ref"],
                    notice=data["notice"],
                    actor=request.user,
                )
                messages.success(request, _("已批准延期。"))
            else:
                services.matter_extension_refuse(
                    extension=extension, reason=data["reason"], actor=request.user
                )
                messages.success(request, _("已决定不予批准延期。"))
        except (MatterRefused, ValidationError, PermissionDenied) as exc:
            put_on_form(form, exc)
            matter.refresh_from_db()
        else:
            return redirect("web:matter_detail", matter_id=matter.pk)
    return matter_page(request, matter, extension_bound=(extension.pk, verb, form))
