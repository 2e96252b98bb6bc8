"""Intake: registration by a petition office, direct receipt by a handling organ, batches.

Registration (登记, 细则第八条第一项) starts the routing period from the day the matter was
received; direct receipt by the competent organ starts the acceptance period. Both look for
repeats and store the text's band keys in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.access.scope import organ_is_accused
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ, Person
from xinfang.petitions.models import Petitioner
from xinfang.rules.basis import rules
from xinfang.rules.procedure import Action, Actor, TransitionContext
from xinfang.rules.profiles import earliest_effective
from xinfang.workflow import act_time

from ..choices import Channel, LegalRoute, MatterState, OtherOrgan
from ..errors import MatterRefused
from ..models import Category, Matter
from ..repeats import (
    index_text,
    matter_text,
)
from .common import (
    assert_user_may_act,
    decide,
    matter_calendar,
)
from .intake_write import BatchCache, Intake, receive, register_all

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
QUERY_CODE_LENGTH = 16  # 80 bits
SUMMARY_MAX = 300
CONTENT_MAX = 20_000
HEADCOUNT_MAX = 100_000  # a sanity bound on a collective visit's headcount, not a rule


def new_query_code() -> str:
    """A random query code for the petitioner (80 bits, unambiguous letters and digits)."""
    # 80 random bits, five per letter of a 32-letter alphabet: uniform, one system call.
    bits = int.from_bytes(secrets.token_bytes(QUERY_CODE_LENGTH * 5 // 8), "big")
    return "".join(QUERY_CODE_ALPHABET[(bits >> (5 * i)) & 31] for i in range(QUERY_CODE_LENGTH))


def _clean_intake(
    *,
    channel: str,
    summary: str,
    content: str,
    region_code: str,
    received_at: dt.datetime,
    at: dt.datetime,
    is_collective: bool,
    headcount: int | None,
    representatives: int | None,
    legal_route: str,
    other_organ: str,
    region_known: Callable[[str], bool],
) -> dict[str, Any]:
    errors: dict[str, ValidationError] = {}
    summary = (summary or "").strip()
    content = (content or "").strip()
    region_code = (region_code or "").strip()
    if channel not in Channel.values:
        errors["channel"] = ValidationError(_("未知的信访形式。"), code="invalid_choice")
    if not summary:
        errors["summary"] = ValidationError(_("请填写摘要。"), code="required")
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = ValidationError(_("摘要不能超过 300 个字符。"), code="max_length")
    if not content:
        errors["content"] = ValidationError(_("请填写信访内容。"), code="required")
    elif len(content) > CONTENT_MAX:
        errors["content"] = ValidationError(_("信访内容过长。"), code="max_length")
    if not (region_code.isascii() and region_code.isdigit() and len(region_code) in (6, 9, 12)):
        errors["region_code"] = ValidationError(
            _("问题发生地应为 6、9 或 12 位行政区划代码。"), code="bad_region_code"
        )
    elif not region_known(region_code):
        # 属地管理 (细则第三条): the place decides where the matter goes; one the registry does
        # not know would leave it with no organ to suggest and no region to count it under.
        errors["region_code"] = ValidationError(
            _("问题发生地 %(code)s 不是机构名录中的行政区划，请核对行政区划代码。")
            % {"code": region_code},
            code="unknown_region",
        )
    earliest = earliest_effective()
    # Dates compared first: a date far from now is refused before any time-zone arithmetic,
    # which would overflow at the ends of the calendar (year 1, year 9999).
    too_early = ValidationError(
        _("收到时间早于本系统所依法规的最早施行日期（%(date)s），请核对。")
        % {"date": earliest.isoformat()},
        code="too_early",
    )
    if timezone.is_naive(received_at):
        errors["received_at"] = ValidationError(_("收到时间须带时区。"), code="naive")
    elif received_at.date() < earliest - dt.timedelta(days=1):
        errors["received_at"] = too_early
    elif received_at.date() > at.date() + dt.timedelta(days=1) or received_at > at:
        errors["received_at"] = ValidationError(_("收到时间不能晚于登记时间。"), code="future")
    elif timezone.localdate(received_at) < earliest:  # the day in Beijing, whatever the offset
        errors["received_at"] = too_early
    if is_collective:
        if headcount is None or headcount < 2:
            errors["headcount"] = ValidationError(
                _("集体访须填写人数（至少 2 人）。"), code="required"
            )
        elif headcount > HEADCOUNT_MAX:
            errors["headcount"] = ValidationError(
                _("人数超出合理范围（至多 %(max)s 人），请核对。") % {"max": HEADCOUNT_MAX},
                code="too_many",
            )
        elif representatives is not None and representatives > headcount:
            errors["representatives"] = ValidationError(
                _("代表人数不能超过到访人数。"), code="too_many"
            )
        if representatives is None:
            # 多人采用走访形式提出同一信访事项的，应当推选代表 (the limit of 5 is the rules').
            errors["representatives"] = ValidationError(
                _("集体访应当推选代表，请填写代表人数。"), code="required"
            )
        elif representatives < 1:
            errors["representatives"] = ValidationError(_("代表人数至少 1 人。"), code="min")
    elif headcount is not None or representatives is not None:
        errors["is_collective"] = ValidationError(
            _("只有集体访填写人数和代表人数。"), code="not_collective"
        )
    if is_collective and channel != Channel.VISIT:
        errors["channel"] = ValidationError(_("集体访的形式应为来访。"), code="collective_visit")
    if legal_route and legal_route not in LegalRoute.values:
        errors["legal_route"] = ValidationError(_("未知的法定途径。"), code="invalid_choice")
    if other_organ and other_organ not in OtherOrgan.values:
        errors["other_organ"] = ValidationError(_("未知的机关类别。"), code="invalid_choice")
    if errors:
        raise ValidationError(errors)
    return {"summary": summary, "content": content, "region_code": region_code}


def _assert_office_not_accused(organ: Organ, accused_organs: Sequence[Organ]) -> None:
    """A petition office does not register an accusation of itself or of a unit above it:
    everyone there stands aside (细则第十一条第八项), so the matter would sit, with its routing
    period running, at an office that can no longer see it. The office one level up
    registers it."""
    if accused_organs and organ_is_accused(
        organ_path=organ.path, accused_organ_ids=[o.pk for o in accused_organs]
    ):
        raise MatterRefused(
            "registering_office_accused",
            "被揭发控告的单位包括本机关或其上级单位，本机关应当回避，不能登记；"
            "请将材料报送上一级信访部门登记",
            "the matter accuses this office or a unit above it, so the office stands aside and "
            "may not register it; pass the material to the petition office one level up",
            basis=(rules(11, None, 8),),
        )


@dataclass(frozen=True)
class MatterIntake:
    """What a matter comes in with, whichever way it comes (a page, the API, a batch, an
    import): one input object for every intake service.

    ``petitioner`` is an existing petitioner (or its id); ``identity`` (name, id_number, phone,
    address) registers a new one through the petitioner services; neither for an anonymous
    matter. ``accused_organs`` / ``accused_persons`` become ``Accusation`` rows (the matter is
    hidden from them and never routed to them); ``accused_names`` holds people who cannot be
    identified."""

    channel: str
    received_at: dt.datetime
    summary: str
    content: str
    region_code: str
    category: Category | None = None
    petitioner: Petitioner | int | None = None
    identity: Mapping[str, str] | None = None
    is_collective: bool = False
    headcount: int | None = None
    representatives: int | None = None
    may_be_public: bool = False
    accused_organs: Sequence[Organ] = ()
    accused_persons: Sequence[Person] = ()
    accused_names: str = ""
    legal_route: str = ""
    other_organ: str = ""
    is_accusation: bool = False


def _prepare(
    *,
    index: int,
    action: Action,
    cache: BatchCache,
    organ: Organ,
    actor: Any,
    data: MatterIntake,
    at: dt.datetime | None = None,
) -> Intake:
    """Validate one intake and apply the rules to it, writing nothing (the place is looked
    up in the registry, once per code a batch)."""
    moment, today = act_time(at)
    clean = _clean_intake(
        channel=data.channel,
        summary=data.summary,
        content=data.content,
        region_code=data.region_code,
        received_at=data.received_at,
        at=moment,
        is_collective=data.is_collective,
        headcount=data.headcount,
        representatives=data.representatives,
        legal_route=data.legal_route,
        other_organ=data.other_organ,
        region_known=cache.region_known,
    )
    if data.petitioner is not None and data.identity:
        raise ValidationError(
            {"petitioner": ValidationError(_("信访人与新登记的身份只能填写一项。"), code="both")}
        )
    if action is Action.REGISTER and not organ.has_role(OrganRole.PETITION_OFFICE):
        # Another organ that receives a matter directly takes it in as a receipt
        # (``matter_receive``): it decides acceptance itself rather than routing it on.
        raise MatterRefused(
            "register_by_petition_office",
            "登记并转送、交办信访事项由信访部门进行；其他机关直接收到的，按直接收到登记",
            "petition offices register and route matters; another organ records a matter it "
            "received directly as a receipt",
            basis=(rules(6),),
        )
    assert_user_may_act(actor, organ, action=f"matter.{action.value}")
    if action is Action.REGISTER:
        _assert_office_not_accused(organ, data.accused_organs)
    profile = cache.profile(today)
    role = Actor.PETITION_OFFICE if action is Action.REGISTER else Actor.HANDLING_ORGAN
    matter = Matter(
        channel=data.channel,
        is_collective=data.is_collective,
        headcount=data.headcount if data.is_collective else None,
        representatives=data.representatives if data.is_collective else None,
        received_at=data.received_at,
        registered_at=moment,
        registering_organ=organ,
        current_organ=organ,
        handling_organ=organ if action is Action.RECEIVE else None,
        category=data.category,
        may_be_public=data.may_be_public,
        accused_names=(data.accused_names or "").strip(),
        query_code=new_query_code(),
        profile=profile.name,
        state=MatterState.SUBMITTED,
        legal_route=data.legal_route,
        other_organ=data.other_organ,
        is_accusation=data.is_accusation,
        **clean,
    )
    # The intake checks of the rules (collective representatives) come first: nothing is saved
    # for a refused intake. For a registration this is the decision itself.
    decision = decide(
        matter,
        action,
        actor=role,
        profile=profile,
        context=TransitionContext(representatives=matter.representatives),
    )
    text = matter_text(matter.summary, matter.content)
    return Intake(
        index=index,
        action=action,
        organ=organ,
        matter=matter,
        profile=profile,
        role=role,
        decision=decision,
        moment=moment,
        today=today,
        received_on=timezone.localdate(data.received_at),
        text=text,
        indexed=index_text(text, region_code=matter.region_code),
        petitioner=data.petitioner,
        identity=data.identity,
        accused_organs=data.accused_organs,
        accused_persons=data.accused_persons,
    )


def _take_in(
    action: Action, *, organ: Organ, actor: Any, data: MatterIntake, at: dt.datetime | None
) -> Matter:
    """Prepare one intake for ``action`` (register or receive) and write it."""
    cache = BatchCache(calendar=matter_calendar())
    intake = _prepare(
        index=0, action=action, cache=cache, organ=organ, actor=actor, data=data, at=at
    )
    if action is Action.REGISTER:
        return register_all([intake], actor=actor, cache=cache)[0]
    return receive(intake, actor=actor, cache=cache)


def matter_register(
    *, organ: Organ, actor: Any, at: dt.datetime | None = None, **fields: Any
) -> Matter:
    """Register a matter at a petition office (登记): one transaction, one event, one audit.

    ``fields`` are those of :class:`MatterIntake`. The routing period starts from
    ``received_at``'s date. Earlier matters of the same petitioner or with similar content are
    linked. Raises ``ValidationError`` for bad input and ``MatterRefused`` when the rules
    refuse (e.g. ``collective_representatives`` above 5).
    """
    return _take_in(Action.REGISTER, organ=organ, actor=actor, data=MatterIntake(**fields), at=at)


def matter_receive(
    *, organ: Organ, actor: Any, at: dt.datetime | None = None, **fields: Any
) -> Matter:
    """A handling organ receives a matter directly (有权处理的机关直接收到).

    Same input as ``matter_register``; the matter is pending acceptance at ``organ`` and the
    acceptance period runs from ``received_at``'s date. Refused (``MatterRefused``) when the
    organ is accused, when the request belongs to a legal route, another organ or the
    discipline bodies, when it is pending at the competent level below, or when the same
    request was already re-reviewed.
    """
    return _take_in(Action.RECEIVE, organ=organ, actor=actor, data=MatterIntake(**fields), at=at)


def matter_take_in(
    *, organ: Organ, actor: Any, data: MatterIntake, at: dt.datetime | None = None
) -> Matter:
    """Take in a matter at ``organ``, the way the law gives that organ.

    A petition office registers it (登记) to route it on (信访工作条例(2022)第二十二条; 信访条例
    (2005)第二十一条); any other organ records it as received directly (直接收到) and decides on
    acceptance itself (2022 第二十三条第一款; 2005 第二十二条). The one place that chooses: the
    pages and the API both call it.
    """
    office = organ.has_role(OrganRole.PETITION_OFFICE)
    action = Action.REGISTER if office else Action.RECEIVE
    return _take_in(action, organ=organ, actor=actor, data=data, at=at)


def matter_register_batch(*, items: Iterable[Mapping[str, Any]], actor: Any) -> list[Matter]:
    """Register many matters in one transaction, each through ``matter_register``'s checks.

    Each item holds ``matter_register``'s keyword arguments (``organ`` included, ``actor``
    not). Every item is validated and decided by the rules first; then the batch is written
    with a few bulk statements: repeats are looked up per item by index, and among the
    batch's own earlier items in memory; each matter still gets its event and audit entry.
    The calendar, profiles and deadlines are computed once per batch. A refused item aborts
    the whole batch (nothing is registered); the exception carries ``item_index``.
    """
    cache = BatchCache(calendar=matter_calendar())
    intakes: list[Intake] = []
    for index, item in enumerate(items):
        try:
            fields = dict(item)
            organ, at = fields.pop("organ"), fields.pop("at", None)
            intakes.append(
                _prepare(
                    index=index,
                    action=Action.REGISTER,
                    cache=cache,
                    organ=organ,
                    actor=actor,
                    data=MatterIntake(**fields),
                    at=at,
                )
            )
        except Exception as exc:
            exc.item_index = index  # type: ignore[attr-defined]
            raise
    if not intakes:
        return []
    return register_all(intakes, actor=actor, cache=cache)
