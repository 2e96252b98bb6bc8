"""Output schemas of the matter endpoints, separate per endpoint.

Choice values are given with their labels; the petitioner appears only masked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from xinfang.api.paging import PageOut
from xinfang.api.responses import ErrorOut
from xinfang.api.schemas import OrganRefOut
from xinfang.petitions.matters.choices import HearingStage

#: The API's one error shape (``xinfang.api.responses``).
MatterErrorOut = ErrorOut


# ---------------------------------------------------------------------------------------------
# Shared output parts


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
    level: str
    level_label: str
    subject: str
    subject_label: str
    opinion_id: int | None
    escalated_from_id: int | None
    escalation_reason: str
    circulation_scope: str


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
# Steps


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


# ---------------------------------------------------------------------------------------------
# Organs: queue, counts, handling lists; the public lookup


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
