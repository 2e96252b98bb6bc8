"""The search box: a POST, so that an ID number, a phone number or a name typed there never
lands in an address, a browser history or an access log.

What was typed is read by ``xinfang.petitions.matters.search.parse``: a petitioner's identity is
looked up through the blind indexes and answered with the list of that petitioner's matters by
the petitioner's internal identifier (``?petitioner=<uid>``, no personal data); anything else is
answered with the list of all matters searched for it (``?q=``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from xinfang.petitions.matters.search import parse
from xinfang.petitions.selectors import petitioner_list

#: The most petitioners a name leads to in one address (a common name in a large archive).
PETITIONERS_MAX = 50


@login_required
@require_POST
def matter_search(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("q", "")[:200]
    query = parse(text)
    target = reverse("web:matter_list")
    identity = {
        column: getattr(query, column)
        for column in ("id_number_index", "phone_index", "name_index")
        if getattr(query, column)
    }
    if identity:
        readable = petitioner_list(user=request.user)
        uids: list[str] = []
        for column, digest in identity.items():
            rows = readable.filter(**{column: digest}).order_by("-id")
            uids.extend(str(uid) for uid in rows.values_list("uid", flat=True)[:PETITIONERS_MAX])
        if uids or not query.words:
            # The petitioner's matters; none found is an empty list, never the words of a
            # number sent on in the address.
            return redirect(f"{target}?{urlencode({'petitioner': uids or ['none']}, doseq=True)}")
    return redirect(f"{target}?{urlencode({'q': text})}")
