"""The accountability record of a person for the organization and personnel departments
(细则第十八条: 组织、人事部门应当将被追究信访工作责任人员的有关情况，作为业绩评定、奖励处罚、
选拔任用的重要依据).

Who reads whose record is the accountability app's one rule
(``xinfang.access.policy.can_read_accountability_record``): the managing authority of the
person and the organization and personnel departments of its level (同级), never the person
himself. ``record_persons`` lists, for a department, the persons with a decided measure whose
record it may read; a person's page reads through ``access_accountability_record`` (a logged
404 otherwise).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from xinfang.access.policy import can_read_accountability_record, scope_for
from xinfang.accountability.choices import DecisionState
from xinfang.accountability.models import Decision, Notice
from xinfang.accountability.selectors import notices_for
from xinfang.orgs.choices import OrganRole
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import organs_of_user

from .cadres_figures import accountability_rows, measure_labels


def is_cadre_department(organ: Organ) -> bool:
    """An organization or personnel department (组织人事部门, 第十八条)."""
    return organ.has_role(OrganRole.ORGANIZATION) or organ.has_role(OrganRole.PERSONNEL)


def cadre_departments_of_user(user: Any) -> list[Organ]:
    return [organ for organ in organs_of_user(user) if is_cadre_department(organ)]


@dataclass(frozen=True)
class RecordPerson:
    """One person on the list 被追究信访工作责任人员: the decided measures, newest first."""

    person: Person
    rows: list[dict[str, Any]]

    @property
    def latest(self) -> dict[str, Any]:
        return self.rows[0]

    @property
    def measures(self) -> list[str]:
        return [label for row in self.rows for label in measure_labels(row)]


def record_persons(
    user: Any, today: dt.date, *, year: int | None = None, measure: str = ""
) -> list[RecordPerson]:
    """The persons with a decided accountability measure whose record the user may read
    (``can_read_accountability_record``: for an organization or personnel department, the
    cadres managed by an authority of its level), with the measures decided in ``year`` and
    of kind ``measure`` when given; most recent decision first."""
    if scope_for(user).is_empty:
        return []
    decisions = Decision.objects.filter(state=DecisionState.DECIDED, person__isnull=False)
    if year is not None:
        decisions = decisions.filter(decided_on__year=year)
    person_ids = list(
        dict.fromkeys(decisions.order_by("-decided_on").values_list("person_id", flat=True))
    )
    found: list[RecordPerson] = []
    for person in Person.objects.filter(pk__in=person_ids):
        if not can_read_accountability_record(user, person):
            continue
        rows = accountability_rows(person, today)
        if year is not None:
            rows = [r for r in rows if r["decided_on"] and r["decided_on"].startswith(str(year))]
        if measure:
            rows = [r for r in rows if measure in r["measures"] or measure in r["options"]]
        if rows:
            found.append(RecordPerson(person=person, rows=rows))
    found.sort(key=lambda p: p.latest["decided_on"] or "", reverse=True)
    # All of them: the page and the API page the list and show its total (no silent cap).
    return found


def person_notices(user: Any, person: Person) -> list[Notice]:
    """The notices of decisions on the person circulated to the user's departments
    (``notices_for``: 责任追究情况通报, 第十八条)."""
    return list(notices_for(user).filter(decision__person_id=person.pk).order_by("-created_at"))
