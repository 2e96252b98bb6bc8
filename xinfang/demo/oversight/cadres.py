"""Demo records of the oversight part ``cadres`` (细则第十条第二款、第十八条).

- 市委组织部 asked 市信访办 twenty days ago about 渝中区委书记 (500103-party:principal) for a
  promotion; the office drafted the opinion from the system and its principal leader signed it:
  the answer waits, unread, on the workbench of ``org_dept``;
- 市委组织部 asks 市信访办 today about the deputy director for petitions of 市卫生健康委, who
  carries a decided accountability measure (the accountability demo's): pending, the work of
  ``city_petition_clerk``;
- 渝中区委组织部 asks 渝中区信访办 about the deputy director for petitions of 渝中区住房城乡建委
  (also with a decided measure): pending, the work of ``district_petition_clerk``.

Everything goes through the services, as the demo accounts where they exist; a request already
there (same department, same person) is left as it is, so running twice writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from xinfang.orgs.models import Organ, Person
from xinfang.oversight.models.cadres import CadreOpinionRequest
from xinfang.oversight.selectors.cadres import is_leader_of_level
from xinfang.oversight.services import cadres as services

ACTOR = "system:demo"

#: (department, asking account's person, the persons asked about in order of preference,
#: purpose, days ago asked, answered).
REQUESTS: tuple[tuple[str, str, tuple[str, ...], str, int, bool], ...] = (
    (
        "500000-org",
        "500000-org:staff1",
        ("500103-party:principal",),
        "promotion",
        20,
        True,
    ),
    (
        "500000-org",
        "500000-org:staff1",
        ("500000-health:sup1", "500103-gov:principal"),
        "annual",
        0,
        False,
    ),
    (
        "500103-org",
        "500103-org:staff1",
        ("500103-housing:sup1", "500103-housing:principal"),
        "promotion",
        0,
        False,
    ),
)
OPINION_END = "综合意见：该同志能够履行信访工作职责，未发现需要特别说明的情况。"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _user_of(code: str) -> Any:
    person = Person.objects.filter(code=code).select_related("user").first()
    return person.user if person is not None and person.user is not None else ACTOR


def _person(department: Organ, codes: tuple[str, ...], day: dt.date) -> Person | None:
    for code in codes:
        person = Person.objects.filter(code=code).first()
        if person is not None and is_leader_of_level(department, person, day):
            return person
    return None


def _answer(row: CadreOpinionRequest, asked: dt.date) -> None:
    office = row.office.code
    clerk = _user_of(f"{office}:staff1")
    row = services.cadre_request_draft(
        request=row, actor=clerk, at=_at(asked + dt.timedelta(days=5))
    )
    text = row.opinion.replace("综合意见：（请信访部门填写）", OPINION_END)
    row = services.cadre_request_edit(
        request=row, opinion=text, actor=clerk, at=_at(asked + dt.timedelta(days=5), 15)
    )
    services.cadre_request_sign(
        request=row,
        actor=_user_of(f"{office}:principal"),
        at=_at(asked + dt.timedelta(days=8)),
    )


def load(today: dt.date) -> int:
    """Write the part's demo records (idempotent); how many requests were written."""
    written = 0
    for code, asker, persons, purpose, ago, answered in REQUESTS:
        department = Organ.objects.filter(code=code).first()
        if department is None:
            continue
        asked = today - dt.timedelta(days=ago)
        person = _person(department, persons, asked)
        if person is None:
            continue
        if CadreOpinionRequest.objects.filter(requester=department, person=person).exists():
            continue
        row = services.cadre_request_create(
            requester=department,
            person=person,
            purpose=purpose,
            due=asked + dt.timedelta(days=10),
            actor=_user_of(asker),
            at=_at(asked, 9),
        )
        if answered:
            _answer(row, asked)
        written += 1
    return written
