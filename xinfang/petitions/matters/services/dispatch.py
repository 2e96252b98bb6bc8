"""Routing and acceptance: transfer, assign, route out, send on; accept or decline.

Each service locks the matter, asks ``check_transition`` whether the acting organ may take the
step, applies the clocks the decision names (``compute_deadline``), and writes the event and
the audit entry in the same transaction. Refusals are ``MatterRefused``; bad input is
``ValidationError``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.rules.calendar import WorkCalendar
from xinfang.rules.deadlines import Deadline
from xinfang.rules.procedure import Action, TransitionContext
from xinfang.rules.procedure import HandlingWay as RulesWay
from xinfang.rules.procedure import LegalRoute as RulesRoute
from xinfang.rules.procedure import OtherOrgan as RulesOther
from xinfang.rules.profiles import Profile

from ..choices import HandlingWay, LegalRoute, MatterState, OtherOrgan, RouteKind
from ..errors import MatterRefused
from ..models import Matter, MatterRoute
from ..routing import OTHER_ORGAN_ROLES
from .common import (
    acceptability,
    act_time,
    apply_decision,
    assert_not_accused,
    assert_user_may_act,
    deadline,
    decide,
    follow_handle_due,
    lock_matter,
    matter_calendar,
    procedural_actor,
    profile_of,
    record,
    require_text,
)

# ---------------------------------------------------------------------------------------------
# Routing (细则第六条)


def matter_route(
    *,
    matter: Matter,
    organ: Organ,
    to_organ: Organ,
    kind: str,
    actor: Any,
    report_due: dt.date | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Matter:
    """Transfer (转送) or assign (交办) a registered matter to the organ that handles it.

    The acceptance period starts at ``to_organ`` from today. An assignment carries the date by
    which the result is reported back: ``report_due`` if given, else the latest date the
    handling may end (acceptance period, then handling period), which follows the real
    handling due date once the matter is accepted or extended. Refused when ``to_organ`` is
    accused by the matter (or lies under an accused unit), and by the rules (state, actor,
    legal route, other organ, discipline, pending at the competent level, same request after
    re-review).
    """
    moment, today = act_time(at)
    if kind not in RouteKind.values:
        raise ValidationError(
            {"kind": ValidationError(_("未知的转送方式。"), code="invalid_choice")}
        )
    if to_organ.pk == organ.pk:
        raise ValidationError(
            {"to_organ": ValidationError(_("不能转送、交办给本机关。"), code="same_organ")}
        )
    if report_due is not None and (kind != RouteKind.ASSIGN or report_due < today):
        raise ValidationError(
            {
                "report_due": ValidationError(
                    _("报告期限只用于交办，且不能早于今天。"), code="invalid"
                )
            }
        )
    assert_user_may_act(actor, organ, action="matter.route")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter,
            Action.ROUTE,
            actor=procedural_actor(matter, organ),
            profile=profile,
            context=acceptability(matter, to_organ),
        )
        assert_not_accused(matter, to_organ)
        calendar = matter_calendar()
        due = report_due
        if kind == RouteKind.ASSIGN:
            accept = deadline(profile=profile, period="accept", start=today, calendar=calendar)
            limit = profile.period("handle").extension_limit
            # By default the day handling ends; at the latest the day it may lawfully end
            # with the longest extension (a report after that reports on nothing).
            end = deadline(
                profile=profile,
                period="handle",
                start=accept.due,
                calendar=calendar,
                extension_days=0 if due is None else limit,
            ).due
            if due is None:
                due = end
            elif due > end:
                raise ValidationError(
                    {
                        "report_due": ValidationError(
                            _(
                                "报告期限不能晚于 %(day)s：受理、办理期限届满并延期至多 "
                                "%(days)s 日之日。"
                            )
                            % {"day": end.isoformat(), "days": limit},
                            code="too_late",
                        )
                    }
                )
        matter.current_organ = to_organ
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=calendar,
            clock_organ=to_organ,
        )
        MatterRoute.objects.create(
            matter=matter,
            kind=kind,
            from_organ=organ,
            to_organ=to_organ,
            routed_at=moment,
            report_due=due if kind == RouteKind.ASSIGN else None,
            report_due_fixed=report_due is not None,
            note=(note or "").strip(),
        )
        record(
            step,
            actor=actor,
            organ=organ,
            action=kind,
            details={
                "to_organ": to_organ.pk,
                "report_due": due.isoformat() if due and kind == RouteKind.ASSIGN else None,
            },
        )
    return matter


def matter_route_out(
    *,
    matter: Matter,
    organ: Organ,
    legal_route: str,
    reason: str,
    notice: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> Matter:
    """Route the request out to its legal route (诉讼与信访分离, 细则第六条), telling the
    petitioner.

    ``notice`` is what the petitioner is told, naming the route and where to go. Every route
    of the handling lists is one to route out to (the rules core's ``LegalRoute``) but two: an
    accusation goes to the discipline bodies (``matter_send_to_discipline``), and petition
    handling keeps the matter in the petition procedure.
    """
    moment, today = act_time(at)
    values = require_text(reason=reason, notice=notice)
    if legal_route not in LegalRoute.values:
        raise ValidationError(
            {"legal_route": ValidationError(_("未知的法定途径。"), code="invalid_choice")}
        )
    if legal_route not in {r.value for r in RulesRoute}:
        raise MatterRefused(
            "legal_route_not_in_procedure",
            "检举控告类事项转纪检监察机关，信访办理的事项按信访程序办理，均不是导入的法定途径",
            "this is not a legal route to route out to: an accusation goes to the discipline "
            "bodies, and a matter for petition handling stays in the petition procedure",
            basis=profile_of(matter).basis_for("legal_route"),
        )
    assert_user_may_act(actor, organ, action="matter.route_out")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter,
            Action.ROUTE_OUT,
            actor=procedural_actor(matter, organ),
            profile=profile,
            context=TransitionContext(legal_route=RulesRoute(legal_route)),
        )
        matter.legal_route = legal_route
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=None,
        )
        record(step, actor=actor, organ=organ, details={"legal_route": legal_route, **values})
    return matter


def matter_send_to_other_organ(
    *,
    matter: Matter,
    organ: Organ,
    other_organ: str,
    notice: str,
    actor: Any,
    to_organ: Organ | None = None,
    at: dt.datetime | None = None,
) -> Matter:
    """Tell the petitioner to take the matter to a people's congress, court or procuratorate.

    ``to_organ`` names the body when it is in the registry; it must not be accused.
    """
    moment, today = act_time(at)
    values = require_text(notice=notice)
    if other_organ not in OtherOrgan.values:
        raise ValidationError(
            {"other_organ": ValidationError(_("未知的机关类别。"), code="invalid_choice")}
        )
    assert_user_may_act(actor, organ, action="matter.send_to_other_organ")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter,
            Action.SEND_TO_OTHER_ORGAN,
            actor=procedural_actor(matter, organ),
            profile=profile,
            context=TransitionContext(other_organ=RulesOther(other_organ)),
        )
        if to_organ is not None:
            assert_not_accused(matter, to_organ)
            if not to_organ.has_role(OTHER_ORGAN_ROLES[OtherOrgan(other_organ)]):
                raise ValidationError(
                    {
                        "to_organ": ValidationError(
                            _("所选机关不是%(kind)s。") % {"kind": OtherOrgan(other_organ).label},
                            code="wrong_kind",
                        )
                    }
                )
        matter.other_organ = other_organ
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=None,
        )
        record(
            step,
            actor=actor,
            organ=organ,
            details={
                "other_organ": other_organ,
                "to_organ": to_organ.pk if to_organ else None,
                **values,
            },
        )
    return matter


def matter_send_to_discipline(
    *,
    matter: Matter,
    organ: Organ,
    to_organ: Organ,
    actor: Any,
    note: str = "",
    at: dt.datetime | None = None,
) -> Matter:
    """Send an accusation against officials (检举控告) to a discipline body (细则第六条、第十六条).

    ``to_organ`` must be a discipline body (role ``discipline``) the matter does not accuse;
    the matter then sits there.
    """
    moment, today = act_time(at)
    if not to_organ.has_role(OrganRole.DISCIPLINE):
        raise ValidationError(
            {"to_organ": ValidationError(_("只能转纪检监察机关。"), code="not_discipline")}
        )
    assert_user_may_act(actor, organ, action="matter.send_to_discipline")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter,
            Action.SEND_TO_DISCIPLINE,
            actor=procedural_actor(matter, organ),
            profile=profile,
            context=TransitionContext(accusation=True),
        )
        assert_not_accused(matter, to_organ)
        matter.is_accusation = True
        matter.current_organ = to_organ
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=None,
        )
        record(
            step,
            actor=actor,
            organ=organ,
            details={"to_organ": to_organ.pk, "note": (note or "").strip()},
        )
    return matter


# ---------------------------------------------------------------------------------------------
# Acceptance


def matter_accept(
    *,
    matter: Matter,
    organ: Organ,
    actor: Any,
    notice: str = "",
    handling_way: str = HandlingWay.OPINION,
    at: dt.datetime | None = None,
) -> Matter:
    """Accept a matter pending at ``organ`` (受理), to be handled the ``handling_way``.

    ``opinion`` (the default; 信访工作条例(2022)第三十一条第六项, and the only way under the 2005
    regulation): the handling period starts today. ``duty`` (第三十一条第五项) or ``suggestion``
    (第二十九条), under the 2022 procedure only: no handling period (第三十四条 is for 第六项
    matters), the matter is concluded by a reply. Refused for an accused unit, above a matter
    pending at the competent level, for a legal route, another organ, an accusation, the same
    request after re-review, or a way the profile's procedure does not know (rules core).
    """
    moment, today = act_time(at)
    if handling_way not in HandlingWay.values:
        raise ValidationError(
            {"handling_way": ValidationError(_("未知的办理方式。"), code="invalid_choice")}
        )
    assert_user_may_act(actor, organ, action="matter.accept")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter,
            Action.ACCEPT,
            actor=procedural_actor(matter, organ),
            profile=profile,
            context=acceptability(matter, organ, handling_way=RulesWay(handling_way)),
        )
        assert_not_accused(matter, organ)
        matter.handling_organ = organ
        matter.current_organ = organ
        matter.handling_way = handling_way
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=organ,
        )
        if "handle" in decision.starts:
            assert matter.action_due is not None
            follow_handle_due(matter, matter.action_due)
        record(
            step,
            actor=actor,
            organ=organ,
            details={"notice": (notice or "").strip(), "handling_way": handling_way},
        )
    return matter


def matter_decline(
    *,
    matter: Matter,
    organ: Organ,
    reason: str,
    notice: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> Matter:
    """Decline a matter pending at ``organ`` (不予受理), with the reason and the notice sent."""
    moment, today = act_time(at)
    values = require_text(reason=reason, notice=notice)
    assert_user_may_act(actor, organ, action="matter.decline")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter, Action.DECLINE, actor=procedural_actor(matter, organ), profile=profile
        )
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=None,
        )
        record(step, actor=actor, organ=organ, details=values)
    return matter


# ---------------------------------------------------------------------------------------------
# Objection (信访工作条例(2022)第二十三条第三款)


def latest_route(matter: Matter) -> MatterRoute | None:
    """The transfer or assignment that brought the matter where it sits, if one did."""
    return (
        MatterRoute.objects.filter(matter_id=matter.pk, to_organ_id=matter.current_organ_id)
        .order_by("-routed_at", "-id")
        .first()
    )


def _objection_due(route: MatterRoute, *, profile: Profile, calendar: WorkCalendar) -> Deadline:
    """The objection period of the route: 5 working days from receipt, the day it was routed
    (信访工作条例(2022)第二十三条第三款: 自收到之日起5个工作日内)."""
    received = timezone.localdate(route.routed_at)
    return deadline(profile=profile, period="objection", start=received, calendar=calendar)


def objection_deadline(matter: Matter) -> Deadline | None:
    """The objection period of the organ a matter waits at, while it may still object.

    None when the step is not open to it: a profile whose procedure has no objection (2005), a
    matter not waiting for its acceptance decision (``routed``), or one brought to the organ
    directly rather than transferred or assigned there. A due date already past is returned
    as it is: the page says so, and the step refuses a late objection.
    """
    profile = profile_of(matter)
    if "objection" not in profile.periods or matter.state != MatterState.ROUTED:
        return None
    route = latest_route(matter)
    if route is None:
        return None
    return _objection_due(route, profile=profile, calendar=matter_calendar())


def matter_object(
    *,
    matter: Matter,
    organ: Organ,
    reason: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> Matter:
    """Object to a transfer or assignment of a matter outside ``organ``'s competence.

    信访工作条例(2022)第二十三条第三款: within 5 working days of receipt (the profile's
    ``objection`` period, from the day the matter was routed here), with detailed reasons. The
    matter waits for the routing office to verify; the acceptance clock keeps running. Refused
    under a profile whose procedure has no objection (2005), for a matter received directly,
    and when late.
    """
    moment, today = act_time(at)
    values = require_text(reason=reason)
    assert_user_may_act(actor, organ, action="matter.object")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        calendar = matter_calendar()
        route = latest_route(matter) if matter.current_organ_id == organ.pk else None
        in_time = True
        due = None
        if route is not None and "objection" in profile.periods:
            due = _objection_due(route, profile=profile, calendar=calendar)
            in_time = today <= due.due
        decision = decide(
            matter,
            Action.OBJECT,
            actor=procedural_actor(matter, organ),
            profile=profile,
            context=TransitionContext(routed_here=route is not None, objection_in_time=in_time),
        )
        assert route is not None
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=calendar,
            clock_organ=organ,
        )
        record(
            step,
            actor=actor,
            organ=organ,
            details={
                **values,
                "to_organ": route.from_organ_id,
                "objection_due": due.due.isoformat() if due else None,
            },
        )
    return matter


def _objection_route(matter: Matter, organ: Organ) -> MatterRoute:
    """The route objected to; only the organ that made it decides on the objection."""
    route = latest_route(matter)
    if route is None or route.from_organ_id != organ.pk:
        raise MatterRefused(
            "objection_not_router",
            "异议由转送、交办该信访事项的信访部门或者上级机关、单位核实",
            "the objection is verified by the petition office or higher organ that transferred "
            "or assigned the matter",
            basis=profile_of(matter).basis_for("objection"),
        )
    return route


def matter_objection_agree(
    *,
    matter: Matter,
    organ: Organ,
    note: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> Matter:
    """Agree to the objection after verifying it (核实同意): the material goes back to
    ``organ``, which routed the matter, and the matter is registered there again to be routed
    anew (a fresh routing period from today). The receiving organ's acceptance clock stops, and
    the route objected to is marked returned: an assignment's report is no longer due."""
    moment, today = act_time(at)
    values = require_text(note=note)
    assert_user_may_act(actor, organ, action="matter.objection_agree")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter, Action.AGREE_OBJECTION, actor=procedural_actor(matter, organ), profile=profile
        )
        route = _objection_route(matter, organ)
        returned_by = matter.current_organ_id
        # 交还相关材料: the organ returns the matter; it reports nothing on it.
        route.returned_at = moment
        route.save(update_fields=["returned_at"])
        matter.current_organ = organ
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=organ,
        )
        record(
            step,
            actor=actor,
            organ=organ,
            details={**values, "from_organ": returned_by, "route": route.pk},
        )
    return matter


def matter_objection_refuse(
    *,
    matter: Matter,
    organ: Organ,
    reason: str,
    actor: Any,
    at: dt.datetime | None = None,
) -> Matter:
    """Refuse the objection: the matter stays with the organ it was routed to, which decides
    on acceptance within its acceptance period (that clock never stopped)."""
    moment, today = act_time(at)
    values = require_text(reason=reason)
    assert_user_may_act(actor, organ, action="matter.objection_refuse")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter, Action.REFUSE_OBJECTION, actor=procedural_actor(matter, organ), profile=profile
        )
        route = _objection_route(matter, organ)
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=route.to_organ,
        )
        record(step, actor=actor, organ=organ, details={**values, "to_organ": route.to_organ_id})
    return matter


def matter_objection_withdraw(
    *,
    matter: Matter,
    organ: Organ,
    actor: Any,
    note: str = "",
    at: dt.datetime | None = None,
) -> Matter:
    """Withdraw ``organ``'s objection before the office that routed the matter decides on it.

    The matter waits for ``organ``'s acceptance decision again, within the acceptance period
    that kept running while the objection stood (信访工作条例(2022)第二十三条第三款). Only the
    organ that objected withdraws; under a profile without the step it is refused.
    """
    moment, today = act_time(at)
    assert_user_may_act(actor, organ, action="matter.objection_withdraw")
    with transaction.atomic():
        lock_matter(matter)
        profile = profile_of(matter)
        decision = decide(
            matter,
            Action.WITHDRAW_OBJECTION,
            actor=procedural_actor(matter, organ),
            profile=profile,
        )
        step = apply_decision(
            matter,
            decision,
            at=moment,
            on=today,
            profile=profile,
            calendar=matter_calendar(),
            clock_organ=organ,
        )
        record(step, actor=actor, organ=organ, details={"note": (note or "").strip()})
    return matter
