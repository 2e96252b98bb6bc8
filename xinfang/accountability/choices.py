"""Choices of the accountability workflow (细则第十一条至第十八条).

Values that the rules core also knows (roles, harm, impact, measures) are the rules core's own
values, so facts built from these rows go to ``xinfang.rules.decide`` unchanged.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfang.rules.grounds import Signal
from xinfang.rules.responsibility import Responsibility as RulesResponsibility
from xinfang.rules.responsibility import ResponsibilityKind as RulesKind
from xinfang.rules.responsibility import Role as RulesRole
from xinfang.rules.sanctions import Harm as RulesHarm
from xinfang.rules.sanctions import Impact as RulesImpact
from xinfang.rules.sanctions import OrganizationalOption as RulesOption
from xinfang.rules.sanctions import OrganMeasure as RulesOrganMeasure
from xinfang.rules.sanctions import PersonMeasure as RulesPersonMeasure
from xinfang.rules.sanctions import ReferralTarget as RulesReferralTarget


class LeadSource(models.TextChoices):
    """Where a lead came from."""

    DETECTED = "detected", _("系统发现")
    MANUAL = "manual", _("人工录入")


class LeadKind(models.TextChoices):
    """What a lead is about. Detected kinds carry the signal of the rules core of that name."""

    ROUTE_OVERDUE = Signal.ROUTE_OVERDUE.value, _("未按期转送、交办")
    ACCEPT_OVERDUE = Signal.ACCEPT_OVERDUE.value, _("未按期决定是否受理")
    HANDLE_OVERDUE = Signal.HANDLE_OVERDUE.value, _("未按期办结")
    REVIEW_OVERDUE = Signal.REVIEW_OVERDUE.value, _("未按期复查、复核")
    SUPERVISION_UNANSWERED = Signal.SUPERVISION_UNANSWERED.value, _("督办未按期反馈")
    OPINION_NOT_EXECUTED = Signal.OPINION_NOT_EXECUTED.value, _("不执行信访事项处理意见")
    RECTIFICATION_MISSED = "rectification_missed", _("逾期未完成整改")
    # Duties (细则第四条、第六条至第八条; xinfang.duties detects them)
    NO_RISK_ASSESSMENT = Signal.NO_RISK_ASSESSMENT.value, _("重大决策未按规定进行社会稳定风险评估")
    INSTRUCTION_NOT_REPORTED = (
        Signal.INSTRUCTION_NOT_REPORTED.value,
        _("领导批示、交办事项未按期报告办理情况"),
    )
    INCIDENT_ESCALATED = (
        Signal.INCIDENT_ESCALATED.value,
        _("集体访、负面舆情、极端事件处置不力致事态扩大"),
    )
    RECOMMENDATION_IGNORED = (
        Signal.RECOMMENDATION_IGNORED.value,
        _("信访部门建议逾期未反馈或未落实"),
    )
    INCIDENT_REPORTED_LATE = (
        Signal.INCIDENT_REPORTED_LATE.value,
        _("集体访、负面舆情、极端事件迟报"),
    )
    INCIDENT_NOT_REPORTED = (
        Signal.INCIDENT_NOT_REPORTED.value,
        _("集体访、负面舆情、极端事件未报告"),
    )
    # Signals for the petition office to look at, not leads by themselves
    # (第十一条第一款第三、六、八项)
    OVERTURNED_ON_REVIEW = (
        Signal.OVERTURNED_ON_REVIEW.value,
        _("不予受理或不支持后经复查、复核支持"),
    )
    REPEATED_DISSATISFACTION = Signal.REPEATED_DISSATISFACTION.value, _("同一事项多次不满意评价")
    RECORD_ALTERED = Signal.RECORD_ALTERED.value, _("登记日期与审计记录不符")
    DISCLOSURE_TO_ACCUSED = (
        Signal.DISCLOSURE_TO_ACCUSED.value,
        _("检举控告内容或信访人身份可能到达被检举控告单位"),
    )
    COMPLAINT = "complaint", _("投诉举报")
    INSPECTION_FINDING = "inspection_finding", _("督查发现")
    OTHER = "other", _("其他")


#: Kinds a clerk may file by hand (the others are found by detection only). An opinion not
#: carried out is both: detected from ``Opinion.execution_due``, and filed by hand when the
#: failure shows outside the data (an opinion carried out in name only, a complaint).
MANUAL_KINDS = (
    LeadKind.OPINION_NOT_EXECUTED,
    LeadKind.COMPLAINT,
    LeadKind.INSPECTION_FINDING,
    LeadKind.OTHER,
)


class LeadTier(models.TextChoices):
    """A lead proper, or a signal for the petition office to look at first (待研判信号).

    Some grounds can only be suggested by the data (细则第十一条第一款第三、六、八项): a
    decision overturned on review, dates that contradict the audit trail, an accusation that
    may have reached the accused. Detection records them as signals; the petition office
    promotes one to a lead, or dismisses it with a reason.
    """

    LEAD = "lead", _("线索")
    SIGNAL = "signal", _("待研判信号")


#: Kinds detection records as signals, not as leads.
SIGNAL_KINDS = (
    LeadKind.OVERTURNED_ON_REVIEW,
    LeadKind.REPEATED_DISSATISFACTION,
    LeadKind.RECORD_ALTERED,
    LeadKind.DISCLOSURE_TO_ACCUSED,
)


class LeadState(models.TextChoices):
    """A lead is open, under investigation, or closed with or without a case."""

    OPEN = "open", _("待核查")
    INVESTIGATING = "investigating", _("调查核实中")
    CLOSED = "closed", _("已办结")
    NO_CASE = "no_case", _("不予追究")


class CaseState(models.TextChoices):
    """An accountability case from investigation to the authority's decision (细则第十七条)."""

    INVESTIGATING = "investigating", _("调查核实中")
    FINDINGS_RECORDED = "findings_recorded", _("已认定事实")
    SENT = "sent", _("已提出追究建议")
    DECIDED = "decided", _("已作出决定")
    NOT_ACCOUNTABLE = "not_accountable", _("不予追究")


class DutyRole(models.TextChoices):
    """A person's part in the duty (细则第十一条第二款); values of the rules core's ``Role``."""

    PRINCIPAL_LEADER = RulesRole.PRINCIPAL_LEADER.value, _("主要负责人")
    SUPERVISING_LEADER = RulesRole.SUPERVISING_LEADER.value, _("直接主管的负责人")
    TEAM_MEMBER = RulesRole.TEAM_MEMBER.value, _("班子其他成员")
    STAFF = RulesRole.STAFF.value, _("工作人员")


class Harm(models.TextChoices):
    MINOR = RulesHarm.MINOR.value, _("情节较轻")
    SERIOUS = RulesHarm.SERIOUS.value, _("危害严重")
    ESPECIALLY_SERIOUS = RulesHarm.ESPECIALLY_SERIOUS.value, _("危害特别严重")


class Impact(models.TextChoices):
    MINOR = RulesImpact.MINOR.value, _("影响较轻")
    MAJOR = RulesImpact.MAJOR.value, _("影响重大")
    ESPECIALLY_MAJOR = RulesImpact.ESPECIALLY_MAJOR.value, _("影响特别重大")


class ResponsibilityKind(models.TextChoices):
    COLLECTIVE = RulesKind.COLLECTIVE.value, _("集体责任")
    INDIVIDUAL = RulesKind.INDIVIDUAL.value, _("个人责任")
    BOTH = RulesKind.BOTH.value, _("集体责任和个人责任")


class Responsibility(models.TextChoices):
    PRINCIPAL_LEADERSHIP = RulesResponsibility.PRINCIPAL_LEADERSHIP.value, _("主要领导责任")
    IMPORTANT_LEADERSHIP = RulesResponsibility.IMPORTANT_LEADERSHIP.value, _("重要领导责任")
    DIRECT = RulesResponsibility.DIRECT.value, _("直接责任")
    LEADERSHIP = RulesResponsibility.LEADERSHIP.value, _("领导责任")
    NONE = RulesResponsibility.NONE.value, _("不承担责任")


class PersonMeasure(models.TextChoices):
    """Measures on leaders and staff (细则第十二条第一款)."""

    CIRCULATED_NOTICE = RulesPersonMeasure.CIRCULATED_NOTICE.value, _("通报")
    ADMONISHMENT = RulesPersonMeasure.ADMONISHMENT.value, _("诫勉")
    ORGANIZATIONAL_MEASURE = (
        RulesPersonMeasure.ORGANIZATIONAL_MEASURE.value,
        _("组织调整或者组织处理"),
    )
    DISCIPLINARY_SANCTION = RulesPersonMeasure.DISCIPLINARY_SANCTION.value, _("纪律处分")


class OrganMeasure(models.TextChoices):
    """Measures on organs (细则第十二条第一款)."""

    WRITTEN_SELF_EXAMINATION = RulesOrganMeasure.WRITTEN_SELF_EXAMINATION.value, _("责令书面检查")
    CIRCULATED_CRITICISM = RulesOrganMeasure.CIRCULATED_CRITICISM.value, _("通报批评")


class OrganizationalOption(models.TextChoices):
    """The organizational measures of 细则第十五条."""

    SUSPENSION = RulesOption.SUSPENSION.value, _("停职检查")
    REASSIGNMENT = RulesOption.REASSIGNMENT.value, _("调整职务")
    ORDERED_RESIGNATION = RulesOption.ORDERED_RESIGNATION.value, _("责令辞职")
    DEMOTION = RulesOption.DEMOTION.value, _("降职")
    REMOVAL = RulesOption.REMOVAL.value, _("免职")


class DecisionState(models.TextChoices):
    PENDING = "pending", _("待决定")
    DECIDED = "decided", _("已决定")


class ReferralTarget(models.TextChoices):
    DISCIPLINE = RulesReferralTarget.DISCIPLINE.value, _("纪检监察机关")
    JUDICIAL = RulesReferralTarget.JUDICIAL.value, _("司法机关")


class NoticeRole(models.TextChoices):
    """The departments notified of outcomes (细则第十八条)."""

    ORGANIZATION = "organization", _("组织部门")
    PERSONNEL = "personnel", _("人事部门")


#: Measures whose rectification deadline is tracked (细则第十三条、第十四条: 限期整改).
RECTIFYING_MEASURES = (PersonMeasure.CIRCULATED_NOTICE, PersonMeasure.ADMONISHMENT)
#: Person measures that cost the organ its honours for the year (细则第十四条、第十五条).
HONOUR_MEASURES = (PersonMeasure.ADMONISHMENT, PersonMeasure.ORGANIZATIONAL_MEASURE)
