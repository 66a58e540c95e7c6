"""A targeting run and its stored results, so two runs can be compared.

Result tables are written by set-based SQL (programs.targeting) and only read afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from households.models import Household, Person
from programs.models.catalogue import Program
from programs.models.recipients import Recipient
from tkpk.models import Region

# The counting rules a run's results follow. 1: every figure in households, people born after
# the reference date counted. 2: only people born on or before the reference date (and living)
# count; programs whose unit is the person are counted in persons (issue 15).
RULES_VERSION = 2


class TargetingRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    reference_date = models.DateField(_("tanggal acuan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # [{"step": ..., "rows": ..., "ms": ...}] in the order they ran.
    steps = models.JSONField(default=list, blank=True)
    # The criteria each program had when the run started, so results can be explained later.
    criteria_snapshot = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey(
        "tkpk.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # RULES_VERSION of the results; runs computed before the field existed keep 1.
    rules_version = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("analisis penargetan")
        verbose_name_plural = _("analisis penargetan")

    def __str__(self) -> str:
        return f"#{self.pk} {self.region_id} {self.reference_date}"


class RunHouseholdProgram(models.Model):
    """One household and one program in a run: qualifies, receives, or both.

    Persons are those living and born on or before the run's reference date. For a program
    whose unit is the person, ``eligible_persons`` are the members who qualify,
    ``receiving_persons`` those enrolled (their own active list row) and ``excluded_persons``
    those who qualify and are not enrolled (one row each in ``RunPersonProgram``). For a
    family program they are the family's members: all of them, those of a receiving family,
    those of a family that qualifies and receives nothing. ``welfare_decile`` is the
    household's decile when the run was made, so lists drawn later match the counts.

    Derived rows, written only by the run's SQL from rows that exist in the same transaction,
    so no foreign-key checks: deferred checks on ~1 million rows cost seconds at commit."""

    run = models.ForeignKey(
        TargetingRun,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    village = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    eligible = models.BooleanField(default=False)
    receives = models.BooleanField(default=False)
    welfare_decile = models.PositiveSmallIntegerField(null=True)
    eligible_persons = models.PositiveIntegerField(default=0)
    receiving_persons = models.PositiveIntegerField(default=0)
    excluded_persons = models.PositiveIntegerField(default=0)
    recipient_rows = models.PositiveIntegerField(default=0)
    entitlement = models.PositiveBigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["run", "program", "village"], name="run_hh_program_village"),
            models.Index(fields=["run", "household"], name="run_hh_household"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.program_id}/{self.household_id}"


class RunPersonProgram(models.Model):
    """One person and one program whose unit is the person: qualifies on the reference date,
    is enrolled (an active list row of the period names them), or both. The rows behind every
    person count of the dashboard. Derived rows without foreign-key checks, like
    ``RunHouseholdProgram``."""

    run = models.ForeignKey(
        TargetingRun,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    village = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    welfare_decile = models.PositiveSmallIntegerField(null=True)
    eligible = models.BooleanField(default=False)
    enrolled = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["run", "program", "village"], name="run_person_program_village"),
            # A drill-down pages persons in id order: without it, a regency's list of a
            # person program took 18 s.
            models.Index(fields=["run", "program", "person"], name="run_person_program_person"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.program_id}/{self.person_id}"


class RunVillageStat(models.Model):
    """Per village and program: the counts behind every number on the dashboard.

    ``*_households`` and ``exclusion_errors``/``inclusion_errors`` count families (a family
    qualifies when it or, for a person program, one of its members qualifies; exclusion: it
    qualifies and no list row pays it; inclusion: a list row pays it at decile 7+).
    ``*_persons`` count persons: for a person program the persons themselves (enrolled,
    qualifying and not enrolled, enrolled at decile 7+), for a family program the members
    of those families. ``recipient_rows``, ``not_in_registry``, ``duplicates`` and
    ``deceased_or_moved`` count rows of the recipient list."""

    run = models.ForeignKey(TargetingRun, on_delete=models.CASCADE, related_name="village_stats")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    eligible_households = models.PositiveIntegerField(default=0)
    eligible_persons = models.PositiveIntegerField(default=0)
    receiving_households = models.PositiveIntegerField(default=0)
    receiving_persons = models.PositiveIntegerField(default=0)
    exclusion_errors = models.PositiveIntegerField(default=0)
    exclusion_persons = models.PositiveIntegerField(default=0)
    inclusion_errors = models.PositiveIntegerField(default=0)
    inclusion_persons = models.PositiveIntegerField(default=0)
    recipient_rows = models.PositiveIntegerField(default=0)
    not_in_registry = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    deceased_or_moved = models.PositiveIntegerField(default=0)
    entitlement = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.run_id}/{self.program_id}/{self.village_id}"


class RunVillageCoverage(models.Model):
    """Combination coverage: decile 1-4 households (with a member living on the reference
    date) receiving every program they qualify for; for a program whose unit is the person,
    every member who qualifies must be enrolled."""

    run = models.ForeignKey(TargetingRun, on_delete=models.CASCADE, related_name="coverage")
    village = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    poor_households = models.PositiveIntegerField(default=0)
    qualifying_households = models.PositiveIntegerField(default=0)
    fully_covered = models.PositiveIntegerField(default=0)
    receiving_nothing = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.run_id}/{self.village_id}"


class RunOverlap(models.Model):
    """Households receiving both programs (a = b: households receiving a)."""

    run = models.ForeignKey(TargetingRun, on_delete=models.CASCADE, related_name="overlaps")
    program_a = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    program_b = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    households = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.run_id}/{self.program_a_id}x{self.program_b_id}"


class RunRecipientIssue(models.Model):
    class Kind(models.TextChoices):
        NOT_IN_REGISTRY = "not_in_registry", _("Tidak ada di registri")
        DUPLICATE = "duplicate", _("Ganda")
        DECEASED = "deceased", _("Meninggal")
        MOVED = "moved", _("Pindah/keluar registri")
        WELL_OFF = "well_off", _("Desil 7 ke atas")

    run = models.ForeignKey(
        TargetingRun,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    recipient = models.ForeignKey(
        Recipient, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        indexes = [models.Index(fields=["run", "program", "kind"], name="run_issue_kind")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.recipient_id}/{self.kind}"
