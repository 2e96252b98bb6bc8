"""The early warning of 细则第四条第二款 (信访风险防控预警), computed from the matters on each
read — no stored job: spikes of matters by place, category and fortnight; petitioners
returning with matter after matter; collective visits.

Counts cover every matter of the region; a matter is linked only where the reader may open it
(``visible``), and a petitioner is never named: a repeat petitioner is a number and the
matters the reader may see (细则第十一条第一款第八项).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from xinfang.access.policy import visible
from xinfang.orgs.choices import LEADERSHIP_POSITION_KINDS, OrganRole
from xinfang.orgs.models import Organ, Position
from xinfang.orgs.selectors import held_on
from xinfang.petitions.matters.models import Category, Matter

from .days import day_start
from .settings import SettingValue, duty_setting

#: The period the settings' titles name: a spike is counted within a fortnight (两周内), repeat
#: petitions and collective visits within ninety days (九十日内).
FORTNIGHT_DAYS = 14
WINDOW_DAYS = 90
#: Fortnights are counted from a Monday, so every reader sees the same ones.
FORTNIGHT_EPOCH = dt.date(2017, 5, 22)


@dataclass(frozen=True)
class Spike:
    """Matters of one place and category in one fortnight, at or above the threshold."""

    place: str
    place_name: str
    category: str
    start: dt.date
    end: dt.date
    count: int
    matter_ids: list[int]


@dataclass(frozen=True)
class Repeat:
    """One petitioner's matters in the window (the petitioner unnamed: ``number``)."""

    number: int
    count: int
    matter_ids: list[int]


@dataclass
class Warnings:
    """The region's warnings for one reader, with the thresholds as policy values."""

    organ: Organ
    region: str
    since: dt.date
    today: dt.date
    spike_setting: SettingValue
    repeat_setting: SettingValue
    spikes: list[Spike] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)
    collective_count: int = 0
    collective_headcount: int = 0
    collective_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many warnings: each spike, each repeat petitioner, each collective visit."""
        return len(self.spikes) + len(self.repeats) + self.collective_count


def may_see_warnings(user: Any, organ: Organ, today: dt.date) -> bool:
    """The region's leaders (the leadership of its party committee or government) and its
    petition office see the warnings (细则第四条第二款)."""
    if not getattr(user, "is_authenticated", False):
        return False
    posts = Position.objects.filter(held_on(today), organ_id=organ.pk, person__user_id=user.pk)
    if organ.has_role(OrganRole.PETITION_OFFICE):
        return posts.exists()
    regional = organ.has_role(OrganRole.PARTY_COMMITTEE) or organ.has_role(OrganRole.GOVERNMENT)
    return regional and posts.filter(kind__in=LEADERSHIP_POSITION_KINDS).exists()


def fortnight_start(day: dt.date) -> dt.date:
    """The first day of the fortnight ``day`` falls in."""
    offset = (day - FORTNIGHT_EPOCH).days % FORTNIGHT_DAYS
    return day - dt.timedelta(days=offset)


def _place_names(codes: set[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for code, name in (
        Organ.objects.filter(region_code__in=sorted(codes))
        .order_by("depth", "path")
        .values_list("region_code", "short_name")
    ):
        names.setdefault(code, name)
    return names


def region_warnings(user: Any, organ: Organ, today: dt.date | None = None) -> Warnings:
    """The warnings of ``organ``'s region (its region code and every place within it) over
    the last ninety days, as ``user`` may see them."""
    day = today or timezone.localdate()
    since = day - dt.timedelta(days=WINDOW_DAYS - 1)
    region = organ.region_code
    found = Warnings(
        organ=organ,
        region=region,
        since=since,
        today=day,
        spike_setting=duty_setting("warning_spike_matters", on=day, organ=organ),
        repeat_setting=duty_setting("warning_repeat_matters", on=day, organ=organ),
    )
    rows = list(
        Matter.objects.filter(
            region_code__startswith=region,
            # The local days as the instants of their midnights: a range on the column
            # itself, not a date computed (in Python, on SQLite) for every matter.
            received_at__gte=day_start(since),
            received_at__lt=day_start(day + dt.timedelta(days=1)),
        ).values_list(
            "pk",
            "region_code",
            "category_id",
            "received_at",
            "petitioner_id",
            "is_collective",
            "headcount",
        )
    )
    if not rows:
        return found
    seen = set(
        visible(user, Matter.objects.filter(pk__in=[r[0] for r in rows])).values_list(
            "pk", flat=True
        )
    )
    buckets: dict[tuple[str, int | None, dt.date], list[int]] = defaultdict(list)
    by_petitioner: dict[int, list[int]] = defaultdict(list)
    for pk, place, category, received, petitioner, collective, headcount in rows:
        start = fortnight_start(timezone.localdate(received))
        buckets[(place, category, start)].append(pk)
        if petitioner is not None:
            by_petitioner[petitioner].append(pk)
        if collective:
            found.collective_count += 1
            found.collective_headcount += headcount or 0
            if pk in seen:
                found.collective_ids.append(pk)
    spikes = {k: ids for k, ids in buckets.items() if len(ids) >= found.spike_setting.value}
    categories = dict(
        Category.objects.filter(pk__in={k[1] for k in spikes if k[1]}).values_list("pk", "name")
    )
    places = _place_names({k[0] for k in spikes})
    for (spot, kind, start), ids in sorted(spikes.items(), key=lambda kv: -len(kv[1])):
        found.spikes.append(
            Spike(
                place=spot,
                place_name=places.get(spot, ""),
                category=categories.get(kind, "") if kind else "",
                start=start,
                end=start + dt.timedelta(days=FORTNIGHT_DAYS - 1),
                count=len(ids),
                matter_ids=sorted(i for i in ids if i in seen),
            )
        )
    counts = Counter({p: len(ids) for p, ids in by_petitioner.items()})
    threshold = found.repeat_setting.value
    for number, (petitioner, count) in enumerate(
        (item for item in counts.most_common() if item[1] >= threshold), start=1
    ):
        ids = sorted(i for i in by_petitioner[petitioner] if i in seen)
        found.repeats.append(Repeat(number=number, count=count, matter_ids=ids))
    found.collective_ids.sort()
    return found
