"""Reads of the registry, always within the user's region subtree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Max, OuterRef, Q, QuerySet, Subquery, When
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from households import choices as c
from households.models import BatchRow, Household, HouseholdChange, Person, VerificationBatch
from tkpk.access import (
    codes_scope_q,
    region_scope_q,
    user_can_see_region,
    user_permissions,
    user_region_codes,
)
from tkpk.jobs import JobSubject
from tkpk.models import Job
from tkpk.paging import COUNT_CAP, by_id_expression
from tkpk.roles import Permission


def batch_list(*, user: Any) -> QuerySet[VerificationBatch]:
    return (
        VerificationBatch.objects.filter(region_scope_q(user, field="region__code"))
        .select_related("region", "uploaded_by", "committed_by")
        .order_by("-uploaded_at", "-id")
    )


def batch_get_for_user(*, user: Any, batch_id: int) -> VerificationBatch:
    try:
        return batch_list(user=user).select_related("job").get(pk=batch_id)
    except VerificationBatch.DoesNotExist as exc:
        raise Http404 from exc


def batch_job_subject(*, user: Any, job: Job) -> JobSubject | None:
    """The batch a validation or commit job works on, and its page."""
    batch_id = job.parameters.get("batch_id")
    if not isinstance(batch_id, int):
        return None
    try:
        batch = batch_get_for_user(user=user, batch_id=batch_id)
    except Http404:
        return None
    return JobSubject(
        label=_("Batch #%(id)s (%(name)s)") % {"id": batch.pk, "name": batch.original_name},
        url=reverse("households:batch-detail", args=[batch.pk]),
    )


def registry_job_subject(*, user: Any, job: Job) -> JobSubject | None:
    """A registry export: the list it exports, with the same filters."""
    if Permission.VIEW_REGISTRY not in user_permissions(user):
        return None
    filters = job.parameters.get("filters") or {}
    query = urlencode({k: v for k, v in filters.items() if isinstance(v, str) and v})
    return JobSubject(
        label=_("Registri rumah tangga"),
        url=reverse("households:list") + (f"?{query}" if query else ""),
    )


def batch_rows(*, batch: VerificationBatch, outcome: str = "") -> QuerySet[BatchRow]:
    rows = BatchRow.objects.filter(batch=batch)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.order_by("row_number")


def batch_row_registry_values(rows: list[BatchRow]) -> dict[str, dict[int, Any]]:
    """Current registry values of the persons and households the rows touch, for before/after."""
    persons = {
        p.pk: p
        for p in Person.objects.select_related("household").filter(
            pk__in=[r.person_id for r in rows if r.person_id]
        )
    }
    households = {
        h.pk: h
        for h in Household.objects.filter(pk__in=[r.household_id for r in rows if r.household_id])
    }
    return {"persons": persons, "households": households}


@dataclass(frozen=True)
class HouseholdFilters:
    query: str = ""  # NIK, KK or name
    region: str = ""
    decile_min: int | None = None
    decile_max: int | None = None
    status: str = ""
    extreme_poor: bool | None = None
    unfit_housing: bool = False  # the ALADIN rule: roof, floor or wall unfit
    with_children: bool = False
    with_school_age: bool = False
    with_elderly: bool = False
    with_disability: bool = False
    with_pregnancy: bool = False
    min_bps_criteria: int | None = None


REGENCY_CODE_LENGTH = len("35.05")
# A name search counts at most this many households: a first name alone ("ADITYA") matches
# 23,000 people of a regency; counting 10,001 of their households took 180 ms, 501 take
# about 35 ms, and past a few hundred the person searched for is found by narrowing anyway.
NAME_SEARCH_COUNT_CAP = 500


def household_list_count_cap(filters: HouseholdFilters) -> int:
    """How far the registry list counts its households for these filters."""
    query = filters.query.strip()
    by_name = query and not (query.isdigit() and len(query) == 16)
    return NAME_SEARCH_COUNT_CAP if by_name else COUNT_CAP


def household_list_ordering(*, user: Any, filters: HouseholdFilters) -> tuple[Any, ...]:
    """The id order of ``household_list``, written for the region it reads (see
    ``keyset_page``): households are stored region by region, so for a district or a
    village, walking the id index reaches its rows only after every region before it (830 ms
    for the last district of a regency; 40 ms through the region's index)."""
    regions = (
        [filters.region]
        if filters.region
        else user_region_codes(user, permission=Permission.VIEW_REGISTRY)
    )
    narrow = bool(regions) and all(len(code) > REGENCY_CODE_LENGTH for code in regions)
    return (by_id_expression(),) if narrow else ("id",)


def registry_version() -> int:
    """The newest history row: it grows with every committed change to the registry."""
    return HouseholdChange.objects.aggregate(last=Max("id"))["last"] or 0


def household_list(*, user: Any, filters: HouseholdFilters) -> QuerySet[Household]:
    households = Household.objects.filter(
        region_scope_q(user, field="village__code", permission=Permission.VIEW_REGISTRY)
    )
    query = filters.query.strip()
    if query.isdigit() and len(query) == 16:
        # A scalar subquery is computed once, so both sides are unique-index lookups (an
        # IN over persons made PostgreSQL scan every household, once to count, once to page).
        holder = Person.objects.filter(nik=query).values("household_id")[:1]
        households = households.filter(Q(kk=query) | Q(pk=Subquery(holder)))
    elif query:
        households = households.filter(
            pk__in=Person.objects.filter(name_search__startswith=_search_name(query)).values(
                "household_id"
            )
        )
    if filters.region:
        households = households.filter(codes_scope_q([filters.region], field="village__code"))
    if filters.decile_min is not None:
        households = households.filter(welfare_decile__gte=filters.decile_min)
    if filters.decile_max is not None:
        households = households.filter(welfare_decile__lte=filters.decile_max)
    if filters.status:
        households = households.filter(status=filters.status)
    if filters.extreme_poor is not None:
        households = households.filter(extreme_poor=filters.extreme_poor)
    if filters.unfit_housing:
        households = households.filter(unfit_housing_q())
    for flag, field in [
        (filters.with_children, "children_0_6"),
        (filters.with_school_age, "school_age_7_18"),
        (filters.with_elderly, "elderly_60_plus"),
        (filters.with_disability, "disabled_members"),
        (filters.with_pregnancy, "pregnant_members"),
    ]:
        if flag:
            households = households.filter(**{f"{field}__gt": 0})
    if filters.min_bps_criteria is not None:
        households = households.filter(bps_criteria_met__gte=filters.min_bps_criteria)
    return households.select_related("village").order_by("id")


def household_head_name(*, household: str = "pk") -> Subquery:
    """The name of the household's head, a living one before any other, as an annotation
    for a page of households (or, with ``household="household_id"``, of rows naming a
    household): one lookup per row on the person table's household index (never for a
    whole table: exports read members themselves)."""
    heads = Person.objects.filter(household=OuterRef(household), relation=c.Relation.HEAD).order_by(
        Case(When(status=Person.Status.LIVING, then=0), default=1), "id"
    )
    return Subquery(heads.values("name")[:1])


def household_list_rows(*, user: Any, filters: HouseholdFilters) -> QuerySet[Household]:
    """``household_list`` as the registry page shows it: with the head's name and the
    village's district, in the same query as the page."""
    return (
        household_list(user=user, filters=filters)
        .select_related("village__parent")
        .annotate(head_name=household_head_name())
    )


def unfit_housing_q(*, prefix: str = "") -> Q:
    """ALADIN (seed 000): unfit Atap (leaves/thatch), Lantai (earth) or DINding (bamboo).

    ``prefix`` reaches the household through a relation (``household__`` from a person)."""
    return (
        Q(**{f"{prefix}roof": "ijuk_rumbia"})
        | Q(**{f"{prefix}floor": "tanah"})
        | Q(**{f"{prefix}wall": "bambu"})
    )


def household_get_for_user(*, user: Any, household_id: int) -> Household:
    try:
        household = Household.objects.select_related("village__parent__parent").get(pk=household_id)
    except Household.DoesNotExist as exc:
        raise Http404 from exc
    if not user_can_see_region(user, household.village_id, permission=Permission.VIEW_REGISTRY):
        raise Http404
    return household


def household_may_open(*, user: Any, village_code: str) -> bool:
    """Whether the household page of a family in this village opens for the user (the same
    rule as ``household_get_for_user``, decided without a query): lists that name families
    link to their page only then."""
    return bool(village_code) and user_can_see_region(
        user, village_code, permission=Permission.VIEW_REGISTRY
    )


def household_nik_revealable(*, user: Any, household: Household) -> bool:
    """Whether the user may reveal the full NIKs of this household's members."""
    return user_can_see_region(user, household.village_id, permission=Permission.VIEW_FULL_NIK)


def household_members(*, household: Household) -> QuerySet[Person]:
    return household.members.order_by("status", "birth_date")


def household_history(*, household: Household) -> QuerySet[Any]:
    return household.changes.select_related("changed_by", "batch", "person").order_by(
        "-changed_at", "-id"
    )


def person_get_by_nik(*, user: Any, nik: str) -> Person:
    try:
        person = Person.objects.select_related("household__village").get(nik=nik)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    if not user_can_see_region(
        user, person.household.village_id, permission=Permission.VIEW_REGISTRY
    ):
        raise Http404
    return person


def person_find_by_nik(*, user: Any, nik: str) -> Person | None:
    """The person with this NIK when the user's registry scope holds them, else None: a
    registry search by NIK is audited with whom it found."""
    try:
        return person_get_by_nik(user=user, nik=nik)
    except Http404:
        return None


def person_get_for_user(*, user: Any, person_id: int) -> Person:
    """The person, or 404 when they do not exist or their household lies outside the user's
    registry scope."""
    try:
        person = Person.objects.select_related("household").get(pk=person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    if not user_can_see_region(
        user, person.household.village_id, permission=Permission.VIEW_REGISTRY
    ):
        raise Http404
    return person


def _search_name(text: str) -> str:
    """The same key the import stores in ``name_search``."""
    import pandas as pd

    from households.normalise import name_search_keys

    return str(name_search_keys(pd.Series([text])).iloc[0] or "")
