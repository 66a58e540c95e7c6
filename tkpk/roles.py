"""Roles and the permissions they grant: named constants, one table.

Every role is held for one region; what it lets a user see is that region's subtree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Sekretariat TKPK")
    SOCIAL_OPERATOR = "social_operator", _("Operator Dinas Sosial")
    VILLAGE_OPERATOR = "village_operator", _("Operator desa/kelurahan")
    AGENCY_OFFICER = "agency_officer", _("Petugas OPD")
    LEADER = "leader", _("Pimpinan daerah")
    AUDITOR = "auditor", _("Auditor")
    API_CLIENT = "api_client", _("Klien API")


class Permission(models.TextChoices):
    """Codenames mirrored in ``RoleAssignment.Meta.permissions`` (app label ``tkpk``)."""

    VIEW_REGION = "view_regions", _("Melihat wilayah")
    VIEW_AUDIT = "view_audit", _("Melihat log audit")
    EXPORT_AUDIT = "export_audit", _("Mengekspor log audit")
    VIEW_REGISTRY = "view_registry", _("Melihat registri rumah tangga")
    VIEW_FULL_NIK = "view_full_nik", _("Melihat NIK lengkap")
    UPLOAD_BATCH = "upload_batch", _("Mengunggah batch verifikasi")
    APPROVE_BATCH = "approve_batch", _("Menyetujui batch verifikasi")
    VIEW_PROGRAMS = "view_programs", _("Melihat program dan penerima")
    MANAGE_PROGRAMS = "manage_programs", _("Mengelola program dan kriteria")
    MANAGE_RECIPIENTS = "manage_recipients", _("Mengelola daftar penerima")
    RUN_TARGETING = "run_targeting", _("Menjalankan analisis penargetan")
    VIEW_TARGETING = "view_targeting", _("Melihat hasil penargetan")
    MANAGE_MUSRENBANG = "manage_musrenbang", _("Mengelola Musrenbang")
    PROPOSE_MUSRENBANG = "propose_musrenbang", _("Mengajukan usulan Musdes/Muskel")
    REPORT_REALIZATION = "report_realization", _("Melaporkan realisasi program")
    MANAGE_COMPLAINTS = "manage_complaints", _("Mengelola pengaduan")
    HANDLE_COMPLAINTS = "handle_complaints", _("Menindaklanjuti pengaduan")
    SUBMIT_COMPLAINTS = "submit_complaints", _("Mencatat pengaduan dari kanal lain")
    DOWNLOAD_REPORTS = "download_reports", _("Mengunduh laporan")
    USE_API = "use_api", _("Memakai API")
    CHECK_WORKERS = "check_workers", _("Menguji pekerja latar")
    MANAGE_GROUPS = "manage_groups", _("Mengelola kelompok usaha dan kunjungan")
    VIEW_MONITORING = "view_monitoring", _("Melihat pemantauan dan dasbor pimpinan")
    MANAGE_MONITORING = "manage_monitoring", _("Mengelola TKPK, rakor dan indikator")
    SUBMIT_INDICATORS = "submit_indicators", _("Mengirim indikator kemiskinan")
    MANAGE_PLANS = "manage_plans", _("Mengelola RPKD/RAT, memeriksa laporan realisasi")
    PREPARE_REPORT = "prepare_report", _("Menyusun LP2KD")
    APPROVE_REPORT = "approve_report", _("Menyetujui LP2KD atas nama Ketua TKPK")
    SIGN_REPORT = "sign_report", _("Menandatangani LP2KD (bupati/wali kota/gubernur)")


P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SECRETARIAT: frozenset(
        {
            P.VIEW_REGION,
            P.VIEW_REGISTRY,
            P.VIEW_FULL_NIK,
            P.APPROVE_BATCH,
            P.VIEW_PROGRAMS,
            P.MANAGE_PROGRAMS,
            P.MANAGE_RECIPIENTS,
            P.RUN_TARGETING,
            P.VIEW_TARGETING,
            P.MANAGE_MUSRENBANG,
            P.MANAGE_COMPLAINTS,
            P.SUBMIT_COMPLAINTS,
            P.DOWNLOAD_REPORTS,
            P.CHECK_WORKERS,
            P.MANAGE_GROUPS,
            P.VIEW_MONITORING,
            P.MANAGE_MONITORING,
            P.SUBMIT_INDICATORS,
            P.MANAGE_PLANS,
            # The LP2KD is drafted and reviewed by the secretariat (Bappeda); its approval
            # for the TKPK chair is given by a second secretariat user (never the reviewer).
            P.PREPARE_REPORT,
            P.APPROVE_REPORT,
        }
    ),
    Role.SOCIAL_OPERATOR: frozenset(
        {
            P.VIEW_REGION,
            P.VIEW_REGISTRY,
            P.VIEW_FULL_NIK,
            P.UPLOAD_BATCH,
            P.APPROVE_BATCH,
            P.VIEW_PROGRAMS,
            P.MANAGE_RECIPIENTS,
            P.VIEW_TARGETING,
            P.HANDLE_COMPLAINTS,
            P.MANAGE_GROUPS,
            P.SUBMIT_COMPLAINTS,
        }
    ),
    Role.VILLAGE_OPERATOR: frozenset(
        {
            P.VIEW_REGION,
            P.VIEW_REGISTRY,
            P.UPLOAD_BATCH,
            P.PROPOSE_MUSRENBANG,
            P.SUBMIT_COMPLAINTS,
        }
    ),
    Role.AGENCY_OFFICER: frozenset(
        {
            P.VIEW_REGION,
            P.VIEW_PROGRAMS,
            P.REPORT_REALIZATION,
            P.HANDLE_COMPLAINTS,
            P.DOWNLOAD_REPORTS,
            P.VIEW_MONITORING,
        }
    ),
    Role.LEADER: frozenset(
        {
            P.VIEW_REGION,
            P.VIEW_PROGRAMS,
            P.VIEW_TARGETING,
            P.DOWNLOAD_REPORTS,
            P.VIEW_MONITORING,
            P.SIGN_REPORT,
        }
    ),
    Role.AUDITOR: frozenset({P.VIEW_REGION, P.VIEW_AUDIT, P.EXPORT_AUDIT}),
    # Other agencies' systems read the registry (masked) and may submit batches for
    # validation; committing one stays with a person holding the signed minutes. They push
    # the complaints they receive (SP4N-LAPOR!, BPJS call centres) and follow them. An
    # agency's own system pushes its quarterly realisation (only for that agency's
    # sub-activities: the token's assignment names the agency).
    Role.API_CLIENT: frozenset(
        {
            P.VIEW_REGION,
            P.USE_API,
            P.VIEW_REGISTRY,
            P.UPLOAD_BATCH,
            P.VIEW_PROGRAMS,
            P.VIEW_TARGETING,
            P.SUBMIT_COMPLAINTS,
            P.VIEW_MONITORING,
            P.SUBMIT_INDICATORS,
            P.REPORT_REALIZATION,
        }
    ),
}
