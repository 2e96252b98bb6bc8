"""The REST API (OpenAPI 3 at ``/api/openapi.json``, docs at ``/api/docs``).

Session authentication with CSRF for now. Endpoints are thin: they parse, call a chokepoint
(``xinfang.access.policy`` / ``xinfang.petitions.selectors``) and a service, and render.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Status
from ninja.openapi.docs import Swagger
from ninja.security import SessionAuth

from xinfang.access.policy import access_organ_by_id
from xinfang.api.accountability.endpoints import router as accountability_router
from xinfang.api.duties import router as duties_router
from xinfang.api.oversight import router as oversight_router
from xinfang.api.portal import router as portal_router
from xinfang.api.statistics import router as statistics_router
from xinfang.petitions import selectors as petitioner_selectors
from xinfang.petitions import services as petitioner_services

from . import errors, matters, people
from .paging import PageIn, PageOut, page_out
from .responses import BODY_ERRORS, READ_ERRORS, WRITE_ERRORS
from .schemas import (
    OrganOut,
    PetitionerIn,
    PetitionerOut,
    PetitionerSearchIn,
    RevealIn,
    RevealOut,
)

#: The conventions every operation keeps (docs/api.md), stated where a client reads them.
CONVENTIONS = """信访工作责任制系统接口 / Petition work responsibility system API

约定（详见 docs/api.md）/ Conventions (docs/api.md):

- 列表一律按 `page`、`page_size`（默认 50，最大 200）分页，返回总数 `count`，不静默截断。
  Every list pages with `page` and `page_size` (50 by default, at most 200) and answers its
  total `count`; nothing is capped in silence.
- 错误为 `{code, message}`：422 数据不符合要求（`fields` 按字段）；409 程序或规则拒绝该操作
  （`basis` 为依据条文）；413 请求体超过 1 MiB；400 请求体无法解析；401/403/404（范围外同 404）。
  Errors are `{code, message}`: 422 invalid input (by field in `fields`), 409 a refusal by the
  procedure or the rules (its citations in `basis`), 413 a body over 1 MiB, 400 a body that
  cannot be read, 401/403/404 (out of scope answers 404).
- 同一筛选条件只有一个名称，如机关一律为 `organ_id`。One name per filter: an organ is `organ_id`.
"""

# The docs page loads Swagger UI from django-ninja's own static files (``ninja`` is an
# installed app), never a CDN, and runs under the site's strict CSP (checked in Chromium: no
# violations; its settings travel in a JSON data block, its styles through the CSSOM).
api = NinjaAPI(
    title="xinfang API",
    version="1",
    description=CONVENTIONS,
    urls_namespace="api",
    auth=SessionAuth(csrf=True),
    docs=Swagger(settings={"persistAuthorization": False}),
)
errors.install(api)

#: The errors an operation declares (docs/api.md); ``ERRORS`` is the older name for a write's.
ERRORS = WRITE_ERRORS

organs = Router(tags=["organs"])
petitioners = Router(tags=["petitioners"])


@organs.get("/{organ_id}", response={200: OrganOut, **READ_ERRORS}, operation_id="organ_detail")
def organ_detail(request: HttpRequest, organ_id: int) -> Any:
    """One organ of the registry, if it is within the user's scope."""
    return access_organ_by_id(request.user, organ_id)


#: Query parameters that would put personal data in the address (and so in access logs).
_PERSONAL_QUERY = ("id_number", "phone", "name")


@petitioners.get(
    "", response={200: PageOut[PetitionerOut], **READ_ERRORS}, operation_id="petitioner_list"
)
def petitioner_list(request: HttpRequest, paging: Query[PageIn]) -> Any:
    """Visible petitioners, masked, newest first. Look-ups by ID number or phone are
    ``POST /api/petitioners/search``: an address lands in access logs, a body does not."""
    sent = [name for name in _PERSONAL_QUERY if name in request.GET]
    if sent:
        raise ValidationError(
            {
                name: _("个人信息不得放在网址中，请用 POST /api/petitioners/search 查找。")
                for name in sent
            }
        )
    rows = petitioner_selectors.petitioner_list(user=request.user)
    return page_out(
        rows,
        page=paging.page,
        page_size=paging.page_size,
        render=petitioner_selectors.petitioner_masked,
    )


@petitioners.post(
    "/search",
    response={200: PageOut[PetitionerOut], **BODY_ERRORS},
    operation_id="petitioner_search",
)
def petitioner_search(request: HttpRequest, payload: PetitionerSearchIn) -> Any:
    """Exact look-up by ID number or phone through the blind index, within the user's
    visibility; masked. A POST so that the number never appears in an address or a log."""
    if payload.id_number:
        rows = petitioner_selectors.petitioner_find_by_id_number(
            user=request.user, id_number=payload.id_number
        )
    else:
        rows = petitioner_selectors.petitioner_find_by_phone(user=request.user, phone=payload.phone)
    return page_out(
        rows,
        page=payload.page,
        page_size=payload.page_size,
        render=petitioner_selectors.petitioner_masked,
    )


@petitioners.post(
    "", response={201: PetitionerOut, **WRITE_ERRORS}, operation_id="petitioner_create"
)
def petitioner_create(request: HttpRequest, payload: PetitionerIn) -> Any:
    """Register a petitioner in one of the user's own organs."""
    organ = access_organ_by_id(request.user, payload.organ_id)
    petitioner = petitioner_services.petitioner_create(
        organ=organ,
        name=payload.name,
        id_number=payload.id_number,
        phone=payload.phone,
        address=payload.address,
        actor=request.user,
    )
    return Status(201, petitioner_selectors.petitioner_masked(petitioner))


@petitioners.get(
    "/{petitioner_id}",
    response={200: PetitionerOut, **READ_ERRORS},
    operation_id="petitioner_detail",
)
def petitioner_detail(request: HttpRequest, petitioner_id: int) -> Any:
    """One petitioner, masked; the read is logged."""
    petitioner = petitioner_selectors.access_petitioner_by_id(request.user, petitioner_id)
    petitioner_services.petitioner_record_view(petitioner=petitioner, actor=request.user)
    return petitioner_selectors.petitioner_masked(petitioner)


@petitioners.post(
    "/{petitioner_id}/reveal",
    response={200: RevealOut, **WRITE_ERRORS},
    operation_id="petitioner_reveal",
)
def petitioner_reveal(request: HttpRequest, petitioner_id: int, payload: RevealIn) -> Any:
    """Identity in plaintext, for a stated reason; audited."""
    petitioner = petitioner_selectors.access_petitioner_by_id(
        request.user, petitioner_id, action="reveal"
    )
    values = petitioner_services.petitioner_reveal(
        petitioner=petitioner, fields=payload.fields, reason=payload.reason, actor=request.user
    )
    return {"id": petitioner.pk, "fields": values}


api.add_router("/organs", organs)
api.add_router("/petitioners", petitioners)
matters.mount(api)
api.add_router("/accountability", accountability_router)
api.add_router("/duties", duties_router)
api.add_router("/oversight", oversight_router)
api.add_router("/statistics", statistics_router)
api.add_router("/portal", portal_router)
people.mount(api)
