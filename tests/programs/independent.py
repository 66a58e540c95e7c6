"""An independent count: the shipped criteria evaluated in plain Python over loaded rows,
sharing no code with programs.criteria, to check what the SQL of a targeting run says."""

from __future__ import annotations

from datetime import date
from typing import Any

from households.models import Household, Person


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


def household_matches(rule: dict[str, Any], household: Household) -> bool:
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
    return household_matches(node, household)


def eligible_households(criteria: dict[str, Any], *, unit: str, day: date) -> dict[int, int]:
    """Household id -> eligible persons (unit person) or household size (unit household)."""
    members: dict[int, list[Person]] = {}
    for person in Person.objects.filter(status="living"):
        members.setdefault(person.household_id, []).append(person)
    found: dict[int, int] = {}
    for household in Household.objects.filter(status="active"):
        living = members.get(household.pk, [])
        if unit == "person":
            count = sum(evaluate(criteria, household, living, day, p) for p in living)
            if count:
                found[household.pk] = count
        elif evaluate(criteria, household, living, day, None):
            found[household.pk] = household.member_count
    return found


def component_entitlement(
    components: list[tuple[int, dict[str, Any]]], members: list[Person], day: date, cap: int | None
) -> int:
    amounts = sorted(
        (
            amount
            for amount, rule in components
            for m in members
            if all(member_matches(r, m, day) for r in rule["rules"])
        ),
        reverse=True,
    )
    return sum(amounts[:cap] if cap else amounts)
