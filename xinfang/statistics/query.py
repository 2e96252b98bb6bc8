"""What a statistics page asks for: an organ (or everything the user may read), its subtree or
not, a place, and a period of receipt; and the matters that answers to.

Every figure is counted over ``matters()``: the user's matters (``matter_list``) filtered by
the one matter filter (``MatterFilter``) with ``params()``; a figure's drill-down adds its own
contract parameters to the same ones, so the list it links to counts the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from xinfang.orgs.models import Organ
from xinfang.petitions.matters.filters import MatterFilter
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.selectors import matter_list

Params = dict[str, str | list[str]]


@dataclass(frozen=True)
class StatisticsQuery:
    """Organ (None: every matter the user may read), subtree, place (a region code or ""),
    and the period of receipt, both days inclusive."""

    date_from: dt.date
    date_to: dt.date
    organ: Organ | None = None
    subtree: bool = False
    region: str = ""

    def __post_init__(self) -> None:
        if self.date_from > self.date_to:
            raise ValueError("the period ends before it starts")

    def params(self) -> Params:
        """The matter filter's parameters for this query (the drill-down contract)."""
        out: Params = {}
        if self.organ is not None:
            out["organ"] = str(self.organ.pk)
            if self.subtree:
                out["subtree"] = "1"
        if self.region:
            out["region"] = self.region
        out["received_from"] = self.date_from.isoformat()
        out["received_to"] = self.date_to.isoformat()
        return out

    def between(self, date_from: dt.date, date_to: dt.date) -> StatisticsQuery:
        """The same query over another period."""
        return replace(self, date_from=date_from, date_to=date_to)


def drill(query: StatisticsQuery, **extra: str | list[str]) -> Params:
    """The query's parameters with a figure's own (``extra`` overrides the period)."""
    return {**query.params(), **extra}


def matters_for(user: Any, params: Params, *, today: dt.date) -> QuerySet[Matter]:
    """The matters ``user`` may read that the matter filter keeps for ``params``: what the list
    of all matters shows for the same URL parameters."""
    data = _query_dict(params)
    filtered = MatterFilter(data, queryset=matter_list(user=user), today=today)
    if not filtered.is_valid():
        raise ValueError(f"invalid matter filter: {dict(filtered.errors)}")
    matters: QuerySet[Matter] = filtered.qs
    return matters.order_by()


def list_url(params: Params) -> str:
    """The list of all matters (``web:matter_list``) for ``params``."""
    return reverse("web:matter_list") + "?" + urlencode(params, doseq=True)


def _query_dict(params: Params) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data
