"""The facts a transition is decided on, the decision, and the refusal."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..basis import Basis
from ..errors import RulesError
from ..profiles import Profile
from .routes import LegalRoute, OtherOrgan
from .states import Action, Actor, MatterState
from .ways import HandlingWay


@dataclass(frozen=True, slots=True)
class TransitionContext:
    """Facts about the matter that some transitions depend on (all optional).

    ``representatives``: number of representatives of a collective visit (register, receive).
    ``legal_route``: the statutory route the request belongs to, if any.
    ``other_organ``: the people's congress, court or procuratorate competent for it, if any.
    ``accusation``: the request accuses an official (检举控告) and belongs to discipline bodies.
    ``higher_level`` and ``pending_at_competent_level``: the acting organ is above the
    competent level while the matter is accepted or pending there.
    ``same_request_after_rereview``: the same request on the same facts and grounds was
    already re-reviewed.
    ``extension_days``: the extension asked for (extend).
    ``handling_expired``: the handling period had already run out on the day of the extension.
    ``request_in_time``: a review or re-review request came within its period.
    ``routed_here``: the matter came to the acting organ by transfer or assignment (object).
    ``objection_in_time``: the objection came within the objection period (object).
    ``visit``: the petitioner came in person (走访): a matter of litigation rights is not
    transferred, the petitioner is guided to the political-legal organs (send_to_politics_law).
    ``same_level``: the political-legal organ a letter goes to is of the acting organ's level
    (同级) (send_to_politics_law).
    ``hearing_running``: a hearing on the matter has started and not ended (conclude,
    re-review: the opinion comes after the hearing, whose end date must be known).
    ``handling_way``: how the matter is (to be) handled (accept, extend, conclude).
    ``reply``: the conclusion is a reply (答复), not a handling opinion (conclude).
    ``name_or_address_unclear``: the petitioner's name or address is unclear, so no written
    notice is due for a direct submission (receive).
    """

    representatives: int | None = None
    legal_route: LegalRoute | None = None
    other_organ: OtherOrgan | None = None
    accusation: bool = False
    higher_level: bool = False
    pending_at_competent_level: bool = False
    same_request_after_rereview: bool = False
    extension_days: int | None = None
    handling_expired: bool = False
    request_in_time: bool = True
    routed_here: bool = True
    objection_in_time: bool = True
    visit: bool = False
    same_level: bool = True
    hearing_running: bool = False
    handling_way: HandlingWay = HandlingWay.OPINION
    reply: bool = False
    name_or_address_unclear: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """A permitted transition: where the matter goes and what happens to the clocks."""

    action: Action
    source: MatterState
    target: MatterState
    actor: Actor
    starts: tuple[str, ...]
    stops: tuple[str, ...]
    final: bool
    basis: tuple[Basis, ...]
    extension_days: int = 0


class TransitionRefused(RulesError):
    """The procedure does not allow the transition; ``rule`` is a stable code."""

    def __init__(
        self, rule: str, message_zh: str, message_en: str, *, basis: tuple[Basis, ...] = ()
    ) -> None:
        self.rule = rule
        super().__init__(message_zh, message_en, basis=basis)


@dataclass(frozen=True, slots=True)
class _Check:
    profile: Profile
    context: TransitionContext = field(default_factory=TransitionContext)

    def refuse(self, rule: str, zh: str, en: str, basis_rule: str = "") -> TransitionRefused:
        return TransitionRefused(rule, zh, en, basis=self.profile.basis_for(basis_rule or rule))
