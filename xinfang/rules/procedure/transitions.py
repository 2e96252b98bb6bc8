"""The transitions of a matter, who holds it before acceptance, and which steps a profile's
procedure has."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..basis import Basis, rules
from ..profiles import Profile
from .states import Action, Actor, MatterState


@dataclass(frozen=True, slots=True)
class Transition:
    """One permitted move of a matter."""

    action: Action
    sources: frozenset[MatterState]
    target: MatterState
    actors: frozenset[Actor]
    starts: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    basis_rule: str = ""
    extra_basis: tuple[Basis, ...] = ()
    #: Only the organ that holds the matter in its state (``HOLDERS``) takes it.
    holder_only: bool = False

    def actors_in(self, state: MatterState) -> frozenset[Actor]:
        """Who may take the step from ``state``: ``actors``, narrowed to the holder."""
        if self.holder_only and state in HOLDERS:
            return self.actors & {HOLDERS[state]}
        return self.actors


def _t(
    action: Action,
    sources: set[MatterState],
    target: MatterState,
    actors: set[Actor],
    *,
    starts: tuple[str, ...] = (),
    stops: tuple[str, ...] = (),
    basis_rule: str = "",
    extra_basis: tuple[Basis, ...] = (),
    holder_only: bool = False,
) -> Transition:
    return Transition(
        action,
        frozenset(sources),
        target,
        frozenset(actors),
        starts,
        stops,
        basis_rule,
        extra_basis,
        holder_only,
    )


S = MatterState
A = Actor
_EARLY = {S.REGISTERED, S.ROUTED}

#: Who holds a matter not yet accepted (谁主管、谁负责, 细则第三条): the petition office while
#: it is registered there; once transferred or assigned (or received directly) the organ it
#: went to, in whose queue it waits for the acceptance decision. The office that routed it has
#: let it go: it supervises (督办), it does not pull the matter back out of that queue.
HOLDERS: Mapping[MatterState, Actor] = MappingProxyType(
    {S.REGISTERED: A.PETITION_OFFICE, S.ROUTED: A.HANDLING_ORGAN}
)

TRANSITIONS: Mapping[Action, Transition] = MappingProxyType(
    {
        t.action: t
        for t in (
            _t(
                Action.REGISTER,
                {S.SUBMITTED},
                S.REGISTERED,
                {A.PETITION_OFFICE},
                starts=("route",),
                basis_rule="register",
            ),
            _t(
                Action.RECEIVE,
                {S.SUBMITTED},
                S.ROUTED,
                {A.HANDLING_ORGAN},
                starts=("accept",),
                basis_rule="accept",
                extra_basis=(rules(8, None, 1),),
            ),
            _t(
                Action.ROUTE,
                {S.REGISTERED},
                S.ROUTED,
                {A.PETITION_OFFICE},
                starts=("accept",),
                stops=("route",),
                basis_rule="route",
            ),
            _t(
                Action.ACCEPT,
                {S.ROUTED},
                S.ACCEPTED,
                {A.HANDLING_ORGAN},
                starts=("handle",),
                stops=("accept",),
                basis_rule="accept",
            ),
            _t(
                Action.DECLINE,
                {S.ROUTED},
                S.DECLINED,
                {A.HANDLING_ORGAN},
                stops=("accept",),
                basis_rule="accept",
            ),
            # 信访工作条例(2022)第二十三条第三款: the acceptance period keeps running while
            # the objection is verified (a refused objection leaves the organ to decide on
            # acceptance in time); an agreed one stops it and the office routes again.
            _t(
                Action.OBJECT,
                {S.ROUTED},
                S.OBJECTED,
                {A.HANDLING_ORGAN},
                basis_rule="objection",
            ),
            _t(
                Action.AGREE_OBJECTION,
                {S.OBJECTED},
                S.REGISTERED,
                {A.PETITION_OFFICE},
                starts=("route",),
                stops=("accept",),
                basis_rule="objection",
            ),
            _t(
                Action.REFUSE_OBJECTION,
                {S.OBJECTED},
                S.ROUTED,
                {A.PETITION_OFFICE},
                basis_rule="objection",
            ),
            # The organ that objected takes its objection back before the office decides: the
            # matter waits for its acceptance decision again, on the clock that never stopped.
            _t(
                Action.WITHDRAW_OBJECTION,
                {S.OBJECTED},
                S.ROUTED,
                {A.HANDLING_ORGAN},
                basis_rule="objection",
            ),
            _t(
                Action.ROUTE_OUT,
                _EARLY,
                S.ROUTED_OUT,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("route", "accept"),
                basis_rule="legal_route",
                holder_only=True,
            ),
            _t(
                Action.SEND_TO_OTHER_ORGAN,
                _EARLY,
                S.SENT_TO_OTHER_ORGAN,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("route", "accept"),
                basis_rule="other_organ",
                holder_only=True,
            ),
            _t(
                Action.SEND_TO_DISCIPLINE,
                _EARLY,
                S.SENT_TO_DISCIPLINE,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("route", "accept"),
                basis_rule="discipline",
                holder_only=True,
            ),
            # 信访工作条例(2022)第二十二条第二款、第二十八条第二款: a matter of litigation rights
            # leaves the petition procedure for the political-legal organs (a letter is
            # transferred, a visitor guided there).
            _t(
                Action.SEND_TO_POLITICS_LAW,
                _EARLY,
                S.SENT_TO_POLITICS_LAW,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("route", "accept"),
                basis_rule="politics_law",
                holder_only=True,
            ),
            _t(
                Action.EXTEND,
                {S.ACCEPTED},
                S.EXTENDED,
                {A.HANDLING_ORGAN},
                starts=("handle",),
                stops=("handle",),
                basis_rule="handle",
            ),
            _t(
                Action.CONCLUDE,
                {S.ACCEPTED, S.EXTENDED},
                S.CONCLUDED,
                {A.HANDLING_ORGAN},
                starts=("review_request",),
                stops=("handle",),
                basis_rule="handle",
            ),
            _t(
                Action.REQUEST_REVIEW,
                {S.CONCLUDED},
                S.REVIEW_REQUESTED,
                {A.PETITIONER},
                starts=("review",),
                stops=("review_request",),
                basis_rule="review",
            ),
            _t(
                Action.REVIEW,
                {S.REVIEW_REQUESTED},
                S.REVIEWED,
                {A.HIGHER_ORGAN},
                starts=("rereview_request",),
                stops=("review",),
                basis_rule="review",
            ),
            _t(
                Action.REQUEST_REREVIEW,
                {S.REVIEWED},
                S.REREVIEW_REQUESTED,
                {A.PETITIONER},
                starts=("rereview",),
                stops=("rereview_request",),
                basis_rule="rereview",
            ),
            _t(
                Action.REREVIEW,
                {S.REREVIEW_REQUESTED},
                S.REREVIEWED,
                {A.HIGHER_ORGAN},
                stops=("rereview",),
                basis_rule="rereview",
            ),
            _t(
                Action.CLOSE,
                {S.CONCLUDED, S.REVIEWED},
                S.CLOSED,
                {A.PETITION_OFFICE, A.HANDLING_ORGAN},
                stops=("review_request", "rereview_request"),
                basis_rule="review",
            ),
        )
    }
)


def _in_procedure(basis_rule: str, profile: Profile) -> bool:
    """Whether the profile's regulation has the step: the objection needs its period, the
    transfer to the political-legal organs its basis (信访工作条例(2022) only, both)."""
    if basis_rule == "objection":
        return "objection" in profile.periods
    if basis_rule == "politics_law":
        return "politics_law" in profile.procedure_basis
    return True
