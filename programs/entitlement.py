"""Who qualifies for a program on a reference date, and the yearly entitlement it earns: the
SQL shared by the targeting run (every family of a region in one statement) and the household
page and eligibility API (one family), so both count the same way.

Only people who exist on the reference date count: living members born on or before it. A
family exists on the date when at least one of its living members does; the persons of a
family are those members (``member_count``, the living members the facts refresh keeps,
less those born after the date: few, so they are counted apart instead of recounting every
family).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Value

from households.models import Household, Person
from programs.criteria import CriterionSet, criteria_q, criteria_validate
from programs.models import Program
from tkpk.access import region_scope_q
from tkpk.roles import Permission

PERSON = Person._meta.db_table
# Annual multiplier of a benefit paid at each frequency.
PER_YEAR = {"monthly": 12, "quarterly": 4, "yearly": 1, "once": 1, "": 1}
PER_PERSON_UNITS = {Program.BenefitUnit.PERSON, Program.BenefitUnit.PUPIL}
# "No limit" for the ROW_NUMBER bounds of the component caps.
UNLIMITED = 1_000_000


def eligibility_queryset(
    *, criteria: CriterionSet, unit: str, day: date, user: Any | None = None, region: str = ""
) -> QuerySet[Any]:
    """Active households (unit household) or living persons of active households born on
    or before ``day`` (unit person) meeting ``criteria``, inside the user's registry scope
    and/or ``region``."""
    if unit == "person":
        rows: QuerySet[Any] = Person.objects.filter(
            status=Person.Status.LIVING,
            household__status=Household.Status.ACTIVE,
            birth_date__lte=day,
        )
        field = "household__village__code"
    else:
        rows = Household.objects.filter(status=Household.Status.ACTIVE)
        field = "village__code"
    if user is not None:
        rows = rows.filter(region_scope_q(user, field=field, permission=Permission.VIEW_REGISTRY))
    if region:
        rows = rows.filter(Q(**{field: region}) | Q(**{f"{field}__startswith": region + "."}))
    return rows.filter(criteria_q(criteria, unit=unit, reference_date=day))  # type: ignore[arg-type]


def sql_of(queryset: QuerySet[Any]) -> tuple[str, list[Any]]:
    text, params = queryset.query.sql_with_params()
    return text, list(params)


def unborn_sql(*, day: date, household: int | None = None) -> tuple[str, list[Any]]:
    """(household_id, n): living members born after ``day``, per family that has any."""
    only = " AND household_id = %s" if household is not None else ""
    return (
        f"SELECT household_id, COUNT(*) AS n FROM {PERSON}"
        f" WHERE status = 'living' AND birth_date > %s{only} GROUP BY household_id",
        [day, *([household] if household is not None else [])],
    )


def eligible_households_sql(
    *,
    criteria: CriterionSet,
    day: date,
    unborn: tuple[str, list[Any]],
    region: str = "",
    household: int | None = None,
) -> tuple[str, list[Any]]:
    """(hid, vid, decile, persons) of the families that qualify and exist on ``day``;
    ``unborn`` is the SQL of ``unborn_sql`` (or a table holding it)."""
    families = eligibility_queryset(criteria=criteria, unit="household", day=day, region=region)
    if household is not None:
        families = families.filter(pk=household)
    text, params = sql_of(
        families.order_by().values(
            hid=F("pk"), vid=F("village_id"), decile=F("welfare_decile"), living=F("member_count")
        )
    )
    unborn_text, unborn_params = unborn
    return (
        "SELECT f.hid, f.vid, f.decile, f.living - COALESCE(u.n, 0) AS persons"
        f" FROM ({text}) f LEFT JOIN ({unborn_text}) u ON u.household_id = f.hid"
        " WHERE f.living > COALESCE(u.n, 0)",
        [*params, *unborn_params],
    )


def eligible_persons_queryset(
    *, criteria: CriterionSet, day: date, region: str = "", household: int | None = None
) -> QuerySet[Person]:
    """The persons who qualify on ``day`` (living, born by then, of an active family)."""
    persons = eligibility_queryset(criteria=criteria, unit="person", day=day, region=region)
    if household is not None:
        persons = persons.filter(household_id=household)
    return persons.order_by()


def with_entitlement(
    base: tuple[str, list[Any]],
    *,
    program: Program,
    criteria: CriterionSet,
    unit: str,
    day: date,
    household: int | None = None,
    extra: tuple[str, ...] = (),
) -> tuple[str, list[Any]]:
    """``base`` (hid, vid, decile, persons, *extra) with ``amount``, the yearly entitlement
    of each family that qualifies (persons > 0; 0 for the others)."""
    base_text, base_params = base
    columns = "".join(f", b.{name}" for name in extra)
    components = components_sql(
        program=program, criteria=criteria, unit=unit, day=day, household=household
    )
    if components is not None:
        text, params = components
        return (
            f"SELECT b.hid, b.vid, b.decile, b.persons{columns},"
            " CASE WHEN b.persons > 0 THEN COALESCE(ent.total, 0) ELSE 0 END AS amount"
            f" FROM ({base_text}) b LEFT JOIN ({text}) ent ON ent.hid = b.hid",
            [*base_params, *params],
        )
    per_unit = (program.benefit_amount or 0) * PER_YEAR[program.benefit_frequency]
    amount = "b.persons * %s" if program.benefit_unit in PER_PERSON_UNITS else "%s"
    return (
        f"SELECT b.hid, b.vid, b.decile, b.persons{columns},"
        f" CASE WHEN b.persons > 0 THEN {amount} ELSE 0 END AS amount FROM ({base_text}) b",
        [per_unit, *base_params],
    )


def components_sql(
    *,
    program: Program,
    criteria: CriterionSet,
    unit: str,
    day: date,
    household: int | None = None,
) -> tuple[str, list[Any]] | None:
    """(hid, total) per family: its members' component amounts, each member at most
    ``max_components_per_person`` (their largest) and the family at most ``max_components``
    (the largest first). None when the program pays no components."""
    components = list(program.components.all())
    if not components:
        return None
    parts, params = [], []
    for component in components:
        rule = criteria_validate(component.rule, member_only=True)
        members = Person.objects.filter(
            criteria_q(rule, unit="person", reference_date=day),
            status=Person.Status.LIVING,
            birth_date__lte=day,
        )
        if unit == "person":  # a pupil's component only if the pupil qualifies
            members = members.filter(criteria_q(criteria, unit="person", reference_date=day))
        if household is not None:
            members = members.filter(household_id=household)
        text, part_params = sql_of(
            members.order_by().values(
                hid=F("household_id"), pid=F("pk"), amount=Value(component.amount)
            )
        )
        parts.append(text)
        params.extend(part_params)
    earned = " UNION ALL ".join(parts)
    per_person = program.max_components_per_person or UNLIMITED
    if per_person == 1:  # each member's largest: a hashed GROUP BY instead of a sort
        own = f"SELECT hid, MAX(amount) AS amount FROM ({earned}) c GROUP BY hid, pid"
    else:
        own = (
            "SELECT hid, amount FROM (SELECT c.hid, c.amount, ROW_NUMBER() OVER"
            f" (PARTITION BY c.pid ORDER BY c.amount DESC) AS own FROM ({earned}) c) o"
            " WHERE own <= %s"
        )
        params.append(per_person)
    return (
        "SELECT hid, SUM(amount) AS total FROM ("
        " SELECT hid, amount, ROW_NUMBER() OVER (PARTITION BY hid ORDER BY amount DESC) AS rank"
        f" FROM ({own}) per_person"
        ") ranked WHERE rank <= %s GROUP BY hid",
        [*params, program.max_components or UNLIMITED],
    )


def household_eligibility(
    *, program: Program, criteria: CriterionSet, unit: str, household: Household, day: date
) -> tuple[int, int] | None:
    """(persons, yearly entitlement) of one family that qualifies on ``day``, else None:
    the targeting run's statement cut to this family."""
    if unit == "person":
        persons = eligible_persons_queryset(criteria=criteria, day=day, household=household.pk)
        base = sql_of(
            persons.values(hid=F("household_id")).annotate(
                vid=F("household__village_id"),
                decile=F("household__welfare_decile"),
                persons=Count("pk"),
            )
        )
    else:
        base = eligible_households_sql(
            criteria=criteria,
            day=day,
            unborn=unborn_sql(day=day, household=household.pk),
            household=household.pk,
        )
    text, params = with_entitlement(
        base, program=program, criteria=criteria, unit=unit, day=day, household=household.pk
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT persons, amount FROM ({text}) x", params)
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row and row[0] else None
