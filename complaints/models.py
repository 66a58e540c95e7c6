from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tkpk.models import Agency, Region


class Category(models.TextChoices):
    NOT_REGISTERED = "not_registered", _("Miskin tetapi tidak terdaftar")
    NOT_POOR = "not_poor", _("Terdaftar padahal tidak miskin")
    AID_NOT_RECEIVED = "aid_not_received", _("Bantuan tidak diterima atau terlambat")
    AMOUNT_CUT = "amount_cut", _("Bantuan dipotong atau ada pungutan liar")
    MISUSE = "misuse", _("Penyalahgunaan bantuan")
    WRONG_DATA = "wrong_data", _("Data salah")
    OTHER = "other", _("Lainnya")


# Days to settle a complaint of each category, counted from receipt. Cuts and aid that did
# not arrive hurt a family every month they last, so they get the shortest deadline.
DEADLINE_DAYS: dict[str, int] = {
    Category.NOT_REGISTERED: 30,
    Category.NOT_POOR: 30,
    Category.AID_NOT_RECEIVED: 14,
    Category.AMOUNT_CUT: 14,
    Category.MISUSE: 14,
    Category.WRONG_DATA: 30,
    Category.OTHER: 30,
}

# Categories that a registry correction answers (a draft verification row for the village).
REGISTRY_CATEGORIES = frozenset({Category.NOT_REGISTERED, Category.WRONG_DATA})


class Channel(models.TextChoices):
    WEB = "web", _("Formulir web")
    PHONE = "phone", _("Telepon")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    WALK_IN = "walk_in", _("Datang langsung")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    API = "api", _("API instansi")


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    VERIFIED = "verified", _("Diverifikasi")
    FORWARDED = "forwarded", _("Diteruskan ke instansi")
    IN_PROGRESS = "in_progress", _("Sedang ditangani")
    RESOLVED = "resolved", _("Selesai ditangani")
    REJECTED = "rejected", _("Ditolak")
    CLOSED = "closed", _("Ditutup")


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.VERIFIED, Status.FORWARDED, Status.IN_PROGRESS})


class Complaint(models.Model):
    code = models.CharField(_("kode pelacakan"), max_length=14)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    village = models.ForeignKey(
        Region,
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    description = models.TextField(_("uraian"))
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    kk = models.CharField(_("No. KK"), max_length=16, blank=True)
    reporter_name = models.CharField(_("nama pelapor"), max_length=100, blank=True)
    reporter_contact = models.CharField(_("kontak pelapor"), max_length=100, blank=True)
    anonymous = models.BooleanField(_("anonim"), default=False)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    lapor_reference = models.CharField(_("nomor LAPOR!"), max_length=40, blank=True)
    external_reference = models.CharField(_("nomor rujukan instansi"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("instansi penanggung jawab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("rumah tangga"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    correction = models.OneToOneField(
        "households.CorrectionDraft",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaint",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("diterima"))
    due_at = models.DateTimeField(_("batas waktu"))
    resolved_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diubah"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="complaint_unique_code"),
            # A retried API push with the same reference finds the first one.
            models.UniqueConstraint(
                fields=["created_by", "external_reference"],
                condition=~Q(external_reference=""),
                name="complaint_unique_external_reference",
            ),
        ]
        indexes = [
            models.Index(
                fields=["village"],
                name="complaint_village_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["status", "due_at"], name="complaint_status_due"),
            models.Index(fields=["agency", "status"], name="complaint_agency_status"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())


class ComplaintEvent(models.Model):
    """One step of the complaint's life: a status change, or a reply without one."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("catatan internal"), blank=True)
    reply = models.TextField(_("balasan untuk pelapor"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaint_event_at")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_status} → {self.to_status}"

    @property
    def changes_status(self) -> bool:
        return self.from_status != self.to_status


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    path = models.CharField(max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self) -> str:
        return self.original_name
