"""Lead detection for 细则第六条 (joins ``xinfang detect-leads`` as ``recommendations``).

细则第十一条第一款第五项: 对信访部门提出的改进工作、完善政策和给予处分等建议重视不够、落实不力.
What the data shows of it:

- a recommendation not replied to in writing by its reply due date (信访工作条例(2022)第四十条
  第四款: 书面反馈采纳情况): still awaiting the reply, or replied after the date;
- measures adopted (adopted or partly adopted) not done by the date the office set: still not
  done, or done after it.

Each is a lead against the recipient, ``RECOMMENDATION_IGNORED``, on the missed date, naming
its principal leader and the leader whose portfolio covers the work (the category of a matter
the recommendation rests on, else petition work), with the recommendation and its matters as
evidence. The dedup key is the recommendation and the missed date (``reply`` or
``measures``): running twice creates nothing new; a due date the office moves later is a new
failure if missed again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext

from xinfang.accountability.choices import LeadKind
from xinfang.accountability.detection import (
    DetectionReport,
    count_lead,
    ground_for,
    register_detector,
)
from xinfang.accountability.selectors import duty_holders_on, failed_work_subject
from xinfang.accountability.services.leads import lead_record_detected
from xinfang.accountability.summaries import register_summary, summary_in_chinese
from xinfang.orgs.choices import PortfolioSubject
from xinfang.rules.grounds import Signal

from ..models.recommendations import (
    MEASURES_ADOPTION,
    OfficeRecommendation,
    RecommendationKind,
    RecommendationState,
)

NAME = "recommendations"
SUMMARY_CODE = "office_recommendation_ignored"
KIND = LeadKind.RECOMMENDATION_IGNORED


def recommendation_key(recommendation_id: int, what: str, due: dt.date) -> str:
    """``recommendation_ignored:office-recommendation-<id>:<reply|measures>:<due>``."""
    return f"{KIND.value}:office-recommendation-{recommendation_id}:{what}:{due.isoformat()}"


def _unreplied(today: dt.date, since: dt.date) -> QuerySet[OfficeRecommendation]:
    """Not replied by the due date: awaiting the reply past it, or replied after it (within
    the look-back)."""
    return OfficeRecommendation.objects.filter(reply_due__lt=today).filter(
        Q(state=RecommendationState.SENT) | Q(replied_on__gt=F("reply_due"), reply_due__gte=since)
    )


def _measures_missed(today: dt.date, since: dt.date) -> QuerySet[OfficeRecommendation]:
    """Measures adopted and not done by the date the office set (or done after it)."""
    return OfficeRecommendation.objects.filter(
        adoption__in=MEASURES_ADOPTION, measures_due__lt=today
    ).filter(
        Q(
            measures_done_on__isnull=True,
            state__in=(RecommendationState.REPLIED, RecommendationState.FOLLOWED_UP),
        )
        | Q(measures_done_on__gt=F("measures_due"), measures_due__gte=since)
    )


def _work_subject(recommendation: OfficeRecommendation) -> tuple[str, int | None]:
    """The portfolio covering the work the recommendation is about, and the matter it is
    read from: the first of its matters whose category names one, else petition work."""
    for matter in recommendation.matters.select_related("category__parent").order_by("pk"):
        subject = failed_work_subject(recommendation.recipient, matter=matter)
        if subject:
            return subject, matter.pk
    return PortfolioSubject.PETITION, None


def _record(
    report: DetectionReport,
    recommendation: OfficeRecommendation,
    *,
    what: str,
    due: dt.date,
    done: dt.date | None,
    actor: Any,
) -> None:
    organ = recommendation.recipient
    subject, matter_id = _work_subject(recommendation)
    matter_ids = list(recommendation.matters.order_by("pk").values_list("pk", flat=True))
    params = {
        "code": SUMMARY_CODE,
        "what": what,
        "recommendation": recommendation.pk,
        "kind": recommendation.kind,
        "title": recommendation.title,
        "office": recommendation.office.name,
        "organ": organ.name,
        "sent": recommendation.sent_on.isoformat(),
        "due": due.isoformat(),
        "done": done.isoformat() if done is not None else "",
    }
    evidence: list[dict[str, Any]] = [
        {
            "type": "office_recommendation",
            "id": recommendation.pk,
            "reply_due" if what == "reply" else "due": due.isoformat(),
        }
    ]
    evidence += [{"type": "matter", "id": pk} for pk in matter_ids]
    lead, created = lead_record_detected(
        kind=KIND,
        ground=ground_for(Signal.RECOMMENDATION_IGNORED),
        organ=organ,
        failure_date=due,
        dedup_key=recommendation_key(recommendation.pk, what, due),
        summary=summary_in_chinese(params),
        summary_params=params,
        evidence=evidence,
        actor=actor,
        holders=duty_holders_on(organ, due, subject=subject),
        matter_id=matter_id if matter_id is not None else (matter_ids[0] if matter_ids else None),
        work_subject=subject,
    )
    count_lead(report, lead.pk, KIND, created)


def detect_ignored_recommendations(report: DetectionReport, *, actor: Any, since: dt.date) -> None:
    """Recommendations not replied to, or measures adopted not done, by their due dates."""
    related = ("office", "recipient")
    for rec in _unreplied(report.today, since).select_related(*related).order_by("reply_due", "id"):
        _record(report, rec, what="reply", due=rec.reply_due, done=rec.replied_on, actor=actor)
    missed = _measures_missed(report.today, since).select_related(*related)
    for rec in missed.order_by("measures_due", "id"):
        assert rec.measures_due is not None
        _record(
            report,
            rec,
            what="measures",
            due=rec.measures_due,
            done=rec.measures_done_on,
            actor=actor,
        )


def _summary(p: dict[str, Any]) -> str:
    values = {**p, "kind": str(RecommendationKind(p["kind"]).label)}
    if p["what"] == "measures":
        if p.get("done"):
            return (
                gettext(
                    "%(organ)s采纳了%(office)s提出的%(kind)s（#%(recommendation)s %(title)s），"
                    "落实措施应于 %(due)s 前完成，至 %(done)s 才完成。"
                )
                % values
            )
        return (
            gettext(
                "%(organ)s采纳了%(office)s提出的%(kind)s（#%(recommendation)s %(title)s），"
                "落实措施未在 %(due)s 前完成。"
            )
            % values
        )
    if p.get("done"):
        return (
            gettext(
                "%(office)s于 %(sent)s 提出%(kind)s（#%(recommendation)s %(title)s），"
                "%(organ)s应于 %(due)s 前书面反馈采纳情况，至 %(done)s 才反馈。"
            )
            % values
        )
    return (
        gettext(
            "%(office)s于 %(sent)s 提出%(kind)s（#%(recommendation)s %(title)s），"
            "%(organ)s未在 %(due)s 前书面反馈采纳情况。"
        )
        % values
    )


register_detector(NAME, detect_ignored_recommendations)
register_summary(SUMMARY_CODE, _summary)
