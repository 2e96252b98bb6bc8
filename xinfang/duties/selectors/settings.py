"""The value of a duty setting for an organ on a day: its own, or the profile's policy value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from xinfang.orgs.models import Organ
from xinfang.punctuation import english
from xinfang.rules.basis import Basis, rules
from xinfang.rules.profiles import DutyUnit, profile_in_force

from ..models.settings import ORGAN_SETTINGS, OrganDutySettings


@dataclass(frozen=True)
class SettingValue:
    """A duty setting as it applies: the value, where it comes from (``organ``: the organ set
    it, ``decided_by`` saying how; ``profile``: the policy value of the profile in force, set
    under 细则第十九条), and what to cite."""

    name: str
    value: int
    unit: DutyUnit
    origin: str
    policy: bool
    title_zh: str
    title_en: str
    basis: tuple[Basis, ...]
    decided_by: str = ""

    @property
    def title(self) -> str:
        """The setting's title in the reader's language."""
        return self.title_en if english() else self.title_zh

    @property
    def label(self) -> str:
        """How a page marks the value (政策设定值 / 本机关设定)."""
        return _("本机关设定") if self.origin == "organ" else _("政策设定值")


def duty_setting(name: str, *, on: dt.date, organ: Organ | None = None) -> SettingValue:
    """The setting ``name`` for ``organ`` on ``on``: the organ's own norm where it set one
    (``ORGAN_SETTINGS``), otherwise the profile's value. ``ProfileError`` for an unknown
    name."""
    rule = profile_in_force(on).duty(name)
    if organ is not None and name in ORGAN_SETTINGS:
        own = OrganDutySettings.objects.filter(organ_id=organ.pk).first()
        value = getattr(own, name, None) if own is not None else None
        if value:
            return SettingValue(
                name=name,
                value=int(value),
                unit=rule.unit,
                origin="organ",
                policy=False,
                title_zh=rule.title_zh,
                title_en=rule.title_en,
                basis=tuple(b for b in rule.source if b != rules(19)),
                decided_by=own.decided_by if own is not None else "",
            )
    return SettingValue(
        name=name,
        value=rule.value,
        unit=rule.unit,
        origin="profile",
        policy=rule.policy,
        title_zh=rule.title_zh,
        title_en=rule.title_en,
        basis=rule.source,
    )
