from programs.models.catalogue import BenefitComponent, Program, ProgramPeriod, ProgramQuota
from programs.models.disbursements import Disbursement
from programs.models.groups import (
    Group,
    GroupMember,
    GroupPayment,
    GroupVisit,
    GroupVisitPhoto,
    Repayment,
)
from programs.models.recipients import (
    Recipient,
    RecipientBatch,
    RecipientBatchRow,
    RecipientStatusChange,
)
from programs.models.targeting import (
    RunHouseholdProgram,
    RunOverlap,
    RunPersonProgram,
    RunRecipientIssue,
    RunVillageCoverage,
    RunVillageStat,
    TargetingRun,
)

__all__ = [
    "BenefitComponent",
    "Disbursement",
    "Group",
    "GroupMember",
    "GroupPayment",
    "GroupVisit",
    "GroupVisitPhoto",
    "Program",
    "ProgramPeriod",
    "ProgramQuota",
    "Recipient",
    "RecipientBatch",
    "RecipientBatchRow",
    "RecipientStatusChange",
    "Repayment",
    "RunHouseholdProgram",
    "RunOverlap",
    "RunPersonProgram",
    "RunRecipientIssue",
    "RunVillageCoverage",
    "RunVillageStat",
    "TargetingRun",
]
