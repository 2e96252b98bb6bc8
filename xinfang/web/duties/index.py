"""The duties' index page: each duty of 细则第四条、第六条至第八条 and where its records are."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinfang.duties.selectors import todo_for

#: (the article, what it asks, [(page title, URL name)]) in the order of the seed.
SECTIONS = (
    (
        _("第四条"),
        _("议事日程、重大决策社会稳定风险评估、矛盾纠纷排查和风险预警"),
        ((_("议事日程与重大决策"), "duties:agenda_home"),),
    ),
    (
        _("第六条"),
        _("信访部门督办、协调处理重要信访问题、分析研究信访情况、提出建议"),
        (
            (_("督办"), "duties:supervision_order_list"),
            (_("协调处理"), "duties:supervision_coordination_list"),
            (_("改进工作、完善政策、给予处分的建议"), "duties:recommendation_list"),
            (_("信访情况分析报告"), "duties:situation_report_list"),
        ),
    ),
    (
        _("第七条"),
        _("领导干部阅批、接访下访、包案、督促检查"),
        (
            (_("阅批、批办交办"), "duties:instruction_list"),
            (_("包案"), "duties:ownership_list"),
            (_("我的分管"), "duties:leader_portfolio"),
        ),
    ),
    (
        _("第七条第三项、第八条"),
        _("集体访、信访负面舆情、个人极端事件的处置和报告；工作人员汇报和建议"),
        (
            (_("事件"), "duties:incident_list"),
            (_("工作人员汇报、建议"), "duties:staff_report_list"),
        ),
    ),
)


@login_required
def duties_index(request: HttpRequest) -> HttpResponse:
    """Where each duty's records are, and what of them waits on the user."""
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
    return render(request, "duties/index.html", {"sections": sections, "waiting": waiting})
