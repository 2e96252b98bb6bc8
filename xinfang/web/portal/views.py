"""Pages of the petitioner's portal (no sign-in): what it is, submit online, the receipt,
follow the matter, rate the handling, ask for a review.

The query code is a key to the matter: it travels in a form's body and then in the session,
never in an address (an address lands in access logs and browser history).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from xinfang.petitions.matters import services as matter_services
from xinfang.petitions.matters.errors import MatterRefused
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.selectors import normalise_query_code
from xinfang.petitions.matters.services import portal as services
from xinfang.petitions.matters.throttle import (
    client_address,
    portal_code_allowed,
    portal_submit_allowed,
    public_lookup_failed,
)
from xinfang.web.matters.page import put_on_form

from . import forms as f

#: The session keys: the code of the receipt just given, and the code being followed.
RECEIPT_KEY = "portal:receipt"
CODE_KEY = "portal:code"


def _too_often(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return _("操作过于频繁，请 %(minutes)s 分钟后再试。") % {"minutes": minutes}


def _answer(
    request: HttpRequest, template: str, context: dict[str, Any], retry_after: int | None = None
) -> HttpResponse:
    response = render(request, template, context, status=429 if retry_after is not None else 200)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _form_hash(request: HttpRequest, files: list[services.PortalFile]) -> str:
    """What an online petition said: every field but the CSRF token, and each file's digest."""
    fields = sorted(
        (name, sorted(values))
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
    )
    digests = [hashlib.sha256(item.data).hexdigest() for item in files]
    return hashlib.sha256(json.dumps([fields, digests], ensure_ascii=False).encode()).hexdigest()


def _remember(request: HttpRequest, key: str, code: str) -> None:
    request.session[key] = code
    if not request.user.is_authenticated:
        request.session.set_expiry(0)  # gone when the browser closes


def portal_index(request: HttpRequest) -> HttpResponse:
    """What the portal is and what it does, with its links."""
    return render(request, "portal/index.html", {"rating_days": services.rating_days()})


@never_cache
def portal_submit(request: HttpRequest) -> HttpResponse:
    """Submit a petition online; on success, the receipt with the query code."""
    places = services.portal_places()
    posted = request.method == "POST"
    form = f.PortalSubmitForm(
        request.POST if posted else None, request.FILES if posted else None, places=places
    )
    retry_after = None
    if posted and form.is_valid():
        retry_after = portal_submit_allowed(request)
        if retry_after is not None:
            form.add_error(None, _too_often(retry_after))
        else:
            data = form.cleaned_data
            files = [services.PortalFile(u.name, u.read()) for u in data["attachments"]]

            def take_in() -> dict[str, Any]:
                matter = services.portal_submit(
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    address=data["address"],
                    summary=data["summary"],
                    content=data["content"],
                    region_code=form.region_code,
                    category=data["category"],
                    files=files,
                )
                return {"query_code": matter.query_code}

            try:
                # The form's content is its key: sent again (a double click, the back button)
                # from the same client it gives the first receipt, not a second matter.
                content = _form_hash(request, files)
                done, _replayed = matter_services.intake_idempotent(
                    key=content,
                    body_hash=content,
                    create=take_in,
                    scope=f"portal:{client_address(request)}",
                )
            except (MatterRefused, ValidationError, PermissionDenied) as exc:
                if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                    exc.error_dict["district"] = exc.error_dict.pop("region_code", [])
                    if not exc.error_dict["district"]:
                        del exc.error_dict["district"]
                put_on_form(form, exc)
            else:
                _remember(request, RECEIPT_KEY, done["query_code"])
                _remember(request, CODE_KEY, done["query_code"])
                return redirect("portal:receipt")
    files_lost = posted and bool(request.FILES) and bool(form.errors)
    context = {"form": form, "files_lost": files_lost, "places": places}
    return _answer(request, "portal/submit.html", context, retry_after)


@never_cache
def portal_receipt(request: HttpRequest) -> HttpResponse:
    """The receipt of the petition just submitted: the query code, printable."""
    code = request.session.get(RECEIPT_KEY)
    matter = services.portal_matter(query_code=code) if code else None
    if matter is None:
        return redirect("portal:index")
    matter = Matter.objects.select_related("registering_organ").get(pk=matter.pk)
    return render(request, "portal/receipt.html", {"matter": matter})


@never_cache
def portal_progress(request: HttpRequest) -> HttpResponse:
    """Follow the matter: enter the code once, then its steps, due dates and answers."""
    form = f.PortalCodeForm(request.POST or None)
    retry_after = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if services.portal_matter(query_code=code) is not None:
            _remember(request, CODE_KEY, normalise_query_code(code))
            return redirect("portal:progress")
        # Only unknown codes count against the limit: a petitioner's own code is answered.
        retry_after = public_lookup_failed(request)
        if retry_after is None:
            form.add_error("code", _("未找到该查询码对应的信访事项，请核对后重试。"))
        else:
            form.add_error(None, _too_often(retry_after))
    if request.GET.get("other") == "1":
        request.session.pop(CODE_KEY, None)
    code = request.session.get(CODE_KEY)
    progress = services.portal_progress(query_code=code) if code else None
    context = {"form": form, "progress": progress}
    return _answer(request, "portal/progress.html", context, retry_after)


def _followed(request: HttpRequest) -> Matter | None:
    code = request.session.get(CODE_KEY)
    return services.portal_matter(query_code=code) if code else None


def _petitioners_act(
    request: HttpRequest,
    *,
    action: str,
    form_class: type[forms.Form],
    act: Callable[[Matter, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A petitioner's act on the matter being followed: its form, the limit per code, the
    service, the refusal on the form; back to the progress page when done."""
    matter = _followed(request)
    if matter is None:
        return redirect("portal:progress")
    form = form_class(request.POST or None)
    retry_after = None
    if request.method == "POST" and form.is_valid():
        retry_after = portal_code_allowed(matter.query_code, action=action)
        if retry_after is not None:
            form.add_error(None, _too_often(retry_after))
        else:
            try:
                act(matter, form.cleaned_data)
            except (MatterRefused, ValidationError, PermissionDenied) as exc:
                put_on_form(form, exc)
            else:
                messages.success(request, done)
                return redirect("portal:progress")
    progress = services.portal_progress(query_code=matter.query_code)
    context = {"form": form, "progress": progress}
    return _answer(request, f"portal/{action}.html", context, retry_after)


@never_cache
def portal_rate(request: HttpRequest) -> HttpResponse:
    """Rate the handling: once, after the answer, within the rating period."""
    return _petitioners_act(
        request,
        action="rate",
        form_class=f.PortalRatingForm,
        act=lambda matter, data: services.portal_rate(matter=matter, rating=data["rating"]),
        done=_("您的评价已记录，感谢您的评价。"),
    )


@never_cache
def portal_review(request: HttpRequest) -> HttpResponse:
    """Ask for a review (or re-review) by the organ the rules choose, within the period."""
    return _petitioners_act(
        request,
        action="review",
        form_class=f.PortalReviewForm,
        act=lambda matter, data: services.portal_request_review(
            matter=matter, reason=data["reason"]
        ),
        done=_("您的请求已提交。"),
    )
