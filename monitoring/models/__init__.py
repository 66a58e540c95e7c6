"""Monitoring models, one module per topic; re-exported here."""

from monitoring.models.plans import (
    Activity,
    Allocation,
    Location,
    Plan,
    PlanProgram,
    Priority,
    SubActivity,
    SubActivityProposal,
    Target,
)
from monitoring.models.realisation import (
    Correction,
    Evidence,
    NamedBeneficiary,
    Report,
    ReportingSetting,
    Spending,
)
from monitoring.models.visits import FieldVisit, FieldVisitPhoto, Recommendation

__all__ = [
    "Activity",
    "Allocation",
    "Correction",
    "Evidence",
    "FieldVisit",
    "FieldVisitPhoto",
    "Location",
    "NamedBeneficiary",
    "Plan",
    "PlanProgram",
    "Priority",
    "Recommendation",
    "Report",
    "ReportingSetting",
    "Spending",
    "SubActivity",
    "SubActivityProposal",
    "Target",
]
