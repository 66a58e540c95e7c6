"""What a user sees: the upload -> preview -> commit flow in the browser's pages, the list,
the recipient page with its history, and the API."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Program, Recipient, RecipientBatch
from programs.recipients.enrolment import recipient_enrol
from tests.personas import BLITAR, JATEN, PADOMASAN
from tests.programs.recipientfiles import list_bytes
from tkpk.services.jobs import job_run

SUTRISNO = "3505011203850001"
UNKNOWN = "3505011203859999"


def test_upload_preview_commit_and_listed_through_the_pages(
    families, pkh_period, people, login, django_capture_on_commit_callbacks
):
    client = login(people.blitar_social_operator)
    content = list_bytes(
        [
            {"nik": SUTRISNO, "nama": "Sutrisno", "kode_desa": JATEN},
            {"nik": UNKNOWN, "nama": "Orang Baru", "kode_desa": JATEN},
            {"nik": "123", "nama": "Salah"},
        ]
    )
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("recipients:batch-upload", args=["PKH"]),
            {"period": pkh_period.pk, "file": SimpleUploadedFile("sk-pkh.csv", content)},
        )
    assert response.status_code == 302
    batch = RecipientBatch.objects.get()
    job_run(job_id=batch.job_id)

    preview = client.get(response["Location"]).content.decode()
    assert "Siap ditinjau" in preview
    assert "NIK harus 16 angka (tertulis 3 karakter)" in preview  # rejected rows shown first
    everything = client.get(response["Location"] + "?hasil=").content.decode()
    assert SUTRISNO not in everything and "3505************" in everything
    assert "Sutrisno" in everything
    unknown = client.get(response["Location"] + "?hasil=unknown").content.decode()
    assert "Orang Baru" in unknown and "Sutrisno" not in unknown

    with django_capture_on_commit_callbacks(execute=False):
        committed = client.post(reverse("recipients:batch-commit", args=["PKH", batch.pk]))
    # The list's own page follows the commit.
    assert committed["Location"] == reverse("recipients:batch-detail", args=["PKH", batch.pk])
    following = client.get(committed["Location"]).content.decode()
    assert "Daftar sedang disahkan" in following and "Sahkan daftar" not in following
    batch.refresh_from_db()
    job = batch.job
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    listed = client.get(reverse("recipients:list", args=["PKH"])).content.decode()
    assert "Sutrisno" in listed and "Orang Baru" in listed and "Salah" not in listed
    assert SUTRISNO not in listed and "tidak ada di registri" in listed


def test_the_list_filters_by_status_and_village_and_stays_in_scope(people, pkh_period, login):
    recipient_enrol(
        user=people.blitar_social_operator,
        period=pkh_period,
        nik="3505011203857777",
        name="Warga Jaten",
        village_code=JATEN,
    )
    other = recipient_enrol(
        user=people.blitar_social_operator,
        period=pkh_period,
        nik="3505011203857778",
        name="Warga Lain",
        village_code="35.05.02.2001",
    )
    recipient_enrol(
        user=people.jember_social_operator,
        period=pkh_period,
        nik="3509011203857777",
        name="Warga Jember",
        village_code=PADOMASAN,
    )
    from programs.recipients.enrolment import recipient_status_change

    recipient_status_change(
        user=people.blitar_social_operator, recipient=other, status="suspended", reason="cek"
    )
    client = login(people.blitar_leader)
    url = reverse("recipients:list", args=["PKH"])
    page = client.get(url).content.decode()
    assert "Warga Jaten" in page and "Warga Lain" in page and "Warga Jember" not in page
    page = client.get(url, {"wilayah": JATEN}).content.decode()
    assert "Warga Jaten" in page and "Warga Lain" not in page
    page = client.get(url, {"status": "suspended"}).content.decode()
    assert "Warga Lain" in page and "Warga Jaten" not in page


def test_status_change_with_reason_shows_in_the_history(people, pkh_period, login):
    recipient = recipient_enrol(
        user=people.blitar_social_operator,
        period=pkh_period,
        nik="3505011203857777",
        name="Warga Jaten",
        village_code=JATEN,
    )
    client = login(people.blitar_social_operator)
    url = reverse("recipients:status", args=["PKH", recipient.pk])
    response = client.post(url, {"status": "suspended", "reason": ""})
    page = client.get(response["Location"]).content.decode()
    assert "Pilih status dan tuliskan alasannya." in page
    client.post(url, {"status": "suspended", "reason": "Tidak hadir verifikasi"})
    page = client.get(reverse("recipients:detail", args=["PKH", recipient.pk])).content.decode()
    assert "Aktif → Ditangguhkan" in page and "Tidak hadir verifikasi" in page
    assert "Pendaftaran manual" in page and "3505************" in page
    # A leader may read, not change.
    leader = login(people.blitar_leader)
    assert leader.post(url, {"status": "ended", "reason": "x"}).status_code == 403
    recipient.refresh_from_db()
    assert recipient.status == "suspended"


def test_manual_enrolment_for_a_regional_program(people, pkh_period, login):
    from datetime import date

    from programs.models import ProgramPeriod

    program = Program.objects.create(
        code="BLT-BLITAR",
        name="Tambahan Blitar",
        cluster=1,
        strategy="reduce_expenditure",
        level="regency",
        funding_source="apbd_regency",
        owner_region_id=BLITAR,
        target_unit="household",
        active_from=date(2026, 1, 1),
    )
    regional = ProgramPeriod.objects.create(
        program=program, name="2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    client = login(people.blitar_social_operator)
    url = reverse("recipients:enrol", args=["BLT-BLITAR"])
    response = client.post(url, {"period": regional.pk, "nik": "3505011203857777"})
    assert "pilih desa/kelurahannya" in response.content.decode()
    response = client.post(
        url,
        {"period": regional.pk, "nik": "3505011203857777", "village_code": JATEN, "name": "Baru"},
    )
    assert response.status_code == 302
    assert Recipient.objects.get(program=program).region_id == JATEN
    # National programs take their recipients from the ministry's lists.
    page = client.get(reverse("recipients:enrol", args=["PKH"])).content.decode()
    assert "berasal dari SK kementerian" in page


def test_api_lists_recipients_masked_and_takes_a_list_for_validation(
    people, pkh_period, api, django_capture_on_commit_callbacks
):
    recipient_enrol(
        user=people.blitar_social_operator,
        period=pkh_period,
        nik="3505011203857777",
        name="Warga Jaten",
        village_code=JATEN,
    )
    client = api(people.bpjs_blitar_key)
    body = client.get(reverse("api-recipient-list", args=["PKH"]), {"period": pkh_period.pk}).json()
    assert [r["nik"] for r in body["results"]] == ["3505************"]
    assert body["results"][0]["in_registry"] is False
    bad = client.get(reverse("api-recipient-list", args=["PKH"]), {"status": "x"})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["status"]

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("api-recipient-batch-upload", args=["PKH"]),
            {
                "period": pkh_period.pk,
                "file": SimpleUploadedFile("sk.csv", list_bytes([{"nik": "12"}])),
            },
            format="multipart",
        )
    assert response.status_code == 202
    batch_id = response.json()["id"]
    job_run(job_id=RecipientBatch.objects.get(pk=batch_id).job_id)
    detail = client.get(reverse("api-recipient-batch-detail", args=[batch_id])).json()
    assert (detail["state"], detail["rows_rejected"]) == ("validated", 1)
    rows = client.get(reverse("api-recipient-batch-rows", args=[batch_id]), {"outcome": "rejected"})
    assert rows.json()["results"][0]["problems"][0]["message"].startswith("NIK harus 16 angka")
