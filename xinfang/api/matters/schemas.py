"""Input and output schemas of the matter endpoints, separate per endpoint.

Choice fields are typed with the app's choices, so OpenAPI lists their values; free text is
bounded. The petitioner appears only masked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from xinfang.api.paging import PageIn, PageOut
from xinfang.api.responses import ErrorOut
from xinfang.inputs import ID_MAX, Id, InputSchema
from xinfang.petitions.matters.choices import (
    Channel,
    FollowUpMethod,
    HandlingWay,
    HearingStage,
    LegalRoute,
    MatterState,
    OpinionKind,
    OtherOrgan,
    ReplyOutcome,
    RouteKind,
    Satisfaction,
)

TEXT = 20_000
NOTE = 2_000


#: The API's one error shape (``xinfang.api.responses``).
MatterErrorOut = ErrorOut


# ---------------------------------------------------------------------------------------------
# Shared output parts


class OrganRefOut(Schema):
    id: int
    name: str


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    name_en: str


class CategoryNodeOut(CategoryOut):
    """A category in the tree: its parent (none for a main category, or one whose parent is
    retired), how deep it sits, and its active children in reading order (其他 last)."""

    parent_id: int | None
    depth: int
    children: list[int]


class MaskedPetitionerOut(Schema):
    """The petitioner as every reader sees it: identity masked (张**, 5001**********1234)."""

    id: int
    organ_id: int
    name: str
    id_number: str
    phone: str
    address: str


class ClockOut(Schema):
    period: str
    organ: OrganRefOut | None
    started_on: dt.date
    days: int
    extension_days: int
    due: dt.date
    provisional: bool
    basis: list[str]
    stopped_on: dt.date | None
    stopped_by: str
    paused_on: dt.date | None = Field(
        description="first day of the hearing that pauses the clock now (none when none runs)"
    )
    paused_days: int = Field(description="days of ended hearings the due date leaves out")


class EventOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    organ: OrganRefOut | None
    action: str
    from_state: str
    to_state: str
    details: dict[str, Any]
    basis: list[str]


class OpinionOut(Schema):
    id: int
    stage: str
    stage_label: str
    kind: str
    kind_label: str
    organ: OrganRefOut
    facts: str
    reasons: str
    legal_basis: str
    issued_at: dt.datetime
    execution_due: dt.date | None = None
    executed_at: dt.datetime | None = None
    execution_note: str = ""


class ReplyOut(Schema):
    """The reply that concluded a matter handled without a 信访处理意见书 (答复)."""

    id: int
    outcome: str
    outcome_label: str
    organ: OrganRefOut
    text: str
    issued_at: dt.datetime


class RouteOut(Schema):
    id: int
    kind: str
    kind_label: str
    from_organ: OrganRefOut
    to_organ: OrganRefOut
    routed_at: dt.datetime
    report_due: dt.date | None
    reported_at: dt.datetime | None
    returned_at: dt.datetime | None = Field(
        default=None,
        description="交还时间：转送、交办机关同意异议，材料已交还（不再报告办理结果）。 / "
        "When the matter came back on an agreed objection (信访工作条例(2022)第二十三条第三款): "
        "its report is no longer due.",
    )
    note: str


class SupervisionOrderOut(Schema):
    id: int
    matter_id: int
    issuing_organ: OrganRefOut
    to_organ: OrganRefOut
    issued_at: dt.datetime
    instructions: str
    reply_due: dt.date
    reply_provisional: bool
    basis: list[str]
    replied_at: dt.datetime | None
    reply: str


class FollowUpOut(Schema):
    id: int
    matter_id: int
    organ: OrganRefOut
    at: dt.datetime
    method: str
    notes: str
    satisfaction: str


class HearingOut(Schema):
    """A hearing. ``pauses`` names the period whose clock stood still while it ran (``rereview``
    for a re-review hearing, empty in handling); ``excluded_days`` are the calendar days it
    took out of that period, first and last day included."""

    id: int
    matter_id: int
    organ: OrganRefOut
    stage: HearingStage
    stage_label: str
    pauses: str
    started_on: dt.date
    ended_on: dt.date | None
    place: str
    note: str
    excluded_days: int
    basis: list[str]
    recorded_by: str
    recorded_at: dt.datetime
    ended_by: str
    ended_at: dt.datetime | None


class RepeatOut(Schema):
    """An earlier matter that is probably the same complaint; shown, never merged."""

    earlier_id: int
    score: float
    reason: str
    same_petitioner: bool
    similar: bool
    earlier_state: str
    earlier_summary: str


class SuggestionOut(Schema):
    """A suggested organ with what to do there, why, and the basis (细则第三条、第五条)."""

    organ: OrganRefOut
    kind: str
    reason: str
    basis: list[str]
    legal_route: str
    entry_id: int | None


class MatterOut(Schema):
    """A matter as lists and steps return it: no petitioner, no content."""

    id: int
    state: str
    state_label: str
    channel: str
    channel_label: str
    is_collective: bool
    headcount: int | None
    representatives: int | None
    received_at: dt.datetime
    registered_at: dt.datetime
    registering_organ: OrganRefOut
    current_organ: OrganRefOut
    handling_organ: OrganRefOut | None
    region_code: str
    category: CategoryOut | None
    summary: str
    may_be_public: bool
    is_accusation: bool
    legal_route: str
    other_organ: str
    profile: str
    action_period: str
    action_due: dt.date | None
    action_paused: bool = Field(
        description="听证中，期限暂停计算（听证所需时间不计算在复核期限内）；暂停时不算逾期。 / A "
        "re-review hearing is running: its days are not counted in the re-review period, and "
        "the matter is neither overdue nor due soon meanwhile."
    )
    request_due: dt.date | None
    is_overdue: bool
    is_due_soon: bool
    satisfaction: str
    final_at: dt.datetime | None


class MatterDetailOut(MatterOut):
    """One matter for a reader in scope: content, masked petitioner, clocks and timeline."""

    content: str
    accused_names: str
    petitioner: MaskedPetitionerOut | None
    petitioner_withheld: bool = Field(
        description="信访人不在您的查看范围内（您可查看本事项，但不能查看其信访人登记信息）。"
        "是否检举控告过您或您所在单位从不影响本字段：办理机关对每位信访人所见相同"
        "（细则第十一条第八项）。 / The petitioner's record is outside your scope though the"
        " matter is not. Never a sign of an accusation: the handling organ sees every petitioner"
        " alike (Art. 11, item 8)."
    )
    handling_way: str = Field(
        description="办理方式，受理时选定（受理前为空）：opinion（第三十一条第六项，出具信访处理意见书，"
        "计办理期限）、duty（第三十一条第五项，依法履行或者答复）、suggestion（第二十九条，建议意见）。"
        " / How the matter is handled, chosen on acceptance (empty before): opinion (Art. 31"
        " item 6, a handling opinion, with the handling period), duty (Art. 31 item 5) or"
        " suggestion (Art. 29), the last two without a handling period."
    )
    handling_way_label: str
    clocks: list[ClockOut]
    timeline: list[EventOut]
    opinions: list[OpinionOut]
    reply: ReplyOut | None = Field(
        description="答复办结的内容（duty、suggestion 事项）/ the reply that concluded a duty or"
        " suggestion matter"
    )
    routes: list[RouteOut]
    supervision_orders: list[SupervisionOrderOut]
    follow_ups: list[FollowUpOut]
    hearings: list[HearingOut]
    repeats: list[RepeatOut]
    objection_due: dt.date | None = Field(
        default=None,
        description="异议期限：收到转送、交办之日起5个工作日（信访工作条例(2022)第二十三条第三款），"
        "事项待其受理且可以提出异议时才有；已过的照样给出。 / The last day the organ the matter "
        "was transferred or assigned to may object (5 working days from receipt, 2022 Art. 23 "
        "¶3), while the matter awaits its acceptance there; null when no objection is open "
        "(2005 procedure, another state, a matter brought directly). A past date is given as "
        "it is.",
    )


class MatterCreatedOut(MatterOut):
    """A registered matter: the query code for the petitioner, repeats and routing hints."""

    query_code: str
    repeats: list[RepeatOut]
    suggestions: list[SuggestionOut]


MatterPageOut = PageOut[MatterOut]


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


class MatterFilter(PageIn):
    state: MatterState | None = None
    overdue: bool | None = None
    organ_id: Id | None = Field(default=None, description="所在机关 / current organ id")


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


class HearingStepOut(HearingOut):
    """A hearing started or ended, with the matter's clock as it now stands."""

    matter_state: str
    action_period: str
    action_due: dt.date | None
    action_paused: bool


class ExtensionRequestOut(Schema):
    """An extension request and its decision; ``approver_id`` is the person who approved it in
    the system (none for an approval on paper, which names ``document_ref``)."""

    id: int
    matter_id: int
    organ_id: int
    days: int
    reason: str
    status: str
    requested_at: dt.datetime
    requested_by: str
    decided_at: dt.datetime | None
    decided_by: str
    approval: str
    approver_id: int | None
    document_ref: str
    refusal_reason: str
    matter_state: str
    action_due: dt.date | None


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


class SupervisionReplyIn(StepIn):
    reply: str = Field(min_length=1, max_length=TEXT)


# ---------------------------------------------------------------------------------------------
# Organs: queue, counts, handling lists; routing; the public lookup


class QueueItemOut(Schema):
    id: int
    summary: str
    state: str
    state_label: str
    channel: str
    action_period: str
    action_due: dt.date | None
    received_at: dt.datetime
    action_paused: bool
    is_overdue: bool
    is_due_soon: bool


class QueueOut(PageOut[QueueItemOut]):
    """One page of the organ's queue and the queue's total."""

    organ: OrganRefOut
    today: dt.date


class CountsOut(Schema):
    organ: OrganRefOut
    today: dt.date
    by_state: dict[str, int]
    open: int
    overdue: int
    due_soon: int


class SuggestFilter(InputSchema):
    region_code: str = Field(default="", max_length=12)
    category_id: Id | None = None
    other_organ: OtherOrgan | None = None
    accusation: bool = False
    matter_id: Id | None = Field(
        default=None, description="take region, category and accused units from this matter"
    )
    limit: int = Field(default=10, ge=1, le=50)


class HandlingEntryOut(Schema):
    id: int
    department: OrganRefOut
    category_id: int
    request_type: str
    legal_route: str
    legal_route_label: str
    responsible_unit: OrganRefOut | None
    responsible_unit_name: str
    time_limit_days: int | None
    legal_basis: str
    is_active: bool


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


class PublicOpinionOut(Schema):
    stage: str
    kind: str
    facts: str
    reasons: str
    legal_basis: str
    issued_at: dt.datetime


class PublicNoticeOut(Schema):
    action: str
    at: dt.datetime
    notice: str


class PublicMatterOut(Schema):
    """What the petitioner sees with the query code: state, dates, notices and opinions."""

    state: str
    state_label: str
    received_at: dt.datetime
    registered_at: dt.datetime
    action_due: dt.date | None
    action_paused: bool = Field(
        description="听证中，期限暂停计算 / a re-review hearing is running: the period is paused"
    )
    request_due: dt.date | None
    notices: list[PublicNoticeOut]
    opinions: list[PublicOpinionOut]
