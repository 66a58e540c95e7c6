from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from households import choices as c
from tkpk.models import Region
from tkpk.tabular.models import UploadedBatch


class Household(models.Model):
    """A family (KK) in the registry. The whole population of a region, not only the poor.

    The counters at the end are derived facts kept in SQL so that eligibility rules can use
    them; ``household_facts_refresh`` recomputes them after every commit and nightly.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        MOVED = "moved", _("Pindah")
        DECEASED = "deceased", _("Keluar: rumah tangga meninggal")
        NOT_POOR = "not_poor", _("Keluar: sudah mampu")
        DUPLICATE = "duplicate", _("Keluar: data ganda")

    kk = models.CharField(_("No. KK"), max_length=16)
    village = models.ForeignKey(
        Region,
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    address = models.CharField(_("alamat"), max_length=200, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    welfare_decile = models.PositiveSmallIntegerField(
        _("desil kesejahteraan"), null=True, blank=True
    )
    decile_source = models.CharField(_("sumber desil"), max_length=60, blank=True)
    decile_date = models.DateField(_("tanggal desil"), null=True, blank=True)
    extreme_poor = models.BooleanField(_("miskin ekstrem"), default=False)
    extreme_poor_source = models.CharField(_("sumber miskin ekstrem"), max_length=60, blank=True)
    roof = models.CharField(_("atap"), max_length=20, choices=c.Roof.choices, blank=True)
    wall = models.CharField(_("dinding"), max_length=20, choices=c.Wall.choices, blank=True)
    floor = models.CharField(_("lantai"), max_length=20, choices=c.Floor.choices, blank=True)
    floor_area_m2 = models.PositiveIntegerField(_("luas lantai (m²)"), null=True, blank=True)
    water_source = models.CharField(
        _("sumber air minum"), max_length=20, choices=c.WaterSource.choices, blank=True
    )
    sanitation = models.CharField(
        _("jamban"), max_length=20, choices=c.Sanitation.choices, blank=True
    )
    lighting = models.CharField(
        _("penerangan"), max_length=20, choices=c.Lighting.choices, blank=True
    )
    cooking_fuel = models.CharField(
        _("bahan bakar memasak"), max_length=20, choices=c.CookingFuel.choices, blank=True
    )
    tenure = models.CharField(
        _("status tempat tinggal"), max_length=20, choices=c.Tenure.choices, blank=True
    )
    protein_weekly_or_less = models.BooleanField(
        _("daging/susu/ayam paling banyak sekali seminggu"), null=True, blank=True
    )
    one_clothing_set_yearly = models.BooleanField(
        _("membeli satu stel pakaian setahun"), null=True, blank=True
    )
    meals_per_day = models.PositiveSmallIntegerField(_("makan sehari"), null=True, blank=True)
    cannot_afford_clinic = models.BooleanField(
        _("tidak sanggup berobat ke puskesmas"), null=True, blank=True
    )
    head_income_under_600k = models.BooleanField(
        _("penghasilan kepala di bawah Rp600.000"), null=True, blank=True
    )
    has_saleable_asset = models.BooleanField(
        _("punya aset mudah dijual ≥ Rp500.000"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    member_count = models.PositiveSmallIntegerField(_("jumlah anggota"), default=0)
    children_0_6 = models.PositiveSmallIntegerField(_("anak 0–6 tahun"), default=0)
    school_age_7_18 = models.PositiveSmallIntegerField(_("usia sekolah 7–18"), default=0)
    elderly_60_plus = models.PositiveSmallIntegerField(_("lansia 60+"), default=0)
    disabled_members = models.PositiveSmallIntegerField(_("anggota disabilitas"), default=0)
    pregnant_members = models.PositiveSmallIntegerField(_("anggota hamil"), default=0)
    bps_criteria_met = models.PositiveSmallIntegerField(
        _("kriteria kemiskinan BPS terpenuhi"), default=0
    )
    created_at = models.DateTimeField(_("dibuat"))
    updated_at = models.DateTimeField(_("diubah"))

    class Meta:
        verbose_name = _("rumah tangga")
        verbose_name_plural = _("rumah tangga")
        constraints = [
            models.UniqueConstraint(fields=["kk"], name="household_unique_kk"),
            models.CheckConstraint(
                condition=Q(welfare_decile__isnull=True) | Q(welfare_decile__range=(1, 10)),
                name="household_decile_1_10",
            ),
        ]
        indexes = [
            # Scope filters are code prefixes (village LIKE '35.05.%'): pattern ops serve them.
            models.Index(
                fields=["village"],
                name="household_village_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["welfare_decile"], name="household_decile"),
        ]

    def __str__(self) -> str:
        return f"KK {self.kk}"


class Person(models.Model):
    class Status(models.TextChoices):
        LIVING = "living", _("Hidup")
        DECEASED = "deceased", _("Meninggal")
        MOVED = "moved", _("Pindah")

    household = models.ForeignKey(
        Household, verbose_name=_("rumah tangga"), on_delete=models.PROTECT, related_name="members"
    )
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("nama"), max_length=100)
    # Upper-cased, accent-free name for prefix search; filled by the import.
    name_search = models.CharField(max_length=100)
    relation = models.CharField(_("hubungan keluarga"), max_length=20, choices=c.Relation.choices)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=c.Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    marital_status = models.CharField(
        _("status perkawinan"), max_length=20, choices=c.MaritalStatus.choices, blank=True
    )
    education = models.CharField(
        _("pendidikan tertinggi"), max_length=20, choices=c.Education.choices, blank=True
    )
    school_attendance = models.CharField(
        _("status sekolah"), max_length=20, choices=c.SchoolAttendance.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=30, choices=c.Occupation.choices, blank=True
    )
    disability = models.CharField(
        _("disabilitas"), max_length=10, choices=c.Disability.choices, default=c.Disability.NONE
    )
    chronic_illness = models.BooleanField(_("penyakit kronis"), default=False)
    pregnant = models.BooleanField(_("hamil"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.LIVING
    )
    created_at = models.DateTimeField(_("dibuat"))
    updated_at = models.DateTimeField(_("diubah"))

    class Meta:
        verbose_name = _("anggota rumah tangga")
        verbose_name_plural = _("anggota rumah tangga")
        constraints = [models.UniqueConstraint(fields=["nik"], name="person_unique_nik")]
        indexes = [
            models.Index(
                fields=["name_search"], name="person_name_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VerificationBatch(UploadedBatch):
    """One uploaded verification file (verivali), from upload to commit."""

    file_warnings = models.JSONField(default=list, blank=True)
    rows_changed = models.PositiveIntegerField(default=0)
    rows_removed = models.PositiveIntegerField(default=0)
    rows_with_warnings = models.PositiveIntegerField(default=0)
    minutes_path = models.CharField(max_length=300, blank=True)
    minutes_name = models.CharField(_("berita acara"), max_length=200, blank=True)
    minutes_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)

    class Meta(UploadedBatch.Meta):
        verbose_name = _("batch verifikasi")
        verbose_name_plural = _("batch verifikasi")

    def __str__(self) -> str:
        return f"Batch #{self.pk} {self.original_name}"


class BatchRow(models.Model):
    """One parsed row of a batch: kept after commit as the record of what was uploaded."""

    class Outcome(models.TextChoices):
        NEW = "new", _("Baru")
        CHANGED = "changed", _("Berubah")
        REMOVED = "removed", _("Dihapus")
        UNCHANGED = "unchanged", _("Tidak berubah")
        REJECTED = "rejected", _("Ditolak")

    # Indexed by the unique (batch, row_number) constraint; no separate index to maintain.
    # No database constraint: rows are only ever written by the batch's own validation, and
    # PostgreSQL would check a deferred foreign key row by row at commit (6 s per 1.2M rows).
    batch = models.ForeignKey(
        VerificationBatch,
        on_delete=models.CASCADE,
        related_name="rows",
        db_index=False,
        db_constraint=False,
    )
    row_number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    # Problems found in the row alone (kept), and against other rows or the registry (found
    # again every time the batch is reconciled).
    errors = models.JSONField(default=list, blank=True)
    conflicts = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    changed_fields = models.CharField(max_length=500, blank=True)
    raw = models.JSONField(null=True)  # the cells as uploaded, kept for rows with errors
    # The registry as it stood at validation: the person, the household of the row's KK,
    # and the household the person belonged to.
    person_id = models.BigIntegerField(null=True)
    household_id = models.BigIntegerField(null=True)
    person_household_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=10, blank=True)
    removal_reason = models.CharField(max_length=20, blank=True)
    kk = models.CharField(max_length=16, blank=True)
    village_code = models.CharField(max_length=13, blank=True)
    address = models.CharField(max_length=200, null=True)
    rt = models.CharField(max_length=3, null=True)
    rw = models.CharField(max_length=3, null=True)
    welfare_decile = models.PositiveSmallIntegerField(null=True)
    decile_source = models.CharField(max_length=60, null=True)
    decile_date = models.DateField(null=True)
    extreme_poor = models.BooleanField(null=True)
    extreme_poor_source = models.CharField(max_length=60, null=True)
    roof = models.CharField(max_length=20, null=True)
    wall = models.CharField(max_length=20, null=True)
    floor = models.CharField(max_length=20, null=True)
    floor_area_m2 = models.PositiveIntegerField(null=True)
    water_source = models.CharField(max_length=20, null=True)
    sanitation = models.CharField(max_length=20, null=True)
    lighting = models.CharField(max_length=20, null=True)
    cooking_fuel = models.CharField(max_length=20, null=True)
    tenure = models.CharField(max_length=20, null=True)
    protein_weekly_or_less = models.BooleanField(null=True)
    one_clothing_set_yearly = models.BooleanField(null=True)
    meals_per_day = models.PositiveSmallIntegerField(null=True)
    cannot_afford_clinic = models.BooleanField(null=True)
    head_income_under_600k = models.BooleanField(null=True)
    has_saleable_asset = models.BooleanField(null=True)
    nik = models.CharField(max_length=16, blank=True)
    name = models.CharField(max_length=100, null=True)
    name_search = models.CharField(max_length=100, null=True)
    relation = models.CharField(max_length=20, null=True)
    sex = models.CharField(max_length=1, null=True)
    birth_date = models.DateField(null=True)
    marital_status = models.CharField(max_length=20, null=True)
    education = models.CharField(max_length=20, null=True)
    school_attendance = models.CharField(max_length=20, null=True)
    occupation = models.CharField(max_length=30, null=True)
    disability = models.CharField(max_length=10, null=True)
    chronic_illness = models.BooleanField(null=True)
    pregnant = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="batchrow_unique_number")
        ]
        indexes = [
            models.Index(fields=["batch", "outcome", "row_number"], name="batchrow_batch_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"


class HouseholdChange(models.Model):
    """The household's history: one entry per committed change to it or to a member."""

    class Kind(models.TextChoices):
        HOUSEHOLD_CREATED = "household_created", _("Rumah tangga didaftarkan")
        HOUSEHOLD_CHANGED = "household_changed", _("Data rumah tangga diperbaiki")
        HOUSEHOLD_STATUS = "household_status", _("Status rumah tangga berubah")
        MEMBER_ADDED = "member_added", _("Anggota ditambahkan")
        MEMBER_CHANGED = "member_changed", _("Data anggota diperbaiki")
        MEMBER_REMOVED = "member_removed", _("Anggota dihapus")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="changes")
    person = models.ForeignKey(Person, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    batch = models.ForeignKey(VerificationBatch, on_delete=models.PROTECT, related_name="+")
    row_number = models.PositiveIntegerField(null=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["household", "-changed_at"], name="change_household_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.changed_at:%Y-%m-%d})"


class CorrectionDraft(models.Model):
    """A registry correction asked for outside a batch (a complaint): the village operator
    downloads it as a prefilled verification-batch row, completes it and uploads it through
    the normal batch flow. The draft itself never changes the registry."""

    class Kind(models.TextChoices):
        NEW = "baru", _("Rumah tangga/anggota baru")
        CORRECTION = "perbaikan", _("Perbaikan data")

    class State(models.TextChoices):
        OPEN = "open", _("Menunggu operator")
        DONE = "done", _("Sudah diunggah dalam batch")
        DISMISSED = "dismissed", _("Tidak ditindaklanjuti")

    village = models.ForeignKey(
        Region,
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    kk = models.CharField(_("No. KK"), max_length=16, blank=True)
    name = models.CharField(_("nama"), max_length=100, blank=True)
    source = models.CharField(_("asal"), max_length=100)
    note = models.TextField(_("catatan"), blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("draf koreksi registri")
        verbose_name_plural = _("draf koreksi registri")
        indexes = [
            models.Index(
                fields=["village"],
                name="correction_village_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.source}"
