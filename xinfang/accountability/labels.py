"""The words a person reads for this app's codes, in the reader's language: pages, documents,
downloads and the API's ``*_label`` fields all name a code through here, never show it.

A code no choice knows is shown as "—" rather than as itself: a registry key or an enum value
is never text for a reader (issue 18 §7).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from xinfang.punctuation import english, join_list
from xinfang.rules.grounds import GROUNDS

from .choices import (
    CaseState,
    DecisionState,
    DutyRole,
    Harm,
    Impact,
    LeadKind,
    LeadSource,
    LeadState,
    LeadTier,
    NoticeRole,
    OrganizationalOption,
    OrganMeasure,
    PersonMeasure,
    ReferralTarget,
    Responsibility,
    ResponsibilityKind,
)

#: Codes whose value names one thing whatever the field (measures, roles, kinds ...).
_CHOICES = (
    PersonMeasure,
    OrganMeasure,
    OrganizationalOption,
    DutyRole,
    Responsibility,
    ResponsibilityKind,
    Harm,
    Impact,
    LeadKind,
    LeadSource,
    LeadTier,
    NoticeRole,
    ReferralTarget,
)
#: States share values (``investigating``, ``decided``) with different words: named by kind.
STATES: Mapping[str, Any] = {
    "lead": LeadState,
    "case": CaseState,
    "decision": DecisionState,
}
NONE = "—"


def code_label(value: object) -> str:
    """The label of a code of this app's choices; "—" for an empty or unknown one."""
    text = str(value if value is not None else "")
    for choices in _CHOICES:
        labels = dict(choices.choices)
        if text in labels:
            return str(labels[text])
    return NONE


def code_labels(values: Iterable[object] | None) -> str:
    """Labels of a list of codes, joined with 、 (``, `` in English); "—" for none."""
    shown = [code_label(v) for v in values or []]
    return join_list(shown) if shown else NONE


def state_label(value: object, kind: str) -> str:
    """The label of a state of a lead, case or decision."""
    choices = STATES.get(kind)
    labels = dict(choices.choices) if choices is not None else {}
    return str(labels.get(str(value), NONE))


def ground_choices() -> list[tuple[int, str]]:
    """The nine grounds in the reader's language: （2）未按照规定受理… or ``(2) matters not
    accepted…``. A callable, so each form shows the language of its request."""
    if english():
        return [(g.number, f"({g.number}) {g.summary_en}") for g in GROUNDS]
    return [(g.number, f"（{g.number}）{g.text_zh}") for g in GROUNDS]


def ground_label(number: object) -> str:
    """A ground by its clause: 第十一条第一款第二项 / Art. 11 ¶1 item 2 and its words."""
    labels = dict(ground_choices())
    try:
        return labels.get(int(str(number)), NONE)
    except ValueError:
        return NONE


def record_reference(kind_label: object, record_id: object) -> str:
    """A record as a person names it: ``信访事项 #81`` / ``Petition matter #81``."""
    return f"{kind_label} #{record_id}"


def in_language(text: object) -> str:
    """The reader's half of a text the rules core writes in both languages
    (``中文 / English``); a text in one language stays as it is."""
    value = str(text or "")
    if " / " not in value:
        return value
    chinese, english_text = value.split(" / ", 1)
    return english_text.strip() if english() else chinese.strip()
