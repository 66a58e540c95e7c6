"""The monitoring app's models, one module per topic; this file only re-exports them."""

from monitoring.models.coordination import (
    FollowUp,
    Meeting,
    MeetingAttendee,
    TkpkDecree,
    TkpkMember,
)
from monitoring.models.indicators import (
    Indicator,
    IndicatorBatch,
    IndicatorBatchRow,
    IndicatorValue,
    PeriodKind,
)
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
    "FollowUp",
    "Indicator",
    "IndicatorBatch",
    "IndicatorBatchRow",
    "IndicatorValue",
    "Location",
    "Meeting",
    "MeetingAttendee",
    "NamedBeneficiary",
    "PeriodKind",
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
    "TkpkDecree",
    "TkpkMember",
]
