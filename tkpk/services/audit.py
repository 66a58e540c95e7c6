"""Writing the audit log. Entries are only ever added."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tkpk.access import user_region_codes
from tkpk.models import AuditEntry, User


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Masuk")
    LOGIN_FAILED = "login_failed", _("Gagal masuk")
    LOGIN_LOCKED = "login_locked", _("Masuk diblokir sementara")
    LOGOUT = "logout", _("Keluar")
    PASSWORD_CHANGED = "password_changed", _("Kata sandi diganti")
    REGIONS_LOADED = "regions_loaded", _("Daftar wilayah dimuat")
    ROLE_GRANTED = "role_granted", _("Peran diberikan")
    ROLE_REVOKED = "role_revoked", _("Peran dicabut")
    API_TOKEN_CREATED = "api_token_created", _("Token API dibuat")
    API_TOKEN_REVOKED = "api_token_revoked", _("Token API dicabut")
    AUDIT_EXPORTED = "audit_exported", _("Log audit diekspor")
    JOB_FAILED = "job_failed", _("Pekerjaan latar gagal")
    BATCH_COMMITTED = "batch_committed", _("Batch verifikasi disahkan")
    NIK_VIEWED = "nik_viewed", _("NIK lengkap dilihat")
    NIK_LOOKUP = "nik_lookup", _("Pencarian NIK")
    REGISTRY_EXPORTED = "registry_exported", _("Registri diekspor")
    PROGRAM_CHANGED = "program_changed", _("Program diubah")
    CRITERIA_CHANGED = "criteria_changed", _("Kriteria program diubah")
    RECIPIENTS_COMMITTED = "recipients_committed", _("Daftar penerima disahkan")
    RECIPIENT_STATUS_CHANGED = "recipient_status_changed", _("Status penerima diubah")
    TARGETING_RUN = "targeting_run", _("Analisis penargetan dijalankan")
    TARGETING_EXPORTED = "targeting_exported", _("Hasil penargetan diekspor")
    GROUP_CHANGED = "group_changed", _("Kelompok usaha diubah")
    GROUP_PAYMENT = "group_payment", _("Angsuran kelompok dicatat")
    GROUP_VISIT = "group_visit", _("Kunjungan kelompok dicatat")
    DISBURSEMENT_CHANGED = "disbursement_changed", _("Penyaluran diubah")


def request_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from django.conf import settings

    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    region_code: str = "",
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEntry:
    """Record who did what to which record, when and from where.

    The entry's region decides which auditors see it: the target's region when given,
    otherwise the actor's first assigned region.
    """
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_label = object_label or str(target)[:200]
    if not region_code and actor is not None:
        roots = user_region_codes(actor)
        region_code = roots[0] if roots else ""
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=(actor.get_username() if actor is not None else username)[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:200],
        region_code=region_code,
        ip_address=ip,
        detail=detail or {},
    )
