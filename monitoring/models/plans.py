"""The region's poverty plans: the five-year RPKD and the annual action plan (RAT).

A plan holds priorities, and under them programs -> activities (kegiatan) -> sub-activities
(sub kegiatan). A sub-activity carries the indicator, its unit and baseline, a target per
year, the indicative budget per year and funding source, its priority locations, the
responsible agency, and links to catalogue programs and agreed Musrenbang proposals.

A RAT is built from its RPKD for one year: each RAT sub-activity names the RPKD
sub-activity it came from (``origin``) and keeps only that year's target and budget.
Realisation reports are made against RAT sub-activities.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from musrenbang.models import Proposal
from programs.models import Program
from tkpk.models import Agency, Region

Funding = Program.Funding
Cluster = Program.Cluster
Strategy = Program.Strategy

RPKD_YEARS = 5


class Plan(models.Model):
    class Kind(models.TextChoices):
        RPKD = "rpkd", _("RPKD (lima tahun)")
        RAT = "rat", _("RAT (rencana aksi tahunan)")

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=4, choices=Kind.choices)
    first_year = models.PositiveSmallIntegerField(_("tahun awal"))
    last_year = models.PositiveSmallIntegerField(_("tahun akhir"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("RPKD induk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
    )
    title = models.CharField(_("judul"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "-first_year", "kind"]
        verbose_name = _("rencana penanggulangan kemiskinan")
        verbose_name_plural = _("rencana penanggulangan kemiskinan")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "first_year"], name="plan_unique_per_region_year"
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=2000, last_year__lte=2100),
                name="plan_years_range",
            ),
            # An RPKD spans five years; a RAT one year and belongs to an RPKD.
            models.CheckConstraint(
                condition=(Q(kind="rpkd") & Q(last_year=F("first_year") + RPKD_YEARS - 1))
                | (Q(kind="rat") & Q(last_year=F("first_year")) & Q(parent__isnull=False)),
                name="plan_period_by_kind",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.RAT:
            return f"RAT {self.first_year}"
        return f"RPKD {self.first_year}-{self.last_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class Priority(models.Model):
    """A priority with its strategy (guideline 2.5) and cluster."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("prioritas"), max_length=300)
    strategy = models.CharField(_("strategi"), max_length=20, choices=Strategy.choices)
    cluster = models.PositiveSmallIntegerField(_("klaster"), choices=Cluster.choices)

    class Meta:
        ordering = ["plan_id", "number"]
        verbose_name = _("prioritas")
        verbose_name_plural = _("prioritas")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="priority_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class PlanProgram(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="programs")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="programs")
    code = models.CharField(_("kode program"), max_length=40)
    name = models.CharField(_("program"), max_length=300)
    catalogue_program = models.ForeignKey(
        Program,
        verbose_name=_("program di katalog"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["plan_id", "code"]
        verbose_name = _("program rencana")
        verbose_name_plural = _("program rencana")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plan_program_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Activity(models.Model):
    """Kegiatan."""

    program = models.ForeignKey(PlanProgram, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("kode kegiatan"), max_length=40)
    name = models.CharField(_("kegiatan"), max_length=300)

    class Meta:
        ordering = ["program_id", "code"]
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="activity_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SubActivity(models.Model):
    """Sub kegiatan: what an agency carries out and reports on. ``plan`` repeats the
    activity's plan so that scope and evaluation filter without three joins."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sub_activities")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sub_activities")
    code = models.CharField(_("kode sub kegiatan"), max_length=40)
    name = models.CharField(_("sub kegiatan"), max_length=300)
    indicator = models.CharField(_("indikator"), max_length=300)
    unit = models.CharField(_("satuan"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("sub kegiatan RPKD asal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived",
    )
    proposals = models.ManyToManyField(
        Proposal,
        verbose_name=_("usulan Musrenbang yang disepakati"),
        through="SubActivityProposal",
        related_name="+",
        blank=True,
    )

    class Meta:
        ordering = ["plan_id", "code"]
        verbose_name = _("sub kegiatan")
        verbose_name_plural = _("sub kegiatan")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="sub_activity_unique_code"),
            models.CheckConstraint(condition=~Q(indicator=""), name="sub_activity_has_indicator"),
        ]
        indexes = [models.Index(fields=["agency", "plan"], name="sub_activity_agency_plan")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Target(models.Model):
    """The indicator's target for one year of the plan."""

    sub_activity = models.ForeignKey(SubActivity, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["sub_activity_id", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("target")
        constraints = [
            models.UniqueConstraint(fields=["sub_activity", "year"], name="target_unique_year"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Allocation(models.Model):
    """Indicative budget (pagu indikatif) of one year from one funding source. The funding
    sources a sub-activity lists in a year are the ones with an allocation that year."""

    sub_activity = models.ForeignKey(
        SubActivity, on_delete=models.CASCADE, related_name="allocations"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    source = models.CharField(_("sumber dana"), max_length=20, choices=Funding.choices)
    donor = models.CharField(_("pemberi dana non-pemerintah"), max_length=200, blank=True)
    amount = models.DecimalField(_("pagu indikatif (Rp)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["sub_activity_id", "year", "source"]
        verbose_name = _("pagu indikatif")
        verbose_name_plural = _("pagu indikatif")
        constraints = [
            models.UniqueConstraint(
                fields=["sub_activity", "year", "source"], name="allocation_unique_source"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocation_not_negative"),
            models.CheckConstraint(
                condition=~Q(source="non_government") | ~Q(donor=""),
                name="allocation_non_government_names_donor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source}: {self.amount}"


class Location(models.Model):
    """A priority location (lokasi prioritas): a district or a village of the plan's
    region."""

    sub_activity = models.ForeignKey(
        SubActivity, on_delete=models.CASCADE, related_name="locations"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("lokasi"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sub_activity_id", "region_id"]
        verbose_name = _("lokasi prioritas")
        verbose_name_plural = _("lokasi prioritas")
        constraints = [
            models.UniqueConstraint(
                fields=["sub_activity", "region"], name="location_unique_region"
            ),
        ]
        indexes = [models.Index(fields=["region"], name="location_region")]

    def __str__(self) -> str:
        return str(self.region_id)


class SubActivityProposal(models.Model):
    """A Musrenbang proposal, agreed, that the sub-activity carries out."""

    sub_activity = models.ForeignKey(SubActivity, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("usulan yang ditampung")
        verbose_name_plural = _("usulan yang ditampung")
        constraints = [
            models.UniqueConstraint(
                fields=["sub_activity", "proposal"], name="sub_activity_proposal_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sub_activity_id}/{self.proposal_id}"
