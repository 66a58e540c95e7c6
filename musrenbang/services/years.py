"""Planning years and their stages: a regency's RKPD year with five stages, each open until
closed; a closed stage's results change only through an amendment."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from musrenbang.models import Criterion, PlanningYear, ScoringRubric, Stage
from musrenbang.selectors import musrenbang_may_write
from musrenbang.services.common import MANAGE, region_not_found
from musrenbang.services.scoring import DEFAULT_CRITERIA, DEFAULT_RUBRIC_NAME, rubric_weights_check
from tkpk.models import AuditAction, Region, User
from tkpk.services.audit import audit_record

STAGE_ORDER = [
    Stage.Kind.MUSDES,
    Stage.Kind.THEMATIC,
    Stage.Kind.DISTRICT,
    Stage.Kind.AGENCY,
    Stage.Kind.REGENCY,
]


def planning_year_create(
    *,
    user: User,
    region_code: str,
    year: int,
    stage_dates: dict[str, tuple[date, date]] | None = None,
) -> PlanningYear:
    """A regency's planning year with its five stages (open) and the default rubric."""
    region = Region.objects.filter(code=region_code, level=Region.Level.REGENCY).first()
    if region is None or not musrenbang_may_write(user, region.code, permission=MANAGE):
        raise region_not_found("region", region_code)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Tahun RKPD tidak masuk akal.")]})
    if PlanningYear.objects.filter(region=region, year=year).exists():
        raise ValidationError(
            {
                "year": [
                    _("Tahun perencanaan %(year)s sudah ada untuk wilayah ini.") % {"year": year}
                ]
            }
        )
    stage_dates = stage_dates or {}
    weights = [c["weight"] for c in DEFAULT_CRITERIA]
    rubric_weights_check(weights)
    with transaction.atomic():
        planning_year = PlanningYear.objects.create(region=region, year=year, created_by=user)
        Stage.objects.bulk_create(
            Stage(
                planning_year=planning_year,
                kind=kind,
                order=i,
                starts_on=stage_dates.get(kind, (None, None))[0],
                ends_on=stage_dates.get(kind, (None, None))[1],
            )
            for i, kind in enumerate(STAGE_ORDER, start=1)
        )
        rubric = ScoringRubric.objects.create(
            planning_year=planning_year, name=str(DEFAULT_RUBRIC_NAME), is_default=True
        )
        Criterion.objects.bulk_create(
            Criterion(
                rubric=rubric,
                code=c["code"],
                name=str(c["name"]),
                weight=c["weight"],
                order=i,
                automatic=c["automatic"],
                descriptors=[str(d) for d in c["descriptors"]],
            )
            for i, c in enumerate(DEFAULT_CRITERIA, start=1)
        )
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_YEAR_CREATED,
            target=planning_year,
            region_code=region.code,
            detail={"year": year},
        )
    return planning_year


def stage_close(*, user: User, stage: Stage) -> Stage:
    """Close a stage: what it agreed becomes read-only except through an amendment."""
    if not musrenbang_may_write(user, stage.planning_year.region_id, permission=MANAGE):
        raise ValidationError(_("Tahap ini tidak ditemukan."))
    with transaction.atomic():
        locked = Stage.objects.select_for_update().get(pk=stage.pk)
        if locked.closed_at is not None:
            raise ValidationError(_("Tahap ini sudah ditutup."))
        locked.closed_at = timezone.now()
        locked.closed_by = user
        locked.save(update_fields=["closed_at", "closed_by"])
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_STAGE_CLOSED,
            target=locked,
            region_code=stage.planning_year.region_id,
            detail={"stage": locked.kind},
        )
    return locked
