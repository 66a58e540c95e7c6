"""Village poverty profiles: one village's PDF for its Musdes, or a district's as one ZIP;
figures against counts made row by row, NIKs masked, a village elsewhere not found."""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from households.models import Household
from programs.models import RunHouseholdProgram
from tests.personas import BLITAR_DISTRICT, PADOMASAN
from tkpk.models import AuditEntry, Job, Region
from tkpk.services.jobs import job_run


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pages))


def busiest_village() -> str:
    """The Blitar village with the most families excluded from a family program."""
    counts: dict[str, int] = {}
    for row in RunHouseholdProgram.objects.filter(eligible=True, receives=False).exclude(
        program__target_unit="person"
    ):
        counts[row.village_id] = counts.get(row.village_id, 0) + 1
    return max(counts, key=lambda code: counts[code])


def test_a_villages_profile_counts_its_households_and_masks_niks(world, people, login):
    code = busiest_village()
    client = login(people.blitar_secretariat)
    response = client.get(reverse("reports:profile-village", args=[code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    village = Region.objects.get(code=code)
    assert village.name in text
    households = [h for h in Household.objects.filter(village_id=code, status="active")]
    for decile in range(1, 11):
        n = sum(1 for h in households if h.welfare_decile == decile)
        people_n = sum(h.member_count for h in households if h.welfare_decile == decile)
        assert f"D{decile} {n} {people_n}" in text
    assert f"Jumlah {len(households)} " in text
    # The excluded families by name with the NIK masked, never in full.
    excluded = RunHouseholdProgram.objects.filter(
        run=world, village_id=code, eligible=True, receives=False
    ).exclude(program__target_unit="person")
    household = Household.objects.get(pk=excluded.first().household_id)
    head = household.members.filter(relation="kepala").first()
    assert head.name in text
    assert head.nik[:4] + "*" * 12 in text and head.nik not in text
    entry = AuditEntry.objects.filter(action="village_profile_downloaded").latest("id")
    assert entry.actor == people.blitar_secretariat and entry.region_code == code


def test_a_village_outside_the_users_region_is_not_found(world, people, login):
    client = login(people.blitar_secretariat)
    outside = client.get(reverse("reports:profile-village", args=[PADOMASAN]))
    missing = client.get(reverse("reports:profile-village", args=["35.05.99.9999"]))
    assert outside.status_code == missing.status_code == 404
    # The leader downloads reports but does not read the registry: no profiles with names.
    leader = login(people.blitar_leader).get(
        reverse("reports:profile-village", args=["35.05.01.2001"])
    )
    assert leader.status_code == 404


def test_a_districts_profiles_come_as_one_zip(
    world, people, login, django_capture_on_commit_callbacks
):
    client = login(people.blitar_secretariat)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("reports:profiles"), {"area": BLITAR_DISTRICT})
    assert response.status_code == 302
    job = Job.objects.latest("id")
    job_run(job_id=job.pk)  # as the worker does
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    archive = zipfile.ZipFile(settings.PRIVATE_MEDIA_ROOT / job.result_file)
    villages = Region.objects.filter(level=4, code__startswith=BLITAR_DISTRICT + ".")
    assert len(archive.namelist()) == villages.count()
    assert all(name.endswith(".pdf") for name in archive.namelist())
    assert client.get(reverse("jobs:result", args=[job.pk])).status_code == 200
    # Another regency's district is refused with the reason.
    refused = client.post(reverse("reports:profiles"), {"area": "35.09.01"})
    assert refused.status_code == 400
    assert "tidak ditemukan di wilayah kerja Anda" in refused.content.decode()
