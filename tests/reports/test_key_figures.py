"""Key figures of a region on the secretariat's and the leader's home pages and on the region
overview: each figure agrees with an independent count over the rows behind it, stays inside
the user's region, and costs a fixed number of queries however large the registry."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import OPEN_STATUSES, Complaint
from complaints.services import ComplaintInput, complaint_file
from households.models import Household, Person
from households.services import batch_commit, batch_minutes_attach, batch_upload, batch_validate
from programs.models import RunHouseholdProgram, RunPersonProgram, RunVillageCoverage
from reports.selectors import region_child_figures, region_key_figures
from tests.households.batchfiles import csv_bytes, family
from tests.households.conftest import PDF
from tests.personas import BLITAR

BLITAR_DISTRICT = "35.05.01"


def independent_registry(prefix: str) -> dict[str, int]:
    """The registry figures counted row by row, from persons rather than stored counts."""
    active = [
        h for h in Household.objects.filter(status="active") if h.village_id.startswith(prefix)
    ]
    ids = {h.pk for h in active}
    living = [p for p in Person.objects.filter(status="living") if p.household_id in ids]
    return {
        "households": len(active),
        "people": len(living),
        "deciles_1_4": sum(1 for h in active if h.welfare_decile and h.welfare_decile <= 4),
        "extreme_poor": sum(1 for h in active if h.extreme_poor),
    }


def file_complaints(n: int, village: str = "35.05.01.2001") -> None:
    for _ in range(n):
        complaint_file(
            data=ComplaintInput(
                category="aid_not_received",
                village=village,
                description="Bantuan PKH tidak sampai sejak Maret.",
                channel="web",
            ),
            user=None,
        )


def waiting_batch(people) -> None:
    batch = batch_upload(
        user=people.blitar_social_operator,
        upload=io.BytesIO(csv_bytes(family(kk="3505010101209999"))),
        filename="menunggu.csv",
        queue_validation=False,
    )
    batch_validate(batch=batch)


def committed_family(people, kk: str) -> None:
    operator = people.blitar_social_operator
    batch = batch_upload(
        user=operator,
        upload=io.BytesIO(csv_bytes(family(kk=kk))),
        filename="keluarga-baru.csv",
        queue_validation=False,
    )
    batch_validate(batch=batch)
    batch_minutes_attach(
        batch=batch, user=operator, upload=io.BytesIO(PDF), filename="berita-acara.pdf"
    )
    batch_commit(batch_id=batch.pk, user=operator)


def home_queries(client) -> tuple[int, str]:
    client.get("/")  # the session is read once logged in
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/").content.decode()
    return len(queries), body


def test_the_secretariat_home_shows_its_regions_key_figures(world, people, login):
    # given a Blitar registry, a targeting run, open complaints and a batch to approve
    file_complaints(3)
    waiting_batch(people)

    # when the secretariat opens the home page
    queries, body = home_queries(login(people.blitar_secretariat))

    # then the figures agree with counts made row by row
    figures = region_key_figures(user=people.blitar_secretariat, region_code=BLITAR)
    assert figures["registry"] == independent_registry(BLITAR + ".")
    assert (
        figures["complaints"]["open"] == Complaint.objects.filter(status__in=OPEN_STATUSES).count()
    )
    assert figures["batches_waiting"] == 1
    run = figures["run"]
    assert run["id"] == world.pk
    # exclusion in each program's unit: families of the family programs, persons of the
    # person programs (PBI-JKN, PIP), never added together
    families = RunHouseholdProgram.objects.filter(run=world, eligible=True, receives=False).exclude(
        program__target_unit="person"
    )
    persons = RunPersonProgram.objects.filter(run=world, eligible=True, enrolled=False)
    assert run["exclusion"] == {"household": families.count(), "person": persons.count()}
    pkh = next(p for p in run["programs"] if p["program"] == "PKH")
    assert pkh["unit"] == "household" and pkh["eligible"] == (
        RunHouseholdProgram.objects.filter(run=world, program__code="PKH", eligible=True).count()
    )
    pbi = next(p for p in run["programs"] if p["program"] == "PBI-JKN")
    assert pbi["unit"] == "person" and pbi["eligible"] == (
        RunPersonProgram.objects.filter(run=world, program__code="PBI-JKN", eligible=True).count()
    )
    assert run["coverage"]["receiving_nothing"] == sum(
        c.receiving_nothing for c in RunVillageCoverage.objects.filter(run=world)
    )
    # ... and the page shows them, each leading where the secretariat may go
    section = body.split('data-testid="key-figures"')[1]
    households = f"{figures['registry']['households']:,}".replace(",", ".")
    assert f'<a href="/registri/?wilayah={BLITAR}">{households}</a>' in section
    assert f'href="{reverse("programs:run-detail", args=[world.pk])}"' in section
    assert f'href="{reverse("households:batch-list")}"' in section
    # session, user, role assignments, the registry, complaints, batches, the latest run,
    # its per-program totals and coverage, the LP2KD due next, recent jobs, the action plans
    # whose reports may be late: nothing per household or per row.
    assert queries == 12

    # More of everything costs no more queries.
    file_complaints(5, village="35.05.02.2001")
    assert home_queries(login(people.blitar_secretariat))[0] == queries


def test_the_leaders_home_shows_figures_but_links_only_where_the_leader_may_go(
    world, people, login
):
    waiting_batch(people)
    _, body = home_queries(login(people.blitar_leader))
    section = body.split('data-testid="key-figures"')[1]
    figures = region_key_figures(user=people.blitar_leader, region_code=BLITAR)
    assert figures["registry"] == independent_registry(BLITAR + ".")
    assert figures["batches_waiting"] == 1 and figures["run"]["id"] == world.pk
    assert 'href="/registri/' not in section  # the leader does not open the registry
    assert f'href="{reverse("complaints:statistics")}"' in section
    assert f'href="{reverse("regions:detail", args=[BLITAR])}"' in section


def test_the_region_overview_names_each_district_with_its_figures(world, people, login):
    file_complaints(2)
    client = login(people.blitar_leader)
    url = reverse("regions:detail", args=[BLITAR])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    body = response.content.decode()
    district = region_child_figures(user=people.blitar_leader, region_code=BLITAR)[BLITAR_DISTRICT]
    expected = independent_registry(BLITAR_DISTRICT + ".")
    assert {name: district[name] for name in expected} == expected
    assert district["open"] == 2
    assert district["receiving_nothing"] == sum(
        c.receiving_nothing
        for c in RunVillageCoverage.objects.filter(run=world)
        if c.village_id.startswith(BLITAR_DISTRICT + ".")
    )
    row = body.split(f'<tr data-code="{BLITAR_DISTRICT}">')[1].split("</tr>")[0]
    assert "Wonodadi" in row
    assert f">{district['households']}</td>" in row
    # session, user, role assignments, the region, its ancestors, its districts; the key
    # figures (registry, complaints, batches, latest run, its totals, its coverage); the
    # per-district figures (registry, complaints, latest run, coverage): none per district.
    assert len(queries) == 16, [q["sql"] for q in queries.captured_queries]


def test_figures_stay_inside_the_region(world, people, login):
    jember = region_key_figures(user=people.jember_secretariat, region_code="35.09")
    assert jember["registry"] == {
        "households": 0,
        "people": 0,
        "deciles_1_4": 0,
        "extreme_poor": 0,
    }
    assert jember["run"] is None  # the Blitar run covers none of Jember
    from django.http import Http404

    with pytest.raises(Http404):
        region_key_figures(user=people.jember_secretariat, region_code=BLITAR)
    with pytest.raises(Http404):
        region_key_figures(user=people.blitar_auditor, region_code=BLITAR)
    # The auditor's overview of its own region carries no figures.
    page = login(people.blitar_auditor).get(reverse("regions:detail", args=[BLITAR]))
    assert page.status_code == 200 and "key-figures" not in page.content.decode()


def test_the_registry_figures_follow_a_committed_batch_at_once(world, people, login):
    # given the secretariat has read the key figures (kept for the next page views)
    user = people.blitar_secretariat
    before = region_key_figures(user=user, region_code=BLITAR)["registry"]
    districts = region_child_figures(user=user, region_code=BLITAR)

    # when a batch registering a new family commits
    committed_family(people, kk="3505010101208888")

    # then the next read counts it, in the regency and in its district
    after = region_key_figures(user=user, region_code=BLITAR)["registry"]
    assert after == independent_registry(BLITAR + ".")
    assert after["households"] == before["households"] + 1
    district = region_child_figures(user=user, region_code=BLITAR)[BLITAR_DISTRICT]
    assert district["households"] == districts[BLITAR_DISTRICT]["households"] + 1
