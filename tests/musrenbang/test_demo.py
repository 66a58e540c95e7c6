"""The demo year: forums, proposals, scores and every district ranked within its ceiling."""

from __future__ import annotations

from django.core.management import call_command

from musrenbang.models import DistrictCeiling, Proposal, Stage
from musrenbang.synthetic import musrenbang_generate
from tests.musrenbang.test_scoring import reference_fill


def test_the_demo_ranks_every_district_within_its_ceiling(people):
    demo = musrenbang_generate(
        regency_code="35.05", seed=7, username=people.blitar_secretariat.username, proposals=60
    )
    year = demo.planning_year
    assert demo.proposals == 60 and demo.forums >= 5 and demo.districts_filled >= 1
    assert year.stages.get(kind=Stage.Kind.MUSDES).closed_at is not None
    assert not Proposal.objects.filter(planning_year=year, score__isnull=True).exists()
    for ceiling in DistrictCeiling.objects.filter(planning_year=year):
        rows = Proposal.objects.filter(
            planning_year=year, village__code__startswith=ceiling.district_id + "."
        )
        expected = reference_fill(
            [(p.pk, float(p.score), p.estimated_cost) for p in rows], ceiling.amount
        )
        assert dict(rows.values_list("id", "status")) == expected
        agreed = sum(p.estimated_cost for p in rows if expected[p.pk] == "accepted")
        assert ceiling.agreed_total == agreed <= ceiling.amount
        assert ceiling.formula_inputs["base"] == 400_000_000
    # a rerun leaves the year as it was
    call_command(
        "generate_musrenbang",
        "--regency",
        "35.05",
        "--username",
        people.blitar_secretariat.username,
    )
    assert Proposal.objects.filter(planning_year=year).count() == 60
