"""Records of the duties of 细则第四条、第六条至第八条, one module per part of the seed:

- ``settings``: an organ's own norms (how often its team takes up petition work, how many
  receptions a leader holds), prevailing over the profile's policy values;
- ``agenda``: 第四条 — agenda items, major decisions and their stability risk assessment,
  dispute screening;
- ``recommendations``: 第六条 — the petition office's three kinds of recommendation, situation
  reports;
- ``supervision``: 第六条 — supervision with escalation, coordination of important problems;
- ``leaders``: 第七条、第八条第二项 — instructions (阅批) and assigned tasks, receptions and field
  visits, case ownership (包案);
- ``incidents``: 第七条第三项、第八条第三项 — collective visits, negative public opinion and
  extreme incidents with their reports; 第八条第四项 — staff reports and suggestions.
"""

from .agenda import AgendaItem, DisputeScreening, MajorDecision, RiskAssessment
from .incidents import Incident, IncidentAction, IncidentEscalation, IncidentReport, StaffReport
from .leaders import CaseOwnership, Instruction, OwnershipMilestone, OwnershipNote, Reception
from .recommendations import OfficeRecommendation, SituationReport
from .settings import OrganDutySettings
from .supervision import Coordination, CoordinationAssignment

__all__ = [
    "AgendaItem",
    "CaseOwnership",
    "Coordination",
    "CoordinationAssignment",
    "DisputeScreening",
    "Incident",
    "IncidentAction",
    "IncidentEscalation",
    "IncidentReport",
    "Instruction",
    "MajorDecision",
    "OfficeRecommendation",
    "OrganDutySettings",
    "OwnershipMilestone",
    "OwnershipNote",
    "Reception",
    "RiskAssessment",
    "SituationReport",
    "StaffReport",
]
