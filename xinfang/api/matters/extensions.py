"""Extension requests (延期申请): filed, listed, approved or refused; and the earlier
``/extend`` address."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Status

from xinfang.api.paging import PageIn, PageOut, page_out
from xinfang.api.responses import READ_ERRORS, WRITE_ERRORS
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters import services
from xinfang.petitions.matters.models import ExtensionRequest, Matter

from . import schemas as s
from .routers import STEP, access_matter, router
from .support import (
    acting_organ,
    matter_out,
    service_input,
)


def _extension_out(extension: ExtensionRequest) -> dict[str, Any]:
    matter = extension.matter
    return {
        "id": extension.pk,
        "matter_id": extension.matter_id,
        "organ_id": extension.organ_id,
        "days": extension.days,
        "reason": extension.reason,
        "status": extension.status,
        "requested_at": extension.requested_at,
        "requested_by": extension.requested_by,
        "decided_at": extension.decided_at,
        "decided_by": extension.decided_by,
        "approval": extension.approval,
        "approver_id": extension.approved_by_id,
        "document_ref": extension.document_ref,
        "refusal_reason": extension.refusal_reason,
        "matter_state": matter.state,
        "action_due": matter.action_due,
    }


def _extension(request: HttpRequest, matter_id: int, request_id: int) -> ExtensionRequest:
    """The matter's extension request, the matter read through the access chokepoint."""
    matter = access_matter(request, matter_id, "matter.extend")
    extension = ExtensionRequest.objects.filter(pk=request_id, matter_id=matter.pk).first()
    if extension is None:
        raise Http404(_("未找到。"))
    extension.matter = matter
    return extension


@router.get(
    "/{matter_id}/extension-requests",
    response={200: PageOut[s.ExtensionRequestOut], **READ_ERRORS},
    operation_id="extension_request_list",
)
def extension_request_list(request: HttpRequest, matter_id: int, paging: Query[PageIn]) -> Any:
    """The matter's extension requests (延期申请), oldest first, with their decisions."""
    matter = access_matter(request, matter_id, "read")

    def render(extension: ExtensionRequest) -> dict[str, Any]:
        extension.matter = matter
        return _extension_out(extension)

    return page_out(
        matter_selectors.matter_extension_requests(matter=matter),
        page=paging.page,
        page_size=paging.page_size,
        render=render,
    )


@router.post(
    "/{matter_id}/extension-requests",
    response={201: s.ExtensionRequestOut, **WRITE_ERRORS},
    operation_id="extension_request_create",
)
def extension_request_create(
    request: HttpRequest, matter_id: int, payload: s.ExtensionRequestIn
) -> Any:
    """Ask to extend the handling period (延期申请) within the profile's limit. It waits for a
    responsible person of the handling organ (the handling period keeps running), unless the
    one asking is one or ``document_ref`` names an approval given on paper."""
    matter = access_matter(request, matter_id, "matter.extend")
    extension = _file_extension_request(request, matter, payload)
    return Status(201, _extension_out(extension))


def _file_extension_request(
    request: HttpRequest, matter: Matter, payload: s.ExtensionRequestIn
) -> ExtensionRequest:
    """File the request (both addresses); the matter re-read after the step."""
    with service_input():
        extension = services.matter_extension_request(
            matter=matter,
            organ=acting_organ(request.user, matter, payload.organ_id),
            days=payload.days,
            reason=payload.reason,
            document_ref=payload.document_ref,
            actor=request.user,
        )
    matter.refresh_from_db()
    extension.matter = matter
    return extension


@router.post("/{matter_id}/extend", response=STEP, deprecated=True, operation_id="matter_extend")
def matter_extend(request: HttpRequest, matter_id: int, payload: s.ExtendIn) -> Any:
    """The earlier address of ``POST .../extension-requests``, kept for existing clients: it
    files the request and answers the matter. Naming an approver is refused: the responsible
    person approves with their own account (or ``document_ref`` records an approval on
    paper)."""
    matter = access_matter(request, matter_id, "matter.extend")
    if payload.approver_id is not None:
        raise ValidationError(
            {
                "approver_id": _(
                    "延期须经本机关负责人本人在系统中批准，不能由申请人指定批准人；"
                    "已书面批准的，请填写批准文件文号（document_ref）。"
                )
            }
        )
    _file_extension_request(request, matter, payload)
    return matter_out(matter)


@router.post(
    "/{matter_id}/extension-requests/{request_id}/approve",
    response=STEP,
    operation_id="extension_request_approve",
)
def extension_request_approve(
    request: HttpRequest, matter_id: int, request_id: int, payload: s.ExtensionApproveIn
) -> Any:
    """A responsible person of the handling organ approves (the approver is the account's
    person); staff record an approval given on paper with its ``document_ref``. The due date
    moves; the petitioner is told the reason."""
    extension = _extension(request, matter_id, request_id)
    with service_input():
        matter = services.matter_extension_approve(
            extension=extension,
            document_ref=payload.document_ref,
            notice=payload.notice,
            actor=request.user,
        )
    return matter_out(matter)


@router.post(
    "/{matter_id}/extension-requests/{request_id}/refuse",
    response={200: s.ExtensionRequestOut, **WRITE_ERRORS},
    operation_id="extension_request_refuse",
)
def extension_request_refuse(
    request: HttpRequest, matter_id: int, request_id: int, payload: s.ExtensionRefuseIn
) -> Any:
    """A responsible person of the handling organ refuses with the reason."""
    extension = _extension(request, matter_id, request_id)
    with service_input():
        services.matter_extension_refuse(
            extension=extension, reason=payload.reason, actor=request.user
        )
    return _extension_out(extension)
