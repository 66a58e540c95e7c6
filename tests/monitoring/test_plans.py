"""RPKD/RAT plans: building them, refusals, scope, the registry's location suggestions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from monitoring.models import Allocation, Location, Plan, SubActivity, Target
from monitoring.plans.selectors import location_suggestions, plan_get_for_user, plan_list
from monitoring.plans.services import (
    AllocationInput,
    SubActivityInput,
    locations_add,
    plan_create,
    rat_create,
    sub_activity_save,
)
from tests.monitoring.planworld import plan_world
from tests.musrenbang.conftest import household
from tests.personas import BLITAR, JATEN, OTHER_BLITAR_VILLAGE, PADOMASAN
from tests.snapshots import table_state


@pytest.fixture
def pw(people):
    return plan_world(people)


def _input(sub: SubActivity, **overrides) -> SubActivityInput:
    values = {
        "code": sub.code,
        "name": sub.name,
        "indicator": sub.indicator,
        "unit": sub.unit,
        "agency_id": sub.agency_id,
        "targets": {t.year: t.value for t in sub.targets.all()},
        "allocations": [
            AllocationInput(a.year, a.source, a.amount, a.donor) for a in sub.allocations.all()
        ],
        "location_codes": list(sub.locations.values_list("region_id", flat=True)),
    }
    values.update(overrides)
    return SubActivityInput(**values)


def test_a_rat_carries_the_years_target_and_budget_of_its_rpkd(pw):
    rat = pw.blitar.rat
    assert rat.kind == Plan.Kind.RAT and rat.first_year == rat.last_year == 2026
    assert rat.parent == pw.blitar.rpkd
    sub = pw.blitar.subs["1.02.02.2.01.0001"]
    assert sub.origin == pw.blitar.rpkd_subs["1.02.02.2.01.0001"]
    assert list(sub.targets.values_list("year", "value")) == [(2026, Decimal("100.00"))]
    assert sorted(sub.allocations.values_list("source", "amount")) == [
        ("apbd_regency", Decimal("100000000.00")),
        ("apbn", Decimal("50000000.00")),
    ]
    assert list(sub.locations.values_list("region_id", flat=True)) == ["35.05.01"]
    assert sub.activity.program.priority.cluster == 1


def test_targets_outside_the_plan_period_are_refused_and_nothing_is_written(pw):
    sub = pw.blitar.rpkd_subs["1.02.02.2.01.0001"]
    before = table_state("monitoring.Target", "monitoring.Allocation", "monitoring.SubActivity")
    with pytest.raises(ValidationError) as error:
        sub_activity_save(
            user=pw.people.blitar_secretariat,
            activity=sub.activity,
            sub_activity=sub,
            data=_input(sub, targets={2031: Decimal("5")}),
        )
    assert (
        "Target tahun 2031 di luar masa rencana 2025-2029." in error.value.message_dict["targets"]
    )
    assert (
        table_state("monitoring.Target", "monitoring.Allocation", "monitoring.SubActivity")
        == before
    )


@pytest.mark.parametrize(
    ("allocation", "message"),
    [
        (AllocationInput(2026, "non_government", Decimal("5")), "sebutkan pemberi dananya"),
        (AllocationInput(2026, "apbn", Decimal("-5")), "tidak boleh negatif"),
        (AllocationInput(2024, "apbn", Decimal("5")), "di luar masa rencana"),
        (AllocationInput(2026, "lotre", Decimal("5")), "tidak dikenal"),
    ],
)
def test_bad_budget_lines_are_refused_with_a_reason(pw, allocation, message):
    sub = pw.blitar.rpkd_subs["1.02.02.2.01.0002"]
    with pytest.raises(ValidationError) as error:
        sub_activity_save(
            user=pw.people.blitar_secretariat,
            activity=sub.activity,
            sub_activity=sub,
            data=_input(sub, allocations=[allocation]),
        )
    assert message in " ".join(error.value.message_dict["allocations"])
    assert sub.allocations.count() == 2


def test_the_database_refuses_non_government_money_without_a_donor(pw):
    sub = pw.blitar.rpkd_subs["1.02.02.2.01.0002"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            sub_activity=sub, year=2027, source="non_government", amount=Decimal("1")
        )


def test_moving_a_sub_activity_checks_both_locations(pw):
    """A Blitar user cannot move a Blitar sub-activity to Jember, and a user whose reach
    covers the new location but not the old one cannot move it away either."""
    sub = pw.blitar.rpkd_subs["1.02.02.2.01.0001"]
    with pytest.raises(ValidationError) as error:
        sub_activity_save(
            user=pw.people.blitar_secretariat,
            activity=sub.activity,
            sub_activity=sub,
            data=_input(sub, location_codes=[PADOMASAN]),
        )
    assert error.value.message_dict["locations"] == [f"Lokasi {PADOMASAN} tidak ditemukan."]
    assert list(sub.locations.values_list("region_id", flat=True)) == ["35.05.01"]
    # Jember's secretariat names Jember's own village, but the plan is Blitar's: 404 alike.
    with pytest.raises(ValidationError) as error:
        sub_activity_save(
            user=pw.people.jember_secretariat,
            activity=sub.activity,
            sub_activity=sub,
            data=_input(sub, location_codes=[PADOMASAN]),
        )
    assert error.value.message_dict == {"plan": ["Rencana tidak ditemukan."]}


def test_an_agency_from_another_region_is_refused(pw):
    sub = pw.blitar.rpkd_subs["1.02.02.2.01.0001"]
    with pytest.raises(ValidationError) as error:
        sub_activity_save(
            user=pw.people.blitar_secretariat,
            activity=sub.activity,
            sub_activity=sub,
            data=_input(sub, agency_id=pw.jember.health.pk),
        )
    assert "agency" in error.value.message_dict


def test_a_rat_for_a_year_outside_the_rpkd_is_refused(pw):
    with pytest.raises(ValidationError) as error:
        rat_create(user=pw.people.blitar_secretariat, rpkd=pw.blitar.rpkd, year=2030)
    assert error.value.message_dict["year"] == ["Tahun 2030 di luar masa RPKD 2025-2029."]
    with pytest.raises(ValidationError):
        rat_create(user=pw.people.blitar_secretariat, rpkd=pw.blitar.rpkd, year=2026)


def test_plans_are_cut_to_the_users_region(pw):
    from django.http import Http404

    assert set(plan_list(user=pw.people.blitar_secretariat)) == {pw.blitar.rpkd, pw.blitar.rat}
    with pytest.raises(Http404):
        plan_get_for_user(user=pw.people.jember_secretariat, plan_id=pw.blitar.rpkd.pk)
    with pytest.raises(ValidationError):
        plan_create(
            user=pw.people.blitar_secretariat, region_code="35.09", first_year=2025, title=""
        )


def test_locations_are_suggested_from_the_registry_and_picked(pw):
    # given: Jaten has three decile 1-4 households (one extreme poor), the other village one
    for decile in (1, 2, 4):
        household(JATEN, decile=decile, extreme_poor=decile == 1)
    household(JATEN, decile=8)
    household(OTHER_BLITAR_VILLAGE, decile=3)
    household(PADOMASAN, decile=1)
    # when
    rows = location_suggestions(plan=pw.blitar.rat)
    # then: ranked by poor households, Jember never listed
    assert [(r.code, r.poor_households, r.extreme_poor) for r in rows] == [
        (JATEN, 3, 1),
        (OTHER_BLITAR_VILLAGE, 1, 0),
    ]
    sub = pw.blitar.subs["1.06.04.2.01.0001"]
    added = locations_add(
        user=pw.people.blitar_secretariat, sub_activity=sub, codes=[JATEN, "35.05.01"]
    )
    assert added == 1
    assert sorted(
        Location.objects.filter(sub_activity=sub).values_list("region_id", flat=True)
    ) == [
        "35.05.01",
        JATEN,
    ]


def test_a_rat_copies_every_sub_activity(pw):
    assert SubActivity.objects.filter(plan=pw.blitar.rat).count() == 3
    assert Target.objects.filter(sub_activity__plan=pw.blitar.rat).count() == 3
    assert not Target.objects.filter(sub_activity__plan=pw.blitar.rat, year=2027).exists()
    assert pw.blitar.rat.region_id == BLITAR


def test_the_demo_loads_plans_reports_and_a_visit_and_a_rerun_changes_nothing(regions):
    from monitoring.models import FieldVisit, Report
    from monitoring.plans.synthetic import plans_generate
    from tkpk.services.demo import demo_regency_setup

    demo_regency_setup(regency_code=BLITAR)
    demo = plans_generate(regency_code=BLITAR, seed=2026, username="sekretariat")
    assert demo.rat.parent == demo.rpkd and demo.sub_activities == 9
    assert demo.reports > 0 and demo.returned == 1 and demo.late > 0 and demo.missing > 0
    assert Report.objects.filter(status="accepted").exists()
    assert FieldVisit.objects.get().photos.count() == 1
    reports = sorted(Report.objects.values_list("sub_activity__code", "quarter", "physical"))
    again = plans_generate(regency_code=BLITAR, seed=2026, username="sekretariat")
    assert again.rpkd == demo.rpkd
    assert (
        sorted(Report.objects.values_list("sub_activity__code", "quarter", "physical")) == reports
    )
