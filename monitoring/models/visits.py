"""Field monitoring visits by the TKPK or independent monitors (universities, NGOs) to an
activity or a location, with findings, photos and recommendations followed up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from monitoring.models.plans import SubActivity
from tkpk.models import Region


class FieldVisit(models.Model):
    class Monitor(models.TextChoices):
        TKPK = "tkpk", _("TKPK")
        UNIVERSITY = "university", _("Perguruan tinggi")
        NGO = "ngo", _("LSM")
        OTHER = "other", _("Pemantau lain")

    region = models.ForeignKey(
        Region, verbose_name=_("lokasi"), on_delete=models.PROTECT, related_name="+"
    )
    sub_activity = models.ForeignKey(
        SubActivity,
        verbose_name=_("sub kegiatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    visited_on = models.DateField(_("tanggal kunjungan"))
    monitor_kind = models.CharField(_("pemantau"), max_length=12, choices=Monitor.choices)
    monitor_name = models.CharField(_("nama pemantau/lembaga"), max_length=200)
    findings = models.TextField(_("temuan"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("kunjungan pemantauan")
        verbose_name_plural = _("kunjungan pemantauan")
        constraints = [
            models.CheckConstraint(condition=~Q(findings=""), name="field_visit_has_findings"),
        ]
        indexes = [models.Index(fields=["region", "visited_on"], name="field_visit_region")]

    def __str__(self) -> str:
        return f"{self.monitor_name} {self.visited_on}"


class FieldVisitPhoto(models.Model):
    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="photos")
    # Relative to settings.PRIVATE_MEDIA_ROOT; served only through a scope-checked view.
    file_path = models.CharField(max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["sha256"], name="field_visit_photo_sha256")]

    def __str__(self) -> str:
        return self.original_name


class Recommendation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Belum ditindaklanjuti")
        IN_PROGRESS = "in_progress", _("Sedang ditindaklanjuti")
        DONE = "done", _("Selesai")

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("rekomendasi"))
    status = models.CharField(
        _("status tindak lanjut"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["visit_id", "id"]
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="recommendation_has_text"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(follow_up=""),
                name="recommendation_done_says_how",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
