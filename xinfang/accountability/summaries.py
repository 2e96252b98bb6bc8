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
from django.utils.translation import gettext, pgettext


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


_RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "matter_overdue": _matter_overdue,
    "supervision_unanswered": _supervision_unanswered,
    "opinion_not_executed": _opinion_not_executed,
    "rectification_missed": _rectification_missed,
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
