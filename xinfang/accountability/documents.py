"""The two documents of the workflow, as PDF through WeasyPrint, in Chinese:

- the recommendation letter (责任追究建议书) the petition office sends to a managing authority
  (细则第十七条第二款);
- the decision notice (责任追究决定通知书) of the authority's decisions (第十七条第一款), copied
  to the organization and personnel departments (第十八条).

Both cite the articles behind every line, and use the "WenQuanYi Zen Hei" font (fonts-wqy-zenhei)
for every glyph, so Chinese renders on a machine without any other CJK font.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from xinfang.punctuation import english, join_list
from xinfang.rules.basis import DOCUMENT_TITLES, RULES
from xinfang.rules.citing import citation_in
from xinfang.rules.grounds import Ground, ground

from .choices import (
    DutyRole,
    Harm,
    Impact,
    OrganizationalOption,
    OrganMeasure,
    PersonMeasure,
    Responsibility,
    ResponsibilityKind,
)
from .labels import NONE, in_language
from .models import Decision, HonourDisqualification, Notice, Recommendation, Referral

FONT_FAMILY = "WenQuanYi Zen Hei"
RULES_TITLE = DOCUMENT_TITLES[RULES]


_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_PART = re.compile(r"第([零一二三四五六七八九十百]+)([条款项])")


def _chinese_int(text: str) -> int:
    """一 → 1, 十四 → 14, 二十三 → 23, 一百零一 → 101 (the article numbers of the rules)."""
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _NUMERALS[char]
    return total + current


def _citation_key(citation: str) -> tuple[int, ...]:
    """(article, clause, item) of ``第十一条第一款第二项`` for ordering citations."""
    return tuple(_chinese_int(number) for number, _ in _PART.findall(citation))


def cite(bases: Iterable[str]) -> str:
    """``["细则第十一条第一款第二项", "细则第十四条"]`` →
    《重庆市信访工作责任制实施细则》第十一条第一款第二项、第十四条; on English pages
    ``Chongqing Rules, Art. 11 ¶1 item 2; Chongqing Rules, Art. 14``.

    Citations of other documents keep their own short title, in order, without repeats.
    """
    seen: dict[str, None] = {}
    for basis in bases:
        seen.setdefault(str(basis), None)
    if english():
        ordered = sorted(
            seen,
            key=lambda b: (
                not b.startswith(RULES + "第"),
                _citation_key(b) if b.startswith(RULES + "第") else (),
            ),
        )
        return "; ".join(citation_in(b, english=True) for b in ordered)
    rules_parts = sorted(
        (b[len(RULES) :] for b in seen if b.startswith(RULES + "第")), key=_citation_key
    )
    others = [b for b in seen if not b.startswith(RULES + "第")]
    parts = []
    if rules_parts:
        parts.append(f"《{RULES_TITLE}》" + "、".join(rules_parts))
    parts.extend(citation_in(b, english=False) for b in others)
    return "；".join(parts)


def _labels(values: Iterable[str], *choices: Any) -> str:
    names: dict[str, str] = {}
    for choice in choices:
        names.update({str(k): str(v) for k, v in choice.choices})
    return join_list(names.get(str(v), NONE) for v in values) or gettext("不予追究")


def ground_text(g: Ground) -> str:
    """A ground of 细则第十一条第一款: the article's words, or its English summary."""
    return g.summary_en if english() else g.text_zh


def decision_rows(decisions: Iterable[Decision]) -> list[dict[str, Any]]:
    """What each decision (or pending recommendation) says, in words, with its citations."""
    rows = []
    for d in decisions:
        rows.append(
            {
                "decision": d,
                "subject": d.person.name if d.person else (d.organ.name if d.organ else ""),
                "role": _labels([d.role], DutyRole) if d.role else gettext("机关"),
                "responsibility": _labels([d.responsibility], Responsibility)
                if d.responsibility
                else "",
                "recommended": _labels(d.recommended_measures, PersonMeasure, OrganMeasure),
                "options": _labels(d.recommended_options, OrganizationalOption)
                if d.recommended_options
                else "",
                "decided": _labels(d.decided_measures, PersonMeasure, OrganMeasure),
                "decided_options": _labels(d.decided_options, OrganizationalOption)
                if d.decided_options
                else "",
                "basis": cite(d.recommended_basis),
                "rectification": getattr(d, "rectification", None)
                if d.state == "decided"
                else None,
            }
        )
    return rows


def _render(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported late: Pango loads once, only where PDFs are made

    html = render_to_string(template, {**context, "font_family": FONT_FAMILY})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def recommendation_context(recommendation: Recommendation) -> dict[str, Any]:
    case = recommendation.case
    rec = case.recommendation or {}
    grounds = [ground(n) for n in case.grounds]
    decisions = list(
        recommendation.decisions.select_related("person", "organ", "rectification").order_by("id")
    )
    bases = [*rec.get("basis", []), *(b for d in decisions for b in d.recommended_basis)]
    honour = rec.get("honour_disqualification")
    return {
        "recommendation": recommendation,
        "case": case,
        "grounds": [{"citation": cite([str(g.basis)]), "text": ground_text(g)} for g in grounds],
        "harm": _labels([case.harm], Harm),
        "impact": _labels([case.impact], Impact),
        "kind": _labels([case.responsibility_kind], ResponsibilityKind),
        "rows": decision_rows(decisions),
        "citation": cite(bases),
        "honour": honour,
        "honour_citation": cite(honour["basis"]) if honour else "",
        "judgements": [
            {**j, "point": in_language(j.get("point", ""))}
            for j in rec.get("needs_judgement", [])
            if isinstance(j, dict)
        ],
        "today": timezone.localdate(),
        "participants": list(case.participants.select_related("person").order_by("id")),
    }


def recommendation_letter_pdf(recommendation: Recommendation) -> bytes:
    """责任追究建议书 to one managing authority, in Chinese whatever the reader's language."""
    with translation.override("zh-hans"):
        return _render(
            "accountability/documents/recommendation_letter.html",
            recommendation_context(recommendation),
        )


def decision_notice_pdf(recommendation: Recommendation) -> bytes:
    """责任追究决定通知书: the authority's decisions on everyone the letter named, in Chinese
    whatever the reader's language."""
    with translation.override("zh-hans"):
        return _decision_notice_pdf(recommendation)


def _decision_notice_pdf(recommendation: Recommendation) -> bytes:
    context = recommendation_context(recommendation)
    decisions = [row["decision"] for row in context["rows"]]
    decided = [d for d in decisions if d.state == "decided"]
    context.update(
        {
            "decided_rows": [r for r in context["rows"] if r["decision"].state == "decided"],
            "decided_citation": cite(
                [
                    *(b for d in decided for b in d.recommended_basis),
                    *(
                        b
                        for h in HonourDisqualification.objects.filter(decision__in=decided)
                        for b in h.basis
                    ),
                    "细则第十七条第一款",
                    "细则第十八条",
                ]
            ),
            "honours": [
                {"organ": h.organ, "year": h.year, "citation": cite(h.basis)}
                for h in HonourDisqualification.objects.filter(decision__in=decided)
                .select_related("organ")
                .order_by("id")
            ],
            "referrals": [
                {"referral": r, "citation": cite(r.basis)}
                for r in Referral.objects.filter(decision__in=decided)
                .select_related("person", "to_organ")
                .order_by("id")
            ],
            "copied_to": sorted(
                {
                    n.to_organ.name
                    for n in Notice.objects.filter(decision__in=decided).select_related("to_organ")
                }
            ),
        }
    )
    return _render("accountability/documents/decision_notice.html", context)
