"""The oversight's index page: each lever of 细则第三章 and where its records are."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.oversight.selectors import todo_for

from . import assessment, cadres, inspections

#: (the article, what it asks, the part's pages) in the order of the seed.
SECTIONS = (
    (
        _("第九条"),
        _("信访工作专项督查，重要信访事项、信访突出问题及时督查，在适当范围内通报督查情况"),
        inspections.PAGES,
    ),
    (
        _("第十条第一款"),
        _("信访工作考核评价：标准和指标体系，定期考核，考核结果作为综合考评的重要参考"),
        assessment.PAGES,
    ),
    (
        _("第十条第二款、第十八条"),
        _("干部考察听取信访部门意见；责任追究情况通报组织人事部门"),
        cadres.PAGES,
    ),
)


@login_required
def oversight_index(request: HttpRequest) -> HttpResponse:
    """Where each lever's records are, and what of them waits on the user."""
    sections = [
        {
            "article": article,
            "duty": duty,
            "pages": [{"title": title, "url": reverse(name)} for title, name in pages],
        }
        for article, duty, pages in SECTIONS
    ]
    waiting = [
        (item, reverse(item.url_name, args=item.url_args))
        for item in todo_for(request.user, timezone.localdate())
    ]
    return render(request, "oversight/index.html", {"sections": sections, "waiting": waiting})
