"""Manual enrolment and status changes, each kept in the history and held to the quotas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from households.identifiers import kk_check, nik_check
from households.models import Household, Person
from programs.models import ProgramPeriod, Recipient, RecipientStatusChange
from programs.recipients.periods import quota_check, quota_lock
from tkpk.access import user_can_see_region
from tkpk.models import AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record


def recipient_enrol(
    *,
    user: User,
    period: ProgramPeriod,
    nik: str = "",
    kk: str = "",
    name: str = "",
    village_code: str = "",
    amount: int | None = None,
) -> Recipient:
    """Put one person (by NIK) or family (by KK) on a program's list for a period.

    Someone the registry does not know is still enrolled, in the village given, and shows up
    in targeting runs as "not in the registry"."""
    nik, kk = nik.strip(), kk.strip()
    problems = []
    if not nik and not kk:
        problems.append(_("Isi NIK atau No. KK penerima."))
    if nik:
        problems += [f"NIK: {p}" for p in nik_check(nik).errors]
    if kk:
        problems += [f"No. KK: {p}" for p in kk_check(kk).errors]
    if problems:
        raise ValidationError(problems)
    person = Person.objects.select_related("household").filter(nik=nik).first() if nik else None
    household = person.household if person else None
    if household is None and kk:
        household = Household.objects.filter(kk=kk).first()
    region_code = household.village_id if household else village_code.strip()
    if not region_code or not Region.objects.filter(code=region_code).exists():
        raise ValidationError(_("Penerima tidak ada di registri: pilih desa/kelurahannya."))
    if not user_can_see_region(user, region_code, permission=Permission.MANAGE_RECIPIENTS):
        raise ValidationError(
            _("Desa/kelurahan %(code)s di luar wilayah Anda.") % {"code": region_code}
        )
    listed = Recipient.objects.filter(period=period).exclude(status=Recipient.Status.ENDED)
    if (nik and listed.filter(nik=nik).exists()) or (
        not nik and household and listed.filter(household=household).exists()
    ):
        raise ValidationError(
            _("Penerima ini sudah ada dalam daftar periode %(period)s.") % {"period": period.name}
        )
    now = timezone.now()
    with transaction.atomic():
        quota_lock(period_id=period.pk)
        recipient = Recipient.objects.create(
            program=period.program,
            period=period,
            nik=nik,
            kk=kk or (household.kk if household else ""),
            name=name.strip()[:100] or (person.name if person else ""),
            region_id=region_code,
            person=person,
            household=household,
            amount=amount,
            source=Recipient.Source.MANUAL,
            created_at=now,
            updated_at=now,
        )
        RecipientStatusChange.objects.create(
            recipient=recipient,
            before="",
            after=recipient.status,
            changed_by=user,
            reason=_("Pendaftaran manual"),
        )
        quota_check(period=period)
        audit_record(
            actor=user,
            action=AuditAction.RECIPIENT_STATUS_CHANGED,
            target=recipient,
            region_code=region_code,
            detail={"program": period.program.code, "period": period.name, "status": "active"},
        )
    return recipient


def recipient_status_change(
    *, user: User, recipient: Recipient, status: str, reason: str
) -> Recipient:
    """Suspend, end or reactivate a recipient; every change is kept with who, when and why."""
    if status not in Recipient.Status.values:
        raise ValidationError(_("Status tidak dikenal."))
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan perubahan status."))
    if status == recipient.status:
        return recipient
    with transaction.atomic():
        before = recipient.status
        if status == Recipient.Status.ACTIVE:
            quota_lock(period_id=recipient.period_id)
        Recipient.objects.filter(pk=recipient.pk).update(status=status, updated_at=timezone.now())
        if status == Recipient.Status.ACTIVE:
            quota_check(period=recipient.period)
        RecipientStatusChange.objects.create(
            recipient=recipient,
            before=before,
            after=status,
            reason=reason.strip()[:300],
            changed_by=user,
        )
        audit_record(
            actor=user,
            action=AuditAction.RECIPIENT_STATUS_CHANGED,
            target=recipient,
            region_code=recipient.region_id,
            detail={"before": before, "after": status, "reason": reason.strip()[:300]},
        )
    recipient.status = status
    return recipient
