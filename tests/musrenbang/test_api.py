"""The Musrenbang API as another agency's system uses it: token, scope, pages, lineage,
scores, results, and 400 for a filter it cannot read."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from musrenbang.models import Proposal, ProposalScore, Stage
from musrenbang.services import (
    district_ceiling_fill,
    district_ceiling_set,
    planning_year_create,
)
from musrenbang.services.review import (
    FateInput,
    ReviewInput,
    proposal_fate_record,
    proposal_review_record,
)
from tests.personas import BLITAR, JATEN, JEMBER, PADOMASAN, person
from tkpk.models import Agency, Region
from tkpk.roles import Role


def _make(year, village, title, *, cost=10_000_000, score="4.0", agency=None, repeats=None):
    return Proposal.objects.create(
        planning_year=year,
        stage=year.stages.get(kind=Stage.Kind.MUSDES),
        village_id=village,
        title=title,
        problem="-",
        is_physical=True,
        field_of_affairs="public_works",
        volume=Decimal(100),
        unit="m",
        estimated_cost=cost,
        beneficiaries=50,
        beneficiary_kind="household",
        score=Decimal(score) if score else None,
        agency=agency,
        repeats=repeats,
    )


@pytest.fixture
def plan(people, year):
    pupr = Agency.objects.create(code="pupr", name="Dinas PUPR", kind="opd", region_id=BLITAR)
    officer = person("opd.pupr", Role.AGENCY_OFFICER, BLITAR, agency=pupr)
    earlier = planning_year_create(user=people.blitar_secretariat, region_code=BLITAR, year=2026)
    _make(earlier, JATEN, "Jalan Jaten 2026", score="")
    road = _make(year, JATEN, "Jalan Jaten", agency=pupr)
    bridge = _make(year, JATEN, "Jembatan", cost=90_000_000, score="3.0", agency=pupr)
    unscored = _make(year, "35.05.02.2001", "Belum dinilai", score="")
    criterion = year.rubric.criteria.filter(automatic="").first()
    ProposalScore.objects.create(
        proposal=road, criterion=criterion, assessor=people.blitar_secretariat, value=4
    )
    wonodadi = Region.objects.get(code="35.05.01")
    district_ceiling_set(
        user=people.blitar_secretariat, planning_year=year, district=wonodadi, amount="50.000.000"
    )
    district_ceiling_fill(user=people.blitar_secretariat, planning_year=year, district=wonodadi)
    proposal_review_record(
        user=officer,
        proposal=road,
        data=ReviewInput(decision="accepted", program="Program Jalan", activity="Rehab jalan"),
    )
    proposal_fate_record(
        user=officer, proposal=road, data=FateInput(fate="funded", amount="9.500.000")
    )
    jember = planning_year_create(user=people.jember_secretariat, region_code=JEMBER, year=2027)
    _make(jember, PADOMASAN, "JEMBER-MARKER")
    return {"road": road, "bridge": bridge, "unscored": unscored, "year": year}


def test_an_agencys_system_reads_its_regencys_proposals_with_lineage_and_scores(people, api, plan):
    client = api(people.bpjs_blitar_key)
    body = client.get(reverse("api-musrenbang-proposal-list"), {"tahun": plan["year"].pk}).json()
    titles = {p["title"]: p for p in body["results"]}
    assert set(titles) == {"Jalan Jaten", "Jembatan", "Belum dinilai"}
    road = titles["Jalan Jaten"]
    assert road["lineage"] == {"years_running": 2, "funded_before": 0}
    assert road["status"] == "accepted" and road["district_rank"] == 1
    assert road["review"]["program"] == "Program Jalan"
    assert road["fate"] == {
        "fate": "funded",
        "amount": 9_500_000,
        "reason": "",
        "recorded_at": road["fate"]["recorded_at"],
    }
    assert titles["Jembatan"]["status"] == "reserve"
    assert "created_by" not in road  # nobody's account is given out
    detail = client.get(reverse("api-musrenbang-proposal-detail", args=[plan["road"].pk])).json()
    scored = [s for s in detail["scores"] if s["assessors"]]
    assert [(s["assessors"], s["mean"]) for s in scored] == [(1, 4.0)]


def test_results_are_what_the_forums_ranked_and_their_fate(people, api, plan):
    client = api(people.bpjs_blitar_key)
    body = client.get(reverse("api-musrenbang-result-list")).json()
    assert {r["title"] for r in body["results"]} == {"Jalan Jaten", "Jembatan"}
    reserve = next(r for r in body["results"] if r["title"] == "Jembatan")
    assert reserve["status_reason"]  # why it did not fit


def test_years_and_forums_show_ceilings_and_stay_in_the_region(people, api, plan):
    client = api(people.bpjs_blitar_key)
    years = client.get(reverse("api-musrenbang-year-list")).json()["results"]
    assert {(y["region"], y["year"]) for y in years} == {(BLITAR, 2027), (BLITAR, 2026)}
    detail = client.get(reverse("api-musrenbang-year-detail", args=[plan["year"].pk])).json()
    assert detail["ceilings"] == [
        {
            "district": "35.05.01",
            "district_name": "Wonodadi",
            "amount": 50_000_000,
            "agreed_total": 10_000_000,
            "filled_at": detail["ceilings"][0]["filled_at"],
        }
    ]
    assert detail["stages"][0]["kind"] == "musdes"
    jember_year = Proposal.objects.get(title="JEMBER-MARKER").planning_year
    missing = client.get(reverse("api-musrenbang-year-detail", args=[987654]))
    outside = client.get(reverse("api-musrenbang-year-detail", args=[jember_year.pk]))
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    for name in ("api-musrenbang-proposal-list", "api-musrenbang-result-list"):
        assert "JEMBER-MARKER" not in client.get(reverse(name)).content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"tahun": "2027x"}, "tahun"),
        ({"status": "didanai"}, "status"),
        ({"wilayah": "Blitar"}, "wilayah"),
        ({"desa": "35.05"}, "desa"),
    ],
)
def test_a_filter_it_cannot_read_answers_400_naming_it(people, api, plan, params, field):
    response = api(people.bpjs_blitar_key).get(reverse("api-musrenbang-proposal-list"), params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_roles_without_planning_or_programmes_are_refused(people, api, plan):
    client = api()
    client.force_authenticate(people.blitar_auditor)
    assert client.get(reverse("api-musrenbang-proposal-list")).status_code == 403
    assert api().get(reverse("api-musrenbang-proposal-list")).status_code == 401


def test_a_page_of_proposals_is_a_fixed_number_of_queries(
    people, api, plan, django_assert_max_num_queries
):
    client = api(people.bpjs_blitar_key)
    for n in range(20):
        _make(plan["year"], JATEN, f"Tambahan {n}")
    # token and its assignment, the user's roles, the page, the lineage (its regencies, then
    # one statement), the token's last-use write: the same for a page of 3 or 50 proposals.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("api-musrenbang-proposal-list"), {"page_size": 50})
    assert len(response.json()["results"]) == 24  # both years
