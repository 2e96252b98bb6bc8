"""How an accepted matter is handled, and what the reply that concludes it says."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from ..profiles import Profile


class HandlingWay(StrEnum):
    """How an accepted matter is handled (信访工作条例(2022)第二十九条、第三十一条).

    Only a matter of 第三十一条第六项 — the petitioner heard, the facts investigated, a
    信访处理意见书 issued — has the handling period of 第三十四条 and the review of 第三十五条
    ("信访人对信访处理意见不服的"). A request that the organ investigate a violation or protect a
    right (第三十一条第五项) is met by performing the duty or replying; a suggestion (第二十九条)
    is studied and answered. Items (一)–(四) of 第三十一条 are routes out (``LegalRoute``);
    accusations (第三十条) go to the discipline bodies. 信访条例(2005)第三十三条 gives every
    accepted matter its 60 days, so a profile without the other ways knows ``opinion`` only.
    """

    OPINION = "opinion"  # 第三十一条第六项：调查核实，出具信访处理意见书
    DUTY = "duty"  # 第三十一条第五项：依法履行或者答复
    SUGGESTION = "suggestion"  # 第二十九条：研究论证，采纳或者部分采纳，并予以回复


#: Each way's name, Chinese and English, as refusals say it.
HANDLING_WAY_NAMES: Mapping[HandlingWay, tuple[str, str]] = MappingProxyType(
    {
        HandlingWay.OPINION: (
            "调查核实并出具信访处理意见书",
            "investigation and a handling opinion",
        ),
        HandlingWay.DUTY: ("依法履行或者答复", "performing the duty or replying"),
        HandlingWay.SUGGESTION: ("研究论证并予以回复", "studying the suggestion and replying"),
    }
)

#: The profile rule (``[procedure_basis]``) each way's steps cite. A way other than ``opinion``
#: exists under a profile only where the profile gives its citations (``handling_ways``).
HANDLING_WAY_RULES: Mapping[HandlingWay, str] = MappingProxyType(
    {
        HandlingWay.OPINION: "handling_opinion",
        HandlingWay.DUTY: "handling_duty",
        HandlingWay.SUGGESTION: "handling_suggestion",
    }
)


def handling_ways(profile: Profile) -> tuple[HandlingWay, ...]:
    """The ways a matter accepted under ``profile`` may be handled, ``opinion`` first."""
    return tuple(
        way
        for way in HandlingWay
        if way is HandlingWay.OPINION or profile.basis_for(HANDLING_WAY_RULES[way])
    )


class ReplyOutcome(StrEnum):
    """What the reply that concludes a ``duty`` or ``suggestion`` matter says."""

    PERFORMED = "performed"  # 依法履行（第三十一条第五项）
    ANSWERED = "answered"  # 答复（第三十一条第五项）
    ADOPTED = "adopted"  # 采纳（第二十九条第一款）
    PARTLY_ADOPTED = "partly_adopted"  # 部分采纳（第二十九条第一款）
    NOT_ADOPTED = "not_adopted"  # 不予采纳：经研究论证不科学合理或者不具有现实可行性


#: The outcomes a reply may have, by the way the matter is handled.
REPLY_OUTCOMES: Mapping[HandlingWay, tuple[ReplyOutcome, ...]] = MappingProxyType(
    {
        HandlingWay.OPINION: (),
        HandlingWay.DUTY: (ReplyOutcome.PERFORMED, ReplyOutcome.ANSWERED),
        HandlingWay.SUGGESTION: (
            ReplyOutcome.ADOPTED,
            ReplyOutcome.PARTLY_ADOPTED,
            ReplyOutcome.NOT_ADOPTED,
        ),
    }
)
