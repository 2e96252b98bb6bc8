"""The whole recommendation of an accountability case (``xinfang decide``).

:func:`parse_facts` validates the JSON facts (raising :class:`FactsError` naming the field),
:func:`decide` applies 细则第十一条至第十八条 and returns a frozen :class:`Recommendation`, and
:meth:`Recommendation.to_json` gives the public shape documented in docs/rules.md.
"""

from __future__ import annotations

from .facts import Facts, FactsError, Person, parse_facts
from .output import Judgement, PersonOutcome, Recommendation, Referral
from .recommend import decide, decide_json

__all__ = [
    "Facts",
    "FactsError",
    "Judgement",
    "Person",
    "PersonOutcome",
    "Recommendation",
    "Referral",
    "decide",
    "decide_json",
    "parse_facts",
]
