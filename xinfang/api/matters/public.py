"""The petitioner's lookup by query code: no sign-in, failed guesses limited, minimal data.

Only the state, the dates, the notices sent to the petitioner and the opinions: never the
content, the petitioner's identity, internal notes or who handled it inside an organ.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import Field

from xinfang.inputs import InputSchema
from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.throttle import public_lookup_failed

from . import schemas as s

public_router = Router(tags=["public"], auth=None)


def public_matter_out(found: matter_selectors.PublicMatter) -> dict[str, Any]:
    """The fields of the petitioner's view that leave the system."""
    return {
        "state": found.state,
        "state_label": found.state_label,
        "received_at": found.received_at,
        "registered_at": found.registered_at,
        "action_due": found.action_due,
        "action_paused": found.action_paused,
        "request_due": found.request_due,
        "notices": [
            {"action": n["action"], "at": n["at"], "notice": n["notice"]} for n in found.notices
        ],
        "opinions": [asdict(opinion) for opinion in found.opinions],
    }


def _answer(request: HttpRequest, response: HttpResponse, query_code: str) -> Any:
    found = matter_selectors.matter_for_petitioner(query_code=query_code[:64])
    if found is None:
        retry_after = public_lookup_failed(request)
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
            return Status(429, {"code": "rate_limited", "message": _("查询过于频繁，请稍后再试。")})
        return Status(404, {"code": "not_found", "message": _("未找到。")})
    return public_matter_out(found)


class LookupIn(InputSchema):
    query_code: str = Field(min_length=1, max_length=64)


@public_router.post(
    "/matters/lookup",
    response={
        200: s.PublicMatterOut,
        400: s.MatterErrorOut,
        404: s.MatterErrorOut,
        413: s.MatterErrorOut,
        415: s.MatterErrorOut,
        422: s.MatterErrorOut,
        429: s.MatterErrorOut,
    },
    operation_id="public_matter_lookup",
)
def public_matter_lookup(request: HttpRequest, response: HttpResponse, payload: LookupIn) -> Any:
    """A petitioner follows the matter with the query code given at registration, sent in the
    body: the code opens the matter to whoever holds it, so it should not sit in access logs.

    No sign-in. Answers 404 for an unknown code, and 429 ``rate_limited`` with
    ``Retry-After`` after too many unknown codes from one client address; a known code is
    always answered.
    """
    return _answer(request, response, payload.query_code)


@public_router.get(
    "/matters/{query_code}",
    response={200: s.PublicMatterOut, 404: s.MatterErrorOut, 429: s.MatterErrorOut},
    deprecated=True,
    operation_id="public_matter",
)
def public_matter(request: HttpRequest, response: HttpResponse, query_code: str) -> Any:
    """The same look-up with the code in the address (kept for existing clients; prefer
    ``POST /api/public/matters/lookup``: an address lands in access logs)."""
    return _answer(request, response, query_code)
