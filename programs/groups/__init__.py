"""Cluster 2 and 3 groups (KUBE, KSM).

A group's loan is repaid in instalments after a grace period (seed 004: 10 monthly
instalments after 2 months). Arrears and follow-up evidence are computed in SQL for the list,
so a group whose goats "died one by one" (seed 003) shows up without anyone reading notes.
"""

from programs.groups.photos import PhotoUpload, visit_photos_check
from programs.groups.schedule import (
    DEFAULT_GRACE_MONTHS,
    DEFAULT_INSTALMENTS,
    Instalment,
    months_after,
    repayment_schedule,
)
from programs.groups.selectors import (
    VISIT_INTERVAL_MONTHS,
    GroupFilters,
    GroupFlag,
    RepaymentRow,
    RepaymentSummary,
    group_flags,
    group_get_for_user,
    group_list,
    group_member_get_for_user,
    group_members,
    group_repayment_summary,
    group_repayments,
    group_visits,
    no_evidence_q,
    reused_photo_ids,
    visit_photo_get_for_user,
)
from programs.groups.services import (
    GroupInput,
    _schedule_write,
    group_create,
    group_member_remove,
    group_members_add,
    group_payment_record,
    group_programs,
    group_update,
    group_visit_record,
    nik_lines,
)

__all__ = [
    "DEFAULT_GRACE_MONTHS",
    "DEFAULT_INSTALMENTS",
    "VISIT_INTERVAL_MONTHS",
    "GroupFilters",
    "GroupFlag",
    "GroupInput",
    "Instalment",
    "PhotoUpload",
    "RepaymentRow",
    "RepaymentSummary",
    "_schedule_write",
    "group_create",
    "group_flags",
    "group_get_for_user",
    "group_list",
    "group_member_get_for_user",
    "group_member_remove",
    "group_members",
    "group_members_add",
    "group_payment_record",
    "group_programs",
    "group_repayment_summary",
    "group_repayments",
    "group_update",
    "group_visit_record",
    "group_visits",
    "months_after",
    "nik_lines",
    "no_evidence_q",
    "repayment_schedule",
    "reused_photo_ids",
    "visit_photo_get_for_user",
    "visit_photos_check",
]
