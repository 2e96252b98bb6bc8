"""The search box: a POST, so that an ID number, a phone number or a name typed there never
lands in an address, a browser history or an access log.

An identity is looked up through the blind indexes (``identity_petitioner_ids``) and answered
with the list of that petitioner's matters by the petitioner's number (``?petitioner=<id>``, no
personal data); anything else with the list of all matters searched for it (``?q=``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from xinfang.petitions.matters.search import identity_petitioner_ids, parse


@login_required
@require_POST
def matter_search(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("q", "")[:200].strip()
    target = reverse("web:matter_list")
    ids = identity_petitioner_ids(request.user, text)
    if ids or (ids is not None and not parse(text).words):
        # None found is an empty list (no petitioner 0), never the number typed, sent on.
        found = ",".join(str(pk) for pk in ids) or "0"
        return redirect(f"{target}?{urlencode({'petitioner': found})}")
    return redirect(f"{target}?{urlencode({'q': text})}")
