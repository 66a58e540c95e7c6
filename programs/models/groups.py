"""Cluster 2 and 3 groups (KUBE, KSM): members, money, repayments and follow-up visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from households.models import Person
from programs.models.catalogue import Program
from tkpk.models import Region


class Group(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("nama kelompok"), max_length=120)
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    business = models.CharField(_("jenis usaha"), max_length=200)
    stimulus_amount = models.PositiveBigIntegerField(_("dana stimulan (Rp)"), default=0)
    loan_amount = models.PositiveBigIntegerField(_("pinjaman bergulir (Rp)"), default=0)
    disbursed_on = models.DateField(_("tanggal pencairan"), null=True, blank=True)
    grace_months = models.PositiveSmallIntegerField(_("masa tenggang (bulan)"), default=2)
    instalments = models.PositiveSmallIntegerField(_("jumlah angsuran"), default=10)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["village", "name"]
        verbose_name = _("kelompok")
        verbose_name_plural = _("kelompok")

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("peran"), max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="group_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.person_id}"


class Repayment(models.Model):
    """One instalment of a group's loan: due, and what was paid."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="repayments")
    number = models.PositiveSmallIntegerField(_("angsuran ke"))
    due_on = models.DateField(_("jatuh tempo"))
    amount_due = models.PositiveBigIntegerField(_("nominal (Rp)"))
    paid_on = models.DateField(_("tanggal bayar"), null=True, blank=True)
    amount_paid = models.PositiveBigIntegerField(_("dibayar (Rp)"), default=0)

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="repayment_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.group} #{self.number}"


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
    file_path = models.CharField(max_length=300)
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.original_name
