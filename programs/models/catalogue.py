"""The program catalogue: programs, their benefit components, periods and quotas."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tkpk.models import Agency, Region


class Program(models.Model):
    """A poverty program. National programs (``owner_region`` empty) are seen by every
    region; a regional program belongs to the region that runs it."""

    class Cluster(models.IntegerChoices):
        FAMILY = 1, _("Klaster 1: bantuan sosial berbasis keluarga")
        COMMUNITY = 2, _("Klaster 2: pemberdayaan masyarakat")
        ENTERPRISE = 3, _("Klaster 3: usaha mikro dan kecil")

    class Strategy(models.TextChoices):
        REDUCE_EXPENDITURE = "reduce_expenditure", _("Mengurangi beban pengeluaran")
        RAISE_INCOME = "raise_income", _("Meningkatkan pendapatan")
        POVERTY_POCKETS = "poverty_pockets", _("Mengurangi kantong kemiskinan")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Pusat")
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/kota")
        VILLAGE = "village", _("Desa")

    class Funding(models.TextChoices):
        APBN = "apbn", _("APBN")
        APBD_PROVINCE = "apbd_province", _("APBD provinsi")
        APBD_REGENCY = "apbd_regency", _("APBD kabupaten/kota")
        APBDES = "apbdes", _("APBDes")
        NON_GOVERNMENT = "non_government", _("Non-pemerintah")

    class TargetUnit(models.TextChoices):
        PERSON = "person", _("Perorangan")
        HOUSEHOLD = "household", _("Keluarga")
        GROUP = "group", _("Kelompok")

    class BenefitUnit(models.TextChoices):
        PERSON = "person", _("per orang")
        FAMILY = "family", _("per keluarga")
        PUPIL = "pupil", _("per siswa")
        GROUP = "group", _("per kelompok")
        HOUSE = "house", _("per rumah")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("per bulan")
        QUARTERLY = "quarterly", _("per triwulan")
        YEARLY = "yearly", _("per tahun")
        ONCE = "once", _("sekali")

    class NationalRelation(models.TextChoices):
        EXTENDS = "extends", _("Memperluas cakupan program nasional")
        COMPLEMENTS = "complements", _("Melengkapi program nasional")
        TOPS_UP = "tops_up", _("Menambah besaran manfaat program nasional")

    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    cluster = models.PositiveSmallIntegerField(_("klaster"), choices=Cluster.choices)
    strategy = models.CharField(_("strategi"), max_length=20, choices=Strategy.choices)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    funding_source = models.CharField(_("sumber dana"), max_length=20, choices=Funding.choices)
    donor = models.CharField(_("pemberi dana non-pemerintah"), max_length=200, blank=True)
    implementing_agency = models.CharField(_("pelaksana"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("OPD penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs",
    )
    owner_region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah pemilik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Kosong untuk program nasional."),
    )
    target_unit = models.CharField(_("sasaran"), max_length=10, choices=TargetUnit.choices)
    benefit_amount = models.PositiveBigIntegerField(
        _("besaran manfaat (Rp)"), null=True, blank=True
    )
    benefit_unit = models.CharField(
        _("satuan manfaat"), max_length=10, choices=BenefitUnit.choices, blank=True
    )
    benefit_frequency = models.CharField(
        _("frekuensi"), max_length=10, choices=Frequency.choices, blank=True
    )
    max_components = models.PositiveSmallIntegerField(
        _("komponen paling banyak per keluarga"), null=True, blank=True
    )
    # PKH's "at most four persons per family" read as one component per person (the larger
    # one): a member who is both severely disabled and 60+ counts once.
    max_components_per_person = models.PositiveSmallIntegerField(
        _("komponen paling banyak per orang"),
        null=True,
        blank=True,
        default=1,
        help_text=_("Kosong: setiap komponen yang dipenuhi seseorang dihitung."),
    )
    national_relation = models.CharField(
        _("hubungan dengan program nasional"),
        max_length=12,
        choices=NationalRelation.choices,
        blank=True,
    )
    national_program = models.ForeignKey(
        "self",
        verbose_name=_("program nasional terkait"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="regional_programs",
    )
    active_from = models.DateField(_("berlaku sejak"))
    active_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    # The eligibility criterion set: see programs.criteria for its shape.
    criteria = models.JSONField(_("kriteria"), default=dict, blank=True)
    criteria_updated_at = models.DateTimeField(null=True, blank=True)
    criteria_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cluster", "code"]
        verbose_name = _("program")
        verbose_name_plural = _("program")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="program_unique_code"),
            models.CheckConstraint(
                condition=~Q(funding_source="non_government") | ~Q(donor=""),
                name="program_non_government_names_donor",
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="program_active_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class BenefitComponent(models.Model):
    """One part of a per-family benefit (PKH: pregnant woman, pupil, elderly...). A family
    receives the component once per member who meets its rule, each member at most
    ``Program.max_components_per_person`` components and the family at most
    ``Program.max_components``, the largest first."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("kode"), max_length=30)
    label = models.CharField(_("komponen"), max_length=120)
    amount = models.PositiveBigIntegerField(_("besaran per tahun (Rp)"))
    # A member criterion set (programs.criteria, member fields only).
    rule = models.JSONField(_("syarat anggota"), default=dict)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["program", "position", "id"]
        verbose_name = _("komponen manfaat")
        verbose_name_plural = _("komponen manfaat")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="component_unique_code")
        ]

    def __str__(self) -> str:
        return self.label


class ProgramPeriod(models.Model):
    """A program year or phase: recipients, quotas and disbursements belong to one."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="periods")
    name = models.CharField(_("nama periode"), max_length=60)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))

    class Meta:
        ordering = ["program", "-starts_on"]
        verbose_name = _("periode program")
        verbose_name_plural = _("periode program")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_ordered"
            ),
            models.UniqueConstraint(fields=["program", "name"], name="period_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.program.code} {self.name}"


class ProgramQuota(models.Model):
    period = models.ForeignKey(ProgramPeriod, on_delete=models.CASCADE, related_name="quotas")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveIntegerField(_("kuota"))

    class Meta:
        verbose_name = _("kuota")
        verbose_name_plural = _("kuota")
        constraints = [
            models.UniqueConstraint(fields=["period", "region"], name="quota_unique_region")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.region_id}: {self.quota}"
