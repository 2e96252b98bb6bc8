"""Writes of the working calendar; each one leaves its row in the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xinfang.audit.services import audit_record

from .models import CalendarDay, CalendarYear, Determination


@transaction.atomic
def calendar_day_save(*, day: CalendarDay, actor: Any) -> CalendarDay:
    """Validate and save a special day of the calendar, and audit it."""
    day.full_clean()
    day.save()
    audit_record(
        actor=actor,
        action="legal.calendar_day.save",
        target=day,
        details={"date": day.date.isoformat(), "day_type": day.day_type, "source": day.source},
    )
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, actor: Any) -> None:
    """Delete a special day (the date falls back to the weekend rule), and audit it."""
    details = {"date": day.date.isoformat(), "day_type": day.day_type}
    pk = day.pk
    day.delete()
    audit_record(
        actor=actor,
        action="legal.calendar_day.delete",
        object_type="legal.calendarday",
        object_id=str(pk),
        details=details,
    )


@transaction.atomic
def calendar_year_save(*, year: CalendarYear, actor: Any) -> CalendarYear:
    """Validate and save a calendar year (e.g. mark it complete), and audit it."""
    year.full_clean()
    year.save()
    audit_record(
        actor=actor,
        action="legal.calendar_year.save",
        target=year,
        details={"year": year.year, "complete": year.complete, "source": year.source},
    )
    return year


@transaction.atomic
def determination_save(*, determination: Determination, actor: Any) -> Determination:
    """Validate and save a determination of the municipal petition office, and audit it.

    Deadlines computed from its effective date on use it and cite its document number.
    """
    created = determination.pk is None
    determination.full_clean()
    determination.save()
    audit_record(
        actor=actor,
        action="legal.determination.create" if created else "legal.determination.change",
        target=determination,
        details={
            "number": determination.number,
            "organ": determination.organ,
            "issued_on": determination.issued_on.isoformat(),
            "effective_on": determination.effective_on.isoformat(),
            "kind": determination.kind,
            "profile": determination.profile,
            "period": determination.period,
            "days": determination.days,
            "day_basis": determination.day_basis,
            "reading_key": determination.reading_key,
            "reading_value": determination.reading_value,
            "text": determination.text,
        },
    )
    return determination
