"""Writes of Musrenbang, by topic: planning years and stages (``years``), forums and
attendance (``forums``), proposals and amendments (``proposals``), scoring (``scoring``),
ceilings and ranking (``ceilings``); what they share is in ``common``.

Every write checks the user's region first: a village outside it reads exactly like a
village that does not exist ("not found"). A closed stage's results change only through
``proposal_update`` with a reason, which leaves an ``Amendment``.
"""

from musrenbang.services.ceilings import (
    FILL_RULE,
    FillResult,
    ceiling_walk,
    district_ceiling_fill,
    district_ceiling_set,
    proposal_reject,
)
from musrenbang.services.common import (
    MANAGE,
    proposals_in,
    region_not_found,
    rupiah_parse,
    stage_of_kind,
    stage_require_open,
    volume_parse,
)
from musrenbang.services.forums import (
    AttendeeInput,
    ForumInput,
    attendance_add,
    forum_create,
    forum_may_write,
)
from musrenbang.services.proposals import EDITABLE, ProposalInput, proposal_create, proposal_update
from musrenbang.services.scoring import (
    DEFAULT_CRITERIA,
    DEFAULT_RUBRIC_NAME,
    proposal_auto_scores_fill,
    proposal_score_record,
    proposal_scores_compute,
    rubric_weights_check,
)
from musrenbang.services.years import STAGE_ORDER, planning_year_create, stage_close

__all__ = [
    "DEFAULT_CRITERIA",
    "DEFAULT_RUBRIC_NAME",
    "EDITABLE",
    "FILL_RULE",
    "MANAGE",
    "STAGE_ORDER",
    "AttendeeInput",
    "FillResult",
    "ForumInput",
    "ProposalInput",
    "attendance_add",
    "ceiling_walk",
    "district_ceiling_fill",
    "district_ceiling_set",
    "forum_create",
    "forum_may_write",
    "planning_year_create",
    "proposal_auto_scores_fill",
    "proposal_create",
    "proposal_reject",
    "proposal_score_record",
    "proposal_scores_compute",
    "proposal_update",
    "proposals_in",
    "region_not_found",
    "rubric_weights_check",
    "rupiah_parse",
    "stage_close",
    "stage_of_kind",
    "stage_require_open",
    "volume_parse",
]
