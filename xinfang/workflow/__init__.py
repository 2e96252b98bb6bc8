"""The step core: a step declared once, one runner for every app (docs/architecture.md)."""

from .core import Act, Machine, Outcome, Step, StepInput, Taken, act_time, run, take

__all__ = [
    "Act",
    "Machine",
    "Outcome",
    "Step",
    "StepInput",
    "Taken",
    "act_time",
    "run",
    "take",
]
