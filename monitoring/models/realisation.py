"""Quarterly realisation reports of agencies on their RAT sub-activities.

One report per sub-activity, year and quarter (the agency follows from the sub-activity):
the physical output reached in that quarter (in the indicator's unit), the money spent per
funding source, the beneficiaries reached by sex, disability and age group, problems and
follow-up, evidence files. The secretariat accepts a report or returns it with a reason; an
accepted report changes only through ``realisation_correct``, which leaves a ``Correction``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from monitoring.models.plans import Funding, SubActivity
from tkpk.models import Agency, Region

# Days after a quarter's end by which its report is due, unless the region sets its own.
DEFAULT_DEADLINE_DAYS = 10


class ReportingSetting(models.Model):
    """A region's reporting deadline (days after the quarter ends)."""

    region = models.OneToOneField(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("batas laporan (hari setelah triwulan berakhir)"), default=DEFAULT_DEADLINE_DAYS
    )

    class Meta:
        verbose_name = _("pengaturan pelaporan")
        verbose_name_plural = _("pengaturan pelaporan")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_days__lte=90), name="reporting_deadline_within_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.deadline_days}"


class Report(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Dikirim")
        ACCEPTED = "accepted", _("Diterima")
        RETURNED = "returned", _("Dikembalikan")

    class BeneficiarySource(models.TextChoices):
        TYPED = "typed", _("Diisi langsung")
        REGISTRY = "registry", _("Dihitung dari registri (penerima disebut namanya)")

    sub_activity = models.ForeignKey(SubActivity, on_delete=models.PROTECT, related_name="reports")
    # Repeats the sub-activity's agency (the natural key's first part) for grouped reads.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    physical = models.DecimalField(
        _("realisasi fisik triwulan ini"), max_digits=14, decimal_places=2
    )
    physical_note = models.TextField(_("catatan realisasi fisik"), blank=True)
    beneficiary_source = models.CharField(
        _("asal data penerima manfaat"),
        max_length=10,
        choices=BeneficiarySource.choices,
        default=BeneficiarySource.TYPED,
    )
    male = models.PositiveIntegerField(_("laki-laki"), default=0)
    female = models.PositiveIntegerField(_("perempuan"), default=0)
    disabled = models.PositiveIntegerField(_("penyandang disabilitas"), default=0)
    children = models.PositiveIntegerField(_("anak (0-17)"), default=0)
    adults = models.PositiveIntegerField(_("dewasa (18-59)"), default=0)
    elderly = models.PositiveIntegerField(_("lansia (60+)"), default=0)
    problems = models.TextField(_("masalah yang dihadapi"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)
    # The digest of what was last pushed or typed: the same report twice changes nothing.
    digest = models.CharField(max_length=64, blank=True)
    due_on = models.DateField(_("batas waktu"))
    first_submitted_at = models.DateTimeField(_("pertama dikirim"))
    submitted_at = models.DateTimeField(_("dikirim"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-quarter", "sub_activity_id"]
        verbose_name = _("laporan realisasi")
        verbose_name_plural = _("laporan realisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["sub_activity", "year", "quarter"], name="report_unique_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_4"
            ),
            models.CheckConstraint(condition=Q(physical__gte=0), name="report_physical_positive"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="report_return_has_reason",
            ),
            # Every beneficiary has one sex and one age group.
            models.CheckConstraint(
                condition=Q(male=F("children") + F("adults") + F("elderly") - F("female")),
                name="report_beneficiaries_add_up",
            ),
            models.CheckConstraint(
                condition=Q(disabled__lte=F("male") + F("female")),
                name="report_disabled_within_total",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "year", "quarter"], name="report_agency_quarter"),
            models.Index(fields=["year", "status"], name="report_year_status"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_activity} {self.year} T{self.quarter}"

    @property
    def beneficiaries(self) -> int:
        return self.male + self.female

    @property
    def is_late(self) -> bool:
        return self.first_submitted_at.date() > self.due_on


class Spending(models.Model):
    """Money spent in the quarter from one funding source."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="spending")
    source = models.CharField(_("sumber dana"), max_length=20, choices=Funding.choices)
    amount = models.DecimalField(_("realisasi keuangan (Rp)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["report_id", "source"]
        verbose_name = _("realisasi keuangan")
        verbose_name_plural = _("realisasi keuangan")
        constraints = [
            models.UniqueConstraint(fields=["report", "source"], name="spending_unique_source"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spending_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.amount}"


class NamedBeneficiary(models.Model):
    """A registry person the report names; the counts are computed from these."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="named")
    person = models.ForeignKey("households.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "person"], name="named_beneficiary_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.person_id}"


class Evidence(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    # Relative to settings.PRIVATE_MEDIA_ROOT; served only through a scope-checked view.
    file_path = models.CharField(max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=30)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["report_id", "id"]
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    def __str__(self) -> str:
        return self.original_name


class Correction(models.Model):
    """A change to an accepted report: who, when, why, before and after."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="corrections")
    reason = models.TextField(_("alasan koreksi"))
    before = models.JSONField(_("sebelum"))
    after = models.JSONField(_("sesudah"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("koreksi laporan realisasi")
        verbose_name_plural = _("koreksi laporan realisasi")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.made_at:%Y-%m-%d}"
