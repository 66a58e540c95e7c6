"""Scoring: the rubric (the shipped default is a design proposal, not a regulation), each
assessor's scores, the automatic criteria from the registry and the weighted score."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from musrenbang.models import Criterion, PlanningYear, Proposal, ProposalScore, Stage
from musrenbang.selectors import musrenbang_may_write, poverty_score, village_poverty
from musrenbang.services.common import MANAGE, proposals_in, stage_of_kind, stage_require_open
from tkpk.models import AuditAction, User
from tkpk.services.audit import audit_record

DEFAULT_RUBRIC_NAME = gettext_lazy("Rubrik bawaan (usulan rancangan, bukan peraturan)")

# The default of issue 12 / PLANNING.md section 3: a design proposal, not a regulation.
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {
        "code": "kesesuaian",
        "name": gettext_lazy("Kesesuaian dengan prioritas RKPD/RPKD"),
        "weight": 25,
        "automatic": "",
        "descriptors": [
            gettext_lazy("Tidak terkait prioritas"),
            gettext_lazy("Terkait tidak langsung"),
            gettext_lazy("Mendukung satu sasaran"),
            gettext_lazy("Mendukung prioritas daerah"),
            gettext_lazy("Inti prioritas RKPD/RPKD"),
        ],
    },
    {
        "code": "dampak-miskin",
        "name": gettext_lazy("Dampak pada rumah tangga miskin di lokasi (dari registri)"),
        "weight": 25,
        "automatic": Criterion.Automatic.POVERTY,
        "descriptors": [
            gettext_lazy("Desil 1-4: di bawah 10%"),
            gettext_lazy("Desil 1-4: 10-20%"),
            gettext_lazy("Desil 1-4: 20-30%"),
            gettext_lazy("Desil 1-4: 30-40%"),
            gettext_lazy("Desil 1-4: 40% atau lebih"),
        ],
    },
    {
        "code": "urgensi",
        "name": gettext_lazy("Urgensi"),
        "weight": 20,
        "automatic": "",
        "descriptors": [
            gettext_lazy("Dapat ditunda"),
            gettext_lazy("Perlu dalam 3 tahun"),
            gettext_lazy("Perlu dalam 2 tahun"),
            gettext_lazy("Perlu tahun depan"),
            gettext_lazy("Mendesak, menyangkut keselamatan atau layanan dasar"),
        ],
    },
    {
        "code": "penerima",
        "name": gettext_lazy("Jumlah penerima manfaat"),
        "weight": 15,
        "automatic": "",
        "descriptors": [
            gettext_lazy("Sangat sedikit"),
            gettext_lazy("Sedikit"),
            gettext_lazy("Sedang"),
            gettext_lazy("Banyak"),
            gettext_lazy("Sangat banyak"),
        ],
    },
    {
        "code": "kesiapan",
        "name": gettext_lazy("Kesiapan (lahan/aset, swadaya)"),
        "weight": 15,
        "automatic": "",
        "descriptors": [
            gettext_lazy("Belum ada lahan atau dukungan"),
            gettext_lazy("Lahan belum jelas"),
            gettext_lazy("Lahan ada, belum diserahkan"),
            gettext_lazy("Lahan siap"),
            gettext_lazy("Lahan siap dan ada swadaya"),
        ],
    },
]


def rubric_weights_check(weights: list[int]) -> None:
    if any(w < 1 or w > 100 for w in weights):
        raise ValidationError(_("Setiap bobot antara 1 dan 100."))
    if sum(weights) != 100:
        raise ValidationError(
            _("Jumlah bobot harus 100, sekarang %(total)s.") % {"total": sum(weights)}
        )


def proposal_score_record(*, user: User, proposal: Proposal, values: dict[int, int]) -> None:
    """One assessor's scores of one proposal (criterion id -> 1..5), replacing their
    earlier ones; then the proposal's score is recomputed."""
    if not musrenbang_may_write(user, proposal.village_id, permission=MANAGE):
        raise ValidationError(_("Usulan tidak ditemukan."))
    district_stage = stage_of_kind(proposal.planning_year, Stage.Kind.DISTRICT)
    stage_require_open(district_stage)
    criteria = {
        c.pk: c
        for c in Criterion.objects.filter(rubric__planning_year_id=proposal.planning_year_id)
    }
    errors = []
    for criterion_id, value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.append(
                _("Kriteria %(id)s tidak ada di rubrik tahun ini.") % {"id": criterion_id}
            )
        elif criterion.automatic:
            errors.append(
                _("Kriteria '%(name)s' dinilai otomatis dari registri.") % {"name": criterion.name}
            )
        elif not isinstance(value, int) or not 1 <= value <= 5:
            errors.append(
                _("Skor '%(name)s' harus 1 sampai 5, bukan %(value)s.")
                % {"name": criterion.name, "value": value}
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for criterion_id, value in values.items():
            ProposalScore.objects.update_or_create(
                proposal=proposal,
                criterion_id=criterion_id,
                assessor=user,
                defaults={"value": value},
            )
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_PROPOSAL_SCORED,
            target=proposal,
            region_code=proposal.village_id,
            detail={"scores": {str(k): v for k, v in values.items()}},
        )
        proposal_auto_scores_fill(planning_year=proposal.planning_year, proposal_ids=[proposal.pk])
        proposal_scores_compute(planning_year=proposal.planning_year, proposal_ids=[proposal.pk])


def proposal_auto_scores_fill(
    *,
    planning_year: PlanningYear,
    district_code: str = "",
    proposal_ids: list[int] | None = None,
    on: date | None = None,
) -> int:
    """Automatic criteria from live registry data: one grouped registry query for all the
    villages concerned, then one insert of the scores (replacing the earlier ones)."""
    criteria = list(
        Criterion.objects.filter(
            rubric__planning_year=planning_year, automatic=Criterion.Automatic.POVERTY
        )
    )
    if not criteria:
        return 0
    scope = proposals_in(planning_year, district_code, proposal_ids)
    rows = list(scope.values_list("id", "village_id"))
    poverty = village_poverty(village_codes={v for _id, v in rows}, on=on)
    with transaction.atomic():
        ProposalScore.objects.filter(
            criterion__in=criteria, assessor__isnull=True, proposal_id__in=[i for i, _v in rows]
        ).delete()
        ProposalScore.objects.bulk_create(
            ProposalScore(
                proposal_id=pk, criterion=c, assessor=None, value=poverty_score(poverty[village])
            )
            for pk, village in rows
            for c in criteria
        )
    return len(rows) * len(criteria)


_SCORE_SQL = """
UPDATE {proposal} SET score = agg.score
FROM (
    SELECT pc.proposal_id AS proposal_id, SUM(pc.mean * c.weight) / 100.0 AS score
    FROM (
        SELECT s.proposal_id AS proposal_id, s.criterion_id AS criterion_id,
               AVG(s.value * 1.0) AS mean
        FROM {score} s JOIN {proposal} p ON p.id = s.proposal_id
        WHERE p.planning_year_id = %s AND p.village_id LIKE %s {only}
        GROUP BY s.proposal_id, s.criterion_id
    ) pc JOIN {criterion} c ON c.id = pc.criterion_id
    GROUP BY pc.proposal_id
    HAVING COUNT(*) = %s
) agg
WHERE {proposal}.id = agg.proposal_id
"""


def proposal_scores_compute(
    *, planning_year: PlanningYear, district_code: str = "", proposal_ids: list[int] | None = None
) -> int:
    """Score = weighted mean over the rubric's criteria of the assessors' mean per criterion
    (weights sum to 100). A proposal missing a criterion has no score. Set-based: one
    UPDATE ... FROM over grouped scores (PostgreSQL and SQLite 3.33+)."""
    n_criteria = Criterion.objects.filter(rubric__planning_year=planning_year).count()
    scope = proposals_in(planning_year, district_code, proposal_ids)
    only = ""
    params: list[Any] = [planning_year.pk, (district_code + ".%") if district_code else "%"]
    if proposal_ids is not None:
        marks = ",".join(["%s"] * len(proposal_ids))
        only = f"AND p.id IN ({marks})" if proposal_ids else "AND 1=0"
        params.extend(proposal_ids)
    params.append(n_criteria)
    sql = _SCORE_SQL.format(
        proposal=connection.ops.quote_name(Proposal._meta.db_table),
        score=connection.ops.quote_name(ProposalScore._meta.db_table),
        criterion=connection.ops.quote_name(Criterion._meta.db_table),
        only=only,
    )
    with transaction.atomic():
        scope.update(score=None)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount
