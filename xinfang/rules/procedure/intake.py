"""The checks of intake, acceptability and routing out."""

from __future__ import annotations

from .context import TransitionRefused, _Check
from .routes import OTHER_ORGAN_NAMES, ROUTE_NAMES, LegalRoute
from .states import Action
from .transitions import _in_procedure


def _check_intake(check: _Check) -> None:
    ctx = check.context
    limit = check.profile.collective_representatives_limit
    if ctx.representatives is not None and ctx.representatives > limit:
        raise check.refuse(
            "collective_representatives",
            f"多人走访提出同一信访事项，应当推选代表，代表人数不超过{limit}人",
            f"a collective visit must choose at most {limit} representatives, "
            f"not {ctx.representatives}",
        )


def _check_acceptable(check: _Check) -> None:
    ctx = check.context
    if ctx.same_request_after_rereview:
        raise check.refuse(
            "same_request_after_rereview",
            "复核意见作出后，以同一事实和理由提出的投诉请求不再受理",
            "the same request on the same facts and grounds is not accepted again after re-review",
        )
    if ctx.legal_route is not None:
        route_zh, route_en = ROUTE_NAMES[ctx.legal_route]
        if ctx.legal_route is LegalRoute.LITIGATION and _in_procedure(
            "politics_law", check.profile
        ):
            # 信访工作条例(2022)第二十二条第二款、第二十八条第二款: a matter of litigation rights
            # goes to the political-legal organs, not only out of the petition procedure.
            raise TransitionRefused(
                "legal_route",
                "诉讼与信访分离：该请求涉及诉讼权利救济，不予受理，应转送政法部门依法处理"
                "（走访的，引导信访人向有关政法部门反映）",
                "litigation-petition separation: the request concerns litigation rights; do not "
                "accept it but send it to the political-legal organs (a visitor is guided there)",
                basis=check.profile.basis_for("legal_route")
                + check.profile.basis_for("politics_law"),
            )
        raise check.refuse(
            "legal_route",
            f"诉讼与信访分离：该请求应通过法定途径（{route_zh}）解决，不予受理，应导入相应程序",
            f"litigation-petition separation: the request belongs to {route_en}; "
            "route it out instead of accepting it",
        )
    if ctx.other_organ is not None:
        organ_zh, organ_en = OTHER_ORGAN_NAMES[ctx.other_organ]
        raise check.refuse(
            "other_organ",
            f"属于{organ_zh}职权范围的信访事项，应告知信访人向其提出",
            f"the matter belongs to the {organ_en}; send it there",
        )
    if ctx.accusation:
        raise check.refuse(
            "discipline",
            "检举控告类事项应转纪检监察机关依规依纪依法处理",
            "an accusation against an official goes to the discipline bodies",
        )
    if ctx.higher_level and ctx.pending_at_competent_level:
        raise check.refuse(
            "pending_at_competent_level",
            "信访事项已由有权处理的机关受理或正在办理，上级机关不予受理",
            "a higher level does not accept a matter pending at the competent level",
        )


def _check_route_out(check: _Check, action: Action) -> None:
    ctx = check.context
    if action is Action.ROUTE_OUT and ctx.legal_route is None:
        raise check.refuse(
            "missing_context",
            "导入法定途径须指明途径（诉讼、仲裁、行政复议、行政裁决、行政确认、行政许可、行政处罚或党员申诉）",
            "routing out needs the legal route (litigation, arbitration, administrative "
            "reconsideration, adjudication, confirmation, licensing or penalty, or a party "
            "member's appeal)",
            "legal_route",
        )
    if action is Action.SEND_TO_OTHER_ORGAN and ctx.other_organ is None:
        raise check.refuse(
            "missing_context",
            "须指明人大、法院或检察院",
            "sending to another organ needs the people's congress, court or procuratorate",
            "other_organ",
        )
    if action is Action.SEND_TO_DISCIPLINE and not ctx.accusation:
        raise check.refuse(
            "missing_context",
            "只有检举控告类事项转纪检监察机关",
            "only accusations against officials go to the discipline bodies",
            "discipline",
        )
