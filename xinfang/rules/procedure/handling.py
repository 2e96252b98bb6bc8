"""The checks of the handling way: which ways a profile knows, extension and conclusion."""

from __future__ import annotations

from .context import TransitionRefused, _Check
from .ways import HANDLING_WAY_NAMES, HANDLING_WAY_RULES, HandlingWay, handling_ways


def _handling_way(check: _Check) -> HandlingWay:
    """The matter's way of handling, refused where the profile's regulation does not know it."""
    try:
        way = HandlingWay(check.context.handling_way)
    except ValueError:
        raise TransitionRefused(
            "unknown_name", "未知的办理方式", repr(check.context.handling_way)
        ) from None
    if way not in handling_ways(check.profile):
        way_zh, way_en = HANDLING_WAY_NAMES[way]
        days = check.profile.period("handle").days
        raise check.refuse(
            "handling_way_not_in_procedure",
            f"本配置所依据的程序法规规定信访事项均应当自受理之日起{days}日内办结，没有“{way_zh}”"
            "这一不计办理期限的办理方式（自《信访工作条例》（2022）施行之日起适用）",
            f"the procedure of this profile concludes every accepted matter within {days} days "
            f"of acceptance; handling by {way_en}, without that period, applies under the "
            "Regulations on Petition Work (2022)",
            "handle_scope",
        )
    return way


def _check_not_extended(check: _Check, way: HandlingWay) -> None:
    """Only a matter with a handling period has one to extend."""
    if way is HandlingWay.OPINION:
        return
    way_zh, way_en = HANDLING_WAY_NAMES[way]
    days = check.profile.period("handle").days
    raise check.refuse(
        "extension_not_applicable",
        f"按“{way_zh}”办理的事项没有办理期限，不能延期：{days}日的办理期限及其延长只适用于"
        "调查核实并出具信访处理意见书的信访事项",
        f"a matter handled by {way_en} has no handling period to extend: the {days}-day "
        "period and its extension apply only to a matter answered with a handling opinion",
        "handle_scope",
    )


def _check_conclusion(check: _Check, way: HandlingWay) -> None:
    """A matter is concluded the way it is handled: an opinion, or a reply."""
    if way is HandlingWay.OPINION and check.context.reply:
        raise check.refuse(
            "handling_way_mismatch",
            "该信访事项按调查核实、出具信访处理意见书的方式办理，应当以处理意见（支持、解释或者"
            "不予支持）办结，不能以答复办结",
            "this matter is handled by investigation and is concluded with a handling opinion "
            "(support, explanation or no support), not with a reply",
            HANDLING_WAY_RULES[way],
        )
    if way is not HandlingWay.OPINION and not check.context.reply:
        way_zh, way_en = HANDLING_WAY_NAMES[way]
        raise check.refuse(
            "handling_way_mismatch",
            f"该事项按“{way_zh}”的方式办理，以答复办结，不出具信访处理意见书",
            f"this matter is handled by {way_en}: it is concluded with a reply, not with a "
            "handling opinion",
            HANDLING_WAY_RULES[way],
        )
