"""The dashboard, drill-down, export, household page and API agree with the stored run."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from households.models import Household
from programs.models import RunHouseholdProgram, RunPersonProgram, RunVillageStat
from tkpk.models import AuditEntry, Job
from tkpk.services.jobs import job_run


def _exclusion(run):
    return RunHouseholdProgram.objects.filter(
        run=run, program__code="PKH", eligible=True, receives=False
    )


def test_dashboard_numbers_link_to_the_households_behind_them(world, people, login):
    client = login(people.blitar_secretariat)
    page = client.get(reverse("programs:run-detail", args=[world.pk])).content.decode()
    exclusion = _exclusion(world)
    assert (
        f'data-testid="exclusion-PKH" href="{reverse("programs:run-households", args=[world.pk])}'
        in page
    )
    assert f">{exclusion.count()}</a>" in page

    listing = client.get(
        reverse("programs:run-households", args=[world.pk]) + "?program=PKH&jenis=exclusion"
    ).content.decode()
    household = Household.objects.get(pk=exclusion.order_by("household_id").first().household_id)
    assert reverse("households:detail", args=[household.pk]) in listing
    assert household.kk not in listing  # masked in lists
    assert household.kk[:4] + "*" * 12 in listing


def test_a_district_shows_its_villages_only(world, people, login):
    district = RunVillageStat.objects.filter(run=world).first().village_id[:8]
    page = login(people.blitar_secretariat).get(
        reverse("programs:run-detail", args=[world.pk]) + f"?wilayah={district}&program=PKH"
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert f"wilayah={district}." in body  # drill-down links to its villages


def test_export_of_a_drill_down_list_is_masked_and_audited(world, people, login):
    client = login(people.blitar_social_operator)
    url = reverse("programs:run-households", args=[world.pk]) + "?program=PKH&jenis=exclusion"
    response = client.post(url)
    job = Job.objects.latest("id")
    assert response.status_code == 302 and job.kind == "targeting_export"
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    result = client.get(reverse("jobs:result", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(result.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == _exclusion(world).count()
    # A social operator may see full NIKs; the export shows what the role allows.
    assert all(len(str(r[0])) == 16 for r in rows[1:])
    assert AuditEntry.objects.filter(action="targeting_exported").exists()


def test_export_of_a_person_list_has_one_row_per_person(world, people, login):
    client = login(people.blitar_secretariat)
    url = reverse("programs:run-households", args=[world.pk]) + "?program=PBI-JKN&jenis=exclusion"
    client.post(url)
    job = Job.objects.latest("id")
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    result = client.get(reverse("jobs:result", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(result.streaming_content))).active.values)
    excluded = RunPersonProgram.objects.filter(
        run=world, program__code="PBI-JKN", eligible=True, enrolled=False
    )
    assert len(rows) - 1 == excluded.count()
    # the secretariat may see full NIKs: the export shows what the role allows
    assert all(len(str(r[0])) == 16 and str(r[0]).isdigit() for r in rows[1:])


def test_household_page_lists_programs_qualified_for_and_received(world, people, login):
    row = RunHouseholdProgram.objects.filter(
        run=world, program__code="PKH", eligible=True, receives=True
    ).first()
    page = login(people.blitar_secretariat).get(
        reverse("households:detail", args=[row.household_id])
    )
    section = (
        page.content.decode().split('data-testid="household-programs"')[1].split("</section>")[0]
    )
    assert "PKH" in section and "2026" in section


def test_api_eligibility_lookup_by_nik_is_audited(world, people, api):
    row = RunHouseholdProgram.objects.filter(
        run=world, program__code="BPNT", eligible=True, receives=True
    ).first()
    nik = Household.objects.get(pk=row.household_id).members.first().nik
    response = api(people.bpjs_blitar_key).post(
        reverse("api-program-eligibility"), {"nik": nik}, format="json"
    )
    assert response.status_code == 200
    bpnt = next(p for p in response.json()["programs"] if p["program"] == "BPNT")
    assert bpnt["qualifies"] is True and bpnt["receives"][0]["period"] == "2026"
    assert AuditEntry.objects.filter(action="nik_lookup", actor=people.bpjs_blitar).exists()


def test_api_eligibility_needs_one_identifier(people, api):
    response = api(people.bpjs_blitar_key).post(
        reverse("api-program-eligibility"), {}, format="json"
    )
    assert response.status_code == 400
    assert "nik atau kk" in response.content.decode()


def test_api_run_results_match_the_dashboard(world, people, api):
    client = api(people.bpjs_blitar_key)
    detail = client.get(reverse("api-run-detail", args=[world.pk])).json()
    pkh = next(s for s in detail["summary"] if s["program"] == "PKH")
    assert pkh["totals"]["exclusion_errors"] == _exclusion(world).count()
    assert pkh["unit"] == "household" and pkh["in_unit"]["exclusion"] == _exclusion(world).count()
    pbi = next(s for s in detail["summary"] if s["program"] == "PBI-JKN")
    excluded = RunPersonProgram.objects.filter(
        run=world, program__code="PBI-JKN", eligible=True, enrolled=False
    )
    assert pbi["unit"] == "person" and pbi["in_unit"]["exclusion"] == excluded.count()
    villages = client.get(reverse("api-run-villages", args=[world.pk]) + "?program=PKH").json()
    assert villages["results"] and all(v["program"] == "PKH" for v in villages["results"])


def test_api_catalogue_carries_criteria_and_components(people, api):
    programs = api(people.bpjs_blitar_key).get(reverse("api-program-list")).json()
    pkh = next(p for p in programs if p["code"] == "PKH")
    assert pkh["max_components"] == 4 and len(pkh["components"]) == 7
    assert pkh["max_components_per_person"] == 1
    assert pkh["criteria"]["rules"][0] == {"field": "decile", "min": 1, "max": 4}


@pytest.mark.parametrize("viewer", ["jember_secretariat", "blitar_auditor"])
def test_runs_of_another_region_are_not_found(world, people, login, viewer):
    response = login(getattr(people, viewer)).get(reverse("programs:run-detail", args=[world.pk]))
    assert response.status_code in (403, 404)


def test_the_page_of_a_drill_down_export_names_the_run_and_links_back(world, people, login):
    client = login(people.blitar_social_operator)
    url = reverse("programs:run-households", args=[world.pk]) + "?program=PKH&jenis=exclusion"
    job_page = client.post(url)["Location"]
    body = client.get(job_page).content.decode()
    assert f"<h1>Ekspor hasil penargetan: Analisis #{world.pk}: Kabupaten Blitar" in body
    assert 'href="' + url.replace("&", "&amp;") + '"' in body


def test_an_export_of_a_person_programs_families_links_back_to_that_list(world, people, login):
    client = login(people.blitar_social_operator)
    url = (
        reverse("programs:run-households", args=[world.pk])
        + "?program=PBI-JKN&jenis=exclusion&satuan=keluarga"
    )
    body = client.get(client.post(url)["Location"]).content.decode()
    assert "satuan=keluarga" in body
    assert Job.objects.latest("id").parameters["unit"] == "household"
