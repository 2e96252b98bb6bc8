"""Input schemas of the matter endpoints, separate per endpoint.

Choice fields are typed with the app's choices, so OpenAPI lists their values; free text is
bounded.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from xinfang.api.paging import PageIn
from xinfang.inputs import ID_MAX, Id, InputSchema
from xinfang.petitions.matters.choices import (
    Channel,
    FollowUpMethod,
    HandlingWay,
    LegalRoute,
    MatterState,
    OpinionKind,
    OtherOrgan,
    ReplyOutcome,
    RouteKind,
    Satisfaction,
    SatisfactionSource,
    SupervisionLevel,
    SupervisionSubject,
)

TEXT = 20_000
NOTE = 2_000


# ---------------------------------------------------------------------------------------------
# Intake


class PetitionerIdentityIn(InputSchema):
    """A new petitioner, registered with the matter (identity encrypted at rest)."""

    name: str = Field(min_length=1, max_length=100)
    id_number: str = Field(default="", max_length=40)
    phone: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=300)


class MatterCreateIn(InputSchema):
    """Register a matter (登记). Give ``petitioner_id`` or ``petitioner``, or neither."""

    organ_id: Id | None = Field(
        default=None, description="registering organ; the user's petition office by default"
    )
    channel: Channel
    received_at: dt.datetime
    region_code: str = Field(min_length=1, max_length=12)
    category_id: Id | None = None
    summary: str = Field(min_length=1, max_length=300)
    content: str = Field(min_length=1, max_length=TEXT)
    may_be_public: bool = False
    is_collective: bool = False
    headcount: int | None = Field(default=None, ge=0, le=ID_MAX)
    representatives: int | None = Field(default=None, ge=0, le=ID_MAX)
    petitioner_id: Id | None = None
    petitioner: PetitionerIdentityIn | None = None
    accused_organ_ids: list[Id] = Field(default_factory=list, max_length=50)
    accused_person_ids: list[Id] = Field(default_factory=list, max_length=50)
    accused_names: str = Field(default="", max_length=NOTE)
    legal_route: LegalRoute | None = None
    other_organ: OtherOrgan | None = None
    is_accusation: bool = False


#: The sort keys of the matter list (``xinfang.petitions.matters.filters.SORTS``).
MatterSort = Literal["received", "-received", "due", "-due", "number", "-number", "state", "-state"]


class MatterFilter(PageIn):
    """The list's filters, those of the page of all matters (``MatterFilter`` of
    ``xinfang.petitions.matters.filters``, docs/lists.md); the organ and category by id."""

    state: list[MatterState] | None = Field(
        default=None, description="状态，可重复 / state, repeatable"
    )
    open: bool | None = Field(default=None, description="未办结 / open (true) or closed (false)")
    organ_id: Id | None = Field(default=None, description="所在机关 / current organ id")
    subtree: bool = Field(
        default=False, description="含下级机关 / with ``organ_id``: the organs under it too"
    )
    handling_organ_id: Id | None = Field(default=None, description="办理机关 / handling organ id")
    channel: list[Channel] | None = Field(
        default=None, description="信访形式，可重复 / channel, repeatable"
    )
    category_id: Id | None = Field(
        default=None, description="内容分类（含下级分类） / category id, its subcategories too"
    )
    region: str | None = Field(
        default=None,
        pattern=r"^\d{2,12}$",
        description="问题发生地代码前缀 / region code, and every code under it",
    )
    received_from: dt.date | None = Field(
        default=None, description="收到日期起（含） / received on or after"
    )
    received_to: dt.date | None = Field(
        default=None, description="收到日期止（含） / received on or before"
    )
    overdue: bool | None = Field(default=None, description="已逾期 / overdue")
    due_soon: bool | None = Field(default=None, description="即将到期 / due soon")
    repeat: bool | None = Field(default=None, description="重复信访 / repeats an earlier matter")
    collective: bool | None = Field(default=None, description="集体访 / collective visit")
    satisfaction: Satisfaction | None = Field(default=None, description="满意度 / satisfaction")
    satisfaction_source: SatisfactionSource | None = Field(
        default=None,
        description="评价来源：信访人网上评价、信访部门代为记录 / who gave the rating: the "
        "petitioner online (portal) or the petition office (office)",
    )
    petitioner_id: list[Id] | None = Field(
        default=None,
        max_length=50,
        description="信访人编号，可重复 / petitioner id, repeatable (found by POST "
        "/api/petitioners/search: identities never go in an address)",
    )
    q: str | None = Field(
        default=None,
        max_length=200,
        description="搜索：事项编号、查询码、文字；不得含公民身份号码、电话号码 / search: "
        "number, query code, words; an ID number or phone number is refused (422)",
    )
    sort: MatterSort = Field(
        default="-received",
        description="排序，- 为倒序 / sort key, ``-`` for descending; newest received first",
    )


# ---------------------------------------------------------------------------------------------
# Steps. ``organ_id`` names the organ the user acts for; inferred from the user's positions.


class StepIn(InputSchema):
    organ_id: Id | None = Field(
        default=None, description="acting organ; inferred from the user's positions"
    )


class RouteIn(StepIn):
    kind: RouteKind
    to_organ_id: Id
    report_due: dt.date | None = None
    note: str = Field(default="", max_length=NOTE)


class RouteOutIn(StepIn):
    legal_route: LegalRoute
    reason: str = Field(min_length=1, max_length=NOTE)
    notice: str = Field(min_length=1, max_length=NOTE)


class SendToOtherOrganIn(StepIn):
    other_organ: OtherOrgan
    notice: str = Field(min_length=1, max_length=NOTE)
    to_organ_id: Id | None = None


class SendToPoliticsLawIn(StepIn):
    """A matter of litigation rights to the political-legal organs (信访工作条例(2022)第二十二条
    第二款): a letter is transferred to ``to_organ_id`` (required); a visitor is guided there,
    ``notice`` saying what they were told (required), ``to_organ_id`` optional."""

    to_organ_id: Id | None = None
    notice: str = Field(default="", max_length=NOTE)


class SendToDisciplineIn(StepIn):
    to_organ_id: Id
    note: str = Field(default="", max_length=NOTE)


class AcceptIn(StepIn):
    notice: str = Field(default="", max_length=NOTE)
    handling_way: HandlingWay = Field(
        default=HandlingWay.OPINION,
        description="办理方式：opinion（默认，第三十一条第六项，自受理之日起60日内办结）；"
        "duty（第三十一条第五项）或 suggestion（第二十九条）不计办理期限，"
        "仅适用《信访工作条例》（2022），2005年程序下返回 409 handling_way_not_in_procedure。"
        " / opinion (default, Art. 31 item 6,"
        " 60 days from acceptance); duty (Art. 31 item 5) or suggestion (Art. 29) run no handling"
        " period and exist under the 2022 procedure only (409 handling_way_not_in_procedure"
        " otherwise).",
    )


class DeclineIn(StepIn):
    reason: str = Field(min_length=1, max_length=NOTE)
    notice: str = Field(min_length=1, max_length=NOTE)


class ObjectionIn(StepIn):
    """An objection to a transfer or assignment outside the organ's competence, with its
    detailed reasons (信访工作条例(2022)第二十三条第三款)."""

    reason: str = Field(min_length=1, max_length=NOTE)


class ObjectionAgreeIn(StepIn):
    """The routing office agrees after verifying: what it found and the material returned."""

    note: str = Field(min_length=1, max_length=NOTE)


class ObjectionRefuseIn(StepIn):
    """The routing office refuses the objection, with its reasons."""

    reason: str = Field(min_length=1, max_length=NOTE)


class ObjectionWithdrawIn(StepIn):
    """The organ that objected withdraws its objection before the office decides."""

    note: str = Field(default="", max_length=NOTE)


class ExtensionRequestIn(StepIn):
    """A request to extend the handling period; a responsible person of the organ approves it.

    Asked by a responsible person (principal or supervising leader) of the handling organ, or
    with ``document_ref`` (the reference of an approval given on paper), it is approved at once.
    """

    days: int = Field(ge=1, le=365)
    reason: str = Field(min_length=1, max_length=NOTE)
    document_ref: str = Field(default="", max_length=100, description="批准文件文号, if any")


class ExtendIn(ExtensionRequestIn):
    """The deprecated ``/extend`` body: a request; ``approver_id`` is refused with the reason."""

    approver_id: Id | None = Field(
        default=None, description="refused: the responsible person approves with their account"
    )


class ExtensionApproveIn(InputSchema):
    document_ref: str = Field(
        default="", max_length=100, description="批准文件文号 when approved on paper"
    )
    notice: str = Field(
        default="", max_length=NOTE, description="what the petitioner is told (the reason)"
    )


class ExtensionRefuseIn(InputSchema):
    reason: str = Field(min_length=1, max_length=NOTE)


class HearingStartIn(StepIn):
    """A hearing (听证) that began on ``started_on``, held by the acting organ: the handling
    organ while it handles the matter, the re-review organ while it re-reviews it."""

    started_on: dt.date
    place: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=NOTE)


class HearingEndIn(StepIn):
    """The last day of the hearing (``ended_on``, on or after its first day, not after today)."""

    ended_on: dt.date
    note: str = Field(default="", max_length=NOTE)


class OpinionIn(StepIn):
    kind: OpinionKind
    facts: str = Field(min_length=1, max_length=TEXT)
    reasons: str = Field(min_length=1, max_length=TEXT)
    legal_basis: str = Field(min_length=1, max_length=TEXT)
    delivered_on: dt.date | None = None


class ConcludeIn(OpinionIn):
    """The handling opinion (支持 / 解释 / 不予支持)."""


class ReplyIn(StepIn):
    """The reply concluding a duty or suggestion matter (答复): what it says and its words."""

    outcome: ReplyOutcome = Field(
        description="duty：performed（已依法履行）或 answered（答复）；suggestion：adopted、"
        "partly_adopted 或 not_adopted / duty: performed or answered; suggestion: adopted,"
        " partly_adopted or not_adopted"
    )
    reply: str = Field(min_length=1, max_length=TEXT)


class ReviewIn(OpinionIn):
    """The review opinion (复查意见)."""


class RereviewIn(OpinionIn):
    """The re-review opinion (复核意见), final."""


class ReviewRequestIn(InputSchema):
    review_organ_id: Id
    reason: str = Field(default="", max_length=NOTE)


class RereviewRequestIn(InputSchema):
    rereview_organ_id: Id
    reason: str = Field(default="", max_length=NOTE)


class CloseIn(StepIn):
    reason: str = Field(min_length=1, max_length=NOTE)


class ExecutionIn(StepIn):
    note: str = Field(min_length=1, max_length=NOTE)


class SatisfactionIn(InputSchema):
    rating: Satisfaction


class FollowUpIn(StepIn):
    method: FollowUpMethod
    notes: str = Field(min_length=1, max_length=TEXT)
    satisfaction: Satisfaction | None = None


class SupervisionOrderIn(StepIn):
    to_organ_id: Id
    instructions: str = Field(min_length=1, max_length=TEXT)
    level: SupervisionLevel = Field(
        default=SupervisionLevel.SUPERVISE,
        description="催办 / 督办 / 通报：至多比同一事项、机关、督办事项的上一次高一级 / "
        "the rung: at most one above the previous order on the same matter, organ and subject",
    )
    subject: SupervisionSubject = Field(
        default=SupervisionSubject.HANDLING,
        description="督办办理，或督促执行支持信访请求的处理意见（事项终结后亦可） / "
        "the handling, or carrying out a supporting opinion (also once the matter is final)",
    )
    circulation_scope: str = Field(
        default="",
        max_length=NOTE,
        description="通报范围（通报时必填） / where a 通报 is circulated",
    )
    escalation_reason: str = Field(
        default="",
        max_length=NOTE,
        description="升级理由（上一次已反馈而问题仍未解决时必填） / why the problem persists",
    )


class SupervisionReplyIn(StepIn):
    reply: str = Field(min_length=1, max_length=TEXT)


# ---------------------------------------------------------------------------------------------
# Organs: handling lists; routing


class SuggestFilter(InputSchema):
    region_code: str = Field(default="", max_length=12)
    category_id: Id | None = None
    other_organ: OtherOrgan | None = None
    accusation: bool = False
    matter_id: Id | None = Field(
        default=None, description="take region, category and accused units from this matter"
    )
    limit: int = Field(default=10, ge=1, le=50)


class HandlingEntryIn(InputSchema):
    category_id: Id
    request_type: str = Field(min_length=1, max_length=200)
    legal_route: LegalRoute
    legal_basis: str = Field(min_length=1, max_length=TEXT)
    responsible_unit_id: Id | None = None
    responsible_unit_name: str = Field(default="", max_length=200)
    time_limit_days: int | None = Field(default=None, ge=1, le=3650)


class HandlingEntryPatchIn(InputSchema):
    """Fields to change; those left out stay as they are. ``is_active: false`` retires it."""

    category_id: Id | None = None
    request_type: str | None = Field(default=None, min_length=1, max_length=200)
    legal_route: LegalRoute | None = None
    legal_basis: str | None = Field(default=None, min_length=1, max_length=TEXT)
    responsible_unit_id: Id | None = None
    responsible_unit_name: str | None = Field(default=None, max_length=200)
    time_limit_days: int | None = Field(default=None, ge=1, le=3650)
    is_active: bool | None = None
