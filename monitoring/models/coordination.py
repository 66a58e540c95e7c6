"""The TKPK itself (its decree and members, Permendagri 53/2020 as quoted in guideline 002
section 2.2) and its coordination meetings (rakor) with their follow-up actions."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tkpk.models import Agency, Region


class TkpkDecree(models.Model):
    """The SK of the regional head forming the TKPK (and its secretariat) for a term."""

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    sk_number = models.CharField(_("nomor SK"), max_length=100)
    sk_date = models.DateField(_("tanggal SK"))
    term_start = models.DateField(_("masa berlaku mulai"))
    term_end = models.DateField(_("masa berlaku sampai"))
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "-term_start", "-id"]
        verbose_name = _("SK TKPK")
        verbose_name_plural = _("SK TKPK")
        constraints = [
            models.UniqueConstraint(fields=["region", "sk_number"], name="tkpk_decree_unique_sk"),
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")), name="tkpk_decree_term_in_order"
            ),
            models.CheckConstraint(condition=~Q(sk_number=""), name="tkpk_decree_sk_not_blank"),
        ]

    def __str__(self) -> str:
        return f"SK {self.sk_number}"

    def in_force_on(self, day: date) -> bool:
        return self.term_start <= day <= self.term_end


class TkpkMember(models.Model):
    """One seat of the decree: a person, their position (jabatan) and institution."""

    class Position(models.TextChoices):
        RESPONSIBLE = "responsible", _("Penanggung jawab")
        CHAIR = "chair", _("Ketua")
        VICE_CHAIR = "vice_chair", _("Wakil ketua")
        SECRETARY = "secretary", _("Sekretaris")
        VICE_SECRETARY = "vice_secretary", _("Wakil sekretaris")
        GROUP_COORDINATOR = "group_coordinator", _("Koordinator kelompok pengelola program")
        MEMBER = "member", _("Anggota")
        POKJA_CHAIR = "pokja_chair", _("Ketua pokja")
        POKJA_MEMBER = "pokja_member", _("Anggota pokja")
        SECRETARIAT_HEAD = "secretariat_head", _("Kepala sekretariat")
        SECRETARIAT_VICE_HEAD = "secretariat_vice_head", _("Wakil kepala sekretariat")
        SECRETARIAT_MEMBER = "secretariat_member", _("Anggota sekretariat")

    class Element(models.TextChoices):
        GOVERNMENT = "government", _("Pemerintah daerah")
        COMMUNITY = "community", _("Perwakilan masyarakat")
        BUSINESS = "business", _("Dunia usaha")
        OTHER = "other", _("Pemangku kepentingan lain")

    decree = models.ForeignKey(TkpkDecree, on_delete=models.CASCADE, related_name="members")
    position = models.CharField(_("kedudukan"), max_length=24, choices=Position.choices)
    element = models.CharField(
        _("unsur"), max_length=12, choices=Element.choices, default=Element.GOVERNMENT
    )
    name = models.CharField(_("nama"), max_length=150)
    title = models.CharField(_("jabatan"), max_length=200)
    institution = models.CharField(_("lembaga/instansi"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.CharField(
        _("kelompok/pokja"),
        max_length=150,
        blank=True,
        help_text=_("Nama kelompok pengelola program atau pokja, bila kedudukannya di sana."),
    )

    # One person holds each of these seats (guideline 002, 2.2 point 3 and 5).
    SINGLE_SEATS = (
        Position.RESPONSIBLE,
        Position.CHAIR,
        Position.VICE_CHAIR,
        Position.SECRETARY,
        Position.SECRETARIAT_HEAD,
        Position.SECRETARIAT_VICE_HEAD,
    )
    GROUP_SEATS = (Position.GROUP_COORDINATOR, Position.POKJA_CHAIR, Position.POKJA_MEMBER)

    class Meta:
        ordering = ["decree_id", "id"]
        verbose_name = _("anggota TKPK")
        verbose_name_plural = _("anggota TKPK")
        constraints = [
            models.UniqueConstraint(
                fields=["decree", "position"],
                condition=Q(
                    position__in=[
                        "responsible",
                        "chair",
                        "vice_chair",
                        "secretary",
                        "secretariat_head",
                        "secretariat_vice_head",
                    ]
                ),
                name="tkpk_member_single_seat",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="tkpk_member_name_not_blank"),
            models.CheckConstraint(
                condition=~Q(position__in=["group_coordinator", "pokja_chair", "pokja_member"])
                | ~Q(group=""),
                name="tkpk_member_group_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()})"


class Meeting(models.Model):
    """A coordination meeting (rakor) of a region's TKPK."""

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    decree = models.ForeignKey(
        TkpkDecree,
        verbose_name=_("SK TKPK"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("judul"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=200)
    chair = models.CharField(_("pimpinan rapat"), max_length=150, blank=True)
    agenda = models.TextField(_("agenda"))
    decisions = models.TextField(_("keputusan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("rapat koordinasi")
        verbose_name_plural = _("rapat koordinasi")
        indexes = [models.Index(fields=["region", "-held_on"], name="meeting_region_held")]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="meeting_title_not_blank"),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingAttendee(models.Model):
    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("lembaga/instansi"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("peserta rakor")
        verbose_name_plural = _("peserta rakor")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="meeting_attendee_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name


class FollowUp(models.Model):
    """A follow-up action agreed in a rakor, owned by one agency, due on a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Belum dikerjakan")
        IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
        DONE = "done", _("Selesai")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.TextField(_("tindak lanjut"))
    owner = models.ForeignKey(
        Agency, verbose_name=_("penanggung jawab"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("tindak lanjut rakor")
        verbose_name_plural = _("tindak lanjut rakor")
        indexes = [models.Index(fields=["status", "due_on"], name="follow_up_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="done") & Q(done_on__isnull=False))
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="follow_up_done_on_iff_done",
            ),
            models.CheckConstraint(condition=~Q(action=""), name="follow_up_action_not_blank"),
        ]

    def __str__(self) -> str:
        return self.action[:80]

    def is_overdue(self, today: date) -> bool:
        return self.status != self.Status.DONE and self.due_on < today
