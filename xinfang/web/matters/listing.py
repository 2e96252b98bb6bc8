"""Every matter the user may read, filtered (``xinfang.petitions.matters.filters``), sorted and
paged with its total; the same list downloads as XLSX or CSV.

SKELETON: the lists part of issue 18 builds this page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def matter_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/placeholder.html", {"title": "信访事项"})
