"""After a flush, the data migrations' rows can be written again for the tests that need them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.migration_data import ensure_migration_data
from xinfang.legal.models import CalendarDay
from xinfang.petitions.matters.models import Category


@pytest.mark.django_db(transaction=True)
def test_the_taxonomy_and_the_calendar_come_back_after_a_flush() -> None:
    ensure_migration_data()  # an earlier transactional test on this worker may have flushed
    categories, days = Category.objects.count(), CalendarDay.objects.count()
    assert categories and days
    call_command("flush", interactive=False, verbosity=0)
    assert not Category.objects.exists()
    ensure_migration_data()
    assert Category.objects.count() == categories
    assert CalendarDay.objects.count() == days
    assert Category.objects.get(code="housing-property").name_en
