"""Writes of field monitoring visits: the visit with its photos and recommendations, stored
together or not at all; recommendations' follow-up. The location (and the sub-activity's
plan) must lie in the user's region, on both sides of a change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import FieldVisit, FieldVisitPhoto, Recommendation, SubActivity
from programs.groups.photos import PhotoUpload
from tkpk.access import user_can_see_region
from tkpk.models import AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record

MANAGE = Permission.MANAGE_PLANS


@dataclass(frozen=True)
class VisitInput:
    region_code: str
    visited_on: date
    monitor_kind: str
    monitor_name: str
    findings: str
    sub_activity_id: int | None = None
    recommendations: list[str] = field(default_factory=list)


def visit_record(
    *,
    user: User,
    data: VisitInput,
    photos: Sequence[PhotoUpload] = (),
    ip: str | None = None,
    today: date | None = None,
) -> FieldVisit:
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    region = Region.objects.filter(code=data.region_code).first()
    if region is None or not user_can_see_region(user, region.code, permission=MANAGE):
        errors["region"] = [_("Lokasi %(code)s tidak ditemukan.") % {"code": data.region_code}]
    sub = None
    if data.sub_activity_id is not None:
        sub = SubActivity.objects.filter(pk=data.sub_activity_id).select_related("plan").first()
        if sub is None or not user_can_see_region(user, sub.plan.region_id, permission=MANAGE):
            errors["sub_activity"] = [_("Sub kegiatan tidak ditemukan.")]
        elif region is not None and not (
            region.contains(sub.plan.region_id) or sub.plan.region.contains(region.code)
        ):
            errors["region"] = [_("Lokasi berada di luar wilayah rencana sub kegiatan ini.")]
    if data.visited_on > today:
        errors["visited_on"] = [_("Tanggal kunjungan tidak boleh di masa depan.")]
    if data.monitor_kind not in FieldVisit.Monitor.values:
        errors["monitor_kind"] = [_("Pilih jenis pemantau.")]
    if not data.monitor_name.strip():
        errors["monitor_name"] = [_("Sebutkan nama pemantau atau lembaganya.")]
    if not data.findings.strip():
        errors["findings"] = [_("Tuliskan temuan kunjungan.")]
    if errors:
        raise ValidationError(errors)
    assert region is not None
    written: list[Path] = []
    try:
        with transaction.atomic():
            visit = FieldVisit.objects.create(
                region=region,
                sub_activity=sub,
                visited_on=data.visited_on,
                monitor_kind=data.monitor_kind,
                monitor_name=data.monitor_name.strip(),
                findings=data.findings.strip(),
                recorded_by=user,
            )
            Recommendation.objects.bulk_create(
                Recommendation(visit=visit, text=text.strip())
                for text in data.recommendations
                if text.strip()
            )
            folder = settings.PRIVATE_MEDIA_ROOT / "monitoring" / "visits" / str(visit.pk)
            rows = []
            for i, photo in enumerate(photos, start=1):
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"{i}-{photo.sha256[:12]}{photo.suffix}"
                path.write_bytes(photo.content)
                written.append(path)
                rows.append(
                    FieldVisitPhoto(
                        visit=visit,
                        file_path=str(path.relative_to(settings.PRIVATE_MEDIA_ROOT)),
                        original_name=photo.name,
                        content_type=photo.content_type,
                        size=len(photo.content),
                        sha256=photo.sha256,
                    )
                )
            FieldVisitPhoto.objects.bulk_create(rows)
            audit_record(
                actor=user,
                action=AuditAction.FIELD_VISIT_CHANGED,
                target=visit,
                region_code=region.code,
                ip=ip,
                detail={"photos": len(rows), "recommendations": len(data.recommendations)},
            )
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return visit


def recommendation_follow_up(
    *,
    user: User,
    recommendation: Recommendation,
    status: str,
    follow_up: str,
    ip: str | None = None,
) -> Recommendation:
    region = recommendation.visit.region_id
    if not user_can_see_region(user, region, permission=MANAGE):
        raise ValidationError({"recommendation": [_("Rekomendasi tidak ditemukan.")]})
    if status not in Recommendation.Status.values:
        raise ValidationError({"status": [_("Pilih status tindak lanjut.")]})
    if status == Recommendation.Status.DONE and not follow_up.strip():
        raise ValidationError({"follow_up": [_("Tuliskan tindak lanjut yang sudah dilakukan.")]})
    before = {"status": recommendation.status, "follow_up": recommendation.follow_up}
    with transaction.atomic():
        recommendation.status = status
        recommendation.follow_up = follow_up.strip()
        recommendation.updated_by = user
        recommendation.updated_at = timezone.now()
        recommendation.save()
        audit_record(
            actor=user,
            action=AuditAction.FIELD_VISIT_CHANGED,
            target=recommendation.visit,
            region_code=region,
            ip=ip,
            detail={
                "recommendation": recommendation.pk,
                "before": before,
                "after": {"status": status, "follow_up": recommendation.follow_up},
            },
        )
    return recommendation
