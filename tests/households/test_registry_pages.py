from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from households.models import Household
from tests.households.batchfiles import csv_bytes, family
from tkpk.models import AuditEntry, Job
from tkpk.services.jobs import job_run


def test_household_search_by_nik_kk_and_name_is_scoped_and_nik_searches_are_audited(
    upload, commit, people, login
):
    commit(upload(csv_bytes(family())))
    client = login(people.blitar_secretariat)
    by_name = client.get(reverse("households:list"), {"q": "siti"})
    assert by_name.context["page"].count == 1
    by_kk = client.get(reverse("households:list"), {"q": "3505010101200001"})
    assert by_kk.context["page"].count == 1
    by_nik = client.get(reverse("households:list"), {"q": "3505015708880001"})
    assert by_nik.context["page"].count == 1
    assert (
        AuditEntry.objects.filter(action="nik_lookup", actor=people.blitar_secretariat).count() == 2
    )
    jember = login(people.jember_secretariat).get(reverse("households:list"), {"q": "siti"})
    assert jember.context["page"].count == 0


def test_lists_mask_nik_and_revealing_one_is_audited(upload, commit, people, login):
    commit(upload(csv_bytes(family())))
    household = Household.objects.get()
    page = login(people.jaten_village_operator).get(
        reverse("households:detail", args=[household.pk])
    )
    body = page.content.decode()
    assert "3505************" in body and "3505011203850001" not in body
    assert "tampilkan" not in body  # a village operator may not see full NIKs
    secretariat = login(people.blitar_secretariat)
    person = household.members.get(relation="kepala")
    shown = secretariat.post(reverse("households:person-nik", args=[person.pk]))
    assert "3505011203850001" in shown.content.decode()
    entry = AuditEntry.objects.get(action="nik_viewed")
    assert entry.actor == people.blitar_secretariat and entry.object_id == str(person.pk)
    refused = login(people.jaten_village_operator).post(
        reverse("households:person-nik", args=[person.pk])
    )
    assert refused.status_code == 403


def test_export_masks_nik_for_roles_without_full_nik_and_neutralises_formulas(
    upload, commit, people, login, django_capture_on_commit_callbacks
):
    commit(upload(csv_bytes(family(alamat="-1+1 Dusun"))))
    client = login(people.jaten_village_operator)
    with django_capture_on_commit_callbacks():
        client.post(reverse("households:export"), {"format": "csv", "q": ""})
    job = Job.objects.get(kind="registry_export")
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    download = client.get(reverse("jobs:result", args=[job.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["no_kk", "kode_desa", "desa"]
    assert len(lines) == 4
    assert all(line[10].startswith("3505") and line[10].endswith("*" * 12) for line in lines[1:])
    assert lines[1][3] == "'-1+1 Dusun"
    assert AuditEntry.objects.filter(action="registry_exported").exists()


def test_xlsx_export_for_the_secretariat_has_full_niks(upload, commit, people, login):
    commit(upload(csv_bytes(family())))
    client = login(people.blitar_secretariat)
    client.post(reverse("households:export"), {"format": "xlsx"})
    job = Job.objects.get(kind="registry_export")
    job_run(job_id=job.pk)
    download = client.get(reverse("jobs:result", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    niks = {row[10] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "3505011203850001" in niks


def test_batch_preview_masks_nik_even_for_roles_allowed_to_see_them(upload, people, login):
    batch = upload(csv_bytes(family()))
    body = (
        login(people.blitar_social_operator)
        .get(reverse("households:batch-detail", args=[batch.pk]) + "?hasil=new")
        .content.decode()
    )
    assert "3505************" in body and "3505011203850001" not in body


def test_preview_of_a_correction_shows_before_and_after(upload, commit, people, login):
    from tests.households.batchfiles import member

    commit(upload(csv_bytes(family())))
    batch = upload(
        csv_bytes([member(aksi="perbaikan", nik="3505011203850001", nama="Sutrisno Hadi")])
    )
    body = (
        login(people.blitar_social_operator)
        .get(reverse("households:batch-detail", args=[batch.pk]) + "?hasil=changed")
        .content.decode()
    )
    assert "Sutrisno → Sutrisno Hadi" in body


def test_export_shows_full_niks_only_where_the_user_holds_that_right(upload, commit, people, login):
    from tests.personas import JATEN, JEMBER, PADOMASAN, person
    from tkpk.models import RoleAssignment
    from tkpk.roles import Role

    # given someone who may see full NIKs in Jember but only masked ones in Jaten (Blitar)
    commit(upload(csv_bytes(family())))
    commit(
        upload(
            csv_bytes(family(kk="3509010101200002", village=PADOMASAN)),
            user=people.jember_social_operator,
        ),
        user=people.jember_social_operator,
    )
    both = person("dinsos.jember.operator.jaten", Role.SOCIAL_OPERATOR, JEMBER)
    RoleAssignment.objects.create(user=both, role=Role.VILLAGE_OPERATOR, region_id=JATEN)
    # when they export the registry they can read
    client = login(both)
    client.post(reverse("households:export"), {"format": "csv"})
    job = Job.objects.get(kind="registry_export")
    job_run(job_id=job.pk)
    text = b"".join(client.get(reverse("jobs:result", args=[job.pk])).streaming_content)
    lines = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))[1:]
    # then Jember's rows carry full numbers and Jaten's stay masked
    by_village = [(line[1], line[10]) for line in lines]
    assert (PADOMASAN, "3505011203850002") in by_village
    jaten = [nik for village, nik in by_village if village == JATEN]
    assert len(jaten) == 3 and all(nik.endswith("*" * 12) for nik in jaten)
    assert AuditEntry.objects.get(action="registry_exported").detail["full_nik"] == 3


def _family_headed_by(name: str, kk: str, village: str) -> list[dict[str, str]]:
    rows = family(kk=kk, village=village)
    rows[0]["nama"] = name
    return rows


def test_list_rows_name_the_head_district_and_village_at_a_fixed_query_count(
    upload, commit, people, login
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tkpk.models import Region

    client = login(people.blitar_secretariat)
    client.get(reverse("households:list"))  # the session is read once logged in
    commit(upload(csv_bytes(_family_headed_by("Sutrisno", "3505010101200001", "35.05.01.2001"))))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("households:list"))

    heads = ["Paijo", "Wagiman", "Sumarni", "Katimin"]
    rows = []
    for number, head in enumerate(heads, start=2):
        village = "35.05.02.2001" if number % 2 else "35.05.01.2001"
        rows += _family_headed_by(head, f"35050101012000{number:02d}", village)
    commit(upload(csv_bytes(rows)))
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("households:list"))

    # session, user, role assignments, one page of households joined with village and
    # district and carrying the head's name, and the capped count: nothing per row.
    assert len(five) == len(one) <= 5, [q["sql"] for q in five.captured_queries]
    body = response.content.decode()
    table = body.split('data-testid="households"')[1]
    links = [
        cell.split(">", 1)[1].split("</a>")[0]
        for cell in table.split('<a href="/registri/rumah-tangga/')[1:]
    ]
    assert sorted(links) == sorted(["Sutrisno", *heads])  # every link reads differently
    for code in ("35.05.01", "35.05.02", "35.05.01.2001", "35.05.02.2001"):
        assert Region.objects.get(code=code).name in table
    assert "3505010101200001" not in body and "3505************" in body  # KK stays masked
    assert "350501120385" not in body  # no NIK in the list


def test_the_head_shown_is_the_living_one(upload, commit, people, login):
    from households.models import Person

    commit(upload(csv_bytes(family())))
    household = Household.objects.get()
    # The head died and his wife heads the family now (the registry keeps both rows).
    Person.objects.filter(household=household, relation="kepala").update(status="deceased")
    Person.objects.filter(household=household, name="Siti Aminah").update(relation="kepala")
    body = login(people.blitar_secretariat).get(reverse("households:list")).content.decode()
    assert f'href="/registri/rumah-tangga/{household.pk}/">Siti Aminah</a>' in body
