"""Lineage across years: "diusulkan N tahun berturut-turut", against a plain reference."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musrenbang.lineage import proposal_lineage
from musrenbang.models import PlanningYear, Proposal, Stage
from musrenbang.services import planning_year_create
from tests.musrenbang.conftest import OTHER_WONODADI_VILLAGE
from tests.personas import BLITAR, JATEN


@pytest.fixture
def years(people, year):
    """RKPD 2024 to 2027 of Blitar (2027 is the ``year`` fixture)."""
    made = {2027: year}
    for y in (2024, 2025, 2026):
        made[y] = planning_year_create(user=people.blitar_secretariat, region_code=BLITAR, year=y)
    return made


def _make(year: PlanningYear, village: str, field: str, *, physical=False, repeats=None, fate=""):
    return Proposal.objects.create(
        planning_year=year,
        stage=year.stages.get(kind=Stage.Kind.MUSDES),
        village_id=village,
        title=f"{field} {village} {year.year}",
        problem="-",
        is_physical=physical,
        field_of_affairs=field,
        volume=Decimal(1),
        unit="paket",
        estimated_cost=1_000_000,
        beneficiaries=1,
        beneficiary_kind="village",
        repeats=repeats,
        status="accepted" if fate else "proposed",
        review="accepted" if fate else "",
        renja_program="P" if fate else "",
        renja_activity="K" if fate else "",
        fate=fate,
        fate_amount=1_000_000 if fate == "funded" else None,
        fate_reason="Anggaran tidak cukup" if fate == "not_funded" else "",
    )


def test_years_running_counts_consecutive_years_of_the_same_need(years, people, login):
    road = [_make(years[y], JATEN, "public_works", physical=True) for y in (2025, 2026, 2027)]
    gap = [_make(years[y], OTHER_WONODADI_VILLAGE, "health") for y in (2024, 2025, 2027)]
    other_kind = _make(years[2027], JATEN, "public_works", physical=False)
    # A different field, but explicitly the same need as last year's.
    linked_from = _make(years[2026], JATEN, "social")
    linked = _make(years[2027], JATEN, "village", repeats=linked_from)

    lineage = proposal_lineage(planning_year=years[2027])
    assert lineage[road[2].pk].years_running == 3
    assert lineage[road[2].pk].never_funded
    assert lineage[gap[2].pk].years_running == 1  # 2026 missing: the run starts again
    assert lineage[other_kind.pk].years_running == 1  # non-physical: another need
    assert lineage[linked.pk].years_running == 2
    assert set(lineage) == {p.pk for p in Proposal.objects.filter(planning_year=years[2027])}

    page = login(people.jaten_village_operator).get(
        reverse("musrenbang:proposal-detail", args=[road[2].pk])
    )
    assert "diusulkan 3 tahun berturut-turut" in page.content.decode()
    assert "belum pernah didanai" in page.content.decode()


def test_a_funded_year_is_counted_in_the_run(years):
    _make(years[2025], JATEN, "health", fate="funded")
    _make(years[2026], JATEN, "health", fate="not_funded")
    latest = _make(years[2027], JATEN, "health")
    found = proposal_lineage(proposal_ids=[latest.pk])[latest.pk]
    assert (found.years_running, found.funded_before, found.never_funded) == (3, 1, False)


def reference_running(present: set[int], year: int) -> int:
    n = 0
    while year - n in present:
        n += 1
    return n


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([2024, 2025, 2026, 2027]),
            st.sampled_from([JATEN, OTHER_WONODADI_VILLAGE]),
            st.sampled_from(["health", "social"]),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_the_set_based_count_agrees_with_counting_year_by_year(years, rows):
    Proposal.objects.all().delete()
    made = [(_make(years[y], v, f, physical=ph), (y, v, f, ph)) for y, v, f, ph in rows]
    lineage = proposal_lineage(proposal_ids=[p.pk for p, _k in made])
    for proposal, (y, v, f, ph) in made:
        present = {yy for yy, vv, ff, pp in rows if (vv, ff, pp) == (v, f, ph)}
        assert lineage[proposal.pk].years_running == reference_running(present, y)


def test_a_proposal_is_linked_to_last_years_only_within_reach(years, people, login):
    from tests.musrenbang.test_pages import form

    last_year = _make(years[2026], JATEN, "social")
    other_village = _make(years[2026], OTHER_WONODADI_VILLAGE, "social")
    same_year = _make(years[2027], JATEN, "social")
    client = login(people.jaten_village_operator)
    url = reverse("musrenbang:proposal-create", args=[years[2027].pk])
    answers = {}
    for name, target in (("other", other_village), ("same", same_year), ("missing", None)):
        response = client.post(url, form(repeats=target.pk if target else 987654))
        assert response.status_code == 400
        answers[name] = response.context["form"].errors["repeats"][0]
    assert "tidak ditemukan" in answers["other"]
    assert answers["other"].replace(str(other_village.pk), "N") == answers["missing"].replace(
        "987654", "N"
    )
    assert "tidak ditemukan" in answers["same"]
    response = client.post(url, form(repeats=last_year.pk, title="Bantuan sosial lagi"))
    assert response.status_code == 302
    created = Proposal.objects.get(title="Bantuan sosial lagi")
    assert created.repeats_id == last_year.pk
    page = client.get(response["Location"]).content.decode()
    assert "Mengulang usulan tahun sebelumnya" in page
