from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models.catalogue import ProgramPeriod
from tkpk.models import Region


class Disbursement(models.Model):
    """One planned payment stage of a program period in a region, against what happened."""

    period = models.ForeignKey(
        ProgramPeriod, on_delete=models.CASCADE, related_name="disbursements"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("tahap"), max_length=60)
    planned_on = models.DateField(_("rencana tanggal"))
    planned_amount = models.PositiveBigIntegerField(_("rencana nominal (Rp)"))
    actual_on = models.DateField(_("tanggal realisasi"), null=True, blank=True)
    actual_amount = models.PositiveBigIntegerField(
        _("nominal realisasi (Rp)"), null=True, blank=True
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("penyaluran")
        verbose_name_plural = _("penyaluran")

    def __str__(self) -> str:
        return f"{self.period} {self.stage}"
