"""Approving a batch ends on the batch's own page: it follows the commit, then says batch #N
was committed, what changed, and where to go next. Job pages name what they work on."""

from __future__ import annotations

import io

from django.urls import reverse

from households.services import batch_minutes_attach
from tests.households.batchfiles import csv_bytes, family, member
from tests.households.conftest import PDF
from tkpk.models import Job
from tkpk.services.jobs import job_create, job_run


def _ready(upload, people):
    broken = member(no_kk="3505010101200002", nik="3505011203850099", tanggal_lahir="31-02-1985")
    batch = upload(csv_bytes([*family(), broken]), name="verivali-jaten.csv")
    batch_minutes_attach(
        batch=batch, user=people.blitar_social_operator, upload=io.BytesIO(PDF), filename="ba.pdf"
    )
    return batch


def test_approving_lands_on_the_batch_page_which_says_what_changed(
    upload, people, login, django_capture_on_commit_callbacks
):
    # given a validated batch with its minutes
    batch = _ready(upload, people)
    client = login(people.blitar_social_operator)
    page = reverse("households:batch-detail", args=[batch.pk])

    # when the operator approves it
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("households:batch-commit", args=[batch.pk]))

    # then they land on the batch's page, which follows the commit while it runs ...
    assert response.status_code == 302 and response["Location"] == page
    job = Job.objects.get(kind="batch_commit")
    running = client.get(page).content.decode()
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}?selesai=muat-ulang"' in running
    assert "Sahkan batch" not in running  # no second approval while the first runs

    # ... and once it is done says that batch #N was committed, what changed, and the way back
    job_run(job_id=job.pk)
    done = client.get(page).content.decode()
    assert f"Batch #{batch.pk} telah disahkan" in done
    for line in (
        "3 baris baru",
        "0 baris berubah",
        "0 baris dihapus",
        "0 baris tidak berubah",
        "1 baris ditolak",
    ):
        assert line in done
    assert f'href="{reverse("households:batch-list")}"' in done
    assert f'href="{reverse("households:list")}?wilayah={batch.region_id}"' in done


def test_a_failed_commit_says_so_on_the_batch_page(
    upload, people, login, django_capture_on_commit_callbacks
):
    batch = _ready(upload, people)
    client = login(people.blitar_social_operator)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("households:batch-commit", args=[batch.pk]))
    job = Job.objects.get(kind="batch_commit")
    Job.objects.filter(pk=job.pk).update(state="failed", error="Pekerja berhenti.")
    body = client.get(reverse("households:batch-detail", args=[batch.pk])).content.decode()
    assert "Pengesahan gagal; registri tidak berubah." in body and "Pekerja berhenti." in body
    assert "Sahkan batch" in body  # it can be approved again


def test_a_job_page_is_titled_by_what_it_works_on_and_links_back(
    upload, people, login, django_capture_on_commit_callbacks
):
    batch = _ready(upload, people)
    client = login(people.blitar_social_operator)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("households:batch-commit", args=[batch.pk]))
    job = Job.objects.get(kind="batch_commit")
    body = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    title = body.split("<title>")[1].split("</title>")[0]
    assert f"Batch #{batch.pk} (verivali-jaten.csv)" in title
    assert f"<h1>Pengesahan batch verifikasi: Batch #{batch.pk} (verivali-jaten.csv)</h1>" in body
    assert f'href="{reverse("households:batch-detail", args=[batch.pk])}"' in body

    # An export of the registry links back to the list it exports, with its filters.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("households:export"), {"format": "csv", "desil_max": "4"})
    export = Job.objects.get(kind="registry_export")
    body = client.get(reverse("jobs:detail", args=[export.pk])).content.decode()
    assert "<h1>Ekspor registri: Registri rumah tangga</h1>" in body
    assert f'href="{reverse("households:list")}?desil_max=4"' in body


def test_a_job_whose_subject_the_user_cannot_open_has_no_link(people, login):
    # A worker check works on nothing in particular: the page is titled by its kind.
    job = job_create(
        kind="worker_check",
        user=people.blitar_secretariat,
        region=people.blitar_secretariat.role_assignments.get().region,
    )
    body = login(people.blitar_secretariat).get(reverse("jobs:detail", args=[job.pk]))
    assert "<h1>Uji pekerja latar</h1>" in body.content.decode()
    assert 'data-testid="job-subject"' not in body.content.decode()
