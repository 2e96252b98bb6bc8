"""A detected lead's summary is a code and its values, shown in the reader's language."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import translation

from xinfang.accountability.detection import detect_leads
from xinfang.accountability.models import Lead

from .factories import FAILURE_DAY, World, make_overdue_matter, make_supervision_order

AFTER = FAILURE_DAY + dt.timedelta(days=1)


def test_a_detected_lead_stores_its_summary_as_a_code_and_chinese_text(world: World) -> None:
    matter = make_overdue_matter(world, period="accept")
    detect_leads(today=AFTER)
    lead = Lead.objects.get()
    assert lead.summary_params == {
        "code": "matter_overdue",
        "matter": matter.pk,
        "subject": matter.summary,
        "due": FAILURE_DAY.isoformat(),
        "period": "accept",
        "organ": world.organ("housing").name,
    }
    assert lead.summary == (
        f"信访事项 #{matter.pk}（{matter.summary}）应于 {FAILURE_DAY.isoformat()} 前"
        f"决定是否受理，{world.organ('housing').name}未按期完成。"
    )
    with translation.override("zh-hans"):
        assert lead.summary_text == lead.summary


def test_a_generated_summary_is_english_on_english_pages(world: World) -> None:
    matter = make_overdue_matter(world, period="handle", due=dt.date(2025, 9, 1), acted_by=None)
    make_supervision_order(world, matter, due=FAILURE_DAY)
    detect_leads(today=AFTER, kinds=["supervision"])
    lead = Lead.objects.get()
    with translation.override("en"):
        assert lead.summary_text == (
            f"{world.organ('d_po').name} supervised matter #{matter.pk}; "
            f"{world.organ('housing').name} did not reply by {FAILURE_DAY.isoformat()}."
        )
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(world.user("d_po_clerk"), backend="xinfang.access.backends.ModelBackend")
    page = client.get(f"/accountability/leads/{lead.pk}/").content.decode()
    assert f"supervised matter #{matter.pk};" in page
    assert "督办" not in page


def test_a_lead_without_parameters_shows_its_stored_text(world: World) -> None:
    """Leads filed by hand, or detected before the codes existed, keep their own words."""
    make_overdue_matter(world, period="accept")
    detect_leads(today=AFTER)
    Lead.objects.update(summary_params={}, summary="旧的摘要")
    with translation.override("en"):
        assert Lead.objects.get().summary_text == "旧的摘要"
