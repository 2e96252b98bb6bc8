"""The summaries of detected leads, written in the reader's language when they are shown.

Detection stores a summary as a code and its parameters (``Lead.summary_params``:
``{"code": "matter_overdue", "matter": 7, "period": "accept", ...}``) beside the Chinese text
(``Lead.summary``, what the audit trail and the API carry). A page renders the code in its own
language; a lead without parameters (filed by hand, or detected before the codes existed)
shows its stored text. Names of organs and people and the matter's own summary are data: they
are stored as detection saw them and shown as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, pgettext, pgettext_lazy


def _step(period: str) -> str:
    steps = {
        "route": pgettext("lead summary step", "转送、交办"),
        "accept": pgettext("lead summary step", "决定是否受理"),
        "handle": pgettext("lead summary step", "办结"),
        "review": pgettext("lead summary step", "复查"),
        "rereview": pgettext("lead summary step", "复核"),
    }
    return steps.get(period, period)


def _stage(stage: str) -> str:
    stages = {
        "handle": pgettext("lead summary opinion", "处理意见"),
        "review": pgettext("lead summary opinion", "复查意见"),
        "rereview": pgettext("lead summary opinion", "复核意见"),
    }
    return stages.get(stage, stage)


def _measure(measure: str) -> str:
    if measure == "admonishment":
        return pgettext("lead summary measure", "诫勉")
    return pgettext("lead summary measure", "通报")


def _matter_overdue(p: dict[str, Any]) -> str:
    return gettext(
        "信访事项 #%(matter)s（%(subject)s）应于 %(due)s 前%(step)s，%(organ)s未按期完成。"
    ) % {**p, "step": _step(p["period"])}


def _supervision_unanswered(p: dict[str, Any]) -> str:
    return gettext("%(issuer)s就信访事项 #%(matter)s 督办，%(organ)s未在 %(due)s 前反馈。") % p


def _opinion_not_executed(p: dict[str, Any]) -> str:
    values = {**p, "stage": _stage(p["stage"])}
    if p.get("executed"):
        return (
            gettext(
                "信访事项 #%(matter)s（%(subject)s）的%(stage)s支持信访请求，"
                "应由%(organ)s于 %(due)s 前执行，至 %(executed)s 才登记执行。"
            )
            % values
        )
    return (
        gettext(
            "信访事项 #%(matter)s（%(subject)s）的%(stage)s支持信访请求，"
            "应由%(organ)s于 %(due)s 前执行，未按期执行。"
        )
        % values
    )


def _rectification_missed(p: dict[str, Any]) -> str:
    if p.get("measure"):
        return gettext(
            "%(subject)s受到%(measure)s后，未在 %(due)s 前完成整改（案件 #%(case)s）。"
        ) % {**p, "measure": _measure(p["measure"])}
    return gettext("%(subject)s未在 %(due)s 前完成整改（案件 #%(case)s）。") % p


# --- signals (待研判信号, 细则第十一条第一款第三、六、八项) ------------------------------


def _overturned_on_review(p: dict[str, Any]) -> str:
    return gettext(
        "信访事项 #%(matter)s（%(subject)s）：%(organ)s的%(stage)s不支持信访请求，"
        "%(upheld_by)s于 %(date)s 出具的%(upheld_stage)s支持该请求。"
    ) % {**p, "stage": _stage(p["stage"]), "upheld_stage": _stage(p["upheld_stage"])}


def _declined_then_upheld(p: dict[str, Any]) -> str:
    return gettext(
        "%(organ)s对信访事项 #%(matter)s（%(subject)s）不予受理；同一信访人的信访事项 #%(later)s "
        "经%(upheld_by)s于 %(date)s 出具的%(upheld_stage)s支持。"
    ) % {**p, "upheld_stage": _stage(p["upheld_stage"])}


def _repeated_dissatisfaction(p: dict[str, Any]) -> str:
    return (
        gettext("信访人对%(organ)s办理信访事项 #%(matter)s（%(subject)s）%(count)s 次评价不满意。")
        % p
    )


#: What a contradicting date contradicts (``record_altered`` checks), for summaries and evidence.
ALTERED_CHECKS = {
    "accepted_before_arrival": pgettext_lazy(
        "signal check", "登记的受理（不予受理）日期早于该事项转送、交办到本机关的日期"
    ),
    "opinion_before_stage": pgettext_lazy(
        "signal check", "处理意见的出具日期早于受理或复查、复核请求的日期"
    ),
    "executed_before_opinion": pgettext_lazy("signal check", "登记的执行日期早于处理意见出具日期"),
    "reply_before_order": pgettext_lazy("signal check", "督办反馈日期早于督办日期"),
    "report_before_route": pgettext_lazy("signal check", "报告办理结果日期早于交办日期"),
    "hearing_before_stage": pgettext_lazy("signal check", "登记的听证开始日早于该阶段开始"),
}


def _record_altered(p: dict[str, Any]) -> str:
    return gettext(
        "信访事项 #%(matter)s（%(subject)s）：%(organ)s%(check)s（登记为 %(entered)s，"
        "办理记录为 %(before)s）。"
    ) % {**p, "check": str(ALTERED_CHECKS.get(p["check"], p["check"]))}


def _disclosure_denied(p: dict[str, Any]) -> str:
    return (
        gettext(
            "被检举控告的%(organ)s的账号 %(count)s 次试图查看检举控告它的信访事项 #%(matter)s。"
        )
        % p
    )


def _disclosure_revealed(p: dict[str, Any]) -> str:
    return (
        gettext(
            "%(organ)s的人员查看了信访人完整身份信息，而该信访人的信访事项 #%(matter)s "
            "检举控告该人员或其单位，或其已回避。"
        )
        % p
    )


def _disclosure_routed(p: dict[str, Any]) -> str:
    return gettext("%(organ)s将检举控告%(to)s的信访事项 #%(matter)s 转送、交办给%(to)s。") % p


_RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "matter_overdue": _matter_overdue,
    "supervision_unanswered": _supervision_unanswered,
    "opinion_not_executed": _opinion_not_executed,
    "rectification_missed": _rectification_missed,
    "overturned_on_review": _overturned_on_review,
    "declined_then_upheld": _declined_then_upheld,
    "repeated_dissatisfaction": _repeated_dissatisfaction,
    "record_altered": _record_altered,
    "disclosure_denied": _disclosure_denied,
    "disclosure_revealed": _disclosure_revealed,
    "disclosure_routed": _disclosure_routed,
}


def register_summary(code: str, render: Callable[[dict[str, Any]], str]) -> None:
    """Add the renderer of another app's summary code (called when its detectors register):
    ``render(params)`` returns the text in the active language (``gettext``)."""
    if code in _RENDERERS and _RENDERERS[code] is not render:
        raise ValueError(f"summary code {code!r} is already registered")
    _RENDERERS[code] = render


def summary_in_language(params: dict[str, Any] | None, fallback: str) -> str:
    """The summary the parameters describe, in the active language; ``fallback`` (the stored
    text) when there are none or they cannot be read."""
    if not params:
        return fallback
    render = _RENDERERS.get(str(params.get("code", "")))
    if render is None:
        return fallback
    try:
        return render(params)
    except (KeyError, TypeError, ValueError):
        return fallback


def summary_in_chinese(params: dict[str, Any]) -> str:
    """The stored form of a generated summary: Chinese, whatever language is active."""
    with translation.override("zh-hans"):
        return summary_in_language(params, "")
