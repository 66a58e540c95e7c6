"""Poverty indicators per region and period (PLANNING.md section 4), and the uploaded files
they come from.

A value's region is a code, not a foreign key: ``"00"`` is Indonesia as a whole (no region
row stands for the country), every other code is a Kemendagri region. A region's own rows
are written by whoever manages monitoring there; its province's and the country's rows sit
beside them as comparison data (``monitoring.indicators.services``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tkpk.tabular.models import UploadedBatch

NATIONAL = "00"


class Indicator(models.TextChoices):
    POOR_COUNT = "poor_count", _("Jumlah penduduk miskin")
    P0 = "p0", _("Persentase penduduk miskin (P0)")
    P1 = "p1", _("Indeks kedalaman kemiskinan (P1)")
    P2 = "p2", _("Indeks keparahan kemiskinan (P2)")
    POVERTY_LINE = "poverty_line", _("Garis kemiskinan")
    EXTREME_POVERTY = "extreme_poverty", _("Persentase penduduk miskin ekstrem")
    UNEMPLOYMENT = "unemployment", _("Tingkat pengangguran terbuka (TPT)")
    GINI = "gini", _("Rasio Gini")
    HDI = "hdi", _("Indeks Pembangunan Manusia (IPM)")


class PeriodKind(models.TextChoices):
    """The rounds BPS publishes: Susenas March and September, Sakernas February and
    August, and annual figures (IPM, regency Gini)."""

    FEBRUARY = "february", _("Februari")
    MARCH = "march", _("Maret")
    AUGUST = "august", _("Agustus")
    SEPTEMBER = "september", _("September")
    ANNUAL = "annual", _("Tahunan")


class IndicatorValue(models.Model):
    """One published figure: one row per region, indicator, year and period (a constraint)."""

    region_code = models.CharField(_("kode wilayah"), max_length=13)
    indicator = models.CharField(_("indikator"), max_length=20, choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    period = models.CharField(_("periode"), max_length=10, choices=PeriodKind.choices)
    value = models.DecimalField(_("nilai"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("satuan"), max_length=30)
    source = models.CharField(_("sumber"), max_length=200)
    # The method behind the figure: for extreme poverty the international line used
    # ("US$1,90 PPP 2011" until 2023, "US$2,15 PPP 2017" from 2025).
    method_version = models.CharField(_("versi metode"), max_length=100, blank=True)
    batch = models.ForeignKey(
        "monitoring.IndicatorBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_code", "indicator", "year", "period"]
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "indicator", "year", "period"],
                name="indicator_value_unique",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="indicator_value_year_range"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_not_negative"),
            models.CheckConstraint(condition=~Q(source=""), name="indicator_value_source_named"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.indicator} {self.year} {self.period}"


class IndicatorBatch(UploadedBatch):
    """One uploaded indicator file (CSV or XLSX), filed under the uploader's region."""

    rows_changed = models.PositiveIntegerField(default=0)

    class Meta(UploadedBatch.Meta):
        verbose_name = _("unggahan indikator")
        verbose_name_plural = _("unggahan indikator")

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"


class IndicatorBatchRow(models.Model):
    """A row of an uploaded file as checked: what it would do, or why it is refused."""

    class Outcome(models.TextChoices):
        NEW = "new", _("Baru")
        CHANGED = "changed", _("Berubah")
        UNCHANGED = "unchanged", _("Tidak berubah")
        REJECTED = "rejected", _("Ditolak")

    batch = models.ForeignKey(IndicatorBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    errors = models.JSONField(default=list, blank=True)
    region_code = models.CharField(max_length=13, blank=True)
    indicator = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True)
    period = models.CharField(max_length=10, blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    previous_value = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    source = models.CharField(max_length=200, blank=True)
    method_version = models.CharField(max_length=100, blank=True)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["batch_id", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number"], name="indicator_row_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"
