"""The leader's dashboard: each figure agrees with an independent count, stays inside the
region, and costs a fixed number of queries; the LP2KD deadline follows the regulation."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from households.models import Household
from monitoring.dashboard.selectors import (
    dashboard_region,
    dashboard_snapshot,
    deciles_by_area,
    lp2kd_deadline,
)
from monitoring.indicators.services import ValueInput, indicator_values_store
from programs.models import RunHouseholdProgram
from tests.monitoring.conftest import make_follow_up, make_meeting
from tests.personas import BLITAR
from tests.programs.conftest import period, registry  # noqa: F401 - fixtures
from tests.programs.conftest import world as targeting_world  # noqa: F401 - fixture
from tkpk.models import Region
from tkpk.services.demo import agencies_ensure_standard


@pytest.mark.parametrize(
    ("level", "today", "year", "due"),
    [
        (Region.Level.REGENCY, date(2026, 12, 2), 2026, date(2027, 1, 31)),
        (Region.Level.REGENCY, date(2027, 1, 31), 2026, date(2027, 1, 31)),
        (Region.Level.REGENCY, date(2027, 2, 1), 2027, date(2028, 1, 31)),
        (Region.Level.PROVINCE, date(2027, 2, 10), 2026, date(2027, 2, 28)),
        (Region.Level.PROVINCE, date(2028, 2, 29), 2027, date(2028, 2, 29)),  # a leap year
    ],
)
def test_the_lp2kd_deadline(level, today, year, due):
    deadline = lp2kd_deadline(level=level, today=today)
    assert (deadline.year, deadline.due_on, deadline.days_left) == (year, due, (due - today).days)


def test_households_by_decile_per_district_agree_with_a_row_by_row_count(targeting_world):  # noqa: F811
    expected: Counter[tuple[str, int | None]] = Counter(
        (h.village_id[:8], h.welfare_decile)
        for h in Household.objects.filter(status="active")
        if h.village_id.startswith(BLITAR + ".")
    )
    areas = deciles_by_area(region_code=BLITAR)
    assert areas, "the world has households"
    for area in areas:
        for decile in range(1, 11):
            assert area["deciles"][decile - 1] == expected[(area["code"], decile)]
        assert area["unknown"] == expected[(area["code"], None)]
        assert area["deciles_1_4"] == sum(expected[(area["code"], d)] for d in range(1, 5))
    assert sum(a["total"] for a in areas) == sum(expected.values())


def test_the_dashboard_shows_the_regions_figures(targeting_world, people, login):  # noqa: F811
    today = timezone.localdate()
    agencies = agencies_ensure_standard(region=Region.objects.get(code=BLITAR))
    meeting = make_meeting(
        people.blitar_secretariat, BLITAR, title="Rakor", held_on=today - timedelta(days=30)
    )
    make_follow_up(
        people.blitar_secretariat,
        meeting,
        agencies["dinsos"],
        due_on=today - timedelta(days=2),
        action="DATA-PKH-TERLAMBAT",
    )
    indicator_values_store(
        user=people.blitar_secretariat,
        values=[
            ValueInput(BLITAR, "p0", 2023, "march", "9,85", "BPS"),
            ValueInput(BLITAR, "p0", 2024, "march", "9,31", "BPS"),
            ValueInput("35", "p0", 2024, "march", "9,79", "BPS"),
        ],
    )
    client = login(people.blitar_leader)
    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    d = response.context["d"]
    # the poverty trend, the region beside its province
    assert "Kabupaten Blitar" in body and "Jawa Timur" in body and "9,31" in body
    assert d["poverty_trend"].categories == ["Mar 2023", "Mar 2024"]
    # exclusion errors of the latest run, in each program's unit
    pkh = next(p for p in d["targeting"]["programs"] if p["code"] == "PKH")
    assert pkh["exclusion"] == (
        RunHouseholdProgram.objects.filter(
            run=targeting_world, program__code="PKH", eligible=True, receives=False
        ).count()
    )
    # overdue follow-ups, the complaints and the LP2KD deadline
    assert d["follow_ups"]["overdue"] == 1 and "DATA-PKH-TERLAMBAT" in body
    assert (
        d["complaints"]["received"]
        == Complaint.objects.filter(village__code__startswith=BLITAR + ".").count()
    )
    assert d["lp2kd"].due_on == lp2kd_deadline(level=2, today=today).due_on
    # the empty slot for budget realisation is there, named
    assert 'data-testid="budget-realisation"' in body
    assert body.count("<svg") >= 3  # trend, deciles, coverage


def test_the_dashboard_costs_the_same_queries_however_many_districts(
    targeting_world,  # noqa: F811
    people,
):
    region = Region.objects.get(code=BLITAR)
    dashboard_snapshot(user=people.blitar_leader, region=region)  # warms the role cache
    with CaptureQueriesContext(connection) as first:
        dashboard_snapshot(user=people.blitar_leader, region=region)
    Household.objects.filter(pk=Household.objects.order_by("id").first().pk).update(
        village_id="35.05.09.2001"
    )
    with CaptureQueriesContext(connection) as second:
        dashboard_snapshot(user=people.blitar_leader, region=region)
    assert len(second) == len(first)


def test_another_regions_dashboard_answers_404_like_a_missing_one(people, login):
    client = login(people.blitar_leader)
    assert client.get(reverse("monitoring:dashboard") + "?wilayah=35.09").status_code == 404
    assert client.get(reverse("monitoring:dashboard") + "?wilayah=35.99").status_code == 404
    with pytest.raises(Exception):  # noqa: B017 - Http404
        dashboard_region(user=people.blitar_leader, region_code="35.09")


def test_the_leader_and_the_secretariat_find_the_dashboard_from_home(people, login):
    for user in (people.blitar_leader, people.blitar_secretariat):
        body = login(user).get(reverse("home")).content.decode()
        assert f'href="{reverse("monitoring:dashboard")}"' in body
    body = login(people.blitar_auditor).get(reverse("home")).content.decode()
    assert reverse("monitoring:dashboard") not in body


def test_the_budget_card_shows_the_newest_rat_year_up_to_this_year(people):
    """In January the RAT of the new year may not exist yet: the card shows last year's money
    rather than nothing; a RAT made ahead for next year waits for its year."""
    from monitoring.dashboard.selectors import dashboard_budget_year
    from monitoring.plans.services import rat_create
    from tests.monitoring.planworld import plan_world

    world = plan_world(people)  # RPKD 2025-2029 with its RAT 2026, in Blitar and Jember
    region = Region.objects.get(code=BLITAR)
    january = date(2027, 1, 15)
    assert dashboard_budget_year(region_code=BLITAR, today=january) == 2026
    snapshot = dashboard_snapshot(user=people.blitar_leader, region=region, today=january)
    assert snapshot["budget"]["year"] == 2026 and snapshot["budget"]["planned"] > 0
    rat_create(user=people.blitar_secretariat, rpkd=world.blitar.rpkd, year=2028)
    assert dashboard_budget_year(region_code=BLITAR, today=january) == 2026
    rat_create(user=people.blitar_secretariat, rpkd=world.blitar.rpkd, year=2027)
    assert dashboard_budget_year(region_code=BLITAR, today=january) == 2027
    # Nothing planned at all: this year, as before.
    assert dashboard_budget_year(region_code="35.07", today=january) == 2027
    assert dashboard_budget_year(region_code="35.07", today=date(2030, 5, 1)) == 2030
