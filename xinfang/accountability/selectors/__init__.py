"""Reads of the accountability workflow, and its access chokepoints.

Who sees what (docs/accountability.md):

- leads and cases: the petition office whose territory holds the organ concerned (细则第六条、
  第十七条第二款), never its own chain of command, never a lead naming the reader as a duty
  holder; conflict exclusion through ``xinfang.access.policy.visible`` applies on top;
- recommendations and their decisions, with the letter and the decision notice (PDF): the
  managing authority they are addressed to (its leadership team and its organization and
  personnel departments, 第十七条第一款), and the petition office that investigated the case
  (``investigating_organ``, not every office whose territory holds it);
- notices: the organization or personnel department they are addressed to (第十八条);
- a person's accountability record: ``can_read_accountability_record`` and nothing else;
- the system administrator sees everything, except what names him.

Every refusal is a 404 that looks like "not found" and is logged as ``access.denied``.

The reads are split by concern: duty holders (``duties``), choosing organs and people by
name (``choosing``), the offices and authorities the registry names (``offices``), leads and
cases (``cases``), recommendations, decisions and rectification (``recommendations``), notices,
records and honours (``records``); every public name is imported here.
"""

from __future__ import annotations

from .cases import (
    access_case_by_id,
    access_lead_by_id,
    cases_visible_to,
    leads_visible_to,
    prioritized,
    with_holders,
)
from .choosing import (
    ORGAN_SEARCH_LIMIT,
    organs_for_leads,
    organs_named,
    people_in_post_on,
    people_of_organ,
)
from .duties import (
    DutyHolder,
    duty_holders_on,
    failed_work_subject,
    role_of_person_on,
    supervising_leader_unclear,
)
from .offices import (
    organs_with_role_at_level_of,
    petition_office_of_user,
    require_petition_office,
    territorial_petition_office,
)
from .recommendations import (
    access_decision_for_authority,
    access_recommendation_by_id,
    access_rectification_by_id,
    cases_investigated_by,
    decisions_of,
    may_act_for_authority,
    missed_rectifications,
    recommendation_list_for,
    recommendations_for_authority,
    recommendations_readable_by,
    rectifications_visible_to,
)
from .records import (
    access_accountability_record,
    accountability_record,
    honour_disqualifications,
    honour_disqualified,
    notices_dispatched,
    notices_for,
    prior_measures_of,
)
from .todo import accountability_todo

__all__ = [
    "ORGAN_SEARCH_LIMIT",
    "DutyHolder",
    "access_accountability_record",
    "access_case_by_id",
    "access_decision_for_authority",
    "access_lead_by_id",
    "access_recommendation_by_id",
    "access_rectification_by_id",
    "accountability_record",
    "accountability_todo",
    "cases_investigated_by",
    "cases_visible_to",
    "decisions_of",
    "duty_holders_on",
    "failed_work_subject",
    "honour_disqualifications",
    "honour_disqualified",
    "leads_visible_to",
    "may_act_for_authority",
    "missed_rectifications",
    "notices_dispatched",
    "notices_for",
    "organs_for_leads",
    "organs_named",
    "organs_with_role_at_level_of",
    "people_in_post_on",
    "people_of_organ",
    "petition_office_of_user",
    "prior_measures_of",
    "prioritized",
    "recommendation_list_for",
    "recommendations_for_authority",
    "recommendations_readable_by",
    "rectifications_visible_to",
    "require_petition_office",
    "role_of_person_on",
    "supervising_leader_unclear",
    "territorial_petition_office",
    "with_holders",
]
