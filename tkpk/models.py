from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tkpk.roles import Permission, Role


class User(AbstractUser):
    """Staff and API clients. What a user may do comes from ``RoleAssignment`` rows."""

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")


class Region(models.Model):
    """A Kemendagri region. The dotted code is the key, so a subtree is a code prefix."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Provinsi")
        REGENCY = 2, _("Kabupaten/Kota")
        DISTRICT = 3, _("Kecamatan")
        VILLAGE = 4, _("Desa/Kelurahan")

    code = models.CharField(_("kode"), primary_key=True, max_length=13)
    name = models.CharField(_("nama"), max_length=100)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [models.Index(fields=["level", "name"], name="region_level_name")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def village_kind(self) -> str:
        """Kelurahan (1xxx), desa (2xxx) or desa adat (3xxx), from the code."""
        if self.level != self.Level.VILLAGE:
            return ""
        return str({"1": _("Kelurahan"), "3": _("Desa adat")}.get(self.code[9], _("Desa")))

    def contains(self, code: str) -> bool:
        return code == self.code or code.startswith(self.code + ".")


class Agency(models.Model):
    """A regional agency (OPD) or an external one (BPJS Kesehatan, Dukcapil, Kemensos)."""

    class Kind(models.TextChoices):
        OPD = "opd", _("Perangkat daerah (OPD)")
        EXTERNAL = "external", _("Instansi luar")

    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="agencies"
    )

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="agency_unique_code_per_region")
        ]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )

    class Meta:
        ordering = ["user_id", "role"]
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        permissions = list(Permission.choices)
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"], name="role_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.region}"


class ApiToken(models.Model):
    """A token for another agency's system. Only a hash of the key is stored."""

    name = models.CharField(_("nama"), max_length=100)
    assignment = models.ForeignKey(
        RoleAssignment,
        verbose_name=_("penugasan"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        limit_choices_to={"role": Role.API_CLIENT},
    )
    key_prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


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
    CORRECTION_DRAFTED = "correction_drafted", _("Draf koreksi registri dibuat")
    CORRECTION_DOWNLOADED = "correction_downloaded", _("Draf koreksi registri diunduh")
    MUSRENBANG_YEAR_CREATED = "musrenbang_year_created", _("Tahun perencanaan dibuat")
    MUSRENBANG_STAGE_CLOSED = "musrenbang_stage_closed", _("Tahap Musrenbang ditutup")
    MUSRENBANG_FORUM_CHANGED = "musrenbang_forum_changed", _("Forum Musrenbang diubah")
    MUSRENBANG_PROPOSAL_CHANGED = "musrenbang_proposal_changed", _("Usulan Musrenbang diubah")
    MUSRENBANG_PROPOSAL_AMENDED = (
        "musrenbang_proposal_amended",
        _("Usulan diubah tercatat"),
    )
    MUSRENBANG_PROPOSAL_SCORED = "musrenbang_proposal_scored", _("Usulan dinilai")
    MUSRENBANG_CEILING_SET = "musrenbang_ceiling_set", _("Pagu indikatif kecamatan ditetapkan")
    MUSRENBANG_CEILING_FILLED = "musrenbang_ceiling_filled", _("Peringkat dalam pagu disusun")
    MUSRENBANG_PROPOSALS_IMPORTED = "musrenbang_proposals_imported", _("Unggahan usulan disahkan")
    MUSRENBANG_ATTENDANCE_IMPORTED = "musrenbang_attendance_imported", _("Daftar hadir disahkan")
    MUSRENBANG_MINUTES_SIGNED = (
        "musrenbang_minutes_signed",
        _("Berita acara bertanda tangan diunggah"),
    )
    MUSRENBANG_MINUTES_DOWNLOADED = "musrenbang_minutes_downloaded", _("Berita acara diunduh")
    MUSRENBANG_RUBRIC_CHANGED = "musrenbang_rubric_changed", _("Rubrik penilaian diubah")
    MUSRENBANG_PROPOSAL_REVIEWED = "musrenbang_proposal_reviewed", _("Usulan ditelaah OPD")
    MUSRENBANG_PROPOSAL_FATE = "musrenbang_proposal_fate", _("Nasib usulan dicatat OPD")
    MUSRENBANG_RECAP_EXPORTED = "musrenbang_recap_exported", _("Rekap Musrenbang diunduh")
    TKPK_DECREE_CHANGED = "tkpk_decree_changed", _("Susunan TKPK diubah")
    MEETING_CHANGED = "meeting_changed", _("Rapat koordinasi dicatat")
    FOLLOW_UP_CHANGED = "follow_up_changed", _("Tindak lanjut rakor diubah")
    INDICATOR_CHANGED = "indicator_changed", _("Nilai indikator diubah")
    INDICATORS_COMMITTED = "indicators_committed", _("Unggahan indikator disahkan")
    # Monitoring: plans, realisation reports, field visits.
    PLAN_CHANGED = "plan_changed", _("Rencana RPKD/RAT diubah")
    REALISATION_SUBMITTED = "realisation_submitted", _("Laporan realisasi dikirim")
    REALISATION_REVIEWED = "realisation_reviewed", _("Laporan realisasi diperiksa")
    REALISATION_CORRECTED = "realisation_corrected", _("Laporan realisasi dikoreksi")
    FIELD_VISIT_CHANGED = "field_visit_changed", _("Kunjungan pemantauan dicatat")
    LP2KD_CHANGED = "lp2kd_changed", _("LP2KD diubah")
    LP2KD_STEP = "lp2kd_step", _("Langkah persetujuan LP2KD")
    LP2KD_DOWNLOADED = "lp2kd_downloaded", _("LP2KD diunduh")
    PROFILE_DOWNLOADED = "village_profile_downloaded", _("Profil kemiskinan desa diunduh")


class AuditEntry(models.Model):
    """Append-only: the database itself refuses UPDATE (and DELETE on PostgreSQL)."""

    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=60)
    object_type = models.CharField(_("jenis objek"), max_length=60, blank=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    object_label = models.CharField(_("objek"), max_length=200, blank=True)
    region_code = models.CharField(_("wilayah"), max_length=13, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("entri audit")
        verbose_name_plural = _("log audit")
        indexes = [
            models.Index(fields=["-at"], name="audit_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    @property
    def object_type_label(self) -> str:
        from django.apps import apps

        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type

    @property
    def action_label(self) -> str:
        return str(dict(AuditAction.choices).get(self.action, self.action))


class Job(models.Model):
    """One background run: who asked, what for, where it stands."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        SUCCEEDED = "succeeded", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    parameters = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    # The exception and traceback of an unexpected failure: for the technical team in the
    # admin site and the log, never shown on a page or in the API.
    error_detail = models.TextField(_("rincian kesalahan"), blank=True)
    result_file = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="job_owner_created"),
            models.Index(
                fields=["heartbeat_at"], name="job_running_heartbeat", condition=Q(state="running")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self) -> str:
        from tkpk.jobs import job_kind_label

        return job_kind_label(self.kind)

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def error_for_user(self) -> str:
        """Why the job failed, in the reader's language; an unexpected error is never shown
        as it was raised, only a reference to it."""
        if self.error_detail:
            from tkpk.jobs import unexpected_failure_message

            return unexpected_failure_message(self.pk)
        return self.error

    @property
    def percent(self) -> int:
        if self.state == self.State.SUCCEEDED:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
