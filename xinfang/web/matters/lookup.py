"""The petitioner's lookup (no sign-in): the matter's state, dates and opinions, by the query
code; unknown codes count against a limit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from xinfang.petitions.matters import selectors as matter_selectors
from xinfang.petitions.matters.choices import OpinionKind, OpinionStage
from xinfang.petitions.matters.throttle import public_lookup_failed

from . import forms as f


@never_cache
def public_lookup(request: HttpRequest) -> HttpResponse:
    """A petitioner follows the matter with the query code: state, dates, the opinion."""
    form = f.LookupForm(request.POST or None)
    found = None
    status = 200
    retry_after = None
    if request.method == "POST" and form.is_valid():
        found = matter_selectors.matter_for_petitioner(query_code=form.cleaned_data["code"])
        if found is None:
            # Only unknown codes count against the limit: a petitioner's own code is answered.
            retry_after = public_lookup_failed(request)
            if retry_after is None:
                form.add_error("code", _("未找到该查询码对应的信访事项，请核对后重试。"))
            else:
                minutes = max(1, -(-retry_after // 60))
                form.add_error(
                    None, _("查询过于频繁，请 %(minutes)s 分钟后再试。") % {"minutes": minutes}
                )
                status = 429
    opinions = []
    if found is not None:
        stages = dict(OpinionStage.choices)
        kinds = dict(OpinionKind.choices)
        opinions = [
            {
                "stage_label": stages.get(o.stage, o.stage),
                "kind_label": kinds.get(o.kind, o.kind),
                "facts": o.facts,
                "reasons": o.reasons,
                "legal_basis": o.legal_basis,
                "issued_at": o.issued_at,
            }
            for o in found.opinions
        ]
    response = render(
        request,
        "web/matters/public_lookup.html",
        {"form": form, "found": found, "opinions": opinions},
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
