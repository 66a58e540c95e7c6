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

__all__ = [
    "FollowUp",
    "Indicator",
    "IndicatorBatch",
    "IndicatorBatchRow",
    "IndicatorValue",
    "Meeting",
    "MeetingAttendee",
    "PeriodKind",
    "TkpkDecree",
    "TkpkMember",
]
