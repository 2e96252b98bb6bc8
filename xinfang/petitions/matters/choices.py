"""Choices of petition matters: channels, states, opinions, routes and legal routes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xinfang.rules.procedure import FINAL_STATES, OPEN_STATES
from xinfang.rules.procedure import Action as RulesAction
from xinfang.rules.procedure import HandlingWay as RulesWay
from xinfang.rules.procedure import HearingStage as RulesHearingStage
from xinfang.rules.procedure import MatterState as RulesState
from xinfang.rules.procedure import ReplyOutcome as RulesOutcome


class Channel(models.TextChoices):
    """How a matter reached the organ (信访形式)."""

    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")
    ONLINE = "online", _("网上信访")
    PHONE = "phone", _("电话")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")
    API = "api", _("接口")


class MatterState(models.TextChoices):
    """The procedure's states; the values are those of ``xinfang.rules.procedure``."""

    SUBMITTED = RulesState.SUBMITTED.value, _("已提出")
    REGISTERED = RulesState.REGISTERED.value, _("已登记")
    ROUTED = RulesState.ROUTED.value, _("待受理")
    OBJECTED = RulesState.OBJECTED.value, _("已提出异议")
    ACCEPTED = RulesState.ACCEPTED.value, _("办理中")
    EXTENDED = RulesState.EXTENDED.value, _("延期办理中")
    CONCLUDED = RulesState.CONCLUDED.value, _("已办结")
    REVIEW_REQUESTED = RulesState.REVIEW_REQUESTED.value, _("复查中")
    REVIEWED = RulesState.REVIEWED.value, _("已复查")
    REREVIEW_REQUESTED = RulesState.REREVIEW_REQUESTED.value, _("复核中")
    REREVIEWED = RulesState.REREVIEWED.value, _("已复核（终结）")
    DECLINED = RulesState.DECLINED.value, pgettext_lazy("matter state", "不予受理")
    ROUTED_OUT = RulesState.ROUTED_OUT.value, _("已导入法定途径")
    SENT_TO_OTHER_ORGAN = RulesState.SENT_TO_OTHER_ORGAN.value, _("已告知向其他机关提出")
    SENT_TO_DISCIPLINE = RulesState.SENT_TO_DISCIPLINE.value, _("已转纪检监察机关")
    SENT_TO_POLITICS_LAW = RulesState.SENT_TO_POLITICS_LAW.value, _("已转政法部门")
    CLOSED = RulesState.CLOSED.value, _("已结案")


#: States that end the procedure (``xinfang.rules.procedure.FINAL_STATES``).
FINAL_STATE_VALUES: frozenset[str] = frozenset(s.value for s in FINAL_STATES)

#: States in which the matter waits for a step of the organ where it sits, clock or none: its
#: queue and its open count (``xinfang.rules.procedure.OPEN_STATES``).
OPEN_STATE_VALUES: tuple[str, ...] = tuple(s.value for s in OPEN_STATES)

#: Every other state, in the procedure's order. The queries and the partial index of the queue
#: (``matter_queue_idx``) state "open" as "in none of these": a list of the open states would
#: let the database seek them one by one in the state indexes and sort what it found, where
#: the complement leaves it the queue's index, read in order.
NOT_OPEN_STATE_VALUES: tuple[str, ...] = tuple(s.value for s in RulesState if s not in OPEN_STATES)

#: Periods whose clock runs against the petitioner (a request), not against an organ.
PETITIONER_PERIODS: frozenset[str] = frozenset({"review_request", "rereview_request"})


class OpinionKind(models.TextChoices):
    """The handling opinion's answer to the request (处理意见)."""

    SUPPORT = "support", _("支持")
    EXPLAIN = "explain", _("解释")
    NOT_SUPPORTED = "not_supported", _("不予支持")


class HandlingWay(models.TextChoices):
    """How an accepted matter is handled; the values are those of ``xinfang.rules.procedure``.

    Each label names its article, as the acceptance form offers them."""

    OPINION = RulesWay.OPINION.value, _("调查核实，出具信访处理意见书（第三十一条第六项）")
    DUTY = RulesWay.DUTY.value, _("依法履行或者答复（第三十一条第五项）")
    SUGGESTION = RulesWay.SUGGESTION.value, _("建议意见：研究论证，予以回复（第二十九条）")


class ReplyOutcome(models.TextChoices):
    """What the reply concluding a duty or suggestion matter says (``xinfang.rules.procedure``)."""

    PERFORMED = RulesOutcome.PERFORMED.value, _("已依法履行")
    ANSWERED = RulesOutcome.ANSWERED.value, _("已答复")
    ADOPTED = RulesOutcome.ADOPTED.value, _("采纳")
    PARTLY_ADOPTED = RulesOutcome.PARTLY_ADOPTED.value, _("部分采纳")
    NOT_ADOPTED = RulesOutcome.NOT_ADOPTED.value, _("不予采纳")


class OpinionStage(models.TextChoices):
    """Which decision an opinion is: handling, review (复查) or re-review (复核)."""

    HANDLE = "handle", _("办理意见")
    REVIEW = "review", _("复查意见")
    REREVIEW = "rereview", _("复核意见")


class RouteKind(models.TextChoices):
    """How the petition office passes a matter on (细则第六条)."""

    TRANSFER = "transfer", _("转送")
    ASSIGN = "assign", _("交办")


class LegalRoute(models.TextChoices):
    """Routes of the classified handling lists (依法分类处理清单, 细则第五条).

    All but the last two are routes out of petition handling (诉讼与信访分离; the values of
    ``xinfang.rules.procedure.LegalRoute``); ``discipline_complaint`` goes to the discipline
    bodies and ``petition_handling`` keeps the matter in the petition procedure.
    """

    LITIGATION = "litigation", _("诉讼")
    ARBITRATION = "arbitration", _("仲裁")
    ADMINISTRATIVE_RECONSIDERATION = "administrative_reconsideration", _("行政复议")
    ADMINISTRATIVE_ADJUDICATION = "administrative_adjudication", _("行政裁决")
    ADMINISTRATIVE_CONFIRMATION = "administrative_confirmation", _("行政确认")
    ADMINISTRATIVE_LICENSING = "administrative_licensing", _("行政许可")
    ADMINISTRATIVE_PENALTY = "administrative_penalty", _("行政处罚")
    PARTY_MEMBER_APPEAL = "party_member_appeal", _("党员申诉")
    DISCIPLINE_COMPLAINT = "discipline_complaint", _("纪检监察检举控告")
    PETITION_HANDLING = "petition_handling", _("信访办理")


class OtherOrgan(models.TextChoices):
    """Bodies whose matters are sent to them; values of ``xinfang.rules.procedure.OtherOrgan``."""

    PEOPLES_CONGRESS = "peoples_congress", _("人民代表大会及其常务委员会")
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")


class RepeatReason(models.TextChoices):
    """Why an earlier matter is shown as a likely repeat (重复信访). Never merged."""

    SAME_PETITIONER = "same_petitioner", _("同一信访人")
    SIMILAR_CONTENT = "similar_content", _("内容相似")


class Satisfaction(models.TextChoices):
    """The petitioner's rating of the handling (满意度评价)."""

    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class SatisfactionSource(models.TextChoices):
    """Who recorded the petitioner's own rating (``Matter.satisfaction``): the petitioner on the
    portal (信访工作条例(2022)第二十一条第二款: 方便信访人查询、评价), or a petition office
    writing down what the petitioner said. A clerk's follow-up ratings are ``FollowUp`` rows,
    never this one."""

    PORTAL = "portal", _("信访人网上评价")
    OFFICE = "office", _("信访部门代为记录")


class FollowUpMethod(models.TextChoices):
    """How a follow-up visit (回访) was made."""

    VISIT = "visit", _("上门回访")
    PHONE = "phone", _("电话回访")
    LETTER = "letter", _("书面回访")
    ONLINE = "online", _("网上回访")


class AttachmentKind(models.TextChoices):
    """File types of attachments, recognised from their bytes (never from the name).

    ``XLSX`` and ``TXT`` were accepted once and are no longer: plain text cannot be told from
    HTML renamed. Files stored under them are still listed and served (as downloads).
    """

    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    TIFF = "tiff", "TIFF"
    OFD = "ofd", "OFD"
    DOC = "doc", "DOC/WPS"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    TXT = "txt", _("文本")


class ExtensionStatus(models.TextChoices):
    """Where a request to extend the handling period stands (延期申请)."""

    PENDING = "pending", _("待批准")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")


class ExtensionApproval(models.TextChoices):
    """How an extension was approved; the values are those of ``xinfang.rules.procedure``."""

    LEADER = "leader", _("负责人批准")
    DOCUMENT = "document", _("书面批准")


class HearingStage(models.TextChoices):
    """Where a hearing (听证) is held; the values are those of ``xinfang.rules.procedure``."""

    HANDLE = RulesHearingStage.HANDLE.value, _("办理听证")
    REREVIEW = RulesHearingStage.REREVIEW.value, _("复核听证")


class Period(models.TextChoices):
    """The periods a matter's clocks count (``MatterClock.period``, ``Matter.action_period``):
    the names of the profiles' ``[periods]``, as the pages label them."""

    ROUTE = "route", _("转送、交办期限")
    ACCEPT = "accept", _("受理期限")
    HANDLE = "handle", _("办理期限")
    REVIEW_REQUEST = "review_request", _("复查请求期限")
    REVIEW = "review", _("复查期限")
    REREVIEW_REQUEST = "rereview_request", _("复核请求期限")
    REREVIEW = "rereview", _("复核期限")
    SUPERVISION_REPLY = "supervision_reply", _("督办反馈期限")
    EXECUTE = "execute", _("执行期限")


class EventAction(models.TextChoices):
    """What an event of a matter records (``MatterEvent.action``): a step of the procedure (the
    values of ``xinfang.rules.procedure.Action``; a route is recorded as a transfer or an
    assignment, ``RouteKind``) or a step beside it."""

    REGISTER = RulesAction.REGISTER.value, _("登记")
    RECEIVE = RulesAction.RECEIVE.value, _("直接收到")
    TRANSFER = RouteKind.TRANSFER.value, _("转送")
    ASSIGN = RouteKind.ASSIGN.value, _("交办")
    ROUTE_OUT = RulesAction.ROUTE_OUT.value, _("导入法定途径")
    SEND_TO_OTHER_ORGAN = RulesAction.SEND_TO_OTHER_ORGAN.value, _("告知向其他机关提出")
    SEND_TO_DISCIPLINE = RulesAction.SEND_TO_DISCIPLINE.value, _("转纪检监察机关")
    SEND_TO_POLITICS_LAW = RulesAction.SEND_TO_POLITICS_LAW.value, _("转送政法部门")
    GUIDE_TO_POLITICS_LAW = "guide_to_politics_law", _("引导向政法部门反映")
    ACCEPT = RulesAction.ACCEPT.value, _("受理")
    DECLINE = RulesAction.DECLINE.value, _("不予受理")
    OBJECT = RulesAction.OBJECT.value, _("提出异议")
    AGREE_OBJECTION = RulesAction.AGREE_OBJECTION.value, _("同意异议")
    REFUSE_OBJECTION = RulesAction.REFUSE_OBJECTION.value, _("不同意异议")
    WITHDRAW_OBJECTION = RulesAction.WITHDRAW_OBJECTION.value, _("撤回异议")
    EXTEND = RulesAction.EXTEND.value, _("延期")
    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENSION_REFUSED = "extension_refused", _("不予批准延期")
    CONCLUDE = RulesAction.CONCLUDE.value, _("办结")
    REQUEST_REVIEW = RulesAction.REQUEST_REVIEW.value, _("请求复查")
    REVIEW = RulesAction.REVIEW.value, _("复查")
    REQUEST_REREVIEW = RulesAction.REQUEST_REREVIEW.value, _("请求复核")
    REREVIEW = RulesAction.REREVIEW.value, _("复核")
    CLOSE = RulesAction.CLOSE.value, _("结案")
    RATED = "rated", _("满意度评价")
    FOLLOWED_UP = "followed_up", _("回访")
    SUPERVISION_ISSUED = "supervision_issued", _("督办")
    SUPERVISION_REPLIED = "supervision_replied", _("督办反馈")
    REREVIEW_FLAG_CLEARED = "rereview_flag_cleared", _("撤销“同一请求已复核”标记")
    ATTACHMENT_ADDED = "attachment_added", _("添加附件")
    EXECUTED = "executed", _("执行处理意见")
    HEARING_STARTED = "hearing_started", _("举行听证")
    HEARING_ENDED = "hearing_ended", _("听证结束")


class SupervisionLevel(models.TextChoices):
    """The rungs of supervision on one matter and organ (细则第六条: 督办), from the lightest:
    an order unanswered, or answered while the problem persists, may be followed by one a rung
    higher; a circulated notice (通报) names the scope it is circulated in."""

    URGE = "urge", _("催办")
    SUPERVISE = "supervise", _("督办")
    CIRCULATE = "circulate", _("通报")


#: The rungs in order, lightest first.
SUPERVISION_LADDER: tuple[str, ...] = (
    SupervisionLevel.URGE,
    SupervisionLevel.SUPERVISE,
    SupervisionLevel.CIRCULATE,
)


class SupervisionSubject(models.TextChoices):
    """What a supervision order presses: the handling of the matter, or carrying out an opinion
    that supports the request (信访工作条例(2022)第四十条: 拒不执行信访处理意见…应当及时督办)."""

    HANDLING = "handling", _("办理")
    EXECUTION = "execution", _("执行处理意见")
