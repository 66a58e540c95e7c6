"""An independent count: the shipped criteria evaluated in plain Python over loaded rows,
sharing no code with programs.criteria or programs.targeting, to check what the SQL of a
targeting run says.

The definitions, one value at a time:
- a person exists on the reference date when living and born on or before it; a family
  exists when one of its members does, and its persons are those members;
- a family program qualifies a family, a person program a person; a family "receives" when
  an active list row of the period pays it (by KK, or naming one of its people who existed on
  the date, wherever that person lives now); a person is enrolled when an active row names
  them and they exist on the date;
- exclusion: a family that qualifies and receives nothing / a person who qualifies and is not
  enrolled; inclusion: a receiving family / an enrolled person at decile 7+;
- PKH-style components: each member earns at most ``per_person`` components (their largest),
  the family at most ``cap`` (the largest first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from households.models import Household, Person
from programs.models import Recipient


def age(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def member_matches(rule: dict[str, Any], person: Person, day: date) -> bool:
    field = rule["field"]
    if field == "member_age":
        years = age(person.birth_date, day)
        low, high = rule.get("min"), rule.get("max")
        return (low is None or years >= low) and (high is None or years <= high)
    if field == "member_pregnant":
        return person.pregnant == rule.get("value", True)
    if field == "member_school":
        return person.school_attendance in rule["values"]
    if field == "member_disability":
        return person.disability in rule["values"]
    raise AssertionError(field)


def household_matches(rule: dict[str, Any], household: Household, members: list[Person]) -> bool:
    field = rule["field"]
    if field == "decile":
        decile = household.welfare_decile
        if decile is None:
            return False
        low, high = rule.get("min"), rule.get("max")
        return (low is None or decile >= low) and (high is None or decile <= high)
    if field == "extreme_poor":
        return household.extreme_poor == rule["value"]
    if field == "unfit_housing":
        unfit = (
            household.roof == "ijuk_rumbia"
            or household.floor == "tanah"
            or household.wall == "bambu"
        )
        return unfit == rule["value"]
    if field == "household_size":
        low, high = rule.get("min"), rule.get("max")
        return (low is None or len(members) >= low) and (high is None or len(members) <= high)
    raise AssertionError(field)


def evaluate(
    node: dict[str, Any],
    household: Household,
    members: list[Person],
    day: date,
    person: Person | None,
) -> bool:
    if "rules" in node:
        results = [evaluate(r, household, members, day, person) for r in node["rules"]]
        return all(results) if node["match"] == "all" else any(results)
    if node["field"].startswith("member_"):
        if person is not None:
            return member_matches(node, person, day)
        return any(member_matches(node, m, day) for m in members)
    return household_matches(node, household, members)


def members_on(day: date) -> dict[int, list[Person]]:
    """Household id -> its people who exist on ``day``: living and born by then."""
    members: dict[int, list[Person]] = {}
    for person in Person.objects.filter(status="living").order_by("id"):
        if person.birth_date <= day:
            members.setdefault(person.household_id, []).append(person)
    return members


def eligible_persons(criteria: dict[str, Any], *, day: date) -> dict[int, int]:
    """Person id -> household id, for a program whose unit is the person."""
    members = members_on(day)
    found: dict[int, int] = {}
    for household in Household.objects.filter(status="active"):
        present = members.get(household.pk, [])
        for person in present:
            if evaluate(criteria, household, present, day, person):
                found[person.pk] = household.pk
    return found


def eligible_households(criteria: dict[str, Any], *, unit: str, day: date) -> dict[int, int]:
    """Household id -> eligible persons (unit person) or its persons (unit household)."""
    if unit == "person":
        counts: dict[int, int] = {}
        for household_id in eligible_persons(criteria, day=day).values():
            counts[household_id] = counts.get(household_id, 0) + 1
        return counts
    members = members_on(day)
    found: dict[int, int] = {}
    for household in Household.objects.filter(status="active"):
        present = members.get(household.pk, [])
        if present and evaluate(criteria, household, present, day, None):
            found[household.pk] = len(present)
    return found


@dataclass
class Receipts:
    rows: dict[int, int]  # household id -> list rows paying it
    enrolled: dict[int, int]  # person id -> household id


def receipts(code: str, *, day: date) -> Receipts:
    rows: dict[int, int] = {}
    enrolled: dict[int, int] = {}
    active = Recipient.objects.filter(program__code=code, status="active").select_related("person")
    for row in active:
        person = row.person
        if person is not None and person.birth_date > day:
            continue  # nobody on the reference date
        household = person.household_id if person is not None else row.household_id
        if household is None:
            continue
        rows[household] = rows.get(household, 0) + 1
        if person is not None and person.status == "living":
            enrolled[person.pk] = person.household_id
    return Receipts(rows, enrolled)


def component_entitlement(
    components: list[tuple[int, dict[str, Any]]],
    members: list[Person],
    day: date,
    cap: int | None,
    per_person: int | None = 1,
) -> int:
    """``members``: the family's people on ``day`` (who qualify, for a person program)."""
    earned: list[int] = []
    for member in members:
        own = sorted(
            (
                amount
                for amount, rule in components
                if all(member_matches(r, member, day) for r in rule["rules"])
            ),
            reverse=True,
        )
        earned += own[:per_person] if per_person else own
    earned.sort(reverse=True)
    return sum(earned[:cap] if cap else earned)
