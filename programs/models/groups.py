"""Cluster 2 and 3 groups (KUBE, KSM): members, money, repayments and follow-up visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from households.models import Person
from programs.models.catalogue import Program
from tkpk.models import Region


class Group(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("nama kelompok"), max_length=120)
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", db_index=False)
    business = models.CharField(_("jenis usaha"), max_length=200)
    stimulus_amount = models.PositiveBigIntegerField(_("dana stimulan (Rp)"), default=0)
    loan_amount = models.PositiveBigIntegerField(_("pinjaman bergulir (Rp)"), default=0)
    disbursed_on = models.DateField(_("tanggal pencairan"), null=True, blank=True)
    grace_months = models.PositiveSmallIntegerField(_("masa tenggang (bulan)"), default=2)
    instalments = models.PositiveSmallIntegerField(_("jumlah angsuran"), default=10)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["village", "name"]
        verbose_name = _("kelompok")
        verbose_name_plural = _("kelompok")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "village", "name"], name="group_unique_name_per_village"
            ),
            models.CheckConstraint(
                condition=Q(instalments__range=(1, 60)), name="group_instalments_1_60"
            ),
            models.CheckConstraint(condition=Q(grace_months__lte=24), name="group_grace_max_24"),
            # A loan's schedule counts from the disbursement date.
            models.CheckConstraint(
                condition=Q(loan_amount=0) | Q(disbursed_on__isnull=False),
                name="group_loan_has_disbursement_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["village"], name="group_village_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    # The group's program, repeated so the database itself refuses one person in two
    # groups of the same program.
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("peran"), max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="group_member_unique"),
            models.UniqueConstraint(
                fields=["program", "person"], name="group_member_one_group_per_program"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.person_id}"


class Repayment(models.Model):
    """One instalment of a group's loan: due, and how much of it the payments cover.

    ``amount_paid`` and ``paid_on`` are derived from the group's payments (oldest instalment
    first) each time a payment is recorded; the payments are the record."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="repayments")
    number = models.PositiveSmallIntegerField(_("angsuran ke"))
    due_on = models.DateField(_("jatuh tempo"))
    amount_due = models.PositiveBigIntegerField(_("nominal (Rp)"))
    paid_on = models.DateField(_("tanggal lunas"), null=True, blank=True)
    amount_paid = models.PositiveBigIntegerField(_("dibayar (Rp)"), default=0)

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="repayment_unique_number"),
            models.CheckConstraint(
                condition=Q(amount_paid__lte=models.F("amount_due")),
                name="repayment_paid_within_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} #{self.number}"


class GroupPayment(models.Model):
    """Money a group handed in towards its loan, as the treasurer's book records it."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("tanggal bayar"))
    amount = models.PositiveBigIntegerField(_("nominal (Rp)"))
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.group} {self.paid_on} {self.amount}"


class GroupVisit(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("tanggal kunjungan"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("catatan"))
    business_running = models.BooleanField(_("usaha masih berjalan"), null=True)

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.group} {self.visited_on}"


class GroupVisitPhoto(models.Model):
    visit = models.ForeignKey(GroupVisit, on_delete=models.CASCADE, related_name="photos")
    # Relative to settings.PRIVATE_MEDIA_ROOT; served only through a scope-checked view.
    file_path = models.CharField(max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=20, default="")
    size = models.PositiveIntegerField(default=0)
    # The same picture handed in again (another visit, another group) is no new evidence.
    sha256 = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["sha256"], name="visit_photo_sha256")]

    def __str__(self) -> str:
        return self.original_name
