"""The columns of the duties' downloads (``?format=xlsx|csv`` on each list; see
``xinfang.web.exports``): what each list page shows, one value a cell."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from xinfang.web.exports import Column


def _name(value: Any) -> str:
    return getattr(value, "name", "") if value is not None else ""


ID = Column(_("编号"), lambda r: r.pk)
STATE = Column(_("状态"), lambda r: r.get_state_display())

AGENDA_ITEMS = [
    Column(_("会议日期"), lambda r: r.held_on),
    Column(_("会议名称"), lambda r: r.meeting),
    Column(_("议题类别"), lambda r: r.get_kind_display()),
    Column(_("会议纪要文号"), lambda r: r.minutes_ref),
    Column(_("议定事项"), lambda r: r.decisions),
    Column(_("落实责任人"), lambda r: _name(r.follow_up_owner)),
    Column(_("落实期限"), lambda r: r.follow_up_due),
    Column(_("落实情况"), lambda r: r.get_state_display()),
]

DECISIONS = [
    Column(_("决策日期"), lambda r: r.decided_on),
    Column(_("决策事项"), lambda r: r.title),
    Column(_("决策人"), lambda r: _name(r.decision_maker)),
    Column(_("属于社会稳定风险评估范围"), lambda r: r.in_scope),
    Column(_("登记时间"), lambda r: r.created_at),
]

INCIDENTS = [
    ID,
    Column(_("事件名称"), lambda r: r.title),
    Column(_("事件类别"), lambda r: r.get_kind_display()),
    Column(_("负责处置的机关"), lambda r: _name(r.organ)),
    Column(_("知悉时间"), lambda r: r.known_at),
    Column(_("涉及人数"), lambda r: r.people_count),
    STATE,
]

STAFF_REPORTS = [
    ID,
    Column(_("类别"), lambda r: r.get_kind_display()),
    Column(_("报告人"), lambda r: _name(r.from_person)),
    Column(_("汇报领导"), lambda r: _name(r.to_person)),
    Column(_("领导所在机关"), lambda r: _name(r.to_organ)),
    Column(_("报告时间"), lambda r: r.submitted_at),
    STATE,
]

INSTRUCTIONS = [
    ID,
    Column(_("事由"), lambda r: r.title),
    Column(_("阅批领导"), lambda r: _name(r.leader)),
    Column(_("机关"), lambda r: _name(r.organ)),
    Column(_("承办人"), lambda r: _name(r.to_person)),
    Column(_("承办机关"), lambda r: _name(r.to_organ)),
    STATE,
    Column(_("报告办理情况期限"), lambda r: r.report_due),
]

RECEPTIONS = [
    Column(_("日期"), lambda r: r.scheduled_on),
    Column(_("领导干部"), lambda r: _name(r.leader)),
    Column(_("方式"), lambda r: r.get_kind_display()),
    Column(_("地点"), lambda r: r.place),
    Column(_("主题"), lambda r: r.topic),
    STATE,
]

OWNERSHIPS = [
    ID,
    Column(_("包案事项"), lambda r: r.title),
    Column(_("包案领导"), lambda r: _name(r.leader)),
    Column(_("机关"), lambda r: _name(r.organ)),
    Column(_("包案日期"), lambda r: r.assigned_on),
    Column(_("最近进展日期"), lambda r: r.last_progress_on),
    STATE,
]

RECOMMENDATIONS = [
    ID,
    Column(_("类别"), lambda r: r.get_kind_display()),
    Column(_("标题"), lambda r: r.title),
    Column(_("提出建议的信访部门"), lambda r: _name(r.office)),
    Column(_("建议对象"), lambda r: _name(r.recipient)),
    Column(_("发出日期"), lambda r: r.sent_on),
    Column(_("书面反馈期限"), lambda r: r.reply_due),
    STATE,
    Column(_("采纳情况"), lambda r: r.get_adoption_display() if r.adoption else ""),
]

SITUATION_REPORTS = [
    ID,
    Column(_("标题"), lambda r: r.title),
    Column(_("信访部门"), lambda r: _name(r.office)),
    Column(_("期间开始"), lambda r: r.period_start),
    Column(_("期间结束"), lambda r: r.period_end),
    STATE,
]

SUPERVISION_ORDERS = [
    ID,
    Column(_("层级"), lambda r: r.get_level_display()),
    Column(_("督办事由"), lambda r: r.get_subject_display()),
    Column(_("信访事项编号"), lambda r: r.matter_id),
    Column(_("信访事项"), lambda r: r.matter.summary),
    Column(_("督办机关"), lambda r: _name(r.issuing_organ)),
    Column(_("被督办机关"), lambda r: _name(r.to_organ)),
    Column(_("反馈期限"), lambda r: r.reply_due),
    Column(_("反馈时间"), lambda r: r.replied_at),
]


def _tasks(row: Any) -> str:
    return "；".join(
        f"{a.organ.name} {a.due.isoformat()}{' ✓' if a.done_at else ''}"
        for a in row.assignments.all()
    )


COORDINATIONS = [
    Column(_("协调日期"), lambda r: r.held_on),
    Column(_("协调会议"), lambda r: r.meeting),
    Column(_("召集机关"), lambda r: _name(r.convening_organ)),
    Column(_("参加机关"), lambda r: "、".join(o.name for o in r.organs.all())),
    Column(_("协调任务"), _tasks),
]
