"""The checks of a transfer to the political-legal organs (信访工作条例(2022)第二十二条第二款)."""

from __future__ import annotations

from ..basis import Basis
from ..profiles import Profile
from .context import TransitionRefused, _Check
from .states import Actor
from .transitions import _in_procedure

#: The basis rule of a visitor's guidance to the political-legal organs (信访工作条例(2022)
#: 第二十二条第二款 second sentence, 第二十条第二款); a letter's transfer cites ``politics_law``.
POLITICS_LAW_VISIT = "politics_law_visit"


def _rule_basis(profile: Profile, rule: str) -> tuple[Basis, ...]:
    """The citations of a procedural rule; for the transfer to the political-legal organs under
    a regulation without it (2005), those of what that regulation does with such a request:
    route it out to its legal route, or send it to the court or procuratorate."""
    if rule == "politics_law" and not _in_procedure(rule, profile):
        return tuple(
            dict.fromkeys(profile.basis_for("legal_route") + profile.basis_for("other_organ"))
        )
    return profile.basis_for(rule)


def _check_politics_law_in_procedure(check: _Check) -> None:
    """The transfer to the political-legal organs exists only where the profile's regulation
    provides it; under 信访条例(2005) such a request is routed out or sent on."""
    if not _in_procedure("politics_law", check.profile):
        raise TransitionRefused(
            "politics_law_not_in_procedure",
            "本配置所依据的程序法规没有转送政法部门的程序：依法应当通过诉讼等法定途径解决的，应导入"
            "法定途径；属于人民法院、人民检察院职权范围的，应告知信访人向其提出（转送政法部门自"
            "《信访工作条例》（2022）施行之日起适用）",
            "the procedure of this profile has no transfer to the political-legal organs: route "
            "a request that belongs to litigation or another legal route out to it, or send a "
            "matter of a court or procuratorate there (the transfer applies under the "
            "Regulations on Petition Work (2022))",
            basis=_rule_basis(check.profile, "politics_law"),
        )


def _check_politics_law(check: _Check, actor: Actor) -> None:
    ctx = check.context
    if actor is Actor.PETITION_OFFICE and not ctx.visit and not ctx.same_level:
        raise check.refuse(
            "politics_law_not_same_level",
            "信访部门对收到的涉法涉诉信件，应当转送同级政法部门依法处理",
            "a petition office transfers a letter about litigation rights to the "
            "political-legal organ of its own level",
            "politics_law",
        )
