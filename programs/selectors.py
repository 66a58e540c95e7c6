"""Reads of the program catalogue, recipients and eligibility, scoped to the user's region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from households.models import Household
from programs.criteria import CriterionSet, criteria_validate
from programs.entitlement import eligibility_queryset, household_eligibility
from programs.models import Program, ProgramPeriod, Recipient
from tkpk.access import region_lineage, region_scope_q, user_region_codes
from tkpk.roles import Permission


def program_list(*, user: Any) -> QuerySet[Program]:
    """National programs, and regional ones run in, above or below the user's regions."""
    roots = user_region_codes(user, permission=Permission.VIEW_PROGRAMS)
    above = {a for code in roots for a in region_lineage(code)}
    return (
        Program.objects.filter(
            Q(owner_region__isnull=True)
            | Q(owner_region__in=above)
            | region_scope_q(user, field="owner_region__code", permission=Permission.VIEW_PROGRAMS)
        )
        .select_related("agency", "owner_region")
        .order_by("cluster", "code")
    )


def program_get_for_user(*, user: Any, code: str) -> Program:
    try:
        return program_list(user=user).get(code=code)
    except Program.DoesNotExist as exc:
        raise Http404 from exc


def program_criteria(program: Program) -> CriterionSet | None:
    """The program's stored criterion set, or None when it has none yet."""
    if not program.criteria:
        return None
    return criteria_validate(program.criteria)


def program_unit(program: Program) -> str:
    # Group programs are targeted through the families that may join a group.
    return "person" if program.target_unit == Program.TargetUnit.PERSON else "household"


def period_current(*, program: Program | int, day: date) -> ProgramPeriod | None:
    program_id = program if isinstance(program, int) else program.pk
    return (
        ProgramPeriod.objects.filter(program_id=program_id, starts_on__lte=day, ends_on__gte=day)
        .order_by("-starts_on")
        .first()
    )


@dataclass(frozen=True)
class EligibilityCount:
    households: int
    persons: int


def eligibility_count(
    *, criteria: CriterionSet, unit: str, day: date, user: Any
) -> EligibilityCount:
    """The live count shown while a criterion set is edited: one query."""
    matching = eligibility_queryset(criteria=criteria, unit=unit, day=day, user=user).order_by()
    if unit == "person":
        figures = matching.aggregate(
            persons=Count("pk"), households=Count("household_id", distinct=True)
        )
    else:
        # member_count is the number of living members, kept by the facts refresh.
        figures = matching.aggregate(households=Count("pk"), persons=Sum("member_count"))
    return EligibilityCount(households=figures["households"] or 0, persons=figures["persons"] or 0)


@dataclass(frozen=True)
class HouseholdProgram:
    program: Program
    qualifies: bool
    receipts: list[Recipient]
    # Of a family that qualifies: its persons who count (all its members on ``day``, or those
    # who qualify for a person program) and its yearly entitlement, as a targeting run counts.
    persons: int = 0
    entitlement: int = 0


def household_programs(*, household: Household, day: date) -> list[HouseholdProgram]:
    """Every catalogue program with whether this household qualifies on ``day``, what that
    is worth a year and what it receives: one small query per program, for the household
    page and the API."""
    receipts: dict[int, list[Recipient]] = {}
    # Two index lookups: an OR across the join to persons made PostgreSQL scan every
    # recipient and every person on each household page.
    member_ids = list(household.members.values_list("pk", flat=True))
    for receipt in (
        Recipient.objects.filter(Q(household=household) | Q(person_id__in=member_ids))
        .select_related("period", "person")
        .order_by("-period__starts_on")
    ):
        receipts.setdefault(receipt.program_id, []).append(receipt)
    applicable = Program.objects.filter(
        Q(owner_region__isnull=True) | Q(owner_region__in=region_lineage(household.village_id))
    )
    found = []
    for program in applicable.prefetch_related("components").order_by("cluster", "code"):
        criteria = program_criteria(program)
        owed = (
            household_eligibility(
                program=program,
                criteria=criteria,
                unit=program_unit(program),
                household=household,
                day=day,
            )
            if criteria is not None
            else None
        )
        if owed is not None or program.pk in receipts:
            persons, entitlement = owed or (0, 0)
            found.append(
                HouseholdProgram(
                    program,
                    owed is not None,
                    receipts.get(program.pk, []),
                    persons=persons,
                    entitlement=entitlement,
                )
            )
    return found


def recipient_list(
    *, user: Any, program: Program, period: ProgramPeriod | None
) -> QuerySet[Recipient]:
    rows = Recipient.objects.filter(
        region_scope_q(user, field="region__code", permission=Permission.VIEW_PROGRAMS),
        program=program,
    )
    if period is not None:
        rows = rows.filter(period=period)
    return rows.select_related("period", "region", "household").order_by("id")
