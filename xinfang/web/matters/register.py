"""Registration: a petition office clerk registers a matter, or another organ's staff record
one it received directly (the service decides which, ``matter_take_in``)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from xinfang.access.policy import scope_for, visible_organs
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import intake_organs_of_user
from xinfang.petitions import selectors as petitioner_selectors
from xinfang.petitions.matters import services
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import Category
from xinfang.web.forms_focus import focus_first_error

from . import forms as f
from .page import put_on_form

REGISTER_SECTIONS = (
    (
        gettext_lazy("来源"),
        "",
        ("organ", "channel", "received_at", "is_collective", "headcount", "representatives"),
    ),
    (
        gettext_lazy("事项"),
        "",
        ("region_code", "category", "summary", "content", "may_be_public", "is_accusation"),
    ),
    (
        gettext_lazy("信访人"),
        gettext_lazy("身份信息加密保存，页面上默认脱敏显示。"),
        ("petitioner_mode", "name", "id_number", "phone", "address"),
    ),
    (gettext_lazy("被反映人和单位"), "", ("accused_organs", "accused_names")),
)


def _intake_organs(user: Any) -> list[Organ]:
    """The organs the user takes matters in for, petition offices first: a petition office
    registers a matter to route it on; any other organ where the user serves records one it
    received directly (信访工作条例(2022)第二十三条第一款: 应当予以登记). An administrator who
    serves nowhere registers for the petition offices."""
    organs = intake_organs_of_user(user)
    if not organs and scope_for(user).is_admin:
        organs = [o for o in Organ.objects.filter(is_active=True) if o.has_role("petition_office")]
    return organs


@login_required
@never_cache
def matter_register(request: HttpRequest) -> HttpResponse:
    """A petition office clerk registers a matter, or another organ's staff record one received
    directly (the service decides which, ``matter_take_in``); on success the matter page shows
    the query code, the repeat candidates and, for a registration, the routing suggestions."""
    offices = _intake_organs(request.user)
    if not offices:
        raise PermissionDenied(_("只有机关工作人员登记信访事项。"))
    accusable = list(visible_organs(request.user).order_by("path"))
    categories = list(Category.objects.filter(is_active=True))
    chosen = offices[0]
    wanted = request.GET.get("organ")
    if wanted and wanted.isdigit():
        chosen = next((o for o in offices if o.pk == int(wanted)), chosen)
    kwargs: dict[str, Any] = {"organs": offices, "accusable": accusable, "categories": categories}
    if request.method != "POST":
        initial = {
            "organ": chosen.pk,
            "received_at": timezone.localtime().replace(second=0, microsecond=0),
            "region_code": chosen.region_code,
        }
        form = f.MatterRegisterForm(initial=initial, **kwargs)
        return _register_page(request, form, chosen)
    form = f.MatterRegisterForm(request.POST, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        petitioner = None
        identity = None
        mode = data["petitioner_mode"]
        if mode == form.PETITIONER_EXISTING:
            petitioner = petitioner_selectors.petitioner_find_by_id_number(
                user=request.user, id_number=data["id_number"]
            ).first()
            if petitioner is None:
                form.add_error("id_number", _("未找到使用该公民身份号码的已登记信访人。"))
        elif mode == form.PETITIONER_NEW:
            identity = form.identity()
        if form.is_valid():

            def register() -> dict[str, Any]:
                matter = services.matter_take_in(
                    organ=data["organ"],
                    actor=request.user,
                    data=services.MatterIntake(
                        channel=data["channel"],
                        received_at=data["received_at"],
                        summary=data["summary"],
                        content=data["content"],
                        region_code=data["region_code"],
                        category=data["category"],
                        petitioner=petitioner,
                        identity=identity,
                        is_collective=data["is_collective"],
                        headcount=data["headcount"],
                        representatives=data["representatives"],
                        may_be_public=data["may_be_public"],
                        accused_organs=list(data["accused_organs"]),
                        accused_names=data["accused_names"],
                        is_accusation=data["is_accusation"],
                    ),
                )
                return {"matter_id": matter.pk}

            try:
                # The form's content is its key: sent again — a double click, the back
                # button, a resend — it finds the matter it registered rather than
                # registering the same letter twice.
                content = _form_hash(request)
                done, replayed = services.intake_idempotent(
                    key=content,
                    body_hash=content,
                    create=register,
                    scope=f"web.register:user:{request.user.pk}",
                )
            except (MatterRefused, ValidationError, PermissionDenied) as exc:
                put_on_form(form, exc)
            else:
                url = reverse("web:matter_detail", args=[done["matter_id"]])
                if replayed:
                    messages.info(request, _("这张表单已经登记过，未重复登记。"))
                    return redirect(url)
                messages.success(request, _("信访事项已登记。"))
                return redirect(url + "?registered=1")
    posted = form.cleaned_data.get("organ") if hasattr(form, "cleaned_data") else None
    return _register_page(request, form, posted or chosen)


def _form_hash(request: HttpRequest) -> str:
    """What a registration form said: every field but the CSRF token, as a digest."""
    fields = sorted(
        (name, sorted(values))
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
    )
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def _register_page(request: HttpRequest, form: f.MatterRegisterForm, organ: Organ) -> HttpResponse:
    # A mistake far down the long form takes the focus: the browser scrolls to it.
    focus_first_error(form)
    sections = [
        (legend, note, [form[name] for name in names]) for legend, note, names in REGISTER_SECTIONS
    ]
    return render(
        request,
        "web/matters/register.html",
        {
            "form": form,
            "sections": sections,
            # Not a petition office: the matter came to the organ directly (直接收到).
            "receiving": not organ.has_role("petition_office"),
        },
    )
