"""The LP2KD (Laporan Pelaksanaan Penanggulangan Kemiskinan Daerah) of a region and year.

A report has versions; each version carries the secretariat's narrative per chapter, the
targeting run its tables come from, its place in the approval chain, and once generated a
snapshot (every figure, as JSON) with the PDF and annex rendered from it. From approval on,
a version is read-only: its snapshot and PDF are what was approved, whatever the registry
does afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tkpk.models import Region


class Lp2kd(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun laporan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "-year"]
        verbose_name = _("LP2KD")
        verbose_name_plural = _("LP2KD")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="lp2kd_unique_region_year"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="lp2kd_year"),
        ]

    def __str__(self) -> str:
        return f"LP2KD {self.year} — {self.region.name}"


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    REVIEWED = "reviewed", _("Sudah ditelaah")
    APPROVED = "approved", _("Disetujui Ketua TKPK")
    SIGNED = "signed", _("Ditandatangani kepala daerah")
    SUBMITTED = "submitted", _("Dikirim ke provinsi")


# States in which the version's content no longer changes.
FROZEN_STATES = frozenset({VersionState.APPROVED, VersionState.SIGNED, VersionState.SUBMITTED})


class Origin(models.TextChoices):
    LOCAL = "local", _("Disusun di aplikasi ini")
    # A regency that runs its own installation sends its approved version to the province's
    # installation over the API; the province keeps it as received, never recomputes it.
    RECEIVED = "received", _("Diterima lewat API dari aplikasi kabupaten/kota")


class Lp2kdVersion(models.Model):
    report = models.ForeignKey(Lp2kd, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versi"))
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        _("status"), max_length=10, choices=VersionState.choices, default=VersionState.DRAFT
    )
    run = models.ForeignKey(
        "programs.TargetingRun",
        verbose_name=_("analisis penargetan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # {chapter key: text}; the secretariat's words, escaped wherever they are shown.
    narratives = models.JSONField(_("narasi"), default=dict, blank=True)
    content_changed_at = models.DateTimeField(_("isi terakhir diubah"))
    # What the last generation computed, and the files rendered from it (relative to
    # PRIVATE_MEDIA_ROOT). From approval on, never rewritten.
    snapshot = models.JSONField(_("cuplikan angka"), null=True, blank=True)
    snapshot_sha256 = models.CharField(max_length=64, blank=True)
    generated_at = models.DateTimeField(_("dibuat dokumennya"), null=True, blank=True)
    pdf_path = models.CharField(max_length=300, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True)
    pdf_pages = models.PositiveIntegerField(default=0)
    xlsx_path = models.CharField(max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    origin = models.CharField(
        _("asal"), max_length=10, choices=Origin.choices, default=Origin.LOCAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report_id", "-number"]
        verbose_name = _("versi LP2KD")
        verbose_name_plural = _("versi LP2KD")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="lp2kd_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES

    @property
    def is_current(self) -> bool:
        """Generated after its last change: the document shows what the version holds."""
        return self.generated_at is not None and self.generated_at >= self.content_changed_at


class StepAction(models.TextChoices):
    CREATE = "create", _("Dibuat")
    REVIEW = "review", _("Ditelaah")
    APPROVE = "approve", _("Disetujui")
    SIGN = "sign", _("Ditandatangani")
    SUBMIT = "submit", _("Dikirim ke provinsi")
    RETURN = "return", _("Dikembalikan")


class Lp2kdStep(models.Model):
    """One step of a version's approval chain: who, when, from which state to which, why."""

    version = models.ForeignKey(Lp2kdVersion, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("langkah"), max_length=10, choices=StepAction.choices)
    from_state = models.CharField(max_length=10, choices=VersionState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=VersionState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["version_id", "at", "id"]
        verbose_name = _("langkah LP2KD")
        verbose_name_plural = _("langkah LP2KD")

    def __str__(self) -> str:
        return f"{self.version} {self.action}"
