"""Records of the oversight (细则第三章), one module per part:

- ``inspections``: 第九条 — inspection plans, inspections with their checklist, findings and
  rectification demands, and the circulated notice (通报) of an inspection;
- ``assessment``: 第十条第一款 — assessment schemes, their indicators, runs and frozen results,
  delivered to the organization department;
- ``cadres``: 第十条第二款、第十八条 — the organization department's request for the petition
  office's opinion on a cadre, and the answer.
"""

from .assessment import *  # noqa: F403
from .cadres import *  # noqa: F403
from .inspections import *  # noqa: F403
