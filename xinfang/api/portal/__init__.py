"""Endpoints of the petitioner's portal, under ``/api/portal`` (public, rate-limited).

No sign-in: the query code is the petitioner's key and travels in the body, never in the
address. Submissions are limited per client address, the petitioner's acts per query code,
unknown codes like the public look-up's (``xinfang.petitions.matters.throttle``); a refusal
answers 429 ``rate_limited`` with ``Retry-After``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from xinfang.api.matters.public import public_matter_out
from xinfang.api.matters.schemas import PublicMatterOut
from xinfang.api.responses import ErrorOut
from xinfang.inputs import Id, InputSchema
from xinfang.petitions.matters.models import Category, Matter
from xinfang.petitions.matters.services import portal as services
from xinfang.petitions.matters.throttle import (
    portal_code_allowed,
    portal_submit_allowed,
    public_lookup_failed,
)

router = Router(tags=["portal"], auth=None)

#: What every portal operation may answer besides success.
PORTAL_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


class PortalFileIn(InputSchema):
    name: str = Field(min_length=1, max_length=255)
    content_base64: str = Field(min_length=1, description="文件内容（Base64）/ the file's bytes")


class PortalSubmitIn(InputSchema):
    """An online petition (信访工作条例(2022)第十七条、第十九条). ``region_code``: the district
    (6 digits) or township (9) where the problem arose; ``category_id`` from
    ``GET /api/matter-categories``. The whole body is at most 1 MiB, files included."""

    name: str = Field(min_length=1, max_length=100)
    id_number: str = Field(min_length=1, max_length=40)
    phone: str = Field(min_length=1, max_length=40)
    address: str = Field(min_length=1, max_length=300)
    region_code: str = Field(min_length=6, max_length=12)
    category_id: Id | None = None
    summary: str = Field(default="", max_length=300)
    content: str = Field(min_length=1, max_length=20_000)
    attachments: list[PortalFileIn] = Field(default=[], max_length=services.ATTACHMENTS_MAX)


class PortalReceiptOut(Schema):
    """The receipt: the query code, and the office that registered the petition."""

    query_code: str
    received_at: dt.datetime
    registering_organ: str
    route_due: dt.date | None = None


class PortalCodeIn(InputSchema):
    query_code: str = Field(min_length=1, max_length=64)


class PortalRateIn(InputSchema):
    query_code: str = Field(min_length=1, max_length=64)
    rating: Literal["satisfied", "basically_satisfied", "dissatisfied"]


class PortalReviewIn(InputSchema):
    query_code: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=20_000)


class PortalDueOut(Schema):
    label: str
    due: dt.date


class PortalStepOut(Schema):
    action: str
    label: str
    at: dt.datetime
    organ: str
    dues: list[PortalDueOut]


class PortalRatingOut(Schema):
    satisfaction: str
    satisfaction_label: str
    rated_at: dt.datetime | None = None
    source: str = Field(description="portal: 信访人网上评价; office: 信访部门代为记录")
    may_rate: bool
    closes_on: dt.date | None = None
    days: int


class PortalReviewOfferOut(Schema):
    rereview: bool
    organ: str
    due: dt.date | None = None
    basis: list[str]
    in_time: bool


class PortalProgressOut(Schema):
    """What the petitioner sees: the matter's state and dates, the steps with their due dates,
    the notices and opinions addressed to the petitioner, the rating and the review offered.
    Never the content, the petitioner's identity, the accused or internal notes."""

    matter: PublicMatterOut
    handling_organ: str
    current_organ: str
    steps: list[PortalStepOut]
    rating: PortalRatingOut
    review: PortalReviewOfferOut | None = None


def _limited(response: HttpResponse, retry_after: int) -> Any:
    response["Retry-After"] = str(retry_after)
    return Status(429, {"code": "rate_limited", "message": _("操作过于频繁，请稍后再试。")})


def _progress_out(progress: services.PortalProgress) -> dict[str, Any]:
    review = progress.review
    return {
        "matter": public_matter_out(progress.public),
        "handling_organ": progress.public.handling_organ,
        "current_organ": progress.current_organ,
        "steps": [
            {
                "action": step.action,
                "label": step.label,
                "at": step.at,
                "organ": step.organ,
                "dues": [{"label": d.label, "due": d.due} for d in step.dues],
            }
            for step in progress.steps
        ],
        "rating": {
            "satisfaction": progress.satisfaction,
            "satisfaction_label": progress.satisfaction_label,
            "rated_at": progress.satisfaction_at,
            "source": progress.satisfaction_source,
            "may_rate": progress.rating.open,
            "closes_on": progress.rating.closes_on,
            "days": progress.rating.days,
        },
        "review": None
        if review is None
        else {
            "rereview": review.rereview,
            "organ": review.organ.name,
            "due": review.due,
            "basis": review.basis,
            "in_time": review.in_time,
        },
    }


def _matter_or_answer(
    request: HttpRequest, response: HttpResponse, query_code: str
) -> Matter | Any:
    matter = services.portal_matter(query_code=query_code)
    if matter is None:
        retry_after = public_lookup_failed(request)
        if retry_after is not None:
            return _limited(response, retry_after)
        return Status(404, {"code": "not_found", "message": _("未找到。")})
    return matter


def _answer_progress(matter: Matter) -> Any:
    progress = services.portal_progress(query_code=matter.query_code)
    assert progress is not None
    return _progress_out(progress)


def _petitioners_act(
    request: HttpRequest,
    response: HttpResponse,
    query_code: str,
    *,
    action: str,
    act: Callable[[Matter], Any],
) -> Any:
    """A petitioner's act by query code: the matter, the limit per code, the service (its
    refusals answer 409 or 422 through the API's handlers), then the progress."""
    found = _matter_or_answer(request, response, query_code)
    if not isinstance(found, Matter):
        return found
    retry_after = portal_code_allowed(found.query_code, action=action)
    if retry_after is not None:
        return _limited(response, retry_after)
    act(found)
    return _answer_progress(found)


@router.post(
    "/matters",
    response={201: PortalReceiptOut, **PORTAL_ERRORS},
    operation_id="portal_submit",
)
def portal_submit(request: HttpRequest, response: HttpResponse, payload: PortalSubmitIn) -> Any:
    """Submit a petition online (网上信访). The petition office of the district where the
    problem arose registers it and routes it within the routing period; the answer is the
    receipt with the query code. Files (Base64) are checked by their bytes like every
    attachment. 429 after too many submissions from one client address."""
    files = []
    for index, item in enumerate(payload.attachments):
        try:
            data = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(
                {f"attachments.{index}.content_base64": _("不是有效的 Base64。")}
            ) from None
        files.append(services.PortalFile(item.name, data))
    category = None
    if payload.category_id is not None:
        category = Category.objects.filter(pk=payload.category_id, is_active=True).first()
        if category is None:
            raise ValidationError({"category_id": _("未知的分类。")})
    retry_after = portal_submit_allowed(request)
    if retry_after is not None:
        return _limited(response, retry_after)
    matter = services.portal_submit(
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        address=payload.address,
        summary=payload.summary,
        content=payload.content,
        region_code=payload.region_code,
        category=category,
        files=files,
    )
    return Status(
        201,
        {
            "query_code": matter.query_code,
            "received_at": matter.received_at,
            "registering_organ": matter.registering_organ.name,
            "route_due": matter.action_due,
        },
    )


@router.post(
    "/progress",
    response={200: PortalProgressOut, **PORTAL_ERRORS},
    operation_id="portal_progress",
)
def portal_progress(request: HttpRequest, response: HttpResponse, payload: PortalCodeIn) -> Any:
    """The matter's progress by its query code: the handling organ, each step with its date
    and due dates, the notices and opinions addressed to the petitioner, whether it may be
    rated and until when, the review the petitioner may ask for. 404 for an unknown code;
    429 after too many unknown codes from one client address."""
    found = _matter_or_answer(request, response, payload.query_code)
    if not isinstance(found, Matter):
        return found
    return _answer_progress(found)


@router.post(
    "/rate",
    response={200: PortalProgressOut, **PORTAL_ERRORS},
    operation_id="portal_rate",
)
def portal_rate(request: HttpRequest, response: HttpResponse, payload: PortalRateIn) -> Any:
    """The petitioner rates the handling: once, after the answer was issued, within the
    rating period; recorded as the petitioner's own. 409 ``already_rated``,
    ``no_opinion_yet``, ``rating_period_over``; 429 after too many attempts on one code."""
    return _petitioners_act(
        request,
        response,
        payload.query_code,
        action="rate",
        act=lambda matter: services.portal_rate(matter=matter, rating=payload.rating),
    )


@router.post(
    "/review",
    response={200: PortalProgressOut, **PORTAL_ERRORS},
    operation_id="portal_request_review",
)
def portal_request_review(
    request: HttpRequest, response: HttpResponse, payload: PortalReviewIn
) -> Any:
    """The petitioner asks for a review of the handling opinion (or a re-review of the review
    opinion) by the organ one level above, chosen by the rules, within the request period.
    409 ``no_review_now``, ``late_request``; 429 after too many attempts on one code."""
    return _petitioners_act(
        request,
        response,
        payload.query_code,
        action="review",
        act=lambda matter: services.portal_request_review(matter=matter, reason=payload.reason),
    )
