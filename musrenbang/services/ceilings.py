"""Indicative ceilings (pagu indikatif kewilayahan) per district and the ranking that fills
them under a locked ceiling row whose CHECK refuses an agreed total above the amount."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# Ranks every scored, not rejected proposal of the district and makes it a reserve with
# the reason; the walk then turns the ones it takes into accepted.
_RANK_SQL = """
WITH ranked AS (
    SELECT id,
           ROW_NUMBER() OVER (ORDER BY score DESC, estimated_cost, id) AS position
    FROM {proposal}
    WHERE planning_year_id = %s AND village_id LIKE %s
      AND status <> 'rejected' AND score IS NOT NULL
)
UPDATE {proposal}
SET district_rank = ranked.position,
    status = 'reserve',
    status_reason = CASE WHEN {proposal}.estimated_cost > %s THEN %s ELSE %s END
FROM ranked
WHERE {proposal}.id = ranked.id
"""
# Ids per UPDATE ... IN (...): far below SQLite's 32,766 bound parameters.
IDS_PER_STATEMENT = 5000

FILL_RULE = gettext_lazy(
    "Usulan diurutkan menurut skor (lalu biaya terkecil, lalu yang lebih dulu masuk) dan "
    "disepakati bila biayanya masih muat dalam sisa pagu; usulan yang tidak muat dilewati "
    "menjadi cadangan, dan usulan berikutnya yang lebih murah masih dapat masuk."
)


def ceiling_walk(*, costs: Sequence[int], ceiling: int) -> list[bool]:
    """Greedy in rank order with skipping (PLANNING.md section 3, CONSUL's rule): take a
    proposal when the money left covers it, otherwise skip it and go on to the next."""
    left = ceiling
    taken = []
    for cost in costs:
        fits = cost <= left
        if fits:
            left -= cost
        taken.append(fits)
    return taken


def district_ceiling_fill(
    *, user: User, planning_year: PlanningYear, district: Region
) -> FillResult:
    """Rank the district's scored proposals (score, then the cheaper, then the older) and
    walk them in that order: a proposal the money left covers is accepted, one it does not
    is skipped and becomes a reserve with the reason, and cheaper ones further down may
    still be accepted. Rejected proposals stay rejected, unscored ones stay proposed.

    Whether a proposal fits depends on which ones before it were taken, so the walk itself
    runs over (id, cost) pairs read in one query; the writes are one ranking UPDATE with a
    window function and one UPDATE per 5,000 accepted ids. The ceiling row is locked for
    the transaction and the agreed total is written to it, where a CHECK refuses a total
    over the amount."""
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
        # The ranking below rewrites every scored proposal; only those that lost their score
        # since the last fill go back to proposed here.
        scope.filter(
            status__in=[Proposal.Status.ACCEPTED, Proposal.Status.RESERVE], score__isnull=True
        ).update(status=Proposal.Status.PROPOSED, district_rank=None, status_reason="")
        scope.filter(status=Proposal.Status.REJECTED, district_rank__isnull=False).update(
            district_rank=None
        )
        with connection.cursor() as cursor:
            cursor.execute(
                _RANK_SQL.format(proposal=table),
                [
                    planning_year.pk,
                    district.code + ".%",
                    ceiling.amount,
                    _("Biaya melebihi seluruh pagu indikatif kecamatan."),
                    _("Tidak muat dalam sisa pagu pada gilirannya; menjadi cadangan."),
                ],
            )
        ranked = list(
            scope.filter(status=Proposal.Status.RESERVE)
            .order_by("district_rank")
            .values_list("id", "estimated_cost")
        )
        taken = ceiling_walk(costs=[cost for _id, cost in ranked], ceiling=ceiling.amount)
        accepted_ids = [pk for (pk, _cost), fits in zip(ranked, taken, strict=True) if fits]
        for start in range(0, len(accepted_ids), IDS_PER_STATEMENT):
            Proposal.objects.filter(pk__in=accepted_ids[start : start + IDS_PER_STATEMENT]).update(
                status=Proposal.Status.ACCEPTED, status_reason=""
            )
        totals = scope.aggregate(
            agreed=Sum("estimated_cost", filter=Q(status=Proposal.Status.ACCEPTED)),
            accepted=Count("id", filter=Q(status=Proposal.Status.ACCEPTED)),
            reserve=Count("id", filter=Q(status=Proposal.Status.RESERVE)),
            unscored=Count(
                "id", filter=Q(score__isnull=True) & ~Q(status=Proposal.Status.REJECTED)
            ),
        )
        agreed = totals["agreed"] or 0
        if agreed > ceiling.amount:  # the CHECK would refuse it too; say it plainly first
            raise ValidationError(_("Jumlah yang disepakati melebihi pagu."))
        ceiling.agreed_total = agreed
        ceiling.filled_at = timezone.now()
        ceiling.filled_by = user
        ceiling.save(update_fields=["agreed_total", "filled_at", "filled_by"])
        result = FillResult(
            ceiling=ceiling.amount,
            agreed_total=agreed,
            accepted=totals["accepted"],
            reserve=totals["reserve"],
            unscored=totals["unscored"],
        )
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_CEILING_FILLED,
            target=ceiling,
            region_code=district.code,
            detail=asdict(result),
        )
    return result


def proposal_reject(*, user: User, proposal: Proposal, reason: str) -> Proposal:
    """The district forum refuses a proposal, always with the reason (it goes to the berita
    acara's Lampiran III). An agreed one leaves the ceiling's agreed total at once."""
    if not musrenbang_may_write(user, proposal.village_id, permission=MANAGE):
        raise region_not_found("village_code", proposal.village_id)
    stage_require_open(stage_of_kind(proposal.planning_year, Stage.Kind.DISTRICT))
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan penolakan.")]})
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status == Proposal.Status.ACCEPTED:
            # Its cost leaves the district's agreed total; filling again uses the money.
            DistrictCeiling.objects.select_for_update().filter(
                planning_year_id=locked.planning_year_id, district_id=locked.village.parent_id
            ).update(agreed_total=F("agreed_total") - locked.estimated_cost)
        before = {"status": locked.status, "status_reason": locked.status_reason}
        locked.status = Proposal.Status.REJECTED
        locked.status_reason = reason.strip()
        locked.district_rank = None
        locked.save(update_fields=["status", "status_reason", "district_rank", "updated_at"])
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_PROPOSAL_CHANGED,
            target=locked,
            region_code=locked.village_id,
            detail={"before": before, "after": {"status": "rejected", "status_reason": reason}},
        )
    return locked
