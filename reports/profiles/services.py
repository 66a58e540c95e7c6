"""Village profiles as PDF: one village at a time, or every village of a district or
regency as one ZIP made in the background."""

from __future__ import annotations

import zipfile
from datetime import date
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reports.profiles.selectors import profile_area_get_for_user, village_profile
from tkpk.jobs import JobError
from tkpk.models import AuditAction, Job, Region, User
from tkpk.pdf import pdf_render
from tkpk.services.audit import audit_record

LANGUAGE = "id"


def profile_pdf(*, profile: dict[str, Any]) -> bytes:
    with translation.override(LANGUAGE):
        run = profile["run"]
        return pdf_render(
            template_name="reports/village_profile.html",
            context={
                "p": profile,
                "as_of": date_format(date.fromisoformat(profile["as_of"]), "j F Y"),
                "run_date": (
                    date_format(date.fromisoformat(run["reference_date"]), "j F Y") if run else ""
                ),
            },
        )


def profile_village_download(
    *, user: User, village: Region, ip: str | None, today: date | None = None
) -> bytes:
    pdf = profile_pdf(profile=village_profile(village=village, today=today or timezone.localdate()))
    audit_record(
        actor=user,
        action=AuditAction.PROFILE_DOWNLOADED,
        target=village,
        region_code=village.code,
        ip=ip,
        detail={"villages": 1},
    )
    return pdf


def profiles_zip_run(*, job: Job, progress: Any) -> str:
    """Job handler: the profiles of every village of the area, one PDF each, in one ZIP."""
    user = job.created_by
    try:
        area = profile_area_get_for_user(user=user, code=str(job.parameters["area"]))
    except Http404 as exc:  # the user's role was withdrawn since
        raise JobError(_("Wilayah itu tidak ditemukan di wilayah kerja Anda.")) from exc
    villages = list(
        Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=area.code + ".")
        .select_related("parent")
        .order_by("code")
    )
    today = timezone.localdate()
    relative = f"jobs/{job.pk}/profil-desa-{area.code}.zip"
    path = settings.PRIVATE_MEDIA_ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    progress(0, len(villages), _("Menyusun profil %(n)s desa…") % {"n": len(villages)})
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, village in enumerate(villages, start=1):
            pdf = profile_pdf(profile=village_profile(village=village, today=today))
            archive.writestr(f"profil-{village.code}-{_slug(village.name)}.pdf", pdf)
            progress(done, len(villages))
    audit_record(
        actor=user,
        action=AuditAction.PROFILE_DOWNLOADED,
        target=job,
        region_code=area.code,
        ip=job.parameters.get("ip"),
        detail={"area": area.code, "villages": len(villages)},
    )
    return relative


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:40]
