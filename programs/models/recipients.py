"""Who receives a program in a period: recipient lists, their imports and status history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from households.models import Household, Person
from programs.models.catalogue import Program, ProgramPeriod
from tkpk.models import Region
from tkpk.tabular.models import UploadedBatch


class RecipientBatch(UploadedBatch):
    """One uploaded recipient list (a ministry decree list, by NIK or KK). A validated list
    keeps its whole-file warnings in ``file_errors``."""

    period = models.ForeignKey(ProgramPeriod, on_delete=models.PROTECT, related_name="+")
    rows_not_in_registry = models.PositiveIntegerField(default=0)

    class Meta(UploadedBatch.Meta):
        verbose_name = _("daftar penerima")
        verbose_name_plural = _("daftar penerima")

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"


class RecipientBatchRow(models.Model):
    class Outcome(models.TextChoices):
        NEW = "new", _("Baru")
        UNCHANGED = "unchanged", _("Sudah ada")
        REJECTED = "rejected", _("Ditolak")

    batch = models.ForeignKey(
        RecipientBatch, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    row_number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    errors = models.JSONField(default=list, blank=True)
    nik = models.CharField(max_length=16, blank=True)
    kk = models.CharField(max_length=16, blank=True)
    name = models.CharField(max_length=100, blank=True)
    village_code = models.CharField(max_length=13, blank=True)
    amount = models.PositiveBigIntegerField(null=True)
    person_id = models.BigIntegerField(null=True)
    household_id = models.BigIntegerField(null=True)
    raw = models.JSONField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number"], name="recipient_row_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"


class Recipient(models.Model):
    """A person or family on a program's list for a period. Recipients the registry does not
    know are kept (person and household empty) and reported, never dropped."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        SUSPENDED = "suspended", _("Ditangguhkan")
        ENDED = "ended", _("Berakhir")

    class Source(models.TextChoices):
        DECREE = "decree", _("SK penerima (unggahan)")
        MANUAL = "manual", _("Pendaftaran manual")

    # Indexed with the id (below): a program's list pages in id order without reading the
    # rows of the programs listed before it.
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="recipients", db_index=False
    )
    period = models.ForeignKey(ProgramPeriod, on_delete=models.PROTECT, related_name="recipients")
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    kk = models.CharField(_("No. KK"), max_length=16, blank=True)
    name = models.CharField(_("nama dalam daftar"), max_length=100, blank=True)
    # The matched household's village, else the village the list gives, else the region
    # the list was uploaded for: what scopes the row.
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )
    amount = models.PositiveBigIntegerField(_("nominal (Rp)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    batch = models.ForeignKey(
        RecipientBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("penerima")
        verbose_name_plural = _("penerima")
        indexes = [
            models.Index(fields=["program", "id"], name="recipient_program_id"),
            models.Index(fields=["period", "nik"], name="recipient_period_nik"),
            models.Index(fields=["period", "kk"], name="recipient_period_kk"),
            models.Index(
                fields=["region"], name="recipient_region_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.nik or self.kk


class RecipientStatusChange(models.Model):
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="changes")
    before = models.CharField(max_length=10, blank=True)
    after = models.CharField(max_length=10)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.before} -> {self.after}"
