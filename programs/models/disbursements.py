from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.models.catalogue import ProgramPeriod
from tkpk.models import Region


class Disbursement(models.Model):
    """One planned payment stage of a program period in a region, against what happened."""

    period = models.ForeignKey(
        ProgramPeriod, on_delete=models.CASCADE, related_name="disbursements"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", db_index=False)
    stage = models.CharField(_("tahap"), max_length=60)
    planned_on = models.DateField(_("rencana tanggal"))
    planned_amount = models.PositiveBigIntegerField(_("rencana nominal (Rp)"))
    actual_on = models.DateField(_("tanggal realisasi"), null=True, blank=True)
    actual_amount = models.PositiveBigIntegerField(
        _("nominal realisasi (Rp)"), null=True, blank=True
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actual_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actual_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("penyaluran")
        verbose_name_plural = _("penyaluran")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "region", "stage"], name="disbursement_unique_stage"
            ),
            # A realisation is a date and an amount together.
            models.CheckConstraint(
                condition=Q(actual_on__isnull=True, actual_amount__isnull=True)
                | Q(actual_on__isnull=False, actual_amount__isnull=False),
                name="disbursement_actual_complete",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region"],
                name="disbursement_region_prefix",
                opclasses=["varchar_pattern_ops"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.stage}"
