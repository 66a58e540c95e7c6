"""Scores and the ceiling fill against independent plain-Python computations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musrenbang.models import DistrictCeiling, Proposal, ProposalScore, Stage
from musrenbang.selectors import district_ranking, proposal_score_breakdown, village_poverty
from musrenbang.services import (
    district_ceiling_fill,
    district_ceiling_set,
    proposal_auto_scores_fill,
    proposal_score_record,
    proposal_scores_compute,
    stage_close,
)
from tests.musrenbang.conftest import OTHER_WONODADI_VILLAGE, WONODADI, household
from tests.personas import JATEN, person
from tkpk.models import Region
from tkpk.roles import Role


def reference_score(weights: dict[str, int], scores: dict[str, list[int]]) -> float:
    """Weighted mean over criteria of the mean of each criterion's scores (weights in %)."""
    return sum(weights[c] * (sum(v) / len(v)) for c, v in scores.items()) / 100


def reference_fill(rows: list[tuple[int, float, int]], ceiling: int) -> dict[int, str]:
    """Walk the proposals one by one in score order (then cheaper, then older): accept one
    when the money left covers it, otherwise skip it as a reserve and go on (PLANNING.md
    section 3: a later, cheaper proposal may still fit)."""
    result: dict[int, str] = {}
    left = ceiling
    for pk, _score, cost in sorted(rows, key=lambda r: (-r[1], r[2], r[0])):
        if cost <= left:
            left -= cost
            result[pk] = "accepted"
        else:
            result[pk] = "reserve"
    return result


def test_the_score_is_the_weighted_mean_of_the_assessors_means(people, year, propose):
    # given: 40% of Jaten's households in deciles 1-4 -> the automatic criterion scores 5
    for decile in (1, 3, 5, 8, 2, 9, 10, 6, 4, 7):
        household(JATEN, decile=decile)
    proposal = propose()
    second = person("penilai.dua", Role.SECRETARIAT, "35.05")
    criteria = {c.code: c for c in year.rubric.criteria.all()}
    manual = {"kesesuaian": [4, 5], "urgensi": [3, 2], "penerima": [2, 2], "kesiapan": [5, 3]}
    for i, assessor in enumerate((people.blitar_secretariat, second)):
        proposal_score_record(
            user=assessor,
            proposal=proposal,
            values={criteria[c].pk: v[i] for c, v in manual.items()},
        )
    proposal.refresh_from_db()
    expected = reference_score(
        {c.code: c.weight for c in criteria.values()}, {**manual, "dampak-miskin": [5]}
    )
    assert float(proposal.score) == pytest.approx(expected, abs=1e-4)
    assert expected == pytest.approx(3.775)  # 112.5 + 125 + 50 + 30 + 60, over 100
    breakdown = {row.criterion.code: row for row in proposal_score_breakdown(proposal=proposal)}
    assert breakdown["dampak-miskin"].values[0][1] == 5
    assert breakdown["urgensi"].mean == Decimal("2.50")
    assert len(breakdown["kesesuaian"].values) == 2


def test_a_proposal_missing_a_criterion_has_no_score(people, year, propose):
    proposal = propose()
    criterion = year.rubric.criteria.get(code="urgensi")
    proposal_score_record(
        user=people.blitar_secretariat, proposal=proposal, values={criterion.pk: 4}
    )
    proposal.refresh_from_db()
    assert proposal.score is None


@pytest.mark.parametrize("value", [0, 6, -1, "4"])
def test_a_score_outside_1_to_5_is_refused(people, year, propose, value):
    proposal = propose()
    criterion = year.rubric.criteria.get(code="urgensi")
    with pytest.raises(ValidationError, match="1 sampai 5"):
        proposal_score_record(
            user=people.blitar_secretariat, proposal=proposal, values={criterion.pk: value}
        )
    assert not ProposalScore.objects.filter(assessor__isnull=False).exists()


def test_the_database_refuses_a_score_of_6(people, year, propose):
    proposal = propose()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalScore.objects.create(
            proposal=proposal, criterion=year.rubric.criteria.first(), value=6
        )


def test_automatic_criteria_cannot_be_scored_by_hand_and_village_operators_cannot_score(
    people, year, propose
):
    proposal = propose()
    automatic = year.rubric.criteria.get(code="dampak-miskin")
    with pytest.raises(ValidationError, match="otomatis"):
        proposal_score_record(
            user=people.blitar_secretariat, proposal=proposal, values={automatic.pk: 3}
        )
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        proposal_score_record(user=people.jaten_village_operator, proposal=proposal, values={})


def test_registry_figures_per_village_come_from_two_grouped_queries(
    year, django_assert_num_queries
):
    household(
        JATEN,
        decile=1,
        extreme_poor=True,
        floor="tanah",
        members=[
            {},
            {"birth_date": date(2012, 5, 1), "school_attendance": "tidak_lagi"},
            {"birth_date": date(2014, 5, 1), "school_attendance": "masih_sekolah"},
            {"birth_date": date(1950, 5, 1), "disability": "berat"},
        ],
    )
    household(JATEN, decile=7)
    household(OTHER_WONODADI_VILLAGE, decile=3, wall="bambu")
    with django_assert_num_queries(2):  # households grouped by village, persons by village
        figures = village_poverty(
            village_codes=[JATEN, OTHER_WONODADI_VILLAGE, "35.05.01.2003"], on=date(2026, 12, 1)
        )
    jaten = figures[JATEN]
    assert (jaten.households, jaten.households_d1_4, jaten.people_d1_4) == (2, 1, 4)
    assert (jaten.extreme_poor, jaten.unfit_housing) == (1, 1)
    assert (jaten.children_out_of_school, jaten.people_with_disability) == (1, 1)
    assert figures[OTHER_WONODADI_VILLAGE].unfit_housing == 1
    assert figures["35.05.01.2003"].households == 0


def _scored(year, village: str, score: str, cost: int, status: str = "proposed") -> Proposal:
    stage = year.stages.get(kind=Stage.Kind.MUSDES)
    return Proposal.objects.create(
        planning_year=year,
        stage=stage,
        village_id=village,
        title=f"Usulan {score} {cost}",
        problem="-",
        is_physical=False,
        field_of_affairs="social",
        volume=1,
        unit="paket",
        estimated_cost=cost,
        beneficiaries=1,
        beneficiary_kind="household",
        score=Decimal(score) if score else None,
        status=status,
        status_reason="tidak sesuai" if status == "rejected" else "",
    )


def test_the_ceiling_fills_in_score_order_skipping_what_does_not_fit(people, year):
    wonodadi = Region.objects.get(code=WONODADI)
    rows = [
        _scored(year, JATEN, "4.5", 40_000_000),
        _scored(year, JATEN, "4.5", 30_000_000),  # same score, cheaper: first
        _scored(year, OTHER_WONODADI_VILLAGE, "3.9", 50_000_000),  # does not fit: reserve
        _scored(year, JATEN, "3.0", 10_000_000),  # fits in what is left: accepted
        _scored(year, JATEN, "2.0", 500_000_000),  # more than the whole ceiling: reserve
        _scored(year, JATEN, "5.0", 200_000_000, status="rejected"),  # stays rejected
        _scored(year, JATEN, "", 1_000_000),  # unscored: stays proposed
        _scored(year, "35.05.02.2001", "5.0", 1_000),  # another district: untouched
    ]
    district_ceiling_set(
        user=people.blitar_secretariat,
        planning_year=year,
        district=wonodadi,
        amount="100.000.000",
        formula_inputs={"base": 50_000_000, "poor_households": 1234},
    )
    result = district_ceiling_fill(
        user=people.blitar_secretariat, planning_year=year, district=wonodadi
    )
    status = {p.pk: p.status for p in Proposal.objects.all()}
    assert [status[p.pk] for p in rows] == [
        "accepted",
        "accepted",
        "reserve",
        "accepted",
        "reserve",
        "rejected",
        "proposed",
        "proposed",
    ]
    assert (result.agreed_total, result.accepted, result.reserve, result.unscored) == (
        80_000_000,
        3,
        2,
        1,
    )
    ceiling = DistrictCeiling.objects.get()
    assert ceiling.agreed_total == 80_000_000
    assert ceiling.formula_inputs == {"base": 50_000_000, "poor_households": 1234}
    ranking = list(district_ranking(planning_year=year, district=wonodadi))
    assert [p.pk for p in ranking] == [rows[1].pk, rows[0].pk, rows[2].pk, rows[3].pk, rows[4].pk]
    # The running total counts what was agreed: the skipped reserve adds nothing.
    assert [p.running_cost for p in ranking] == [
        30_000_000,
        70_000_000,
        70_000_000,
        80_000_000,
        80_000_000,
    ]
    assert Proposal.objects.get(pk=rows[1].pk).district_rank == 1
    reasons = {p.pk: p.status_reason for p in ranking}
    assert "sisa pagu" in reasons[rows[2].pk]
    assert "seluruh pagu" in reasons[rows[4].pk]
    assert reasons[rows[3].pk] == ""


def test_the_database_refuses_an_agreed_total_over_the_ceiling(people, year):
    ceiling = DistrictCeiling.objects.create(planning_year=year, district_id=WONODADI, amount=1_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictCeiling.objects.filter(pk=ceiling.pk).update(agreed_total=1_001)


def test_a_ceiling_cannot_drop_below_what_was_agreed_nor_fill_after_the_stage_closed(people, year):
    wonodadi = Region.objects.get(code=WONODADI)
    _scored(year, JATEN, "4.0", 60_000_000)
    district_ceiling_set(
        user=people.blitar_secretariat, planning_year=year, district=wonodadi, amount=100_000_000
    )
    district_ceiling_fill(user=people.blitar_secretariat, planning_year=year, district=wonodadi)
    with pytest.raises(ValidationError, match="di bawah jumlah yang sudah disepakati"):
        district_ceiling_set(
            user=people.blitar_secretariat, planning_year=year, district=wonodadi, amount=50_000_000
        )
    stage_close(user=people.blitar_secretariat, stage=year.stages.get(kind="district"))
    with pytest.raises(ValidationError, match="sudah ditutup"):
        district_ceiling_fill(user=people.blitar_secretariat, planning_year=year, district=wonodadi)


def test_a_village_operator_cannot_fill_a_ceiling(people, year):
    wonodadi = Region.objects.get(code=WONODADI)
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        district_ceiling_set(
            user=people.jaten_village_operator, planning_year=year, district=wonodadi, amount=1
        )


def test_automatic_and_weighted_scores_are_recomputed_for_a_whole_district(people, year, propose):
    for decile in (1, 2, 9):
        household(JATEN, decile=decile)
    proposals = [propose(), propose(title="Kedua")]
    criteria = {c.code: c for c in year.rubric.criteria.all()}
    for p in proposals:
        for c in ("kesesuaian", "urgensi", "penerima", "kesiapan"):
            ProposalScore.objects.create(
                proposal=p, criterion=criteria[c], assessor=people.blitar_secretariat, value=3
            )
    assert proposal_auto_scores_fill(planning_year=year, district_code=WONODADI) == 2
    proposal_scores_compute(planning_year=year, district_code=WONODADI)
    # 2 of 3 households in deciles 1-4: the poverty criterion is 5
    expected = reference_score(
        {c: criteria[c].weight for c in criteria},
        {"kesesuaian": [3], "urgensi": [3], "penerima": [3], "kesiapan": [3], "dampak-miskin": [5]},
    )
    for p in proposals:
        p.refresh_from_db()
        assert float(p.score) == pytest.approx(expected)


proposal_rows = st.lists(
    st.tuples(
        st.sampled_from(["1.0", "2.5", "3.0", "3.25", "4.0", "4.75", "5.0"]),
        st.integers(min_value=1, max_value=60).map(lambda n: n * 1_000_000),
    ),
    min_size=0,
    max_size=25,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=proposal_rows, ceiling=st.integers(min_value=0, max_value=400).map(lambda n: n * 1_000_000)
)
def test_the_fill_agrees_with_a_one_by_one_walk(people, year, rows, ceiling):
    wonodadi = Region.objects.get(code=WONODADI)
    villages = [JATEN, OTHER_WONODADI_VILLAGE, "35.05.01.2003"]
    with transaction.atomic():
        created = [
            _scored(year, villages[i % 3], score, cost) for i, (score, cost) in enumerate(rows)
        ]
        district_ceiling_set(
            user=people.blitar_secretariat,
            planning_year=year,
            district=wonodadi,
            amount=max(ceiling, 1),
        )
        result = district_ceiling_fill(
            user=people.blitar_secretariat, planning_year=year, district=wonodadi
        )
        expected = reference_fill(
            [(p.pk, float(p.score), p.estimated_cost) for p in created], max(ceiling, 1)
        )
        got = dict(Proposal.objects.filter(planning_year=year).values_list("id", "status"))
        assert got == expected
        agreed = sum(p.estimated_cost for p in created if expected[p.pk] == "accepted")
        assert result.agreed_total == agreed <= max(ceiling, 1)
        transaction.set_rollback(True)


def test_filling_again_after_the_ceiling_rises_takes_the_reserves_in(people, year):
    wonodadi = Region.objects.get(code=WONODADI)
    first = _scored(year, JATEN, "4.0", 60_000_000)
    second = _scored(year, JATEN, "3.0", 60_000_000)
    for amount in (100_000_000, 120_000_000):
        district_ceiling_set(
            user=people.blitar_secretariat, planning_year=year, district=wonodadi, amount=amount
        )
        result = district_ceiling_fill(
            user=people.blitar_secretariat, planning_year=year, district=wonodadi
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.status_reason) == ("accepted", "accepted", "")
    assert result.agreed_total == DistrictCeiling.objects.get().agreed_total == 120_000_000


def test_a_rejection_needs_a_reason_and_frees_what_it_took_of_the_ceiling(people, year):
    from musrenbang.services import proposal_reject

    wonodadi = Region.objects.get(code=WONODADI)
    taken = _scored(year, JATEN, "4.0", 60_000_000)
    waiting = _scored(year, JATEN, "3.0", 50_000_000)
    secretariat = people.blitar_secretariat
    district_ceiling_set(
        user=secretariat, planning_year=year, district=wonodadi, amount=100_000_000
    )
    district_ceiling_fill(user=secretariat, planning_year=year, district=wonodadi)
    with pytest.raises(ValidationError, match="alasan penolakan"):
        proposal_reject(user=secretariat, proposal=taken, reason="  ")
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        proposal_reject(user=people.jaten_village_operator, proposal=taken, reason="Lahan sengketa")
    proposal_reject(user=secretariat, proposal=taken, reason="Lahan sengketa")
    assert DistrictCeiling.objects.get().agreed_total == 0
    result = district_ceiling_fill(user=secretariat, planning_year=year, district=wonodadi)
    taken.refresh_from_db()
    waiting.refresh_from_db()
    assert (taken.status, taken.status_reason) == ("rejected", "Lahan sengketa")
    assert waiting.status == "accepted" and result.agreed_total == 50_000_000
