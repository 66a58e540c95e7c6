"""Routing proposals to the agency (OPD) responsible for their field of affairs, for a whole
planning year at once: one UPDATE per field, only proposals not yet routed (a proposal
routed by hand, or already reviewed, keeps its agency)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from musrenbang.models import FieldOfAffairs, PlanningYear, Proposal
from musrenbang.selectors import musrenbang_may_write, musrenbang_scope_q
from musrenbang.services.common import MANAGE, region_not_found
from tkpk.models import Agency, AuditAction, User
from tkpk.services.audit import audit_record


def proposals_route_by_field(
    *, user: User, planning_year: PlanningYear, routes: dict[str, int | None]
) -> dict[str, int]:
    """``routes`` maps a field of affairs to an agency of the year's regency (or None to
    leave it). Returns how many proposals each field routed."""
    if not musrenbang_may_write(user, planning_year.region_id, permission=MANAGE):
        raise region_not_found("region", planning_year.region_id)
    wanted = {field: agency for field, agency in routes.items() if agency}
    errors: dict[str, list[str]] = {}
    for field in wanted:
        if field not in FieldOfAffairs.values:
            errors[field] = [_("Bidang urusan tidak dikenal.")]
    found = set(
        Agency.objects.filter(
            pk__in=set(wanted.values()), region_id=planning_year.region_id
        ).values_list("pk", flat=True)
    )
    for field, agency in wanted.items():
        if agency not in found and field not in errors:
            # Missing or another regency's: the same answer.
            errors[field] = [_("Perangkat daerah tidak ditemukan.")]
    if errors:
        raise ValidationError(errors)
    routed: dict[str, int] = {}
    with transaction.atomic():
        for field, agency in sorted(wanted.items()):
            routed[field] = Proposal.objects.filter(
                musrenbang_scope_q(user, field="village__code"),
                planning_year=planning_year,
                field_of_affairs=field,
                agency__isnull=True,
            ).update(agency_id=agency)
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_PROPOSAL_CHANGED,
            target=planning_year,
            region_code=planning_year.region_id,
            detail={"routed_by_field": wanted, "proposals": routed},
        )
    return routed
