"""A lead's evidence as the pages show it: each item named, linked where the reader may open it,
its dates and times in the local time zone and the reader's language.

``Lead.evidence`` keeps what detection saw (``{"type": "matter", "id": 81, "due": ...}``); the
stored items stay as they are, only their rendering lives here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xinfang.access.choices import DenialReason
from xinfang.access.policy import visible
from xinfang.petitions.matters.choices import (
    EventAction,
    MatterState,
    OpinionKind,
    OpinionStage,
    Period,
    RouteKind,
    Satisfaction,
)
from xinfang.petitions.matters.models import Matter

from .choices import OrganMeasure, PersonMeasure
from .labels import record_reference
from .selectors import cases_visible_to
from .summaries import ALTERED_CHECKS

TYPE_LABELS = {
    "matter": _("信访事项"),
    "matter_clock": _("期限记录"),
    "matter_event": _("办理记录"),
    "supervision_order": _("督办单"),
    "opinion": _("处理意见"),
    "rectification": _("整改事项"),
    "decision": _("责任追究决定"),
    "case": _("责任追究案件"),
    "document": _("证据材料"),
    "matter_route": _("转送交办"),
    "follow_up": _("回访"),
    "hearing": _("听证"),
    "audit_entry": _("审计记录"),
    "accusation": _("检举控告对象"),
    "recusal": _("回避"),
}


@dataclass(frozen=True)
class EvidenceType:
    """A kind of evidence another app's detectors cite: its name, the page that shows one
    (``url_name``, taking the record's id), which of a set of ids the reader may open
    (``readable``: through that app's access chokepoints; none: named, never linked), and the
    names of the facts its items carry (``keys``) and of their coded values (``values``, by
    key) — a reader sees 事件类型：集体访, never ``kind: collective_visit``."""

    label: Any
    url_name: str = ""
    readable: Callable[[Any, list[int]], set[int]] | None = None
    keys: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


_REGISTERED: dict[str, EvidenceType] = {}


def register_evidence_type(
    kind: str,
    label: Any,
    *,
    url_name: str = "",
    readable: Callable[[Any, list[int]], set[int]] | None = None,
    keys: Mapping[str, Any] | None = None,
    values: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Name (and link) the evidence of ``kind`` another app's detectors record, and the facts
    its items carry (called when its detectors register)."""
    if kind in TYPE_LABELS:
        raise ValueError(f"evidence type {kind!r} is this app's own")
    _REGISTERED[kind] = EvidenceType(label, url_name, readable, keys or {}, values or {})


VALUE_LABELS: dict[str, Mapping[str, Any]] = {
    # The names the matter pages give periods and events: the petitions' choices.
    "period": dict(Period.choices),
    "action": dict(EventAction.choices),
    "state": dict(MatterState.choices),
    "stage": dict(OpinionStage.choices),
    "kind": dict(OpinionKind.choices),
    "measure": {**dict(PersonMeasure.choices), **dict(OrganMeasure.choices)},
    # Signals (待研判信号): what a date contradicts, a rating, why a read was refused.
    "check": ALTERED_CHECKS,
    "satisfaction": dict(Satisfaction.choices),
    "reason": dict(DenialReason.choices),
    "route_kind": dict(RouteKind.choices),
}
KEY_LABELS = {
    "period": _("期间"),
    "due": _("期限"),
    "reply_due": _("反馈期限"),
    "execution_due": _("执行期限"),
    "state": _("当时状态"),
    "action": _("操作"),
    "at": _("时间"),
    "stage": _("意见"),
    "kind": _("处理结果"),
    "issued_at": _("出具时间"),
    "executed_at": _("执行时间"),
    "measure": _("所受措施"),
    "reference": _("名称或文号"),
    "check": _("不符之处"),
    "routed_at": _("转送交办时间"),
    "replied_at": _("反馈时间"),
    "reported_at": _("报告时间"),
    "started_on": _("听证开始日"),
    "recorded_at": _("登记时间"),
    "satisfaction": _("评价"),
    "created_at": _("记录时间"),
    "reason": _("原因"),
    "fields": _("查看的字段"),
    "route_kind": _("方式"),
}


@dataclass(frozen=True)
class EvidenceRow:
    """One item: its title (``信访事项 第81号``), a link or ``""``, and its labelled facts."""

    title: str
    url: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)


def _when(value: str) -> str:
    """An ISO date or time as the pages write it, in the reader's language and local time:
    ``2026年9月29日 11:54`` / ``29 Sep 2026 11:54``."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) <= 10:
        return date_format(parsed.date())
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return date_format(parsed, "DATETIME_FORMAT")


def _fact(key: str, value: Any, registered: EvidenceType | None = None) -> tuple[str, str]:
    """One fact of an item, named; a key nobody named is "说明" (never the key itself)."""
    keys = registered.keys if registered is not None else {}
    name = str(keys.get(key) or KEY_LABELS.get(key) or gettext("说明"))
    if value is None or value == "":
        return name, gettext("无")
    if isinstance(value, bool):
        return name, gettext("是") if value else gettext("否")
    text = str(value)
    own = registered.values.get(key) if registered is not None else None
    labels = own if own is not None else VALUE_LABELS.get(key)
    if labels is not None and text in labels:
        return name, str(labels[text])
    if key == "at" or key.endswith(("_at", "due")):
        return name, _when(text)
    return name, text


def _ids(items: list[Mapping[str, Any]], kind: str) -> list[int]:
    return sorted(
        {int(i["id"]) for i in items if i.get("type") == kind and str(i.get("id", "")).isdigit()}
    )


def evidence_rows(user: Any, evidence: Iterable[Mapping[str, Any]]) -> list[EvidenceRow]:
    """The evidence of a lead for ``user``: a matter or case is linked only if the user may
    open it (through the access chokepoints); everything else is named without a link."""
    items = [item for item in evidence if isinstance(item, Mapping)]
    matters = set(
        visible(user, Matter.objects.filter(pk__in=_ids(items, "matter"))).values_list(
            "pk", flat=True
        )
    )
    cases = set(
        cases_visible_to(user).filter(pk__in=_ids(items, "case")).values_list("pk", flat=True)
    )
    readable = {
        kind: registered.readable(user, _ids(items, kind))
        for kind, registered in _REGISTERED.items()
        if registered.readable is not None and registered.url_name and _ids(items, kind)
    }
    rows = []
    for item in items:
        kind = str(item.get("type", ""))
        registered = _REGISTERED.get(kind)
        label = registered.label if registered is not None else TYPE_LABELS.get(kind)
        title = str(label or gettext("证据材料"))
        record_id = item.get("id")
        url = ""
        if record_id is not None:
            title = record_reference(title, record_id)
            if kind == "matter" and record_id in matters:
                url = reverse("web:matter_detail", args=[record_id])
            elif kind == "case" and record_id in cases:
                url = reverse("accountability:case_detail", args=[record_id])
            elif registered is not None and record_id in readable.get(kind, set()):
                url = reverse(registered.url_name, args=[record_id])
        facts = [_fact(k, v, registered) for k, v in item.items() if k not in ("type", "id")]
        rows.append(EvidenceRow(title=title, url=url, facts=facts))
    return rows
