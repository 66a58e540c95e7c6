"""Indicative ceilings (pagu indikatif kewilayahan) per district and the ranking that fills
them under a locked ceiling row whose CHECK refuses an agreed total above the amount."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from musrenbang.models import DistrictCeiling, PlanningYear, Proposal, Stage
from musrenbang.selectors import musrenbang_may_write
from musrenbang.services.common import (
    MANAGE,
    proposals_in,
    region_not_found,
    rupiah_parse,
    stage_of_kind,
    stage_require_open,
)
from tkpk.models import AuditAction, Region, User
from tkpk.services.audit import audit_record


def district_ceiling_set(
    *,
    user: User,
    planning_year: PlanningYear,
    district: Region,
    amount: int | str,
    formula_inputs: dict[str, Any] | None = None,
) -> DistrictCeiling:
    if (
        district.level != Region.Level.DISTRICT
        or district.parent_id != planning_year.region_id
        or not musrenbang_may_write(user, district.code, permission=MANAGE)
    ):
        raise region_not_found("district", district.code)
    stage_require_open(stage_of_kind(planning_year, Stage.Kind.DISTRICT))
    value = rupiah_parse(amount)
    with transaction.atomic():
        ceiling, _created = DistrictCeiling.objects.select_for_update().get_or_create(
            planning_year=planning_year, district=district, defaults={"amount": value}
        )
        if ceiling.agreed_total > value:
            raise ValidationError(
                {
                    "amount": [
                        _(
                            "Pagu tidak boleh di bawah jumlah yang sudah disepakati "
                            "(Rp%(total)s); susun ulang peringkat lebih dulu."
                        )
                        % {"total": f"{ceiling.agreed_total:,}".replace(",", ".")}
                    ]
                }
            )
        ceiling.amount = value
        ceiling.formula_inputs = formula_inputs or {}
        ceiling.save(update_fields=["amount", "formula_inputs"])
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_CEILING_SET,
            target=ceiling,
            region_code=district.code,
            detail={"amount": value},
        )
    return ceiling


@dataclass(frozen=True)
class FillResult:
    ceiling: int
    agreed_total: int
    accepted: int
    reserve: int
    unscored: int


_FILL_SQL = """
WITH ranked AS (
    SELECT id,
           ROW_NUMBER() OVER (ORDER BY score DESC, estimated_cost, id) AS position,
           SUM(estimated_cost) OVER (
               ORDER BY score DESC, estimated_cost, id
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
           ) AS running
    FROM {proposal}
    WHERE planning_year_id = %s AND village_id LIKE %s
      AND status <> 'rejected' AND score IS NOT NULL
)
UPDATE {proposal}
SET district_rank = ranked.position,
    status = CASE WHEN ranked.running <= %s THEN 'accepted' ELSE 'reserve' END
FROM ranked
WHERE {proposal}.id = ranked.id
"""


def district_ceiling_fill(
    *, user: User, planning_year: PlanningYear, district: Region
) -> FillResult:
    """Rank the district's scored proposals (score, then the cheaper, then the older) and
    accept them while the running sum of their costs fits the ceiling; the rest become
    reserves. Rejected proposals stay rejected, unscored ones stay proposed.

    One statement with window functions; the ceiling row is locked for the transaction
    and the agreed total is written to it, where a CHECK refuses a total over the amount."""
    if not musrenbang_may_write(user, district.code, permission=MANAGE):
        raise region_not_found("district", district.code)
    stage_require_open(stage_of_kind(planning_year, Stage.Kind.DISTRICT))
    scope = proposals_in(planning_year, district.code)
    table = connection.ops.quote_name(Proposal._meta.db_table)
    with transaction.atomic():
        ceiling = (
            DistrictCeiling.objects.select_for_update()
            .filter(planning_year=planning_year, district=district)
            .first()
        )
        if ceiling is None:
            raise ValidationError(_("Pagu indikatif kecamatan ini belum ditetapkan."))
        scope.filter(status__in=[Proposal.Status.ACCEPTED, Proposal.Status.RESERVE]).update(
            status=Proposal.Status.PROPOSED, district_rank=None
        )
        scope.filter(status=Proposal.Status.REJECTED).update(district_rank=None)
        with connection.cursor() as cursor:
            cursor.execute(
                _FILL_SQL.format(proposal=table),
                [planning_year.pk, district.code + ".%", ceiling.amount],
            )
        totals = scope.aggregate(
            agreed=Sum("estimated_cost", filter=Q(status=Proposal.Status.ACCEPTED)),
        )
        agreed = totals["agreed"] or 0
        if agreed > ceiling.amount:  # the CHECK would refuse it too; say it plainly first
            raise ValidationError(_("Jumlah yang disepakati melebihi pagu."))
        ceiling.agreed_total = agreed
        ceiling.filled_at = timezone.now()
        ceiling.filled_by = user
        ceiling.save(update_fields=["agreed_total", "filled_at", "filled_by"])
        counts = {
            s: scope.filter(status=s).count()
            for s in (Proposal.Status.ACCEPTED, Proposal.Status.RESERVE)
        }
        result = FillResult(
            ceiling=ceiling.amount,
            agreed_total=agreed,
            accepted=counts[Proposal.Status.ACCEPTED],
            reserve=counts[Proposal.Status.RESERVE],
            unscored=scope.filter(score__isnull=True)
            .exclude(status=Proposal.Status.REJECTED)
            .count(),
        )
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_CEILING_FILLED,
            target=ceiling,
            region_code=district.code,
            detail=asdict(result),
        )
    return result
