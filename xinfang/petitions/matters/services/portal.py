"""The petitioner's own acts on the portal (no sign-in): submit online, follow, rate, ask for
a review.

信访工作条例(2022)第二十一条第二款: 网上信访 flows through the petition information system,
so that petitioners can 查询、评价 how their matter is handled; 第十七条 names 信息网络 as a way
to petition; 第十九条 asks for the name, address, request, facts and reasons.

Where an online petition goes: the petition office of the district or county where the problem
arose (属地管理、分级负责, 细则第三条; 信访工作条例(2022)第二十二条: the petition office
registers and routes within 15 days), else the municipal petition office. Routing from there is
the office's work, as for a letter.

The actor of every act here is the petitioner (:data:`PORTAL_ACTOR`), never a staff user: the
trail names no person, and the petitioner's identity never enters it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xinfang.access.policy.routing import accused_organ_ids
from xinfang.access.scope import organ_is_accused
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.orgs.selectors import organ_ancestors
from xinfang.petitions.services import clean_identity
from xinfang.rules.basis import REGULATION_2022, Basis, basis_strings
from xinfang.workflow import act_time

from ..attachments import (
    allowed_kinds_message,
    attachment_add,
    clean_filename,
    detect_kind,
    max_bytes,
    too_large_message,
)
from ..choices import Channel, EventAction, MatterState, Period, SatisfactionSource
from ..errors import MatterRefused
from ..models import Category, Matter, MatterEvent, Opinion, Reply
from ..selectors import PublicMatter, matter_for_petitioner, normalise_query_code, review_base
from .common import profile_of
from .intake import MatterIntake, matter_take_in
from .oversight import matter_rate_satisfaction
from .procedure import matter_request_rereview, matter_request_review

#: Who acts when the petitioner acts on the portal: the trail's label, no personal data.
PORTAL_ACTOR = "信访人（网上）"

#: 信访工作条例(2022)第二十一条第二款: the system lets petitioners query and rate the handling.
PORTAL_BASIS = Basis(REGULATION_2022, 21, clause=2)

#: The rating period: the law sets none (第二十一条 says only that petitioners may rate), so it
#: is a setting, ``XINFANG_PORTAL_RATING_DAYS`` days from the day the answer was issued (the day
#: itself not counted, 民法典第二百零一条), 30 by default: as long as the petitioner has to ask
#: for a review (第三十五条), so that one who disagrees has the same time to say so either way.
DEFAULT_RATING_DAYS = 30

#: At most this many files with one online petition.
ATTACHMENTS_MAX = 5

SUMMARY_FROM_CONTENT = 60


def rating_days() -> int:
    return int(getattr(settings, "XINFANG_PORTAL_RATING_DAYS", DEFAULT_RATING_DAYS))


# ---------------------------------------------------------------------------------------------
# Submitting online


def portal_receiving_organ(region_code: str) -> Organ | None:
    """The petition office that registers an online petition about ``region_code``: the one
    of its district or county, else the municipal one (属地管理, 细则第三条). None when the
    registry has neither."""
    code = (region_code or "").strip()
    if len(code) < 6:
        return None
    regions = [code[:6], code[:2] + "0000"]
    offices = [
        organ
        for organ in Organ.objects.filter(region_code__in=regions, is_active=True).order_by("path")
        if organ.has_role(OrganRole.PETITION_OFFICE)
    ]
    for region in regions:
        for organ in offices:
            if organ.region_code == region:
                return organ
    return None


@dataclass(frozen=True)
class PortalFile:
    """A file the petitioner sends with the petition."""

    name: str
    data: bytes


def _clean_files(files: Sequence[PortalFile]) -> list[PortalFile]:
    """Every file checked before anything is written: a refused file refuses the petition,
    which the petitioner sends again with everything else kept."""
    if len(files) > ATTACHMENTS_MAX:
        raise ValidationError(
            {
                "attachments": ValidationError(
                    _("附件最多 %(max)s 个。") % {"max": ATTACHMENTS_MAX}, code="too_many"
                )
            }
        )
    limit = max_bytes()
    errors = []
    for item in files:
        name = clean_filename(item.name)
        if not item.data:
            errors.append(_("%(name)s：文件为空。") % {"name": name})
        elif len(item.data) > limit:
            errors.append(f"{name}{_('：')}{too_large_message(limit)}")
        elif detect_kind(item.data) is None:
            errors.append(f"{name}{_('：')}{allowed_kinds_message()}")
    if errors:
        raise ValidationError({"attachments": [ValidationError(e, code="file") for e in errors]})
    return list(files)


def portal_submit(
    *,
    name: str,
    id_number: str,
    phone: str,
    address: str,
    content: str,
    region_code: str,
    category: Category | None,
    summary: str = "",
    files: Sequence[PortalFile] = (),
    at: dt.datetime | None = None,
) -> Matter:
    """Take in a petition submitted online (网上信访), with its files, in one transaction.

    The petitioner gives a name, an ID number (its GB 11643 check digit verified), a phone
    number and an address (信访工作条例(2022)第十九条: 姓名、住址和请求、事实、理由), the place
    where the problem arose and a category. The petition office of that place's district
    registers it (``matter_take_in``, channel ``online``) and routes it in the routing period;
    the returned matter carries the query code for the receipt. ``ValidationError`` by field
    for bad input; nothing is written then.
    """
    moment, _today = act_time(at)
    errors: dict[str, Any] = {}
    identity: dict[str, str] = {}
    try:
        identity = clean_identity(name=name, id_number=id_number, phone=phone, address=address)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    for key, value, message in (
        ("id_number", id_number, _("请填写公民身份号码。")),
        ("phone", phone, _("请填写联系电话。")),
        ("address", address, _("请填写住址。")),
    ):
        if key not in errors and not (value or "").strip():
            errors[key] = [ValidationError(message, code="required")]
    try:
        files = _clean_files(files)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    organ = portal_receiving_organ(region_code)
    if organ is None and "region_code" not in errors:
        errors["region_code"] = [
            ValidationError(_("请选择问题发生地（区县、乡镇街道）。"), code="unknown_region")
        ]
    if errors:
        raise ValidationError(errors)
    assert organ is not None
    text = (content or "").strip()
    summary = (summary or "").strip()
    if not summary and text:
        summary = text.splitlines()[0][:SUMMARY_FROM_CONTENT]
    data = MatterIntake(
        channel=Channel.ONLINE,
        received_at=moment,
        summary=summary,
        content=text,
        region_code=region_code,
        category=category,
        identity=identity,
    )
    with transaction.atomic():
        matter = matter_take_in(organ=organ, actor=PORTAL_ACTOR, data=data, at=moment)
        for item in files:
            attachment_add(
                matter=matter, filename=item.name, data=item.data, actor=PORTAL_ACTOR, at=moment
            )
    return matter


# ---------------------------------------------------------------------------------------------
# Following the matter


#: The steps the petitioner sees, in the petitioner's words; any other event (an internal
#: objection, a supervision order, a file added by staff...) is the organs' own business.
STEP_LABELS: dict[str, Any] = {
    EventAction.REGISTER: gettext_lazy("信访部门登记"),
    EventAction.RECEIVE: gettext_lazy("有权处理的机关收到"),
    EventAction.TRANSFER: gettext_lazy("转送有权处理的机关"),
    EventAction.ASSIGN: gettext_lazy("交办有权处理的机关"),
    EventAction.AGREE_OBJECTION: gettext_lazy("重新转送、交办"),
    EventAction.ROUTE_OUT: gettext_lazy("告知通过法定途径解决"),
    EventAction.SEND_TO_OTHER_ORGAN: gettext_lazy("告知向有关机关提出"),
    EventAction.SEND_TO_DISCIPLINE: gettext_lazy("转纪检监察机关处理"),
    EventAction.SEND_TO_POLITICS_LAW: gettext_lazy("转政法部门处理"),
    EventAction.GUIDE_TO_POLITICS_LAW: gettext_lazy("引导向政法部门反映"),
    EventAction.ACCEPT: gettext_lazy("受理"),
    EventAction.DECLINE: gettext_lazy("不予受理"),
    EventAction.EXTEND: gettext_lazy("延长办理期限"),
    EventAction.CONCLUDE: gettext_lazy("办结，作出处理意见或答复"),
    EventAction.REQUEST_REVIEW: gettext_lazy("请求复查"),
    EventAction.REVIEW: gettext_lazy("作出复查意见"),
    EventAction.REQUEST_REREVIEW: gettext_lazy("请求复核"),
    EventAction.REREVIEW: gettext_lazy("作出复核意见"),
    EventAction.CLOSE: gettext_lazy("结案"),
    EventAction.RATED: gettext_lazy("满意度评价"),
    EventAction.HEARING_STARTED: gettext_lazy("举行听证"),
    EventAction.HEARING_ENDED: gettext_lazy("听证结束"),
}

#: The periods as the petitioner reads them.
DUE_LABELS: dict[str, Any] = {
    Period.ROUTE: gettext_lazy("转送、交办期限"),
    Period.ACCEPT: gettext_lazy("告知是否受理期限"),
    Period.HANDLE: gettext_lazy("办结期限"),
    Period.REVIEW_REQUEST: gettext_lazy("您请求复查的期限"),
    Period.REVIEW: gettext_lazy("复查期限"),
    Period.REREVIEW_REQUEST: gettext_lazy("您请求复核的期限"),
    Period.REREVIEW: gettext_lazy("复核期限"),
}

#: Steps that send the matter to another organ: the step shows where it went.
_SENDS = {
    EventAction.TRANSFER,
    EventAction.ASSIGN,
    EventAction.REQUEST_REVIEW,
    EventAction.REQUEST_REREVIEW,
}


@dataclass(frozen=True)
class PortalDue:
    label: str
    due: dt.date


@dataclass(frozen=True)
class PortalStep:
    """One step of the matter as the petitioner reads it."""

    action: str
    label: str
    at: dt.datetime
    organ: str
    dues: list[PortalDue] = field(default_factory=list)


@dataclass(frozen=True)
class RatingWindow:
    """Whether the petitioner may rate now, and until when."""

    open: bool
    answered_on: dt.date | None
    closes_on: dt.date | None
    days: int
    rated: bool


@dataclass(frozen=True)
class ReviewOffer:
    """The review (or re-review) the petitioner may ask for: the organ the rules choose, the
    last day, the basis."""

    rereview: bool
    organ: Organ
    due: dt.date | None
    basis: list[str]
    in_time: bool


@dataclass(frozen=True)
class PortalProgress:
    """What the portal shows for a query code: the public view, the steps, the rating and the
    review the petitioner may ask for. Never internal notes, the accused, other people."""

    public: PublicMatter
    matter_id: int
    current_organ: str
    steps: list[PortalStep]
    satisfaction: str
    satisfaction_label: str
    satisfaction_at: dt.datetime | None
    satisfaction_source: str
    rating: RatingWindow
    review: ReviewOffer | None


def portal_matter(*, query_code: str) -> Matter | None:
    """The matter with this query code (as people type it), or None."""
    code = normalise_query_code(query_code)
    if not code:
        return None
    return Matter.objects.filter(query_code=code).select_related("current_organ").first()


def _steps(matter: Matter) -> list[PortalStep]:
    events = list(
        MatterEvent.objects.filter(matter_id=matter.pk, action__in=list(STEP_LABELS))
        .select_related("organ")
        .order_by("at", "id")
    )
    targets = {
        e.details.get("to_organ")
        for e in events
        if e.action in _SENDS and isinstance(e.details.get("to_organ"), int)
    }
    names = dict(Organ.objects.filter(pk__in=targets).values_list("pk", "name"))
    steps = []
    for event in events:
        to_organ = event.details.get("to_organ") if event.action in _SENDS else None
        organ = names.get(to_organ, "") if to_organ else (event.organ.name if event.organ else "")
        dues = [
            PortalDue(str(DUE_LABELS[c["period"]]), dt.date.fromisoformat(c["due"]))
            for c in event.details.get("clocks", [])
            if c.get("period") in DUE_LABELS and c.get("due")
        ]
        steps.append(
            PortalStep(
                action=event.action,
                label=str(STEP_LABELS[event.action]),
                at=event.at,
                organ=organ,
                dues=dues,
            )
        )
    return steps


def _answered_at(matter: Matter) -> dt.datetime | None:
    """When the petitioner's latest answer was issued (an opinion, or the reply that concluded
    a duty or suggestion matter): the system issues and delivers it in one step."""
    times = [
        t
        for t in (
            Opinion.objects.filter(matter_id=matter.pk).order_by("-issued_at").first(),
            Reply.objects.filter(matter_id=matter.pk).first(),
        )
        if t is not None
    ]
    return max((t.issued_at for t in times), default=None)


def rating_window(matter: Matter, *, today: dt.date) -> RatingWindow:
    """The rating period: open from the day the answer was issued for ``rating_days()`` days
    after it; closed before an answer and once the petitioner's rating is recorded."""
    days = rating_days()
    answered = _answered_at(matter)
    if answered is None:
        return RatingWindow(False, None, None, days, bool(matter.satisfaction))
    answered_on = timezone.localdate(answered)
    closes_on = answered_on + dt.timedelta(days=days)
    is_open = not matter.satisfaction and answered_on <= today <= closes_on
    return RatingWindow(is_open, answered_on, closes_on, days, bool(matter.satisfaction))


def review_offer(matter: Matter, *, today: dt.date) -> ReviewOffer | None:
    """The review the petitioner may ask for now: after a handling opinion, a review by the
    organ one level above the one that handled it (信访工作条例(2022)第三十五条); after a review
    opinion, a re-review one level above the reviewing organ (第三十六条). The nearest organ
    above that the matter does not accuse (细则第十一条第八项). None in any other state."""
    if matter.state == MatterState.CONCLUDED and Opinion.objects.filter(matter_id=matter.pk):
        rereview = False
    elif matter.state == MatterState.REVIEWED:
        rereview = True
    else:
        return None
    base = review_base(matter, rereview=rereview)
    if base is None:
        return None
    accused = accused_organ_ids(matter)
    above = [
        o
        for o in organ_ancestors(base)
        if o.is_active and not organ_is_accused(organ_path=o.path, accused_organ_ids=accused)
    ]
    if not above:
        return None
    period = profile_of(matter).period("rereview_request" if rereview else "review_request")
    due = matter.request_due
    return ReviewOffer(
        rereview=rereview,
        organ=above[-1],
        due=due,
        basis=basis_strings(period.source),
        in_time=due is None or today <= due,
    )


def portal_progress(*, query_code: str, today: dt.date | None = None) -> PortalProgress | None:
    """The petitioner's view of the matter with this code, or None for an unknown code."""
    public = matter_for_petitioner(query_code=query_code)
    if public is None:
        return None
    matter = portal_matter(query_code=query_code)
    assert matter is not None
    day = today or timezone.localdate()
    label = ""
    if matter.satisfaction:
        label = str(matter.get_satisfaction_display())
    return PortalProgress(
        public=public,
        matter_id=matter.pk,
        current_organ=matter.current_organ.name,
        steps=_steps(matter),
        satisfaction=matter.satisfaction,
        satisfaction_label=label,
        satisfaction_at=matter.satisfaction_at,
        satisfaction_source=matter.satisfaction_source,
        rating=rating_window(matter, today=day),
        review=review_offer(matter, today=day),
    )


# ---------------------------------------------------------------------------------------------
# Rating and asking for a review


def portal_rate(*, matter: Matter, rating: str, at: dt.datetime | None = None) -> Matter:
    """The petitioner rates the handling (满意/基本满意/不满意) on the portal: once, after the
    answer was issued, within the rating period (:func:`rating_days`). Recorded as the
    petitioner's own (``satisfaction_source=portal``); a rating already recorded, by the
    petitioner or an office, is never replaced (``already_rated``)."""
    _moment, today = act_time(at)
    window = rating_window(matter, today=today)
    if window.answered_on is not None and not matter.satisfaction and not window.open:
        raise MatterRefused(
            "rating_period_over",
            f"满意度评价应在处理意见出具之日起{window.days}日内（至{window.closes_on}）提出，"
            "评价期限已过",
            f"a rating is given within {window.days} days of the answer (until "
            f"{window.closes_on}); the period is over",
            basis=(PORTAL_BASIS,),
        )
    return matter_rate_satisfaction(
        matter=matter,
        rating=rating,
        actor=PORTAL_ACTOR,
        source=SatisfactionSource.PORTAL,
        at=at,
    )


def portal_request_review(*, matter: Matter, reason: str, at: dt.datetime | None = None) -> Matter:
    """The petitioner asks online for a review (复查) of the handling opinion, or for a
    re-review (复核) of the review opinion, by the organ the rules choose
    (:func:`review_offer`), within the request period (the procedure refuses a late one,
    ``late_request``)."""
    _moment, today = act_time(at)
    offer = review_offer(matter, today=today)
    if offer is None:
        raise MatterRefused(
            "no_review_now",
            "该信访事项目前不能请求复查或复核：复查在收到处理意见后请求，复核在收到复查意见后请求",
            "no review can be requested now: a review follows a handling opinion, a re-review "
            "a review opinion",
            basis=tuple(profile_of(matter).period("review_request").source),
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("请写明请求复查（复核）的理由。"), code="required")}
        )
    if offer.rereview:
        return matter_request_rereview(
            matter=matter, rereview_organ=offer.organ, actor=PORTAL_ACTOR, reason=reason, at=at
        )
    return matter_request_review(
        matter=matter, review_organ=offer.organ, actor=PORTAL_ACTOR, reason=reason, at=at
    )


# ---------------------------------------------------------------------------------------------
# The places the petitioner chooses from


@dataclass(frozen=True)
class Place:
    code: str
    name: str


@dataclass(frozen=True)
class District:
    code: str
    name: str
    townships: list[Place]


def _place_name(name: str, *, within: str = "") -> str:
    """渝中区 of 重庆市渝中区人民政府, 解放碑街道 of 重庆市渝中区解放碑街道办事处."""
    for suffix in ("人民政府", "办事处"):
        name = name.removesuffix(suffix)
    return name.removeprefix(within) or name


def portal_places() -> list[District]:
    """The districts and counties of the registry with their townships (街道、乡镇), named as
    people call them (渝中区, 解放碑街道): one query over the people's governments."""
    governments = [
        organ
        for organ in Organ.objects.filter(
            is_active=True, level__in=["municipal", "district", "township"]
        )
        .only("name", "short_name", "region_code", "level", "roles")
        .order_by("region_code")
        if organ.has_role(OrganRole.GOVERNMENT)
    ]
    city = next((o for o in governments if o.region_code.endswith("0000")), None)
    city_place = _place_name(city.name) if city is not None else ""
    districts: dict[str, District] = {}
    full: dict[str, str] = {}
    for organ in governments:
        if len(organ.region_code) == 6 and not organ.region_code.endswith("0000"):
            full[organ.region_code] = _place_name(organ.name)
            districts.setdefault(
                organ.region_code,
                District(organ.region_code, _place_name(organ.name, within=city_place), []),
            )
    for organ in governments:
        district = organ.region_code[:6]
        if len(organ.region_code) > 6 and district in districts:
            # The organ's own short name (解放碑街道) where the registry has one, else its name
            # as the registry has it.
            districts[district].townships.append(
                Place(organ.region_code, organ.short_name or organ.name)
            )
    return list(districts.values())
