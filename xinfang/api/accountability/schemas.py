"""Input and output schemas of the accountability API, separate per endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from xinfang.accountability.choices import LeadKind, LeadSource, LeadState, LeadTier, NoticeRole
from xinfang.api.paging import PageIn
from xinfang.inputs import Id, InputSchema


class DutyHolderOut(Schema):
    person_id: int
    name: str
    role: str
    position_id: int | None


class LeadOut(Schema):
    id: int
    source: str
    kind: str
    kind_label: str
    ground: int
    tier: str = Field(
        description="lead 线索, or signal 待研判信号 (细则第十一条第一款第三、六、八项: for the "
        "petition office to promote to a lead or dismiss)"
    )
    organ_id: int
    organ_name: str
    failure_date: dt.date
    summary: str
    state: str
    evidence: list[dict[str, Any]]
    duty_holders: list[DutyHolderOut]
    work_subject: str = Field(
        description="the portfolio subject (分管) covering the work that failed; '' if unknown"
    )
    supervising_leader_unclear: bool = Field(
        description="the registry cannot tell the 直接主管的负责人 (细则第十一条第二款)"
    )
    matter_id: int | None
    rectification_id: int | None
    case_id: int | None
    created_at: dt.datetime


class EvidenceIn(InputSchema):
    type: str = Field(min_length=1, max_length=40)
    id: Id | None = None
    reference: str = Field(default="", max_length=300)


ManualKind = Literal["opinion_not_executed", "complaint", "inspection_finding", "other"]


class LeadIn(InputSchema):
    kind: ManualKind
    ground: int = Field(ge=1, le=9)
    organ_id: Id
    failure_date: dt.date
    summary: str = Field(min_length=1, max_length=2000)
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=50)
    person_ids: list[Id] = Field(default_factory=list, max_length=50)
    matter_id: Id | None = None


class ReasonIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000)


class PromoteIn(InputSchema):
    note: str = Field(
        default="", max_length=2000, description="why the signal is worth investigating"
    )


class ParticipantOut(Schema):
    person_id: int
    name: str
    role: str
    participated: bool
    objected: bool
    objection_reference: str
    diligent: bool
    diligence_note: str
    discipline_warranted: bool
    suspected_crime: bool


class ParticipantIn(InputSchema):
    person_id: Id
    role: Literal["principal_leader", "supervising_leader", "team_member", "staff"]
    participated: bool = True
    objected: bool = False
    objection_reference: str = Field(default="", max_length=300)
    diligent: bool = False
    diligence_note: str = Field(default="", max_length=5000)
    discipline_warranted: bool = False
    suspected_crime: bool = False


class FindingsIn(InputSchema):
    grounds: list[int] = Field(max_length=9)
    threshold_met: bool
    threshold_reasoning: str = Field(min_length=1, max_length=5000)
    harm: Literal["minor", "serious", "especially_serious"]
    impact: Literal["minor", "major", "especially_major"]
    harm_description: str = Field(default="", max_length=5000)
    responsibility: Literal["collective", "individual"]
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=100)


class CaseOut(Schema):
    id: int
    lead_id: int
    organ_id: int
    organ_name: str
    failure_date: dt.date
    investigating_organ_id: int
    state: str
    grounds: list[int]
    threshold_met: bool | None
    threshold_reasoning: str
    harm: str
    impact: str
    harm_description: str
    responsibility_kind: str
    participants: list[ParticipantOut]
    facts: dict[str, Any] | None = Field(
        description="the rules core's input (the `xinfang decide` shape); each person named by "
        "registry code is also given as `person_id` and `name`"
    )
    recommendation: dict[str, Any] | None = Field(
        description="the rules core's answer (the `xinfang decide` shape); each person named by "
        "registry code (`people[].id`, `referrals[].person`, `needs_judgement[].person`) is "
        "also given as `person_id` and `name`"
    )
    recommendation_ids: list[int]
    notices: list[DispatchOut] = Field(
        description="notices of the case's decisions sent to the organization and personnel "
        "departments (细则第十八条)"
    )


class DispatchOut(Schema):
    """A notice sent to an organization or personnel department (细则第十八条): to whom, when."""

    decision_id: int
    subject_name: str
    to_organ_id: int
    to_organ_name: str
    role: str
    role_label: str
    sent_at: dt.datetime


class DecisionOut(Schema):
    id: int
    recommendation_id: int
    person_id: int | None
    organ_id: int | None
    subject_name: str
    role: str
    responsibility: str
    tier: int
    recommended_measures: list[str]
    recommended_options: list[str]
    recommended_rectification: bool
    recommended_basis: list[str]
    state: str
    decided_measures: list[str]
    decided_options: list[str]
    differs: bool
    reasons: str
    decided_on: dt.date | None
    rectification_due: dt.date | None
    notices: list[DispatchOut] = Field(
        description="notices of this decision sent to the organization and personnel "
        "departments (细则第十八条)"
    )


class RecommendationOut(Schema):
    id: int
    number: str
    case_id: int
    authority_id: int
    authority_name: str
    organ_name: str
    sent_at: dt.datetime
    decisions: list[DecisionOut]


class DecisionIn(InputSchema):
    measures: list[str] = Field(max_length=4)
    options: list[str] = Field(default_factory=list, max_length=5)
    reasons: str = Field(default="", max_length=5000)
    rectification_due: dt.date | None = None
    decided_on: dt.date | None = None


class RectificationOut(Schema):
    id: int
    case_id: int
    decision_id: int
    person_id: int | None
    organ_id: int | None
    subject_name: str
    measure: str
    due: dt.date
    rectified_at: dt.datetime | None
    evidence: str
    overdue: bool


class RectifyIn(InputSchema):
    evidence: str = Field(min_length=1, max_length=5000)


class NoticeOut(Schema):
    id: int
    to_organ_id: int
    role: str
    case_id: int
    decision_id: int
    subject_name: str
    person_id: int | None
    decided_measures: list[str]
    decided_on: dt.date | None
    created_at: dt.datetime


class RecordEntryOut(Schema):
    decision_id: int
    case_id: int
    organ_name: str
    authority_name: str
    responsibility: str
    decided_measures: list[str]
    decided_options: list[str]
    decided_on: dt.date | None
    rectification_due: dt.date | None
    rectified_in_time: bool | None
    referrals: list[str]


class RecordOut(Schema):
    person_id: int
    name: str
    entries: list[RecordEntryOut]


YesNo = Literal["1", "0"]


def _values(choices: Any) -> dict[str, Any]:
    """The values a repeatable parameter takes, for the OpenAPI document. The FilterSet checks
    them (a 422 naming the parameter, like every other)."""
    return {"items": {"type": "string", "enum": list(choices.values)}}


_YES_NO = "1 是 / yes, 0 否 / no"


class _ListFilter(PageIn):
    """The filters every accountability list takes (``xinfang.accountability.filters``, the
    same as the pages'): the organ concerned, with its subtree, and its region."""

    organ_id: Id | None = Field(default=None, description="涉及机关 / the organ concerned")
    subtree: YesNo | None = Field(
        default=None, description=f"含下级机关 / with the organs under it ({_YES_NO})"
    )
    region: str | None = Field(
        default=None,
        max_length=12,
        description="所在地区（行政区划代码，含下级） / region code, and every code under it",
    )


class LeadFilter(_ListFilter):
    state: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="线索状态，可重复 / the lead's state (repeatable)",
        json_schema_extra=_values(LeadState),
    )
    tier: LeadTier | None = Field(default=None, description="线索或待研判信号 / lead or signal")
    kind: list[str] = Field(
        default_factory=list,
        max_length=30,
        description="类型，可重复 / kind (repeatable)",
        json_schema_extra=_values(LeadKind),
    )
    ground: int | None = Field(
        default=None, ge=1, le=9, description="第十一条第一款第几项 / ground of Art. 11 ¶1"
    )
    source: LeadSource | None = Field(default=None, description="来源 / source")
    category_id: Id | None = Field(
        default=None, description="信访事项内容分类（含下级分类） / the matter's category"
    )
    failure_from: dt.date | None = Field(default=None, description="失职失责日期起 / from")
    failure_to: dt.date | None = Field(default=None, description="失职失责日期止 / to")
    found_from: dt.date | None = Field(default=None, description="发现日期起 / found from")
    found_to: dt.date | None = Field(default=None, description="发现日期止 / found to")
    has_case: YesNo | None = Field(default=None, description=f"已立案调查 / has a case ({_YES_NO})")
    sort: str | None = Field(
        default=None,
        max_length=100,
        description="排序：found、failure_date、organ，前加 - 为降序 / sort, - for descending",
    )


class RecommendationFilterIn(_ListFilter):
    pending: YesNo | None = Field(
        default=None, description=f"有待决定事项 / decisions pending ({_YES_NO})"
    )
    authority_id: Id | None = Field(
        default=None, description="有管理权限的党政机关 / the managing authority"
    )
    investigating_organ_id: Id | None = Field(
        default=None, description="调查机关 / the investigating office"
    )
    measure: str | None = Field(
        default=None, max_length=32, description="建议措施 / a recommended measure"
    )
    number: str | None = Field(default=None, max_length=64, description="文号 / number")
    sent_from: dt.date | None = Field(default=None, description="送达日期起 / sent from")
    sent_to: dt.date | None = Field(default=None, description="送达日期止 / sent to")
    sort: str | None = Field(
        default=None,
        max_length=100,
        description="排序：sent、number、authority，前加 - 为降序 / sort, - for descending",
    )


class RectificationFilterIn(_ListFilter):
    done: YesNo | None = Field(default=None, description=f"已完成整改 / rectified ({_YES_NO})")
    overdue: YesNo | None = Field(default=None, description=f"已逾期 / overdue ({_YES_NO})")
    due_soon: YesNo | None = Field(default=None, description=f"即将到期 / due soon ({_YES_NO})")
    late: YesNo | None = Field(default=None, description=f"逾期完成 / done late ({_YES_NO})")
    subject: Literal["person", "organ"] | None = Field(
        default=None, description="对象：人员或机关 / a person or an organ"
    )
    measure: str | None = Field(default=None, max_length=32, description="所受措施 / measure")
    due_from: dt.date | None = Field(default=None, description="整改期限起 / due from")
    due_to: dt.date | None = Field(default=None, description="整改期限止 / due to")
    sort: str | None = Field(
        default=None,
        max_length=100,
        description="排序：due、rectified，前加 - 为降序 / sort, - for descending",
    )


class NoticeFilterIn(_ListFilter):
    role: NoticeRole | None = Field(default=None, description="组织或人事部门 / department")
    to_organ_id: Id | None = Field(default=None, description="通报对象 / notified department")
    measure: str | None = Field(default=None, max_length=32, description="决定措施 / measure")
    subject: Literal["person", "organ"] | None = Field(
        default=None, description="对象：人员或机关 / a person or an organ"
    )
    decided_from: dt.date | None = Field(default=None, description="决定日期起 / decided from")
    decided_to: dt.date | None = Field(default=None, description="决定日期止 / decided to")
    sort: str | None = Field(
        default=None,
        max_length=100,
        description="排序：sent、decided，前加 - 为降序 / sort, - for descending",
    )


class HonourFilter(InputSchema):
    organ_id: Id
    year: int = Field(ge=2017, le=2100)


class HonourCaseOut(Schema):
    case_id: int
    basis: list[str]


class HonourOut(Schema):
    organ_id: int
    year: int
    disqualified: bool
    cases: list[HonourCaseOut]
