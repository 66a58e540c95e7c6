"""Musrenbang: a region's planning year, its stages and forums, proposals, scores, ceilings.

A closed stage freezes what was agreed in it: later changes go through
``musrenbang.services.proposal_update`` with a reason and leave an ``Amendment`` row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programs.models import Program
from tkpk.models import Agency, Region
from tkpk.tabular.models import UploadedBatch


class PlanningYear(models.Model):
    """The RKPD year a regency plans (2027 is planned during 2026)."""

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun RKPD"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "-year"]
        verbose_name = _("tahun perencanaan")
        verbose_name_plural = _("tahun perencanaan")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="planning_year_unique"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="planning_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"RKPD {self.year} — {self.region.name}"


class Stage(models.Model):
    class Kind(models.TextChoices):
        MUSDES = "musdes", _("Musdes/Muskel")
        THEMATIC = "thematic", _("Forum tematik")
        DISTRICT = "district", _("Musrenbang kecamatan")
        AGENCY = "agency", _("Forum OPD")
        REGENCY = "regency", _("Musrenbang kabupaten/kota")

    planning_year = models.ForeignKey(PlanningYear, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("tahap"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    starts_on = models.DateField(_("mulai"), null=True, blank=True)
    ends_on = models.DateField(_("selesai"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["planning_year_id", "order"]
        verbose_name = _("tahap")
        verbose_name_plural = _("tahap")
        constraints = [
            models.UniqueConstraint(fields=["planning_year", "kind"], name="stage_unique_kind"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="stage_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Forum(models.Model):
    """One meeting at one level for one region."""

    class Level(models.TextChoices):
        VILLAGE = "village", _("Desa/kelurahan")
        DISTRICT = "district", _("Kecamatan")
        REGENCY = "regency", _("Kabupaten/kota")

    class Kind(models.TextChoices):
        GENERAL = "general", _("Umum")
        WOMEN = "women", _("Perempuan")
        CHILDREN = "children", _("Anak")
        DISABILITY = "disability", _("Penyandang disabilitas")
        ELDERLY = "elderly", _("Lansia")
        YOUTH = "youth", _("Pemuda")
        ADAT = "adat", _("Masyarakat adat")
        AGENCY = "agency", _("Forum OPD")

    planning_year = models.ForeignKey(PlanningYear, on_delete=models.CASCADE, related_name="forums")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="forums")
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.GENERAL)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("nama forum"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    chair = models.CharField(_("pimpinan sidang"), max_length=150, blank=True)
    chair_nip = models.CharField(_("NIP pimpinan sidang"), max_length=30, blank=True)
    minutes_number = models.CharField(_("nomor berita acara"), max_length=100, blank=True)
    # The signed berita acara scan, under PRIVATE_MEDIA_ROOT (outside the web root).
    signed_minutes_path = models.CharField(max_length=300, blank=True)
    signed_minutes_name = models.CharField(_("berkas berita acara"), max_length=200, blank=True)
    signed_minutes_at = models.DateTimeField(null=True, blank=True)
    signed_minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["planning_year_id", "held_on", "id"]
        verbose_name = _("forum")
        verbose_name_plural = _("forum")
        constraints = [
            # A Forum OPD belongs to one agency; no other forum names one.
            models.CheckConstraint(
                condition=(Q(kind="agency") & Q(agency__isnull=False))
                | (~Q(kind="agency") & Q(agency__isnull=True)),
                name="forum_agency_iff_forum_opd",
            ),
        ]
        indexes = [models.Index(fields=["planning_year", "region"], name="forum_year_region")]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    class Element(models.TextChoices):
        GOVERNMENT = "government", _("Pemerintah")
        VILLAGE = "village", _("Pemerintah/BPD desa")
        COMMUNITY = "community", _("Tokoh masyarakat/agama/adat")
        WOMEN = "women", _("Organisasi perempuan")
        YOUTH = "youth", _("Pemuda")
        DISABILITY = "disability", _("Organisasi penyandang disabilitas")
        BUSINESS = "business", _("Dunia usaha")
        NGO = "ngo", _("LSM")
        DPRD = "dprd", _("DPRD")
        OTHER = "other", _("Lainnya")

    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("lembaga/instansi"), max_length=200, blank=True)
    element = models.CharField(
        _("unsur"), max_length=12, choices=Element.choices, default=Element.OTHER
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    has_disability = models.BooleanField(_("penyandang disabilitas"), default=False)
    represents_poor = models.BooleanField(_("mewakili rumah tangga miskin"), default=False)
    # Elected to carry the forum's results to the next level (berita acara, Lampiran IV).
    is_delegate = models.BooleanField(_("delegasi ke tingkat berikutnya"), default=False)

    class Meta:
        ordering = ["forum_id", "id"]
        verbose_name = _("daftar hadir")
        verbose_name_plural = _("daftar hadir")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="attendance_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name


class FieldOfAffairs(models.TextChoices):
    """Bidang urusan, enough to route a proposal to its agency."""

    EDUCATION = "education", _("Pendidikan")
    HEALTH = "health", _("Kesehatan")
    PUBLIC_WORKS = "public_works", _("Pekerjaan umum dan penataan ruang")
    HOUSING = "housing", _("Perumahan dan kawasan permukiman")
    SOCIAL = "social", _("Sosial")
    VILLAGE_EMPOWERMENT = "village", _("Pemberdayaan masyarakat dan desa")
    SMALL_BUSINESS = "small_business", _("Koperasi dan usaha kecil")
    AGRICULTURE = "agriculture", _("Pertanian dan pangan")
    MANPOWER = "manpower", _("Tenaga kerja")
    WOMEN_CHILDREN = "women_children", _("Pemberdayaan perempuan dan perlindungan anak")
    OTHER = "other", _("Lainnya")


class Proposal(models.Model):
    """An usulan raised at a forum. ``parent`` is the proposal it was carried up from."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan")
        ACCEPTED = "accepted", _("Disepakati")
        RESERVE = "reserve", _("Cadangan")
        REJECTED = "rejected", _("Ditolak")

    class Review(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima ke Renja")
        REJECTED = "rejected", _("Ditolak OPD")
        DEFERRED = "deferred", _("Ditunda")

    class Fate(models.TextChoices):
        FUNDED = "funded", _("Didanai")
        NOT_FUNDED = "not_funded", _("Tidak didanai")

    class BeneficiaryKind(models.TextChoices):
        PERSON = "person", _("Jiwa")
        HOUSEHOLD = "household", _("Rumah tangga")
        GROUP = "group", _("Kelompok")
        VILLAGE = "village", _("Desa")

    planning_year = models.ForeignKey(
        PlanningYear, on_delete=models.PROTECT, related_name="proposals"
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="proposals")
    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    rank_in_forum = models.PositiveSmallIntegerField(_("peringkat di forum"), null=True, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # An earlier year's proposal this one asks for again (the same need, proposed anew).
    repeats = models.ForeignKey(
        "self",
        verbose_name=_("mengulang usulan tahun sebelumnya"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_by",
    )
    title = models.CharField(_("judul usulan"), max_length=200)
    problem = models.TextField(_("masalah yang dijawab"))
    village = models.ForeignKey(
        Region, verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="+"
    )
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_physical = models.BooleanField(_("fisik (infrastruktur)"))
    field_of_affairs = models.CharField(
        _("bidang urusan"), max_length=16, choices=FieldOfAffairs.choices
    )
    cluster = models.PositiveSmallIntegerField(
        _("klaster program"), choices=Program.Cluster.choices, null=True, blank=True
    )
    strategy = models.CharField(
        _("strategi"), max_length=20, choices=Program.Strategy.choices, blank=True
    )
    volume = models.DecimalField(_("volume"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=30)
    estimated_cost = models.BigIntegerField(_("perkiraan biaya (Rp)"))
    beneficiaries = models.PositiveIntegerField(_("jumlah penerima manfaat"))
    beneficiary_kind = models.CharField(
        _("jenis penerima manfaat"), max_length=10, choices=BeneficiaryKind.choices
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah penanggung jawab"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    status_reason = models.TextField(_("alasan"), blank=True)
    # Weighted mean of the criteria means (1-5), kept by ``proposal_scores_compute``.
    score = models.DecimalField(_("skor"), max_digits=7, decimal_places=4, null=True, blank=True)
    district_rank = models.PositiveIntegerField(_("peringkat kecamatan"), null=True, blank=True)
    # The responsible agency's review after the Musrenbang (``services.review``): into its
    # Renja under a program and activity, refused or deferred with the reason.
    review = models.CharField(
        _("telaah OPD"), max_length=10, choices=Review.choices, blank=True, default=""
    )
    review_reason = models.TextField(_("alasan telaah"), blank=True)
    renja_program = models.CharField(_("program Renja"), max_length=200, blank=True)
    renja_activity = models.CharField(_("kegiatan Renja"), max_length=200, blank=True)
    renja_sub_activity = models.CharField(_("sub kegiatan Renja"), max_length=200, blank=True)
    reviewed_cost = models.BigIntegerField(_("biaya hasil telaah (Rp)"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # What the budget did with it, recorded by the agency: funded with the amount, or not
    # funded with the reason. Only a proposal the agency took into its Renja has a fate.
    fate = models.CharField(
        _("nasib usulan"), max_length=10, choices=Fate.choices, blank=True, default=""
    )
    fate_amount = models.BigIntegerField(_("anggaran (Rp)"), null=True, blank=True)
    fate_reason = models.TextField(_("alasan tidak didanai"), blank=True)
    fate_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fate_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost__gt=0), name="proposal_cost_positive"
            ),
            models.CheckConstraint(condition=Q(volume__gt=0), name="proposal_volume_positive"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(status_reason=""),
                name="proposal_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="proposal_score_1_5",
            ),
            models.CheckConstraint(
                condition=~Q(review__in=["rejected", "deferred"]) | ~Q(review_reason=""),
                name="proposal_review_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(review="accepted") | (~Q(renja_program="") & ~Q(renja_activity="")),
                name="proposal_review_names_program",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_cost__isnull=True) | Q(reviewed_cost__gt=0),
                name="proposal_reviewed_cost_positive",
            ),
            models.CheckConstraint(
                condition=Q(fate="") | Q(review="accepted"), name="proposal_fate_after_renja"
            ),
            models.CheckConstraint(
                condition=~Q(fate="funded") | Q(fate_amount__isnull=False, fate_amount__gt=0),
                name="proposal_funded_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(fate="not_funded")
                | (~Q(fate_reason="") & Q(fate_amount__isnull=True)),
                name="proposal_not_funded_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="proposal_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="proposal_longitude_range",
            ),
        ]
        indexes = [
            models.Index(fields=["planning_year", "village", "id"], name="proposal_year_village"),
            models.Index(fields=["planning_year", "status"], name="proposal_year_status"),
            models.Index(fields=["agency", "planning_year", "id"], name="proposal_agency_year"),
        ]

    def __str__(self) -> str:
        return self.title


class ScoringRubric(models.Model):
    """One weighted rubric per planning year (so per region and year)."""

    planning_year = models.OneToOneField(
        PlanningYear, on_delete=models.CASCADE, related_name="rubric"
    )
    name = models.CharField(_("nama"), max_length=200)
    # True while it is the shipped default: the page says it is a proposal, not a regulation.
    is_default = models.BooleanField(_("rubrik bawaan"), default=True)

    class Meta:
        verbose_name = _("rubrik penilaian")
        verbose_name_plural = _("rubrik penilaian")

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    class Automatic(models.TextChoices):
        MANUAL = "", _("Dinilai oleh penilai")
        POVERTY = "poverty", _("Otomatis dari registri: rumah tangga desil 1-4 di desa")

    rubric = models.ForeignKey(ScoringRubric, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("kriteria"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("bobot (%)"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    automatic = models.CharField(
        _("cara penilaian"), max_length=10, choices=Automatic.choices, blank=True
    )
    # Five descriptors, for scores 1 to 5.
    descriptors = models.JSONField(_("deskripsi skala 1-5"), default=list)

    class Meta:
        ordering = ["rubric_id", "order", "id"]
        verbose_name = _("kriteria penilaian")
        verbose_name_plural = _("kriteria penilaian")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="criterion_unique_code"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="criterion_weight_1_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProposalScore(models.Model):
    """One assessor's score of one proposal on one criterion; an automatic criterion's
    score has no assessor."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    value = models.PositiveSmallIntegerField(_("skor"))
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("skor usulan")
        verbose_name_plural = _("skor usulan")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="score_1_5"),
            models.UniqueConstraint(
                fields=["proposal", "criterion", "assessor"], name="score_unique_per_assessor"
            ),
            models.UniqueConstraint(
                fields=["proposal", "criterion"],
                condition=Q(assessor__isnull=True),
                name="score_unique_automatic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.criterion_id}: {self.value}"


class DistrictCeiling(models.Model):
    """Pagu indikatif kewilayahan of one district in one planning year, with the formula's
    inputs beside it. ``agreed_total`` is what the ranking accepted; the database refuses
    a total over the ceiling."""

    planning_year = models.ForeignKey(
        PlanningYear, on_delete=models.CASCADE, related_name="ceilings"
    )
    district = models.ForeignKey(
        Region, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(_("pagu indikatif (Rp)"))
    formula_inputs = models.JSONField(_("masukan rumus"), default=dict, blank=True)
    agreed_total = models.BigIntegerField(_("jumlah disepakati (Rp)"), default=0)
    filled_at = models.DateTimeField(null=True, blank=True)
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["planning_year_id", "district_id"]
        verbose_name = _("pagu indikatif kecamatan")
        verbose_name_plural = _("pagu indikatif kecamatan")
        constraints = [
            models.UniqueConstraint(
                fields=["planning_year", "district"], name="ceiling_unique_district"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="ceiling_not_negative"),
            models.CheckConstraint(
                condition=Q(agreed_total__gte=0, agreed_total__lte=F("amount")),
                name="ceiling_agreed_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.amount}"


class Amendment(models.Model):
    """A change to something a closed stage agreed: who, when, why, before and after."""

    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="amendments")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="amendments")
    reason = models.TextField(_("alasan perubahan"))
    before = models.JSONField(_("sebelum"))
    after = models.JSONField(_("sesudah"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("perubahan setelah tahap ditutup")
        verbose_name_plural = _("perubahan setelah tahap ditutup")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.made_at:%Y-%m-%d}"


class ImportOutcome(models.TextChoices):
    NEW = "new", _("Baru")
    UNCHANGED = "unchanged", _("Sudah ada")
    REJECTED = "rejected", _("Ditolak")


class ProposalBatch(UploadedBatch):
    """An uploaded sheet of proposals for one planning year. ``region`` is where the
    uploader proposes (a village operator's village, the secretariat's regency); rows of
    villages outside it are refused like unknown ones."""

    planning_year = models.ForeignKey(PlanningYear, on_delete=models.PROTECT, related_name="+")
    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(UploadedBatch.Meta):
        verbose_name = _("unggahan usulan")
        verbose_name_plural = _("unggahan usulan")

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"


class ProposalBatchRow(models.Model):
    """One row of an uploaded sheet as checked: the cells typed, its problems, what a
    commit does with it. The natural key of a proposal is (planning year, village, title
    in lower case): a row whose key exists already is ``unchanged`` and never written."""

    batch = models.ForeignKey(
        ProposalBatch, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    row_number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=ImportOutcome.choices, blank=True)
    errors = models.JSONField(default=list, blank=True)
    village_code = models.CharField(max_length=13, blank=True)
    title = models.CharField(max_length=200, blank=True)
    problem = models.TextField(blank=True)
    rt = models.CharField(max_length=3, blank=True)
    rw = models.CharField(max_length=3, blank=True)
    is_physical = models.BooleanField(null=True)
    field_of_affairs = models.CharField(max_length=16, blank=True)
    volume = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    unit = models.CharField(max_length=30, blank=True)
    estimated_cost = models.BigIntegerField(null=True)
    beneficiaries = models.PositiveIntegerField(null=True)
    beneficiary_kind = models.CharField(max_length=10, blank=True)
    rank_in_forum = models.PositiveSmallIntegerField(null=True)
    # The cells as uploaded, for the rejected-rows file.
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number"], name="proposal_row_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"


class AttendanceBatch(UploadedBatch):
    """An uploaded sign-in sheet of one forum. The natural key of an attendee is (forum,
    name and institution in lower case)."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="+")

    class Meta(UploadedBatch.Meta):
        verbose_name = _("unggahan daftar hadir")
        verbose_name_plural = _("unggahan daftar hadir")

    def __str__(self) -> str:
        return f"#{self.pk} {self.original_name}"


class AttendanceBatchRow(models.Model):
    batch = models.ForeignKey(
        AttendanceBatch, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    row_number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10, choices=ImportOutcome.choices, blank=True)
    errors = models.JSONField(default=list, blank=True)
    name = models.CharField(max_length=150, blank=True)
    institution = models.CharField(max_length=200, blank=True)
    element = models.CharField(max_length=12, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    has_disability = models.BooleanField(null=True)
    represents_poor = models.BooleanField(null=True)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number"], name="attendance_row_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"
