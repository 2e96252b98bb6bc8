"""Routing and acceptance: transfer, assign, route out, send on; accept or decline.

Each step is declared once (its input, the facts its decision needs, its effect) and taken by
the workflow runner over the matter machine (``machine.MATTER``): validate, may the user act
for the organ, lock, decide (``check_transition``), effect, clocks, event and audit, in one
transaction. The functions below are the services' stable signatures over those steps.
Refusals are ``MatterRefused``; bad input is ``ValidationError``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ
from xinfang.rules.procedure import Action, Decision, TransitionContext
from xinfang.rules.procedure import HandlingWay as RulesWay
from xinfang.rules.procedure import LegalRoute as RulesRoute
from xinfang.rules.procedure import OtherOrgan as RulesOther
from xinfang.rules.profiles import Profile
from xinfang.workflow import Act, Outcome, Step, run

from ..choices import HandlingWay, LegalRoute, OtherOrgan, RouteKind
from ..errors import MatterRefused
from ..models import Matter, MatterRoute
from ..routing import OTHER_ORGAN_ROLES
from .common import Step as Applied
from .common import (
    acceptability,
    assert_not_accused,
    deadline,
    follow_handle_due,
    matter_calendar,
    profile_of,
    require_text,
)
from .machine import MATTER

# ---------------------------------------------------------------------------------------------
# Routing (细则第六条)


@dataclass(frozen=True)
class RouteInput:
    """Where and how the matter goes: ``to_organ``, ``kind`` (转送 or 交办), and for an
    assignment the report-back date (``report_due``, optional) and a note."""

    to_organ: Organ
    kind: str
    report_due: dt.date | None = None
    note: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        if self.kind not in RouteKind.values:
            raise ValidationError(
                {"kind": ValidationError(_("未知的转送方式。"), code="invalid_choice")}
            )
        if self.report_due is not None and (self.kind != RouteKind.ASSIGN or self.report_due < on):
            raise ValidationError(
                {
                    "report_due": ValidationError(
                        _("报告期限只用于交办，且不能早于今天。"), code="invalid"
                    )
                }
            )
        return {}


def _assignment_due(act: Act[Matter, RouteInput], profile: Profile) -> dt.date | None:
    """The date an assignment's result is reported back: the one given, at the latest the day
    the handling may lawfully end with the longest extension; by default the day it ends."""
    data = act.data
    if data.kind != RouteKind.ASSIGN:
        return None
    calendar = matter_calendar()
    accept = deadline(profile=profile, period="accept", start=act.on, calendar=calendar)
    limit = profile.period("handle").extension_limit
    end = deadline(
        profile=profile,
        period="handle",
        start=accept.due,
        calendar=calendar,
        extension_days=0 if data.report_due is None else limit,
    ).due
    if data.report_due is None:
        return end
    if data.report_due > end:
        raise ValidationError(
            {
                "report_due": ValidationError(
                    _("报告期限不能晚于 %(day)s：受理、办理期限届满并延期至多 %(days)s 日之日。")
                    % {"day": end.isoformat(), "days": limit},
                    code="too_late",
                )
            }
        )
    return data.report_due


def _route_effect(act: Act[Matter, RouteInput], decision: Decision) -> Outcome:
    matter, to_organ = act.subject, act.data.to_organ
    assert_not_accused(matter, to_organ)
    due = _assignment_due(act, profile_of(matter))
    matter.current_organ = to_organ
    return Outcome(
        details={"to_organ": to_organ.pk, "report_due": due.isoformat() if due else None},
        options={"clock_organ": to_organ, "event": act.data.kind, "report_due": due},
    )


def _route_after(act: Act[Matter, RouteInput], applied: Applied, outcome: Outcome) -> None:
    data = act.data
    MatterRoute.objects.create(
        matter=act.subject,
        kind=data.kind,
        from_organ=act.organ,
        to_organ=data.to_organ,
        routed_at=act.at,
        report_due=outcome.options["report_due"],
        report_due_fixed=data.report_due is not None,
        note=(data.note or "").strip(),
    )


ROUTE = Step(
    MATTER,
    Action.ROUTE,
    RouteInput,
    context=lambda act: acceptability(act.subject, act.data.to_organ),
    effect=_route_effect,
    after=_route_after,
)


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
    if to_organ.pk == organ.pk:
        raise ValidationError(
            {"to_organ": ValidationError(_("不能转送、交办给本机关。"), code="same_organ")}
        )
    data = RouteInput(to_organ=to_organ, kind=kind, report_due=report_due, note=note)
    return run(ROUTE, matter, organ=organ, actor=actor, data=data, at=at)


@dataclass(frozen=True)
class RouteOutInput:
    """The legal route (诉讼与信访分离), why, and what the petitioner is told."""

    legal_route: str
    reason: str
    notice: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        values = require_text(reason=self.reason, notice=self.notice)
        if self.legal_route not in LegalRoute.values:
            raise ValidationError(
                {"legal_route": ValidationError(_("未知的法定途径。"), code="invalid_choice")}
            )
        return {"legal_route": self.legal_route, **values}


def _route_out_effect(act: Act[Matter, RouteOutInput], decision: Decision) -> Outcome:
    act.subject.legal_route = act.data.legal_route
    return Outcome()


ROUTE_OUT = Step(
    MATTER,
    Action.ROUTE_OUT,
    RouteOutInput,
    context=lambda act: TransitionContext(legal_route=RulesRoute(act.data.legal_route)),
    effect=_route_out_effect,
)


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
    data = RouteOutInput(legal_route=legal_route, reason=reason, notice=notice)
    data.clean(timezone.localdate())
    if legal_route not in {r.value for r in RulesRoute}:
        raise MatterRefused(
            "legal_route_not_in_procedure",
            "检举控告类事项转纪检监察机关，信访办理的事项按信访程序办理，均不是导入的法定途径",
            "this is not a legal route to route out to: an accusation goes to the discipline "
            "bodies, and a matter for petition handling stays in the petition procedure",
            basis=profile_of(matter).basis_for("legal_route"),
        )
    return run(ROUTE_OUT, matter, organ=organ, actor=actor, data=data, at=at)


@dataclass(frozen=True)
class OtherOrganInput:
    """The body the matter belongs to (人大、法院、检察院), the notice, the organ if registered."""

    other_organ: str
    notice: str
    to_organ: Organ | None = None

    def clean(self, on: dt.date) -> dict[str, Any]:
        values = require_text(notice=self.notice)
        if self.other_organ not in OtherOrgan.values:
            raise ValidationError(
                {"other_organ": ValidationError(_("未知的机关类别。"), code="invalid_choice")}
            )
        return {
            "other_organ": self.other_organ,
            "to_organ": self.to_organ.pk if self.to_organ else None,
            **values,
        }


def _other_organ_effect(act: Act[Matter, OtherOrganInput], decision: Decision) -> Outcome:
    data = act.data
    if data.to_organ is not None:
        assert_not_accused(act.subject, data.to_organ)
        if not data.to_organ.has_role(OTHER_ORGAN_ROLES[OtherOrgan(data.other_organ)]):
            raise ValidationError(
                {
                    "to_organ": ValidationError(
                        _("所选机关不是%(kind)s。") % {"kind": OtherOrgan(data.other_organ).label},
                        code="wrong_kind",
                    )
                }
            )
    act.subject.other_organ = data.other_organ
    return Outcome()


SEND_TO_OTHER_ORGAN = Step(
    MATTER,
    Action.SEND_TO_OTHER_ORGAN,
    OtherOrganInput,
    context=lambda act: TransitionContext(other_organ=RulesOther(act.data.other_organ)),
    effect=_other_organ_effect,
)


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
    data = OtherOrganInput(other_organ=other_organ, notice=notice, to_organ=to_organ)
    return run(SEND_TO_OTHER_ORGAN, matter, organ=organ, actor=actor, data=data, at=at)


@dataclass(frozen=True)
class DisciplineInput:
    """The discipline body the accusation goes to, and a note."""

    to_organ: Organ
    note: str = ""

    def clean(self, on: dt.date) -> dict[str, Any]:
        if not self.to_organ.has_role(OrganRole.DISCIPLINE):
            raise ValidationError(
                {"to_organ": ValidationError(_("只能转纪检监察机关。"), code="not_discipline")}
            )
        return {"to_organ": self.to_organ.pk, "note": (self.note or "").strip()}


def _discipline_effect(act: Act[Matter, DisciplineInput], decision: Decision) -> Outcome:
    assert_not_accused(act.subject, act.data.to_organ)
    act.subject.is_accusation = True
    act.subject.current_organ = act.data.to_organ
    return Outcome()


SEND_TO_DISCIPLINE = Step(
    MATTER,
    Action.SEND_TO_DISCIPLINE,
    DisciplineInput,
    context=lambda act: TransitionContext(accusation=True),
    effect=_discipline_effect,
)


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
    data = DisciplineInput(to_organ=to_organ, note=note)
    return run(SEND_TO_DISCIPLINE, matter, organ=organ, actor=actor, data=data, at=at)


# ---------------------------------------------------------------------------------------------
# Acceptance


@dataclass(frozen=True)
class AcceptInput:
    """The notice to the petitioner and the way the matter is handled."""

    notice: str = ""
    handling_way: str = HandlingWay.OPINION

    def clean(self, on: dt.date) -> dict[str, Any]:
        if self.handling_way not in HandlingWay.values:
            raise ValidationError(
                {"handling_way": ValidationError(_("未知的办理方式。"), code="invalid_choice")}
            )
        return {"notice": (self.notice or "").strip(), "handling_way": self.handling_way}


def _accept_effect(act: Act[Matter, AcceptInput], decision: Decision) -> Outcome:
    matter, organ = act.subject, act.organ
    assert_not_accused(matter, organ)
    matter.handling_organ = organ
    matter.current_organ = organ
    matter.handling_way = act.data.handling_way
    return Outcome(options={"clock_organ": organ})


def _accept_after(act: Act[Matter, AcceptInput], applied: Applied, outcome: Outcome) -> None:
    if "handle" in applied.decision.starts:
        assert act.subject.action_due is not None
        follow_handle_due(act.subject, act.subject.action_due)


ACCEPT = Step(
    MATTER,
    Action.ACCEPT,
    AcceptInput,
    context=lambda act: acceptability(
        act.subject, act.organ, handling_way=RulesWay(act.data.handling_way)
    ),
    effect=_accept_effect,
    after=_accept_after,
)


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
    data = AcceptInput(notice=notice, handling_way=handling_way)
    return run(ACCEPT, matter, organ=organ, actor=actor, data=data, at=at)


@dataclass(frozen=True)
class DeclineInput:
    """Why the matter is not accepted, and the notice sent to the petitioner."""

    reason: str
    notice: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        return require_text(reason=self.reason, notice=self.notice)


DECLINE = Step(MATTER, Action.DECLINE, DeclineInput)


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
    data = DeclineInput(reason=reason, notice=notice)
    return run(DECLINE, matter, organ=organ, actor=actor, data=data, at=at)


# ---------------------------------------------------------------------------------------------
# An input other steps share (the objection steps, closing a matter)


@dataclass(frozen=True)
class ReasonInput:
    """A step that states its reasons (an objection, a refusal of one)."""

    reason: str

    def clean(self, on: dt.date) -> dict[str, Any]:
        return require_text(reason=self.reason)
